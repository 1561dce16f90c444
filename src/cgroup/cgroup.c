/* SPDX-License-Identifier: MIT */
/* Temporary stubs so that the tree links while the cgroup layer is being written. */
#include "cgroup/cgroup.h"

#include <stdlib.h>
#include <string.h>

#define STUB(err) lb_error_fail((err), "cgroup: %s: not implemented yet", __func__)

const char *lb_ctrl_name(enum lb_ctrl c)
{
	static const char *const names[LB_CTRL_COUNT] = { "memory", "cpu",  "cpuacct",
							  "cpuset", "pids", "freezer" };
	return (unsigned)c < LB_CTRL_COUNT ? names[c] : "?";
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

int lb_cg_parse_mountinfo(const char *buf, struct lb_cg_hier *out, lb_error *err)
{
	return STUB(err);
}
unsigned lb_cg_parse_controllers(const char *buf)
{
	return 0;
}
int lb_cg_detect(struct lb_cg_hier *out, lb_error *err)
{
	memset(out, 0, sizeof(*out));
	return STUB(err);
}
void lb_cg_hier_free(struct lb_cg_hier *h)
{
}
bool lb_cg_has(const struct lb_cg_hier *h, enum lb_ctrl c)
{
	return false;
}
int lb_cg_parse_proc_cgroup(const char *buf, const char *controller, char **path, lb_error *err)
{
	return STUB(err);
}
int lb_cg_session_open(const struct lb_cg_hier *h, const char *parent, struct lb_cg_session **out,
		       lb_error *err)
{
	return STUB(err);
}
void lb_cg_session_close(struct lb_cg_session *s)
{
}
const char *lb_cg_session_path(const struct lb_cg_session *s)
{
	return "";
}
int lb_cgroup_create(struct lb_cg_session *s, const char *name, const struct lb_limits *lim,
		     struct lb_cgroup **out, lb_error *err)
{
	return STUB(err);
}
int lb_cgroup_destroy(struct lb_cgroup *cg, lb_error *err)
{
	return 0;
}
void lb_cgroup_destroyp(struct lb_cgroup **cg)
{
}
int lb_cgroup_attach(struct lb_cgroup *cg, pid_t pid, lb_error *err)
{
	return STUB(err);
}
int lb_cgroup_v2_fd(const struct lb_cgroup *cg)
{
	return -1;
}
const char *lb_cgroup_path(const struct lb_cgroup *cg)
{
	return "";
}
bool lb_cgroup_is_v2(const struct lb_cgroup *cg)
{
	return false;
}
int lb_cgroup_applied(struct lb_cgroup *cg, struct lb_cg_applied *out, lb_error *err)
{
	return STUB(err);
}
int lb_cgroup_sample(struct lb_cgroup *cg, struct lb_cg_sample *out)
{
	memset(out, 0, sizeof(*out));
	return -1;
}
int lb_cgroup_stats(struct lb_cgroup *cg, struct lb_cg_stats *out, lb_error *err)
{
	memset(out, 0, sizeof(*out));
	return STUB(err);
}
int lb_cgroup_pids(struct lb_cgroup *cg, pid_t **pids, size_t *n, lb_error *err)
{
	return STUB(err);
}
int lb_cgroup_event_fd(struct lb_cgroup *cg)
{
	return -1;
}
void lb_cgroup_event_ack(struct lb_cgroup *cg)
{
}
int lb_cgroup_kill(struct lb_cgroup *cg, lb_error *err)
{
	return STUB(err);
}
int lb_cg_cleanup_stale(const struct lb_cg_hier *h, const char *parent, unsigned *removed,
			lb_error *err)
{
	return STUB(err);
}
uint64_t lb_cg_shares_to_weight(uint64_t shares)
{
	return 100;
}
void lb_cg_cpus_to_quota(double cpus, uint64_t *quota_us, uint64_t *period_us)
{
	*period_us = 100000;
	*quota_us = (uint64_t)(cpus * 100000);
}
void lb_cg_cpus_to_cpu_max(double cpus, char *buf, size_t n)
{
	buf[0] = '\0';
}
int lb_cg_parse_cpu_max(const char *buf, double *cores)
{
	return -1;
}
int lb_parse_keyed(const char *buf, const char *key, uint64_t *val)
{
	return -1;
}
