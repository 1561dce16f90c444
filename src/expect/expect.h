/* SPDX-License-Identifier: MIT */
#ifndef LB_EXPECT_EXPECT_H
#define LB_EXPECT_EXPECT_H

/*
 * Expectations (SPEC section 3): `expr OP expr [± TOLERANCE]`, parsed by a small
 * recursive-descent parser into a typed tree, checked against the scenario's containers
 * before anything runs, and evaluated against a finished run.
 */

#include <stddef.h>

#include "run/result.h"
#include "util/error.h"

struct lb_expect;

/*
 * Parse one expectation (${params} already substituted).  On error, *col is the 0-based
 * offset in text where the problem is and err says what it is (LB_ERR_USAGE).
 */
int lb_expect_parse(const char *text, struct lb_expect **out, size_t *col, lb_error *err);

/*
 * Type-check against the containers of the scenario: unknown container or metric, a
 * series used without a function, units that do not fit (a size compared with a
 * duration), "~" without a tolerance.  *col and err as for lb_expect_parse.
 */
int lb_expect_check(const struct lb_expect *e, const char *const *containers, size_t n,
		    size_t *col, lb_error *err);

/* Evaluate against a finished run; fills every field of *v (which the caller frees with
 * lb_verdict_free). */
void lb_expect_eval(const struct lb_expect *e, const struct lb_run_result *r,
		    struct lb_verdict *v);

void lb_expect_free(struct lb_expect *e);
void lb_verdict_free(struct lb_verdict *v);

#endif
