/* SPDX-License-Identifier: MIT */
#ifndef LB_EXPECT_EXPECT_H
#define LB_EXPECT_EXPECT_H

/*
 * Expectations (SPEC section 3): `expr OP expr [± TOLERANCE]`, parsed by a small
 * recursive-descent parser into a typed tree, checked against the scenario's containers
 * before anything runs, and evaluated against a finished run.
 *
 * The rules SPEC leaves open, decided here (details where they are implemented):
 *  - "m" after a number is minutes or mebibytes after what it meets: `max(c.mem) <= 100m`
 *    is 100 MiB, `c.wall < 2m` two minutes; alone (`c.exit < 1m`) it is an error.  In a
 *    window it is minutes.  (parse.c)
 *  - A bare number takes the unit of what it meets: bytes for sizes, cores, counts; against
 *    a duration only 0 (`c.throttled > 0`; `c.wall < 2` is an error).  (check.c)
 *  - A tolerance goes with ~ (required), == (the same as ~) and != (off by more than it);
 *    with < <= > >= it is an error.  A percentage is of the right-hand side.  (parse.c)
 *  - CPU lists compare as sets ("0,1" == "0-1"); signals by number (KILL, SIGKILL, 9).
 *  - "+-" without a space is the tolerance sign; a container name may hold '-', so write
 *    spaces around a minus before a reference (`10 - c.exit`).  (lex.c)
 * Columns are byte offsets into the text ("±" is two bytes).
 */

#include <stddef.h>

#include "run/result.h"
#include "util/error.h"

struct lb_expect;

/*
 * Parse one expectation (${params} already substituted): syntax, units, windows, and "~"
 * without a tolerance.  On error, *col is the 0-based byte offset in text where the problem
 * is and err says what it is (LB_ERR_USAGE).
 */
int lb_expect_parse(const char *text, struct lb_expect **out, size_t *col, lb_error *err);

/*
 * Type-check against the containers of the scenario: unknown container or metric, a
 * series used without a function, units that do not fit (a size compared with a
 * duration), a string that is not a CPU list or signal.  *col and err as for lb_expect_parse.
 */
int lb_expect_check(const struct lb_expect *e, const char *const *containers, size_t n, size_t *col,
		    lb_error *err);

/* The same, with the scenario's groups too: `pod.mem` names group pod, and a metric a group
 * does not have (rss, exit, signal, wall...: lb_metric_group_why_not) is an error there. */
int lb_expect_check_groups(const struct lb_expect *e, const char *const *containers, size_t n,
			   const char *const *groups, size_t n_groups, size_t *col, lb_error *err);
/* Evaluate against a finished run; fills every field of *v (which the caller frees with
 * lb_verdict_free).  A value that was not measured (has[] false, no sample in the window,
 * an absent container) or a division by zero gives LB_ERROR with the reason in message.
 * e may be NULL (an expectation that did not parse): LB_ERROR. */
void lb_expect_eval(const struct lb_expect *e, const struct lb_run_result *r, struct lb_verdict *v);

void lb_expect_free(struct lb_expect *e);
void lb_verdict_free(struct lb_verdict *v);

#endif
