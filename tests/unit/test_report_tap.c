/* SPDX-License-Identifier: MIT */
/* run --tap: TAP version 13, plan first; names from files cannot forge lines or directives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "report/tap.h"
#include "report_fixture.h"

static void test_escape(void **state)
{
	char *e;

	e = lb_tap_escape("plain name/limit=64M");
	assert_string_equal(e, "plain name/limit=64M");
	free(e);
	/* '#' would start a directive: "x # SKIP" must not skip */
	e = lb_tap_escape("x # SKIP forged");
	assert_string_equal(e, "x \\# SKIP forged");
	free(e);
	e = lb_tap_escape("a\\#b");
	assert_string_equal(e, "a\\\\\\#b");
	free(e);
	/* a newline would start a line of its own: "ok 99 - forged" */
	e = lb_tap_escape("x\nok 99 - forged\r\x1b[2J\x7f");
	assert_string_equal(e, "x\\\\nok 99 - forged\\\\r\\\\e[2J\\\\x7f");
	free(e);
	e = lb_tap_escape(NULL);
	assert_string_equal(e, "");
	free(e);
}

static char *tap_text(const struct lb_report_suite *s, size_t n, const char *bail)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct lb_host_info host = {
	    .kernel = "6.1.0", .cgroup_mode = "hybrid", .backend = "v1", .version = "0.1.0"};

	assert_non_null(f);
	lb_tap_print(f, s, n, &host, bail);
	fclose(f);
	return buf;
}

static void test_document(void **state)
{
	struct lb_scenario scn, skipped;
	struct lb_run_result r, sk;
	struct lb_run_result *runs[] = {&r}, *sruns[] = {&sk};
	char *doc;

	fx_scenario(&scn);
	fx_run(&r, 1, 1, 100 * MIB, 1.5);
	fx_scenario(&skipped);
	skipped.name = "swap";
	memset(&sk, 0, sizeof(sk));
	sk.scenario = lb_xstrdup("swap");
	sk.run_name = lb_xstrdup("swap");
	sk.outcome = LB_OUTCOME_SKIPPED;
	sk.skip_reason = lb_xstrdup("needs swap # not here\nok 7 - forged");
	/* a hostile expectation text: its '#' and newline */
	free(r.verdicts[0].text);
	r.verdicts[0].text = lb_xstrdup("hog.oom_kills >= 1 # TODO\nok 50 - forged");

	struct lb_report_suite suites[] = {{&scn, runs, 1}, {&skipped, sruns, 1}};
	doc = tap_text(suites, 2, NULL);
	assert_string_equal(
	    doc, "TAP version 13\n"
		 "1..5\n"
		 "# limitbench 0.1.0, kernel 6.1.0, cgroup v1 (hybrid)\n"
		 "ok 1 - mem-100m/limit=100M: run\n"
		 "ok 2 - mem-100m/limit=100M: hog.oom_kills >= 1 \\# TODO\\\\nok 50 - forged\n"
		 "not ok 3 - mem-100m/limit=100M: max(hog.rss) ~ 100M ± 5%\n"
		 "# FAIL max(hog.rss) = 2.8K, expected ~ 100M ± 5% (error 100.0%)\n"
		 "# measured 2.8K, expected ~ 100M ± 5%\n"
		 "not ok 4 - mem-100m/limit=100M: mean(idle.swap) > 0\n"
		 "# ERROR mean(idle.swap): no sample <in> the \"window\" & more\n"
		 "# measured n/a, expected > 0\n"
		 "ok 5 - swap # SKIP needs swap \\# not here\\\\nok 7 - forged\n");
	free(doc);

	/* a timed-out repeat, and a suite cut short */
	r.outcome = LB_OUTCOME_TIMEOUT;
	r.repeat_index = 2;
	r.repeat_count = 3;
	doc = tap_text(suites, 1, "interrupted by SIGINT\nok 9");
	assert_non_null(strstr(doc, "1..4\n"));
	assert_non_null(strstr(doc, "not ok 1 - mem-100m/limit=100M (run 2/3): run\n"
				    "# the run hit its timeout"));
	assert_non_null(strstr(doc, "\nBail out! interrupted by SIGINT\\nok 9\n"));
	free(doc);
	lb_run_result_free(&r);
	lb_run_result_free(&sk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_document),
	};
	return cmocka_run_group_tests_name("report_tap", tests, NULL, NULL);
}
