/* SPDX-License-Identifier: MIT */
/*
 * A run's summary.json read back: the limits, the environment and the few measured numbers
 * the plots show.  Numbers that are absent, null or "max" (unlimited) read as NAN, so a
 * figure draws no line for them.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot.h"
#include "util/alloc.h"

static double num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? lb_xstrdup(s) : NULL;
}

static void read_ctr(const char *name, const json_t *c, struct lb_plot_ctr *out)
{
	const json_t *applied = json_object_get(c, "limits_applied");
	const json_t *asked = json_object_get(c, "limits_asked");
	const json_t *metrics = json_object_get(c, "metrics");
	const json_t *cpu = json_object_get(json_object_get(c, "series"), "cpu");

	out->name = lb_xstrdup(name);
	out->mem_limit = num(applied, "mem_limit");
	out->cpu_quota = num(applied, "cpu_quota");
	/* v1 reports no quota as cpu_quota 0 in the metrics; limits_applied says "max".  A
	 * zero here is the same "none". */
	if (!(out->cpu_quota > 0))
		out->cpu_quota = NAN;
	out->pids_max = num(applied, "pids_max");
	out->cpuset = str(applied, "cpuset");
	/* the default weight says nothing: only one that was asked for is worth a word
	 * (cpu-shares, or cpu-weight: on v1 the shares it became) */
	out->cpu_weight = isfinite(num(asked, "cpu_shares")) || isfinite(num(asked, "cpu_weight"))
			      ? num(applied, "cpu_weight")
			      : NAN;
	out->ask_memory = num(asked, "memory");
	out->ask_cpus = num(asked, "cpus");
	out->ask_pids = num(asked, "pids");
	out->mem_peak = num(metrics, "mem_peak");
	out->pids_peak = num(metrics, "pids_peak");
	out->cpu_mean = num(cpu, "mean");
	out->mem_high = num(applied, "mem_high");
}

int lb_plot_run_parse(const char *text, size_t len, struct lb_plot_run *r, lb_error *err)
{
	json_error_t jerr;
	json_t *j = json_loadb(text, len, 0, &jerr);
	const json_t *env, *ctrs, *params, *rep, *c;
	const char *key;

	memset(r, 0, sizeof(*r));
	if (!j)
		return lb_error_fail(err, "summary.json:%d:%d: %s", jerr.line, jerr.column,
				     jerr.text);
	ctrs = json_object_get(j, "containers");
	if (!json_is_object(j) || !json_is_object(ctrs)) {
		json_decref(j);
		return lb_error_fail(err, "summary.json: not the summary of a run (no containers)");
	}
	r->scenario = str(json_object_get(j, "scenario"), "name");
	r->run = str(j, "run");
	r->outcome = str(j, "outcome");
	r->started_at = str(j, "started_at");
	r->duration = num(j, "duration_s");
	rep = json_object_get(j, "repeat");
	r->repeat_index = (unsigned)json_integer_value(json_object_get(rep, "index"));
	r->repeat_count = (unsigned)json_integer_value(json_object_get(rep, "count"));
	env = json_object_get(j, "environment");
	r->kernel = str(env, "kernel");
	r->cgroup_mode = str(env, "cgroup_mode");
	r->backend = str(env, "backend");

	params = json_object_get(j, "params");
	r->params = lb_xcalloc(json_object_size(params) + 1, sizeof(*r->params));
	json_object_foreach((json_t *)params, key, c)
	{
		const char *v = json_string_value(c);

		r->params[r->n_params].name = lb_xstrdup(key);
		r->params[r->n_params++].value = lb_xstrdup(v ? v : "");
	}
	/* jansson keeps the keys in the order they were written: the scenario's order */
	/* and the groups after them (nested cgroups, plotted like containers; absent in
	 * results without groups and in those of limitbench before them) */
	json_t *groups = json_object_get(j, "groups");
	if (!json_is_object(groups))
		groups = NULL;
	r->ctrs =
	    lb_xcalloc(json_object_size(ctrs) + json_object_size(groups) + 1, sizeof(*r->ctrs));
	json_object_foreach((json_t *)ctrs, key, c) read_ctr(key, c, &r->ctrs[r->n_ctrs++]);
	if (groups)
		json_object_foreach(groups, key, c) read_ctr(key, c, &r->ctrs[r->n_ctrs++]);
	json_decref(j);
	return 0;
}

void lb_plot_run_free(struct lb_plot_run *r)
{
	free(r->scenario);
	free(r->run);
	free(r->outcome);
	free(r->started_at);
	free(r->kernel);
	free(r->cgroup_mode);
	free(r->backend);
	for (size_t i = 0; i < r->n_params; i++) {
		free(r->params[i].name);
		free(r->params[i].value);
	}
	free(r->params);
	for (size_t i = 0; i < r->n_ctrs; i++) {
		free(r->ctrs[i].name);
		free(r->ctrs[i].cpuset);
	}
	free(r->ctrs);
	memset(r, 0, sizeof(*r));
}

const char *lb_plot_run_param(const struct lb_plot_run *r, const char *name)
{
	for (size_t i = 0; i < r->n_params; i++)
		if (!strcmp(r->params[i].name, name))
			return r->params[i].value;
	return NULL;
}
