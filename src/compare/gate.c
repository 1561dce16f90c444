/* SPDX-License-Identifier: MIT */
/* The regression gate from paths to a verdict: what `compare` and `run --baseline` share. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare/compare.h"
#include "util/alloc.h"

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

int lb_compare_gate(const struct lb_compare_gate *g, FILE *out, lb_error *err)
{
	struct lb_cmp_set base = {0}, cur = {0};
	struct lb_cmp_report rep = {0};
	int rc = -1;

	if (lb_compare_load(g->baseline, &base, err) < 0) {
		lb_error_wrap(err, "baseline");
		goto out;
	}
	for (size_t i = 0; i < g->n_current; i++)
		if (lb_compare_load(g->current[i], &cur, err) < 0) {
			lb_error_wrap(err, "current");
			goto out;
		}
	if (g->scenarios)
		lb_cmp_set_keep_scenarios(&base, g->scenarios, g->n_scenarios);
	if (lb_compare(&base, &cur, &g->opts, &rep, err) < 0)
		goto out;
	if (out)
		lb_cmp_print(out, &rep, &g->print);
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
	    .baseline = baseline,
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
