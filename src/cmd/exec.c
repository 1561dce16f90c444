/* SPDX-License-Identifier: MIT */
/*
 * limitbench exec [OPTIONS] [--] CMD [ARG...]: one container, docker run-alike.
 *
 *   parse flags -> block the signals we relay (signalfd) -> cgroup session + cgroup with the
 *   limits -> [pty] -> create the container -> start it -> the supervisor relays signals
 *   (and the pty) until it exits (supervise/foreground.h) -> [--stats] -> destroy the
 *   cgroup -> its exit code.
 *
 * Exit status: the workload's, 128+N when it was killed by signal N, 126/127 when its exec
 * failed, 125 when limitbench itself failed (docker's convention).
 */
#include "cmd/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "container/caps.h"
#include "container/confine.h"
#include "container/container.h"
#include "container/pty.h"
#include "supervise/env.h"
#include "supervise/foreground.h"
#include "supervise/spec.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/oom.h"
#include "util/units.h"

#define EXEC_DEFAULT_HOSTNAME "limitbench"
#define EXEC_DEFAULT_PARENT   "limitbench"
#define EXEC_CGROUP_NAME      "exec"
/*
 * After SIGINT/SIGTERM/SIGHUP/SIGQUIT is forwarded, how long the workload has to exit before
 * everything in its cgroup is SIGKILLed (supervise/foreground.h).  PID 1 of a pid namespace
 * ignores every signal it has no handler for, even from outside (only SIGKILL and SIGSTOP are
 * forced), so a plain `sleep 100` would otherwise never end.  A second such signal kills at
 * once.
 */
#define EXEC_KILL_GRACE_MS ((int)(LB_SUP_KILL_GRACE_NS / 1000000))

struct exec_opts {
	struct lb_limits lim;
	const char *hostname;
	const char *parent;
	bool interactive;
	bool tty;
	bool stats;
	const char *workdir;
	char **env; /* -e KEY=VALUE or KEY, in order (argv's strings) */
	size_t n_env;
	char **cmd;
	const char *rootfs;
	bool read_only;
	bool host_devices; /* --device host */
	char **devices;	   /* --device PATH, in order (argv's strings), NULL-terminated */
	size_t n_devices;
	/* --cap-add, --cap-drop: NULL-terminated lists of argv's strings, and the set they make */
	const char **cap_add, **cap_drop;
	size_t n_cap_add, n_cap_drop;
	bool caps_set;
	uint64_t caps_keep;
};

enum {
	OPT_MEMORY_SWAP = 256,
	OPT_CPUS,
	OPT_CPUSET,
	OPT_PIDS,
	OPT_HOSTNAME,
	OPT_PARENT,
	OPT_STATS,
	OPT_ROOTFS,
	OPT_READ_ONLY,
	OPT_DEVICE,
	OPT_CAP_ADD,
	OPT_CAP_DROP,
	/* i11-io */
	OPT_DEVICE_READ_BPS,
	OPT_DEVICE_WRITE_BPS,
	OPT_DEVICE_READ_IOPS,
	OPT_DEVICE_WRITE_IOPS,
	OPT_BLKIO_WEIGHT,
	OPT_BLKIO_WEIGHT_DEVICE,
	OPT_MEMORY_HIGH,
	OPT_MEMORY_LOW,
	OPT_MEMORY_MIN,
	OPT_MEMORY_RESERVATION,
	OPT_SWAP,
	OPT_OOM_GROUP,
	OPT_OOM_SCORE_ADJ,
	/* CPU knobs (issue 11) */
	OPT_CPU_WEIGHT,
	OPT_CPU_PERIOD,
	OPT_CPU_QUOTA,
	OPT_CPU_IDLE,
};

static const struct option exec_longopts[] = {
    {"memory", required_argument, NULL, 'm'},
    {"memory-swap", required_argument, NULL, OPT_MEMORY_SWAP},
    {"cpus", required_argument, NULL, OPT_CPUS},
    {"cpu-shares", required_argument, NULL, 'c'},
    {"cpuset-cpus", required_argument, NULL, OPT_CPUSET},
    {"pids-limit", required_argument, NULL, OPT_PIDS},
    {"hostname", required_argument, NULL, OPT_HOSTNAME},
    {"cgroup-parent", required_argument, NULL, OPT_PARENT},
    {"interactive", no_argument, NULL, 'i'},
    {"tty", no_argument, NULL, 't'},
    {"stats", no_argument, NULL, OPT_STATS},
    {"rootfs", required_argument, NULL, OPT_ROOTFS},
    {"read-only", no_argument, NULL, OPT_READ_ONLY},
    {"device", required_argument, NULL, OPT_DEVICE},
    {"cap-add", required_argument, NULL, OPT_CAP_ADD},
    {"cap-drop", required_argument, NULL, OPT_CAP_DROP},
    {"memory-high", required_argument, NULL, OPT_MEMORY_HIGH},
    {"memory-low", required_argument, NULL, OPT_MEMORY_LOW},
    {"memory-min", required_argument, NULL, OPT_MEMORY_MIN},
    {"memory-reservation", required_argument, NULL, OPT_MEMORY_RESERVATION},
    {"swap", required_argument, NULL, OPT_SWAP},
    {"oom-group", no_argument, NULL, OPT_OOM_GROUP},
    {"oom-score-adj", required_argument, NULL, OPT_OOM_SCORE_ADJ},
    {"cpu-weight", required_argument, NULL, OPT_CPU_WEIGHT},
    {"cpu-period", required_argument, NULL, OPT_CPU_PERIOD},
    {"cpu-quota", required_argument, NULL, OPT_CPU_QUOTA},
    {"cpu-idle", no_argument, NULL, OPT_CPU_IDLE},
    {"help", no_argument, NULL, 'h'},
    /* i11-io */
    {"device-read-bps", required_argument, NULL, OPT_DEVICE_READ_BPS},
    {"device-write-bps", required_argument, NULL, OPT_DEVICE_WRITE_BPS},
    {"device-read-iops", required_argument, NULL, OPT_DEVICE_READ_IOPS},
    {"device-write-iops", required_argument, NULL, OPT_DEVICE_WRITE_IOPS},
    {"blkio-weight", required_argument, NULL, OPT_BLKIO_WEIGHT},
    {"blkio-weight-device", required_argument, NULL, OPT_BLKIO_WEIGHT_DEVICE},
    {NULL, 0, NULL, 0},
};

static void exec_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: limitbench exec [OPTIONS] [--] CMD [ARG...]\n"
	    "\n"
	    "Run CMD in a container of its own: new pid, mount, uts, ipc and net namespaces\n"
	    "and a cgroup with the limits given (docker run's flag names).  CMD is PID 1 of\n"
	    "its namespace, with docker's default capabilities and no_new_privs.  Options\n"
	    "end at '--' or at the first argument that is not one; the rest is CMD's.\n"
	    "\n"
	    "limits:\n"
	    "  -m, --memory SIZE        memory limit, at least 6M (100m, 1.5G; powers of 1024)\n"
	    "      --memory-swap SIZE   memory + swap limit, at least --memory (needs it);\n"
	    "                           'max' or -1 = unlimited swap\n"
	    "      --cpus DECIMAL       CPU quota in cores (period 100ms), from 0.01 to the\n"
	    "                           number of online CPUs, e.g. 0.5\n"
	    "  -c, --cpu-shares N       relative CPU weight, 2..262144 (v2: cpu.weight as runc)\n"
	    "      --cpuset-cpus LIST   CPUs it may run on, e.g. 0, 0-1, 0,2\n"
	    "      --pids-limit N       most tasks at once, 1..4194304; 'max', 0 or -1 =\n"
	    "                           unlimited\n"
	    "      --device-read-bps PATH:RATE    read rate from a block device (or the one\n"
	    "                           under the file system PATH is on), e.g. /dev/vda:1mb;\n"
	    "                           RATE a positive number, unit kb, mb or gb (per second)\n"
	    "      --device-write-bps PATH:RATE   write rate to it\n"
	    "      --device-read-iops PATH:N      read I/Os per second\n"
	    "      --device-write-iops PATH:N     write I/Os per second\n"
	    "      --blkio-weight N     I/O weight on every device, 10..1000 (v2: io.weight\n"
	    "                           as runc maps it; needs a kernel with weights)\n"
	    "      --blkio-weight-device PATH:N   the same on one device\n"
	    "      --memory-reservation SIZE  soft limit, at least 6M and at most --memory\n"
	    "                           (docker's; v1 memory.soft_limit_in_bytes, v2 memory.low)\n"
	    "      --oom-score-adj N    its OOM score adjustment, -1000..1000 (docker's)\n"
	    "Without a docker name (cgroup v2 only: refused on a v1 machine, exit 125):\n"
	    "      --memory-high SIZE   v2 memory.high: throttle and reclaim above it, no OOM\n"
	    "                           kill (at least 6M, or 'max')\n"
	    "      --memory-low SIZE    v2 memory.low: best-effort protection from reclaim\n"
	    "      --memory-min SIZE    v2 memory.min: hard protection from reclaim\n"
	    "      --swap SIZE          swap alone, v2 memory.swap.max ('max' = unlimited);\n"
	    "                           on v1 only with --memory (memsw = memory + swap); not\n"
	    "                           with --memory-swap\n"
	    "      --oom-group          v2 memory.oom.group: an OOM kill takes every process\n"
	    "      --cpu-period US      CFS period in microseconds, 1000..1000000 (default\n"
	    "                           100000); not with --cpus (docker's rule)\n"
	    "      --cpu-quota US       CFS quota per period in microseconds, at least 1000;\n"
	    "                           -1 = none; not with --cpus (docker's rule)\n"
	    "      --cpu-weight N       v2 cpu.weight, 1..10000 (no docker flag); on v1\n"
	    "                           converted to cpu.shares by the inverse of runc's\n"
	    "                           shares -> weight map (100 -> 1024); not with -c\n"
	    "      --cpu-idle           cpu.idle: runs only on CPU time others leave (no\n"
	    "                           docker flag; Linux 5.15 on, v1 and v2)\n"
	    "A limit out of these bounds (docker's) is refused before anything runs: exit 125.\n"
	    "\n"
	    "container:\n"
	    "      --hostname NAME      its hostname (default %s)\n"
	    "      --cgroup-parent PATH cgroup under which it is created (default %s)\n"
	    "  -i, --interactive        pass stdin through (else stdin is /dev/null)\n"
	    "  -t, --tty                give it a pseudo-terminal (with -i: an interactive shell)\n"
	    "      --stats              at exit, print peak memory, CPU time and OOM kills to "
	    "stderr\n"
	    "  -e, --env KEY[=VALUE]    add to its environment (KEY alone: our value of KEY)\n"
	    "  -w, --workdir DIR        its working directory (default: ours; / with --rootfs)\n"
	    "      --rootfs DIR         pivot_root into DIR: its / (with /proc, /sys, /dev)\n"
	    "      --read-only          its / read-only (DIR's, or the host's), recursively\n"
	    "      --device PATH        add the host's device PATH (under /dev) to its /dev;\n"
	    "                           'host': the host's whole /dev instead of a minimal one\n"
	    "      --cap-add CAP        keep CAP too (docker's names: NET_ADMIN, ALL); repeatable\n"
	    "      --cap-drop CAP       drop CAP from docker's default set (ALL: every one)\n"
	    "  -h, --help               this help\n"
	    "\n"
	    "Confinement as docker's default: /proc/sys and a few more read-only, /proc/kcore\n"
	    "and others masked, /sys read-only, a minimal /dev (null zero full random urandom\n"
	    "tty ptmx pts shm), lo up.  Without --rootfs the host's files are its files, as\n"
	    "root (README: Threat model).\n"
	    "\n"
	    "The environment is a clean one: PATH, HOME=/root, HOSTNAME, TERM, and -e's;\n"
	    "TERM is ours, or xterm with -t, dumb without (the same rule as run's).\n"
	    "SIGINT, SIGTERM, SIGHUP and SIGQUIT are forwarded to CMD; if it has not exited %d ms\n"
	    "later (PID 1 ignores signals it does not handle) everything in the container is\n"
	    "killed and limitbench exits 128+N.  The cgroup is removed on every exit, and the\n"
	    "levels of --cgroup-parent limitbench made (one that was there before is kept).\n"
	    "\n"
	    "exit status: CMD's, 128+N if it was killed by signal N (137: SIGKILL, e.g. the\n"
	    "OOM killer), 126 CMD cannot be run, 127 CMD not found, 125 limitbench failed.\n",
	    EXEC_DEFAULT_HOSTNAME, EXEC_DEFAULT_PARENT, EXEC_KILL_GRACE_MS);
}

/* "max" and docker's -1 both mean unlimited where docker allows it. */
static int parse_size_opt(const char *name, const char *s, bool allow_max, uint64_t *out,
			  lb_error *err)
{
	if (allow_max && !strcmp(s, "-1")) {
		*out = LB_SIZE_MAX;
		return 0;
	}
	if (lb_parse_size(s, allow_max, out, err) < 0)
		return lb_error_wrap(err, "--%s", name);
	return 0;
}

static int parse_cpuset(const char *s, lb_error *err)
{
	if (!*s || strspn(s, "0123456789,-") != strlen(s))
		return lb_error_usage(err, "--cpuset-cpus: '%s' is not a CPU list (like 0-1,3)", s);
	return 0;
}

/*
 * --device-read-bps PATH:RATE and its kin (docker's format and words): the entry for PATH's
 * disk, merged with the flags given before for the same disk.  The device is resolved now,
 * so that a path on tmpfs is refused before anything runs.
 */
static int parse_io_opt(int opt, const char *name, const char *arg, struct lb_limits *lim,
			lb_error *err)
{
	const char *colon = strrchr(arg, ':');
	uint64_t v = 0;
	unsigned maj, min;

	if (!colon || colon == arg || !colon[1])
		return lb_error_usage(err, "--%s: bad format: %s", name, arg);
	_cleanup_free_ char *path = lb_xstrndup(arg, (size_t)(colon - arg));
	const char *num = colon + 1;
	if (path[0] != '/')
		return lb_error_usage(err, "--%s: %s is not an absolute path", name, path);
	if (opt == OPT_DEVICE_READ_BPS || opt == OPT_DEVICE_WRITE_BPS) {
		if (lb_parse_size(num, false, &v, err) < 0 || v == 0)
			return lb_error_usage(
			    err,
			    "--%s: invalid rate for device: %s. The correct "
			    "format is <device-path>:<number>[<unit>]. Number "
			    "must be a positive integer. Unit is optional and can "
			    "be kb, mb, or gb",
			    name, arg);
	} else if (opt == OPT_BLKIO_WEIGHT_DEVICE) {
		if (lb_parse_uint(num, LB_BLKIO_WEIGHT_MIN, LB_BLKIO_WEIGHT_MAX, &v, err) < 0)
			return lb_error_usage(err,
					      "--%s: invalid weight for device: %s (Range of "
					      "blkio weight is from %d to %d)",
					      name, arg, LB_BLKIO_WEIGHT_MIN, LB_BLKIO_WEIGHT_MAX);
	} else if (lb_parse_uint(num, 1, UINT32_MAX, &v, err) < 0) {
		return lb_error_usage(err,
				      "--%s: invalid rate for device: %s. The correct format is "
				      "<device-path>:<number>. Number must be a positive integer",
				      name, arg);
	}
	if (lb_io_resolve(path, &maj, &min, err) < 0)
		return lb_error_wrap(err, "--%s", name);
	size_t i;
	for (i = 0; i < lim->n_io; i++)
		if (lim->io[i].major == maj && lim->io[i].minor == min)
			break;
	if (i == lim->n_io) {
		if (lim->n_io >= LB_IO_MAX_DEVICES)
			return lb_error_usage(err, "--%s: at most %d devices", name,
					      LB_IO_MAX_DEVICES);
		lim->io = lb_xrealloc(lim->io, (lim->n_io + 1) * sizeof(*lim->io));
		lim->io[i] = (struct lb_io_limit){
		    .device = lb_xstrdup(path), .major = maj, .minor = min, .dev_ok = true};
		lim->n_io++;
	}
	struct lb_io_limit *e = &lim->io[i];
	switch (opt) {
	case OPT_DEVICE_READ_BPS:
		e->rbps = v;
		break;
	case OPT_DEVICE_WRITE_BPS:
		e->wbps = v;
		break;
	case OPT_DEVICE_READ_IOPS:
		e->riops = v;
		break;
	case OPT_DEVICE_WRITE_IOPS:
		e->wiops = v;
		break;
	default:
		e->weight = v;
		break;
	}
	return 0;
}

/* Returns 0, 1 for --help, -1 on a usage error. */
static int exec_parse(int argc, char **argv, struct exec_opts *o, lb_error *err)
{
	unsigned given = 0; /* 1u << lb_limit of the limit flags given */
	int ch;

	memset(o, 0, sizeof(*o));
	o->hostname = EXEC_DEFAULT_HOSTNAME;
	o->parent = EXEC_DEFAULT_PARENT;
	opterr = 0;
	optind = 0; /* a full re-initialisation in glibc */
	/* "+": stop at the first non-option, which starts CMD, so CMD's own flags stay its. */
	while ((ch = getopt_long(argc, argv, "+m:c:ithe:w:", exec_longopts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			if (parse_size_opt("memory", optarg, false, &o->lim.memory, err) < 0)
				return -1;
			given |= 1u << LB_LIMIT_MEMORY;
			break;
		case OPT_MEMORY_SWAP:
			if (parse_size_opt("memory-swap", optarg, true, &o->lim.memory_swap, err) <
			    0)
				return -1;
			given |= 1u << LB_LIMIT_MEMORY_SWAP;
			break;
		case OPT_CPUS:
			if (lb_parse_decimal(optarg, &o->lim.cpus, err) < 0)
				return lb_error_wrap(err, "--cpus");
			given |= 1u << LB_LIMIT_CPUS;
			break;
		case 'c':
			if (lb_parse_uint(optarg, 0, UINT64_MAX, &o->lim.cpu_shares, err) < 0)
				return lb_error_wrap(err, "--cpu-shares");
			given |= 1u << LB_LIMIT_CPU_SHARES;
			break;
		case OPT_CPU_WEIGHT:
			if (lb_parse_uint(optarg, 0, UINT64_MAX, &o->lim.cpu_weight, err) < 0)
				return lb_error_wrap(err, "--cpu-weight");
			given |= 1u << LB_LIMIT_CPU_WEIGHT;
			break;
		case OPT_CPU_PERIOD:
			if (lb_parse_uint(optarg, 0, UINT64_MAX, &o->lim.cpu_period, err) < 0)
				return lb_error_wrap(err, "--cpu-period");
			given |= 1u << LB_LIMIT_CPU_PERIOD;
			break;
		case OPT_CPU_QUOTA:
			/* docker: -1 (or 0) is no quota */
			if (!strcmp(optarg, "-1") || !strcmp(optarg, "0"))
				o->lim.cpu_quota = LB_SIZE_MAX;
			else if (lb_parse_uint(optarg, 0, UINT64_MAX, &o->lim.cpu_quota, err) < 0)
				return lb_error_wrap(err, "--cpu-quota");
			given |= 1u << LB_LIMIT_CPU_QUOTA;
			break;
		case OPT_CPU_IDLE:
			o->lim.cpu_idle = true;
			given |= 1u << LB_LIMIT_CPU_IDLE;
			break;
		case OPT_CPUSET:
			if (parse_cpuset(optarg, err) < 0)
				return -1;
			o->lim.cpuset = optarg;
			break;
		case OPT_PIDS:
			/* docker: 0 and -1 both mean unlimited. */
			if (!strcmp(optarg, "max") || !strcmp(optarg, "-1") ||
			    !strcmp(optarg, "0")) {
				o->lim.pids = LB_SIZE_MAX;
			} else if (lb_parse_uint(optarg, 1, UINT64_MAX, &o->lim.pids, err) < 0) {
				return lb_error_wrap(err, "--pids-limit");
			}
			given |= 1u << LB_LIMIT_PIDS;
			break;
		case OPT_MEMORY_HIGH:
		case OPT_MEMORY_LOW:
		case OPT_MEMORY_MIN:
		case OPT_MEMORY_RESERVATION:
		case OPT_SWAP: {
			static const struct {
				int opt;
				enum lb_limit which;
				size_t off;
			} sz[] = {
			    {OPT_MEMORY_HIGH, LB_LIMIT_MEMORY_HIGH,
			     offsetof(struct lb_limits, memory_high)},
			    {OPT_MEMORY_LOW, LB_LIMIT_MEMORY_LOW,
			     offsetof(struct lb_limits, memory_low)},
			    {OPT_MEMORY_MIN, LB_LIMIT_MEMORY_MIN,
			     offsetof(struct lb_limits, memory_min)},
			    {OPT_MEMORY_RESERVATION, LB_LIMIT_MEMORY_RESERVATION,
			     offsetof(struct lb_limits, memory_reservation)},
			    {OPT_SWAP, LB_LIMIT_SWAP, offsetof(struct lb_limits, swap)},
			};
			for (size_t i = 0; i < LB_ARRAY_SIZE(sz); i++) {
				uint64_t v;
				if (sz[i].opt != ch)
					continue;
				/* the leading "--" of the flag's name is parse_size_opt's */
				if (parse_size_opt(lb_limit_name(sz[i].which, true) + 2, optarg,
						   true, &v, err) < 0)
					return -1;
				memcpy((char *)&o->lim + sz[i].off, &v, sizeof(v));
				given |= 1u << sz[i].which;
				if (sz[i].which == LB_LIMIT_SWAP)
					o->lim.swap_set = true;
			}
			break;
		}
		case OPT_OOM_GROUP:
			o->lim.oom_group = 1;
			given |= 1u << LB_LIMIT_OOM_GROUP;
			break;
		case OPT_OOM_SCORE_ADJ: {
			char *end;
			errno = 0;
			long long v = strtoll(optarg, &end, 10);
			if (errno || end == optarg || *end || v < INT_MIN || v > INT_MAX)
				return lb_error_usage(
				    err, "--oom-score-adj: '%s' is not an integer", optarg);
			o->lim.oom_score_adj = (int)v;
			o->lim.oom_score_adj_set = true;
			given |= 1u << LB_LIMIT_OOM_SCORE_ADJ;
			break;
		}
		case OPT_HOSTNAME:
			if (!*optarg || strlen(optarg) > 64)
				return lb_error_usage(err, "--hostname: 1 to 64 characters");
			o->hostname = optarg;
			break;
		case OPT_PARENT:
			if (!*optarg || strstr(optarg, ".."))
				return lb_error_usage(
				    err, "--cgroup-parent: '%s' is not a cgroup path", optarg);
			o->parent = optarg;
			break;
		case 'i':
			o->interactive = true;
			break;
		case 't':
			o->tty = true;
			break;
		case OPT_STATS:
			o->stats = true;
			break;
		case 'e':
			if (!*optarg || *optarg == '=')
				return lb_error_usage(err, "--env: '%s' is not KEY=VALUE", optarg);
			o->env = lb_xrealloc(o->env, (o->n_env + 1) * sizeof(*o->env));
			o->env[o->n_env++] = optarg;
			break;
		case 'w':
			if (!*optarg)
				return lb_error_usage(err, "--workdir: empty");
			o->workdir = optarg;
			break;
		case OPT_ROOTFS:
			if (!*optarg)
				return lb_error_usage(err, "--rootfs: empty");
			o->rootfs = optarg;
			break;
		case OPT_READ_ONLY:
			o->read_only = true;
			break;
		case OPT_DEVICE:
			if (!strcmp(optarg, "host")) {
				o->host_devices = true;
				break;
			}
			if (!lb_is_dev_path(optarg))
				return lb_error_usage(
				    err, "--device: '%s' is not a path under /dev (or 'host')",
				    optarg);
			o->devices =
			    lb_xrealloc(o->devices, (o->n_devices + 2) * sizeof(*o->devices));
			o->devices[o->n_devices++] = optarg;
			o->devices[o->n_devices] = NULL;
			break;
		case OPT_CAP_ADD:
		case OPT_CAP_DROP: {
			bool add = ch == OPT_CAP_ADD;
			const char ***v = add ? &o->cap_add : &o->cap_drop;
			size_t *n = add ? &o->n_cap_add : &o->n_cap_drop;

			*v = lb_xrealloc(*v, (*n + 2) * sizeof(**v));
			(*v)[(*n)++] = optarg;
			(*v)[*n] = NULL;
			o->caps_set = true;
			break;
		}
		case OPT_DEVICE_READ_BPS:
		case OPT_DEVICE_WRITE_BPS:
		case OPT_DEVICE_READ_IOPS:
		case OPT_DEVICE_WRITE_IOPS:
		case OPT_BLKIO_WEIGHT_DEVICE: {
			const char *name = "";
			for (size_t k = 0; exec_longopts[k].name; k++)
				if (exec_longopts[k].val == ch)
					name = exec_longopts[k].name;
			if (parse_io_opt(ch, name, optarg, &o->lim, err) < 0)
				return -1;
			given |= 1u << LB_LIMIT_IO;
			break;
		}
		case OPT_BLKIO_WEIGHT:
			/* docker: 0 disables (no weight written) */
			if (lb_parse_uint(optarg, 0, UINT64_MAX, &o->lim.blkio_weight, err) < 0)
				return lb_error_wrap(err, "--blkio-weight");
			if (o->lim.blkio_weight)
				given |= 1u << LB_LIMIT_BLKIO_WEIGHT;
			break;
		case 'h':
			return 1;
		case ':':
			return lb_error_usage(err, "option '%s' needs a value", argv[optind - 1]);
		case '?':
			if (optopt)
				return lb_error_usage(err, "unknown option '-%c'", optopt);
			return lb_error_usage(err, "unknown option '%s'", argv[optind - 1]);
		default:
			return lb_error_usage(err, "unknown option");
		}
	}
	/* docker's bounds, in one place with the scenarios' (cgroup/limits.c); a flag given
	 * as 0 is checked too (-m 0 is below the minimum, --cpus 0 outside the range) */
	unsigned ncpus = given & (1u << LB_LIMIT_CPUS) ? lb_online_cpus() : 0;
	/* docker's rule (a scenario's cpu-period goes with cpus instead: quota = cpus x
	 * period) */
	if (o->lim.cpus > 0 && (given & (1u << LB_LIMIT_CPU_PERIOD)))
		return lb_error_usage(err, "--cpus: Conflicting options: Nano CPUs and CPU Period "
					   "cannot both be set");
	for (int l = 0; l < LB_LIMIT_COUNT; l++)
		if ((given & (1u << l)) &&
		    lb_limit_check(&o->lim, (enum lb_limit)l, ncpus, err) < 0)
			return lb_error_wrap(err, "%s", lb_limit_name((enum lb_limit)l, true));
	if (o->caps_set) {
		const char *bad;

		if (lb_caps_mask(o->cap_add, o->cap_drop, &o->caps_keep, &bad) < 0)
			return lb_error_usage(err, "--cap-add/--cap-drop: unknown capability '%s'",
					      bad);
	}
	if (optind >= argc)
		return lb_error_usage(err, "no command given (limitbench exec [OPTIONS] -- CMD)");
	o->cmd = argv + optind;
	return 0;
}

/* Everything one exec owns, released in reverse order by exec_cleanup(). */
struct exec_ctx {
	const struct exec_opts *o;
	struct lb_cg_hier hier;
	bool have_hier;
	struct lb_cg_session *session;
	struct lb_cgroup *cg;
	struct lb_container c;
	bool have_c;
	struct lb_pty pty;
	struct lb_tty_state tty;
	int sfd;
	char **envp; /* NULL-terminated, malloc'd strings */
};

static void exec_build_env(struct exec_ctx *x)
{
	extern char **environ;
	const struct exec_opts *o = x->o;

	x->envp = lb_env_build(&(struct lb_env_opts){.hostname = o->hostname,
						     .term = getenv("TERM"),
						     .tty = o->tty,
						     .add = o->env,
						     .n_add = o->n_env,
						     .from = environ});
}

static int fcntl_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -1;
	return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void exec_print_stats(struct exec_ctx *x)
{
	struct lb_cg_stats st;
	lb_error err = {0};
	char b[32];

	if (lb_cgroup_stats(x->cg, &st, &err) < 0) {
		fprintf(stderr, "limitbench: stats: %s\n", err.msg);
		return;
	}
	fprintf(stderr, "limitbench: stats:");
	if (st.valid & LB_STAT_MEM_PEAK)
		fprintf(stderr, " peak memory %s (%llu bytes),",
			lb_format_size(b, sizeof(b), (double)st.mem_peak),
			(unsigned long long)st.mem_peak);
	if (st.valid & LB_STAT_CPU_TIME)
		fprintf(stderr, " cpu time %s,",
			lb_format_duration(b, sizeof(b), (double)st.cpu_ns / 1e9));
	if (st.valid & LB_STAT_OOM_KILLS)
		fprintf(stderr, " oom kills %llu,", (unsigned long long)st.oom_kills);
	fprintf(stderr, " exit code %d\n", lb_container_exit_code(&x->c));
}

static void exec_cleanup(struct exec_ctx *x)
{
	lb_error err = {0};

	lb_tty_restore(&x->tty);
	if (x->have_c)
		lb_container_release(&x->c);
	lb_pty_close(&x->pty);
	if (x->cg && lb_cgroup_destroy(x->cg, &err) < 0)
		fprintf(stderr, "limitbench: %s\n", err.msg);
	x->cg = NULL;
	lb_cg_session_close(x->session);
	x->session = NULL;
	if (x->have_hier)
		lb_cg_hier_free(&x->hier);
	if (x->sfd >= 0)
		close(x->sfd);
	lb_env_free(x->envp);
}

/* The container exec's flags describe, as a scenario would (its strings are argv's, its
 * limits o->lim's: nothing of it is freed). */
static void exec_settings(const struct exec_opts *o, struct lb_scn_ctr *sc)
{
	*sc = (struct lb_scn_ctr){
	    .name = (char *)EXEC_CGROUP_NAME,
	    .argv = o->cmd,
	    .limits = o->lim,
	    .namespaces = LB_NS_ALL,
	    .rootfs = (char *)o->rootfs,
	    .readonly_rootfs = o->read_only,
	    .host_devices = o->host_devices,
	    .devices = o->devices,
	    .caps_set = o->caps_set,
	    .caps_keep = o->caps_keep,
	};
}

static int exec_run(const struct exec_opts *o)
{
	struct exec_ctx x = {.o = o, .sfd = -1, .pty = {-1, -1}};
	lb_error err = {0};
	int code = LB_EXIT_EXEC_FAILED;

	/* Block the signals it relays, so that one arriving at any point from here on is read
	 * from the signalfd (and cleaned up after) instead of killing limitbench halfway. */
	x.sfd = lb_fg_signalfd(&err);
	if (x.sfd < 0)
		goto fail;
	/* An OOM outside the container's limit takes a workload, not us (util/oom.h). */
	if (lb_oom_protect_self(&err) < 0) {
		fprintf(stderr, "limitbench: warning: %s\n", err.msg);
		err = (lb_error){0};
	}
	if (lb_cg_detect(&x.hier, &err) < 0)
		goto fail;
	x.have_hier = true;
	/* The limits only v2 has, refused on v1 in the flags' names before anything is made. */
	if (!x.hier.use_v2)
		for (int l = 0; l < LB_LIMIT_COUNT; l++) {
			const char *why = lb_limit_v1_refusal(&o->lim, (enum lb_limit)l);
			if (why) {
				lb_error_usage(&err, "%s: %s",
					       lb_limit_name((enum lb_limit)l, true), why);
				goto fail;
			}
		}
	/* Only the hierarchies it needs (v1: each costs a mkdir and an rmdir per run): its
	 * limits', memory (to account for everything it starts) and, for --stats, cpuacct.
	 * Not the freezer: CMD is PID 1 of its own pid namespace, and when that dies the kernel
	 * kills every process of the namespace and lets none fork into it any more, so a
	 * fork cannot race the kill. */
	unsigned want = lb_cg_limits_need(&o->lim) | (1u << LB_CTRL_MEMORY);
	if (o->stats)
		want |= 1u << LB_CTRL_CPUACCT;
	if (lb_cg_session_open_for(&x.hier, o->parent, want, &x.session, &err) < 0)
		goto fail;
	if (lb_cgroup_create(x.session, EXEC_CGROUP_NAME, &o->lim, &x.cg, &err) < 0)
		goto fail;
	if (o->tty) {
		int from = isatty(STDIN_FILENO) ? STDIN_FILENO : STDOUT_FILENO;
		if (lb_pty_open(&x.pty, from, &err) < 0)
			goto fail;
	}
	exec_build_env(&x);

	struct lb_scn_ctr settings;
	struct lb_container_spec spec;
	exec_settings(o, &settings);
	lb_sup_container_spec(&settings, o->hostname, x.envp, x.cg, &x.hier, &spec);
	spec.stdin_fd = o->interactive ? STDIN_FILENO : -1;
	spec.tty_fd = o->tty ? x.pty.slave : -1;
	spec.cwd = o->workdir;
	if (lb_container_create(&spec, &x.c, &err) < 0)
		goto fail;
	x.have_c = true;
	if (o->tty) {
		/* Only the container may hold the slave: its last close is how we see EOF. */
		close(x.pty.slave);
		x.pty.slave = -1;
		if (fcntl_nonblock(x.pty.master) < 0) {
			lb_error_sys(&err, "make the pty non-blocking");
			goto fail;
		}
		if (o->interactive && isatty(STDIN_FILENO) &&
		    lb_tty_make_raw(STDIN_FILENO, &x.tty, &err) < 0)
			goto fail;
	}
	/* Interrupted while setting up: do not start what nobody waits for any more. */
	int early = lb_fg_pending_termination(x.sfd);
	if (early) {
		lb_tty_restore(&x.tty);
		code = 128 + early;
		goto out;
	}
	if (lb_container_start(&x.c, &err) < 0) {
		lb_container_reap(&x.c, true);
		code = x.c.exec_code ? x.c.exec_code : LB_EXIT_EXEC_FAILED;
		lb_tty_restore(&x.tty);
		fprintf(stderr, "limitbench: %s\n", err.msg);
		goto out;
	}
	struct lb_fg fg = {
	    .c = &x.c,
	    .cg = x.cg,
	    .signal_fd = x.sfd,
	    .pty_master = o->tty ? x.pty.master : -1,
	    .relay_stdin = o->interactive,
	    .winsize_from = isatty(STDIN_FILENO) ? STDIN_FILENO : STDOUT_FILENO,
	};
	if (lb_fg_wait(&fg, &err) < 0) {
		lb_tty_restore(&x.tty);
		fprintf(stderr, "limitbench: %s\n", err.msg);
		code = LB_EXIT_EXEC_FAILED;
		goto out;
	}
	code = lb_container_exit_code(&x.c);
	if (fg.killed && fg.got_signal)
		code = 128 + fg.got_signal;
	lb_tty_restore(&x.tty);
	if (o->stats)
		exec_print_stats(&x);
	goto out;

fail:
	lb_tty_restore(&x.tty);
	fprintf(stderr, "limitbench: %s\n", err.msg);
	code = LB_EXIT_EXEC_FAILED;
out:
	exec_cleanup(&x);
	return code;
}

/* A closed 0, 1 or 2 would be reused by the next fd we open (the signalfd, a pipe) and the
 * workload would inherit that as its stdio: give it /dev/null instead, as a shell would. */
static void exec_fill_stdio(void)
{
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* The lowest free fd, which is this one: the lower ones are open by now. */
		int n = open("/dev/null", O_RDWR);
		(void)n;
	}
}

int cmd_exec(int argc, char **argv)
{
	struct exec_opts o;
	lb_error err = {0};
	int code;

	exec_fill_stdio();
	int r = exec_parse(argc, argv, &o, &err);
	if (r == 1) {
		exec_usage(stdout);
		code = LB_EXIT_OK;
	} else if (r < 0) {
		fprintf(stderr, "limitbench exec: %s\nSee 'limitbench exec --help'.\n", err.msg);
		code = LB_EXIT_EXEC_FAILED;
	} else if (lb_cmd_need_root(&err) < 0) {
		code = lb_cmd_fail_exec(&err);
	} else {
		code = exec_run(&o);
	}
	free(o.env);
	free(o.devices);
	free(o.cap_add);
	free(o.cap_drop);
	lb_limits_io_free(&o.lim);
	return code;
}
