/* SPDX-License-Identifier: MIT */
/* The runner's pure parts: `requires` against a described machine, folder names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "run/run.h"

static struct lb_host_info host(unsigned cpus, unsigned long long mem, unsigned long long swap)
{
	struct lb_host_info h;

	memset(&h, 0, sizeof(h));
	h.cpus = cpus;
	h.mem_total = mem;
	h.swap_total = swap;
	return h;
}

/* Returns the reason (malloc'd) or NULL when met. */
static char *check(const struct lb_requires *rq, bool v2, const struct lb_host_info *h)
{
	struct lb_cg_hier hier;
	char *reason = (char *)1;
	int met;

	memset(&hier, 0, sizeof(hier));
	hier.mode = v2 ? LB_CG_V2 : LB_CG_V1;
	hier.use_v2 = v2;
	met = lb_requires_check(rq, &hier, h, &reason);
	if (met) {
		assert_null(reason);
		return NULL;
	}
	assert_non_null(reason);
	return reason;
}

static void test_requires(void **state)
{
	struct lb_host_info h = host(2, 4ull << 30, 0);
	struct lb_requires rq = {.swap = -1};
	char *r;

	assert_null(check(&rq, false, &h)); /* nothing asked */

	rq.cpus = 2;
	assert_null(check(&rq, false, &h));
	rq.cpus = 3;
	r = check(&rq, false, &h);
	assert_string_equal(r, "needs 3 CPUs, the machine has 2 online");
	free(r);
	rq.cpus = 0;

	rq.memory = 8ull << 30;
	r = check(&rq, false, &h);
	assert_string_equal(r, "needs 8G of memory, the machine has 4G");
	free(r);
	rq.memory = 0;

	rq.swap = 1;
	r = check(&rq, false, &h);
	assert_string_equal(r, "needs swap, the machine has none (swapon)");
	free(r);
	rq.swap = 0;
	assert_null(check(&rq, false, &h));
	h.swap_total = 1ull << 30;
	r = check(&rq, false, &h);
	assert_string_equal(r, "needs a machine without swap, this one has 1G");
	free(r);
	rq.swap = -1;

	rq.cgroup = 2;
	r = check(&rq, false, &h);
	assert_non_null(strstr(r, "needs cgroup v2, the machine uses v1"));
	free(r);
	assert_null(check(&rq, true, &h));
	rq.cgroup = 1;
	r = check(&rq, true, &h);
	assert_string_equal(r, "needs cgroup v1, the machine uses v2");
	free(r);
	rq.cgroup = 0;

	char *cmds[] = {"sh", "no-such-command-for-limitbench", NULL};
	rq.commands = cmds;
	r = check(&rq, false, &h);
	assert_string_equal(r, "needs the command no-such-command-for-limitbench, not found in "
			       "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	free(r);
	cmds[1] = "/bin/sh";
	assert_null(check(&rq, false, &h));
	rq.commands = NULL;

	char *ctrls[] = {"blkio-of-the-future", NULL};
	rq.controllers = ctrls;
	r = check(&rq, false, &h);
	assert_non_null(strstr(r, "blkio-of-the-future"));
	free(r);
}

static void test_sanitize(void **state)
{
	char a[] = "20261129T041500Z-limit=64M-path=a/b c-r2";
	char b[] = "x=0.5,y=\"q\"";

	lb_run_sanitize(a);
	assert_string_equal(a, "20261129T041500Z-limit=64M-path=a_b_c-r2");
	lb_run_sanitize(b);
	assert_string_equal(b, "x=0.5,y=_q_");
}

/* --shard I/N: every index of the suite falls to exactly one shard, the I-th taking
 * I-1, I-1+N, I-1+2N...; without shards (N 0 or 1) everything runs. */
static void test_shard(void **state)
{
	for (unsigned long idx = 0; idx < 20; idx++) {
		unsigned owners = 0;

		for (unsigned i = 1; i <= 3; i++)
			owners += lb_run_in_shard(idx, i, 3);
		assert_int_equal(owners, 1);
		assert_true(lb_run_in_shard(idx, (unsigned)(idx % 3) + 1, 3));
		assert_true(lb_run_in_shard(idx, 0, 0));
		assert_true(lb_run_in_shard(idx, 1, 1));
	}
	assert_true(lb_run_in_shard(0, 1, 2));
	assert_false(lb_run_in_shard(1, 1, 2));
	assert_true(lb_run_in_shard(1, 2, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_requires),
	    cmocka_unit_test(test_sanitize),
	    cmocka_unit_test(test_shard),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
