/* SPDX-License-Identifier: MIT */
/*
 * Every v1 <-> v2 file name and unit conversion, in one place (as LTP's tst_cgroup.c keeps
 * them): the table below, the limit writes and the shares -> weight map.
 */
#include "cgroup/internal.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/units.h"

#define US	      1000ull /* a microsecond in ns */
#define CPU_PERIOD_US 100000ull

struct lb_cg_map {
	struct lb_cg_file v1, v2;
};

#define M  LB_CTRL_MEMORY
#define IO LB_CTRL_IO
static const struct lb_cg_map table[LB_CGI_COUNT] = {
    [LB_CGI_MEM_LIMIT] = {{M, "memory.limit_in_bytes", NULL, 1}, {M, "memory.max", NULL, 1}},
    /* v1 limits memory+swap, v2 swap alone: lb_cg_limit_writes() converts. */
    [LB_CGI_MEMSW_LIMIT] = {{M, "memory.memsw.limit_in_bytes", NULL, 1},
			    {M, "memory.swap.max", NULL, 1}},
    [LB_CGI_CPU_PERIOD] = {{LB_CTRL_CPU, "cpu.cfs_period_us", NULL, 1},
			   {LB_CTRL_CPU, NULL, NULL, 1}},
    [LB_CGI_CPU_QUOTA] = {{LB_CTRL_CPU, "cpu.cfs_quota_us", NULL, 1},
			  {LB_CTRL_CPU, "cpu.max", NULL, 1}},
    [LB_CGI_CPU_WEIGHT] = {{LB_CTRL_CPU, "cpu.shares", NULL, 1},
			   {LB_CTRL_CPU, "cpu.weight", NULL, 1}},
    [LB_CGI_CPUSET_CPUS] = {{LB_CTRL_CPUSET, "cpuset.cpus", NULL, 1},
			    {LB_CTRL_CPUSET, "cpuset.cpus", NULL, 1}},
    [LB_CGI_CPUSET_MEMS] = {{LB_CTRL_CPUSET, "cpuset.mems", NULL, 1},
			    {LB_CTRL_CPUSET, "cpuset.mems", NULL, 1}},
    [LB_CGI_CPUSET_EFFECTIVE] = {{LB_CTRL_CPUSET, "cpuset.effective_cpus", NULL, 1},
				 {LB_CTRL_CPUSET, "cpuset.cpus.effective", NULL, 1}},
    [LB_CGI_PIDS_MAX] = {{LB_CTRL_PIDS, "pids.max", NULL, 1}, {LB_CTRL_PIDS, "pids.max", NULL, 1}},
    [LB_CGI_MEM_USAGE] = {{M, "memory.usage_in_bytes", NULL, 1}, {M, "memory.current", NULL, 1}},
    [LB_CGI_MEMSW_USAGE] = {{M, "memory.memsw.usage_in_bytes", NULL, 1},
			    {M, "memory.swap.current", NULL, 1}},
    /* v2's cpu.stat is a core file: there even without the cpu controller. */
    [LB_CGI_CPU_USAGE] = {{LB_CTRL_CPUACCT, "cpuacct.usage", NULL, 1},
			  {LB_CTRL_CPUACCT, "cpu.stat", "usage_usec", US}},
    [LB_CGI_CPU_USER] = {{LB_CTRL_CPUACCT, "cpuacct.usage_user", NULL, 1},
			 {LB_CTRL_CPUACCT, "cpu.stat", "user_usec", US}},
    [LB_CGI_CPU_SYSTEM] = {{LB_CTRL_CPUACCT, "cpuacct.usage_sys", NULL, 1},
			   {LB_CTRL_CPUACCT, "cpu.stat", "system_usec", US}},
    [LB_CGI_PIDS_CURRENT] = {{LB_CTRL_PIDS, "pids.current", NULL, 1},
			     {LB_CTRL_PIDS, "pids.current", NULL, 1}},
    [LB_CGI_MEM_PEAK] = {{M, "memory.max_usage_in_bytes", NULL, 1}, {M, "memory.peak", NULL, 1}},
    [LB_CGI_OOM_KILLS] = {{M, "memory.oom_control", "oom_kill", 1},
			  {M, "memory.events", "oom_kill", 1}},
    [LB_CGI_MEM_MAX_HITS] = {{M, "memory.failcnt", NULL, 1}, {M, "memory.events", "max", 1}},
    /* v2 charges swap to a counter of its own: memory.events max counts every memory.max hit. */
    [LB_CGI_MEMSW_MAX_HITS] = {{M, "memory.memsw.failcnt", NULL, 1}, {M, NULL, NULL, 1}},
    [LB_CGI_MEMSW_PEAK] = {{M, "memory.memsw.max_usage_in_bytes", NULL, 1}, {M, NULL, NULL, 1}},
    [LB_CGI_THROTTLED_TIME] = {{LB_CTRL_CPU, "cpu.stat", "throttled_time", 1},
			       {LB_CTRL_CPU, "cpu.stat", "throttled_usec", US}},
    [LB_CGI_NR_THROTTLED] = {{LB_CTRL_CPU, "cpu.stat", "nr_throttled", 1},
			     {LB_CTRL_CPU, "cpu.stat", "nr_throttled", 1}},
    /* pids.peak is new (v2 first); where a v1 kernel has it, use it too. */
    [LB_CGI_PIDS_PEAK] = {{LB_CTRL_PIDS, "pids.peak", NULL, 1},
			  {LB_CTRL_PIDS, "pids.peak", NULL, 1}},
    [LB_CGI_PIDS_DENIED] = {{LB_CTRL_PIDS, "pids.events", "max", 1},
			    {LB_CTRL_PIDS, "pids.events", "max", 1}},
    [LB_CGI_EVENTS] = {{M, "memory.oom_control", NULL, 1}, {M, "memory.events", NULL, 1}},
    /* i11-io */
    [LB_CGI_IO_RBPS] = {{IO, "blkio.throttle.read_bps_device", NULL, 1}, {IO, NULL, NULL, 1}},
    [LB_CGI_IO_WBPS] = {{IO, "blkio.throttle.write_bps_device", NULL, 1}, {IO, NULL, NULL, 1}},
    [LB_CGI_IO_RIOPS] = {{IO, "blkio.throttle.read_iops_device", NULL, 1}, {IO, NULL, NULL, 1}},
    [LB_CGI_IO_WIOPS] = {{IO, "blkio.throttle.write_iops_device", NULL, 1}, {IO, NULL, NULL, 1}},
    [LB_CGI_IO_MAX] = {{IO, NULL, NULL, 1}, {IO, "io.max", NULL, 1}},
    /* CFQ had blkio.weight on v1; BFQ names its files blkio.bfq.weight / io.bfq.weight,
     * which are not used: io.weight is blk-iocost's (effective where io.cost.qos enables
     * it). */
    [LB_CGI_IO_WEIGHT] = {{IO, "blkio.weight", NULL, 1}, {IO, "io.weight", NULL, 1}},
    [LB_CGI_IO_WEIGHT_DEVICE] = {{IO, "blkio.weight_device", NULL, 1}, {IO, "io.weight", NULL, 1}},
    /* The throttle's counters: v1's blkio.io_service_bytes went with CFQ (kernel 5.0). */
    [LB_CGI_IO_BYTES] = {{IO, "blkio.throttle.io_service_bytes_recursive", NULL, 1},
			 {IO, "io.stat", NULL, 1}},
    [LB_CGI_IO_IOS] = {{IO, "blkio.throttle.io_serviced_recursive", NULL, 1},
		       {IO, "io.stat", NULL, 1}},
    /* The memory knobs v1 does not have (lb_limit_v1_refusal() says so before a write). */
    [LB_CGI_MEM_HIGH] = {{M, NULL, NULL, 1}, {M, "memory.high", NULL, 1}},
    [LB_CGI_MEM_LOW] = {{M, NULL, NULL, 1}, {M, "memory.low", NULL, 1}},
    [LB_CGI_MEM_MIN] = {{M, NULL, NULL, 1}, {M, "memory.min", NULL, 1}},
    /* docker's --memory-reservation: the v1 soft limit, on v2 best-effort protection */
    [LB_CGI_MEM_SOFT] = {{M, "memory.soft_limit_in_bytes", NULL, 1}, {M, "memory.low", NULL, 1}},
    [LB_CGI_SWAP_MAX] = {{M, NULL, NULL, 1}, {M, "memory.swap.max", NULL, 1}},
    [LB_CGI_OOM_GROUP] = {{M, NULL, NULL, 1}, {M, "memory.oom.group", NULL, 1}},
    /* v1's only OOM count besides oom_kill is its eventfd notification, which the kernel
     * sends only when the OOM lock was free: not a count of OOMs (see stat.c). */
    [LB_CGI_MEM_HIGH_EVENTS] = {{M, NULL, NULL, 1}, {M, "memory.events", "high", 1}},
    [LB_CGI_MEM_LOW_EVENTS] = {{M, NULL, NULL, 1}, {M, "memory.events", "low", 1}},
    [LB_CGI_OOM_EVENTS] = {{M, NULL, NULL, 1}, {M, "memory.events", "oom", 1}},
    /* CPU knobs, memory.stat and pressure (issue 11) */
    [LB_CGI_CPU_IDLE] = {{LB_CTRL_CPU, "cpu.idle", NULL, 1}, {LB_CTRL_CPU, "cpu.idle", NULL, 1}},
    /* v1's rss/cache/shmem are v2's anon/file/shmem: lb_cg_parse_memstat() reads either. */
    [LB_CGI_MEM_STAT] = {{M, "memory.stat", NULL, 1}, {M, "memory.stat", NULL, 1}},
    /* Pressure files are v2 core files (there without the controller); v1 has none. */
    [LB_CGI_PSI_CPU] = {{LB_CTRL_CPUACCT, NULL, NULL, 1},
			{LB_CTRL_CPUACCT, "cpu.pressure", NULL, 1}},
    [LB_CGI_PSI_MEM] = {{M, NULL, NULL, 1}, {LB_CTRL_CPUACCT, "memory.pressure", NULL, 1}},
    [LB_CGI_PSI_IO] = {{M, NULL, NULL, 1}, {LB_CTRL_CPUACCT, "io.pressure", NULL, 1}},
};
#undef M
#undef IO

const struct lb_cg_file *lb_cg_file_of(enum lb_cg_item item, bool v2)
{
	return v2 ? &table[item].v2 : &table[item].v1;
}

const char *lb_ctrl_name(enum lb_ctrl c)
{
	static const char *const names[LB_CTRL_COUNT] = {
	    [LB_CTRL_MEMORY] = "memory", [LB_CTRL_CPU] = "cpu",	  [LB_CTRL_CPUACCT] = "cpuacct",
	    [LB_CTRL_CPUSET] = "cpuset", [LB_CTRL_PIDS] = "pids", [LB_CTRL_FREEZER] = "freezer",
	    [LB_CTRL_IO] = "io",
	};
	return (unsigned)c < LB_CTRL_COUNT ? names[c] : "?";
}

const char *lb_ctrl_v1_name(enum lb_ctrl c)
{
	return c == LB_CTRL_IO ? "blkio" : lb_ctrl_name(c);
}

uint64_t lb_cg_blkio_weight_to_io_weight(uint64_t w)
{
	if (w <= 10)
		return 1;
	if (w >= 1000)
		return 10000;
	return 1 + (w - 10) * 9999 / 990;
}

/* The next line of buf after *line, NULL at the end. */
static const char *next_line(const char *line)
{
	const char *nl = strchr(line, '\n');
	return nl && nl[1] ? nl + 1 : NULL;
}

int lb_cg_parse_io_stat(const char *buf, struct lb_io_counts *out)
{
	memset(out, 0, sizeof(*out));
	for (const char *line = *buf ? buf : NULL; line; line = next_line(line)) {
		size_t len = strcspn(line, "\n");
		unsigned maj, min;
		int off = 0;
		if (len == 0)
			continue;
		if (sscanf(line, "%u:%u%n", &maj, &min, &off) != 2 || off <= 0)
			return -1;
		/* "key=value" fields; ones this code does not know (dbytes, dios, the
		 * cost.* and latency fields of some controllers) are skipped */
		const char *p = line + off;
		while (p < line + len) {
			while (*p == ' ')
				p++;
			if (p >= line + len)
				break;
			size_t flen = strcspn(p, " \n");
			const char *eq = memchr(p, '=', flen);
			if (!eq)
				return -1;
			char *end;
			errno = 0;
			unsigned long long v = strtoull(eq + 1, &end, 10);
			size_t klen = (size_t)(eq - p);
			bool num = !errno && end == p + flen && end != eq + 1;
			uint64_t *dst = NULL;
			if (klen == 6 && !memcmp(p, "rbytes", 6))
				dst = &out->rbytes;
			else if (klen == 6 && !memcmp(p, "wbytes", 6))
				dst = &out->wbytes;
			else if (klen == 4 && !memcmp(p, "rios", 4))
				dst = &out->rios;
			else if (klen == 4 && !memcmp(p, "wios", 4))
				dst = &out->wios;
			if (dst) {
				if (!num)
					return -1;
				*dst += v;
			}
			p += flen;
		}
	}
	return 0;
}

int lb_cg_parse_blkio_rw(const char *buf, uint64_t *read, uint64_t *write)
{
	*read = *write = 0;
	for (const char *line = *buf ? buf : NULL; line; line = next_line(line)) {
		unsigned maj, min;
		char op[16];
		unsigned long long v;
		if (line[0] == '\n' || !strncmp(line, "Total ", 6))
			continue;
		if (sscanf(line, "%u:%u %15s %llu", &maj, &min, op, &v) != 4)
			return -1;
		if (!strcmp(op, "Read"))
			*read += v;
		else if (!strcmp(op, "Write"))
			*write += v;
	}
	return 0;
}

const char *lb_cg_mode_name(enum lb_cg_mode m)
{
	switch (m) {
	case LB_CG_NONE:
		return "none";
	case LB_CG_V1:
		return "v1";
	case LB_CG_V2:
		return "v2";
	case LB_CG_HYBRID:
		return "hybrid";
	default:
		return "?";
	}
}

/*
 * runc and crun (since 2024) map shares [2, 262144] onto weight [1, 10000] with a quadratic
 * in log2(shares) chosen so that the ends and the defaults meet: 2 -> 1, 1024 -> 100,
 * 262144 -> 10000.  With l = log2(shares): weight = ceil(10^((l^2 + 125 l) / 612 - 7/34)).
 * The old linear map (1 + (shares - 2) * 9999 / 262142) made 1024 shares weight 39.
 */
uint64_t lb_cg_shares_to_weight(uint64_t shares)
{
	if (shares == 0)
		return 0;
	if (shares <= 2)
		return 1;
	if (shares >= 262144)
		return 10000;
	double l = log2((double)shares);
	double e = (l * l + 125.0 * l) / 612.0 - 7.0 / 34.0;
	/* The map is defined on reals: where it meets an integer exactly (1024 -> 100), a
	 * last-bit rounding error of log2/pow must not push ceil() one above. */
	double w = ceil(pow(10.0, e) - 1e-9);
	return w < 1 ? 1 : w > 10000 ? 10000 : (uint64_t)w;
}

/*
 * The inverse: the log2 of the shares is the positive root of l^2 + 125 l - 612 (log10(w) +
 * 7/34) = 0, which is exact at the ends and the default (1 -> 2, 100 -> 1024, 10000 ->
 * 262144).  The map's slope is below 1 everywhere (at most 1/3 weight per share, at 2
 * shares), so every weight has shares that map onto it: from the rounded real inverse, a
 * step or two finds the nearest.
 */
uint64_t lb_cg_weight_to_shares(uint64_t weight)
{
	if (weight == 0)
		return 0;
	if (weight >= 10000)
		return 262144;
	double c = 612.0 * (log10((double)weight) + 7.0 / 34.0);
	double l = (-125.0 + sqrt(125.0 * 125.0 + 4.0 * c)) / 2.0;
	uint64_t s = (uint64_t)llround(exp2(l));

	s = s < 2 ? 2 : s > 262144 ? 262144 : s;
	while (s > 2 && lb_cg_shares_to_weight(s) > weight)
		s--;
	while (s < 262144 && lb_cg_shares_to_weight(s) < weight)
		s++;
	return s;
}

void lb_cg_cpu_bandwidth(const struct lb_limits *lim, uint64_t *quota_us, uint64_t *period_us)
{
	*period_us = lim->cpu_period ? lim->cpu_period : CPU_PERIOD_US;
	if (lim->cpus > 0)
		*quota_us = (uint64_t)llround(lim->cpus * (double)*period_us);
	else if (lim->cpu_quota && lim->cpu_quota != LB_SIZE_MAX)
		*quota_us = lim->cpu_quota;
	else
		*quota_us = 0;
}

void lb_cg_cpus_to_quota(double cpus, uint64_t *quota_us, uint64_t *period_us)
{
	*period_us = CPU_PERIOD_US;
	*quota_us = cpus > 0 ? (uint64_t)llround(cpus * (double)CPU_PERIOD_US) : 0;
}

void lb_cg_cpus_to_cpu_max(double cpus, char *buf, size_t n)
{
	uint64_t q, p;

	lb_cg_cpus_to_quota(cpus, &q, &p);
	if (q == 0)
		snprintf(buf, n, "max %" PRIu64, p);
	else
		snprintf(buf, n, "%" PRIu64 " %" PRIu64, q, p);
}

int lb_cg_parse_cpu_max(const char *buf, double *cores)
{
	char q[32];
	unsigned long long period;
	char *end;

	if (sscanf(buf, "%31s %llu", q, &period) != 2 || period == 0)
		return -1;
	if (strcmp(q, "max") == 0) {
		*cores = 0;
		return 0;
	}
	errno = 0;
	unsigned long long quota = strtoull(q, &end, 10);
	if (errno || *end || q[0] == '-')
		return -1;
	*cores = (double)quota / (double)period;
	return 0;
}

int lb_cg_parse_value(const char *buf, uint64_t scale, uint64_t *out)
{
	char *end;

	while (*buf == ' ' || *buf == '\t')
		buf++;
	if (strncmp(buf, "max", 3) == 0 && (buf[3] == '\0' || buf[3] == '\n')) {
		*out = LB_SIZE_MAX;
		return 0;
	}
	errno = 0;
	long long sv = 0;
	unsigned long long v;
	if (buf[0] == '-') {
		/* v1 says -1 for "no quota" (cpu.cfs_quota_us) */
		sv = strtoll(buf, &end, 10);
		v = 0;
	} else {
		v = strtoull(buf, &end, 10);
	}
	if (errno || end == buf || (*end && *end != '\n' && *end != ' '))
		return -1;
	if (sv < 0) {
		*out = LB_SIZE_MAX;
		return 0;
	}
	/* v1 memory says "unlimited" with PAGE_COUNTER_MAX pages in bytes (0x7ffffffffffff000) */
	if (v >= (1ull << 62)) {
		*out = LB_SIZE_MAX;
		return 0;
	}
	*out = (uint64_t)v * scale;
	return 0;
}

unsigned lb_cg_limits_need(const struct lb_limits *lim)
{
	unsigned need = 0;

	if (lim->memory || lim->memory_swap || lim->memory_high || lim->memory_low ||
	    lim->memory_min || lim->memory_reservation || lim->swap_set || lim->oom_group)
		need |= 1u << LB_CTRL_MEMORY;
	if (lim->cpus > 0 || lim->cpu_shares || lim->cpu_weight || lim->cpu_period ||
	    lim->cpu_quota || lim->cpu_idle)
		need |= 1u << LB_CTRL_CPU;
	if (lim->cpuset)
		need |= 1u << LB_CTRL_CPUSET;
	if (lim->pids)
		need |= 1u << LB_CTRL_PIDS;
	if (lim->n_io || lim->blkio_weight)
		need |= 1u << LB_CTRL_IO;
	return need;
}

static void add_write(struct lb_cg_write *w, size_t *n, enum lb_cg_item item, const char *flag,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void add_write(struct lb_cg_write *w, size_t *n, enum lb_cg_item item, const char *flag,
		      const char *fmt, ...)
{
	va_list ap;

	w[*n].item = item;
	w[*n].flag = flag;
	w[*n].device = NULL;
	va_start(ap, fmt);
	vsnprintf(w[*n].value, sizeof(w[*n].value), fmt, ap);
	va_end(ap);
	(*n)++;
}

static void fmt_bytes(char *buf, size_t n, uint64_t v, bool v2)
{
	if (v == LB_SIZE_MAX)
		snprintf(buf, n, "%s", v2 ? "max" : "-1");
	else
		snprintf(buf, n, "%" PRIu64, v);
}

/* "N" or, where the kernel keeps it unlimited, nothing to write: 0 is "not set". */
static void io_field(char *buf, size_t n, size_t *len, const char *key, uint64_t v)
{
	if (v && *len < n)
		*len += (size_t)snprintf(buf + *len, n - *len, " %s=%" PRIu64, key, v);
}

/*
 * The io limits: v1 one "MAJ:MIN VALUE" line per file and device; v2 one io.max line per
 * device with the keys set (those not given stay as they are: max in a new cgroup), and
 * the weights in io.weight, converted from docker's scale (see
 * lb_cg_blkio_weight_to_io_weight()).
 */
static int io_writes(const struct lb_limits *lim, bool v2, struct lb_cg_write *w, size_t *n,
		     lb_error *err)
{
	if (lim->blkio_weight) {
		if (v2)
			add_write(w, n, LB_CGI_IO_WEIGHT, "blkio-weight", "default %" PRIu64,
				  lb_cg_blkio_weight_to_io_weight(lim->blkio_weight));
		else
			add_write(w, n, LB_CGI_IO_WEIGHT, "blkio-weight", "%" PRIu64,
				  lim->blkio_weight);
	}
	for (size_t i = 0; i < lim->n_io; i++) {
		const struct lb_io_limit *e = &lim->io[i];
		size_t first = *n;
		if (!e->dev_ok)
			return lb_error_usage(err, "io: the device of %s was not resolved",
					      e->device);
		if (v2) {
			char buf[128];
			size_t len = 0;
			io_field(buf, sizeof(buf), &len, "rbps", e->rbps);
			io_field(buf, sizeof(buf), &len, "wbps", e->wbps);
			io_field(buf, sizeof(buf), &len, "riops", e->riops);
			io_field(buf, sizeof(buf), &len, "wiops", e->wiops);
			if (len)
				add_write(w, n, LB_CGI_IO_MAX, "io", "%u:%u%s", e->major, e->minor,
					  buf);
			if (e->weight)
				add_write(w, n, LB_CGI_IO_WEIGHT_DEVICE, "io", "%u:%u %" PRIu64,
					  e->major, e->minor,
					  lb_cg_blkio_weight_to_io_weight(e->weight));
		} else {
			const struct {
				enum lb_cg_item item;
				uint64_t v;
			} f[] = {{LB_CGI_IO_RBPS, e->rbps},
				 {LB_CGI_IO_WBPS, e->wbps},
				 {LB_CGI_IO_RIOPS, e->riops},
				 {LB_CGI_IO_WIOPS, e->wiops},
				 {LB_CGI_IO_WEIGHT_DEVICE, e->weight}};
			for (size_t k = 0; k < LB_ARRAY_SIZE(f); k++)
				if (f[k].v)
					add_write(w, n, f[k].item, "io", "%u:%u %" PRIu64, e->major,
						  e->minor, f[k].v);
		}
		for (size_t k = first; k < *n; k++)
			w[k].device = e->device;
	}
	return 0;
}

int lb_cg_limit_writes(const struct lb_limits *lim, bool v2, struct lb_cg_write *w, size_t *n,
		       lb_error *err)
{
	char buf[32];

	*n = 0;
	/* The same bounds exec and scenarios were checked against: nothing the kernel would
	 * refuse or misread reaches it, whoever calls. */
	enum lb_limit which;
	if (lb_limits_check(lim, 0, &which, err) < 0)
		return lb_error_wrap(err, "%s", lb_limit_name(which, false));
	if (!v2)
		for (int l = 0; l < LB_LIMIT_COUNT; l++) {
			const char *why = lb_limit_v1_refusal(lim, (enum lb_limit)l);
			if (why)
				return lb_error_usage(err, "%s: %s", lb_limit_name(l, false), why);
		}
	uint64_t quota, period;
	lb_cg_cpu_bandwidth(lim, &quota, &period);

	/* The cpuset first: it moves nothing yet, and a bad list fails before the rest. */
	if (lim->cpuset)
		add_write(w, n, LB_CGI_CPUSET_CPUS, "cpuset", "%s", lim->cpuset);
	/* A new cgroup starts unlimited, so memory before memory+swap keeps v1's invariant
	 * memsw >= mem at every step. */
	if (lim->memory) {
		fmt_bytes(buf, sizeof(buf), lim->memory, v2);
		add_write(w, n, LB_CGI_MEM_LIMIT, "memory", "%s", buf);
	}
	if (lim->memory_swap) {
		uint64_t v = lim->memory_swap;
		if (v2 && v != LB_SIZE_MAX)
			v -= lim->memory; /* memory.swap.max is the swap alone */
		fmt_bytes(buf, sizeof(buf), v, v2);
		add_write(w, n, LB_CGI_MEMSW_LIMIT, "memory-swap", "%s", buf);
	}
	if (lim->swap_set) {
		/* swap alone: v2 has its file; v1 limits memory+swap, so it is memory + swap
		 * (lb_limit_v1_refusal() refused swap without a memory limit) */
		uint64_t v = lim->swap;
		if (!v2 && v != LB_SIZE_MAX)
			v = lim->memory + lim->swap < lim->memory ? LB_SIZE_MAX
								  : lim->memory + lim->swap;
		fmt_bytes(buf, sizeof(buf), v, v2);
		add_write(w, n, v2 ? LB_CGI_SWAP_MAX : LB_CGI_MEMSW_LIMIT, "swap", "%s", buf);
	}
	/* memory.high, then the protections: each is independent of memory.max in the
	 * kernel (none is refused for being above another). */
	if (lim->memory_high) {
		fmt_bytes(buf, sizeof(buf), lim->memory_high, true);
		add_write(w, n, LB_CGI_MEM_HIGH, "memory-high", "%s", buf);
	}
	if (lim->memory_low) {
		fmt_bytes(buf, sizeof(buf), lim->memory_low, true);
		add_write(w, n, LB_CGI_MEM_LOW, "memory-low", "%s", buf);
	}
	if (lim->memory_min) {
		fmt_bytes(buf, sizeof(buf), lim->memory_min, true);
		add_write(w, n, LB_CGI_MEM_MIN, "memory-min", "%s", buf);
	}
	if (lim->memory_reservation) {
		fmt_bytes(buf, sizeof(buf), lim->memory_reservation, v2);
		add_write(w, n, LB_CGI_MEM_SOFT, "memory-reservation", "%s", buf);
	}
	if (lim->oom_group && v2)
		add_write(w, n, LB_CGI_OOM_GROUP, "oom-group", "%d", lim->oom_group > 0 ? 1 : 0);
	/* cpus (x cpu-period) or exec's --cpu-quota; a period alone is docker's too (no quota) */
	if (lim->cpus > 0 || lim->cpu_period || lim->cpu_quota) {
		const char *flag = lim->cpus > 0    ? "cpus"
				   : lim->cpu_quota ? "cpu-quota"
						    : "cpu-period";
		if (v2) {
			if (quota)
				add_write(w, n, LB_CGI_CPU_QUOTA, flag, "%" PRIu64 " %" PRIu64,
					  quota, period);
			else
				add_write(w, n, LB_CGI_CPU_QUOTA, flag, "max %" PRIu64, period);
		} else {
			/* the period first: the quota is checked against it */
			add_write(w, n, LB_CGI_CPU_PERIOD, flag, "%" PRIu64, period);
			if (quota)
				add_write(w, n, LB_CGI_CPU_QUOTA, flag, "%" PRIu64, quota);
		}
	}
	if (lim->cpu_shares)
		add_write(w, n, LB_CGI_CPU_WEIGHT, "cpu-shares", "%" PRIu64,
			  v2 ? lb_cg_shares_to_weight(lim->cpu_shares) : lim->cpu_shares);
	/* v1 has shares only: the inverse of the map above (see lb_cg_weight_to_shares). */
	if (lim->cpu_weight)
		add_write(w, n, LB_CGI_CPU_WEIGHT, "cpu-weight", "%" PRIu64,
			  v2 ? lim->cpu_weight : lb_cg_weight_to_shares(lim->cpu_weight));
	if (lim->cpu_idle)
		add_write(w, n, LB_CGI_CPU_IDLE, "cpu-idle", "1");
	if (lim->pids) {
		if (lim->pids == LB_SIZE_MAX)
			add_write(w, n, LB_CGI_PIDS_MAX, "pids", "max");
		else
			add_write(w, n, LB_CGI_PIDS_MAX, "pids", "%" PRIu64, lim->pids);
	}
	return io_writes(lim, v2, w, n, err);
}
