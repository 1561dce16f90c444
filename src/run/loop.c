/* SPDX-License-Identifier: MIT */
/*
 * One run: cgroups, containers behind a barrier, and the one event loop that watches them.
 *
 *   lb_cgroup_create_in                                                        every group
 *   lb_cgroup_create_in ─> open <ctr>.out/.err ─> lb_container_create (blocked) every container
 *   t0 ─> sampler baseline ─> lb_container_start (start: 0) / start timers (start: > 0)
 *   the supervisor's loop (supervise/supervise.h), with on_ready() as the handler of:
 *          sample timerfd (absolute ticks: no drift)   pidfds (exits)
 *          per-container timerfd: start delay -> duration (TERM) -> +1 s (KILL)
 *          timeout timerfd    progress timerfd    signalfd    cgroup OOM event fds
 *   until every container has exited ─> scalars (scalars.c) ─> cgroups destroyed
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "container/container.h"
#include "expect/expect.h"
#include "run/internal.h"
#include "run/run.h"
#include "sample/sampler.h"
#include "supervise/env.h"
#include "supervise/spec.h"
#include "supervise/supervise.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/signame.h"
#include "util/units.h"

#define NS_PER_S	   LB_NS_PER_S
#define KILL_AFTER_TERM_NS LB_SUP_KILL_GRACE_NS /* SPEC: SIGKILL 1 s after SIGTERM */
#define PROGRESS_NS	   (NS_PER_S / 10) /* the terminal redraws at most ~10 times a second */
#define STALL_MIN_NS	   (NS_PER_S / 20) /* a stall: 3 intervals and 50 ms without a sample */

/* The datum of each source on the supervisor's loop: what woke up, and which container. */
enum src {
	SRC_SAMPLE,
	SRC_TIMEOUT,
	SRC_PROGRESS,
	SRC_SIGNAL,
	SRC_CTR_TIMER,
	SRC_CTR_EXIT,
	SRC_CTR_EVENT,
};
#define SRC_DATA(src, i) (((uint64_t)(src) << 32) | (uint32_t)(i))

static double secs(const struct run *run, uint64_t ns)
{
	return ns > run->t0 ? (double)(ns - run->t0) / 1e9 : 0;
}

static void event_v(struct run *run, uint64_t at_ns, const char *ctr, const char *ev,
		    const char *fmt, va_list ap)
{
	char detail[256];

	vsnprintf(detail, sizeof(detail), fmt, ap);
	lb_run_result_event(run->r, secs(run, at_ns), ctr, ev, detail);
	if (run->ctx->on_event)
		run->ctx->on_event(run->ctx->cb_arg, run->r, &run->r->events[run->r->n_events - 1]);
}

/* An event now. */
static void event(struct run *run, const char *ctr, const char *ev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void event(struct run *run, const char *ctr, const char *ev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	event_v(run, lb_now_ns(), ctr, ev, fmt, ap);
	va_end(ap);
}

/* An event stamped when it happened (at_ns), noted a little later. */
static void event_at(struct run *run, uint64_t at_ns, const char *ctr, const char *ev,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void event_at(struct run *run, uint64_t at_ns, const char *ctr, const char *ev,
		     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	event_v(run, at_ns, ctr, ev, fmt, ap);
	va_end(ap);
}

static const char *sig_name(int sig)
{
	const char *s = lb_signal_abbrev(sig);

	return s ? s : "?";
}

static void on_ready(void *arg, uint64_t data, uint32_t events);

/* OOM notifications are priority 0: an OOM kill and the exit it causes often wake the loop
 * together, and the kill happened first. */
static int ep_add(struct run *run, int fd, enum src src, size_t i, lb_error *err)
{
	return lb_sup_watch(&run->sup, fd, EPOLLIN, src == SRC_CTR_EVENT ? 0 : 1, on_ready, run,
			    SRC_DATA(src, i), err);
}

static void ep_del(struct run *run, int fd)
{
	lb_sup_unwatch(&run->sup, fd);
}

/* ---- setting up ---------------------------------------------------------------------------- */

static int open_output(const char *dir, const char *name, const char *ext, lb_error *err)
{
	_cleanup_free_ char *path = lb_xasprintf("%s/%s.%s", dir, name, ext);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return lb_error_sys(err, "open %s", path);
	return fd;
}

/* The cgroup of the group named `name` (made already: parents come first), NULL for none. */
static struct lb_cgroup *group_cg(const struct run *run, const char *name)
{
	for (size_t i = 0; name && i < run->n_g; i++)
		if (!strcmp(run->g[i].spec->name, name))
			return run->g[i].cg;
	return NULL;
}

/* A group's cgroup, inside its parent's. */
static int group_create(struct run *run, struct rgroup *g, lb_error *err)
{
	if (lb_cgroup_create_in(run->ctx->session, group_cg(run, g->spec->parent), g->spec->name,
				&g->spec->limits, &g->cg, err) < 0)
		return lb_error_wrap(err, "group %s", g->spec->name);
	if (lb_cgroup_applied(g->cg, &g->res->applied, err) == 0)
		g->res->has_applied = true;
	lb_error_clear(err);
	return 0;
}

/* Cgroup and blocked container of one container of the run. */
static int ctr_create(struct run *run, struct rctr *c, const char *out_dir, lb_error *err)
{
	const struct lb_scn_ctr *sc = c->spec;
	_cleanup_close_ int out = -1, errfd = -1;
	char **env = NULL;
	size_t n_env = 0;
	int rc = -1;

	if (lb_cgroup_create_in(run->ctx->session, group_cg(run, sc->group), sc->name, &sc->limits,
				&c->cg, err) < 0)
		return lb_error_wrap(err, "container %s", sc->name);
	if (lb_cgroup_applied(c->cg, &c->res->applied, err) == 0)
		c->res->has_applied = true;
	lb_error_clear(err);

	out = open_output(out_dir, sc->name, "out", err);
	if (out < 0)
		return -1;
	errfd = open_output(out_dir, sc->name, "err", err);
	if (errfd < 0)
		return -1;
	for (char **e = sc->env; e && *e; e++)
		n_env++;
	env = lb_env_build(&(struct lb_env_opts){
	    .hostname = sc->name, .term = run->ctx->term, .add = sc->env, .n_add = n_env});
	struct lb_container_spec cs;
	lb_sup_container_spec(sc, NULL, env, c->cg, run->ctx->hier, &cs);
	cs.stdout_fd = out;
	cs.stderr_fd = errfd;
	/* Those that start at 0 wait at the run's shared barrier (see lb_run_one). */
	cs.has_barrier = sc->start_ns == 0 && run->barrier[0] >= 0;
	cs.barrier_fd = run->barrier[0];
	if (lb_container_create(&cs, &c->c, err) < 0) {
		lb_error_wrap(err, "container %s", sc->name);
		goto out;
	}
	c->created = true;
	c->timer_fd = lb_timer_new(err);
	if (c->timer_fd < 0)
		goto out;
	if (ep_add(run, c->timer_fd, SRC_CTR_TIMER, (size_t)(c - run->c), err) < 0)
		goto out;
	if (c->c.pidfd < 0) {
		lb_error_fail(err, "container %s: no pidfd (Linux 5.3 or later is needed)",
			      sc->name);
		goto out;
	}
	if (ep_add(run, c->c.pidfd, SRC_CTR_EXIT, (size_t)(c - run->c), err) < 0)
		goto out;
	if (lb_cgroup_event_fd(c->cg) >= 0 &&
	    ep_add(run, lb_cgroup_event_fd(c->cg), SRC_CTR_EVENT, (size_t)(c - run->c), err) < 0)
		goto out;
	rc = 0;
out:
	lb_env_free(env);
	return rc;
}

/* ---- what happens to a container ---------------------------------------------------------- */

static size_t ctr_index(const struct run *run, const struct rctr *c)
{
	return (size_t)(c - run->c);
}

/* The go byte: it starts at at_ns (its set-up is done: lb_container_wait_ready()). */
static void ctr_release(struct rctr *c, uint64_t at_ns)
{
	lb_error err = {0};

	c->started_ns = at_ns;
	c->state = CS_RUNNING;
	c->release_rc = lb_container_go(&c->c, &err);
}

/* Its exec's outcome, and what follows from its start. */
static void ctr_confirm(struct run *run, struct rctr *c)
{
	lb_error err = {0};
	int rc = c->release_rc < 0 ? -1 : lb_container_confirm(&c->c, &err);

	/* lb_container_confirm() returns once exec succeeded (or failed): everything charged
	 * so far was set-up.  A failed exec leaves nothing of the workload to count. */
	lb_cgroup_cpu_stats(c->cg, &c->exec_cpu);
	if (c->exec_cpu.valid & LB_STAT_CPU_TIME)
		lb_sampler_rebase(run->sampler, ctr_index(run, c), c->exec_cpu.cpu_ns, lb_now_ns());

	event_at(run, c->started_ns, c->spec->name, "start", "%s", c->spec->argv[0]);
	if (rc < 0)
		/* It exits 125/126/127: its pidfd reports it like any exit. */
		event(run, c->spec->name, "error", "%s", err.msg);
	if (c->spec->has_duration)
		lb_timer_arm(c->timer_fd, c->started_ns + c->spec->duration_ns, 0);
}

static void ctr_start(struct run *run, struct rctr *c)
{
	ctr_release(c, lb_now_ns());
	ctr_confirm(run, c);
}

static void ctr_signal(struct run *run, struct rctr *c, int sig, const char *why)
{
	if (c->state == CS_EXITED)
		return;
	if (sig == SIGKILL)
		c->killed_by_us = true;
	if (lb_container_signal(&c->c, sig) == 0)
		event(run, c->spec->name, "signal", "%s (%s)", sig_name(sig), why);
	/* KILL ends the whole container at once, through its cgroup (which lifts its CPU
	 * quota first: dying tasks need CPU), rather than leaving PID 1 and the rest to die
	 * at the pace of a quota that a fork bomb spends. */
	if (sig == SIGKILL) {
		lb_error err = {0};

		lb_cgroup_kill(c->cg, &err);
	}
}

/* The per-container timer: start delay, then the end of its duration, then the KILL. */
static void ctr_timer(struct run *run, struct rctr *c)
{
	if (!lb_timer_read(c->timer_fd))
		return;
	switch (c->state) {
	case CS_CREATED:
		if (!run->stopping)
			ctr_start(run, c);
		break;
	case CS_RUNNING:
		/* PID 1 of a pid namespace ignores the signals it has no handler for, so TERM
		 * may do nothing: KILL follows a second later either way. */
		ctr_signal(run, c, SIGTERM, "duration");
		c->state = CS_TERM_SENT;
		lb_timer_arm(c->timer_fd, lb_now_ns() + KILL_AFTER_TERM_NS, 0);
		break;
	case CS_TERM_SENT:
		ctr_signal(run, c, SIGKILL, "duration");
		break;
	case CS_EXITED:
	default:
		break;
	}
}

/* New OOM kills since the last look: one oom_kill event each. */
static void ctr_check_oom(struct run *run, struct rctr *c, bool from_event)
{
	struct lb_cg_stats st = {0};
	lb_error err = {0};

	/* v1's eventfd on memory.oom_control fires only when the cgroup is out of memory,
	 * which ends in a kill even if the counter has not moved yet; v2's inotify on
	 * memory.events fires for any change (a "max" or "high" event too), so there only
	 * the counter tells an OOM kill.
	 * Found when its exit is handled (the notification may come later): it happened
	 * before that exit, so it is stamped no later. */
	uint64_t now = lb_now_ns();
	bool killed = false;

	if (c->exited_ns && c->exited_ns < now)
		now = c->exited_ns;

	bool stats_ok = lb_cgroup_stats(c->cg, &st, &err) == 0;

	/* v2 notifies memory.max hits too (memory.events max), which come before the OOM kill
	 * they may lead to: a mem_max event when they
	 * start, then at most one per sample interval with the hits since (the kernel notifies
	 * up to 50 times a second).  v1 has no notification for them. */
	if (from_event && lb_cgroup_is_v2(c->cg) && (st.valid & LB_STAT_MEM_MAX_HITS) &&
	    st.mem_max_hits > c->max_hits_seen &&
	    (!c->max_event_ns || now - c->max_event_ns >= run->interval_ns)) {
		event_at(run, now, c->spec->name, "mem_max",
			 "+%" PRIu64 " memory.max hits (%" PRIu64 " in all)",
			 st.mem_max_hits - c->max_hits_seen, st.mem_max_hits);
		c->max_hits_seen = st.mem_max_hits;
		c->max_event_ns = now;
	}
	if (from_event && !lb_cgroup_is_v2(c->cg))
		c->oom_event = true;
	if (stats_ok && (st.valid & LB_STAT_OOM_KILLS)) {
		for (; c->oom_count < st.oom_kills; c->oom_count++) {
			c->oom_event = true;
			killed = true;
			event_at(run, now, c->spec->name, "oom_kill", "kill %" PRIu64,
				 c->oom_count + 1);
		}
	} else if (from_event && !lb_cgroup_is_v2(c->cg)) {
		/* No counter (v1 before Linux 4.13): the eventfd on memory.oom_control fires
		 * when the cgroup is out of memory, which ends in a kill. */
		c->oom_event = true;
		killed = true;
		event_at(run, now, c->spec->name, "oom_kill", "OOM notification");
	}
	if (killed && !c->oom_ns)
		c->oom_ns = now;
	/* The memory at the moment of an OOM (a notification comes while the kill is under
	 * way), not up to an interval later.  v1 notifies only OOMs; v2 notifies every
	 * memory.events change, up to 50 a second while usage presses on memory.max, and a
	 * sample at each of those would be a sampler of its own (and would catch the few pages
	 * the kernel force-charges past the limit that an even sampling hardly ever sees). */
	if (from_event && (killed || !lb_cgroup_is_v2(c->cg)) && !run->stopping) {
		lb_sampler_take_one(run->sampler, ctr_index(run, c));
		/* and of the groups it is in, whose limit may be the one that was hit (their
		 * samples come after the containers': see lb_run_one) */
		for (size_t i = 0; i < run->n_g; i++)
			if (run_inside(run, c->spec->group, run->g[i].spec))
				lb_sampler_take_one(run->sampler, run->n + i);
	}
}

static void ctr_exited(struct run *run, struct rctr *c)
{
	struct lb_ctr_result *res = c->res;
	int st = c->c.status;

	c->exited_ns = lb_now_ns();
	/* A last sample while its cgroup is still there: a container shorter than one interval
	 * (ls) has a series, and its last moment is in it.  Then the OOM kills that led to the
	 * exit (the kernel's notification may come a little later), before the exit itself. */
	lb_sampler_take_one(run->sampler, ctr_index(run, c));
	ctr_check_oom(run, c, false);
	c->state = CS_EXITED;
	ep_del(run, c->c.pidfd);
	lb_timer_disarm(c->timer_fd);
	/* Ended by the SIGKILL of an interrupt, not on its own (one that exited before the
	 * KILL landed keeps its own status). */
	res->interrupted =
	    run->signal && c->killed_by_us && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
	res->scalar[LB_SCALAR_EXIT] = lb_container_exit_code(&c->c);
	res->has[LB_SCALAR_EXIT] = true;
	free(res->str[LB_SCALAR_SIGNAL]);
	res->str[LB_SCALAR_SIGNAL] = lb_xstrdup(WIFSIGNALED(st) ? sig_name(WTERMSIG(st)) : "none");
	res->has[LB_SCALAR_SIGNAL] = true;
	if (c->started_ns) {
		res->scalar[LB_SCALAR_WALL] = (double)(c->exited_ns - c->started_ns) / 1e9;
		res->has[LB_SCALAR_WALL] = true;
	}
	if (WIFSIGNALED(st))
		event(run, c->spec->name, "exit", "signal %s (exit code %d)",
		      sig_name(WTERMSIG(st)), lb_container_exit_code(&c->c));
	else
		event(run, c->spec->name, "exit", "exit code %d", lb_container_exit_code(&c->c));
	/* Without a pid namespace, what PID 1 started outlives it: the container is its
	 * cgroup, so end the rest now (with one, the kernel already killed them). */
	if (!(c->spec->namespaces & LB_NS_PID)) {
		lb_error err = {0};

		lb_cgroup_kill(c->cg, &err);
	}
}

/* Timeout or signal: stop sampling, kill everything; the loop then collects the exits. */
static void stop_all(struct run *run, const char *why)
{
	if (run->stopping)
		return;
	run->stopping = true;
	lb_timer_disarm(run->sample_fd);
	for (size_t i = 0; i < run->n; i++) {
		struct rctr *c = &run->c[i];

		if (c->state == CS_EXITED)
			continue;
		lb_timer_disarm(c->timer_fd);
		if (c->state == CS_CREATED) {
			/* Never released: it dies behind the barrier, and never ran. */
			c->killed_by_us = true;
			lb_container_signal(&c->c, SIGKILL);
			continue;
		}
		ctr_signal(run, c, SIGKILL, why);
	}
}

/*
 * A stall: no sample for three intervals and at least 50 ms, because limitbench did not run
 * (the machine was overloaded, or paused under it as a VM's host can).  Whatever ran then
 * is charged the whole gap, and CFS evens a CPU split out only afterwards: an expectation
 * on a window that ends inside the catching up is off.  The run says so, as an event and
 * in its summary, so that such a failure is told apart from a wrong limit.
 */
static void note_stall(struct run *run, uint64_t now)
{
	uint64_t gap = now - run->last_sample_ns;

	run->last_sample_ns = now;
	if (gap < 3 * run->interval_ns || gap < STALL_MIN_NS)
		return;
	run->r->stalls++;
	run->r->longest_stall = fmax(run->r->longest_stall, (double)gap / 1e9);
	/* plot/draw_run.c reads the gap back from this wording to shade the stall. */
	event(run, "", "stall", "no sample for %.3f s (limitbench did not run)", (double)gap / 1e9);
}

static void on_sample(struct run *run)
{
	uint64_t n = lb_timer_read(run->sample_fd);
	uint64_t due, now;

	if (!n || run->stopping)
		return;
	run->ticks += n;
	due = run->t0 + run->ticks * run->interval_ns;
	now = lb_now_ns();
	run->r->samples++;
	/* Ticks that expired unseen were skipped: late by a whole interval or more. */
	run->r->late_samples += (unsigned)(n - 1);
	if (now > due && now - due > run->interval_ns / 2)
		run->r->late_samples++;
	note_stall(run, now);
	lb_sampler_take(run->sampler);
}

static void on_signal(struct run *run)
{
	struct signalfd_siginfo si;

	if (read(run->ctx->signal_fd, &si, sizeof(si)) != sizeof(si))
		return;
	/* A second Ctrl-C lands here too, and changes nothing: the cleanup goes on. */
	if (run->signal)
		return;
	run->signal = (int)si.ssi_signo;
	event(run, "", "interrupted", "SIG%s", sig_name(run->signal));
	stop_all(run, "interrupted");
}

static bool all_exited(void *arg)
{
	const struct run *run = arg;

	for (size_t i = 0; i < run->n; i++)
		if (run->c[i].state != CS_EXITED)
			return false;
	return true;
}

/* What woke the supervisor (supervise/supervise.h: OOM notifications come first). */
static void on_ready(void *arg, uint64_t data, uint32_t events)
{
	struct run *run = arg;
	enum src src = (enum src)(data >> 32);
	struct rctr *c = &run->c[(uint32_t)data];

	switch (src) {
	case SRC_SAMPLE:
		on_sample(run);
		break;
	case SRC_TIMEOUT:
		if (!lb_timer_read(run->timeout_fd) || run->stopping)
			break;
		run->timed_out = true;
		event(run, "", "timeout", "after %.3gs", secs(run, lb_now_ns()));
		stop_all(run, "timeout");
		break;
	case SRC_PROGRESS:
		lb_timer_read(run->progress_fd);
		if (run->ctx->on_progress)
			run->ctx->on_progress(run->ctx->cb_arg, run->r, secs(run, lb_now_ns()),
					      run->limit_s);
		break;
	case SRC_SIGNAL:
		on_signal(run);
		break;
	case SRC_CTR_TIMER:
		ctr_timer(run, c);
		break;
	case SRC_CTR_EXIT:
		if (c->state != CS_EXITED && lb_container_reap(&c->c, false) == 1)
			ctr_exited(run, c);
		break;
	case SRC_CTR_EVENT:
		lb_cgroup_event_ack(c->cg);
		ctr_check_oom(run, c, true);
		break;
	default:
		break;
	}
}

static int loop(struct run *run, lb_error *err)
{
	return lb_sup_run(&run->sup, all_exited, run, err);
}

/* ---- the end of a run -------------------------------------------------------------------- */

/* The longest a run should last, for the progress line: every container's start+duration
 * and the second a SIGTERM may be ignored for, when all have one; else the timeout. */
static double run_limit(const struct lb_run_spec *spec)
{
	uint64_t m = 0;

	for (size_t i = 0; i < spec->n_ctrs; i++) {
		const struct lb_scn_ctr *sc = &spec->ctrs[i];

		if (!sc->has_duration)
			return (double)spec->timeout_ns / 1e9;
		if (sc->start_ns + sc->duration_ns + KILL_AFTER_TERM_NS > m)
			m = sc->start_ns + sc->duration_ns + KILL_AFTER_TERM_NS;
	}
	if (m > spec->timeout_ns)
		m = spec->timeout_ns;
	return (double)m / 1e9;
}

static void result_init(const struct lb_scenario *scn, const struct lb_run_spec *spec,
			unsigned repeat_i, unsigned repeat_n, struct lb_run_result *r)
{
	struct timespec now;

	memset(r, 0, sizeof(*r));
	r->scenario = lb_xstrdup(scn->name);
	r->run_name = lb_xstrdup(spec->run_name);
	r->n_params = spec->n_params;
	r->params = lb_xcalloc(spec->n_params ? spec->n_params : 1, sizeof(*r->params));
	for (size_t i = 0; i < spec->n_params; i++) {
		r->params[i].name = lb_xstrdup(spec->params[i].name);
		r->params[i].value = lb_xstrdup(spec->params[i].value);
	}
	r->repeat_index = repeat_i;
	r->repeat_count = repeat_n;
	clock_gettime(CLOCK_REALTIME, &now);
	r->started_at = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
	/* The containers, then the groups */
	r->n_ctrs = spec->n_ctrs + spec->n_groups;
	r->ctrs = lb_xcalloc(r->n_ctrs ? r->n_ctrs : 1, sizeof(*r->ctrs));
	for (size_t i = 0; i < spec->n_ctrs; i++) {
		struct lb_ctr_result *cr = &r->ctrs[i];

		cr->name = lb_xstrdup(spec->ctrs[i].name);
		cr->asked = spec->ctrs[i].limits;
		cr->asked.cpuset =
		    spec->ctrs[i].limits.cpuset ? lb_xstrdup(spec->ctrs[i].limits.cpuset) : NULL;
		lb_limits_io_copy(&cr->asked, &spec->ctrs[i].limits);
		cr->group = spec->ctrs[i].group ? lb_xstrdup(spec->ctrs[i].group) : NULL;
	}
	for (size_t i = 0; i < spec->n_groups; i++) {
		const struct lb_scn_group *g = &spec->groups[i];
		struct lb_ctr_result *cr = &r->ctrs[spec->n_ctrs + i];

		cr->name = lb_xstrdup(g->name);
		cr->is_group = true;
		cr->asked = g->limits;
		cr->asked.cpuset = g->limits.cpuset ? lb_xstrdup(g->limits.cpuset) : NULL;
		lb_limits_io_copy(&cr->asked, &g->limits);
		cr->group = g->parent ? lb_xstrdup(g->parent) : NULL;
	}
	r->outcome = LB_OUTCOME_PASS;
}

/* Evaluate every expectation; the outcome is FAIL when one did not hold, unless the run
 * already has a worse one (timeout, interrupted). */
static void judge(const struct lb_run_spec *spec, struct lb_run_result *r)
{
	r->n_verdicts = spec->n_expects;
	r->verdicts = lb_xcalloc(spec->n_expects ? spec->n_expects : 1, sizeof(*r->verdicts));
	for (size_t i = 0; i < spec->n_expects; i++) {
		lb_expect_eval(spec->expects[i].expr, r, &r->verdicts[i]);
		if (!r->verdicts[i].text)
			r->verdicts[i].text = lb_xstrdup(spec->expects[i].text);
		if ((r->verdicts[i].result == LB_FAIL || r->verdicts[i].result == LB_ERROR) &&
		    r->outcome == LB_OUTCOME_PASS)
			r->outcome = LB_OUTCOME_FAIL;
	}
}

/* Kill and remove everything the run made, whatever state it is in. */
static void teardown(struct run *run)
{
	for (size_t i = 0; i < run->n; i++) {
		struct rctr *c = &run->c[i];
		lb_error err = {0};

		if (c->created)
			lb_container_release(&c->c);
		if (c->timer_fd >= 0)
			close(c->timer_fd);
		lb_cgroup_destroy(c->cg, &err);
		c->cg = NULL;
	}
	/* The groups once their members are gone, children before parents. */
	for (size_t i = run->n_g; i-- > 0;) {
		lb_error err = {0};

		lb_cgroup_destroy(run->g[i].cg, &err);
		run->g[i].cg = NULL;
	}
	free(run->g);
	for (size_t i = 0; i < 2; i++)
		if (run->barrier[i] >= 0)
			close(run->barrier[i]);
	lb_sampler_free(run->sampler);
	if (run->sample_fd >= 0)
		close(run->sample_fd);
	if (run->timeout_fd >= 0)
		close(run->timeout_fd);
	if (run->progress_fd >= 0)
		close(run->progress_fd);
	lb_sup_close(&run->sup);
	free(run->c);
}

int lb_run_one(const struct lb_run_ctx *ctx, const struct lb_scenario *scn,
	       const struct lb_run_spec *spec, unsigned repeat_i, const char *out_dir,
	       struct lb_run_result *r, lb_error *err)
{
	struct run run = {
	    .ctx = ctx,
	    .spec = spec,
	    .r = r,
	    .n = spec->n_ctrs,
	    .sup = LB_SUP_NONE,
	    .sample_fd = -1,
	    .timeout_fd = -1,
	    .progress_fd = -1,
	    .barrier = {-1, -1},
	    .interval_ns = spec->sample_ns ? spec->sample_ns : 100000000ull,
	};
	unsigned repeat_n = ctx->repeat ? ctx->repeat : (spec->repeat ? spec->repeat : 1);
	int rc = -1;

	result_init(scn, spec, repeat_i, repeat_n, r);
	run.limit_s = run_limit(spec);
	run.c = lb_xcalloc(run.n ? run.n : 1, sizeof(*run.c));
	for (size_t i = 0; i < run.n; i++) {
		run.c[i].spec = &spec->ctrs[i];
		run.c[i].res = &r->ctrs[i];
		run.c[i].timer_fd = -1;
	}
	run.n_g = spec->n_groups;
	run.g = lb_xcalloc(run.n_g ? run.n_g : 1, sizeof(*run.g));
	for (size_t i = 0; i < run.n_g; i++) {
		run.g[i].spec = &spec->groups[i];
		run.g[i].res = &r->ctrs[spec->n_ctrs + i];
	}
	if (ctx->on_run_start)
		ctx->on_run_start(ctx->cb_arg, r, repeat_i, repeat_n, run.limit_s);

	if (lb_sup_init(&run.sup, err) < 0)
		goto out;
	run.sample_fd = lb_timer_new(err);
	run.timeout_fd = run.sample_fd < 0 ? -1 : lb_timer_new(err);
	run.progress_fd = run.timeout_fd < 0 ? -1 : lb_timer_new(err);
	if (run.progress_fd < 0 || ep_add(&run, run.sample_fd, SRC_SAMPLE, 0, err) < 0 ||
	    ep_add(&run, run.timeout_fd, SRC_TIMEOUT, 0, err) < 0 ||
	    (ctx->on_progress && ep_add(&run, run.progress_fd, SRC_PROGRESS, 0, err) < 0) ||
	    (ctx->signal_fd >= 0 && ep_add(&run, ctx->signal_fd, SRC_SIGNAL, 0, err) < 0))
		goto out;

	/* The start barrier: a pipe whose read end every container that starts at 0 keeps;
	 * closing the write end wakes them all in one system call. */
	if (pipe2(run.barrier, O_CLOEXEC) < 0) {
		lb_error_sys(err, "pipe2");
		goto out;
	}
	for (size_t i = 0; i < run.n_g; i++)
		if (group_create(&run, &run.g[i], err) < 0)
			goto out;
	for (size_t i = 0; i < run.n; i++)
		if (ctr_create(&run, &run.c[i], out_dir, err) < 0)
			goto out;
	close(run.barrier[0]);
	run.barrier[0] = -1;

	/* The barrier: everything exists, is set up and waits; from here on the clock runs. */
	for (size_t i = 0; i < run.n; i++)
		lb_container_wait_ready(&run.c[i].c);
	run.t0 = lb_now_ns();
	run.last_sample_ns = run.t0;
	if (lb_sampler_new(run.t0, &run.sampler, err) < 0)
		goto out;
	for (size_t i = 0; i < run.n; i++)
		lb_sampler_add(run.sampler, run.c[i].cg, run.c[i].res);
	/* after the containers: lb_sampler_take_one(i) is container i */
	for (size_t i = 0; i < run.n_g; i++) {
		lb_sampler_add(run.sampler, run.g[i].cg, run.g[i].res);
		lb_cgroup_cpu_stats(run.g[i].cg, &run.g[i].base);
	}
	lb_sampler_baseline(run.sampler);
	/* Those that start at 0 start together: each gets its go byte while it still waits at
	 * the shared barrier (so that none is woken, and none takes the CPU from the harness
	 * before the others are released), then one close wakes them all; only then is each
	 * exec confirmed.  Their start (events, wall, durations) is that release;
	 * r->start_skew is how far apart they then passed the barrier, each by its own clock
	 * right before its exec: with more containers than CPUs, the last ones wait for a CPU
	 * that the first ones' exec holds. */
	uint64_t released = lb_now_ns();
	for (size_t i = 0; i < run.n; i++)
		if (run.c[i].spec->start_ns == 0)
			ctr_release(&run.c[i], released);
	close(run.barrier[1]);
	run.barrier[1] = -1;
	uint64_t first = UINT64_MAX, last = 0;
	for (size_t i = 0; i < run.n; i++) {
		struct rctr *c = &run.c[i];

		if (c->spec->start_ns != 0) {
			lb_timer_arm(c->timer_fd, run.t0 + c->spec->start_ns, 0);
			continue;
		}
		ctr_confirm(&run, c);
		if (c->c.woke_ns) {
			first = c->c.woke_ns < first ? c->c.woke_ns : first;
			last = c->c.woke_ns > last ? c->c.woke_ns : last;
		}
	}
	r->start_skew = last > first ? (double)(last - first) / 1e9 : 0;
	lb_timer_arm(run.sample_fd, run.t0 + run.interval_ns, run.interval_ns);
	/* The scenario layer always sets a timeout (default 5m); 0 would fire at once. */
	lb_timer_arm(run.timeout_fd,
		     run.t0 + (spec->timeout_ns ? spec->timeout_ns : 300 * NS_PER_S), 0);
	if (ctx->on_progress)
		lb_timer_arm(run.progress_fd, run.t0 + PROGRESS_NS, PROGRESS_NS);

	if (loop(&run, err) < 0) {
		stop_all(&run, "error");
		goto out;
	}
	r->duration = secs(&run, lb_now_ns());
	lb_sampler_finish(run.sampler);
	for (size_t i = 0; i < run.n; i++)
		run_ctr_scalars(&run.c[i]);
	for (size_t i = 0; i < run.n_g; i++)
		run_group_scalars(&run, &run.g[i]);
	rc = 0;
out:
	teardown(&run);
	if (rc < 0) {
		lb_error werr = {0};

		r->outcome = LB_OUTCOME_ERROR;
		free(r->error);
		r->error = lb_xstrdup(err->msg);
		/* The folder says what went wrong too (best effort: err already says it). */
		lb_report_write_run(out_dir, scn, r, ctx->host, &werr);
		return -1;
	}
	if (run.signal) {
		r->outcome = LB_OUTCOME_INTERRUPTED;
		if (ctx->interrupted)
			*ctx->interrupted = run.signal;
	} else if (run.timed_out) {
		r->outcome = LB_OUTCOME_TIMEOUT;
	}
	judge(spec, r);
	if (lb_report_write_run(out_dir, scn, r, ctx->host, err) < 0)
		return lb_error_wrap(err, "write the results of %s", r->run_name);
	return 0;
}
