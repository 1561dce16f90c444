/* SPDX-License-Identifier: MIT */
/*
 * The comparison as a table: text for a terminal or a CI log, Markdown for a CI comment.
 * Each run gets a heading and one row per expectation and metric; the last lines name every
 * regression, so a failed gate says why without scrolling.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/text.h"
#include "util/units.h"

#define CELL 256 /* an expectation text is the longest cell */
enum { COL_KEY, COL_BASE, COL_CUR, COL_CHANGE, COL_P, COL_BETTER, COL_VERDICT, N_COLS };
static const char *const headers[N_COLS] = {"metric", "baseline", "current", "change",
					    "p",      "better",	  "verdict"};

const char *lb_cmp_format_value(char *buf, size_t n, double v, const char *unit)
{
	if (!strcmp(unit, "bytes"))
		return lb_format_size(buf, n, v);
	if (!strcmp(unit, "seconds"))
		return lb_format_duration(buf, n, v);
	if (!strcmp(unit, "cores"))
		snprintf(buf, n, "%.2f cores", v);
	else
		snprintf(buf, n, "%.4g", v);
	return buf;
}

static void metric_cell(char *buf, const struct lb_cmp_metric *m)
{
	char v[32], sd[32];

	if (!m) {
		snprintf(buf, CELL, "-");
		return;
	}
	lb_cmp_format_value(v, sizeof(v), m->mean, m->unit);
	if (m->n < 2) {
		snprintf(buf, CELL, "%s", v);
		return;
	}
	/* The spread of the repeats, in the same unit ("cores" said once is enough). */
	if (m->stddev == 0)
		snprintf(sd, sizeof(sd), "0");
	else if (!strcmp(m->unit, "cores"))
		snprintf(sd, sizeof(sd), "%.2f", m->stddev);
	else
		lb_cmp_format_value(sd, sizeof(sd), m->stddev, m->unit);
	snprintf(buf, CELL, "%s ± %s", v, sd);
}

static void expect_cell(char *buf, const struct lb_cmp_expect *e)
{
	long total;

	if (!e) {
		snprintf(buf, CELL, "-");
		return;
	}
	total = e->pass + e->fail + e->error;
	if (e->fail)
		snprintf(buf, CELL, "fail %ld/%ld", e->fail + e->error, total);
	else if (e->error)
		snprintf(buf, CELL, "error %ld/%ld", e->error, total);
	else
		snprintf(buf, CELL, "pass %ld/%ld", e->pass, total);
}

static void change_cell(char *buf, double change)
{
	if (isnan(change))
		buf[0] = '\0';
	else if (isinf(change))
		snprintf(buf, CELL, "from 0");
	else
		snprintf(buf, CELL, "%+.1f%%", change * 100.0);
}

static void p_cell(char *buf, const struct lb_cmp_row *row)
{
	if (!row->tested)
		snprintf(buf, CELL, row->is_expect ? "" : "-");
	else if (row->p < 0.001)
		snprintf(buf, CELL, "<0.001");
	else
		snprintf(buf, CELL, "%.3f", row->p);
}

static bool shown(const struct lb_cmp_row *row, const struct lb_cmp_print_opts *po)
{
	if (!po->only_changes)
		return true;
	return row->verdict != LB_CMP_OK && row->verdict != LB_CMP_HOLDS &&
	       row->verdict != LB_CMP_IGNORED && row->verdict != LB_CMP_UNGATED;
}

/* Display width of a UTF-8 string (the "±" is two bytes, one column). */
static int width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/*
 * Text read from a result file (a run name, a metric key, an expectation) on its way out.
 * For a terminal: one line without control characters (lb_text_term).  In Markdown: a code
 * span, whose fence is longer than any run of backquotes inside, so that nothing in it is
 * markup (no link, image, HTML or @mention); in a table cell '|' is written "\|", since
 * GFM splits the cells of a row before it reads code spans.
 */
static void put_data(FILE *out, const char *s, bool markdown, bool cell)
{
	_cleanup_free_ char *t = lb_text_term(s ? s : "");
	size_t run = 0, longest = 0;

	if (!markdown) {
		fputs(t, out);
		return;
	}
	if (!*t)
		return; /* `` is not an empty code span */
	for (const char *p = t; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	/* a backquote at either end would join the fence: a space keeps it apart (CommonMark
	 * strips one space from each side of a code span) */
	size_t len = strlen(t);
	bool pad = t[0] == '`' || t[len - 1] == '`' || (t[0] == ' ' && t[len - 1] == ' ');

	for (size_t i = 0; i <= longest; i++)
		fputc('`', out);
	if (pad)
		fputc(' ', out);
	for (const char *p = t; *p; p++) {
		if (cell && *p == '|')
			fputc('\\', out);
		fputc(*p, out);
	}
	if (pad)
		fputc(' ', out);
	for (size_t i = 0; i <= longest; i++)
		fputc('`', out);
}

/* Markdown: one cell of a row; code: the key, text from a result file (put_data).  The other
 * cells are numbers and verdicts of our own. */
static void md_cell(FILE *out, const char *s, bool code)
{
	fputc(' ', out);
	if (code) {
		put_data(out, s, true, true);
	} else {
		for (; *s; s++) {
			if (*s == '|')
				fputc('\\', out);
			fputc(*s, out);
		}
	}
	fputs(" |", out);
}

/* Names and words are left-aligned, numbers right-aligned. */
static bool left(int col)
{
	return col == COL_KEY || col == COL_BETTER || col == COL_VERDICT;
}

static void print_pair(FILE *out, const struct lb_cmp_pair *p, const struct lb_cmp_print_opts *po)
{
	char(*cells)[N_COLS][CELL] = lb_xcalloc(p->n_rows + 1, sizeof(*cells));
	int w[N_COLS];
	size_t n = 0, hidden = 0;

	for (int k = 0; k < N_COLS; k++)
		w[k] = width(headers[k]);
	for (size_t i = 0; i < p->n_rows; i++) {
		const struct lb_cmp_row *row = &p->rows[i];
		if (!shown(row, po)) {
			hidden++;
			continue;
		}
		char(*c)[CELL] = cells[n++];
		if (po->markdown) {
			snprintf(c[COL_KEY], CELL, "%s", row->key); /* put_data in md_cell */
		} else {
			_cleanup_free_ char *key = lb_text_term(row->key);

			snprintf(c[COL_KEY], CELL, "%s", key);
		}
		if (row->is_expect) {
			expect_cell(c[COL_BASE], row->ebase);
			expect_cell(c[COL_CUR], row->ecur);
		} else {
			metric_cell(c[COL_BASE], row->base);
			metric_cell(c[COL_CUR], row->cur);
		}
		change_cell(c[COL_CHANGE], row->change);
		p_cell(c[COL_P], row);
		snprintf(c[COL_BETTER], CELL, "%s",
			 row->is_expect ? "" : lb_cmp_dir_name(row->fig->dir));
		snprintf(c[COL_VERDICT], CELL, "%s", lb_cmp_verdict_name(row->verdict));
		for (int k = 0; k < N_COLS; k++)
			if (width(c[k]) > w[k])
				w[k] = width(c[k]);
	}
	if (n == 0)
		goto out;
	if (po->markdown) {
		fputs("\n|", out);
		for (int k = 0; k < N_COLS; k++)
			fprintf(out, " %s |", headers[k]);
		fputs("\n|", out);
		for (int k = 0; k < N_COLS; k++)
			fputs(left(k) ? " --- |" : " ---: |", out);
		fputc('\n', out);
		for (size_t i = 0; i < n; i++) {
			fputc('|', out);
			for (int k = 0; k < N_COLS; k++)
				md_cell(out, cells[i][k], k == COL_KEY);
			fputc('\n', out);
		}
	} else {
		for (size_t i = 0; i <= n; i++) {
			/* row 0 is the header, in capitals */
			fputs("  ", out);
			for (int k = 0; k < N_COLS; k++) {
				const char *s = i ? cells[i - 1][k] : headers[k];
				int pad = w[k] - width(s);
				bool right = !left(k);

				if (right)
					fprintf(out, "%*s", pad, "");
				if (i)
					fputs(s, out);
				else
					for (const char *h = s; *h; h++)
						fputc(*h >= 'a' && *h <= 'z' ? *h - 32 : *h, out);
				if (k + 1 < N_COLS)
					fprintf(out, "%*s  ", right ? 0 : pad, "");
			}
			fputc('\n', out);
		}
	}
out:
	if (hidden)
		fprintf(out, "%s(%zu rows within the threshold, not gated or ignored not shown)\n",
			po->markdown ? "\n" : "  ", hidden);
	free(cells);
}

static void print_heading(FILE *out, const struct lb_cmp_pair *p,
			  const struct lb_cmp_print_opts *po)
{
	bool md = po->markdown;

	fputs(md ? "\n#### " : "\n", out);
	if (!p->cur) {
		put_data(out, p->base->name, md, false);
		fputs(": only in the baseline (not compared)\n", out);
		return;
	}
	if (!p->base) {
		put_data(out, p->cur->name, md, false);
		fputs(": only in the current results (not compared)\n", out);
		return;
	}
	put_data(out, p->base->name, md, false);
	if (p->by_position) {
		fputs(" vs ", out);
		put_data(out, p->cur->name, md, false);
		fputs(" (parameters differ: the scenario's only run on each side)", out);
	}
	fprintf(out, "%sbaseline %zu run%s, current %zu run%s\n", md ? " — " : "  ",
		p->base->repeats, p->base->repeats == 1 ? "" : "s", p->cur->repeats,
		p->cur->repeats == 1 ? "" : "s");
	if (p->n_changes) {
		fprintf(out, "%sscenario changed:\n", po->markdown ? "\n" : "  ");
		for (size_t i = 0; i < p->n_changes; i++) {
			fputs(md ? "- " : "    ", out);
			put_data(out, p->changes[i], md, false);
			fputc('\n', out);
		}
	}
	if (p->weak)
		fprintf(out,
			"%sone run on a side: the gate is weak (no t-test): only verdicts and "
			"exact counters decide; run with --repeat 3 or more\n",
			po->markdown ? "\n" : "  ");
	if (p->verdict == LB_CMP_RUN_BROKEN)
		fprintf(out,
			"%s%zu of %zu runs now end in error or timeout (none did in the "
			"baseline): %s\n",
			po->markdown ? "\n" : "  ", p->cur->broken, p->cur->repeats,
			lb_cmp_verdict_name(p->verdict));
	if (p->base->stalled || p->cur->stalled)
		fprintf(out,
			"%slimitbench stalled in %zu of %zu baseline and %zu of %zu current runs "
			"(up to %.2f s): CPU figures measured across a stall can be off\n",
			po->markdown ? "\n" : "  ", p->base->stalled, p->base->repeats,
			p->cur->stalled, p->cur->repeats,
			fmax(p->base->longest_stall, p->cur->longest_stall));
}

/* One finding in a line: its run, the figure or expectation, what changed (md: Markdown). */
static void finding(FILE *out, const struct lb_cmp_pair *p, const struct lb_cmp_row *row, bool md)
{
	const char *name = p->cur ? p->cur->name : p->base->name;
	char b[CELL], c[CELL], ch[CELL], pv[CELL];

	put_data(out, name, md, false);
	if (row->is_expect) {
		expect_cell(b, row->ebase);
		expect_cell(c, row->ecur);
		fputs(": expectation ", out);
		if (!md)
			fputc('"', out);
		put_data(out, row->key, md, false);
		if (!md)
			fputc('"', out);
		fprintf(out, " %s in the baseline (%s), now %s",
			row->verdict == LB_CMP_FIXED || row->verdict == LB_CMP_STILL_FAILS
			    ? "failed"
			    : "held",
			b, c);
		return;
	}
	metric_cell(b, row->base);
	metric_cell(c, row->cur);
	change_cell(ch, row->change);
	p_cell(pv, row);
	fputs(": ", out);
	put_data(out, row->key, md, false);
	fprintf(out, " %s %s (%s -> %s",
		row->verdict == LB_CMP_BETTER  ? "improved"
		: row->verdict == LB_CMP_WORSE ? "regressed"
					       : "changed",
		ch, b, c);
	if (row->fig->kind == LB_CMP_EXACT)
		fputs(", an exact counter: beyond every baseline value", out);
	else if (row->tested)
		fprintf(out, row->p < 0.001 ? ", p < 0.001" : ", p = %s", pv);
	fprintf(out, "; %s is better)", lb_cmp_dir_name(row->fig->dir));
}

void lb_cmp_finding(FILE *out, const struct lb_cmp_pair *p, const struct lb_cmp_row *row)
{
	finding(out, p, row, false);
}

static void print_finding(FILE *out, const struct lb_cmp_pair *p, const struct lb_cmp_row *row,
			  const struct lb_cmp_print_opts *po)
{
	fputs(po->markdown ? "- " : "  ", out);
	finding(out, p, row, po->markdown);
	fputc('\n', out);
}

void lb_cmp_print(FILE *out, const struct lb_cmp_report *r, const struct lb_cmp_print_opts *po)
{
	size_t compared = 0, one_side = 0;
	int pct = (int)lround(r->opts.threshold * 100.0);

	if (po->markdown)
		fputs("### limitbench compare\n\n", out);
	if (po->base_label) {
		fputs(po->markdown ? "- baseline: " : "baseline: ", out);
		put_data(out, po->base_label, po->markdown, false);
		fputc('\n', out);
	}
	if (po->cur_label) {
		fputs(po->markdown ? "- current:  " : "current:  ", out);
		put_data(out, po->cur_label, po->markdown, false);
		fputc('\n', out);
	}
	fprintf(out,
		"%sExpectations first: one that held in every baseline repeat and fails now is "
		"a regression, one that failed and holds now an improvement.  A figure regresses "
		"when its "
		"mean moved the bad way (column \"better\") by more than %d%% and, with repeats on "
		"both sides (n >= 2), Welch's t-test (two-sided) gives p < %g; with one run on a "
		"side only exact counters (oom_kills, pids_denied, exit) and verdicts decide.  "
		"Start-up transients, limits as given and figures of a changed limit are not "
		"gated.\n",
		po->markdown ? "\n" : "", pct, r->opts.alpha);
	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct lb_cmp_pair *p = &r->pairs[i];
		print_heading(out, p, po);
		if (p->base && p->cur) {
			compared++;
			print_pair(out, p, po);
		} else {
			one_side++;
		}
	}
	fputc('\n', out);
	if (r->n_compared == 0) {
		fprintf(out, "%snothing compared: no run has results on both sides\n",
			po->markdown ? "**ERROR**: " : "ERROR: ");
		return;
	}
	if (r->n_failed == 0) {
		fprintf(out, "%sno regression: %zu run%s compared",
			po->markdown ? "**OK**: " : "OK: ", compared, compared == 1 ? "" : "s");
		if (one_side)
			fprintf(out, ", %zu on one side only", one_side);
		if (r->n_improved)
			fprintf(out, ", %zu improvement%s", r->n_improved,
				r->n_improved == 1 ? "" : "s");
		fputs("\n", out);
	} else {
		fprintf(out, "%s%zu regression%s:\n",
			po->markdown ? "**FAIL**: " : "FAIL: ", r->n_failed,
			r->n_failed == 1 ? "" : "s");
		for (size_t i = 0; i < r->n_pairs; i++) {
			const struct lb_cmp_pair *p = &r->pairs[i];
			if (p->verdict == LB_CMP_RUN_BROKEN) {
				fputs(po->markdown ? "- " : "  ", out);
				put_data(out, p->cur->name, po->markdown, false);
				fprintf(out, ": %zu of %zu runs end in error or timeout now\n",
					p->cur->broken, p->cur->repeats);
			}
			for (size_t k = 0; k < p->n_rows; k++)
				if (lb_cmp_verdict_fails(p->rows[k].verdict))
					print_finding(out, p, &p->rows[k], po);
		}
		if (r->n_improved)
			fprintf(out, "%s%zu improvement%s:\n", po->markdown ? "\n" : "",
				r->n_improved, r->n_improved == 1 ? "" : "s");
	}
	if (r->n_failed == 0 && r->n_improved)
		fprintf(out, "%simprovements:\n", po->markdown ? "\n" : "");
	for (size_t i = 0; i < r->n_pairs; i++)
		for (size_t k = 0; k < r->pairs[i].n_rows; k++)
			if (lb_cmp_verdict_improves(r->pairs[i].rows[k].verdict))
				print_finding(out, &r->pairs[i], &r->pairs[i].rows[k], po);
}
