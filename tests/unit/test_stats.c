/* SPDX-License-Identifier: MIT */
/* Statistics over series: known values, percentiles of small arrays, windows. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sample/series.h"

static double stat(const double *v, size_t n, enum lb_stat_fn fn)
{
	double out = -12345;

	assert_int_equal(lb_stat_values(v, n, fn, &out), 0);
	return out;
}

static void test_known_values(void **state)
{
	/* Deliberately unsorted: first/last follow the order, the rest do not. */
	const double v[] = {4, 1, 3, 2, 5};
	const double copy[] = {4, 1, 3, 2, 5};

	assert_float_equal(stat(v, 5, LB_FN_MIN), 1, 0);
	assert_float_equal(stat(v, 5, LB_FN_MAX), 5, 0);
	assert_float_equal(stat(v, 5, LB_FN_MEAN), 3, 1e-12);
	assert_float_equal(stat(v, 5, LB_FN_MEDIAN), 3, 0);
	assert_float_equal(stat(v, 5, LB_FN_FIRST), 4, 0);
	assert_float_equal(stat(v, 5, LB_FN_LAST), 5, 0);
	/* sample stddev of 1..5: sqrt(10 / 4) */
	assert_float_equal(stat(v, 5, LB_FN_STDDEV), sqrt(2.5), 1e-12);
	/* rank = 0.9 * 4 = 3.6 -> 4 + 0.6 * (5 - 4) */
	assert_float_equal(stat(v, 5, LB_FN_P90), 4.6, 1e-12);
	assert_float_equal(stat(v, 5, LB_FN_P95), 4.8, 1e-12);
	assert_float_equal(stat(v, 5, LB_FN_P99), 4.96, 1e-12);
	/* The caller's array is not sorted behind its back. */
	assert_memory_equal(v, copy, sizeof(v));
}

static void test_percentiles_small(void **state)
{
	const double two[] = {10, 20};
	const double four[] = {40, 10, 30, 20};

	assert_float_equal(stat(two, 2, LB_FN_MEDIAN), 15, 1e-12);
	assert_float_equal(stat(two, 2, LB_FN_P90), 19, 1e-12);
	assert_float_equal(stat(two, 2, LB_FN_P99), 19.9, 1e-12);
	/* ranks: median 1.5 -> 25; p90 2.7 -> 37; p95 2.85 -> 38.5 */
	assert_float_equal(stat(four, 4, LB_FN_MEDIAN), 25, 1e-12);
	assert_float_equal(stat(four, 4, LB_FN_P90), 37, 1e-12);
	assert_float_equal(stat(four, 4, LB_FN_P95), 38.5, 1e-12);
	/* stddev of 10,20,30,40: mean 25, ss 500, / 3 */
	assert_float_equal(stat(four, 4, LB_FN_STDDEV), sqrt(500.0 / 3), 1e-12);
}

static void test_single_and_empty(void **state)
{
	const double one[] = {7.5};
	double out = 99;

	for (int fn = 0; fn < LB_FN_COUNT; fn++)
		assert_float_equal(stat(one, 1, fn), fn == LB_FN_STDDEV ? 0 : 7.5, 0);
	assert_int_equal(lb_stat_values(one, 0, LB_FN_MEAN, &out), -1);
	assert_float_equal(out, 99, 0);
	assert_int_equal(lb_stat_values(one, 1, LB_FN_COUNT, &out), -1);
}

static void test_windows(void **state)
{
	struct lb_series s = {0};
	double out;

	/* t = 0, 0.5, 1.0, ... 4.5; v = 10 * t */
	for (int i = 0; i < 10; i++)
		lb_series_push(&s, i * 0.5, i * 5.0);
	assert_int_equal(s.n, 10);

	assert_int_equal(lb_series_stat(&s, LB_FN_MEAN, -INFINITY, INFINITY, &out), 0);
	assert_float_equal(out, 22.5, 1e-12);
	/* [1s:2s] inclusive at both ends: t = 1, 1.5, 2 */
	assert_int_equal(lb_series_stat(&s, LB_FN_MEAN, 1, 2, &out), 0);
	assert_float_equal(out, 15, 1e-12);
	assert_int_equal(lb_series_stat(&s, LB_FN_FIRST, 1, 2, &out), 0);
	assert_float_equal(out, 10, 0);
	assert_int_equal(lb_series_stat(&s, LB_FN_LAST, 1, 2, &out), 0);
	assert_float_equal(out, 20, 0);
	/* [3s:] and [:0.5s] */
	assert_int_equal(lb_series_stat(&s, LB_FN_MIN, 3, INFINITY, &out), 0);
	assert_float_equal(out, 30, 0);
	assert_int_equal(lb_series_stat(&s, LB_FN_MAX, -INFINITY, 0.5, &out), 0);
	assert_float_equal(out, 5, 0);
	/* A window between samples, after the end, and reversed: no sample. */
	out = 99;
	assert_int_equal(lb_series_stat(&s, LB_FN_MEAN, 1.1, 1.4, &out), -1);
	assert_int_equal(lb_series_stat(&s, LB_FN_MEAN, 5, INFINITY, &out), -1);
	assert_int_equal(lb_series_stat(&s, LB_FN_MEAN, 2, 1, &out), -1);
	assert_float_equal(out, 99, 0);

	lb_series_free(&s);
	assert_int_equal(s.n, 0);
	assert_int_equal(lb_series_stat(&s, LB_FN_MAX, -INFINITY, INFINITY, &out), -1);
}

/* A stall: the samples at 1, 2, 3 then one at 7 that covers 4 s. */
static void test_mean_is_a_time_average(void **state)
{
	struct lb_series s = {0};
	const double t[] = {1, 2, 3, 7}, v[] = {0, 0, 0, 1};
	double out;

	for (size_t i = 0; i < 4; i++)
		lb_series_push(&s, t[i], v[i]);
	/* Weights 1 (the first counts as long as the second), 1, 1, 4: 4/7, not 1/4. */
	assert_int_equal(lb_series_stat(&s, LB_FN_MEAN, -INFINITY, INFINITY, &out), 0);
	assert_float_equal(out, 4.0 / 7, 1e-12);
	/* In a window the first sample still weighs its own interval: 1, 1, 4. */
	assert_int_equal(lb_series_stat(&s, LB_FN_MEAN, 2, INFINITY, &out), 0);
	assert_float_equal(out, 4.0 / 6, 1e-12);
	/* Percentiles and stddev stay over samples. */
	assert_int_equal(lb_series_stat(&s, LB_FN_MEDIAN, -INFINITY, INFINITY, &out), 0);
	assert_float_equal(out, 0, 0);
	lb_series_free(&s);

	/* One sample, or samples at one instant: the plain average. */
	lb_series_push(&s, 5, 3);
	assert_int_equal(lb_series_stat(&s, LB_FN_MEAN, -INFINITY, INFINITY, &out), 0);
	assert_float_equal(out, 3, 0);
	lb_series_push(&s, 5, 5);
	assert_int_equal(lb_series_stat(&s, LB_FN_MEAN, -INFINITY, INFINITY, &out), 0);
	assert_float_equal(out, 4, 0);
	lb_series_free(&s);
}

static void test_names(void **state)
{
	assert_string_equal(lb_stat_fn_name(LB_FN_P95), "p95");
	assert_string_equal(lb_stat_fn_name(LB_FN_STDDEV), "stddev");
	assert_int_equal(lb_stat_fn_find("median", 6), LB_FN_MEDIAN);
	assert_int_equal(lb_stat_fn_find("maxx", 3), LB_FN_MAX);
	assert_int_equal(lb_stat_fn_find("maxx", 4), -1);
	assert_int_equal(lb_stat_fn_find("count", 5), -1);
	for (int fn = 0; fn < LB_FN_COUNT; fn++) {
		const char *n = lb_stat_fn_name(fn);

		assert_int_equal(lb_stat_fn_find(n, strlen(n)), fn);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_values),	   cmocka_unit_test(test_percentiles_small),
	    cmocka_unit_test(test_single_and_empty),	   cmocka_unit_test(test_windows),
	    cmocka_unit_test(test_mean_is_a_time_average), cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
