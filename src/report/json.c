/* SPDX-License-Identifier: MIT */
/*
 * summary.json of one run (SPEC section 4), built with jansson so that every string is
 * escaped by a library that knows JSON, not by us.  The same object is what `run --json`
 * prints, one per run.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/internal.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/units.h"

/* Doubles hold integers exactly up to 2^53; above that an integer would be made up. */
#define EXACT_INT_MAX 9007199254740992.0

json_t *lb_report_json_number(double v, enum lb_unit unit)
{
	if (!isfinite(v))
		return json_null();
	/* An unlimited limit (mem_limit of a cgroup without one) reads as in limits_applied. */
	if (unit == LB_UNIT_BYTES && v >= (double)LB_SIZE_MAX)
		return json_string("max");
	if ((unit == LB_UNIT_BYTES || unit == LB_UNIT_NONE) && v == floor(v) &&
	    fabs(v) <= EXACT_INT_MAX)
		return json_integer((json_int_t)v);
	return json_real(v);
}

json_t *lb_report_json_string(const char *s)
{
	if (!s)
		return json_null();
	/* jansson refuses invalid UTF-8 (json_string returns NULL and the key would silently
	 * vanish): a stray byte from a workload must not cost the whole field. */
	json_t *j = json_string(s);
	if (j)
		return j;
	char *clean = lb_report_utf8_clean(s);
	j = json_string(clean);
	free(clean);
	return j ? j : json_null();
}

void lb_report_iso8601(double epoch_s, char *buf, size_t n)
{
	time_t sec = (time_t)floor(epoch_s);
	long ms = lround((epoch_s - (double)sec) * 1000);
	struct tm tm;

	if (ms >= 1000) {
		sec++;
		ms -= 1000;
	}
	if (!gmtime_r(&sec, &tm)) {
		snprintf(buf, n, "1970-01-01T00:00:00.000Z");
		return;
	}
	char date[32];
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, n, "%s.%03ldZ", date, ms);
}

/* A size limit as asked or applied: bytes, or "max" for unlimited. */
static json_t *size_json(uint64_t v)
{
	if (v == LB_SIZE_MAX)
		return json_string("max");
	return json_integer((json_int_t)v);
}

/* Only what the scenario set: zero means "not set" in struct lb_limits. */
json_t *lb_report_limits_asked_json(const struct lb_limits *l)
{
	json_t *o = json_object();

	if (l->memory)
		json_object_set_new(o, "memory", size_json(l->memory));
	if (l->memory_swap)
		json_object_set_new(o, "memory_swap", size_json(l->memory_swap));
	if (l->cpus > 0)
		json_object_set_new(o, "cpus", json_real(l->cpus));
	if (l->cpu_shares)
		json_object_set_new(o, "cpu_shares", json_integer((json_int_t)l->cpu_shares));
	if (l->cpuset)
		json_object_set_new(o, "cpuset", lb_report_json_string(l->cpuset));
	if (l->pids)
		json_object_set_new(o, "pids", size_json(l->pids));
	/* i11-io: one string, so that compare sees a change like any other limit's:
	 * "/var/tmp wbps=4194304; /dev/vdb riops=100" */
	if (l->n_io) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (!f)
			abort();
		for (size_t i = 0; i < l->n_io; i++) {
			const struct lb_io_limit *e = &l->io[i];
			fprintf(f, "%s%s", i ? "; " : "", e->device ? e->device : "?");
			if (e->rbps)
				fprintf(f, " rbps=%" PRIu64, e->rbps);
			if (e->wbps)
				fprintf(f, " wbps=%" PRIu64, e->wbps);
			if (e->riops)
				fprintf(f, " riops=%" PRIu64, e->riops);
			if (e->wiops)
				fprintf(f, " wiops=%" PRIu64, e->wiops);
			if (e->weight)
				fprintf(f, " weight=%" PRIu64, e->weight);
		}
		fclose(f);
		json_object_set_new(o, "io", lb_report_json_string(buf));
		free(buf);
	}
	if (l->blkio_weight)
		json_object_set_new(o, "blkio_weight", json_integer((json_int_t)l->blkio_weight));
	if (l->memory_high)
		json_object_set_new(o, "memory_high", size_json(l->memory_high));
	if (l->memory_low)
		json_object_set_new(o, "memory_low", size_json(l->memory_low));
	if (l->memory_min)
		json_object_set_new(o, "memory_min", size_json(l->memory_min));
	if (l->memory_reservation)
		json_object_set_new(o, "memory_reservation", size_json(l->memory_reservation));
	if (l->swap_set)
		json_object_set_new(o, "swap", size_json(l->swap));
	if (l->oom_group)
		json_object_set_new(o, "oom_group", json_boolean(l->oom_group > 0));
	if (l->oom_score_adj_set)
		json_object_set_new(o, "oom_score_adj", json_integer(l->oom_score_adj));
	/* CPU knobs (issue 11) */
	if (l->cpu_weight)
		json_object_set_new(o, "cpu_weight", json_integer((json_int_t)l->cpu_weight));
	if (l->cpu_period)
		json_object_set_new(o, "cpu_period_us", json_integer((json_int_t)l->cpu_period));
	if (l->cpu_quota)
		json_object_set_new(o, "cpu_quota_us",
				    l->cpu_quota == LB_SIZE_MAX
					? json_integer(-1)
					: json_integer((json_int_t)l->cpu_quota));
	if (l->cpu_idle)
		json_object_set_new(o, "cpu_idle", json_true());
	return o;
}

static json_t *limits_applied_json(const struct lb_cg_applied *a)
{
	json_t *o = json_object();

	json_object_set_new(o, "mem_limit", size_json(a->mem_limit));
	/* 0: the kernel has no swap accounting, so there is no memory+swap limit to report. */
	json_object_set_new(o, "memsw_limit",
			    a->memsw_limit ? size_json(a->memsw_limit) : json_null());
	json_object_set_new(o, "cpu_quota",
			    a->cpu_quota > 0 ? json_real(a->cpu_quota) : json_string("max"));
	json_object_set_new(o, "cpu_weight", json_integer((json_int_t)a->cpu_weight));
	json_object_set_new(o, "cpuset", lb_report_json_string(a->cpuset));
	json_object_set_new(o, "pids_max", size_json(a->pids_max));
	/* The memory knobs, only where the kernel has the file (v1: the soft limit alone). */
	if (a->mem_high)
		json_object_set_new(o, "mem_high", size_json(a->mem_high));
	if (a->mem_low)
		json_object_set_new(o, "mem_low", size_json(a->mem_low));
	if (a->mem_min)
		json_object_set_new(o, "mem_min", size_json(a->mem_min));
	if (a->soft_limit)
		json_object_set_new(o, "soft_limit", size_json(a->soft_limit));
	if (a->has_swap_max)
		json_object_set_new(o, "swap_max", size_json(a->swap_max));
	if (a->oom_group >= 0)
		json_object_set_new(o, "oom_group", json_boolean(a->oom_group > 0));
	/* CPU knobs (issue 11) */
	json_object_set_new(o, "cpu_period_us",
			    a->cpu_period ? json_integer((json_int_t)a->cpu_period) : json_null());
	json_object_set_new(o, "cpu_idle",
			    a->cpu_idle < 0 ? json_null() : json_integer(a->cpu_idle));
	if (a->cpu_weight_converted) {
		/* v1 has no weight: say what cpu_weight above is */
		char *note = lb_xasprintf(
		    "cgroup v1: cpu.shares %llu, converted from cpu-weight %llu "
		    "by the inverse of runc's shares -> weight map",
		    (unsigned long long)a->cpu_weight, (unsigned long long)a->cpu_weight_converted);
		json_object_set_new(o, "cpu_weight_note", json_string(note));
		free(note);
	}
	return o;
}

static bool unit_is_string(enum lb_unit u)
{
	return u == LB_UNIT_CPULIST || u == LB_UNIT_SIGNAL;
}

static json_t *metrics_json(const struct lb_ctr_result *c)
{
	json_t *o = json_object();

	for (int i = 0; i < LB_SCALAR_COUNT; i++) {
		const struct lb_metric_info *m = lb_metric_scalar(i);

		if (!c->has[i])
			continue;
		if (unit_is_string(m->unit))
			json_object_set_new(o, m->name,
					    lb_report_json_string(c->str[i] ? c->str[i] : ""));
		else
			json_object_set_new(o, m->name,
					    lb_report_json_number(c->scalar[i], m->unit));
	}
	return o;
}

/* Scalars the kernel did not give reliably, each with the reason: {"mem_max_hits": "..."}. */
static json_t *not_measured_json(const struct lb_ctr_result *c)
{
	json_t *o = json_object();

	for (int i = 0; i < LB_SCALAR_COUNT; i++)
		if (!c->has[i] && c->not_measured[i])
			json_object_set_new(o, lb_metric_scalar(i)->name,
					    lb_report_json_string(c->not_measured[i]));
	/* and series the kernel does not give here (v1: psi_*, mem_sock) */
	for (int i = 0; i < LB_SERIES_COUNT; i++)
		if (!c->series[i].n && c->series_not_measured[i])
			json_object_set_new(o, lb_metric_series(i)->name,
					    lb_report_json_string(c->series_not_measured[i]));
	return o;
}

static json_t *stat_json(const struct lb_series *s, enum lb_stat_fn fn, enum lb_unit unit)
{
	double v;

	if (lb_series_stat(s, fn, -INFINITY, INFINITY, &v) < 0)
		return json_null();
	return lb_report_json_number(v, unit);
}

/* Every series gets the same keys, null when it holds no sample, so readers need no cases. */
static json_t *series_json(const struct lb_ctr_result *c)
{
	json_t *o = json_object();

	for (int i = 0; i < LB_SERIES_COUNT; i++) {
		const struct lb_metric_info *m = lb_metric_series(i);
		const struct lb_series *s = &c->series[i];
		json_t *so;

		if (c->is_group && lb_metric_group_why_not(m))
			continue; /* a group has no rss */
		so = json_object();

		json_object_set_new(so, "min", stat_json(s, LB_FN_MIN, m->unit));
		json_object_set_new(so, "mean", stat_json(s, LB_FN_MEAN, m->unit));
		json_object_set_new(so, "max", stat_json(s, LB_FN_MAX, m->unit));
		json_object_set_new(so, "p95", stat_json(s, LB_FN_P95, m->unit));
		json_object_set_new(so, "samples", json_integer((json_int_t)s->n));
		json_object_set_new(o, m->name, so);
	}
	return o;
}

static json_t *container_json(const struct lb_ctr_result *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "limits_asked", lb_report_limits_asked_json(&c->asked));
	json_object_set_new(o, "limits_applied",
			    c->has_applied ? limits_applied_json(&c->applied) : json_null());
	json_object_set_new(o, "metrics", metrics_json(c));
	json_object_set_new(o, "not_measured", not_measured_json(c));
	json_object_set_new(o, "series", series_json(c));
	/* nested groups: the group a container is in, the parent of a group */
	if (c->group)
		json_object_set_new(o, c->is_group ? "parent" : "group",
				    lb_report_json_string(c->group));
	return o;
}

static const char *verdict_name(enum lb_verdict_result v)
{
	switch (v) {
	case LB_PASS:
		return "pass";
	case LB_FAIL:
		return "fail";
	case LB_INTERRUPTED:
		return "interrupted";
	case LB_ERROR:
	default:
		return "error";
	}
}

static json_t *verdict_json(const struct lb_verdict *v)
{
	json_t *o = json_object();

	json_object_set_new(o, "text", lb_report_json_string(v->text));
	json_object_set_new(o, "result", json_string(verdict_name(v->result)));
	json_object_set_new(o, "measured",
			    v->measured_str ? lb_report_json_string(v->measured_str)
					    : lb_report_json_number(v->measured, v->unit));
	json_object_set_new(o, "unit", json_string(lb_unit_name(v->unit)));
	json_object_set_new(o, "bound", lb_report_json_string(v->bound));
	json_object_set_new(o, "error", isfinite(v->error) ? json_real(v->error) : json_null());
	json_object_set_new(o, "message", lb_report_json_string(v->message));
	return o;
}

void lb_report_set_params_repeat(json_t *o, const struct lb_run_result *r)
{
	json_t *params = json_object(), *rep = json_object();

	for (size_t i = 0; i < r->n_params; i++)
		json_object_set_new(params, r->params[i].name,
				    lb_report_json_string(r->params[i].value));
	json_object_set_new(o, "params", params);
	json_object_set_new(rep, "index", json_integer(r->repeat_index));
	json_object_set_new(rep, "count", json_integer(r->repeat_count));
	json_object_set_new(o, "repeat", rep);
}

json_t *lb_report_started_at(double epoch_s)
{
	char when[40];

	/* 0: the run never started (an error before it could) */
	if (!(epoch_s > 0))
		return json_null();
	lb_report_iso8601(epoch_s, when, sizeof(when));
	return json_string(when);
}

json_t *lb_report_scenario_json(const struct lb_scenario *scn, const struct lb_run_result *r)
{
	json_t *o = json_object();
	const char *name = scn ? scn->name : r ? r->scenario : NULL;

	json_object_set_new(o, "name", lb_report_json_string(name));
	json_object_set_new(o, "file", lb_report_json_string(scn ? scn->file : NULL));
	json_object_set_new(o, "sha256", lb_report_json_string(scn ? scn->sha256 : NULL));
	json_object_set_new(o, "description", lb_report_json_string(scn ? scn->description : NULL));
	return o;
}

json_t *lb_report_env_json(const struct lb_host_info *h)
{
	json_t *o = json_object(), *ctrls = json_array();

	if (!h) {
		json_decref(ctrls);
		json_decref(o);
		return json_null();
	}
	/* controllers is a space-separated list: an array is what a reader wants. */
	for (const char *p = h->controllers; *p;) {
		size_t len = strcspn(p, " \t\n");

		if (len)
			json_array_append_new(ctrls, json_stringn(p, len));
		p += len;
		p += strspn(p, " \t\n");
	}
	json_object_set_new(o, "kernel", lb_report_json_string(h->kernel));
	json_object_set_new(o, "cgroup_mode", json_string(h->cgroup_mode));
	json_object_set_new(o, "backend", json_string(h->backend));
	json_object_set_new(o, "controllers", ctrls);
	json_object_set_new(o, "cpus", json_integer(h->cpus));
	json_object_set_new(o, "memory_bytes", json_integer((json_int_t)h->mem_total));
	json_object_set_new(o, "swap_bytes", json_integer((json_int_t)h->swap_total));
	json_object_set_new(o, "limitbench_version", json_string(h->version));
	return o;
}

json_t *lb_report_run_json(const struct lb_scenario *scn, const struct lb_run_result *r,
			   const struct lb_host_info *host)
{
	json_t *o = json_object();
	json_t *ctrs = json_object(), *exps = json_array(), *sampler;

	json_object_set_new(o, "limitbench", json_string(LB_VERSION));
	json_object_set_new(o, "scenario", lb_report_scenario_json(scn, r));
	json_object_set_new(o, "run", lb_report_json_string(r->run_name));
	lb_report_set_params_repeat(o, r);
	json_object_set_new(o, "started_at", lb_report_started_at(r->started_at));
	json_object_set_new(o, "duration_s", lb_report_json_number(r->duration, LB_UNIT_SECONDS));
	json_object_set_new(o, "outcome", json_string(lb_outcome_name(r->outcome)));
	if (r->skip_reason)
		json_object_set_new(o, "skip_reason", lb_report_json_string(r->skip_reason));
	if (r->error)
		json_object_set_new(o, "error", lb_report_json_string(r->error));
	json_object_set_new(o, "environment", lb_report_env_json(host));
	json_t *groups = json_object();
	for (size_t i = 0; i < r->n_ctrs; i++)
		json_object_set_new(r->ctrs[i].is_group ? groups : ctrs, r->ctrs[i].name,
				    container_json(&r->ctrs[i]));
	json_object_set_new(o, "containers", ctrs);
	/* Nested groups (scenario `groups:`), only when the scenario has some: a run without
	 * them writes what it always did. */
	if (json_object_size(groups))
		json_object_set_new(o, "groups", groups);
	else
		json_decref(groups);
	for (size_t i = 0; i < r->n_verdicts; i++)
		json_array_append_new(exps, verdict_json(&r->verdicts[i]));
	json_object_set_new(o, "expectations", exps);
	json_object_set_new(o, "interrupted", json_boolean(r->outcome == LB_OUTCOME_INTERRUPTED));
	/* The sampler's own record: how many samples, how many came late (bench/sampler.sh),
	 * and the stalls when it did not run at all. */
	sampler = json_object();
	json_object_set_new(sampler, "samples", json_integer(r->samples));
	json_object_set_new(sampler, "late_samples", json_integer(r->late_samples));
	json_object_set_new(sampler, "stalls", json_integer(r->stalls));
	json_object_set_new(sampler, "longest_stall_s", json_real(r->longest_stall));
	/* How far apart the containers that start at 0 passed their common barrier. */
	json_object_set_new(sampler, "start_skew_s", json_real(r->start_skew));
	json_object_set_new(o, "sampler", sampler);
	return o;
}

char *lb_report_json_text(const json_t *j, size_t *len)
{
	char *s = json_dumps(j, LB_REPORT_JSON_FLAGS);

	if (!s) /* jansson fails only when it cannot allocate */
		s = lb_xstrdup("null");
	char *out = lb_xasprintf("%s\n", s);
	free(s);
	if (len)
		*len = strlen(out);
	return out;
}
