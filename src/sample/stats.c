/* SPDX-License-Identifier: MIT */
/*
 * Statistics over a series or a plain array of samples (SPEC section 3's FUNC).
 * Percentiles interpolate linearly between the closest ranks (rank = p * (n - 1), as
 * NumPy's default "linear" method), so p50 equals the median of an even count too.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sample/series.h"
#include "util/alloc.h"
#include "util/cleanup.h"

static const char *const fn_names[LB_FN_COUNT] = {
    [LB_FN_MIN] = "min",       [LB_FN_MAX] = "max",	[LB_FN_MEAN] = "mean",
    [LB_FN_MEDIAN] = "median", [LB_FN_P90] = "p90",	[LB_FN_P95] = "p95",
    [LB_FN_P99] = "p99",       [LB_FN_FIRST] = "first", [LB_FN_LAST] = "last",
    [LB_FN_STDDEV] = "stddev",
};

const char *lb_stat_fn_name(enum lb_stat_fn fn)
{
	if ((unsigned)fn >= LB_FN_COUNT)
		return "?";
	return fn_names[fn];
}

int lb_stat_fn_find(const char *name, size_t len)
{
	for (int i = 0; i < LB_FN_COUNT; i++)
		if (strlen(fn_names[i]) == len && !memcmp(fn_names[i], name, len))
			return i;
	return -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The p-quantile (0 <= p <= 1) of n >= 1 values; sorts a private copy. */
static double quantile(const double *v, size_t n, double p)
{
	_cleanup_free_ double *s = lb_xmalloc(n * sizeof(*s));
	double rank, frac;
	size_t lo;

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	rank = p * (double)(n - 1);
	lo = (size_t)floor(rank);
	if (lo + 1 >= n)
		return s[n - 1];
	frac = rank - (double)lo;
	return s[lo] + (s[lo + 1] - s[lo]) * frac;
}

static double mean(const double *v, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += v[i];
	return sum / (double)n;
}

/* Sample standard deviation (n - 1), two passes so that a large offset costs no precision. */
static double stddev(const double *v, size_t n)
{
	double m, ss = 0;

	if (n < 2)
		return 0;
	m = mean(v, n);
	for (size_t i = 0; i < n; i++)
		ss += (v[i] - m) * (v[i] - m);
	return sqrt(ss / (double)(n - 1));
}

int lb_stat_values(const double *v, size_t n, enum lb_stat_fn fn, double *out)
{
	double r;

	if (n == 0)
		return -1;
	switch (fn) {
	case LB_FN_MIN:
		r = v[0];
		for (size_t i = 1; i < n; i++)
			r = fmin(r, v[i]);
		break;
	case LB_FN_MAX:
		r = v[0];
		for (size_t i = 1; i < n; i++)
			r = fmax(r, v[i]);
		break;
	case LB_FN_MEAN:
		r = mean(v, n);
		break;
	case LB_FN_MEDIAN:
		r = quantile(v, n, 0.5);
		break;
	case LB_FN_P90:
		r = quantile(v, n, 0.90);
		break;
	case LB_FN_P95:
		r = quantile(v, n, 0.95);
		break;
	case LB_FN_P99:
		r = quantile(v, n, 0.99);
		break;
	case LB_FN_FIRST:
		r = v[0];
		break;
	case LB_FN_LAST:
		r = v[n - 1];
		break;
	case LB_FN_STDDEV:
		r = stddev(v, n);
		break;
	case LB_FN_COUNT:
	default:
		return -1;
	}
	*out = r;
	return 0;
}

/*
 * The time average of samples lo..hi-1: sample i stands for the interval since sample i - 1
 * (the series' first sample for as long as its second), so a sample taken after a stall
 * weighs the whole stall.  A CPU rate's time average is then exactly the CPU time used over
 * the window divided by its length, however late the samples came.  With samples evenly
 * spaced this is the plain average.
 */
static double time_mean(const struct lb_series *s, size_t lo, size_t hi)
{
	double sum = 0, span = 0;

	for (size_t i = lo; i < hi; i++) {
		double w = i > 0 ? s->t[i] - s->t[i - 1] : s->n > 1 ? s->t[1] - s->t[0] : 0;

		sum += w * s->v[i];
		span += w;
	}
	return span > 0 ? sum / span : mean(s->v + lo, hi - lo);
}

int lb_series_stat(const struct lb_series *s, enum lb_stat_fn fn, double from, double to,
		   double *out)
{
	size_t lo = 0, hi;

	/* Samples are pushed in time order (monotonic clock): a window is one contiguous slice. */
	while (lo < s->n && s->t[lo] < from)
		lo++;
	hi = lo;
	while (hi < s->n && s->t[hi] <= to)
		hi++;
	if (fn == LB_FN_MEAN && hi > lo) {
		*out = time_mean(s, lo, hi);
		return 0;
	}
	/* An empty series has no array: NULL + 0 is undefined behaviour in C. */
	return lb_stat_values(s->v ? s->v + lo : NULL, hi - lo, fn, out);
}
