/* SPDX-License-Identifier: MIT */
/* OUT/<scenario>/summary.json: the runs of a matrix × repeat and their spread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"

static json_t *get(json_t *o, const char *path)
{
	char *copy = lb_xstrdup(path), *save = NULL;

	/* '|' separates keys here: run names and expectation texts hold '/' and '.' */
	for (char *k = strtok_r(copy, "|", &save); k && o; k = strtok_r(NULL, "|", &save))
		o = json_is_array(o) ? json_array_get(o, (size_t)atoi(k)) : json_object_get(o, k);
	free(copy);
	if (!o)
		fail_msg("no %s in the JSON", path);
	return o;
}

static double num(json_t *o, const char *path)
{
	json_t *j = get(o, path);

	if (!json_is_number(j))
		fail_msg("%s is not a number", path);
	return json_number_value(j);
}

static const char *str(json_t *o, const char *path)
{
	json_t *j = get(o, path);

	if (!json_is_string(j))
		fail_msg("%s is not a string", path);
	return json_string_value(j);
}

static void assert_close(double a, double b)
{
	if (fabs(a - b) > 1e-9 * (fabs(b) + 1))
		fail_msg("%.12g != %.12g", a, b);
}

/*
 * Three repeats of mem-100m/limit=100M (mem_peak 100, 200, 600; durations 1, 2, 3 s), one
 * run of mem-100m/limit=200M, one of a run that could not be done.
 */
static void test_scenario_summary(void **state)
{
	struct lb_run_result r[5];
	struct lb_run_result *runs[5];
	struct lb_scenario scn;
	static const double peaks[] = {100, 200, 600};
	const char *dirs[5] = {"20261130-005320-limit=100M", "b", "c", "d", NULL};

	fx_scenario(&scn);
	for (unsigned i = 0; i < 3; i++)
		fx_run(&r[i], i + 1, 3, peaks[i], i + 1);
	r[1].verdicts[1].result = LB_PASS;
	r[1].verdicts[1].measured = 2600;
	fx_run(&r[3], 1, 1, 50, 10);
	free(r[3].run_name);
	r[3].run_name = lb_xstrdup("mem-100m/limit=200M");
	free(r[3].params[0].value);
	r[3].params[0].value = lb_xstrdup("200M");
	r[3].outcome = LB_OUTCOME_PASS;
	r[3].stalls = 2;
	r[3].longest_stall = 0.5;
	memset(&r[4], 0, sizeof(r[4]));
	r[4].run_name = lb_xstrdup("mem-100m/limit=300M");
	r[4].repeat_index = r[4].repeat_count = 1;
	r[4].outcome = LB_OUTCOME_ERROR;
	r[4].error = lb_xstrdup("cannot create cgroup");
	for (size_t i = 0; i < 5; i++)
		runs[i] = &r[i];

	json_t *j0 = lb_report_scenario_summary_json(&scn, runs, dirs, 5, NULL);
	char *text = lb_report_json_text(j0, NULL);
	json_decref(j0);
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	free(text);

	assert_string_equal(str(j, "limitbench"), LB_VERSION);
	assert_string_equal(str(j, "scenario|name"), "mem-100m");
	assert_string_equal(str(j, "scenario|sha256"),
			    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	assert_true(json_is_null(get(j, "environment")));
	assert_string_equal(str(j, "outcome"), "error"); /* the worst of the runs */

	/* the list of runs, in order */
	assert_int_equal(json_array_size(get(j, "runs")), 5);
	assert_string_equal(str(j, "runs|0|run"), "mem-100m/limit=100M");
	assert_string_equal(str(j, "runs|0|params|limit"), "100M");
	assert_int_equal(num(j, "runs|0|repeat|index"), 1);
	assert_int_equal(num(j, "runs|2|repeat|index"), 3);
	assert_int_equal(num(j, "runs|2|repeat|count"), 3);
	assert_string_equal(str(j, "runs|0|folder"), "20261130-005320-limit=100M");
	assert_true(json_is_null(get(j, "runs|4|folder")));
	assert_string_equal(str(j, "runs|0|outcome"), "fail");
	assert_string_equal(str(j, "runs|3|outcome"), "pass");
	assert_string_equal(str(j, "runs|4|outcome"), "error");
	assert_string_equal(str(j, "runs|4|error"), "cannot create cgroup");
	assert_int_equal(num(j, "runs|0|stalls"), 0);
	assert_int_equal(num(j, "runs|3|stalls"), 2);
	assert_true(json_real_value(get(j, "runs|3|longest_stall_s")) == 0.5);
	assert_string_equal(str(j, "runs|0|started_at"), "2026-11-30T00:53:20.250Z");
	assert_int_equal(num(j, "runs|0|expectations|pass"), 1);
	assert_int_equal(num(j, "runs|0|expectations|fail"), 1);
	assert_int_equal(num(j, "runs|0|expectations|error"), 1);
	assert_int_equal(num(j, "runs|1|expectations|pass"), 2);
	assert_int_equal(num(j, "runs|1|expectations|fail"), 0);

	/* the spread across repeats: mean, sample stddev (n-1), min, max */
	json_t *s = get(j, "stats|mem-100m/limit=100M");
	assert_int_equal(num(s, "hog.mem_peak|n"), 3);
	assert_int_equal(json_array_size(get(s, "hog.mem_peak|values")), 3);
	assert_int_equal(num(s, "hog.mem_peak|values|2"), 600);
	assert_string_equal(str(s, "hog.mem_peak|unit"), "bytes");
	assert_close(num(s, "hog.mem_peak|mean"), 300);
	assert_close(num(s, "hog.mem_peak|stddev"), sqrt(70000.0)); /* (200²+100²+300²)/2 */
	assert_true(json_is_integer(get(s, "hog.mem_peak|min")));
	assert_int_equal(num(s, "hog.mem_peak|min"), 100);
	assert_int_equal(num(s, "hog.mem_peak|max"), 600);
	/* 95% confidence interval of the mean: 300 ± t(0.975, 2) * sqrt(70000) / sqrt(3),
	 * t(0.975, 2) = 4.302652729749464 from the t table */
	assert_int_equal(json_array_size(get(s, "hog.mem_peak|ci95")), 2);
	assert_close(num(s, "hog.mem_peak|ci95|0"), 300 - 4.302652729749464 * sqrt(70000.0 / 3));
	assert_close(num(s, "hog.mem_peak|ci95|1"), 300 + 4.302652729749464 * sqrt(70000.0 / 3));
	/* durations 1, 2, 3 s: 2 ± 4.302652729749464 / sqrt(3) */
	assert_close(num(s, "duration_s|ci95|0"), 2 - 4.302652729749464 / sqrt(3.0));
	/* no spread: the interval is the value */
	assert_close(num(s, "hog.cpu_time|ci95|0"), num(s, "hog.cpu_time|mean"));
	assert_close(num(s, "hog.cpu_time|ci95|1"), num(s, "hog.cpu_time|mean"));
	assert_close(num(s, "duration_s|mean"), 2);
	assert_close(num(s, "duration_s|stddev"), 1);
	assert_string_equal(str(s, "duration_s|unit"), "seconds");
	assert_close(num(s, "hog.cpu_time|stddev"), 0);
	assert_close(num(s, "hog.mem.max|mean"), 3000);
	assert_close(num(s, "hog.rss.p95|mean"), 2800);
	assert_close(num(s, "hog.cpu.mean|mean"), (0.5 + 1.0 / 3) / 2);
	assert_int_equal(num(s, "idle.exit|max"), 0);
	/* strings have no spread; a series without samples has no statistics */
	assert_null(json_object_get(s, "hog.signal"));
	assert_null(json_object_get(s, "hog.cpus_used"));
	assert_null(json_object_get(s, "idle.rss.max"));

	/* one repeat: stddev 0 */
	assert_int_equal(num(j, "stats|mem-100m/limit=200M|hog.mem_peak|n"), 1);
	assert_int_equal(num(j, "stats|mem-100m/limit=200M|hog.mem_peak|mean"), 50);
	assert_close(num(j, "stats|mem-100m/limit=200M|hog.mem_peak|stddev"), 0);
	assert_true(json_is_null(get(j, "stats|mem-100m/limit=200M|hog.mem_peak|ci95")));
	/* nothing measured: no statistics at all */
	assert_null(json_object_get(get(j, "stats"), "mem-100m/limit=300M"));
	assert_int_equal(json_object_size(get(j, "stats")), 2);

	/* expectations across repeats */
	json_t *e = get(j, "expectations|mem-100m/limit=100M|max(hog.rss) ~ 100M ± 5%");
	assert_int_equal(num(e, "pass"), 1);
	assert_int_equal(num(e, "fail"), 2);
	assert_int_equal(num(e, "error"), 0);
	assert_int_equal(num(e, "measured|n"), 3);
	assert_close(num(e, "measured|mean"), (2900 + 2600 + 2900) / 3.0);
	assert_close(num(e, "measured|max"), 2900);
	assert_close(num(e, "measured|min"), 2600);
	assert_close(num(e, "measured|stddev"), sqrt(30000.0)); /* (100² + 200² + 100²) / 2 */
	assert_close(num(e, "measured|ci95|1"),
		     (2900 + 2600 + 2900) / 3.0 + 4.302652729749464 * sqrt(30000.0 / 3));
	/* the bound and the relative error across repeats, for `compare` (an approximation's
	 * error is a figure it gates, lower is better) */
	assert_string_equal(str(e, "bound"), "~ 100M ± 5%");
	assert_int_equal(num(e, "rel_error|n"), 3);
	assert_close(num(e, "rel_error|mean"), 0.25);
	/* the limits each run's containers asked for, to tell a changed scenario */
	assert_int_equal(num(j, "runs|0|limits|hog|memory"), 100 << 20);
	assert_string_equal(str(j, "runs|0|limits|hog|memory_swap"), "max");
	assert_close(num(j, "runs|0|limits|hog|cpus"), 0.5);
	assert_string_equal(str(j, "runs|0|limits|hog|cpuset"), "0");
	/* never measured: no values, statistics null */
	e = get(j, "expectations|mem-100m/limit=100M|mean(idle.swap) > 0");
	assert_true(json_is_null(get(e, "rel_error")));
	assert_int_equal(num(e, "error"), 3);
	assert_int_equal(num(e, "measured|n"), 0);
	assert_true(json_is_null(get(e, "measured|mean")));

	json_decref(j);
	for (size_t i = 0; i < 5; i++)
		lb_run_result_free(&r[i]);
}

/* The file is written atomically where asked, and parses. */
static void test_write_scenario(void **state)
{
	struct lb_run_result r;
	struct lb_run_result *runs[] = {&r};
	struct lb_scenario scn;
	lb_error err = {0};
	char *dir = fx_tmpdir(), *path = lb_xasprintf("%s/summary.json", dir), *text = NULL;

	fx_scenario(&scn);
	fx_run(&r, 1, 1, 3000, 2);
	assert_int_equal(lb_report_write_scenario(path, &scn, runs, 1, NULL, &err), 0);
	assert_int_equal(lb_read_file(path, &text, NULL, &err), 0);
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_string_equal(str(j, "runs|0|run"), "mem-100m/limit=100M");
	assert_true(json_is_null(get(j, "runs|0|folder")));
	assert_int_equal(num(j, "stats|mem-100m/limit=100M|hog.mem_peak|n"), 1);
	json_decref(j);
	assert_int_equal(fx_rmdir(dir), 1);
	free(text);
	free(path);
	free(dir);
	lb_run_result_free(&r);
}

/* A scenario whose requires were not met: every run skipped, and the scenario too. */
static void test_scenario_skipped(void **state)
{
	struct lb_run_result r = {0};
	struct lb_run_result *runs[] = {&r};

	r.scenario = lb_xstrdup("swap");
	r.run_name = lb_xstrdup("swap");
	r.outcome = LB_OUTCOME_SKIPPED;
	r.skip_reason = lb_xstrdup("requires swap");
	json_t *j = lb_report_scenario_summary_json(NULL, runs, NULL, 1, NULL);
	assert_string_equal(str(j, "outcome"), "skipped");
	assert_string_equal(str(j, "scenario|name"), "swap");
	assert_string_equal(str(j, "runs|0|skip_reason"), "requires swap");
	assert_int_equal(json_object_size(get(j, "stats")), 0);
	json_decref(j);
	lb_run_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scenario_summary),
	    cmocka_unit_test(test_write_scenario),
	    cmocka_unit_test(test_scenario_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
