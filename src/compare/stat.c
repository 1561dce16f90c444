/* SPDX-License-Identifier: MIT */
/*
 * Student's t distribution without a maths library beyond libm.
 *
 * The t CDF is a regularized incomplete beta function:  for x = df / (df + t^2),
 * P(|T| > |t|) = I_x(df/2, 1/2).  I_x(a, b) is evaluated by its continued fraction
 * (Abramowitz & Stegun 26.5.8) with the modified Lentz method, on the side of the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges quickly.  Both x and 1 - x are
 * passed in, computed from t directly, so a small |t| (x close to 1) loses no digits to a
 * subtraction, and the two-sided p-value is taken without forming 1 - CDF.
 */
#include <math.h>
#include <stdbool.h>

#include "compare/stat.h"

#define CF_EPS	    1e-15
#define CF_TINY	    1e-300
#define CF_MAX_ITER 1000

/* One term of the modified Lentz method: d and c updated for the next coefficient num,
 * kept away from 0; returns the factor to multiply the fraction's value by. */
static double lentz_step(double num, double *d, double *c)
{
	*d = 1.0 + num * *d;
	*c = 1.0 + num / *c;
	if (fabs(*d) < CF_TINY)
		*d = CF_TINY;
	if (fabs(*c) < CF_TINY)
		*c = CF_TINY;
	*d = 1.0 / *d;
	return *d * *c;
}

/* The continued fraction of I_x(a, b) without its prefactor; converges fast for
 * x < (a + 1) / (a + b + 2). */
static double betacf(double a, double b, double x)
{
	double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0), f;

	if (fabs(d) < CF_TINY)
		d = CF_TINY;
	d = 1.0 / d;
	f = d;
	for (int m = 1; m <= CF_MAX_ITER; m++) {
		double m2 = 2.0 * m;

		/* even step: d_2m = m (b - m) x / ((a + 2m - 1)(a + 2m)) */
		f *= lentz_step(m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)), &d, &c);
		/* odd step: d_2m+1 = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) */
		double delta =
		    lentz_step(-(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0)), &d, &c);
		f *= delta;
		if (fabs(delta - 1.0) < CF_EPS)
			break;
	}
	return f;
}

/* I_x(a, b) with y = 1 - x given separately (exact when the caller can compute it so). */
static double betainc2(double a, double b, double x, double y)
{
	if (!(a > 0) || !(b > 0) || !(x >= 0) || !(y >= 0) || x > 1 || y > 1)
		return NAN;
	if (x == 0)
		return 0.0;
	if (y == 0)
		return 1.0;
	/* x^a y^b / B(a, b), in logarithms: the powers alone underflow for large df. */
	double lfront = a * log(x) + b * log(y) + lgamma(a + b) - lgamma(a) - lgamma(b);

	if (x < (a + 1.0) / (a + b + 2.0))
		return exp(lfront) * betacf(a, b, x) / a;
	return 1.0 - exp(lfront) * betacf(b, a, y) / b;
}

double lb_stat_betainc(double a, double b, double x)
{
	return betainc2(a, b, x, 1.0 - x);
}

/* P(|T| > |t|), two-sided, without cancellation. */
static double t_two_sided(double t, double df)
{
	if (isinf(t))
		return 0.0;
	double t2 = t * t;
	return betainc2(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2));
}

double lb_stat_t_cdf(double t, double df)
{
	if (isnan(t) || !(df > 0))
		return NAN;
	double tail = 0.5 * t_two_sided(t, df);
	return t > 0 ? 1.0 - tail : tail;
}

double lb_stat_t_quantile(double p, double df)
{
	if (!(p > 0) || !(p < 1) || !(df > 0))
		return NAN;
	if (p == 0.5)
		return 0.0;
	/* The CDF is increasing: bracket p, then bisect to the last bit.  (Cheap enough for the
	 * few intervals a summary needs, and it cannot diverge as Newton's method can in the
	 * heavy tails of df = 1.) */
	bool upper = p > 0.5;
	double q = upper ? p : 1.0 - p, lo = 0.0, hi = 1.0;

	while (lb_stat_t_cdf(hi, df) < q && hi < 1e300)
		hi *= 2.0;
	for (int i = 0; i < 2000 && hi - lo > 1e-15 * hi; i++) {
		double mid = lo + (hi - lo) / 2.0;
		if (mid <= lo || mid >= hi)
			break;
		if (lb_stat_t_cdf(mid, df) < q)
			lo = mid;
		else
			hi = mid;
	}
	double t = lo + (hi - lo) / 2.0;
	return upper ? t : -t;
}

int lb_stat_welch(size_t n1, double mean1, double sd1, size_t n2, double mean2, double sd2,
		  struct lb_welch *out)
{
	if (n1 < 2 || n2 < 2)
		return -1;
	double v1 = sd1 * sd1 / (double)n1, v2 = sd2 * sd2 / (double)n2, diff = mean2 - mean1;

	if (v1 + v2 == 0) {
		/* Every repeat measured the same number on each side. */
		out->t = diff == 0 ? 0.0 : copysign(INFINITY, diff);
		out->df = NAN;
		out->p = diff == 0 ? 1.0 : 0.0;
		return 0;
	}
	out->t = diff / sqrt(v1 + v2);
	out->df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (double)(n1 - 1) + v2 * v2 / (double)(n2 - 1));
	out->p = t_two_sided(out->t, out->df);
	return 0;
}

double lb_stat_ci_half(size_t n, double sd, double level)
{
	if (n < 2 || !(level > 0) || !(level < 1))
		return NAN;
	return lb_stat_t_quantile(1.0 - (1.0 - level) / 2.0, (double)(n - 1)) * sd /
	       sqrt((double)n);
}
