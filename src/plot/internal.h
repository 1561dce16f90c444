/* SPDX-License-Identifier: MIT */
#ifndef LB_PLOT_INTERNAL_H
#define LB_PLOT_INTERNAL_H

/* What the files of src/plot/ share (and their unit tests use). */

#include <stdio.h>

#include "plot/plot.h"

/*
 * Draw one figure: plots/output.gp + plots/<name>.gp filled with vars, once per format
 * (png and svg into outdir/<name>.png and .svg, each written under a temporary name and
 * renamed when gnuplot succeeded; or dumb, whose text is appended to *text).
 */
int lb_plot_render(const char *name, const char *outdir, const struct lb_plot_var *vars, size_t n,
		   const struct lb_plot_opts *o, char **text, lb_error *err);
/* The same with template plots/<tmpl>.gp drawn into <name>.png/.svg. */
int lb_plot_render_as(const char *tmpl, const char *name, const char *outdir,
		      const struct lb_plot_var *vars, size_t n, const struct lb_plot_opts *o,
		      char **text, lb_error *err);

/*
 * The samples of the given containers as gnuplot data-block lines: one block per container
 * (separated by two blank lines, so `index i` picks one), rows "t mem rss swap cpu pids io_read
 * io_write", NaN where a value is missing.  A series longer than max_points is thinned to about
 * max_points rows keeping each stretch's lowest and highest memory, so that peaks survive.
 */
char *lb_plot_samples_block(const struct lb_plot_series *const *series, size_t n,
			    size_t max_points);

/* The memory of a container at time t: its last sample at or before t (NAN if none). */
double lb_plot_mem_at(const struct lb_plot_series *s, double t);

/* "kernel 6.1.0, cgroup v2 (v2 backend)" from a run's environment. */
char *lb_plot_env_text(const struct lb_plot_run *r);

/*
 * The enforcement figures of a set of runs (a sweep, repeats): for each kind of limit that
 * was swept or repeated, its points as a data block of one block per curve ("limit mean
 * stddev repeats" rows in display units: MiB, cores, tasks) and the curves' names apart, in
 * titles: they come from container names and matrix values, and a data block holds numbers
 * only.  Returns the number of figures; *figs is malloc'd.
 */
struct lb_plot_enf_fig {
	char *name;			    /* enforcement-<param>[-<kind>] or enforcement-<kind> */
	const char *kind;		    /* memory, cpus, pids */
	const char *what, *xlabel, *ylabel; /* text for the template */
	char *points;
	char **titles; /* one per curve: "hog (other=value)" */
	unsigned curves;
	bool errorbars; /* some value was measured more than once */
	double x_max;	/* the largest limit or mean + stddev */
};
size_t lb_plot_enforcement(const struct lb_plot_run *runs, size_t n, struct lb_plot_enf_fig **figs);
void lb_plot_enf_figs_free(struct lb_plot_enf_fig *figs, size_t n);

#endif
