/* SPDX-License-Identifier: MIT */
/* Suites: the files of a folder in name order, and --filter on scenario and run names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "suite/suite.h"
#include "util/alloc.h"

static void touch(const char *dir, const char *name)
{
	char *p = lb_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fclose(f);
	free(p);
}

static void sub(const char *dir, const char *name)
{
	char *p = lb_xasprintf("%s/%s", dir, name);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void test_collect(void **state)
{
	char tmpl[] = "/tmp/lbsuite.XXXXXX", *dir = mkdtemp(tmpl);
	char **paths = NULL;
	size_t n = 0;
	lb_error err = {0};

	assert_non_null(dir);
	sub(dir, "k");
	sub(dir, ".git");
	touch(dir, "z.scn");
	touch(dir, "a.scn");
	touch(dir, "k/m.scn");
	touch(dir, "k/b.scn.orig");
	touch(dir, ".x.scn");
	touch(dir, ".git/y.scn");
	touch(dir, ".scn");
	char *link = lb_xasprintf("%s/loop", dir);
	assert_int_equal(symlink(dir, link), 0); /* a link to a folder: not followed */
	char *args[] = {dir, "other.scn"};
	assert_int_equal(lb_suite_collect(args, 2, &paths, &n, &err), 0);
	assert_int_equal(n, 4);
	char *want0 = lb_xasprintf("%s/a.scn", dir), *want1 = lb_xasprintf("%s/k/m.scn", dir),
	     *want2 = lb_xasprintf("%s/z.scn", dir);
	assert_string_equal(paths[0], want0);
	assert_string_equal(paths[1], want1);
	assert_string_equal(paths[2], want2);
	assert_string_equal(paths[3], "other.scn"); /* not a folder: as given, in its place */
	lb_suite_paths_free(paths, n);

	/* a folder with no scenario: a usage error naming it */
	char *empty = lb_xasprintf("%s/.git", dir);
	char *args2[] = {empty};
	char *y = lb_xasprintf("%s/.git/y.scn", dir);
	unlink(y);
	paths = NULL;
	assert_int_equal(lb_suite_collect(args2, 1, &paths, &n, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_non_null(strstr(err.msg, "no scenario file"));
	free(y);
	free(empty);
	free(want0);
	free(want1);
	free(want2);
	free(link);
	char *cmd = lb_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static struct lb_run_spec spec2(const char *a, const char *b)
{
	struct lb_run_spec r = {0};

	r.params = lb_xcalloc(2, sizeof(*r.params));
	r.params[0] = (struct lb_param){"limit", (char *)a};
	r.params[1] = (struct lb_param){"cpus", (char *)b};
	r.n_params = 2;
	return r;
}

static void test_filter(void **state)
{
	struct lb_run_spec r = spec2("64M", "0.5"), none = {0};
	const char *f1[] = {"mem-*"};
	const char *f2[] = {"mem-sweep/limit=64M"};
	const char *f3[] = {"mem-sweep/limit=64M,cpus=1"};
	const char *f4[] = {"mem-sweep/limit=6*,cpus=0.?"};
	const char *f5[] = {"cpu", "mem-sweep/cpus=0.5"};
	const char *f6[] = {"mem-sweep/nope=64M"};

	assert_true(lb_suite_filter_run(NULL, 0, "anything", &r)); /* no filter: all */
	assert_true(lb_suite_filter_run(f1, 1, "mem-sweep", &r));
	assert_false(lb_suite_filter_run(f1, 1, "cpu", &r));
	assert_true(lb_suite_filter_run(f2, 1, "mem-sweep", &r));
	assert_false(lb_suite_filter_run(f2, 1, "mem-sweep", &none)); /* no such parameter */
	assert_false(lb_suite_filter_run(f2, 1, "mem-sweeps", &r));
	assert_false(lb_suite_filter_run(f3, 1, "mem-sweep", &r)); /* every condition holds */
	assert_true(lb_suite_filter_run(f4, 1, "mem-sweep", &r));
	assert_true(lb_suite_filter_run(f5, 2, "mem-sweep", &r)); /* one filter of several */
	assert_true(lb_suite_filter_run(f5, 2, "cpu", &none));
	assert_false(lb_suite_filter_run(f6, 1, "mem-sweep", &r));
	free(r.params);
}

static void test_filter_check(void **state)
{
	lb_error err = {0};

	assert_int_equal(lb_suite_filter_check("mem*", &err), 0);
	assert_int_equal(lb_suite_filter_check("m/limit=1,cpus=2", &err), 0);
	assert_int_equal(lb_suite_filter_check("m/limit=", &err), 0); /* an empty value */
	assert_int_equal(lb_suite_filter_check("", &err), -1);
	assert_int_equal(lb_suite_filter_check("/limit=1", &err), -1);
	assert_int_equal(lb_suite_filter_check("m/", &err), -1);
	assert_int_equal(lb_suite_filter_check("m/limit", &err), -1);
	assert_int_equal(lb_suite_filter_check("m/=1", &err), -1);
	assert_int_equal(lb_suite_filter_check("m/a=1,", &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
}

static void test_filter_apply(void **state)
{
	static const char scn[] =
	    "name: s\n"
	    "matrix: { limit: [64M, 128M, 256M] }\n"
	    "containers:\n"
	    "  - { name: c, run: \"true\", limits: { memory: \"${limit}\" } }\n";
	struct lb_scenario *s = NULL;
	struct lb_diags d = {0};
	lb_error err = {0};
	const char *f[] = {"s/limit=*8M", "s/limit=256M"};

	assert_int_equal(
	    lb_scenario_parse_cg("t.scn", scn, strlen(scn), NULL, 0, NULL, 0, &s, &d, &err), 0);
	assert_int_equal(lb_suite_filter_apply(s, f, 2), 2);
	assert_int_equal(s->n_runs, 2);
	assert_string_equal(s->runs[0].run_name, "s/limit=128M");
	assert_string_equal(s->runs[1].run_name, "s/limit=256M");
	assert_int_equal(lb_suite_filter_apply(s, NULL, 0), 2);
	const char *g[] = {"other"};
	assert_int_equal(lb_suite_filter_apply(s, g, 1), 0);
	lb_scenario_free(s);
	lb_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_collect),
	    cmocka_unit_test(test_filter),
	    cmocka_unit_test(test_filter_check),
	    cmocka_unit_test(test_filter_apply),
	};
	return cmocka_run_group_tests_name("suite", tests, NULL, NULL);
}
