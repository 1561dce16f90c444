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

struct row {
	double t;
	size_t ctr, seq;
	double v[LB_SERIES_COUNT]; /* NAN: no point at this instant */
};

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->ctr != y->ctr)
		return x->ctr < y->ctr ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Merge the series of one container by time, one row per distinct instant. */
static void ctr_rows(const struct lb_ctr_result *c, size_t ci, struct row **rows, size_t *n,
		     size_t *cap)
{
	size_t pos[LB_SERIES_COUNT] = {0};

	for (size_t seq = 0;; seq++) {
		double t = INFINITY;
		bool any = false;

		for (int s = 0; s < LB_SERIES_COUNT; s++) {
			if (pos[s] < c->series[s].n && c->series[s].t[pos[s]] <= t) {
				t = c->series[s].t[pos[s]];
				any = true;
			}
		}
		if (!any)
			break;
		lb_xgrow(rows, cap, *n + 1, sizeof(**rows));
		struct row *r = &(*rows)[(*n)++];
		r->t = t;
		r->ctr = ci;
		r->seq = seq;
		/* The runner stamps every series of one sample with the same double, so an
		 * exact comparison is the right one. */
		for (int s = 0; s < LB_SERIES_COUNT; s++) {
			if (pos[s] < c->series[s].n && c->series[s].t[pos[s]] == t)
				r->v[s] = c->series[s].v[pos[s]++];
			else
				r->v[s] = NAN;
		}
	}
}

static void put_value(FILE *f, double v, enum lb_unit unit)
{
	fputc('\t', f);
	if (!isfinite(v))
		return;
	if (unit == LB_UNIT_CORES)
		fprintf(f, "%.4f", v);
	else
		fprintf(f, "%.0f", v);
}

/* A field of a TSV file: a tab or a line break inside would shift every column after it. */
static void put_field(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

char *lb_report_samples_tsv(const struct lb_run_result *r, size_t *len)
{
	struct row *rows = NULL;
	size_t n = 0, cap = 0;
	char *buf = NULL;
	size_t unused_len;
	FILE *f = open_memstream(&buf, len ? len : &unused_len);

	if (!f)
		abort(); /* only fails for lack of memory, as lb_xmalloc */
	for (size_t i = 0; i < r->n_ctrs; i++)
		ctr_rows(&r->ctrs[i], i, &rows, &n, &cap);
	if (n)
		qsort(rows, n, sizeof(*rows), row_cmp);

	fputs("t_s\tcontainer", f);
	for (int s = 0; s < LB_SERIES_COUNT; s++)
		fprintf(f, "\t%s", lb_metric_series(s)->name);
	fputc('\n', f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%.4f\t", rows[i].t);
		put_field(f, r->ctrs[rows[i].ctr].name);
		for (int s = 0; s < LB_SERIES_COUNT; s++)
			put_value(f, rows[i].v[s], lb_metric_series(s)->unit);
		fputc('\n', f);
	}
	free(rows);
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
