/* SPDX-License-Identifier: MIT */
/* run --openmetrics: names, labels and escaping, with hostile values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "report/openmetrics.h"
#include "report_fixture.h"

static char *label(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	lb_openmetrics_label_value(f, s);
	fclose(f);
	return buf;
}

static void test_label_escape(void **state)
{
	char *e;

	e = label("plain=64M");
	assert_string_equal(e, "plain=64M");
	free(e);
	e = label("q\"uo\\te\nnext} 1\nforged{a=\"b\"} 2");
	assert_string_equal(e, "q\\\"uo\\\\te\\nnext} 1\\nforged{a=\\\"b\\\"} 2");
	free(e);
	e = label("bad \xff utf-8");
	assert_string_equal(e, "bad \xef\xbf\xbd utf-8"); /* U+FFFD */
	free(e);
	e = label(NULL);
	assert_string_equal(e, "");
	free(e);
}

static void test_text(void **state)
{
	struct lb_scenario scn;
	struct lb_run_result r, sk;
	struct lb_run_result *runs[] = {&r}, *sruns[] = {&sk};
	struct lb_host_info host = {
	    .kernel = "6.1\"x", .cgroup_mode = "v2", .backend = "v2", .version = "0.1.0"};
	char *t;

	fx_scenario(&scn);
	fx_run(&r, 2, 3, 100 * MIB, 1.5);
	free(r.params[0].value);
	r.params[0].value = lb_xstrdup("1\"0\\0\nM");
	fx_scalar(&r.ctrs[0], LB_SCALAR_IO_READ_BYTES, 4096);
	fx_scalar(&r.ctrs[1], LB_SCALAR_MEM_LIMIT, (double)LB_SIZE_MAX);
	fx_scalar(&r.ctrs[1], LB_SCALAR_OOM_KILLS, NAN); /* not a figure: left out */
	r.ctrs[1].is_group = true;
	memset(&sk, 0, sizeof(sk));
	sk.scenario = lb_xstrdup("skipped");
	sk.outcome = LB_OUTCOME_SKIPPED;
	free(r.verdicts[0].text);
	r.verdicts[0].text = lb_xstrdup("hog.signal == \"K\\\nX\"");
	struct lb_report_suite suites[] = {{&scn, runs, 1}, {NULL, sruns, 1}};

	t = lb_openmetrics_text(suites, 2, &host, NULL);
	const char *L = "scenario=\"mem-100m\",params=\"limit=1\\\"0\\\\0\\nM\",repeat=\"2\"";
	char *want;

	/* the host, escaped too */
	assert_non_null(strstr(t, "limitbench_host_info{version=\"0.1.0\",kernel=\"6.1\\\"x\","
				  "cgroup_mode=\"v2\",backend=\"v2\"} 1\n"));
	/* a scalar in bytes, its HELP and TYPE first */
	want = lb_xasprintf("# TYPE limitbench_mem_peak_bytes gauge\n"
			    "limitbench_mem_peak_bytes{%s,container=\"hog\",kind=\"container\","
			    "runtime=\"limitbench\"} 104857600\n",
			    L);
	assert_non_null(strstr(t, want));
	free(want);
	/* a unit in the name already is not doubled */
	assert_non_null(strstr(t, "\nlimitbench_io_read_bytes{"));
	assert_null(strstr(t, "io_read_bytes_bytes"));
	/* the io rate series, in bytes per second */
	assert_null(strstr(t, "limitbench_io_read_bytes_per_second{")); /* no sample: none */
	/* unlimited: +Inf; a group says so */
	want = lb_xasprintf("limitbench_mem_limit_bytes{%s,container=\"idle\",kind=\"group\","
			    "runtime=\"limitbench\"} +Inf\n",
			    L);
	assert_non_null(strstr(t, want));
	free(want);
	/* NaN is not measured: no line for idle */
	assert_null(strstr(t,
			   "limitbench_oom_kills{scenario=\"mem-100m\",params=\"limit=1\\\"0\\\\0"
			   "\\nM\",repeat=\"2\",container=\"idle\""));
	/* a string scalar: an info gauge with the string as a label */
	want = lb_xasprintf("limitbench_signal_info{%s,container=\"hog\",kind=\"container\","
			    "runtime=\"limitbench\",signal=\"KILL\"} 1\n",
			    L);
	assert_non_null(strstr(t, want));
	free(want);
	/* a series summary: time-weighted mean among min, max, p95; cores */
	want = lb_xasprintf("limitbench_cpu_cores{%s,container=\"hog\",kind=\"container\","
			    "runtime=\"limitbench\",stat=\"max\"} 0.5\n",
			    L);
	assert_non_null(strstr(t, want));
	free(want);
	/* a group has no rss */
	assert_null(strstr(t,
			   "limitbench_rss_bytes{scenario=\"mem-100m\",params=\"limit=1\\\"0\\\\0"
			   "\\nM\",repeat=\"2\",container=\"idle\""));
	/* the run */
	want = lb_xasprintf("limitbench_run_passed{%s,runtime=\"limitbench\",outcome=\"fail\"} 0\n",
			    L);
	assert_non_null(strstr(t, want));
	free(want);
	/* each expectation, its text escaped as a label value */
	want = lb_xasprintf("limitbench_expectation_passed{%s,runtime=\"limitbench\","
			    "expectation=\"mean(idle.swap) > 0\",result=\"error\"} 0\n",
			    L);
	assert_non_null(strstr(t, want));
	free(want);
	want = lb_xasprintf("limitbench_expectation_passed{%s,runtime=\"limitbench\","
			    "expectation=\"hog.signal == \\\"K\\\\\\nX\\\"\",result=\"pass\"} 1\n",
			    L);
	assert_non_null(strstr(t, want));
	free(want);
	/* the skipped scenario ran nothing: no sample of it */
	assert_null(strstr(t, "skipped"));
	/* one TYPE per family, no raw newline inside a sample, # EOF at the end */
	assert_null(strstr(t, "\nM\""));
	assert_int_equal(strcmp(t + strlen(t) - 6, "# EOF\n"), 0);
	free(t);

	/* nothing ran: only the host and # EOF */
	t = lb_openmetrics_text(suites + 1, 1, NULL, NULL);
	assert_string_equal(t, "# EOF\n");
	free(t);
	lb_run_result_free(&r);
	lb_run_result_free(&sk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_label_escape),
	    cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests_name("report_openmetrics", tests, NULL, NULL);
}
