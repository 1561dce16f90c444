/* SPDX-License-Identifier: MIT */
/*
 * A scenario file's shape and its scenario-wide values: keys, types, names, `requires`,
 * `matrix`, --set overrides.  What may differ per matrix combination is parsed by expand.c.
 */
#include "scenario/scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expect/expect.h"
#include "scenario/internal.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/sha256.h"
#include "util/shellsplit.h"
#include "util/units.h"

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

/* Remember the problem; true when the very same one was reported before. */
static bool seen_before(struct lb_vctx *c, struct lb_pos pos, const char *origin, const char *msg)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = fnv1a(h, &pos, sizeof(pos));
	h = fnv1a(h, origin, strlen(origin) + 1);
	h = fnv1a(h, msg, strlen(msg));
	if (h == 0)
		h = 1; /* 0 marks an empty slot */
	if (2 * (c->seen_n + 1) > c->seen_cap) {
		size_t cap = c->seen_cap ? 2 * c->seen_cap : 64;
		uint64_t *v = lb_xcalloc(cap, sizeof(*v));
		for (size_t i = 0; i < c->seen_cap; i++) {
			if (!c->seen[i])
				continue;
			size_t k = c->seen[i] & (cap - 1);
			while (v[k])
				k = (k + 1) & (cap - 1);
			v[k] = c->seen[i];
		}
		free(c->seen);
		c->seen = v;
		c->seen_cap = cap;
	}
	size_t k = h & (c->seen_cap - 1);
	for (; c->seen[k]; k = (k + 1) & (c->seen_cap - 1))
		if (c->seen[k] == h)
			return true;
	c->seen[k] = h;
	c->seen_n++;
	return false;
}

void lb_vdiag(struct lb_vctx *c, const struct lb_ynode *n, size_t off, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (msg && n && n->kind == LB_Y_SCALAR && c->values) {
		char *with = NULL;
		for (size_t i = 0; i < c->n_params; i++) {
			_cleanup_free_ char *ref = lb_xasprintf("${%s}", c->params[i].name);
			if (!c->values[i] || !strstr(n->str, ref))
				continue;
			char *w = lb_xasprintf("%s%s%s=%s", with ? with : "", with ? ", " : "",
					       c->params[i].name, c->values[i]);
			free(with);
			with = w;
		}
		if (with) {
			char *m = lb_xasprintf("%s" LB_DIAG_CONTEXT " (with %s)", msg, with);
			free(with);
			free(msg);
			msg = m;
		}
	}
	struct lb_pos pos = !n		      ? (struct lb_pos){1, 1}
			    : n->origin	      ? (struct lb_pos){0, 0}
			    : off == LB_WHOLE ? n->pos
					      : lb_ynode_pos_at(n, off);
	if (!msg)
		msg = lb_xstrdup("?");
	if (seen_before(c, pos, n && n->origin ? n->origin : "", msg))
		return;
	if (n && n->origin)
		lb_diags_add(c->diags, c->file, pos, "%s: %s", n->origin, msg);
	else
		lb_diags_add(c->diags, c->file, pos, "%s", msg);
}

bool lb_want_scalar(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	if (n->kind != LB_Y_SCALAR) {
		lb_vdiag(c, n, LB_WHOLE, "%s: expected a single value, not %s", key,
			 lb_ynode_kind_name(n));
		return false;
	}
	if (lb_ynode_is_null(n)) {
		lb_vdiag(c, n, LB_WHOLE, "%s: missing value", key);
		return false;
	}
	return true;
}

bool lb_want_map(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	if (n->kind == LB_Y_MAP)
		return true;
	if (lb_ynode_is_null(n))
		lb_vdiag(c, n, LB_WHOLE, "%s: missing value (expected a map of keys)", key);
	else
		lb_vdiag(c, n, LB_WHOLE, "%s: expected a map of keys, not %s", key,
			 lb_ynode_kind_name(n));
	return false;
}

bool lb_want_list(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	if (n->kind == LB_Y_SEQ)
		return true;
	if (lb_ynode_is_null(n))
		lb_vdiag(c, n, LB_WHOLE, "%s: missing value (expected a list)", key);
	else
		lb_vdiag(c, n, LB_WHOLE, "%s: expected a list, not %s", key, lb_ynode_kind_name(n));
	return false;
}

/* Edit distance, for "did you mean" (keys are short). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Report every key of map that is not in allowed (NULL-terminated). */
static void check_keys(struct lb_vctx *c, const struct lb_ynode *map, const char *what,
		       const char *const *allowed)
{
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->str;
		const char *close = NULL;
		size_t best = 3;
		bool ok = false;

		for (const char *const *a = allowed; *a; a++) {
			if (!strcmp(k, *a))
				ok = true;
			size_t d = edit_distance(k, *a);
			if (d < best) {
				best = d;
				close = *a;
			}
		}
		if (ok)
			continue;
		char list[512] = "";
		size_t len = 0;
		for (const char *const *a = allowed; *a; a++)
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
						a == allowed ? ""
						: a[1]	     ? ", "
							     : " or ",
						*a);
		if (close)
			lb_vdiag(c, map->keys[i], LB_WHOLE,
				 "unknown key '%s' in %s: did you mean '%s'?", k, what, close);
		else
			lb_vdiag(c, map->keys[i], LB_WHOLE, "unknown key '%s' in %s (expected %s)",
				 k, what, list);
	}
}

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

static char *check_name(struct lb_vctx *c, const struct lb_ynode *n)
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
		if (!strcmp(n->str, name))
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

static void parse_requires(struct lb_vctx *c, const struct lb_ynode *map, struct lb_requires *r)
{
	static const char *const keys[] = {"cpus",	  "memory",   "swap", "cgroup",
					   "controllers", "commands", NULL};
	const struct lb_ynode *n;
	lb_error err = {0};
	uint64_t v;

	*r = (struct lb_requires){.swap = -1};
	if (!map || !lb_want_map(c, map, "requires"))
		return;
	check_keys(c, map, "requires", keys);
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
		if (!strcmp(n->str, "v1"))
			r->cgroup = 1;
		else if (!strcmp(n->str, "v2"))
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

static void parse_matrix(struct lb_vctx *c, const struct lb_ynode *map, struct lb_tpl *t)
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

static const char *const lim_keys[] = {"memory", "memory-swap", "cpus", "cpu-shares",
				       "cpuset", "pids",	NULL};

static void shape_container(struct lb_vctx *c, const struct lb_ynode *map, struct lb_ctr_tpl *ct)
{
	static const char *const keys[] = {"name",     "run", "limits",	    "start",
					   "duration", "env", "namespaces", NULL};
	const struct lb_ynode *n;

	*ct = (struct lb_ctr_tpl){0};
	if (!lb_want_map(c, map, "containers"))
		return;
	ct->map = map;
	check_keys(c, map, "a container", keys);
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
	if ((n = lb_ynode_get(map, "limits")) && lb_want_map(c, n, "limits")) {
		check_keys(c, n, "limits", lim_keys);
		for (size_t i = 0; i < LIM_COUNT; i++) {
			const struct lb_ynode *v = lb_ynode_get(n, lim_keys[i]);
			if (v && lb_want_scalar(c, v, lim_keys[i]))
				ct->lim[i] = v;
		}
	}
	if ((n = lb_ynode_get(map, "start")) && lb_want_scalar(c, n, "start"))
		ct->start = n;
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
}

static void shape_expect(struct lb_vctx *c, const struct lb_ynode *n, struct lb_tpl *t)
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

static const char *const top_keys[] = {"name",	 "description", "sample",     "timeout", "requires",
				       "repeat", "matrix",	"containers", "expect",	 NULL};
static const char *const settable[] = {"sample", "timeout", "repeat", "name", "description", NULL};

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* Replace (or add) the value of a top-level key by a --set value. */
static void set_top(struct lb_ynode *root, const char *key, struct lb_ynode *val)
{
	for (size_t i = 0; i < root->n; i++) {
		if (!strcmp(root->keys[i]->str, key)) {
			lb_ynode_free(root->items[i]);
			root->items[i] = val;
			return;
		}
	}
	size_t cap = root->cap;
	lb_xgrow(&root->items, &root->cap, root->n + 1, sizeof(*root->items));
	lb_xgrow(&root->keys, &cap, root->n + 1, sizeof(*root->keys));
	root->keys[root->n] = lb_ynode_new_scalar(key, val->origin);
	root->items[root->n++] = val;
}

/* A matrix parameter pinned by --set: its list becomes that one value. */
static bool set_param(struct lb_ynode *matrix, const char *key, struct lb_ynode *val)
{
	if (!matrix || matrix->kind != LB_Y_MAP)
		return false;
	for (size_t i = 0; i < matrix->n; i++) {
		if (strcmp(matrix->keys[i]->str, key))
			continue;
		struct lb_ynode *seq = lb_xzalloc(sizeof(*seq));
		seq->kind = LB_Y_SEQ;
		seq->pos = matrix->items[i]->pos;
		seq->end = matrix->items[i]->end;
		lb_xgrow(&seq->items, &seq->cap, 1, sizeof(*seq->items));
		seq->items[seq->n++] = val;
		lb_ynode_free(matrix->items[i]);
		matrix->items[i] = seq;
		return true;
	}
	return false;
}

void lb_scenario_free(struct lb_scenario *s)
{
	if (!s)
		return;
	free(s->file);
	free(s->name);
	free(s->description);
	lb_shellsplit_free(s->requires.controllers);
	lb_shellsplit_free(s->requires.commands);
	lb_shellsplit_free(s->matrix_names);
	for (size_t i = 0; i < s->n_runs; i++) {
		struct lb_run_spec *r = &s->runs[i];
		free(r->run_name);
		for (size_t j = 0; j < r->n_params; j++) {
			free(r->params[j].name);
			free(r->params[j].value);
		}
		free(r->params);
		for (size_t j = 0; j < r->n_ctrs; j++) {
			free(r->ctrs[j].name);
			lb_shellsplit_free(r->ctrs[j].argv);
			free(r->ctrs[j].limits.cpuset);
			lb_shellsplit_free(r->ctrs[j].env);
		}
		free(r->ctrs);
		for (size_t j = 0; j < r->n_expects; j++) {
			free(r->expects[j].text);
			lb_expect_free(r->expects[j].expr);
		}
		free(r->expects);
	}
	free(s->runs);
	free(s);
}

static void tpl_free(struct lb_tpl *t)
{
	free(t->ctrs);
	free(t->expects);
	free(t->params);
}

/* Everything but the file's own problems; returns the scenario (maybe partial). */
static struct lb_scenario *validate(struct lb_vctx *c, struct lb_ynode *root,
				    const struct lb_set *sets, size_t n_sets, char **origins)
{
	struct lb_scenario *s = lb_xzalloc(sizeof(*s));
	struct lb_tpl t = {0};
	const struct lb_ynode *n;

	s->requires.swap = -1;
	if (!root) {
		lb_diags_add(c->diags, c->file, (struct lb_pos){1, 1},
			     "the file is empty: a scenario needs at least name and containers");
		return s;
	}
	if (root->kind != LB_Y_MAP) {
		lb_vdiag(c, root, LB_WHOLE,
			 "a scenario is a map of keys (name, containers, ...), not %s",
			 lb_ynode_is_null(root) ? "an empty document" : lb_ynode_kind_name(root));
		return s;
	}

	/* --set: top-level keys now, matrix parameters once the matrix is known. */
	for (size_t i = 0; i < n_sets; i++) {
		origins[i] = lb_xasprintf("--set %s=%s", sets[i].name, sets[i].value);
		struct lb_ynode *val = lb_ynode_new_scalar(sets[i].value, origins[i]);
		if (set_param(lb_ynode_get(root, "matrix"), sets[i].name, val))
			continue;
		if (in_list(sets[i].name, settable)) {
			set_top(root, sets[i].name, val);
			continue;
		}
		lb_vdiag(c, val, LB_WHOLE,
			 "'%s' is neither a matrix parameter nor one of sample, timeout, repeat, "
			 "name and description",
			 sets[i].name);
		lb_ynode_free(val);
	}

	check_keys(c, root, "a scenario", top_keys);
	if (!(n = lb_ynode_get(root, "name")))
		lb_vdiag(c, root, LB_WHOLE, "missing key 'name' (the scenario's name)");
	else
		s->name = check_name(c, n);
	if ((n = lb_ynode_get(root, "description")) && lb_want_scalar(c, n, "description"))
		s->description = lb_xstrdup(n->str);
	parse_requires(c, lb_ynode_get(root, "requires"), &s->requires);
	if ((n = lb_ynode_get(root, "matrix")))
		parse_matrix(c, n, &t);
	if ((n = lb_ynode_get(root, "sample")) && lb_want_scalar(c, n, "sample"))
		t.sample = n;
	if ((n = lb_ynode_get(root, "timeout")) && lb_want_scalar(c, n, "timeout"))
		t.timeout = n;
	if ((n = lb_ynode_get(root, "repeat")) && lb_want_scalar(c, n, "repeat"))
		t.repeat = n;
	if (!(n = lb_ynode_get(root, "containers"))) {
		lb_vdiag(c, root, LB_WHOLE,
			 "missing key 'containers' (the list of containers to run)");
	} else if (lb_want_list(c, n, "containers")) {
		if (n->n == 0)
			lb_vdiag(c, n, LB_WHOLE,
				 "containers: the list is empty (at least one is needed)");
		t.ctrs = lb_xcalloc(n->n ? n->n : 1, sizeof(*t.ctrs));
		for (size_t i = 0; i < n->n; i++)
			shape_container(c, n->items[i], &t.ctrs[t.n_ctrs++]);
	}
	if ((n = lb_ynode_get(root, "expect")))
		shape_expect(c, n, &t);

	if (t.n_params) {
		s->matrix_names = lb_xcalloc(t.n_params + 1, sizeof(*s->matrix_names));
		for (size_t i = 0; i < t.n_params; i++)
			s->matrix_names[i] = lb_xstrdup(t.params[i].name);
	}
	/* Every combination builds every container and expectation: bound the work. */
	size_t combos = 1;
	for (size_t i = 0; i < t.n_params; i++)
		if (t.params[i].values)
			combos *= t.params[i].values->n;
	if (combos * (t.n_ctrs + t.n_expects) > LB_MAX_WORK)
		lb_vdiag(c, lb_ynode_get(root, "matrix"), LB_WHOLE,
			 "matrix: too large: %zu combinations x %zu containers and "
			 "expectations (at most %d)",
			 combos, t.n_ctrs + t.n_expects, LB_MAX_WORK);
	else
		lb_expand(c, &t, s->name ? s->name : "?", s);
	tpl_free(&t);
	return s;
}

int lb_scenario_parse(const char *file, const char *buf, size_t len, const struct lb_set *sets,
		      size_t n_sets, struct lb_scenario **out, struct lb_diags *diags,
		      lb_error *err)
{
	struct lb_vctx c = {.file = file, .diags = diags};
	struct lb_ynode *root = NULL;
	struct lb_scenario *s = NULL;
	size_t before = diags->n;
	char **origins = lb_xcalloc(n_sets + 1, sizeof(*origins));

	*out = NULL;
	if (lb_yaml_parse(file, buf, len, &root, diags) == 0)
		s = validate(&c, root, sets, n_sets, origins);
	lb_diags_sort(diags, before);
	free(c.seen);
	lb_ynode_free(root);
	for (size_t i = 0; i < n_sets; i++)
		free(origins[i]);
	free(origins);
	if (diags->n > before) {
		lb_scenario_free(s);
		size_t k = diags->n - before;
		return lb_error_usage(err, "%zu problem%s in %s", k, k == 1 ? "" : "s", file);
	}
	s->file = lb_xstrdup(file);
	lb_sha256_hex(buf, len, s->sha256);
	*out = s;
	return 0;
}

int lb_scenario_load(const char *path, const struct lb_set *sets, size_t n_sets,
		     struct lb_scenario **out, struct lb_diags *diags, lb_error *err)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;
	struct stat st;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "%s", path);
	if (fstat(fd, &st) < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "%s", path);
	if (S_ISDIR(st.st_mode))
		return lb_error_set(err, LB_ERR_USAGE, EISDIR, "%s", path);
	/* Read one byte past the limit, so that the parser can say the file is too large. */
	for (;;) {
		lb_xgrow(&buf, &cap, len + 65536, 1);
		size_t want = cap - len;
		if (len + want > LB_YAML_MAX_SIZE + 1)
			want = LB_YAML_MAX_SIZE + 1 - len;
		if (want == 0)
			break;
		ssize_t r = read(fd, buf + len, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return lb_error_set(err, LB_ERR_USAGE, errno, "%s", path);
		if (r == 0)
			break;
		len += (size_t)r;
	}
	return lb_scenario_parse(path, buf, len, sets, n_sets, out, diags, err);
}
