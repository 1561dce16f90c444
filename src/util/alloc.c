/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void __attribute__((noreturn)) lb_oom(void)
{
	static const char msg[] = "limitbench: out of memory\n";
	ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	abort();
}

void *lb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		lb_oom();
	return p;
}

void *lb_xzalloc(size_t n)
{
	return lb_xcalloc(1, n);
}

void *lb_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		lb_oom();
	return p;
}

void *lb_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		lb_oom();
	return q;
}

void lb_xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
	void **pp = p;
	size_t c = *cap;

	if (need <= c)
		return;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > ((size_t)-1) / 2 / elem)
			lb_oom();
		c *= 2;
	}
	*pp = lb_xrealloc(*pp, c * elem);
	*cap = c;
}

char *lb_xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		lb_oom();
	return d;
}

char *lb_xstrndup(const char *s, size_t n)
{
	char *d = strndup(s, n);
	if (!d)
		lb_oom();
	return d;
}

char *lb_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	int r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		lb_oom();
	return s;
}
