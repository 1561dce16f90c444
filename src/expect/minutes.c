/* SPDX-License-Identifier: MIT */
/*
 * "m" after a number: minutes (DURATION) or mebibytes (SIZE, any case), as SPEC section 2
 * allows both.  A literal written with "m" takes the unit of what it meets: the other side
 * of + - or of the comparison, the numerator it divides or is divided by, or the tolerance.
 * So `max(hog.mem) <= 100m` is 100 MiB and `hog.wall < 2m` is 120 s; where nothing decides
 * (`hog.exit < 1m`) the literal stays undecided and the checker rejects it.  This runs once
 * after parsing and needs no container names: metric units come from lb_metric_find.
 */
#include "expect/ast.h"

static enum ex_type metric_type(const struct ex_node *n, const char *text)
{
	const struct lb_metric_info *m = lb_metric_find(text + n->met_off, n->met_len);

	return m ? (enum ex_type)m->unit : T_UNKNOWN;
}

static bool is_dim(enum ex_type t)
{
	return t == T_BYTES || t == T_SECONDS;
}

/* Give every "m" literal under n the unit u (bytes or seconds). */
static void fix_m(struct ex_node *n, enum ex_type u)
{
	if (!n)
		return;
	if (n->kind == EX_NUM && n->type == T_FLEXM) {
		n->type = u;
		n->v = n->raw * (u == T_BYTES ? 1024.0 * 1024.0 : 60.0);
		return;
	}
	if (n->kind == EX_NEG || n->kind == EX_ADD || n->kind == EX_SUB || n->kind == EX_MUL ||
	    n->kind == EX_DIV) {
		fix_m(n->a, u);
		fix_m(n->b, u);
	}
}

/* The unit n has as far as it is known without the containers, resolving "m" on the way. */
static enum ex_type resolve_m(struct ex_node *n, const char *text)
{
	enum ex_type a, b;

	switch (n->kind) {
	case EX_NUM:
		return n->type;
	case EX_REF:
	case EX_FUNC:
		return metric_type(n, text);
	case EX_NEG:
		return resolve_m(n->a, text);
	case EX_ADD:
	case EX_SUB:
		a = resolve_m(n->a, text);
		b = resolve_m(n->b, text);
		if (a == T_FLEXM && is_dim(b))
			fix_m(n->a, a = b);
		if (b == T_FLEXM && is_dim(a))
			fix_m(n->b, b = a);
		return a == T_LIT ? b : a;
	case EX_MUL:
	case EX_DIV:
		a = resolve_m(n->a, text);
		b = resolve_m(n->b, text);
		if (n->kind == EX_DIV && is_dim(a) && b == T_FLEXM) {
			fix_m(n->b, a); /* a ratio: 1G / 512m */
			return T_NONE;
		}
		if (n->kind == EX_DIV && is_dim(b) && a == T_FLEXM) {
			fix_m(n->a, b);
			return T_NONE;
		}
		if (a == T_FLEXM && (b == T_LIT || b == T_NONE))
			return T_FLEXM;
		if (b == T_FLEXM && n->kind == EX_MUL && (a == T_LIT || a == T_NONE))
			return T_FLEXM;
		if (a == T_LIT)
			return b == T_LIT ? T_LIT : T_UNKNOWN;
		return T_UNKNOWN;
	case EX_STR:
	case EX_SIGNAL:
	default:
		return T_UNKNOWN;
	}
}

void ex_resolve_m(struct lb_expect *e)
{
	enum ex_type l = resolve_m(e->left, e->text), r = resolve_m(e->right, e->text);

	if (l == T_FLEXM && is_dim(r))
		fix_m(e->left, l = r);
	if (r == T_FLEXM && is_dim(l))
		fix_m(e->right, r = l);
	if (e->tol && !e->tol_pct && e->tol->type == T_FLEXM && is_dim(l))
		fix_m(e->tol, l);
	/* With only the tolerance to go by: `hog.wall ~ x.wall ± 1m` has both sides known. */
	if (e->tol && !e->tol_pct && is_dim(e->tol->type)) {
		if (l == T_FLEXM)
			fix_m(e->left, e->tol->type);
		if (r == T_FLEXM)
			fix_m(e->right, e->tol->type);
	}
}
