/* SPDX-License-Identifier: MIT */
/*
 * The files of a run and of a scenario.  Each is built in memory, then written to a
 * temporary name and renamed (lb_write_file_atomic), so that an interrupted limitbench never
 * leaves a truncated summary.json behind.
 */
#include <stdlib.h>

#include "report/internal.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

static int write_text(const char *dir, const char *name, char *text, size_t len, lb_error *err)
{
	_cleanup_free_ char *path = dir ? lb_xasprintf("%s/%s", dir, name) : lb_xstrdup(name);
	int rc = lb_write_file_atomic(path, text, len, err);

	free(text);
	return rc;
}

static int write_json(const char *dir, const char *name, json_t *j, lb_error *err)
{
	size_t len;
	char *text = lb_report_json_text(j, &len);

	json_decref(j);
	return write_text(dir, name, text, len, err);
}

int lb_report_write_run(const char *dir, const struct lb_scenario *scn,
			const struct lb_run_result *r, const struct lb_host_info *host,
			lb_error *err)
{
	size_t len;
	char *text;

	text = lb_report_samples_tsv(r, &len);
	if (write_text(dir, "samples.tsv", text, len, err) < 0)
		return -1;
	text = lb_report_events_tsv(r, &len);
	if (write_text(dir, "events.tsv", text, len, err) < 0)
		return -1;
	/* Last: a summary.json present means the folder is complete. */
	return write_json(dir, "summary.json", lb_report_run_json(scn, r, host), err);
}

int lb_report_write_scenario_dirs(const char *path, const struct lb_scenario *scn,
				  struct lb_run_result *const *runs, const char *const *dirs,
				  size_t n, const struct lb_host_info *host, lb_error *err)
{
	return write_json(NULL, path, lb_report_scenario_summary_json(scn, runs, dirs, n, host),
			  err);
}

int lb_report_write_scenario(const char *path, const struct lb_scenario *scn,
			     struct lb_run_result *const *runs, size_t n,
			     const struct lb_host_info *host, lb_error *err)
{
	return lb_report_write_scenario_dirs(path, scn, runs, NULL, n, host, err);
}

int lb_report_write_junit(const char *path, const struct lb_report_suite *suites, size_t n,
			  const struct lb_host_info *host, lb_error *err)
{
	size_t len;
	char *text = lb_report_junit_text(suites, n, host, &len);

	return write_text(NULL, path, text, len, err);
}

int lb_report_print_json(FILE *out, const struct lb_report_suite *suites, size_t n,
			 const struct lb_host_info *host, lb_error *err)
{
	json_t *all = json_array();

	for (size_t s = 0; s < n; s++)
		for (size_t i = 0; i < suites[s].n_runs; i++)
			json_array_append_new(
			    all, lb_report_run_json(suites[s].scn, suites[s].runs[i], host));
	char *text = lb_report_json_text(all, NULL);
	json_decref(all);
	int rc = fputs(text, out) < 0 || fflush(out) ? -1 : 0;
	free(text);
	if (rc < 0)
		return lb_error_sys(err, "write the JSON report");
	return 0;
}
