/* SPDX-License-Identifier: MIT */
/* Our signal abbreviations against glibc's sigabbrev_np(), number by number. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/signame.h"

static void test_same_as_glibc(void **state)
{
	(void)state;
	for (int sig = -1; sig <= NSIG + 1; sig++) {
		const char *want = sig > 0 && sig < NSIG ? sigabbrev_np(sig) : NULL;
		const char *got = lb_signal_abbrev(sig);

		if (!want) {
			assert_null(got);
			continue;
		}
		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

static void test_known(void **state)
{
	(void)state;
	assert_string_equal(lb_signal_abbrev(SIGKILL), "KILL");
	assert_string_equal(lb_signal_abbrev(SIGTERM), "TERM");
	assert_null(lb_signal_abbrev(0));
	assert_null(lb_signal_abbrev(SIGRTMIN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_as_glibc),
	    cmocka_unit_test(test_known),
	};
	return cmocka_run_group_tests_name("signame", tests, NULL, NULL);
}
