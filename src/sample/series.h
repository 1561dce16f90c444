/* SPDX-License-Identifier: MIT */
#ifndef LB_SAMPLE_SERIES_H
#define LB_SAMPLE_SERIES_H

/*
 * A time series: samples with their real timestamps (seconds since the run started, from
 * the monotonic clock), so that a late sample never distorts a rate or a window.
 */

#include <stddef.h>

struct lb_series {
	double *t; /* seconds since the run started */
	double *v;
	size_t n, cap;
};

void lb_series_push(struct lb_series *s, double t, double v);
void lb_series_free(struct lb_series *s);

enum lb_stat_fn {
	LB_FN_MIN,
	LB_FN_MAX,
	LB_FN_MEAN,
	LB_FN_MEDIAN,
	LB_FN_P90,
	LB_FN_P95,
	LB_FN_P99,
	LB_FN_FIRST,
	LB_FN_LAST,
	LB_FN_STDDEV,
	LB_FN_COUNT,
};

const char *lb_stat_fn_name(enum lb_stat_fn fn);
/* Look a function up by name; -1 if unknown. */
int lb_stat_fn_find(const char *name, size_t len);

/*
 * Apply fn to the samples with from <= t <= to (pass -INFINITY / INFINITY for an open end).
 * Returns 0 and sets *out, or -1 when the window holds no sample.
 * The mean is the time average: each sample weighs the time since the one before it (the
 * first sample of the series as much as the second), which is the plain average when the
 * samples are evenly spaced and stays right when one comes late.  Percentiles interpolate linearly
 * between closest ranks; stddev is the sample (n-1) standard deviation (0 for a single sample).
 */
int lb_series_stat(const struct lb_series *s, enum lb_stat_fn fn, double from, double to,
		   double *out);

/* The same over a plain array (does not modify it). */
int lb_stat_values(const double *v, size_t n, enum lb_stat_fn fn, double *out);

#endif
