/* SPDX-License-Identifier: MIT */
/* One sample of every container: cgroup counters, RSS and the CPUs its processes ran on. */
#include "sample/sampler.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sample/proc.h"
#include "util/alloc.h"
#include "util/cleanup.h"

/*
 * Which CPU a process last ran on changes only when the scheduler moves it, and cpus_used
 * is a union: reading /proc/PID/stat (the costlier of the two files) once per 10 ms per
 * process sees every CPU a busy process uses, and keeps 1 ms sampling cheap.
 */
#define STAT_EVERY_NS 10000000ull
/*
 * Listing the cgroup's processes (cgroup.procs, and its sub-cgroups) costs several system
 * calls; the list changes only when a process forks or exits.  So it is listed again when
 * pids.current changed since the last listing, when a known process is gone, and at least
 * every 10 ms (a fork and an exit between two samples leave pids.current as it was);
 * between listings only the known processes' statm files are re-read.
 *
 * Unless the listing found as many processes as pids.current counts tasks: then each of
 * them is one task and there is no other.  While the count stays and they all live (a
 * zombie still counts, a reaped one fails its read), nothing new can be there: a fork adds
 * a task, and a task that left is a known process gone.  Only a process moved out of the
 * cgroup from outside, with another in its place, escapes that; the listing every second
 * still catches it.
 */
#define LIST_EVERY_NS	       10000000ull
#define LIST_COMPLETE_EVERY_NS 1000000000ull

/*
 * memory.stat and the pressure files (the mem_* and psi_* series) are read at most every
 * 10 ms: measured on this project's machine (kernel 6.18, pread of a file opened once) a
 * v1 memory.stat read costs 4.1 us and a v2 pressure file 2.2 us, against 1.5 us for
 * memory.usage_in_bytes, in an empty cgroup (10.4 us against 3.2 us with 200M in it, the
 * machine loaded); the four together at every 1 ms sample would double the sampler's
 * cgroup reads.  At the default 100 ms every sample has them.  A psi share is taken over
 * the real time between two of its own reads.
 */
#define EXT_EVERY_NS 10000000ull

/* A process of a container, with its /proc files kept open while it lives. */
struct proc_ent {
	pid_t pid;
	int statm_fd;
	int stat_fd;
	uint64_t stat_at; /* when stat was last read (ns), 0 = never */
	bool seen;	  /* listed in the current sample */
};

struct sctr {
	struct lb_cgroup *cg;
	struct lb_ctr_result *res;
	uint64_t prev_cpu_ns, prev_t_ns;
	bool have_prev;
	uint64_t prev_io_r, prev_io_w, prev_io_t_ns; /* the I/O counters at the last sample */
	bool have_io_prev;
	struct lb_cpuset used;
	struct proc_ent *procs;
	size_t n_procs, cap_procs;
	uint64_t listed_at;   /* when the processes were last listed (ns), 0 = never */
	uint64_t listed_pids; /* pids.current then */
	bool listed_all;      /* that listing found listed_pids processes (see LIST_*) */
	uint64_t ext_at;      /* when memory.stat and pressure were last read (ns), 0 = never */
	uint64_t psi_prev[LB_PSI_COUNT][2]; /* the some and full totals (us) then */
	bool psi_have[LB_PSI_COUNT][2];
};

struct lb_sampler {
	uint64_t t0_ns;
	uint64_t page_size;
	int proc_fd; /* /proc */
	struct sctr *c;
	size_t n, cap;
	char buf[1024]; /* reused for every /proc read: statm and stat lines are far shorter */
};

uint64_t lb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int lb_sampler_new(uint64_t t0_ns, struct lb_sampler **out, lb_error *err)
{
	struct lb_sampler *s;
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long ps = sysconf(_SC_PAGESIZE);

	if (fd < 0)
		return lb_error_sys(err, "open /proc");
	s = lb_xzalloc(sizeof(*s));
	s->t0_ns = t0_ns;
	s->proc_fd = fd;
	s->page_size = ps > 0 ? (uint64_t)ps : 4096;
	*out = s;
	return 0;
}

void lb_sampler_add(struct lb_sampler *s, struct lb_cgroup *cg, struct lb_ctr_result *res)
{
	lb_xgrow(&s->c, &s->cap, s->n + 1, sizeof(*s->c));
	memset(&s->c[s->n], 0, sizeof(s->c[s->n]));
	s->c[s->n].cg = cg;
	s->c[s->n].res = res;
	s->n++;
}

static void proc_close(struct proc_ent *p)
{
	if (p->statm_fd >= 0)
		close(p->statm_fd);
	if (p->stat_fd >= 0)
		close(p->stat_fd);
	p->statm_fd = p->stat_fd = -1;
}

static int open_pid_file(struct lb_sampler *s, pid_t pid, const char *file)
{
	char path[64];

	snprintf(path, sizeof(path), "%d/%s", (int)pid, file);
	return openat(s->proc_fd, path, O_RDONLY | O_CLOEXEC);
}

/* One pread from offset 0; the text is NUL-terminated.  -1 when the process is gone. */
static int read_fd(struct lb_sampler *s, int fd)
{
	ssize_t n = pread(fd, s->buf, sizeof(s->buf) - 1, 0);

	if (n <= 0)
		return -1;
	s->buf[n] = '\0';
	return 0;
}

static struct proc_ent *proc_find(struct sctr *c, pid_t pid)
{
	for (size_t i = 0; i < c->n_procs; i++)
		if (c->procs[i].pid == pid)
			return &c->procs[i];
	return NULL;
}

static struct proc_ent *proc_open(struct lb_sampler *s, struct sctr *c, pid_t pid)
{
	struct proc_ent *p;
	int statm = open_pid_file(s, pid, "statm");

	/* Gone between the listing and now (or out of fds): skipped for this sample. */
	if (statm < 0)
		return NULL;
	lb_xgrow(&c->procs, &c->cap_procs, c->n_procs + 1, sizeof(*c->procs));
	p = &c->procs[c->n_procs++];
	p->pid = pid;
	p->statm_fd = statm;
	p->stat_fd = open_pid_file(s, pid, "stat");
	p->stat_at = 0;
	p->seen = false;
	return p;
}

/*
 * RSS of one process, and its CPU when due.  An open /proc file of a process that has died
 * reads as an error (ESRCH) or empty, even if its pid was reused since, so a failed read
 * means "gone": the caller drops the entry.
 */
static int proc_read(struct lb_sampler *s, struct sctr *c, struct proc_ent *p, uint64_t now,
		     uint64_t *rss)
{
	int cpu;

	if (read_fd(s, p->statm_fd) < 0 || lb_proc_parse_statm_rss(s->buf, s->page_size, rss) < 0)
		return -1;
	if (p->stat_fd >= 0 && (p->stat_at == 0 || now - p->stat_at >= STAT_EVERY_NS)) {
		if (read_fd(s, p->stat_fd) == 0 && lb_proc_parse_stat_cpu(s->buf, &cpu) == 0)
			lb_cpuset_add(&c->used, cpu);
		p->stat_at = now;
	}
	return 0;
}

/* Σ RSS over the processes listed last time; -1 when one of them is gone (list again). */
static int sample_known(struct lb_sampler *s, struct sctr *c, uint64_t now, uint64_t *total)
{
	*total = 0;
	for (size_t i = 0; i < c->n_procs; i++) {
		uint64_t rss = 0;

		if (proc_read(s, c, &c->procs[i], now, &rss) < 0)
			return -1;
		*total += rss;
	}
	return 0;
}

/* Σ RSS over the cgroup's processes; a process that vanished meanwhile is skipped. */
static uint64_t sample_procs(struct lb_sampler *s, struct sctr *c, uint64_t now,
			     const struct lb_cg_sample *cs)
{
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;
	uint64_t total = 0;
	lb_error err = {0};
	uint64_t every = c->listed_all ? LIST_COMPLETE_EVERY_NS : LIST_EVERY_NS;

	if (c->listed_at && now - c->listed_at < every && (cs->valid & LB_SAMPLE_PIDS) &&
	    cs->pids == c->listed_pids && sample_known(s, c, now, &total) == 0)
		return total;
	total = 0;
	c->listed_at = now;
	c->listed_pids = cs->pids;
	for (size_t i = 0; i < c->n_procs; i++)
		c->procs[i].seen = false;
	/* An empty or unreadable cgroup (all exited, cgroup being torn down) has no RSS. */
	if (lb_cgroup_pids(c->cg, &pids, &n, &err) < 0)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		struct proc_ent *p = proc_find(c, pids[i]);
		uint64_t rss = 0;

		if (!p)
			p = proc_open(s, c, pids[i]);
		if (!p)
			continue;
		if (proc_read(s, c, p, now, &rss) < 0) {
			/* The files were of a process that died; the pid listed now may be a
			 * new process (a fork storm reuses pids): open it afresh, once. */
			proc_close(p);
			p->pid = 0;
			p = proc_open(s, c, pids[i]);
			if (!p || proc_read(s, c, p, now, &rss) < 0)
				continue;
		}
		p->seen = true;
		total += rss;
	}
	/* Forget the processes that were not listed (or failed) this time. */
	for (size_t i = 0; i < c->n_procs;) {
		if (c->procs[i].seen) {
			i++;
			continue;
		}
		proc_close(&c->procs[i]);
		c->procs[i] = c->procs[--c->n_procs];
	}
	c->listed_all = (cs->valid & LB_SAMPLE_PIDS) && cs->pids == c->n_procs;
	return total;
}

/* The psi series of each pressure file: some, full. */
static const enum lb_series_id psi_series[LB_PSI_COUNT][2] = {
    {LB_SERIES_PSI_CPU, LB_SERIES_PSI_CPU_FULL},
    {LB_SERIES_PSI_MEM, LB_SERIES_PSI_MEM_FULL},
    {LB_SERIES_PSI_IO, LB_SERIES_PSI_IO_FULL},
};

/* memory.stat and pressure; push: add the points (false: only a baseline for the shares). */
static void sample_ext(struct sctr *c, uint64_t now, double t, bool push)
{
	struct lb_series *ser = c->res->series;
	struct lb_cg_xsample x;

	lb_cgroup_sample_ext(c->cg, &x);
	for (unsigned i = 0; push && x.mem_ok && i < 4; i++) {
		const uint64_t v[4] = {x.mem.anon, x.mem.file, x.mem.sock, x.mem.shmem};
		if (x.mem.valid & (1u << i))
			lb_series_push(&ser[LB_SERIES_MEM_ANON + i], t, (double)v[i]);
	}
	for (int p = 0; p < LB_PSI_COUNT; p++) {
		for (int f = 0; f < 2; f++) {
			bool has = x.psi_ok[p] && (f ? x.psi[p].has_full : x.psi[p].has_some);
			uint64_t total = f ? x.psi[p].full_us : x.psi[p].some_us;

			if (!has) {
				c->psi_have[p][f] = false;
				continue;
			}
			if (push && c->psi_have[p][f] && c->ext_at && now > c->ext_at) {
				uint64_t d =
				    total >= c->psi_prev[p][f] ? total - c->psi_prev[p][f] : 0;
				double share = (double)d * 1000.0 / (double)(now - c->ext_at);
				/* the total and the clock are read microseconds apart */
				lb_series_push(&ser[psi_series[p][f]], t, share > 1 ? 1 : share);
			}
			c->psi_prev[p][f] = total;
			c->psi_have[p][f] = true;
		}
	}
	c->ext_at = now;
}

void lb_sampler_baseline(struct lb_sampler *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct sctr *c = &s->c[i];
		struct lb_cg_sample cs = {0};
		uint64_t now = lb_now_ns();

		if (lb_cgroup_sample(c->cg, &cs) == 0 && (cs.valid & LB_SAMPLE_CPU)) {
			c->prev_cpu_ns = cs.cpu_ns;
			c->prev_t_ns = now;
			c->have_prev = true;
		}
		if (cs.valid & LB_SAMPLE_IO) {
			c->prev_io_r = cs.io_rbytes;
			c->prev_io_w = cs.io_wbytes;
			c->prev_io_t_ns = now;
			c->have_io_prev = true;
		}
		sample_ext(c, now, 0, false);
	}
}

static double since_t0(const struct lb_sampler *s, uint64_t ns)
{
	return ns >= s->t0_ns ? (double)(ns - s->t0_ns) / 1e9 : 0;
}

static void sample_ctr(struct lb_sampler *s, struct sctr *c, unsigned flags)
{
	struct lb_series *ser = c->res->series;
	struct lb_cg_sample cs = {0};
	uint64_t now = lb_now_ns();
	double t = since_t0(s, now);
	uint64_t rss;

	/* A failed read leaves valid bits clear: those series get no point. */
	lb_cgroup_sample_flags(c->cg, flags, &cs);
	/* A group's processes are its members': their rss and CPUs are theirs. */
	rss = c->res->is_group ? 0 : sample_procs(s, c, now, &cs);
	if (cs.valid & LB_SAMPLE_MEM)
		lb_series_push(&ser[LB_SERIES_MEM], t, (double)cs.mem);
	if (!c->res->is_group)
		lb_series_push(&ser[LB_SERIES_RSS], t, (double)rss);
	if (cs.valid & LB_SAMPLE_SWAP)
		lb_series_push(&ser[LB_SERIES_SWAP], t, (double)cs.swap);
	if (cs.valid & LB_SAMPLE_PIDS)
		lb_series_push(&ser[LB_SERIES_PIDS], t, (double)cs.pids);
	if (cs.valid & LB_SAMPLE_CPU) {
		/* A rate over the real interval between two reads, so that a late sample
		 * widens Δt instead of inflating the value. */
		if (c->have_prev && now > c->prev_t_ns) {
			uint64_t d = cs.cpu_ns >= c->prev_cpu_ns ? cs.cpu_ns - c->prev_cpu_ns : 0;

			lb_series_push(&ser[LB_SERIES_CPU], t,
				       (double)d / (double)(now - c->prev_t_ns));
		}
		c->prev_cpu_ns = cs.cpu_ns;
		c->prev_t_ns = now;
		c->have_prev = true;
	}
	if (cs.valid & LB_SAMPLE_IO) {
		/* bytes/s over the real interval, as cpu */
		if (c->have_io_prev && now > c->prev_io_t_ns) {
			double dt = (double)(now - c->prev_io_t_ns) / 1e9;
			uint64_t r = cs.io_rbytes >= c->prev_io_r ? cs.io_rbytes - c->prev_io_r : 0;
			uint64_t w = cs.io_wbytes >= c->prev_io_w ? cs.io_wbytes - c->prev_io_w : 0;

			lb_series_push(&ser[LB_SERIES_IO_READ], t, (double)r / dt);
			lb_series_push(&ser[LB_SERIES_IO_WRITE], t, (double)w / dt);
		}
		c->prev_io_r = cs.io_rbytes;
		c->prev_io_w = cs.io_wbytes;
		c->prev_io_t_ns = now;
		c->have_io_prev = true;
	}
	if (!c->ext_at || now - c->ext_at >= EXT_EVERY_NS)
		sample_ext(c, now, t, true);
}

/* Without swap space every cgroup's swap is 0: one system call instead of a read per
 * container (see lb_cgroup_no_swap_space()). */
static unsigned sample_flags(void)
{
	return lb_cgroup_no_swap_space() ? LB_SAMPLE_NO_SWAP_SPACE : 0;
}

void lb_sampler_take(struct lb_sampler *s)
{
	unsigned flags = sample_flags();

	for (size_t i = 0; i < s->n; i++)
		sample_ctr(s, &s->c[i], flags);
}

void lb_sampler_take_one(struct lb_sampler *s, size_t i)
{
	if (i < s->n)
		sample_ctr(s, &s->c[i], sample_flags());
}

void lb_sampler_rebase(struct lb_sampler *s, size_t i, uint64_t cpu_ns, uint64_t at_ns)
{
	if (i >= s->n)
		return;
	s->c[i].prev_cpu_ns = cpu_ns;
	s->c[i].prev_t_ns = at_ns;
	s->c[i].have_prev = true;
}

static void set_why(struct lb_ctr_result *res, int series, const char *why)
{
	free(res->series_not_measured[series]);
	res->series_not_measured[series] = lb_xstrdup(why);
}

void lb_sampler_finish(struct lb_sampler *s)
{
	char buf[512];

	for (size_t i = 0; i < s->n; i++) {
		struct lb_ctr_result *res = s->c[i].res;

		if (res->is_group)
			continue;
		lb_cpuset_format(&s->c[i].used, buf, sizeof(buf));
		free(res->str[LB_SCALAR_CPUS_USED]);
		res->str[LB_SCALAR_CPUS_USED] = lb_xstrdup(buf);
		res->has[LB_SCALAR_CPUS_USED] = true;
		/* A series the kernel does not give here says why, instead of an empty one. */
		for (unsigned f = 0; f < 4; f++) {
			const char *why = lb_cgroup_memstat_why(s->c[i].cg, f);
			if (why && !res->series[LB_SERIES_MEM_ANON + f].n)
				set_why(res, LB_SERIES_MEM_ANON + f, why);
		}
		for (int p = 0; p < LB_PSI_COUNT; p++)
			for (int f = 0; f < 2; f++) {
				const char *why = lb_cgroup_psi_why(s->c[i].cg, p, f);
				if (why && !res->series[psi_series[p][f]].n)
					set_why(res, psi_series[p][f], why);
			}
	}
}

void lb_sampler_free(struct lb_sampler *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		for (size_t j = 0; j < s->c[i].n_procs; j++)
			proc_close(&s->c[i].procs[j]);
		free(s->c[i].procs);
	}
	free(s->c);
	close(s->proc_fd);
	free(s);
}
