/* SPDX-License-Identifier: MIT */
/*
 * The verdict table printed at the end of `limitbench run`:
 *
 *   mem-100m (run 1/3)  fail  5.02s
 *     PASS   hog.oom_kills >= 1          measured 1
 *     FAIL   max(hog.rss) ~ 100M ± 5%    measured 104.2M
 *            FAIL max(hog.rss) = 104.2M, expected ~ 100M ± 5% (error 4.2%)
 *   SKIP   mem-swap: requires swap, this machine has none
 *   1 passed, 1 failed, 1 skipped
 *
 * It counts what the JUnit file counts: expectations, plus a timed-out, failed or
 * interrupted run (a failure or error of its own), plus one per skipped scenario.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/text.h"
#include "util/units.h"

#define GREEN  "\033[32m"
#define RED    "\033[31m"
#define YELLOW "\033[33m"
#define RESET  "\033[0m"

struct tally {
	unsigned passed, failed, skipped;
};

struct table {
	FILE *out;
	bool color;
	int width;	    /* of the expectation column */
	bool failures_only; /* -q: only what failed, like make -s */
	struct tally n;
};

static void word(const struct table *t, const char *w, const char *color)
{
	if (t->color)
		fprintf(t->out, "%s%-5s%s", color, w, RESET);
	else
		fprintf(t->out, "%-5s", w);
}

void lb_report_format_measured(const struct lb_verdict *v, char *buf, size_t n)
{
	if (v->measured_str) {
		snprintf(buf, n, "%s", v->measured_str);
		return;
	}
	if (!isfinite(v->measured)) {
		snprintf(buf, n, "n/a");
		return;
	}
	switch (v->unit) {
	case LB_UNIT_BYTES:
		lb_format_size(buf, n, v->measured);
		break;
	case LB_UNIT_SECONDS:
		lb_format_duration(buf, n, v->measured);
		break;
	case LB_UNIT_CORES:
	case LB_UNIT_NONE:
	case LB_UNIT_CPULIST:
	case LB_UNIT_SIGNAL:
	default:
		snprintf(buf, n, "%.4g", v->measured);
		break;
	}
}

/* Terminal columns of UTF-8 text ("±" is two bytes, one column). */
static int columns(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Text from a scenario or a workload (a run name holds matrix values, a verdict quotes an
 * expectation) as the terminal should show it: no escape sequence or line break of its own. */
static void put_text(FILE *f, const char *s)
{
	_cleanup_free_ char *t = lb_text_term(s ? s : "");

	fputs(t, f);
}

/* "FAIL max(hog.rss) = ..." under the line: the verdict message says what was expected. */
static void message_line(const struct table *t, const char *msg)
{
	if (msg && *msg) {
		fputs("         ", t->out);
		put_text(t->out, msg);
		fputc('\n', t->out);
	}
}

static void verdict_line(struct table *t, const struct lb_verdict *v)
{
	char measured[64];

	if (t->failures_only && (v->result == LB_PASS || v->result == LB_INTERRUPTED))
		return;
	fputs("  ", t->out);
	switch (v->result) {
	case LB_PASS:
		word(t, "PASS", GREEN);
		t->n.passed++;
		break;
	case LB_FAIL:
		word(t, "FAIL", RED);
		t->n.failed++;
		break;
	case LB_INTERRUPTED:
		word(t, "SKIP", YELLOW);
		t->n.skipped++;
		break;
	case LB_ERROR:
	default:
		word(t, "ERROR", RED);
		t->n.failed++;
		break;
	}
	lb_report_format_measured(v, measured, sizeof(measured));
	_cleanup_free_ char *text = lb_text_term(v->text ? v->text : "");
	fprintf(t->out, "  %s", text);
	for (int pad = t->width - columns(text); pad > 0; pad--)
		fputc(' ', t->out);
	fputs("  measured ", t->out);
	put_text(t->out, measured);
	fputc('\n', t->out);
	if (v->result != LB_PASS)
		message_line(t, v->message);
}

char *lb_report_stall_note(const struct lb_run_result *r)
{
	if (!r->stalls)
		return NULL;
	return lb_xasprintf("limitbench did not run for up to %.2f s (%u stall%s: the machine "
			    "was overloaded or paused); CPU figures measured across a stall can "
			    "be off",
			    r->longest_stall, r->stalls, r->stalls == 1 ? "" : "s");
}

static void run_block(struct table *t, const struct lb_run_result *r, const char *scenario)
{
	const char *name = r->run_name ? r->run_name : scenario;
	char dur[32];

	if (t->failures_only && (r->outcome == LB_OUTCOME_PASS || r->outcome == LB_OUTCOME_SKIPPED))
		return;
	if (r->outcome == LB_OUTCOME_SKIPPED) {
		word(t, "SKIP", YELLOW);
		fputs("  ", t->out);
		put_text(t->out, name);
		fputs(": ", t->out);
		put_text(t->out, r->skip_reason ? r->skip_reason : "skipped");
		fputc('\n', t->out);
		t->n.skipped++;
		return;
	}
	put_text(t->out, name);
	if (r->repeat_count > 1)
		fprintf(t->out, " (run %u/%u)", r->repeat_index, r->repeat_count);
	lb_format_duration(dur, sizeof(dur), isfinite(r->duration) ? r->duration : 0);
	fprintf(t->out, "  %s  %s\n", lb_outcome_name(r->outcome), dur);
	for (size_t i = 0; i < r->n_verdicts; i++)
		verdict_line(t, &r->verdicts[i]);
	if (r->stalls) {
		char *note = lb_report_stall_note(r);

		fputs("  ", t->out);
		word(t, "NOTE", YELLOW);
		fprintf(t->out, "  %s\n", note);
		free(note);
	}
	switch (r->outcome) {
	case LB_OUTCOME_TIMEOUT:
		fputs("  ", t->out);
		word(t, "FAIL", RED);
		fputs("  the run timed out: its containers were killed\n", t->out);
		t->n.failed++;
		break;
	case LB_OUTCOME_ERROR:
		fputs("  ", t->out);
		word(t, "ERROR", RED);
		fputs("  ", t->out);
		put_text(t->out, r->error ? r->error : "the run could not be done");
		fputc('\n', t->out);
		t->n.failed++;
		break;
	case LB_OUTCOME_INTERRUPTED:
		fputs("  ", t->out);
		word(t, "ERROR", RED);
		fputs("  interrupted (SIGINT/SIGTERM): what was measured is kept\n", t->out);
		t->n.failed++;
		break;
	case LB_OUTCOME_PASS:
	case LB_OUTCOME_FAIL:
	case LB_OUTCOME_SKIPPED:
	default:
		break;
	}
}

static int text_width(const struct lb_report_suite *suites, size_t n)
{
	size_t w = 20;

	for (size_t s = 0; s < n; s++)
		for (size_t i = 0; i < suites[s].n_runs; i++)
			for (size_t v = 0; v < suites[s].runs[i]->n_verdicts; v++) {
				const char *text = suites[s].runs[i]->verdicts[v].text;
				_cleanup_free_ char *shown = lb_text_term(text ? text : "");
				size_t len = (size_t)columns(shown);

				if (len > w)
					w = len;
			}
	return w > 60 ? 60 : (int)w;
}

void lb_report_print_run(FILE *out, const struct lb_run_result *r, const char *scenario)
{
	struct lb_report_suite one = {.runs = (struct lb_run_result *const *)&r, .n_runs = 1};
	struct table t = {.out = out, .width = text_width(&one, 1)};

	run_block(&t, r, scenario);
}

static void print(FILE *out, const struct lb_report_suite *suites, size_t n, bool color,
		  bool failures_only)
{
	struct table t = {.out = out,
			  .color = color,
			  .width = text_width(suites, n),
			  .failures_only = failures_only};

	for (size_t s = 0; s < n; s++) {
		const struct lb_report_suite *su = &suites[s];
		const char *name = su->scn && su->scn->name		 ? su->scn->name
				   : su->n_runs && su->runs[0]->scenario ? su->runs[0]->scenario
									 : "scenario";
		bool skipped = su->n_runs > 0;

		for (size_t i = 0; i < su->n_runs; i++)
			if (su->runs[i]->outcome != LB_OUTCOME_SKIPPED)
				skipped = false;
		if (skipped && failures_only)
			continue;
		if (skipped) {
			/* requires not met: one line for the scenario, not one per run */
			word(&t, "SKIP", YELLOW);
			fputs("  ", out);
			put_text(out, name);
			fputs(": ", out);
			put_text(out,
				 su->runs[0]->skip_reason ? su->runs[0]->skip_reason : "skipped");
			fputc('\n', out);
			t.n.skipped++;
			continue;
		}
		for (size_t i = 0; i < su->n_runs; i++)
			run_block(&t, su->runs[i], name);
	}
	if (!failures_only)
		fprintf(out, "%u passed, %u failed, %u skipped\n", t.n.passed, t.n.failed,
			t.n.skipped);
}

void lb_report_print_table(FILE *out, const struct lb_report_suite *suites, size_t n, bool color)
{
	print(out, suites, n, color, false);
}

void lb_report_print_failures(FILE *out, const struct lb_report_suite *suites, size_t n, bool color)
{
	print(out, suites, n, color, true);
}
