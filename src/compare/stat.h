/* SPDX-License-Identifier: MIT */
#ifndef LB_COMPARE_STAT_H
#define LB_COMPARE_STAT_H

/*
 * The statistics of regression gates: Student's t distribution (through the regularized
 * incomplete beta function), Welch's unequal-variance t-test and t-based confidence
 * intervals.  Pure functions of their arguments; used by `compare` and by the scenario-level
 * summary (the 95% interval of each metric over its repeats).
 */

#include <stddef.h>

/* I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 <= x <= 1.
 * NAN for arguments outside that domain. */
double lb_stat_betainc(double a, double b, double x);

/* P(T <= t) for Student's t with df > 0 degrees of freedom (df need not be an integer). */
double lb_stat_t_cdf(double t, double df);

/* The t with P(T <= t) = p, for 0 < p < 1 and df > 0; NAN outside. */
double lb_stat_t_quantile(double p, double df);

/* Welch's t-test of two samples given by their summaries (n, mean, sample stddev). */
struct lb_welch {
	double t;  /* (mean2 - mean1) / standard error; +-INFINITY when both spreads are 0 */
	double df; /* Welch-Satterthwaite degrees of freedom; NAN when both spreads are 0 */
	double p;  /* two-sided p-value */
};

/*
 * Returns -1 (nothing filled) when a side has fewer than 2 values.  With no spread on either
 * side the difference is certain: p = 0 when the means differ, 1 when they are equal.
 */
int lb_stat_welch(size_t n1, double mean1, double sd1, size_t n2, double mean2, double sd2,
		  struct lb_welch *out);

/* Half the width of the two-sided `level` (0.95) t-interval of a mean of n values with
 * sample standard deviation sd: t(1 - (1 - level) / 2, n - 1) * sd / sqrt(n).  NAN for n < 2. */
double lb_stat_ci_half(size_t n, double sd, double level);

#endif
