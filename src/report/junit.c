/* SPDX-License-Identifier: MIT */
/*
 * JUnit XML for CI (`run --junit FILE`), valid against Jenkins' schema (the xunit plugin's
 * junit-10.xsd, vendored in tests/fixtures/junit/), which GitLab's and GitHub's test
 * reporters read too:
 *
 *   <testsuites name="limitbench" tests failures errors time>
 *     <testsuite name=SCENARIO tests failures errors skipped time timestamp>   one per scenario
 *       <properties>   scenario, kernel, cgroup mode and back-end, limitbench's version, and
 *                      for its N-th run run.N.name, run.N.param.NAME, run.N.repeat,
 *                      run.N.outcome
 *       <testcase classname="SCENARIO[.PARAMS]" name="EXPECTATION (run I)">   per run
 *         <failure type="expectation" message=VERDICT>   a FAIL verdict
 *         <error type="not-measured" message=VERDICT>    an ERROR verdict
 *         <skipped type="interrupted" message=REASON>    its container was killed by an
 *                                                        interrupt: no verdict
 *       <testcase name="run completes within its timeout"> <failure type="timeout">, and
 *                 name="run" <error type="run-error"|"interrupted"> for how a run ended
 *       <system-out>   its runs' verdict tables, as the terminal shows them
 *     a scenario whose `requires` the machine does not meet: one <skipped type="requires">
 *     testcase
 *
 * classname is the run name with its "/" turned into a "." (mem-sweep/limit=64M becomes
 * mem-sweep.limit=64M), so that readers group a matrix's runs under their scenario.
 * Times are honest: a suite's time is its runs' durations; an expectation is checked once
 * its run is over and takes no time of its own, so its testcase has none (the run-level
 * cases carry the run's).  The totals of <testsuites> have no `skipped` (the schema has none
 * there); each <testsuite> has it.
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
};

void lb_report_xml_attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	lb_report_xml_escape(f, value ? value : "", true);
	fputc('"', f);
}

void lb_report_xml_property(FILE *f, const char *name, const char *value)
{
	fputs("      <property", f);
	lb_report_xml_attr(f, "name", name);
	lb_report_xml_attr(f, "value", value);
	fputs("/>\n", f);
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

/* What a testcase found: kind NULL (passed), "failure", "error" or "skipped", with the
 * kind's type attribute, its message and text. */
struct outcome {
	const char *kind, *type, *message, *body;
};

/* One <testcase>; time < 0: none (an expectation checked after its run). */
static void testcase(FILE *f, const char *cls, const char *name, unsigned index, double time,
		     const struct outcome *o, struct counts *c)
{
	char *full = index ? lb_xasprintf("%s (run %u)", name, index) : lb_xstrdup(name);

	fputs("    <testcase", f);
	lb_report_xml_attr(f, "classname", cls);
	lb_report_xml_attr(f, "name", full);
	if (time >= 0)
		fprintf(f, " time=\"%.3f\"", isfinite(time) ? time : 0.0);
	if (!o->kind) {
		fputs("/>\n", f);
	} else {
		fprintf(f, ">\n      <%s", o->kind);
		lb_report_xml_attr(f, "type", o->type);
		lb_report_xml_attr(f, "message", o->message);
		if (o->body && *o->body) {
			fputc('>', f);
			lb_report_xml_escape(f, o->body, false);
			fprintf(f, "</%s>\n", o->kind);
		} else {
			fputs("/>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	free(full);
	c->tests++;
	if (!o->kind)
		return;
	if (!strcmp(o->kind, "failure"))
		c->failures++;
	else if (!strcmp(o->kind, "error"))
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

static struct outcome verdict_outcome(const struct lb_verdict *v)
{
	switch (v->result) {
	case LB_PASS:
		return (struct outcome){0};
	case LB_FAIL:
		return (struct outcome){"failure", "expectation", v->message, NULL};
	case LB_INTERRUPTED:
		return (struct outcome){"skipped", "interrupted", v->message, NULL};
	case LB_ERROR:
	default:
		return (struct outcome){"error", "not-measured", v->message, NULL};
	}
}

static void run_cases(FILE *f, const char *scenario, const struct lb_run_result *r,
		      struct counts *c)
{
	char *cls = classname(scenario, r);
	unsigned idx = r->repeat_index ? r->repeat_index : 1;
	double run_time = isfinite(r->duration) && r->duration > 0 ? r->duration : 0;

	for (size_t i = 0; i < r->n_verdicts; i++) {
		const struct lb_verdict *v = &r->verdicts[i];
		struct outcome o = verdict_outcome(v);
		char *body = o.kind && v->result != LB_INTERRUPTED ? verdict_body(v, r) : NULL;

		o.body = body;
		testcase(f, cls, v->text ? v->text : "", idx, -1, &o, c);
		free(body);
	}
	/* How the run itself ended, when that is a problem no expectation can show. */
	if (r->outcome == LB_OUTCOME_TIMEOUT)
		testcase(f, cls, "run completes within its timeout", idx, run_time,
			 &(struct outcome){"failure", "timeout",
					   "the run timed out: its containers were killed", NULL},
			 c);
	else if (r->outcome == LB_OUTCOME_ERROR)
		testcase(
		    f, cls, "run", idx, run_time,
		    &(struct outcome){"error", "run-error", r->error ? r->error : "error", NULL},
		    c);
	else if (r->outcome == LB_OUTCOME_INTERRUPTED)
		testcase(f, cls, "run", idx, run_time,
			 &(struct outcome){
			     "error", "interrupted",
			     "interrupted (SIGINT/SIGTERM): what was measured is kept", NULL},
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

/* run.N.WHAT = value: a property of the N-th run of its scenario's testsuite. */
static void run_property(FILE *f, size_t index, const char *what, const char *value)
{
	char *name = lb_xasprintf("run.%zu.%s", index, what);

	lb_report_xml_property(f, name, value);
	free(name);
}

static void run_properties(FILE *f, size_t index, const struct lb_run_result *r)
{
	run_property(f, index, "name", r->run_name);
	for (size_t i = 0; i < r->n_params; i++) {
		char *what = lb_xasprintf("param.%s", r->params[i].name);

		run_property(f, index, what, r->params[i].value);
		free(what);
	}
	if (r->repeat_count > 1) {
		char rep[32];

		snprintf(rep, sizeof(rep), "%u/%u", r->repeat_index, r->repeat_count);
		run_property(f, index, "repeat", rep);
	}
	run_property(f, index, "outcome", lb_outcome_name(r->outcome));
}

/* The scenario's and the machine's properties, then each run's. */
static void properties(FILE *f, const char *scenario, const struct lb_report_suite *su,
		       const struct lb_host_info *host)
{
	fputs("    <properties>\n", f);
	lb_report_xml_property(f, "scenario", scenario);
	if (host) {
		lb_report_xml_property(f, "kernel", host->kernel);
		lb_report_xml_property(f, "cgroup.mode", host->cgroup_mode);
		lb_report_xml_property(f, "cgroup.backend", host->backend);
		lb_report_xml_property(f, "limitbench.version", host->version);
	}
	for (size_t i = 0; i < su->n_runs; i++)
		run_properties(f, i + 1, su->runs[i]);
	fputs("    </properties>\n", f);
}

/* <testsuite ...> with its counts, the cases (already written to `cases`) after it. */
static void suite(FILE *f, const char *name, const struct counts *c, double time, double started_at,
		  const char *props, const char *cases, const char *out)
{
	fputs("  <testsuite", f);
	lb_report_xml_attr(f, "name", name);
	fprintf(f, " tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\"",
		c->tests, c->failures, c->errors, c->skipped, time);
	if (started_at > 0) {
		char when[40];

		/* JUnit's timestamp has no zone: it is the UTC time of the run. */
		lb_report_iso8601(started_at, when, sizeof(when));
		when[19] = '\0';
		lb_report_xml_attr(f, "timestamp", when);
	}
	fputs(">\n", f);
	fputs(props ? props : "", f);
	fputs(cases, f);
	if (out && *out) {
		fputs("    <system-out>", f);
		lb_report_xml_escape(f, out, false);
		fputs("</system-out>\n", f);
	}
	fputs("  </testsuite>\n", f);
}

/* A buffer written through a FILE; only lack of memory fails, where lb_xmalloc aborts too. */
struct membuf {
	char *text;
	size_t len;
	FILE *f;
};

static FILE *membuf_open(struct membuf *m)
{
	*m = (struct membuf){0};
	m->f = open_memstream(&m->text, &m->len);
	if (!m->f)
		abort();
	return m->f;
}

static char *membuf_close(struct membuf *m)
{
	fclose(m->f);
	return m->text;
}

char *lb_report_junit_text(const struct lb_report_suite *suites, size_t n,
			   const struct lb_host_info *host, size_t *len)
{
	struct membuf all, doc;
	struct counts total = {0};
	double total_time = 0;
	FILE *f = membuf_open(&all);

	/* Suites first into their own buffer: the <testsuites> totals come before them. */
	for (size_t s = 0; s < n; s++) {
		const struct lb_report_suite *su = &suites[s];
		const char *name = suite_name(su);

		if (all_skipped(su)) {
			/* requires not met: one testcase for the scenario, not one per run */
			struct counts c = {0};
			struct membuf cases;

			testcase(membuf_open(&cases), name, name, 0, 0,
				 &(struct outcome){"skipped", "requires", su->runs[0]->skip_reason,
						   NULL},
				 &c);
			_cleanup_free_ char *text = membuf_close(&cases);
			suite(f, name, &c, 0, su->runs[0]->started_at, NULL, text, NULL);
			total.tests += c.tests;
			total.skipped += c.skipped;
			continue;
		}
		struct counts c = {0};
		struct membuf cases, props, out;
		FILE *cf = membuf_open(&cases), *of = membuf_open(&out);
		double t = 0;

		for (size_t i = 0; i < su->n_runs; i++) {
			const struct lb_run_result *r = su->runs[i];

			run_cases(cf, name, r, &c);
			lb_report_print_run(of, r, name);
			if (isfinite(r->duration) && r->duration > 0)
				t += r->duration;
		}
		properties(membuf_open(&props), name, su, host);
		_cleanup_free_ char *ctext = membuf_close(&cases);
		_cleanup_free_ char *ptext = membuf_close(&props);
		_cleanup_free_ char *otext = membuf_close(&out);
		suite(f, name, &c, t, su->n_runs ? su->runs[0]->started_at : 0, ptext, ctext,
		      otext);
		total.tests += c.tests;
		total.failures += c.failures;
		total.errors += c.errors;
		total_time += t;
	}
	_cleanup_free_ char *inner = membuf_close(&all);

	f = membuf_open(&doc);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"limitbench\"", f);
	fprintf(f, " tests=\"%u\" failures=\"%u\" errors=\"%u\" time=\"%.3f\">\n", total.tests,
		total.failures, total.errors, total_time);
	fputs(inner, f);
	fputs("</testsuites>\n", f);
	char *text = membuf_close(&doc);
	if (len)
		*len = doc.len;
	return text;
}
