/* SPDX-License-Identifier: MIT */
/*
 * TAP version 13 (https://testanything.org/tap-version-13-specification.html) rather than
 * KTAP v1: KTAP's "KTAP version 1" header is unknown to prove and TAP::Harness, while the
 * kernel's own user-space selftests (kselftest.h) print "TAP version 13" too and their runner
 * reads it.  Nothing here is nested, so KTAP's subtests would add nothing.
 */
#include <string.h>

#include "report/internal.h"
#include "report/tap.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/text.h"

char *lb_tap_escape(const char *s)
{
	_cleanup_free_ char *t = lb_text_term(s ? s : "");
	char *out = lb_xmalloc(2 * strlen(t) + 1), *o = out;

	for (const char *p = t; *p; p++) {
		if (*p == '\\' || *p == '#')
			*o++ = '\\';
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

struct tap {
	FILE *out;
	unsigned n; /* the number of the last test line */
};

/* "ok N - DESC" / "not ok N - DESC", with an optional "# SKIP reason" */
static void line(struct tap *t, bool ok, const char *run, const char *what, const char *skip)
{
	_cleanup_free_ char *r = lb_tap_escape(run);

	fprintf(t->out, "%sok %u - %s", ok ? "" : "not ", ++t->n, r);
	if (what) {
		_cleanup_free_ char *w = lb_tap_escape(what);

		fprintf(t->out, ": %s", w);
	}
	if (skip) {
		_cleanup_free_ char *why = lb_tap_escape(skip);

		fprintf(t->out, " # SKIP %s", why);
	}
	fputc('\n', t->out);
}

/* a diagnostic line: "# text", the text on one line */
static void diag(struct tap *t, const char *text)
{
	_cleanup_free_ char *d = lb_text_term(text ? text : "");

	fprintf(t->out, "# %s\n", d);
}

/* "mem-sweep/limit=64M", with " (run 2/3)" when it is repeated */
static char *run_label(const struct lb_run_result *r)
{
	if (r->repeat_count > 1)
		return lb_xasprintf("%s (run %u/%u)", r->run_name, r->repeat_index,
				    r->repeat_count);
	return lb_xstrdup(r->run_name ? r->run_name : r->scenario ? r->scenario : "run");
}

static bool all_skipped(const struct lb_report_suite *su)
{
	for (size_t i = 0; i < su->n_runs; i++)
		if (su->runs[i]->outcome != LB_OUTCOME_SKIPPED)
			return false;
	return su->n_runs > 0;
}

static unsigned count(const struct lb_report_suite *suites, size_t n)
{
	unsigned k = 0;

	for (size_t s = 0; s < n; s++) {
		if (all_skipped(&suites[s])) {
			k++;
			continue;
		}
		for (size_t i = 0; i < suites[s].n_runs; i++)
			if (suites[s].runs[i]->outcome != LB_OUTCOME_SKIPPED)
				k += 1 + (unsigned)suites[s].runs[i]->n_verdicts;
	}
	return k;
}

static void run_lines(struct tap *t, const struct lb_run_result *r)
{
	_cleanup_free_ char *label = run_label(r);
	char measured[64];

	switch (r->outcome) {
	case LB_OUTCOME_PASS:
	case LB_OUTCOME_FAIL: /* the run itself went through; its expectations say the rest */
		line(t, true, label, "run", NULL);
		break;
	case LB_OUTCOME_TIMEOUT:
		line(t, false, label, "run", NULL);
		diag(t, "the run hit its timeout: its containers were killed");
		break;
	case LB_OUTCOME_INTERRUPTED:
		line(t, false, label, "run", NULL);
		diag(t, "interrupted: limitbench was stopped by a signal");
		break;
	case LB_OUTCOME_ERROR:
	case LB_OUTCOME_SKIPPED:
	default:
		line(t, false, label, "run", NULL);
		diag(t, r->error ? r->error : "limitbench could not run it");
		break;
	}
	for (size_t i = 0; i < r->n_verdicts; i++) {
		const struct lb_verdict *v = &r->verdicts[i];

		switch (v->result) {
		case LB_PASS:
			line(t, true, label, v->text, NULL);
			break;
		case LB_INTERRUPTED:
			line(t, true, label, v->text,
			     "interrupted: limitbench killed the container before it ended");
			break;
		case LB_FAIL:
		case LB_ERROR:
		default:
			line(t, false, label, v->text, NULL);
			if (v->message)
				diag(t, v->message);
			lb_report_format_measured(v, measured, sizeof(measured));
			{
				_cleanup_free_ char *m =
				    lb_xasprintf("measured %s, expected %s", measured,
						 v->bound ? v->bound : "?");

				diag(t, m);
			}
			break;
		}
	}
}

void lb_tap_print(FILE *out, const struct lb_report_suite *suites, size_t n,
		  const struct lb_host_info *host, const char *bail)
{
	struct tap t = {.out = out};

	fprintf(out, "TAP version 13\n1..%u\n", count(suites, n));
	if (host) {
		_cleanup_free_ char *h =
		    lb_xasprintf("limitbench %s, kernel %s, cgroup %s (%s)", host->version,
				 host->kernel, host->backend, host->cgroup_mode);

		diag(&t, h);
	}
	for (size_t s = 0; s < n; s++) {
		const struct lb_report_suite *su = &suites[s];
		const char *name = su->scn && su->scn->name		 ? su->scn->name
				   : su->n_runs && su->runs[0]->scenario ? su->runs[0]->scenario
									 : "scenario";

		if (all_skipped(su)) {
			const char *why = su->runs[0]->skip_reason;

			line(&t, true, name, NULL, why && *why ? why : "requires not met");
			continue;
		}
		for (size_t i = 0; i < su->n_runs; i++)
			if (su->runs[i]->outcome != LB_OUTCOME_SKIPPED)
				run_lines(&t, su->runs[i]);
	}
	if (bail) {
		_cleanup_free_ char *b = lb_text_term(bail);

		fprintf(out, "Bail out! %s\n", b);
	}
	fflush(out);
}
