/* SPDX-License-Identifier: MIT */
#ifndef LB_CGROUP_INTERNAL_H
#define LB_CGROUP_INTERNAL_H

/*
 * What the files of src/cgroup/ share and nobody else sees: the session and cgroup structs,
 * the backend ops table (v1.c, v2.c) and the one table of v1 <-> v2 file names and units
 * (convert.c).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup/cgroup.h"

/*
 * Everything the cgroup layer reads or writes, by meaning.  convert.c maps each to its
 * v1 and v2 file (and key, for flat keyed files) and to the unit conversion, so no other
 * file names a cgroup file by its version-specific name.
 */
enum lb_cg_item {
	LB_CGI_MEM_LIMIT,   /* bytes */
	LB_CGI_MEMSW_LIMIT, /* v1: memory+swap; v2: swap alone (memory.swap.max) */
	LB_CGI_CPU_PERIOD,  /* v1 only: microseconds (v2 keeps it inside cpu.max) */
	LB_CGI_CPU_QUOTA,   /* v1: microseconds; v2: cpu.max "QUOTA PERIOD" */
	LB_CGI_CPU_WEIGHT,  /* v1: cpu.shares; v2: cpu.weight */
	LB_CGI_CPUSET_CPUS,
	LB_CGI_CPUSET_MEMS,
	LB_CGI_CPUSET_EFFECTIVE,
	LB_CGI_PIDS_MAX,
	LB_CGI_MEM_USAGE,   /* bytes */
	LB_CGI_MEMSW_USAGE, /* v1: memory+swap; v2: swap alone */
	LB_CGI_CPU_USAGE,   /* ns */
	LB_CGI_CPU_USER,    /* ns */
	LB_CGI_CPU_SYSTEM,  /* ns */
	LB_CGI_PIDS_CURRENT,
	LB_CGI_MEM_PEAK,
	LB_CGI_OOM_KILLS,
	LB_CGI_MEM_MAX_HITS,
	LB_CGI_MEMSW_MAX_HITS, /* v1 only: memory.memsw.failcnt */
	LB_CGI_MEMSW_PEAK,     /* v1 only: memory.memsw.max_usage_in_bytes */
	LB_CGI_THROTTLED_TIME, /* ns */
	LB_CGI_NR_THROTTLED,
	LB_CGI_PIDS_PEAK,
	LB_CGI_PIDS_DENIED,
	LB_CGI_EVENTS, /* the file whose changes signal OOM/limit events */
	/* i11-io: "MAJ:MIN VALUE" lines on v1, one io.max line per device on v2 */
	LB_CGI_IO_RBPS,		 /* v1 only: blkio.throttle.read_bps_device */
	LB_CGI_IO_WBPS,		 /* v1 only */
	LB_CGI_IO_RIOPS,	 /* v1 only */
	LB_CGI_IO_WIOPS,	 /* v1 only */
	LB_CGI_IO_MAX,		 /* v2 only: io.max "MAJ:MIN rbps=.. wbps=.. riops=.. wiops=.." */
	LB_CGI_IO_WEIGHT,	 /* every device: v1 blkio.weight W; v2 io.weight "default W" */
	LB_CGI_IO_WEIGHT_DEVICE, /* v1 blkio.weight_device, v2 io.weight: "MAJ:MIN W" */
	LB_CGI_IO_BYTES,	 /* v1 io_service_bytes_recursive Read/Write; v2 io.stat */
	LB_CGI_IO_IOS,		 /* v1 io_serviced_recursive Read/Write; v2 io.stat */
	LB_CGI_MEM_HIGH,	 /* v2 only: memory.high */
	LB_CGI_MEM_LOW,		 /* v2 only: memory.low */
	LB_CGI_MEM_MIN,		 /* v2 only: memory.min */
	LB_CGI_MEM_SOFT,  /* memory-reservation: v1 memory.soft_limit_in_bytes, v2 memory.low */
	LB_CGI_SWAP_MAX,  /* v2 only: memory.swap.max, swap alone */
	LB_CGI_OOM_GROUP, /* v2 only: memory.oom.group */
	LB_CGI_MEM_HIGH_EVENTS, /* v2 only: memory.events high */
	LB_CGI_MEM_LOW_EVENTS,	/* v2 only: memory.events low */
	LB_CGI_OOM_EVENTS,	/* v2 only: memory.events oom (the OOM killer invoked) */
	/* CPU knobs, memory.stat and pressure (issue 11) */
	LB_CGI_CPU_IDLE, /* cpu.idle, v1 too where the kernel has it (5.15 on) */
	LB_CGI_MEM_STAT, /* memory.stat, whole (lb_cg_parse_memstat) */
	LB_CGI_PSI_CPU,	 /* v2 only: cpu.pressure (lb_cg_parse_pressure) */
	LB_CGI_PSI_MEM,	 /* v2 only: memory.pressure */
	LB_CGI_PSI_IO,	 /* v2 only: io.pressure */
	LB_CGI_COUNT,
};

/* The controllers the v2 backend enables; with none of them there, v2 is not used. */
#define LB_CG_V2_WANTED                                                                            \
	((1u << LB_CTRL_MEMORY) | (1u << LB_CTRL_CPU) | (1u << LB_CTRL_CPUSET) |                   \
	 (1u << LB_CTRL_PIDS) | (1u << LB_CTRL_IO))

struct lb_cg_file {
	enum lb_ctrl ctrl; /* the hierarchy (v1) / controller it belongs to */
	const char *file;  /* NULL: this cgroup version has no such file */
	const char *key;   /* flat keyed file: the key; NULL: the file is one value */
	uint64_t scale;	   /* multiply what the file says by this to get bytes, ns or a count */
};

/* The file of `item` for the v1 or the v2 backend (file == NULL when it has none). */
const struct lb_cg_file *lb_cg_file_of(enum lb_cg_item item, bool v2);

/* One write of a limit, in the order the kernel needs them (see lb_cg_limit_writes()). */
struct lb_cg_write {
	enum lb_cg_item item;
	char value[128];
	const char *flag;   /* the user's name of the limit, for messages ("--memory") */
	const char *device; /* an io limit's device as the user wrote it, else NULL */
};
#define LB_CG_MAX_WRITES (24 + 5 * LB_IO_MAX_DEVICES + 1)

/* Translate the limits into the writes of one backend.  Fails with LB_ERR_USAGE for limits
 * that no kernel would take (memory-swap below memory, a quota below 1ms...). */
int lb_cg_limit_writes(const struct lb_limits *lim, bool v2, struct lb_cg_write *w, size_t *n,
		       lb_error *err);
/* docker's blkio weight (10..1000) as v2 io.weight (1..10000): runc's linear map,
 * 1 + (w - 10) * 9999 / 990, so 10 -> 1, 500 -> 4950, 1000 -> 10000. */
uint64_t lb_cg_blkio_weight_to_io_weight(uint64_t w);

/* The I/O counters of a cgroup, summed over every device the kernel lists. */
struct lb_io_counts {
	uint64_t rbytes, wbytes, rios, wios;
};
/* v2 io.stat ("MAJ:MIN rbytes=.. wbytes=.. rios=.. wios=.. dbytes=.. dios=..").  -1 if a
 * line is malformed. */
int lb_cg_parse_io_stat(const char *buf, struct lb_io_counts *out);
/* v1 blkio.throttle.io_service_bytes(_recursive) or io_serviced(_recursive): the Read and
 * Write lines ("MAJ:MIN Read N"), summed over devices (the final "Total N" is not a device).
 * -1 if malformed. */
int lb_cg_parse_blkio_rw(const char *buf, uint64_t *read, uint64_t *write);

/* Turn a raw value of a file into the canonical unit: "max" and v1's huge "unlimited"
 * numbers become LB_SIZE_MAX.  -1 if it is not a number. */
int lb_cg_parse_value(const char *buf, uint64_t scale, uint64_t *out);

/* Lift the CPU quota of a subtree (every cgroup in it): dying tasks need CPU to exit, and
 * a fork bomb at its memory limit spends the quota in every period (see lb_cgroup_kill). */
void lb_cg_unthrottle_tree(int dirfd, bool v2);

/* The backend lb_cg_detect() picks for what it found (see mountinfo.c). */
bool lb_cg_choose_v2(const struct lb_cg_hier *h);

/* "a//b/" -> "a/b" (malloc'd); NULL when empty or with "." or ".." components. */
char *lb_cg_clean_parent(const char *parent);

/*
 * The levels of a --cgroup-parent that limitbench made carry this extended attribute
 * (value LB_CG_PARENT_MARK; cgroupfs keeps trusted.* xattrs, v1 and v2): any limitbench, and
 * `cleanup`, may remove such a level once it is empty.  A level without it was there before
 * (the user's, maybe with limits of its own) and is never removed.
 */
/* Sessions are lb-<pid>-<start>-locked (see session.c); lb-<pid>-<start> without the suffix
 * were made by limitbench before 2026-12, which held no lock (see cleanup.c). */
#define LB_CG_SESSION_SUFFIX "-locked"
#define LB_CG_PARENT_XATTR   "trusted.limitbench"
#define LB_CG_PARENT_MARK    "parent"
/*
 * Remove, deepest first, the levels of `parent` under `mount` that are ours: marked (see
 * above) or made by this process (bit d of `made`, for a kernel that keeps no xattr).  Stops
 * at the first level that is not ours or not empty.
 */
void lb_cg_remove_parent(const char *mount, const char *parent, uint64_t made);
/* flock() that retries on EINTR. */
int lb_cg_flock(int fd, int op);

/* Starttime (field 22) from /proc/PID/stat text. */
int lb_cg_parse_stat_starttime(const char *buf, uint64_t *start);
/* Starttime of a live process; -1 with errno ENOENT when it is gone. */
int lb_cg_proc_starttime(pid_t pid, uint64_t *start);

/* One hierarchy the session uses: a v1 mount (maybe with several controllers) or v2. */
struct lb_cg_hdir {
	char *mount;
	unsigned ctrls; /* controllers served by this mount (v1) or enabled for us (v2) */
	int dirfd;	/* the session folder in this hierarchy, flock()ed LOCK_EX while open */
	int parentfd;	/* the folder it is in (the --cgroup-parent), -1 until made */
	uint64_t made;	/* bit d: level d of the parent (0 = top) was made by this process */
};

struct lb_cg_ops;

/*
 * The cgroup a kill works on, as /proc/PID/cgroup names it.  A pid read from cgroup.procs
 * can be reused by another process as soon as its own is reaped (by a reaper outside the
 * cgroup, with `namespaces: []`): a pid is signalled only once it is verified to be a
 * process of this cgroup at that moment (see lb_cg_kill_loop).
 */
struct lb_cg_where {
	const char *ctrl; /* v1: a controller of the hierarchy ("memory"); v2: "" */
	const char *path; /* relative to the hierarchy's root: "/limitbench/lb-1-2-locked/x" */
};
/* Is the process whose /proc/PID/cgroup text is buf in `where`, or below it? */
bool lb_cg_proc_within(const char *buf, const struct lb_cg_where *where);
/* Does buf, read from v1 freezer.state or v2 cgroup.events, say the freeze is complete? */
bool lb_cg_frozen_text(const char *buf);
/* The controller name that identifies hierarchy i of s in /proc/PID/cgroup ("" on v2). */
const char *lb_cg_hier_ctrl(const struct lb_cg_session *s, size_t i);

/* How one cgroup version freezes (v1 freezer.state, v2 cgroup.freeze). */
struct lb_cg_freezer {
	const char *file, *frozen, *thawed;
	const char *state_file; /* where the kernel says the freeze is complete */
	bool frozen_stay;	/* frozen tasks cannot exit, not even of SIGKILL (v1) */
};
extern const struct lb_cg_freezer lb_cg_v1_freezer;
extern const struct lb_cg_freezer lb_cg_v2_freezer;

struct lb_cg_session {
	const struct lb_cg_ops *ops;
	bool v2;
	size_t nhier;
	struct lb_cg_hdir hier[LB_CTRL_COUNT];
	int ctrl_hier[LB_CTRL_COUNT];	  /* index into hier[], -1 if the controller is missing */
	char *parent;			  /* "limitbench" */
	char *rel;			  /* "limitbench/lb-123-456" */
	char *why_missing[LB_CTRL_COUNT]; /* v2: why a controller could not be enabled */
	struct lb_cgroup *cgroups;	  /* the cgroups still alive, to kill at close */
};

struct lb_cgroup {
	struct lb_cg_session *s;
	struct lb_cgroup *next, **pprev;
	char *name;
	char *path;		  /* "/limitbench/lb-1-2/name" */
	int dirfd[LB_CTRL_COUNT]; /* per session hierarchy, -1 where not created */
	int fd[LB_CGI_COUNT];	  /* open sample files, -1 if absent */
	int event_fd;		  /* eventfd (v1) or inotify (v2), -1 until asked */
	bool io_throttled;	  /* it has an io rate limit (v1 counts I/O only then) */
	uint64_t v1_weight;	  /* v1: the cpu-weight converted to cpu.shares, 0 if none */
	bool psi_off;		  /* a pressure file's read failed with EOPNOTSUPP */
	bool psi_no_full[3];	  /* a pressure file (lb_cg_psi) was read without a full line */
	struct lb_cgroup *parent; /* the group it is in, NULL: the session folder */
	bool subtree_on;	  /* v2: controllers enabled below it (it has had children) */
};

/* The backend: what differs between v1 and v2 beyond file names. */
struct lb_cg_ops {
	/* An inner folder (a component of the parent, the session folder) exists now:
	 * v1 copies cpuset.cpus/mems from its parent; v2 enables controllers below it. */
	int (*init_inner)(struct lb_cg_session *s, size_t hier, int parentfd, int dirfd,
			  lb_error *err);
	/* A container's folder exists now (v1: cpuset). */
	int (*init_leaf)(struct lb_cgroup *cg, size_t hier, int parentfd, lb_error *err);
	/* Make the event fd (see lb_cgroup_event_fd()). */
	int (*event_fd)(struct lb_cgroup *cg);
	/* Kill everything in the subtree at dirfd (one hierarchy), which is `where`;
	 * freezer_dirfd: the same folder in v1's freezer hierarchy or -1.  Waits until it is
	 * empty. */
	int (*kill_tree)(int dirfd, int freezer_dirfd, const struct lb_cg_where *where,
			 lb_error *err);
};

extern const struct lb_cg_ops lb_cg_v1_ops;
extern const struct lb_cg_ops lb_cg_v2_ops;

/* Shared by the backends (kill.c). */
int lb_cg_kill_loop(int dirfd, int freeze_dirfd, const struct lb_cg_freezer *fz,
		    const struct lb_cg_where *where, lb_error *err);
/* rmdir dirfd/name and everything below it, retrying while the kernel says EBUSY. */
int lb_cg_rmdir_tree(int dirfd, const char *name, lb_error *err);
/* rmdir name under parentfd if it is empty, without reading it; *dirfd is its open fd, closed
 * and set to -1 when it is gone.  True when gone (or *dirfd was -1: not ours); false on any
 * refusal (EBUSY: processes or sub-cgroups in it). */
bool lb_cg_rmdir_empty(int parentfd, const char *name, int *dirfd);
/* Append the pids listed in every cgroup.procs of the subtree at dirfd. */
void lb_cg_collect_pids(int dirfd, pid_t **pids, size_t *n, size_t *cap);
/* Append the pids of one cgroup.procs text. */
void lb_cg_parse_pids(const char *buf, pid_t **pids, size_t *n, size_t *cap);
/* Sleep a little, longer on later tries (the kernel finishes exits asynchronously). */
void lb_cg_backoff(unsigned attempt);

#endif
