/* SPDX-License-Identifier: MIT */
/*
 * The scalars of a run's containers and groups (SPEC section 3), derived once the run is
 * over from their cgroups' counters, their series and how each container ended.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "run/internal.h"
#include "util/alloc.h"
#include "util/cleanup.h"

static void set_scalar(struct lb_ctr_result *res, enum lb_scalar_id id, double v)
{
	res->scalar[id] = v;
	res->has[id] = true;
}

static void series_max(const struct lb_series *s, struct lb_ctr_result *res, enum lb_scalar_id id)
{
	double v;

	if (lb_series_stat(s, LB_FN_MAX, -INFINITY, INFINITY, &v) == 0)
		set_scalar(res, id, v);
}

/* after - before, in seconds; 0 when the counter went backwards (it never should). */
static double cpu_delta(uint64_t after, uint64_t before)
{
	return after > before ? (double)(after - before) / 1e9 : 0;
}

/*
 * The workload's CPU time: the cgroup's totals less what was charged before its exec
 * (setup_cpu_time, limitbench's own work in the cgroup).  A container that never started
 * ran no workload: all of it was set-up.  Where the counter could not be read at the exec,
 * the two cannot be told apart: neither is measured (never a total with the set-up in it).
 */
static void ctr_cpu_scalars(struct rctr *c, const struct lb_cg_stats *st)
{
	static const struct {
		unsigned bit;
		enum lb_scalar_id id;
		size_t off;
	} cpu[] = {
	    {LB_STAT_CPU_TIME, LB_SCALAR_CPU_TIME, offsetof(struct lb_cg_stats, cpu_ns)},
	    {LB_STAT_CPU_USER, LB_SCALAR_CPU_USER, offsetof(struct lb_cg_stats, cpu_user_ns)},
	    {LB_STAT_CPU_SYSTEM, LB_SCALAR_CPU_SYSTEM, offsetof(struct lb_cg_stats, cpu_system_ns)},
	};
	struct lb_ctr_result *res = c->res;

	for (size_t i = 0; i < LB_ARRAY_SIZE(cpu); i++) {
		uint64_t total, base = 0;

		if (!(st->valid & cpu[i].bit))
			continue;
		memcpy(&total, (const char *)st + cpu[i].off, sizeof(total));
		if (!c->started_ns) {
			base = total;
		} else if (c->exec_cpu.valid & cpu[i].bit) {
			memcpy(&base, (const char *)&c->exec_cpu + cpu[i].off, sizeof(base));
		} else {
			static const char why[] =
			    "the cgroup's CPU time could not be read when the "
			    "workload exec'd: its own and limitbench's set-up "
			    "cannot be told apart";

			res->not_measured[cpu[i].id] = lb_xstrdup(why);
			if (cpu[i].bit == LB_STAT_CPU_TIME)
				res->not_measured[LB_SCALAR_SETUP_CPU_TIME] = lb_xstrdup(why);
			continue;
		}
		set_scalar(res, cpu[i].id, cpu_delta(total, base));
		if (cpu[i].bit == LB_STAT_CPU_TIME)
			set_scalar(res, LB_SCALAR_SETUP_CPU_TIME, (double)base / 1e9);
	}
}

/* The I/O counters (i11-io): all four, or all four not measured with the reason. */
static void ctr_io_scalars(struct lb_ctr_result *res, const struct lb_cg_stats *st)
{
	const struct {
		enum lb_scalar_id id;
		uint64_t v;
	} io[] = {{LB_SCALAR_IO_READ_BYTES, st->io_rbytes},
		  {LB_SCALAR_IO_WRITE_BYTES, st->io_wbytes},
		  {LB_SCALAR_IO_READ_IOS, st->io_rios},
		  {LB_SCALAR_IO_WRITE_IOS, st->io_wios}};

	for (size_t i = 0; i < LB_ARRAY_SIZE(io); i++) {
		if (st->valid & LB_STAT_IO)
			set_scalar(res, io[i].id, (double)io[i].v);
		else
			res->not_measured[io[i].id] = lb_xstrdup(
			    st->io_why ? st->io_why : "the I/O counters could not be read");
	}
}

/*
 * The memory.events counters of v2.  v1 has no such file: its only OOM count besides oom_kill
 * is the eventfd notification on memory.oom_control, which the kernel sends only when it
 * takes the hierarchy's OOM lock (concurrent OOMs are one notification) and for every cgroup
 * of the subtree: not an exact count of OOMs, so not measured.
 */
static void mem_event_scalars(struct lb_ctr_result *res, const struct lb_cgroup *cg,
			      const struct lb_cg_stats *st)
{
	static const struct {
		unsigned bit;
		size_t off;
		enum lb_scalar_id id;
		const char *v1_why;
	} ev[] = {
	    {LB_STAT_MEM_HIGH_EVENTS, offsetof(struct lb_cg_stats, mem_high_events),
	     LB_SCALAR_MEM_HIGH_EVENTS,
	     "cgroup v1 has no memory.high, so no high events (v2 memory.events high)"},
	    {LB_STAT_MEM_LOW_EVENTS, offsetof(struct lb_cg_stats, mem_low_events),
	     LB_SCALAR_MEM_LOW_EVENTS,
	     "cgroup v1 has no memory.low, so no low events (v2 memory.events low)"},
	    {LB_STAT_OOM_EVENTS, offsetof(struct lb_cg_stats, oom_events), LB_SCALAR_OOM_EVENTS,
	     "cgroup v1 counts no OOM events (v2 memory.events oom): its eventfd notification "
	     "on memory.oom_control is sent only when the OOM lock is free, so it is not an "
	     "exact count"},
	};
	for (size_t i = 0; i < LB_ARRAY_SIZE(ev); i++) {
		uint64_t v;

		memcpy(&v, (const char *)st + ev[i].off, sizeof(v));
		if (st->valid & ev[i].bit)
			set_scalar(res, ev[i].id, (double)v);
		else if (!lb_cgroup_is_v2(cg))
			res->not_measured[ev[i].id] = lb_xstrdup(ev[i].v1_why);
		else
			res->not_measured[ev[i].id] =
			    lb_xstrdup("memory.events could not be read (no memory controller for "
				       "this cgroup)");
	}
}

/* The applied limits as scalars (mem_limit, mem_high, cpu_weight, cpu_quota, cpuset), of a
 * container or a group. */
static void applied_scalars(struct lb_ctr_result *res, const struct lb_cgroup *cg)
{
	if (res->has_applied) {
		const struct lb_cg_applied *a = &res->applied;

		set_scalar(res, LB_SCALAR_MEM_LIMIT, (double)a->mem_limit);
		if (a->mem_high)
			set_scalar(res, LB_SCALAR_MEM_HIGH, (double)a->mem_high);
		else if (!lb_cgroup_is_v2(cg))
			res->not_measured[LB_SCALAR_MEM_HIGH] =
			    lb_xstrdup("cgroup v1 has no memory.high (a v2 file)");
		set_scalar(res, LB_SCALAR_CPU_WEIGHT, (double)a->cpu_weight);
		set_scalar(res, LB_SCALAR_CPU_QUOTA, a->cpu_quota);
		free(res->str[LB_SCALAR_CPUSET]);
		res->str[LB_SCALAR_CPUSET] = lb_xstrdup(a->cpuset);
		res->has[LB_SCALAR_CPUSET] = true;
	}
}

/*
 * The scalars a container and a group read alike from their cgroup's stats: memory peak
 * and limit hits, CPU throttling, pids, I/O, the memory.events counts and the limits the
 * kernel kept.  The OOM kills and CPU times differ (see run_ctr_scalars, run_group_scalars).
 */
static void cgroup_scalars(struct lb_ctr_result *res, const struct lb_cgroup *cg,
			   const struct lb_cg_stats *st)
{
	if (st->valid & LB_STAT_MEM_PEAK)
		set_scalar(res, LB_SCALAR_MEM_PEAK, (double)st->mem_peak);
	else /* v2 before memory.peak (Linux 5.19) */
		series_max(&res->series[LB_SERIES_MEM], res, LB_SCALAR_MEM_PEAK);
	if (st->valid & LB_STAT_MEM_MAX_HITS)
		set_scalar(res, LB_SCALAR_MEM_MAX_HITS, (double)st->mem_max_hits);
	else if (st->mem_max_hits_why)
		res->not_measured[LB_SCALAR_MEM_MAX_HITS] = lb_xstrdup(st->mem_max_hits_why);
	if (st->valid & LB_STAT_THROTTLED)
		set_scalar(res, LB_SCALAR_THROTTLED, (double)st->throttled_ns / 1e9);
	if (st->valid & LB_STAT_THROTTLED_PERIODS)
		set_scalar(res, LB_SCALAR_THROTTLED_PERIODS, (double)st->throttled_periods);
	if (st->valid & LB_STAT_PIDS_PEAK)
		set_scalar(res, LB_SCALAR_PIDS_PEAK, (double)st->pids_peak);
	else /* v1, and v2 before pids.peak (Linux 6.1) */
		series_max(&res->series[LB_SERIES_PIDS], res, LB_SCALAR_PIDS_PEAK);
	if (st->valid & LB_STAT_PIDS_DENIED)
		set_scalar(res, LB_SCALAR_PIDS_DENIED, (double)st->pids_denied);
	ctr_io_scalars(res, st);
	mem_event_scalars(res, cg, st);
	applied_scalars(res, cg);
}

void run_ctr_scalars(struct rctr *c)
{
	struct lb_ctr_result *res = c->res;
	struct lb_cg_stats st = {0};
	lb_error err = {0};
	bool oom_by_status;

	if (lb_cgroup_stats(c->cg, &st, &err) < 0)
		st.valid = 0;
	/*
	 * OOM kills.  The cgroup's counter (v1 memory.oom_control oom_kill, v2 memory.events
	 * oom_kill) counts every kill in the cgroup, the workload's helpers included, and is
	 * the number to trust when the kernel has it.  The wait status adds what the counter
	 * can miss (no counter on old v1 kernels; a kill charged elsewhere): PID 1 ended by
	 * SIGKILL that limitbench did not send, after the cgroup reported an OOM event, is
	 * one kill.  Both may describe the same kill, so they are combined with max(), never
	 * added:  oom_kills = max(counter, killed_by_oom_status ? 1 : 0).
	 */
	oom_by_status = c->created && c->c.reaped && WIFSIGNALED(c->c.status) &&
			WTERMSIG(c->c.status) == SIGKILL && !c->killed_by_us && c->oom_event;
	{
		double counter = (st.valid & LB_STAT_OOM_KILLS) ? (double)st.oom_kills : 0;
		double by_status = oom_by_status ? 1 : 0;

		if ((st.valid & LB_STAT_OOM_KILLS) || c->oom_event || oom_by_status)
			set_scalar(res, LB_SCALAR_OOM_KILLS, fmax(counter, by_status));
		else if (lb_cgroup_event_fd(c->cg) >= 0)
			set_scalar(res, LB_SCALAR_OOM_KILLS, 0); /* watched, and none came */
		else
			res->not_measured[LB_SCALAR_OOM_KILLS] = lb_xstrdup(
			    "no OOM kill counter (v1 memory.oom_control has oom_kill from "
			    "Linux 4.13; v2 memory.events) and no OOM notification for "
			    "this cgroup (no memory controller?)");
	}
	ctr_cpu_scalars(c, &st);
	if (c->oom_ns && c->started_ns)
		set_scalar(res, LB_SCALAR_OOM_TIME, (double)(c->oom_ns - c->started_ns) / 1e9);
	else if (res->has[LB_SCALAR_OOM_KILLS] && res->scalar[LB_SCALAR_OOM_KILLS] == 0)
		res->not_measured[LB_SCALAR_OOM_TIME] = lb_xstrdup("no OOM kill happened");
	cgroup_scalars(res, c->cg, &st);
}

/* The raw OOM kill counter of a cgroup, 0 when it has none. */
static uint64_t oom_counter(struct lb_cgroup *cg)
{
	struct lb_cg_stats st = {0};
	lb_error err = {0};

	if (!cg || lb_cgroup_stats(cg, &st, &err) < 0 || !(st.valid & LB_STAT_OOM_KILLS))
		return 0;
	return st.oom_kills;
}

/*
 * A group's scalars, from its cgroup (which counts its members': the kernel's counters are
 * hierarchical), but for the OOM kills on v1: memory.oom_control's oom_kill counts in the
 * cgroup of the killed process only (v2's memory.events oom_kill counts up the tree), so
 * there a group's kills are its own counter plus its members' and sub-groups'.  CPU times
 * count from the run's start (base).
 */
void run_group_scalars(struct run *run, struct rgroup *g)
{
	struct lb_ctr_result *res = g->res;
	struct lb_cg_stats st = {0};
	lb_error err = {0};

	if (lb_cgroup_stats(g->cg, &st, &err) < 0)
		st.valid = 0;
	if (st.valid & LB_STAT_OOM_KILLS) {
		uint64_t kills = st.oom_kills;

		if (!lb_cgroup_is_v2(g->cg)) {
			for (size_t i = 0; i < run->n; i++)
				if (run_inside(run, run->c[i].spec->group, g->spec))
					kills += oom_counter(run->c[i].cg);
			for (size_t i = 0; i < run->n_g; i++)
				if (&run->g[i] != g &&
				    run_inside(run, run->g[i].spec->parent, g->spec))
					kills += oom_counter(run->g[i].cg);
		}
		set_scalar(res, LB_SCALAR_OOM_KILLS, (double)kills);
	} else {
		res->not_measured[LB_SCALAR_OOM_KILLS] = lb_xstrdup(
		    "no OOM kill counter (v1 memory.oom_control has oom_kill from Linux 4.13; v2 "
		    "memory.events) for this group's cgroup (no memory controller?)");
	}
	if ((st.valid & LB_STAT_CPU_TIME) && (g->base.valid & LB_STAT_CPU_TIME))
		set_scalar(res, LB_SCALAR_CPU_TIME, cpu_delta(st.cpu_ns, g->base.cpu_ns));
	if ((st.valid & LB_STAT_CPU_USER) && (g->base.valid & LB_STAT_CPU_USER))
		set_scalar(res, LB_SCALAR_CPU_USER, cpu_delta(st.cpu_user_ns, g->base.cpu_user_ns));
	if ((st.valid & LB_STAT_CPU_SYSTEM) && (g->base.valid & LB_STAT_CPU_SYSTEM))
		set_scalar(res, LB_SCALAR_CPU_SYSTEM,
			   cpu_delta(st.cpu_system_ns, g->base.cpu_system_ns));
	cgroup_scalars(res, g->cg, &st);
}
