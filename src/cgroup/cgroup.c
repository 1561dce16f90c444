/* SPDX-License-Identifier: MIT */
/* One container's cgroup: create, limit, read, kill, remove (both backends). */
#include "cgroup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/units.h"

/* The sample files, opened once at creation: the runner reads them every millisecond. */
static const enum lb_cg_item sample_items[] = {
    LB_CGI_MEM_USAGE, LB_CGI_MEMSW_USAGE, LB_CGI_CPU_USAGE, LB_CGI_PIDS_CURRENT, LB_CGI_IO_BYTES,

    /* memory.stat and pressure (issue 11): read less often, see sampler.c */
    LB_CGI_MEM_STAT, LB_CGI_PSI_CPU, LB_CGI_PSI_MEM, LB_CGI_PSI_IO};

static const char *ctrl_hint(const struct lb_cg_session *s, enum lb_ctrl c)
{
	if (s->v2)
		return s->why_missing[c] ? s->why_missing[c]
					 : "enable it in the parent's cgroup.subtree_control";
	return "it is not mounted: mount it, e.g. `mkdir -p /sys/fs/cgroup/X && mount -t cgroup "
	       "-o X cgroup /sys/fs/cgroup/X` with X the controller";
}

static const char *ctrl_needed_for(enum lb_ctrl c)
{
	switch (c) {
	case LB_CTRL_MEMORY:
		return "memory / memory-swap";
	case LB_CTRL_CPU:
		return "cpus / cpu-shares / cpu-weight / cpu-period / cpu-idle";
	case LB_CTRL_CPUSET:
		return "cpuset";
	case LB_CTRL_PIDS:
		return "pids";
	case LB_CTRL_IO:
		return "io / blkio-weight";
	case LB_CTRL_CPUACCT:
	case LB_CTRL_FREEZER:
	case LB_CTRL_COUNT:
	default:
		return "statistics";
	}
}

/* The folder of `item`'s file for this cgroup, -1 when its controller is missing. */
static int item_dirfd(const struct lb_cgroup *cg, const struct lb_cg_file *f)
{
	int h = cg->s->ctrl_hier[f->ctrl];

	return h < 0 ? -1 : cg->dirfd[h];
}

static int read_text(const struct lb_cgroup *cg, enum lb_cg_item item, char *buf, size_t n)
{
	const struct lb_cg_file *f = lb_cg_file_of(item, cg->s->v2);
	int dirfd = f->file ? item_dirfd(cg, f) : -1;

	if (dirfd < 0)
		return -1;
	_cleanup_close_ int fd = openat(dirfd, f->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || lb_pread_all(fd, buf, n) < 0)
		return -1;
	return 0;
}

/* A value in the canonical unit from text read from item's file. */
static int parse_item(const struct lb_cg_file *f, const char *buf, uint64_t *out)
{
	if (f->key) {
		if (lb_parse_keyed(buf, f->key, out) < 0)
			return -1;
		*out *= f->scale;
		return 0;
	}
	return lb_cg_parse_value(buf, f->scale, out);
}

static int read_item(const struct lb_cgroup *cg, enum lb_cg_item item, uint64_t *out)
{
	char buf[4096];

	if (read_text(cg, item, buf, sizeof(buf)) < 0)
		return -1;
	return parse_item(lb_cg_file_of(item, cg->s->v2), buf, out);
}

/* A weight needs a scheduler or policy with weights: without one the kernel has no file. */
static int check_io_weight(struct lb_cg_session *s, const struct lb_limits *lim, lb_error *err)
{
	bool dev = false;

	for (size_t i = 0; i < lim->n_io; i++)
		dev |= lim->io[i].weight != 0;
	if (!dev && !lim->blkio_weight)
		return 0;
	int h = s->ctrl_hier[LB_CTRL_IO];
	const enum lb_cg_item items[] = {LB_CGI_IO_WEIGHT, LB_CGI_IO_WEIGHT_DEVICE};
	for (size_t i = 0; i < LB_ARRAY_SIZE(items); i++) {
		const struct lb_cg_file *f = lb_cg_file_of(items[i], s->v2);
		if ((i == 0 ? lim->blkio_weight != 0 : dev) &&
		    faccessat(s->hier[h].dirfd, f->file, F_OK, 0) < 0)
			return lb_error_env(err,
					    "this kernel has no I/O weights (cgroup %s: %s is "
					    "missing), so a weight cannot be set: %s",
					    s->v2 ? "v2" : "v1", f->file,
					    s->v2 ? "it needs CONFIG_BLK_CGROUP_IOCOST"
						  : "v1 weights went with the CFQ scheduler "
						    "(BFQ's are blkio.bfq.weight, not used here)");
	}
	return 0;
}

static int check_controllers(struct lb_cg_session *s, const struct lb_limits *lim, lb_error *err)
{
	unsigned need = lb_cg_limits_need(lim);

	for (int c = 0; c < LB_CTRL_COUNT; c++)
		if ((need & (1u << c)) && s->ctrl_hier[c] < 0)
			return lb_error_env(err,
					    "the %s controller is not available (needed for "
					    "the %s limit): %s",
					    lb_ctrl_name(c), ctrl_needed_for(c), ctrl_hint(s, c));
	if (lim->memory_swap || lim->swap_set) {
		const struct lb_cg_file *f = lb_cg_file_of(LB_CGI_MEMSW_LIMIT, s->v2);
		int h = s->ctrl_hier[LB_CTRL_MEMORY];
		if (faccessat(s->hier[h].dirfd, f->file, F_OK, 0) < 0)
			return lb_error_env(err,
					    "the kernel has no swap accounting (%s is missing), "
					    "so %s cannot be set: %s",
					    f->file, lim->swap_set ? "swap" : "memory-swap",
					    s->v2 ? "it needs CONFIG_MEMCG_SWAP"
						  : "boot with swapaccount=1");
	}
	return check_io_weight(s, lim, err);
}

static bool good_name(const char *name)
{
	return name && *name && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0;
}

static void limits_io_freep(struct lb_limits *l)
{
	lb_limits_io_free(l);
}

static int apply(struct lb_cgroup *cg, const struct lb_limits *given, lb_error *err)
{
	struct lb_cg_write w[LB_CG_MAX_WRITES];
	size_t n;
	/* The io devices resolved here, where the caller did not (a copy: lim is theirs). */
	__attribute__((cleanup(limits_io_freep))) struct lb_limits own = *given;
	const struct lb_limits *lim = given;

	own.io = NULL;
	own.n_io = 0;
	if (given->n_io) {
		lb_limits_io_copy(&own, given);
		for (size_t i = 0; i < own.n_io; i++)
			if (!own.io[i].dev_ok) {
				if (lb_io_resolve(own.io[i].device, &own.io[i].major,
						  &own.io[i].minor, err) < 0)
					return lb_error_wrap(err, "io");
				own.io[i].dev_ok = true;
			}
		lim = &own;
	}
	if (lb_cg_limit_writes(lim, cg->s->v2, w, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct lb_cg_file *f = lb_cg_file_of(w[i].item, cg->s->v2);
		if (lb_write_file_at(item_dirfd(cg, f), f->file, w[i].value, err) < 0) {
			if (w[i].item == LB_CGI_CPUSET_CPUS &&
			    (err->errnum == EINVAL || err->errnum == ERANGE)) {
				/* EINVAL: not a subset of the parent's; ERANGE: no such CPU */
				_cleanup_free_ char *online = NULL;
				lb_error ignored = {0};
				lb_read_file("/sys/devices/system/cpu/online", &online, NULL,
					     &ignored);
				if (online)
					online[strcspn(online, "\n")] = '\0';
				return lb_error_set(
				    err, LB_ERR_USAGE, 0,
				    "cpuset '%s' refused by the kernel (CPUs online: "
				    "%s)",
				    lim->cpuset, online ? online : "?");
			}
			if (w[i].device)
				return lb_error_wrap(err, "setting the %s limit of %s (%s %s)",
						     w[i].flag, w[i].device, f->file, w[i].value);
			return lb_error_wrap(err, "setting the %s limit", w[i].flag);
		}
	}
	return 0;
}

/* The folder a cgroup's folder is in, in hierarchy i: its group's, or the session's. */
static int parent_dirfd(const struct lb_cgroup *cg, size_t i)
{
	return cg->parent ? cg->parent->dirfd[i] : cg->s->hier[i].dirfd;
}

/* v2: a group passes the controllers its children need down (once, before its first child
 * is made).  It never holds a process, so the no-internal-process rule allows it. */
static int open_subtree(struct lb_cgroup *parent, lb_error *err)
{
	struct lb_cg_session *s = parent->s;

	if (!s->v2 || parent->subtree_on)
		return 0;
	for (size_t i = 0; i < s->nhier; i++)
		if (parent->dirfd[i] >= 0 &&
		    s->ops->init_inner(s, i, parent_dirfd(parent, i), parent->dirfd[i], err) < 0)
			return lb_error_wrap(err, "enabling controllers below %s", parent->path);
	parent->subtree_on = true;
	return 0;
}

int lb_cgroup_create(struct lb_cg_session *s, const char *name, const struct lb_limits *lim,
		     struct lb_cgroup **out, lb_error *err)
{
	return lb_cgroup_create_in(s, NULL, name, lim, out, err);
}

int lb_cgroup_create_in(struct lb_cg_session *s, struct lb_cgroup *parent, const char *name,
			const struct lb_limits *lim, struct lb_cgroup **out, lb_error *err)
{
	static const struct lb_limits none = {0};
	lb_error ignored = {0};

	*out = NULL;
	if (!lim)
		lim = &none;
	if (!good_name(name))
		return lb_error_usage(err, "bad cgroup name '%s'", name ? name : "");
	if (parent && parent->s != s)
		return lb_error_fail(err, "cgroup %s: its parent is of another session", name);
	if (parent && open_subtree(parent, err) < 0)
		return -1;
	if (check_controllers(s, lim, err) < 0)
		return -1;

	struct lb_cgroup *cg = lb_xzalloc(sizeof(*cg));
	cg->s = s;
	cg->parent = parent;
	cg->name = lb_xstrdup(name);
	cg->path = parent ? lb_xasprintf("%s/%s", parent->path, name)
			  : lb_xasprintf("/%s/%s", s->rel, name);
	cg->event_fd = -1;
	for (size_t i = 0; i < LB_ARRAY_SIZE(cg->dirfd); i++)
		cg->dirfd[i] = -1;
	for (size_t i = 0; i < LB_ARRAY_SIZE(cg->fd); i++)
		cg->fd[i] = -1;
	/* linked first, so that the session's close finds it whatever happens below */
	cg->next = s->cgroups;
	if (cg->next)
		cg->next->pprev = &cg->next;
	cg->pprev = &s->cgroups;
	s->cgroups = cg;

	for (size_t i = 0; i < s->nhier; i++) {
		/* dirfd[i] >= 0 marks what we made: destroy removes only that, never a
		 * same-named cgroup that was there before */
		int pfd = parent_dirfd(cg, i);

		if (pfd < 0) /* the parent is not in this hierarchy: neither is the child */
			continue;
		if (mkdirat(pfd, name, 0755) < 0) {
			if (errno == EEXIST)
				lb_error_fail(err, "cgroup %s already exists", cg->path);
			else
				lb_error_sys(err, "mkdir %s%s", s->hier[i].mount, cg->path);
			goto fail;
		}
		cg->dirfd[i] = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg->dirfd[i] < 0) {
			lb_error_sys(err, "open %s%s", s->hier[i].mount, cg->path);
			unlinkat(pfd, name, AT_REMOVEDIR);
			goto fail;
		}
		if (s->ops->init_leaf(cg, i, pfd, err) < 0) {
			lb_error_wrap(err, "%s%s", s->hier[i].mount, cg->path);
			goto fail;
		}
	}
	if (apply(cg, lim, err) < 0)
		goto fail;
	for (size_t i = 0; i < lim->n_io; i++)
		cg->io_throttled |=
		    lim->io[i].rbps || lim->io[i].wbps || lim->io[i].riops || lim->io[i].wiops;
	if (!s->v2)
		cg->v1_weight = lim->cpu_weight;
	for (size_t i = 0; i < LB_ARRAY_SIZE(sample_items); i++) {
		const struct lb_cg_file *f = lb_cg_file_of(sample_items[i], s->v2);
		int dirfd = f->file ? item_dirfd(cg, f) : -1;
		if (dirfd >= 0)
			cg->fd[sample_items[i]] = openat(dirfd, f->file, O_RDONLY | O_CLOEXEC);
	}
	*out = cg;
	return 0;
fail:
	lb_error_wrap(err, "creating cgroup %s", name);
	lb_cgroup_destroy(cg, &ignored);
	return -1;
}

/*
 * The usual end: the workload has exited and was reaped, so its cgroup is empty and rmdir
 * succeeds at once, with no folder to read.  The first refusal (EBUSY: processes or
 * sub-cgroups left, or the kernel not done with the last exit yet) stops this; the caller
 * then kills and removes the subtree.  The freezer's hierarchy goes last, so that it is
 * still there to freeze with should another be busy.
 */
static bool rmdir_if_empty(struct lb_cgroup *cg)
{
	const struct lb_cg_session *s = cg->s;
	int fz = s->v2 ? -1 : s->ctrl_hier[LB_CTRL_FREEZER];

	for (size_t i = 0; i < s->nhier; i++)
		if ((int)i != fz &&
		    !lb_cg_rmdir_empty(parent_dirfd(cg, i), cg->name, &cg->dirfd[i]))
			return false;
	return fz < 0 || lb_cg_rmdir_empty(parent_dirfd(cg, fz), cg->name, &cg->dirfd[fz]);
}

int lb_cgroup_destroy(struct lb_cgroup *cg, lb_error *err)
{
	if (!cg)
		return 0;
	struct lb_cg_session *s = cg->s;
	int ret = 0;

	/* Children first: a folder with sub-folders cannot go, and their structs point here. */
	for (struct lb_cgroup *c = s->cgroups; c;) {
		if (c->parent != cg) {
			c = c->next;
			continue;
		}
		lb_error e = {0};
		if (lb_cgroup_destroy(c, &e) < 0 && ret == 0) {
			*err = e;
			ret = -1;
		}
		c = s->cgroups; /* the list changed: start over */
	}
	if (!rmdir_if_empty(cg)) {
		lb_error e = {0};
		if (lb_cgroup_kill(cg, &e) < 0 && ret == 0) {
			*err = e;
			ret = -1;
		}
	}

	for (size_t i = 0; i < s->nhier; i++) {
		if (cg->dirfd[i] < 0)
			continue; /* not made by us */
		close(cg->dirfd[i]);
		lb_error e = {0};
		if (lb_cg_rmdir_tree(parent_dirfd(cg, i), cg->name, &e) < 0 && ret == 0) {
			*err = e;
			lb_error_wrap(err, "removing %s%s", s->hier[i].mount, cg->path);
			ret = -1;
		}
	}
	for (size_t i = 0; i < LB_ARRAY_SIZE(cg->fd); i++)
		if (cg->fd[i] >= 0)
			close(cg->fd[i]);
	if (cg->event_fd >= 0)
		close(cg->event_fd);
	*cg->pprev = cg->next;
	if (cg->next)
		cg->next->pprev = cg->pprev;
	free(cg->name);
	free(cg->path);
	free(cg);
	return ret;
}

void lb_cgroup_destroyp(struct lb_cgroup **cg)
{
	lb_error ignored = {0};

	if (cg && *cg) {
		lb_cgroup_destroy(*cg, &ignored);
		*cg = NULL;
	}
}

int lb_cgroup_attach(struct lb_cgroup *cg, pid_t pid, lb_error *err)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", (int)pid);
	for (size_t i = 0; i < cg->s->nhier; i++) {
		if (cg->dirfd[i] < 0)
			continue;
		if (lb_write_file_at(cg->dirfd[i], "cgroup.procs", buf, err) < 0)
			return lb_error_wrap(err, "moving pid %d into %s%s", (int)pid,
					     cg->s->hier[i].mount, cg->path);
	}
	return 0;
}

/*
 * Why the child moves itself on v1: writing another process's pid to cgroup.procs takes the
 * global cgroup_threadgroup_rwsem for writing, which waits for an RCU grace period (8-16 ms
 * measured here, more than the rest of a container start).  A thread that moves itself
 * through the per-thread `tasks` file ("0" = the writer) needs no threadgroup stability, and
 * the kernel skips that lock (0.2 ms).  The child is single-threaded, so moving its only
 * thread moves the process; it does so before it execs, so the workload's first
 * instruction already runs in the cgroup.
 */
int lb_cgroup_self_attach_open(const struct lb_cgroup *cg, int fds[LB_CTRL_COUNT], size_t *n,
			       lb_error *err)
{
	*n = 0;
	if (cg->s->v2)
		return 0;
	for (size_t i = 0; i < cg->s->nhier; i++) {
		if (cg->dirfd[i] < 0)
			continue;
		int fd = openat(cg->dirfd[i], "tasks", O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			lb_error_sys(err, "open %s%s/tasks", cg->s->hier[i].mount, cg->path);
			while (*n)
				close(fds[--*n]);
			return -1;
		}
		fds[(*n)++] = fd;
	}
	return 0;
}

int lb_cgroup_self_attach(const int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ssize_t r;
		do
			r = write(fds[i], "0", 1);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return -errno;
	}
	return 0;
}

int lb_cgroup_v2_fd(const struct lb_cgroup *cg)
{
	return cg->s->v2 ? cg->dirfd[0] : -1;
}

const char *lb_cgroup_path(const struct lb_cgroup *cg)
{
	return cg->path;
}

bool lb_cgroup_is_v2(const struct lb_cgroup *cg)
{
	return cg->s->v2;
}

int lb_cgroup_applied(struct lb_cgroup *cg, struct lb_cg_applied *out, lb_error *err)
{
	bool v2 = cg->s->v2;
	char buf[512];
	uint64_t v;

	memset(out, 0, sizeof(*out));
	out->mem_limit = read_item(cg, LB_CGI_MEM_LIMIT, &v) == 0 ? v : LB_SIZE_MAX;
	if (read_item(cg, LB_CGI_MEMSW_LIMIT, &v) == 0) {
		/* v2 keeps swap apart: the docker-style total is memory.max + memory.swap.max */
		if (v2 && v != LB_SIZE_MAX && out->mem_limit != LB_SIZE_MAX)
			v += out->mem_limit;
		else if (v2)
			v = LB_SIZE_MAX;
		out->memsw_limit = v;
	}
	if (v2) {
		if (read_text(cg, LB_CGI_CPU_QUOTA, buf, sizeof(buf)) == 0)
			lb_cg_parse_cpu_max(buf, &out->cpu_quota);
	} else {
		uint64_t q, p;
		if (read_item(cg, LB_CGI_CPU_QUOTA, &q) == 0 && q != LB_SIZE_MAX &&
		    read_item(cg, LB_CGI_CPU_PERIOD, &p) == 0 && p)
			out->cpu_quota = (double)q / (double)p;
	}
	if (read_item(cg, LB_CGI_CPU_WEIGHT, &v) == 0)
		out->cpu_weight = v;
	out->cpu_weight_converted = cg->v1_weight;
	if (v2) {
		char q[32];
		unsigned long long p;
		if (read_text(cg, LB_CGI_CPU_QUOTA, buf, sizeof(buf)) == 0 &&
		    sscanf(buf, "%31s %llu", q, &p) == 2)
			out->cpu_period = p;
	} else if (read_item(cg, LB_CGI_CPU_PERIOD, &v) == 0) {
		out->cpu_period = v;
	}
	out->cpu_idle = read_item(cg, LB_CGI_CPU_IDLE, &v) == 0 ? (int)(v != 0) : -1;
	if (read_text(cg, LB_CGI_CPUSET_EFFECTIVE, buf, sizeof(buf)) == 0 ||
	    read_text(cg, LB_CGI_CPUSET_CPUS, buf, sizeof(buf)) == 0) {
		size_t len = strcspn(buf, "\n");
		if (len >= sizeof(out->cpuset))
			len = sizeof(out->cpuset) - 1;
		memcpy(out->cpuset, buf, len);
		out->cpuset[len] = '\0';
	}
	out->pids_max = read_item(cg, LB_CGI_PIDS_MAX, &v) == 0 ? v : LB_SIZE_MAX;
	/* the memory knobs: 0 where this cgroup version has no such file */
	if (read_item(cg, LB_CGI_MEM_HIGH, &v) == 0)
		out->mem_high = v;
	if (read_item(cg, LB_CGI_MEM_LOW, &v) == 0)
		out->mem_low = v;
	if (read_item(cg, LB_CGI_MEM_MIN, &v) == 0)
		out->mem_min = v;
	if (!v2 && read_item(cg, LB_CGI_MEM_SOFT, &v) == 0)
		out->soft_limit = v;
	if (v2 && read_item(cg, LB_CGI_SWAP_MAX, &v) == 0) {
		out->swap_max = v;
		out->has_swap_max = true;
	}
	out->oom_group = read_item(cg, LB_CGI_OOM_GROUP, &v) == 0 ? (v != 0) : -1;
	(void)err;
	return 0;
}

static int sample_one(struct lb_cgroup *cg, enum lb_cg_item item, uint64_t *v)
{
	char buf[1024];

	if (cg->fd[item] < 0 || lb_pread_all(cg->fd[item], buf, sizeof(buf)) < 0)
		return -1;
	return parse_item(lb_cg_file_of(item, cg->s->v2), buf, v);
}

/*
 * No swap space (sysinfo's totalswap 0) means that no cgroup has a page in swap: swap
 * entries live only on swap areas, a swapoff leaves total_swap_pages at once but the kernel
 * adds an area being swapped off back into totalswap for as long as it holds pages in use
 * (si_swapinfo's nr_to_be_unused), and an entry is uncharged from its cgroup before it
 * stops counting as in use.  A swapon right after this call makes swap usable from then on
 * only: 0 is each cgroup's swap at the time of the call, which precedes the sample's other
 * reads by microseconds (they are not simultaneous with each other either).
 */
bool lb_cgroup_no_swap_space(void)
{
	struct sysinfo si;

	return sysinfo(&si) == 0 && si.totalswap == 0;
}

/* Bytes read and written, from the open fd of LB_CGI_IO_BYTES (-1: not open). */
static int read_io_bytes(const struct lb_cgroup *cg, int fd, uint64_t *r, uint64_t *w)
{
	char buf[8192];
	ssize_t len = fd < 0 ? -1 : lb_pread_all(fd, buf, sizeof(buf));

	if (len < 0 || (size_t)len + 1 >= sizeof(buf))
		return -1;
	if (cg->s->v2) {
		struct lb_io_counts c;
		if (lb_cg_parse_io_stat(buf, &c) < 0)
			return -1;
		*r = c.rbytes;
		*w = c.wbytes;
		return 0;
	}
	return lb_cg_parse_blkio_rw(buf, r, w);
}

const char *lb_cgroup_io_why(const struct lb_cgroup *cg)
{
	if (cg->s->ctrl_hier[LB_CTRL_IO] < 0)
		return cg->s->v2 ? "the io controller is not enabled for limitbench's cgroups"
				 : "the blkio controller is not mounted";
	if (cg->fd[LB_CGI_IO_BYTES] < 0)
		return cg->s->v2 ? "io.stat is missing"
				 : "blkio.throttle.io_service_bytes is missing";
	if (!cg->s->v2 && !cg->io_throttled)
		return "cgroup v1's blkio counts I/O only on disks where throttling was switched "
		       "on (a rate limit set there since boot, by any cgroup), and this container "
		       "has no io rate limit (read-bps, write-bps, read-iops or write-iops): its "
		       "count cannot be told from 0";
	return NULL;
}

int lb_cgroup_sample(struct lb_cgroup *cg, struct lb_cg_sample *out)
{
	return lb_cgroup_sample_flags(cg, 0, out);
}

int lb_cgroup_sample_flags(struct lb_cgroup *cg, unsigned flags, struct lb_cg_sample *out)
{
	uint64_t v;

	memset(out, 0, sizeof(*out));
	if (sample_one(cg, LB_CGI_MEM_USAGE, &out->mem) == 0)
		out->valid |= LB_SAMPLE_MEM;
	if ((flags & LB_SAMPLE_NO_SWAP_SPACE) && cg->fd[LB_CGI_MEMSW_USAGE] >= 0) {
		/* Exactly 0, where the v1 difference memsw - usage of two reads that are not
		 * simultaneous shows a few pages of "swap" while memory is being charged.  The
		 * cgroup's own memory read tells that it is still there. */
		if (out->valid & LB_SAMPLE_MEM)
			out->valid |= LB_SAMPLE_SWAP;
	} else if (sample_one(cg, LB_CGI_MEMSW_USAGE, &v) == 0) {
		if (cg->s->v2) {
			out->swap = v;
			out->valid |= LB_SAMPLE_SWAP;
		} else if (out->valid & LB_SAMPLE_MEM) {
			/* v1 counts memory+swap; the two reads are not atomic, clamp at 0 */
			out->swap = v > out->mem ? v - out->mem : 0;
			out->valid |= LB_SAMPLE_SWAP;
		}
	}
	if (sample_one(cg, LB_CGI_CPU_USAGE, &out->cpu_ns) == 0)
		out->valid |= LB_SAMPLE_CPU;
	if (sample_one(cg, LB_CGI_PIDS_CURRENT, &out->pids) == 0)
		out->valid |= LB_SAMPLE_PIDS;
	if (!lb_cgroup_io_why(cg) &&
	    read_io_bytes(cg, cg->fd[LB_CGI_IO_BYTES], &out->io_rbytes, &out->io_wbytes) == 0)
		out->valid |= LB_SAMPLE_IO;
	return out->valid ? 0 : -1;
}

static const enum lb_cg_item psi_items[LB_PSI_COUNT] = {LB_CGI_PSI_CPU, LB_CGI_PSI_MEM,
							LB_CGI_PSI_IO};

void lb_cgroup_sample_ext(struct lb_cgroup *cg, struct lb_cg_xsample *out)
{
	/* v2's memory.stat is some 2 KiB (6.1), v1's with its total_* lines less */
	char buf[8192];

	memset(out, 0, sizeof(*out));
	if (cg->fd[LB_CGI_MEM_STAT] >= 0 &&
	    lb_pread_all(cg->fd[LB_CGI_MEM_STAT], buf, sizeof(buf)) >= 0)
		out->mem_ok = lb_cg_parse_memstat(buf, cg->s->v2, &out->mem) == 0;
	for (int i = 0; i < LB_PSI_COUNT; i++) {
		int fd = cg->fd[psi_items[i]];

		if (fd < 0)
			continue;
		if (lb_pread_all(fd, buf, sizeof(buf)) < 0) {
			/* EOPNOTSUPP: PSI is off (psi=0, or CONFIG_PSI_DEFAULT_DISABLED) */
			if (errno == EOPNOTSUPP)
				cg->psi_off = true;
			continue;
		}
		out->psi_ok[i] = lb_cg_parse_pressure(buf, &out->psi[i]) == 0;
		if (out->psi_ok[i] && !out->psi[i].has_full)
			cg->psi_no_full[i] = true;
	}
}

const char *lb_cgroup_memstat_why(const struct lb_cgroup *cg, unsigned field)
{
	if (!cg->s->v2 && field == 2)
		return "cgroup v1's memory.stat has no socket memory figure (v1 charges socket "
		       "buffers to memory.kmem.tcp.usage_in_bytes, which is off by default)";
	if (cg->fd[LB_CGI_MEM_STAT] < 0)
		return "memory.stat could not be opened (is the memory controller available?)";
	return NULL;
}

const char *lb_cgroup_psi_why(const struct lb_cgroup *cg, enum lb_cg_psi which, bool full)
{
	if (!cg->s->v2)
		return "cgroup v1 has no pressure files (cpu.pressure, memory.pressure and "
		       "io.pressure are cgroup v2's)";
	/* 6.1 and later hide the files when PSI is off at boot; older kernels fail reads
	 * with EOPNOTSUPP */
	if (cg->fd[psi_items[which]] < 0 || cg->psi_off)
		return "PSI is off in this kernel (no readable pressure files); boot with psi=1";
	if (full && cg->psi_no_full[which])
		return "this kernel's pressure file has no full line here (a cgroup's cpu.pressure "
		       "has it from Linux 5.13)";
	return NULL;
}

static const struct stat_map {
	enum lb_cg_item item;
	unsigned bit;
	size_t off;
} stat_map[] = {
    {LB_CGI_MEM_PEAK, LB_STAT_MEM_PEAK, offsetof(struct lb_cg_stats, mem_peak)},
    {LB_CGI_OOM_KILLS, LB_STAT_OOM_KILLS, offsetof(struct lb_cg_stats, oom_kills)},
    {LB_CGI_MEM_MAX_HITS, LB_STAT_MEM_MAX_HITS, offsetof(struct lb_cg_stats, mem_max_hits)},
    {LB_CGI_CPU_USAGE, LB_STAT_CPU_TIME, offsetof(struct lb_cg_stats, cpu_ns)},
    {LB_CGI_CPU_USER, LB_STAT_CPU_USER, offsetof(struct lb_cg_stats, cpu_user_ns)},
    {LB_CGI_CPU_SYSTEM, LB_STAT_CPU_SYSTEM, offsetof(struct lb_cg_stats, cpu_system_ns)},
    {LB_CGI_THROTTLED_TIME, LB_STAT_THROTTLED, offsetof(struct lb_cg_stats, throttled_ns)},
    {LB_CGI_NR_THROTTLED, LB_STAT_THROTTLED_PERIODS,
     offsetof(struct lb_cg_stats, throttled_periods)},
    {LB_CGI_PIDS_PEAK, LB_STAT_PIDS_PEAK, offsetof(struct lb_cg_stats, pids_peak)},
    {LB_CGI_PIDS_DENIED, LB_STAT_PIDS_DENIED, offsetof(struct lb_cg_stats, pids_denied)},
    {LB_CGI_MEM_HIGH_EVENTS, LB_STAT_MEM_HIGH_EVENTS,
     offsetof(struct lb_cg_stats, mem_high_events)},
    {LB_CGI_MEM_LOW_EVENTS, LB_STAT_MEM_LOW_EVENTS, offsetof(struct lb_cg_stats, mem_low_events)},
    {LB_CGI_OOM_EVENTS, LB_STAT_OOM_EVENTS, offsetof(struct lb_cg_stats, oom_events)},
};

/* Read the statistics of stat_map whose bit is in `want`. */
static void read_stats(struct lb_cgroup *cg, unsigned want, struct lb_cg_stats *out)
{
	for (size_t i = 0; i < LB_ARRAY_SIZE(stat_map); i++) {
		uint64_t v;

		if ((want & stat_map[i].bit) && read_item(cg, stat_map[i].item, &v) == 0) {
			memcpy((char *)out + stat_map[i].off, &v, sizeof(v));
			out->valid |= stat_map[i].bit;
		}
	}
}

void lb_cgroup_cpu_stats(struct lb_cgroup *cg, struct lb_cg_stats *out)
{
	memset(out, 0, sizeof(*out));
	read_stats(cg, LB_STAT_CPU_ALL, out);
}

int lb_cgroup_stats(struct lb_cgroup *cg, struct lb_cg_stats *out, lb_error *err)
{
	memset(out, 0, sizeof(*out));
	read_stats(cg, ~0u, out);
	out->io_why = lb_cgroup_io_why(cg);
	if (!out->io_why) {
		char buf[8192];
		bool ok;
		if (cg->s->v2) {
			struct lb_io_counts c = {0};
			ok = read_text(cg, LB_CGI_IO_BYTES, buf, sizeof(buf)) == 0 &&
			     lb_cg_parse_io_stat(buf, &c) == 0;
			out->io_rbytes = c.rbytes;
			out->io_wbytes = c.wbytes;
			out->io_rios = c.rios;
			out->io_wios = c.wios;
		} else {
			ok = read_text(cg, LB_CGI_IO_BYTES, buf, sizeof(buf)) == 0 &&
			     lb_cg_parse_blkio_rw(buf, &out->io_rbytes, &out->io_wbytes) == 0 &&
			     read_text(cg, LB_CGI_IO_IOS, buf, sizeof(buf)) == 0 &&
			     lb_cg_parse_blkio_rw(buf, &out->io_rios, &out->io_wios) == 0;
		}
		if (ok)
			out->valid |= LB_STAT_IO;
		else
			out->io_why = "the I/O counters could not be read";
	}
	if (out->valid & LB_STAT_MEM_MAX_HITS) {
		struct lb_cg_hits_in in = {
		    .v2 = cg->s->v2, .failcnt = out->mem_max_hits, .oom_kills = out->oom_kills};

		in.has_memsw = !in.v2 &&
			       read_item(cg, LB_CGI_MEMSW_MAX_HITS, &in.memsw_failcnt) == 0 &&
			       read_item(cg, LB_CGI_MEMSW_LIMIT, &in.memsw_limit) == 0 &&
			       read_item(cg, LB_CGI_MEMSW_PEAK, &in.memsw_peak) == 0;
		if (lb_cg_mem_max_hits(&in, &out->mem_max_hits, &out->mem_max_hits_why) < 0)
			out->valid &= ~(unsigned)LB_STAT_MEM_MAX_HITS;
	}
	(void)err;
	return 0;
}

/* The hierarchy whose cgroup.procs is read: memory's (where OOM kills happen), else any. */
static int primary_dirfd(const struct lb_cgroup *cg)
{
	int h = cg->s->ctrl_hier[LB_CTRL_MEMORY];

	if (h >= 0 && cg->dirfd[h] >= 0)
		return cg->dirfd[h];
	for (size_t i = 0; i < cg->s->nhier; i++)
		if (cg->dirfd[i] >= 0)
			return cg->dirfd[i];
	return -1;
}

int lb_cgroup_pids(struct lb_cgroup *cg, pid_t **pids, size_t *n, lb_error *err)
{
	size_t cap = 0;
	int fd = primary_dirfd(cg);
	struct stat st;

	*pids = NULL;
	*n = 0;
	if (fd < 0)
		return lb_error_fail(err, "cgroup %s has no folder", cg->path);
	/*
	 * The sampler lists a container's processes every 10 ms, and reading the folder for
	 * sub-cgroups was most of that.  kernfs gives a folder a link count of 2 + its
	 * sub-folders, so a cgroup without sub-cgroups (the usual case) needs only its own
	 * cgroup.procs: one read when it fits here.  It is opened afresh each time: a v1
	 * cgroup.procs kept open and read again from 0 repeats the list of its first read
	 * for up to a second (the kernel keeps that list for the open file).
	 */
	if (fstat(fd, &st) == 0 && st.st_nlink == 2) {
		char buf[4096];
		_cleanup_close_ int pfd = openat(fd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
		ssize_t len = pfd < 0 ? -1 : lb_pread_all(pfd, buf, sizeof(buf));

		if (len >= 0 && (size_t)len + 1 < sizeof(buf)) {
			lb_cg_parse_pids(buf, pids, n, &cap);
			return 0;
		}
	}
	lb_cg_collect_pids(fd, pids, n, &cap);
	return 0;
}

int lb_cgroup_event_fd(struct lb_cgroup *cg)
{
	if (cg->event_fd == -1)
		cg->event_fd = cg->s->ops->event_fd(cg);
	if (cg->event_fd < 0)
		cg->event_fd = -3; /* tried: do not try again on every call */
	return cg->event_fd >= 0 ? cg->event_fd : -1;
}

void lb_cgroup_event_ack(struct lb_cgroup *cg)
{
	char buf[4096];

	if (cg->event_fd < 0)
		return;
	/* eventfd: one 8-byte counter; inotify: queued events.  Both are non-blocking. */
	while (read(cg->event_fd, buf, sizeof(buf)) > 0)
		;
}

/*
 * Lift the CPU quota before killing.  A dying task still needs CPU to finish its exit (and a
 * frozen one to reach the freezer): with the quota spent every period by what still spins in
 * the cgroup (a fork bomb retrying fork at its memory limit), a SIGKILLed task, PID 1
 * included, can wait for minutes.  Seen: 570 tasks throttled in every period, none dying,
 * until the quota went.
 */
static void unthrottle(const struct lb_cgroup *cg)
{
	const struct lb_cg_file *f = lb_cg_file_of(LB_CGI_CPU_QUOTA, cg->s->v2);
	int dirfd = f->file ? item_dirfd(cg, f) : -1;
	lb_error ignored = {0};

	if (dirfd >= 0)
		lb_write_file_at(dirfd, f->file, cg->s->v2 ? "max" : "-1", &ignored);
}

int lb_cgroup_kill(struct lb_cgroup *cg, lb_error *err)
{
	const struct lb_cg_session *s = cg->s;
	int fz = s->ctrl_hier[LB_CTRL_FREEZER];
	int freezer_fd = fz >= 0 ? cg->dirfd[fz] : -1;
	int ret = 0;

	unthrottle(cg);
	for (size_t i = 0; i < s->nhier; i++) {
		if (cg->dirfd[i] < 0)
			continue;
		lb_error e = {0};
		const struct lb_cg_where where = {lb_cg_hier_ctrl(s, i), cg->path};
		if (s->ops->kill_tree(cg->dirfd[i], s->v2 ? cg->dirfd[i] : freezer_fd, &where, &e) <
			0 &&
		    ret == 0) {
			*err = e;
			lb_error_wrap(err, "killing the processes of %s%s", s->hier[i].mount,
				      cg->path);
			ret = -1;
		}
	}
	return ret;
}
