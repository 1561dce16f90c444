/* SPDX-License-Identifier: MIT */
/*
 * Lining two result sets up and giving every number a verdict (see compare.h for the rules).
 *
 * Runs pair up by name ("scenario/param=value,...").  A scenario whose parameters were
 * changed on one side (`run --set limit=60M`) has differently named runs; when exactly one
 * run of a scenario is left unpaired on each side, those two are compared and the pairing is
 * shown, so that "the same scenario with other parameters" is a comparison, not two strangers.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "compare/stat.h"
#include "util/alloc.h"

const char *lb_cmp_verdict_name(enum lb_cmp_verdict v)
{
	switch (v) {
	case LB_CMP_OK:
		return "ok";
	case LB_CMP_NOISE:
		return "noise";
	case LB_CMP_UNTESTED:
		return "untested";
	case LB_CMP_WORSE:
		return "REGRESSED";
	case LB_CMP_BETTER:
		return "improved";
	case LB_CMP_CHANGED:
		return "CHANGED";
	case LB_CMP_UNGATED:
		return "not gated";
	case LB_CMP_LIMIT:
		return "limit changed";
	case LB_CMP_IGNORED:
		return "ignored";
	case LB_CMP_ONLY_BASE:
		return "only in baseline";
	case LB_CMP_ONLY_CUR:
		return "only in current";
	case LB_CMP_HOLDS:
		return "holds";
	case LB_CMP_BROKEN:
		return "REGRESSED";
	case LB_CMP_FIXED:
		return "improved";
	case LB_CMP_STILL_FAILS:
		return "still fails";
	case LB_CMP_RUN_BROKEN:
		return "RUN BROKEN";
	default:
		return "?";
	}
}

bool lb_cmp_verdict_fails(enum lb_cmp_verdict v)
{
	return v == LB_CMP_WORSE || v == LB_CMP_CHANGED || v == LB_CMP_BROKEN ||
	       v == LB_CMP_RUN_BROKEN;
}

bool lb_cmp_verdict_improves(enum lb_cmp_verdict v)
{
	return v == LB_CMP_BETTER || v == LB_CMP_FIXED;
}

bool lb_compare_ignored(const char *key, const char *const *patterns, size_t n)
{
	/* "hog.rss.max" is also "hog.rss": a series statistic has two dots. */
	const char *first = strchr(key, '.'), *last = strrchr(key, '.');
	char *cm = first && last != first ? lb_xstrndup(key, (size_t)(last - key)) : NULL;
	bool hit = false;

	for (size_t i = 0; i < n && !hit; i++)
		hit = fnmatch(patterns[i], key, 0) == 0 || (cm && fnmatch(patterns[i], cm, 0) == 0);
	free(cm);
	return hit;
}

static const struct lb_cmp_metric *find_metric(const struct lb_cmp_run *r, const char *key)
{
	for (size_t i = 0; i < r->n_metrics; i++)
		if (!strcmp(r->metrics[i].key, key) && r->metrics[i].n > 0)
			return &r->metrics[i];
	return NULL;
}

static const struct lb_cmp_expect *find_expect(const struct lb_cmp_run *r, const char *text)
{
	for (size_t i = 0; i < r->n_expects; i++)
		if (!strcmp(r->expects[i].text, text))
			return &r->expects[i];
	return NULL;
}

static struct lb_cmp_row *row_add(struct lb_cmp_pair *p)
{
	p->rows = lb_xrealloc(p->rows, (p->n_rows + 1) * sizeof(*p->rows));
	struct lb_cmp_row *row = &p->rows[p->n_rows++];
	memset(row, 0, sizeof(*row));
	row->change = NAN;
	row->p = NAN;
	return row;
}

/* Held: passed on every repeat that checked it. */
static bool holds(const struct lb_cmp_expect *e)
{
	return e->pass > 0 && e->fail == 0 && e->error == 0;
}

static void expect_row(struct lb_cmp_pair *p, const char *text, const struct lb_cmp_expect *b,
		       const struct lb_cmp_expect *c)
{
	struct lb_cmp_row *row = row_add(p);

	row->is_expect = true;
	row->key = text;
	row->ebase = b;
	row->ecur = c;
	if (!b)
		row->verdict = LB_CMP_ONLY_CUR;
	else if (!c)
		row->verdict = LB_CMP_ONLY_BASE;
	else if (holds(b))
		row->verdict = holds(c) ? LB_CMP_HOLDS : LB_CMP_BROKEN;
	else
		row->verdict = holds(c) ? LB_CMP_FIXED : LB_CMP_STILL_FAILS;
}

/* Whether a move of `change` is the bad way for fig. */
static bool worse(const struct lb_cmp_figure *fig, double change)
{
	return fig->dir == LB_CMP_EITHER || (fig->dir == LB_CMP_LOWER ? change > 0 : change < 0);
}

/* An exact counter: a current value beyond every baseline value, on the bad side, is a
 * regression; beyond them on the good side only, an improvement.  No threshold: a count of
 * kernel events or an exit code is not noisy, and one run of each side is evidence. */
static enum lb_cmp_verdict exact_verdict(const struct lb_cmp_figure *fig,
					 const struct lb_cmp_metric *b,
					 const struct lb_cmp_metric *c)
{
	bool above = c->max > b->max, below = c->min < b->min;

	if (!above && !below)
		return LB_CMP_OK;
	if (fig->dir == LB_CMP_EITHER)
		return LB_CMP_CHANGED;
	if (fig->dir == LB_CMP_LOWER ? above : below)
		return LB_CMP_WORSE;
	return LB_CMP_BETTER;
}

/*
 * The least change a figure can show that is not in how it was measured: memory is charged
 * to a cgroup in per-CPU batches of 64 pages (256K a CPU), so usage moves by up to a
 * megabyte without anything changing; the scheduler delays a run by tens of milliseconds
 * on a busy machine; a CPU rate over a sample interval moves by a few hundredths of a
 * core; an expectation's error by less than a percentage point is within any tolerance
 * worth writing.  Counts have no floor.
 */
double lb_cmp_floor(const struct lb_cmp_metric *m)
{
	if (m->is_error)
		return 0.01;
	if (!strcmp(m->unit, "bytes"))
		return 1024.0 * 1024;
	if (!strcmp(m->unit, "seconds"))
		return 0.05;
	if (!strcmp(m->unit, "cores"))
		return 0.05;
	return 0;
}

/* A measured figure: beyond the threshold and the floor, and significant when both sides
 * have repeats. */
static enum lb_cmp_verdict measured_verdict(const struct lb_cmp_figure *fig,
					    const struct lb_cmp_row *row,
					    const struct lb_compare_opts *o)
{
	if (!(fabs(row->change) > o->threshold) ||
	    !(fabs(row->cur->mean - row->base->mean) >= lb_cmp_floor(row->base)))
		return LB_CMP_OK;
	if (!row->tested)
		return LB_CMP_UNTESTED;
	if (!(row->p < o->alpha))
		return LB_CMP_NOISE;
	if (fig->dir == LB_CMP_EITHER)
		return LB_CMP_CHANGED;
	return worse(fig, row->change) ? LB_CMP_WORSE : LB_CMP_BETTER;
}

/* The limits that differ between the sides, per container (scenario_changes()). */
struct limit_diff {
	const char *container;
	unsigned res; /* LB_CMP_RES_* */
};

/* The resource a limit (a key of summary.json's limits_asked) bounds. */
static unsigned limit_res(const char *key)
{
	if (!strncmp(key, "memory", 6) || !strncmp(key, "oom", 3) || !strcmp(key, "swap"))
		return LB_CMP_RES_MEM;
	if (!strncmp(key, "cpu", 3))
		return LB_CMP_RES_CPU;
	if (!strcmp(key, "pids"))
		return LB_CMP_RES_PIDS;
	if (!strncmp(key, "io", 2))
		return LB_CMP_RES_IO;
	return LB_CMP_RES_ANY;
}

/* The limits that differ for the figure `key`: its container's, or any container's for a
 * run's own figure (duration_s) and an expectation's error. */
static unsigned limits_changed(const struct limit_diff *d, size_t n, const char *key, bool is_error)
{
	const char *dot = strchr(key, '.');
	unsigned res = 0;

	for (size_t i = 0; i < n; i++)
		if (!dot || is_error ||
		    (strlen(d[i].container) == (size_t)(dot - key) &&
		     !strncmp(d[i].container, key, (size_t)(dot - key))))
			res |= d[i].res;
	return res;
}

/* Whether the container of `key` has a CPU limit (cpus, cpu-shares, cpuset...) on either
 * side; true when the limits were not recorded (an older summary.json). */
static bool cpu_limited(const struct lb_cmp_pair *p, const char *key)
{
	const char *dot = strchr(key, '.');
	const struct lb_cmp_run *sides[] = {p->base, p->cur};

	if (!dot || !p->base || !p->cur || !p->base->has_limits || !p->cur->has_limits)
		return true;
	for (size_t s = 0; s < 2; s++)
		for (size_t i = 0; i < sides[s]->n_limits; i++) {
			const struct lb_cmp_limit *l = &sides[s]->limits[i];
			if (strlen(l->container) == (size_t)(dot - key) &&
			    !strncmp(l->container, key, (size_t)(dot - key)) &&
			    !strncmp(l->key, "cpu", 3))
				return true;
		}
	return false;
}

static void metric_row(struct lb_cmp_pair *p, const struct lb_cmp_metric *b,
		       const struct lb_cmp_metric *c, const struct lb_compare_opts *o,
		       unsigned changed)
{
	struct lb_cmp_row *row = row_add(p);
	const struct lb_cmp_metric *m = b ? b : c;
	struct lb_welch w;

	row->key = m->key;
	row->fig = lb_cmp_figure_of(m->key, m->is_error);
	row->base = b;
	row->cur = c;
	if (b && c) {
		if (b->mean == c->mean)
			row->change = 0.0;
		else if (b->mean == 0)
			row->change = copysign(INFINITY, c->mean);
		else
			row->change = (c->mean - b->mean) / fabs(b->mean);
		if (lb_stat_welch(b->n, b->mean, b->stddev, c->n, c->mean, c->stddev, &w) == 0) {
			row->tested = true;
			row->p = w.p;
		}
	}
	if (lb_compare_ignored(m->key, o->ignore, o->n_ignore))
		row->verdict = LB_CMP_IGNORED;
	else if (!b)
		row->verdict = LB_CMP_ONLY_CUR;
	else if (!c)
		row->verdict = LB_CMP_ONLY_BASE;
	else if (row->fig->kind == LB_CMP_TRANSIENT || row->fig->kind == LB_CMP_GIVEN)
		row->verdict = LB_CMP_UNGATED;
	/* The CPU share has no better side where a CPU limit sets it; without one it is
	 * cpu_time / wall, both gated, and otherwise what a busy machine left over. */
	else if (row->fig->dir == LB_CMP_EITHER && row->fig->res == LB_CMP_RES_CPU &&
		 !cpu_limited(p, m->key))
		row->verdict = LB_CMP_UNGATED;
	else if (changed & row->fig->res)
		row->verdict = LB_CMP_LIMIT;
	else if (row->fig->kind == LB_CMP_EXACT)
		row->verdict = exact_verdict(row->fig, b, c);
	else
		row->verdict = measured_verdict(row->fig, row, o);
}

static void change_add(struct lb_cmp_pair *p, char *line)
{
	p->changes = lb_xrealloc(p->changes, (p->n_changes + 1) * sizeof(*p->changes));
	p->changes[p->n_changes++] = line;
}

static const struct lb_cmp_limit *find_limit(const struct lb_cmp_run *r,
					     const struct lb_cmp_limit *l)
{
	for (size_t i = 0; i < r->n_limits; i++)
		if (!strcmp(r->limits[i].container, l->container) &&
		    !strcmp(r->limits[i].key, l->key))
			return &r->limits[i];
	return NULL;
}

static void diff_add(struct limit_diff **d, size_t *n, const char *container, unsigned res)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*d)[i].container, container)) {
			(*d)[i].res |= res;
			return;
		}
	*d = lb_xrealloc(*d, (*n + 1) * sizeof(**d));
	(*d)[(*n)++] = (struct limit_diff){container, res};
}

/* "Scenario changed": the file (sha256), the parameters, the limits; the limits that
 * differ go to *d, for the figures they drive. */
static void scenario_changes(struct lb_cmp_pair *p, struct limit_diff **d, size_t *n)
{
	const struct lb_cmp_run *b = p->base, *c = p->cur;

	if (b->sha256 && c->sha256 && strcmp(b->sha256, c->sha256))
		change_add(p, lb_xasprintf("scenario file: sha256 %.12s... -> %.12s...", b->sha256,
					   c->sha256));
	if (b->sha_mixed || c->sha_mixed)
		change_add(p, lb_xasprintf("the %s repeats come from different scenario files",
					   b->sha_mixed ? "baseline's" : "current"));
	if (p->by_position)
		change_add(p, lb_xasprintf("parameters: %s -> %s", b->name, c->name));
	if (!b->has_limits || !c->has_limits)
		return; /* a summary.json from before limits were recorded: nothing to tell */
	for (size_t i = 0; i < b->n_limits; i++) {
		const struct lb_cmp_limit *l = &b->limits[i], *o = find_limit(c, l);

		if (o && !strcmp(l->value, o->value))
			continue;
		change_add(p, lb_xasprintf("%s limit %s: %s -> %s", l->container, l->key, l->value,
					   o ? o->value : "(not set)"));
		diff_add(d, n, l->container, limit_res(l->key));
	}
	for (size_t i = 0; i < c->n_limits; i++) {
		const struct lb_cmp_limit *l = &c->limits[i];

		if (find_limit(b, l))
			continue;
		change_add(p, lb_xasprintf("%s limit %s: (not set) -> %s", l->container, l->key,
					   l->value));
		diff_add(d, n, l->container, limit_res(l->key));
	}
}

static void compare_pair(struct lb_cmp_pair *p, const struct lb_compare_opts *o)
{
	const struct lb_cmp_run *b = p->base, *c = p->cur;
	struct limit_diff *d = NULL;
	size_t n_d = 0;

	if (!b || !c) {
		p->verdict = b ? LB_CMP_ONLY_BASE : LB_CMP_ONLY_CUR;
		return;
	}
	p->verdict =
	    b->broken == 0 && b->repeats > 0 && c->broken > 0 ? LB_CMP_RUN_BROKEN : LB_CMP_OK;
	p->weak = b->measured < 2 || c->measured < 2;
	scenario_changes(p, &d, &n_d);
	/* Expectations first: they are what a scenario promises. */
	for (size_t i = 0; i < b->n_expects; i++)
		expect_row(p, b->expects[i].text, &b->expects[i],
			   find_expect(c, b->expects[i].text));
	for (size_t i = 0; i < c->n_expects; i++)
		if (!find_expect(b, c->expects[i].text))
			expect_row(p, c->expects[i].text, NULL, &c->expects[i]);
	for (size_t i = 0; i < b->n_metrics; i++) {
		const struct lb_cmp_metric *m = &b->metrics[i];
		if (m->n > 0)
			metric_row(p, m, find_metric(c, m->key), o,
				   limits_changed(d, n_d, m->key, m->is_error));
	}
	for (size_t i = 0; i < c->n_metrics; i++) {
		const struct lb_cmp_metric *m = &c->metrics[i];
		if (m->n > 0 && !find_metric(b, m->key))
			metric_row(p, NULL, m, o, 0);
	}
	free(d);
}

static struct lb_cmp_pair *pair_add(struct lb_cmp_report *r, const struct lb_cmp_run *b,
				    const struct lb_cmp_run *c)
{
	r->pairs = lb_xrealloc(r->pairs, (r->n_pairs + 1) * sizeof(*r->pairs));
	struct lb_cmp_pair *p = &r->pairs[r->n_pairs++];
	memset(p, 0, sizeof(*p));
	p->base = b;
	p->cur = c;
	return p;
}

/* The only unpaired run of `scenario` in set (NULL when there are none or several). */
static const struct lb_cmp_run *sole_unpaired(const struct lb_cmp_set *set, const bool *paired,
					      const char *scenario)
{
	const struct lb_cmp_run *found = NULL;

	for (size_t i = 0; i < set->n_runs; i++) {
		if (paired[i] || strcmp(set->runs[i].scenario, scenario))
			continue;
		if (found)
			return NULL;
		found = &set->runs[i];
	}
	return found;
}

int lb_compare(const struct lb_cmp_set *base, const struct lb_cmp_set *cur,
	       const struct lb_compare_opts *opts, struct lb_cmp_report *out, lb_error *err)
{
	if (!(opts->threshold >= 0) || !(opts->alpha > 0 && opts->alpha < 1))
		return lb_error_usage(err, "compare: threshold must be >= 0, alpha in (0, 1)");

	bool *bp = lb_xcalloc(base->n_runs + 1, sizeof(*bp));
	bool *cp = lb_xcalloc(cur->n_runs + 1, sizeof(*cp));
	/* match[i]: the run of cur that base->runs[i] compares with, or NULL */
	const struct lb_cmp_run **match = lb_xcalloc(base->n_runs + 1, sizeof(*match));
	bool *by_pos = lb_xcalloc(base->n_runs + 1, sizeof(*by_pos));

	memset(out, 0, sizeof(*out));
	out->opts = *opts;
	for (size_t i = 0; i < base->n_runs; i++)
		for (size_t k = 0; k < cur->n_runs; k++)
			if (!cp[k] && !strcmp(base->runs[i].name, cur->runs[k].name)) {
				bp[i] = cp[k] = true;
				match[i] = &cur->runs[k];
				break;
			}
	for (size_t i = 0; i < base->n_runs; i++) {
		const struct lb_cmp_run *b = &base->runs[i], *c;

		if (bp[i] || sole_unpaired(base, bp, b->scenario) != b)
			continue;
		c = sole_unpaired(cur, cp, b->scenario);
		if (!c)
			continue;
		bp[i] = cp[c - cur->runs] = true;
		match[i] = c;
		by_pos[i] = true;
	}
	/* In the baseline's order, then what only the current results have. */
	for (size_t i = 0; i < base->n_runs; i++)
		pair_add(out, &base->runs[i], match[i])->by_position = by_pos[i];
	for (size_t k = 0; k < cur->n_runs; k++)
		if (!cp[k])
			pair_add(out, NULL, &cur->runs[k]);
	free(bp);
	free(cp);
	free(match);
	free(by_pos);

	for (size_t i = 0; i < out->n_pairs; i++) {
		struct lb_cmp_pair *p = &out->pairs[i];
		compare_pair(p, opts);
		out->n_compared += p->base && p->cur;
		out->n_failed += lb_cmp_verdict_fails(p->verdict);
		for (size_t k = 0; k < p->n_rows; k++) {
			out->n_failed += lb_cmp_verdict_fails(p->rows[k].verdict);
			out->n_improved += lb_cmp_verdict_improves(p->rows[k].verdict);
		}
	}
	return 0;
}

void lb_cmp_report_free(struct lb_cmp_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_pairs; i++) {
		for (size_t k = 0; k < r->pairs[i].n_changes; k++)
			free(r->pairs[i].changes[k]);
		free(r->pairs[i].changes);
		free(r->pairs[i].rows);
	}
	free(r->pairs);
	memset(r, 0, sizeof(*r));
}
