/* SPDX-License-Identifier: MIT */
/* Can this machine run the scenario?  `requires` (skip when not) and the limits' controllers
 * (exit 3 when missing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/run.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/units.h"

static int ctrl_find(const char *name)
{
	for (int c = 0; c < LB_CTRL_COUNT; c++)
		if (!strcmp(lb_ctrl_name((enum lb_ctrl)c), name) ||
		    !strcmp(lb_ctrl_v1_name((enum lb_ctrl)c), name))
			return c;
	return -1;
}

/* Is cmd an executable in the workloads' PATH (or, with a slash, as given)? */
static bool command_found(const char *cmd)
{
	const char *p = LB_WORKLOAD_PATH;

	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0;
	while (*p) {
		size_t len = strcspn(p, ":");
		_cleanup_free_ char *path = lb_xasprintf("%.*s/%s", (int)len, p, cmd);

		if (access(path, X_OK) == 0)
			return true;
		p += len;
		if (*p == ':')
			p++;
	}
	return false;
}

int lb_requires_check(const struct lb_requires *rq, const struct lb_cg_hier *h,
		      const struct lb_host_info *host, char **reason)
{
	char a[32], b[32];

	*reason = NULL;
	if (rq->cpus && host->cpus < rq->cpus) {
		*reason =
		    lb_xasprintf("needs %u CPUs, the machine has %u online", rq->cpus, host->cpus);
		return 0;
	}
	if (rq->memory && host->mem_total < rq->memory) {
		*reason = lb_xasprintf("needs %s of memory, the machine has %s",
				       lb_format_size(a, sizeof(a), (double)rq->memory),
				       lb_format_size(b, sizeof(b), (double)host->mem_total));
		return 0;
	}
	if (rq->swap == 1 && host->swap_total == 0) {
		*reason = lb_xasprintf("needs swap, the machine has none (swapon)");
		return 0;
	}
	/* -1 is "cannot tell" (v2 without a cgroup that has memory files yet): try it. */
	if (rq->swap == 1 && lb_cg_swap_accounting(h) == 0) {
		*reason = lb_xasprintf("needs swap accounting in the memory cgroup, which this "
				       "kernel does not do (swapaccount=1 / CONFIG_MEMCG_SWAP)");
		return 0;
	}
	if (rq->swap == 0 && host->swap_total > 0) {
		*reason = lb_xasprintf("needs a machine without swap, this one has %s",
				       lb_format_size(a, sizeof(a), (double)host->swap_total));
		return 0;
	}
	if (rq->cgroup == 1 && h->use_v2) {
		*reason = lb_xasprintf("needs cgroup v1, the machine uses v2");
		return 0;
	}
	if (rq->cgroup == 2 && !h->use_v2) {
		*reason = lb_xasprintf("needs cgroup v2, the machine uses v1 (%s)",
				       lb_cg_mode_name(h->mode));
		return 0;
	}
	for (char **c = rq->controllers; c && *c; c++) {
		int id = ctrl_find(*c);

		char why[256];
		const char *no;

		if (id < 0) {
			*reason = lb_xasprintf("needs the %s cgroup controller, which limitbench "
					       "does not know",
					       *c);
			return 0;
		}
		no = lb_cg_unusable(h, (enum lb_ctrl)id, why, sizeof(why));
		if (no) {
			*reason = lb_xasprintf("needs the %s cgroup controller: %s", *c, no);
			return 0;
		}
	}
	for (char **c = rq->commands; c && *c; c++)
		if (!command_found(*c)) {
			*reason = lb_xasprintf("needs the command %s, not found in %s", *c,
					       LB_WORKLOAD_PATH);
			return 0;
		}
	return 1;
}

static int need(const struct lb_cg_hier *h, enum lb_ctrl c, const struct lb_scenario *scn,
		const struct lb_scn_ctr *sc, const char *limit, lb_error *err)
{
	if (lb_cg_has(h, c))
		return 0;
	return lb_error_env(err,
			    "%s: container %s sets %s, but the %s cgroup controller is not "
			    "available on this machine (%s); mount or enable it, or see "
			    "`limitbench info`",
			    scn->file, sc->name, limit, lb_ctrl_name(c), lb_cg_mode_name(h->mode));
}

static int group_need(const struct lb_cg_hier *h, enum lb_ctrl c, const struct lb_scenario *scn,
		      const struct lb_scn_group *g, const char *limit, lb_error *err)
{
	if (lb_cg_has(h, c))
		return 0;
	return lb_error_env(err,
			    "%s: group %s sets %s, but the %s cgroup controller is not "
			    "available on this machine (%s); mount or enable it, or see "
			    "`limitbench info`",
			    scn->file, g->name, limit, lb_ctrl_name(c), lb_cg_mode_name(h->mode));
}

/* The same for the limits of the groups. */
static int check_group_controllers(const struct lb_scenario *scn, const struct lb_cg_hier *h,
				   lb_error *err)
{
	for (size_t r = 0; r < scn->n_runs; r++)
		for (size_t i = 0; i < scn->runs[r].n_groups; i++) {
			const struct lb_scn_group *g = &scn->runs[r].groups[i];
			const struct lb_limits *l = &g->limits;

			if ((l->memory &&
			     group_need(h, LB_CTRL_MEMORY, scn, g, "memory", err) < 0) ||
			    (l->memory_swap &&
			     group_need(h, LB_CTRL_MEMORY, scn, g, "memory-swap", err) < 0) ||
			    (l->cpus > 0 && group_need(h, LB_CTRL_CPU, scn, g, "cpus", err) < 0) ||
			    (l->cpu_shares &&
			     group_need(h, LB_CTRL_CPU, scn, g, "cpu-shares", err) < 0) ||
			    (l->cpuset &&
			     group_need(h, LB_CTRL_CPUSET, scn, g, "cpuset", err) < 0) ||
			    (l->pids && group_need(h, LB_CTRL_PIDS, scn, g, "pids", err) < 0))
				return -1;
		}
	return 0;
}

int lb_run_check_controllers(const struct lb_scenario *scn, const struct lb_cg_hier *h,
			     lb_error *err)
{
	if (check_group_controllers(scn, h, err) < 0)
		return -1;
	for (size_t r = 0; r < scn->n_runs; r++)
		for (size_t i = 0; i < scn->runs[r].n_ctrs; i++) {
			const struct lb_scn_ctr *sc = &scn->runs[r].ctrs[i];
			const struct lb_limits *l = &sc->limits;

			if ((l->memory && need(h, LB_CTRL_MEMORY, scn, sc, "memory", err) < 0) ||
			    (l->memory_swap &&
			     need(h, LB_CTRL_MEMORY, scn, sc, "memory-swap", err) < 0) ||
			    (l->cpus > 0 && need(h, LB_CTRL_CPU, scn, sc, "cpus", err) < 0) ||
			    (l->cpu_shares &&
			     need(h, LB_CTRL_CPU, scn, sc, "cpu-shares", err) < 0) ||
			    (l->cpuset && need(h, LB_CTRL_CPUSET, scn, sc, "cpuset", err) < 0) ||
			    (l->pids && need(h, LB_CTRL_PIDS, scn, sc, "pids", err) < 0) ||
			    (l->n_io && need(h, LB_CTRL_IO, scn, sc, "io", err) < 0) ||
			    (l->cpu_weight &&
			     need(h, LB_CTRL_CPU, scn, sc, "cpu-weight", err) < 0) ||
			    (l->cpu_period &&
			     need(h, LB_CTRL_CPU, scn, sc, "cpu-period", err) < 0) ||
			    (l->cpu_idle && need(h, LB_CTRL_CPU, scn, sc, "cpu-idle", err) < 0))
				return -1;
			/* the memory knobs (memory-high... oom-group): the memory controller */
			if ((lb_cg_limits_need(l) & (1u << LB_CTRL_MEMORY)) &&
			    need(h, LB_CTRL_MEMORY, scn, sc, "a memory limit", err) < 0)
				return -1;
		}
	return lb_run_check_kernel(scn, h, err);
}

int lb_run_check_kernel(const struct lb_scenario *scn, const struct lb_cg_hier *h, lb_error *err)
{
	int idle = -2; /* not probed yet */

	for (size_t r = 0; r < scn->n_runs; r++)
		for (size_t i = 0; i < scn->runs[r].n_ctrs; i++) {
			const struct lb_scn_ctr *sc = &scn->runs[r].ctrs[i];

			if (!sc->limits.cpu_idle)
				continue;
			if (idle == -2)
				idle = lb_cg_has_cpu_idle(h);
			/* -1, cannot tell: the cgroup's creation says it if it is missing */
			if (idle == 0)
				return lb_error_env(
				    err,
				    "%s:%u:%u: container %s sets cpu-idle, but this kernel has no "
				    "cpu.idle in its cgroup %s cpu controller (it came in Linux "
				    "5.15); leave cpu-idle out here",
				    scn->file, sc->pos.line, sc->pos.col, sc->name,
				    h->use_v2 ? "v2" : "v1");
		}
	return 0;
}
