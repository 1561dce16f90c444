/* SPDX-License-Identifier: MIT */
/* The workload's environment: one builder for run and exec, one TERM rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "supervise/env.h"

/* env equals want (both NULL-terminated), in order. */
static void env_is(char **env, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++) {
		assert_non_null(env[i]);
		assert_string_equal(env[i], want[i]);
	}
	assert_null(env[i]);
	lb_env_free(env);
}

#define W(...) ((const char *const[]){__VA_ARGS__, NULL})
#define PATH   "PATH=" LB_ENV_PATH

static void test_term_rule(void **state)
{
	(void)state;
	/* the caller's own, with or without a pty */
	assert_string_equal(lb_env_term("screen-256color", false), "screen-256color");
	assert_string_equal(lb_env_term("screen-256color", true), "screen-256color");
	/* none: docker -t's xterm with a pty, a terminal that can do nothing without */
	assert_string_equal(lb_env_term(NULL, true), "xterm");
	assert_string_equal(lb_env_term("", true), "xterm");
	assert_string_equal(lb_env_term(NULL, false), "dumb");
	assert_string_equal(lb_env_term("", false), "dumb");
}

static void test_clean(void **state)
{
	(void)state;
	env_is(lb_env_build(&(struct lb_env_opts){.hostname = "box"}),
	       W(PATH, "HOME=/root", "HOSTNAME=box", "TERM=dumb"));
	env_is(lb_env_build(&(struct lb_env_opts){.term = "vt100", .tty = true}),
	       W(PATH, "HOME=/root", "TERM=vt100"));
	env_is(lb_env_build(&(struct lb_env_opts){.hostname = "h", .tty = true}),
	       W(PATH, "HOME=/root", "HOSTNAME=h", "TERM=xterm"));
}

static void test_additions(void **state)
{
	char *add[] = {"FOO=1", "PATH=/x", "BAR", "NOPE", "FOO=2", "TERM=", "EMPTY"};
	char *from[] = {"BARX=no", "BAR=from=caller", "EMPTY=", NULL};

	(void)state;
	/* later keys replace earlier ones in place; KEY alone takes the caller's value, or
	 * nothing; a KEY that is a prefix of another is not that one */
	env_is(lb_env_build(&(struct lb_env_opts){
		   .hostname = "h", .add = add, .n_add = sizeof(add) / sizeof(*add), .from = from}),
	       W("PATH=/x", "HOME=/root", "HOSTNAME=h", "TERM=", "FOO=2", "BAR=from=caller",
		 "EMPTY="));
	/* KEY alone without a caller environment: nothing */
	env_is(lb_env_build(&(struct lb_env_opts){.add = add + 2, .n_add = 1}),
	       W(PATH, "HOME=/root", "TERM=dumb"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_term_rule),
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_additions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
