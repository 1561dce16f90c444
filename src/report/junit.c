/* SPDX-License-Identifier: MIT */
/*
 * JUnit XML for CI (`run --junit FILE`): one <testsuite> per scenario, one <testcase> per
 * expectation per run, in the dialect Jenkins, GitLab and GitHub test reporters read:
 *
 *   <testsuites name="limitbench" tests failures errors skipped time>
 *     <testsuite name=SCENARIO tests failures errors skipped time>
 *       <testcase classname="SCENARIO[.PARAMS]" name="EXPECTATION (run I)" time>
 *         <failure message=VERDICT>   a FAIL verdict, or a run that timed out
 *         <error message=VERDICT>     an ERROR verdict, or a run limitbench could not do
 *         <skipped message=REASON/>   a scenario whose `requires` the machine does not meet
 *
 * classname is the run name with its "/" turned into a "." (mem-sweep/limit=64M becomes
 * mem-sweep.limit=64M), so that readers group a matrix's runs under their scenario.
 * A run's duration is divided among its testcases, so that a suite's time is the sum of its
 * cases, as the readers expect.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/text.h"

void lb_report_xml_escape(FILE *f, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)s;

	while (p && *p) {
		size_t n = lb_utf8_len(p);

		switch (n ? *p : 0) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		/* In an attribute, only character references survive attribute-value
		 * normalization (which turns a literal tab or line break into a space); in text
		 * a \r would be folded into the \n by the parser. */
		case '\t':
		case '\n':
		case '\r':
			if (attr || *p == '\r')
				fprintf(f, "&#%d;", *p);
			else
				fputc(*p, f);
			break;
		default:
			/* XML 1.0 allows no other C0 control, not even as a reference, nor
			 * U+FFFE/U+FFFF; invalid UTF-8 would make the whole file unreadable. */
			if (n == 0 || *p < 0x20 ||
			    (n == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe))
				fputs("\xef\xbf\xbd", f);
			else
				fwrite(p, 1, n, f);
			break;
		}
		p += n ? n : 1;
	}
}

struct counts {
	unsigned tests, failures, errors, skipped;
	double time;
};

static void attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	lb_report_xml_escape(f, value ? value : "", true);
	fputc('"', f);
}

static char *classname(const char *scenario, const struct lb_run_result *r)
{
	const char *run = r->run_name ? r->run_name : "";
	size_t sl = strlen(scenario);

	if (!strcmp(run, scenario) || !*run)
		return lb_xstrdup(scenario);
	if (!strncmp(run, scenario, sl) && run[sl] == '/')
		run += sl + 1;
	char *c = lb_xasprintf("%s.%s", scenario, run);
	for (char *p = c + sl + 1; *p; p++)
		if (*p == '/')
			*p = '.';
	return c;
}

/* One <testcase>; kind is NULL (passed), "failure", "error" or "skipped". */
static void testcase(FILE *f, const char *cls, const char *name, unsigned index, double time,
		     const char *kind, const char *message, const char *body, struct counts *c)
{
	char *full = index ? lb_xasprintf("%s (run %u)", name, index) : lb_xstrdup(name);

	fputs("    <testcase", f);
	attr(f, "classname", cls);
	attr(f, "name", full);
	fprintf(f, " time=\"%.3f\"", isfinite(time) && time > 0 ? time : 0.0);
	if (!kind) {
		fputs("/>\n", f);
	} else {
		fprintf(f, ">\n      <%s", kind);
		attr(f, "message", message);
		if (body && *body) {
			fputc('>', f);
			lb_report_xml_escape(f, body, false);
			fprintf(f, "</%s>\n", kind);
		} else {
			fputs("/>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	free(full);
	c->tests++;
	if (!kind)
		return;
	if (!strcmp(kind, "failure"))
		c->failures++;
	else if (!strcmp(kind, "error"))
		c->errors++;
	else
		c->skipped++;
}

/* The failure's text: the verdict, its figures, and the run's stalls when there were any. */
static char *verdict_body(const struct lb_verdict *v, const struct lb_run_result *r)
{
	char measured[64], error[32] = "";
	_cleanup_free_ char *note = lb_report_stall_note(r);

	lb_report_format_measured(v, measured, sizeof(measured));
	if (isfinite(v->error))
		snprintf(error, sizeof(error), "error: %.4g\n", v->error);
	return lb_xasprintf("%s\nmeasured: %s\nbound: %s\n%s%s%s%s", v->message ? v->message : "",
			    measured, v->bound ? v->bound : "", error, note ? "note: " : "",
			    note ? note : "", note ? "\n" : "");
}

static void run_cases(FILE *f, const char *scenario, const struct lb_run_result *r,
		      struct counts *c)
{
	char *cls = classname(scenario, r);
	unsigned idx = r->repeat_index ? r->repeat_index : 1;
	size_t extra = r->outcome == LB_OUTCOME_TIMEOUT || r->outcome == LB_OUTCOME_ERROR ||
		       r->outcome == LB_OUTCOME_INTERRUPTED;
	size_t ncases = r->n_verdicts + extra;
	double each = ncases ? r->duration / (double)ncases : 0;

	if (r->outcome == LB_OUTCOME_SKIPPED) {
		testcase(f, cls, r->run_name ? r->run_name : scenario, idx, 0, "skipped",
			 r->skip_reason, NULL, c);
		free(cls);
		return;
	}
	for (size_t i = 0; i < r->n_verdicts; i++) {
		const struct lb_verdict *v = &r->verdicts[i];
		const char *kind = v->result == LB_PASS	  ? NULL
				   : v->result == LB_FAIL ? "failure"
							  : "error";
		char *body = kind ? verdict_body(v, r) : NULL;

		testcase(f, cls, v->text ? v->text : "", idx, each, kind, v->message, body, c);
		free(body);
	}
	/* How the run itself ended, when that is a problem no expectation can show. */
	if (r->outcome == LB_OUTCOME_TIMEOUT)
		testcase(f, cls, "run completes within its timeout", idx, each, "failure",
			 "the run timed out: its containers were killed", NULL, c);
	else if (r->outcome == LB_OUTCOME_ERROR)
		testcase(f, cls, "run", idx, each, "error", r->error ? r->error : "error", NULL, c);
	else if (r->outcome == LB_OUTCOME_INTERRUPTED)
		testcase(f, cls, "run", idx, each, "error", "interrupted (SIGINT/SIGTERM)", NULL,
			 c);
	free(cls);
}

static bool all_skipped(const struct lb_report_suite *s)
{
	for (size_t i = 0; i < s->n_runs; i++)
		if (s->runs[i]->outcome != LB_OUTCOME_SKIPPED)
			return false;
	return s->n_runs > 0;
}

static const char *suite_name(const struct lb_report_suite *s)
{
	if (s->scn && s->scn->name)
		return s->scn->name;
	if (s->n_runs && s->runs[0]->scenario)
		return s->runs[0]->scenario;
	return "scenario";
}

static void counts_attrs(FILE *f, const struct counts *c)
{
	fprintf(f, " tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\"",
		c->tests, c->failures, c->errors, c->skipped, c->time);
}

char *lb_report_junit_text(const struct lb_report_suite *suites, size_t n, size_t *len)
{
	char *buf = NULL, *inner = NULL;
	size_t inner_len, unused_len;
	struct counts total = {0};
	FILE *f = open_memstream(&inner, &inner_len);

	if (!f)
		abort(); /* fails only for lack of memory, where lb_xmalloc aborts too */
	/* Suites first into their own buffer: the <testsuites> totals come before them. */
	for (size_t s = 0; s < n; s++) {
		const struct lb_report_suite *su = &suites[s];
		const char *name = suite_name(su);
		struct counts c = {0};
		char *cases = NULL;
		size_t cases_len;
		FILE *cf = open_memstream(&cases, &cases_len);

		if (!cf)
			abort();
		if (all_skipped(su)) {
			/* requires not met: one testcase for the scenario, not one per run */
			testcase(cf, name, name, 0, 0, "skipped", su->runs[0]->skip_reason, NULL,
				 &c);
		} else {
			for (size_t i = 0; i < su->n_runs; i++) {
				run_cases(cf, name, su->runs[i], &c);
				if (isfinite(su->runs[i]->duration) && su->runs[i]->duration > 0)
					c.time += su->runs[i]->duration;
			}
		}
		fclose(cf);
		fputs("  <testsuite", f);
		attr(f, "name", name);
		counts_attrs(f, &c);
		if (su->n_runs && su->runs[0]->started_at > 0) {
			char when[40];

			/* JUnit's timestamp has no zone: it is the UTC time of the first run. */
			lb_report_iso8601(su->runs[0]->started_at, when, sizeof(when));
			when[19] = '\0';
			attr(f, "timestamp", when);
		}
		fputs(">\n", f);
		fputs(cases, f);
		fputs("  </testsuite>\n", f);
		free(cases);
		total.tests += c.tests;
		total.failures += c.failures;
		total.errors += c.errors;
		total.skipped += c.skipped;
		total.time += c.time;
	}
	fclose(f);

	f = open_memstream(&buf, len ? len : &unused_len);
	if (!f)
		abort();
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"limitbench\"", f);
	counts_attrs(f, &total);
	fputs(">\n", f);
	fputs(inner, f);
	fputs("</testsuites>\n", f);
	fclose(f);
	free(inner);
	return buf;
}
