/* SPDX-License-Identifier: MIT */
/*
 * samples.tsv and events.tsv (SPEC section 4): plain text a spreadsheet, awk or gnuplot
 * reads directly.
 *
 * samples.tsv: `t_s container mem rss swap cpu pids`, one row per sampling instant per
 * container, sorted by time, then by the containers' order in the scenario.  Each series
 * keeps its own timestamps, so a row is the union of the instants of a container's series;
 * a series without a point at that instant (the cpu series has no first point: a rate
 * needs two samples; a file that could not be read) leaves its field EMPTY, which gnuplot
 * (`set datafile separator "\t"`), awk -F'\t' and pandas all read as "missing".
 * Times and cores carry 4 decimals (0.1 ms, 0.0001 core); bytes and counts are integers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"
#include "util/alloc.h"

/*
 * Rows are merged on the fly rather than collected and sorted: a run of 100 containers
 * sampled every millisecond makes millions of rows, and the text is all the memory needed.
 * Each container has a cursor over its series; a binary heap of the containers ordered by
 * (next instant, container index) yields the rows in file order.
 */
struct cursor {
	const struct lb_ctr_result *c;
	size_t idx;
	size_t pos[LB_SERIES_COUNT];
	double next; /* the earliest pending instant of its series; INFINITY when done */
};

static void cursor_update(struct cursor *k)
{
	k->next = INFINITY;
	for (int s = 0; s < LB_SERIES_COUNT; s++)
		if (k->pos[s] < k->c->series[s].n && k->c->series[s].t[k->pos[s]] < k->next)
			k->next = k->c->series[s].t[k->pos[s]];
}

static bool cursor_before(const struct cursor *a, const struct cursor *b)
{
	return a->next < b->next || (a->next == b->next && a->idx < b->idx);
}

static void heap_down(struct cursor **h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < n && cursor_before(h[l], h[m]))
			m = l;
		if (r < n && cursor_before(h[r], h[m]))
			m = r;
		if (m == i)
			return;
		struct cursor *tmp = h[i];
		h[i] = h[m];
		h[m] = tmp;
		i = m;
	}
}

/*
 * v with `decimals` decimals at p; returns the end.  printf("%.4f") costs microseconds, and
 * samples.tsv has millions of numbers: plain integer arithmetic does the same rounding
 * (half away from zero) for every value a sample can hold.
 */
static char *put_fixed(char *p, double v, int decimals)
{
	static const double scale[] = {1, 10, 100, 1000, 10000};
	char digits[32];
	int n = 0;

	if (!(fabs(v) < 9e14) || decimals > 4) /* beyond exact integers: let printf do it */
		return p + sprintf(p, "%.*f", decimals, v);
	unsigned long long q = (unsigned long long)llround(fabs(v) * scale[decimals]);
	if (v < 0 && q)
		*p++ = '-';
	do {
		digits[n++] = (char)('0' + q % 10);
		q /= 10;
	} while (q || n <= decimals);
	while (n > decimals)
		*p++ = digits[--n];
	if (decimals) {
		*p++ = '.';
		while (n)
			*p++ = digits[--n];
	}
	return p;
}

/* A field of a TSV file: a tab or a line break inside would shift every column after it. */
static void put_field(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void put_row(FILE *f, struct cursor *k)
{
	double t = k->next;
	char line[LB_SERIES_COUNT * 48 + 2], *p = line;

	p = put_fixed(p, t, 4);
	*p++ = '\t';
	fwrite(line, 1, (size_t)(p - line), f);
	put_field(f, k->c->name);
	p = line;
	/* The runner stamps every series of one sample with the same double, so an exact
	 * comparison is the right one. */
	for (int s = 0; s < LB_SERIES_COUNT; s++) {
		const struct lb_series *se = &k->c->series[s];

		*p++ = '\t';
		if (k->pos[s] < se->n && se->t[k->pos[s]] == t) {
			double v = se->v[k->pos[s]++];

			if (isfinite(v))
				p = put_fixed(p, v,
					      lb_metric_series(s)->unit == LB_UNIT_CORES ||
						      lb_metric_series(s)->fraction
						  ? 4
						  : 0);
		}
	}
	*p++ = '\n';
	fwrite(line, 1, (size_t)(p - line), f);
}

char *lb_report_samples_tsv(const struct lb_run_result *r, size_t *len)
{
	struct cursor *cur = lb_xcalloc(r->n_ctrs, sizeof(*cur));
	struct cursor **heap = lb_xcalloc(r->n_ctrs, sizeof(*heap));
	size_t n = r->n_ctrs, unused_len;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len ? len : &unused_len);

	if (!f)
		abort(); /* only fails for lack of memory, as lb_xmalloc */
	fputs("t_s\tcontainer", f);
	for (int s = 0; s < LB_SERIES_COUNT; s++)
		fprintf(f, "\t%s", lb_metric_series(s)->name);
	fputc('\n', f);

	for (size_t i = 0; i < n; i++) {
		cur[i].c = &r->ctrs[i];
		cur[i].idx = i;
		cursor_update(&cur[i]);
		heap[i] = &cur[i];
	}
	for (size_t i = n / 2; i-- > 0;)
		heap_down(heap, n, i);
	while (n && isfinite(heap[0]->next)) {
		put_row(f, heap[0]);
		cursor_update(heap[0]);
		heap_down(heap, n, 0);
	}
	free(heap);
	free(cur);
	fclose(f);
	return buf;
}

char *lb_report_events_tsv(const struct lb_run_result *r, size_t *len)
{
	char *buf = NULL;
	size_t unused_len;
	FILE *f = open_memstream(&buf, len ? len : &unused_len);

	if (!f)
		abort();
	fputs("t_s\tcontainer\tevent\tdetail\n", f);
	for (size_t i = 0; i < r->n_events; i++) {
		const struct lb_event *e = &r->events[i];

		fprintf(f, "%.4f\t", e->t);
		put_field(f, e->container);
		fputc('\t', f);
		put_field(f, e->event);
		fputc('\t', f);
		put_field(f, e->detail);
		fputc('\n', f);
	}
	fclose(f);
	return buf;
}
