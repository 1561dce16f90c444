/* SPDX-License-Identifier: MIT */
/*
 * Evaluating an expectation against a finished run, and the verdict line, which reads like
 * the kernel selftests' values_close_report(): what was measured, what was expected, and by
 * how much it was off.
 *
 *   PASS hog.exit = 0, expected == 0
 *   FAIL max(hog.rss) = 104.2M, expected ~ 100M ± 5% (error 4.2%)
 *   ERROR mean(hog.cpu[5s:]) ~ 0.5 ± 5%: no samples of hog.cpu in [5s:]
 *
 * "~ R ± T" passes when |L - R| <= T, with T = |R| * p / 100 for a percentage; "== R ± T"
 * is the same and "!= R ± T" its negation.  The relative error is |L - R| / |R|.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect/ast.h"
#include "expect/cpulist.h"
#include "expect/expect.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/units.h"

struct ev {
	const struct lb_expect *e;
	const struct lb_run_result *r;
	char why[512]; /* why a value could not be computed */
};

static int ev_fail(struct ev *ev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int ev_fail(struct ev *ev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ev->why, sizeof(ev->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* "hog.rss" of a reference or function node. */
#define REF_FMT "%.*s"
#define REF_ARG(ev, n)                                                                             \
	(int)((n)->met_off + (n)->met_len - (n)->ctr_off), (ev)->e->text + (n)->ctr_off

static int lookup(struct ev *ev, const struct ex_node *n, const struct lb_ctr_result **ctr,
		  const struct lb_metric_info **m)
{
	const char *s = ev->e->text;

	*ctr = lb_run_result_ctr(ev->r, s + n->ctr_off, n->ctr_len);
	if (!*ctr)
		return ev_fail(ev, "no container '%.*s' in this run", (int)n->ctr_len,
			       s + n->ctr_off);
	*m = lb_metric_find(s + n->met_off, n->met_len);
	if (!*m)
		return ev_fail(ev, "unknown metric '%.*s'", (int)n->met_len, s + n->met_off);
	return 0;
}

static int scalar(struct ev *ev, const struct ex_node *n, const struct lb_ctr_result **ctr, int *id)
{
	const struct lb_metric_info *m;

	if (lookup(ev, n, ctr, &m) < 0)
		return -1;
	if (m->kind != LB_METRIC_SCALAR)
		return ev_fail(ev, REF_FMT " is a series", REF_ARG(ev, n));
	if (!(*ctr)->has[m->id] && (*ctr)->not_measured[m->id])
		return ev_fail(ev, REF_FMT " was not measured: %s", REF_ARG(ev, n),
			       (*ctr)->not_measured[m->id]);
	if (!(*ctr)->has[m->id])
		return ev_fail(ev, REF_FMT " was not measured", REF_ARG(ev, n));
	*id = m->id;
	return 0;
}

static void window_str(char *buf, size_t size, const struct ex_node *n)
{
	char a[32] = "", b[32] = "";

	if (isfinite(n->from))
		lb_format_duration(a, sizeof(a), n->from);
	if (isfinite(n->to))
		lb_format_duration(b, sizeof(b), n->to);
	snprintf(buf, size, "[%s:%s]", a, b);
}

static int eval_num(struct ev *ev, const struct ex_node *n, double *out)
{
	const struct lb_ctr_result *ctr;
	const struct lb_metric_info *m;
	double a, b;
	int id;

	switch (n->kind) {
	case EX_NUM:
	case EX_SIGNAL:
		*out = n->v;
		return 0;
	case EX_REF:
		if (scalar(ev, n, &ctr, &id) < 0)
			return -1;
		*out = ctr->scalar[id];
		return 0;
	case EX_FUNC: {
		const struct lb_series *sr;

		if (lookup(ev, n, &ctr, &m) < 0)
			return -1;
		if (m->kind != LB_METRIC_SERIES)
			return ev_fail(ev, REF_FMT " is not a series", REF_ARG(ev, n));
		sr = &ctr->series[m->id];
		if (lb_series_stat(sr, n->fn, n->from, n->to, out) == 0)
			return 0;
		/* the kernel does not give it here (v1, PSI off): the reason, never a 0 */
		if (sr->n == 0 && ctr->series_not_measured[m->id])
			return ev_fail(ev, REF_FMT " was not measured: %s", REF_ARG(ev, n),
				       ctr->series_not_measured[m->id]);
		/* rss gets a point at every sample: none means the sampler never saw it. */
		if (sr->n == 0 && ctr->series[LB_SERIES_RSS].n == 0 && ctr->has[LB_SCALAR_WALL]) {
			char wall[32];

			lb_format_duration(wall, sizeof(wall), ctr->scalar[LB_SCALAR_WALL]);
			return ev_fail(
			    ev,
			    REF_FMT " was not measured (no samples): the container ran "
				    "%s, less than one sample interval (a shorter `sample`, or a "
				    "scalar such as mem_peak, would do)",
			    REF_ARG(ev, n), wall);
		}
		if (sr->n == 0)
			return ev_fail(ev, REF_FMT " was not measured (no samples)",
				       REF_ARG(ev, n));
		char w[80];

		window_str(w, sizeof(w), n);
		return ev_fail(ev, "no samples of " REF_FMT " in %s", REF_ARG(ev, n), w);
	}
	case EX_NEG:
		if (eval_num(ev, n->a, &a) < 0)
			return -1;
		*out = -a;
		return 0;
	case EX_ADD:
	case EX_SUB:
	case EX_MUL:
	case EX_DIV:
		break;
	case EX_STR:
	default:
		return ev_fail(ev, "a string is not a number");
	}
	if (eval_num(ev, n->a, &a) < 0 || eval_num(ev, n->b, &b) < 0)
		return -1;
	switch (n->kind) {
	case EX_ADD:
		*out = a + b;
		return 0;
	case EX_SUB:
		*out = a - b;
		return 0;
	case EX_MUL:
		*out = a * b;
		return 0;
	case EX_DIV:
		if (b == 0)
			return ev_fail(ev, "division by zero in %.*s", (int)(n->end - n->start),
				       ev->e->text + n->start);
		*out = a / b;
		return 0;
	case EX_NUM:
	case EX_STR:
	case EX_SIGNAL:
	case EX_REF:
	case EX_FUNC:
	case EX_NEG:
	default:
		return ev_fail(ev, "internal error");
	}
}

/* One side of a CPU list comparison, normalised ("0,1" -> "0-1"); *out malloc'd. */
static int eval_cpulist(struct ev *ev, const struct ex_node *n, char **out)
{
	const struct lb_ctr_result *ctr;
	const char *s;
	lb_error err = {0};
	int id;

	if (n->kind == EX_STR) {
		s = n->str;
	} else {
		if (n->kind != EX_REF || scalar(ev, n, &ctr, &id) < 0)
			return n->kind != EX_REF ? ev_fail(ev, "not a CPU list") : -1;
		s = ctr->str[id];
		if (!s)
			return ev_fail(ev, REF_FMT " was not measured", REF_ARG(ev, n));
	}
	if (lb_cpulist_normalize(s, strlen(s), out, &err) < 0)
		return ev_fail(ev, "%s", err.msg);
	return 0;
}

/* One side of a signal comparison as a number, 0 for none. */
static int eval_signal(struct ev *ev, const struct ex_node *n, int *out)
{
	const struct lb_ctr_result *ctr;
	double v;
	int id;

	if (n->kind == EX_STR) {
		*out = ex_signal_parse(n->str, strlen(n->str));
		return *out < 0 ? ev_fail(ev, "unknown signal \"%s\"", n->str) : 0;
	}
	if (n->kind == EX_REF) {
		if (scalar(ev, n, &ctr, &id) < 0)
			return -1;
		/* The runner stores the name ("KILL", "none"); a number would do too. */
		if (ctr->str[id]) {
			*out = ex_signal_parse(ctr->str[id], strlen(ctr->str[id]));
			if (*out < 0)
				return ev_fail(ev, REF_FMT " holds \"%s\", which is not a signal",
					       REF_ARG(ev, n), ctr->str[id]);
		} else {
			*out = (int)ctr->scalar[id];
		}
		return 0;
	}
	if (eval_num(ev, n, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

/* No value: the verdict says why, and its bound is the right-hand side as written. */
static void set_error(struct lb_verdict *v, const struct lb_expect *e, const char *why)
{
	v->result = LB_ERROR;
	v->measured = NAN;
	v->error = NAN;
	free(v->message);
	v->message = lb_xasprintf("ERROR %s: %s", v->text, why);
	free(v->measured_str);
	v->measured_str = NULL;
	if (!v->bound) {
		const char *b = e ? e->text + e->cmp_col : "";
		size_t len = strlen(b);

		while (len && (b[len - 1] == ' ' || b[len - 1] == '\t'))
			len--;
		v->bound = lb_xstrndup(b, len);
	}
}

static void eval_strings(struct ev *ev, enum ex_type t, struct lb_verdict *v, const char *lhs)
{
	const struct lb_expect *e = ev->e;
	_cleanup_free_ char *l = NULL, *r = NULL;
	char lb[32], rb[32];
	bool equal;

	if (t == T_CPULIST) {
		if (eval_cpulist(ev, e->left, &l) < 0 || eval_cpulist(ev, e->right, &r) < 0)
			return set_error(v, e, ev->why);
		equal = !strcmp(l, r);
		v->measured_str = lb_xstrdup(l);
		v->bound = lb_xasprintf("%s \"%s\"", ex_cmp_str(e->cmp), r);
		/* Quoted, so that the list "0" does not read as the number 0. */
		v->result = equal == (e->cmp == CMP_EQ) ? LB_PASS : LB_FAIL;
		v->message = lb_xasprintf("%s %s = \"%s\", expected %s",
					  v->result == LB_PASS ? "PASS" : "FAIL", lhs, l, v->bound);
		return;
	}

	int ls, rs;

	if (eval_signal(ev, e->left, &ls) < 0 || eval_signal(ev, e->right, &rs) < 0)
		return set_error(v, e, ev->why);
	equal = ls == rs;
	v->measured_str = lb_xstrdup(ex_format_value(lb, sizeof(lb), T_SIGNAL, ls, false));
	v->bound = lb_xasprintf("%s %s", ex_cmp_str(e->cmp),
				ex_format_value(rb, sizeof(rb), T_SIGNAL, rs, false));
	v->result = equal == (e->cmp == CMP_EQ) ? LB_PASS : LB_FAIL;
	v->message = lb_xasprintf("%s %s = %s, expected %s", v->result == LB_PASS ? "PASS" : "FAIL",
				  lhs, v->measured_str, v->bound);
}

static bool compare(enum ex_cmp c, double l, double r, double tol, bool has_tol)
{
	/* A whisker of slack so that 0.53 ~ 0.5 ± 0.03 is not failed by binary rounding. */
	double slack = 1e-9 * fmax(fmax(fabs(l), fabs(r)), tol);
	bool close = fabs(l - r) <= tol + slack;

	switch (c) {
	case CMP_EQ:
		return has_tol ? close : l == r;
	case CMP_NE:
		return has_tol ? !close : l != r;
	case CMP_LT:
		return l < r;
	case CMP_LE:
		return l <= r;
	case CMP_GT:
		return l > r;
	case CMP_GE:
		return l >= r;
	case CMP_APPROX:
		return close;
	default:
		return false;
	}
}

/* 4.2, 0.05, 130: enough digits to read, no more. */
static const char *format_pct(char *buf, size_t n, double pct)
{
	if (pct >= 100)
		snprintf(buf, n, "%.0f", pct);
	else if (pct >= 0.1 || pct == 0)
		snprintf(buf, n, "%.1f", pct);
	else
		snprintf(buf, n, "%.2g", pct);
	return buf;
}

static void eval_one(const struct lb_expect *e, const struct lb_run_result *r, struct lb_verdict *v)
{
	struct ev ev = {.e = e, .r = r};
	_cleanup_free_ char *lhs = NULL;
	char ls[64], rs[64], ts[64], es[32];
	enum ex_type t;
	size_t col;
	lb_error err = {0};
	double l, rv, tol = 0;
	bool precise;

	*v = (struct lb_verdict){.measured = NAN, .error = NAN};
	if (!e) {
		v->text = lb_xstrdup("");
		return set_error(v, NULL, "the expectation did not parse");
	}
	v->text = lb_xstrdup(e->text);
	if (ex_type_cmp(e, NULL, 0, false, &t, &col, &err) < 0)
		return set_error(v, e, err.msg);
	lhs = lb_xstrndup(e->text + e->left->start, e->left->end - e->left->start);
	v->unit = t == T_LIT ? LB_UNIT_NONE : (enum lb_unit)t;
	if (t == T_CPULIST || t == T_SIGNAL)
		return eval_strings(&ev, t, v, lhs);

	if (eval_num(&ev, e->left, &l) < 0 || eval_num(&ev, e->right, &rv) < 0)
		return set_error(v, e, ev.why);
	if (e->tol)
		tol = e->tol_pct ? fabs(rv) * e->tol->raw / 100 : e->tol->v;
	v->measured = l;
	v->error = rv != 0 ? fabs(l - rv) / fabs(rv) : NAN;
	v->result = compare(e->cmp, l, rv, tol, e->tol != NULL) ? LB_PASS : LB_FAIL;

	/* If both print the same but differ (100M vs 100.01M), print them exactly. */
	ex_format_value(ls, sizeof(ls), t, l, false);
	ex_format_value(rs, sizeof(rs), t, rv, false);
	precise = !strcmp(ls, rs) && l != rv;
	if (precise) {
		ex_format_value(ls, sizeof(ls), t, l, true);
		ex_format_value(rs, sizeof(rs), t, rv, true);
	}
	if (!e->tol)
		ts[0] = '\0';
	else if (e->tol_pct)
		snprintf(ts, sizeof(ts), " ± %s%%",
			 ex_format_value(es, sizeof(es), T_LIT, e->tol->raw, false));
	else
		snprintf(ts, sizeof(ts), " ± %s",
			 ex_format_value(es, sizeof(es), t, e->tol->v, false));
	v->bound = lb_xasprintf("%s %s%s", ex_cmp_str(e->cmp), rs, ts);

	if (e->tol && isfinite(v->error))
		v->message = lb_xasprintf("%s %s = %s, expected %s (error %s%%)",
					  v->result == LB_PASS ? "PASS" : "FAIL", lhs, ls, v->bound,
					  format_pct(es, sizeof(es), v->error * 100));
	else
		v->message =
		    lb_xasprintf("%s %s = %s, expected %s", v->result == LB_PASS ? "PASS" : "FAIL",
				 lhs, ls, v->bound);
}

/* The first container the subtree n refers to that limitbench killed because the run was
 * interrupted, or NULL. */
static const struct lb_ctr_result *
interrupted_ref(const struct lb_expect *e, const struct lb_run_result *r, const struct ex_node *n)
{
	const struct lb_ctr_result *c;

	if (!n)
		return NULL;
	if (n->kind == EX_REF || n->kind == EX_FUNC) {
		c = lb_run_result_ctr(r, e->text + n->ctr_off, n->ctr_len);
		if (c && c->interrupted)
			return c;
	}
	c = interrupted_ref(e, r, n->a);
	return c ? c : interrupted_ref(e, r, n->b);
}

void lb_expect_eval(const struct lb_expect *e, const struct lb_run_result *r, struct lb_verdict *v)
{
	const struct lb_ctr_result *c;

	eval_one(e, r, v);
	if (v->result == LB_PASS || !e)
		return;
	/* `a.exit == 0` after Ctrl-C reads 137 because limitbench killed `a`: that says nothing
	 * of the workload.  What held before the interruption still passes, and a failure of
	 * the containers that ended on their own still fails. */
	c = interrupted_ref(e, r, e->left);
	if (!c)
		c = interrupted_ref(e, r, e->right);
	if (!c)
		return;
	char *msg = lb_xasprintf("interrupted: %s was killed by limitbench when the run was "
				 "interrupted (%s)",
				 c->name, v->message ? v->message : "no verdict");
	free(v->message);
	v->message = msg;
	v->result = LB_INTERRUPTED;
}
