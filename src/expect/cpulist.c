/* SPDX-License-Identifier: MIT */
/* CPU lists compare as sets: "0,1" and "1,0" and "0-1" are the same list. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect/cpulist.h"
#include "util/alloc.h"
#include "util/cleanup.h"

/* Far above any real machine's CPU count, far below overflow. */
#define CPU_MAX 65535

struct range {
	unsigned lo, hi;
};

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return (x->lo > y->lo) - (x->lo < y->lo);
}

static int parse_cpu(const char *s, size_t len, size_t *i, unsigned *out)
{
	unsigned v = 0;
	size_t start = *i;

	while (*i < len && isdigit((unsigned char)s[*i])) {
		v = v * 10 + (unsigned)(s[*i] - '0');
		if (v > CPU_MAX)
			return -1;
		(*i)++;
	}
	if (*i == start)
		return -1;
	*out = v;
	return 0;
}

static void skip_blank(const char *s, size_t len, size_t *i)
{
	while (*i < len && isspace((unsigned char)s[*i]))
		(*i)++;
}

int lb_cpulist_normalize(const char *s, size_t len, char **out, lb_error *err)
{
	_cleanup_free_ struct range *r = NULL;
	size_t n = 0, cap = 0, i = 0;
	char *buf;
	size_t used = 0, size;

	skip_blank(s, len, &i);
	while (i < len) {
		struct range x;

		if (parse_cpu(s, len, &i, &x.lo) < 0)
			goto bad;
		x.hi = x.lo;
		if (i < len && s[i] == '-') {
			i++;
			if (parse_cpu(s, len, &i, &x.hi) < 0 || x.hi < x.lo)
				goto bad;
		}
		lb_xgrow(&r, &cap, n + 1, sizeof(*r));
		r[n++] = x;
		skip_blank(s, len, &i);
		if (i < len) {
			if (s[i] != ',')
				goto bad;
			i++;
			skip_blank(s, len, &i);
			if (i == len)
				goto bad;
		}
	}

	if (n)
		qsort(r, n, sizeof(*r), cmp_range);
	size = n * 16 + 1;
	buf = lb_xmalloc(size);
	buf[0] = '\0';
	for (size_t k = 0; k < n;) {
		struct range m = r[k++];

		/* Merge what overlaps or touches: 0-1,2 is 0-2. */
		while (k < n && r[k].lo <= m.hi + 1) {
			if (r[k].hi > m.hi)
				m.hi = r[k].hi;
			k++;
		}
		if (m.lo == m.hi)
			used += (size_t)snprintf(buf + used, size - used, "%s%u", used ? "," : "",
						 m.lo);
		else
			used += (size_t)snprintf(buf + used, size - used, "%s%u-%u",
						 used ? "," : "", m.lo, m.hi);
	}
	*out = buf;
	return 0;
bad:
	return lb_error_usage(
	    err, "invalid CPU list \"%.*s\" (expected e.g. \"0\", \"0-1\", \"0,2\")", (int)len, s);
}
