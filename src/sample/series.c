/* SPDX-License-Identifier: MIT */
/* Growing a series; the statistics are in stats.c. */
#include <stdlib.h>

#include "sample/series.h"
#include "util/alloc.h"

void lb_series_push(struct lb_series *s, double t, double v)
{
	if (s->n == s->cap) {
		/* Both arrays always have the same capacity: grow t with a copy of cap. */
		size_t cap = s->cap;

		lb_xgrow(&s->t, &cap, s->n + 1, sizeof(*s->t));
		lb_xgrow(&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	}
	s->t[s->n] = t;
	s->v[s->n] = v;
	s->n++;
}

void lb_series_free(struct lb_series *s)
{
	if (!s)
		return;
	free(s->t);
	free(s->v);
	s->t = s->v = NULL;
	s->n = s->cap = 0;
}
