/* SPDX-License-Identifier: MIT */
/* The run result helpers: container lookup, events, outcome names, freeing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "expect/expect.h"
#include "run/result.h"
#include "util/alloc.h"

static void make_run(struct lb_run_result *r)
{
	memset(r, 0, sizeof(*r));
	r->scenario = lb_xstrdup("mem");
	r->run_name = lb_xstrdup("mem/limit=64M");
	r->n_params = 1;
	r->params = lb_xcalloc(1, sizeof(*r->params));
	r->params[0].name = lb_xstrdup("limit");
	r->params[0].value = lb_xstrdup("64M");
	r->n_ctrs = 2;
	r->ctrs = lb_xcalloc(2, sizeof(*r->ctrs));
	r->ctrs[0].name = lb_xstrdup("hog");
	r->ctrs[0].asked.cpuset = lb_xstrdup("0");
	r->ctrs[0].str[LB_SCALAR_SIGNAL] = lb_xstrdup("KILL");
	lb_series_push(&r->ctrs[0].series[LB_SERIES_MEM], 0, 1);
	r->ctrs[1].name = lb_xstrdup("a");
	r->n_verdicts = 1;
	r->verdicts = lb_xcalloc(1, sizeof(*r->verdicts));
	lb_expect_eval(NULL, r, &r->verdicts[0]);
	r->skip_reason = lb_xstrdup("no swap");
	r->error = lb_xstrdup("boom");
}

static void test_lookup(void **state)
{
	struct lb_run_result r;

	make_run(&r);
	assert_ptr_equal(lb_run_result_ctr(&r, "a", 1), &r.ctrs[1]);
	assert_ptr_equal(lb_run_result_ctr(&r, "hogwash", 3), &r.ctrs[0]); /* by length */
	assert_null(lb_run_result_ctr(&r, "ho", 2));
	assert_null(lb_run_result_ctr(&r, "c", 1));
	lb_run_result_free(&r);
}

static void test_events_and_free(void **state)
{
	struct lb_run_result r;

	make_run(&r);
	for (int i = 0; i < 20; i++)
		lb_run_result_event(&r, i * 0.1, i % 2 ? "hog" : NULL, "oom_kill",
				    i == 19 ? "killed" : NULL);
	assert_int_equal(r.n_events, 20);
	assert_true(r.cap_events >= 20);
	assert_string_equal(r.events[19].container, "hog");
	assert_string_equal(r.events[19].event, "oom_kill");
	assert_string_equal(r.events[19].detail, "killed");
	assert_string_equal(r.events[18].container, "");
	assert_string_equal(r.events[18].detail, "");
	assert_float_equal(r.events[19].t, 1.9, 1e-12);
	/* An expectation that never parsed still gives a complete verdict. */
	assert_int_equal(r.verdicts[0].result, LB_ERROR);
	assert_string_equal(r.verdicts[0].message, "ERROR : the expectation did not parse");
	lb_run_result_free(&r); /* ASan checks that everything was freed */
	assert_int_equal(r.n_ctrs, 0);
	assert_null(r.ctrs);
	assert_null(r.events);
	lb_run_result_free(&r); /* it was zeroed: freeing twice is harmless */
	lb_run_result_free(NULL);
}

static void test_outcome_names(void **state)
{
	assert_string_equal(lb_outcome_name(LB_OUTCOME_PASS), "pass");
	assert_string_equal(lb_outcome_name(LB_OUTCOME_FAIL), "fail");
	assert_string_equal(lb_outcome_name(LB_OUTCOME_TIMEOUT), "timeout");
	assert_string_equal(lb_outcome_name(LB_OUTCOME_INTERRUPTED), "interrupted");
	assert_string_equal(lb_outcome_name(LB_OUTCOME_ERROR), "error");
	assert_string_equal(lb_outcome_name(LB_OUTCOME_SKIPPED), "skipped");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lookup),
	    cmocka_unit_test(test_events_and_free),
	    cmocka_unit_test(test_outcome_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
