/* SPDX-License-Identifier: MIT */
/*
 * Types of expectations.  A value is bytes, seconds, cores, a plain number (a count, a
 * ratio), a CPU list or a signal.  The rules:
 *  - + and - need the same unit; * and / take a plain number and a unit to that unit, and a
 *    unit over the same unit to a plain number (mean(a.cpu) / mean(b.cpu)); nothing else.
 *  - A bare number literal takes the unit of what it meets, as in the scenario file: a
 *    bare SIZE is bytes (`max(hog.mem) <= 104857600`), a bare DURATION must be 0
 *    (`hog.throttled > 0`, but `hog.wall < 2` is an error: write 2s).  Cores are a plain
 *    ratio of CPU time to wall time, so cores and plain numbers mix freely.
 *  - CPU lists and signals compare only with == and != against their own kind, a quoted
 *    string ("0-1", "KILL") or, for a signal, its name, its number or none.
 */
#include <math.h>
#include <stdarg.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "expect/ast.h"
#include "expect/cpulist.h"
#include "expect/expect.h"
#include "util/cleanup.h"

struct ctx {
	const struct lb_expect *e;
	const char *const *ctrs;
	size_t n_ctrs;
	const char *const *groups;
	size_t n_groups;
	bool check_ctrs;
	size_t *col;
	lb_error *err;
};

static int fail(const struct ctx *c, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(const struct ctx *c, size_t at, const char *fmt, ...)
{
	va_list ap;

	*c->col = at;
	va_start(ap, fmt);
	lb_error_vset(c->err, LB_ERR_USAGE, 0, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *type_name(enum ex_type t)
{
	switch (t) {
	case T_LIT:
		return "a number";
	case T_STRING:
		return "a string";
	case T_NONE:
		return "a plain number";
	case T_BYTES:
	case T_SECONDS:
	case T_CORES:
	case T_CPULIST:
	case T_SIGNAL:
		return lb_unit_name((enum lb_unit)t);
	case T_FLEXM:
	case T_UNKNOWN:
	default:
		return "?";
	}
}

static bool is_numeric(enum ex_type t)
{
	return t == T_LIT || t == T_NONE || t == T_BYTES || t == T_SECONDS || t == T_CORES;
}

static bool is_plain(enum ex_type t)
{
	return t == T_LIT || t == T_NONE;
}

/* The value of a tree of literals (only called on T_LIT trees). */
static double const_value(const struct ex_node *n)
{
	switch (n->kind) {
	case EX_NUM:
	case EX_SIGNAL:
		return n->v;
	case EX_NEG:
		return -const_value(n->a);
	case EX_ADD:
		return const_value(n->a) + const_value(n->b);
	case EX_SUB:
		return const_value(n->a) - const_value(n->b);
	case EX_MUL:
		return const_value(n->a) * const_value(n->b);
	case EX_DIV:
		return const_value(n->a) / const_value(n->b);
	case EX_STR:
	case EX_REF:
	case EX_FUNC:
	default:
		return NAN;
	}
}

static const struct lb_metric_info *check_ref(const struct ctx *c, const struct ex_node *n)
{
	const char *s = c->e->text;
	const struct lb_metric_info *m;
	bool is_group = false;

	if (c->check_ctrs) {
		bool found = false;

		for (size_t i = 0; i < c->n_ctrs && !found; i++)
			found = c->ctrs[i] && strlen(c->ctrs[i]) == n->ctr_len &&
				!memcmp(c->ctrs[i], s + n->ctr_off, n->ctr_len);
		for (size_t i = 0; i < c->n_groups && !found; i++)
			is_group = found = c->groups[i] && strlen(c->groups[i]) == n->ctr_len &&
					   !memcmp(c->groups[i], s + n->ctr_off, n->ctr_len);
		if (!found) {
			fail(c, n->ctr_off, "unknown container%s '%.*s'",
			     c->n_groups ? " or group" : "", (int)n->ctr_len, s + n->ctr_off);
			return NULL;
		}
	}
	m = lb_metric_find(s + n->met_off, n->met_len);
	if (!m) {
		fail(c, n->met_off, "unknown metric '%.*s'", (int)n->met_len, s + n->met_off);
		return NULL;
	}
	const char *why = is_group ? lb_metric_group_why_not(m) : NULL;
	if (why) {
		fail(c, n->met_off, "'%.*s' is a group: it has no %s (%s)", (int)n->ctr_len,
		     s + n->ctr_off, m->name, why);
		return NULL;
	}
	return m;
}

/*
 * a and b meet in + - or a comparison: the type they share, or -1.  na/nb are their nodes,
 * for the bare-number rule; at is where to point at a mismatch.
 */
static int unify(const struct ctx *c, enum ex_type a, const struct ex_node *na, enum ex_type b,
		 const struct ex_node *nb, const char *what, const char *join, size_t at,
		 enum ex_type *out)
{
	if (a == b) {
		*out = a;
		return 0;
	}
	if (a == T_LIT) {
		/* Swap so that a literal is always on the right below. */
		enum ex_type t = a;
		const struct ex_node *tn = na;

		a = b;
		na = nb;
		b = t;
		nb = tn;
	}
	if (b == T_LIT && (a == T_NONE || a == T_CORES || a == T_BYTES)) {
		*out = a;
		return 0;
	}
	if (b == T_LIT && a == T_SECONDS) {
		if (const_value(nb) != 0)
			return fail(c, nb->start, "a duration needs a unit, e.g. %gs",
				    const_value(nb));
		*out = a;
		return 0;
	}
	if ((a == T_NONE && b == T_CORES) || (a == T_CORES && b == T_NONE)) {
		*out = T_CORES;
		return 0;
	}
	return fail(c, at, "cannot %s %s %s %s", what, type_name(a), join, type_name(b));
}

static int type_of(const struct ctx *c, const struct ex_node *n, enum ex_type *out)
{
	const struct lb_metric_info *m;
	const char *s = c->e->text;
	enum ex_type a, b;

	switch (n->kind) {
	case EX_NUM:
		if (n->type == T_FLEXM)
			return fail(c, n->start,
				    "'m' is ambiguous here (minutes or mebibytes): write M for "
				    "mebibytes, or the minutes in seconds (2m = 120s)");
		*out = n->type;
		return 0;
	case EX_STR:
		*out = T_STRING;
		return 0;
	case EX_SIGNAL:
		*out = T_SIGNAL;
		return 0;
	case EX_REF:
		if (!(m = check_ref(c, n)))
			return -1;
		if (m->kind == LB_METRIC_SERIES)
			return fail(c, n->start,
				    "%.*s is a series: apply a function to it, e.g. max(%.*s)",
				    (int)(n->end - n->start), s + n->start,
				    (int)(n->end - n->start), s + n->start);
		*out = (enum ex_type)m->unit;
		return 0;
	case EX_FUNC:
		if (!(m = check_ref(c, n)))
			return -1;
		if (m->kind != LB_METRIC_SERIES)
			return fail(c, n->ctr_off, "%s() needs a series; %.*s is a scalar",
				    lb_stat_fn_name(n->fn),
				    (int)(n->met_off + n->met_len - n->ctr_off), s + n->ctr_off);
		*out = (enum ex_type)m->unit;
		return 0;
	case EX_NEG:
		if (type_of(c, n->a, &a) < 0)
			return -1;
		if (!is_numeric(a))
			return fail(c, n->op_col, "cannot negate %s", type_name(a));
		*out = a;
		return 0;
	case EX_ADD:
	case EX_SUB:
	case EX_MUL:
	case EX_DIV:
		break;
	default:
		return fail(c, n->start, "internal error: unknown node");
	}

	if (type_of(c, n->a, &a) < 0 || type_of(c, n->b, &b) < 0)
		return -1;
	if (!is_numeric(a) || !is_numeric(b))
		return fail(c, n->op_col, "cannot do arithmetic on %s",
			    type_name(is_numeric(a) ? b : a));
	switch (n->kind) {
	case EX_ADD:
		return unify(c, a, n->a, b, n->b, "add", "and", n->op_col, out);
	case EX_SUB:
		return unify(c, a, n->a, b, n->b, "subtract", "and", n->op_col, out);
	case EX_MUL:
		if (is_plain(a) && is_plain(b))
			*out = a == T_LIT && b == T_LIT ? T_LIT : T_NONE;
		else if (is_plain(a))
			*out = b;
		else if (is_plain(b))
			*out = a;
		else
			return fail(c, n->op_col, "cannot multiply %s by %s", type_name(a),
				    type_name(b));
		return 0;
	case EX_DIV:
		if (is_plain(a) && is_plain(b))
			*out = a == T_LIT && b == T_LIT ? T_LIT : T_NONE;
		else if (is_plain(b))
			*out = a;
		else if (a == b || (a == T_LIT && b != T_SECONDS)) {
			/* The same unit over itself is a plain ratio.  So is a bare number over
			 * bytes or cores (a bare size is bytes), but not over seconds. */
			*out = T_NONE;
		} else
			return fail(c, n->op_col, "cannot divide %s by %s", type_name(a),
				    type_name(b));
		return 0;
	case EX_NUM:
	case EX_STR:
	case EX_SIGNAL:
	case EX_REF:
	case EX_FUNC:
	case EX_NEG:
	default:
		return fail(c, n->start, "internal error: unknown node");
	}
}

int ex_type_of(const struct lb_expect *e, const struct ex_node *n, const char *const *containers,
	       size_t n_ctrs, bool check_ctrs, enum ex_type *out, size_t *col, lb_error *err)
{
	struct ctx c = {.e = e,
			.ctrs = containers,
			.n_ctrs = n_ctrs,
			.check_ctrs = check_ctrs,
			.col = col,
			.err = err};

	return type_of(&c, n, out);
}

/* A string on one side of a comparison with a CPU list or a signal must be one. */
static int check_string(const struct ctx *c, const struct ex_node *n, enum ex_type as)
{
	_cleanup_free_ char *norm = NULL;
	lb_error sub = {0};

	if (as == T_CPULIST) {
		if (lb_cpulist_normalize(n->str, strlen(n->str), &norm, &sub) < 0)
			return fail(c, n->start, "%s", sub.msg);
		return 0;
	}
	if (ex_signal_parse(n->str, strlen(n->str)) < 0)
		return fail(c, n->start, "unknown signal \"%s\" (e.g. KILL, SIGTERM, 9 or none)",
			    n->str);
	return 0;
}

static int cmp_special(const struct ctx *c, enum ex_type l, enum ex_type r, enum ex_type *out)
{
	const struct lb_expect *e = c->e;
	enum ex_type kind = (l == T_CPULIST || l == T_SIGNAL) ? l : r;
	const struct ex_node *other = kind == l ? e->right : e->left;
	enum ex_type ot = kind == l ? r : l;

	if (e->cmp != CMP_EQ && e->cmp != CMP_NE)
		return fail(c, e->cmp_col, "%s compares only with == and !=", type_name(kind));
	if (e->tol)
		return fail(c, e->tol_col, "a tolerance needs numbers, not %s", type_name(kind));
	if (ot == kind) {
		*out = kind;
		return 0;
	}
	if (ot == T_STRING) {
		if (check_string(c, other, kind) < 0)
			return -1;
		*out = kind;
		return 0;
	}
	if (kind == T_SIGNAL && ot == T_LIT) {
		double v = const_value(other);

		if (v != floor(v) || v < 0 || v >= NSIG)
			return fail(c, other->start, "%g is not a signal number", v);
		*out = kind;
		return 0;
	}
	return fail(c, e->cmp_col, "cannot compare %s with %s", type_name(l), type_name(r));
}

static int type_cmp(const struct ctx *cp, enum ex_type *out);

int ex_type_cmp(const struct lb_expect *e, const char *const *containers, size_t n_ctrs,
		bool check_ctrs, enum ex_type *out, size_t *col, lb_error *err)
{
	const struct ctx c = {.e = e,
			      .ctrs = containers,
			      .n_ctrs = n_ctrs,
			      .check_ctrs = check_ctrs,
			      .col = col,
			      .err = err};

	return type_cmp(&c, out);
}

static int type_cmp(const struct ctx *cp, enum ex_type *out)
{
	const struct ctx c = *cp;
	const struct lb_expect *e = c.e;
	enum ex_type l, r, t;

	if (type_of(&c, e->left, &l) < 0 || type_of(&c, e->right, &r) < 0)
		return -1;
	if (l == T_CPULIST || l == T_SIGNAL || r == T_CPULIST || r == T_SIGNAL)
		return cmp_special(&c, l, r, out);
	if (l == T_STRING || r == T_STRING)
		return fail(&c, (l == T_STRING ? e->left : e->right)->start,
			    "a string compares only with a CPU list (C.cpus_used, C.cpuset) or a "
			    "signal (C.signal)");
	if (unify(&c, l, e->left, r, e->right, "compare", "with", e->cmp_col, &t) < 0)
		return -1;
	if (e->tol && !e->tol_pct) {
		enum ex_type tt;

		if (type_of(&c, e->tol, &tt) < 0)
			return -1;
		if (tt == T_LIT && t == T_SECONDS && e->tol->v != 0)
			return fail(&c, e->tol->start, "a duration needs a unit, e.g. %gs",
				    e->tol->v);
		if (tt != T_LIT && tt != t && !(t == T_LIT && tt != T_SECONDS))
			return fail(&c, e->tol->start, "the tolerance is %s but the values are %s",
				    type_name(tt), type_name(t));
		if (t == T_LIT)
			t = tt;
	}
	*out = t;
	return 0;
}

int lb_expect_check(const struct lb_expect *e, const char *const *containers, size_t n, size_t *col,
		    lb_error *err)
{
	enum ex_type t;

	*col = 0;
	return ex_type_cmp(e, containers, n, true, &t, col, err);
}

int lb_expect_check_groups(const struct lb_expect *e, const char *const *containers, size_t n,
			   const char *const *groups, size_t n_groups, size_t *col, lb_error *err)
{
	const struct ctx c = {.e = e,
			      .ctrs = containers,
			      .n_ctrs = n,
			      .groups = groups,
			      .n_groups = n_groups,
			      .check_ctrs = true,
			      .col = col,
			      .err = err};
	enum ex_type t;

	*col = 0;
	return type_cmp(&c, &t);
}
