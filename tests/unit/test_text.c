/* SPDX-License-Identifier: MIT */
/*
 * util/text: UTF-8 validation and text for a terminal.  A name, a description or a matrix
 * value from a scenario or a result file is shown on one line, as text: no escape sequence,
 * line break or byte that is not UTF-8 reaches the terminal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/cleanup.h"
#include "util/error.h"
#include "util/text.h"

static void test_utf8_len(void **state)
{
	assert_int_equal(lb_utf8_len((const unsigned char *)"a"), 1);
	assert_int_equal(lb_utf8_len((const unsigned char *)"\xc3\xa9"), 2);
	assert_int_equal(lb_utf8_len((const unsigned char *)"\xe2\x82\xac"), 3);
	assert_int_equal(lb_utf8_len((const unsigned char *)"\xf0\x9f\x98\x80"), 4);
	/* overlong, surrogate, past U+10FFFF, a lone continuation, a truncated sequence */
	assert_int_equal(lb_utf8_len((const unsigned char *)"\xc0\xaf"), 0);
	assert_int_equal(lb_utf8_len((const unsigned char *)"\xed\xa0\x80"), 0);
	assert_int_equal(lb_utf8_len((const unsigned char *)"\xf4\x90\x80\x80"), 0);
	assert_int_equal(lb_utf8_len((const unsigned char *)"\x80"), 0);
	assert_int_equal(lb_utf8_len((const unsigned char *)"\xe2\x82"), 0);
}

static void test_term(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"", ""},
	    {"mem-sweep/limit=64M", "mem-sweep/limit=64M"},
	    /* what a terminal would obey: colours, the title, the cursor, a bell, a reset */
	    {"a\x1b[31mred\x1b[0m", "a\\e[31mred\\e[0m"},
	    {"\x1b]0;pwned\a", "\\e]0;pwned\\x07"},
	    {"\x1b"
	     "c",
	     "\\ec"},
	    {"line\nnext\r\tx", "line\\nnext\\r\\tx"},
	    {"\x01\x7f", "\\x01\\x7f"},
	    /* C1 controls in UTF-8: U+009B is CSI to some terminals */
	    {"\xc2\x9b"
	     "31m \xc2\x85",
	     "\\u009b31m \\u0085"},
	    /* bytes that are not UTF-8 */
	    {"\xff\xfe ok", "\\xff\\xfe ok"},
	    {"\xc3", "\\xc3"},
	    /* printable text passes: quotes, backquotes, markup, non-ASCII */
	    {"`x` $(y) 'q' \"d\" <b> | caf\xc3\xa9 \xc2\xb1",
	     "`x` $(y) 'q' \"d\" <b> | caf\xc3\xa9 \xc2\xb1"},
	};

	for (size_t i = 0; i < LB_ARRAY_SIZE(cases); i++) {
		char *s = lb_text_term(cases[i].in);

		assert_string_equal(s, cases[i].out);
		free(s);
	}
	/* what is code elsewhere (gnuplot, a shell) is text to a terminal */
	char *s = lb_text_term("system(\"touch /tmp/x\") @macro\nEOD\n`id`");
	assert_string_equal(s, "system(\"touch /tmp/x\") @macro\\nEOD\\n`id`");
	free(s);
	/* NUL: a C string ends there */
	s = lb_text_term("a\0\x1b[31m");
	assert_string_equal(s, "a");
	free(s);
}

/* The longest growth: every byte a \xHH. */
static void test_term_growth(void **state)
{
	char in[65], *s;

	memset(in, 0x01, 64);
	in[64] = '\0';
	s = lb_text_term(in);
	assert_int_equal(strlen(s), 4 * 64);
	free(s);
	memset(in, 0, sizeof(in));
	for (size_t i = 0; i + 2 <= 64; i += 2)
		memcpy(in + i, "\xc2\x80", 2);
	s = lb_text_term(in);
	assert_int_equal(strlen(s), 6 * 32);
	free(s);
}

/* An error message is one line of text, whatever it quotes: it goes to a terminal. */
static void test_error_printable(void **state)
{
	lb_error err = {0};

	lb_error_fail(&err, "bad name '%s'", "a\x1b]0;t\a\nb");
	assert_string_equal(err.msg, "bad name 'a\\e]0;t\\x07\\nb'");
	lb_error_wrap(&err, "file %s", "x\ry");
	assert_string_equal(err.msg, "file x\\ry: bad name 'a\\e]0;t\\x07\\nb'");
	/* printable text, UTF-8 included, passes as it is */
	lb_error_fail(&err, "caf\xc3\xa9 \xc2\xb1 5%%");
	assert_string_equal(err.msg, "caf\xc3\xa9 \xc2\xb1 5%");
	/* a message cut at the end of the buffer stays printable */
	char big[2 * LB_ERROR_MSG_MAX];
	memset(big, 0x1b, sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	lb_error_fail(&err, "%s", big);
	assert_true(strlen(err.msg) < LB_ERROR_MSG_MAX);
	assert_null(strchr(err.msg, 0x1b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_len),
	    cmocka_unit_test(test_term),
	    cmocka_unit_test(test_term_growth),
	    cmocka_unit_test(test_error_printable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
