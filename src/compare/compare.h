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
 * A metric fails the gate when it changed by more than the threshold and, when both sides
 * have repeats (n >= 2), Welch's t-test finds the change significant (p < alpha); with one
 * value on either side the threshold alone decides.  An expectation fails the gate when it
 * held in the baseline (passed on every repeat) and fails or errors now.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/error.h"

/* The values of one metric over the repeats of a run. */
struct lb_cmp_metric {
	char *key;  /* "duration_s", "hog.mem_peak", "hog.rss.max" */
	char *unit; /* "bytes", "seconds", "cores", "number" */
	size_t n;
	double *values;
	double mean, stddev; /* sample (n - 1) standard deviation, 0 for one value */
};

struct lb_cmp_expect {
	char *text; /* as written after parameter substitution: "max(hog.mem) <= 64M" */
	long pass, fail, error;
};

/* One run name of one scenario, all its repeats together. */
struct lb_cmp_run {
	char *scenario;	      /* "mem-sweep" */
	char *name;	      /* "mem-sweep/limit=64M" */
	size_t repeats;	      /* runs recorded under this name */
	size_t measured;      /* of them, runs that measured something (not skipped, not error) */
	size_t broken;	      /* of them, runs that ended in error or timeout */
	size_t stalled;	      /* of them, runs in which limitbench stalled (sampler "stalls") */
	double longest_stall; /* seconds, over those runs */
	struct lb_cmp_metric *metrics;
	size_t n_metrics;
	struct lb_cmp_expect *expects;
	size_t n_expects;
};

struct lb_cmp_set {
	struct lb_cmp_run *runs;
	size_t n_runs, cap_runs;
	size_t n_files; /* summary.json files read */
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

enum lb_cmp_verdict {
	LB_CMP_OK,	  /* within the threshold */
	LB_CMP_NOISE,	  /* beyond the threshold, but not significant */
	LB_CMP_CHANGED,	  /* beyond the threshold and significant: fails the gate */
	LB_CMP_IGNORED,	  /* matched an --ignore pattern */
	LB_CMP_ONLY_BASE, /* no counterpart in CURRENT */
	LB_CMP_ONLY_CUR,  /* no counterpart in BASELINE */
	/* expectations */
	LB_CMP_HOLDS,  /* held on both sides */
	LB_CMP_BROKEN, /* held in the baseline, fails or errors now: fails the gate */
	LB_CMP_FIXED,  /* failed in the baseline, holds now */
	LB_CMP_STILL_FAILS,
	/* runs */
	LB_CMP_RUN_BROKEN, /* ran cleanly in the baseline, ends in error or timeout now: fails */
};

/* "ok", "noise", "CHANGED", ... as the tables print them. */
const char *lb_cmp_verdict_name(enum lb_cmp_verdict v);
bool lb_cmp_verdict_fails(enum lb_cmp_verdict v);

struct lb_cmp_row {
	enum lb_cmp_verdict verdict;
	bool is_expect;				  /* an expectation row (key is its text) */
	const char *key;			  /* borrowed from the sets */
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
	enum lb_cmp_verdict verdict; /* ONLY_BASE, ONLY_CUR, RUN_BROKEN or OK */
	struct lb_cmp_row *rows;
	size_t n_rows;
};

struct lb_cmp_report {
	struct lb_cmp_pair *pairs;
	size_t n_pairs;
	struct lb_compare_opts opts;
	size_t n_failed; /* rows and pairs that fail the gate */
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

/* The report as a table, with a heading that names the test and a last line with the result. */
void lb_cmp_print(FILE *out, const struct lb_cmp_report *r, const struct lb_cmp_print_opts *po);

/*
 * The whole gate, for `compare` and `run --baseline`: load baseline (a path) and current
 * (one or more paths, loaded into one set), compare, print the table to out.  Returns 0 (no
 * regression), 1 (a regression) or -1 with err set (LB_ERR_USAGE for unreadable input).
 */
struct lb_compare_gate {
	const char *baseline;
	const char *const *current;
	size_t n_current;
	const char *const *scenarios; /* not NULL: compare only these scenarios' runs */
	size_t n_scenarios;
	struct lb_compare_opts opts;
	struct lb_cmp_print_opts print;
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
