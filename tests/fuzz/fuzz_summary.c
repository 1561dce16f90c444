/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: a summary.json as `compare` and `plot` read it back, which anyone may
 * have edited (a CI handed a result folder).  The text goes through lb_compare_parse (run
 * and scenario summaries), is compared with itself and printed as text and as Markdown; and
 * through lb_plot_run_parse, whose strings and numbers are made into what the gnuplot
 * templates get: every string literal, array and data block is checked to be what
 * lb_plot_fill promises (plot.h), or the target aborts.  The same bytes are also read as
 * samples.tsv and events.tsv.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "plot/internal.h"
#include "plot/plot.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A gnuplot string literal as lb_plot_gp_string makes it: '...', quotes doubled inside, one
 * line of printable bytes. */
static void check_literal(const char *in)
{
	char *q = lb_plot_gp_string(in);
	size_t n = strlen(q);

	if (n < 2 || q[0] != '\'' || q[n - 1] != '\'')
		abort();
	for (size_t i = 1; i + 1 < n; i++) {
		unsigned char c = (unsigned char)q[i];

		if (c < 0x20 || c == 0x7f)
			abort();
		if (c == '\'') {
			if (q[i + 1] != '\'' || i + 2 >= n)
				abort(); /* a lone quote would end the string: the rest is code */
			i++;
		}
	}
	free(q);
}

static void print_report(const struct lb_cmp_report *rep, bool markdown)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct lb_cmp_print_opts po = {.markdown = markdown, .base_label = "a", .cur_label = "b"};

	if (!f)
		abort();
	lb_cmp_print(f, rep, &po);
	fclose(f);
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\033' || buf[i] == '\r')
			abort(); /* text from the input never reaches a terminal as control */
	free(buf);
}

static void fuzz_compare(const char *s, size_t size)
{
	struct lb_cmp_set set = {0};
	struct lb_compare_opts o = LB_COMPARE_OPTS_DEFAULT;
	struct lb_cmp_report rep = {0};
	lb_error err = {0};

	if (lb_compare_parse("fuzz", s, size, &set, &err) == 0) {
		if (lb_compare(&set, &set, &o, &rep, &err) == 0) {
			print_report(&rep, false);
			print_report(&rep, true);
		}
		lb_cmp_report_free(&rep);
	} else if (!err.msg[0]) {
		abort(); /* an error says what it is */
	}
	lb_cmp_set_free(&set);
	lb_compare_summary_covers(s, size, s, size);
}

static void fuzz_plot(const char *s, size_t size)
{
	struct lb_plot_run runs[2];
	struct lb_plot_enf_fig *figs;
	lb_error err = {0};

	if (lb_plot_run_parse(s, size, &runs[0], &err) < 0) {
		if (!err.msg[0])
			abort();
		return;
	}
	if (lb_plot_run_parse(s, size, &runs[1], &err) < 0)
		abort(); /* the same text */
	const struct lb_plot_run *r = &runs[0];
	const char *strs[] = {r->scenario, r->run, r->outcome, r->started_at,
			      r->kernel,   r->cgroup_mode, r->backend};
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (strs[i])
			check_literal(strs[i]);
	for (size_t i = 0; i < r->n_params; i++) {
		check_literal(r->params[i].name);
		check_literal(r->params[i].value);
	}
	for (size_t i = 0; i < r->n_ctrs; i++) {
		check_literal(r->ctrs[i].name);
		if (r->ctrs[i].cpuset)
			check_literal(r->ctrs[i].cpuset);
	}
	char *env = lb_plot_env_text(r);
	check_literal(env);
	free(env);

	/* a sweep of two runs: every data block holds numbers only, every title is text */
	size_t n = lb_plot_enforcement(runs, 2, &figs);
	for (size_t i = 0; i < n; i++) {
		if (lb_plot_data_check(figs[i].points) < 0)
			abort();
		for (unsigned k = 0; k < figs[i].curves; k++)
			check_literal(figs[i].titles[k]);
		const struct lb_plot_var vars[] = {
		    LB_PLOT_STRS("T", (const char *const *)figs[i].titles, figs[i].curves),
		    LB_PLOT_BLOCK("P", figs[i].points),
		    LB_PLOT_NUM("X", figs[i].x_max),
		};
		char *filled = lb_plot_fill("array T = {{T}}\n$p << EOD\n{{P}}\nEOD\nX = {{X}}\n",
					    vars, 3, &err);
		if (!filled)
			abort();
		free(filled);
	}
	lb_plot_enf_figs_free(figs, n);
	lb_plot_run_free(&runs[0]);
	lb_plot_run_free(&runs[1]);
}

static void fuzz_tsv(const char *s, size_t size)
{
	struct lb_plot_samples smp = {0};
	struct lb_plot_events ev = {0};
	lb_error err = {0};

	if (lb_plot_samples_parse(s, size, &smp, &err) == 0) {
		const struct lb_plot_series **series = lb_xcalloc(smp.n + 1, sizeof(*series));

		for (size_t i = 0; i < smp.n; i++) {
			series[i] = &smp.s[i];
			lb_plot_mem_at(&smp.s[i], 1.0);
		}
		char *block = lb_plot_samples_block(series, smp.n, 8);
		if (lb_plot_data_check(block) < 0)
			abort();
		free(block);
		free(series);
		lb_plot_samples_free(&smp);
	}
	if (lb_plot_events_parse(s, size, &ev, &err) == 0)
		lb_plot_events_free(&ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the loaders take a buffer and its length; a copy without a terminator past it lets
	 * ASan see a read beyond the end */
	char *s = lb_xmalloc(size ? size : 1);

	memcpy(s, data, size);
	fuzz_compare(s, size);
	fuzz_plot(s, size);
	fuzz_tsv(s, size);
	free(s);
	return 0;
}
