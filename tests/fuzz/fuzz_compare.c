/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the regression gate on hostile results files.  The input is two
 * summary.json texts, baseline and current, split at the first NUL byte (no NUL: the same
 * text on both sides).  Each is read as compare reads a file, the two are compared, and the
 * report is written every way: the table, Markdown, JSON and JUnit.  The JSON must parse
 * back, and the JUnit must hold no character XML 1.0 cannot carry.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void print_to_null(const struct lb_cmp_report *rep, bool markdown)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct lb_cmp_print_opts po = {.markdown = markdown, .base_label = "b", .cur_label = "c"};

	if (!f)
		return;
	lb_cmp_print(f, rep, &po);
	fclose(f);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(data, 0, size);
	size_t la = nul ? (size_t)(nul - text) : size;
	const char *b = nul ? nul + 1 : text;
	size_t lb = nul ? size - la - 1 : size;
	struct lb_cmp_set base = {0}, cur = {0};
	struct lb_compare_opts o = LB_COMPARE_OPTS_DEFAULT;
	struct lb_cmp_report rep = {0};
	lb_error err = {0};
	const char *paths[] = {"b"};

	lb_compare_parse("base", text, la, &base, &err);
	lb_compare_parse("cur", b, lb, &cur, &err);
	if (lb_compare(&base, &cur, &o, &rep, &err) == 0) {
		print_to_null(&rep, false);
		print_to_null(&rep, true);
		char *j = lb_cmp_json_text(&rep, paths, 1, paths, 1, NULL);
		json_t *back = json_loads(j, 0, NULL);
		if (!back)
			abort();
		json_decref(back);
		free(j);
		char *x = lb_cmp_junit_text(&rep, rep.n_compared ? NULL : "nothing compared");
		for (const unsigned char *c = (const unsigned char *)x; *c; c++)
			if (*c < 0x20 && *c != '\n' && *c != '\t')
				abort();
		free(x);
		if (rep.n_failed > rep.n_pairs * (1 + base.n_runs + cur.n_runs) * 1000000)
			abort();
	}
	lb_cmp_report_free(&rep);
	lb_cmp_set_free(&base);
	lb_cmp_set_free(&cur);
	return 0;
}
