/* SPDX-License-Identifier: MIT */
#ifndef LB_CGROUP_CGROUP_H
#define LB_CGROUP_CGROUP_H

/*
 * cgroups, v1 and v2, behind one interface.
 *
 * lb_cg_detect() finds the hierarchies once (from /proc/self/mountinfo) and picks a
 * backend: v2 when the unified hierarchy has the controllers (pure v2 machines), v1
 * otherwise (v1 and hybrid machines, whose cgroup2 mount has no controllers).  Everything
 * after that goes through struct lb_cgroup, whose backend keeps every v1 <-> v2 file name
 * and unit conversion in one table (see convert.c and the backends v1.c / v2.c).
 *
 * Layout on the machine, the same relative path in every hierarchy used:
 *
 *   <mount>/<parent>/                    --cgroup-parent, default "limitbench"; each
 *                                        level limitbench made is marked (an xattr) and
 *                                        removed by the last limitbench out; a level that
 *                                        was there before is never removed
 *   <mount>/<parent>/lb-<pid>-<start>-locked/   one per limitbench process (the
 *                                        "session"): pid and start time of its owner make
 *                                        the name unique; the owner holds flock(LOCK_EX) on
 *                                        it while it runs, which is how `limitbench
 *                                        cleanup` tells a dead owner (never by /proc/PID)
 *   <mount>/<parent>/lb-<pid>-<start>-locked/<name>/   one per container
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/error.h"

enum lb_ctrl {
	LB_CTRL_MEMORY,
	LB_CTRL_CPU,
	LB_CTRL_CPUACCT, /* v1 only; on v2 cpu.stat is always there */
	LB_CTRL_CPUSET,
	LB_CTRL_PIDS,
	LB_CTRL_FREEZER, /* v1 only; on v2 cgroup.freeze / cgroup.kill are core files */
	LB_CTRL_IO,	 /* v1 "blkio", v2 "io" */
	LB_CTRL_COUNT,
};

/* The controller's v2 name ("io"); lb_ctrl_v1_name() its v1 name where that differs
 * ("blkio"), as mount options and /proc/PID/cgroup say it on v1. */
const char *lb_ctrl_name(enum lb_ctrl c);
const char *lb_ctrl_v1_name(enum lb_ctrl c);

enum lb_cg_mode {
	LB_CG_NONE,   /* no cgroup filesystem mounted */
	LB_CG_V1,     /* only v1 hierarchies */
	LB_CG_V2,     /* only the unified hierarchy */
	LB_CG_HYBRID, /* v1 hierarchies plus a cgroup2 mount (systemd's hybrid) */
};

const char *lb_cg_mode_name(enum lb_cg_mode m); /* "none", "v1", "v2", "hybrid" */

/* What the machine has, as found in mountinfo. */
struct lb_cg_hier {
	enum lb_cg_mode mode;
	char *v1_mount[LB_CTRL_COUNT]; /* mount point of each v1 controller, NULL if absent */
	char *v2_mount;		       /* the cgroup2 mount point, NULL if absent */
	unsigned v2_controllers; /* bitmask (1u << lb_ctrl) of the v2 root's cgroup.controllers */
	bool use_v2;		 /* the backend chosen: true = v2 */
	char **fs_mounts;	 /* every cgroup and cgroup2 mount point, in mountinfo order */
	size_t n_fs_mounts;
};

/* Parse mountinfo text (pure: no I/O).  v2_controllers is left 0. */
int lb_cg_parse_mountinfo(const char *buf, struct lb_cg_hier *out, lb_error *err);
/* Parse a cgroup.controllers line ("cpuset cpu io memory pids") into a bitmask. */
unsigned lb_cg_parse_controllers(const char *buf);
/* Read /proc/self/mountinfo and the v2 root's cgroup.controllers; choose the backend. */
int lb_cg_detect(struct lb_cg_hier *out, lb_error *err);
void lb_cg_hier_free(struct lb_cg_hier *h);
/* Is controller c usable with the chosen backend?  (Mounted on v1, enabled at the v2 root.) */
bool lb_cg_has(const struct lb_cg_hier *h, enum lb_ctrl c);

/* Why controller c is not usable with the chosen backend (written into buf, returned), or
 * NULL when it is.  For `limitbench info` and `requires:`. */
const char *lb_cg_unusable(const struct lb_cg_hier *h, enum lb_ctrl c, char *buf, size_t n);
/* Does the kernel account swap per cgroup (v1 memory.memsw.*, v2 memory.swap.max)?
 * 1 yes, 0 no, -1 cannot tell (v2 with no cgroup below the root that has the memory files). */
int lb_cg_swap_accounting(const struct lb_cg_hier *h);
/* Does the kernel have cpu.idle (Linux 5.15 on, v1 and v2)?  1 yes, 0 no (or no cpu
 * controller), -1 cannot tell (v2 with no cgroup below the root that has the cpu files). */
int lb_cg_has_cpu_idle(const struct lb_cg_hier *h);
/* Why the psi_* series cannot be measured here (v1; PSI off), or NULL when they can. */
const char *lb_cg_psi_unusable(const struct lb_cg_hier *h);

/* Why this machine cannot take an io weight (no weight file: v1 without CFQ, v2 without
 * blk-iocost), written into buf and returned, or NULL when it can or that cannot be told. */
const char *lb_cg_io_weight_unusable(char *buf, size_t n);

/* Parse /proc/PID/cgroup text: the path of `controller` ("" = the v2 "0::" line). */
int lb_cg_parse_proc_cgroup(const char *buf, const char *controller, char **path, lb_error *err);

/*
 * One block device's I/O limits (scenario `io:` entry, exec --device-*-bps...).  The device
 * is what the user wrote: a block device node or a path on a filesystem whose block device
 * is meant; lb_io_resolve() turns it into the whole disk's MAJ:MIN the kernel throttles.
 */
struct lb_io_limit {
	char *device;	       /* as written (owned by the lb_limits' owner) */
	unsigned major, minor; /* resolved; dev_ok false until then */
	bool dev_ok;
	uint64_t rbps, wbps;   /* bytes per second; 0 = not set */
	uint64_t riops, wiops; /* I/Os per second; 0 = not set */
	uint64_t weight;       /* docker's blkio weight 10..1000; 0 = not set */
};
#define LB_IO_MAX_DEVICES   16
#define LB_BLKIO_WEIGHT_MIN 10
#define LB_BLKIO_WEIGHT_MAX 1000

/* The limits a container asks for.  Zero means "not set" for every field. */
struct lb_limits {
	uint64_t memory;      /* bytes; LB_SIZE_MAX = "max" */
	uint64_t memory_swap; /* memory + swap, docker semantics; LB_SIZE_MAX = unlimited */
	double cpus;	      /* CPU quota in cores, period 100ms */
	uint64_t cpu_shares;  /* docker's relative weight, 2..262144 */
	char *cpuset;	      /* CPU list, e.g. "0-1"; NULL = not set (owned by the caller) */
	uint64_t pids;	      /* pids.max; LB_SIZE_MAX = "max" */
	/* i11-io */
	struct lb_io_limit *io; /* per-device I/O limits (owned by the caller), n_io of them */
	size_t n_io;
	uint64_t blkio_weight; /* docker --blkio-weight, every device: 10..1000; 0 = not set */
	/* The memory knobs of issue 11 (v2 first; see lb_limit_v1_refusal() for v1). */
	uint64_t memory_high;	     /* v2 memory.high; LB_SIZE_MAX = "max" */
	uint64_t memory_low;	     /* v2 memory.low; LB_SIZE_MAX = "max" */
	uint64_t memory_min;	     /* v2 memory.min; LB_SIZE_MAX = "max" */
	uint64_t memory_reservation; /* docker: v1 memory.soft_limit_in_bytes, v2 memory.low */
	uint64_t swap;		     /* swap alone (v2 memory.swap.max); LB_SIZE_MAX = "max" */
	bool swap_set;		     /* swap is given (0 is a value: no swap) */
	int oom_group;		     /* v2 memory.oom.group: 0 not set, 1 true, -1 false */
	bool oom_score_adj_set;	     /* oom_score_adj is given: written by the child */
	int oom_score_adj;	     /* -1000..1000, /proc/self/oom_score_adj of the workload */
	/* CPU knobs (issue 11) */
	uint64_t cpu_weight; /* v2 cpu.weight 1..10000; v1 cpu.shares by lb_cg_weight_to_shares */
	uint64_t cpu_period; /* CFS period in microseconds, 1000..1000000 (default 100000) */
	uint64_t cpu_quota;  /* exec --cpu-quota: microseconds, >= 1000; LB_SIZE_MAX = -1 (none) */
	bool cpu_idle;	     /* cpu.idle 1: the scheduler's SCHED_IDLE for the whole cgroup */
};
/*
 * The whole disk (MAJ:MIN) that `path` means for an io limit: a block device node, or the
 * device under the file system `path` is on; a partition means its disk.  LB_ERR_USAGE
 * naming the file system when there is no block device under it (tmpfs, proc, overlay).
 */
int lb_io_resolve(const char *path, unsigned *maj, unsigned *min, lb_error *err);
/* The same from a device number (pure but for reads under sysfs, e.g. "/sys" or a fake tree);
 * `what` names the path in messages; mountinfo (may be NULL) names the file system of an
 * anonymous device (major 0). */
int lb_io_resolve_dev(const char *what, unsigned maj, unsigned min, const char *sysfs,
		      const char *mountinfo, unsigned *out_maj, unsigned *out_min, lb_error *err);
/* Free what lim owns of its io entries (the devices and the array); not the struct. */
void lb_limits_io_free(struct lb_limits *lim);
/* A deep copy of src's io entries into dst (dst->io was not owned). */
void lb_limits_io_copy(struct lb_limits *dst, const struct lb_limits *src);

/*
 * The bounds of the limits, docker's (limits.c), checked in one place for `exec` and scenario
 * files, and again before anything is written to the kernel.
 */
enum lb_limit {
	LB_LIMIT_MEMORY,
	LB_LIMIT_MEMORY_SWAP,
	LB_LIMIT_CPUS,
	LB_LIMIT_CPU_SHARES,
	LB_LIMIT_PIDS,
	LB_LIMIT_IO,	       /* every io entry: rates > 0, weight 10..1000, devices resolved */
	LB_LIMIT_BLKIO_WEIGHT, /* 10..1000 */
	LB_LIMIT_MEMORY_HIGH,
	LB_LIMIT_MEMORY_LOW,
	LB_LIMIT_MEMORY_MIN,
	LB_LIMIT_MEMORY_RESERVATION,
	LB_LIMIT_SWAP,
	LB_LIMIT_OOM_GROUP,
	LB_LIMIT_OOM_SCORE_ADJ,
	/* CPU knobs (issue 11) */
	LB_LIMIT_CPU_WEIGHT,
	LB_LIMIT_CPU_PERIOD,
	LB_LIMIT_CPU_QUOTA,
	LB_LIMIT_CPU_IDLE,
	LB_LIMIT_COUNT,
};
#define LB_MEMORY_MIN	     (6u << 20) /* docker's linuxMinMemory */
#define LB_CPUS_MAX	     1024	/* when the number of CPUs is not known */
#define LB_CPU_SHARES_MIN    2
#define LB_CPU_SHARES_MAX    262144
#define LB_PIDS_MAX	     4194304 /* the kernel's PID_MAX_LIMIT: pids.max takes no more */
#define LB_OOM_SCORE_ADJ_MIN -1000   /* the kernel's OOM_SCORE_ADJ_MIN */
#define LB_OOM_SCORE_ADJ_MAX 1000
#define LB_CPU_WEIGHT_MIN    1
#define LB_CPU_WEIGHT_MAX    10000
#define LB_CPU_PERIOD_MIN    1000 /* docker's: 1ms .. 1s, in microseconds */
#define LB_CPU_PERIOD_MAX    1000000
#define LB_CPU_QUOTA_MIN     1000 /* the kernel's smallest CFS quota, 1ms */
/* The limit's name as a scenario key ("memory") or as exec's flag ("--memory"). */
const char *lb_limit_name(enum lb_limit which, bool exec_flag);
/*
 * Is limit `which` of lim, taken as set whatever its value, within bounds?  memory >= 6M
 * (or max); memory-swap (unless max) needs memory and is at least memory; cpus from 0.01
 * to ncpus, the online CPUs (0 = not known: LB_CPUS_MAX); cpu-shares 2..262144; pids
 * 1..LB_PIDS_MAX or max; cpu-weight 1..10000 and not with cpu-shares (both are the one
 * file cpu.weight | cpu.shares); cpu-period 1000..1000000 us, and with cpus a quota
 * (cpus x period) of at least 1000 us; cpu-quota (exec) at least 1000 us or -1 (LB_SIZE_MAX);
 * cpu-idle always.  Otherwise LB_ERR_USAGE with docker's words, without the limit's
 * name (the caller says it as its user spelled it: lb_limit_name()).
 */
int lb_limit_check(const struct lb_limits *lim, enum lb_limit which, unsigned ncpus, lb_error *err);
/* The same for every limit that is set (non-zero); *which (may be NULL) names the first bad
 * one. */
int lb_limits_check(const struct lb_limits *lim, unsigned ncpus, enum lb_limit *which,
		    lb_error *err);
/* Is limit `which` set in lim (the test lb_limits_check() uses)? */
bool lb_limit_is_set(const struct lb_limits *lim, enum lb_limit which);
/*
 * Why cgroup v1 cannot honour limit `which` of lim (a static string naming cgroup v1 and the
 * v2 file), or NULL when it can: memory-high, memory-low, memory-min and oom-group: true have
 * no v1 file; swap alone needs a memory limit on v1 (memory.memsw.limit_in_bytes is memory
 * plus swap).  For `check`/`run` of scenarios and for `exec`.
 */
const char *lb_limit_v1_refusal(const struct lb_limits *lim, enum lb_limit which);
/* CPUs in a kernel CPU list ("0-3,8"); 0 when it has none. */
unsigned lb_cpulist_count(const char *list);
/* Whether cpu is in a kernel CPU list. */
bool lb_cpulist_has(const char *list, unsigned long cpu);
/* The online CPUs (/sys/devices/system/cpu/online, else sysconf); 0 if not known. */
unsigned lb_online_cpus(void);

/* The limits as the kernel kept them, read back after writing.  LB_SIZE_MAX = unlimited. */
struct lb_cg_applied {
	uint64_t mem_limit;   /* memory.limit_in_bytes | memory.max */
	uint64_t memsw_limit; /* memory.memsw.limit_in_bytes | memory.max + memory.swap.max;
				 0 when the kernel has no swap accounting */
	double cpu_quota;     /* cores; 0 = no quota */
	uint64_t cpu_weight;  /* v2 cpu.weight; on v1 the cpu.shares value */
	char cpuset[256];     /* cpuset.cpus (effective list as kept) */
	uint64_t pids_max;
	/* The memory knobs, as kept (LB_SIZE_MAX = max; 0 where the file is missing, as on v1
	 * for all but soft_limit): */
	uint64_t mem_high;   /* v2 memory.high */
	uint64_t mem_low;    /* v2 memory.low */
	uint64_t mem_min;    /* v2 memory.min */
	uint64_t soft_limit; /* v1 memory.soft_limit_in_bytes (memory-reservation) */
	uint64_t swap_max;   /* v2 memory.swap.max alone, when has_swap_max */
	bool has_swap_max;
	int oom_group; /* v2 memory.oom.group: 1, 0, or -1 where there is no file */
	/* CPU knobs (issue 11) */
	uint64_t cpu_period; /* microseconds: cpu.cfs_period_us | the period of cpu.max */
	int cpu_idle;	     /* cpu.idle: 0 or 1; -1 when the kernel has no such file */
	/* v1 with a cpu-weight asked: the weight that cpu.shares (cpu_weight above) was
	 * converted from, by the inverse of runc's shares -> weight map; 0 otherwise. */
	uint64_t cpu_weight_converted;
};

/* One sample of the cgroup's accounting (pread on files opened at creation). */
enum {
	LB_SAMPLE_MEM = 1 << 0,
	LB_SAMPLE_SWAP = 1 << 1,
	LB_SAMPLE_CPU = 1 << 2,
	LB_SAMPLE_PIDS = 1 << 3,
	LB_SAMPLE_IO = 1 << 4,
};
struct lb_cg_sample {
	unsigned valid;	 /* LB_SAMPLE_* bits of the fields that were read */
	uint64_t mem;	 /* bytes: memory.usage_in_bytes | memory.current */
	uint64_t swap;	 /* bytes: memsw.usage - usage | memory.swap.current */
	uint64_t cpu_ns; /* cumulative CPU time: cpuacct.usage | cpu.stat usage_usec * 1000 */
	uint64_t pids;	 /* pids.current */
	uint64_t io_rbytes, io_wbytes; /* cumulative bytes read/written (see LB_STAT_IO) */
};

/* memory.stat, the figures of the mem_* series (bytes). */
struct lb_cg_memstat {
	unsigned valid; /* bit i: field i (anon, file, sock, shmem) was there */
	uint64_t anon;	/* v2 anon | v1 rss: anonymous memory (and v1's swap cache) */
	uint64_t file;	/* v2 file | v1 cache: page cache, tmpfs and shared memory included */
	uint64_t sock;	/* v2 sock: network buffers; v1 has no such figure */
	uint64_t shmem; /* shmem (both): tmpfs, shared anonymous memory */
};
/* Parse memory.stat text of v1 or v2; -1 when none of the four is there. */
int lb_cg_parse_memstat(const char *buf, bool v2, struct lb_cg_memstat *out);

/* A v2 pressure file (cpu.pressure, memory.pressure, io.pressure): the cumulative stall
 * times of its "some" and "full" lines, in microseconds. */
struct lb_cg_pressure {
	bool has_some, has_full; /* the line was there (full: memory, io; cpu since 5.13) */
	uint64_t some_us, full_us;
};
/* Parse pressure text; -1 when it has no "some" line with a total. */
int lb_cg_parse_pressure(const char *buf, struct lb_cg_pressure *out);

/* The scalar statistics of SPEC section 3, read at the end of a run. */
enum {
	LB_STAT_MEM_PEAK = 1 << 0,
	LB_STAT_OOM_KILLS = 1 << 1,
	LB_STAT_MEM_MAX_HITS = 1 << 2,
	LB_STAT_CPU_TIME = 1 << 3,
	LB_STAT_THROTTLED = 1 << 4,
	LB_STAT_THROTTLED_PERIODS = 1 << 5,
	LB_STAT_PIDS_PEAK = 1 << 6,
	LB_STAT_PIDS_DENIED = 1 << 7,
	LB_STAT_CPU_USER = 1 << 8,
	LB_STAT_CPU_SYSTEM = 1 << 9,
	LB_STAT_CPU_ALL = LB_STAT_CPU_TIME | LB_STAT_CPU_USER | LB_STAT_CPU_SYSTEM,
	LB_STAT_IO = 1 << 10, /* io_rbytes, io_wbytes, io_rios, io_wios */
	LB_STAT_MEM_HIGH_EVENTS = 1 << 10,
	LB_STAT_MEM_LOW_EVENTS = 1 << 11,
	LB_STAT_OOM_EVENTS = 1 << 12,
};
struct lb_cg_stats {
	unsigned valid; /* LB_STAT_* bits of the fields that were read */
	uint64_t mem_peak;
	uint64_t oom_kills;
	uint64_t mem_max_hits;
	uint64_t cpu_ns;
	uint64_t cpu_user_ns, cpu_system_ns;
	uint64_t throttled_ns;
	uint64_t throttled_periods;
	uint64_t pids_peak;
	uint64_t pids_denied;
	/* Why mem_max_hits is not measured (LB_STAT_MEM_MAX_HITS clear), or NULL. */
	const char *mem_max_hits_why;
	/* i11-io: summed over devices (v2 io.stat; v1 the throttle's counters) */
	uint64_t io_rbytes, io_wbytes, io_rios, io_wios;
	const char *io_why;	  /* why they are not measured (LB_STAT_IO clear), or NULL */
	uint64_t mem_high_events; /* v2 memory.events high */
	uint64_t mem_low_events;  /* v2 memory.events low */
	uint64_t oom_events;	  /* v2 memory.events oom */
};

struct lb_cgroup; /* one container's cgroup, in every hierarchy it uses */

/*
 * The per-process session folder under `parent` (see the layout above).  Open it once per
 * limitbench process (a second open under the same parent fails: its folder exists);
 * lb_cg_session_close() kills and removes every cgroup still in it (freeing their
 * struct lb_cgroup: pointers to them are invalid after it), removes the folder, and
 * `parent` too when that became empty.  Opening copes with another limitbench removing
 * `parent` at the same moment.
 */
struct lb_cg_session;
int lb_cg_session_open(const struct lb_cg_hier *h, const char *parent, struct lb_cg_session **out,
		       lb_error *err);
/*
 * The same, in only the v1 hierarchies that serve the controllers in `want` (a bitmask of
 * 1u << lb_ctrl; 0 = all).  Each v1 hierarchy costs a mkdir and an rmdir at every level, a
 * third of a one-off container's start: `exec` asks for what its limits and --stats need.
 * On v2 there is one hierarchy anyway.
 */
int lb_cg_session_open_for(const struct lb_cg_hier *h, const char *parent, unsigned want,
			   struct lb_cg_session **out, lb_error *err);
void lb_cg_session_close(struct lb_cg_session *s); /* kills, removes, frees; NULL is fine */
const char *lb_cg_session_path(const struct lb_cg_session *s); /* "limitbench/lb-123-456" */

/*
 * Create the cgroup `name` in the session, enable what it needs and apply the limits.
 * A limit whose controller is missing is an LB_ERR_ENV error naming the controller.
 * On error nothing is left behind.
 */
int lb_cgroup_create(struct lb_cg_session *s, const char *name, const struct lb_limits *lim,
		     struct lb_cgroup **out, lb_error *err);
/*
 * The same inside `parent` (a group: a cgroup of the session that holds other cgroups and no
 * process; NULL: the session folder), for nested groups:
 *   <session>/<group>/<child group>/<container>
 * On v2, the controllers a child needs are enabled in the parent's cgroup.subtree_control
 * when its first child is made (the no-internal-process rule: a group holds no process); on
 * v1 the child is made in every hierarchy of the session, inside the parent's folder there,
 * and its cpuset.cpus/mems are seeded from the parent's.  A parent must outlive its
 * children: destroying it destroys them first.
 */
int lb_cgroup_create_in(struct lb_cg_session *s, struct lb_cgroup *parent, const char *name,
			const struct lb_limits *lim, struct lb_cgroup **out, lb_error *err);
/* Kill every process in it, remove it from every hierarchy, free it.  NULL is fine. */
int lb_cgroup_destroy(struct lb_cgroup *cg, lb_error *err);
void lb_cgroup_destroyp(struct lb_cgroup **cg); /* for _cleanup_() */

/* Move pid into the cgroup (every hierarchy). */
int lb_cgroup_attach(struct lb_cgroup *cg, pid_t pid, lb_error *err);
/*
 * v1: a new child moves itself in (see lb_cgroup_self_attach()).  The harness opens, before
 * clone, the per-thread `tasks` file of every hierarchy the cgroup is in: *n fds, O_CLOEXEC,
 * owned by the caller.  On v2 *n is 0: clone3(CLONE_INTO_CGROUP) places the child.
 */
int lb_cgroup_self_attach_open(const struct lb_cgroup *cg, int fds[LB_CTRL_COUNT], size_t *n,
			       lb_error *err);
/* In the (single-threaded) child: write "0" to each fd.  Async-signal-safe; 0 or -errno. */
int lb_cgroup_self_attach(const int *fds, size_t n);
/* v2: an O_PATH/O_DIRECTORY fd of the cgroup for clone3(CLONE_INTO_CGROUP); -1 on v1. */
int lb_cgroup_v2_fd(const struct lb_cgroup *cg);
/* The cgroup's path relative to the hierarchy root, e.g. "/limitbench/lb-1-2/hog". */
const char *lb_cgroup_path(const struct lb_cgroup *cg);
bool lb_cgroup_is_v2(const struct lb_cgroup *cg);

int lb_cgroup_applied(struct lb_cgroup *cg, struct lb_cg_applied *out, lb_error *err);
int lb_cgroup_sample(struct lb_cgroup *cg, struct lb_cg_sample *out);
/*
 * The same with flags.  LB_SAMPLE_NO_SWAP_SPACE: lb_cgroup_no_swap_space() was true just
 * before, so the swap counter is 0 and is not read (the field is still valid where the
 * kernel accounts swap per cgroup, as lb_cgroup_sample would make it).
 */
enum {
	LB_SAMPLE_NO_SWAP_SPACE = 1 << 0,
};
int lb_cgroup_sample_flags(struct lb_cgroup *cg, unsigned flags, struct lb_cg_sample *out);
/* True when the system has no swap space at all right now, so that no cgroup has anything
 * in swap (one system call for all cgroups, instead of one swap file read per cgroup). */
bool lb_cgroup_no_swap_space(void);
int lb_cgroup_stats(struct lb_cgroup *cg, struct lb_cg_stats *out, lb_error *err);

/*
 * memory.stat and the pressure files (v2), read from files opened at creation: the figures
 * of the mem_anon, mem_file, mem_sock, mem_shmem and psi_* series.  *why says, for each
 * figure that is not there on this cgroup, why (v1 has no sock figure and no pressure files;
 * PSI off), and stays NULL for the others.
 */
enum lb_cg_psi { LB_PSI_CPU, LB_PSI_MEM, LB_PSI_IO, LB_PSI_COUNT };
struct lb_cg_xsample {
	struct lb_cg_memstat mem;
	bool mem_ok;
	struct lb_cg_pressure psi[LB_PSI_COUNT];
	bool psi_ok[LB_PSI_COUNT];
};
void lb_cgroup_sample_ext(struct lb_cgroup *cg, struct lb_cg_xsample *out);
/* Why figure `field` of memory.stat (0 anon, 1 file, 2 sock, 3 shmem) is not read here. */
const char *lb_cgroup_memstat_why(const struct lb_cgroup *cg, unsigned field);
/* Why pressure `which` (`full`: its full line) is not read here; NULL when it is. */
const char *lb_cgroup_psi_why(const struct lb_cgroup *cg, enum lb_cg_psi which, bool full);
/* Only the CPU times (LB_STAT_CPU_ALL of out): three reads, for the moment a workload execs. */
void lb_cgroup_cpu_stats(struct lb_cgroup *cg, struct lb_cg_stats *out);

/*
 * Why the cgroup's I/O counters cannot be trusted, or NULL when they can.  v2 io.stat counts
 * every bio of the cgroup.  v1's blk-throttle counts a disk's bios, for every cgroup, only once
 * throttling was switched on for that disk (a rate limit set there since boot, by anyone;
 * measured on 6.18: before any rule every counter stayed 0 after 8M of direct I/O; after one,
 * even a cgroup without a rule counts exactly).  So on v1 they are measured for containers
 * with an io rate limit (which switches it on), and cover the disks it limits (and any other
 * disk throttled since boot).
 */
const char *lb_cgroup_io_why(const struct lb_cgroup *cg);

/* The pids in the cgroup and its sub-cgroups (cgroup.procs), malloc'd. */
int lb_cgroup_pids(struct lb_cgroup *cg, pid_t **pids, size_t *n, lb_error *err);
/* An fd that polls readable when the cgroup's OOM/limit events change (v1: eventfd on
 * memory.oom_control; v2: inotify on memory.events), or -1 if not available.  Owned by cg. */
int lb_cgroup_event_fd(struct lb_cgroup *cg);
/* Acknowledge a wake-up of the event fd (drain it). */
void lb_cgroup_event_ack(struct lb_cgroup *cg);

/* Kill every process in the cgroup and wait until it is empty (v2 cgroup.kill where the
 * kernel has it; else freeze where a freezer is, SIGKILL each pid verified to be in the
 * cgroup at that moment, thaw, repeat until empty: see lb_cg_kill_loop in kill.c). */
int lb_cgroup_kill(struct lb_cgroup *cg, lb_error *err);

/*
 * `limitbench cleanup`: remove sessions under `parent` whose owner is gone, killing what is
 * still in them.  Never touches a session whose owner is alive: one whose lock is held, in
 * whatever pid namespace the owner runs (sessions of limitbench versions without the lock,
 * lb-<pid>-<start>, are judged by pid and start time as those versions did; see cleanup.c).
 * Then the levels of `parent` that limitbench made, if empty.  *removed counts sessions.
 */
int lb_cg_cleanup_stale(const struct lb_cg_hier *h, const char *parent, unsigned *removed,
			lb_error *err);

/* Count the sessions under `parent` whose owner is alive and those whose owner is gone (what
 * lb_cg_cleanup_stale() would remove).  A missing parent counts 0 and 0. */
int lb_cg_count_sessions(const struct lb_cg_hier *h, const char *parent, unsigned *live,
			 unsigned *stale, lb_error *err);

/* The controllers a set of limits needs, as a bitmask (1u << lb_ctrl). */
unsigned lb_cg_limits_need(const struct lb_limits *lim);

/* Conversions, in one place (convert.c). */
uint64_t lb_cg_shares_to_weight(uint64_t shares); /* runc/crun's log-quadratic map */
/* cpu-weight 1..10000 -> cpu.shares for v1: the inverse of lb_cg_shares_to_weight (of all the
 * shares that map to that weight, the one nearest the real inverse: 1 -> 2, 100 -> 1024,
 * 10000 -> 262144), so that weight -> shares -> weight gives the weight back. */
uint64_t lb_cg_weight_to_shares(uint64_t weight);
/* The CFS bandwidth of a set of limits in microseconds: the period (cpu-period, else
 * 100000) and the quota (cpus x period, or exec's cpu-quota; 0 = none). */
void lb_cg_cpu_bandwidth(const struct lb_limits *lim, uint64_t *quota_us, uint64_t *period_us);
/* "cpus" cores -> quota and period in microseconds (period 100000). */
void lb_cg_cpus_to_quota(double cpus, uint64_t *quota_us, uint64_t *period_us);
/* Format v2 cpu.max for cores ("max 100000" for 0). */
void lb_cg_cpus_to_cpu_max(double cpus, char *buf, size_t n);
/* Parse v2 cpu.max ("50000 100000" | "max 100000") into cores (0 = no quota). */
int lb_cg_parse_cpu_max(const char *buf, double *cores);

/*
 * How often usage hit its memory limit, from what the kernel counted; -1 with *why when that
 * cannot be told.  v2: memory.events max, exact.  v1: a charge is tried against the
 * memory+swap counter first (with swap accounting) and then against memory's, and a failure
 * counts in the failcnt of the counter that failed, so hits = memory.failcnt +
 * memory.memsw.failcnt.  But recent kernels count failures of the memory counter alone
 * (6.18: memory.memsw.failcnt stays 0): with memory-swap equal to memory every hit is a
 * memory+swap one and nothing moves.  0 hits while the memory+swap peak reached that limit
 * (within one charge batch) or the OOM killer ran is therefore not measured, never 0.
 */
struct lb_cg_hits_in {
	bool v2;
	uint64_t failcnt;	/* memory.failcnt | memory.events max */
	bool has_memsw;		/* v1 with swap accounting: the three below were read */
	uint64_t memsw_failcnt; /* memory.memsw.failcnt */
	uint64_t memsw_limit;	/* memory.memsw.limit_in_bytes */
	uint64_t memsw_peak;	/* memory.memsw.max_usage_in_bytes */
	uint64_t oom_kills;
};
int lb_cg_mem_max_hits(const struct lb_cg_hits_in *in, uint64_t *hits, const char **why);

/* Parse flat keyed files ("key value\n"...: memory.stat, cpu.stat, memory.events,
 * memory.oom_control, pids.events).  Returns 0 and sets *val, or -1 if the key is absent. */
int lb_parse_keyed(const char *buf, const char *key, uint64_t *val);

#endif
