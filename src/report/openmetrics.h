/* SPDX-License-Identifier: MIT */
#ifndef LB_REPORT_OPENMETRICS_H
#define LB_REPORT_OPENMETRICS_H

/*
 * `run --openmetrics FILE`: every scalar metric and the min/mean/max/p95 of every series of
 * each container and group, as gauges, in the text format that node_exporter's textfile
 * collector and the Pushgateway read (Prometheus text 0.0.4) and that is OpenMetrics 1.0 as
 * well (every family a gauge, no timestamps, "# EOF" at the end, which the 0.0.4 parser
 * takes for a comment):
 *
 *   # HELP limitbench_mem_peak_bytes The kernel's peak of memory use (memory.peak, ...).
 *   # TYPE limitbench_mem_peak_bytes gauge
 *   limitbench_mem_peak_bytes{scenario="mem",params="",repeat="1",container="hog",
 *                             kind="container",runtime="limitbench"} 104857600
 *
 * Gauges, not counters: each value is what one finished run measured, not a count that
 * grows across scrapes (Prometheus' advice for batch jobs).  A figure that was not
 * measured is left out, never written as 0.
 */

#include "report/report.h"
#include "util/error.h"

/* The text of the file; malloc'd, *len set. */
char *lb_openmetrics_text(const struct lb_report_suite *suites, size_t n,
			  const struct lb_host_info *host, size_t *len);
/* Written to a temporary name and renamed over path. */
int lb_openmetrics_write(const char *path, const struct lb_report_suite *suites, size_t n,
			 const struct lb_host_info *host, lb_error *err);

/* A label value: '\' as "\\", '"' as "\"", a newline as "\n", bytes that are not UTF-8
 * as U+FFFD (the format is UTF-8); written to f. */
void lb_openmetrics_label_value(FILE *f, const char *s);

#endif
