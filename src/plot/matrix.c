/* SPDX-License-Identifier: MIT */
/*
 * The enforcement curves of a scenario folder.  OUT/<scenario>/summary.json lists the runs
 * of the last `limitbench run` of the scenario (a folder keeps the runs of earlier ones
 * too); each is matched with its run folder (by "folder", else by run name, repeat and start
 * time), whose summary.json holds the limits and what was measured.
 *
 * For each kind of limit (memory, cpus, pids) and each container, the runs give points
 * (limit, measured).  The matrix parameter that drives the limit (the one whose value
 * decides it) names the figure, enforcement-<param>; the other parameters split the points
 * into curves; repeats of one value become mean +/- standard deviation.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot/internal.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

static double x_mem(const struct lb_plot_ctr *c)
{
	return (isfinite(c->ask_memory) ? c->ask_memory : c->mem_limit) / 1048576.0;
}
static double y_mem(const struct lb_plot_ctr *c)
{
	return c->mem_peak / 1048576.0;
}
static double x_cpu(const struct lb_plot_ctr *c)
{
	return isfinite(c->ask_cpus) ? c->ask_cpus : c->cpu_quota;
}
static double y_cpu(const struct lb_plot_ctr *c)
{
	return c->cpu_mean;
}
static double x_pids(const struct lb_plot_ctr *c)
{
	return isfinite(c->ask_pids) ? c->ask_pids : c->pids_max;
}
static double y_pids(const struct lb_plot_ctr *c)
{
	return c->pids_peak;
}

static const struct kind {
	const char *name, *what, *xlabel, *ylabel;
	double (*x)(const struct lb_plot_ctr *c);
	double (*y)(const struct lb_plot_ctr *c);
} kinds[] = {
    {"memory", "the memory limit", "memory limit (MiB)", "peak memory usage, mem_peak (MiB)", x_mem,
     y_mem},
    {"cpus", "the CPU quota", "CPU quota, cpus (cores)", "mean CPU used (cores)", x_cpu, y_cpu},
    {"pids", "the pids limit", "pids limit, pids.max (tasks)", "peak tasks, pids_peak", x_pids,
     y_pids},
};

struct point {
	const struct lb_plot_run *run;
	double x, y;
	char *label; /* the curve it belongs to */
};

struct figure {
	const struct kind *kind;
	const char *driver; /* the parameter, or NULL */
	char *points;	    /* data block text */
	size_t len;
	FILE *f;
	char **titles; /* one per curve */
	size_t cap;
	unsigned curves;
	bool errorbars;
	double x_max;
};

/* The parameter whose value decides x: it takes two values or more, and points with the
 * same value of it have the same x. */
static const char *find_driver(const struct point *p, size_t n)
{
	const struct lb_plot_run *r0 = p[0].run;
	bool x_varies = false;

	for (size_t i = 1; i < n; i++)
		x_varies |= p[i].x != p[0].x;
	if (!x_varies)
		return NULL; /* a fixed limit: nothing drives it */

	for (size_t k = 0; k < r0->n_params; k++) {
		const char *name = r0->params[k].name;
		bool varies = false, decides = true;

		for (size_t i = 0; i < n && decides; i++) {
			const char *vi = lb_plot_run_param(p[i].run, name);

			for (size_t j = 0; j < n && decides; j++) {
				const char *vj = lb_plot_run_param(p[j].run, name);

				if (!vi || !vj) {
					decides = false;
				} else if (strcmp(vi, vj)) {
					varies = true;
				} else if (p[i].x != p[j].x) {
					decides = false;
				}
			}
		}
		if (varies && decides)
			return name;
	}
	return NULL;
}

static int cmp_point(const void *a, const void *b)
{
	const struct point *p = a, *q = b;
	int c = strcmp(p->label, q->label);

	if (c)
		return c;
	return p->x < q->x ? -1 : p->x > q->x;
}

/* A number of the data block, then a space: NaN when it is not finite (a mean that
 * overflowed), which gnuplot skips. */
static void put_num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.10g ", v);
	else
		fputs("NaN ", f);
}

/* The curves of one container's points (sorted by label, then x) into figure fig. */
static void add_curves(struct figure *fig, struct point *p, size_t n, bool *drawable)
{
	size_t max_n = 0;
	bool x_varies = false;

	for (size_t i = 1; i < n; i++)
		x_varies |= p[i].x != p[0].x;
	qsort(p, n, sizeof(*p), cmp_point);
	for (size_t i = 0; i < n;) {
		const char *label = p[i].label;

		if (fig->curves)
			fputs("\n\n", fig->f);
		lb_xgrow(&fig->titles, &fig->cap, fig->curves + 1, sizeof(*fig->titles));
		fig->titles[fig->curves++] = lb_xstrdup(label);
		while (i < n && !strcmp(p[i].label, label)) {
			double x = p[i].x, sum = 0, sq = 0, mean, sd = 0;
			size_t k = 0;

			for (; i + k < n && !strcmp(p[i + k].label, label) && p[i + k].x == x; k++)
				sum += p[i + k].y;
			mean = sum / (double)k;
			for (size_t j = 0; j < k; j++)
				sq += (p[i + j].y - mean) * (p[i + j].y - mean);
			if (k > 1)
				sd = sqrt(sq / (double)(k - 1));
			put_num(fig->f, x);
			put_num(fig->f, mean);
			put_num(fig->f, sd);
			fprintf(fig->f, "%zu\n", k);
			if (x > fig->x_max)
				fig->x_max = x;
			if (mean + sd > fig->x_max)
				fig->x_max = mean + sd;
			if (k > max_n)
				max_n = k;
			i += k;
		}
	}
	if (max_n > 1)
		fig->errorbars = true;
	/* a curve needs two limits, or one limit measured more than once */
	*drawable = x_varies || max_n >= 2;
}

static struct figure *figure_get(struct figure *figs, size_t *n, const struct kind *k,
				 const char *driver)
{
	for (size_t i = 0; i < *n; i++)
		if (figs[i].kind == k &&
		    (figs[i].driver == driver ||
		     (figs[i].driver && driver && !strcmp(figs[i].driver, driver))))
			return &figs[i];
	struct figure *f = &figs[(*n)++];

	memset(f, 0, sizeof(*f));
	f->kind = k;
	f->driver = driver;
	f->f = open_memstream(&f->points, &f->len);
	if (!f->f)
		abort();
	return f;
}

static char *point_label(const struct lb_plot_run *r, const char *ctr, const char *driver)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort();
	bool any = false;

	fputs(ctr, f);
	for (size_t i = 0; i < r->n_params; i++) {
		if (driver && !strcmp(r->params[i].name, driver))
			continue;
		fprintf(f, "%s%s=%s", any ? ", " : " (", r->params[i].name, r->params[i].value);
		any = true;
	}
	if (any)
		fputc(')', f);
	fclose(f);
	return buf;
}

/* The containers of every run, each once, in the order they first appear. */
static size_t ctr_names(const struct lb_plot_run *runs, size_t n, const char ***names)
{
	size_t count = 0, cap = 0;

	*names = NULL;
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < runs[i].n_ctrs; c++) {
			bool seen = false;

			for (size_t k = 0; k < count && !seen; k++)
				seen = !strcmp((*names)[k], runs[i].ctrs[c].name);
			if (seen)
				continue;
			lb_xgrow(names, &cap, count + 1, sizeof(**names));
			(*names)[count++] = runs[i].ctrs[c].name;
		}
	return count;
}

static const struct lb_plot_ctr *find_ctr(const struct lb_plot_run *r, const char *name)
{
	for (size_t i = 0; i < r->n_ctrs; i++)
		if (!strcmp(r->ctrs[i].name, name))
			return &r->ctrs[i];
	return NULL;
}

static void sanitize(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("._-", *s)))
			*s = '_';
}

size_t lb_plot_enforcement(const struct lb_plot_run *runs, size_t n, struct lb_plot_enf_fig **out)
{
	const char **names = NULL;
	size_t n_names = ctr_names(runs, n, &names), n_figs = 0, max_params = 0;
	struct figure *figs;
	struct point *pts = lb_xcalloc(n + 1, sizeof(*pts));

	/* one figure per kind and driver: a parameter, or none */
	for (size_t i = 0; i < n; i++)
		if (runs[i].n_params > max_params)
			max_params = runs[i].n_params;
	figs = lb_xcalloc(LB_ARRAY_SIZE(kinds) * (max_params + 1), sizeof(*figs));
	for (size_t k = 0; k < LB_ARRAY_SIZE(kinds); k++) {
		for (size_t c = 0; c < n_names; c++) {
			size_t np = 0;
			bool drawable;

			for (size_t i = 0; i < n; i++) {
				const struct lb_plot_ctr *ctr = find_ctr(&runs[i], names[c]);

				if (!ctr || !isfinite(kinds[k].x(ctr)) ||
				    !isfinite(kinds[k].y(ctr)))
					continue;
				pts[np++] = (struct point){
				    .run = &runs[i], .x = kinds[k].x(ctr), .y = kinds[k].y(ctr)};
			}
			if (!np)
				continue;
			const char *driver = find_driver(pts, np);
			for (size_t i = 0; i < np; i++)
				pts[i].label = point_label(pts[i].run, names[c], driver);
			struct figure fig_try = {.kind = &kinds[k], .driver = driver};
			/* a dry run tells whether these points make a curve at all */
			fig_try.f = open_memstream(&fig_try.points, &fig_try.len);
			if (!fig_try.f)
				abort();
			add_curves(&fig_try, pts, np, &drawable);
			fclose(fig_try.f);
			free(fig_try.points);
			for (unsigned i = 0; i < fig_try.curves; i++)
				free(fig_try.titles[i]);
			free(fig_try.titles);
			if (drawable) {
				struct figure *fig = figure_get(figs, &n_figs, &kinds[k], driver);
				bool unused;

				add_curves(fig, pts, np, &unused);
			}
			for (size_t i = 0; i < np; i++)
				free(pts[i].label);
		}
	}

	*out = lb_xcalloc(n_figs + 1, sizeof(**out));
	for (size_t i = 0; i < n_figs; i++) {
		struct figure *fig = &figs[i];
		struct lb_plot_enf_fig *o = &(*out)[i];
		size_t same_driver = 0;

		fclose(fig->f);
		for (size_t j = 0; j < n_figs; j++)
			same_driver +=
			    figs[j].driver && fig->driver && !strcmp(figs[j].driver, fig->driver);
		if (!fig->driver)
			o->name = lb_xasprintf("enforcement-%s", fig->kind->name);
		else if (same_driver > 1)
			o->name = lb_xasprintf("enforcement-%s-%s", fig->driver, fig->kind->name);
		else
			o->name = lb_xasprintf("enforcement-%s", fig->driver);
		sanitize(o->name);
		o->kind = fig->kind->name;
		o->what = fig->kind->what;
		o->xlabel = fig->kind->xlabel;
		o->ylabel = fig->kind->ylabel;
		o->points = fig->points;
		o->titles = fig->titles;
		o->curves = fig->curves;
		o->errorbars = fig->errorbars;
		o->x_max = fig->x_max;
	}
	free(figs);
	free(pts);
	free(names);
	return n_figs;
}

void lb_plot_enf_figs_free(struct lb_plot_enf_fig *figs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(figs[i].name);
		free(figs[i].points);
		for (unsigned k = 0; k < figs[i].curves; k++)
			free(figs[i].titles[k]);
		free(figs[i].titles);
	}
	free(figs);
}

/* Draw the figures of the matched runs. */
static int draw_figures(const char *scn_dir, const struct lb_plot_run *runs, size_t n,
			const struct lb_plot_opts *o, char **text, lb_error *err)
{
	struct lb_plot_enf_fig *figs;
	size_t n_figs = lb_plot_enforcement(runs, n, &figs);
	_cleanup_free_ char *env = lb_plot_env_text(&runs[0]);
	const char *scn = runs[0].scenario ? runs[0].scenario : "?";
	int drawn = 0;

	for (size_t i = 0; i < n_figs && drawn >= 0; i++) {
		const struct lb_plot_enf_fig *fig = &figs[i];
		const struct lb_plot_var vars[] = {
		    LB_PLOT_STR("SCENARIO", scn),
		    LB_PLOT_STR("ENV", env),
		    LB_PLOT_STR("WHAT", fig->what),
		    LB_PLOT_STR("NOTE", fig->errorbars ? "mean +/- stddev over the repeats"
						       : "one run per value"),
		    LB_PLOT_STRS("TITLES", (const char *const *)fig->titles, fig->curves),
		    LB_PLOT_NUM("ERRORBARS", fig->errorbars),
		    LB_PLOT_BLOCK("POINTS", fig->points),
		    LB_PLOT_STR("XLABEL", fig->xlabel),
		    LB_PLOT_STR("YLABEL", fig->ylabel),
		    LB_PLOT_NUM("X_MAX", fig->x_max > 0 ? fig->x_max * 1.1 : 1),
		};
		/* the template is enforcement.gp whatever the file is called */
		if (lb_plot_render_as("enforcement", fig->name, scn_dir, vars, LB_ARRAY_SIZE(vars),
				      o, text, err) < 0)
			drawn = -1;
		else
			drawn++;
	}
	lb_plot_enf_figs_free(figs, n_figs);
	return drawn;
}

/* Is run folder r the entry e of the scenario summary's "runs"? */
static bool same_run(const json_t *e, const char *folder, const struct lb_plot_run *r)
{
	const char *f = json_string_value(json_object_get(e, "folder"));
	const char *run = json_string_value(json_object_get(e, "run"));
	const char *at = json_string_value(json_object_get(e, "started_at"));
	json_int_t idx = json_integer_value(json_object_get(json_object_get(e, "repeat"), "index"));
	const char *base = strrchr(folder, '/');

	if (f)
		return !strcmp(f, base ? base + 1 : folder);
	return run && at && r->run && r->started_at && !strcmp(run, r->run) &&
	       !strcmp(at, r->started_at) && idx == (json_int_t)r->repeat_index;
}

/* Append to *runs the runs of scn_dir that its summary.json lists and that measured
 * something.  0 when it has no summary (a scenario run once). */
static int collect_runs(const char *scn_dir, struct lb_plot_run **runs, size_t *n, size_t *cap,
			lb_error *err)
{
	_cleanup_free_ char *path = lb_xasprintf("%s/summary.json", scn_dir);
	_cleanup_free_ char *buf = NULL;
	char **dirs = NULL;
	size_t n_dirs = 0;
	json_error_t jerr;
	json_t *j = NULL, *list;
	int rc = -1;
	size_t len;

	if (lb_read_file(path, &buf, &len, err) < 0) {
		if (err && err->errnum == ENOENT)
			return 0; /* a scenario run once: no curve to draw */
		return -1;
	}
	j = json_loadb(buf, len, 0, &jerr);
	list = json_object_get(j, "runs");
	if (!json_is_array(list)) {
		json_decref(j);
		return lb_error_fail(err, "%s: not the summary of a scenario (no runs)", path);
	}
	if (lb_plot_list_runs(scn_dir, &dirs, &n_dirs, err) < 0)
		goto out;
	for (size_t i = 0; i < n_dirs; i++) {
		_cleanup_free_ char *p = lb_xasprintf("%s/summary.json", dirs[i]);
		_cleanup_free_ char *t = NULL;
		struct lb_plot_run r = {0};
		bool keep = false;
		size_t tl;
		lb_error lerr = {0};

		/* a folder that cannot be read is not one of the runs to draw */
		if (lb_read_file(p, &t, &tl, &lerr) < 0 ||
		    lb_plot_run_parse(t, tl, &r, &lerr) < 0) {
			lb_plot_run_free(&r);
			continue;
		}
		for (size_t k = 0; k < json_array_size(list); k++) {
			const json_t *e = json_array_get(list, k);
			const char *outcome = json_string_value(json_object_get(e, "outcome"));

			if (!same_run(e, dirs[i], &r))
				continue;
			/* nothing was measured in a skipped run or one that could not start */
			keep = !outcome || (strcmp(outcome, "skipped") && strcmp(outcome, "error"));
			break;
		}
		if (!keep) {
			lb_plot_run_free(&r);
			continue;
		}
		lb_xgrow(runs, cap, *n + 1, sizeof(**runs));
		(*runs)[(*n)++] = r;
	}
	rc = 0;
out:
	for (size_t i = 0; i < n_dirs; i++)
		free(dirs[i]);
	free(dirs);
	json_decref(j);
	return rc;
}

int lb_plot_draw_scenarios(const char *const *scn_dirs, size_t n_dirs, const struct lb_plot_opts *o,
			   char **text, lb_error *err)
{
	struct lb_plot_run *runs = NULL;
	size_t n_runs = 0, cap = 0;
	int drawn = -1;

	for (size_t i = 0; i < n_dirs; i++)
		if (collect_runs(scn_dirs[i], &runs, &n_runs, &cap, err) < 0)
			goto out;
	drawn = n_runs ? draw_figures(scn_dirs[0], runs, n_runs, o, text, err) : 0;
out:
	for (size_t i = 0; i < n_runs; i++)
		lb_plot_run_free(&runs[i]);
	free(runs);
	return drawn;
}

int lb_plot_draw_scenario(const char *scn_dir, const struct lb_plot_opts *o, char **text,
			  lb_error *err)
{
	return lb_plot_draw_scenarios(&scn_dir, 1, o, text, err);
}

int lb_plot_scenario_dir(const char *scn_dir, lb_error *err)
{
	const struct lb_plot_opts o = {0};

	return lb_plot_draw_scenario(scn_dir, &o, NULL, err) < 0 ? -1 : 0;
}
