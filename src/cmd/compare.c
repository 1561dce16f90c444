/* SPDX-License-Identifier: MIT */
/* limitbench compare: the regression gate between two finished results. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "compare/compare.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/units.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: limitbench compare [OPTIONS] BASELINE CURRENT...\n"
	    "       limitbench compare [OPTIONS] -b BASELINE [-b BASELINE...] CURRENT...\n"
	    "\n"
	    "Compare finished results (read from their summary.json files; nothing is run).\n"
	    "Each side is one or more paths read as one set of results (one folder per shard\n"
	    "or host): a results folder (run -o DIR, or a folder of them), a scenario folder\n"
	    "(DIR/<scenario>: its summary.json, or latest/ when the last run there was a\n"
	    "single run), a run folder or a summary.json of either kind.  Without -b the\n"
	    "first path is the baseline.  Runs line up by scenario and run name (its\n"
	    "parameters); when the parameters differ and a scenario has one run on each side,\n"
	    "those two are compared.  Runs present on one side only are listed, not failures.\n"
	    "\n"
	    "How it decides:\n"
	    "  - expectations first: held in every baseline repeat and fails now: REGRESSED;\n"
	    "    failed and holds now: improved\n"
	    "  - every figure has a better side: lower for memory, CPU time, wall time,\n"
	    "    throttling, time-to-OOM, OOM kills, refused forks and an expectation's error;\n"
	    "    none for the CPU share (cpu.mean) and the exit code (either way is a change)\n"
	    "  - a measured figure is REGRESSED when its mean moved the bad way by more than\n"
	    "    the threshold and a floor (1M, 50ms, 0.05 cores, 0.01 of an error) and, with\n"
	    "    2 or more runs on both sides, Welch's two-sided t-test gives p < 0.05; the\n"
	    "    good way, it is improved (never a failure); beyond the threshold with one\n"
	    "    run on a side it is \"untested\": the gate is weak, and only verdicts and\n"
	    "    exact counters decide; the CPU share is gated only under a CPU limit\n"
	    "  - exact counters (oom_kills, pids_denied, exit) regress when a current value lies\n"
	    "    beyond every baseline value on the bad side, with one run too\n"
	    "  - not gated: start-up transients (series minima, cpu max and p95) and limits as\n"
	    "    given; a scenario whose file (sha256), parameters or limits differ is \"scenario\n"
	    "    changed\" (the differences are listed), and the figures of a limit that\n"
	    "    differs are \"limit changed\", not regressions\n"
	    "  - a run that now ends in error or timeout (and never did) is RUN BROKEN\n"
	    "\n"
	    "options:\n"
	    "  -b, --baseline PATH   a baseline path (repeatable); then every argument is current\n"
	    "  -t, --threshold PCT   relative change of a mean that counts, in percent\n"
	    "                        (10 or 10%%; default 10%%)\n"
	    "  -i, --ignore PATTERN  leave metrics matching the glob PATTERN out of the gate:\n"
	    "                        matched against the key (duration_s, hog.mem_peak,\n"
	    "                        hog.cpu.max) and CONTAINER.METRIC (hog.cpu); repeatable\n"
	    "      --markdown        print a Markdown table (for a CI comment)\n"
	    "      --only-changes    leave rows that are ok, hold or are not gated out of the\n"
	    "                        table\n"
	    "      --json            print the comparison as JSON instead of the table\n"
	    "      --junit FILE      also write it as JUnit XML: a testsuite per run, a testcase\n"
	    "                        per expectation and figure (failure: a regression;\n"
	    "                        skipped: not gated)\n"
	    "  -h, --help            this help\n"
	    "\n"
	    "exit status: 0 no regression, 1 a regression (each is named at the end),\n"
	    "2 bad usage, unreadable input, or nothing compared (no run on both sides).\n");
}

/* "10", "10%", "2.5%" -> 0.10, 0.10, 0.025 */
static int parse_percent(const char *s, double *out)
{
	_cleanup_free_ char *num = lb_xstrdup(s);
	size_t len = strlen(num);
	lb_error err = {0};
	double v;

	if (len && num[len - 1] == '%')
		num[len - 1] = '\0';
	if (lb_parse_decimal(num, &v, &err) < 0)
		return -1;
	*out = v / 100.0;
	return 0;
}

/* "a, b, c" */
static char *join(const char *const *v, size_t n)
{
	char *s = lb_xstrdup(n ? v[0] : "");

	for (size_t i = 1; i < n; i++) {
		char *t = lb_xasprintf("%s, %s", s, v[i]);
		free(s);
		s = t;
	}
	return s;
}

int cmd_compare(int argc, char **argv)
{
	enum { OPT_MARKDOWN = 256, OPT_ONLY_CHANGES, OPT_JSON, OPT_JUNIT };
	static const struct option opts[] = {
	    {"baseline", required_argument, NULL, 'b'},
	    {"threshold", required_argument, NULL, 't'},
	    {"ignore", required_argument, NULL, 'i'},
	    {"markdown", no_argument, NULL, OPT_MARKDOWN},
	    {"only-changes", no_argument, NULL, OPT_ONLY_CHANGES},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"junit", required_argument, NULL, OPT_JUNIT},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct lb_compare_gate g = {.opts = LB_COMPARE_OPTS_DEFAULT};
	_cleanup_free_ const char **ignore = lb_xcalloc((size_t)argc + 1, sizeof(*ignore));
	_cleanup_free_ const char **base = lb_xcalloc((size_t)argc + 1, sizeof(*base));
	_cleanup_free_ char *base_label = NULL, *cur_label = NULL;
	size_t n_base = 0;
	lb_error err = {0};
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "b:t:i:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			base[n_base++] = optarg;
			break;
		case 't':
			if (parse_percent(optarg, &g.opts.threshold) < 0) {
				fprintf(stderr,
					"limitbench compare: --threshold takes a percentage "
					"such as 10 or 10%%, not '%s'\n",
					optarg);
				return LB_EXIT_USAGE;
			}
			break;
		case 'i':
			ignore[g.opts.n_ignore++] = optarg;
			break;
		case OPT_MARKDOWN:
			g.print.markdown = true;
			break;
		case OPT_ONLY_CHANGES:
			g.print.only_changes = true;
			break;
		case OPT_JSON:
			g.json = true;
			break;
		case OPT_JUNIT:
			g.junit = optarg;
			break;
		case 'h':
			usage(stdout);
			return LB_EXIT_OK;
		case '?':
		default:
			if (optopt)
				fprintf(stderr,
					"limitbench compare: bad or incomplete option '-%c'\n",
					optopt);
			else
				fprintf(stderr, "limitbench compare: unknown option '%s'\n",
					argv[optind - 1]);
			usage(stderr);
			return LB_EXIT_USAGE;
		}
	}
	if (!n_base && optind < argc)
		base[n_base++] = argv[optind++];
	if (!n_base || optind >= argc) {
		int got = argc - optind + (int)n_base;
		fprintf(stderr,
			"limitbench compare: expected BASELINE and CURRENT, got %d "
			"argument%s\n",
			got, got == 1 ? "" : "s");
		usage(stderr);
		return LB_EXIT_USAGE;
	}
	if (g.json && g.print.markdown) {
		fprintf(stderr, "limitbench compare: --json and --markdown exclude each other\n");
		return LB_EXIT_USAGE;
	}
	g.opts.ignore = ignore;
	g.baseline = base;
	g.n_baseline = n_base;
	g.current = (const char *const *)&argv[optind];
	g.n_current = (size_t)(argc - optind);
	base_label = join(g.baseline, g.n_baseline);
	cur_label = join(g.current, g.n_current);
	g.print.base_label = base_label;
	g.print.cur_label = cur_label;
	rc = lb_compare_gate(&g, stdout, &err);
	if (rc < 0) {
		fflush(stdout);
		fprintf(stderr, "limitbench compare: %s\n", err.msg);
		return err.kind == LB_ERR_USAGE ? LB_EXIT_USAGE : lb_cmd_fail(&err);
	}
	return rc ? LB_EXIT_FAIL : LB_EXIT_OK;
}
