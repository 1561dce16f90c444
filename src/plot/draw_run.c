/* SPDX-License-Identifier: MIT */
/*
 * The figures of one run folder: mem, cpu, (with a pids limit) pids, (with I/O counters) io
 * and (where the kernel gave psi_* series: cgroup v2 with PSI on) pressure, from
 * summary.json, samples.tsv and events.tsv.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot/internal.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* More rows than a figure has pixels only make gnuplot (and an SVG) slow. */
#define MAX_POINTS 4000

/* v with `decimals` decimals, or NaN (which gnuplot reads as "no value here"). */
static void put_num(FILE *f, double v, int decimals)
{
	if (isfinite(v))
		fprintf(f, "%.*f", decimals, v);
	else
		fputs("NaN", f);
}

/* One row of a data block: v[i] with dec[i] decimals, space-separated. */
static void put_row(FILE *f, const double *v, const int *dec, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(' ', f);
		put_num(f, v[i], dec[i]);
	}
	fputc('\n', f);
}

static void put_point(FILE *f, const struct lb_plot_point *p)
{
	static const int dec[] = {4, 0, 0, 0, 4, 0, 0, 0};
	const double v[] = {p->t,   p->mem,  p->rss,	 p->swap,
			    p->cpu, p->pids, p->io_read, p->io_write};

	put_row(f, v, dec, LB_ARRAY_SIZE(v));
}

char *lb_plot_samples_block(const struct lb_plot_series *const *series, size_t n, size_t max_points)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort(); /* only for lack of memory, as lb_xmalloc */
	for (size_t i = 0; i < n; i++) {
		const struct lb_plot_series *s = series[i];
		/* two rows (lowest and highest memory) per stretch of `step` samples */
		size_t step = max_points >= 2 && s->n > max_points
				  ? (s->n + max_points / 2 - 1) / (max_points / 2)
				  : 1;

		if (i)
			fputs("\n\n", f);
		for (size_t k = 0; k < s->n; k += step) {
			size_t end = k + step < s->n ? k + step : s->n, lo = k, hi = k;

			if (step == 1) {
				put_point(f, &s->p[k]);
				continue;
			}
			for (size_t j = k; j < end; j++) {
				if (s->p[j].mem < s->p[lo].mem || !isfinite(s->p[lo].mem))
					lo = j;
				if (s->p[j].mem > s->p[hi].mem || !isfinite(s->p[hi].mem))
					hi = j;
			}
			put_point(f, &s->p[lo < hi ? lo : hi]);
			if (lo != hi)
				put_point(f, &s->p[lo < hi ? hi : lo]);
		}
	}
	fclose(f);
	return buf;
}

/*
 * The psi "some" shares of each container (one block per container, blank lines between):
 * "t cpu mem io", only the rows that have one, as memory.stat and pressure are read at most
 * every 10 ms while a sample may come every millisecond (an empty field between would break
 * the lines).  *any: some container has a share.
 */
static char *psi_block(const struct lb_plot_series *const *series, size_t n, size_t max_points,
		       bool *any)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort();
	*any = false;
	for (size_t i = 0; i < n; i++) {
		const struct lb_plot_series *s = series[i];
		size_t m = 0, seen = 0;

		for (size_t k = 0; k < s->n; k++)
			m += isfinite(s->p[k].psi_cpu) || isfinite(s->p[k].psi_mem) ||
			     isfinite(s->p[k].psi_io);
		size_t step = max_points && m > max_points ? (m + max_points - 1) / max_points : 1;
		if (i)
			fputs("\n\n", f);
		for (size_t k = 0; k < s->n; k++) {
			const struct lb_plot_point *p = &s->p[k];

			if (!isfinite(p->psi_cpu) && !isfinite(p->psi_mem) && !isfinite(p->psi_io))
				continue;
			*any = true;
			if (seen++ % step)
				continue;
			static const int dec[] = {4, 4, 4, 4};
			const double v[] = {p->t, p->psi_cpu, p->psi_mem, p->psi_io};

			put_row(f, v, dec, LB_ARRAY_SIZE(v));
		}
		/* a container without a share still has its block, so that index i is it */
		if (!m)
			fputs("NaN NaN NaN NaN\n", f);
	}
	fclose(f);
	return buf;
}

double lb_plot_mem_at(const struct lb_plot_series *s, double t)
{
	double v = NAN;

	for (size_t i = 0; i < s->n && s->p[i].t <= t; i++)
		if (isfinite(s->p[i].mem))
			v = s->p[i].mem;
	return v;
}

/* Swap is drawn only where there was some: most machines have none. */
static bool series_swapped(const struct lb_plot_series *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->p[i].swap > 0)
			return true;
	return false;
}

/* The containers of r that have samples, in r's order, and what the templates show of them
 * (arrays, one entry per container). */
struct figure_data {
	const struct lb_plot_series **series;
	const struct lb_plot_ctr **ctrs;
	size_t n;
	const char **names, **cpusets;
	double *mem_limits, *cpu_quotas, *weights, *pids_max, *swaps; /* swaps: 1 if it swapped */
	double *mem_peaks; /* the kernel's watermark (metrics.mem_peak), NaN when not measured */
	double *mem_highs; /* memory.high as kept, NaN when none */
	char *oom, *samples;
	char *stalls; /* "t_from t_to" per stall */
	char *psi;    /* psi_block() */
	bool has_psi; /* a container has a psi share: the pressure figure is drawn */
	char *run;
	const char *scenario;
	char *env;
	double t_max;
	bool has_pids_limit;
	/* a container has io_read/io_write samples with some I/O in them: the io figure (v2
	 * counts every container's, mostly none: as swap, drawn only where there was some) */
	bool has_io;
};

/* The stalls of events.tsv as "t_from t_to" lines: the event comes at the first sample
 * after one, and its detail says how long there was none ("no sample for 0.302 s ..."). */
static char *stall_spans(const struct lb_plot_events *ev)
{
	static const char lead[] = "no sample for ";
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort();
	for (size_t i = 0; i < ev->n; i++) {
		const struct lb_plot_event *e = &ev->v[i];
		double gap;

		if (strcmp(e->event, "stall") || strncmp(e->detail, lead, sizeof(lead) - 1))
			continue;
		gap = strtod(e->detail + sizeof(lead) - 1, NULL);
		if (gap > 0 && isfinite(gap))
			fprintf(f, "%.4f %.4f\n", fmax(e->t - gap, 0), e->t);
	}
	fclose(f);
	return buf;
}

static void figure_data_fill(struct figure_data *d, const struct lb_plot_run *r,
			     const struct lb_plot_samples *s, const struct lb_plot_events *ev)
{
	double t_max = isfinite(r->duration) ? r->duration : 0;
	size_t len;

	d->series = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->series));
	d->ctrs = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->ctrs));
	d->names = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->names));
	d->cpusets = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->cpusets));
	d->mem_limits = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->mem_limits));
	d->cpu_quotas = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->cpu_quotas));
	d->weights = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->weights));
	d->pids_max = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->pids_max));
	d->swaps = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->swaps));
	d->mem_peaks = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->mem_peaks));
	d->mem_highs = lb_xcalloc(r->n_ctrs + 1, sizeof(*d->mem_highs));
	for (size_t i = 0; i < r->n_ctrs; i++) {
		const struct lb_plot_ctr *c = &r->ctrs[i];
		const struct lb_plot_series *se = lb_plot_samples_find(s, c->name);

		if (!se || !se->n)
			continue;
		d->series[d->n] = se;
		d->ctrs[d->n] = c;
		if (se->p[se->n - 1].t > t_max)
			t_max = se->p[se->n - 1].t;
		d->names[d->n] = c->name;
		d->cpusets[d->n] = c->cpuset ? c->cpuset : "";
		d->mem_limits[d->n] = c->mem_limit;
		d->mem_peaks[d->n] = c->mem_peak;
		d->mem_highs[d->n] = c->mem_high;
		d->cpu_quotas[d->n] = c->cpu_quota;
		d->weights[d->n] = c->cpu_weight;
		d->pids_max[d->n] = c->pids_max;
		d->swaps[d->n] = series_swapped(se);
		if (isfinite(c->pids_max))
			d->has_pids_limit = true;
		for (size_t k = 0; k < se->n && !d->has_io; k++)
			d->has_io = (isfinite(se->p[k].io_read) && se->p[k].io_read > 0) ||
				    (isfinite(se->p[k].io_write) && se->p[k].io_write > 0);
		d->n++;
	}

	/* OOM kills sit on the memory curve where they happened (or at the limit when no
	 * sample came before them); the container is named by its number, 1 for the first. */
	FILE *of = open_memstream(&d->oom, &len);
	if (!of)
		abort();
	for (size_t i = 0; i < ev->n; i++) {
		const struct lb_plot_event *e = &ev->v[i];

		if (strcmp(e->event, "oom_kill"))
			continue;
		for (size_t k = 0; k < d->n; k++) {
			if (strcmp(d->ctrs[k]->name, e->container))
				continue;
			double y = lb_plot_mem_at(d->series[k], e->t);

			if (!isfinite(y))
				y = d->ctrs[k]->mem_limit;
			if (!isfinite(y))
				y = 0;
			fprintf(of, "%.4f %.0f %zu\n", e->t, y, k + 1);
			if (e->t > t_max)
				t_max = e->t;
		}
	}
	fclose(of);
	d->stalls = stall_spans(ev);
	d->samples = lb_plot_samples_block(d->series, d->n, MAX_POINTS);
	d->psi = psi_block(d->series, d->n, MAX_POINTS, &d->has_psi);
	/* to 0.1 ms, as the samples are */
	d->t_max = t_max > 0 && isfinite(t_max) ? round(t_max * 1e4) / 1e4 : 1;
	d->scenario = r->scenario ? r->scenario : "?";
	/* "mem-sweep/limit=64M, repeat 1/2, outcome pass": the run name starts with its
	 * scenario's */
	if (r->repeat_count > 1)
		d->run =
		    lb_xasprintf("%s, repeat %u/%u, outcome %s", r->run ? r->run : "?",
				 r->repeat_index, r->repeat_count, r->outcome ? r->outcome : "?");
	else
		d->run = lb_xasprintf("%s, outcome %s", r->run ? r->run : "?",
				      r->outcome ? r->outcome : "?");
	d->env = lb_plot_env_text(r);
}

static void figure_data_free(struct figure_data *d)
{
	free(d->series);
	free(d->ctrs);
	free(d->names);
	free(d->cpusets);
	free(d->mem_limits);
	free(d->cpu_quotas);
	free(d->weights);
	free(d->pids_max);
	free(d->swaps);
	free(d->mem_peaks);
	free(d->mem_highs);
	free(d->oom);
	free(d->stalls);
	free(d->samples);
	free(d->psi);
	free(d->run);
	free(d->env);
}

/* Read a result file of dir; events.tsv may be missing (then: no events). */
static int read_result(const char *dir, const char *name, bool optional, char **buf, size_t *len,
		       lb_error *err)
{
	_cleanup_free_ char *path = lb_xasprintf("%s/%s", dir, name);

	if (lb_read_file(path, buf, len, err) == 0)
		return 0;
	if (optional && err->errnum == ENOENT) {
		*buf = lb_xstrdup("");
		*len = 0;
		return 0;
	}
	return -1;
}

int lb_plot_draw_run(const char *dir, const struct lb_plot_opts *o, char **text, lb_error *err)
{
	_cleanup_free_ char *js = NULL, *ss = NULL, *es = NULL;
	size_t jl, sl, el;
	struct lb_plot_run r = {0};
	struct lb_plot_samples s = {0};
	struct lb_plot_events ev = {0};
	struct figure_data d = {0};
	lb_error lerr = {0};
	int drawn = -1;

	if (!err)
		err = &lerr;
	if (read_result(dir, "summary.json", false, &js, &jl, err) < 0 ||
	    read_result(dir, "samples.tsv", false, &ss, &sl, err) < 0 ||
	    read_result(dir, "events.tsv", true, &es, &el, err) < 0)
		return -1;
	if (lb_plot_run_parse(js, jl, &r, err) < 0)
		return lb_error_wrap(err, "%s", dir);
	if (lb_plot_samples_parse(ss, sl, &s, err) < 0 ||
	    (el && lb_plot_events_parse(es, el, &ev, err) < 0)) {
		lb_error_wrap(err, "%s", dir);
		goto out;
	}
	figure_data_fill(&d, &r, &s, &ev);
	drawn = 0;
	if (!d.n)
		goto out; /* nothing was sampled (a run shorter than one interval) */

	const struct lb_plot_var vars[] = {
	    LB_PLOT_STR("SCENARIO", d.scenario),
	    LB_PLOT_STR("RUN", d.run),
	    LB_PLOT_STR("ENV", d.env),
	    LB_PLOT_STRS("CONTAINERS", d.names, d.n),
	    LB_PLOT_BLOCK("SAMPLES", d.samples),
	    LB_PLOT_NUM("T_MAX", d.t_max),
	    LB_PLOT_NUMS("MEM_LIMITS", d.mem_limits, d.n),
	    LB_PLOT_NUMS("MEM_PEAKS", d.mem_peaks, d.n),
	    LB_PLOT_BLOCK("OOM_KILLS", d.oom),
	    LB_PLOT_BLOCK("STALLS", d.stalls),
	    LB_PLOT_NUMS("CPU_QUOTAS", d.cpu_quotas, d.n),
	    LB_PLOT_STRS("CPUSETS", d.cpusets, d.n),
	    LB_PLOT_NUMS("CPU_WEIGHTS", d.weights, d.n),
	    LB_PLOT_NUMS("SWAPPED", d.swaps, d.n),
	    LB_PLOT_NUMS("PIDS_MAX", d.pids_max, d.n),
	    LB_PLOT_NUMS("MEM_HIGHS", d.mem_highs, d.n),
	    LB_PLOT_BLOCK("PSI", d.psi),
	};
	const char *figs[] = {"mem", "cpu", "pids", "io", "pressure"};
	for (size_t i = 0; i < LB_ARRAY_SIZE(figs); i++) {
		if (i == 2 && !d.has_pids_limit)
			continue;
		if (i == 3 && !d.has_io)
			continue;
		if (i == 4 && !d.has_psi) /* v1, PSI off: no pressure to draw */
			continue;
		if (lb_plot_render(figs[i], dir, vars, LB_ARRAY_SIZE(vars), o, text, err) < 0) {
			lb_error_wrap(err, "%s", dir);
			drawn = -1;
			goto out;
		}
		drawn++;
	}
out:
	figure_data_free(&d);
	lb_plot_run_free(&r);
	lb_plot_samples_free(&s);
	lb_plot_events_free(&ev);
	return drawn;
}

int lb_plot_run_dir(const char *dir, lb_error *err)
{
	const struct lb_plot_opts o = {0};

	return lb_plot_draw_run(dir, &o, NULL, err) < 0 ? -1 : 0;
}
