/* SPDX-License-Identifier: MIT */
/*
 * The OpenMetrics / Prometheus text of a run (openmetrics.h).  Names follow Prometheus'
 * conventions: limitbench_ + the metric + its base unit (_bytes, _seconds, _cores, _ratio
 * for a share from 0 to 1, _bytes_per_second for the io rates), nothing for a count.
 * String scalars (signal, cpus_used, cpuset) are "info" gauges of value 1 with the string
 * as a label.  Every family's samples are written together, as both formats require.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"
#include "report/openmetrics.h"
#include "sample/series.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/units.h"

/* The runtime label, until runtimes other than limitbench's own land (issue 12). */
#define RUNTIME "limitbench"

void lb_openmetrics_label_value(FILE *f, const char *s)
{
	_cleanup_free_ char *clean = lb_report_utf8_clean(s ? s : "");

	for (const char *p = clean; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", f);
		else if (*p == '"')
			fputs("\\\"", f);
		else if (*p == '\n')
			fputs("\\n", f);
		else
			fputc(*p, f);
	}
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* "limitbench_" + name + the unit's suffix (not twice: io_read_bytes stays) */
static char *family_name(const struct lb_metric_info *m, bool rate)
{
	const char *unit = rate				? "_bytes_per_second"
			   : m->fraction		? "_ratio"
			   : m->unit == LB_UNIT_BYTES	? "_bytes"
			   : m->unit == LB_UNIT_SECONDS ? "_seconds"
			   : m->unit == LB_UNIT_CORES	? "_cores"
			   : m->unit == LB_UNIT_CPULIST ? "_info"
			   : m->unit == LB_UNIT_SIGNAL	? "_info"
							: "";

	if (*unit && ends_with(m->name, unit))
		unit = "";
	return lb_xasprintf("limitbench_%s%s", m->name, unit);
}

static void help_type(FILE *f, const char *family, const char *help)
{
	/* HELP text escapes '\' and newlines; ours are constants without them */
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", family, help, family);
}

/* {scenario=...,runtime="limitbench"} without the closing brace */
static void labels(FILE *f, const struct lb_run_result *r, const struct lb_ctr_result *c)
{
	fputs("{scenario=\"", f);
	lb_openmetrics_label_value(f, r->scenario);
	fputs("\",params=\"", f);
	for (size_t i = 0; i < r->n_params; i++) {
		if (i)
			fputc(',', f);
		lb_openmetrics_label_value(f, r->params[i].name);
		fputc('=', f);
		lb_openmetrics_label_value(f, r->params[i].value);
	}
	fprintf(f, "\",repeat=\"%u\"", r->repeat_index ? r->repeat_index : 1);
	if (c) {
		fputs(",container=\"", f);
		lb_openmetrics_label_value(f, c->name);
		fprintf(f, "\",kind=\"%s\"", c->is_group ? "group" : "container");
	}
	fputs(",runtime=\"" RUNTIME "\"", f);
}

static void value(FILE *f, double v)
{
	if (isinf(v))
		fputs(v > 0 ? " +Inf\n" : " -Inf\n", f);
	else
		fprintf(f, " %.15g\n", v);
}

/* Every run that took place (a skipped scenario has none), in order. */
#define FOR_EACH_RUN(suites, n, r)                                                                 \
	for (size_t s_ = 0; s_ < (n); s_++)                                                        \
		for (size_t k_ = 0; k_ < (suites)[s_].n_runs; k_++)                                \
			for (const struct lb_run_result *r = (suites)[s_].runs[k_]; r; r = NULL)   \
				if (r->outcome != LB_OUTCOME_SKIPPED)

static void scalar_family(FILE *f, const struct lb_report_suite *suites, size_t n, int id)
{
	const struct lb_metric_info *m = lb_metric_scalar(id);
	_cleanup_free_ char *family = family_name(m, false);
	bool str = m->unit == LB_UNIT_CPULIST || m->unit == LB_UNIT_SIGNAL;
	bool header = false;

	FOR_EACH_RUN(suites, n, r)
	{
		for (size_t i = 0; i < r->n_ctrs; i++) {
			const struct lb_ctr_result *c = &r->ctrs[i];

			if (!c->has[id] || (!str && isnan(c->scalar[id])))
				continue;
			if (!header) {
				_cleanup_free_ char *help = lb_xasprintf(
				    "limitbench's %s of a container or group at the end of a run%s "
				    "(limitbench-scenario(5))",
				    m->name, str ? ", as the label of the same name" : "");

				help_type(f, family, help);
				header = true;
			}
			fputs(family, f);
			labels(f, r, c);
			if (str) {
				fprintf(f, ",%s=\"", m->name);
				lb_openmetrics_label_value(f, c->str[id]);
				fputs("\"} 1\n", f);
			} else {
				fputc('}', f);
				/* an unlimited limit: the kernel's "max" */
				value(f, m->unit == LB_UNIT_BYTES &&
						 c->scalar[id] >= (double)LB_SIZE_MAX
					     ? INFINITY
					     : c->scalar[id]);
			}
		}
	}
}

static void series_family(FILE *f, const struct lb_report_suite *suites, size_t n, int id)
{
	static const struct {
		const char *name;
		enum lb_stat_fn fn;
	} stats[] = {
	    {"min", LB_FN_MIN}, {"mean", LB_FN_MEAN}, {"max", LB_FN_MAX}, {"p95", LB_FN_P95}};
	const struct lb_metric_info *m = lb_metric_series(id);
	_cleanup_free_ char *family =
	    family_name(m, id == LB_SERIES_IO_READ || id == LB_SERIES_IO_WRITE);
	bool header = false;

	FOR_EACH_RUN(suites, n, r)
	{
		for (size_t i = 0; i < r->n_ctrs; i++) {
			const struct lb_ctr_result *c = &r->ctrs[i];

			if (!c->series[id].n || (c->is_group && lb_metric_group_why_not(m)))
				continue;
			if (!header) {
				_cleanup_free_ char *help = lb_xasprintf(
				    "limitbench's %s series of a container or group over a run, "
				    "summarized: stat is min, mean (time-weighted), max or p95",
				    m->name);

				help_type(f, family, help);
				header = true;
			}
			for (size_t k = 0; k < LB_ARRAY_SIZE(stats); k++) {
				double v;

				if (lb_series_stat(&c->series[id], stats[k].fn, -INFINITY, INFINITY,
						   &v) < 0 ||
				    isnan(v))
					continue;
				fputs(family, f);
				labels(f, r, c);
				fprintf(f, ",stat=\"%s\"}", stats[k].name);
				value(f, v);
			}
		}
	}
}

/* The run as a whole: its duration and whether it passed. */
static void run_families(FILE *f, const struct lb_report_suite *suites, size_t n)
{
	bool any = false;

	FOR_EACH_RUN(suites, n, r) any = true;
	if (!any)
		return;
	help_type(f, "limitbench_run_duration_seconds", "The wall time of a run");
	FOR_EACH_RUN(suites, n, r)
	{
		fputs("limitbench_run_duration_seconds", f);
		labels(f, r, NULL);
		fputc('}', f);
		value(f, r->duration);
	}
	help_type(f, "limitbench_run_passed",
		  "1 when every expectation of a run held, 0 when not (see outcome)");
	FOR_EACH_RUN(suites, n, r)
	{
		fputs("limitbench_run_passed", f);
		labels(f, r, NULL);
		fprintf(f, ",outcome=\"%s\"} %d\n", lb_outcome_name(r->outcome),
			r->outcome == LB_OUTCOME_PASS);
	}
}

/* Each expectation of each run: 1 when it held, with its text and result as labels. */
static void expectation_family(FILE *f, const struct lb_report_suite *suites, size_t n)
{
	static const char *const results[] = {[LB_PASS] = "pass",
					      [LB_FAIL] = "fail",
					      [LB_ERROR] = "error",
					      [LB_INTERRUPTED] = "interrupted"};
	bool header = false;

	FOR_EACH_RUN(suites, n, r)
	{
		for (size_t i = 0; i < r->n_verdicts; i++) {
			const struct lb_verdict *v = &r->verdicts[i];

			if (!header) {
				help_type(f, "limitbench_expectation_passed",
					  "1 when an expectation of a run held, else 0 (result: "
					  "fail, error, or interrupted)");
				header = true;
			}
			fputs("limitbench_expectation_passed", f);
			labels(f, r, NULL);
			fputs(",expectation=\"", f);
			lb_openmetrics_label_value(f, v->text);
			fprintf(f, "\",result=\"%s\"} %d\n",
				(unsigned)v->result < LB_ARRAY_SIZE(results) ? results[v->result]
									     : "error",
				v->result == LB_PASS);
		}
	}
}

char *lb_openmetrics_text(const struct lb_report_suite *suites, size_t n,
			  const struct lb_host_info *host, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (!f)
		abort();
	if (host) {
		help_type(f, "limitbench_host_info",
			  "The machine the runs ran on, as labels: limitbench version, kernel, "
			  "cgroup mode and the backend limitbench used");
		fputs("limitbench_host_info{version=\"", f);
		lb_openmetrics_label_value(f, host->version);
		fputs("\",kernel=\"", f);
		lb_openmetrics_label_value(f, host->kernel);
		fputs("\",cgroup_mode=\"", f);
		lb_openmetrics_label_value(f, host->cgroup_mode);
		fputs("\",backend=\"", f);
		lb_openmetrics_label_value(f, host->backend);
		fputs("\"} 1\n", f);
	}
	run_families(f, suites, n);
	expectation_family(f, suites, n);
	for (int id = 0; id < LB_SCALAR_COUNT; id++)
		scalar_family(f, suites, n, id);
	for (int id = 0; id < LB_SERIES_COUNT; id++)
		series_family(f, suites, n, id);
	fputs("# EOF\n", f);
	fclose(f);
	if (len)
		*len = size;
	return buf;
}

int lb_openmetrics_write(const char *path, const struct lb_report_suite *suites, size_t n,
			 const struct lb_host_info *host, lb_error *err)
{
	size_t len;
	_cleanup_free_ char *text = lb_openmetrics_text(suites, n, host, &len);

	if (lb_write_file_atomic(path, text, len, err) < 0)
		return lb_error_wrap(err, "--openmetrics %s", path);
	return 0;
}
