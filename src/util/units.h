/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_UNITS_H
#define LB_UTIL_UNITS_H

/*
 * SIZE and DURATION as SPEC section 2 defines them.
 *
 *   SIZE      integer or decimal, optional K/M/G/T (powers of 1024, any case), optional
 *             trailing "B" or "iB": 100m, 1.5G, 512KiB, 4096.  "max" means unlimited.
 *   DURATION  number with ns, us, ms, s, m or h: 250ms, 1.5s, 2m.  A bare 0 is allowed.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define LB_SIZE_MAX UINT64_MAX /* "max": no limit */

/* Parse a SIZE into bytes (rounded to the nearest byte).  allow_max: accept "max". */
int lb_parse_size(const char *s, bool allow_max, uint64_t *bytes, lb_error *err);

/* Parse a DURATION into nanoseconds. */
int lb_parse_duration(const char *s, uint64_t *ns, lb_error *err);

/* Parse a non-negative decimal number (no unit), e.g. "0.5" for --cpus. */
int lb_parse_decimal(const char *s, double *out, lb_error *err);

/* Parse an unsigned integer in [min, max]. */
int lb_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out, lb_error *err);

/*
 * Split the leading number of s from its unit: on success *value holds the number and
 * *unit points into s at the first character after it.  Used by the expression lexer.
 */
int lb_parse_number_prefix(const char *s, double *value, const char **unit);

/* Size unit suffix ("K", "MiB", "b", "") to a multiplier; 0 when it is not a size unit. */
double lb_size_unit(const char *unit, size_t len);
/* Duration unit ("ms", "s", ...) to seconds; 0 when it is not a duration unit. */
double lb_duration_unit(const char *unit, size_t len);

/* Human formatting into buf: 104.2M, 1.5G, 512K, 37B; "max" for LB_SIZE_MAX. */
const char *lb_format_size(char *buf, size_t n, double bytes);
/* 1.25s, 250ms, 12us, 3m20s */
const char *lb_format_duration(char *buf, size_t n, double seconds);

#endif
