/* SPDX-License-Identifier: MIT */
/*
 * limitbench list [--json] [--filter GLOB]... [DIR|FILE...]
 *
 * What a suite holds and whether this machine can run each of its scenarios, without running
 * anything: the same files `run` would take (a folder is every *.scn under it), the same
 * `requires` and controller checks `run` makes before it starts.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "cmd/cmd.h"
#include "report/list.h"
#include "report/report.h"
#include "run/run.h"
#include "scenario/scenario.h"
#include "suite/suite.h"
#include "util/alloc.h"
#include "util/cleanup.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: limitbench list [--json] [--filter GLOB]... [DIR|FILE...]\n"
		"\n"
		"List scenarios without running them: each one's name, how many runs (matrix\n"
		"size x repeat), whether this machine can run it, its containers and groups\n"
		"with their limits (a swept limit shows each value: memory=64M|128M), and its\n"
		"description.  MACHINE is ok; skip (its `requires` is not met: `run` reports it\n"
		"SKIPPED, the reason below the table); no (a controller or kernel file it needs\n"
		"is missing: `run` exits 3); or unknown (no cgroup filesystem to look at).\n"
		"A DIR stands for every *.scn under it, subfolders too, in name order; no\n"
		"argument lists scenarios/.\n"
		"\n"
		"options:\n"
		"      --json          a JSON array, one object per scenario, on stdout\n"
		"      --filter GLOB   only the scenarios (NAME) or matrix runs\n"
		"                      (NAME/PARAM=VALUE[,...]) `run --filter` would run;\n"
		"                      repeatable\n"
		"  -h, --help          this help\n"
		"\n"
		"exit status: 0; 2 when a file is invalid (its problems on stderr as\n"
		"FILE:LINE:COL: message, the other files listed) or nothing matches.\n");
}

/* The verdict of `run`'s checks before it starts, for one scenario. */
static void machine_check(struct lb_list_entry *e, const struct lb_cg_hier *h,
			  const struct lb_host_info *host, char **reason)
{
	lb_error err = {0};

	if (!h) {
		e->machine = LB_LIST_UNKNOWN;
		*reason = lb_xstrdup("no cgroup filesystem under /sys/fs/cgroup to check against");
	} else if (!lb_requires_check(&e->scn->requires, h, host, reason)) {
		e->machine = LB_LIST_SKIP;
	} else if (lb_run_check_controllers(e->scn, h, &err) < 0) {
		e->machine = LB_LIST_CANNOT;
		*reason = lb_xstrdup(err.msg);
	} else {
		e->machine = LB_LIST_OK;
	}
	e->reason = *reason;
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"filter", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	_cleanup_free_ const char **filters = lb_xcalloc((size_t)argc + 1, sizeof(*filters));
	size_t n_filters = 0, n_paths = 0, n = 0;
	char **paths = NULL, *dflt[] = {"scenarios"};
	struct lb_scenario **scns = NULL;
	struct lb_list_entry *entries = NULL;
	char **reasons = NULL;
	struct lb_cg_hier hier = {0};
	bool have_hier = false, json = false;
	struct lb_host_info host;
	lb_error err = {0};
	int c, rc = LB_EXIT_OK;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'f':
			if (lb_suite_filter_check(optarg, &err) < 0) {
				fprintf(stderr, "limitbench list: %s\n", err.msg);
				return LB_EXIT_USAGE;
			}
			filters[n_filters++] = optarg;
			break;
		case 'h':
			usage(stdout);
			return LB_EXIT_OK;
		default:
			fprintf(stderr, "limitbench list: unknown or incomplete option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return LB_EXIT_USAGE;
		}
	}
	if (optind < argc ? lb_suite_collect(argv + optind, (size_t)(argc - optind), &paths,
					     &n_paths, &err) < 0
			  : lb_suite_collect(dflt, 1, &paths, &n_paths, &err) < 0) {
		fprintf(stderr, "limitbench list: %s\n", err.msg);
		return LB_EXIT_USAGE;
	}
	scns = lb_xcalloc(n_paths + 1, sizeof(*scns));
	entries = lb_xcalloc(n_paths + 1, sizeof(*entries));
	reasons = lb_xcalloc(n_paths + 1, sizeof(*reasons));
	for (size_t i = 0; i < n_paths; i++) {
		struct lb_diags diags = {0};
		struct lb_scenario *s = NULL;

		if (lb_scenario_load(paths[i], NULL, 0, &s, &diags, &err) < 0) {
			for (size_t k = 0; k < diags.n; k++) {
				_cleanup_free_ char *line = lb_diag_format(&diags.v[k]);

				fprintf(stderr, "%s\n", line);
			}
			if (!diags.n)
				fprintf(stderr, "limitbench list: %s\n", err.msg);
			lb_diags_free(&diags);
			rc = LB_EXIT_USAGE;
			continue;
		}
		lb_diags_free(&diags);
		if (!lb_suite_filter_apply(s, filters, n_filters)) {
			lb_scenario_free(s);
			continue;
		}
		scns[n] = s;
		entries[n++].scn = s;
	}
	if (n_filters && !n && rc == LB_EXIT_OK) {
		fprintf(stderr, "limitbench list: no scenario or run matches the --filter given\n");
		rc = LB_EXIT_USAGE;
	}

	/* The machine, as `run` sees it before it starts; without cgroups: unknown. */
	if (lb_cg_detect(&hier, &err) == 0) {
		have_hier = true;
		if (hier.mode != LB_CG_NONE)
			lb_host_info_fill(&host, lb_cg_mode_name(hier.mode),
					  hier.use_v2 ? "v2" : "v1", "");
	}
	for (size_t i = 0; i < n; i++)
		machine_check(&entries[i], have_hier && hier.mode != LB_CG_NONE ? &hier : NULL,
			      &host, &reasons[i]);

	if (json) {
		if (lb_list_print_json(stdout, entries, n, &err) < 0)
			rc = lb_cmd_fail(&err);
	} else if (n) {
		lb_list_print_table(stdout, entries, n);
	}

	for (size_t i = 0; i < n; i++) {
		lb_scenario_free(scns[i]);
		free(reasons[i]);
	}
	free(scns);
	free(entries);
	free(reasons);
	lb_suite_paths_free(paths, n_paths);
	if (have_hier)
		lb_cg_hier_free(&hier);
	return rc;
}
