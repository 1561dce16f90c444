/* SPDX-License-Identifier: MIT */
/*
 * samples.tsv and events.tsv read back (the report module writes them: src/report/tsv.c).
 * An empty field is a missing value (the cpu series has no first point), NAN here.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot.h"
#include "util/alloc.h"
#include "util/cleanup.h"

#define MAX_FIELDS 32

/* Split line [p, end) at tabs into at most MAX_FIELDS (ptr, len) fields; the count. */
static size_t split(const char *p, const char *end, const char **f, size_t *flen)
{
	size_t n = 0;

	while (n < MAX_FIELDS) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		const char *stop = tab ? tab : end;

		f[n] = p;
		flen[n++] = (size_t)(stop - p);
		if (!tab)
			break;
		p = tab + 1;
	}
	return n;
}

/* The next line of [*p, end) without its line break (and a '\r' before it). */
static bool next_line(const char **p, const char *end, const char **s, const char **e)
{
	if (*p >= end)
		return false;
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));

	*s = *p;
	*e = nl ? nl : end;
	*p = nl ? nl + 1 : end;
	if (*e > *s && (*e)[-1] == '\r')
		(*e)--;
	return true;
}

static int parse_num(const char *s, size_t len, double *v)
{
	char tmp[64], *end;

	if (len == 0) {
		*v = NAN;
		return 0;
	}
	if (len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	*v = strtod(tmp, &end);
	return *end || end == tmp ? -1 : 0;
}

static int column(const char **f, const size_t *flen, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (flen[i] == strlen(name) && !memcmp(f[i], name, flen[i]))
			return (int)i;
	return -1;
}

const struct lb_plot_series *lb_plot_samples_find(const struct lb_plot_samples *s,
						  const char *container)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->s[i].container, container))
			return &s->s[i];
	return NULL;
}

static struct lb_plot_series *series_get(struct lb_plot_samples *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->s[i].container) == len && !memcmp(s->s[i].container, name, len))
			return &s->s[i];
	lb_xgrow(&s->s, &s->cap, s->n + 1, sizeof(*s->s));
	memset(&s->s[s->n], 0, sizeof(*s->s));
	s->s[s->n].container = lb_xstrndup(name, len);
	return &s->s[s->n++];
}

int lb_plot_samples_parse(const char *buf, size_t len, struct lb_plot_samples *out, lb_error *err)
{
	static const char *const names[] = {
	    "t_s",     "container", "mem",	"rss",	    "swap",    "cpu",	  "pids",
	    "io_read", "io_write",  "mem_anon", "mem_file", "psi_cpu", "psi_mem", "psi_io"};
	enum { NCOL = sizeof(names) / sizeof(names[0]) };
	const char *p = buf, *end = buf + len, *s, *e, *f[MAX_FIELDS];
	size_t flen[MAX_FIELDS], nf;
	int col[NCOL];
	unsigned line = 1;

	memset(out, 0, sizeof(*out));
	if (!next_line(&p, end, &s, &e))
		return lb_error_fail(err, "samples.tsv: empty (no header line)");
	nf = split(s, e, f, flen);
	for (size_t i = 0; i < NCOL; i++) {
		col[i] = column(f, flen, nf, names[i]);
		/* t_s and container are needed; a missing series column reads as empty */
		if (col[i] < 0 && i < 2)
			return lb_error_fail(err, "samples.tsv: no column '%s' in the header",
					     names[i]);
	}
	while (next_line(&p, end, &s, &e)) {
		double v[NCOL] = {0};

		line++;
		if (s == e)
			continue;
		nf = split(s, e, f, flen);
		for (size_t i = 0; i < NCOL; i++) {
			if (i == 1)
				continue;
			if (col[i] < 0 || (size_t)col[i] >= nf) {
				v[i] = NAN;
				continue;
			}
			if (parse_num(f[col[i]], flen[col[i]], &v[i]) < 0) {
				lb_plot_samples_free(out);
				return lb_error_fail(err,
						     "samples.tsv:%u: '%.*s' is not a number (%s)",
						     line, (int)flen[col[i]], f[col[i]], names[i]);
			}
		}
		if ((size_t)col[1] >= nf || !isfinite(v[0])) {
			lb_plot_samples_free(out);
			return lb_error_fail(err, "samples.tsv:%u: no time or container", line);
		}
		struct lb_plot_series *se = series_get(out, f[col[1]], flen[col[1]]);
		lb_xgrow(&se->p, &se->cap, se->n + 1, sizeof(*se->p));
		se->p[se->n++] = (struct lb_plot_point){.t = v[0],
							.mem = v[2],
							.rss = v[3],
							.swap = v[4],
							.cpu = v[5],
							.pids = v[6],
							.io_read = v[7],
							.io_write = v[8],
							.mem_anon = v[9],
							.mem_file = v[10],
							.psi_cpu = v[11],
							.psi_mem = v[12],
							.psi_io = v[13]};
	}
	return 0;
}

void lb_plot_samples_free(struct lb_plot_samples *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->s[i].container);
		free(s->s[i].p);
	}
	free(s->s);
	memset(s, 0, sizeof(*s));
}

int lb_plot_events_parse(const char *buf, size_t len, struct lb_plot_events *out, lb_error *err)
{
	const char *p = buf, *end = buf + len, *s, *e, *f[MAX_FIELDS];
	size_t flen[MAX_FIELDS], nf;
	unsigned line = 1;

	memset(out, 0, sizeof(*out));
	if (!next_line(&p, end, &s, &e))
		return lb_error_fail(err, "events.tsv: empty (no header line)");
	while (next_line(&p, end, &s, &e)) {
		double t;

		line++;
		if (s == e)
			continue;
		nf = split(s, e, f, flen);
		if (nf < 3 || parse_num(f[0], flen[0], &t) < 0 || !isfinite(t)) {
			lb_plot_events_free(out);
			return lb_error_fail(
			    err, "events.tsv:%u: expected 't_s container event detail'", line);
		}
		lb_xgrow(&out->v, &out->cap, out->n + 1, sizeof(*out->v));
		out->v[out->n++] = (struct lb_plot_event){
		    .t = t,
		    .container = lb_xstrndup(f[1], flen[1]),
		    .event = lb_xstrndup(f[2], flen[2]),
		    .detail = nf > 3 ? lb_xstrndup(f[3], flen[3]) : lb_xstrdup(""),
		};
	}
	return 0;
}

void lb_plot_events_free(struct lb_plot_events *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].container);
		free(e->v[i].event);
		free(e->v[i].detail);
	}
	free(e->v);
	memset(e, 0, sizeof(*e));
}
