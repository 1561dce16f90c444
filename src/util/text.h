/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_TEXT_H
#define LB_UTIL_TEXT_H

/*
 * Text that came from a scenario, a result file, a workload or the environment, on its way
 * to a place where some bytes are not text but commands: a terminal (escape sequences).  The
 * other targets have their escaper beside their writer: gnuplot strings in plot/template.c,
 * XML in report/junit.c, TSV fields in report/tsv.c, Markdown cells in compare/print.c.
 */

#include <stddef.h>

/* The length of the valid UTF-8 sequence at s (1..4), or 0 if it is not valid UTF-8
 * (overlong forms, surrogates and code points past U+10FFFF are not). */
size_t lb_utf8_len(const unsigned char *s);

/*
 * s for a terminal, one line: every control character (C0, DEL, and C1 such as U+009B, which
 * some terminals take for CSI) and every byte that is not UTF-8 is shown as an escape a
 * person can read (\n, \t, \r, \e, \xHH, \u0085), so a name or a description cannot move the
 * cursor, recolour the screen or set the window title.  Printable text passes unchanged.
 * Returns a malloc'd string.
 */
char *lb_text_term(const char *s);
/* The same into out[cap], cut before an escape or a character that would not fit; returns
 * the length written.  Without malloc: lb_error uses it, in the child too. */
size_t lb_text_term_to(char *out, size_t cap, const char *s);

#endif
