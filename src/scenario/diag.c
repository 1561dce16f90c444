/* SPDX-License-Identifier: MIT */
/* Diagnostics: FILE:LINE:COL: message, collected rather than printed. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/text.h"

void lb_diags_add(struct lb_diags *d, const char *file, struct lb_pos pos, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = lb_xstrdup("(out of memory formatting a message)");
	va_end(ap);
	lb_xgrow(&d->v, &d->cap, d->n + 1, sizeof(*d->v));
	d->v[d->n++] = (struct lb_diag){.file = lb_xstrdup(file), .pos = pos, .msg = msg};
}

void lb_diags_free(struct lb_diags *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	*d = (struct lb_diags){0};
}

static int cmp_pos(const struct lb_diag *a, const struct lb_diag *b)
{
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.col != b->pos.col)
		return a->pos.col < b->pos.col ? -1 : 1;
	return 0;
}

struct ranked {
	struct lb_diag d;
	size_t rank; /* the order found in: ties keep it */
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = cmp_pos(&x->d, &y->d);

	if (c)
		return c;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

void lb_diags_sort(struct lb_diags *d, size_t from)
{
	size_t n = d->n - from;
	struct ranked *r = lb_xcalloc(n + 1, sizeof(*r));

	/* qsort is not stable: the rank makes it so (problems at one place keep the order
	 * they were found in). */
	for (size_t i = 0; i < n; i++)
		r[i] = (struct ranked){d->v[from + i], i};
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (size_t i = 0; i < n; i++)
		d->v[from + i] = r[i].d;
	free(r);

	/*
	 * The same problem found again (in another matrix combination) is said once.  A
	 * message may end in LB_DIAG_CONTEXT + " (with limit=64M)": that context is kept
	 * only when the problem is particular to one combination.
	 */
	bool *general = lb_xcalloc(d->n + 1, sizeof(*general));
	size_t out = from;
	for (size_t i = from; i < d->n; i++) {
		size_t base = strcspn(d->v[i].msg, LB_DIAG_CONTEXT);
		bool dup = false;
		for (size_t j = out; j-- > from && cmp_pos(&d->v[j], &d->v[i]) == 0;) {
			if (strcmp(d->v[j].file, d->v[i].file) ||
			    strncmp(d->v[j].msg, d->v[i].msg, base) ||
			    strcspn(d->v[j].msg, LB_DIAG_CONTEXT) != base)
				continue;
			dup = true;
			if (strcmp(d->v[j].msg, d->v[i].msg))
				general[j] = true;
		}
		if (dup) {
			free(d->v[i].file);
			free(d->v[i].msg);
		} else {
			d->v[out++] = d->v[i];
		}
	}
	d->n = out;
	for (size_t i = from; i < d->n; i++) {
		char *mark = strchr(d->v[i].msg, LB_DIAG_CONTEXT[0]);
		if (mark && general[i])
			*mark = '\0';
		else if (mark)
			memmove(mark, mark + 1, strlen(mark));
	}
	free(general);
}

char *lb_diag_format(const struct lb_diag *d)
{
	_cleanup_free_ char *line = NULL;

	if (d->pos.line == 0)
		line = lb_xasprintf("%s: %s", d->file, d->msg);
	else
		line = lb_xasprintf("%s:%u:%u: %s", d->file, d->pos.line, d->pos.col, d->msg);
	/* a message may quote the file (a key, a value): one line of text, whatever it holds */
	return lb_text_term(line);
}
