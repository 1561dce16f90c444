/* SPDX-License-Identifier: MIT */
#ifndef LB_REPORT_INTERNAL_H
#define LB_REPORT_INTERNAL_H

/*
 * What the report files share among themselves (and with their unit tests): the JSON of one
 * run, the text of the TSV files, the XML escaper.  Everything builds text in memory first,
 * so that the files themselves are written in one atomic step.
 */

#include <jansson.h>
#include <stdio.h>

#include "report/report.h"
#include "sample/metrics.h"

#ifndef LB_VERSION /* set by the Makefile */
#define LB_VERSION "unknown"
#endif

/* Flags for json_dumps: indented, and reals printed with 15 digits (not 0.10000000000000001). */
#define LB_REPORT_JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

/* A number as JSON: null when not finite, "max" for LB_SIZE_MAX bytes, an integer when a byte
 * size or a count is integral. */
json_t *lb_report_json_number(double v, enum lb_unit unit);
/* A string as JSON, null for NULL. */
json_t *lb_report_json_string(const char *s);
/* A copy of s with every invalid UTF-8 sequence replaced by U+FFFD; malloc'd. */
char *lb_report_utf8_clean(const char *s);

/* "2026-11-29T03:48:28.123Z" */
void lb_report_iso8601(double epoch_s, char *buf, size_t n);
/* The same as JSON; null when the run never started (0). */
json_t *lb_report_started_at(double epoch_s);

/* Set "params" ({name: value}) and "repeat" ({index, count}) of a run on o. */
void lb_report_set_params_repeat(json_t *o, const struct lb_run_result *r);

/* {name, file, sha256, description} of a scenario; NULLs when scn is NULL. */
json_t *lb_report_scenario_json(const struct lb_scenario *scn, const struct lb_run_result *r);
/* The limits a container asked for, as summary.json's limits_asked (what the scenario set). */
json_t *lb_report_limits_asked_json(const struct lb_limits *l);
/* The environment object of summary.json. */
json_t *lb_report_env_json(const struct lb_host_info *host);
/* The whole summary.json object of one run. */
json_t *lb_report_run_json(const struct lb_scenario *scn, const struct lb_run_result *r,
			   const struct lb_host_info *host);
/* The scenario-level summary object (dirs may be NULL or hold NULLs). */
json_t *lb_report_scenario_summary_json(const struct lb_scenario *scn,
					struct lb_run_result *const *runs, const char *const *dirs,
					size_t n, const struct lb_host_info *host);

/* Serialize a JSON value with a final newline; malloc'd. */
char *lb_report_json_text(const json_t *j, size_t *len);

/* The text of samples.tsv / events.tsv of a run; malloc'd, *len set. */
char *lb_report_samples_tsv(const struct lb_run_result *r, size_t *len);
char *lb_report_events_tsv(const struct lb_run_result *r, size_t *len);

/* The measured value of a verdict as a person reads it, in its unit: 99.6M, 250ms, 0.4981. */
void lb_report_format_measured(const struct lb_verdict *v, char *buf, size_t n);

/* What a run's stalls mean for its figures, one line without a newline (malloc'd); NULL
 * when the sampler never stalled. */
char *lb_report_stall_note(const struct lb_run_result *r);

/* Append s to f with XML escaping, for an attribute value (attr) or element text. */
void lb_report_xml_escape(FILE *f, const char *s, bool attr);
/* ` name="value"`, the value escaped (NULL: empty). */
void lb_report_xml_attr(FILE *f, const char *name, const char *value);
/* A JUnit `<property name= value=/>` line. */
void lb_report_xml_property(FILE *f, const char *name, const char *value);

/* The JUnit document as text; malloc'd. */
char *lb_report_junit_text(const struct lb_report_suite *suites, size_t n,
			   const struct lb_host_info *host, size_t *len);
/* One run's block of the verdict table, without colour (JUnit's <system-out>). */
void lb_report_print_run(FILE *out, const struct lb_run_result *r, const char *scenario);

#endif
