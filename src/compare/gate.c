/* SPDX-License-Identifier: MIT */
/* The regression gate from paths to a verdict: what `compare` and `run --baseline` share. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare/compare.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

void lb_cmp_set_keep_scenarios(struct lb_cmp_set *set, const char *const *names, size_t n)
{
	size_t kept = 0;

	for (size_t i = 0; i < set->n_runs; i++) {
		bool found = false;

		for (size_t k = 0; k < n && !found; k++)
			found = !strcmp(set->runs[i].scenario, names[k]);
		if (found)
			set->runs[kept++] = set->runs[i];
		else
			lb_cmp_run_free(&set->runs[i]);
	}
	set->n_runs = kept;
}

char *lb_cmp_set_describe(const struct lb_cmp_set *set)
{
	char *s = lb_xasprintf("%zu run%s", set->n_runs, set->n_runs == 1 ? "" : "s");

	for (size_t i = 0; i < set->n_runs && i < 8; i++) {
		char *t = lb_xasprintf("%s%s %s", s, i ? "," : ":", set->runs[i].name);
		free(s);
		s = t;
	}
	if (set->n_runs > 8) {
		char *t = lb_xasprintf("%s and %zu more", s, set->n_runs - 8);
		free(s);
		s = t;
	}
	char *t = lb_xasprintf("%s (from %zu summary.json file%s)", s, set->n_files,
			       set->n_files == 1 ? "" : "s");
	free(s);
	return t;
}

static int load_all(const char *const *paths, size_t n, struct lb_cmp_set *set, const char *side,
		    lb_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (lb_compare_load(paths[i], set, err) < 0)
			return lb_error_wrap(err, "%s", side);
	return 0;
}

static int write_junit(const char *path, const struct lb_cmp_report *rep, const char *error,
		       lb_error *err)
{
	_cleanup_free_ char *xml = lb_cmp_junit_text(rep, error);

	if (lb_write_file_atomic(path, xml, strlen(xml), err) < 0)
		return lb_error_wrap(err, "--junit %s", path);
	return 0;
}

int lb_compare_gate(const struct lb_compare_gate *g, FILE *out, lb_error *err)
{
	struct lb_cmp_set base = {0}, cur = {0};
	struct lb_cmp_report rep = {0};
	_cleanup_free_ char *nothing = NULL;
	int rc = -1;

	if (load_all(g->baseline, g->n_baseline, &base, "baseline", err) < 0 ||
	    load_all(g->current, g->n_current, &cur, "current", err) < 0)
		goto out;
	if (g->scenarios)
		lb_cmp_set_keep_scenarios(&base, g->scenarios, g->n_scenarios);
	if (lb_compare(&base, &cur, &g->opts, &rep, err) < 0)
		goto out;
	/* A gate that compared nothing has not tested anything: never "OK". */
	if (rep.n_compared == 0) {
		_cleanup_free_ char *b = lb_cmp_set_describe(&base), *c = lb_cmp_set_describe(&cur);
		nothing = lb_xasprintf("nothing compared: no run has results on both sides "
				       "(baseline: %s; current: %s)",
				       b, c);
	}
	if (out && g->json) {
		_cleanup_free_ char *j = lb_cmp_json_text(&rep, g->baseline, g->n_baseline,
							  g->current, g->n_current, nothing);
		fputs(j, out);
	} else if (out) {
		lb_cmp_print(out, &rep, &g->print);
	}
	if (g->junit && write_junit(g->junit, &rep, nothing, err) < 0)
		goto out;
	if (nothing) {
		rc = lb_error_usage(err, "%s", nothing);
		goto out;
	}
	rc = rep.n_failed ? 1 : 0;
out:
	lb_cmp_report_free(&rep);
	lb_cmp_set_free(&base);
	lb_cmp_set_free(&cur);
	return rc;
}

int lb_compare_probe(const char *path, lb_error *err)
{
	struct lb_cmp_set set = {0};
	int rc = lb_compare_load(path, &set, err);

	lb_cmp_set_free(&set);
	return rc;
}

int lb_compare_run_gate(const char *baseline, const char *out_root, const char *const *scenarios,
			size_t n, FILE *out, lb_error *err)
{
	char **cur = lb_xcalloc(n + 1, sizeof(*cur));
	size_t n_cur = 0;
	struct lb_compare_gate g = {
	    .baseline = &baseline,
	    .n_baseline = 1,
	    .current = (const char *const *)cur,
	    .scenarios = scenarios,
	    .n_scenarios = n,
	    .opts = LB_COMPARE_OPTS_DEFAULT,
	    .print = {.base_label = baseline, .cur_label = out_root},
	};
	struct stat st;
	int rc;

	for (size_t i = 0; i < n; i++) {
		char *dir = lb_xasprintf("%s/%s", out_root, scenarios[i]);

		if (stat(dir, &st) == 0)
			cur[n_cur++] = dir;
		else
			free(dir);
	}
	g.n_current = n_cur;
	rc = lb_compare_gate(&g, out, err);
	for (size_t i = 0; i < n_cur; i++)
		free(cur[i]);
	free(cur);
	return rc;
}
