/* SPDX-License-Identifier: MIT */
/* Owning and freeing expectations and verdicts. */
#include <stdlib.h>

#include "expect/ast.h"
#include "expect/expect.h"

const char *ex_cmp_str(enum ex_cmp c)
{
	switch (c) {
	case CMP_EQ:
		return "==";
	case CMP_NE:
		return "!=";
	case CMP_LT:
		return "<";
	case CMP_LE:
		return "<=";
	case CMP_GT:
		return ">";
	case CMP_GE:
		return ">=";
	case CMP_APPROX:
		return "~";
	default:
		return "?";
	}
}

void lb_expect_free(struct lb_expect *e)
{
	if (!e)
		return;
	ex_node_free(e->left);
	ex_node_free(e->right);
	ex_node_free(e->tol);
	free(e->text);
	free(e);
}

void lb_verdict_free(struct lb_verdict *v)
{
	if (!v)
		return;
	free(v->text);
	free(v->measured_str);
	free(v->bound);
	free(v->message);
	v->text = v->measured_str = v->bound = v->message = NULL;
}
