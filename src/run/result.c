/* SPDX-License-Identifier: MIT */
/* Small helpers over a run's result: lookup, events, freeing. */
#include <stdlib.h>
#include <string.h>

#include "expect/expect.h"
#include "run/result.h"
#include "util/alloc.h"

const char *lb_outcome_name(enum lb_outcome o)
{
	switch (o) {
	case LB_OUTCOME_PASS:
		return "pass";
	case LB_OUTCOME_FAIL:
		return "fail";
	case LB_OUTCOME_TIMEOUT:
		return "timeout";
	case LB_OUTCOME_INTERRUPTED:
		return "interrupted";
	case LB_OUTCOME_ERROR:
		return "error";
	case LB_OUTCOME_SKIPPED:
		return "skipped";
	default:
		return "unknown";
	}
}

struct lb_ctr_result *lb_run_result_ctr(const struct lb_run_result *r, const char *name, size_t len)
{
	for (size_t i = 0; i < r->n_ctrs; i++) {
		const char *n = r->ctrs[i].name;

		if (n && strlen(n) == len && !memcmp(n, name, len))
			return &r->ctrs[i];
	}
	return NULL;
}

void lb_run_result_event(struct lb_run_result *r, double t, const char *ctr, const char *event,
			 const char *detail)
{
	struct lb_event *e;

	lb_xgrow(&r->events, &r->cap_events, r->n_events + 1, sizeof(*r->events));
	e = &r->events[r->n_events++];
	e->t = t;
	e->container = lb_xstrdup(ctr ? ctr : "");
	e->event = lb_xstrdup(event);
	e->detail = lb_xstrdup(detail ? detail : "");
}

static void ctr_free(struct lb_ctr_result *c)
{
	free(c->name);
	free(c->asked.cpuset);
	lb_limits_io_free(&c->asked);
	for (size_t i = 0; i < LB_SERIES_COUNT; i++)
		lb_series_free(&c->series[i]);
	for (size_t i = 0; i < LB_SCALAR_COUNT; i++) {
		free(c->str[i]);
		free(c->not_measured[i]);
	}
	for (size_t i = 0; i < LB_SERIES_COUNT; i++)
		free(c->series_not_measured[i]);
	free(c->group);
}

/* Frees everything r owns and zeroes it; r itself belongs to the caller. */
void lb_run_result_free(struct lb_run_result *r)
{
	if (!r)
		return;
	free(r->scenario);
	free(r->run_name);
	for (size_t i = 0; i < r->n_params; i++) {
		free(r->params[i].name);
		free(r->params[i].value);
	}
	free(r->params);
	for (size_t i = 0; i < r->n_ctrs; i++)
		ctr_free(&r->ctrs[i]);
	free(r->ctrs);
	for (size_t i = 0; i < r->n_events; i++) {
		free(r->events[i].container);
		free(r->events[i].event);
		free(r->events[i].detail);
	}
	free(r->events);
	for (size_t i = 0; i < r->n_verdicts; i++)
		lb_verdict_free(&r->verdicts[i]);
	free(r->verdicts);
	free(r->skip_reason);
	free(r->error);
	*r = (struct lb_run_result){0};
}
