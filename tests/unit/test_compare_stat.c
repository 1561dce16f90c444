/* SPDX-License-Identifier: MIT */
/*
 * The statistics of the regression gate against known values: closed forms of the t CDF
 * (df = 1 is Cauchy, df = 2 is algebraic), the textbook table of t quantiles, values of
 * I_x(a, b) computed to 30 digits with mpmath, a Welch's t-test worked by hand and the
 * example of Wikipedia's "Welch's t-test" article.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "compare/stat.h"

/* |got - want| <= tol * max(1, |want|) */
#define assert_close(got, want, tol)                                                               \
	do {                                                                                       \
		double g_ = (got), w_ = (want);                                                    \
		if (!(fabs(g_ - w_) <= (tol)*fmax(1.0, fabs(w_))))                                 \
			fail_msg("%s = %.17g, expected %.17g", #got, g_, w_);                      \
	} while (0)

/* relative to want, for values far below 1 */
#define assert_rel(got, want, tol)                                                                 \
	do {                                                                                       \
		double g_ = (got), w_ = (want);                                                    \
		if (!(fabs(g_ - w_) <= (tol)*fabs(w_)))                                            \
			fail_msg("%s = %.17g, expected %.17g", #got, g_, w_);                      \
	} while (0)

static void test_betainc_known(void **state)
{
	/* I_0.4(2, 3) = 0.5248 exactly (a polynomial: 6x^2 - 8x^3 + 3x^4) */
	assert_close(lb_stat_betainc(2, 3, 0.4), 0.5248, 1e-14);
	/* I_x(1/2, 1/2) = (2/pi) asin(sqrt(x)) */
	assert_close(lb_stat_betainc(0.5, 0.5, 0.1), 2.0 / M_PI * asin(sqrt(0.1)), 1e-14);
	assert_close(lb_stat_betainc(0.5, 0.5, 0.1), 0.204832764699133, 1e-13);
	/* mpmath.betainc(10, 0.5, 0, 0.999, regularized=True) */
	assert_close(lb_stat_betainc(10, 0.5, 0.999), 0.88889670912486, 1e-13);
	/* a deep tail: relative accuracy, not just absolute */
	assert_rel(lb_stat_betainc(50, 0.5, 0.3), 6.80082588517381e-28, 1e-10);
	assert_close(lb_stat_betainc(3, 4, 0), 0.0, 0);
	assert_close(lb_stat_betainc(3, 4, 1), 1.0, 0);
	assert_true(isnan(lb_stat_betainc(-1, 4, 0.5)));
	assert_true(isnan(lb_stat_betainc(1, 4, 1.5)));
}

static void test_t_cdf_closed_forms(void **state)
{
	static const double ts[] = {-30, -4.5, -1, -0.1, 0, 1e-9, 0.3, 1, 2.5, 12.7, 1000};

	for (size_t i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
		double t = ts[i];
		/* df = 1: Cauchy */
		assert_close(lb_stat_t_cdf(t, 1), 0.5 + atan(t) / M_PI, 1e-14);
		/* df = 2: 1/2 + t / (2 sqrt(2 + t^2)) */
		assert_close(lb_stat_t_cdf(t, 2), 0.5 + t / (2 * sqrt(2 + t * t)), 1e-14);
	}
	/* mpmath, 30 digits: P(T <= 2 | df 8), P(T <= -3.5 | df 4.5), an upper tail */
	assert_close(lb_stat_t_cdf(2, 8), 0.959741881021369, 1e-14);
	assert_close(lb_stat_t_cdf(-3.5, 4.5), 0.0102708449846928, 1e-14);
	assert_rel(lb_stat_t_cdf(-40, 30), 6.86302259720320e-28, 1e-9);
	assert_true(isnan(lb_stat_t_cdf(1, 0)));
}

static void test_t_quantile_table(void **state)
{
	/* The two-sided 95% column of every t table */
	assert_close(lb_stat_t_quantile(0.975, 1), 12.7062047361747, 1e-11);
	assert_close(lb_stat_t_quantile(0.975, 2), 4.30265272974946, 1e-12);
	assert_close(lb_stat_t_quantile(0.975, 4), 2.77644510519779, 1e-12);
	assert_close(lb_stat_t_quantile(0.975, 10), 2.22813885198627, 1e-12);
	assert_close(lb_stat_t_quantile(0.975, 30), 2.04227245630124, 1e-12);
	assert_close(lb_stat_t_quantile(0.975, 1000), 1.96233908082641, 1e-12);
	assert_close(lb_stat_t_quantile(0.025, 4), -2.77644510519779, 1e-12);
	assert_close(lb_stat_t_quantile(0.5, 7), 0.0, 0);
	/* round trip */
	assert_close(lb_stat_t_cdf(lb_stat_t_quantile(0.9, 3.3), 3.3), 0.9, 1e-14);
	assert_true(isnan(lb_stat_t_quantile(0, 3)));
	assert_true(isnan(lb_stat_t_quantile(1, 3)));
}

static void test_welch_by_hand(void **state)
{
	struct lb_welch w;

	/*
	 * {1,2,3,4,5} vs {3,4,5,6,7}: means 3 and 5, s^2 = 2.5 on both sides, so the standard
	 * error is sqrt(2.5/5 + 2.5/5) = 1, t = 2 and df = 1 / (2 * 0.5^2 / 4) = 8; the table
	 * gives two-sided p(t = 2, df = 8) = 0.0805.
	 */
	assert_int_equal(lb_stat_welch(5, 3, sqrt(2.5), 5, 5, sqrt(2.5), &w), 0);
	assert_close(w.t, 2.0, 1e-14);
	assert_close(w.df, 8.0, 1e-12);
	assert_close(w.p, 0.0805162379572627, 1e-13);
	/* the sign follows current - baseline */
	assert_int_equal(lb_stat_welch(5, 5, sqrt(2.5), 5, 3, sqrt(2.5), &w), 0);
	assert_close(w.t, -2.0, 1e-14);
	assert_close(w.p, 0.0805162379572627, 1e-13);
}

static void test_welch_wikipedia(void **state)
{
	struct lb_welch w;

	/*
	 * Wikipedia, "Welch's t-test", example 1 (15 values each):
	 * A1 mean 20.82, s 2.80489368273177; A2 mean 22.98667, s 1.95260509747021;
	 * t = 2.46 (here A2 - A1), df = 24.99, p = 0.021.  Digits from mpmath.
	 */
	assert_int_equal(lb_stat_welch(15, 20.82, 2.80489368273176679, 15, 22.9866666666666667,
				       1.95260509747021498, &w),
			 0);
	assert_close(w.t, 2.45535639828601, 1e-12);
	assert_close(w.df, 24.9885292902314, 1e-11);
	assert_close(w.p, 0.0213780014628670, 1e-12);
}

static void test_welch_edges(void **state)
{
	struct lb_welch w = {0};

	/* one value on a side: no test */
	assert_int_equal(lb_stat_welch(1, 3, 0, 5, 5, 1, &w), -1);
	assert_int_equal(lb_stat_welch(3, 3, 1, 1, 5, 0, &w), -1);
	/* no spread on either side: certain */
	assert_int_equal(lb_stat_welch(3, 64, 0, 3, 64, 0, &w), 0);
	assert_close(w.p, 1.0, 0);
	assert_int_equal(lb_stat_welch(3, 64, 0, 3, 192, 0, &w), 0);
	assert_close(w.p, 0.0, 0);
	assert_true(isinf(w.t) && w.t > 0);
	/* spread on one side only: df = n - 1 of that side */
	assert_int_equal(lb_stat_welch(3, 10, 0, 3, 11, 1, &w), 0);
	assert_close(w.df, 2.0, 1e-12);
	assert_close(w.t, sqrt(3.0), 1e-12);
	/* p of |t| = sqrt(3), df 2: 1 - sqrt(3)/sqrt(5) */
	assert_close(w.p, 1 - sqrt(3.0) / sqrt(5.0), 1e-13);
}

static void test_ci_half(void **state)
{
	/* n = 3, s = 2: t(0.975, 2) * 2 / sqrt(3) */
	assert_close(lb_stat_ci_half(3, 2, 0.95), 4.30265272974946 * 2 / sqrt(3), 1e-12);
	assert_close(lb_stat_ci_half(5, 0, 0.95), 0.0, 0);
	assert_true(isnan(lb_stat_ci_half(1, 2, 0.95)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_betainc_known),    cmocka_unit_test(test_t_cdf_closed_forms),
	    cmocka_unit_test(test_t_quantile_table), cmocka_unit_test(test_welch_by_hand),
	    cmocka_unit_test(test_welch_wikipedia),  cmocka_unit_test(test_welch_edges),
	    cmocka_unit_test(test_ci_half),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
