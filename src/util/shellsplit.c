/* SPDX-License-Identifier: MIT */
#include "util/shellsplit.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

struct words {
	char **v;
	size_t n, cap;
};

static void words_push(struct words *w, char *s)
{
	lb_xgrow(&w->v, &w->cap, w->n + 2, sizeof(*w->v));
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
}

void lb_shellsplit_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int lb_shellsplit(const char *s, char ***argv, size_t *n, size_t *col, lb_error *err)
{
	struct words w = {0};
	size_t len = strlen(s);
	/* A word is never longer than the input. */
	char *cur = lb_xmalloc(len + 1);
	size_t curlen = 0;
	bool in_word = false;
	size_t i = 0;

	while (i < len) {
		char c = s[i];

		if (is_blank(c)) {
			if (in_word) {
				words_push(&w, lb_xstrndup(cur, curlen));
				curlen = 0;
				in_word = false;
			}
			i++;
			continue;
		}
		bool started = in_word;
		in_word = true;
		if (c == '\\') {
			if (i + 1 >= len) {
				*col = i;
				lb_error_usage(err, "a backslash at the end of the command escapes "
						    "nothing");
				goto fail;
			}
			if (s[i + 1] != '\n')
				cur[curlen++] = s[i + 1];
			else
				in_word = started; /* a line continuation is no word of its own */
			i += 2;
		} else if (c == '\'') {
			const char *end = strchr(s + i + 1, '\'');
			if (!end) {
				*col = i;
				lb_error_usage(err, "unterminated single quote");
				goto fail;
			}
			size_t k = (size_t)(end - (s + i + 1));
			memcpy(cur + curlen, s + i + 1, k);
			curlen += k;
			i += k + 2;
		} else if (c == '"') {
			size_t start = i++;
			for (;;) {
				if (i >= len) {
					*col = start;
					lb_error_usage(err, "unterminated double quote");
					goto fail;
				}
				if (s[i] == '"') {
					i++;
					break;
				}
				/* Inside double quotes a backslash only escapes these. */
				if (s[i] == '\\' && i + 1 < len && strchr("\"\\$`\n", s[i + 1])) {
					if (s[i + 1] != '\n')
						cur[curlen++] = s[i + 1];
					i += 2;
					continue;
				}
				cur[curlen++] = s[i++];
			}
		} else if (strchr("|&;<>()", c)) {
			*col = i;
			lb_error_usage(err,
				       "'%c' is a shell operator, but no shell runs the command: "
				       "quote it, or use sh -c '...'",
				       c);
			goto fail;
		} else {
			cur[curlen++] = c;
			i++;
		}
	}
	if (in_word)
		words_push(&w, lb_xstrndup(cur, curlen));
	if (!w.v)
		w.v = lb_xzalloc(sizeof(*w.v));
	free(cur);
	*argv = w.v;
	if (n)
		*n = w.n;
	return 0;
fail:
	free(cur);
	lb_shellsplit_free(w.v);
	return -1;
}
