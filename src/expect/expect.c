/* SPDX-License-Identifier: MIT */
/* Temporary stubs so the tree links; replaced by the real implementation. */
#include <math.h>
#include <stdlib.h>

#include "expect/expect.h"
#include "util/alloc.h"

int lb_expect_parse(const char *text, struct lb_expect **out, size_t *col, lb_error *err)
{
	(void)text;
	*out = NULL;
	*col = 0;
	return lb_error_usage(err, "expectations are not implemented yet");
}

int lb_expect_check(const struct lb_expect *e, const char *const *containers, size_t n,
		    size_t *col, lb_error *err)
{
	(void)e;
	(void)containers;
	(void)n;
	(void)col;
	(void)err;
	return 0;
}

void lb_expect_eval(const struct lb_expect *e, const struct lb_run_result *r,
		    struct lb_verdict *v)
{
	(void)e;
	(void)r;
	*v = (struct lb_verdict){ .result = LB_ERROR, .measured = NAN, .error = NAN };
	v->text = lb_xstrdup("");
	v->message = lb_xstrdup("ERROR not implemented");
}

void lb_expect_free(struct lb_expect *e)
{
	(void)e;
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
