/* SPDX-License-Identifier: MIT */
/*
 * The shape of a scenario and its scenario-wide values: the name, `requires`, `matrix`,
 * and the nodes of each container and expectation, checked for type and known keys.  The
 * values that may differ per matrix combination are parsed later, by expand.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/internal.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/shellsplit.h"
#include "util/units.h"

/* Parameters belong to runs; a scenario-wide value cannot use them. */
static bool no_params(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	const char *p = strstr(n->str, "${");

	if (!p)
		return true;
	lb_vdiag(c, n, (size_t)(p - n->str),
		 "%s: ${...} cannot be used here (parameters apply to containers, expect, sample, "
		 "timeout and repeat)",
		 key);
	return false;
}

static bool valid_chars(const char *s, const char *extra)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr(extra, *s)))
			return false;
	return true;
}

char *lb_shape_name(struct lb_vctx *c, const struct lb_ynode *n)
{
	if (!lb_want_scalar(c, n, "name"))
		return NULL;
	if (!valid_chars(n->str, "._-") || n->str[0] == '.') {
		lb_vdiag(c, n, LB_WHOLE,
			 "name: '%s' is not a valid scenario name (use a-z, 0-9, '.', '_' and '-', "
			 "not starting with '.'; it names the results folder)",
			 n->str);
		return NULL;
	}
	if (n->len > 128) {
		lb_vdiag(c, n, LB_WHOLE, "name: longer than 128 characters");
		return NULL;
	}
	return lb_xstrdup(n->str);
}

/* true, false (YAML 1.2's spellings; yes/no are not booleans there). */
static int parse_bool(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	static const char *const t[] = {"true", "True", "TRUE"}, *const f[] = {"false", "False",
									       "FALSE"};

	if (!lb_want_scalar(c, n, key))
		return -1;
	for (size_t i = 0; i < 3; i++) {
		if (!strcmp(n->str, t[i]))
			return 1;
		if (!strcmp(n->str, f[i]))
			return 0;
	}
	lb_vdiag(c, n, LB_WHOLE, "%s: expected true or false, not '%s'", key, n->str);
	return -1;
}

/* A list of scalars into a NULL-terminated vector; NULL after reporting a problem. */
static char **string_list(struct lb_vctx *c, const struct lb_ynode *n, const char *key,
			  bool (*valid)(struct lb_vctx *, const struct lb_ynode *, const char *))
{
	char **v;
	bool ok = true;

	if (!lb_want_list(c, n, key))
		return NULL;
	v = lb_xcalloc(n->n + 1, sizeof(*v));
	for (size_t i = 0; i < n->n; i++) {
		const struct lb_ynode *it = n->items[i];
		if (!lb_want_scalar(c, it, key) || !no_params(c, it, key) ||
		    (valid && !valid(c, it, key))) {
			ok = false;
			continue;
		}
		v[i] = lb_xstrdup(it->str);
	}
	if (!ok) {
		for (size_t i = 0; i < n->n; i++)
			free(v[i]);
		free(v);
		return NULL;
	}
	return v;
}

/* The controllers limitbench knows (the cgroup layer's table), so that a typo or one it
 * cannot use is found by check rather than skipping the scenario on every machine. */
static bool valid_controller(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	char list[256] = "";
	size_t len = 0;

	for (int i = 0; i < LB_CTRL_COUNT; i++) {
		const char *name = lb_ctrl_name((enum lb_ctrl)i);
		if (!strcmp(n->str, name) || !strcmp(n->str, lb_ctrl_v1_name((enum lb_ctrl)i)))
			return true;
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					i == 0			 ? ""
					: i == LB_CTRL_COUNT - 1 ? " or "
								 : ", ",
					name);
	}
	lb_vdiag(c, n, LB_WHOLE, "%s: unknown cgroup controller '%s' (expected %s)", key, n->str,
		 list);
	return false;
}

void lb_shape_requires(struct lb_vctx *c, const struct lb_ynode *map, struct lb_requires *r)
{
	static const char *const keys[] = {"cpus",	  "memory",   "swap", "cgroup",
					   "controllers", "commands", NULL};
	const struct lb_ynode *n;
	lb_error err = {0};
	uint64_t v;

	*r = (struct lb_requires){.swap = -1};
	if (!map || !lb_want_map(c, map, "requires"))
		return;
	lb_check_keys(c, map, "requires", keys);
	if ((n = lb_ynode_get(map, "cpus")) && lb_want_scalar(c, n, "cpus") &&
	    no_params(c, n, "cpus")) {
		if (lb_parse_uint(n->str, 1, 65536, &v, &err) < 0)
			lb_vdiag(c, n, LB_WHOLE, "cpus: %s", err.msg);
		else
			r->cpus = (unsigned)v;
	}
	if ((n = lb_ynode_get(map, "memory")) && lb_want_scalar(c, n, "memory") &&
	    no_params(c, n, "memory")) {
		if (lb_parse_size(n->str, false, &v, &err) < 0)
			lb_vdiag(c, n, LB_WHOLE, "memory: %s", err.msg);
		else if (v == 0)
			lb_vdiag(c, n, LB_WHOLE, "memory: must be more than 0");
		else
			r->memory = v;
	}
	if ((n = lb_ynode_get(map, "swap")))
		r->swap = parse_bool(c, n, "swap");
	if ((n = lb_ynode_get(map, "cgroup")) && lb_want_scalar(c, n, "cgroup")) {
		if (!strcmp(n->str, "v1") || !strcmp(n->str, "1"))
			r->cgroup = 1;
		else if (!strcmp(n->str, "v2") || !strcmp(n->str, "2"))
			r->cgroup = 2;
		else
			lb_vdiag(c, n, LB_WHOLE, "cgroup: expected v1 or v2, not '%s'", n->str);
	}
	if ((n = lb_ynode_get(map, "controllers")))
		r->controllers = string_list(c, n, "controllers", valid_controller);
	if ((n = lb_ynode_get(map, "commands")))
		r->commands = string_list(c, n, "commands", NULL);
}

static bool valid_param_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

void lb_shape_matrix(struct lb_vctx *c, const struct lb_ynode *map, struct lb_tpl *t)
{
	size_t combos = 1;

	if (!lb_want_map(c, map, "matrix"))
		return;
	if (map->n == 0) {
		lb_vdiag(c, map, LB_WHOLE,
			 "matrix: empty (leave it out, or give each parameter a list)");
		return;
	}
	/* A parameter whose values are broken stays known (values NULL), so that its uses
	 * are not reported as unknown as well. */
	t->params = lb_xcalloc(map->n, sizeof(*t->params));
	for (size_t i = 0; i < map->n; i++) {
		const struct lb_ynode *k = map->keys[i], *v = map->items[i];
		bool ok = true;

		t->params[t->n_params++] = (struct lb_param_tpl){k->str, NULL};
		if (!valid_param_name(k->str)) {
			lb_vdiag(c, k, LB_WHOLE,
				 "matrix: '%s' is not a valid parameter name (letters, digits and "
				 "'_', not starting with a digit)",
				 k->str);
			ok = false;
		}
		if (!lb_want_list(c, v, k->str))
			continue;
		if (v->n == 0) {
			lb_vdiag(c, v, LB_WHOLE, "matrix: %s has no values", k->str);
			continue;
		}
		for (size_t j = 0; j < v->n; j++) {
			const struct lb_ynode *it = v->items[j];
			if (!lb_want_scalar(c, it, k->str) || !no_params(c, it, k->str)) {
				ok = false;
				continue;
			}
			for (size_t m = 0; m < j; m++) {
				if (v->items[m]->kind == LB_Y_SCALAR &&
				    !strcmp(v->items[m]->str, it->str)) {
					lb_vdiag(c, it, LB_WHOLE, "matrix: %s lists '%s' twice",
						 k->str, it->str);
					ok = false;
					break;
				}
			}
		}
		if (!ok)
			continue;
		combos *= v->n;
		if (combos > LB_MAX_RUNS) {
			lb_vdiag(c, map, LB_WHOLE, "matrix: more than %d combinations",
				 LB_MAX_RUNS);
			for (size_t j = 0; j < t->n_params; j++)
				t->params[j].values = NULL;
			return;
		}
		t->params[i].values = v;
	}
}

static const char *const lim_keys[] = {"memory", "memory-swap", "cpus", "cpu-shares", "cpuset",
				       "pids", "io",
				       /* the memory knobs (LIM_MEMORY_HIGH...) */
				       "memory-high", "memory-low", "memory-min",
				       "memory-reservation", "swap", "oom-group", "oom-score-adj",
				       /* CPU knobs (LIM_CPU_WEIGHT...) */
				       "cpu-weight", "cpu-period", "cpu-idle", NULL};

/* The limits of a container or a group: scalars, and io's list of maps. */
static void shape_limits(struct lb_vctx *c, const struct lb_ynode *map, struct lb_ctr_tpl *ct)
{
	const struct lb_ynode *n;

	if ((n = lb_ynode_get(map, "limits")) && lb_want_map(c, n, "limits")) {
		lb_check_keys(c, n, "limits", lim_keys);
		for (size_t i = 0; i < LIM_COUNT; i++) {
			const struct lb_ynode *v = lb_ynode_get(n, lim_keys[i]);
			if (v && (i == LIM_IO ? lb_want_list(c, v, "io")
					      : lb_want_scalar(c, v, lim_keys[i])))
				ct->lim[i] = v;
		}
	}
}

/* One item of `groups:`: name, limits, parent; the values are parsed by expand.c. */
void lb_shape_group(struct lb_vctx *c, const struct lb_ynode *map, struct lb_ctr_tpl *gt)
{
	static const char *const keys[] = {"name", "limits", "parent", NULL};
	const struct lb_ynode *n;

	*gt = (struct lb_ctr_tpl){0};
	if (!lb_want_map(c, map, "groups"))
		return;
	gt->map = map;
	lb_check_keys(c, map, "a group", keys);
	if (!(n = lb_ynode_get(map, "name")))
		lb_vdiag(c, map, LB_WHOLE, "a group needs a name");
	else if (lb_want_scalar(c, n, "name"))
		gt->name = n;
	shape_limits(c, map, gt);
	if ((n = lb_ynode_get(map, "parent")) && lb_want_scalar(c, n, "parent"))
		gt->parent = n;
}

void lb_shape_container(struct lb_vctx *c, const struct lb_ynode *map, struct lb_ctr_tpl *ct)
{
	/* clang-format off */
	static const char *const keys[] = {
	    "name",    "run",	     "limits", "start",		  "duration",
	    "env",     "namespaces", "rootfs", "readonly-rootfs", "devices",
	    "cap-add", "cap-drop",
	    "group", /* nested groups */
	    NULL};
	/* clang-format on */
	const struct lb_ynode *n;

	*ct = (struct lb_ctr_tpl){0};
	if (!lb_want_map(c, map, "containers"))
		return;
	ct->map = map;
	lb_check_keys(c, map, "a container", keys);
	if (!(n = lb_ynode_get(map, "name")))
		lb_vdiag(c, map, LB_WHOLE, "a container needs a name");
	else if (lb_want_scalar(c, n, "name"))
		ct->name = n;
	if (!(n = lb_ynode_get(map, "run"))) {
		lb_vdiag(c, map, LB_WHOLE, "a container needs run: the command it runs");
	} else if (n->kind == LB_Y_SEQ) {
		bool ok = true;
		if (n->n == 0) {
			lb_vdiag(c, n, LB_WHOLE, "run: empty command");
			ok = false;
		}
		for (size_t i = 0; i < n->n; i++)
			if (n->items[i]->kind != LB_Y_SCALAR) {
				lb_vdiag(c, n->items[i], LB_WHOLE, "run: expected a string, not %s",
					 lb_ynode_kind_name(n->items[i]));
				ok = false;
			}
		if (ok)
			ct->run = n;
	} else if (n->kind == LB_Y_MAP) {
		lb_vdiag(c, n, LB_WHOLE,
			 "run: expected a command (a string or a list of strings), not a map");
	} else if (lb_ynode_is_null(n)) {
		lb_vdiag(c, n, LB_WHOLE, "run: missing value");
	} else {
		ct->run = n;
	}
	shape_limits(c, map, ct);
	if ((n = lb_ynode_get(map, "start")) && lb_want_scalar(c, n, "start"))
		ct->start = n;
	if ((n = lb_ynode_get(map, "group")) && lb_want_scalar(c, n, "group"))
		ct->group = n;
	if ((n = lb_ynode_get(map, "duration")) && lb_want_scalar(c, n, "duration"))
		ct->duration = n;
	if ((n = lb_ynode_get(map, "env")) && lb_want_map(c, n, "env")) {
		bool ok = true;
		for (size_t i = 0; i < n->n; i++) {
			const struct lb_ynode *k = n->keys[i], *v = n->items[i];
			if (!valid_param_name(k->str)) {
				lb_vdiag(c, k, LB_WHOLE,
					 "env: '%s' is not a valid variable name (letters, digits "
					 "and '_', not starting with a digit)",
					 k->str);
				ok = false;
			}
			if (v->kind != LB_Y_SCALAR) {
				lb_vdiag(c, v, LB_WHOLE, "env: %s: expected a single value, not %s",
					 k->str, lb_ynode_kind_name(v));
				ok = false;
			} else if (lb_ynode_is_null(v)) {
				lb_vdiag(c, v, LB_WHOLE,
					 "env: %s: missing value (write \"\" for an empty one)",
					 k->str);
				ok = false;
			}
		}
		if (ok)
			ct->env = n;
	}
	if ((n = lb_ynode_get(map, "namespaces")) && lb_want_list(c, n, "namespaces")) {
		bool ok = true;
		for (size_t i = 0; i < n->n; i++)
			if (!lb_want_scalar(c, n->items[i], "namespaces"))
				ok = false;
		if (ok)
			ct->namespaces = n;
	}
	if ((n = lb_ynode_get(map, "rootfs")) && lb_want_scalar(c, n, "rootfs"))
		ct->rootfs = n;
	if ((n = lb_ynode_get(map, "readonly-rootfs")) && lb_want_scalar(c, n, "readonly-rootfs"))
		ct->readonly_rootfs = n;
	/* devices: host, or a list of paths. */
	if ((n = lb_ynode_get(map, "devices"))) {
		bool ok = true;
		if (n->kind == LB_Y_SEQ) {
			for (size_t i = 0; i < n->n; i++)
				if (!lb_want_scalar(c, n->items[i], "devices"))
					ok = false;
		} else if (!lb_want_scalar(c, n, "devices")) {
			ok = false;
		}
		if (ok)
			ct->devices = n;
	}
	/* cap-add, cap-drop: lists of capability names (docker's --cap-add/--cap-drop) */
	const char *const cap_keys[] = {"cap-add", "cap-drop"};
	const struct lb_ynode **cap_nodes[] = {&ct->cap_add, &ct->cap_drop};
	for (size_t k = 0; k < 2; k++) {
		bool ok = true;

		if (!(n = lb_ynode_get(map, cap_keys[k])))
			continue;
		if (n->kind != LB_Y_SEQ) {
			lb_vdiag(c, n, LB_WHOLE, "%s: expected a list of capability names",
				 cap_keys[k]);
			continue;
		}
		for (size_t i = 0; i < n->n; i++)
			if (!lb_want_scalar(c, n->items[i], cap_keys[k]))
				ok = false;
		if (ok)
			*cap_nodes[k] = n;
	}
}

void lb_shape_expect(struct lb_vctx *c, const struct lb_ynode *n, struct lb_tpl *t)
{
	if (!lb_want_list(c, n, "expect"))
		return;
	t->expects = lb_xcalloc(n->n ? n->n : 1, sizeof(*t->expects));
	for (size_t i = 0; i < n->n; i++) {
		const struct lb_ynode *it = n->items[i];
		if (it->kind != LB_Y_SCALAR) {
			/* `- a: b` is a map: an unquoted ": " is the usual cause. */
			lb_vdiag(c, it, LB_WHOLE,
				 "expect: expected an expectation (one line of text), not %s%s",
				 lb_ynode_kind_name(it),
				 it->kind == LB_Y_MAP ? " (quote a line that contains ': ')" : "");
			continue;
		}
		if (lb_ynode_is_null(it)) {
			lb_vdiag(c, it, LB_WHOLE, "expect: empty expectation");
			continue;
		}
		t->expects[t->n_expects++] = it;
	}
}
