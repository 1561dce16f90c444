/* SPDX-License-Identifier: MIT */
/* limitbench check: parse and validate scenario files, run nothing. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "cmd/cmd.h"
#include "report/report.h"
#include "run/run.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/cleanup.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: limitbench check [-q] [--set NAME=VALUE]... SCENARIO...\n"
	    "\n"
	    "Parse and validate scenario files without running anything.  Every problem is\n"
	    "printed on stderr as FILE:LINE:COL: message; a valid file prints\n"
	    "\"FILE: ok (N runs, M containers, K expectations)\" on stdout.\n"
	    "\n"
	    "options:\n"
	    "  -q, --quiet           print only the problems\n"
	    "  -s, --set NAME=VALUE  check as `run --set` would run it: pin a matrix parameter,\n"
	    "                        or override sample, timeout, repeat, name or description\n"
	    "  -h, --help            this help\n"
	    "\n"
	    "exit status: 0 every file is valid, 2 a file has problems or cannot be read.\n"
	    "The file format is described in limitbench-scenario(5).\n");
}

/*
 * A key the kernel of this machine cannot honour (cpu-idle without cpu.idle) is a problem
 * here as at `run`, unless the scenario's requires skip it on this machine.  With no cgroup
 * filesystem to look at there is no machine to check against.
 */
static int check_machine(const struct lb_scenario *s, lb_error *err)
{
	struct lb_cg_hier h = {0};
	struct lb_host_info host = {0};
	_cleanup_free_ char *reason = NULL;
	lb_error ignored = {0};
	int rc = 0;

	if (lb_cg_detect(&h, &ignored) < 0)
		return 0;
	if (h.mode != LB_CG_NONE) {
		lb_host_info_fill(&host, lb_cg_mode_name(h.mode), h.use_v2 ? "v2" : "v1", "");
		if (lb_requires_check(&s->requires, &h, &host, &reason))
			rc = lb_run_check_kernel(s, &h, err);
	}
	lb_cg_hier_free(&h);
	return rc;
}

static int check_one(const char *path, const struct lb_set *sets, size_t n_sets, bool quiet)
{
	struct lb_diags diags = {0};
	struct lb_scenario *s = NULL;
	lb_error err = {0};

	if (lb_scenario_load(path, sets, n_sets, &s, &diags, &err) < 0) {
		for (size_t i = 0; i < diags.n; i++) {
			char *line = lb_diag_format(&diags.v[i]);
			fprintf(stderr, "%s\n", line);
			free(line);
		}
		/* Without diagnostics the file could not be read: say why, as cat would. */
		if (diags.n == 0)
			fprintf(stderr, "%s\n", err.msg);
		lb_diags_free(&diags);
		return LB_EXIT_USAGE;
	}
	if (check_machine(s, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		lb_scenario_free(s);
		lb_diags_free(&diags);
		return LB_EXIT_USAGE;
	}
	if (!quiet) {
		size_t runs = 0;
		for (size_t i = 0; i < s->n_runs; i++)
			runs += s->runs[i].repeat;
		size_t ctrs = s->n_runs ? s->runs[0].n_ctrs : 0;
		size_t exps = s->n_runs ? s->runs[0].n_expects : 0;
		size_t groups = s->n_runs ? s->runs[0].n_groups : 0;
		char gtext[64] = ""; /* said only when there are groups */
		if (groups)
			snprintf(gtext, sizeof(gtext), ", %zu group%s", groups,
				 groups == 1 ? "" : "s");
		printf("%s: ok (%zu run%s, %zu container%s%s, %zu expectation%s)\n", path, runs,
		       runs == 1 ? "" : "s", ctrs, ctrs == 1 ? "" : "s", gtext, exps,
		       exps == 1 ? "" : "s");
	}
	lb_scenario_free(s);
	lb_diags_free(&diags);
	return LB_EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"quiet", no_argument, NULL, 'q'},
	    {"set", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct lb_set *sets = lb_xcalloc((size_t)argc + 1, sizeof(*sets));
	size_t n_sets = 0;
	bool quiet = false;
	int c, rc = LB_EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qs:h", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = true;
			break;
		case 's': {
			char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				fprintf(stderr,
					"limitbench check: --set wants NAME=VALUE, not '%s'\n",
					optarg);
				free(sets);
				return LB_EXIT_USAGE;
			}
			*eq = '\0';
			sets[n_sets++] = (struct lb_set){optarg, eq + 1};
			break;
		}
		case 'h':
			usage(stdout);
			free(sets);
			return LB_EXIT_OK;
		default:
			usage(stderr);
			free(sets);
			return LB_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "limitbench check: no scenario file given\n");
		usage(stderr);
		free(sets);
		return LB_EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++)
		if (check_one(argv[i], sets, n_sets, quiet) != LB_EXIT_OK)
			rc = LB_EXIT_USAGE;
	free(sets);
	return rc;
}
