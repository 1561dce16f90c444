/* SPDX-License-Identifier: MIT */
/*
 * The bounds of the limits, in one place for `exec`'s flags, scenario files and, last, the
 * writes to the kernel: docker's bounds, in docker's words, so that what docker refuses is
 * refused here the same way, before anything runs.  Without them a limit the kernel takes
 * makes no sense (a 10K memory limit: the workload is OOM-killed before its first
 * instruction) or one it refuses fails late with the kernel's words ("Result not
 * representable" for --cpus 1e30).
 */
#include "cgroup/cgroup.h"

#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/units.h"

const char *lb_limit_name(enum lb_limit which, bool exec_flag)
{
	switch (which) {
	case LB_LIMIT_MEMORY:
		return exec_flag ? "--memory" : "memory";
	case LB_LIMIT_MEMORY_SWAP:
		return exec_flag ? "--memory-swap" : "memory-swap";
	case LB_LIMIT_CPUS:
		return exec_flag ? "--cpus" : "cpus";
	case LB_LIMIT_CPU_SHARES:
		return exec_flag ? "--cpu-shares" : "cpu-shares";
	case LB_LIMIT_PIDS:
		return exec_flag ? "--pids-limit" : "pids";
	case LB_LIMIT_CPU_WEIGHT:
		return exec_flag ? "--cpu-weight" : "cpu-weight";
	case LB_LIMIT_CPU_PERIOD:
		return exec_flag ? "--cpu-period" : "cpu-period";
	case LB_LIMIT_CPU_QUOTA:
		return exec_flag ? "--cpu-quota" : "cpu-quota";
	case LB_LIMIT_CPU_IDLE:
		return exec_flag ? "--cpu-idle" : "cpu-idle";
	case LB_LIMIT_COUNT:
	default:
		return "?";
	}
}

int lb_limit_check(const struct lb_limits *lim, enum lb_limit which, unsigned ncpus, lb_error *err)
{
	char a[32], b[32];

	switch (which) {
	case LB_LIMIT_MEMORY:
		if (lim->memory != LB_SIZE_MAX && lim->memory < LB_MEMORY_MIN)
			return lb_error_usage(err, "Minimum memory limit allowed is 6MB (not %s)",
					      lb_format_size(a, sizeof(a), (double)lim->memory));
		return 0;
	case LB_LIMIT_MEMORY_SWAP:
		if (lim->memory_swap == LB_SIZE_MAX)
			return 0;
		/* memory-swap is memory plus swap: it needs a memory limit below it (v2 has
		 * no file for the sum; v1 refuses memsw < mem) */
		if (!lim->memory || lim->memory == LB_SIZE_MAX)
			return lb_error_usage(err, "You should always set the Memory limit when "
						   "using Memoryswap limit (memory-swap is memory "
						   "plus swap)");
		if (lim->memory_swap < lim->memory)
			return lb_error_usage(
			    err,
			    "Minimum memoryswap limit should be larger than memory limit: %s is "
			    "less than %s (memory-swap is memory plus swap)",
			    lb_format_size(a, sizeof(a), (double)lim->memory_swap),
			    lb_format_size(b, sizeof(b), (double)lim->memory));
		return 0;
	case LB_LIMIT_CPUS: {
		/* The kernel's smallest CFS quota is 1ms, 0.01 of the 100ms period.  The
		 * negated test also refuses NaN. */
		unsigned max = ncpus ? ncpus : LB_CPUS_MAX;
		if (!(lim->cpus >= 0.01 && lim->cpus <= (double)max)) {
			if (!ncpus)
				return lb_error_usage(
				    err, "Range of CPUs is from 0.01 to %u.00 (not %g)", max,
				    lim->cpus);
			return lb_error_usage(err,
					      "Range of CPUs is from 0.01 to %u.00, as there are "
					      "only %u CPUs available (not %g)",
					      max, max, lim->cpus);
		}
		return 0;
	}
	case LB_LIMIT_CPU_SHARES:
		if (lim->cpu_shares < LB_CPU_SHARES_MIN || lim->cpu_shares > LB_CPU_SHARES_MAX)
			return lb_error_usage(
			    err, "Range of CPU shares is from %d to %d (not %" PRIu64 ")",
			    LB_CPU_SHARES_MIN, LB_CPU_SHARES_MAX, lim->cpu_shares);
		return 0;
	case LB_LIMIT_PIDS:
		if (lim->pids != LB_SIZE_MAX && (lim->pids < 1 || lim->pids > LB_PIDS_MAX))
			return lb_error_usage(err,
					      "Range of the pids limit is from 1 to %d, or -1 for "
					      "unlimited (not %" PRIu64 ")",
					      LB_PIDS_MAX, lim->pids);
		return 0;
	case LB_LIMIT_CPU_WEIGHT:
		if (lim->cpu_weight < LB_CPU_WEIGHT_MIN || lim->cpu_weight > LB_CPU_WEIGHT_MAX)
			return lb_error_usage(
			    err, "Range of CPU weight is from %d to %d (not %" PRIu64 ")",
			    LB_CPU_WEIGHT_MIN, LB_CPU_WEIGHT_MAX, lim->cpu_weight);
		/* One kernel file takes either (v2 cpu.weight, v1 cpu.shares): the second
		 * would silently replace the first. */
		if (lim->cpu_shares)
			return lb_error_usage(err, "cannot be set together with cpu-shares: both "
						   "set the CPU weight (cgroup v2 cpu.weight, v1 "
						   "cpu.shares); give one of them");
		return 0;
	case LB_LIMIT_CPU_PERIOD: {
		if (lim->cpu_period < LB_CPU_PERIOD_MIN || lim->cpu_period > LB_CPU_PERIOD_MAX)
			return lb_error_usage(err, "CPU cfs period can not be less than 1ms (i.e. "
						   "1000) or larger than 1s (i.e. 1000000)");
		/* cpus x period is the quota: it has the kernel's 1ms floor too. */
		uint64_t q, p;
		lb_cg_cpu_bandwidth(lim, &q, &p);
		if (lim->cpus > 0 && q < LB_CPU_QUOTA_MIN)
			return lb_error_usage(err,
					      "cpus %g x cpu-period %" PRIu64 "us is a quota of "
					      "%" PRIu64 "us: CPU cfs quota can not be less than "
					      "1ms (i.e. 1000)",
					      lim->cpus, lim->cpu_period, q);
		return 0;
	}
	case LB_LIMIT_CPU_QUOTA:
		if (lim->cpu_quota != LB_SIZE_MAX && lim->cpu_quota < LB_CPU_QUOTA_MIN)
			return lb_error_usage(err, "CPU cfs quota can not be less than 1ms (i.e. "
						   "1000)");
		if (lim->cpus > 0 && lim->cpu_quota != LB_SIZE_MAX)
			return lb_error_usage(err, "Conflicting options: Nano CPUs and CPU Quota "
						   "cannot both be set");
		return 0;
	case LB_LIMIT_CPU_IDLE:
		/* An idle cgroup has the smallest weight whatever cpu.weight says, and the
		 * kernel refuses a new weight while it is idle. */
		if (lim->cpu_idle && (lim->cpu_weight || lim->cpu_shares))
			return lb_error_usage(err,
					      "cannot be set together with %s: an idle cgroup "
					      "has the smallest CPU weight whatever its weight "
					      "says",
					      lim->cpu_weight ? "cpu-weight" : "cpu-shares");
		return 0;
	case LB_LIMIT_COUNT:
	default:
		return 0;
	}
}

int lb_limits_check(const struct lb_limits *lim, unsigned ncpus, enum lb_limit *which,
		    lb_error *err)
{
	const bool set[LB_LIMIT_COUNT] = {
	    [LB_LIMIT_MEMORY] = lim->memory != 0,
	    [LB_LIMIT_MEMORY_SWAP] = lim->memory_swap != 0,
	    [LB_LIMIT_CPUS] = lim->cpus != 0,
	    [LB_LIMIT_CPU_SHARES] = lim->cpu_shares != 0,
	    [LB_LIMIT_PIDS] = lim->pids != 0,
	    [LB_LIMIT_CPU_WEIGHT] = lim->cpu_weight != 0,
	    [LB_LIMIT_CPU_PERIOD] = lim->cpu_period != 0,
	    [LB_LIMIT_CPU_QUOTA] = lim->cpu_quota != 0,
	    [LB_LIMIT_CPU_IDLE] = lim->cpu_idle,
	};

	for (int l = 0; l < LB_LIMIT_COUNT; l++) {
		if (set[l] && lb_limit_check(lim, (enum lb_limit)l, ncpus, err) < 0) {
			if (which)
				*which = (enum lb_limit)l;
			return -1;
		}
	}
	return 0;
}

/* Walk a kernel CPU list ("0-1,4\n"): how many CPUs it holds, and (has) whether cpu is one. */
static unsigned long cpulist_walk(const char *list, unsigned long cpu, bool *has)
{
	const char *p = list;
	unsigned long n = 0;

	*has = false;
	while (isdigit((unsigned char)*p)) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;

		p = end;
		if (*p == '-' && isdigit((unsigned char)p[1])) {
			b = strtoul(p + 1, &end, 10);
			p = end;
		}
		if (b >= a)
			n += b - a + 1;
		if (cpu >= a && cpu <= b)
			*has = true;
		if (*p != ',')
			break;
		p++;
	}
	return n;
}

unsigned lb_cpulist_count(const char *list)
{
	bool has;
	unsigned long n = cpulist_walk(list, ULONG_MAX, &has);

	return n > UINT32_MAX ? 0 : (unsigned)n;
}

bool lb_cpulist_has(const char *list, unsigned long cpu)
{
	bool has;

	cpulist_walk(list, cpu, &has);
	return has;
}

unsigned lb_online_cpus(void)
{
	_cleanup_free_ char *online = NULL;
	lb_error ignored = {0};
	long n;

	/* The kernel's list, as the scenario checks read it (musl's sysconf counts the
	 * affinity mask instead). */
	if (lb_read_file("/sys/devices/system/cpu/online", &online, NULL, &ignored) == 0) {
		unsigned c = lb_cpulist_count(online);
		if (c)
			return c;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 && n <= UINT32_MAX ? (unsigned)n : 0;
}
