/* SPDX-License-Identifier: MIT */
/*
 * Loading a scenario: read the file, parse the YAML, apply --set, check the shape
 * (shape.c), expand every matrix combination (expand.c), and hand back either the scenario
 * or every problem found.
 */
#include "scenario/scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expect/expect.h"
#include "scenario/internal.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/shellsplit.h"

static const char *const top_keys[] = {"name",	   "description", "sample", "timeout",
				       "requires", "repeat",	  "matrix", "containers",
				       "expect",   "groups",	  NULL};
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
			free(r->ctrs[j].group);
			lb_shellsplit_free(r->ctrs[j].argv);
			free(r->ctrs[j].limits.cpuset);
			lb_limits_io_free(&r->ctrs[j].limits);
			lb_shellsplit_free(r->ctrs[j].env);
			free(r->ctrs[j].rootfs);
			lb_shellsplit_free(r->ctrs[j].devices);
		}
		free(r->ctrs);
		for (size_t j = 0; j < r->n_groups; j++) {
			free(r->groups[j].name);
			free(r->groups[j].parent);
			free(r->groups[j].limits.cpuset);
			lb_limits_io_free(&r->groups[j].limits);
		}
		free(r->groups);
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
	free(t->groups);
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

	lb_check_keys(c, root, "a scenario", top_keys);
	if (!(n = lb_ynode_get(root, "name")))
		lb_vdiag(c, root, LB_WHOLE, "missing key 'name' (the scenario's name)");
	else
		s->name = lb_shape_name(c, n);
	if ((n = lb_ynode_get(root, "description")) && lb_want_scalar(c, n, "description"))
		s->description = lb_xstrdup(n->str);
	lb_shape_requires(c, lb_ynode_get(root, "requires"), &s->requires);
	c->required_cpus = s->requires.cpus;
	c->required_cgroup = s->requires.cgroup;
	if ((n = lb_ynode_get(root, "matrix")))
		lb_shape_matrix(c, n, &t);
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
			lb_shape_container(c, n->items[i], &t.ctrs[t.n_ctrs++]);
	}
	if ((n = lb_ynode_get(root, "groups")) && lb_want_list(c, n, "groups")) {
		t.groups = lb_xcalloc(n->n ? n->n : 1, sizeof(*t.groups));
		for (size_t i = 0; i < n->n; i++)
			lb_shape_group(c, n->items[i], &t.groups[t.n_groups++]);
	}
	if ((n = lb_ynode_get(root, "expect")))
		lb_shape_expect(c, n, &t);

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
	if (combos * (t.n_ctrs + t.n_groups + t.n_expects) > LB_MAX_WORK)
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
	return lb_scenario_parse_on(file, buf, len, sets, n_sets, NULL, out, diags, err);
}

int lb_scenario_parse_on(const char *file, const char *buf, size_t len, const struct lb_set *sets,
			 size_t n_sets, const char *online_cpus, struct lb_scenario **out,
			 struct lb_diags *diags, lb_error *err)
{
	return lb_scenario_parse_cg(file, buf, len, sets, n_sets, online_cpus, 0, out, diags, err);
}

int lb_scenario_parse_cg(const char *file, const char *buf, size_t len, const struct lb_set *sets,
			 size_t n_sets, const char *online_cpus, int cgroup_version,
			 struct lb_scenario **out, struct lb_diags *diags, lb_error *err)
{
	struct lb_vctx c = {.file = file,
			    .diags = diags,
			    .online_cpus = online_cpus,
			    .cgroup_version = cgroup_version};
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
	_cleanup_free_ char *buf = NULL, *online = NULL;
	size_t len = 0, cap = 0;
	struct stat st;
	lb_error ignored = {0};

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
	/* The machine it is loaded on: without the list (no sysfs), cpusets are left to the
	 * kernel at run time. */
	if (lb_read_file("/sys/devices/system/cpu/online", &online, NULL, &ignored) < 0)
		online = NULL;
	/* and its cgroup version: without a cgroup hierarchy, `run` fails later anyway */
	struct lb_cg_hier h = {0};
	int cgv = 0;
	if (lb_cg_detect(&h, &ignored) == 0 && h.mode != LB_CG_NONE)
		cgv = h.use_v2 ? 2 : 1;
	lb_cg_hier_free(&h);
	return lb_scenario_parse_cg(path, buf, len, sets, n_sets, online, cgv, out, diags, err);
}
