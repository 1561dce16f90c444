/* SPDX-License-Identifier: MIT */
/* Splitting `run:` strings as a shell would, without expanding anything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/shellsplit.h"

/* words: the expected words, NULL-terminated. */
static void split_ok(const char *in, const char *const *words)
{
	char **argv = NULL;
	size_t n = 99, col = 0, i;
	lb_error err = {0};

	if (lb_shellsplit(in, &argv, &n, &col, &err) < 0)
		fail_msg("'%s': %s at %zu", in, err.msg, col);
	for (i = 0; words[i]; i++) {
		assert_non_null(argv[i]);
		assert_string_equal(argv[i], words[i]);
	}
	assert_null(argv[i]);
	assert_int_equal(n, i);
	lb_shellsplit_free(argv);
}

static void split_bad(const char *in, size_t want_col, const char *want_msg)
{
	char **argv = NULL;
	size_t n = 0, col = 999;
	lb_error err = {0};

	assert_int_equal(lb_shellsplit(in, &argv, &n, &col, &err), -1);
	assert_null(argv);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_string_equal(err.msg, want_msg);
	assert_int_equal(col, want_col);
}

#define W(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_plain(void **state)
{
	split_ok("stress --vm-bytes 200m --vm-keep -m 1",
		 W("stress", "--vm-bytes", "200m", "--vm-keep", "-m", "1"));
	split_ok("  ls \t -l\n/  ", W("ls", "-l", "/"));
	split_ok("true", W("true"));
	split_ok("", (const char *const[]){NULL});
	split_ok("   \t\n", (const char *const[]){NULL});
}

static void test_quotes(void **state)
{
	split_ok("sh -c 'echo $HOME; exit 3'", W("sh", "-c", "echo $HOME; exit 3"));
	split_ok("echo \"a b\" 'c d'", W("echo", "a b", "c d"));
	split_ok("a\"b\"'c'd", W("abcd"));
	split_ok("x '' \"\" y", W("x", "", "", "y"));
	split_ok("'it'\\''s'", W("it's"));
	split_ok("\"say \\\"hi\\\" \\\\ \\$x \\`y\\` \\n\"", W("say \"hi\" \\ $x `y` \\n"));
	split_ok("'a \\ b'", W("a \\ b"));
	split_ok("\"'\" '\"'", W("'", "\""));
	split_ok("\"a|b\" 'c>d'", W("a|b", "c>d"));
}

static void test_backslash(void **state)
{
	split_ok("a\\ b c", W("a b", "c"));
	split_ok("\\'x\\\"", W("'x\""));
	split_ok("a \\\n b", W("a", "b"));
	split_ok("a\\\nb", W("ab"));
	split_ok("'' \\\n b", W("", "b"));
	split_ok("\\|", W("|"));
	split_ok("\"a\\\nb\"", W("ab"));
}

static void test_no_expansion(void **state)
{
	split_ok("echo $HOME ${X} * ~ ?", W("echo", "$HOME", "${X}", "*", "~", "?"));
}

static void test_errors(void **state)
{
	split_bad("echo 'abc", 5, "unterminated single quote");
	split_bad("echo \"abc 'x'", 5, "unterminated double quote");
	split_bad("a \"b\\\"", 2, "unterminated double quote");
	split_bad("echo x\\", 6, "a backslash at the end of the command escapes nothing");
	split_bad("stress -m 1 > /dev/null", 12,
		  "'>' is a shell operator, but no shell runs the command: quote it, or use sh -c "
		  "'...'");
	split_bad("a|b", 1,
		  "'|' is a shell operator, but no shell runs the command: quote it, or use sh -c "
		  "'...'");
	split_bad("sleep 1 &", 8,
		  "'&' is a shell operator, but no shell runs the command: quote it, or use sh -c "
		  "'...'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain),     cmocka_unit_test(test_quotes),
	    cmocka_unit_test(test_backslash), cmocka_unit_test(test_no_expansion),
	    cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests_name("shellsplit", tests, NULL, NULL);
}
