/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_ALLOC_H
#define LB_UTIL_ALLOC_H

/*
 * Allocation that cannot fail.  Running out of memory in the harness itself is not an error
 * limitbench can report usefully (its containers are the ones meant to run out), so these
 * abort, as crun's xmalloc does.  This is the only place library code may end the process.
 */

#include <stddef.h>

void *lb_xmalloc(size_t n);
void *lb_xzalloc(size_t n);
void *lb_xcalloc(size_t nmemb, size_t size);
void *lb_xrealloc(void *p, size_t n);
/* Grow *p (an array of *cap elements of size elem) so that it holds at least need elements. */
void lb_xgrow(void *p, size_t *cap, size_t need, size_t elem);
char *lb_xstrdup(const char *s);
char *lb_xstrndup(const char *s, size_t n);
char *lb_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
