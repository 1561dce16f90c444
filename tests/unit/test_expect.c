/* SPDX-License-Identifier: MIT */
/*
 * The expectation language (SPEC section 3): parsing, type checking, evaluation against a
 * synthetic run, and the exact verdict lines.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "expect/cpulist.h"
#include "expect/expect.h"
#include "util/alloc.h"

static const char *const ctrs[] = {"hog", "a", "b", "web-1"};
#define N_CTRS (sizeof(ctrs) / sizeof(ctrs[0]))

#define MiB (1024.0 * 1024.0)

/* ---- helpers ---- */

static struct lb_expect *parse_ok(const char *text)
{
	struct lb_expect *e = NULL;
	size_t col = 99;
	lb_error err = {0};

	if (lb_expect_parse(text, &e, &col, &err) < 0)
		fail_msg("parse '%s': col %zu: %s", text, col, err.msg);
	if (lb_expect_check(e, ctrs, N_CTRS, &col, &err) < 0)
		fail_msg("check '%s': col %zu: %s", text, col, err.msg);
	return e;
}

static void check_ok(const char *text)
{
	lb_expect_free(parse_ok(text));
}

/* A parse error at col whose message contains msg. */
static void parse_err(const char *text, size_t want_col, const char *msg)
{
	struct lb_expect *e = (void *)1;
	size_t col = 999;
	lb_error err = {0};

	if (lb_expect_parse(text, &e, &col, &err) == 0)
		fail_msg("'%s' parsed, expected: %s", text, msg);
	assert_null(e);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	if (!strstr(err.msg, msg) || col != want_col)
		fail_msg("'%s': got col %zu '%s', expected col %zu '%s'", text, col, err.msg,
			 want_col, msg);
}

/* Parses, but the checker finds an error at col whose message contains msg. */
static void check_err(const char *text, size_t want_col, const char *msg)
{
	struct lb_expect *e = NULL;
	size_t col = 999;
	lb_error err = {0};

	if (lb_expect_parse(text, &e, &col, &err) < 0)
		fail_msg("parse '%s': col %zu: %s", text, col, err.msg);
	if (lb_expect_check(e, ctrs, N_CTRS, &col, &err) == 0)
		fail_msg("'%s' checked fine, expected: %s", text, msg);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	if (!strstr(err.msg, msg) || col != want_col)
		fail_msg("'%s': got col %zu '%s', expected col %zu '%s'", text, col, err.msg,
			 want_col, msg);
	lb_expect_free(e);
}

/*
 * The run every evaluation test reads:
 *   hog: rss = 100M + 0.5M * i at t = 0.5 * i (i = 0..9), so max 104.5M, mean 102.25M;
 *        mem = 50M flat; cpu = 0.5 cores; exit 137, KILL, cpus_used "1,0", cpuset "0-1",
 *        wall 1.5s, oom_kills 1, cpu_weight 100, cpu_quota 0.5; throttled NOT measured,
 *        swap has no samples.
 *   a, b: cpu 0.25 and 0.75 cores, cpu_weight 256 and 768; signal none.
 */
static void run_init(struct lb_run_result *r)
{
	struct lb_ctr_result *h, *a, *b;

	memset(r, 0, sizeof(*r));
	r->n_ctrs = 3;
	r->ctrs = lb_xcalloc(3, sizeof(*r->ctrs));
	h = &r->ctrs[0];
	a = &r->ctrs[1];
	b = &r->ctrs[2];
	h->name = lb_xstrdup("hog");
	/* v1: no pressure files (issue 11) */
	h->series_not_measured[LB_SERIES_PSI_CPU] = lb_xstrdup("cgroup v1 has no pressure files");
	a->name = lb_xstrdup("a");
	b->name = lb_xstrdup("b");
	for (int i = 0; i < 10; i++) {
		lb_series_push(&h->series[LB_SERIES_RSS], i * 0.5, 100 * MiB + i * 0.5 * MiB);
		lb_series_push(&h->series[LB_SERIES_MEM], i * 0.5, 50 * MiB);
		lb_series_push(&h->series[LB_SERIES_CPU], i * 0.5, 0.5);
		lb_series_push(&a->series[LB_SERIES_CPU], i * 0.5, 0.25);
		lb_series_push(&b->series[LB_SERIES_CPU], i * 0.5, 0.75);
	}
#define SET(c, id, v)                                                                              \
	do {                                                                                       \
		(c)->scalar[id] = (v);                                                             \
		(c)->has[id] = true;                                                               \
	} while (0)
#define SETS(c, id, s)                                                                             \
	do {                                                                                       \
		(c)->str[id] = lb_xstrdup(s);                                                      \
		(c)->has[id] = true;                                                               \
	} while (0)
	SET(h, LB_SCALAR_EXIT, 137);
	SETS(h, LB_SCALAR_SIGNAL, "KILL");
	SETS(h, LB_SCALAR_CPUS_USED, "1,0");
	SETS(h, LB_SCALAR_CPUSET, "0-1");
	SET(h, LB_SCALAR_WALL, 1.5);
	SET(h, LB_SCALAR_OOM_KILLS, 1);
	SET(h, LB_SCALAR_CPU_WEIGHT, 100);
	SET(h, LB_SCALAR_CPU_QUOTA, 0.5);
	SET(h, LB_SCALAR_MEM_LIMIT, 100 * MiB);
	SET(a, LB_SCALAR_CPU_WEIGHT, 256);
	SET(b, LB_SCALAR_CPU_WEIGHT, 768);
	SETS(a, LB_SCALAR_SIGNAL, "none");
	SET(a, LB_SCALAR_EXIT, 0);
	SET(a, LB_SCALAR_WALL, 0.004); /* and never sampled but for its cpu (no rss) */
}

struct outcome {
	enum lb_verdict_result result;
	char message[512];
	char bound[128];
	char measured_str[64];
	double measured, error;
	enum lb_unit unit;
};

static struct outcome eval(const char *text)
{
	struct lb_run_result r;
	struct lb_expect *e = parse_ok(text);
	struct lb_verdict v;
	struct outcome o = {0};

	run_init(&r);
	lb_expect_eval(e, &r, &v);
	assert_string_equal(v.text, text);
	assert_non_null(v.message);
	assert_non_null(v.bound);
	o.result = v.result;
	snprintf(o.message, sizeof(o.message), "%s", v.message);
	snprintf(o.bound, sizeof(o.bound), "%s", v.bound);
	if (v.measured_str)
		snprintf(o.measured_str, sizeof(o.measured_str), "%s", v.measured_str);
	o.measured = v.measured;
	o.error = v.error;
	o.unit = v.unit;
	lb_verdict_free(&v);
	lb_expect_free(e);
	lb_run_result_free(&r);
	return o;
}

#define assert_verdict(text, res, msg)                                                             \
	do {                                                                                       \
		struct outcome o_ = eval(text);                                                    \
		assert_string_equal(o_.message, msg);                                              \
		assert_int_equal(o_.result, res);                                                  \
	} while (0)

/* Evaluate `text` and return its measured left-hand value. */
static double value(const char *text)
{
	struct outcome o = eval(text);

	if (o.result == LB_ERROR)
		fail_msg("'%s': %s", text, o.message);
	return o.measured;
}

/* ---- parsing ---- */

static void test_precedence(void **state)
{
	assert_float_equal(value("1 + 2 * 3 == 0"), 7, 0);
	assert_float_equal(value("(1 + 2) * 3 == 0"), 9, 0);
	assert_float_equal(value("10 - 4 - 3 == 0"), 3, 0); /* left-associative */
	assert_float_equal(value("24 / 4 / 2 == 0"), 3, 0);
	assert_float_equal(value("-2 * 3 + 10 == 0"), 4, 0);
	assert_float_equal(value("-(1 + 2) * -3 == 0"), 9, 0);
	assert_float_equal(value("2 * (3 + 4) / 7 - 1 == 0"), 1, 0);
	assert_float_equal(value(".5 + 1.25 == 0"), 1.75, 0);
	/* "1 + -2" is arithmetic; "+-" without a space is the tolerance sign */
	assert_float_equal(value("1 + -2 == 0"), -1, 0);
}

static void test_units(void **state)
{
	assert_float_equal(value("100M == 0"), 100 * MiB, 0);
	assert_float_equal(value("1.5G == 0"), 1.5 * 1024 * MiB, 0);
	assert_float_equal(value("512KiB == 0"), 512 * 1024, 0);
	assert_float_equal(value("2kb == 0"), 2048, 0);
	assert_float_equal(value("7B == 0"), 7, 0);
	assert_float_equal(value("1T == 0"), 1024.0 * 1024 * MiB, 0);
	assert_float_equal(value("250ms == 0s"), 0.25, 1e-15);
	assert_float_equal(value("1.5s == 0s"), 1.5, 0);
	assert_float_equal(value("3us == 0s"), 3e-6, 1e-18);
	assert_float_equal(value("40ns == 0s"), 40e-9, 1e-20);
	assert_float_equal(value("2h == 0s"), 7200, 0);
	/* "m": minutes or mebibytes, after what it meets */
	assert_float_equal(value("2m == 0s"), 120, 0);
	assert_float_equal(value("2m == 0M"), 2 * MiB, 0);
	assert_float_equal(value("hog.wall < 2m"), 1.5, 0);
	assert_float_equal(value("1m + 30s == 0s"), 90, 0);
	assert_float_equal(value("2 * 1m == 0B"), 2 * MiB, 0);
	assert_float_equal(value("max(hog.rss) <= 100m"), 104.5 * MiB, 0);
	assert_float_equal(value("1G / 512m == 0"), 2, 0);
	assert_float_equal(value("hog.wall / 1m < 1"), 0.025, 1e-15);
	assert_float_equal(value("-1m < 0s"), -60, 0);
	assert_string_equal(eval("max(hog.rss) <= 100m").bound, "<= 100M");
	assert_string_equal(eval("hog.wall < 2m").bound, "< 2m00s");
	assert_string_equal(eval("max(hog.rss) ~ 100M +- 5m").bound, "~ 100M ± 5M");
	assert_string_equal(eval("hog.wall ~ 1m +- 1m").bound, "~ 1m00s ± 1m00s");
}

static void test_windows_and_refs(void **state)
{
	/* rss at t = 1, 1.5, 2: 101, 101.5, 102 (M) */
	assert_float_equal(value("mean(hog.rss[1s:2s]) > 0"), 101.5 * MiB, 0);
	assert_float_equal(value("min(hog.rss[1s:]) > 0"), 101 * MiB, 0);
	assert_float_equal(value("max(hog.rss[:1s]) > 0"), 101 * MiB, 0);
	assert_float_equal(value("max(hog.rss[:]) > 0"), 104.5 * MiB, 0);
	assert_float_equal(value("first(hog.rss[0:500ms]) > 0"), 100 * MiB, 0);
	assert_float_equal(value("last(hog.rss[0:500ms]) > 0"), 100.5 * MiB, 0);
	assert_float_equal(value("max(hog.rss[0.01m:]) > 0"), 104.5 * MiB, 0); /* 0.6s */
	assert_float_equal(value("median(hog.rss) > 0"), 102.25 * MiB, 0);
	assert_float_equal(value("max( hog.rss [ 1s : 2s ] ) > 0"), 102 * MiB, 0);
	assert_float_equal(value("hog.cpu_weight > 0"), 100, 0);
	assert_float_equal(value("a.cpu_weight-b.cpu_weight == 0"), -512, 0);
	/* a dash and a reference: a word before '.' is a container name */
	check_err("1-hog.exit == 0", 0, "unknown container '1-hog'");
}

static void test_strings_and_signals(void **state)
{
	struct outcome o;

	o = eval("hog.signal == KILL");
	assert_int_equal(o.result, LB_PASS);
	assert_string_equal(o.measured_str, "KILL");
	assert_true(isnan(o.measured));
	assert_int_equal(o.unit, LB_UNIT_SIGNAL);
	assert_int_equal(eval("hog.signal == SIGKILL").result, LB_PASS);
	assert_int_equal(eval("hog.signal == 9").result, LB_PASS);
	assert_int_equal(eval("hog.signal == \"KILL\"").result, LB_PASS);
	assert_int_equal(eval("hog.signal == 'SIGKILL'").result, LB_PASS);
	assert_int_equal(eval("hog.signal != TERM").result, LB_PASS);
	assert_int_equal(eval("hog.signal == none").result, LB_FAIL);
	assert_int_equal(eval("a.signal == none").result, LB_PASS);
	assert_int_equal(eval("a.signal == 0").result, LB_PASS);
	assert_int_equal(eval("a.signal != hog.signal").result, LB_PASS);

	o = eval("hog.cpus_used == \"0-1\"");
	assert_int_equal(o.result, LB_PASS);
	assert_string_equal(o.measured_str, "0-1");
	assert_int_equal(o.unit, LB_UNIT_CPULIST);
	assert_int_equal(eval("hog.cpus_used == \"0,1\"").result, LB_PASS);
	assert_int_equal(eval("hog.cpus_used == \"1, 0\"").result, LB_PASS);
	assert_int_equal(eval("hog.cpus_used == hog.cpuset").result, LB_PASS);
	assert_int_equal(eval("hog.cpus_used == \"0\"").result, LB_FAIL);
	assert_int_equal(eval("hog.cpus_used != \"0\"").result, LB_PASS);
}

static void test_cpulist(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
	    {"0", "0"},	       {"0,1", "0-1"},	     {"1,0", "0-1"},	   {"0-1", "0-1"},
	    {" 0-1\n", "0-1"}, {"0-3,2,6", "0-3,6"}, {"7,5,6,0", "0,5-7"}, {"", ""},
	    {"3-3", "3"},      {"0-1,2-3", "0-3"},   {"10,9", "9-10"},
	};
	static const char *bad[] = {"a",  "1-",	 "-1",	  "2-1",     "0,,1",
				    "0,", "1 2", "0-1-2", "99999999"};
	lb_error err = {0};
	char *out;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(lb_cpulist_normalize(ok[i].in, strlen(ok[i].in), &out, &err), 0);
		assert_string_equal(out, ok[i].out);
		free(out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		lb_error_clear(&err);
		assert_int_equal(lb_cpulist_normalize(bad[i], strlen(bad[i]), &out, &err), -1);
		assert_non_null(strstr(err.msg, "invalid CPU list"));
	}
}

static void test_parse_errors(void **state)
{
	parse_err("", 0, "empty expectation");
	parse_err("   ", 0, "empty expectation");
	parse_err("hog.exit", 8, "expected a comparison");
	parse_err("hog.exit = 0", 9, "'=' is not a comparison: use '=='");
	parse_err("hog.exit == ", 12, "expected a value, not the end");
	parse_err("== 0", 0, "expected a value, not '=='");
	parse_err("hog.exit == 0 1", 14, "unexpected '1' after the expectation");
	parse_err("1+-2 == 0", 1, "'+-' is the tolerance sign; write '+ -'");
	parse_err("hog.exit < 1 < 2", 13, "unexpected '<' after the expectation");
	parse_err("(hog.exit == 0", 10, "expected ')', not '=='");
	parse_err("hog.exit == (1 + 2", 18, "expected ')', not the end");
	parse_err("hog.exit == 1)", 13, "unexpected ')'");
	parse_err("hog.exit == 10X", 14, "unknown unit 'X'");
	parse_err("hog.exit == 10Mb5", 12, "invalid number");
	parse_err("hog.exit == 1e6", 12, "invalid number"); /* no exponents */
	parse_err("foo(hog.rss) > 1", 0, "unknown function 'foo'");
	parse_err("max(3) > 1", 4, "max() needs a series such as max(hog.mem), not '3'");
	parse_err("max(hog.rss + 1) > 1", 12, "expected ')' after the series of max(), not '+'");
	parse_err("mean(hog.rss", 12, "expected ')' after the series of mean(), not the end");
	parse_err("max hog.rss > 1", 0, "max() needs a series in parentheses");
	parse_err("max(hog.rss[1s]) > 1", 14, "expected ':' in the window");
	parse_err("max(hog.rss[1s:2s) > 1", 17, "expected ']' to close the window");
	parse_err("max(hog.rss[2s:1s]) > 1", 11, "the window starts after it ends");
	parse_err("max(hog.rss[1:]) > 1", 12, "a window bound needs a duration unit, e.g. 1s");
	parse_err("max(hog.rss[1M:]) > 1", 13, "unknown duration unit 'M'");
	parse_err("max(hog.rss[x:]) > 1", 12, "expected a duration in the window");
	parse_err("hog.signal == kill", 14, "unknown name 'kill'");
	parse_err("hog.exit == \"0", 12, "unterminated string");
	parse_err("hog.exit == 0 ; 1", 14, "unexpected character ';'");
	parse_err("hog.exit == ${x}", 12, "unexpected '$'");
	parse_err("hog.exit == 5%", 13, "'%' is only allowed in a tolerance");
	parse_err("5% < hog.exit", 1, "'%' is only allowed in a tolerance");
	parse_err("hog.exit ~ 1", 9, "'~' needs a tolerance");
	parse_err("hog.exit < 1 ± 1", 13, "a tolerance applies only to ~, == and !=, not <");
	parse_err("hog.exit >= 1 +- 1", 14, "a tolerance applies only to ~, == and !=, not >=");
	parse_err("hog.exit ~ 1 ± x", 16, "expected a tolerance");
	parse_err("hog.exit ~ 1 ± -1", 16, "expected a tolerance");
	parse_err("hog.exit ~ 1 ± 5M%", 16, "a percentage takes no unit");
	parse_err("hog.exit ~ 1 ± 5% 1", 19, "unexpected '1'");
}

static void test_check_errors(void **state)
{
	check_err("hgo.exit == 0", 0, "unknown container 'hgo'");
	check_err("max(hgo.rss) > 0", 4, "unknown container 'hgo'");
	check_err("hog.exitt == 0", 4, "unknown metric 'exitt'");
	check_err("1 + max(hog.rsss) > 0", 12, "unknown metric 'rsss'");
	check_err("hog.rss > 0", 0,
		  "hog.rss is a series: apply a function to it, e.g. max(hog.rss)");
	check_err("1 < web-1.cpu", 4, "web-1.cpu is a series");
	check_err("max(hog.exit) > 0", 4, "max() needs a series; hog.exit is a scalar");
	check_err("max(hog.rss) < 1s", 13, "cannot compare bytes with seconds");
	check_err("hog.wall > hog.mem_limit", 9, "cannot compare seconds with bytes");
	check_err("hog.oom_kills >= 1M + hog.wall", 20, "cannot add bytes and seconds");
	check_err("hog.wall - 1M > 0s", 9, "cannot subtract seconds and bytes");
	check_err("max(hog.rss) * max(hog.mem) > 0", 13, "cannot multiply bytes by bytes");
	check_err("max(hog.rss) / hog.wall > 0", 13, "cannot divide bytes by seconds");
	check_err("hog.wall < 2", 11, "a duration needs a unit, e.g. 2s");
	check_err("hog.wall ~ 2s ± 0.1", 17,
		  /* byte offset: "±" is 2 bytes */ "a duration needs a unit, e.g. 0.1s");
	check_err("max(hog.rss) ~ 100M ± 1s", 23,
		  "the tolerance is seconds but the values are bytes");
	check_err("hog.exit < 1m", 11, "'m' is ambiguous here");
	check_err("1m < 2m", 0, "'m' is ambiguous here");
	check_err("hog.wall < 2 / hog.wall", 13, "cannot divide a number by seconds");
	check_err("hog.cpus_used == 0", 14, "cannot compare CPU list with a number");
	check_err("hog.cpus_used < \"0\"", 14, "CPU list compares only with == and !=");
	check_err("hog.cpus_used == \"x\"", 17, "invalid CPU list \"x\"");
	check_err("hog.cpuset == hog.signal", 11, "cannot compare CPU list with signal");
	check_err("hog.signal == \"FOO\"", 14, "unknown signal \"FOO\"");
	check_err("hog.signal == 99", 14, "99 is not a signal number");
	check_err("hog.signal == 1.5", 14, "1.5 is not a signal number");
	check_err("hog.signal == 9 ± 1", 16, "a tolerance needs numbers, not signal");
	check_err("hog.signal + 1 == KILL", 11, "cannot do arithmetic on signal");
	check_err("-hog.cpus_used == \"0\"", 0, "cannot negate CPU list");
	check_err("hog.exit == \"0\"", 12, "a string compares only with a CPU list");
	check_err("KILL == 1M", 5, "cannot compare signal with bytes");
	check_err("hog.exit == KILL", 9, "cannot compare a plain number with signal");
	/* no containers at all */
	struct lb_expect *e = NULL;
	size_t col = 9;
	lb_error err = {0};

	assert_int_equal(lb_expect_parse("hog.exit == 0", &e, &col, &err), 0);
	assert_int_equal(lb_expect_check(e, NULL, 0, &col, &err), -1);
	assert_int_equal(col, 0);
	lb_expect_free(e);
}

static void test_types_allowed(void **state)
{
	/* plain numbers meet counts, cores and bytes; a bare 0 meets seconds */
	check_ok("hog.oom_kills >= 1");
	check_ok("mean(hog.cpu) ~ 0.5 ± 0.03");
	check_ok("max(hog.mem) <= 104857600");
	check_ok("hog.throttled > 0");
	check_ok("hog.wall >= 0 - 0");
	check_ok("mean(hog.cpu) <= hog.cpu_quota * 1.05");
	check_ok("mean(a.cpu) / mean(b.cpu) ~ a.cpu_weight / b.cpu_weight ± 10%");
	check_ok("max(hog.pids) <= hog.pids_peak");
	check_ok("hog.mem_peak / hog.mem_limit <= 1");
	check_ok("hog.cpu_time / hog.wall ~ 0.5 ± 10%"); /* seconds / seconds: a ratio */
	check_ok("1G / max(hog.mem) > 2");
	check_ok("max(hog.rss) - min(hog.rss) < 10M");
	check_ok("stddev(hog.cpu[1s:]) < 0.1");
	check_ok("p99(hog.mem) ~ 100M +- 5%");
	check_ok("hog.exit != 0 ± 0");
	check_ok("web-1.exit == 0 - hog.exit"); /* a container name with a dash */
}

/* ---- evaluation and messages ---- */

static void test_messages(void **state)
{
	struct outcome o;

	assert_verdict("max(hog.rss) ~ 100M ± 5%", LB_PASS,
		       "PASS max(hog.rss) = 104.5M, expected ~ 100M ± 5% (error 4.5%)");
	assert_verdict("max(hog.rss) ~ 100M ± 4%", LB_FAIL,
		       "FAIL max(hog.rss) = 104.5M, expected ~ 100M ± 4% (error 4.5%)");
	assert_verdict("hog.exit == 137", LB_PASS, "PASS hog.exit = 137, expected == 137");
	assert_verdict("a.exit == 0", LB_PASS, "PASS a.exit = 0, expected == 0");
	assert_verdict("hog.exit == 0", LB_FAIL, "FAIL hog.exit = 137, expected == 0");
	assert_verdict("hog.wall < 2s", LB_PASS, "PASS hog.wall = 1.5s, expected < 2s");
	assert_verdict("hog.wall <= 250ms", LB_FAIL, "FAIL hog.wall = 1.5s, expected <= 250ms");
	assert_verdict("mean(hog.cpu) ~ 0.5 +- 0.03", LB_PASS,
		       "PASS mean(hog.cpu) = 0.5, expected ~ 0.5 ± 0.03 (error 0.0%)");
	assert_verdict(
	    "mean(a.cpu) / mean(b.cpu) ~ 0.5 ± 10%", LB_FAIL,
	    "FAIL mean(a.cpu) / mean(b.cpu) = 0.333, expected ~ 0.5 ± 10% (error 33.3%)");
	assert_verdict(
	    "mean(a.cpu) / mean(b.cpu) ~ a.cpu_weight / b.cpu_weight ± 1%", LB_PASS,
	    "PASS mean(a.cpu) / mean(b.cpu) = 0.333, expected ~ 0.333 ± 1% (error 0.0%)");
	assert_verdict("hog.signal == KILL", LB_PASS, "PASS hog.signal = KILL, expected == KILL");
	assert_verdict("hog.signal == SIGTERM", LB_FAIL,
		       "FAIL hog.signal = KILL, expected == TERM");
	assert_verdict("a.signal == none", LB_PASS, "PASS a.signal = none, expected == none");
	assert_verdict("hog.cpus_used == \"0,1\"", LB_PASS,
		       "PASS hog.cpus_used = \"0-1\", expected == \"0-1\"");
	assert_verdict("hog.cpus_used == \"0\"", LB_FAIL,
		       "FAIL hog.cpus_used = \"0-1\", expected == \"0\"");
	assert_verdict("(max(hog.rss) - min(hog.rss)) / 1M >= 4.5", LB_PASS,
		       "PASS (max(hog.rss) - min(hog.rss)) / 1M = 4.5, expected >= 4.5");
	/* Values that print alike but differ are printed exactly. */
	assert_verdict("max(hog.rss) < 104.5M", LB_FAIL,
		       "FAIL max(hog.rss) = 104.5M, expected < 104.5M");
	assert_verdict("max(hog.rss) < 104.49M", LB_FAIL,
		       "FAIL max(hog.rss) = 109576192B, expected < 109565706B");

	o = eval("max(hog.rss) ~ 100M ± 5%");
	assert_string_equal(o.bound, "~ 100M ± 5%");
	assert_float_equal(o.measured, 104.5 * MiB, 0);
	assert_float_equal(o.error, 0.045, 1e-12);
	assert_int_equal(o.unit, LB_UNIT_BYTES);
	assert_string_equal(o.measured_str, "");
	o = eval("hog.wall <= 2s");
	assert_string_equal(o.bound, "<= 2s");
	assert_int_equal(o.unit, LB_UNIT_SECONDS);
	assert_float_equal(o.error, 0.25, 1e-12);
	o = eval("hog.exit == 0");
	assert_true(isnan(o.error)); /* relative to 0: not meaningful */
	assert_int_equal(o.unit, LB_UNIT_NONE);
	assert_int_equal(eval("mean(hog.cpu) > 0").unit, LB_UNIT_CORES);
	assert_int_equal(eval("mean(a.cpu) / mean(b.cpu) > 0").unit, LB_UNIT_NONE);
}

static void test_tolerances(void **state)
{
	/* absolute: |104.5M - 100M| = 4.5M */
	assert_int_equal(eval("max(hog.rss) ~ 100M ± 4.5M").result, LB_PASS);
	assert_int_equal(eval("max(hog.rss) ~ 100M ± 4M").result, LB_FAIL);
	assert_int_equal(eval("max(hog.rss) ~ 105M +- 512K").result, LB_PASS);
	assert_int_equal(eval("max(hog.rss) == 100M ± 5M").result, LB_PASS);
	assert_int_equal(eval("max(hog.rss) != 100M ± 5M").result, LB_FAIL);
	assert_int_equal(eval("max(hog.rss) != 100M ± 4M").result, LB_PASS);
	/* percentage of the right-hand side: 4.5 / 100 */
	assert_int_equal(eval("max(hog.rss) ~ 100M ± 4.5%").result, LB_PASS);
	assert_int_equal(eval("max(hog.rss) ~ 100M ± 4.4%").result, LB_FAIL);
	/* exactly at the edge, where binary rounding would say 0.030000000000000027 > 0.03 */
	assert_int_equal(eval("mean(hog.cpu) ~ 0.53 ± 0.03").result, LB_PASS);
	assert_int_equal(eval("mean(hog.cpu) ~ 0.531 ± 0.03").result, LB_FAIL);
	assert_int_equal(eval("hog.wall ~ 1s ± 500ms").result, LB_PASS);
	assert_int_equal(eval("hog.wall ~ 1s ± 499ms").result, LB_FAIL);
	/* ratios against the weights, 1:3 */
	assert_int_equal(
	    eval("mean(a.cpu) / mean(b.cpu) ~ a.cpu_weight / b.cpu_weight ± 1%").result, LB_PASS);
	assert_int_equal(eval("mean(b.cpu) / mean(a.cpu) ~ 3 ± 0.01").result, LB_PASS);
	/* a negative right-hand side: the percentage is of its size */
	assert_int_equal(eval("0 - max(hog.rss) ~ -100M ± 5%").result, LB_PASS);
	/* orderings */
	assert_int_equal(eval("max(hog.rss) <= 104.5M").result, LB_PASS);
	assert_int_equal(eval("max(hog.rss) < 104.5M").result, LB_FAIL);
	assert_int_equal(eval("max(hog.rss) >= 104.5M").result, LB_PASS);
	assert_int_equal(eval("max(hog.rss) > 104.5M").result, LB_FAIL);
	assert_int_equal(eval("hog.oom_kills >= 1").result, LB_PASS);
	assert_int_equal(eval("hog.oom_kills != 1").result, LB_FAIL);
}

static void test_eval_errors(void **state)
{
	struct outcome o;

	o = eval("hog.throttled > 0");
	assert_int_equal(o.result, LB_ERROR);
	assert_string_equal(o.message, "ERROR hog.throttled > 0: hog.throttled was not measured");
	assert_true(isnan(o.measured));
	assert_true(isnan(o.error));
	assert_verdict("max(hog.swap) > 0", LB_ERROR,
		       "ERROR max(hog.swap) > 0: hog.swap was not measured (no samples)");
	/* a series the kernel does not give here says why, never 0 */
	assert_verdict("mean(hog.psi_cpu) < 0.5", LB_ERROR,
		       "ERROR mean(hog.psi_cpu) < 0.5: hog.psi_cpu was not measured: cgroup v1 has "
		       "no pressure files");
	/* A container the sampler never saw: why, and what to do. */
	assert_verdict("max(a.mem) > 0", LB_ERROR,
		       "ERROR max(a.mem) > 0: a.mem was not measured (no samples): the container "
		       "ran 4ms, less than one sample interval (a shorter `sample`, or a scalar "
		       "such as mem_peak, would do)");
	assert_verdict("mean(hog.rss[6s:]) > 0", LB_ERROR,
		       "ERROR mean(hog.rss[6s:]) > 0: no samples of hog.rss in [6s:]");
	assert_verdict("mean(hog.rss[1.1s:1.4s]) > 0", LB_ERROR,
		       "ERROR mean(hog.rss[1.1s:1.4s]) > 0: no samples of hog.rss in [1.1s:1.4s]");
	assert_verdict("web-1.exit == 0", LB_ERROR,
		       "ERROR web-1.exit == 0: no container 'web-1' in this run");
	assert_verdict("b.signal == none", LB_ERROR,
		       "ERROR b.signal == none: b.signal was not measured");
	assert_verdict("b.cpus_used == \"0\"", LB_ERROR,
		       "ERROR b.cpus_used == \"0\": b.cpus_used was not measured");
	assert_verdict(
	    "hog.exit / (a.exit * 2) > 1", LB_ERROR,
	    "ERROR hog.exit / (a.exit * 2) > 1: division by zero in hog.exit / (a.exit * 2)");
	o = eval("mean(hog.rss[6s:]) ~ 100M ± 5% ");
	assert_string_equal(o.bound, "~ 100M ± 5%"); /* as written, when nothing was measured */
	assert_verdict("max(hog.rss) ~ 0 ± 5%", LB_FAIL,
		       "FAIL max(hog.rss) = 104.5M, expected ~ 0B ± 5%");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_precedence),	     cmocka_unit_test(test_units),
	    cmocka_unit_test(test_windows_and_refs), cmocka_unit_test(test_strings_and_signals),
	    cmocka_unit_test(test_cpulist),	     cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_check_errors),     cmocka_unit_test(test_types_allowed),
	    cmocka_unit_test(test_messages),	     cmocka_unit_test(test_tolerances),
	    cmocka_unit_test(test_eval_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
