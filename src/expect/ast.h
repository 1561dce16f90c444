/* SPDX-License-Identifier: MIT */
#ifndef LB_EXPECT_AST_H
#define LB_EXPECT_AST_H

/*
 * The inside of the expectation language, shared by its files (not by the rest of
 * limitbench): tokens (lex.c), the tree (parse.c), types (check.c), values (eval.c) and
 * their printing (format.c).
 */

#include <stdbool.h>
#include <stddef.h>

#include "sample/metrics.h"
#include "sample/series.h"
#include "util/error.h"

/* ---- tokens ---- */

enum ex_tok_kind {
	TK_END,
	TK_NUM,	  /* num, unit = [unit_off, unit_off + unit_len) */
	TK_STR,	  /* body in [off + 1, end - 1) */
	TK_IDENT, /* a word: function, signal name, none */
	TK_REF,	  /* C.metric: container [off, off + a_len), metric [b_off, end) */
	TK_LPAREN,
	TK_RPAREN,
	TK_LBRACK,
	TK_RBRACK,
	TK_COLON,
	TK_PLUS,
	TK_MINUS,
	TK_STAR,
	TK_SLASH,
	TK_PERCENT,
	TK_PM,	/* "±" or "+-" */
	TK_CMP, /* cmp */
};

enum ex_cmp { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_APPROX };

struct ex_tok {
	enum ex_tok_kind kind;
	size_t off, end; /* byte span in the text */
	double num;
	size_t unit_off, unit_len;
	size_t a_len, b_off;
	enum ex_cmp cmp;
};

/* Lex the token at *pos (skipping blanks) and advance *pos past it. */
int ex_lex(const char *text, size_t *pos, struct ex_tok *t, size_t *col, lb_error *err);

/* ---- types ---- */

/*
 * What a (sub)expression is.  The first six mirror enum lb_unit; LIT is a bare number
 * literal, which takes the unit of what it meets (see check.c); FLEXM is a literal with the
 * suffix "m", minutes or mebibytes, decided by what it meets (see parse.c).
 */
enum ex_type {
	T_NONE = LB_UNIT_NONE,
	T_BYTES = LB_UNIT_BYTES,
	T_SECONDS = LB_UNIT_SECONDS,
	T_CORES = LB_UNIT_CORES,
	T_CPULIST = LB_UNIT_CPULIST,
	T_SIGNAL = LB_UNIT_SIGNAL,
	T_LIT,
	T_STRING,
	T_FLEXM,
	T_UNKNOWN, /* only while resolving "m" */
};

/* ---- the tree ---- */

enum ex_kind {
	EX_NUM,	   /* v in base units (bytes, seconds), type T_LIT/T_BYTES/T_SECONDS/T_FLEXM */
	EX_STR,	   /* str */
	EX_SIGNAL, /* v = signal number, 0 for none */
	EX_REF,	   /* C.metric as a scalar (or a series, which check() rejects) */
	EX_FUNC,   /* fn(ref[from:to]) */
	EX_NEG,
	EX_ADD,
	EX_SUB,
	EX_MUL,
	EX_DIV,
};

struct ex_node {
	enum ex_kind kind;
	size_t start, end; /* source span, for messages */
	size_t op_col;	   /* binary operators: where the operator is */
	double v;
	double raw;	   /* EX_NUM: the number as written, before its unit */
	enum ex_type type; /* EX_NUM */
	char *str;	   /* EX_STR, without quotes */
	/* EX_REF, and EX_FUNC's series */
	size_t ctr_off, ctr_len, met_off, met_len;
	enum lb_stat_fn fn;
	double from, to; /* EX_FUNC window, -INFINITY/INFINITY when open */
	struct ex_node *a, *b;
};

struct lb_expect {
	char *text;
	struct ex_node *left, *right;
	enum ex_cmp cmp;
	size_t cmp_col;
	struct ex_node *tol; /* EX_NUM, or NULL */
	bool tol_pct;	     /* tol->raw is a percentage of the right-hand side */
	size_t tol_col;
};

void ex_node_free(struct ex_node *n);
/* Decide every "m" literal that its surroundings decide (minutes.c). */
void ex_resolve_m(struct lb_expect *e);
const char *ex_cmp_str(enum ex_cmp c);

/*
 * The type of n.  With containers != NULL, references are checked against them (the
 * checker); eval passes NULL and trusts a checked tree.  On error: -1, *col and err.
 */
int ex_type_of(const struct lb_expect *e, const struct ex_node *n, const char *const *containers,
	       size_t n_ctrs, bool check_ctrs, enum ex_type *out, size_t *col, lb_error *err);
/* The type both sides of the comparison are compared as. */
int ex_type_cmp(const struct lb_expect *e, const char *const *containers, size_t n_ctrs,
		bool check_ctrs, enum ex_type *out, size_t *col, lb_error *err);

/* ---- signals (signame.c) ---- */

/* "KILL", "SIGKILL", "9" or "none" (0) to a number; -1 if it is none of these. */
int ex_signal_parse(const char *s, size_t len);
/* 9 -> "KILL", 0 -> "none"; buf for numbers without a name. */
const char *ex_signal_name(int sig, char *buf, size_t n);

/* ---- printing (format.c) ---- */

/* A value in its unit: 104.2M, 250ms, 0.49, KILL.  precise: enough digits to tell two
 * values apart that print the same the short way. */
const char *ex_format_value(char *buf, size_t n, enum ex_type t, double v, bool precise);

#endif
