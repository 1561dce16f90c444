/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_SHELLSPLIT_H
#define LB_UTIL_SHELLSPLIT_H

/*
 * Split a command line into words as a POSIX shell would, without running one:
 *
 *   - blanks (space, tab, newline) separate words;
 *   - '...' keeps everything literally; "..." keeps everything but \" \\ \$ \` and
 *     backslash-newline; a backslash outside quotes takes the next character literally
 *     (backslash-newline joins lines);
 *   - quotes are removed, adjacent pieces join ("a"'b'c is one word abc), '' is an
 *     empty word;
 *   - nothing is expanded: $VAR, globs and ~ stay as they are;
 *   - an unquoted | & ; < > ( ) is an error: a shell would treat it as an operator, and
 *     limitbench does not run one (use: sh -c '...').
 */

#include <stddef.h>

#include "util/error.h"

/*
 * On success *argv is a NULL-terminated malloc'd vector (free with lb_shellsplit_free)
 * and *n (if not NULL) the number of words.  On error returns -1 with err set
 * (LB_ERR_USAGE) and *col the 0-based byte offset in s of the problem.
 */
int lb_shellsplit(const char *s, char ***argv, size_t *n, size_t *col, lb_error *err);
void lb_shellsplit_free(char **argv);

#endif
