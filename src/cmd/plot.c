/* SPDX-License-Identifier: MIT */
/*
 * limitbench plot [--term] RESULT_DIR...
 *
 * Redraw the plots of finished runs from their result files: a run folder gets mem, cpu
 * (and pids) as PNG and SVG; a scenario folder OUT/<scenario>/ gets each of its runs plus
 * the enforcement curves of its last sweep.  --term draws the same figures as text.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "plot/plot.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/text.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: limitbench plot [--term] [--size COLSxROWS] RESULT_DIR...\n"
		"\n"
		"(Re)draw the plots of finished runs with gnuplot, from their result files only\n"
		"(summary.json, samples.tsv, events.tsv).\n"
		"\n"
		"  a run folder (OUT/<scenario>/<run>/): mem.png, cpu.png and, when a pids limit\n"
		"      is set, pids.png, each with an .svg beside it\n"
		"  a scenario folder (OUT/<scenario>/): every run in it, plus the enforcement\n"
		"      curves of its last sweep (enforcement-<param>.png/.svg: each swept limit\n"
		"      against what was measured, mean +/- stddev over repeats)\n"
		"  the results folder itself (OUT/): every scenario folder in it\n"
		"\n"
		"options:\n"
		"      --term           draw the figures as text on stdout (gnuplot's dumb\n"
		"                       terminal) instead of writing files\n"
		"      --size COLSxROWS the size of a text figure (default: the terminal's, or\n"
		"                       100x30)\n"
		"  -h, --help           this help\n"
		"\n"
		"The gnuplot templates are found in $LIMITBENCH_PLOTS, else beside the program\n"
		"(plots/ in the source tree, ../share/limitbench/plots when installed).\n"
		"$LIMITBENCH_GNUPLOT names the gnuplot to run (default: gnuplot on PATH).\n"
		"Both name code that runs: they are trusted configuration.  The result files are\n"
		"not: their text is shown, never run (no name or value is gnuplot code).\n");
}

static int parse_size(const char *s, struct lb_plot_opts *o)
{
	unsigned c, r;
	char x, tail;

	if (sscanf(s, "%u%c%u%c", &c, &x, &r, &tail) != 3 || (x != 'x' && x != 'X') || c < 20 ||
	    r < 8 || c > 1000 || r > 1000)
		return -1;
	o->cols = c;
	o->rows = r;
	return 0;
}

static int plot_one(const char *dir, const struct lb_plot_opts *o);

/* OUT itself (results/): every scenario folder in it. */
static int plot_out_root(const char *dir, const struct lb_plot_opts *o)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort), found = 0, rc = LB_EXIT_OK;

	for (int i = 0; i < n; i++) {
		char *sub = NULL;

		if (ents[i]->d_name[0] != '.' && rc != LB_EXIT_ENV) {
			sub = lb_xasprintf("%s/%s", dir, ents[i]->d_name);
			if (lb_plot_dir_kind(sub) == LB_PLOT_DIR_SCENARIO) {
				int r = plot_one(sub, o);

				found++;
				if (r != LB_EXIT_OK && rc == LB_EXIT_OK)
					rc = r;
			}
		}
		free(sub);
		free(ents[i]);
	}
	free(ents);
	if (!found) {
		fprintf(stderr,
			"limitbench plot: %s: not a result folder (no summary.json with "
			"samples.tsv, no run or scenario folders in it)\n",
			dir);
		return LB_EXIT_USAGE;
	}
	return rc;
}

/* Draw one folder; prints what it drew.  0 or an exit code. */
static int plot_one(const char *dir, const struct lb_plot_opts *o)
{
	enum lb_plot_dir_kind kind = lb_plot_dir_kind(dir);
	char *text = NULL;
	char **runs = NULL;
	size_t n_runs = 0;
	lb_error err = {0};
	int figs = 0, n, rc = LB_EXIT_OK;

	if (kind == LB_PLOT_DIR_NONE) {
		struct stat st;

		errno = 0;
		if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			int e = errno;
			_cleanup_free_ char *shown = lb_text_term(dir);

			fprintf(stderr, "limitbench plot: %s: %s\n", shown,
				e ? strerror(e) : "not a folder");
			return LB_EXIT_USAGE;
		}
		return plot_out_root(dir, o);
	}
	if (kind == LB_PLOT_DIR_RUN) {
		figs = lb_plot_draw_run(dir, o, &text, &err);
	} else if (lb_plot_list_runs(dir, &runs, &n_runs, &err) < 0) {
		figs = -1;
	} else {
		for (size_t i = 0; i < n_runs && figs >= 0; i++) {
			n = lb_plot_draw_run(runs[i], o, &text, &err);
			figs = n < 0 ? -1 : figs + n;
		}
		if (figs >= 0) {
			n = lb_plot_draw_scenario(dir, o, &text, &err);
			figs = n < 0 ? -1 : figs + n;
		}
		for (size_t i = 0; i < n_runs; i++)
			free(runs[i]);
		free(runs);
	}
	if (text)
		fputs(text, stdout);
	free(text);
	if (figs < 0)
		return lb_cmd_fail(&err);
	/* a folder found in OUT is named by whoever wrote it: shown as text */
	_cleanup_free_ char *shown = lb_text_term(dir);
	if (!o->term)
		printf("%s: %d figure%s drawn (PNG and SVG)\n", shown, figs, figs == 1 ? "" : "s");
	else if (!figs)
		printf("%s: nothing to draw (no samples)\n", shown);
	return rc;
}

int cmd_plot(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"term", no_argument, NULL, 't'},
	    {"size", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	struct lb_plot_opts o = {0};
	int ch, rc = LB_EXIT_OK;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 't':
			o.term = true;
			break;
		case 's':
			if (parse_size(optarg, &o) < 0) {
				fprintf(stderr,
					"limitbench plot: --size takes COLSxROWS (e.g. 120x40), "
					"not '%s'\n",
					optarg);
				return LB_EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return LB_EXIT_OK;
		case '?':
		default:
			fprintf(stderr, "limitbench plot: unknown option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return LB_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "limitbench plot: no result folder given\n");
		usage(stderr);
		return LB_EXIT_USAGE;
	}
	o.color = o.term && isatty(STDOUT_FILENO);
	if (o.term && !o.cols) {
		struct winsize ws;

		/* the figure fills the terminal it is drawn on */
		if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
		    ws.ws_col >= 40 && ws.ws_row >= 12) {
			o.cols = ws.ws_col;
			o.rows = ws.ws_row - 2u;
		}
	}
	for (int i = optind; i < argc; i++) {
		int r = plot_one(argv[i], &o);

		if (r != LB_EXIT_OK && rc == LB_EXIT_OK)
			rc = r;
		if (r == LB_EXIT_ENV)
			break; /* no gnuplot, no templates: the next folder would fail the same */
	}
	return rc;
}
