/* SPDX-License-Identifier: MIT */
/*
 * A recursive-descent parser for one expectation (SPEC section 3):
 *
 *   expectation := sum CMP sum [ ("±" | "+-") NUMBER [UNIT | "%"] ]
 *   sum         := term { ("+" | "-") term }
 *   term        := unary { ("*" | "/") unary }
 *   unary       := "-" unary | primary
 *   primary     := NUMBER[UNIT] | STRING | "(" sum ")" | C.metric
 *                | FUNC "(" C.metric [ "[" [DURATION] ":" [DURATION] "]" ] ")"
 *                | SIGNAL | "none"
 *
 * Units after a number: K M G T (any case, optional B or iB) and B are sizes in bytes;
 * ns us ms s h are durations in seconds.  "m" alone is minutes or mebibytes, as in the
 * scenario file where "100m" is a size and "2m" a duration: it takes the unit of what it is
 * compared with, added to or used as the tolerance of (resolve_m below), so
 * `max(hog.mem) <= 100m` means mebibytes and `hog.wall < 2m` minutes.  Where nothing decides
 * (`hog.exit < 1m`) the checker rejects it.  In a window "m" is always minutes.  See
 * minutes.c.
 *
 * A tolerance is required by "~", allowed with "==" (the same as "~") and with "!=" (the
 * negation: off by more than the tolerance), and rejected with < <= > >=, where it would
 * only blur the bound.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect/ast.h"
#include "expect/expect.h"
#include "util/alloc.h"
#include "util/units.h"

struct parser {
	const char *s;
	size_t pos;
	struct ex_tok tok; /* the current token */
	size_t *col;
	lb_error *err;
};

static int next(struct parser *p)
{
	return ex_lex(p->s, &p->pos, &p->tok, p->col, p->err);
}

static int fail(struct parser *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct parser *p, size_t at, const char *fmt, ...)
{
	va_list ap;

	*p->col = at;
	va_start(ap, fmt);
	lb_error_vset(p->err, LB_ERR_USAGE, 0, fmt, ap);
	va_end(ap);
	return -1;
}

static struct ex_node *node_new(enum ex_kind kind, size_t start, size_t end)
{
	struct ex_node *n = lb_xzalloc(sizeof(*n));

	n->kind = kind;
	n->start = start;
	n->end = end;
	return n;
}

void ex_node_free(struct ex_node *n)
{
	if (!n)
		return;
	ex_node_free(n->a);
	ex_node_free(n->b);
	free(n->str);
	free(n);
}

static const char *tok_desc(const struct parser *p, char *buf, size_t n)
{
	if (p->tok.kind == TK_END)
		return "the end";
	snprintf(buf, n, "'%.*s'", (int)(p->tok.end - p->tok.off), p->s + p->tok.off);
	return buf;
}

/* The number token's unit into n->v and n->type; "m" stays FLEXM (see minutes.c). */
static int number_unit(struct parser *p, struct ex_node *n)
{
	const char *u = p->s + p->tok.unit_off;
	size_t len = p->tok.unit_len;
	double mult;

	n->raw = p->tok.num;
	if (len == 0) {
		n->type = T_LIT;
		n->v = n->raw;
	} else if (len == 1 && u[0] == 'm') {
		n->type = T_FLEXM;
		n->v = NAN;
	} else if ((mult = lb_duration_unit(u, len)) > 0) {
		n->type = T_SECONDS;
		n->v = n->raw * mult;
	} else if ((mult = lb_size_unit(u, len)) > 0) {
		n->type = T_BYTES;
		n->v = n->raw * mult;
	} else {
		return fail(
		    p, p->tok.unit_off,
		    "unknown unit '%.*s' (sizes: K, M, G, T, B; durations: ns, us, ms, s, m, h)",
		    (int)len, u);
	}
	return 0;
}

static int stray_percent(struct parser *p)
{
	return fail(p, p->tok.off, "'%%' is only allowed in a tolerance (± 5%%)");
}

static struct ex_node *parse_sum(struct parser *p);

/* A window bound: a DURATION, "m" meaning minutes, a bare 0 allowed. */
static int window_bound(struct parser *p, double *out)
{
	const char *u = p->s + p->tok.unit_off;
	size_t len = p->tok.unit_len;
	double mult;

	if (p->tok.kind != TK_NUM)
		return fail(p, p->tok.off, "expected a duration in the window, e.g. [1s:5s]");
	if (len == 0 && p->tok.num == 0)
		mult = 1;
	else if (len == 0)
		return fail(p, p->tok.off, "a window bound needs a duration unit, e.g. %gs",
			    p->tok.num);
	else if ((mult = lb_duration_unit(u, len)) == 0)
		return fail(p, p->tok.unit_off,
			    "unknown duration unit '%.*s' (ns, us, ms, s, m, h)", (int)len, u);
	*out = p->tok.num * mult;
	return next(p);
}

/* FUNC "(" C.metric [window] ")" with the current token on FUNC's name. */
static struct ex_node *parse_func(struct parser *p)
{
	size_t start = p->tok.off;
	int fn = lb_stat_fn_find(p->s + p->tok.off, p->tok.end - p->tok.off);
	struct ex_node *n = NULL;
	char buf[64];

	if (fn < 0) {
		fail(p, start,
		     "unknown function '%.*s' (min, max, mean, median, p90, p95, p99, first, last, "
		     "stddev)",
		     (int)(p->tok.end - p->tok.off), p->s + p->tok.off);
		return NULL;
	}
	if (next(p) < 0 || next(p) < 0) /* name, "(" */
		return NULL;
	if (p->tok.kind != TK_REF) {
		fail(p, p->tok.off, "%s() needs a series such as %s(hog.mem), not %s",
		     lb_stat_fn_name(fn), lb_stat_fn_name(fn), tok_desc(p, buf, sizeof(buf)));
		return NULL;
	}
	n = node_new(EX_FUNC, start, 0);
	n->fn = fn;
	n->ctr_off = p->tok.off;
	n->ctr_len = p->tok.a_len;
	n->met_off = p->tok.b_off;
	n->met_len = p->tok.end - p->tok.b_off;
	n->from = -INFINITY;
	n->to = INFINITY;
	if (next(p) < 0)
		goto fail;
	if (p->tok.kind == TK_LBRACK) {
		size_t wstart = p->tok.off;

		if (next(p) < 0)
			goto fail;
		if (p->tok.kind != TK_COLON && window_bound(p, &n->from) < 0)
			goto fail;
		if (p->tok.kind != TK_COLON) {
			fail(p, p->tok.off, "expected ':' in the window, e.g. [1s:5s]");
			goto fail;
		}
		if (next(p) < 0)
			goto fail;
		if (p->tok.kind != TK_RBRACK && window_bound(p, &n->to) < 0)
			goto fail;
		if (p->tok.kind != TK_RBRACK) {
			fail(p, p->tok.off, "expected ']' to close the window");
			goto fail;
		}
		if (n->from > n->to) {
			fail(p, wstart, "the window starts after it ends");
			goto fail;
		}
		if (next(p) < 0)
			goto fail;
	}
	if (p->tok.kind != TK_RPAREN) {
		fail(p, p->tok.off, "expected ')' after the series of %s(), not %s",
		     lb_stat_fn_name(fn), tok_desc(p, buf, sizeof(buf)));
		goto fail;
	}
	n->end = p->tok.end;
	if (next(p) < 0)
		goto fail;
	return n;
fail:
	ex_node_free(n);
	return NULL;
}

static struct ex_node *parse_primary(struct parser *p)
{
	struct ex_node *n;
	char buf[64];

	switch (p->tok.kind) {
	case TK_NUM:
		n = node_new(EX_NUM, p->tok.off, p->tok.end);
		if (number_unit(p, n) < 0 || next(p) < 0) {
			ex_node_free(n);
			return NULL;
		}
		return n;
	case TK_STR:
		n = node_new(EX_STR, p->tok.off, p->tok.end);
		n->str = lb_xstrndup(p->s + p->tok.off + 1, p->tok.end - p->tok.off - 2);
		if (next(p) < 0) {
			ex_node_free(n);
			return NULL;
		}
		return n;
	case TK_REF:
		n = node_new(EX_REF, p->tok.off, p->tok.end);
		n->ctr_off = p->tok.off;
		n->ctr_len = p->tok.a_len;
		n->met_off = p->tok.b_off;
		n->met_len = p->tok.end - p->tok.b_off;
		if (next(p) < 0) {
			ex_node_free(n);
			return NULL;
		}
		return n;
	case TK_LPAREN: {
		size_t start = p->tok.off;

		if (next(p) < 0 || !(n = parse_sum(p)))
			return NULL;
		if (p->tok.kind != TK_RPAREN) {
			fail(p, p->tok.off, "expected ')', not %s", tok_desc(p, buf, sizeof(buf)));
			ex_node_free(n);
			return NULL;
		}
		/* The span covers the parentheses, so the left-hand side prints as written. */
		n->start = start;
		n->end = p->tok.end;
		if (next(p) < 0) {
			ex_node_free(n);
			return NULL;
		}
		return n;
	}
	case TK_IDENT: {
		const char *w = p->s + p->tok.off;
		size_t len = p->tok.end - p->tok.off;
		int sig;

		struct ex_tok peek;
		size_t after = p->pos;

		/* A name followed by "(" is a function call. */
		if (ex_lex(p->s, &after, &peek, p->col, p->err) < 0)
			return NULL;
		if (peek.kind == TK_LPAREN)
			return parse_func(p);
		sig = ex_signal_parse(w, len);
		if (sig < 0) {
			if (lb_stat_fn_find(w, len) >= 0)
				fail(p, p->tok.off,
				     "%.*s() needs a series in parentheses, e.g. %.*s(hog.mem)",
				     (int)len, w, (int)len, w);
			else
				fail(p, p->tok.off,
				     "unknown name '%.*s' (a value is a number, C.metric, "
				     "FUNC(C.series), "
				     "a \"string\", a signal such as KILL, or none)",
				     (int)len, w);
			return NULL;
		}
		n = node_new(EX_SIGNAL, p->tok.off, p->tok.end);
		n->v = sig;
		if (next(p) < 0) {
			ex_node_free(n);
			return NULL;
		}
		return n;
	}
	case TK_PERCENT:
		stray_percent(p);
		return NULL;
	case TK_END:
	case TK_RPAREN:
	case TK_LBRACK:
	case TK_RBRACK:
	case TK_COLON:
	case TK_PLUS:
	case TK_MINUS:
	case TK_STAR:
	case TK_SLASH:
	case TK_PM:
	case TK_CMP:
	default:
		fail(p, p->tok.off, "expected a value, not %s", tok_desc(p, buf, sizeof(buf)));
		return NULL;
	}
}

static struct ex_node *parse_unary(struct parser *p)
{
	if (p->tok.kind == TK_MINUS) {
		size_t start = p->tok.off;
		struct ex_node *a, *n;

		if (next(p) < 0 || !(a = parse_unary(p)))
			return NULL;
		n = node_new(EX_NEG, start, a->end);
		n->op_col = start;
		n->a = a;
		return n;
	}
	return parse_primary(p);
}

static struct ex_node *binary(enum ex_kind kind, size_t op_col, struct ex_node *a,
			      struct ex_node *b)
{
	struct ex_node *n = node_new(kind, a->start, b->end);

	n->op_col = op_col;
	n->a = a;
	n->b = b;
	return n;
}

static struct ex_node *parse_term(struct parser *p)
{
	struct ex_node *n = parse_unary(p), *b;

	while (n && (p->tok.kind == TK_STAR || p->tok.kind == TK_SLASH)) {
		enum ex_kind kind = p->tok.kind == TK_STAR ? EX_MUL : EX_DIV;
		size_t op = p->tok.off;

		if (next(p) < 0 || !(b = parse_unary(p))) {
			ex_node_free(n);
			return NULL;
		}
		n = binary(kind, op, n, b);
	}
	return n;
}

static struct ex_node *parse_sum(struct parser *p)
{
	struct ex_node *n = parse_term(p), *b;

	while (n && (p->tok.kind == TK_PLUS || p->tok.kind == TK_MINUS)) {
		enum ex_kind kind = p->tok.kind == TK_PLUS ? EX_ADD : EX_SUB;
		size_t op = p->tok.off;

		if (next(p) < 0 || !(b = parse_term(p))) {
			ex_node_free(n);
			return NULL;
		}
		n = binary(kind, op, n, b);
	}
	return n;
}

/* ---- the expectation ---- */

static int parse_tolerance(struct parser *p, struct lb_expect *e)
{
	char buf[64];

	e->tol_col = p->tok.off;
	if (e->cmp != CMP_APPROX && e->cmp != CMP_EQ && e->cmp != CMP_NE)
		return fail(p, p->tok.off, "a tolerance applies only to ~, == and !=, not %s",
			    ex_cmp_str(e->cmp));
	if (next(p) < 0)
		return -1;
	if (p->tok.kind != TK_NUM)
		return fail(p, p->tok.off,
			    "expected a tolerance (a number, with a unit or %%), not %s",
			    tok_desc(p, buf, sizeof(buf)));
	e->tol = node_new(EX_NUM, p->tok.off, p->tok.end);
	if (number_unit(p, e->tol) < 0 || next(p) < 0)
		return -1;
	if (p->tok.kind == TK_PERCENT) {
		if (e->tol->type != T_LIT)
			return fail(p, e->tol->start, "a percentage takes no unit");
		e->tol_pct = true;
		e->tol->end = p->tok.end;
		if (next(p) < 0)
			return -1;
	}
	return 0;
}

int lb_expect_parse(const char *text, struct lb_expect **out, size_t *col, lb_error *err)
{
	struct parser p = {.s = text, .col = col, .err = err};
	struct lb_expect *e = lb_xzalloc(sizeof(*e));
	char buf[64];

	*out = NULL;
	*col = 0;
	e->text = lb_xstrdup(text);
	p.s = e->text;
	if (next(&p) < 0)
		goto fail;
	if (p.tok.kind == TK_END) {
		fail(&p, 0, "empty expectation");
		goto fail;
	}
	if (!(e->left = parse_sum(&p)))
		goto fail;
	if (p.tok.kind == TK_PERCENT) {
		stray_percent(&p);
		goto fail;
	}
	if (p.tok.kind == TK_PM && p.s[p.tok.off] == '+') {
		fail(&p, p.tok.off,
		     "'+-' is the tolerance sign; write '+ -' to add a negative number");
		goto fail;
	}
	if (p.tok.kind != TK_CMP) {
		fail(&p, p.tok.off, "expected a comparison (==, !=, <, <=, >, >=, ~), not %s",
		     tok_desc(&p, buf, sizeof(buf)));
		goto fail;
	}
	e->cmp = p.tok.cmp;
	e->cmp_col = p.tok.off;
	if (next(&p) < 0 || !(e->right = parse_sum(&p)))
		goto fail;
	if (p.tok.kind == TK_PM && parse_tolerance(&p, e) < 0)
		goto fail;
	if (p.tok.kind == TK_PERCENT) {
		stray_percent(&p);
		goto fail;
	}
	if (p.tok.kind != TK_END) {
		fail(&p, p.tok.off, "unexpected %s after the expectation",
		     tok_desc(&p, buf, sizeof(buf)));
		goto fail;
	}
	if (e->cmp == CMP_APPROX && !e->tol) {
		fail(&p, e->cmp_col, "'~' needs a tolerance, e.g. ~ 100M ± 5%% or ~ 0.5 +- 0.05");
		goto fail;
	}
	ex_resolve_m(e);
	*out = e;
	return 0;
fail:
	lb_expect_free(e);
	return -1;
}
