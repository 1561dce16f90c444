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
	    "usage: limitbench compare [OPTIONS] BASELINE CURRENT\n"
	    "\n"
	    "Compare finished results (read from their summary.json files; nothing is run).\n"
	    "BASELINE and CURRENT are each a results folder (run -o DIR), a scenario folder\n"
	    "(DIR/<scenario>: its summary.json, or latest/ when the last run there was a\n"
	    "single run), a run folder or a summary.json of either kind.  Runs line up\n"
	    "by scenario and run name (its parameters); when the parameters differ and a\n"
	    "scenario has one run on each side, those two are compared.  Runs present on\n"
	    "one side only are listed, not failures.\n"
	    "\n"
	    "For every run it prints each expectation and metric: baseline, current (mean ±\n"
	    "standard deviation over the repeats), change, p and a verdict.  A metric\n"
	    "regresses when its mean changed by more than the threshold and, when both sides\n"
	    "have repeats (n >= 2), Welch's two-sided t-test gives p < 0.05; with one value on\n"
	    "a side the threshold alone decides.  An expectation regresses when it held on\n"
	    "every baseline repeat and fails or errors now.  A run regresses when it now ends\n"
	    "in error or timeout and never did in the baseline.\n"
	    "\n"
	    "options:\n"
	    "  -t, --threshold PCT   relative change of a mean that counts, in percent\n"
	    "                        (10 or 10%%; default 10%%)\n"
	    "  -i, --ignore PATTERN  leave metrics matching the glob PATTERN out of the gate:\n"
	    "                        matched against the key (duration_s, hog.mem_peak,\n"
	    "                        hog.cpu.max) and CONTAINER.METRIC (hog.cpu); repeatable\n"
	    "      --markdown        print a Markdown table (for a CI comment)\n"
	    "      --only-changes    leave rows that are ok, hold or are ignored out of the table\n"
	    "  -h, --help            this help\n"
	    "\n"
	    "exit status: 0 no regression, 1 a regression (each is named at the end),\n"
	    "2 bad usage or unreadable input.\n");
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

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"threshold", required_argument, NULL, 't'},
	    {"ignore", required_argument, NULL, 'i'},
	    {"markdown", no_argument, NULL, 'm'},
	    {"only-changes", no_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct lb_compare_gate g = {.opts = LB_COMPARE_OPTS_DEFAULT};
	_cleanup_free_ const char **ignore = lb_xcalloc((size_t)argc + 1, sizeof(*ignore));
	lb_error err = {0};
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "t:i:h", opts, NULL)) != -1) {
		switch (c) {
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
		case 'm':
			g.print.markdown = true;
			break;
		case 'c':
			g.print.only_changes = true;
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
	if (argc - optind != 2) {
		fprintf(stderr,
			"limitbench compare: expected BASELINE and CURRENT, got %d "
			"argument%s\n",
			argc - optind, argc - optind == 1 ? "" : "s");
		usage(stderr);
		return LB_EXIT_USAGE;
	}
	g.opts.ignore = ignore;
	g.baseline = argv[optind];
	g.current = (const char *const *)&argv[optind + 1];
	g.n_current = 1;
	g.print.base_label = g.baseline;
	g.print.cur_label = argv[optind + 1];
	rc = lb_compare_gate(&g, stdout, &err);
	if (rc < 0) {
		fflush(stdout);
		fprintf(stderr, "limitbench compare: %s\n", err.msg);
		return err.kind == LB_ERR_USAGE ? LB_EXIT_USAGE : lb_cmd_fail(&err);
	}
	return rc ? LB_EXIT_FAIL : LB_EXIT_OK;
}
