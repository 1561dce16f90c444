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
	case LB_CMP_CHANGED:
		return "CHANGED";
	case LB_CMP_IGNORED:
		return "ignored";
	case LB_CMP_ONLY_BASE:
		return "only in baseline";
	case LB_CMP_ONLY_CUR:
		return "only in current";
	case LB_CMP_HOLDS:
		return "holds";
	case LB_CMP_BROKEN:
		return "BROKEN";
	case LB_CMP_FIXED:
		return "fixed";
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
	return v == LB_CMP_CHANGED || v == LB_CMP_BROKEN || v == LB_CMP_RUN_BROKEN;
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

static void metric_row(struct lb_cmp_pair *p, const char *key, const struct lb_cmp_metric *b,
		       const struct lb_cmp_metric *c, const struct lb_compare_opts *o)
{
	struct lb_cmp_row *row = row_add(p);
	struct lb_welch w;

	row->key = key;
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
	if (lb_compare_ignored(key, o->ignore, o->n_ignore))
		row->verdict = LB_CMP_IGNORED;
	else if (!b)
		row->verdict = LB_CMP_ONLY_CUR;
	else if (!c)
		row->verdict = LB_CMP_ONLY_BASE;
	else if (!(fabs(row->change) > o->threshold))
		row->verdict = LB_CMP_OK;
	else if (row->tested && !(row->p < o->alpha))
		row->verdict = LB_CMP_NOISE;
	else
		row->verdict = LB_CMP_CHANGED;
}

static void compare_pair(struct lb_cmp_pair *p, const struct lb_compare_opts *o)
{
	const struct lb_cmp_run *b = p->base, *c = p->cur;

	if (!b || !c) {
		p->verdict = b ? LB_CMP_ONLY_BASE : LB_CMP_ONLY_CUR;
		return;
	}
	p->verdict =
	    b->broken == 0 && b->repeats > 0 && c->broken > 0 ? LB_CMP_RUN_BROKEN : LB_CMP_OK;
	/* Expectations first: they are what a scenario promises. */
	for (size_t i = 0; i < b->n_expects; i++)
		expect_row(p, b->expects[i].text, &b->expects[i],
			   find_expect(c, b->expects[i].text));
	for (size_t i = 0; i < c->n_expects; i++)
		if (!find_expect(b, c->expects[i].text))
			expect_row(p, c->expects[i].text, NULL, &c->expects[i]);
	for (size_t i = 0; i < b->n_metrics; i++)
		if (b->metrics[i].n > 0)
			metric_row(p, b->metrics[i].key, &b->metrics[i],
				   find_metric(c, b->metrics[i].key), o);
	for (size_t i = 0; i < c->n_metrics; i++)
		if (c->metrics[i].n > 0 && !find_metric(b, c->metrics[i].key))
			metric_row(p, c->metrics[i].key, NULL, &c->metrics[i], o);
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
		out->n_failed += lb_cmp_verdict_fails(p->verdict);
		for (size_t k = 0; k < p->n_rows; k++)
			out->n_failed += lb_cmp_verdict_fails(p->rows[k].verdict);
	}
	return 0;
}

void lb_cmp_report_free(struct lb_cmp_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_pairs; i++)
		free(r->pairs[i].rows);
	free(r->pairs);
	memset(r, 0, sizeof(*r));
}
