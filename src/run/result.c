/* SPDX-License-Identifier: MIT */
/* Temporary stubs so the tree links. */
#include <stdlib.h>
#include <string.h>

#include "run/result.h"

const char *lb_outcome_name(enum lb_outcome o)
{
	(void)o;
	return "?";
}

struct lb_ctr_result *lb_run_result_ctr(const struct lb_run_result *r, const char *name,
					size_t len)
{
	(void)r;
	(void)name;
	(void)len;
	return NULL;
}

void lb_run_result_event(struct lb_run_result *r, double t, const char *ctr, const char *event,
			 const char *detail)
{
	(void)r;
	(void)t;
	(void)ctr;
	(void)event;
	(void)detail;
}

void lb_run_result_free(struct lb_run_result *r)
{
	(void)r;
}
