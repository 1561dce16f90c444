/* SPDX-License-Identifier: MIT */
/*
 * The regression gate on fixtures of summaries (tests/fixtures/compare/, numbers in the
 * comments of the generator below each test):
 *
 *   base.json       fx/limit=128M, 3 repeats: mem_peak 100M/101M/99M, duration 1.0/1.1/0.9 s,
 *                   hog.cpu.mean 0.50/0.52/0.48 cores; "max(hog.mem) <= 128M" passes 3/3
 *   same.json       the same                                      -> no regression
 *   noise.json      mem_peak 80M/140M/116M (+12%, Welch p = 0.562), duration +5%
 *                                                                 -> noise, no regression
 *   regressed.json  mem_peak 150M/151M/149M (+50%, p = 4.3e-7)    -> REGRESSED (lower is
 *                                                                    better); the other way
 *                                                                    round: improved
 *   flipped.json    the numbers of base, the expectation fails 2 of 3 -> BROKEN
 *   extra-run.json  base plus fx/limit=256M                       -> only in current, no fail
 *   timeout.json    base with one repeat ending in timeout        -> RUN BROKEN
 *   run.json        one run's summary.json: mem_peak 120M (n = 1) -> untested, not gated
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "compare/compare.h"
#include "junit_schema.h"
#include "util/alloc.h"

static char *fixture_path(const char *name)
{
	/* __FILE__ is tests/unit/test_compare.c, relative to where make runs */
	char *dir = lb_xstrndup(__FILE__, strlen(__FILE__) - strlen("unit/test_compare.c"));
	char *path = lb_xasprintf("%sfixtures/compare/%s", dir, name);

	free(dir);
	return path;
}

static void load(const char *name, struct lb_cmp_set *set)
{
	char *path = fixture_path(name);
	lb_error err = {0};

	if (lb_compare_load(path, set, &err) < 0)
		fail_msg("%s: %s", path, err.msg);
	free(path);
}

/* Compare two fixtures; returns the number of failures, report in *rep (caller frees). */
static size_t compare(const char *a, const char *b, const struct lb_compare_opts *o,
		      struct lb_cmp_set *sa, struct lb_cmp_set *sb, struct lb_cmp_report *rep)
{
	struct lb_compare_opts def = LB_COMPARE_OPTS_DEFAULT;
	lb_error err = {0};

	load(a, sa);
	load(b, sb);
	assert_int_equal(lb_compare(sa, sb, o ? o : &def, rep, &err), 0);
	return rep->n_failed;
}

static const struct lb_cmp_row *row(const struct lb_cmp_report *rep, size_t pair, const char *key)
{
	assert_true(pair < rep->n_pairs);
	for (size_t i = 0; i < rep->pairs[pair].n_rows; i++)
		if (!strcmp(rep->pairs[pair].rows[i].key, key))
			return &rep->pairs[pair].rows[i];
	fail_msg("no row %s", key);
	return NULL;
}

#define COMPARE_CASE(a, b, o)                                                                      \
	struct lb_cmp_set sa = {0}, sb = {0};                                                      \
	struct lb_cmp_report rep = {0};                                                            \
	size_t failed __attribute__((unused)) = compare(a, b, o, &sa, &sb, &rep)

#define COMPARE_END()                                                                              \
	do {                                                                                       \
		lb_cmp_report_free(&rep);                                                          \
		lb_cmp_set_free(&sa);                                                              \
		lb_cmp_set_free(&sb);                                                              \
	} while (0)

static void test_load_scenario_summary(void **state)
{
	struct lb_cmp_set s = {0};

	load("base.json", &s);
	assert_int_equal(s.n_files, 1);
	assert_int_equal(s.n_runs, 1);
	assert_string_equal(s.runs[0].scenario, "fx");
	assert_string_equal(s.runs[0].name, "fx/limit=128M");
	assert_int_equal(s.runs[0].repeats, 3);
	assert_int_equal(s.runs[0].broken, 0);
	assert_int_equal(s.runs[0].n_metrics, 3);
	const struct lb_cmp_metric *m = &s.runs[0].metrics[1];
	assert_string_equal(m->key, "hog.mem_peak");
	assert_string_equal(m->unit, "bytes");
	assert_int_equal(m->n, 3);
	assert_true(m->mean == 100.0 * 1024 * 1024);
	assert_true(fabs(m->stddev - 1024.0 * 1024) < 1e-6); /* s of {99, 100, 101} = 1 */
	assert_int_equal(s.runs[0].n_expects, 1);
	assert_string_equal(s.runs[0].expects[0].text, "max(hog.mem) <= 128M");
	assert_int_equal(s.runs[0].expects[0].pass, 3);
	lb_cmp_set_free(&s);
}

static void test_load_run_summary(void **state)
{
	struct lb_cmp_set s = {0};

	load("run.json", &s);
	assert_int_equal(s.n_runs, 1);
	assert_string_equal(s.runs[0].name, "fx/limit=128M");
	assert_int_equal(s.runs[0].repeats, 1);
	/* duration_s, hog.mem_peak, hog.exit (mem_limit "max" and strings are left out), the
	 * four statistics of the cpu series ("samples" is not a statistic) */
	assert_int_equal(s.runs[0].n_metrics, 7);
	assert_string_equal(s.runs[0].metrics[0].key, "duration_s");
	assert_string_equal(s.runs[0].metrics[1].key, "hog.mem_peak");
	assert_string_equal(s.runs[0].metrics[1].unit, "bytes");
	assert_string_equal(s.runs[0].metrics[2].key, "hog.exit");
	assert_string_equal(s.runs[0].metrics[4].key, "hog.cpu.mean");
	assert_string_equal(s.runs[0].metrics[4].unit, "cores");
	assert_int_equal(s.runs[0].n_expects, 1);
	assert_int_equal(s.runs[0].expects[0].pass, 1);
	lb_cmp_set_free(&s);
}

/* A run summary with nested groups: their metrics are read beside the containers' (and a
 * summary without "groups", from before them, still loads: test_load_run_summary). */
static void test_load_run_summary_groups(void **state)
{
	static const char text[] =
	    "{\"scenario\": {\"name\": \"g\"}, \"run\": \"g\", \"outcome\": \"pass\","
	    " \"containers\": {\"a\": {\"metrics\": {\"cpu_time\": 1.5}, \"group\": \"pod\"}},"
	    " \"groups\": {\"pod\": {\"metrics\": {\"cpu_time\": 1.5, \"oom_kills\": 1},"
	    " \"limits_asked\": {\"memory\": 104857600}}},"
	    " \"expectations\": []}";
	struct lb_cmp_set s = {0};
	lb_error err = {0};

	if (lb_compare_parse("g.json", text, strlen(text), &s, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(s.n_runs, 1);
	assert_int_equal(s.runs[0].n_metrics, 3);
	assert_string_equal(s.runs[0].metrics[0].key, "a.cpu_time");
	assert_string_equal(s.runs[0].metrics[1].key, "pod.cpu_time");
	assert_string_equal(s.runs[0].metrics[1].unit, "seconds");
	assert_string_equal(s.runs[0].metrics[2].key, "pod.oom_kills");
	assert_true(s.runs[0].has_limits);
	lb_cmp_set_free(&s);
}

static void test_load_errors(void **state)
{
	struct lb_cmp_set s = {0};
	lb_error err = {0};
	char *p;

	p = fixture_path("not-json.json");
	assert_int_equal(lb_compare_load(p, &s, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_non_null(strstr(err.msg, "not-json.json:2:"));
	assert_non_null(strstr(err.msg, "not JSON"));
	free(p);
	lb_cmp_set_free(&s);

	p = fixture_path("foreign.json");
	assert_int_equal(lb_compare_load(p, &s, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_non_null(strstr(err.msg, "not a limitbench summary.json"));
	free(p);
	lb_cmp_set_free(&s);

	assert_int_equal(lb_compare_load("/nonexistent/results", &s, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_string_equal(err.msg, "/nonexistent/results: No such file or directory");
	lb_cmp_set_free(&s);

	/* a folder with no summary.json anywhere */
	p = fixture_path("");
	char *empty = lb_xasprintf("%s/../../unit", p);
	assert_int_equal(lb_compare_load(empty, &s, &err), -1);
	assert_non_null(strstr(err.msg, "no summary.json in it or in its folders"));
	free(empty);
	free(p);
	lb_cmp_set_free(&s);
}

static void test_scenario_folder(void **state)
{
	struct lb_cmp_set s = {0};

	/* latest/ is a repeat the scenario summary lists: the summary (3 repeats) is read */
	load("scn-current", &s);
	assert_int_equal(s.n_runs, 1);
	assert_int_equal(s.runs[0].repeats, 3);
	lb_cmp_set_free(&s);
	/* latest/ is a later single run: it is what the folder holds now */
	load("scn-stale", &s);
	assert_int_equal(s.n_runs, 1);
	assert_int_equal(s.runs[0].repeats, 1);
	assert_int_equal(s.runs[0].metrics[1].n, 1);
	assert_true(s.runs[0].metrics[1].mean == 120.0 * 1024 * 1024);
	lb_cmp_set_free(&s);
	/* a results root holding both scenario folders (and files that are not folders), and
	 * shards/ holding two results roots (s1/fx with 3 repeats, s2/fx with 1) */
	load("", &s);
	assert_int_equal(s.n_files, 4);
	lb_cmp_set_free(&s);
}

static void test_summary_covers(void **state)
{
	const char *scn = "{\"runs\":[{\"run\":\"s/a=1\",\"started_at\":\"T1\"},"
			  "{\"run\":\"s/a=2\",\"started_at\":\"T2\"}]}";
	const char *in = "{\"run\":\"s/a=2\",\"started_at\":\"T2\"}";
	const char *later = "{\"run\":\"s/a=2\",\"started_at\":\"T3\"}";
	const char *other = "{\"run\":\"s/a=3\",\"started_at\":\"T1\"}";
	const char *never = "{\"run\":\"s/a=3\",\"started_at\":null}";

	assert_true(lb_compare_summary_covers(scn, strlen(scn), in, strlen(in)));
	assert_false(lb_compare_summary_covers(scn, strlen(scn), later, strlen(later)));
	assert_false(lb_compare_summary_covers(scn, strlen(scn), other, strlen(other)));
	assert_true(lb_compare_summary_covers(scn, strlen(scn), never, strlen(never)));
}

static void test_same(void **state)
{
	COMPARE_CASE("base.json", "same.json", NULL);
	assert_int_equal(failed, 0);
	assert_int_equal(rep.n_pairs, 1);
	assert_false(rep.pairs[0].by_position);
	assert_int_equal(row(&rep, 0, "max(hog.mem) <= 128M")->verdict, LB_CMP_HOLDS);
	const struct lb_cmp_row *r = row(&rep, 0, "hog.mem_peak");
	assert_int_equal(r->verdict, LB_CMP_OK);
	assert_true(r->change == 0.0);
	assert_true(r->tested);
	assert_true(r->p == 1.0);
	COMPARE_END();
}

static void test_within_noise(void **state)
{
	COMPARE_CASE("base.json", "noise.json", NULL);
	assert_int_equal(failed, 0);
	const struct lb_cmp_row *r = row(&rep, 0, "hog.mem_peak");
	/* +12% is beyond the 10% threshold, but the spread makes it noise (p = 0.562) */
	assert_true(fabs(r->change - 0.12) < 1e-12);
	assert_true(r->tested);
	assert_true(fabs(r->p - 0.5624633383953849) < 1e-9);
	assert_int_equal(r->verdict, LB_CMP_NOISE);
	r = row(&rep, 0, "duration_s");
	assert_true(fabs(r->change - 0.05) < 1e-12);
	assert_int_equal(r->verdict, LB_CMP_OK);
	COMPARE_END();
}

static void test_regressed(void **state)
{
	COMPARE_CASE("base.json", "regressed.json", NULL);
	assert_int_equal(failed, 1);
	const struct lb_cmp_row *r = row(&rep, 0, "hog.mem_peak");
	assert_true(fabs(r->change - 0.5) < 1e-12);
	assert_true(fabs(r->p - 4.259092087164682e-07) < 1e-12);
	assert_int_equal(r->verdict, LB_CMP_WORSE);
	assert_int_equal(rep.n_improved, 0);
	assert_int_equal(row(&rep, 0, "duration_s")->verdict, LB_CMP_OK);
	COMPARE_END();
}

static void test_threshold(void **state)
{
	/* +50% is within a 60% threshold; the noise case's +12% is beyond 5% but still noise */
	struct lb_compare_opts o = {.threshold = 0.60, .alpha = 0.05};
	COMPARE_CASE("base.json", "regressed.json", &o);
	assert_int_equal(failed, 0);
	assert_int_equal(row(&rep, 0, "hog.mem_peak")->verdict, LB_CMP_OK);
	COMPARE_END();
}

static void test_expectation_flipped(void **state)
{
	COMPARE_CASE("base.json", "flipped.json", NULL);
	assert_int_equal(failed, 1);
	assert_int_equal(row(&rep, 0, "max(hog.mem) <= 128M")->verdict, LB_CMP_BROKEN);
	assert_int_equal(row(&rep, 0, "hog.mem_peak")->verdict, LB_CMP_OK);
	COMPARE_END();
}

static void test_expectation_fixed(void **state)
{
	/* the other way round: failed in the baseline, holds now: not a regression */
	COMPARE_CASE("flipped.json", "base.json", NULL);
	assert_int_equal(failed, 0);
	assert_int_equal(row(&rep, 0, "max(hog.mem) <= 128M")->verdict, LB_CMP_FIXED);
	assert_int_equal(rep.n_improved, 1);
	COMPARE_END();
}

static void test_ignore(void **state)
{
	static const char *const pats[] = {"*.mem_peak"};
	struct lb_compare_opts o = {
	    .threshold = 0.10, .alpha = 0.05, .ignore = pats, .n_ignore = 1};
	COMPARE_CASE("base.json", "regressed.json", &o);
	assert_int_equal(failed, 0);
	assert_int_equal(row(&rep, 0, "hog.mem_peak")->verdict, LB_CMP_IGNORED);
	COMPARE_END();
}

static void test_ignored_patterns(void **state)
{
	static const char *const p1[] = {"hog.cpu"};
	static const char *const p2[] = {"duration_s", "*.rss.*"};
	static const char *const p3[] = {"hog.mem"};

	/* CONTAINER.METRIC of a series statistic */
	assert_true(lb_compare_ignored("hog.cpu.max", p1, 1));
	assert_true(lb_compare_ignored("hog.cpu.p95", p1, 1));
	assert_false(lb_compare_ignored("hog.cpu_time", p1, 1));
	/* the key itself */
	assert_true(lb_compare_ignored("duration_s", p2, 2));
	assert_true(lb_compare_ignored("web.rss.mean", p2, 2));
	assert_false(lb_compare_ignored("web.mem.mean", p2, 2));
	/* a scalar is matched whole: hog.mem is not hog.mem_peak */
	assert_false(lb_compare_ignored("hog.mem_peak", p3, 1));
	assert_true(lb_compare_ignored("hog.mem.max", p3, 1));
	assert_false(lb_compare_ignored("hog.mem.max", NULL, 0));
}

static void test_run_only_on_one_side(void **state)
{
	COMPARE_CASE("base.json", "extra-run.json", NULL);
	assert_int_equal(failed, 0);
	assert_int_equal(rep.n_pairs, 2);
	assert_null(rep.pairs[1].base);
	assert_string_equal(rep.pairs[1].cur->name, "fx/limit=256M");
	assert_int_equal(rep.pairs[1].verdict, LB_CMP_ONLY_CUR);
	COMPARE_END();
}

static void test_run_broken(void **state)
{
	COMPARE_CASE("base.json", "timeout.json", NULL);
	assert_int_equal(failed, 1);
	assert_int_equal(rep.pairs[0].verdict, LB_CMP_RUN_BROKEN);
	COMPARE_END();
}

static void test_one_run_untested(void **state)
{
	/* run.json has n = 1: +20% on mem_peak is beyond the threshold, but with one run on a
	 * side there is no test of it: untested, not a failure, and the pair says it is weak */
	COMPARE_CASE("base.json", "run.json", NULL);
	const struct lb_cmp_row *r = row(&rep, 0, "hog.mem_peak");
	assert_false(r->tested);
	assert_true(fabs(r->change - 0.2) < 1e-12);
	assert_int_equal(r->verdict, LB_CMP_UNTESTED);
	assert_true(rep.pairs[0].weak);
	/* metrics on one side only are listed, not failures */
	assert_int_equal(row(&rep, 0, "hog.exit")->verdict, LB_CMP_ONLY_CUR);
	assert_int_equal(row(&rep, 0, "hog.cpu.mean")->verdict, LB_CMP_OK); /* 0.50 -> 0.51 */
	assert_int_equal(failed, 0);
	COMPARE_END();
}

static void test_pairs_by_position(void **state)
{
	/* Same scenario, other parameters: the only run on each side pairs. */
	struct lb_cmp_set a = {0}, b = {0};
	struct lb_compare_opts o = LB_COMPARE_OPTS_DEFAULT;
	struct lb_cmp_report rep = {0};
	lb_error err = {0};
	const char *ra = "{\"scenario\":{\"name\":\"s\"},\"runs\":[{\"run\":\"s/alloc=20M\","
			 "\"outcome\":\"pass\"}],\"stats\":{\"s/alloc=20M\":{\"hog.mem_peak\":"
			 "{\"unit\":\"bytes\",\"values\":[20971520]}}},\"expectations\":{}}";
	const char *rb = "{\"scenario\":{\"name\":\"s\"},\"runs\":[{\"run\":\"s/alloc=60M\","
			 "\"outcome\":\"pass\"}],\"stats\":{\"s/alloc=60M\":{\"hog.mem_peak\":"
			 "{\"unit\":\"bytes\",\"values\":[62914560]}}},\"expectations\":{}}";

	assert_int_equal(lb_compare_parse("a", ra, strlen(ra), &a, &err), 0);
	assert_int_equal(lb_compare_parse("b", rb, strlen(rb), &b, &err), 0);
	assert_int_equal(lb_compare(&a, &b, &o, &rep, &err), 0);
	assert_int_equal(rep.n_pairs, 1);
	assert_true(rep.pairs[0].by_position);
	assert_int_equal(rep.n_failed, 0); /* one run a side: untested */
	assert_true(fabs(row(&rep, 0, "hog.mem_peak")->change - 2.0) < 1e-12);
	/* the scenario changed: its parameters */
	assert_int_equal(rep.pairs[0].n_changes, 1);
	assert_string_equal(rep.pairs[0].changes[0], "parameters: s/alloc=20M -> s/alloc=60M");
	lb_cmp_report_free(&rep);
	lb_cmp_set_free(&a);

	/* With two runs of the scenario on a side nothing pairs by position. */
	const char *rc = "{\"scenario\":{\"name\":\"s\"},\"runs\":[{\"run\":\"s/alloc=20M\"},"
			 "{\"run\":\"s/alloc=40M\"}],\"stats\":{},\"expectations\":{}}";
	assert_int_equal(lb_compare_parse("c", rc, strlen(rc), &a, &err), 0);
	assert_int_equal(lb_compare(&a, &b, &o, &rep, &err), 0);
	assert_int_equal(rep.n_pairs, 3);
	assert_int_equal(rep.pairs[0].verdict, LB_CMP_ONLY_BASE);
	assert_int_equal(rep.pairs[1].verdict, LB_CMP_ONLY_BASE);
	assert_int_equal(rep.pairs[2].verdict, LB_CMP_ONLY_CUR);
	assert_int_equal(rep.n_failed, 0);
	lb_cmp_report_free(&rep);
	lb_cmp_set_free(&a);
	lb_cmp_set_free(&b);
}

static void test_keep_scenarios(void **state)
{
	/* run --baseline keeps the baseline runs of the scenarios it ran */
	struct lb_cmp_set s = {0};
	lb_error err = {0};
	const char *a = "{\"scenario\":{\"name\":\"a\"},\"runs\":[{\"run\":\"a\"}],\"stats\":{},"
			"\"expectations\":{}}";
	const char *b = "{\"scenario\":{\"name\":\"b\"},\"runs\":[{\"run\":\"b/x=1\"},"
			"{\"run\":\"b/x=2\"}],\"stats\":{},\"expectations\":{}}";
	static const char *const keep[] = {"b", "c"};

	assert_int_equal(lb_compare_parse("a", a, strlen(a), &s, &err), 0);
	assert_int_equal(lb_compare_parse("b", b, strlen(b), &s, &err), 0);
	assert_int_equal(s.n_runs, 3);
	lb_cmp_set_keep_scenarios(&s, keep, 2);
	assert_int_equal(s.n_runs, 2);
	assert_string_equal(s.runs[0].name, "b/x=1");
	assert_string_equal(s.runs[1].name, "b/x=2");
	lb_cmp_set_keep_scenarios(&s, NULL, 0);
	assert_int_equal(s.n_runs, 0);
	lb_cmp_set_free(&s);
}

static char *print(const struct lb_cmp_report *rep, const struct lb_cmp_print_opts *po)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	lb_cmp_print(f, rep, po);
	fclose(f);
	return buf;
}

static void test_markdown(void **state)
{
	struct lb_cmp_print_opts po = {.markdown = true, .base_label = "base", .cur_label = "cur"};
	COMPARE_CASE("base.json", "flipped.json", NULL);
	char *out = print(&rep, &po);
	assert_string_equal(
	    out,
	    "### limitbench compare\n"
	    "\n"
	    "- baseline: `base`\n"
	    "- current:  `cur`\n"
	    "\n"
	    "Expectations first: one that held in every baseline repeat and fails now is a "
	    "regression, one that failed and holds now an improvement.  A figure regresses when "
	    "its mean moved the "
	    "bad way (column \"better\") by more than 10% and, with repeats on both sides (n >= "
	    "2), Welch's t-test (two-sided) gives p < 0.05; with one run on a side only exact "
	    "counters (oom_kills, pids_denied, exit) and verdicts decide.  Start-up transients, "
	    "limits as given and figures of a changed limit are not gated.\n"
	    "\n"
	    "#### `fx/limit=128M` — baseline 3 runs, current 3 runs\n"
	    "\n"
	    "| metric | baseline | current | change | p | better | verdict |\n"
	    "| --- | ---: | ---: | ---: | ---: | --- | --- |\n"
	    "| `max(hog.mem) <= 128M` | pass 3/3 | fail 2/3 |  |  |  | REGRESSED |\n"
	    "| `duration_s` | 1s ± 100ms | 1s ± 100ms | +0.0% | 1.000 | lower | ok |\n"
	    "| `hog.mem_peak` | 100M ± 1M | 100M ± 1M | +0.0% | 1.000 | lower | ok |\n"
	    "| `hog.cpu.mean` | 0.50 cores ± 0.02 | 0.50 cores ± 0.02 | +0.0% | 1.000 | either | "
	    "ok |\n"
	    "\n"
	    "**FAIL**: 1 regression:\n"
	    "- `fx/limit=128M`: expectation `max(hog.mem) <= 128M` held in the baseline (pass "
	    "3/3), now fail 2/3\n");
	free(out);
	COMPARE_END();
}

static void test_text_only_changes(void **state)
{
	struct lb_cmp_print_opts po = {.only_changes = true};
	COMPARE_CASE("base.json", "regressed.json", NULL);
	char *out = print(&rep, &po);
	assert_non_null(
	    strstr(out, "\nfx/limit=128M  baseline 3 runs, current 3 runs\n"
			"  METRIC         BASELINE    CURRENT  CHANGE       P  BETTER  VERDICT\n"
			"  hog.mem_peak  100M ± 1M  150M ± 1M  +50.0%  <0.001  lower   "
			"REGRESSED\n"
			"  (3 rows within the threshold, not gated or ignored not shown)\n"));
	assert_non_null(strstr(out, "FAIL: 1 regression:\n"
				    "  fx/limit=128M: hog.mem_peak regressed +50.0% (100M ± 1M -> "
				    "150M ± 1M, p < 0.001; lower is better)\n"));
	free(out);
	COMPARE_END();
}

static void test_markdown_escapes_pipes(void **state)
{
	struct lb_cmp_set a = {0};
	struct lb_compare_opts o = LB_COMPARE_OPTS_DEFAULT;
	struct lb_cmp_print_opts po = {.markdown = true};
	struct lb_cmp_report rep = {0};
	lb_error err = {0};
	const char *r = "{\"scenario\":{\"name\":\"s\"},\"runs\":[{\"run\":\"s\"}],\"stats\":{},"
			"\"expectations\":{\"s\":{\"a.exit == 0 || b.exit == 0\":{\"pass\":1}}}}";

	assert_int_equal(lb_compare_parse("a", r, strlen(r), &a, &err), 0);
	assert_int_equal(lb_compare(&a, &a, &o, &rep, &err), 0);
	char *out = print(&rep, &po);
	assert_non_null(strstr(out, "| `a.exit == 0 \\|\\| b.exit == 0` | pass 1/1 | pass 1/1 |"));
	assert_non_null(strstr(out, "**OK**: no regression: 1 run compared\n"));
	free(out);
	lb_cmp_report_free(&rep);
	lb_cmp_set_free(&a);
}

/* Names and expectations from a hostile summary: in Markdown each is one code span (no
 * link, image, HTML, @mention or table cell of its own), on a terminal one line without
 * escape sequences. */
static void test_hostile_names(void **state)
{
	struct lb_cmp_set a = {0}, b = {0};
	struct lb_compare_opts o = LB_COMPARE_OPTS_DEFAULT;
	struct lb_cmp_print_opts md = {.markdown = true}, text = {0};
	struct lb_cmp_report rep = {0};
	lb_error err = {0};
	/* run "s/x=a`b|c\n# h <img src=x> @someone [l](http://e)\e[31m", expectation "``|``" */
	const char *ra = "{\"scenario\":{\"name\":\"s\"},\"runs\":[{\"run\":\"s/x=a`b|c\\n# h "
			 "<img src=x> @someone [l](http://e)\\u001b[31m\",\"outcome\":\"pass\"}],"
			 "\"stats\":{},\"expectations\":{\"s/x=a`b|c\\n# h <img src=x> @someone "
			 "[l](http://e)\\u001b[31m\":{\"``|``\":{\"pass\":1}}}}";
	const char *rb = "{\"scenario\":{\"name\":\"s\"},\"runs\":[{\"run\":\"s/x=a`b|c\\n# h "
			 "<img src=x> @someone [l](http://e)\\u001b[31m\",\"outcome\":\"pass\"}],"
			 "\"stats\":{},\"expectations\":{\"s/x=a`b|c\\n# h <img src=x> @someone "
			 "[l](http://e)\\u001b[31m\":{\"``|``\":{\"fail\":1}}}}";

	assert_int_equal(lb_compare_parse("a", ra, strlen(ra), &a, &err), 0);
	assert_int_equal(lb_compare_parse("b", rb, strlen(rb), &b, &err), 0);
	assert_int_equal(lb_compare(&a, &b, &o, &rep, &err), 0);
	char *out = print(&rep, &md);
	/* the heading: a fence of two backquotes around a text with one; the line break and
	 * ESC shown as \n and \e */
	assert_non_null(strstr(out, "\n#### ``s/x=a`b|c\\n# h <img src=x> @someone "
				    "[l](http://e)\\e[31m`` — baseline 1 run"));
	/* the cell: a fence of three around ``, spaces apart from the inner ones, | escaped */
	assert_non_null(strstr(out, "| ``` ``\\|`` ``` | pass 1/1 | fail 1/1 |"));
	/* the failure line: the same spans, | as it is outside a table */
	assert_non_null(strstr(out, "- ``s/x=a`b|c\\n# h <img src=x> @someone [l](http://e)"
				    "\\e[31m``: expectation ``` ``|`` ``` held in the baseline"));
	assert_null(strchr(out, '\033'));
	free(out);
	out = print(&rep, &text);
	assert_non_null(strstr(out, "\ns/x=a`b|c\\n# h <img src=x> @someone [l](http://e)"
				    "\\e[31m  baseline 1 run"));
	assert_null(strchr(out, '\033'));
	free(out);
	lb_cmp_report_free(&rep);
	lb_cmp_set_free(&a);
	lb_cmp_set_free(&b);
}

/* A stalled run is counted on its side, from either kind of summary, and the table says so
 * under the run's heading; it changes no verdict. */
static void test_stalls(void **state)
{
	struct lb_cmp_set a = {0}, b = {0};
	struct lb_compare_opts o = LB_COMPARE_OPTS_DEFAULT;
	struct lb_cmp_print_opts po = {0};
	struct lb_cmp_report rep = {0};
	lb_error err = {0};
	const char *ra = "{\"scenario\":{\"name\":\"s\"},\"runs\":[{\"run\":\"s\",\"outcome\":"
			 "\"pass\",\"stalls\":0},{\"run\":\"s\",\"outcome\":\"pass\",\"stalls\":2,"
			 "\"longest_stall_s\":0.25}],\"stats\":{},\"expectations\":{}}";
	const char *rb = "{\"scenario\":{\"name\":\"s\"},\"run\":\"s\",\"outcome\":\"pass\","
			 "\"containers\":{},\"expectations\":[],\"sampler\":{\"samples\":9,"
			 "\"stalls\":1,\"longest_stall_s\":0.834}}";

	assert_int_equal(lb_compare_parse("a", ra, strlen(ra), &a, &err), 0);
	assert_int_equal(lb_compare_parse("b", rb, strlen(rb), &b, &err), 0);
	assert_int_equal(a.runs[0].repeats, 2);
	assert_int_equal(a.runs[0].stalled, 1);
	assert_true(a.runs[0].longest_stall == 0.25);
	assert_int_equal(b.runs[0].stalled, 1);
	assert_true(b.runs[0].longest_stall == 0.834);
	assert_int_equal(lb_compare(&a, &b, &o, &rep, &err), 0);
	assert_int_equal(rep.n_failed, 0);
	char *out = print(&rep, &po);
	assert_non_null(
	    strstr(out, "\ns  baseline 2 runs, current 1 run\n"
			"  one run on a side: the gate is weak (no t-test): only verdicts and "
			"exact counters decide; run with --repeat 3 or more\n"
			"  limitbench stalled in 1 of 2 baseline and 1 of 1 current runs "
			"(up to 0.83 s): CPU figures measured across a stall can be off\n"));
	free(out);
	lb_cmp_report_free(&rep);
	lb_cmp_set_free(&a);
	lb_cmp_set_free(&b);

	/* No stall on either side: no such line. */
	load("base.json", &a);
	load("same.json", &b);
	assert_int_equal(a.runs[0].stalled, 0);
	assert_int_equal(lb_compare(&a, &b, &o, &rep, &err), 0);
	out = print(&rep, &po);
	assert_null(strstr(out, "stalled"));
	free(out);
	lb_cmp_report_free(&rep);
	lb_cmp_set_free(&a);
	lb_cmp_set_free(&b);
}

/* ---- directions, noise, changed scenarios ---- */

static void test_improvement(void **state)
{
	/* regressed -> base: mem_peak -33%, significant: improved, never a failure */
	COMPARE_CASE("regressed.json", "base.json", NULL);
	assert_int_equal(failed, 0);
	assert_int_equal(rep.n_improved, 1);
	const struct lb_cmp_row *r = row(&rep, 0, "hog.mem_peak");
	assert_true(r->change < -0.3);
	assert_int_equal(r->verdict, LB_CMP_BETTER);
	assert_true(lb_cmp_verdict_improves(r->verdict));
	assert_false(lb_cmp_verdict_fails(r->verdict));
	COMPARE_END();
}

static void test_figure_table(void **state)
{
	const struct lb_cmp_figure *f;
	size_t n;

	f = lb_cmp_figure_of("hog.mem_peak", false);
	assert_int_equal(f->dir, LB_CMP_LOWER);
	assert_int_equal(f->kind, LB_CMP_MEASURED);
	assert_int_equal(f->res, LB_CMP_RES_MEM);
	assert_int_equal(lb_cmp_figure_of("duration_s", false)->dir, LB_CMP_LOWER);
	assert_int_equal(lb_cmp_figure_of("c.cpu_time", false)->dir, LB_CMP_LOWER);
	assert_int_equal(lb_cmp_figure_of("c.wall", false)->dir, LB_CMP_LOWER);
	assert_int_equal(lb_cmp_figure_of("c.throttled", false)->dir, LB_CMP_LOWER);
	assert_int_equal(lb_cmp_figure_of("c.oom_time", false)->dir, LB_CMP_LOWER);
	assert_int_equal(lb_cmp_figure_of("c.oom_kills", false)->kind, LB_CMP_EXACT);
	assert_int_equal(lb_cmp_figure_of("c.pids_denied", false)->kind, LB_CMP_EXACT);
	assert_int_equal(lb_cmp_figure_of("c.exit", false)->kind, LB_CMP_EXACT);
	assert_int_equal(lb_cmp_figure_of("c.exit", false)->dir, LB_CMP_EITHER);
	assert_int_equal(lb_cmp_figure_of("c.mem_max_hits", false)->kind, LB_CMP_MEASURED);
	/* start-up transients */
	assert_int_equal(lb_cmp_figure_of("c.mem.min", false)->kind, LB_CMP_TRANSIENT);
	assert_int_equal(lb_cmp_figure_of("c.pids.min", false)->kind, LB_CMP_TRANSIENT);
	assert_int_equal(lb_cmp_figure_of("c.cpu.max", false)->kind, LB_CMP_TRANSIENT);
	assert_int_equal(lb_cmp_figure_of("c.cpu.p95", false)->kind, LB_CMP_TRANSIENT);
	/* series statistics */
	assert_int_equal(lb_cmp_figure_of("c.cpu.mean", false)->dir, LB_CMP_EITHER);
	assert_int_equal(lb_cmp_figure_of("c.rss.max", false)->dir, LB_CMP_LOWER);
	assert_int_equal(lb_cmp_figure_of("c.mem.p95", false)->res, LB_CMP_RES_MEM);
	/* limits as given */
	assert_int_equal(lb_cmp_figure_of("c.mem_limit", false)->kind, LB_CMP_GIVEN);
	assert_int_equal(lb_cmp_figure_of("c.mem_high", false)->kind, LB_CMP_GIVEN);
	assert_int_equal(lb_cmp_figure_of("c.mem_high_events", false)->kind, LB_CMP_MEASURED);
	assert_int_equal(lb_cmp_figure_of("c.oom_events", false)->kind, LB_CMP_EXACT);
	assert_int_equal(lb_cmp_figure_of("c.cpu_quota", false)->kind, LB_CMP_GIVEN);
	/* a name the table does not know: gated both ways; an expectation's error: lower */
	f = lb_cmp_figure_of("c.brand_new", false);
	assert_int_equal(f->dir, LB_CMP_EITHER);
	assert_int_equal(f->kind, LB_CMP_MEASURED);
	f = lb_cmp_figure_of("error: mean(c.cpu) ~ 0.5 ± 5%", true);
	assert_int_equal(f->dir, LB_CMP_LOWER);
	assert_int_equal(f->kind, LB_CMP_MEASURED);
	/* every entry of the table has a direction and a kind the docs name */
	const struct lb_cmp_figure *t = lb_cmp_figures(&n);
	assert_true(n > 20);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(lb_cmp_dir_name(t[i].dir));
		assert_non_null(lb_cmp_kind_name(t[i].kind));
	}
}

/* A run summary of scenario "s" (file sha), container c with the given JSON members. */
static void add_run(struct lb_cmp_set *set, const char *sha, const char *limits,
		    const char *metrics, const char *series, const char *exps)
{
	lb_error err = {0};
	char *j = lb_xasprintf(
	    "{\"scenario\":{\"name\":\"s\",\"sha256\":\"%s\"},\"run\":\"s\",\"outcome\":\"pass\","
	    "\"duration_s\":1.0,\"containers\":{\"c\":{\"limits_asked\":{%s},\"metrics\":{%s},"
	    "\"series\":{%s}}},\"expectations\":[%s]}",
	    sha, limits, metrics, series, exps);

	if (lb_compare_parse("inline", j, strlen(j), set, &err) < 0)
		fail_msg("%s", err.msg);
	free(j);
}

static void compare_sets(struct lb_cmp_set *a, struct lb_cmp_set *b, struct lb_cmp_report *rep)
{
	struct lb_compare_opts o = LB_COMPARE_OPTS_DEFAULT;
	lb_error err = {0};

	assert_int_equal(lb_compare(a, b, &o, rep, &err), 0);
}

static void free_all(struct lb_cmp_set *a, struct lb_cmp_set *b, struct lb_cmp_report *rep)
{
	lb_cmp_report_free(rep);
	lb_cmp_set_free(a);
	lb_cmp_set_free(b);
}

static void test_exact_counters_one_run(void **state)
{
	struct lb_cmp_set a = {0}, b = {0};
	struct lb_cmp_report rep = {0};

	/* One run a side: oom_kills 1 -> 2 regresses, pids_denied 3 -> 1 improves, exit 0 -> 1
	 * changed (no better side); mem_peak +50% is untested. */
	add_run(&a, "x", "", "\"oom_kills\":1,\"pids_denied\":3,\"exit\":0,\"mem_peak\":104857600",
		"", "");
	add_run(&b, "x", "", "\"oom_kills\":2,\"pids_denied\":1,\"exit\":1,\"mem_peak\":157286400",
		"", "");
	compare_sets(&a, &b, &rep);
	assert_true(rep.pairs[0].weak);
	assert_int_equal(row(&rep, 0, "c.oom_kills")->verdict, LB_CMP_WORSE);
	assert_int_equal(row(&rep, 0, "c.pids_denied")->verdict, LB_CMP_BETTER);
	assert_int_equal(row(&rep, 0, "c.exit")->verdict, LB_CMP_CHANGED);
	assert_int_equal(row(&rep, 0, "c.mem_peak")->verdict, LB_CMP_UNTESTED);
	assert_int_equal(rep.n_failed, 2);
	assert_int_equal(rep.n_improved, 1);
	free_all(&a, &b, &rep);

	/* With repeats: a current value within what the baseline saw is no change. */
	add_run(&a, "x", "", "\"oom_kills\":1", "", "");
	add_run(&a, "x", "", "\"oom_kills\":2", "", "");
	add_run(&b, "x", "", "\"oom_kills\":2", "", "");
	compare_sets(&a, &b, &rep);
	assert_int_equal(row(&rep, 0, "c.oom_kills")->verdict, LB_CMP_OK);
	assert_int_equal(rep.n_failed, 0);
	free_all(&a, &b, &rep);
}

static void test_transients_not_gated(void **state)
{
	struct lb_cmp_set a = {0}, b = {0};
	struct lb_cmp_report rep = {0};

	/* Three runs a side: the minima and the cpu rate's max move a lot, and significantly:
	 * start-up transients are not gated.  The cpu mean has no better side: CHANGED. */
	for (int i = 0; i < 3; i++) {
		char *s1 = lb_xasprintf("\"mem\":{\"min\":%d,\"mean\":%d},\"cpu\":{\"min\":0.%d,"
					"\"max\":0.9%d,\"mean\":0.5%d}",
					100 + i, 1000 + i, 2 + i, i, i);
		char *s2 = lb_xasprintf("\"mem\":{\"min\":%d,\"mean\":%d},\"cpu\":{\"min\":0.0%d,"
					"\"max\":1.9%d,\"mean\":0.8%d}",
					600 + i, 1000 + i, i, i, i);
		add_run(&a, "x", "\"cpus\":1", "", s1, "");
		add_run(&b, "x", "\"cpus\":1", "", s2, "");
		free(s1);
		free(s2);
	}
	compare_sets(&a, &b, &rep);
	assert_false(rep.pairs[0].weak);
	const struct lb_cmp_row *r = row(&rep, 0, "c.mem.min");
	assert_true(r->tested && r->p < 0.05 && r->change > 4);
	assert_int_equal(r->verdict, LB_CMP_UNGATED);
	assert_int_equal(row(&rep, 0, "c.cpu.min")->verdict, LB_CMP_UNGATED);
	assert_int_equal(row(&rep, 0, "c.cpu.max")->verdict, LB_CMP_UNGATED);
	assert_int_equal(row(&rep, 0, "c.mem.mean")->verdict, LB_CMP_OK);
	assert_int_equal(row(&rep, 0, "c.cpu.mean")->verdict, LB_CMP_CHANGED);
	assert_int_equal(rep.n_failed, 1);
	free_all(&a, &b, &rep);

	/* Without a CPU limit the share is what the machine left over (cpu_time and wall are
	 * gated): not gated. */
	for (int i = 0; i < 3; i++) {
		char *s1 = lb_xasprintf("\"cpu\":{\"mean\":0.5%d}", i);
		char *s2 = lb_xasprintf("\"cpu\":{\"mean\":0.8%d}", i);
		add_run(&a, "x", "\"memory\":1048576", "", s1, "");
		add_run(&b, "x", "\"memory\":1048576", "", s2, "");
		free(s1);
		free(s2);
	}
	compare_sets(&a, &b, &rep);
	assert_int_equal(row(&rep, 0, "c.cpu.mean")->verdict, LB_CMP_UNGATED);
	assert_int_equal(rep.n_failed, 0);
	free_all(&a, &b, &rep);
}

static void test_floor(void **state)
{
	struct lb_cmp_set a = {0}, b = {0};
	struct lb_cmp_report rep = {0};

	/* +33% and significant, but 1 ms and 100K: below what measures them */
	for (int i = 0; i < 3; i++) {
		char *m1 = lb_xasprintf("\"wall\":0.00%d,\"mem_peak\":%d", 3, 300000 + i);
		char *m2 = lb_xasprintf("\"wall\":0.00%d,\"mem_peak\":%d", 4, 400000 + i);
		add_run(&a, "x", "", m1, "", "");
		add_run(&b, "x", "", m2, "", "");
		free(m1);
		free(m2);
	}
	compare_sets(&a, &b, &rep);
	const struct lb_cmp_row *r = row(&rep, 0, "c.mem_peak");
	assert_true(r->tested && r->p < 0.05 && r->change > 0.3);
	assert_int_equal(r->verdict, LB_CMP_OK);
	assert_int_equal(row(&rep, 0, "c.wall")->verdict, LB_CMP_OK);
	assert_int_equal(rep.n_failed, 0);
	assert_true(lb_cmp_floor(r->base) == 1048576.0);
	free_all(&a, &b, &rep);
}

static void test_scenario_changed(void **state)
{
	struct lb_cmp_set a = {0}, b = {0};
	struct lb_cmp_report rep = {0};

	/* The memory limit doubled (and with it the file): mem_peak follows the limit and is
	 * not gated; cpu_time follows no limit that changed, and its regression still counts. */
	for (int i = 0; i < 3; i++) {
		char *m1 =
		    lb_xasprintf("\"mem_peak\":%d,\"cpu_time\":1.0%d,\"oom_kills\":1", 100 + i, i);
		char *m2 =
		    lb_xasprintf("\"mem_peak\":%d,\"cpu_time\":2.0%d,\"oom_kills\":0", 200 + i, i);
		add_run(&a, "aaaaaaaaaaaaaaaa", "\"memory\":104857600,\"cpus\":0.5", m1, "", "");
		add_run(&b, "bbbbbbbbbbbbbbbb", "\"memory\":209715200,\"cpus\":0.5", m2, "", "");
		free(m1);
		free(m2);
	}
	compare_sets(&a, &b, &rep);
	const struct lb_cmp_pair *p = &rep.pairs[0];
	assert_int_equal(p->n_changes, 2);
	assert_string_equal(p->changes[0],
			    "scenario file: sha256 aaaaaaaaaaaa... -> bbbbbbbbbbbb...");
	assert_string_equal(p->changes[1], "c limit memory: 100M -> 200M");
	assert_int_equal(row(&rep, 0, "c.mem_peak")->verdict, LB_CMP_LIMIT);
	assert_int_equal(row(&rep, 0, "c.oom_kills")->verdict, LB_CMP_LIMIT);
	/* how long a run takes follows every limit */
	assert_int_equal(row(&rep, 0, "duration_s")->verdict, LB_CMP_LIMIT);
	assert_int_equal(row(&rep, 0, "c.cpu_time")->verdict, LB_CMP_WORSE);
	assert_int_equal(rep.n_failed, 1);
	char *out = print(&rep, &(struct lb_cmp_print_opts){0});
	assert_non_null(strstr(out, "\n  scenario changed:\n"
				    "    scenario file: sha256 aaaaaaaaaaaa... -> bbbbbbbbbbbb...\n"
				    "    c limit memory: 100M -> 200M\n"));
	free(out);
	free_all(&a, &b, &rep);

	/* A limit set on one side only; the same file: only the limit is said. */
	add_run(&a, "x", "", "\"pids_peak\":10", "", "");
	add_run(&b, "x", "\"pids\":64", "\"pids_peak\":64", "", "");
	compare_sets(&a, &b, &rep);
	assert_int_equal(rep.pairs[0].n_changes, 1);
	assert_string_equal(rep.pairs[0].changes[0], "c limit pids: (not set) -> 64");
	assert_int_equal(row(&rep, 0, "c.pids_peak")->verdict, LB_CMP_LIMIT);
	free_all(&a, &b, &rep);

	/* Unchanged: nothing said. */
	add_run(&a, "x", "\"pids\":64", "", "", "");
	add_run(&b, "x", "\"pids\":64", "", "", "");
	compare_sets(&a, &b, &rep);
	assert_int_equal(rep.pairs[0].n_changes, 0);
	free_all(&a, &b, &rep);
}

static void test_expectation_error(void **state)
{
	struct lb_cmp_set a = {0}, b = {0};
	struct lb_cmp_report rep = {0};

	/* An approximation's error is a figure (lower is better); a bound's distance is not. */
	for (int i = 0; i < 3; i++) {
		char *e1 =
		    lb_xasprintf("{\"text\":\"mean(c.cpu) ~ 0.5 ± 10%%\",\"result\":\"pass\","
				 "\"bound\":\"~ 0.5 ± 10%%\",\"error\":0.01%d},"
				 "{\"text\":\"c.wall < 2s\",\"result\":\"pass\",\"bound\":\"< "
				 "2s\",\"error\":0.5}",
				 i);
		char *e2 =
		    lb_xasprintf("{\"text\":\"mean(c.cpu) ~ 0.5 ± 10%%\",\"result\":\"pass\","
				 "\"bound\":\"~ 0.5 ± 10%%\",\"error\":0.08%d},"
				 "{\"text\":\"c.wall < 2s\",\"result\":\"pass\",\"bound\":\"< "
				 "2s\",\"error\":0.1}",
				 i);
		add_run(&a, "x", "", "", "", e1);
		add_run(&b, "x", "", "", "", e2);
		free(e1);
		free(e2);
	}
	compare_sets(&a, &b, &rep);
	const struct lb_cmp_row *r = row(&rep, 0, "error: mean(c.cpu) ~ 0.5 ± 10%");
	assert_true(r->base->is_error);
	assert_int_equal(r->verdict, LB_CMP_WORSE);
	assert_int_equal(row(&rep, 0, "mean(c.cpu) ~ 0.5 ± 10%")->verdict, LB_CMP_HOLDS);
	for (size_t i = 0; i < rep.pairs[0].n_rows; i++)
		assert_null(strstr(rep.pairs[0].rows[i].key, "error: c.wall"));
	assert_int_equal(rep.n_failed, 1);
	free_all(&a, &b, &rep);
}

/* ---- what was loaded: several folders as one, nothing to compare ---- */

static void test_several_paths_as_one(void **state)
{
	struct lb_cmp_set s = {0};

	/* the same file twice is read once */
	load("base.json", &s);
	load("base.json", &s);
	assert_int_equal(s.n_files, 1);
	assert_int_equal(s.runs[0].repeats, 3);
	/* another file with the same run: its repeats join (shards of one suite) */
	load("run.json", &s);
	assert_int_equal(s.n_runs, 1);
	assert_int_equal(s.runs[0].repeats, 4);
	assert_int_equal(s.runs[0].metrics[1].n, 4);
	lb_cmp_set_free(&s);
	/* a folder of results roots (one per shard) */
	load("shards", &s);
	assert_int_equal(s.n_files, 2);
	assert_int_equal(s.n_runs, 1);
	assert_int_equal(s.runs[0].repeats, 4);
	lb_cmp_set_free(&s);
}

static void test_nothing_compared(void **state)
{
	char *b = fixture_path("base.json"), *o = fixture_path("other.json");
	const char *bp[] = {b}, *op[] = {o};
	struct lb_compare_gate g = {.baseline = bp,
				    .n_baseline = 1,
				    .current = op,
				    .n_current = 1,
				    .opts = LB_COMPARE_OPTS_DEFAULT};
	lb_error err = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(lb_compare_gate(&g, f, &err), -1);
	fclose(f);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_non_null(strstr(err.msg,
			       "nothing compared: no run has results on both sides "
			       "(baseline: 1 run: fx/limit=128M (from 1 summary.json "
			       "file); current: 1 run: other (from 1 summary.json file))"));
	/* the table still lists the runs of each side, and never says OK */
	assert_non_null(strstr(buf, "fx/limit=128M: only in the baseline (not compared)"));
	assert_non_null(strstr(buf, "other: only in the current results (not compared)"));
	assert_non_null(strstr(buf, "ERROR: nothing compared"));
	assert_null(strstr(buf, "OK"));
	free(buf);
	free(b);
	free(o);
}

/* ---- JSON and JUnit ---- */

static void test_json(void **state)
{
	COMPARE_CASE("base.json", "regressed.json", NULL);
	const char *paths[] = {"b"};
	char *text = lb_cmp_json_text(&rep, paths, 1, paths, 1, NULL);
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr), *rows, *r;
	size_t i;
	bool seen = false;

	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "result")), "fail");
	assert_int_equal(json_integer_value(json_object_get(j, "regressions")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "compared")), 1);
	rows = json_object_get(json_array_get(json_object_get(j, "runs"), 0), "rows");
	json_array_foreach(rows, i, r)
	{
		if (strcmp(json_string_value(json_object_get(r, "key")), "hog.mem_peak"))
			continue;
		seen = true;
		assert_string_equal(json_string_value(json_object_get(r, "verdict")), "REGRESSED");
		assert_string_equal(json_string_value(json_object_get(r, "better")), "lower");
		assert_true(json_is_true(json_object_get(r, "regression")));
		assert_int_equal(
		    json_integer_value(json_object_get(json_object_get(r, "baseline"), "n")), 3);
		assert_non_null(
		    strstr(json_string_value(json_object_get(r, "finding")), "regressed +50.0%"));
	}
	assert_true(seen);
	json_decref(j);
	free(text);
	COMPARE_END();
}

static void test_junit(void **state)
{
	struct lb_cmp_set a = {0}, b = {0};
	struct lb_cmp_report rep = {0};
	lb_error err = {0};
	/* hostile text from a results file: markup, quotes, control characters, U+FFFE */
	const char *ra = "{\"scenario\":{\"name\":\"s\"},\"runs\":[{\"run\":\"s/x=<&>\"}],"
			 "\"stats\":{},\"expectations\":{\"s/x=<&>\":{\"a.exit == 0 \\\"q\\\" "
			 "'\\u0001\\u001b\\ufffe\\t\\r\\n'\":{\"pass\":1}}}}";
	const char *rb = "{\"scenario\":{\"name\":\"s\"},\"runs\":[{\"run\":\"s/x=<&>\"}],"
			 "\"stats\":{},\"expectations\":{\"s/x=<&>\":{\"a.exit == 0 \\\"q\\\" "
			 "'\\u0001\\u001b\\ufffe\\t\\r\\n'\":{\"fail\":1}}}}";

	assert_int_equal(lb_compare_parse("a", ra, strlen(ra), &a, &err), 0);
	assert_int_equal(lb_compare_parse("b", rb, strlen(rb), &b, &err), 0);
	compare_sets(&a, &b, &rep);
	assert_int_equal(rep.n_failed, 1);
	char *x = lb_cmp_junit_text(&rep, NULL);
	assert_non_null(strstr(x, "<testsuites name=\"limitbench compare\" tests=\"1\" "
				  "failures=\"1\" errors=\"0\">"));
	assert_non_null(strstr(x, "<testsuite name=\"s/x=&lt;&amp;&gt;\" tests=\"1\" "
				  "failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0\">"));
	/* the XML escaper: controls XML 1.0 cannot carry and U+FFFE become U+FFFD, tab and
	 * line breaks character references (an attribute would fold them into spaces) */
	assert_non_null(
	    strstr(x, "<testcase classname=\"s.x=&lt;&amp;&gt;\" name=\"a.exit == 0 "
		      "&quot;q&quot; &apos;\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd&#9;&#13;&#10;"
		      "&apos;\" time=\"0\">"));
	assert_non_null(strstr(x, "<failure type=\"regression\" message=\""));
	/* no control character XML 1.0 cannot carry (element text keeps tab and newline) */
	for (const char *c = x; *c; c++)
		assert_true((unsigned char)*c >= 0x20 || *c == '\n' || *c == '\t');
	assert_null(strstr(x, "\r"));
	junit_schema_valid(x);
	free(x);
	/* the table for a terminal carries no control character either (no escape sequence
	 * from a results file reaches the terminal) */
	char *t = print(&rep, &(struct lb_cmp_print_opts){0});
	for (const char *c = t; *c; c++)
		assert_true((unsigned char)*c >= 0x20 || *c == '\n');
	/* shown as escapes (lb_text_term) */
	assert_non_null(strstr(t, "a.exit == 0 \"q\" '\\x01\\e\xef\xbf\xbe\\t\\r\\n'"));
	free(t);
	/* nothing compared: one error testcase */
	x = lb_cmp_junit_text(&(struct lb_cmp_report){0}, "nothing compared: <none>");
	assert_non_null(strstr(x, "<testsuites name=\"limitbench compare\" tests=\"1\" "
				  "failures=\"0\" errors=\"1\">"));
	assert_non_null(
	    strstr(x, "<error type=\"error\" message=\"nothing compared: &lt;none&gt;\">"));
	junit_schema_valid(x);
	free(x);
	free_all(&a, &b, &rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_load_scenario_summary),
	    cmocka_unit_test(test_load_run_summary),
	    cmocka_unit_test(test_load_run_summary_groups),
	    cmocka_unit_test(test_load_errors),
	    cmocka_unit_test(test_scenario_folder),
	    cmocka_unit_test(test_summary_covers),
	    cmocka_unit_test(test_same),
	    cmocka_unit_test(test_within_noise),
	    cmocka_unit_test(test_regressed),
	    cmocka_unit_test(test_threshold),
	    cmocka_unit_test(test_expectation_flipped),
	    cmocka_unit_test(test_expectation_fixed),
	    cmocka_unit_test(test_ignore),
	    cmocka_unit_test(test_ignored_patterns),
	    cmocka_unit_test(test_run_only_on_one_side),
	    cmocka_unit_test(test_run_broken),
	    cmocka_unit_test(test_one_run_untested),
	    cmocka_unit_test(test_pairs_by_position),
	    cmocka_unit_test(test_keep_scenarios),
	    cmocka_unit_test(test_markdown),
	    cmocka_unit_test(test_text_only_changes),
	    cmocka_unit_test(test_markdown_escapes_pipes),
	    cmocka_unit_test(test_hostile_names),
	    cmocka_unit_test(test_stalls),
	    cmocka_unit_test(test_improvement),
	    cmocka_unit_test(test_figure_table),
	    cmocka_unit_test(test_exact_counters_one_run),
	    cmocka_unit_test(test_transients_not_gated),
	    cmocka_unit_test(test_floor),
	    cmocka_unit_test(test_scenario_changed),
	    cmocka_unit_test(test_expectation_error),
	    cmocka_unit_test(test_several_paths_as_one),
	    cmocka_unit_test(test_nothing_compared),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_junit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
