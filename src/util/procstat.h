/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_PROCSTAT_H
#define LB_UTIL_PROCSTAT_H

#include <stdint.h>

/*
 * Field `field` (1-based, as proc(5) numbers them; 3 or more) of a /proc/PID/stat line, as
 * an unsigned number.  The command (field 2) may hold spaces and parentheses, so fields are
 * counted from the last ')'.  -1 when the line is cut short or the field is not a number.
 */
int lb_proc_stat_field(const char *buf, unsigned field, uint64_t *out);

/* An unsigned decimal at *p (leading blanks skipped); advances *p past it.  -1 when there is
 * none or it overflows. */
int lb_parse_u64(const char **p, uint64_t *out);

#endif
