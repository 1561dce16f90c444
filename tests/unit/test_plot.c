/* SPDX-License-Identifier: MIT */
/*
 * The pure parts of the plots: filling templates, reading samples.tsv / events.tsv /
 * summary.json from buffers, the data blocks handed to gnuplot, the enforcement curves of a
 * sweep, and running gnuplot (a stand-in: cat, false, a missing program).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "plot/internal.h"
#include "plot/plot.h"
#include "util/alloc.h"
#include "util/cleanup.h"

static void test_fill(void **state)
{
	const struct lb_plot_var vars[] = {LB_PLOT_STR("A", "one"), LB_PLOT_STR("B", "{{A}}"),
					   LB_PLOT_STR("EMPTY", ""), LB_PLOT_NUM("N", 2.5)};
	lb_error err = {0};
	char *s = lb_plot_fill("x={{A}} y={{B}} {{EMPTY}} {{A}} {{N}}\nend", vars, 4, &err);

	assert_non_null(s);
	/* a value is inserted as a string literal, never expanded again */
	assert_string_equal(s, "x='one' y='{{A}}' '' 'one' 2.5\nend");
	free(s);

	s = lb_plot_fill("no placeholders: %d @macro {braces}", vars, 4, &err);
	assert_string_equal(s, "no placeholders: %d @macro {braces}");
	free(s);
}

/* Each kind of value as gnuplot gets it: nothing of it is ever code. */
static void test_fill_kinds(void **state)
{
	static const char *const names[] = {"hog", "a'b", "`x`"};
	static const double nums[] = {1048576, NAN, 0.5, INFINITY};
	const struct lb_plot_var vars[] = {
	    LB_PLOT_STRS("NAMES", names, 3),
	    LB_PLOT_NUMS("NUMS", nums, 4),
	    LB_PLOT_STRS("NONE", names, 0),
	    LB_PLOT_NUM("BIG", 1e300),
	    LB_PLOT_NUM("INF", -INFINITY),
	    LB_PLOT_NUM("EXACT", 0.1),
	    LB_PLOT_BLOCK("DATA", "1 2.5 NaN\n\n\n-3e-2 4\n"),
	};
	lb_error err = {0};
	char *s = lb_plot_fill("{{NAMES}}|{{NUMS}}|{{NONE}}|{{BIG}}|{{INF}}|{{EXACT}}|{{DATA}}",
			       vars, LB_ARRAY_SIZE(vars), &err);

	assert_non_null(s);
	assert_string_equal(s, "['hog', 'a''b', '`x`']|[1048576, NaN, 0.5, NaN]|[]|"
			       "1.0000000000000001e+300|NaN|0.10000000000000001|"
			       "1 2.5 NaN\n\n\n-3e-2 4\n");
	free(s);
}

static void test_fill_errors(void **state)
{
	const struct lb_plot_var vars[] = {LB_PLOT_STR("A", "1")};
	lb_error err = {0};

	assert_null(lb_plot_fill("a\nb {{A}}\nc {{NOPE}}\n", vars, 1, &err));
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_string_equal(err.msg, "line 3: unknown placeholder {{NOPE}}");
	lb_error_clear(&err);
	assert_null(lb_plot_fill("a {{A\n}}", vars, 1, &err));
	assert_string_equal(err.msg, "line 1: '{{' without its '}}'");
	lb_error_clear(&err);
	assert_null(lb_plot_fill("\n\n{{A", vars, 1, &err));
	assert_string_equal(err.msg, "line 3: '{{' without its '}}'");
	lb_error_clear(&err);

	/* A data block that would hold text (a line "EOD" ends it: the rest runs) is refused. */
	static const char *const bad[] = {
	    "1 2\nEOD\nsystem('touch /tmp/x')\n",
	    "1 x",
	    "inf 1",
	    "1 nan",
	    "0x10",
	    "1e",
	    "`ls`",
	    "1\t2",
	    "1,2",
	    "NaNa",
	    "1 2 'q'",
	};
	for (size_t i = 0; i < LB_ARRAY_SIZE(bad); i++) {
		const struct lb_plot_var d[] = {LB_PLOT_BLOCK("D", bad[i])};

		assert_null(lb_plot_fill("$d << EOD\n{{D}}\nEOD\n", d, 1, &err));
		assert_string_equal(err.msg,
				    "line 2: the data block {{D}} holds more than numbers");
		lb_error_clear(&err);
	}
	assert_int_equal(lb_plot_data_check(""), 0);
	assert_int_equal(lb_plot_data_check("0.0200 17825792 NaN\n\n\n1 -2\n"), 0);
	/* a time of 1e308 from a hand-edited samples.tsv, as "%.4f" prints it (fuzz_summary) */
	char big[400];
	snprintf(big, sizeof(big), "%.4f 1\n", 1e308);
	assert_int_equal(lb_plot_data_check(big), 0);
}

/* lb_plot_gp_string: single quotes, '' for a quote; nothing else is special there, so
 * backquotes, system(), @macros, "EOD", \ and " stay as they are; control characters and
 * bytes that are not UTF-8 are shown as escapes, so the literal stays on its line and an
 * SVG stays XML. */
static void test_gp_string(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"", "''"},
	    {"hog", "'hog'"},
	    {"a`touch /tmp/X`b", "'a`touch /tmp/X`b'"},
	    {"system(\"touch /tmp/X\")", "'system(\"touch /tmp/X\")'"},
	    {"it's", "'it''s'"},
	    {"''", "''''''"},
	    {"@macro @RUN", "'@macro @RUN'"},
	    {"EOD", "'EOD'"},
	    {"back\\", "'back\\'"},
	    {"%s %d", "'%s %d'"},
	    {"a\nb", "'a\\nb'"},
	    {"\r\t\x1b[31m\x1b]0;t\a", "'\\r\\t\\e[31m\\e]0;t\\x07'"},
	    {"\x01\x7f", "'\\x01\\x7f'"},
	    {"\xc2\x9bx", "'\\u009bx'"},    /* C1 CSI */
	    {"\xff\xc3(", "'\\xff\\xc3('"}, /* not UTF-8 */
	    {"caf\xc3\xa9 \xe2\x82\xac", "'caf\xc3\xa9 \xe2\x82\xac'"},
	};

	for (size_t i = 0; i < LB_ARRAY_SIZE(cases); i++) {
		char *s = lb_plot_gp_string(cases[i].in);

		assert_string_equal(s, cases[i].out);
		free(s);
	}
	/* NUL: a C string ends there; what follows never reaches gnuplot */
	char *s = lb_plot_gp_string("a\0`touch /tmp/X`");
	assert_string_equal(s, "'a'");
	free(s);
}

static const char samples_tsv[] =
    "t_s\tcontainer\tmem\trss\tswap\tcpu\tpids\tio_read\tio_write\n"
    "0.0200\thog\t17825792\t19550208\t0\t\t2\t\t\n"
    "0.0200\tb\t4096\t8192\t0\t\t1\n"
    "0.0438\thog\t52166656\t53923840\t0\t0.4813\t2\t0\t4194304\n"
    "0.0438\tb\t4096\t8192\t0\t0.0010\t1\n"
    "0.0602\thog\t104857600\t106573824\t0\t0.5390\t3\t1048576.5\t4194304\n";

static void test_samples(void **state)
{
	struct lb_plot_samples s;
	lb_error err = {0};

	assert_int_equal(lb_plot_samples_parse(samples_tsv, strlen(samples_tsv), &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.s[0].container, "hog");
	assert_string_equal(s.s[1].container, "b");
	assert_int_equal(s.s[0].n, 3);
	assert_int_equal(s.s[1].n, 2);
	assert_true(isnan(s.s[0].p[0].cpu)); /* an empty field: no value */
	assert_true(s.s[0].p[1].cpu == 0.4813);
	assert_true(s.s[0].p[2].mem == 104857600.0);
	assert_true(s.s[0].p[2].pids == 3);
	/* the io rates (bytes/s): empty and missing fields are no value */
	assert_true(isnan(s.s[0].p[0].io_write));
	assert_true(s.s[0].p[1].io_write == 4194304.0);
	assert_true(s.s[0].p[2].io_read == 1048576.5);
	assert_true(isnan(s.s[1].p[0].io_read));
	assert_true(s.s[1].p[1].t == 0.0438);
	assert_ptr_equal(lb_plot_samples_find(&s, "b"), &s.s[1]);
	assert_null(lb_plot_samples_find(&s, "nope"));

	/* memory at an instant: the last sample at or before it */
	assert_true(lb_plot_mem_at(&s.s[0], 0.05) == 52166656.0);
	assert_true(lb_plot_mem_at(&s.s[0], 0.0602) == 104857600.0);
	assert_true(isnan(lb_plot_mem_at(&s.s[0], 0.01)));

	/* the data block: one block per container, in the order asked, NaN for no value */
	const struct lb_plot_series *order[] = {&s.s[1], &s.s[0]};
	char *block = lb_plot_samples_block(order, 2, 1000);
	assert_string_equal(block, "0.0200 4096 8192 0 NaN 1 NaN NaN\n"
				   "0.0438 4096 8192 0 0.0010 1 NaN NaN\n"
				   "\n\n"
				   "0.0200 17825792 19550208 0 NaN 2 NaN NaN\n"
				   "0.0438 52166656 53923840 0 0.4813 2 0 4194304\n"
				   "0.0602 104857600 106573824 0 0.5390 3 1048576 4194304\n");
	free(block);
	lb_plot_samples_free(&s);
}

static void test_samples_columns_by_name(void **state)
{
	static const char tsv[] = "container\tt_s\tpids\r\nc\t1.5\t7\r\n\nc\t2\t\r\n";
	struct lb_plot_samples s;
	lb_error err = {0};

	assert_int_equal(lb_plot_samples_parse(tsv, strlen(tsv), &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.s[0].n, 2);
	assert_true(s.s[0].p[0].t == 1.5);
	assert_true(s.s[0].p[0].pids == 7);
	assert_true(isnan(s.s[0].p[0].mem)); /* no such column */
	assert_true(isnan(s.s[0].p[1].pids));
	assert_true(isnan(s.s[0].p[0].psi_cpu)); /* v1, or results before issue 11 */
	lb_plot_samples_free(&s);

	/* the columns of issue 11, past the 16th field */
	static const char wide[] =
	    "t_s\tcontainer\tmem\trss\tswap\tcpu\tpids\tmem_anon\tmem_file\tmem_sock\t"
	    "mem_shmem\tpsi_cpu\tpsi_cpu_full\tpsi_mem\tpsi_mem_full\tpsi_io\tpsi_io_full\n"
	    "0.1\tc\t1\t2\t0\t0.5\t1\t4096\t8192\t0\t0\t0.4812\t0.01\t0.02\t0\t0.0301\t0\n";
	assert_int_equal(lb_plot_samples_parse(wide, strlen(wide), &s, &err), 0);
	assert_true(s.s[0].p[0].mem_anon == 4096);
	assert_true(s.s[0].p[0].mem_file == 8192);
	assert_true(s.s[0].p[0].psi_cpu == 0.4812);
	assert_true(s.s[0].p[0].psi_mem == 0.02);
	assert_true(s.s[0].p[0].psi_io == 0.0301);
	lb_plot_samples_free(&s);
}

static void test_samples_errors(void **state)
{
	struct lb_plot_samples s;
	lb_error err = {0};
	static const char bad[] = "t_s\tcontainer\tmem\n0.1\tc\t12\n0.2\tc\t12x\n";
	static const char nohead[] = "time\tmem\n";

	assert_int_equal(lb_plot_samples_parse(bad, strlen(bad), &s, &err), -1);
	assert_string_equal(err.msg, "samples.tsv:3: '12x' is not a number (mem)");
	assert_int_equal(s.n, 0);
	assert_int_equal(lb_plot_samples_parse(nohead, strlen(nohead), &s, &err), -1);
	assert_string_equal(err.msg, "samples.tsv: no column 't_s' in the header");
	assert_int_equal(lb_plot_samples_parse("", 0, &s, &err), -1);
	assert_string_equal(err.msg, "samples.tsv: empty (no header line)");
}

/* A long series is thinned, and its highest point survives. */
static void test_samples_block_thinning(void **state)
{
	struct lb_plot_series se = {.container = "c", .n = 10000};
	const struct lb_plot_series *one[] = {&se};

	se.p = calloc(se.n, sizeof(*se.p));
	for (size_t i = 0; i < se.n; i++)
		se.p[i] = (struct lb_plot_point){.t = (double)i,
						 .mem = (double)(i % 100),
						 .rss = 0,
						 .swap = 0,
						 .cpu = 0,
						 .pids = 1};
	se.p[5555].mem = 1e9;
	char *block = lb_plot_samples_block(one, 1, 1000);
	size_t rows = 0;

	for (const char *p = block; *p; p++)
		rows += *p == '\n';
	assert_true(rows <= 1000);
	assert_true(rows >= 500);
	assert_non_null(strstr(block, "\n5555.0000 1000000000 "));
	free(block);
	free(se.p);
}

static void test_events(void **state)
{
	static const char tsv[] = "t_s\tcontainer\tevent\tdetail\n"
				  "0.0002\thog\tstart\tstress\n"
				  "0.0974\thog\toom_kill\tkill 1\n"
				  "0.1067\thog\texit\n";
	struct lb_plot_events ev;
	lb_error err = {0};

	assert_int_equal(lb_plot_events_parse(tsv, strlen(tsv), &ev, &err), 0);
	assert_int_equal(ev.n, 3);
	assert_true(ev.v[1].t == 0.0974);
	assert_string_equal(ev.v[1].container, "hog");
	assert_string_equal(ev.v[1].event, "oom_kill");
	assert_string_equal(ev.v[1].detail, "kill 1");
	assert_string_equal(ev.v[2].detail, "");
	lb_plot_events_free(&ev);

	static const char bad[] = "t_s\tcontainer\tevent\tdetail\nsoon\thog\tstart\tx\n";
	assert_int_equal(lb_plot_events_parse(bad, strlen(bad), &ev, &err), -1);
	assert_string_equal(err.msg, "events.tsv:2: expected 't_s container event detail'");
}

/* The shape report/json.c writes, trimmed to what the plots read. */
#define RUN_JSON(RUN, PARAMS, IDX, CNT, MEM, PEAK, CPUS, CPUMEAN)                                  \
	"{\"scenario\": {\"name\": \"sweep\"}, \"run\": \"" RUN "\", \"params\": {" PARAMS         \
	"}, \"repeat\": {\"index\": " #IDX ", \"count\": " #CNT "},"                               \
	"\"started_at\": \"2026-11-29T03:59:17.253Z\", \"duration_s\": 0.5,"                       \
	"\"outcome\": \"pass\", \"environment\": {\"kernel\": \"6.1.0\", \"cgroup_mode\": "        \
	"\"v2\", \"backend\": \"v2\"}, \"containers\": {\"hog\": {"                                \
	"\"limits_asked\": {\"memory\": " #MEM CPUS "},"                                           \
	"\"limits_applied\": {\"mem_limit\": " #MEM ", \"cpu_quota\": \"max\", \"cpuset\": "       \
	"\"0-1\", \"pids_max\": \"max\"},"                                                         \
	"\"metrics\": {\"mem_peak\": " #PEAK ", \"pids_peak\": 3},"                                \
	"\"series\": {\"cpu\": {\"mean\": " #CPUMEAN "}}}}}"

static void test_run_summary(void **state)
{
	static const char js[] =
	    RUN_JSON("sweep/limit=64M", "\"limit\": \"64M\"", 2, 3, 67108864, 67000000, , 0.25);
	struct lb_plot_run r;
	lb_error err = {0};

	assert_int_equal(lb_plot_run_parse(js, strlen(js), &r, &err), 0);
	assert_string_equal(r.scenario, "sweep");
	assert_string_equal(r.run, "sweep/limit=64M");
	assert_string_equal(r.kernel, "6.1.0");
	assert_string_equal(r.cgroup_mode, "v2");
	assert_int_equal(r.repeat_index, 2);
	assert_int_equal(r.repeat_count, 3);
	assert_string_equal(lb_plot_run_param(&r, "limit"), "64M");
	assert_null(lb_plot_run_param(&r, "other"));
	assert_int_equal(r.n_ctrs, 1);
	assert_string_equal(r.ctrs[0].name, "hog");
	assert_true(r.ctrs[0].mem_limit == 67108864.0);
	assert_true(isnan(r.ctrs[0].cpu_quota)); /* "max" */
	assert_true(isnan(r.ctrs[0].pids_max));
	assert_true(isnan(r.ctrs[0].ask_cpus));	  /* not asked */
	assert_true(isnan(r.ctrs[0].cpu_weight)); /* no cpu-shares asked */
	assert_string_equal(r.ctrs[0].cpuset, "0-1");
	assert_true(r.ctrs[0].mem_peak == 67000000.0);
	assert_true(r.ctrs[0].cpu_mean == 0.25);
	assert_true(isnan(r.ctrs[0].mem_high)); /* no memory.high */
	char *env = lb_plot_env_text(&r);
	assert_string_equal(env, "kernel 6.1.0, cgroup v2 (v2 backend)");
	free(env);
	lb_plot_run_free(&r);

	assert_int_equal(lb_plot_run_parse("{\"runs\": []}", 12, &r, &err), -1);
	assert_string_equal(err.msg, "summary.json: not the summary of a run (no containers)");
	assert_int_equal(lb_plot_run_parse("{", 1, &r, &err), -1);
	assert_non_null(strstr(err.msg, "summary.json:1:"));
}

/* memory.high, where the kernel kept one, is read for the memory figure (mem.gp's HIGHS). */
static void test_run_summary_mem_high(void **state)
{
	static const char js[] =
	    "{\"run\": \"h\", \"containers\": {\"c\": {\"limits_applied\": {\"mem_limit\": "
	    "\"max\", "
	    "\"mem_high\": 31457280}}, \"d\": {\"limits_applied\": {\"mem_high\": \"max\"}}}}";
	struct lb_plot_run r;
	lb_error err = {0};

	(void)state;
	assert_int_equal(lb_plot_run_parse(js, strlen(js), &r, &err), 0);
	assert_int_equal(r.n_ctrs, 2);
	assert_true(r.ctrs[0].mem_high == 31457280.0);
	assert_true(isnan(r.ctrs[0].mem_limit));
	assert_true(isnan(r.ctrs[1].mem_high)); /* max: no line */
	lb_plot_run_free(&r);
}

static void parse_runs(const char *const *js, size_t n, struct lb_plot_run *runs)
{
	lb_error err = {0};

	for (size_t i = 0; i < n; i++)
		assert_int_equal(lb_plot_run_parse(js[i], strlen(js[i]), &runs[i], &err), 0);
}

/* Three limits, two repeats each: one figure named after the parameter, error bars. */
static void test_enforcement_sweep(void **state)
{
	static const char *const js[] = {
	    RUN_JSON("s/limit=64M", "\"limit\": \"64M\"", 1, 2, 67108864, 66060288, , 1),
	    RUN_JSON("s/limit=64M", "\"limit\": \"64M\"", 2, 2, 67108864, 68157440, , 1),
	    RUN_JSON("s/limit=128M", "\"limit\": \"128M\"", 1, 2, 134217728, 134217728, , 1),
	    RUN_JSON("s/limit=128M", "\"limit\": \"128M\"", 2, 2, 134217728, 134217728, , 1),
	    RUN_JSON("s/limit=32M", "\"limit\": \"32M\"", 1, 2, 33554432, 33554432, , 1),
	    RUN_JSON("s/limit=32M", "\"limit\": \"32M\"", 2, 2, 33554432, 33554432, , 1),
	};
	struct lb_plot_run runs[6];
	struct lb_plot_enf_fig *figs;
	size_t n;

	parse_runs(js, 6, runs);
	n = lb_plot_enforcement(runs, 6, &figs);
	assert_int_equal(n, 1);
	assert_string_equal(figs[0].name, "enforcement-limit");
	assert_string_equal(figs[0].kind, "memory");
	assert_int_equal(figs[0].curves, 1);
	assert_true(figs[0].errorbars);
	assert_true(figs[0].x_max == 128);
	/* sorted by limit; 64M: mean of 63 and 65 MiB, sample stddev sqrt(2) */
	assert_string_equal(figs[0].titles[0], "hog");
	assert_string_equal(figs[0].points, "32 32 0 2\n"
					    "64 64 1.414213562 2\n"
					    "128 128 0 2\n");
	lb_plot_enf_figs_free(figs, n);
	for (size_t i = 0; i < 6; i++)
		lb_plot_run_free(&runs[i]);
}

/* Two parameters: the one that decides the limit names the figure, the other splits the
 * curves; a quota swept with it gets its own figure.  No repeats: no error bars. */
static void test_enforcement_two_params(void **state)
{
	static const char *const js[] = {
	    RUN_JSON("s/q=0.5-n=1", "\"q\": \"0.5\", \"n\": \"1\"", 1, 1, 67108864, 1000, , 0.5),
	    RUN_JSON("s/q=0.5-n=2", "\"q\": \"0.5\", \"n\": \"2\"", 1, 1, 67108864, 1000, , 0.5),
	    RUN_JSON("s/q=1-n=1", "\"q\": \"1\", \"n\": \"1\"", 1, 1, 67108864, 1000, , 0.75),
	    RUN_JSON("s/q=1-n=2", "\"q\": \"1\", \"n\": \"2\"", 1, 1, 67108864, 1000, , 1),
	};
	struct lb_plot_run runs[4];
	struct lb_plot_enf_fig *figs;
	size_t n;

	parse_runs(js, 4, runs);
	/* limits_asked.cpus from the quota parameter */
	runs[0].ctrs[0].ask_cpus = runs[1].ctrs[0].ask_cpus = 0.5;
	runs[2].ctrs[0].ask_cpus = runs[3].ctrs[0].ask_cpus = 1;
	n = lb_plot_enforcement(runs, 4, &figs);
	/* memory: the same 64M in every run, each measured once: no curve to draw */
	assert_int_equal(n, 1);
	assert_string_equal(figs[0].name, "enforcement-q");
	assert_string_equal(figs[0].kind, "cpus");
	assert_int_equal(figs[0].curves, 2);
	assert_false(figs[0].errorbars);
	assert_string_equal(figs[0].titles[0], "hog (n=1)");
	assert_string_equal(figs[0].titles[1], "hog (n=2)");
	assert_string_equal(figs[0].points, "0.5 0.5 0 1\n"
					    "1 0.75 0 1\n"
					    "\n\n"
					    "0.5 0.5 0 1\n"
					    "1 1 0 1\n");
	lb_plot_enf_figs_free(figs, n);
	for (size_t i = 0; i < 4; i++)
		lb_plot_run_free(&runs[i]);
}

/* A fixed limit repeated: one point with its spread, named after the kind of limit. */
static void test_enforcement_repeat_only(void **state)
{
	static const char *const js[] = {
	    RUN_JSON("mem", "", 1, 3, 104857600, 104857600, , 1),
	    RUN_JSON("mem", "", 2, 3, 104857600, 104857600, , 1),
	    RUN_JSON("mem", "", 3, 3, 104857600, 104857600, , 1),
	};
	struct lb_plot_run runs[3];
	struct lb_plot_enf_fig *figs;
	size_t n;

	parse_runs(js, 3, runs);
	n = lb_plot_enforcement(runs, 3, &figs);
	assert_int_equal(n, 1);
	assert_string_equal(figs[0].name, "enforcement-memory");
	assert_string_equal(figs[0].points, "100 100 0 3\n");
	lb_plot_enf_figs_free(figs, n);
	/* one run of one limit draws nothing */
	n = lb_plot_enforcement(runs, 1, &figs);
	assert_int_equal(n, 0);
	lb_plot_enf_figs_free(figs, n);
	for (size_t i = 0; i < 3; i++)
		lb_plot_run_free(&runs[i]);
}

static void test_gnuplot_runner(void **state)
{
	lb_error err = {0};
	char *out = NULL;
	static const char script[] = "set terminal dumb\nplot x\n";
	char dir[] = "/tmp/lb-test-plot-XXXXXX";
	FILE *f;

	/* A stand-in for gnuplot: its arguments, folder and environment, then what it got on
	 * stdin, back on stdout. */
	assert_non_null(mkdtemp(dir));
	_cleanup_free_ char *prog = lb_xasprintf("%s/gnuplot", dir);
	f = fopen(prog, "w");
	assert_non_null(f);
	fputs("#!/bin/sh\necho \"args $*\"\necho \"pwd $(pwd)\"\nenv | sort\ncat\n", f);
	fclose(f);
	assert_int_equal(chmod(prog, 0755), 0);
	setenv("LIMITBENCH_GNUPLOT", prog, 1);
	setenv("GNUPLOT_LIB", "/tmp/evil", 1);
	setenv("FIT_SCRIPT", "touch /tmp/evil", 1);
	setenv("LD_LIBRARY_PATH", "/tmp/evil", 1);
	setenv("HOME", "/root", 1);
	assert_int_equal(lb_plot_gnuplot_check(&err), 0);
	assert_int_equal(lb_plot_gnuplot(script, strlen(script), "/", &out, &err), 0);
	/* -d: no ~/.gnuplot or gnuplotrc; only PATH, HOME and the locale of the environment */
	assert_non_null(strstr(out, "args -d\n"));
	assert_non_null(strstr(out, "pwd /\n"));
	assert_non_null(strstr(out, "\nHOME=/root\n"));
	assert_non_null(strstr(out, "\nPATH="));
	assert_null(strstr(out, "GNUPLOT_LIB"));
	assert_null(strstr(out, "FIT_SCRIPT"));
	assert_null(strstr(out, "LD_LIBRARY_PATH"));
	assert_null(strstr(out, "LIMITBENCH_GNUPLOT"));
	assert_non_null(strstr(out, script));
	free(out);
	/* a folder gnuplot cannot run in is said as such */
	assert_int_equal(lb_plot_gnuplot(script, strlen(script), "/nonexistent", NULL, &err), -1);
	assert_string_equal(err.msg,
			    "gnuplot: cannot enter /nonexistent: No such file or directory");
	lb_error_clear(&err);

	unsetenv("GNUPLOT_LIB");
	unsetenv("FIT_SCRIPT");
	unsetenv("LD_LIBRARY_PATH");
	unlink(prog);
	rmdir(dir);

	/* a name alone is found on PATH */
	setenv("LIMITBENCH_GNUPLOT", "true", 1);
	assert_int_equal(lb_plot_gnuplot_check(&err), 0);
	assert_int_equal(lb_plot_gnuplot(script, 0, NULL, &out, &err), 0);
	assert_string_equal(out, "");
	free(out);

	setenv("LIMITBENCH_GNUPLOT", "false", 1);
	assert_int_equal(lb_plot_gnuplot(script, strlen(script), NULL, NULL, &err), -1);
	assert_int_equal(err.kind, LB_ERR_FAILED);
	assert_string_equal(err.msg, "gnuplot failed (exit 1): no message");
	assert_false(lb_plot_missing_gnuplot(&err));

	setenv("LIMITBENCH_GNUPLOT", "/nonexistent/gnuplot", 1);
	assert_int_equal(lb_plot_gnuplot(script, strlen(script), NULL, NULL, &err), -1);
	assert_true(lb_plot_missing_gnuplot(&err));
	assert_non_null(strstr(err.msg, "install gnuplot"));
	lb_error_clear(&err);
	assert_int_equal(lb_plot_gnuplot_check(&err), -1);
	assert_true(lb_plot_missing_gnuplot(&err));
	lb_error_wrap(&err, "dir: mem");
	assert_true(lb_plot_missing_gnuplot(&err)); /* still, with context */
	unsetenv("LIMITBENCH_GNUPLOT");
}

static void test_templates_dir_env(void **state)
{
	lb_error err = {0};

	setenv("LIMITBENCH_PLOTS", "/nonexistent", 1);
	assert_null(lb_plot_templates_dir(&err));
	assert_int_equal(err.kind, LB_ERR_ENV);
	assert_string_equal(err.msg, "LIMITBENCH_PLOTS=/nonexistent holds no gnuplot templates "
				     "(mem.gp)");
	unsetenv("LIMITBENCH_PLOTS");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fill),
	    cmocka_unit_test(test_fill_kinds),
	    cmocka_unit_test(test_fill_errors),
	    cmocka_unit_test(test_gp_string),
	    cmocka_unit_test(test_samples),
	    cmocka_unit_test(test_samples_columns_by_name),
	    cmocka_unit_test(test_samples_errors),
	    cmocka_unit_test(test_samples_block_thinning),
	    cmocka_unit_test(test_events),
	    cmocka_unit_test(test_run_summary),
	    cmocka_unit_test(test_run_summary_mem_high),
	    cmocka_unit_test(test_enforcement_sweep),
	    cmocka_unit_test(test_enforcement_two_params),
	    cmocka_unit_test(test_enforcement_repeat_only),
	    cmocka_unit_test(test_gnuplot_runner),
	    cmocka_unit_test(test_templates_dir_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
