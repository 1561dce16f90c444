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

/* Markdown: a cell's text with '|' escaped (GFM ends a cell there, even in code spans). */
static void md_cell(FILE *out, const char *s, bool code, bool bold)
{
	fputs(bold ? " **" : code ? " `" : " ", out);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputs(bold ? "** |" : code ? "` |" : " |", out);
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
		snprintf(c[COL_KEY], CELL, "%s", row->key);
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
				md_cell(out, cells[i][k], k == COL_KEY, false);
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
	const char *h = po->markdown ? "\n#### " : "\n";
	const char *q = po->markdown ? "`" : "";

	if (!p->cur) {
		fprintf(out, "%s%s%s%s: only in the baseline (not compared)\n", h, q, p->base->name,
			q);
		return;
	}
	if (!p->base) {
		fprintf(out, "%s%s%s%s: only in the current results (not compared)\n", h, q,
			p->cur->name, q);
		return;
	}
	if (p->by_position)
		fprintf(out,
			"%s%s%s%s vs %s%s%s (parameters differ: the scenario's only run on each "
			"side)",
			h, q, p->base->name, q, q, p->cur->name, q);
	else
		fprintf(out, "%s%s%s%s", h, q, p->base->name, q);
	fprintf(out, "%sbaseline %zu run%s, current %zu run%s\n", po->markdown ? " — " : "  ",
		p->base->repeats, p->base->repeats == 1 ? "" : "s", p->cur->repeats,
		p->cur->repeats == 1 ? "" : "s");
	if (p->n_changes) {
		fprintf(out, "%sscenario changed:\n", po->markdown ? "\n" : "  ");
		for (size_t i = 0; i < p->n_changes; i++)
			fprintf(out, "%s%s\n", po->markdown ? "- " : "    ", p->changes[i]);
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

void lb_cmp_finding(FILE *out, const struct lb_cmp_pair *p, const struct lb_cmp_row *row)
{
	const char *name = p->cur ? p->cur->name : p->base->name;
	char b[CELL], c[CELL], ch[CELL], pv[CELL];

	if (row->is_expect) {
		expect_cell(b, row->ebase);
		expect_cell(c, row->ecur);
		fprintf(
		    out, "%s: expectation \"%s\" %s in the baseline (%s), now %s", name, row->key,
		    row->verdict == LB_CMP_FIXED || row->verdict == LB_CMP_STILL_FAILS ? "failed"
										       : "held",
		    b, c);
		return;
	}
	metric_cell(b, row->base);
	metric_cell(c, row->cur);
	change_cell(ch, row->change);
	p_cell(pv, row);
	fprintf(out, "%s: %s %s %s (%s -> %s", name, row->key,
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

static void print_finding(FILE *out, const struct lb_cmp_pair *p, const struct lb_cmp_row *row,
			  const struct lb_cmp_print_opts *po)
{
	fputs(po->markdown ? "- " : "  ", out);
	lb_cmp_finding(out, p, row);
	fputc('\n', out);
}

void lb_cmp_print(FILE *out, const struct lb_cmp_report *r, const struct lb_cmp_print_opts *po)
{
	size_t compared = 0, one_side = 0;
	int pct = (int)lround(r->opts.threshold * 100.0);

	if (po->markdown)
		fputs("### limitbench compare\n\n", out);
	if (po->base_label)
		fprintf(out, "%sbaseline: %s%s%s\n", po->markdown ? "- " : "",
			po->markdown ? "`" : "", po->base_label, po->markdown ? "`" : "");
	if (po->cur_label)
		fprintf(out, "%scurrent:  %s%s%s\n", po->markdown ? "- " : "",
			po->markdown ? "`" : "", po->cur_label, po->markdown ? "`" : "");
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
			if (p->verdict == LB_CMP_RUN_BROKEN)
				fprintf(out, "%s%s: %zu of %zu runs end in error or timeout now\n",
					po->markdown ? "- " : "  ", p->cur->name, p->cur->broken,
					p->cur->repeats);
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
