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
	case LB_LIMIT_IO:
		return exec_flag ? "--device-write-bps" : "io";
	case LB_LIMIT_BLKIO_WEIGHT:
		return exec_flag ? "--blkio-weight" : "blkio-weight";
	case LB_LIMIT_MEMORY_HIGH:
		return exec_flag ? "--memory-high" : "memory-high";
	case LB_LIMIT_MEMORY_LOW:
		return exec_flag ? "--memory-low" : "memory-low";
	case LB_LIMIT_MEMORY_MIN:
		return exec_flag ? "--memory-min" : "memory-min";
	case LB_LIMIT_MEMORY_RESERVATION:
		return exec_flag ? "--memory-reservation" : "memory-reservation";
	case LB_LIMIT_SWAP:
		return exec_flag ? "--swap" : "swap";
	case LB_LIMIT_OOM_GROUP:
		return exec_flag ? "--oom-group" : "oom-group";
	case LB_LIMIT_OOM_SCORE_ADJ:
		return exec_flag ? "--oom-score-adj" : "oom-score-adj";
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

/*
 * The io entries: a device, something to limit, weights in docker's range (10..1000; v2's
 * io.weight gets runc's conversion, see convert.c) and I/O rates the kernel keeps (v1 and
 * v2 hold iops in 32 bits: a larger number would be cut or refused).  Rates are positive
 * by construction (0 is "not set"; docker: "Number must be a positive integer").
 */
static int io_check(const struct lb_limits *lim, lb_error *err)
{
	if (lim->n_io > LB_IO_MAX_DEVICES)
		return lb_error_usage(err, "at most %d devices (not %zu)", LB_IO_MAX_DEVICES,
				      lim->n_io);
	for (size_t i = 0; i < lim->n_io; i++) {
		const struct lb_io_limit *e = &lim->io[i];
		const char *d = e->device ? e->device : "";
		if (!e->device || e->device[0] != '/')
			return lb_error_usage(err, "%s is not an absolute path", d);
		if (!e->rbps && !e->wbps && !e->riops && !e->wiops && !e->weight)
			return lb_error_usage(err,
					      "%s: nothing to limit (give read-bps, write-bps, "
					      "read-iops, write-iops or weight)",
					      d);
		if (e->weight &&
		    (e->weight < LB_BLKIO_WEIGHT_MIN || e->weight > LB_BLKIO_WEIGHT_MAX))
			return lb_error_usage(err,
					      "%s: Range of blkio weight is from %d to %d (not "
					      "%" PRIu64 ")",
					      d, LB_BLKIO_WEIGHT_MIN, LB_BLKIO_WEIGHT_MAX,
					      e->weight);
		if (e->riops > UINT32_MAX || e->wiops > UINT32_MAX)
			return lb_error_usage(err, "%s: at most %" PRIu32 " I/Os per second", d,
					      UINT32_MAX);
		if (e->rbps == LB_SIZE_MAX || e->wbps == LB_SIZE_MAX)
			return lb_error_usage(err, "%s: a rate must be a number (not max)", d);
		for (size_t j = 0; j < i; j++)
			if (e->dev_ok && lim->io[j].dev_ok && lim->io[j].major == e->major &&
			    lim->io[j].minor == e->minor)
				return lb_error_usage(err,
						      "%s and %s are the same disk (%u:%u): give "
						      "its limits in one entry",
						      lim->io[j].device, d, e->major, e->minor);
	}
	return 0;
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
						   "plus swap; swap alone is swap)");
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
	case LB_LIMIT_IO:
		return io_check(lim, err);
	case LB_LIMIT_BLKIO_WEIGHT:
		if (lim->blkio_weight < LB_BLKIO_WEIGHT_MIN ||
		    lim->blkio_weight > LB_BLKIO_WEIGHT_MAX)
			return lb_error_usage(
			    err, "Range of blkio weight is from %d to %d (not %" PRIu64 ")",
			    LB_BLKIO_WEIGHT_MIN, LB_BLKIO_WEIGHT_MAX, lim->blkio_weight);
		return 0;
	case LB_LIMIT_MEMORY_HIGH:
		/* Not docker's (it has no memory.high), but its floor for the same reason: a
		 * workload throttled to a few pages does not run, and is not even killed. */
		if (lim->memory_high != LB_SIZE_MAX && lim->memory_high < LB_MEMORY_MIN)
			return lb_error_usage(
			    err, "Minimum memory-high allowed is 6MB (not %s)",
			    lb_format_size(a, sizeof(a), (double)lim->memory_high));
		return 0;
	case LB_LIMIT_MEMORY_LOW:
	case LB_LIMIT_MEMORY_MIN:
		/* Protection: any size is a valid one (the kernel clamps it to what the parent
		 * has); nothing to refuse. */
		return 0;
	case LB_LIMIT_MEMORY_RESERVATION:
		/* docker's daemon checks, in its words */
		if (lim->memory_low)
			return lb_error_usage(err, "give either memory-low or memory-reservation, "
						   "not both (both are memory.low on cgroup v2)");
		if (lim->memory_reservation == LB_SIZE_MAX)
			return 0;
		if (lim->memory_reservation < LB_MEMORY_MIN)
			return lb_error_usage(
			    err, "Minimum memory reservation allowed is 6MB (not %s)",
			    lb_format_size(a, sizeof(a), (double)lim->memory_reservation));
		if (lim->memory && lim->memory != LB_SIZE_MAX &&
		    lim->memory < lim->memory_reservation)
			return lb_error_usage(
			    err,
			    "Minimum memory limit can not be less than memory reservation limit "
			    "(%s is less than %s)",
			    lb_format_size(a, sizeof(a), (double)lim->memory),
			    lb_format_size(b, sizeof(b), (double)lim->memory_reservation));
		return 0;
	case LB_LIMIT_SWAP:
		/* swap alone, beside docker's memory-swap: one way to say it at a time */
		if (lim->memory_swap)
			return lb_error_usage(err, "give either swap (swap alone) or memory-swap "
						   "(memory plus swap, docker's), not both");
		return 0;
	case LB_LIMIT_OOM_GROUP:
		return 0;
	case LB_LIMIT_OOM_SCORE_ADJ:
		if (lim->oom_score_adj < LB_OOM_SCORE_ADJ_MIN ||
		    lim->oom_score_adj > LB_OOM_SCORE_ADJ_MAX)
			return lb_error_usage(
			    err, "Invalid value %d, range for oom score adj is [%d, %d]",
			    lim->oom_score_adj, LB_OOM_SCORE_ADJ_MIN, LB_OOM_SCORE_ADJ_MAX);
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

bool lb_limit_is_set(const struct lb_limits *lim, enum lb_limit which)
{
	switch (which) {
	case LB_LIMIT_MEMORY:
		return lim->memory != 0;
	case LB_LIMIT_MEMORY_SWAP:
		return lim->memory_swap != 0;
	case LB_LIMIT_CPUS:
		return lim->cpus != 0;
	case LB_LIMIT_CPU_SHARES:
		return lim->cpu_shares != 0;
	case LB_LIMIT_PIDS:
		return lim->pids != 0;
	case LB_LIMIT_IO:
		return lim->n_io != 0;
	case LB_LIMIT_BLKIO_WEIGHT:
		return lim->blkio_weight != 0;
	case LB_LIMIT_MEMORY_HIGH:
		return lim->memory_high != 0;
	case LB_LIMIT_MEMORY_LOW:
		return lim->memory_low != 0;
	case LB_LIMIT_MEMORY_MIN:
		return lim->memory_min != 0;
	case LB_LIMIT_MEMORY_RESERVATION:
		return lim->memory_reservation != 0;
	case LB_LIMIT_SWAP:
		return lim->swap_set;
	case LB_LIMIT_OOM_GROUP:
		return lim->oom_group != 0;
	case LB_LIMIT_OOM_SCORE_ADJ:
		return lim->oom_score_adj_set;
	case LB_LIMIT_CPU_WEIGHT:
		return lim->cpu_weight != 0;
	case LB_LIMIT_CPU_PERIOD:
		return lim->cpu_period != 0;
	case LB_LIMIT_CPU_QUOTA:
		return lim->cpu_quota != 0;
	case LB_LIMIT_CPU_IDLE:
		return lim->cpu_idle;
	case LB_LIMIT_COUNT:
	default:
		return false;
	}
}

const char *lb_limit_v1_refusal(const struct lb_limits *lim, enum lb_limit which)
{
	switch (which) {
	case LB_LIMIT_MEMORY_HIGH:
		return lim->memory_high ? "cgroup v1 has no memory.high (a v2 file): this machine "
					  "uses v1"
					: NULL;
	case LB_LIMIT_MEMORY_LOW:
		return lim->memory_low ? "cgroup v1 has no memory.low (a v2 file): this machine "
					 "uses v1"
				       : NULL;
	case LB_LIMIT_MEMORY_MIN:
		return lim->memory_min ? "cgroup v1 has no memory.min (a v2 file): this machine "
					 "uses v1"
				       : NULL;
	case LB_LIMIT_OOM_GROUP:
		/* false is what v1 does anyway */
		return lim->oom_group > 0
			   ? "cgroup v1 has no memory.oom.group (a v2 file): this machine uses "
			     "v1"
			   : NULL;
	case LB_LIMIT_SWAP:
		/* v1 limits memory+swap: swap alone is memsw - memory, which needs memory */
		if (lim->swap_set && (!lim->memory || lim->memory == LB_SIZE_MAX) &&
		    lim->swap != LB_SIZE_MAX)
			return "cgroup v1 cannot limit swap alone: memory.memsw.limit_in_bytes is "
			       "memory plus swap, so swap needs a memory limit on v1 (v2's "
			       "memory.swap.max limits swap alone)";
		return NULL;
	case LB_LIMIT_MEMORY:
	case LB_LIMIT_MEMORY_SWAP:
	case LB_LIMIT_CPUS:
	case LB_LIMIT_CPU_SHARES:
	case LB_LIMIT_PIDS:
	case LB_LIMIT_IO:
	case LB_LIMIT_BLKIO_WEIGHT:
	case LB_LIMIT_MEMORY_RESERVATION:
	case LB_LIMIT_OOM_SCORE_ADJ:
	case LB_LIMIT_CPU_WEIGHT:
	case LB_LIMIT_CPU_PERIOD:
	case LB_LIMIT_CPU_QUOTA:
	case LB_LIMIT_CPU_IDLE:
	case LB_LIMIT_COUNT:
	default:
		return NULL;
	}
}

int lb_limits_check(const struct lb_limits *lim, unsigned ncpus, enum lb_limit *which,
		    lb_error *err)
{
	for (int l = 0; l < LB_LIMIT_COUNT; l++) {
		if (lb_limit_is_set(lim, (enum lb_limit)l) &&
		    lb_limit_check(lim, (enum lb_limit)l, ncpus, err) < 0) {
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
