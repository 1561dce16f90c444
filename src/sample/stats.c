/* SPDX-License-Identifier: MIT */
/* Temporary stubs so the tree links. */
#include <string.h>

#include "sample/series.h"

const char *lb_stat_fn_name(enum lb_stat_fn fn)
{
	(void)fn;
	return "?";
}

int lb_stat_fn_find(const char *name, size_t len)
{
	(void)name;
	(void)len;
	return -1;
}

int lb_series_stat(const struct lb_series *s, enum lb_stat_fn fn, double from, double to,
		   double *out)
{
	(void)s;
	(void)fn;
	(void)from;
	(void)to;
	(void)out;
	return -1;
}

int lb_stat_values(const double *v, size_t n, enum lb_stat_fn fn, double *out)
{
	(void)v;
	(void)n;
	(void)fn;
	(void)out;
	return -1;
}
