/* SPDX-License-Identifier: MIT */
/* JUnit XML (structure and escaping) and the verdict table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "expect/expect.h"
#include "junit_schema.h"
#include "report_fixture.h"

static char *escaped(const char *s, bool attr)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	lb_report_xml_escape(f, s, attr);
	fclose(f);
	return buf;
}

static void check_escape(const char *in, bool attr, const char *want)
{
	char *got = escaped(in, attr);

	assert_string_equal(got, want);
	free(got);
}

static void test_xml_escape(void **state)
{
	check_escape("", true, "");
	check_escape("plain ± text", true, "plain ± text");
	check_escape("a&b<c>d\"e'f", true, "a&amp;b&lt;c&gt;d&quot;e&apos;f");
	check_escape("&amp;", false, "&amp;amp;");
	check_escape("]]>", false, "]]&gt;");
	/* line breaks: references in attributes, literal in text (but \r) */
	check_escape("a\tb\nc\rd", true, "a&#9;b&#10;c&#13;d");
	check_escape("a\tb\nc\rd", false, "a\tb\nc&#13;d");
	/* no C0 control is allowed in XML 1.0, not even as a reference */
	check_escape("bell\a esc\x1b[31m del\x7f", true,
		     "bell\xef\xbf\xbd esc\xef\xbf\xbd[31m del\x7f");
	/* invalid UTF-8: a lone continuation, a truncated sequence, an overlong '/', a
	 * surrogate, past U+10FFFF, and the non-characters U+FFFE */
	check_escape("\x80x", true, "\xef\xbf\xbdx");
	check_escape("\xe2\x82", true, "\xef\xbf\xbd\xef\xbf\xbd");
	check_escape("\xc0\xaf", true, "\xef\xbf\xbd\xef\xbf\xbd");
	check_escape("\xed\xa0\x80", true, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	check_escape("\xf4\x90\x80\x80", true, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	check_escape("\xef\xbf\xbe", true, "\xef\xbf\xbd");
	/* valid multi-byte sequences pass: € (3 bytes), 😀 (4 bytes) */
	check_escape("\xe2\x82\xac \xf0\x9f\x98\x80", false, "\xe2\x82\xac \xf0\x9f\x98\x80");
}

struct fixture {
	struct lb_scenario scn;
	struct lb_run_result r[5];
	struct lb_run_result *runs[5];
	struct lb_report_suite suites[2];
};

static void skipped_run(struct lb_run_result *r, unsigned index)
{
	memset(r, 0, sizeof(*r));
	r->scenario = lb_xstrdup("swap");
	r->run_name = lb_xstrdup("swap");
	r->repeat_index = index;
	r->repeat_count = 2;
	r->started_at = 1796000000.25;
	r->outcome = LB_OUTCOME_SKIPPED;
	r->skip_reason = lb_xstrdup("requires swap: this machine has none");
}

static int setup(void **state)
{
	struct fixture *fx = lb_xzalloc(sizeof(*fx));

	fx_scenario(&fx->scn);
	fx_run(&fx->r[0], 1, 1, 3000, 3);

	/* run 2: timed out after 6 s, only the first expectation, failed */
	fx_run(&fx->r[1], 2, 3, 3000, 6);
	fx->r[1].outcome = LB_OUTCOME_TIMEOUT;
	for (size_t i = 1; i < 3; i++)
		lb_verdict_free(&fx->r[1].verdicts[i]);
	fx->r[1].n_verdicts = 1;
	fx->r[1].verdicts[0].result = LB_FAIL;
	fx->r[1].verdicts[0].measured = 0;
	free(fx->r[1].verdicts[0].message);
	fx->r[1].verdicts[0].message = lb_xstrdup("FAIL two\nlines");
	fx->r[1].stalls = 2;
	fx->r[1].longest_stall = 0.834;

	/* run 3: an error before anything ran */
	memset(&fx->r[2], 0, sizeof(fx->r[2]));
	fx->r[2].scenario = lb_xstrdup("mem-100m");
	fx->r[2].run_name = lb_xstrdup("mem-100m");
	fx->r[2].repeat_index = 3;
	fx->r[2].repeat_count = 3;
	fx->r[2].outcome = LB_OUTCOME_ERROR;
	fx->r[2].error = lb_xstrdup("cannot create cgroup: No space left on device");

	skipped_run(&fx->r[3], 1);
	skipped_run(&fx->r[4], 2);
	for (size_t i = 0; i < 5; i++)
		fx->runs[i] = &fx->r[i];
	fx->suites[0] = (struct lb_report_suite){&fx->scn, fx->runs, 3};
	fx->suites[1] = (struct lb_report_suite){NULL, fx->runs + 3, 2};
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	for (size_t i = 0; i < 5; i++)
		lb_run_result_free(&fx->r[i]);
	free(fx);
	return 0;
}

static const struct lb_host_info fx_host = {
    .kernel = "6.18.44-test", .cgroup_mode = "hybrid", .backend = "v1", .version = "0.1.0"};

static void has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("not in the JUnit text: %s\n--- text:\n%s", want, text);
}

static void test_junit(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *text = lb_report_junit_text(fx->suites, 2, &fx_host, &len);

	assert_int_equal(len, strlen(text));
	/* totals: 3 + 2 + 1 cases of the runs and the skipped scenario's one; no `skipped`
	 * on <testsuites>, which the schema rejects there */
	has(text, "<testsuites name=\"limitbench\" tests=\"7\" failures=\"3\" errors=\"2\" "
		  "time=\"9.000\">\n");
	/* one suite per scenario, its time its runs', the machine and each run's name,
	 * parameters, repeat and outcome as properties */
	has(text, "  <testsuite name=\"mem-100m\" tests=\"6\" failures=\"3\" errors=\"2\" "
		  "skipped=\"0\" time=\"9.000\" timestamp=\"2026-11-30T00:53:20\">\n"
		  "    <properties>\n"
		  "      <property name=\"scenario\" value=\"mem-100m\"/>\n"
		  "      <property name=\"kernel\" value=\"6.18.44-test\"/>\n"
		  "      <property name=\"cgroup.mode\" value=\"hybrid\"/>\n"
		  "      <property name=\"cgroup.backend\" value=\"v1\"/>\n"
		  "      <property name=\"limitbench.version\" value=\"0.1.0\"/>\n"
		  "      <property name=\"run.1.name\" value=\"mem-100m/limit=100M\"/>\n"
		  "      <property name=\"run.1.param.limit\" value=\"100M\"/>\n"
		  "      <property name=\"run.1.outcome\" value=\"fail\"/>\n"
		  "      <property name=\"run.2.name\" value=\"mem-100m/limit=100M\"/>\n"
		  "      <property name=\"run.2.param.limit\" value=\"100M\"/>\n"
		  "      <property name=\"run.2.repeat\" value=\"2/3\"/>\n"
		  "      <property name=\"run.2.outcome\" value=\"timeout\"/>\n");
	/* an expectation has no time of its own: the run's is its suite's */
	has(text, "    <testcase classname=\"mem-100m.limit=100M\" name=\"hog.oom_kills &gt;= 1 "
		  "(run 1)\"/>\n");
	assert_null(strstr(text, "time=\"1.000\""));
	/* every failure, error and skip says its type */
	has(text, "      <failure type=\"expectation\" message=\"FAIL max(hog.rss) = 2.8K, "
		  "expected ~ 100M ± 5% (error 100.0%)\">FAIL max(hog.rss) = 2.8K, expected ~ 100M "
		  "± 5% (error 100.0%)\nmeasured: 2.8K\nbound: ~ 100M ± 5%\nerror: 0.25\n"
		  "</failure>\n");
	has(text, "      <error type=\"not-measured\" message=\"ERROR mean(idle.swap): no sample "
		  "&lt;in&gt; the &quot;window&quot; &amp; more\">");
	has(text, "<failure type=\"expectation\" message=\"FAIL two&#10;lines\">FAIL two\nlines\n"
		  "measured: 0\nbound: &gt;= 1\nnote: limitbench did not run for up to 0.83 s");
	has(text,
	    "    <testcase classname=\"mem-100m.limit=100M\" name=\"run completes within "
	    "its timeout (run 2)\" time=\"6.000\">\n"
	    "      <failure type=\"timeout\" message=\"the run timed out: its containers were "
	    "killed\"/>\n");
	has(text, "      <error type=\"run-error\" message=\"cannot create cgroup: No space left "
		  "on device\"/>\n");
	has(text, "  <testsuite name=\"swap\" tests=\"1\" failures=\"0\" errors=\"0\" "
		  "skipped=\"1\" time=\"0.000\"");
	has(text, "      <skipped type=\"requires\" message=\"requires swap: this machine has "
		  "none\"/>\n");
	/* the run's verdict table, as the terminal shows it */
	has(text, "    <system-out>mem-100m/limit=100M  fail  3s\n"
		  "  PASS   hog.oom_kills &gt;= 1        measured 1\n");
	junit_schema_valid(text);
	free(text);
}

/* An expectation about a container an interrupt killed: skipped, with why. */
static void test_junit_interrupted(void **state)
{
	struct fixture *fx = *state;
	struct lb_run_result *r = &fx->r[0];

	r->outcome = LB_OUTCOME_INTERRUPTED;
	r->verdicts[1].result = LB_INTERRUPTED;
	free(r->verdicts[1].message);
	r->verdicts[1].message = lb_xstrdup("interrupted: hog was killed by limitbench");
	char *text = lb_report_junit_text(fx->suites, 1, &fx_host, NULL);

	has(text, "<skipped type=\"interrupted\" message=\"interrupted: hog was killed by "
		  "limitbench\"/>");
	has(text, "<error type=\"interrupted\" message=\"interrupted (SIGINT/SIGTERM)");
	has(text, "skipped=\"1\"");
	junit_schema_valid(text);
	free(text);
}

/* Hostile text (quotes, markup, control characters, invalid UTF-8) stays valid XML. */
static void test_junit_hostile(void **state)
{
	struct fixture *fx = *state;
	struct lb_run_result *r = &fx->r[0];

	free(r->run_name);
	r->run_name = lb_xstrdup("mem-100m/limit=\"]]></x>`id`\a\x1b[31m\xff");
	free(r->params[0].value);
	r->params[0].value = lb_xstrdup("<p a='1'>\n&");
	char *text = lb_report_junit_text(fx->suites, 1, &fx_host, NULL);

	junit_schema_valid(text);
	free(text);
}

static void test_junit_file(void **state)
{
	struct fixture *fx = *state;
	lb_error err = {0};
	char *dir = fx_tmpdir(), *path = lb_xasprintf("%s/junit.xml", dir), *text = NULL;
	char *want = lb_report_junit_text(fx->suites, 2, &fx_host, NULL);

	assert_int_equal(lb_report_write_junit(path, fx->suites, 2, &fx_host, &err), 0);
	assert_int_equal(lb_read_file(path, &text, NULL, &err), 0);
	assert_string_equal(text, want);
	assert_int_equal(fx_rmdir(dir), 1);
	free(want);
	free(text);
	free(path);
	free(dir);
}

static void test_junit_empty(void **state)
{
	char *text = lb_report_junit_text(NULL, 0, NULL, NULL);

	assert_string_equal(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				  "<testsuites name=\"limitbench\" tests=\"0\" failures=\"0\" "
				  "errors=\"0\" time=\"0.000\">\n"
				  "</testsuites>\n");
	junit_schema_valid(text);
	free(text);
}

static const char table_expected[] =
    "mem-100m/limit=100M  fail  3s\n"
    "  PASS   hog.oom_kills >= 1        measured 1\n"
    "  FAIL   max(hog.rss) ~ 100M ± 5%  measured 2.8K\n"
    "         FAIL max(hog.rss) = 2.8K, expected ~ 100M ± 5% (error 100.0%)\n"
    "  ERROR  mean(idle.swap) > 0       measured n/a\n"
    "         ERROR mean(idle.swap): no sample <in> the \"window\" & more\n"
    "mem-100m/limit=100M (run 2/3)  timeout  6s\n"
    "  FAIL   hog.oom_kills >= 1        measured 0\n"
    /* a line break in a message cannot start a line of its own (that could pass for a
     * verdict): it is shown as \n */
    "         FAIL two\\nlines\n"
    "  NOTE   limitbench did not run for up to 0.83 s (2 stalls: the machine was overloaded or "
    "paused); CPU figures measured across a stall can be off\n"
    "  FAIL   the run timed out: its containers were killed\n"
    "mem-100m (run 3/3)  error  0s\n"
    "  ERROR  cannot create cgroup: No space left on device\n"
    "SKIP   swap: requires swap: this machine has none\n"
    "1 passed, 5 failed, 1 skipped\n";

static char *table(const struct fixture *fx, bool color)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	lb_report_print_table(f, fx->suites, 2, color);
	fclose(f);
	return buf;
}

static void test_table(void **state)
{
	struct fixture *fx = *state;
	char *text = table(fx, false);

	assert_string_equal(text, table_expected);
	assert_null(strchr(text, '\033'));
	free(text);

	text = table(fx, true);
	assert_non_null(strstr(text, "  \033[32mPASS \033[0m  hog.oom_kills >= 1"));
	assert_non_null(strstr(text, "  \033[31mFAIL \033[0m  max(hog.rss)"));
	assert_non_null(strstr(text, "\033[33mSKIP \033[0m  swap: requires swap"));
	assert_non_null(strstr(text, "\n1 passed, 5 failed, 1 skipped\n"));
	free(text);
}

/* Units of the measured value come from the metric on the left-hand side. */
static void test_table_units(void **state)
{
	struct lb_run_result r = {0};
	struct lb_run_result *runs[] = {&r};
	struct lb_report_suite suite = {NULL, runs, 1};
	static const struct {
		const char *text;
		double measured;
		enum lb_unit unit;
		const char *want;
	} cases[] = {
	    {"max(hog.rss) <= 100M", 104857600 * 0.996, LB_UNIT_BYTES, "measured 99.6M"},
	    {"hog.wall < 2s", 1.5, LB_UNIT_SECONDS, "measured 1.5s"},
	    {"hog.throttled < 2s", 0.25, LB_UNIT_SECONDS, "measured 250ms"},
	    {"mean(hog.cpu[1s:]) ~ 0.5 ± 0.03", 0.49812, LB_UNIT_CORES, "measured 0.4981"},
	    {"mean(a.cpu) / mean(b.cpu) ~ 0.5 ± 10%", 0.5, LB_UNIT_NONE, "measured 0.5"},
	    {"max(a.mem) - max(b.rss) < 1M", 2048, LB_UNIT_BYTES, "measured 2K"},
	    {"hog.cpus_used == \"0-1\"", NAN, LB_UNIT_CPULIST, "measured 0-1"},
	};

	r.run_name = lb_xstrdup("units");
	r.repeat_index = r.repeat_count = 1;
	r.n_verdicts = LB_ARRAY_SIZE(cases);
	r.verdicts = lb_xcalloc(r.n_verdicts, sizeof(*r.verdicts));
	for (size_t i = 0; i < r.n_verdicts; i++)
		fx_verdict(&r.verdicts[i], cases[i].text, LB_PASS, cases[i].measured,
			   cases[i].unit == LB_UNIT_CPULIST ? "0-1" : NULL, "", NAN, "",
			   cases[i].unit);
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	lb_report_print_table(f, &suite, 1, false);
	fclose(f);
	char *line = buf;
	for (size_t i = 0; i < r.n_verdicts; i++) {
		line = strchr(line, '\n') + 1;
		char *end = strchr(line, '\n');
		*end = '\0';
		char *m = strstr(line, "measured ");
		assert_non_null(m);
		assert_string_equal(m, cases[i].want);
		line = end;
		*end = '\n';
	}
	free(buf);
	lb_run_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xml_escape),
	    cmocka_unit_test_setup_teardown(test_junit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_junit_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_junit_interrupted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_junit_hostile, setup, teardown),
	    cmocka_unit_test(test_junit_empty),
	    cmocka_unit_test_setup_teardown(test_table, setup, teardown),
	    cmocka_unit_test(test_table_units),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
