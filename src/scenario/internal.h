/* SPDX-License-Identifier: MIT */
#ifndef LB_SCENARIO_INTERNAL_H
#define LB_SCENARIO_INTERNAL_H

/*
 * Between the stages of loading a scenario: report.c (problems at a node, shape checks),
 * shape.c (the file's shape, keys and scenario-wide values), expand.c (one run per matrix
 * combination, every value parsed after ${param} substitution) and scenario.c (the whole
 * way through).  Not for use outside src/scenario/.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario/scenario.h"
#include "scenario/yaml.h"

#define LB_MAX_RUNS 10000   /* matrix combinations */
#define LB_MAX_WORK 1000000 /* combinations x (containers + expectations) */

enum {
	LIM_MEMORY,
	LIM_MEMORY_SWAP,
	LIM_CPUS,
	LIM_CPU_SHARES,
	LIM_CPUSET,
	LIM_PIDS,
	LIM_IO, /* a list of maps, not a scalar */
	LIM_MEMORY_HIGH,
	LIM_MEMORY_LOW,
	LIM_MEMORY_MIN,
	LIM_MEMORY_RESERVATION,
	LIM_SWAP,
	LIM_OOM_GROUP,
	LIM_OOM_SCORE_ADJ,
	/* CPU knobs (issue 11) */
	LIM_CPU_WEIGHT,
	LIM_CPU_PERIOD,
	LIM_CPU_IDLE,
	LIM_COUNT,
};

/* The nodes of one container, checked for shape; NULL where absent or malformed. */
struct lb_ctr_tpl {
	const struct lb_ynode *map;
	const struct lb_ynode *name, *run, *start, *duration, *env, *namespaces;
	const struct lb_ynode *rootfs, *readonly_rootfs, *devices, *cap_add, *cap_drop;
	const struct lb_ynode *lim[LIM_COUNT];
	/* a container's group: / a group's parent: (a group's template has name, map, lim and
	 * parent only) */
	const struct lb_ynode *group, *parent;
};

struct lb_param_tpl {
	const char *name;
	const struct lb_ynode *values; /* a list of scalars */
};

struct lb_tpl {
	const struct lb_ynode *sample, *timeout, *repeat;
	struct lb_ctr_tpl *ctrs;
	size_t n_ctrs;
	const struct lb_ynode **expects;
	size_t n_expects;
	struct lb_param_tpl *params;
	size_t n_params;
	struct lb_ctr_tpl *groups; /* the top-level groups: */
	size_t n_groups;
};

struct lb_vctx {
	const char *file;
	struct lb_diags *diags;
	/* The current combination: values[i] of params[i] (NULL outside expansion). */
	const struct lb_param_tpl *params;
	size_t n_params;
	const char **values;
	/* Hashes of the problems reported so far: a matrix finds the same problem in every
	 * combination, and thousands of copies would only be sorted out again. */
	uint64_t *seen;
	size_t seen_cap, seen_n;
	/* The machine the file is loaded on (lb_scenario_load): its online CPUs as the kernel
	 * lists them, or NULL (a buffer from lb_scenario_parse is checked for no machine);
	 * and requires: cpus, which skips a scenario on a smaller machine instead. */
	const char *online_cpus;
	unsigned required_cpus;
	/* The machine's cgroup version (1 or 2; 0: no machine) and requires: cgroup (0, 1, 2):
	 * a limit v1 cannot honour is an error on a v1 machine, unless the scenario requires
	 * v2 and is skipped there. */
	int cgroup_version;
	int required_cgroup;
};

#define LB_WHOLE ((size_t)-1) /* a problem with a whole node, not a place in its text */

/* A problem at node n (its position, or its --set origin); off: a byte offset in a scalar's
 * value, or LB_WHOLE.  During expansion, a message about a value that uses ${params} says
 * which values they had. */
void lb_vdiag(struct lb_vctx *c, const struct lb_ynode *n, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Shape checks: report and return false when n is not what is needed. */
bool lb_want_scalar(struct lb_vctx *c, const struct lb_ynode *n, const char *key);
bool lb_want_map(struct lb_vctx *c, const struct lb_ynode *n, const char *key);
bool lb_want_list(struct lb_vctx *c, const struct lb_ynode *n, const char *key);

/* Report every key of map that is not in allowed (NULL-terminated); what: "limits"... */
void lb_check_keys(struct lb_vctx *c, const struct lb_ynode *map, const char *what,
		   const char *const *allowed);

/* shape.c: check a part of the file, report its problems, keep what can be used. */
char *lb_shape_name(struct lb_vctx *c, const struct lb_ynode *n);
void lb_shape_requires(struct lb_vctx *c, const struct lb_ynode *map, struct lb_requires *r);
void lb_shape_matrix(struct lb_vctx *c, const struct lb_ynode *map, struct lb_tpl *t);
void lb_shape_container(struct lb_vctx *c, const struct lb_ynode *map, struct lb_ctr_tpl *ct);
void lb_shape_group(struct lb_vctx *c, const struct lb_ynode *map, struct lb_ctr_tpl *gt);
void lb_shape_expect(struct lb_vctx *c, const struct lb_ynode *n, struct lb_tpl *t);

/*
 * ${NAME} substitution of a scalar with the current combination.  *map (if not NULL) gets,
 * for each byte of the result and one past its end, the byte offset in the original it
 * came from.  Returns NULL after reporting an unknown or malformed reference.
 */
char *lb_subst(struct lb_vctx *c, const struct lb_ynode *n, size_t **map);

/* Expand every combination of the matrix into s->runs. */
void lb_expand(struct lb_vctx *c, const struct lb_tpl *t, const char *name, struct lb_scenario *s);

#endif
