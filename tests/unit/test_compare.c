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
 *   regressed.json  mem_peak 150M/151M/149M (+50%, p = 4.3e-7)    -> CHANGED
 *   flipped.json    the numbers of base, the expectation fails 2 of 3 -> BROKEN
 *   extra-run.json  base plus fx/limit=256M                       -> only in current, no fail
 *   timeout.json    base with one repeat ending in timeout        -> RUN BROKEN
 *   run.json        one run's summary.json: mem_peak 120M (n = 1) -> threshold alone: CHANGED
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "compare/compare.h"
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
	/* a results root holding both scenario folders (and files that are not folders) */
	load("", &s);
	assert_int_equal(s.n_files, 2);
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
	assert_int_equal(r->verdict, LB_CMP_CHANGED);
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

static void test_one_value_threshold_alone(void **state)
{
	/* run.json has n = 1: +20% on mem_peak fails without a test */
	COMPARE_CASE("base.json", "run.json", NULL);
	const struct lb_cmp_row *r = row(&rep, 0, "hog.mem_peak");
	assert_false(r->tested);
	assert_true(fabs(r->change - 0.2) < 1e-12);
	assert_int_equal(r->verdict, LB_CMP_CHANGED);
	/* metrics on one side only are listed, not failures */
	assert_int_equal(row(&rep, 0, "hog.exit")->verdict, LB_CMP_ONLY_CUR);
	assert_int_equal(row(&rep, 0, "hog.cpu.mean")->verdict, LB_CMP_OK); /* 0.50 -> 0.51 */
	assert_int_equal(failed, 1);
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
	assert_int_equal(rep.n_failed, 1);
	assert_true(fabs(row(&rep, 0, "hog.mem_peak")->change - 2.0) < 1e-12);
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
	    "A metric regresses when its mean changes by more than 10% and, with repeats on both "
	    "sides (n >= 2), Welch's t-test (two-sided) gives p < 0.05; with one value on a side "
	    "the threshold alone decides.  An expectation regresses when it held in every "
	    "baseline repeat and fails now.\n"
	    "\n"
	    "#### `fx/limit=128M` — baseline 3 runs, current 3 runs\n"
	    "\n"
	    "| metric | baseline | current | change | p | verdict |\n"
	    "| --- | ---: | ---: | ---: | ---: | --- |\n"
	    "| `max(hog.mem) <= 128M` | pass 3/3 | fail 2/3 |  |  | BROKEN |\n"
	    "| `duration_s` | 1s ± 100ms | 1s ± 100ms | +0.0% | 1.000 | ok |\n"
	    "| `hog.mem_peak` | 100M ± 1M | 100M ± 1M | +0.0% | 1.000 | ok |\n"
	    "| `hog.cpu.mean` | 0.50 cores ± 0.02 | 0.50 cores ± 0.02 | +0.0% | 1.000 | ok |\n"
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
	assert_non_null(strstr(out,
			       "\nfx/limit=128M  baseline 3 runs, current 3 runs\n"
			       "  METRIC         BASELINE    CURRENT  CHANGE       P  VERDICT\n"
			       "  hog.mem_peak  100M ± 1M  150M ± 1M  +50.0%  <0.001  CHANGED\n"
			       "  (3 rows within the threshold or ignored not shown)\n"));
	assert_non_null(strstr(out, "FAIL: 1 regression:\n"
				    "  fx/limit=128M: hog.mem_peak changed +50.0% (100M ± 1M -> "
				    "150M ± 1M, p < 0.001)\n"));
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
	assert_non_null(strstr(out,
			       "\ns  baseline 2 runs, current 1 run\n"
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_load_scenario_summary),
	    cmocka_unit_test(test_load_run_summary),
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
	    cmocka_unit_test(test_one_value_threshold_alone),
	    cmocka_unit_test(test_pairs_by_position),
	    cmocka_unit_test(test_keep_scenarios),
	    cmocka_unit_test(test_markdown),
	    cmocka_unit_test(test_text_only_changes),
	    cmocka_unit_test(test_markdown_escapes_pipes),
	    cmocka_unit_test(test_hostile_names),
	    cmocka_unit_test(test_stalls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
