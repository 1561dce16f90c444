/* SPDX-License-Identifier: MIT */
/*
 * Scenario files: the corpus under tests/scenarios (every good file loads; every bad file
 * gives exactly the diagnostics of its .expected sibling), and the values a good file
 * expands to: bytes, nanoseconds, argv, env, namespaces, matrix order, run names, --set.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "container/container.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/units.h"

/* The corpus, relative to the source tree (make runs the tests from there). */
static char *corpus_path(const char *sub)
{
	const char *top = getenv("LB_SRCDIR");
	return lb_xasprintf("%s/tests/scenarios/%s", top ? top : ".", sub);
}

static char *format_all(const struct lb_diags *d)
{
	char *all = lb_xstrdup("");
	for (size_t i = 0; i < d->n; i++) {
		char *line = lb_diag_format(&d->v[i]);
		char *next = lb_xasprintf("%s%s\n", all, line);
		free(line);
		free(all);
		all = next;
	}
	return all;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .scn files of a corpus folder, sorted. */
static char **list_scn(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > 4 && !strcmp(e->d_name + len - 4, ".scn")) {
			lb_xgrow(&v, &cap, *n + 1, sizeof(*v));
			v[(*n)++] = lb_xstrdup(e->d_name);
		}
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), by_name);
	return v;
}

/* Parse text as file "t.scn". */
static int parse(const char *text, const struct lb_set *sets, size_t n_sets, struct lb_scenario **s,
		 struct lb_diags *d, lb_error *err)
{
	return lb_scenario_parse("t.scn", text, strlen(text), sets, n_sets, s, d, err);
}

/* Parse text, which must be valid. */
static struct lb_scenario *parse_ok(const char *text, const struct lb_set *sets, size_t n_sets)
{
	struct lb_scenario *s = NULL;
	struct lb_diags d = {0};
	lb_error err = {0};

	if (parse(text, sets, n_sets, &s, &d, &err) < 0) {
		char *all = format_all(&d);
		fail_msg("unexpected problems:\n%s%s", all, err.msg);
	}
	assert_int_equal(d.n, 0);
	assert_non_null(s);
	return s;
}

/* Parse text, which must be invalid with exactly these diagnostics. */
static void parse_bad(const char *text, const struct lb_set *sets, size_t n_sets, const char *want)
{
	struct lb_scenario *s = (void *)1;
	struct lb_diags d = {0};
	lb_error err = {0};

	assert_int_equal(parse(text, sets, n_sets, &s, &d, &err), -1);
	assert_null(s);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	char *all = format_all(&d);
	assert_string_equal(all, want);
	free(all);
	lb_diags_free(&d);
}

static void test_bad_corpus(void **state)
{
	char *dir = corpus_path("bad");
	size_t n;
	char **files = list_scn(dir, &n);
	unsigned failures = 0;

	/* The issue asks for at least 25 of them. */
	assert_true(n >= 25);
	for (size_t i = 0; i < n; i++) {
		char *path = lb_xasprintf("%s/%s", dir, files[i]);
		char *exp_path = lb_xasprintf("%.*s.expected", (int)(strlen(path) - 4), path);
		char *buf = NULL, *want = NULL;
		size_t len = 0, wlen = 0;
		struct lb_scenario *s = NULL;
		struct lb_diags d = {0};
		lb_error err = {0};

		assert_int_equal(lb_read_file(path, &buf, &len, &err), 0);
		if (lb_read_file(exp_path, &want, &wlen, &err) < 0)
			fail_msg("%s: %s", files[i], err.msg);
		int r = lb_scenario_parse(files[i], buf, len, NULL, 0, &s, &d, &err);
		char *got = format_all(&d);
		char *summary =
		    lb_xasprintf("%zu problem%s in %s", d.n, d.n == 1 ? "" : "s", files[i]);
		if (r != -1 || s || strcmp(got, want) || strcmp(err.msg, summary)) {
			print_error("%s: expected\n%s-- got (rc %d, %s)\n%s", files[i], want, r,
				    err.msg, got);
			failures++;
		}
		lb_scenario_free(s);
		lb_diags_free(&d);
		free(summary);
		free(got);
		free(want);
		free(buf);
		free(exp_path);
		free(path);
		free(files[i]);
	}
	free(files);
	free(dir);
	assert_int_equal(failures, 0);
}

static void test_good_corpus(void **state)
{
	char *dir = corpus_path("good");
	size_t n;
	char **files = list_scn(dir, &n);

	assert_true(n >= 5);
	for (size_t i = 0; i < n; i++) {
		char *path = lb_xasprintf("%s/%s", dir, files[i]);
		struct lb_scenario *s = NULL;
		struct lb_diags d = {0};
		lb_error err = {0};

		if (lb_scenario_load(path, NULL, 0, &s, &d, &err) < 0) {
			char *all = format_all(&d);
			fail_msg("%s:\n%s%s", files[i], all, err.msg);
		}
		assert_string_equal(s->file, path);
		assert_true(s->n_runs >= 1);
		lb_scenario_free(s);
		free(path);
		free(files[i]);
	}
	free(files);
	free(dir);
}

/* The example of SPEC section 2: every value in its unit. */
static void test_spec_example_values(void **state)
{
	char *path = corpus_path("good/spec-example.scn");
	char *buf;
	size_t len;
	char hex[65];
	struct lb_scenario *s = NULL;
	struct lb_diags d = {0};
	lb_error err = {0};

	assert_int_equal(lb_scenario_load(path, NULL, 0, &s, &d, &err), 0);
	assert_int_equal(lb_read_file(path, &buf, &len, &err), 0);
	lb_sha256_hex(buf, len, hex);
	assert_string_equal(s->sha256, hex);
	free(buf);

	assert_string_equal(s->name, "mem-100m");
	assert_string_equal(s->description, "stress allocates 200M inside a 100M limit");
	assert_int_equal(s->requires.cpus, 2);
	assert_int_equal(s->requires.swap, 0);
	assert_int_equal(s->requires.cgroup, 1);
	assert_int_equal(s->requires.memory, 0);
	assert_null(s->requires.controllers);
	assert_null(s->requires.commands);
	assert_string_equal(s->matrix_names[0], "limit");
	assert_null(s->matrix_names[1]);
	assert_int_equal(s->n_runs, 3);

	static const char *const names[] = {"mem-100m/limit=64M", "mem-100m/limit=128M",
					    "mem-100m/limit=256M"};
	static const uint64_t mem[] = {64ull << 20, 128ull << 20, 256ull << 20};
	for (size_t i = 0; i < 3; i++) {
		const struct lb_run_spec *r = &s->runs[i];
		assert_string_equal(r->run_name, names[i]);
		assert_int_equal(r->n_params, 1);
		assert_string_equal(r->params[0].name, "limit");
		assert_string_equal(r->params[0].value, names[i] + strlen("mem-100m/limit="));
		assert_int_equal(r->sample_ns, 20000000ull);
		assert_int_equal(r->timeout_ns, 60000000000ull);
		assert_int_equal(r->repeat, 3);
		assert_int_equal(r->n_ctrs, 1);
		const struct lb_scn_ctr *c = &r->ctrs[0];
		assert_string_equal(c->name, "hog");
		assert_int_equal(c->pos.line, 11);
		assert_int_equal(c->pos.col, 5);
		static const char *const argv[] = {"stress",	"--vm-bytes", "200m",
						   "--vm-keep", "-m",	      "1"};
		for (size_t k = 0; k < 6; k++)
			assert_string_equal(c->argv[k], argv[k]);
		assert_null(c->argv[6]);
		assert_int_equal(c->limits.memory, mem[i]);
		assert_int_equal(c->limits.memory_swap, 300ull << 20);
		assert_true(c->limits.cpus == 0.5);
		assert_int_equal(c->limits.cpu_shares, 512);
		assert_string_equal(c->limits.cpuset, "0");
		assert_int_equal(c->limits.pids, 64);
		assert_int_equal(c->start_ns, 0);
		assert_true(c->has_duration);
		assert_int_equal(c->duration_ns, 5000000000ull);
		assert_string_equal(c->env[0], "KEY=value");
		assert_null(c->env[1]);
		assert_int_equal(c->namespaces, LB_NS_ALL);
		assert_int_equal(r->n_expects, 2);
		assert_string_equal(r->expects[0].text, "hog.oom_kills >= 1");
		assert_int_equal(r->expects[0].pos.line, 25);
		assert_int_equal(r->expects[0].pos.col, 5);
		assert_non_null(r->expects[0].expr);
		char *want = lb_xasprintf("max(hog.mem) <= %s", r->params[0].value);
		assert_string_equal(r->expects[1].text, want);
		free(want);
	}
	lb_scenario_free(s);
	free(path);
}

/* Defaults, and a scenario without a matrix: the run is named after the scenario. */
static void test_defaults(void **state)
{
	struct lb_scenario *s =
	    parse_ok("name: d\ncontainers:\n  - name: a\n    run: ls -l /\n", NULL, 0);

	assert_null(s->description);
	assert_null(s->matrix_names);
	assert_int_equal(s->requires.swap, -1);
	assert_int_equal(s->requires.cgroup, 0);
	assert_int_equal(s->n_runs, 1);
	const struct lb_run_spec *r = &s->runs[0];
	assert_string_equal(r->run_name, "d");
	assert_int_equal(r->n_params, 0);
	assert_int_equal(r->sample_ns, 100000000ull);
	assert_int_equal(r->timeout_ns, 300000000000ull);
	assert_int_equal(r->repeat, 1);
	assert_int_equal(r->n_expects, 0);
	const struct lb_scn_ctr *c = &r->ctrs[0];
	assert_string_equal(c->argv[0], "ls");
	assert_string_equal(c->argv[1], "-l");
	assert_string_equal(c->argv[2], "/");
	assert_null(c->argv[3]);
	assert_int_equal(c->limits.memory, 0);
	assert_int_equal(c->limits.memory_swap, 0);
	assert_true(c->limits.cpus == 0);
	assert_int_equal(c->limits.cpu_shares, 0);
	assert_null(c->limits.cpuset);
	assert_int_equal(c->limits.pids, 0);
	assert_false(c->has_duration);
	assert_int_equal(c->start_ns, 0);
	assert_null(c->env[0]);
	assert_int_equal(c->namespaces, LB_NS_ALL);
	lb_scenario_free(s);
}

/* Two parameters: the first varies slowest; substitution in every kind of scalar. */
static void test_matrix_order_and_substitution(void **state)
{
	char *path = corpus_path("good/matrix2.scn");
	struct lb_scenario *s = NULL;
	struct lb_diags d = {0};
	lb_error err = {0};

	assert_int_equal(lb_scenario_load(path, NULL, 0, &s, &d, &err), 0);
	assert_int_equal(s->n_runs, 4);
	static const char *const names[] = {
	    "sweep.two/limit=64M,every=10ms", "sweep.two/limit=64M,every=1s",
	    "sweep.two/limit=1G,every=10ms", "sweep.two/limit=1G,every=1s"};
	static const uint64_t sample[] = {10000000, 1000000000, 10000000, 1000000000};
	static const uint64_t mem[] = {64ull << 20, 64ull << 20, 1ull << 30, 1ull << 30};
	for (size_t i = 0; i < 4; i++) {
		const struct lb_run_spec *r = &s->runs[i];
		const char *every = r->params[1].value, *limit = r->params[0].value;
		assert_string_equal(r->run_name, names[i]);
		assert_int_equal(r->n_params, 2);
		assert_string_equal(r->params[0].name, "limit");
		assert_string_equal(r->params[1].name, "every");
		assert_int_equal(r->sample_ns, sample[i]);
		const struct lb_scn_ctr *c = &r->ctrs[0];
		char *want = lb_xasprintf("w-%s", every);
		assert_string_equal(c->name, want);
		free(want);
		assert_string_equal(c->argv[0], "sh");
		assert_string_equal(c->argv[1], "-c");
		/* $${ is a literal ${ */
		want = lb_xasprintf("echo %s ${HOME}", limit);
		assert_string_equal(c->argv[2], want);
		free(want);
		assert_null(c->argv[3]);
		assert_int_equal(c->limits.memory, mem[i]);
		assert_int_equal(c->limits.pids, LB_SIZE_MAX);
		want = lb_xasprintf("LIMIT=%s", limit);
		assert_string_equal(c->env[0], want);
		free(want);
		assert_string_equal(c->env[1], "EMPTY=");
		assert_null(c->env[2]);
		want = lb_xasprintf("max(w-%s.mem) <= %s", every, limit);
		assert_string_equal(r->expects[0].text, want);
		free(want);
	}
	lb_scenario_free(s);
	free(path);
}

static void test_flow_values(void **state)
{
	char *path = corpus_path("good/flow.scn");
	struct lb_scenario *s = NULL;
	struct lb_diags d = {0};
	lb_error err = {0};

	assert_int_equal(lb_scenario_load(path, NULL, 0, &s, &d, &err), 0);
	/* cpus: 4 also lets its cpuset 0-1,3 load on a machine with fewer CPUs */
	assert_int_equal(s->requires.cpus, 4);
	assert_int_equal(s->requires.memory, 1ull << 30);
	assert_int_equal(s->requires.swap, 1);
	assert_int_equal(s->requires.cgroup, 2);
	assert_string_equal(s->requires.controllers[0], "memory");
	assert_string_equal(s->requires.controllers[1], "cpu");
	assert_null(s->requires.controllers[2]);
	assert_string_equal(s->requires.commands[0], "stress");
	assert_string_equal(s->requires.commands[1], "sh");
	assert_null(s->requires.commands[2]);
	const struct lb_run_spec *r = &s->runs[0];
	assert_int_equal(r->timeout_ns, 1500000000ull);
	assert_int_equal(r->n_ctrs, 2);
	const struct lb_scn_ctr *a = &r->ctrs[0], *b = &r->ctrs[1];
	assert_string_equal(a->argv[0], "sh");
	assert_string_equal(a->argv[1], "-c");
	assert_string_equal(a->argv[2], "exit 3");
	assert_null(a->argv[3]);
	assert_true(a->limits.cpus == 1.25);
	assert_string_equal(a->limits.cpuset, "0-1,3");
	assert_int_equal(a->limits.memory, 512 * 1024 * 1024);
	assert_int_equal(a->limits.memory_swap, LB_SIZE_MAX);
	assert_int_equal(a->namespaces, 0);
	assert_string_equal(b->argv[0], "sleep");
	assert_string_equal(b->argv[1], "1");
	assert_null(b->argv[2]);
	assert_int_equal(b->start_ns, 250000000ull);
	assert_int_equal(b->namespaces, LB_NS_NET | LB_NS_PID);
	lb_scenario_free(s);
	free(path);
}

static void test_quoting_values(void **state)
{
	char *path = corpus_path("good/quoting.scn");
	struct lb_scenario *s = NULL;
	struct lb_diags d = {0};
	lb_error err = {0};

	assert_int_equal(lb_scenario_load(path, NULL, 0, &s, &d, &err), 0);
	assert_string_equal(s->description, "Folded text over two lines.\n");
	const struct lb_scn_ctr *q = &s->runs[0].ctrs[0], *b = &s->runs[0].ctrs[1];
	static const char *const argv[] = {"sh", "-c", "echo \"a b\" \\$HOME", "x y", "it's", ""};
	for (size_t k = 0; k < 6; k++)
		assert_string_equal(q->argv[k], argv[k]);
	assert_null(q->argv[6]);
	assert_string_equal(b->argv[0], "printf");
	assert_string_equal(b->argv[1], "%s\\n");
	assert_string_equal(b->argv[2], "one");
	assert_string_equal(b->argv[3], "two");
	assert_null(b->argv[4]);
	assert_string_equal(s->runs[0].expects[2].text, "max(q.rss) ~ 100M ± 5%");
	lb_scenario_free(s);
	free(path);
}

static const char matrix_text[] = "name: m\n"
				  "matrix:\n"
				  "  limit: [64M, 128M]\n"
				  "  n: [1, 2, 3]\n"
				  "containers:\n"
				  "  - name: a\n"
				  "    run: stress -m ${n}\n"
				  "    limits: { memory: \"${limit}\" }\n";

static void test_set(void **state)
{
	/* A matrix parameter pinned, a value that was not in the list, top-level keys. */
	const struct lb_set sets[] = {{"n", "7"},
				      {"sample", "5ms"},
				      {"repeat", "4"},
				      {"name", "pinned"},
				      {"description", "from the command line"},
				      {"timeout", "2m"}};
	struct lb_scenario *s = parse_ok(matrix_text, sets, LB_ARRAY_SIZE(sets));

	assert_string_equal(s->name, "pinned");
	assert_string_equal(s->description, "from the command line");
	assert_int_equal(s->n_runs, 2);
	assert_string_equal(s->runs[0].run_name, "pinned/limit=64M,n=7");
	assert_string_equal(s->runs[1].run_name, "pinned/limit=128M,n=7");
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(s->runs[i].sample_ns, 5000000ull);
		assert_int_equal(s->runs[i].timeout_ns, 120000000000ull);
		assert_int_equal(s->runs[i].repeat, 4);
		assert_string_equal(s->runs[i].ctrs[0].argv[2], "7");
	}
	lb_scenario_free(s);

	/* Without --set: 2 x 3 runs, the first parameter slowest. */
	s = parse_ok(matrix_text, NULL, 0);
	assert_int_equal(s->n_runs, 6);
	assert_string_equal(s->runs[0].run_name, "m/limit=64M,n=1");
	assert_string_equal(s->runs[2].run_name, "m/limit=64M,n=3");
	assert_string_equal(s->runs[3].run_name, "m/limit=128M,n=1");
	assert_string_equal(s->runs[5].run_name, "m/limit=128M,n=3");
	assert_int_equal(s->runs[5].ctrs[0].limits.memory, 128ull << 20);
	lb_scenario_free(s);
}

static void test_set_errors(void **state)
{
	const struct lb_set unknown[] = {{"colour", "blue"}};
	parse_bad(matrix_text, unknown, 1,
		  "t.scn: --set colour=blue: 'colour' is neither a matrix parameter nor one of "
		  "sample, timeout, repeat, name and description\n");
	const struct lb_set bad[] = {{"sample", "fast"}, {"limit", "1X"}};
	parse_bad(matrix_text, bad, 2,
		  "t.scn: --set sample=fast: sample: invalid duration 'fast' (expected e.g. "
		  "250ms, 5s, 2m)\n"
		  "t.scn:8:23: memory: invalid size '1X': unknown unit 'X' (use K, M, G or T) "
		  "(with limit=1X)\n");
	const struct lb_set name[] = {{"name", "Bad Name"}};
	parse_bad(matrix_text, name, 1,
		  "t.scn: --set name=Bad Name: name: 'Bad Name' is not a valid scenario name (use "
		  "a-z, 0-9, '.', '_' and '-', not starting with '.'; it names the results "
		  "folder)\n");
}

static void test_load_errors(void **state)
{
	struct lb_scenario *s = (void *)1;
	struct lb_diags d = {0};
	lb_error err = {0};

	assert_int_equal(lb_scenario_load("/nonexistent/x.scn", NULL, 0, &s, &d, &err), -1);
	assert_null(s);
	assert_int_equal(d.n, 0);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_string_equal(err.msg, "/nonexistent/x.scn: No such file or directory");
	lb_error_clear(&err);
	assert_int_equal(lb_scenario_load("/", NULL, 0, &s, &d, &err), -1);
	assert_string_equal(err.msg, "/: Is a directory");
}

/* Limits on what a file may make the parser do. */
static void test_limits(void **state)
{
	size_t big = (1u << 20) + 1;
	char *buf = lb_xmalloc(big + 1);

	memset(buf, '#', big);
	buf[big] = '\0';
	parse_bad(buf, NULL, 0, "t.scn:1:1: the file is larger than 1024 KiB\n");
	free(buf);

	/* 10001 items in one list. */
	size_t len = 0, cap = 0;
	char *text = NULL;
	lb_xgrow(&text, &cap, 64, 1);
	len = (size_t)sprintf(text, "name: x\ncontainers:\n");
	for (unsigned i = 0; i <= 10000; i++) {
		lb_xgrow(&text, &cap, len + 64, 1);
		len += (size_t)sprintf(text + len, "- {name: c%u, run: x}\n", i);
	}
	parse_bad(text, NULL, 0, "t.scn:10003:3: more than 10000 items in one list\n");
	free(text);

	/* 101 x 100 combinations. */
	text = lb_xstrdup("name: x\nmatrix:\n  a: [");
	for (unsigned i = 0; i < 101; i++) {
		char *t = lb_xasprintf("%s%s%u", text, i ? ", " : "", i);
		free(text);
		text = t;
	}
	char *t = lb_xasprintf("%s]\n  b: [", text);
	free(text);
	text = t;
	for (unsigned i = 0; i < 100; i++) {
		t = lb_xasprintf("%s%s%u", text, i ? ", " : "", i);
		free(text);
		text = t;
	}
	t = lb_xasprintf("%s]\ncontainers: [{name: a, run: \"true\"}]\n", text);
	free(text);
	parse_bad(t, NULL, 0, "t.scn:3:3: matrix: more than 10000 combinations\n");
	free(t);

	/* 10000 combinations of 101 containers: too much work to check. */
	text = lb_xstrdup("name: x\nmatrix:\n  a: [");
	for (unsigned i = 0; i < 100; i++) {
		t = lb_xasprintf("%s%s%u", text, i ? ", " : "", i);
		free(text);
		text = t;
	}
	t = lb_xasprintf("%s]\n  b: [", text);
	free(text);
	text = t;
	for (unsigned i = 0; i < 100; i++) {
		t = lb_xasprintf("%s%s%u", text, i ? ", " : "", i);
		free(text);
		text = t;
	}
	t = lb_xasprintf("%s]\ncontainers:\n", text);
	free(text);
	text = t;
	for (unsigned i = 0; i < 101; i++) {
		t = lb_xasprintf("%s- {name: c%u, run: x}\n", text, i);
		free(text);
		text = t;
	}
	parse_bad(text, NULL, 0,
		  "t.scn:3:3: matrix: too large: 10000 combinations x 101 containers and "
		  "expectations (at most 1000000)\n");
	free(text);
}

/* The CPU knobs of issue 11: cpu-weight, cpu-period (microseconds or a duration) with cpus,
 * cpu-idle; their bounds and conflicts at their place. */
static void test_cpu_knobs(void **state)
{
	struct lb_scenario *s = parse_ok(
	    "name: k\ncontainers:\n"
	    "  - {name: a, run: x, limits: {cpu-weight: 150, cpus: 0.5, cpu-period: 50ms}}\n"
	    "  - {name: b, run: x, limits: {cpu-period: 20000, cpu-idle: true}}\n"
	    "  - {name: c, run: x, limits: {cpu-idle: false, cpu-weight: 1}}\n",
	    NULL, 0);
	const struct lb_scn_ctr *c = s->runs[0].ctrs;
	assert_int_equal(c[0].limits.cpu_weight, 150);
	assert_int_equal(c[0].limits.cpu_period, 50000);
	assert_true(c[0].limits.cpus == 0.5);
	assert_false(c[0].limits.cpu_idle);
	assert_int_equal(c[1].limits.cpu_period, 20000);
	assert_true(c[1].limits.cpu_idle);
	assert_false(c[2].limits.cpu_idle);
	assert_int_equal(c[2].limits.cpu_weight, 1);
	lb_scenario_free(s);

	parse_bad("name: k\ncontainers:\n  - {name: a, run: x, limits: {cpu-weight: 0}}\n", NULL, 0,
		  "t.scn:3:44: cpu-weight: Range of CPU weight is from 1 to 10000 (not 0)\n");
	parse_bad("name: k\ncontainers:\n  - {name: a, run: x, limits: {cpu-weight: 10001}}\n",
		  NULL, 0,
		  "t.scn:3:44: cpu-weight: Range of CPU weight is from 1 to 10000 (not 10001)\n");
	parse_bad("name: k\ncontainers:\n"
		  "  - {name: a, run: x, limits: {cpu-shares: 512, cpu-weight: 50}}\n",
		  NULL, 0,
		  "t.scn:3:61: cpu-weight: cannot be set together with cpu-shares: both set the "
		  "CPU weight (cgroup v2 cpu.weight, v1 cpu.shares); give one of them\n");
	parse_bad("name: k\ncontainers:\n  - {name: a, run: x, limits: {cpu-period: 999}}\n", NULL,
		  0,
		  "t.scn:3:44: cpu-period: CPU cfs period can not be less than 1ms (i.e. 1000) or "
		  "larger than 1s (i.e. 1000000)\n");
	parse_bad("name: k\ncontainers:\n  - {name: a, run: x, limits: {cpu-period: 2s}}\n", NULL,
		  0,
		  "t.scn:3:44: cpu-period: CPU cfs period can not be less than 1ms (i.e. 1000) or "
		  "larger than 1s (i.e. 1000000)\n");
	parse_bad("name: k\ncontainers:\n  - {name: a, run: x, limits: {cpu-period: 0}}\n", NULL, 0,
		  "t.scn:3:44: cpu-period: CPU cfs period can not be less than 1ms (i.e. 1000) or "
		  "larger than 1s (i.e. 1000000)\n");
	parse_bad("name: k\ncontainers:\n  - {name: a, run: x, limits: {cpu-period: 1500ns}}\n",
		  NULL, 0,
		  "t.scn:3:44: cpu-period: 1500ns is not a whole number of microseconds\n");
	parse_bad("name: k\ncontainers:\n"
		  "  - {name: a, run: x, limits: {cpus: 0.01, cpu-period: 10ms}}\n",
		  NULL, 0,
		  "t.scn:3:56: cpu-period: cpus 0.01 x cpu-period 10000us is a quota of 100us: CPU "
		  "cfs quota can not be less than 1ms (i.e. 1000)\n");
	parse_bad("name: k\ncontainers:\n  - {name: a, run: x, limits: {cpu-idle: yes}}\n", NULL, 0,
		  "t.scn:3:42: cpu-idle: expected true or false, not 'yes'\n");
	parse_bad("name: k\ncontainers:\n"
		  "  - {name: a, run: x, limits: {cpu-weight: 5, cpu-idle: true}}\n",
		  NULL, 0,
		  "t.scn:3:57: cpu-idle: cannot be set together with cpu-weight: an idle cgroup "
		  "has the smallest CPU weight whatever its weight says\n");
}

/* Expectation problems land at the column of the offending text, also through quotes and
 * after a substitution changed the length of the line. */
static void test_expect_positions(void **state)
{
	parse_bad("name: x\n"
		  "matrix: { size: [1M, 100M] }\n"
		  "containers: [{name: hog, run: x}]\n"
		  "expect:\n"
		  "  - max(hog.mem) < ${size} + hog.nope\n"
		  "  - 'max(hog.mem) == ${size} + bog.exit'\n"
		  "  - >\n"
		  "    folded.exit\n"
		  "    == 0\n",
		  NULL, 0,
		  "t.scn:5:34: unknown metric 'nope'\n"
		  "t.scn:6:32: unknown container 'bog'\n"
		  "t.scn:7:5: unknown container 'folded'\n");
}

/* Parse text as if loaded on a machine whose online CPUs are online; returns the problems. */
static char *parse_on_machine(const char *text, const char *online)
{
	struct lb_scenario *s = NULL;
	struct lb_diags d = {0};
	lb_error err = {0};

	int r = lb_scenario_parse_on("t.scn", text, strlen(text), NULL, 0, online, &s, &d, &err);
	char *all = format_all(&d);
	assert_true(r == 0 ? s != NULL && d.n == 0 : s == NULL && err.kind == LB_ERR_USAGE);
	lb_scenario_free(s);
	lb_diags_free(&d);
	return all;
}

/* A cpuset beyond the machine is an error of the file where the machine is known, unless
 * requires: cpus skips the scenario there; a buffer alone is checked for no machine. */
static void test_cpuset_machine(void **state)
{
	const char *text = "name: x\n"
			   "matrix: { c: [\"0\", \"1\", \"0-3\", \"0,99\"] }\n"
			   "containers:\n"
			   "  - name: a\n"
			   "    run: x\n"
			   "    limits: { cpuset: \"${c}\" }\n";
	char *got = parse_on_machine(text, "0-1\n");
	assert_string_equal(got, "t.scn:6:23: cpuset: CPU 2 is not online on this machine "
				 "(online: 0-1); a scenario for a larger machine says requires: "
				 "{ cpus: 3 } and is skipped here (with c=0-3)\n"
				 "t.scn:6:23: cpuset: CPU 99 is not online on this machine "
				 "(online: 0-1); a scenario for a larger machine says requires: "
				 "{ cpus: 100 } and is skipped here (with c=0,99)\n");
	free(got);
	/* A machine with CPUs 0-3 and 99 (holes in the numbering are allowed). */
	got = parse_on_machine(text, "0-3,99");
	assert_string_equal(got, "");
	free(got);
	got = parse_on_machine(text, NULL);
	assert_string_equal(got, "");
	free(got);
	/* Skipped on a 2-CPU machine for its requirement: not an error there. */
	char *req = lb_xasprintf("requires: { cpus: 100 }\n%s", text);
	got = parse_on_machine(req, "0-1");
	assert_string_equal(got, "");
	free(got);
	free(req);
	/* A requirement the machine meets does not excuse a CPU it does not have. */
	got = parse_on_machine("name: x\nrequires: { cpus: 2 }\n"
			       "containers: [{name: a, run: x, limits: {cpuset: \"2\"}}]\n",
			       "0-1");
	assert_string_equal(got, "t.scn:3:49: cpuset: CPU 2 is not online on this machine "
				 "(online: 0-1); a scenario for a larger machine says requires: "
				 "{ cpus: 3 } and is skipped here\n");
	free(got);
}

/* cpus: from 0.01 to the machine's CPUs (docker's bound, shared with exec): beyond them an
 * error where the machine is known, unless requires: cpus skips the scenario there. */
static void test_cpus_machine(void **state)
{
	const char *text = "name: x\n"
			   "matrix: { c: [1, 2, 3, 0.001] }\n"
			   "containers:\n"
			   "  - name: a\n"
			   "    run: x\n"
			   "    limits: { cpus: \"${c}\" }\n";
	char *got = parse_on_machine(text, "0-1\n");
	assert_string_equal(got,
			    "t.scn:6:21: cpus: Range of CPUs is from 0.01 to 2.00, as there "
			    "are only 2 CPUs available (not 3); a scenario for a larger "
			    "machine says requires: { cpus: 3 } and is skipped here (with c=3)\n"
			    "t.scn:6:21: cpus: Range of CPUs is from 0.01 to 2.00, as there "
			    "are only 2 CPUs available (not 0.001) (with c=0.001)\n");
	free(got);
	got = parse_on_machine(text, "0-3");
	assert_string_equal(got, "t.scn:6:21: cpus: Range of CPUs is from 0.01 to 4.00, as there "
				 "are only 4 CPUs available (not 0.001) (with c=0.001)\n");
	free(got);
	/* no machine: the bound is LB_CPUS_MAX */
	got = parse_on_machine(text, NULL);
	assert_string_equal(got, "t.scn:6:21: cpus: Range of CPUs is from 0.01 to 1024.00 (not "
				 "0.001) (with c=0.001)\n");
	free(got);
	char *req = lb_xasprintf("requires: { cpus: 4 }\n%s", text);
	got = parse_on_machine(req, "0-1");
	assert_string_equal(got, "t.scn:7:21: cpus: Range of CPUs is from 0.01 to 1024.00 (not "
				 "0.001) (with c=0.001)\n");
	free(got);
	free(req);
}

/* rootfs, readonly-rootfs, devices: the defaults, and values as given. */
static void test_confine_keys(void **state)
{
	struct lb_scenario *s =
	    parse_ok("name: c\n"
		     "containers:\n"
		     "  - {name: a, run: 'true'}\n"
		     "  - name: b\n"
		     "    run: 'true'\n"
		     "    rootfs: /\n"
		     "    readonly-rootfs: true\n"
		     "    devices: [/dev/null, /dev/net/tun]\n"
		     "  - {name: c, run: 'true', devices: host, readonly-rootfs: false}\n",
		     NULL, 0);
	const struct lb_scn_ctr *a = &s->runs[0].ctrs[0], *b = &s->runs[0].ctrs[1],
				*c = &s->runs[0].ctrs[2];

	assert_null(a->rootfs);
	assert_false(a->readonly_rootfs);
	assert_false(a->host_devices);
	assert_null(a->devices);
	assert_string_equal(b->rootfs, "/");
	assert_true(b->readonly_rootfs);
	assert_string_equal(b->devices[0], "/dev/null");
	assert_string_equal(b->devices[1], "/dev/net/tun");
	assert_null(b->devices[2]);
	assert_true(c->host_devices);
	assert_false(c->readonly_rootfs);
	lb_scenario_free(s);
}

/* A diagnostic may quote the file (a key, a value): it is printed as one line of text. */
/* Nested groups: values, creation order (parents first), and each error at its place. */
static void test_groups(void **state)
{
	struct lb_scenario *s = parse_ok("name: g\n"
					 "matrix: { m: [64M, 128M] }\n"
					 "groups:\n"
					 "  - name: pod\n"
					 "    parent: node\n"
					 "    limits: { memory: '${m}', cpus: 1 }\n"
					 "  - name: node\n"
					 "    limits: { cpu-shares: 2048 }\n"
					 "  - name: idle\n"
					 "containers:\n"
					 "  - { name: a, run: ls, group: pod }\n"
					 "  - { name: b, run: ls }\n"
					 "expect:\n"
					 "  - max(pod.mem) <= ${m}\n"
					 "  - node.cpu_time >= 0s\n"
					 "  - idle.oom_kills == 0\n",
					 NULL, 0);
	assert_int_equal(s->n_runs, 2);
	for (size_t r = 0; r < 2; r++) {
		const struct lb_run_spec *rs = &s->runs[r];

		assert_int_equal(rs->n_groups, 3);
		/* a parent comes before its children, otherwise file order */
		assert_string_equal(rs->groups[0].name, "node");
		assert_null(rs->groups[0].parent);
		assert_int_equal(rs->groups[0].limits.cpu_shares, 2048);
		assert_int_equal(rs->groups[0].pos.line, 7);
		assert_string_equal(rs->groups[1].name, "idle");
		assert_string_equal(rs->groups[2].name, "pod");
		assert_string_equal(rs->groups[2].parent, "node");
		assert_int_equal(rs->groups[2].limits.memory, (r ? 128u : 64u) << 20);
		assert_true(rs->groups[2].limits.cpus == 1.0);
		assert_string_equal(rs->ctrs[0].group, "pod");
		assert_null(rs->ctrs[1].group);
	}
	lb_scenario_free(s);

	/* the bounds of a container's limits, with ${param} */
	parse_bad("name: g\nmatrix: { m: [1M] }\ngroups:\n  - name: pod\n    limits: { memory: "
		  "'${m}' }\ncontainers:\n  - { name: a, run: ls, group: pod }\n",
		  NULL, 0,
		  "t.scn:5:23: memory: Minimum memory limit allowed is 6MB (not 1M) (with m=1M)\n");
	parse_bad("name: g\ngroups:\n  - name: pod\n    limits: { cpus: 0.001, pids: 0 }\n"
		  "containers:\n  - { name: a, run: ls }\n",
		  NULL, 0,
		  "t.scn:4:21: cpus: Range of CPUs is from 0.01 to 1024.00 (not 0.001)\n"
		  "t.scn:4:34: pids: Range of the pids limit is from 1 to 4194304, or -1 for "
		  "unlimited (not 0)\n");
	/* names: valid, unique among groups and with the containers */
	parse_bad("name: g\ngroups:\n  - name: Pod\n  - name: p\n  - name: p\n  - limits: {}\n"
		  "containers:\n  - { name: p, run: ls }\n",
		  NULL, 0,
		  "t.scn:3:11: name: 'Pod' is not a valid group name (use a-z, 0-9, '_' and '-')\n"
		  "t.scn:5:11: duplicate group name 'p' (first at 4:11)\n"
		  "t.scn:6:5: a group needs a name\n"
		  "t.scn:8:13: name: 'p' is the name of the group at 4:11 (containers and groups "
		  "share one set of names)\n");
	/* parents and a container's group that are no group; a cycle */
	parse_bad("name: g\ngroups:\n  - { name: a, parent: nope }\n  - { name: b, parent: b }\n"
		  "containers:\n  - { name: c, run: ls, group: d }\n",
		  NULL, 0,
		  "t.scn:3:24: parent: there is no group named 'nope' (groups: a, b)\n"
		  "t.scn:4:24: parent: a group cannot be its own parent\n"
		  "t.scn:6:32: group: there is no group named 'd' (groups: a, b)\n");
	parse_bad("name: g\ngroups:\n  - { name: a, parent: b }\n  - { name: b, parent: a }\n"
		  "  - { name: c, parent: a }\ncontainers:\n  - { name: x, run: ls }\n",
		  NULL, 0,
		  "t.scn:3:24: parent: 'b' is inside group 'a' itself (a cycle of parents)\n"
		  "t.scn:4:24: parent: 'a' is inside group 'b' itself (a cycle of parents)\n");
	/* a cpuset within the nearest group's above it */
	parse_bad(
	    "name: g\ngroups:\n  - { name: a, limits: { cpuset: '0-1' } }\n"
	    "  - { name: b, parent: a, limits: { cpuset: '1-2' } }\n  - { name: c, parent: b }\n"
	    "containers:\n  - { name: x, run: ls, group: c, limits: { cpuset: '0' } }\n"
	    "  - { name: y, run: ls, group: c, limits: { cpuset: '1' } }\n",
	    NULL, 0,
	    "t.scn:4:45: cpuset: CPU 2 is not in the cpuset of group 'a' (0-1), which holds "
	    "this one\n"
	    "t.scn:7:53: cpuset: CPU 0 is not in the cpuset of group 'b' (1-2), which holds "
	    "this one\n");
	parse_bad("name: g\ngroups: { name: a }\ncontainers:\n  - { name: x, run: ls }\n", NULL, 0,
		  "t.scn:2:9: groups: expected a list, not a map\n");
	/* what a group does not have: its own processes' and workload's metrics */
	parse_bad("name: g\ngroups:\n  - name: pod\ncontainers:\n  - { name: a, run: ls, group: "
		  "pod }\nexpect:\n  - max(pod.rss) < 1M\n  - pod.exit == 0\n  - pod.wall < 1s\n"
		  "  - pod.signal == KILL\n  - nope.mem_peak < 1M\n",
		  NULL, 0,
		  "t.scn:7:13: 'pod' is a group: it has no rss (it sums the resident memory of a "
		  "container's own processes (a group's memory is `mem`))\n"
		  "t.scn:8:9: 'pod' is a group: it has no exit (it is about a container's "
		  "workload, and a group runs none)\n"
		  "t.scn:9:9: 'pod' is a group: it has no wall (it is about a container's "
		  "workload, and a group runs none)\n"
		  "t.scn:10:9: 'pod' is a group: it has no signal (it is about a container's "
		  "workload, and a group runs none)\n"
		  "t.scn:11:5: unknown container or group 'nope'\n");
}

static void test_diag_format_printable(void **state)
{
	struct lb_diag d = {
	    .file = "x.scn", .pos = {.line = 3, .col = 7}, .msg = "unknown key 'a\x1b]0;t\a\nb'"};
	char *line = lb_diag_format(&d);

	assert_string_equal(line, "x.scn:3:7: unknown key 'a\\e]0;t\\x07\\nb'");
	free(line);
}

/* Parse text as if loaded on a machine of cgroup version v; returns the problems. */
static char *parse_on_cgroup(const char *text, int v, struct lb_scenario **out)
{
	struct lb_scenario *s = NULL;
	struct lb_diags d = {0};
	lb_error err = {0};

	int r = lb_scenario_parse_cg("t.scn", text, strlen(text), NULL, 0, NULL, v, &s, &d, &err);
	char *all = format_all(&d);
	assert_true(r == 0 ? s != NULL && d.n == 0 : s == NULL && err.kind == LB_ERR_USAGE);
	if (out)
		*out = s;
	else
		lb_scenario_free(s);
	lb_diags_free(&d);
	return all;
}

/* The memory knobs: parsed, bounded, and on a v1 machine refused where v1 has no file. */
static void test_mem_knobs(void **state)
{
	const char *text = "name: x\n"
			   "containers:\n"
			   "  - name: c\n"
			   "    run: \"true\"\n"
			   "    limits:\n"
			   "      memory-high: 30M\n"
			   "      memory-low: 10M\n"
			   "      memory-min: 5M\n"
			   "      oom-group: true\n"
			   "      swap: 0\n"
			   "      oom-score-adj: -500\n";
	struct lb_scenario *s = NULL;
	char *all;

	(void)state;
	/* v2 (and no machine): all taken, with their values */
	all = parse_on_cgroup(text, 2, &s);
	assert_string_equal(all, "");
	free(all);
	const struct lb_limits *l = &s->runs[0].ctrs[0].limits;
	assert_int_equal(l->memory_high, 30 << 20);
	assert_int_equal(l->memory_low, 10 << 20);
	assert_int_equal(l->memory_min, 5 << 20);
	assert_int_equal(l->oom_group, 1);
	assert_true(l->swap_set);
	assert_int_equal(l->swap, 0);
	assert_true(l->oom_score_adj_set);
	assert_int_equal(l->oom_score_adj, -500);
	lb_scenario_free(s);
	all = parse_on_cgroup(text, 0, NULL);
	assert_string_equal(all, "");
	free(all);

	/* v1: each refused at its place, naming v1 and the v2 file */
	all = parse_on_cgroup(text, 1, NULL);
	assert_non_null(strstr(all, "t.scn:6:20: memory-high: cgroup v1 has no memory.high (a v2 "
				    "file): this machine uses v1; a scenario for v2 says requires: "
				    "{ cgroup: 2 }"));
	assert_non_null(strstr(all, "t.scn:7:19: memory-low: cgroup v1 has no memory.low"));
	assert_non_null(strstr(all, "t.scn:8:19: memory-min: cgroup v1 has no memory.min"));
	assert_non_null(strstr(all, "t.scn:9:18: oom-group: cgroup v1 has no memory.oom.group"));
	assert_non_null(strstr(all, "t.scn:10:13: swap: cgroup v1 cannot limit swap alone"));
	assert_null(strstr(all, "oom-score-adj"));
	free(all);

	/* ... unless the scenario requires v2 (it is skipped there); 2 and v2 both say it */
	char *req = lb_xasprintf("requires: { cgroup: 2 }\n%s", text);
	all = parse_on_cgroup(req, 1, NULL);
	assert_string_equal(all, "");
	free(all);
	free(req);

	/* v1 takes the reservation, swap with memory, and oom-group false */
	all = parse_on_cgroup("name: x\n"
			      "containers:\n"
			      "  - name: c\n"
			      "    run: \"true\"\n"
			      "    limits: { memory: 100M, memory-reservation: 50M, swap: 20M, "
			      "oom-group: false }\n",
			      1, &s);
	assert_string_equal(all, "");
	free(all);
	assert_int_equal(s->runs[0].ctrs[0].limits.memory_reservation, 50 << 20);
	assert_int_equal(s->runs[0].ctrs[0].limits.oom_group, -1);
	lb_scenario_free(s);

	/* bounds and types, docker's words */
	parse_bad(
	    "name: x\n"
	    "containers:\n"
	    "  - name: c\n"
	    "    run: \"true\"\n"
	    "    limits:\n"
	    "      memory: 50M\n"
	    "      memory-reservation: 60M\n"
	    "      oom-score-adj: 1001\n"
	    "      oom-group: maybe\n"
	    "      memory-high: 1M\n"
	    "      memory-min: lots\n",
	    NULL, 0,
	    "t.scn:7:27: memory-reservation: Minimum memory limit can not be less than memory "
	    "reservation limit (50M is less than 60M)\n"
	    "t.scn:8:22: oom-score-adj: Invalid value 1001, range for oom score adj is "
	    "[-1000, 1000]\n"
	    "t.scn:9:18: oom-group: expected true or false, not 'maybe'\n"
	    "t.scn:10:20: memory-high: Minimum memory-high allowed is 6MB (not 1M)\n"
	    "t.scn:11:19: memory-min: invalid size 'lots' (expected e.g. 100M, 1.5G, 512KiB or "
	    "max)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_confine_keys),
	    cmocka_unit_test(test_groups),
	    cmocka_unit_test(test_diag_format_printable),
	    cmocka_unit_test(test_bad_corpus),
	    cmocka_unit_test(test_cpus_machine),
	    cmocka_unit_test(test_good_corpus),
	    cmocka_unit_test(test_spec_example_values),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_matrix_order_and_substitution),
	    cmocka_unit_test(test_flow_values),
	    cmocka_unit_test(test_quoting_values),
	    cmocka_unit_test(test_set),
	    cmocka_unit_test(test_set_errors),
	    cmocka_unit_test(test_load_errors),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_cpu_knobs),
	    cmocka_unit_test(test_expect_positions),
	    cmocka_unit_test(test_cpuset_machine),
	    cmocka_unit_test(test_mem_knobs),
	};
	return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
