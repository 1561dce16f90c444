/* SPDX-License-Identifier: MIT */
/*
 * The comparison for machines: `compare --json` (stdout) and `compare --junit FILE`, so that
 * a CI page shows the gate's findings as test results.
 *
 * JUnit, in the dialect of Jenkins' junit-10.xsd that GitLab and GitHub reporters read:
 *
 *   <testsuites name="limitbench compare" tests failures errors>
 *     <testsuite name=RUN tests failures errors skipped time="0">    one per run compared
 *       <properties> baseline_runs, current_runs, weak, scenario_changed (one per line)
 *       <testcase classname="SCENARIO[.PARAMS]" name="run">         a run on one side
 *                                                                    only (skipped) or
 *                                                                    broken (failure)
 *       <testcase classname=... name=EXPECTATION|FIGURE>             one per row:
 *         <failure type="regression" message=FINDING>   REGRESSED, CHANGED
 *         <skipped message=REASON/>                     untested, not gated, limit
 *                                                       changed, ignored, one side,
 *                                                       an expectation that still fails
 *         <system-out>FINDING</system-out>              improved, noise
 *
 * Everything that came from a results file (run names, expectation texts) is escaped for
 * XML by lb_report_xml_escape(): markup characters as references, control characters
 * XML cannot carry replaced by U+FFFD, invalid UTF-8 too.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "report/internal.h"
#include "util/alloc.h"

static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *side_json(const struct lb_cmp_metric *m)
{
	json_t *o, *vals;

	if (!m)
		return json_null();
	o = json_object();
	vals = json_array();
	for (size_t i = 0; i < m->n; i++)
		json_array_append_new(vals, num(m->values[i]));
	json_object_set_new(o, "n", json_integer((json_int_t)m->n));
	json_object_set_new(o, "mean", num(m->mean));
	json_object_set_new(o, "stddev", num(m->stddev));
	json_object_set_new(o, "values", vals);
	return o;
}

static json_t *expect_side_json(const struct lb_cmp_expect *e)
{
	json_t *o;

	if (!e)
		return json_null();
	o = json_object();
	json_object_set_new(o, "pass", json_integer(e->pass));
	json_object_set_new(o, "fail", json_integer(e->fail));
	json_object_set_new(o, "error", json_integer(e->error));
	return o;
}

/* A finding as text (lb_cmp_finding), malloc'd. */
static char *finding(const struct lb_cmp_pair *p, const struct lb_cmp_row *row)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return lb_xstrdup("");
	lb_cmp_finding(f, p, row);
	fclose(f);
	return buf;
}

/* Why a row is not gated (a JUnit <skipped> message), or NULL when it is. */
static const char *skip_reason(const struct lb_cmp_row *row)
{
	switch (row->verdict) {
	case LB_CMP_UNTESTED:
		return "beyond the threshold, but one run on a side: no t-test, not gated";
	case LB_CMP_UNGATED:
		return row->fig && row->fig->kind == LB_CMP_GIVEN
			   ? "not gated: a limit as given (a difference is a changed scenario)"
			   : "not gated: a start-up transient";
	case LB_CMP_LIMIT:
		return "not gated: follows a limit that differs between the sides";
	case LB_CMP_IGNORED:
		return "ignored (--ignore)";
	case LB_CMP_ONLY_BASE:
		return "only in the baseline";
	case LB_CMP_ONLY_CUR:
		return "only in the current results";
	case LB_CMP_STILL_FAILS:
		return "failed in the baseline too";
	default:
		return NULL;
	}
}

static json_t *row_json(const struct lb_cmp_pair *p, const struct lb_cmp_row *row)
{
	json_t *o = json_object();
	const char *why = skip_reason(row);

	json_object_set_new(o, "kind", json_string(row->is_expect ? "expectation" : "figure"));
	json_object_set_new(o, "key", lb_report_json_string(row->key));
	json_object_set_new(o, "verdict", json_string(lb_cmp_verdict_name(row->verdict)));
	json_object_set_new(o, "regression", json_boolean(lb_cmp_verdict_fails(row->verdict)));
	json_object_set_new(o, "improvement", json_boolean(lb_cmp_verdict_improves(row->verdict)));
	if (row->is_expect) {
		json_object_set_new(o, "baseline", expect_side_json(row->ebase));
		json_object_set_new(o, "current", expect_side_json(row->ecur));
	} else {
		json_object_set_new(o, "better", json_string(lb_cmp_dir_name(row->fig->dir)));
		json_object_set_new(o, "gating", json_string(lb_cmp_kind_name(row->fig->kind)));
		json_object_set_new(o, "unit",
				    json_string(row->base ? row->base->unit : row->cur->unit));
		json_object_set_new(o, "baseline", side_json(row->base));
		json_object_set_new(o, "current", side_json(row->cur));
		json_object_set_new(o, "change", num(row->change));
		json_object_set_new(o, "p", row->tested ? num(row->p) : json_null());
	}
	json_object_set_new(o, "reason", why ? json_string(why) : json_null());
	if (lb_cmp_verdict_fails(row->verdict) || lb_cmp_verdict_improves(row->verdict)) {
		char *f = finding(p, row);
		json_object_set_new(o, "finding", lb_report_json_string(f));
		free(f);
	}
	return o;
}

static json_t *strings_json(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, lb_report_json_string(v[i]));
	return a;
}

char *lb_cmp_json_text(const struct lb_cmp_report *r, const char *const *base_paths, size_t n_base,
		       const char *const *cur_paths, size_t n_cur, const char *error)
{
	json_t *o = json_object(), *runs = json_array();
	char *text;
	size_t len;

	json_object_set_new(o, "baseline", strings_json(base_paths, n_base));
	json_object_set_new(o, "current", strings_json(cur_paths, n_cur));
	json_object_set_new(o, "threshold", json_real(r->opts.threshold));
	json_object_set_new(o, "alpha", json_real(r->opts.alpha));
	json_object_set_new(o, "result",
			    json_string(error	      ? "error"
					: r->n_failed ? "fail"
						      : "pass"));
	json_object_set_new(o, "error", lb_report_json_string(error));
	json_object_set_new(o, "compared", json_integer((json_int_t)r->n_compared));
	json_object_set_new(o, "regressions", json_integer((json_int_t)r->n_failed));
	json_object_set_new(o, "improvements", json_integer((json_int_t)r->n_improved));
	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct lb_cmp_pair *p = &r->pairs[i];
		json_t *j = json_object(), *rows = json_array();

		json_object_set_new(j, "baseline",
				    lb_report_json_string(p->base ? p->base->name : NULL));
		json_object_set_new(j, "current",
				    lb_report_json_string(p->cur ? p->cur->name : NULL));
		json_object_set_new(j, "verdict", json_string(lb_cmp_verdict_name(p->verdict)));
		json_object_set_new(j, "baseline_runs",
				    json_integer(p->base ? (json_int_t)p->base->repeats : 0));
		json_object_set_new(j, "current_runs",
				    json_integer(p->cur ? (json_int_t)p->cur->repeats : 0));
		json_object_set_new(j, "weak", json_boolean(p->weak));
		json_object_set_new(j, "scenario_changed",
				    strings_json((const char *const *)p->changes, p->n_changes));
		for (size_t k = 0; k < p->n_rows; k++)
			json_array_append_new(rows, row_json(p, &p->rows[k]));
		json_object_set_new(j, "rows", rows);
		json_array_append_new(runs, j);
	}
	json_object_set_new(o, "runs", runs);
	text = lb_report_json_text(o, &len);
	json_decref(o);
	return text;
}

/* ---- JUnit ---- */

/* "mem-sweep/limit=64M" -> "mem-sweep.limit=64M", as `run --junit` names them. */
static char *classname(const char *run)
{
	char *c = lb_xstrdup(run);

	for (char *s = c; *s; s++)
		if (*s == '/')
			*s = '.';
	return c;
}

struct counts {
	size_t tests, failures, errors, skipped;
};

static void testcase(FILE *f, const char *cls, const char *name, const char *kind,
		     const char *message, const char *out, struct counts *n)
{
	fputs("    <testcase", f);
	lb_report_xml_attr(f, "classname", cls);
	lb_report_xml_attr(f, "name", name);
	fputs(" time=\"0\"", f);
	n->tests++;
	if (!kind && !out) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n", f);
	if (kind && !strcmp(kind, "skipped")) {
		n->skipped++;
		fputs("      <skipped", f);
		lb_report_xml_attr(f, "message", message);
		fputs("/>\n", f);
	} else if (kind) {
		bool failure = !strcmp(kind, "failure");
		n->failures += failure;
		n->errors += !failure;
		fprintf(f, "      <%s", kind);
		lb_report_xml_attr(f, "type", failure ? "regression" : "error");
		lb_report_xml_attr(f, "message", message);
		fputs(">", f);
		lb_report_xml_escape(f, message, false);
		fprintf(f, "</%s>\n", kind);
	}
	if (out) {
		fputs("      <system-out>", f);
		lb_report_xml_escape(f, out, false);
		fputs("</system-out>\n", f);
	}
	fputs("    </testcase>\n", f);
}

/* One run's testsuite, its cases written to a buffer first (the counts come first). */
static void pair_suite(FILE *f, const struct lb_cmp_pair *p, struct counts *total)
{
	const char *name = p->cur ? p->cur->name : p->base->name;
	char *cls = classname(name), *body = NULL, num_s[32];
	size_t len = 0;
	FILE *b = open_memstream(&body, &len);
	struct counts n = {0};

	if (!b) {
		free(cls);
		return;
	}
	if (!p->base || !p->cur)
		testcase(b, cls, "run", "skipped",
			 p->base ? "only in the baseline (not compared)"
				 : "only in the current results (not compared)",
			 NULL, &n);
	else if (p->verdict == LB_CMP_RUN_BROKEN)
		testcase(b, cls, "run", "failure",
			 "the run now ends in error or timeout (it never did in the baseline)",
			 NULL, &n);
	for (size_t k = 0; k < p->n_rows; k++) {
		const struct lb_cmp_row *row = &p->rows[k];
		const char *why = skip_reason(row);
		char *text = NULL;

		if (lb_cmp_verdict_fails(row->verdict)) {
			text = finding(p, row);
			testcase(b, cls, row->key, "failure", text, NULL, &n);
		} else if (why) {
			testcase(b, cls, row->key, "skipped", why, NULL, &n);
		} else if (lb_cmp_verdict_improves(row->verdict)) {
			text = finding(p, row);
			testcase(b, cls, row->key, NULL, NULL, text, &n);
		} else {
			testcase(b, cls, row->key, NULL, NULL,
				 row->verdict == LB_CMP_NOISE
				     ? "beyond the threshold, but not significant"
				     : NULL,
				 &n);
		}
		free(text);
	}
	fclose(b);
	fputs("  <testsuite", f);
	lb_report_xml_attr(f, "name", name);
	fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"0\">\n",
		n.tests, n.failures, n.errors, n.skipped);
	fputs("    <properties>\n", f);
	snprintf(num_s, sizeof(num_s), "%zu", p->base ? p->base->repeats : 0);
	lb_report_xml_property(f, "baseline_runs", num_s);
	snprintf(num_s, sizeof(num_s), "%zu", p->cur ? p->cur->repeats : 0);
	lb_report_xml_property(f, "current_runs", num_s);
	lb_report_xml_property(f, "weak", p->weak ? "true" : "false");
	for (size_t i = 0; i < p->n_changes; i++)
		lb_report_xml_property(f, "scenario_changed", p->changes[i]);
	fputs("    </properties>\n", f);
	fwrite(body, 1, len, f);
	fputs("  </testsuite>\n", f);
	free(body);
	free(cls);
	total->tests += n.tests;
	total->failures += n.failures;
	total->errors += n.errors;
	total->skipped += n.skipped;
}

char *lb_cmp_junit_text(const struct lb_cmp_report *r, const char *error)
{
	char *suites = NULL, *doc = NULL;
	size_t len = 0, dlen = 0;
	FILE *f = open_memstream(&suites, &len), *d;
	struct counts n = {0};

	if (!f)
		return lb_xstrdup("");
	for (size_t i = 0; i < r->n_pairs; i++)
		pair_suite(f, &r->pairs[i], &n);
	if (error) {
		struct counts e = {0};
		fputs("  <testsuite name=\"compare\" tests=\"1\" failures=\"0\" errors=\"1\" "
		      "skipped=\"0\" time=\"0\">\n",
		      f);
		testcase(f, "compare", "compare", "error", error, NULL, &e);
		fputs("  </testsuite>\n", f);
		n.tests++;
		n.errors++;
	}
	fclose(f);
	d = open_memstream(&doc, &dlen);
	if (!d) {
		free(suites);
		return lb_xstrdup("");
	}
	fprintf(d,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"limitbench "
		"compare\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
		n.tests, n.failures, n.errors);
	fwrite(suites, 1, len, d);
	fputs("</testsuites>\n", d);
	fclose(d);
	free(suites);
	return doc;
}
