/* SPDX-License-Identifier: MIT */
/*
 * Reading finished results for `compare`: summary.json files of both kinds into one shape.
 *
 *   OUT/<scenario>/summary.json   "stats": {RUN: {KEY: {unit, values[]}}},
 *                                 "expectations": {RUN: {TEXT: {pass, fail, error}}},
 *                                 "runs": [{run, outcome}...]  (report/scenario_summary.c)
 *   OUT/<scenario>/<run>/summary.json   one run: "containers": {C: {metrics, series}},
 *                                 "expectations": [{text, result}], "duration_s"
 *
 * A run's summary yields the same keys as the scenario summary does for it (duration_s,
 * C.SCALAR, C.SERIES.FN), each with one value, so either kind compares with either.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare/compare.h"
#include "sample/metrics.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/units.h"

/*
 * A copy of a name or text from a results file, as it is: results files are untrusted, and
 * every place that shows one escapes it for where it goes (print.c: lb_text_term for a
 * terminal, a code span for Markdown; JSON and XML writers their own way), so that two names
 * that differ only in a control character stay two names.
 */
static char *clean_dup(const char *s)
{
	return lb_xstrdup(s);
}

static struct lb_cmp_run *run_get(struct lb_cmp_set *set, const char *scenario, const char *raw)
{
	char *name = clean_dup(raw);

	for (size_t i = 0; i < set->n_runs; i++)
		if (!strcmp(set->runs[i].name, name)) {
			free(name);
			return &set->runs[i];
		}
	lb_xgrow(&set->runs, &set->cap_runs, set->n_runs + 1, sizeof(*set->runs));
	struct lb_cmp_run *r = &set->runs[set->n_runs++];
	memset(r, 0, sizeof(*r));
	r->scenario = clean_dup(scenario);
	r->name = name;
	return r;
}

static struct lb_cmp_metric *metric_get(struct lb_cmp_run *r, const char *raw, const char *unit)
{
	char *key = clean_dup(raw);

	for (size_t i = 0; i < r->n_metrics; i++)
		if (!strcmp(r->metrics[i].key, key)) {
			free(key);
			return &r->metrics[i];
		}
	r->metrics = lb_xrealloc(r->metrics, (r->n_metrics + 1) * sizeof(*r->metrics));
	struct lb_cmp_metric *m = &r->metrics[r->n_metrics++];
	memset(m, 0, sizeof(*m));
	m->key = key;
	m->unit = clean_dup(unit ? unit : "number");
	return m;
}

/* Mean and sample standard deviation from the values, two-pass for accuracy. */
static void metric_finish(struct lb_cmp_metric *m)
{
	double sum = 0, ss = 0;

	for (size_t i = 0; i < m->n; i++)
		sum += m->values[i];
	m->mean = m->n ? sum / (double)m->n : NAN;
	for (size_t i = 0; i < m->n; i++)
		ss += (m->values[i] - m->mean) * (m->values[i] - m->mean);
	m->stddev = m->n > 1 ? sqrt(ss / (double)(m->n - 1)) : 0.0;
	m->min = m->max = m->n ? m->values[0] : NAN;
	for (size_t i = 1; i < m->n; i++) {
		m->min = fmin(m->min, m->values[i]);
		m->max = fmax(m->max, m->values[i]);
	}
}

static void metric_add(struct lb_cmp_metric *m, double v)
{
	if (!isfinite(v))
		return;
	m->values = lb_xrealloc(m->values, (m->n + 1) * sizeof(*m->values));
	m->values[m->n++] = v;
	metric_finish(m); /* the handful of repeats makes this cheap */
}

static struct lb_cmp_expect *expect_get(struct lb_cmp_run *r, const char *raw)
{
	char *text = clean_dup(raw);

	for (size_t i = 0; i < r->n_expects; i++)
		if (!strcmp(r->expects[i].text, text)) {
			free(text);
			return &r->expects[i];
		}
	r->expects = lb_xrealloc(r->expects, (r->n_expects + 1) * sizeof(*r->expects));
	struct lb_cmp_expect *e = &r->expects[r->n_expects++];
	memset(e, 0, sizeof(*e));
	e->text = text;
	return e;
}

static void count_outcome(struct lb_cmp_run *r, const char *outcome)
{
	r->repeats++;
	if (!outcome)
		return;
	if (!strcmp(outcome, "error") || !strcmp(outcome, "timeout"))
		r->broken++;
	if (strcmp(outcome, "skipped") && strcmp(outcome, "error"))
		r->measured++;
}

/* The scenario file's sha256 of a run (the same for every repeat of an unchanged file). */
static void note_sha(struct lb_cmp_run *r, json_t *root)
{
	const char *sha =
	    json_string_value(json_object_get(json_object_get(root, "scenario"), "sha256"));

	if (!sha)
		return;
	char *c = clean_dup(sha);
	if (!r->sha256)
		r->sha256 = c;
	else {
		r->sha_mixed |= strcmp(r->sha256, c) != 0;
		free(c);
	}
}

/* A limit's value as a person reads it: 100M, 0.5, "0-1", max. */
static char *limit_text(const char *key, json_t *v)
{
	char buf[64];

	if (json_is_string(v))
		return lb_xstrdup(json_string_value(v));
	if (json_is_integer(v) && !strncmp(key, "memory", 6))
		return lb_xstrdup(lb_format_size(buf, sizeof(buf), (double)json_integer_value(v)));
	if (json_is_number(v)) {
		snprintf(buf, sizeof(buf), "%.15g", json_number_value(v));
		return lb_xstrdup(buf);
	}
	char *dump = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	char *out = lb_xstrdup(dump ? dump : "?");
	free(dump);
	return out;
}

/* The limits a run's containers were given, {C: {key: value}} (limits_asked of each
 * container); the first repeat that records them stands for all. */
static void note_limits(struct lb_cmp_run *r, const char *cname, json_t *limits)
{
	const char *key;
	json_t *v;

	if (!json_is_object(limits))
		return;
	json_object_foreach(limits, key, v)
	{
		char *c = clean_dup(cname), *k = clean_dup(key);
		bool seen = false;

		for (size_t i = 0; i < r->n_limits && !seen; i++)
			seen = !strcmp(r->limits[i].container, c) && !strcmp(r->limits[i].key, k);
		if (seen) {
			free(c);
			free(k);
			continue;
		}
		char *value = limit_text(key, v), *clean = clean_dup(value);

		free(value);
		r->limits = lb_xrealloc(r->limits, (r->n_limits + 1) * sizeof(*r->limits));
		r->limits[r->n_limits++] = (struct lb_cmp_limit){c, k, clean};
	}
}

/* An expectation with a target (~, ==) has an error that can get worse; a bound (<=, >)
 * has a distance from it that means nothing either way. */
static bool has_target(const char *bound)
{
	return bound && (bound[0] == '~' || !strncmp(bound, "==", 2));
}

static struct lb_cmp_metric *error_metric(struct lb_cmp_run *r, const char *text)
{
	char *key = lb_xasprintf("error: %s", text);
	struct lb_cmp_metric *m = metric_get(r, key, "number");

	m->is_error = true;
	free(key);
	return m;
}

/* A run's stalls: "stalls" and "longest_stall_s" of o (a scenario summary's runs[] entry, or
 * a run summary's "sampler"). */
static void count_stalls(struct lb_cmp_run *r, json_t *o)
{
	json_t *n = json_object_get(o, "stalls"), *s = json_object_get(o, "longest_stall_s");

	if (!json_is_integer(n) || json_integer_value(n) <= 0)
		return;
	r->stalled++;
	if (json_is_number(s))
		r->longest_stall = fmax(r->longest_stall, json_number_value(s));
}

static long counter(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

static int parse_scenario_summary(const char *name, json_t *root, const char *scenario,
				  struct lb_cmp_set *set, lb_error *err)
{
	json_t *runs = json_object_get(root, "runs"), *stats = json_object_get(root, "stats");
	json_t *exps = json_object_get(root, "expectations"), *v, *rs, *a;
	const char *run_name, *key;
	size_t i;

	if (!json_is_array(runs) || !json_is_object(stats) || !json_is_object(exps))
		return lb_error_usage(err,
				      "%s: a scenario summary without runs, stats and "
				      "expectations",
				      name);
	json_array_foreach(runs, i, v)
	{
		const char *rn = json_string_value(json_object_get(v, "run"));
		if (!rn)
			return lb_error_usage(err, "%s: runs[%zu] has no run name", name, i);
		struct lb_cmp_run *r = run_get(set, scenario, rn);

		count_outcome(r, json_string_value(json_object_get(v, "outcome")));
		count_stalls(r, v);
		note_sha(r, root);
		json_t *lim = json_object_get(v, "limits"), *cl;
		const char *cname;
		if (json_is_object(lim)) {
			r->has_limits = true;
			json_object_foreach(lim, cname, cl) note_limits(r, cname, cl);
		}
	}
	json_object_foreach(stats, run_name, rs)
	{
		struct lb_cmp_run *r = run_get(set, scenario, run_name);

		json_object_foreach(rs, key, a)
		{
			json_t *vals = json_object_get(a, "values"), *x;
			size_t k;
			if (!json_is_array(vals))
				return lb_error_usage(err, "%s: stats of %s: %s has no values[]",
						      name, run_name, key);
			struct lb_cmp_metric *m =
			    metric_get(r, key, json_string_value(json_object_get(a, "unit")));
			json_array_foreach(vals, k, x)
			{
				if (json_is_number(x))
					metric_add(m, json_number_value(x));
			}
		}
	}
	json_object_foreach(exps, run_name, rs)
	{
		struct lb_cmp_run *r = run_get(set, scenario, run_name);

		json_object_foreach(rs, key, a)
		{
			struct lb_cmp_expect *e = expect_get(r, key);
			e->pass += counter(a, "pass");
			e->fail += counter(a, "fail");
			e->error += counter(a, "error");
			json_t *re = json_object_get(json_object_get(a, "rel_error"), "values"), *x;
			size_t k;
			if (has_target(json_string_value(json_object_get(a, "bound"))))
				json_array_foreach(re, k, x) if (json_is_number(x))
				    metric_add(error_metric(r, key), json_number_value(x));
		}
	}
	return 0;
}

static const char *metric_unit(const char *metric)
{
	const struct lb_metric_info *m = lb_metric_find(metric, strlen(metric));
	return lb_unit_name(m ? m->unit : LB_UNIT_NONE);
}

/* The containers and the groups (nested cgroups, written beside the containers; absent in
 * results without groups, or from limitbench before them): one name space, one object, kept
 * as a member of root (so that root frees it). */
static json_t *units_of(json_t *root)
{
	json_t *ctrs = json_object_get(root, "containers");
	json_t *groups = json_object_get(root, "groups");

	if (!json_is_object(ctrs) || !json_is_object(groups))
		return ctrs;
	json_t *all = json_copy(ctrs);
	json_object_update(all, groups);
	json_object_set_new(root, " containers and groups", all);
	return all;
}

static int parse_run_summary(const char *name, json_t *root, const char *scenario,
			     struct lb_cmp_set *set, lb_error *err)
{
	const char *run_name = json_string_value(json_object_get(root, "run"));
	const char *outcome = json_string_value(json_object_get(root, "outcome"));
	json_t *ctrs = units_of(root), *c, *v, *s, *f;
	json_t *exps = json_object_get(root, "expectations");
	const char *cname, *key, *fn;
	size_t i;

	if (!run_name || !json_is_object(ctrs) || !json_is_array(exps))
		return lb_error_usage(err,
				      "%s: a run summary without run, containers and "
				      "expectations",
				      name);
	struct lb_cmp_run *r = run_get(set, scenario, run_name);
	count_outcome(r, outcome);
	count_stalls(r, json_object_get(root, "sampler"));
	note_sha(r, root);
	json_object_foreach(ctrs, cname, c)
	{
		json_t *lim = json_object_get(c, "limits_asked");
		if (json_is_object(lim)) {
			r->has_limits = true;
			note_limits(r, cname, lim);
		}
	}
	if (outcome && (!strcmp(outcome, "skipped") || !strcmp(outcome, "error")))
		return 0; /* nothing was measured, as in the scenario summary */
	v = json_object_get(root, "duration_s");
	if (json_is_number(v))
		metric_add(metric_get(r, "duration_s", "seconds"), json_number_value(v));
	json_object_foreach(ctrs, cname, c)
	{
		json_object_foreach(json_object_get(c, "metrics"), key, v)
		{
			/* Strings ("max", CPU lists, signal names) have no spread to compare. */
			if (!json_is_number(v))
				continue;
			char *k = lb_xasprintf("%s.%s", cname, key);
			metric_add(metric_get(r, k, metric_unit(key)), json_number_value(v));
			free(k);
		}
		json_object_foreach(json_object_get(c, "series"), key, s)
		{
			json_object_foreach(s, fn, f)
			{
				if (!json_is_number(f) || !strcmp(fn, "samples"))
					continue;
				char *k = lb_xasprintf("%s.%s.%s", cname, key, fn);
				metric_add(metric_get(r, k, metric_unit(key)),
					   json_number_value(f));
				free(k);
			}
		}
	}
	json_array_foreach(exps, i, v)
	{
		const char *text = json_string_value(json_object_get(v, "text"));
		const char *res = json_string_value(json_object_get(v, "result"));
		if (!text || !res)
			return lb_error_usage(err, "%s: expectations[%zu] without text or result",
					      name, i);
		struct lb_cmp_expect *e = expect_get(r, text);
		json_t *re = json_object_get(v, "error");
		if (has_target(json_string_value(json_object_get(v, "bound"))) &&
		    json_is_number(re))
			metric_add(error_metric(r, text), json_number_value(re));
		if (!strcmp(res, "pass"))
			e->pass++;
		else if (!strcmp(res, "fail"))
			e->fail++;
		else if (!strcmp(res, "interrupted"))
			continue; /* no verdict: limitbench killed its container */
		else
			e->error++;
	}
	return 0;
}

int lb_compare_parse(const char *name, const char *buf, size_t len, struct lb_cmp_set *set,
		     lb_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(buf, len, 0, &jerr);
	int rc;

	if (!root)
		return lb_error_usage(err, "%s:%d:%d: not JSON: %s", name, jerr.line, jerr.column,
				      jerr.text);
	const char *scenario =
	    json_string_value(json_object_get(json_object_get(root, "scenario"), "name"));
	if (!json_is_object(root) || !scenario) {
		rc = lb_error_usage(err, "%s: not a limitbench summary.json (no scenario name)",
				    name);
	} else if (json_object_get(root, "stats")) {
		rc = parse_scenario_summary(name, root, scenario, set, err);
	} else {
		rc = parse_run_summary(name, root, scenario, set, err);
	}
	json_decref(root);
	if (rc == 0)
		set->n_files++;
	return rc;
}

static int load_file(const char *path, struct lb_cmp_set *set, lb_error *err)
{
	_cleanup_free_ char *buf = NULL;
	char *real = realpath(path, NULL);
	size_t len;

	if (real) {
		for (size_t i = 0; i < set->n_seen; i++)
			if (!strcmp(set->files[i], real)) {
				free(real);
				return 0;
			}
		set->files = lb_xrealloc(set->files, (set->n_seen + 1) * sizeof(*set->files));
		set->files[set->n_seen++] = real;
	}
	if (lb_read_file(path, &buf, &len, err) < 0) {
		err->kind = LB_ERR_USAGE; /* unreadable input is bad usage (exit 2) */
		return -1;
	}
	return lb_compare_parse(path, buf, len, set, err);
}

static bool regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool lb_compare_summary_covers(const char *scenario_json, size_t scenario_len, const char *run_json,
			       size_t run_len)
{
	json_t *scn = json_loadb(scenario_json, scenario_len, 0, NULL);
	json_t *run = json_loadb(run_json, run_len, 0, NULL), *r;
	const char *name = json_string_value(json_object_get(run, "run"));
	const char *at = json_string_value(json_object_get(run, "started_at"));
	bool covers = !name || !at; /* nothing to tell them apart by: trust the summary */
	size_t i;

	json_array_foreach(json_object_get(scn, "runs"), i, r)
	{
		const char *rn = json_string_value(json_object_get(r, "run"));
		const char *ra = json_string_value(json_object_get(r, "started_at"));
		if (rn && ra && name && at && !strcmp(rn, name) && !strcmp(ra, at))
			covers = true;
	}
	json_decref(scn);
	json_decref(run);
	return covers;
}

/*
 * The summary.json that stands for a folder, or NULL for a results root.  A run folder has
 * its own.  A scenario folder has OUT/<scenario>/summary.json only when its last `run` made
 * more than one run (matrix or repeat), and `latest` always: when the scenario summary does
 * not list the run latest/ points to, the last `run` made a single run and that is it.
 * (Decided by content, not by mtimes, which a CI artifact or a copy does not keep.)
 */
static char *folder_summary(const char *dir)
{
	char *own = lb_xasprintf("%s/summary.json", dir);
	char *latest = lb_xasprintf("%s/latest/summary.json", dir);
	bool has_own = regular_file(own), has_latest = regular_file(latest);

	if (has_own && has_latest) {
		_cleanup_free_ char *a = NULL, *b = NULL;
		size_t la, lb;
		lb_error ignored = {0};

		/* Unreadable or broken files: keep the scenario summary, whose load says why. */
		if (lb_read_file(own, &a, &la, &ignored) == 0 &&
		    lb_read_file(latest, &b, &lb, &ignored) == 0 &&
		    !lb_compare_summary_covers(a, la, b, lb))
			has_own = false;
	}
	if (has_own) {
		free(latest);
		return own;
	}
	free(own);
	if (has_latest)
		return latest;
	free(latest);
	return NULL;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The summary.json files under a results root, by name: each scenario folder's, and those of
 * the results roots inside it (one folder per shard or host, as CI artifacts are downloaded:
 * results/shard-1/<scenario>/...), down to `depth` more levels.
 */
static void collect_root(const char *path, int depth, char ***names, size_t *n, size_t *cap)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		_cleanup_free_ char *sub = lb_xasprintf("%s/%s", path, de->d_name);
		char *f = folder_summary(sub);
		struct stat st;

		if (f) {
			lb_xgrow(names, cap, *n + 1, sizeof(**names));
			(*names)[(*n)++] = f;
		} else if (depth > 0 && stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
			collect_root(sub, depth - 1, names, n, cap);
		}
	}
	closedir(d);
}

/* A results root (or a folder of them): every scenario folder in it, in name order. */
static int load_root(const char *path, struct lb_cmp_set *set, lb_error *err)
{
	DIR *d = opendir(path);
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!d) {
		lb_error_sys(err, "%s", path);
		err->kind = LB_ERR_USAGE;
		return -1;
	}
	closedir(d);
	collect_root(path, 2, &names, &n, &cap);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = load_file(names[i], set, err);
		free(names[i]);
	}
	free(names);
	if (rc == 0 && n == 0)
		rc = lb_error_usage(err,
				    "%s: no summary.json in it or in its folders (is it a "
				    "limitbench results folder?)",
				    path);
	return rc;
}

int lb_compare_load(const char *path, struct lb_cmp_set *set, lb_error *err)
{
	struct stat st;
	int rc;

	if (stat(path, &st) < 0) {
		lb_error_sys(err, "%s", path);
		err->kind = LB_ERR_USAGE;
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		_cleanup_free_ char *f = folder_summary(path);
		rc = f ? load_file(f, set, err) : load_root(path, set, err);
	} else {
		rc = load_file(path, set, err);
	}
	return rc;
}

void lb_cmp_run_free(struct lb_cmp_run *r)
{
	for (size_t k = 0; k < r->n_metrics; k++) {
		free(r->metrics[k].key);
		free(r->metrics[k].unit);
		free(r->metrics[k].values);
	}
	for (size_t k = 0; k < r->n_expects; k++)
		free(r->expects[k].text);
	for (size_t k = 0; k < r->n_limits; k++) {
		free(r->limits[k].container);
		free(r->limits[k].key);
		free(r->limits[k].value);
	}
	free(r->limits);
	free(r->sha256);
	free(r->metrics);
	free(r->expects);
	free(r->scenario);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

void lb_cmp_set_free(struct lb_cmp_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n_runs; i++)
		lb_cmp_run_free(&set->runs[i]);
	free(set->runs);
	for (size_t i = 0; i < set->n_seen; i++)
		free(set->files[i]);
	free(set->files);
	memset(set, 0, sizeof(*set));
}
