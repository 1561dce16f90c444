/* SPDX-License-Identifier: MIT */
/* The cgroup layer's parsers and conversions, on fixtures (tests/fixtures/cgroup/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/fs.h"
#include "util/units.h"

static char *fixture(const char *name)
{
	char path[256];
	char *buf = NULL;
	lb_error err = {0};

	snprintf(path, sizeof(path), "tests/fixtures/cgroup/%s", name);
	if (lb_read_file(path, &buf, NULL, &err) < 0)
		fail_msg("%s (run the tests from the repository root)", err.msg);
	return buf;
}

static void parse_mi(const char *name, struct lb_cg_hier *h)
{
	char *buf = fixture(name);
	lb_error err = {0};

	assert_int_equal(lb_cg_parse_mountinfo(buf, h, &err), 0);
	free(buf);
}

static void test_mountinfo_hybrid(void **state)
{
	struct lb_cg_hier h;

	parse_mi("mountinfo-hybrid", &h);
	assert_int_equal(h.mode, LB_CG_HYBRID);
	assert_string_equal(lb_cg_mode_name(h.mode), "hybrid");
	assert_string_equal(h.v1_mount[LB_CTRL_MEMORY], "/sys/fs/cgroup/memory");
	assert_string_equal(h.v1_mount[LB_CTRL_CPU], "/sys/fs/cgroup/cpu");
	assert_string_equal(h.v1_mount[LB_CTRL_CPUACCT], "/sys/fs/cgroup/cpuacct");
	assert_string_equal(h.v1_mount[LB_CTRL_CPUSET], "/sys/fs/cgroup/cpuset");
	assert_string_equal(h.v1_mount[LB_CTRL_PIDS], "/sys/fs/cgroup/pids");
	assert_string_equal(h.v1_mount[LB_CTRL_FREEZER], "/sys/fs/cgroup/freezer");
	assert_string_equal(h.v2_mount, "/sys/fs/cgroup/unified");
	assert_int_equal(h.v2_controllers, 0);
	lb_cg_hier_free(&h);
}

static void test_mountinfo_v1(void **state)
{
	struct lb_cg_hier h;

	parse_mi("mountinfo-v1", &h);
	assert_int_equal(h.mode, LB_CG_V1);
	assert_null(h.v2_mount);
	assert_string_equal(h.v1_mount[LB_CTRL_MEMORY], "/sys/fs/cgroup/memory");
	assert_string_equal(h.v1_mount[LB_CTRL_FREEZER], "/sys/fs/cgroup/freezer");
	h.use_v2 = false;
	assert_true(lb_cg_has(&h, LB_CTRL_CPUSET));
	lb_cg_hier_free(&h);
}

static void test_mountinfo_comounted(void **state)
{
	struct lb_cg_hier h;

	parse_mi("mountinfo-v1-comounted", &h);
	assert_int_equal(h.mode, LB_CG_V1);
	/* cpu and cpuacct share one mount: the same folder serves both */
	assert_string_equal(h.v1_mount[LB_CTRL_CPU], "/sys/fs/cgroup/cpu,cpuacct");
	assert_string_equal(h.v1_mount[LB_CTRL_CPUACCT], "/sys/fs/cgroup/cpu,cpuacct");
	/* the hierarchy's root mount wins over a bind mount of a sub-folder (with an
	 * escaped space) that comes later */
	assert_string_equal(h.v1_mount[LB_CTRL_MEMORY], "/sys/fs/cgroup/memory");
	assert_string_equal(h.v1_mount[LB_CTRL_PIDS], "/sys/fs/cgroup/pids");
	lb_cg_hier_free(&h);
}

static void test_mountinfo_bind_only(void **state)
{
	struct lb_cg_hier h;
	lb_error err = {0};
	const char *mi = "90 26 0:29 /docker /mnt/mem\\040bind rw - cgroup cgroup rw,memory\n";

	assert_int_equal(lb_cg_parse_mountinfo(mi, &h, &err), 0);
	assert_string_equal(h.v1_mount[LB_CTRL_MEMORY], "/mnt/mem bind");
	lb_cg_hier_free(&h);
}

static void test_mountinfo_v2(void **state)
{
	struct lb_cg_hier h;

	parse_mi("mountinfo-v2", &h);
	assert_int_equal(h.mode, LB_CG_V2);
	assert_string_equal(h.v2_mount, "/sys/fs/cgroup");
	for (int c = 0; c < LB_CTRL_COUNT; c++)
		assert_null(h.v1_mount[c]);
	h.v2_controllers = lb_cg_parse_controllers("cpuset cpu io memory hugetlb pids rdma misc\n");
	h.use_v2 = true;
	assert_true(lb_cg_has(&h, LB_CTRL_MEMORY));
	assert_true(lb_cg_has(&h, LB_CTRL_CPUACCT)); /* cpu.stat is a core file */
	assert_true(lb_cg_has(&h, LB_CTRL_FREEZER)); /* cgroup.freeze too */
	lb_cg_hier_free(&h);
}

static void test_mountinfo_none(void **state)
{
	struct lb_cg_hier h;
	lb_error err = {0};

	assert_int_equal(lb_cg_parse_mountinfo("22 28 0:21 / /sys rw - sysfs sysfs rw\n", &h, &err),
			 0);
	assert_int_equal(h.mode, LB_CG_NONE);
	assert_string_equal(lb_cg_mode_name(h.mode), "none");
	lb_cg_hier_free(&h);
}

static void test_choose_backend(void **state)
{
	struct lb_cg_hier h;
	char why[256];

	/* this machine: cgroup2 with no controllers we use (hugetlb is not ours) -> v1 */
	parse_mi("mountinfo-hybrid", &h);
	h.v2_controllers = lb_cg_parse_controllers("hugetlb\n");
	assert_false(lb_cg_choose_v2(&h));
	h.use_v2 = false;
	assert_null(lb_cg_unusable(&h, LB_CTRL_MEMORY, why, sizeof(why)));
	/* hybrid with memory on v2 (v1 memory not mounted) -> v2 */
	free(h.v1_mount[LB_CTRL_MEMORY]);
	h.v1_mount[LB_CTRL_MEMORY] = NULL;
	h.v2_controllers = lb_cg_parse_controllers("memory pids");
	assert_true(lb_cg_choose_v2(&h));
	h.use_v2 = true;
	/* cpu stays on v1 there: not usable with the v2 backend, and that is said */
	assert_non_null(lb_cg_unusable(&h, LB_CTRL_CPU, why, sizeof(why)));
	assert_string_equal(why, "bound to the v1 hierarchy at /sys/fs/cgroup/cpu, not to cgroup2");
	lb_cg_hier_free(&h);

	/* pure v2 -> v2, even before any controller is enabled */
	parse_mi("mountinfo-v2", &h);
	assert_true(lb_cg_choose_v2(&h));
	h.use_v2 = true;
	assert_non_null(lb_cg_unusable(&h, LB_CTRL_PIDS, why, sizeof(why)));
	assert_string_equal(why, "not in /sys/fs/cgroup/cgroup.controllers");
	lb_cg_hier_free(&h);

	/* v1 without pids mounted */
	parse_mi("mountinfo-v1", &h);
	free(h.v1_mount[LB_CTRL_PIDS]);
	h.v1_mount[LB_CTRL_PIDS] = NULL;
	assert_false(lb_cg_choose_v2(&h));
	h.use_v2 = false;
	assert_non_null(lb_cg_unusable(&h, LB_CTRL_PIDS, why, sizeof(why)));
	assert_non_null(strstr(why, "not mounted (mount -t cgroup -o pids"));
	lb_cg_hier_free(&h);
}

static void test_controllers(void **state)
{
	unsigned m = lb_cg_parse_controllers("cpuset cpu io memory pids\n");

	assert_int_equal(m, (1u << LB_CTRL_CPUSET) | (1u << LB_CTRL_CPU) | (1u << LB_CTRL_MEMORY) |
				(1u << LB_CTRL_PIDS) | (1u << LB_CTRL_IO));
	/* v2 says "io"; "blkio" is v1's mount option, never in cgroup.controllers */
	assert_int_equal(lb_cg_parse_controllers("blkio"), 0);
	assert_int_equal(lb_cg_parse_controllers(""), 0);
	assert_int_equal(lb_cg_parse_controllers("\n"), 0);
	/* "cpus" or "memory_foo" are not controllers we know */
	assert_int_equal(lb_cg_parse_controllers("cpus memory_foo"), 0);
}

static void test_proc_cgroup_v1(void **state)
{
	char *buf = fixture("v1-proc-cgroup");
	char *path = NULL;
	lb_error err = {0};

	assert_int_equal(lb_cg_parse_proc_cgroup(buf, "memory", &path, &err), 0);
	assert_string_equal(path, "/limitbench/lb-4242-98765/hog");
	free(path);
	/* co-mounted: cpuacct is the second of "cpu,cpuacct" */
	assert_int_equal(lb_cg_parse_proc_cgroup(buf, "cpuacct", &path, &err), 0);
	assert_string_equal(path, "/limitbench/lb-4242-98765/hog");
	free(path);
	assert_int_equal(lb_cg_parse_proc_cgroup(buf, "devices", &path, &err), 0);
	assert_string_equal(path, "/user.slice");
	free(path);
	assert_int_equal(lb_cg_parse_proc_cgroup(buf, "", &path, &err), 0);
	assert_string_equal(path, "/user.slice/user-0.slice/session-1.scope");
	free(path);
	/* "net_prio" is in a list, "net" is not a controller of it */
	assert_int_equal(lb_cg_parse_proc_cgroup(buf, "net", &path, &err), -1);
	assert_int_equal(lb_cg_parse_proc_cgroup(buf, "hugetlb", &path, &err), -1);
	assert_non_null(strstr(err.msg, "hugetlb"));
	free(buf);
}

static void test_proc_cgroup_v2(void **state)
{
	char *buf = fixture("v2-proc-cgroup");
	char *path = NULL;
	lb_error err = {0};

	assert_int_equal(lb_cg_parse_proc_cgroup(buf, "", &path, &err), 0);
	assert_string_equal(path, "/user.slice/user-1000.slice/session-3.scope");
	free(path);
	assert_int_equal(lb_cg_parse_proc_cgroup(buf, "memory", &path, &err), -1);
	free(buf);
}

static uint64_t keyed(const char *file, const char *key)
{
	char *buf = fixture(file);
	uint64_t v = 424242;

	if (lb_parse_keyed(buf, key, &v) < 0)
		v = UINT64_MAX - 1;
	free(buf);
	return v;
}

static void test_keyed(void **state)
{
	const uint64_t absent = UINT64_MAX - 1;

	/* captured on this project's v1 machine: stress --vm-bytes 100M in a 40M cgroup */
	assert_int_equal(keyed("v1-memory.stat", "pgfault"), 10249);
	assert_int_equal(keyed("v1-memory.stat", "hierarchical_memory_limit"), 41943040);
	assert_int_equal(keyed("v1-memory.stat", "hierarchical_memsw_limit"),
			 9223372036854771712ull);
	assert_int_equal(keyed("v1-memory.stat", "rss"), 0);
	/* a key that is a prefix of another ("total_pgfault") is not confused with it */
	assert_int_equal(keyed("v1-memory.stat", "pgfaul"), absent);
	assert_int_equal(keyed("v1-memory.oom_control", "oom_kill"), 1);
	assert_int_equal(keyed("v1-memory.oom_control", "under_oom"), 0);
	assert_int_equal(keyed("v1-cpu.stat", "nr_throttled"), 15);
	assert_int_equal(keyed("v1-cpu.stat", "throttled_time"), 1509514264);
	assert_int_equal(keyed("v1-pids.events", "max"), 1);
	/* v2, in the cgroup-v2.rst formats */
	assert_int_equal(keyed("v2-cpu.stat", "usage_usec"), 1523410);
	assert_int_equal(keyed("v2-cpu.stat", "throttled_usec"), 2461789);
	assert_int_equal(keyed("v2-cpu.stat", "nr_throttled"), 27);
	assert_int_equal(keyed("v2-memory.events", "max"), 1873);
	assert_int_equal(keyed("v2-memory.events", "oom_kill"), 2);
	assert_int_equal(keyed("v2-memory.events", "oom"), 3);
	assert_int_equal(keyed("v2-memory.stat", "anon"), 104448000);
	assert_int_equal(keyed("v2-memory.stat", "oom_kill"), absent);
	assert_int_equal(keyed("v2-pids.events", "max"), 7);
}

static void test_keyed_edge(void **state)
{
	uint64_t v;

	assert_int_equal(lb_parse_keyed("", "max", &v), -1);
	assert_int_equal(lb_parse_keyed("max", "max", &v), -1);
	assert_int_equal(lb_parse_keyed("max x\n", "max", &v), -1);
	assert_int_equal(lb_parse_keyed("a 1\nmax 12", "max", &v), 0);
	assert_int_equal(v, 12);
}

static void test_shares_to_weight(void **state)
{
	assert_int_equal(lb_cg_shares_to_weight(0), 0);
	assert_int_equal(lb_cg_shares_to_weight(2), 1);
	assert_int_equal(lb_cg_shares_to_weight(1024), 100);
	assert_int_equal(lb_cg_shares_to_weight(262144), 10000);
	assert_int_equal(lb_cg_shares_to_weight(300000), 10000);
	/* ceil(10^((l^2 + 125 l)/612 - 7/34)), l = log2(shares) */
	assert_int_equal(lb_cg_shares_to_weight(512), 59);   /* 10^1.7647 = 58.17 */
	assert_int_equal(lb_cg_shares_to_weight(256), 35);   /* 10^1.5327 = 34.09 */
	assert_int_equal(lb_cg_shares_to_weight(768), 80);   /* 10^1.9019 = 79.79 */
	assert_int_equal(lb_cg_shares_to_weight(2048), 174); /* 10^2.2386 = 173.21 */
	/* monotonic over the whole range */
	uint64_t prev = 1;
	for (uint64_t s = 2; s <= 262144; s += 97) {
		uint64_t w = lb_cg_shares_to_weight(s);
		assert_true(w >= prev);
		prev = w;
	}
}

static void test_cpus(void **state)
{
	uint64_t q, p;
	char buf[64];
	double cores;

	lb_cg_cpus_to_quota(0.5, &q, &p);
	assert_int_equal(q, 50000);
	assert_int_equal(p, 100000);
	lb_cg_cpus_to_quota(1.5, &q, &p);
	assert_int_equal(q, 150000);
	lb_cg_cpus_to_quota(0.01, &q, &p);
	assert_int_equal(q, 1000);
	lb_cg_cpus_to_cpu_max(0.25, buf, sizeof(buf));
	assert_string_equal(buf, "25000 100000");
	lb_cg_cpus_to_cpu_max(2, buf, sizeof(buf));
	assert_string_equal(buf, "200000 100000");
	lb_cg_cpus_to_cpu_max(0, buf, sizeof(buf));
	assert_string_equal(buf, "max 100000");

	char *f = fixture("v2-cpu.max");
	assert_int_equal(lb_cg_parse_cpu_max(f, &cores), 0);
	free(f);
	assert_true(cores > 1.4999 && cores < 1.5001);
	assert_int_equal(lb_cg_parse_cpu_max("max 100000\n", &cores), 0);
	assert_true(cores == 0);
	assert_int_equal(lb_cg_parse_cpu_max("50000 200000", &cores), 0);
	assert_true(cores > 0.2499 && cores < 0.2501);
	assert_int_equal(lb_cg_parse_cpu_max("", &cores), -1);
	assert_int_equal(lb_cg_parse_cpu_max("50000", &cores), -1);
	assert_int_equal(lb_cg_parse_cpu_max("x 100000", &cores), -1);
	assert_int_equal(lb_cg_parse_cpu_max("-5 100000", &cores), -1);
}

static void test_parse_value(void **state)
{
	uint64_t v;

	assert_int_equal(lb_cg_parse_value("104857600\n", 1, &v), 0);
	assert_int_equal(v, 104857600);
	assert_int_equal(lb_cg_parse_value("max\n", 1, &v), 0);
	assert_true(v == LB_SIZE_MAX);
	/* v1's "unlimited": PAGE_COUNTER_MAX pages in bytes */
	assert_int_equal(lb_cg_parse_value("9223372036854771712\n", 1, &v), 0);
	assert_true(v == LB_SIZE_MAX);
	assert_int_equal(lb_cg_parse_value("-1\n", 1, &v), 0); /* cfs_quota_us */
	assert_true(v == LB_SIZE_MAX);
	assert_int_equal(lb_cg_parse_value("12\n", 1000, &v), 0);
	assert_int_equal(v, 12000);
	assert_int_equal(lb_cg_parse_value("", 1, &v), -1);
	assert_int_equal(lb_cg_parse_value("12abc", 1, &v), -1);
}

static const struct lb_cg_write *find_write(const struct lb_cg_write *w, size_t n,
					    enum lb_cg_item item, size_t *idx)
{
	for (size_t i = 0; i < n; i++)
		if (w[i].item == item) {
			*idx = i;
			return &w[i];
		}
	return NULL;
}

static void test_limit_writes(void **state)
{
	struct lb_cg_write w[LB_CG_MAX_WRITES];
	size_t n, im, is, ip, iq;
	lb_error err = {0};
	struct lb_limits lim = {.memory = 100 << 20,
				.memory_swap = 200 << 20,
				.cpus = 0.5,
				.cpu_shares = 512,
				.cpuset = (char *)"0",
				.pids = 64};

	/* v1: memsw is the total and is written after memory; period before quota */
	assert_int_equal(lb_cg_limit_writes(&lim, false, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_MEM_LIMIT, &im)->value, "104857600");
	assert_string_equal(find_write(w, n, LB_CGI_MEMSW_LIMIT, &is)->value, "209715200");
	assert_true(im < is);
	assert_string_equal(find_write(w, n, LB_CGI_CPU_PERIOD, &ip)->value, "100000");
	assert_string_equal(find_write(w, n, LB_CGI_CPU_QUOTA, &iq)->value, "50000");
	assert_true(ip < iq);
	assert_string_equal(find_write(w, n, LB_CGI_CPU_WEIGHT, &iq)->value, "512");
	assert_string_equal(find_write(w, n, LB_CGI_CPUSET_CPUS, &iq)->value, "0");
	assert_string_equal(find_write(w, n, LB_CGI_PIDS_MAX, &iq)->value, "64");
	assert_string_equal(lb_cg_file_of(LB_CGI_MEMSW_LIMIT, false)->file,
			    "memory.memsw.limit_in_bytes");

	/* v2: swap.max is the swap alone, cpu.max one file, shares become a weight */
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_MEM_LIMIT, &im)->value, "104857600");
	assert_string_equal(find_write(w, n, LB_CGI_MEMSW_LIMIT, &is)->value, "104857600");
	assert_null(find_write(w, n, LB_CGI_CPU_PERIOD, &ip));
	assert_string_equal(find_write(w, n, LB_CGI_CPU_QUOTA, &iq)->value, "50000 100000");
	assert_string_equal(find_write(w, n, LB_CGI_CPU_WEIGHT, &iq)->value, "59");
	assert_string_equal(lb_cg_file_of(LB_CGI_MEMSW_LIMIT, true)->file, "memory.swap.max");
	assert_string_equal(lb_cg_file_of(LB_CGI_CPU_WEIGHT, true)->file, "cpu.weight");

	/* memory-swap == memory: no swap at all */
	lim.memory_swap = lim.memory;
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_MEMSW_LIMIT, &is)->value, "0");
	/* unlimited */
	lim.memory_swap = LB_SIZE_MAX;
	lim.pids = LB_SIZE_MAX;
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_MEMSW_LIMIT, &is)->value, "max");
	assert_string_equal(find_write(w, n, LB_CGI_PIDS_MAX, &is)->value, "max");
	assert_int_equal(lb_cg_limit_writes(&lim, false, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_MEMSW_LIMIT, &is)->value, "-1");
	assert_string_equal(find_write(w, n, LB_CGI_PIDS_MAX, &is)->value, "max");

	/* nothing asked, nothing written */
	struct lb_limits none = {0};
	assert_int_equal(lb_cg_limit_writes(&none, true, w, &n, &err), 0);
	assert_int_equal(n, 0);
}

static void test_limit_writes_bad(void **state)
{
	struct lb_cg_write w[LB_CG_MAX_WRITES];
	size_t n;
	lb_error err = {0};
	struct lb_limits lim = {.memory = 200 << 20, .memory_swap = 100 << 20};

	assert_int_equal(lb_cg_limit_writes(&lim, false, w, &n, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_non_null(strstr(err.msg, "memory-swap"));
	lb_error_clear(&err);
	lim = (struct lb_limits){.memory_swap = 100 << 20};
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), -1);
	assert_string_equal(
	    err.msg, "memory-swap: You should always set the Memory limit when "
		     "using Memoryswap limit (memory-swap is memory plus swap; swap alone is "
		     "swap)");
	lb_error_clear(&err);
	lim = (struct lb_limits){.cpus = 0.001};
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), -1);
	assert_non_null(strstr(err.msg, "0.01"));
	lb_error_clear(&err);
	lim = (struct lb_limits){.cpu_shares = 1};
	assert_int_equal(lb_cg_limit_writes(&lim, false, w, &n, &err), -1);
	assert_string_equal(err.msg, "cpu-shares: Range of CPU shares is from 2 to 262144 (not 1)");
	/* what reached the kernel as "Result not representable" */
	lb_error_clear(&err);
	lim = (struct lb_limits){.cpus = 1e30};
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), -1);
	assert_string_equal(err.msg, "cpus: Range of CPUs is from 0.01 to 1024.00 (not 1e+30)");
}

/* The one check of the limits' bounds (docker's), shared by exec and scenarios. */
static void test_limit_check(void **state)
{
	static const struct {
		struct lb_limits lim;
		enum lb_limit which;
		unsigned ncpus;
		const char *msg; /* NULL: within bounds */
	} cases[] = {
	    {{.memory = 6u << 20}, LB_LIMIT_MEMORY, 2, NULL},
	    {{.memory = (6u << 20) - 1},
	     LB_LIMIT_MEMORY,
	     2,
	     "Minimum memory limit allowed is 6MB (not 6M)"},
	    {{.memory = 10240},
	     LB_LIMIT_MEMORY,
	     2,
	     "Minimum memory limit allowed is 6MB (not 10K)"},
	    {{.memory = 0}, LB_LIMIT_MEMORY, 2, "Minimum memory limit allowed is 6MB (not 0B)"},
	    {{.memory = LB_SIZE_MAX}, LB_LIMIT_MEMORY, 2, NULL},
	    {{.memory = 64u << 20, .memory_swap = 64u << 20}, LB_LIMIT_MEMORY_SWAP, 2, NULL},
	    {{.memory = 64u << 20, .memory_swap = LB_SIZE_MAX}, LB_LIMIT_MEMORY_SWAP, 2, NULL},
	    {{.memory_swap = LB_SIZE_MAX}, LB_LIMIT_MEMORY_SWAP, 2, NULL},
	    {{.memory = 64u << 20, .memory_swap = (64u << 20) - 1},
	     LB_LIMIT_MEMORY_SWAP,
	     2,
	     "Minimum memoryswap limit should be larger than memory limit: 64M is less than 64M "
	     "(memory-swap is memory plus swap)"},
	    {{.memory = LB_SIZE_MAX, .memory_swap = 1u << 30},
	     LB_LIMIT_MEMORY_SWAP,
	     2,
	     "You should always set the Memory limit when using Memoryswap limit (memory-swap is "
	     "memory plus swap; swap alone is swap)"},
	    {{.cpus = 0.01}, LB_LIMIT_CPUS, 2, NULL},
	    {{.cpus = 2}, LB_LIMIT_CPUS, 2, NULL},
	    {{.cpus = 2.001},
	     LB_LIMIT_CPUS,
	     2,
	     "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available (not 2.001)"},
	    {{.cpus = 0.009},
	     LB_LIMIT_CPUS,
	     8,
	     "Range of CPUs is from 0.01 to 8.00, as there are only 8 CPUs available (not 0.009)"},
	    {{.cpus = 0}, LB_LIMIT_CPUS, 0, "Range of CPUs is from 0.01 to 1024.00 (not 0)"},
	    {{.cpus = 1024}, LB_LIMIT_CPUS, 0, NULL},
	    {{.cpus = 1e30}, LB_LIMIT_CPUS, 0, "Range of CPUs is from 0.01 to 1024.00 (not 1e+30)"},
	    {{.cpu_shares = 2}, LB_LIMIT_CPU_SHARES, 2, NULL},
	    {{.cpu_shares = 262144}, LB_LIMIT_CPU_SHARES, 2, NULL},
	    {{.cpu_shares = 262145},
	     LB_LIMIT_CPU_SHARES,
	     2,
	     "Range of CPU shares is from 2 to 262144 (not 262145)"},
	    {{.pids = 1}, LB_LIMIT_PIDS, 2, NULL},
	    {{.pids = LB_PIDS_MAX}, LB_LIMIT_PIDS, 2, NULL},
	    {{.pids = LB_SIZE_MAX}, LB_LIMIT_PIDS, 2, NULL},
	    {{.pids = 0},
	     LB_LIMIT_PIDS,
	     2,
	     "Range of the pids limit is from 1 to 4194304, or -1 for unlimited (not 0)"},
	    {{.pids = LB_PIDS_MAX + 1},
	     LB_LIMIT_PIDS,
	     2,
	     "Range of the pids limit is from 1 to 4194304, or -1 for unlimited (not 4194305)"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lb_error err = {0};
		int r = lb_limit_check(&cases[i].lim, cases[i].which, cases[i].ncpus, &err);
		if (!cases[i].msg) {
			if (r != 0)
				fail_msg("case %zu: unexpected '%s'", i, err.msg);
			continue;
		}
		assert_int_equal(r, -1);
		assert_int_equal(err.kind, LB_ERR_USAGE);
		assert_string_equal(err.msg, cases[i].msg);
	}
	/* NaN is outside every range */
	struct lb_limits lim = {.cpus = 0.0 / 0.0};
	lb_error err = {0};
	assert_int_equal(lb_limit_check(&lim, LB_LIMIT_CPUS, 2, &err), -1);

	/* all at once: only what is set, the first bad one named */
	enum lb_limit which = LB_LIMIT_COUNT;
	lim = (struct lb_limits){0};
	assert_int_equal(lb_limits_check(&lim, 2, &which, &err), 0);
	lim = (struct lb_limits){.memory = 64u << 20, .cpus = 1.5, .pids = 9, .cpu_shares = 0};
	assert_int_equal(lb_limits_check(&lim, 2, &which, &err), 0);
	lim.cpus = 3;
	lim.pids = LB_PIDS_MAX + 1;
	assert_int_equal(lb_limits_check(&lim, 2, &which, &err), -1);
	assert_int_equal(which, LB_LIMIT_CPUS);
	assert_string_equal(lb_limit_name(which, false), "cpus");
	assert_string_equal(lb_limit_name(LB_LIMIT_PIDS, true), "--pids-limit");
	assert_string_equal(lb_limit_name(LB_LIMIT_MEMORY, true), "--memory");

	assert_int_equal(lb_cpulist_count("0-1\n"), 2);
	assert_int_equal(lb_cpulist_count("0-3,8,10-11"), 7);
	assert_int_equal(lb_cpulist_count(""), 0);
	assert_int_equal(lb_cpulist_count("x"), 0);
}

/* cpu-weight on v1: the inverse of runc's map gives every weight back, and the ends and the
 * default meet (issue 11). */
static void test_weight_to_shares(void **state)
{
	assert_int_equal(lb_cg_weight_to_shares(0), 0);
	assert_int_equal(lb_cg_weight_to_shares(1), 2);
	assert_int_equal(lb_cg_weight_to_shares(100), 1024);
	assert_int_equal(lb_cg_weight_to_shares(10000), 262144);
	/* docker's ends of cpu-shares round-trip through the weight */
	assert_int_equal(lb_cg_weight_to_shares(lb_cg_shares_to_weight(2)), 2);
	assert_int_equal(lb_cg_weight_to_shares(lb_cg_shares_to_weight(1024)), 1024);
	assert_int_equal(lb_cg_weight_to_shares(lb_cg_shares_to_weight(262144)), 262144);
	/* every weight: weight -> shares -> weight is the weight, within docker's shares */
	for (uint64_t w = 1; w <= 10000; w++) {
		uint64_t sh = lb_cg_weight_to_shares(w);
		if (sh < 2 || sh > 262144 || lb_cg_shares_to_weight(sh) != w)
			fail_msg("weight %llu -> shares %llu -> weight %llu", (unsigned long long)w,
				 (unsigned long long)sh,
				 (unsigned long long)lb_cg_shares_to_weight(sh));
	}
	/* the selftest's weights */
	assert_int_equal(lb_cg_shares_to_weight(lb_cg_weight_to_shares(50)), 50);
	assert_int_equal(lb_cg_shares_to_weight(lb_cg_weight_to_shares(150)), 150);
}

/* cpu-weight, cpu-period (with cpus, or exec's cpu-quota) and cpu-idle, v1 and v2. */
static void test_limit_writes_cpu(void **state)
{
	struct lb_cg_write w[LB_CG_MAX_WRITES];
	size_t n, ip, iq, iw, ii;
	lb_error err = {0};
	struct lb_limits lim = {.cpus = 0.5, .cpu_period = 50000, .cpu_weight = 100};

	assert_int_equal(lb_cg_limit_writes(&lim, false, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_CPU_PERIOD, &ip)->value, "50000");
	assert_string_equal(find_write(w, n, LB_CGI_CPU_QUOTA, &iq)->value, "25000");
	assert_true(ip < iq);
	assert_string_equal(find_write(w, n, LB_CGI_CPU_WEIGHT, &iw)->value, "1024");
	assert_string_equal(lb_cg_file_of(LB_CGI_CPU_WEIGHT, false)->file, "cpu.shares");
	assert_int_equal(n, 3);
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_CPU_QUOTA, &iq)->value, "25000 50000");
	assert_string_equal(find_write(w, n, LB_CGI_CPU_WEIGHT, &iw)->value, "100");
	assert_null(find_write(w, n, LB_CGI_CPU_PERIOD, &ip));
	assert_int_equal(n, 2);

	/* a period alone (docker's): no quota */
	lim = (struct lb_limits){.cpu_period = 20000};
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_CPU_QUOTA, &iq)->value, "max 20000");
	assert_int_equal(lb_cg_limit_writes(&lim, false, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_CPU_PERIOD, &ip)->value, "20000");
	assert_null(find_write(w, n, LB_CGI_CPU_QUOTA, &iq));

	/* exec's --cpu-quota, with the default period or its own */
	lim = (struct lb_limits){.cpu_quota = 150000};
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_CPU_QUOTA, &iq)->value, "150000 100000");
	lim.cpu_period = 1000000;
	assert_int_equal(lb_cg_limit_writes(&lim, false, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_CPU_PERIOD, &ip)->value, "1000000");
	assert_string_equal(find_write(w, n, LB_CGI_CPU_QUOTA, &iq)->value, "150000");
	lim = (struct lb_limits){.cpu_quota = LB_SIZE_MAX};
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_CPU_QUOTA, &iq)->value, "max 100000");

	/* cpu-idle: the same file on v1 and v2, after the weight */
	lim = (struct lb_limits){.cpu_idle = true, .cpus = 1};
	for (int v2 = 0; v2 <= 1; v2++) {
		assert_int_equal(lb_cg_limit_writes(&lim, v2, w, &n, &err), 0);
		assert_string_equal(find_write(w, n, LB_CGI_CPU_IDLE, &ii)->value, "1");
		assert_string_equal(lb_cg_file_of(LB_CGI_CPU_IDLE, v2)->file, "cpu.idle");
	}
	assert_int_equal(lb_cg_limits_need(&lim), 1u << LB_CTRL_CPU);
	lim = (struct lb_limits){.cpu_weight = 5};
	assert_int_equal(lb_cg_limits_need(&lim), 1u << LB_CTRL_CPU);

	/* refused before the kernel sees them */
	lim = (struct lb_limits){.cpu_weight = 100, .cpu_shares = 1024};
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), -1);
	assert_non_null(strstr(err.msg, "cpu-weight: cannot be set together with cpu-shares"));
	lb_error_clear(&err);
	lim = (struct lb_limits){.cpus = 0.01, .cpu_period = 50000};
	assert_int_equal(lb_cg_limit_writes(&lim, false, w, &n, &err), -1);
	assert_string_equal(err.msg, "cpu-period: cpus 0.01 x cpu-period 50000us is a quota of "
				     "500us: CPU cfs quota can not be less than 1ms (i.e. 1000)");
	lb_error_clear(&err);
}

/* The CPU knobs' bounds, in docker's words where docker has them. */
static void test_limit_check_cpu(void **state)
{
	static const struct {
		struct lb_limits lim;
		enum lb_limit which;
		const char *msg; /* NULL: within bounds */
	} cases[] = {
	    {{.cpu_weight = 1}, LB_LIMIT_CPU_WEIGHT, NULL},
	    {{.cpu_weight = 10000}, LB_LIMIT_CPU_WEIGHT, NULL},
	    {{.cpu_weight = 0},
	     LB_LIMIT_CPU_WEIGHT,
	     "Range of CPU weight is from 1 to 10000 (not 0)"},
	    {{.cpu_weight = 10001},
	     LB_LIMIT_CPU_WEIGHT,
	     "Range of CPU weight is from 1 to 10000 (not 10001)"},
	    {{.cpu_weight = 100, .cpu_shares = 512},
	     LB_LIMIT_CPU_WEIGHT,
	     "cannot be set together with cpu-shares: both set the CPU weight (cgroup v2 "
	     "cpu.weight, v1 cpu.shares); give one of them"},
	    {{.cpu_period = 1000}, LB_LIMIT_CPU_PERIOD, NULL},
	    {{.cpu_period = 1000000}, LB_LIMIT_CPU_PERIOD, NULL},
	    {{.cpu_period = 999},
	     LB_LIMIT_CPU_PERIOD,
	     "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. "
	     "1000000)"},
	    {{.cpu_period = 1000001},
	     LB_LIMIT_CPU_PERIOD,
	     "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. "
	     "1000000)"},
	    {{.cpus = 0.1, .cpu_period = 10000}, LB_LIMIT_CPU_PERIOD, NULL},
	    {{.cpus = 0.05, .cpu_period = 10000},
	     LB_LIMIT_CPU_PERIOD,
	     "cpus 0.05 x cpu-period 10000us is a quota of 500us: CPU cfs quota can not be less "
	     "than 1ms (i.e. 1000)"},
	    {{.cpu_quota = 1000}, LB_LIMIT_CPU_QUOTA, NULL},
	    {{.cpu_quota = LB_SIZE_MAX}, LB_LIMIT_CPU_QUOTA, NULL},
	    {{.cpu_quota = 999},
	     LB_LIMIT_CPU_QUOTA,
	     "CPU cfs quota can not be less than 1ms (i.e. 1000)"},
	    {{.cpu_quota = 50000, .cpus = 1},
	     LB_LIMIT_CPU_QUOTA,
	     "Conflicting options: Nano CPUs and CPU Quota cannot both be set"},
	    {{.cpu_idle = true}, LB_LIMIT_CPU_IDLE, NULL},
	    {{.cpu_idle = true, .cpus = 0.5, .cpu_period = 20000}, LB_LIMIT_CPU_IDLE, NULL},
	    {{.cpu_idle = true, .cpu_weight = 50},
	     LB_LIMIT_CPU_IDLE,
	     "cannot be set together with cpu-weight: an idle cgroup has the smallest CPU weight "
	     "whatever its weight says"},
	    {{.cpu_idle = true, .cpu_shares = 50},
	     LB_LIMIT_CPU_IDLE,
	     "cannot be set together with cpu-shares: an idle cgroup has the smallest CPU weight "
	     "whatever its weight says"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lb_error err = {0};
		int r = lb_limit_check(&cases[i].lim, cases[i].which, 2, &err);
		if (!cases[i].msg) {
			if (r != 0)
				fail_msg("case %zu: unexpected '%s'", i, err.msg);
			continue;
		}
		assert_int_equal(r, -1);
		assert_int_equal(err.kind, LB_ERR_USAGE);
		assert_string_equal(err.msg, cases[i].msg);
	}
	assert_string_equal(lb_limit_name(LB_LIMIT_CPU_WEIGHT, true), "--cpu-weight");
	assert_string_equal(lb_limit_name(LB_LIMIT_CPU_PERIOD, false), "cpu-period");
	assert_string_equal(lb_limit_name(LB_LIMIT_CPU_QUOTA, true), "--cpu-quota");
	assert_string_equal(lb_limit_name(LB_LIMIT_CPU_IDLE, false), "cpu-idle");
}

/* memory.stat as the mem_* series read it, v1 and v2 alike (issue 11). */
static void test_memstat(void **state)
{
	struct lb_cg_memstat m;
	char *buf = fixture("v2-lane-memory.stat");

	assert_int_equal(lb_cg_parse_memstat(buf, true, &m), 0);
	assert_int_equal(m.valid, 0xf);
	assert_int_equal(m.anon, 118784);
	assert_int_equal(m.file, 16777216);
	assert_int_equal(m.sock, 0);
	assert_int_equal(m.shmem, 16777216);
	/* v2 text read as v1: only shmem has the same name there */
	assert_int_equal(lb_cg_parse_memstat(buf, false, &m), 0);
	assert_int_equal(m.valid, 1u << 3);
	free(buf);

	buf = fixture("v1-shmem-memory.stat");
	assert_int_equal(lb_cg_parse_memstat(buf, false, &m), 0);
	/* rss, cache, shmem; no sock on v1 */
	assert_int_equal(m.valid, 0xb);
	assert_int_equal(m.anon, 50479104);
	assert_int_equal(m.file, 16777216);
	assert_int_equal(m.shmem, 16777216);
	free(buf);

	buf = fixture("v1-memory.stat");
	assert_int_equal(lb_cg_parse_memstat(buf, false, &m), 0);
	assert_int_equal(m.anon, 0); /* rss 0 after the OOM kill; not total_rss */
	free(buf);
	assert_int_equal(lb_cg_parse_memstat("pgfault 3\n", true, &m), -1);
	assert_int_equal(m.valid, 0);
}

/* Pressure files: the totals of some and full, with or without a full line. */
static void test_pressure(void **state)
{
	struct lb_cg_pressure p;
	char *buf = fixture("v2-lane-cpu.pressure");

	assert_int_equal(lb_cg_parse_pressure(buf, &p), 0);
	assert_true(p.has_some);
	assert_true(p.has_full);
	assert_int_equal(p.some_us, 2509700);
	assert_int_equal(p.full_us, 62197);
	free(buf);
	buf = fixture("v2-lane-idle.pressure");
	assert_int_equal(lb_cg_parse_pressure(buf, &p), 0);
	assert_true(p.has_full);
	assert_int_equal(p.some_us, 0);
	assert_int_equal(p.full_us, 0);
	free(buf);
	buf = fixture("v2-5.10-cpu.pressure");
	assert_int_equal(lb_cg_parse_pressure(buf, &p), 0);
	assert_false(p.has_full);
	assert_int_equal(p.some_us, 987654);
	free(buf);
	/* broken text: no some line, a total that is not a number, an avg named total */
	assert_int_equal(lb_cg_parse_pressure("", &p), -1);
	assert_int_equal(lb_cg_parse_pressure("full avg10=0.00 total=5\n", &p), -1);
	assert_int_equal(lb_cg_parse_pressure("some avg10=0.00 total=x\n", &p), -1);
	assert_int_equal(lb_cg_parse_pressure("some avg10=0.00 total=12x\n", &p), -1);
	assert_int_equal(lb_cg_parse_pressure("some avg10=1 avg60=2\nfull total=3\n", &p), -1);
	/* a total on the next line is not this line's */
	assert_int_equal(lb_cg_parse_pressure("some avg10=1\nfull avg10=0 total=3\n", &p), -1);
	assert_int_equal(lb_cg_parse_pressure("some total=18446744073709551615\n", &p), 0);
	assert_int_equal(p.some_us, UINT64_MAX);
}

/* The check that a pid read from cgroup.procs still is a process of the cgroup. */
static void test_proc_within(void **state)
{
	const char *v1 = "12:pids:/limitbench/lb-1-2-locked/x\n"
			 "5:cpu,cpuacct:/limitbench/lb-1-2-locked/x/sub\n"
			 "4:memory:/user.slice\n"
			 "1:name=systemd:/user.slice/session-1.scope\n"
			 "0::/user.slice/session-1.scope\n";
	const struct lb_cg_where pids = {"pids", "/limitbench/lb-1-2-locked/x"};
	const struct lb_cg_where cpu = {"cpuacct", "/limitbench/lb-1-2-locked/x"};
	const struct lb_cg_where mem = {"memory", "/limitbench/lb-1-2-locked/x"};
	const struct lb_cg_where prefix = {"pids", "/limitbench/lb-1-2-locked/xy"};
	const struct lb_cg_where shorter = {"pids", "/limitbench/lb-1-2-locked/"};
	const struct lb_cg_where freezer = {"freezer", "/limitbench/lb-1-2-locked/x"};

	assert_true(lb_cg_proc_within(v1, &pids));
	assert_true(lb_cg_proc_within(v1, &cpu));  /* a sub-cgroup, co-mounted controllers */
	assert_false(lb_cg_proc_within(v1, &mem)); /* elsewhere in that hierarchy */
	assert_false(lb_cg_proc_within(v1, &prefix));
	assert_false(lb_cg_proc_within(v1, &shorter)); /* "x" is not below ".../" + "/" */
	assert_false(lb_cg_proc_within(v1, &freezer)); /* no such line */

	const struct lb_cg_where v2 = {"", "/limitbench/lb-1-2-locked"};
	assert_true(lb_cg_proc_within("0::/limitbench/lb-1-2-locked/hog\n", &v2));
	assert_true(lb_cg_proc_within("0::/limitbench/lb-1-2-locked\n", &v2));
	assert_false(lb_cg_proc_within("0::/limitbench/lb-1-2-lockedX\n", &v2));
	assert_false(lb_cg_proc_within("0::/system.slice/cron.service\n", &v2));
	assert_false(lb_cg_proc_within("", &v2));

	assert_true(lb_cg_frozen_text("FROZEN\n"));
	assert_false(lb_cg_frozen_text("FREEZING\n"));
	assert_false(lb_cg_frozen_text("THAWED\n"));
	assert_true(lb_cg_frozen_text("populated 1\nfrozen 1\n"));
	assert_false(lb_cg_frozen_text("populated 1\nfrozen 0\n"));
	assert_false(lb_cg_frozen_text(""));
}

static void test_limits_need(void **state)
{
	struct lb_limits lim = {.memory_swap = LB_SIZE_MAX, .cpu_shares = 2};

	assert_int_equal(lb_cg_limits_need(&lim), (1u << LB_CTRL_MEMORY) | (1u << LB_CTRL_CPU));
	lim = (struct lb_limits){.cpuset = (char *)"0-1", .pids = 5};
	assert_int_equal(lb_cg_limits_need(&lim), (1u << LB_CTRL_CPUSET) | (1u << LB_CTRL_PIDS));
}

static void test_stat_starttime(void **state)
{
	uint64_t st;
	/* the command may contain spaces and parentheses: count from the last ')' */
	const char *stat = "4242 (a b) c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 "
			   "0 98765 2400000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 "
			   "17 1 0 0 0 0 0\n";

	assert_int_equal(lb_cg_parse_stat_starttime(stat, &st), 0);
	assert_int_equal(st, 98765);
	assert_int_equal(lb_cg_parse_stat_starttime("1 (x) S 1 2 3", &st), -1);
	assert_int_equal(lb_cg_parse_stat_starttime("garbage", &st), -1);
	/* our own */
	assert_int_equal(lb_cg_proc_starttime(getpid(), &st), 0);
	assert_true(st > 0);
}

static void test_clean_parent(void **state)
{
	char *p = lb_cg_clean_parent("/a//b/");

	assert_string_equal(p, "a/b");
	free(p);
	assert_null(lb_cg_clean_parent(""));
	assert_null(lb_cg_clean_parent("/"));
	assert_null(lb_cg_clean_parent("a/../b"));
	assert_null(lb_cg_clean_parent("./a"));
}

/* mem_max_hits: v2 and a memory limit alone are the counter; a v1 memory+swap limit that was
 * reached with both failcnts at 0 (Linux 6.18) is not measured, with the reason; one never
 * reached is an honest 0. */
static void test_mem_max_hits(void **state)
{
	const uint64_t M = 1 << 20;
	struct lb_cg_hits_in v2 = {.v2 = true, .failcnt = 7};
	struct lb_cg_hits_in plain = {.failcnt = 86};
	struct lb_cg_hits_in both = {.failcnt = 3,
				     .has_memsw = true,
				     .memsw_failcnt = 4,
				     .memsw_limit = 64 * M,
				     .memsw_peak = 64 * M};
	struct lb_cg_hits_in silent = {
	    .has_memsw = true, .memsw_limit = 64 * M, .memsw_peak = 64 * M - 4096, .oom_kills = 0};
	struct lb_cg_hits_in oom = {
	    .has_memsw = true, .memsw_limit = 64 * M, .memsw_peak = 40 * M, .oom_kills = 1};
	struct lb_cg_hits_in under = {
	    .has_memsw = true, .memsw_limit = 64 * M, .memsw_peak = 16 * M};
	struct lb_cg_hits_in unlimited = {
	    .has_memsw = true, .memsw_limit = LB_SIZE_MAX, .memsw_peak = 64 * M, .oom_kills = 1};
	uint64_t hits;
	const char *why;

	(void)state;
	assert_int_equal(lb_cg_mem_max_hits(&v2, &hits, &why), 0);
	assert_int_equal(hits, 7);
	assert_null(why);
	assert_int_equal(lb_cg_mem_max_hits(&plain, &hits, &why), 0);
	assert_int_equal(hits, 86);
	assert_int_equal(lb_cg_mem_max_hits(&both, &hits, &why), 0);
	assert_int_equal(hits, 7); /* failures of either counter are hits */
	assert_int_equal(lb_cg_mem_max_hits(&silent, &hits, &why), -1);
	assert_non_null(why);
	assert_non_null(strstr(why, "memory.memsw.failcnt"));
	assert_int_equal(lb_cg_mem_max_hits(&oom, &hits, &why), -1);
	assert_non_null(why);
	assert_int_equal(lb_cg_mem_max_hits(&under, &hits, &why), 0);
	assert_int_equal(hits, 0);
	assert_null(why);
	assert_int_equal(lb_cg_mem_max_hits(&unlimited, &hits, &why), 0);
	assert_int_equal(hits, 0);
}

/* The memory knobs: their files on v1 and v2, and what v1 cannot take. */
static void test_mem_knob_writes(void **state)
{
	struct lb_cg_write w[LB_CG_MAX_WRITES];
	size_t n, i;
	lb_error err = {0};
	struct lb_limits lim = {.memory_high = 30 << 20,
				.memory_low = 10 << 20,
				.memory_min = 5 << 20,
				.oom_group = 1,
				.swap = 20 << 20,
				.swap_set = true,
				.oom_score_adj = 500,
				.oom_score_adj_set = true};

	(void)state;
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_MEM_HIGH, &i)->value, "31457280");
	assert_string_equal(find_write(w, n, LB_CGI_MEM_LOW, &i)->value, "10485760");
	assert_string_equal(find_write(w, n, LB_CGI_MEM_MIN, &i)->value, "5242880");
	assert_string_equal(find_write(w, n, LB_CGI_OOM_GROUP, &i)->value, "1");
	/* swap alone: memory.swap.max, and no memory.max */
	assert_string_equal(find_write(w, n, LB_CGI_SWAP_MAX, &i)->value, "20971520");
	assert_null(find_write(w, n, LB_CGI_MEM_LIMIT, &i));
	assert_string_equal(lb_cg_file_of(LB_CGI_MEM_HIGH, true)->file, "memory.high");
	assert_string_equal(lb_cg_file_of(LB_CGI_MEM_LOW, true)->file, "memory.low");
	assert_string_equal(lb_cg_file_of(LB_CGI_MEM_MIN, true)->file, "memory.min");
	assert_string_equal(lb_cg_file_of(LB_CGI_OOM_GROUP, true)->file, "memory.oom.group");
	assert_string_equal(lb_cg_file_of(LB_CGI_SWAP_MAX, true)->file, "memory.swap.max");
	assert_null(lb_cg_file_of(LB_CGI_MEM_HIGH, false)->file);
	assert_null(lb_cg_file_of(LB_CGI_OOM_GROUP, false)->file);
	/* ... which v1 refuses, naming v1 and the v2 file */
	assert_int_equal(lb_cg_limit_writes(&lim, false, w, &n, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_non_null(strstr(err.msg, "cgroup v1 has no memory.high"));
	assert_non_null(strstr(lb_limit_v1_refusal(&lim, LB_LIMIT_MEMORY_LOW), "memory.low"));
	assert_non_null(strstr(lb_limit_v1_refusal(&lim, LB_LIMIT_MEMORY_MIN), "memory.min"));
	assert_non_null(strstr(lb_limit_v1_refusal(&lim, LB_LIMIT_OOM_GROUP), "memory.oom.group"));
	assert_non_null(strstr(lb_limit_v1_refusal(&lim, LB_LIMIT_SWAP), "cgroup v1"));
	assert_null(lb_limit_v1_refusal(&lim, LB_LIMIT_OOM_SCORE_ADJ));
	/* oom-group: false is v1's own behaviour; oom-score-adj is no cgroup file */
	lim.oom_group = -1;
	assert_null(lb_limit_v1_refusal(&lim, LB_LIMIT_OOM_GROUP));

	/* v1: swap with memory is memory + swap in memsw; the reservation is the soft limit */
	struct lb_limits v1 = {.memory = 50 << 20,
			       .swap = 20 << 20,
			       .swap_set = true,
			       .memory_reservation = 40 << 20,
			       .oom_group = -1};
	assert_int_equal(lb_cg_limit_writes(&v1, false, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_MEMSW_LIMIT, &i)->value, "73400320");
	assert_string_equal(find_write(w, n, LB_CGI_MEM_SOFT, &i)->value, "41943040");
	assert_null(find_write(w, n, LB_CGI_OOM_GROUP, &i));
	assert_string_equal(lb_cg_file_of(LB_CGI_MEM_SOFT, false)->file,
			    "memory.soft_limit_in_bytes");
	/* v2: the reservation is memory.low; swap 0 is a value (no swap), not "unset" */
	v1.swap = 0;
	assert_int_equal(lb_cg_limit_writes(&v1, true, w, &n, &err), 0);
	assert_string_equal(find_write(w, n, LB_CGI_MEM_SOFT, &i)->value, "41943040");
	assert_string_equal(lb_cg_file_of(LB_CGI_MEM_SOFT, true)->file, "memory.low");
	assert_string_equal(find_write(w, n, LB_CGI_SWAP_MAX, &i)->value, "0");
	assert_string_equal(find_write(w, n, LB_CGI_OOM_GROUP, &i)->value, "0");
	/* swap max without memory is fine on v1 too (memsw unlimited) */
	struct lb_limits swapmax = {.swap = LB_SIZE_MAX, .swap_set = true};
	assert_null(lb_limit_v1_refusal(&swapmax, LB_LIMIT_SWAP));
	assert_true(lb_cg_limits_need(&swapmax) & (1u << LB_CTRL_MEMORY));
	/* oom-score-adj alone needs no controller */
	struct lb_limits adj = {.oom_score_adj = -5, .oom_score_adj_set = true};
	assert_int_equal(lb_cg_limits_need(&adj), 0);
	assert_int_equal(lb_cg_limit_writes(&adj, true, w, &n, &err), 0);
	assert_int_equal(n, 0);
}

/* The knobs' bounds, docker's words where docker has them. */
static void test_mem_knob_check(void **state)
{
	lb_error err = {0};
	struct lb_limits l = {0};

	(void)state;
	l.oom_score_adj = 1001;
	assert_int_equal(lb_limit_check(&l, LB_LIMIT_OOM_SCORE_ADJ, 0, &err), -1);
	assert_string_equal(err.msg,
			    "Invalid value 1001, range for oom score adj is [-1000, 1000]");
	l.oom_score_adj = -1000;
	assert_int_equal(lb_limit_check(&l, LB_LIMIT_OOM_SCORE_ADJ, 0, &err), 0);
	l.oom_score_adj = -1001;
	assert_int_equal(lb_limit_check(&l, LB_LIMIT_OOM_SCORE_ADJ, 0, &err), -1);

	l = (struct lb_limits){.memory = 50 << 20, .memory_reservation = 60 << 20};
	assert_int_equal(lb_limit_check(&l, LB_LIMIT_MEMORY_RESERVATION, 0, &err), -1);
	assert_non_null(strstr(err.msg, "Minimum memory limit can not be less than memory "
					"reservation limit"));
	l.memory_reservation = 1 << 20;
	assert_int_equal(lb_limit_check(&l, LB_LIMIT_MEMORY_RESERVATION, 0, &err), -1);
	assert_non_null(strstr(err.msg, "Minimum memory reservation allowed is 6MB"));
	l.memory_reservation = 50 << 20; /* equal is fine */
	assert_int_equal(lb_limit_check(&l, LB_LIMIT_MEMORY_RESERVATION, 0, &err), 0);
	l.memory_low = 10 << 20; /* both are memory.low on v2 */
	assert_int_equal(lb_limit_check(&l, LB_LIMIT_MEMORY_RESERVATION, 0, &err), -1);
	assert_non_null(strstr(err.msg, "not both"));

	l = (struct lb_limits){.memory_high = 1 << 20};
	assert_int_equal(lb_limit_check(&l, LB_LIMIT_MEMORY_HIGH, 0, &err), -1);
	assert_non_null(strstr(err.msg, "Minimum memory-high allowed is 6MB"));
	l.memory_high = LB_SIZE_MAX;
	assert_int_equal(lb_limit_check(&l, LB_LIMIT_MEMORY_HIGH, 0, &err), 0);

	l = (struct lb_limits){.memory = 50 << 20, .memory_swap = 100 << 20, .swap_set = true};
	assert_int_equal(lb_limit_check(&l, LB_LIMIT_SWAP, 0, &err), -1);
	assert_non_null(strstr(err.msg, "not both"));

	/* lb_limits_check names the first bad knob */
	enum lb_limit which = LB_LIMIT_COUNT;
	l = (struct lb_limits){.oom_score_adj = 2000, .oom_score_adj_set = true};
	assert_int_equal(lb_limits_check(&l, 0, &which, &err), -1);
	assert_int_equal(which, LB_LIMIT_OOM_SCORE_ADJ);
	assert_string_equal(lb_limit_name(which, true), "--oom-score-adj");
	assert_string_equal(lb_limit_name(LB_LIMIT_MEMORY_RESERVATION, false),
			    "memory-reservation");
	/* not set: not checked (0 is a valid oom-score-adj only when said) */
	l = (struct lb_limits){.oom_score_adj = 2000};
	assert_int_equal(lb_limits_check(&l, 0, &which, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mountinfo_hybrid),
	    cmocka_unit_test(test_mountinfo_v1),
	    cmocka_unit_test(test_mountinfo_comounted),
	    cmocka_unit_test(test_mountinfo_bind_only),
	    cmocka_unit_test(test_mountinfo_v2),
	    cmocka_unit_test(test_mountinfo_none),
	    cmocka_unit_test(test_choose_backend),
	    cmocka_unit_test(test_controllers),
	    cmocka_unit_test(test_proc_cgroup_v1),
	    cmocka_unit_test(test_proc_cgroup_v2),
	    cmocka_unit_test(test_keyed),
	    cmocka_unit_test(test_keyed_edge),
	    cmocka_unit_test(test_shares_to_weight),
	    cmocka_unit_test(test_cpus),
	    cmocka_unit_test(test_parse_value),
	    cmocka_unit_test(test_limit_writes),
	    cmocka_unit_test(test_limit_writes_bad),
	    cmocka_unit_test(test_limit_check),
	    cmocka_unit_test(test_proc_within),
	    cmocka_unit_test(test_limits_need),
	    cmocka_unit_test(test_stat_starttime),
	    cmocka_unit_test(test_clean_parent),
	    cmocka_unit_test(test_mem_max_hits),
	    cmocka_unit_test(test_mem_knob_writes),
	    cmocka_unit_test(test_mem_knob_check),
	    cmocka_unit_test(test_weight_to_shares),
	    cmocka_unit_test(test_limit_writes_cpu),
	    cmocka_unit_test(test_limit_check_cpu),
	    cmocka_unit_test(test_memstat),
	    cmocka_unit_test(test_pressure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
