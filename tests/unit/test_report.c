/* SPDX-License-Identifier: MIT */
/* One run's folder: summary.json, samples.tsv, events.tsv; and the --json report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <cmocka.h>

#include "report_fixture.h"

static const struct lb_host_info host = {
    .kernel = "6.18.0-test",
    .cgroup_mode = "hybrid",
    .backend = "v1",
    .controllers = "memory cpu cpuacct cpuset pids",
    .cpus = 2,
    .mem_total = 25276502016ull,
    .swap_total = 0,
    .version = "0.1.0",
};

/* the series of issue 11 after SPEC's five (io's, memory.stat's, pressure's): empty where nothing
 * was sampled */
#define EXT_HDR                                                                                    \
	"io_read\tio_write\t"                                                                      \
	"mem_anon\tmem_file\tmem_sock\tmem_shmem\tpsi_cpu\tpsi_cpu_full\tpsi_mem\tpsi_mem_full\t"  \
	"psi_io\tpsi_io_full"
#define EXT_NONE "\t\t\t\t\t\t\t\t\t\t\t\t"

static const char samples_expected[] = "t_s\tcontainer\tmem\trss\tswap\tcpu\tpids\t" EXT_HDR "\n"
				       "0.1000\thog\t1000\t900\t0\t\t1" EXT_NONE "\n"
				       "0.1000\tidle\t4096\t\t\t\t1" EXT_NONE "\n"
				       "0.2000\thog\t2000\t1900\t0\t0.5000\t2" EXT_NONE "\n"
				       "0.2000\tidle\t8192\t\t\t0.1000\t1" EXT_NONE "\n"
				       "0.2500\tidle\t12288\t\t\t\t" EXT_NONE "\n"
				       "0.3000\thog\t3000\t2900\t0\t0.3333\t2" EXT_NONE "\n";

static const char events_expected[] = "t_s\tcontainer\tevent\tdetail\n"
				      "0.0000\thog\tstart\tstress --vm 1\n"
				      "0.3000\thog\toom_kill\tkilled pid 42 by the kernel\n"
				      "0.3500\thog\texit\tsignal KILL\n";

static char *read_text(const char *dir, const char *name)
{
	char *path = lb_xasprintf("%s/%s", dir, name), *buf = NULL;
	lb_error err = {0};

	if (lb_read_file(path, &buf, NULL, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
	return buf;
}

static json_t *get(json_t *o, const char *path)
{
	char *copy = lb_xstrdup(path), *save = NULL;

	for (char *k = strtok_r(copy, "/", &save); k && o; k = strtok_r(NULL, "/", &save))
		o = json_is_array(o) ? json_array_get(o, (size_t)atoi(k)) : json_object_get(o, k);
	free(copy);
	if (!o)
		fail_msg("no %s in the JSON", path);
	return o;
}

static void assert_str(json_t *o, const char *path, const char *want)
{
	json_t *j = get(o, path);

	if (!json_is_string(j))
		fail_msg("%s is not a string", path);
	assert_string_equal(json_string_value(j), want);
}

static void assert_int(json_t *o, const char *path, long long want)
{
	json_t *j = get(o, path);

	if (!json_is_integer(j))
		fail_msg("%s is not an integer", path);
	assert_int_equal(json_integer_value(j), want);
}

static void assert_real(json_t *o, const char *path, double want)
{
	json_t *j = get(o, path);

	if (!json_is_real(j))
		fail_msg("%s is not a real", path);
	assert_true(fabs(json_real_value(j) - want) < 1e-9);
}

/* a key that is there, with the value null */
static void assert_null_at(json_t *o, const char *path)
{
	if (!json_is_null(get(o, path)))
		fail_msg("%s is not null", path);
}

static void test_samples_tsv(void **state)
{
	struct lb_run_result r;
	size_t len;

	fx_run(&r, 1, 1, 3000, 0.4);
	char *text = lb_report_samples_tsv(&r, &len);
	assert_string_equal(text, samples_expected);
	assert_int_equal(len, strlen(samples_expected));
	free(text);
	lb_run_result_free(&r);
}

/* Three containers with their own instants: rows by time, then by container order. */
static void test_samples_tsv_merge(void **state)
{
	struct lb_run_result r = {0};
	static const char *names[] = {"a", "b", "c"};

	r.n_ctrs = 3;
	r.ctrs = lb_xcalloc(3, sizeof(*r.ctrs));
	for (size_t i = 0; i < 3; i++)
		r.ctrs[i].name = lb_xstrdup(names[i]);
	/* c first in time, b and a at the same instant, a's pids alone later, b a NaN value */
	fx_push(&r.ctrs[2].series[LB_SERIES_PIDS], 0.05, 3);
	fx_push(&r.ctrs[1].series[LB_SERIES_PIDS], 0.1, 2);
	fx_push(&r.ctrs[1].series[LB_SERIES_MEM], 0.1, NAN);
	fx_push(&r.ctrs[0].series[LB_SERIES_PIDS], 0.1, 1);
	fx_push(&r.ctrs[0].series[LB_SERIES_PIDS], 0.3, 1);
	fx_push(&r.ctrs[0].series[LB_SERIES_CPU], 0.2, 1.23456);
	fx_push(&r.ctrs[2].series[LB_SERIES_SWAP], 0.2, 4096);
	fx_push(&r.ctrs[2].series[LB_SERIES_RSS], 0.25, 1e12);
	/* memory.stat in bytes, a psi share with 4 decimals like cores */
	fx_push(&r.ctrs[2].series[LB_SERIES_MEM_ANON], 0.05, 4096);
	fx_push(&r.ctrs[0].series[LB_SERIES_PSI_CPU], 0.3, 0.12345);
	char *text = lb_report_samples_tsv(&r, NULL);
	assert_string_equal(text, "t_s\tcontainer\tmem\trss\tswap\tcpu\tpids\t" EXT_HDR "\n"
				  "0.0500\tc\t\t\t\t\t3\t\t\t4096\t\t\t\t\t\t\t\t\t\n"
				  "0.1000\ta\t\t\t\t\t1" EXT_NONE "\n"
				  "0.1000\tb\t\t\t\t\t2" EXT_NONE "\n"
				  "0.2000\ta\t\t\t\t1.2346\t" EXT_NONE "\n"
				  "0.2000\tc\t\t\t4096\t\t" EXT_NONE "\n"
				  "0.2500\tc\t\t1000000000000\t\t\t" EXT_NONE "\n"
				  "0.3000\ta\t\t\t\t\t1\t\t\t\t\t\t\t0.1235\t\t\t\t\t\n");
	free(text);
	lb_run_result_free(&r);
}

static void test_samples_tsv_empty(void **state)
{
	struct lb_run_result r = {0};
	size_t len;
	char *text = lb_report_samples_tsv(&r, &len);

	assert_string_equal(text, "t_s\tcontainer\tmem\trss\tswap\tcpu\tpids\t" EXT_HDR "\n");
	free(text);
}

static void test_events_tsv(void **state)
{
	struct lb_run_result r;
	size_t len;

	fx_run(&r, 1, 1, 3000, 0.4);
	/* no container (the whole run), and a carriage return inside */
	lb_run_result_event(&r, 12.34567, NULL, "interrupted", "SIGINT\r\n");
	/* a tab or a line break in a field would shift the columns or start a row: spaces */
	lb_run_result_event(&r, 13, "hog", "signal", "a\tb\nEOD\t1");
	char *text = lb_report_events_tsv(&r, &len);
	char *want = lb_xasprintf("%s12.3457\t\tinterrupted\tSIGINT  \n"
				  "13.0000\thog\tsignal\ta b EOD 1\n",
				  events_expected);
	assert_string_equal(text, want);
	free(want);
	free(text);
	lb_run_result_free(&r);
}

/* summary.json as a reader sees it: serialized, then parsed back. */
static json_t *summary(const struct lb_scenario *scn, const struct lb_run_result *r)
{
	json_t *j = lb_report_run_json(scn, r, &host);
	char *text = lb_report_json_text(j, NULL);
	json_error_t jerr;

	json_decref(j);
	assert_int_equal(text[strlen(text) - 1], '\n');
	j = json_loads(text, 0, &jerr);
	if (!j)
		fail_msg("summary.json does not parse: %s", jerr.text);
	free(text);
	return j;
}

static void test_summary_json(void **state)
{
	struct lb_run_result r;
	struct lb_scenario scn;

	fx_scenario(&scn);
	fx_run(&r, 2, 3, 3000, 0.4);
	/* a series the kernel does not give here: in not_measured with its reason */
	r.ctrs[1].series_not_measured[LB_SERIES_PSI_CPU] = lb_xstrdup("v1: no pressure files");
	json_t *j = summary(&scn, &r);

	assert_str(j, "containers/idle/not_measured/psi_cpu", "v1: no pressure files");
	assert_int_equal(json_object_size(j), 13);
	assert_str(j, "limitbench", LB_VERSION);
	assert_str(j, "scenario/name", "mem-100m");
	assert_str(j, "scenario/file", "scenarios/mem.scn");
	assert_str(j, "scenario/sha256",
		   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	assert_str(j, "scenario/description", "stress \"allocates\"\n200M");
	assert_str(j, "run", "mem-100m/limit=100M");
	assert_str(j, "params/limit", "100M");
	assert_int_equal(json_object_size(get(j, "params")), 1);
	assert_int(j, "repeat/index", 2);
	assert_int(j, "repeat/count", 3);
	assert_str(j, "started_at", "2026-11-30T00:53:20.250Z");
	assert_real(j, "duration_s", 0.4);
	assert_str(j, "outcome", "fail");
	assert_null(json_object_get(j, "skip_reason"));
	assert_null(json_object_get(j, "error"));
	assert_true(json_is_false(get(j, "interrupted")));
	assert_int(j, "sampler/samples", 0);
	assert_int(j, "sampler/late_samples", 0);

	/* environment */
	assert_str(j, "environment/kernel", "6.18.0-test");
	assert_str(j, "environment/cgroup_mode", "hybrid");
	assert_str(j, "environment/backend", "v1");
	assert_int_equal(json_array_size(get(j, "environment/controllers")), 5);
	assert_str(j, "environment/controllers/0", "memory");
	assert_str(j, "environment/controllers/4", "pids");
	assert_int(j, "environment/cpus", 2);
	assert_int(j, "environment/memory_bytes", 25276502016ll);
	assert_int(j, "environment/swap_bytes", 0);
	assert_str(j, "environment/limitbench_version", "0.1.0");

	/* containers, in the scenario's order */
	json_t *ctrs = get(j, "containers");
	assert_int_equal(json_object_size(ctrs), 2);
	assert_string_equal(json_object_iter_key(json_object_iter(ctrs)), "hog");

	/* limits asked: only those set, sizes in bytes, "max" as a string */
	assert_int_equal(json_object_size(get(j, "containers/hog/limits_asked")), 4);
	assert_int(j, "containers/hog/limits_asked/memory", 104857600);
	assert_str(j, "containers/hog/limits_asked/memory_swap", "max");
	assert_real(j, "containers/hog/limits_asked/cpus", 0.5);
	assert_str(j, "containers/hog/limits_asked/cpuset", "0");
	assert_int_equal(json_object_size(get(j, "containers/idle/limits_asked")), 0);
	/* io limits: one string per container, so compare sees them change */
	{
		struct lb_io_limit io[2] = {
		    {.device = (char *)"/var/tmp", .wbps = 4 << 20},
		    {.device = (char *)"/dev/vdb", .riops = 100, .weight = 500}};
		struct lb_limits l = {.io = io, .n_io = 2, .blkio_weight = 300};
		json_t *a = lb_report_limits_asked_json(&l);
		assert_str(a, "io", "/var/tmp wbps=4194304; /dev/vdb riops=100 weight=500");
		assert_int(a, "blkio_weight", 300);
		json_decref(a);
	}

	assert_int(j, "containers/hog/limits_applied/mem_limit", 104857600);
	assert_str(j, "containers/hog/limits_applied/memsw_limit", "max");
	assert_real(j, "containers/hog/limits_applied/cpu_quota", 0.5);
	assert_int(j, "containers/hog/limits_applied/cpu_weight", 1024);
	assert_str(j, "containers/hog/limits_applied/cpuset", "0");
	assert_str(j, "containers/hog/limits_applied/pids_max", "max");
	assert_null_at(j, "containers/idle/limits_applied");

	/* every measured scalar, and only those */
	json_t *m = get(j, "containers/hog/metrics");
	assert_int_equal(json_object_size(m), 8);
	assert_int(m, "mem_peak", 3000);
	assert_int(m, "mem_limit", 104857600);
	assert_int(m, "oom_kills", 1);
	assert_real(m, "cpu_time", 1.25);
	assert_int(m, "exit", 137);
	assert_str(m, "signal", "KILL");
	assert_str(m, "cpus_used", "0");
	assert_real(m, "wall", 0.35);
	assert_null(json_object_get(m, "throttled"));
	assert_int_equal(json_object_size(get(j, "containers/idle/metrics")), 2);
	assert_str(j, "containers/idle/metrics/signal", "none");
	assert_int(j, "containers/idle/metrics/exit", 0);

	/* series: min mean max p95 samples, the same keys for every series */
	json_t *mem = get(j, "containers/hog/series/mem");
	assert_int_equal(json_object_size(mem), 5);
	assert_int(mem, "min", 1000);
	assert_int(mem, "mean", 2000);
	assert_int(mem, "max", 3000);
	assert_int(mem, "p95", 2900); /* rank 0.95 * 2 = 1.9: 2000 + 0.9 * 1000 */
	assert_int(mem, "samples", 3);
	assert_real(j, "containers/hog/series/cpu/mean", (0.5 + 1.0 / 3) / 2);
	assert_real(j, "containers/hog/series/cpu/max", 0.5);
	assert_int(j, "containers/hog/series/cpu/samples", 2);
	assert_int(j, "containers/hog/series/pids/max", 2);
	/* every series, those of issue 11 too */
	assert_int_equal(json_object_size(get(j, "containers/idle/series")), LB_SERIES_COUNT);
	assert_int(j, "containers/idle/series/psi_io_full/samples", 0);
	assert_null_at(j, "containers/idle/series/rss/min");
	assert_null_at(j, "containers/idle/series/rss/p95");
	assert_int(j, "containers/idle/series/rss/samples", 0);

	/* expectations */
	json_t *e = get(j, "expectations");
	assert_int_equal(json_array_size(e), 3);
	assert_int_equal(json_object_size(get(e, "0")), 7);
	assert_str(e, "0/unit", "number");
	assert_str(e, "1/unit", "bytes");
	assert_str(e, "0/text", "hog.oom_kills >= 1");
	assert_str(e, "0/result", "pass");
	assert_int(e, "0/measured", 1);
	assert_str(e, "0/bound", ">= 1");
	assert_null_at(e, "0/error");
	assert_str(e, "0/message", "PASS hog.oom_kills = 1, expected >= 1");
	assert_str(e, "1/text", "max(hog.rss) ~ 100M ± 5%");
	assert_str(e, "1/result", "fail");
	assert_int(e, "1/measured", 2900);
	assert_real(e, "1/error", 0.25);
	assert_str(e, "2/result", "error");
	assert_null_at(e, "2/measured");
	assert_str(e, "2/message", "ERROR mean(idle.swap): no sample <in> the \"window\" & more");
	json_decref(j);
	lb_run_result_free(&r);
}

/* Skipped, interrupted, string measurements, no scenario, no host, invalid UTF-8. */
/* Nested groups: written under "groups" beside "containers", without the metrics a group does
 * not have (rss), with their parent; a container says its group.  Without groups there is no
 * "groups" key (test_summary_json: 13 keys). */
static void test_summary_json_groups(void **state)
{
	struct lb_run_result r;
	struct lb_scenario scn;

	fx_scenario(&scn);
	fx_run(&r, 1, 1, 3000, 0.4);
	r.ctrs[1].is_group = true; /* idle becomes a group, hog a container in it */
	r.ctrs[1].group = lb_xstrdup("node");
	r.ctrs[0].group = lb_xstrdup("idle");
	fx_scalar(&r.ctrs[1], LB_SCALAR_CPU_TIME, 2.5);
	json_t *j = summary(&scn, &r);

	assert_int_equal(json_object_size(j), 14);
	assert_int_equal(json_object_size(get(j, "containers")), 1);
	assert_str(j, "containers/hog/group", "idle");
	assert_int_equal(json_object_size(get(j, "groups")), 1);
	assert_str(j, "groups/idle/parent", "node");
	assert_real(j, "groups/idle/metrics/cpu_time", 2.5);
	assert_int_equal(get(j, "groups/idle/series/mem/samples")->type, JSON_INTEGER);
	assert_null(json_object_get(get(j, "groups/idle/series"), "rss"));
	assert_non_null(json_object_get(get(j, "containers/hog/series"), "rss"));
	json_decref(j);
	lb_run_result_free(&r);
}

static void test_summary_json_outcomes(void **state)
{
	struct lb_run_result r = {0};

	r.scenario = lb_xstrdup("swap");
	r.run_name = lb_xstrdup("swap");
	r.repeat_index = r.repeat_count = 1;
	r.outcome = LB_OUTCOME_SKIPPED;
	r.skip_reason = lb_xstrdup("requires swap: this machine has none \xff");
	json_t *j = summary(NULL, &r);
	assert_str(j, "outcome", "skipped");
	assert_str(j, "skip_reason", "requires swap: this machine has none \xef\xbf\xbd");
	assert_str(j, "scenario/name", "swap");
	assert_null_at(j, "scenario/file");
	assert_int_equal(json_object_size(get(j, "containers")), 0);
	assert_int_equal(json_array_size(get(j, "expectations")), 0);
	assert_true(json_is_false(get(j, "interrupted")));
	assert_null_at(j, "started_at"); /* it never started */
	json_decref(j);
	lb_run_result_free(&r);

	fx_run(&r, 1, 1, 3000, 0.4);
	r.ctrs[0].scalar[LB_SCALAR_MEM_LIMIT] = (double)LB_SIZE_MAX; /* no memory limit */
	r.outcome = LB_OUTCOME_INTERRUPTED;
	r.samples = 1000;
	r.late_samples = 3;
	r.verdicts[0].measured = NAN;
	r.verdicts[0].measured_str = lb_xstrdup("0-1");
	j = summary(NULL, &r);
	assert_str(j, "outcome", "interrupted");
	assert_true(json_is_true(get(j, "interrupted")));
	assert_str(j, "expectations/0/measured", "0-1");
	assert_str(j, "containers/hog/metrics/mem_limit", "max");
	assert_int(j, "sampler/samples", 1000);
	assert_int(j, "sampler/late_samples", 3);
	json_decref(j);
	lb_run_result_free(&r);
}

/* The folder: three files, exactly, nothing temporary left, the same text as above. */
static void test_write_run(void **state)
{
	struct lb_run_result r;
	struct lb_scenario scn;
	lb_error err = {0};
	char *dir = fx_tmpdir();

	fx_scenario(&scn);
	fx_run(&r, 1, 1, 3000, 0.4);
	assert_int_equal(lb_report_write_run(dir, &scn, &r, &host, &err), 0);
	char *samples = read_text(dir, "samples.tsv"), *events = read_text(dir, "events.tsv");
	char *sum = read_text(dir, "summary.json");
	assert_string_equal(samples, samples_expected);
	assert_string_equal(events, events_expected);
	json_t *j = json_loads(sum, 0, NULL);
	assert_non_null(j);
	assert_str(j, "run", "mem-100m/limit=100M");
	json_decref(j);
	free(samples);
	free(events);
	free(sum);
	assert_int_equal(fx_rmdir(dir), 3);

	/* a folder that is not there: an error that names the file, not a crash */
	assert_int_equal(lb_report_write_run(dir, &scn, &r, &host, &err), -1);
	assert_non_null(strstr(err.msg, "samples.tsv"));
	free(dir);
	lb_run_result_free(&r);
}

/* --json: an array of the same objects, one per run of every scenario. */
static void test_print_json(void **state)
{
	struct lb_run_result r[3];
	struct lb_run_result *runs[3] = {&r[0], &r[1], &r[2]};
	struct lb_scenario scn;
	struct lb_report_suite suites[2] = {{&scn, runs, 2}, {NULL, runs + 2, 1}};
	lb_error err = {0};
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	fx_scenario(&scn);
	for (unsigned i = 0; i < 3; i++)
		fx_run(&r[i], i + 1, 3, 3000, 1 + i);
	assert_int_equal(lb_report_print_json(f, suites, 2, &host, &err), 0);
	fclose(f);
	json_t *j = json_loads(buf, 0, NULL);
	assert_true(json_is_array(j));
	assert_int_equal(json_array_size(j), 3);
	assert_int(j, "0/repeat/index", 1);
	assert_int(j, "2/repeat/index", 3);
	assert_str(j, "1/scenario/file", "scenarios/mem.scn");
	assert_null_at(j, "2/scenario/file");
	assert_str(j, "2/scenario/name", "mem-100m");
	assert_int_equal(json_object_size(get(j, "1")), 13);
	json_decref(j);
	free(buf);
	for (unsigned i = 0; i < 3; i++)
		lb_run_result_free(&r[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_samples_tsv),
	    cmocka_unit_test(test_samples_tsv_merge),
	    cmocka_unit_test(test_samples_tsv_empty),
	    cmocka_unit_test(test_events_tsv),
	    cmocka_unit_test(test_summary_json),
	    cmocka_unit_test(test_summary_json_groups),
	    cmocka_unit_test(test_summary_json_outcomes),
	    cmocka_unit_test(test_write_run),
	    cmocka_unit_test(test_print_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
