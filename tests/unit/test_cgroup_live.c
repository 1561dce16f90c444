/* SPDX-License-Identifier: MIT */
/*
 * The cgroup layer against the real kernel (root only; skipped otherwise unless
 * LB_MUST_WORK=1, which CI sets).  Everything lives under a parent of its own,
 * limitbench-test-<pid>, that must be gone at the end:
 *
 *   <mount>/limitbench-test-<pid>/
 *           lb-<pid>-<start>/            the session
 *                   lim/   every limit; a child with 2 sleepers is attached and killed
 *                   oom/   16M; a child allocating 64M is OOM-killed
 *                   g/c, g/s  a group (16M) and two children (test_nested)
 *           lb-999999-1/x/               a fake stale session for lb_cg_cleanup_stale
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/units.h"

struct ctx {
	struct lb_cg_hier h;
	char parent[64];
	struct lb_cg_session *s;
};

static bool swap_accounting(const struct lb_cg_session *s)
{
	int h = s->ctrl_hier[LB_CTRL_MEMORY];

	return h >= 0 && faccessat(s->hier[h].dirfd, lb_cg_file_of(LB_CGI_MEMSW_LIMIT, s->v2)->file,
				   F_OK, 0) == 0;
}

static bool machine_has_swap(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	unsigned long long kb = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "SwapTotal: %llu", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb > 0;
}

static int setup(void **state)
{
	static struct ctx c;
	lb_error err = {0};

	if (geteuid() != 0) {
		const char *must = getenv("LB_MUST_WORK");
		if (must && strcmp(must, "1") == 0)
			fail_msg("needs root (LB_MUST_WORK=1)");
		return 0;
	}
	memset(&c, 0, sizeof(c));
	if (lb_cg_detect(&c.h, &err) < 0)
		fail_msg("%s", err.msg);
	snprintf(c.parent, sizeof(c.parent), "limitbench-test-%d", (int)getpid());
	if (lb_cg_session_open(&c.h, c.parent, &c.s, &err) < 0)
		fail_msg("%s", err.msg);
	*state = &c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	if (!c)
		return 0;
	lb_cg_session_close(c->s);
	lb_cg_hier_free(&c->h);
	return 0;
}

#define NEED_ROOT(state)                                                                           \
	do {                                                                                       \
		if (!*(state))                                                                     \
			skip();                                                                    \
	} while (0)

/* A child that waits on a pipe (so it is in the cgroup before it does anything), then
 * runs fn. */
static pid_t spawn(int *go, void (*fn)(void))
{
	int p[2];

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char b;
		close(p[1]);
		if (read(p[0], &b, 1) != 1)
			_exit(99);
		fn();
		_exit(0);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

static void release(int go)
{
	assert_int_equal(write(go, "x", 1), 1);
	close(go);
}

static void sleepers(void)
{
	/* 8M touched, two more processes, then wait to be killed */
	size_t n = 8 << 20;
	char *m = malloc(n);
	memset(m, 1, n);
	for (int i = 0; i < 2; i++)
		if (fork() == 0)
			for (;;)
				pause();
	for (;;)
		pause();
}

static void hog(void)
{
	for (size_t i = 0; i < 64; i++) {
		char *m = malloc(1 << 20);
		memset(m, 1, 1 << 20);
	}
	_exit(0);
}

/* Poll for up to ~5 s for a sample to satisfy cond (the kernel's counters lag a little). */
static void wait_sample(struct lb_cgroup *cg, struct lb_cg_sample *s, uint64_t pids, uint64_t mem)
{
	for (int i = 0; i < 500; i++) {
		lb_cgroup_sample(cg, s);
		if (s->pids >= pids && s->mem >= mem)
			return;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

static void test_limits_sample_kill(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	bool sw = swap_accounting(c->s);
	struct lb_limits lim = {.memory = 64 << 20,
				.memory_swap = sw ? 96 << 20 : 0,
				.cpus = 0.5,
				.cpu_shares = 512,
				.cpuset = (char *)"0",
				.pids = 32};
	struct lb_cgroup *cg = NULL;
	struct lb_cg_applied a;
	lb_error err = {0};

	if (lb_cgroup_create(c->s, "lim", &lim, &cg, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(lb_cgroup_is_v2(cg), c->h.use_v2);
	char want[128];
	snprintf(want, sizeof(want), "/%s/lim", lb_cg_session_path(c->s));
	assert_string_equal(lb_cgroup_path(cg), want);
	assert_true((lb_cgroup_v2_fd(cg) >= 0) == c->h.use_v2);

	assert_int_equal(lb_cgroup_applied(cg, &a, &err), 0);
	assert_int_equal(a.mem_limit, 64 << 20);
	if (sw)
		assert_int_equal(a.memsw_limit, 96 << 20);
	assert_true(a.cpu_quota > 0.499 && a.cpu_quota < 0.501);
	assert_int_equal(a.cpu_weight, c->h.use_v2 ? 59 : 512);
	assert_string_equal(a.cpuset, "0");
	assert_int_equal(a.pids_max, 32);

	int go;
	pid_t pid = spawn(&go, sleepers);
	if (lb_cgroup_attach(cg, pid, &err) < 0) {
		kill(pid, SIGKILL);
		fail_msg("%s", err.msg);
	}
	release(go);
	struct lb_cg_sample s;
	wait_sample(cg, &s, 3, 8 << 20);
	assert_int_equal(s.valid & (LB_SAMPLE_MEM | LB_SAMPLE_CPU | LB_SAMPLE_PIDS),
			 LB_SAMPLE_MEM | LB_SAMPLE_CPU | LB_SAMPLE_PIDS);
	assert_int_equal(s.pids, 3);
	assert_true(s.mem >= 8 << 20);
	assert_true(s.mem < 64 << 20);
	assert_true(s.cpu_ns > 0);
	if (sw)
		assert_true(s.valid & LB_SAMPLE_SWAP);

	pid_t *pids = NULL;
	size_t n = 0;
	assert_int_equal(lb_cgroup_pids(cg, &pids, &n, &err), 0);
	assert_int_equal(n, 3);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= pids[i] == pid;
	free(pids);
	assert_true(found);
	/* the cpuset reached the child: it may run on CPU 0 only */
	cpu_set_t set;
	assert_int_equal(sched_getaffinity(pid, sizeof(set), &set), 0);
	assert_int_equal(CPU_COUNT(&set), 1);
	assert_true(CPU_ISSET(0, &set));

	assert_int_equal(lb_cgroup_kill(cg, &err), 0);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	assert_int_equal(lb_cgroup_pids(cg, &pids, &n, &err), 0);
	free(pids);
	assert_int_equal(n, 0);

	struct lb_cg_stats stats;
	assert_int_equal(lb_cgroup_stats(cg, &stats, &err), 0);
	assert_true(stats.valid & LB_STAT_CPU_TIME);
	assert_true(stats.cpu_ns > 0);
	assert_true(stats.valid & LB_STAT_OOM_KILLS);
	assert_int_equal(stats.oom_kills, 0);
	assert_true(stats.valid & LB_STAT_PIDS_DENIED);
	assert_int_equal(stats.pids_denied, 0);
	if (stats.valid & LB_STAT_MEM_PEAK)
		assert_true(stats.mem_peak >= 8 << 20);
	if (stats.valid & LB_STAT_PIDS_PEAK)
		assert_int_equal(stats.pids_peak, 3);
	assert_int_equal(lb_cgroup_destroy(cg, &err), 0);
}

static void test_oom(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	struct lb_limits lim = {.memory = 16 << 20};
	struct lb_cgroup *cg = NULL;
	lb_error err = {0};

	/* on a machine with swap the hog would swap instead of being killed: no swap for it
	 * (v1 then counts the hits in memory.memsw.failcnt, so mem_max_hits only without) */
	bool has_swap = machine_has_swap();
	if (has_swap && swap_accounting(c->s))
		lim.memory_swap = 16 << 20;
	if (lb_cgroup_create(c->s, "oom", &lim, &cg, &err) < 0)
		fail_msg("%s", err.msg);
	int efd = lb_cgroup_event_fd(cg);
	assert_true(efd >= 0);
	assert_int_equal(lb_cgroup_event_fd(cg), efd); /* made once */

	int go, st;
	pid_t pid = spawn(&go, hog);
	if (lb_cgroup_attach(cg, pid, &err) < 0) {
		kill(pid, SIGKILL);
		fail_msg("%s", err.msg);
	}
	release(go);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);

	struct pollfd p = {.fd = efd, .events = POLLIN};
	assert_int_equal(poll(&p, 1, 5000), 1);
	lb_cgroup_event_ack(cg);
	assert_int_equal(poll(&p, 1, 0), 0);

	struct lb_cg_stats stats;
	assert_int_equal(lb_cgroup_stats(cg, &stats, &err), 0);
	assert_true(stats.valid & LB_STAT_OOM_KILLS);
	assert_int_equal(stats.oom_kills, 1);
	assert_true(stats.valid & LB_STAT_MEM_MAX_HITS);
	if (!lim.memory_swap || c->h.use_v2)
		assert_true(stats.mem_max_hits >= 1);
	if (stats.valid & LB_STAT_MEM_PEAK)
		assert_true(stats.mem_peak <= 16 << 20);
	assert_int_equal(lb_cgroup_destroy(cg, &err), 0);
}

/* Whether the folder of cg's path is in hierarchy i. */
static bool cg_exists(const struct ctx *c, size_t i, const char *path)
{
	char p[512];

	snprintf(p, sizeof(p), "%s%s", c->s->hier[i].mount, path);
	return access(p, F_OK) == 0;
}

/*
 * Nested groups:   session/g (16M, cpuset "0")/c (no limit of its own): a hog in c is
 * OOM-killed at g's limit; c is in every hierarchy inside g, its cpuset seeded from g's (v1),
 * and on v2 g passes the memory controller down.  Destroying g destroys c first (its
 * process killed), and nothing of either is left.
 */
static void test_nested(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	struct lb_limits glim = {.memory = 16 << 20, .cpuset = (char *)"0"};
	struct lb_cgroup *g = NULL, *child = NULL, *sleeping = NULL;
	lb_error err = {0};

	if (machine_has_swap() && swap_accounting(c->s))
		glim.memory_swap = 16 << 20;
	if (lb_cgroup_create_in(c->s, NULL, "g", &glim, &g, &err) < 0)
		fail_msg("%s", err.msg);
	if (lb_cgroup_create_in(c->s, g, "c", NULL, &child, &err) < 0)
		fail_msg("%s", err.msg);
	char want[256];
	snprintf(want, sizeof(want), "/%s/g/c", lb_cg_session_path(c->s));
	assert_string_equal(lb_cgroup_path(child), want);
	for (size_t i = 0; i < c->s->nhier; i++)
		assert_true(cg_exists(c, i, want));
	struct lb_cg_applied a;
	assert_int_equal(lb_cgroup_applied(child, &a, &err), 0);
	assert_int_equal(a.mem_limit, LB_SIZE_MAX);
	assert_string_equal(a.cpuset, "0");
	if (c->h.use_v2) {
		char p[512], buf[256] = "";
		snprintf(p, sizeof(p), "%s/%s/g/cgroup.subtree_control", c->s->hier[0].mount,
			 lb_cg_session_path(c->s));
		FILE *f = fopen(p, "r");
		assert_non_null(f);
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		assert_non_null(strstr(buf, "memory"));
	}

	/* the group's limit holds its child's process */
	int go, st;
	pid_t pid = spawn(&go, hog);
	if (lb_cgroup_attach(child, pid, &err) < 0) {
		kill(pid, SIGKILL);
		fail_msg("%s", err.msg);
	}
	release(go);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	struct lb_cg_stats gs, cs;
	assert_int_equal(lb_cgroup_stats(g, &gs, &err), 0);
	assert_int_equal(lb_cgroup_stats(child, &cs, &err), 0);
	/* what the run's group oom_kills relies on: the kill counts in the child's cgroup, and
	 * in the group's only on v2 (memory.events counts up the tree; v1's oom_control counts
	 * in the killed process's cgroup alone) */
	assert_true((gs.valid & LB_STAT_OOM_KILLS) && (cs.valid & LB_STAT_OOM_KILLS));
	assert_int_equal(cs.oom_kills, 1);
	assert_int_equal(gs.oom_kills, c->h.use_v2 ? 1 : 0);
	assert_true(gs.valid & LB_STAT_MEM_MAX_HITS || gs.mem_max_hits_why);
	if (gs.valid & LB_STAT_MEM_PEAK)
		assert_true(gs.mem_peak <= 16 << 20);

	/* a sleeper in a second child; destroying the group kills it and removes both */
	if (lb_cgroup_create_in(c->s, g, "s", NULL, &sleeping, &err) < 0)
		fail_msg("%s", err.msg);
	pid = spawn(&go, sleepers);
	if (lb_cgroup_attach(sleeping, pid, &err) < 0) {
		kill(pid, SIGKILL);
		fail_msg("%s", err.msg);
	}
	release(go);
	char gpath[256];
	snprintf(gpath, sizeof(gpath), "%s", lb_cgroup_path(g));
	assert_int_equal(lb_cgroup_destroy(g, &err), 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	for (size_t i = 0; i < c->s->nhier; i++)
		assert_false(cg_exists(c, i, gpath));
}

static void test_names(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	struct lb_cgroup *a = NULL, *b = NULL;
	lb_error err = {0};

	assert_int_equal(lb_cgroup_create(c->s, "dup", NULL, &a, &err), 0);
	assert_int_equal(lb_cgroup_create(c->s, "dup", NULL, &b, &err), -1);
	assert_non_null(strstr(err.msg, "already exists"));
	assert_null(b);
	/* the failed second create did not remove the first, in any hierarchy */
	struct lb_cg_sample s;
	assert_int_equal(lb_cgroup_sample(a, &s), 0);
	for (size_t i = 0; i < c->s->nhier; i++) {
		char p[512];
		snprintf(p, sizeof(p), "%s%s", c->s->hier[i].mount, lb_cgroup_path(a));
		assert_int_equal(access(p, F_OK), 0);
	}
	lb_error_clear(&err);
	assert_int_equal(lb_cgroup_create(c->s, "../x", NULL, &b, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	lb_error_clear(&err);
	/* a bad cpuset is refused with the CPUs that exist */
	struct lb_limits lim = {.cpuset = (char *)"63"};
	assert_int_equal(lb_cgroup_create(c->s, "badcpu", &lim, &b, &err), -1);
	if (!strstr(err.msg, "cpuset '63'"))
		fail_msg("%s", err.msg);
	/* a is left for the session's close to remove */
}

/*
 * The sampler's shortcuts: lb_cgroup_pids reads cgroup.procs alone while the cgroup has no
 * sub-cgroups (link count 2) and walks the subtree once it has one; LB_SAMPLE_NO_SWAP_SPACE
 * gives a valid swap of exactly 0 without reading it, and lb_cgroup_no_swap_space agrees
 * with /proc/meminfo.
 */
static void test_sampler_shortcuts(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	bool sw = swap_accounting(c->s);
	struct lb_limits lim = {.memory = 64 << 20};
	struct lb_cgroup *cg = NULL;
	struct lb_cg_sample s;
	lb_error err = {0};
	pid_t *pids = NULL, moved = 0;
	size_t n = 0;
	int go, st;

	assert_int_equal(lb_cgroup_no_swap_space(), !machine_has_swap());
	if (lb_cgroup_create(c->s, "short", &lim, &cg, &err) < 0)
		fail_msg("%s", err.msg);
	pid_t pid = spawn(&go, sleepers);
	if (lb_cgroup_attach(cg, pid, &err) < 0) {
		kill(pid, SIGKILL);
		fail_msg("%s", err.msg);
	}
	release(go);
	wait_sample(cg, &s, 3, 8 << 20);
	assert_int_equal(lb_cgroup_sample_flags(cg, LB_SAMPLE_NO_SWAP_SPACE, &s), 0);
	assert_true(s.valid & LB_SAMPLE_MEM);
	assert_true(s.mem >= 8 << 20);
	assert_int_equal(s.pids, 3);
	assert_int_equal(!!(s.valid & LB_SAMPLE_SWAP), sw);
	assert_int_equal(s.swap, 0);

	/* no sub-cgroup: cgroup.procs alone */
	assert_int_equal(lb_cgroup_pids(cg, &pids, &n, &err), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		if (pids[i] != pid)
			moved = pids[i];
	free(pids);
	assert_true(moved > 0);
	/* one child moved into a sub-cgroup (of the hierarchy that is listed): still 3 */
	int h = c->s->ctrl_hier[c->s->ctrl_hier[LB_CTRL_MEMORY] >= 0 ? LB_CTRL_MEMORY : 0];
	char buf[32];
	assert_int_equal(mkdirat(cg->dirfd[h], "sub", 0755), 0);
	snprintf(buf, sizeof(buf), "sub/cgroup.procs");
	int fd = openat(cg->dirfd[h], buf, O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	snprintf(buf, sizeof(buf), "%d", (int)moved);
	assert_int_equal(write(fd, buf, strlen(buf)), (ssize_t)strlen(buf));
	close(fd);
	assert_int_equal(lb_cgroup_pids(cg, &pids, &n, &err), 0);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= pids[i] == moved;
	free(pids);
	assert_int_equal(n, 3);
	assert_true(found);

	assert_int_equal(lb_cgroup_kill(cg, &err), 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(lb_cgroup_pids(cg, &pids, &n, &err), 0);
	free(pids);
	assert_int_equal(n, 0);
	assert_int_equal(unlinkat(cg->dirfd[h], "sub", AT_REMOVEDIR), 0);
	assert_int_equal(lb_cgroup_destroy(cg, &err), 0);
}

static void forker(void)
{
	/* every process forks as fast as it can: killing must not race with it */
	for (;;)
		fork();
}

enum kill_way {
	KILL_API,      /* lb_cgroup_kill: v2 cgroup.kill, v1 freezer */
	KILL_FREEZE,   /* the freeze/kill/thaw loop that old v2 kernels get, in every hierarchy */
	KILL_NO_FREEZE /* the loop without a freezer (v1 without the freezer hierarchy, as exec's
			* sessions): every pid verified to be in the cgroup when it is signalled */
};

/* A fork bomb held at 64 pids is killed to the last process, whichever way. */
static void bomb(void **state, enum kill_way way)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	struct lb_limits lim = {.pids = 64};
	struct lb_cgroup *cg = NULL;
	struct lb_cg_sample smp;
	lb_error err = {0};
	pid_t *pids = NULL;
	size_t n = 0;
	int go, st;

	if (lb_cgroup_create(c->s, "bomb", &lim, &cg, &err) < 0)
		fail_msg("%s", err.msg);
	pid_t pid = spawn(&go, forker);
	if (lb_cgroup_attach(cg, pid, &err) < 0) {
		kill(pid, SIGKILL);
		fail_msg("%s", err.msg);
	}
	release(go);
	wait_sample(cg, &smp, 64, 0);
	assert_int_equal(smp.pids, 64);
	/* and forks are being refused (pids.events max), not just about to be */
	struct lb_cg_stats stats;
	for (int i = 0; i < 500; i++) {
		assert_int_equal(lb_cgroup_stats(cg, &stats, &err), 0);
		if (stats.pids_denied > 0)
			break;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	assert_true(stats.valid & LB_STAT_PIDS_DENIED);
	assert_true(stats.pids_denied > 0);
	if (way == KILL_API) {
		if (lb_cgroup_kill(cg, &err) < 0)
			fail_msg("%s", err.msg);
	} else {
		/* the fallback of kernels before cgroup.kill (5.14), in every hierarchy */
		int fz = c->s->ctrl_hier[LB_CTRL_FREEZER];
		assert_true(fz >= 0);
		const struct lb_cg_freezer *f = c->s->v2 ? &lb_cg_v2_freezer : &lb_cg_v1_freezer;
		for (size_t i = 0; i < c->s->nhier; i++) {
			const struct lb_cg_where where = {lb_cg_hier_ctrl(c->s, i),
							  lb_cgroup_path(cg)};
			if (lb_cg_kill_loop(cg->dirfd[i], way == KILL_FREEZE ? cg->dirfd[fz] : -1,
					    f, &where, &err) < 0)
				fail_msg("%s", err.msg);
		}
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	assert_int_equal(lb_cgroup_pids(cg, &pids, &n, &err), 0);
	free(pids);
	assert_int_equal(n, 0);
	assert_int_equal(lb_cgroup_destroy(cg, &err), 0);
}

static void test_kill_forkbomb(void **state)
{
	bomb(state, KILL_API);
}

static void test_kill_forkbomb_freeze_loop(void **state)
{
	bomb(state, KILL_FREEZE);
}

static void test_kill_forkbomb_no_freezer(void **state)
{
	bomb(state, KILL_NO_FREEZE);
}

static void idle(void)
{
	pause();
}

/*
 * A pid listed in cgroup.procs whose process is not in the cgroup by the time it would be
 * killed, as a pid reused by a process outside looks: it is not killed, and the kill says so
 * (instead of looping).  A folder made to look like a cgroup lists an innocent child.
 */
static void test_kill_refuses_reused_pid(void **state)
{
	NEED_ROOT(state);
	char dir[] = "/tmp/lb-fake-cgroup-XXXXXX", file[64];
	lb_error err = {0};
	int go, st;

	assert_non_null(mkdtemp(dir));
	pid_t innocent = spawn(&go, idle);
	snprintf(file, sizeof(file), "%s/cgroup.procs", dir);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fprintf(f, "%d\n", (int)innocent);
	assert_int_equal(fclose(f), 0);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	for (int v2 = 0; v2 < 2; v2++) {
		const struct lb_cg_where where = {v2 ? "" : "memory", "/limitbench-no-such/x"};
		lb_error_clear(&err);
		assert_int_equal(lb_cg_kill_loop(dfd, -1,
						 v2 ? &lb_cg_v2_freezer : &lb_cg_v1_freezer, &where,
						 &err),
				 -1);
		assert_non_null(
		    strstr(err.msg, "is listed in /limitbench-no-such/x but is not in it"));
	}
	assert_int_equal(waitpid(innocent, &st, WNOHANG), 0); /* alive */
	kill(innocent, SIGKILL);
	assert_int_equal(waitpid(innocent, &st, 0), innocent);
	close(go);
	close(dfd);
	unlink(file);
	rmdir(dir);
}

/* What the kernel keeps is read back, not what was asked: memory limits are whole pages. */
static void test_applied_rounding(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	struct lb_limits lim = {.memory = 10000001, .cpus = 1.5, .pids = LB_SIZE_MAX};
	struct lb_cgroup *cg = NULL;
	struct lb_cg_applied a;
	lb_error err = {0};
	long page = sysconf(_SC_PAGESIZE);

	if (lb_cgroup_create(c->s, "round", &lim, &cg, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(lb_cgroup_applied(cg, &a, &err), 0);
	assert_int_equal(a.mem_limit, 10000001 / page * page);
	assert_true(a.cpu_quota > 1.499 && a.cpu_quota < 1.501);
	assert_true(a.pids_max == LB_SIZE_MAX);
	/* not asked: unlimited, and the default weight (v1 shares 1024, v2 weight 100) */
	assert_true(a.memsw_limit == LB_SIZE_MAX || a.memsw_limit == 0);
	assert_int_equal(a.cpu_weight, c->h.use_v2 ? 100 : 1024);
	assert_int_equal(lb_cgroup_destroy(cg, &err), 0);
}

/* The session folder of a process that is gone, with a cgroup in it. */
static void make_stale(const struct ctx *c, const char *name)
{
	for (size_t i = 0; i < c->s->nhier; i++) {
		char p[512];
		snprintf(p, sizeof(p), "%s/%s/%s", c->s->hier[i].mount, c->parent, name);
		assert_int_equal(mkdir(p, 0755), 0);
		strcat(p, "/x");
		assert_int_equal(mkdir(p, 0755), 0);
	}
}

static void test_cleanup_stale(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	lb_error err = {0};
	unsigned removed = 99;

	/* sessions of versions without the lock: judged by pid and start time */
	make_stale(c, "lb-999999-1");
	/* pid 1 is alive but started at another time: its session is stale too */
	make_stale(c, "lb-1-7");
	/* Locked sessions: only the lock counts, never /proc.  Pid 1 with its own start time
	 * (alive, here) but nobody holding the lock: dead.  A pid that exists nowhere here
	 * (as a run in another pid namespace looks) but whose lock is held: alive. */
	uint64_t start1 = 0;
	char pid1[64];
	assert_int_equal(lb_cg_proc_starttime(1, &start1), 0);
	snprintf(pid1, sizeof(pid1), "lb-1-%llu-locked", (unsigned long long)start1);
	make_stale(c, pid1);
	make_stale(c, "lb-999998-5-locked");
	int held[2];
	assert_int_equal(pipe2(held, O_CLOEXEC), 0);
	pid_t holder = fork();
	assert_true(holder >= 0);
	if (holder == 0) {
		char p[512];
		snprintf(p, sizeof(p), "%s/%s/lb-999998-5-locked", c->s->hier[0].mount, c->parent);
		int fd = open(p, O_RDONLY | O_DIRECTORY);
		if (fd < 0 || flock(fd, LOCK_EX) < 0 || write(held[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	char b;
	close(held[1]);
	assert_int_equal(read(held[0], &b, 1), 1);
	close(held[0]);
	unsigned live = 0, stale = 0;
	assert_int_equal(lb_cg_count_sessions(&c->h, c->parent, &live, &stale, &err), 0);
	assert_int_equal(live, 2); /* ours and the held one */
	assert_int_equal(stale, 3);
	assert_int_equal(lb_cg_cleanup_stale(&c->h, c->parent, &removed, &err), 0);
	/* 3: the held one survives where its lock is held, the first hierarchy; in the others
	 * nobody holds it (a real owner locks its folder in every hierarchy) */
	assert_int_equal(removed, c->s->nhier > 1 ? 4 : 3);
	for (size_t i = 0; i < c->s->nhier; i++) {
		char p[512];
		snprintf(p, sizeof(p), "%s/%s/lb-999999-1", c->s->hier[i].mount, c->parent);
		assert_int_equal(access(p, F_OK), -1);
		snprintf(p, sizeof(p), "%s/%s/%s", c->s->hier[i].mount, c->parent, pid1);
		assert_int_equal(access(p, F_OK), -1);
		/* ours (a live owner) is untouched */
		snprintf(p, sizeof(p), "%s/%s", c->s->hier[i].mount, lb_cg_session_path(c->s));
		assert_int_equal(access(p, F_OK), 0);
	}
	char p0[512];
	snprintf(p0, sizeof(p0), "%s/%s/lb-999998-5-locked", c->s->hier[0].mount, c->parent);
	assert_int_equal(access(p0, F_OK), 0);
	/* its holder dies: the kernel drops the lock, and the session is dead */
	int st;
	kill(holder, SIGKILL);
	assert_int_equal(waitpid(holder, &st, 0), holder);
	assert_int_equal(lb_cg_cleanup_stale(&c->h, c->parent, &removed, &err), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(access(p0, F_OK), -1);
	assert_int_equal(lb_cg_cleanup_stale(&c->h, c->parent, &removed, &err), 0);
	assert_int_equal(removed, 0);
	assert_int_equal(lb_cg_count_sessions(&c->h, c->parent, &live, &stale, &err), 0);
	assert_int_equal(live, 1);
	assert_int_equal(stale, 0);
	assert_int_equal(lb_cg_count_sessions(&c->h, "no-such-parent-x", &live, &stale, &err), 0);
	assert_int_equal(live + stale, 0);
}

/* Another process opening and closing sessions under the same parent, which each close
 * tries to rmdir: every open must still succeed. */
static void test_concurrent_sessions(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	char parent[80];
	lb_error err = {0};

	snprintf(parent, sizeof(parent), "%s-race", c->parent);
	pid_t pid = fork();
	assert_true(pid >= 0);
	for (int i = 0; i < 100; i++) {
		struct lb_cg_session *s = NULL;
		if (lb_cg_session_open(&c->h, parent, &s, &err) < 0) {
			if (pid == 0)
				_exit(1);
			fail_msg("%s", err.msg);
		}
		lb_cg_session_close(s);
	}
	if (pid == 0)
		_exit(0);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	for (size_t i = 0; i < c->s->nhier; i++) {
		char p[512];
		snprintf(p, sizeof(p), "%s/%s", c->s->hier[i].mount, parent);
		assert_int_equal(access(p, F_OK), -1);
	}
}

/*
 * The levels of a --cgroup-parent limitbench made go with the last session; one that was there
 * before (the user's, here with a pids limit of its own) stays, with its limit:
 *
 *   <mount>/<test>-own/            made by the test: stays, pids.max 77 on the pids mount
 *           made/deeper/           made by the session: removed at its close
 *           lb-...-locked/         the session
 */
static void test_parent_ownership(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	struct lb_cg_session *s = NULL;
	lb_error err = {0};
	char own[80], nested[128], p[512];
	int ph = c->s->ctrl_hier[LB_CTRL_PIDS];

	snprintf(own, sizeof(own), "%s-own", c->parent);
	snprintf(nested, sizeof(nested), "%s/made/deeper", own);
	for (size_t i = 0; i < c->s->nhier; i++) {
		snprintf(p, sizeof(p), "%s/%s", c->s->hier[i].mount, own);
		assert_int_equal(mkdir(p, 0755), 0);
	}
	if (ph >= 0) {
		snprintf(p, sizeof(p), "%s/%s/pids.max", c->s->hier[ph].mount, own);
		FILE *f = fopen(p, "w");
		assert_non_null(f);
		assert_true(fputs("77", f) >= 0);
		assert_int_equal(fclose(f), 0);
	}
	for (int round = 0; round < 2; round++) {
		/* round 0: under the user's level itself; round 1: two levels of ours below */
		if (lb_cg_session_open(&c->h, round ? nested : own, &s, &err) < 0)
			fail_msg("%s", err.msg);
		lb_cg_session_close(s);
		for (size_t i = 0; i < c->s->nhier; i++) {
			snprintf(p, sizeof(p), "%s/%s", c->s->hier[i].mount, own);
			assert_int_equal(access(p, F_OK), 0);
			snprintf(p, sizeof(p), "%s/%s/made", c->s->hier[i].mount, own);
			assert_int_equal(access(p, F_OK), -1);
		}
	}
	/* a level of ours left behind (its limitbench was SIGKILLed): marked, so cleanup
	 * removes it, and still not the user's level above */
	if (lb_cg_session_open(&c->h, nested, &s, &err) < 0)
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < s->nhier; i++) {
		close(s->hier[i].dirfd); /* as a SIGKILL would: the lock goes, the folder stays */
		s->hier[i].dirfd = -1;
		snprintf(p, sizeof(p), "%s/%s", c->s->hier[i].mount, lb_cg_session_path(s));
		assert_int_equal(access(p, F_OK), 0);
		s->hier[i].made = 0;
	}
	free(s->rel);
	s->rel = NULL; /* the close forgets the folder and the parent */
	lb_cg_session_close(s);
	unsigned removed = 0;
	assert_int_equal(lb_cg_cleanup_stale(&c->h, nested, &removed, &err), 0);
	assert_int_equal(removed, 1);
	for (size_t i = 0; i < c->s->nhier; i++) {
		snprintf(p, sizeof(p), "%s/%s/made", c->s->hier[i].mount, own);
		assert_int_equal(access(p, F_OK), -1);
	}
	assert_int_equal(lb_cg_cleanup_stale(&c->h, own, &removed, &err), 0);
	if (ph >= 0) {
		char buf[32] = "";
		snprintf(p, sizeof(p), "%s/%s/pids.max", c->s->hier[ph].mount, own);
		FILE *f = fopen(p, "r");
		assert_non_null(f);
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		assert_string_equal(buf, "77\n");
	}
	for (size_t i = 0; i < c->s->nhier; i++) {
		snprintf(p, sizeof(p), "%s/%s", c->s->hier[i].mount, own);
		assert_int_equal(access(p, F_OK), 0);
		assert_int_equal(rmdir(p), 0);
	}
}

static void test_missing_controller(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	struct lb_cg_hier h = c->h;
	struct lb_cg_session *s = NULL;
	struct lb_cgroup *cg = NULL;
	lb_error err = {0};
	char parent[80];

	/* pretend pids is not there */
	if (h.use_v2)
		h.v2_controllers &= ~(1u << LB_CTRL_PIDS);
	else
		h.v1_mount[LB_CTRL_PIDS] = NULL;
	snprintf(parent, sizeof(parent), "%s-nopids", c->parent);
	if (lb_cg_session_open(&h, parent, &s, &err) < 0)
		fail_msg("%s", err.msg);
	struct lb_limits lim = {.pids = 10};
	assert_int_equal(lb_cgroup_create(s, "p", &lim, &cg, &err), -1);
	assert_int_equal(err.kind, LB_ERR_ENV);
	assert_non_null(strstr(err.msg, "pids controller is not available"));
	lb_cg_session_close(s);
}

static void test_all_gone(void **state)
{
	NEED_ROOT(state);
	struct ctx *c = *state;
	char mounts[LB_CTRL_COUNT][256];
	size_t n = c->s->nhier;

	for (size_t i = 0; i < n; i++)
		snprintf(mounts[i], sizeof(mounts[i]), "%s/%s", c->s->hier[i].mount, c->parent);
	lb_cg_session_close(c->s);
	c->s = NULL;
	for (size_t i = 0; i < n; i++)
		assert_int_equal(access(mounts[i], F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_limits_sample_kill),
	    cmocka_unit_test(test_oom),
	    cmocka_unit_test(test_nested),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_sampler_shortcuts),
	    cmocka_unit_test(test_applied_rounding),
	    cmocka_unit_test(test_kill_forkbomb),
	    cmocka_unit_test(test_kill_forkbomb_freeze_loop),
	    cmocka_unit_test(test_kill_forkbomb_no_freezer),
	    cmocka_unit_test(test_kill_refuses_reused_pid),
	    cmocka_unit_test(test_cleanup_stale),
	    cmocka_unit_test(test_concurrent_sessions),
	    cmocka_unit_test(test_parent_ownership),
	    cmocka_unit_test(test_missing_controller),
	    cmocka_unit_test(test_all_gone),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
