/* SPDX-License-Identifier: MIT */
#ifndef LB_SCENARIO_SCENARIO_H
#define LB_SCENARIO_SCENARIO_H

/*
 * Scenario files (SPEC section 2), read with libyaml into a tree with positions, then
 * validated and expanded: one lb_run_spec per matrix combination, every value typed, every
 * ${param} substituted, every expectation parsed and type-checked.  All problems of a file
 * are collected as FILE:LINE:COL diagnostics, not only the first.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup/cgroup.h"
#include "run/result.h"
#include "util/error.h"

struct lb_expect;

struct lb_pos {
	unsigned line, col; /* 1-based */
};

struct lb_diag {
	char *file;
	struct lb_pos pos;
	char *msg;
};

struct lb_diags {
	struct lb_diag *v;
	size_t n, cap;
};

void lb_diags_add(struct lb_diags *d, const char *file, struct lb_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void lb_diags_free(struct lb_diags *d);
/* Sort d->v[from..] by position (stably) and drop repeats of the same message at the same
 * place (a matrix finds the same problem once per combination).  Text after
 * LB_DIAG_CONTEXT in a message names the combination: it is kept when only one
 * combination has the problem, else dropped (the separator itself always is). */
#define LB_DIAG_CONTEXT "\x1f"

void lb_diags_sort(struct lb_diags *d, size_t from);
/* "FILE:LINE:COL: message", or "FILE: message" for line 0 (a problem with a --set value,
 * or with the file as a whole); malloc'd. */
char *lb_diag_format(const struct lb_diag *d);

struct lb_scn_ctr {
	char *name;
	struct lb_pos pos;
	char **argv; /* NULL-terminated, exactly as given */
	struct lb_limits limits;
	uint64_t start_ns;
	uint64_t duration_ns;
	bool has_duration;
	char **env;	     /* NULL-terminated "KEY=value" added to the clean environment */
	unsigned namespaces; /* LB_NS_* */
	char *rootfs;	     /* a directory to pivot_root into, NULL */
	bool readonly_rootfs;
	bool host_devices; /* devices: host */
	char **devices;	   /* NULL-terminated host device paths, or NULL */
	/* cap-add/cap-drop: the capabilities it keeps instead of docker's default set */
	bool caps_set;
	uint64_t caps_keep;
	/* group: the name of the group (struct lb_scn_group) its cgroup goes in, or NULL */
	char *group;
};

/*
 * A group of the top-level `groups:` list: a cgroup with limits of its own, no process,
 * holding its member containers' cgroups and its child groups' (a Kubernetes pod, a systemd
 * slice).  In a run spec, a group comes after its parent (creation order; destruction is the
 * reverse).
 */
struct lb_scn_group {
	char *name;
	struct lb_pos pos;
	struct lb_limits limits;
	char *parent; /* another group's name, or NULL: directly in the session */
};

struct lb_scn_expect {
	char *text; /* after ${param} substitution */
	struct lb_pos pos;
	struct lb_expect *expr;
};

struct lb_requires {
	unsigned cpus;	    /* 0 = no requirement */
	uint64_t memory;    /* bytes of RAM, 0 = none */
	int swap;	    /* -1 none, 0 must have no swap, 1 must have swap */
	int cgroup;	    /* 0 none, 1 v1, 2 v2 */
	char **controllers; /* NULL-terminated or NULL */
	char **commands;    /* NULL-terminated or NULL: looked up in PATH */
};

/* One run: one combination of the matrix. */
struct lb_run_spec {
	char *run_name; /* "mem-sweep/limit=64M", the scenario name alone without a matrix */
	struct lb_param *params;
	size_t n_params;
	uint64_t sample_ns;
	uint64_t timeout_ns;
	unsigned repeat;
	struct lb_scn_ctr *ctrs;
	size_t n_ctrs;
	struct lb_scn_expect *expects;
	size_t n_expects;
	struct lb_scn_group *groups; /* parents before their children */
	size_t n_groups;
};

struct lb_scenario {
	char *file;
	char *name;
	char *description;
	char sha256[65];
	struct lb_requires requires;
	char **matrix_names; /* NULL-terminated or NULL: the swept parameters, file order */
	struct lb_run_spec *runs;
	size_t n_runs;
};

/* An override from `run --set NAME=VALUE`: a matrix parameter (pinned to one value) or a
 * top-level key (sample, timeout, repeat, name, description). */
struct lb_set {
	const char *name;
	const char *value;
};

/*
 * Load and validate.  Returns 0 with *out, or -1: with diagnostics in *diags (err kind
 * LB_ERR_USAGE, "N problems in FILE"), or a plain error (file unreadable).
 */
int lb_scenario_load(const char *path, const struct lb_set *sets, size_t n_sets,
		     struct lb_scenario **out, struct lb_diags *diags, lb_error *err);
/* The same from a buffer (`file` names it in diagnostics). */
int lb_scenario_parse(const char *file, const char *buf, size_t len, const struct lb_set *sets,
		      size_t n_sets, struct lb_scenario **out, struct lb_diags *diags,
		      lb_error *err);
/* The same, also checked against a machine whose online CPUs are online_cpus (the kernel's
 * list, "0-1"; NULL: no machine): a cpuset naming a CPU that is not online is an error,
 * unless requires: { cpus: N } skips the scenario there.  lb_scenario_load checks against
 * the machine it runs on. */
int lb_scenario_parse_on(const char *file, const char *buf, size_t len, const struct lb_set *sets,
			 size_t n_sets, const char *online_cpus, struct lb_scenario **out,
			 struct lb_diags *diags, lb_error *err);
/* The same, also against a machine's cgroup version (1 or 2; 0: none): on v1 a limit only v2
 * has (memory-high, memory-low, memory-min, oom-group, swap without memory) is an error,
 * unless requires: { cgroup: 2 } skips the scenario there.  lb_scenario_load passes the
 * version of the machine it runs on. */
int lb_scenario_parse_cg(const char *file, const char *buf, size_t len, const struct lb_set *sets,
			 size_t n_sets, const char *online_cpus, int cgroup_version,
			 struct lb_scenario **out, struct lb_diags *diags, lb_error *err);
void lb_scenario_free(struct lb_scenario *s);

#endif
