/* SPDX-License-Identifier: MIT */
/*
 * OUT/<scenario>/summary.json: every run of a scenario (matrix × repeat) side by side, and
 * for each run name the spread of every number across its repeats.  `compare` (regression
 * gates) reads this, so its shape is regular:
 *
 *   "stats": { RUN_NAME: { KEY: {unit, n, values[], mean, stddev, min, max, ci95} } }
 *
 * KEY is "duration_s", "C.SCALAR" for each numeric scalar metric (hog.mem_peak), and
 * "C.SERIES.FN" for the series statistics of summary.json (hog.rss.max, hog.cpu.mean);
 *
 *   "expectations": { RUN_NAME: { TEXT: {pass, fail, error, bound, measured: {...same...},
 *                                         rel_error: {...same...}} } }
 *
 * holds each expectation's verdict counts, its bound ("~ 0.25 ± 5%") and its measured value
 * and relative error (|measured - bound| / |bound|) across repeats.  Each entry of "runs"
 * carries the limits its containers asked for ({C: limits_asked}), so that `compare` can
 * tell a changed scenario from a regression.
 * values[] holds the repeats where the number was measured, in repeat order; stddev is the
 * sample (n-1) standard deviation, 0 for one value.  ci95 is the 95% confidence interval of
 * the mean, [mean - h, mean + h] with h = t(0.975, n-1) * stddev / sqrt(n) (Student's t, as
 * the repeats are few), null for fewer than two values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/stat.h"
#include "report/internal.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/units.h"

/* An empty accumulator: {unit, n, values: []}. */
static json_t *acc_new(enum lb_unit unit)
{
	json_t *a = json_object();

	json_object_set_new(a, "unit", json_string(lb_unit_name(unit)));
	json_object_set_new(a, "n", json_integer(0));
	json_object_set_new(a, "values", json_array());
	return a;
}

/* The accumulator of KEY under obj, created on first use. */
static json_t *acc_get(json_t *obj, const char *key, enum lb_unit unit)
{
	json_t *a = json_object_get(obj, key);

	if (a)
		return a;
	a = acc_new(unit);
	json_object_set_new(obj, key, a);
	return a;
}

static void acc_add(json_t *a, double v, enum lb_unit unit)
{
	/* "max" (an unlimited limit) has no mean to take: left out like an unmeasured value */
	if (!isfinite(v) || (unit == LB_UNIT_BYTES && v >= (double)LB_SIZE_MAX))
		return;
	json_array_append_new(json_object_get(a, "values"), lb_report_json_number(v, unit));
}

/* Fill n, mean, stddev, min, max from values[]. */
static void acc_finish(json_t *a)
{
	json_t *vals = json_object_get(a, "values"), *unit_j = json_object_get(a, "unit");
	size_t n = json_array_size(vals);
	double *v = lb_xcalloc(n ? n : 1, sizeof(*v));
	static const struct {
		const char *key;
		enum lb_stat_fn fn;
	} fns[] = {
	    {"mean", LB_FN_MEAN}, {"stddev", LB_FN_STDDEV}, {"min", LB_FN_MIN}, {"max", LB_FN_MAX}};
	const char *unit_name = json_string_value(unit_j);
	enum lb_unit unit = LB_UNIT_SECONDS; /* any unit whose numbers print as reals */

	if (!strcmp(unit_name, lb_unit_name(LB_UNIT_BYTES)))
		unit = LB_UNIT_BYTES;
	else if (!strcmp(unit_name, lb_unit_name(LB_UNIT_NONE)))
		unit = LB_UNIT_NONE;
	for (size_t i = 0; i < n; i++)
		v[i] = json_number_value(json_array_get(vals, i));
	json_object_set_new(a, "n", json_integer((json_int_t)n));
	for (size_t i = 0; i < LB_ARRAY_SIZE(fns); i++) {
		double out;
		/* min and max of bytes are bytes; a mean or a stddev is not a count of anything. */
		enum lb_unit u =
		    fns[i].fn == LB_FN_MIN || fns[i].fn == LB_FN_MAX ? unit : LB_UNIT_SECONDS;

		if (n && lb_stat_values(v, n, fns[i].fn, &out) == 0)
			json_object_set_new(a, fns[i].key, lb_report_json_number(out, u));
		else
			json_object_set_new(a, fns[i].key, json_null());
	}
	json_t *sd = json_object_get(a, "stddev"), *mean = json_object_get(a, "mean");
	if (n >= 2 && json_is_number(sd) && json_is_number(mean)) {
		double m = json_number_value(mean);
		double h = lb_stat_ci_half(n, json_number_value(sd), 0.95);
		json_t *ci = json_array();

		json_array_append_new(ci, lb_report_json_number(m - h, LB_UNIT_SECONDS));
		json_array_append_new(ci, lb_report_json_number(m + h, LB_UNIT_SECONDS));
		json_object_set_new(a, "ci95", ci);
	} else {
		json_object_set_new(a, "ci95", json_null());
	}
	free(v);
}

static const enum lb_stat_fn series_fns[] = {LB_FN_MIN, LB_FN_MEAN, LB_FN_MAX, LB_FN_P95};
static const char *const series_fn_keys[] = {"min", "mean", "max", "p95"};

static void run_stats(json_t *obj, const struct lb_run_result *r)
{
	acc_add(acc_get(obj, "duration_s", LB_UNIT_SECONDS), r->duration, LB_UNIT_SECONDS);
	for (size_t c = 0; c < r->n_ctrs; c++) {
		const struct lb_ctr_result *ctr = &r->ctrs[c];

		for (int i = 0; i < LB_SCALAR_COUNT; i++) {
			const struct lb_metric_info *m = lb_metric_scalar(i);

			if (!ctr->has[i] || m->unit == LB_UNIT_CPULIST || m->unit == LB_UNIT_SIGNAL)
				continue;
			char *key = lb_xasprintf("%s.%s", ctr->name, m->name);
			acc_add(acc_get(obj, key, m->unit), ctr->scalar[i], m->unit);
			free(key);
		}
		for (int i = 0; i < LB_SERIES_COUNT; i++) {
			const struct lb_metric_info *m = lb_metric_series(i);

			for (size_t f = 0; f < sizeof(series_fns) / sizeof(series_fns[0]); f++) {
				double v;

				if (lb_series_stat(&ctr->series[i], series_fns[f], -INFINITY,
						   INFINITY, &v) < 0)
					continue;
				char *key =
				    lb_xasprintf("%s.%s.%s", ctr->name, m->name, series_fn_keys[f]);
				acc_add(acc_get(obj, key, m->unit), v, m->unit);
				free(key);
			}
		}
	}
}

static void run_expectations(json_t *obj, const struct lb_run_result *r)
{
	static const char *const keys[] = {[LB_PASS] = "pass",
					   [LB_FAIL] = "fail",
					   [LB_ERROR] = "error",
					   [LB_INTERRUPTED] = "interrupted"};

	for (size_t i = 0; i < r->n_verdicts; i++) {
		const struct lb_verdict *v = &r->verdicts[i];
		const char *text = v->text ? v->text : "";
		json_t *e = json_object_get(obj, text);

		if (!e) {
			e = json_object();
			json_object_set_new(e, "pass", json_integer(0));
			json_object_set_new(e, "fail", json_integer(0));
			json_object_set_new(e, "error", json_integer(0));
			json_object_set_new(e, "interrupted", json_integer(0));
			json_object_set_new(e, "bound", lb_report_json_string(v->bound));
			json_object_set_new(e, "measured", json_null());
			json_object_set_new(e, "rel_error", json_null());
			json_object_set_new(obj, text, e);
		}
		const char *k = keys[v->result <= LB_INTERRUPTED ? v->result : LB_ERROR];
		json_object_set_new(e, k,
				    json_integer(json_integer_value(json_object_get(e, k)) + 1));
		/* Strings (signal names, CPU lists) have no spread to compute. */
		if (v->measured_str)
			continue;
		if (json_is_null(json_object_get(e, "measured")))
			json_object_set_new(e, "measured", acc_new(v->unit));
		acc_add(json_object_get(e, "measured"), v->measured, v->unit);
		if (!isfinite(v->error))
			continue;
		if (json_is_null(json_object_get(e, "rel_error")))
			json_object_set_new(e, "rel_error", acc_new(LB_UNIT_NONE));
		acc_add(json_object_get(e, "rel_error"), v->error, LB_UNIT_NONE);
	}
}

static json_t *counts_json(const struct lb_run_result *r)
{
	json_t *o = json_object();
	json_int_t n[LB_INTERRUPTED + 1] = {0};

	for (size_t i = 0; i < r->n_verdicts; i++)
		n[r->verdicts[i].result <= LB_INTERRUPTED ? r->verdicts[i].result : LB_ERROR]++;
	json_object_set_new(o, "pass", json_integer(n[LB_PASS]));
	json_object_set_new(o, "fail", json_integer(n[LB_FAIL]));
	json_object_set_new(o, "error", json_integer(n[LB_ERROR]));
	json_object_set_new(o, "interrupted", json_integer(n[LB_INTERRUPTED]));
	return o;
}

/* The outcome of the whole scenario: the worst of its runs (skipped only if all were). */
static enum lb_outcome worst_outcome(struct lb_run_result *const *runs, size_t n)
{
	static const enum lb_outcome order[] = {LB_OUTCOME_ERROR, LB_OUTCOME_INTERRUPTED,
						LB_OUTCOME_TIMEOUT, LB_OUTCOME_FAIL,
						LB_OUTCOME_PASS};

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (size_t i = 0; i < n; i++)
			if (runs[i]->outcome == order[k])
				return order[k];
	return LB_OUTCOME_SKIPPED;
}

json_t *lb_report_scenario_summary_json(const struct lb_scenario *scn,
					struct lb_run_result *const *runs, const char *const *dirs,
					size_t n, const struct lb_host_info *host)
{
	json_t *o = json_object(), *list = json_array(), *stats = json_object();
	json_t *exps = json_object();

	json_object_set_new(o, "limitbench", json_string(LB_VERSION));
	json_object_set_new(o, "scenario", lb_report_scenario_json(scn, n ? runs[0] : NULL));
	json_object_set_new(o, "environment", lb_report_env_json(host));
	json_object_set_new(o, "outcome", json_string(lb_outcome_name(worst_outcome(runs, n))));
	for (size_t i = 0; i < n; i++) {
		const struct lb_run_result *r = runs[i];
		const char *name = r->run_name ? r->run_name : "";
		json_t *j = json_object();
		json_object_set_new(j, "run", json_string(name));
		lb_report_set_params_repeat(j, r);
		json_object_set_new(j, "folder", lb_report_json_string(dirs ? dirs[i] : NULL));
		json_object_set_new(j, "started_at", lb_report_started_at(r->started_at));
		json_object_set_new(j, "duration_s",
				    lb_report_json_number(r->duration, LB_UNIT_SECONDS));
		json_object_set_new(j, "outcome", json_string(lb_outcome_name(r->outcome)));
		json_object_set_new(j, "stalls", json_integer(r->stalls));
		json_object_set_new(j, "longest_stall_s", json_real(r->longest_stall));
		if (r->skip_reason)
			json_object_set_new(j, "skip_reason",
					    lb_report_json_string(r->skip_reason));
		if (r->error)
			json_object_set_new(j, "error", lb_report_json_string(r->error));
		json_object_set_new(j, "expectations", counts_json(r));
		json_t *lim = json_object();
		for (size_t c = 0; c < r->n_ctrs; c++)
			json_object_set_new(lim, r->ctrs[c].name,
					    lb_report_limits_asked_json(&r->ctrs[c].asked));
		json_object_set_new(j, "limits", lim);
		json_array_append_new(list, j);

		if (r->outcome == LB_OUTCOME_SKIPPED || r->outcome == LB_OUTCOME_ERROR)
			continue; /* nothing was measured */
		json_t *rs = json_object_get(stats, name), *re = json_object_get(exps, name);
		if (!rs) {
			rs = json_object();
			json_object_set_new(stats, name, rs);
			re = json_object();
			json_object_set_new(exps, name, re);
		}
		run_stats(rs, r);
		run_expectations(re, r);
	}
	json_object_set_new(o, "runs", list);

	const char *name, *text;
	json_t *rs, *re, *a, *e;
	json_object_foreach(stats, name, rs) json_object_foreach(rs, text, a) acc_finish(a);
	json_object_foreach(exps, name, re) json_object_foreach(re, text, e)
	{
		if (json_is_object(json_object_get(e, "measured")))
			acc_finish(json_object_get(e, "measured"));
		if (json_is_object(json_object_get(e, "rel_error")))
			acc_finish(json_object_get(e, "rel_error"));
	}
	json_object_set_new(o, "stats", stats);
	json_object_set_new(o, "expectations", exps);
	return o;
}
