/* SPDX-License-Identifier: MIT */
#ifndef LB_PLOT_PLOT_H
#define LB_PLOT_PLOT_H

/*
 * Plots of finished results (SPEC section 4), drawn by gnuplot at run time.
 *
 *   run folder:      summary.json + samples.tsv + events.tsv
 *                    --read--> lb_plot_run, lb_plot_samples, lb_plot_events
 *                    --fill plots/{output,mem,cpu,pids}.gp--> gnuplot --> mem.png mem.svg ...
 *   scenario folder: summary.json (the runs of the last invocation) + each run's folder
 *                    --> plots/enforcement.gp --> enforcement-<param>.png/.svg
 *
 * Only result files are read, never live state, so `limitbench plot DIR` redraws exactly
 * what `run` drew.  The figures themselves live in the gnuplot templates of plots/; the C
 * code reads the results, turns them into data blocks and values and fills the templates'
 * {{NAME}} placeholders.  gnuplot reads the script on its stdin; its output is captured so
 * a failure can say what gnuplot said.  Nothing here prints.
 */

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* --- reading results (parsers take buffers) ------------------------------------------------ */

/* One container as summary.json describes it; NAN where a number is absent or "max". */
struct lb_plot_ctr {
	char *name;
	double mem_limit;  /* limits_applied.mem_limit, bytes */
	double cpu_quota;  /* limits_applied.cpu_quota, cores */
	double pids_max;   /* limits_applied.pids_max */
	char *cpuset;	   /* limits_applied.cpuset, or NULL */
	double cpu_weight; /* limits_applied.cpu_weight when cpu-shares were asked, else NAN */
	double ask_memory, ask_cpus, ask_pids; /* limits_asked */
	/* measured: metrics.mem_peak, series.cpu.mean, metrics.pids_peak */
	double mem_peak, cpu_mean, pids_peak;
	double mem_high; /* limits_applied.mem_high (v2 memory.high), bytes; NAN: none or max */
};

struct lb_plot_param {
	char *name, *value;
};

/* A run's summary.json, the parts the plots use. */
struct lb_plot_run {
	char *scenario, *run, *outcome, *started_at;
	char *kernel, *cgroup_mode, *backend; /* environment; NULL when absent */
	unsigned repeat_index, repeat_count;
	double duration;
	struct lb_plot_param *params;
	size_t n_params;
	struct lb_plot_ctr *ctrs;
	size_t n_ctrs;
};

int lb_plot_run_parse(const char *json, size_t len, struct lb_plot_run *r, lb_error *err);
void lb_plot_run_free(struct lb_plot_run *r);
/* The value of a parameter of r, or NULL. */
const char *lb_plot_run_param(const struct lb_plot_run *r, const char *name);

/* samples.tsv: one series per container, in the order the containers first appear. */
struct lb_plot_point {
	double t, mem, rss, swap, cpu, pids; /* NAN where the field was empty */
	double io_read, io_write;	     /* bytes/s (i11-io), likewise */
	/* issue 11: memory.stat's anon and file, the psi "some" shares (NAN: not sampled) */
	double mem_anon, mem_file, psi_cpu, psi_mem, psi_io;
};
struct lb_plot_series {
	char *container;
	struct lb_plot_point *p;
	size_t n, cap;
};
struct lb_plot_samples {
	struct lb_plot_series *s;
	size_t n, cap;
};

/* Columns are found by the header's names, so their order does not matter. */
int lb_plot_samples_parse(const char *buf, size_t len, struct lb_plot_samples *out, lb_error *err);
void lb_plot_samples_free(struct lb_plot_samples *s);
const struct lb_plot_series *lb_plot_samples_find(const struct lb_plot_samples *s,
						  const char *container);

/* events.tsv */
struct lb_plot_event {
	double t;
	char *container, *event, *detail;
};
struct lb_plot_events {
	struct lb_plot_event *v;
	size_t n, cap;
};

int lb_plot_events_parse(const char *buf, size_t len, struct lb_plot_events *out, lb_error *err);
void lb_plot_events_free(struct lb_plot_events *e);

/* --- templates ------------------------------------------------------------------------------- */

/*
 * What fills a {{NAME}} placeholder.  Nothing read from a scenario, a result file or the
 * environment may become gnuplot code, so a value says what it is and lb_plot_fill writes
 * it in a form gnuplot never evaluates: text as a single-quoted string (no backquote, macro
 * or escape is processed there), numbers printed here from doubles, data blocks checked to
 * hold numbers only (a line "EOD" in one would end it, and the rest would run as code).
 */
enum lb_plot_kind {
	LB_PLOT_TEXT,	 /* .text: a single-quoted string, 'it''s' */
	LB_PLOT_TEXTS,	 /* .texts[.count]: an array literal of such strings, ['a', 'b'] */
	LB_PLOT_NUMBER,	 /* .num: %.17g, or NaN when not finite */
	LB_PLOT_NUMBERS, /* .nums[.count]: [1, NaN, 2.5] */
	LB_PLOT_DATA,	 /* .text: lines of numbers and NaN separated by spaces, for a data block */
};

struct lb_plot_var {
	const char *name;
	enum lb_plot_kind kind;
	const char *text;
	double num;
	const char *const *texts;
	const double *nums;
	size_t count;
};

#define LB_PLOT_STR(n, s)                                                                          \
	{                                                                                          \
		.name = (n), .kind = LB_PLOT_TEXT, .text = (s)                                     \
	}
#define LB_PLOT_NUM(n, v)                                                                          \
	{                                                                                          \
		.name = (n), .kind = LB_PLOT_NUMBER, .num = (v)                                    \
	}
#define LB_PLOT_BLOCK(n, s)                                                                        \
	{                                                                                          \
		.name = (n), .kind = LB_PLOT_DATA, .text = (s)                                     \
	}
#define LB_PLOT_STRS(n, v, c)                                                                      \
	{                                                                                          \
		.name = (n), .kind = LB_PLOT_TEXTS, .texts = (v), .count = (c)                     \
	}
#define LB_PLOT_NUMS(n, v, c)                                                                      \
	{                                                                                          \
		.name = (n), .kind = LB_PLOT_NUMBERS, .nums = (v), .count = (c)                    \
	}

/*
 * Replace every {{NAME}} of tmpl with the value of the var of that name, written as its kind
 * says.  An unknown name, or a "{{" without its "}}", is an error naming the line: a
 * template and the code that fills it must agree; so is a data block that holds more than
 * numbers.  Returns a malloc'd string, or NULL.
 */
char *lb_plot_fill(const char *tmpl, const struct lb_plot_var *vars, size_t n, lb_error *err);

/*
 * s as a gnuplot string literal shown as it is: single-quoted, where gnuplot processes no
 * backquote, @macro or backslash escape and only '' (a quote) is special.  Control
 * characters, which a single-quoted string cannot hold on one line and an SVG may not hold
 * at all, and bytes that are not UTF-8 are shown as lb_text_term shows them on a terminal
 * (\n, \e, \x01 ...: plain ASCII, which every font has).  Returns a malloc'd string.
 */
char *lb_plot_gp_string(const char *s);

/* 0 when text is fit for a data block: lines of numbers (as strtod reads them, finite) and
 * NaN separated by spaces; -1 otherwise. */
int lb_plot_data_check(const char *text);

/*
 * The folder of the templates: $LIMITBENCH_PLOTS when set, else the first of
 * <exe dir>/plots (./limitbench in the source tree), <exe dir>/../share/limitbench/plots
 * (make install), <exe dir>/../../plots (build/san/limitbench) that holds mem.gp.
 * Returns a malloc'd path, or NULL with an LB_ERR_ENV error.
 */
char *lb_plot_templates_dir(lb_error *err);

/* --- gnuplot --------------------------------------------------------------------------------- */

/*
 * Run gnuplot ($LIMITBENCH_GNUPLOT, else "gnuplot" on PATH; both trusted configuration) with
 * script on its stdin, in folder cwd (NULL: ours), with -d (no initialization file) and an
 * environment of PATH, HOME and the locale only.  *out (when out is not NULL) gets what it
 * printed on stdout.  A missing gnuplot is an
 * LB_ERR_ENV error (lb_plot_missing_gnuplot() tells it apart); a failing script is an
 * LB_ERR_FAILED error quoting gnuplot's stderr.
 */
int lb_plot_gnuplot(const char *script, size_t len, const char *cwd, char **out, lb_error *err);
bool lb_plot_missing_gnuplot(const lb_error *err);
/* The same "gnuplot not found" error, found by searching PATH without running it. */
int lb_plot_gnuplot_check(lb_error *err);

/* --- drawing --------------------------------------------------------------------------------- */

struct lb_plot_opts {
	bool term;	       /* text figures into *text (gnuplot's dumb terminal), no files */
	unsigned cols, rows;   /* size of a text figure; 0: 100 x 30 */
	bool color;	       /* a text figure in ANSI colours (for a terminal) */
	const char *templates; /* folder of the .gp files; NULL: lb_plot_templates_dir() */
};

/*
 * A run folder: mem, cpu and, when a container has a pids limit, pids; each as .png and
 * .svg beside the results (or as text appended to *text with o->term).  Returns the number
 * of figures drawn (0 when the run has no samples), or -1.
 */
int lb_plot_draw_run(const char *dir, const struct lb_plot_opts *o, char **text, lb_error *err);

/*
 * A scenario folder OUT/<scenario>/: the enforcement curves of the runs its summary.json
 * lists (each swept limit against what was measured, mean ± stddev over repeats), as
 * enforcement-<param>.png/.svg in that folder.  Returns the number of figures (0 when no
 * limit was swept or repeated), or -1.
 */
int lb_plot_draw_scenario(const char *scn_dir, const struct lb_plot_opts *o, char **text,
			  lb_error *err);
/* The same from the runs of several folders of one scenario (one per shard or host, as
 * `run --shard` writes them), drawn as one into the first. */
int lb_plot_draw_scenarios(const char *const *scn_dirs, size_t n_dirs, const struct lb_plot_opts *o,
			   char **text, lb_error *err);

/* What `run` calls: the files of one run folder / of a scenario folder, default options. */
int lb_plot_run_dir(const char *dir, lb_error *err);
int lb_plot_scenario_dir(const char *scn_dir, lb_error *err);

/* What a folder is: a run folder (summary.json with "containers"), a scenario folder
 * (summary.json with "runs", or sub-folders that are run folders), or neither. */
enum lb_plot_dir_kind { LB_PLOT_DIR_NONE, LB_PLOT_DIR_RUN, LB_PLOT_DIR_SCENARIO };
enum lb_plot_dir_kind lb_plot_dir_kind(const char *dir);

/* The run folders directly under a scenario folder (not `latest`), sorted; malloc'd paths. */
int lb_plot_list_runs(const char *scn_dir, char ***dirs, size_t *n, lb_error *err);

#endif
