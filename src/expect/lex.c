/* SPDX-License-Identifier: MIT */
/*
 * The tokens of an expectation.  Two spellings need care:
 *  - container names may hold '-', so "a-b.mem" is one reference; a word becomes a
 *    reference only when a '.' and a letter follow it, and the metric part never holds
 *    '-', so "a.cpu-b.cpu" is a difference.  Write "10 - hog.exit" with spaces.
 *  - "+-" written without a space is the tolerance sign, like "±"; "1 + -2" is arithmetic.
 */
#include <ctype.h>
#include <string.h>

#include "expect/ast.h"
#include "util/units.h"

static bool is_word(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static int lex_error(size_t *col, size_t at, lb_error *err, const char *msg)
{
	*col = at;
	return lb_error_usage(err, "%s", msg);
}

int ex_lex(const char *s, size_t *pos, struct ex_tok *t, size_t *col, lb_error *err)
{
	size_t p = *pos;

	while (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')
		p++;
	*t = (struct ex_tok){.off = p};

	if (s[p] == '\0') {
		t->kind = TK_END;
		t->end = p;
		*pos = p;
		return 0;
	}

	/* A word: a reference, a number or an identifier. */
	if (is_word(s[p]) || (s[p] == '.' && isdigit((unsigned char)s[p + 1]))) {
		size_t q = p;

		while (is_word(s[q]) || s[q] == '-')
			q++;
		if (s[q] == '.' && (isalpha((unsigned char)s[q + 1]) || s[q + 1] == '_') && q > p &&
		    s[q - 1] != '-') {
			t->kind = TK_REF;
			t->a_len = q - p;
			t->b_off = q + 1;
			q++;
			while (is_word(s[q]))
				q++;
			t->end = *pos = q;
			return 0;
		}
		if (isdigit((unsigned char)s[p]) || s[p] == '.') {
			const char *unit;

			if (lb_parse_number_prefix(s + p, &t->num, &unit) < 0)
				return lex_error(col, p, err, "invalid number");
			q = (size_t)(unit - s);
			t->kind = TK_NUM;
			t->unit_off = q;
			while (isalpha((unsigned char)s[q]))
				q++;
			t->unit_len = q - t->unit_off;
			if (isdigit((unsigned char)s[q]) || s[q] == '.' || s[q] == '_')
				return lex_error(col, p, err, "invalid number");
			t->end = *pos = q;
			return 0;
		}
		q = p;
		while (is_word(s[q]))
			q++;
		t->kind = TK_IDENT;
		t->end = *pos = q;
		return 0;
	}

	if (s[p] == '"' || s[p] == '\'') {
		const char *close = strchr(s + p + 1, s[p]);

		if (!close)
			return lex_error(col, p, err, "unterminated string");
		t->kind = TK_STR;
		t->end = *pos = (size_t)(close - s) + 1;
		return 0;
	}

	/* "±" is two bytes in UTF-8. */
	if ((unsigned char)s[p] == 0xc2 && (unsigned char)s[p + 1] == 0xb1) {
		t->kind = TK_PM;
		t->end = *pos = p + 2;
		return 0;
	}

	static const struct {
		const char *text;
		enum ex_tok_kind kind;
		enum ex_cmp cmp;
	} ops[] = {
	    /* longest first */
	    {"+-", TK_PM, 0},	    {"==", TK_CMP, CMP_EQ},    {"!=", TK_CMP, CMP_NE},
	    {"<=", TK_CMP, CMP_LE}, {">=", TK_CMP, CMP_GE},    {"<", TK_CMP, CMP_LT},
	    {">", TK_CMP, CMP_GT},  {"~", TK_CMP, CMP_APPROX}, {"(", TK_LPAREN, 0},
	    {")", TK_RPAREN, 0},    {"[", TK_LBRACK, 0},       {"]", TK_RBRACK, 0},
	    {":", TK_COLON, 0},	    {"+", TK_PLUS, 0},	       {"-", TK_MINUS, 0},
	    {"*", TK_STAR, 0},	    {"/", TK_SLASH, 0},	       {"%", TK_PERCENT, 0},
	};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t len = strlen(ops[i].text);

		if (!strncmp(s + p, ops[i].text, len)) {
			t->kind = ops[i].kind;
			t->cmp = ops[i].cmp;
			t->end = *pos = p + len;
			return 0;
		}
	}
	if (s[p] == '=')
		return lex_error(col, p, err, "'=' is not a comparison: use '=='");
	if (s[p] == '$')
		return lex_error(col, p, err,
				 "unexpected '$' (a ${parameter} that is not defined?)");
	if ((unsigned char)s[p] < 0x20 || (unsigned char)s[p] >= 0x7f)
		return lex_error(col, p, err, "unexpected character");
	*col = p;
	return lb_error_usage(err, "unexpected character '%c'", s[p]);
}
