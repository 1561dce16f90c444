/* SPDX-License-Identifier: MIT */
/* The regression gate from paths to a verdict: what `compare` and `run --baseline` share. */
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "util/alloc.h"

void lb_cmp_set_keep_scenarios_of(struct lb_cmp_set *set, const struct lb_cmp_set *other)
{
	size_t kept = 0;

	for (size_t i = 0; i < set->n_runs; i++) {
		bool found = false;

		for (size_t k = 0; k < other->n_runs && !found; k++)
			found = !strcmp(set->runs[i].scenario, other->runs[k].scenario);
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
	if (g->current_scenarios_only)
		lb_cmp_set_keep_scenarios_of(&base, &cur);
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
	struct lb_compare_gate g = {
	    .baseline = baseline,
	    .current = (const char *const *)cur,
	    .n_current = n,
	    .current_scenarios_only = true,
	    .opts = LB_COMPARE_OPTS_DEFAULT,
	    .print = {.base_label = baseline, .cur_label = out_root},
	};
	int rc;

	for (size_t i = 0; i < n; i++)
		cur[i] = lb_xasprintf("%s/%s", out_root, scenarios[i]);
	rc = lb_compare_gate(&g, out, err);
	for (size_t i = 0; i < n; i++)
		free(cur[i]);
	free(cur);
	return rc;
}
