/* SPDX-License-Identifier: MIT */
#ifndef LB_COMPARE_COMPARE_H
#define LB_COMPARE_COMPARE_H

/*
 * Regression gates: `limitbench compare BASELINE CURRENT` and `run --baseline`.
 *
 * Reads finished results only (summary.json files), never live state:
 *
 *   load      a results root (OUT/ with scenario folders), a scenario folder, a run folder
 *             or a summary.json of either kind  ->  struct lb_cmp_set (runs with, per
 *             metric key, the values of every repeat; per expectation, verdict counts)
 *   compare   line the runs of two sets up by run name ("scenario/param=value,...") and
 *             give every metric and expectation a verdict  ->  struct lb_cmp_report
 *   print     the report as a text table or a Markdown table (for a CI comment)
 *
 * How the gate decides (README "Regression gates in CI" says the same for users):
 *
 *   - Verdicts first: an expectation that held in every baseline repeat and fails now is a
 *     regression; one that failed and holds now is an improvement.
 *   - Every figure has a direction (figures.c, one table): lower is better for memory, CPU
 *     time, wall time, throttling, time-to-OOM and an expectation's error; the CPU share of
 *     a quota has no better side (a change either way is one); what a limit was given and
 *     start-up transients (series minima, the rate's max and p95) are not gated.
 *   - A measured figure regresses when its mean moved the bad way by more than the
 *     threshold and, with two or more repeats on both sides, Welch's t-test finds the move
 *     significant (p < alpha); moved the good way, it is an improvement, never a failure.
 *     With one run on a side there is no test: the figure is shown as "untested", not
 *     gated, and the gate is weak (verdicts and exact counters only).
 *   - An exact counter (oom_kills, pids_denied, exit: counted by the kernel or given by
 *     the wait status, not sampled and not timed) regresses when a current value lies
 *     beyond every baseline value on the bad side, with any number of runs.
 *   - Runs whose scenario file (sha256), parameters or limits differ are "scenario
 *     changed", with the differences; figures driven by a limit that differs are not
 *     gated.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/error.h"

/* The values of one metric over the repeats of a run. */
struct lb_cmp_metric {
	char *key;     /* "duration_s", "hog.mem_peak", "hog.rss.max"; "error: TEXT" */
	char *unit;    /* "bytes", "seconds", "cores", "number" */
	bool is_error; /* the error of the expectation TEXT (an approximation: ~ or ==) */
	size_t n;
	double *values;
	double mean, stddev; /* sample (n - 1) standard deviation, 0 for one value */
	double min, max;
};

struct lb_cmp_expect {
	char *text; /* as written after parameter substitution: "max(hog.mem) <= 64M" */
	long pass, fail, error;
};

/* One limit a container was given, as the scenario asked it ("hog", "memory", "100M"). */
struct lb_cmp_limit {
	char *container, *key, *value;
};

/* One run name of one scenario, all its repeats together. */
struct lb_cmp_run {
	char *scenario;	      /* "mem-sweep" */
	char *name;	      /* "mem-sweep/limit=64M" */
	char *sha256;	      /* of the scenario file, the first seen (NULL: not recorded) */
	bool sha_mixed;	      /* repeats from files with different sha256 */
	size_t repeats;	      /* runs recorded under this name */
	size_t measured;      /* of them, runs that measured something (not skipped, not error) */
	size_t broken;	      /* of them, runs that ended in error or timeout */
	size_t stalled;	      /* of them, runs in which limitbench stalled (sampler "stalls") */
	double longest_stall; /* seconds, over those runs */
	bool has_limits;      /* limits were recorded (a summary.json from before they were) */
	struct lb_cmp_limit *limits;
	size_t n_limits;
	struct lb_cmp_metric *metrics;
	size_t n_metrics;
	struct lb_cmp_expect *expects;
	size_t n_expects;
};

struct lb_cmp_set {
	struct lb_cmp_run *runs;
	size_t n_runs, cap_runs;
	size_t n_files; /* summary.json files read */
	char **files;	/* their real paths: a file named twice (the same folder given twice,
			   or through a link) is read once */
	size_t n_seen;
};

/*
 * Load BASELINE or CURRENT.  A file is read as a summary.json.  A run folder is read through
 * its summary.json; a scenario folder through its summary.json, or latest/summary.json when
 * the scenario summary does not list that run (a last `run` of a single run writes no
 * scenario summary); any other folder is a results root: each of its scenario folders so.
 * Unreadable or foreign input is an LB_ERR_USAGE error that names the path.
 */
int lb_compare_load(const char *path, struct lb_cmp_set *set, lb_error *err);

/*
 * Add the runs of one summary.json text (scenario-level: "stats"/"expectations", or one
 * run's: "run"/"containers") to set.  `name` names the text in messages.  A run name that is
 * already in set gets the new repeats appended.
 */
int lb_compare_parse(const char *name, const char *buf, size_t len, struct lb_cmp_set *set,
		     lb_error *err);

/* Whether a scenario summary lists the run of a run summary (same run name and started_at):
 * how a scenario folder tells a stale scenario summary from a current one. */
bool lb_compare_summary_covers(const char *scenario_json, size_t scenario_len, const char *run_json,
			       size_t run_len);

void lb_cmp_set_free(struct lb_cmp_set *set);
void lb_cmp_run_free(struct lb_cmp_run *r);

/* Drop the runs of set whose scenario is not one of names[n] (`run --baseline` compares the
 * scenarios it ran, not everything else the baseline holds). */
void lb_cmp_set_keep_scenarios(struct lb_cmp_set *set, const char *const *names, size_t n);

struct lb_compare_opts {
	double threshold;	   /* relative change that counts, 0.10 for 10% */
	double alpha;		   /* significance level, 0.05 */
	const char *const *ignore; /* fnmatch(3) patterns on KEY or CONTAINER.METRIC */
	size_t n_ignore;
};

#define LB_COMPARE_OPTS_DEFAULT                                                                    \
	{                                                                                          \
		.threshold = 0.10, .alpha = 0.05                                                   \
	}

/* Which way a figure is better (figures.c). */
enum lb_cmp_dir {
	LB_CMP_LOWER,  /* lower is better: memory, CPU time, wall time, throttling... */
	LB_CMP_HIGHER, /* higher is better (no figure today; kept for the table's sake) */
	LB_CMP_EITHER, /* no better side: a change either way is a regression */
};

/* How a figure is gated (figures.c). */
enum lb_cmp_kind {
	LB_CMP_MEASURED,  /* timed or sampled: threshold and, with repeats, Welch's t-test */
	LB_CMP_EXACT,	  /* counted by the kernel or the wait status: any move past the
			     baseline's values counts, with one run too */
	LB_CMP_TRANSIENT, /* set by start-up or by when a sample fell: not gated */
	LB_CMP_GIVEN,	  /* what a limit was given (mem_limit, cpu_quota): not gated; a
			     difference is a changed scenario */
};

/* The limits a figure follows: when one of them differs between the sides, the figure is
 * not gated ("limit changed"). */
enum {
	LB_CMP_RES_MEM = 1 << 0,
	LB_CMP_RES_CPU = 1 << 1,
	LB_CMP_RES_PIDS = 1 << 2,
	LB_CMP_RES_IO = 1 << 3,
	LB_CMP_RES_ANY = 0xff, /* any limit (how a workload ends, how long it runs) */
};

struct lb_cmp_figure {
	const char *name; /* "mem_peak", "cpu_time", "mem.min", "mem.*" */
	enum lb_cmp_dir dir;
	enum lb_cmp_kind kind;
	unsigned res; /* LB_CMP_RES_* */
};

/* The figure a key stands for: "duration_s", "C.SCALAR", "C.SERIES.FN", or an expectation's
 * error (is_error).  Unknown names get {either, measured, any}: gated both ways. */
const struct lb_cmp_figure *lb_cmp_figure_of(const char *key, bool is_error);
/* The whole table (for the docs' tests), n set. */
const struct lb_cmp_figure *lb_cmp_figures(size_t *n);
const char *lb_cmp_dir_name(enum lb_cmp_dir d);	  /* "lower", "higher", "either" */
const char *lb_cmp_kind_name(enum lb_cmp_kind k); /* "measured", "exact", ... */

enum lb_cmp_verdict {
	LB_CMP_OK,	  /* within the threshold (or an exact counter within the baseline's) */
	LB_CMP_NOISE,	  /* beyond the threshold, but not significant */
	LB_CMP_UNTESTED,  /* beyond the threshold, one run on a side: no test, not gated */
	LB_CMP_WORSE,	  /* beyond the threshold the bad way and significant: fails */
	LB_CMP_BETTER,	  /* beyond the threshold the good way and significant: improvement */
	LB_CMP_CHANGED,	  /* no better side, beyond the threshold and significant: fails */
	LB_CMP_UNGATED,	  /* a start-up transient or a limit as given */
	LB_CMP_LIMIT,	  /* follows a limit that differs between the sides: not gated */
	LB_CMP_IGNORED,	  /* matched an --ignore pattern */
	LB_CMP_ONLY_BASE, /* no counterpart in CURRENT */
	LB_CMP_ONLY_CUR,  /* no counterpart in BASELINE */
	/* expectations */
	LB_CMP_HOLDS,  /* held on both sides */
	LB_CMP_BROKEN, /* held in the baseline, fails or errors now: fails the gate */
	LB_CMP_FIXED,  /* failed in the baseline, holds now: an improvement */
	LB_CMP_STILL_FAILS,
	/* runs */
	LB_CMP_RUN_BROKEN, /* ran cleanly in the baseline, ends in error or timeout now: fails */
};

/* The least change of m that counts (a measured figure's change must pass it as well as the
 * threshold): 1M for bytes, 50 ms, 0.05 cores, 0.01 of an expectation's error; 0 for counts. */
double lb_cmp_floor(const struct lb_cmp_metric *m);

/* "ok", "noise", "REGRESSED", ... as the tables print them. */
const char *lb_cmp_verdict_name(enum lb_cmp_verdict v);
bool lb_cmp_verdict_fails(enum lb_cmp_verdict v);
bool lb_cmp_verdict_improves(enum lb_cmp_verdict v);

struct lb_cmp_row {
	enum lb_cmp_verdict verdict;
	bool is_expect;				  /* an expectation row (key is its text) */
	const char *key;			  /* borrowed from the sets */
	const struct lb_cmp_figure *fig;	  /* metric rows */
	const struct lb_cmp_metric *base, *cur;	  /* metric rows; either may be NULL */
	const struct lb_cmp_expect *ebase, *ecur; /* expectation rows */
	double change; /* (cur - base) / |base|; +-INFINITY from 0, NAN when unknown */
	bool tested;   /* Welch's t-test was run (n >= 2 on both sides) */
	double p;      /* its two-sided p-value */
};

/* One line-up of runs: both sides, or one (a run present on only one side). */
struct lb_cmp_pair {
	const struct lb_cmp_run *base, *cur;
	bool by_position; /* names differ: the only unmatched run of the scenario on each side */
	bool weak;	  /* one run (or none measured) on a side: no t-test, so measured figures
			     are not gated; verdicts and exact counters are */
	enum lb_cmp_verdict verdict; /* ONLY_BASE, ONLY_CUR, RUN_BROKEN or OK */
	char **changes;		     /* "scenario changed": what differs, one line each */
	size_t n_changes;
	struct lb_cmp_row *rows;
	size_t n_rows;
};

struct lb_cmp_report {
	struct lb_cmp_pair *pairs;
	size_t n_pairs;
	struct lb_compare_opts opts;
	size_t n_failed;   /* rows and pairs that fail the gate */
	size_t n_improved; /* rows that improved */
	size_t n_compared; /* pairs with both sides */
};

/* Compare; the report borrows from both sets, which must outlive it. */
int lb_compare(const struct lb_cmp_set *base, const struct lb_cmp_set *cur,
	       const struct lb_compare_opts *opts, struct lb_cmp_report *out, lb_error *err);
void lb_cmp_report_free(struct lb_cmp_report *r);

/* Whether KEY is excluded by one of the patterns: fnmatch on KEY, and on CONTAINER.METRIC
 * (KEY without its ".FN" suffix) for a series statistic "C.SERIES.FN". */
bool lb_compare_ignored(const char *key, const char *const *patterns, size_t n);

/* A value in its unit, as tables print it: 104.2M, 1.25s, 0.50 cores, 3. */
const char *lb_cmp_format_value(char *buf, size_t n, double v, const char *unit);

struct lb_cmp_print_opts {
	bool markdown;
	bool only_changes; /* leave out rows that are ok, hold or are ignored (counted instead) */
	const char *base_label, *cur_label; /* shown in the heading */
};

/* A row's finding in one sentence, no newline: "RUN: KEY regressed +50.0% (100M -> 150M, p <
 * 0.001; lower is better)", or what an expectation did. */
void lb_cmp_finding(FILE *out, const struct lb_cmp_pair *p, const struct lb_cmp_row *row);

/* The report as a table, with a heading that names the test and a last line with the result. */
void lb_cmp_print(FILE *out, const struct lb_cmp_report *r, const struct lb_cmp_print_opts *po);

/* The report as JSON (`compare --json`): malloc'd text with a final newline. */
char *lb_cmp_json_text(const struct lb_cmp_report *r, const char *const *base_paths, size_t n_base,
		       const char *const *cur_paths, size_t n_cur, const char *error);

/* The report as JUnit XML (`compare --junit FILE`): one <testsuite> per compared run, one
 * <testcase> per expectation and figure; malloc'd.  error (not NULL): the gate could not
 * decide (nothing compared); one <error> testcase says why. */
char *lb_cmp_junit_text(const struct lb_cmp_report *r, const char *error);

/* What each side holds, one line ("2 runs: mem, pids (from 2 summary.json files)"), for
 * the error of a gate that compared nothing; malloc'd. */
char *lb_cmp_set_describe(const struct lb_cmp_set *set);

/*
 * The whole gate, for `compare` and `run --baseline`: load baseline and current (each one or
 * more paths, loaded into one set: shards or hosts of one suite), compare, print the table
 * (or the JSON) to out, write the JUnit file.  Returns 0 (no regression), 1 (a regression)
 * or -1 with err set: LB_ERR_USAGE for unreadable input, and when no run has results on
 * both sides ("nothing compared", with what each side holds; the table and the files are
 * still written, so a CI page shows it).
 */
struct lb_compare_gate {
	const char *const *baseline;
	size_t n_baseline;
	const char *const *current;
	size_t n_current;
	const char *const *scenarios; /* not NULL: compare only these scenarios' runs */
	size_t n_scenarios;
	struct lb_compare_opts opts;
	struct lb_cmp_print_opts print;
	bool json;	   /* print the JSON report instead of the table */
	const char *junit; /* not NULL: write the JUnit report there */
};
int lb_compare_gate(const struct lb_compare_gate *g, FILE *out, lb_error *err);

/* Whether path loads as results (before a long run is spent on a typo). */
int lb_compare_probe(const char *path, lb_error *err);

/*
 * `run --baseline`: the gate with the default options between baseline and the folders
 * OUT/<name> of the scenarios just run (a scenario that was skipped wrote none: its baseline
 * runs are listed as such); baseline runs of other scenarios are left out.  out NULL: print
 * nothing.  0, 1 or -1 as lb_compare_gate().
 */
int lb_compare_run_gate(const char *baseline, const char *out_root, const char *const *scenarios,
			size_t n, FILE *out, lb_error *err);

#endif
