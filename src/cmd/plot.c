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
		"  the results folder itself (OUT/): every scenario folder in it; a folder of\n"
		"      results folders (one per shard or host, `run --shard`): theirs\n"
		"\n"
		"The folders of one scenario given together (the shards of a suite) draw its\n"
		"enforcement curves as one, from all their runs, into the first of them.\n"
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

/* The folders to draw, from the arguments: run folders, and scenario folders. */
struct targets {
	char **runs, **scns;
	size_t n_runs, cap_runs, n_scns, cap_scns;
};

static void add(char ***v, size_t *n, size_t *cap, const char *dir)
{
	lb_xgrow(v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = lb_xstrdup(dir);
}

/* A results folder (OUT/): its scenario folders; a folder of results folders (one per
 * shard or host, as CI artifacts are unpacked): theirs, `depth` levels down.  How many. */
static size_t gather_root(const char *dir, int depth, struct targets *t)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort);
	size_t found = 0;

	for (int i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			char *sub = lb_xasprintf("%s/%s", dir, ents[i]->d_name);
			struct stat st;

			if (lb_plot_dir_kind(sub) == LB_PLOT_DIR_SCENARIO) {
				add(&t->scns, &t->n_scns, &t->cap_scns, sub);
				found++;
			} else if (depth > 0 && stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
				found += gather_root(sub, depth - 1, t);
			}
			free(sub);
		}
		free(ents[i]);
	}
	free(ents);
	return found;
}

static int gather(const char *dir, struct targets *t)
{
	enum lb_plot_dir_kind kind = lb_plot_dir_kind(dir);
	struct stat st;

	if (kind == LB_PLOT_DIR_RUN) {
		add(&t->runs, &t->n_runs, &t->cap_runs, dir);
		return LB_EXIT_OK;
	}
	if (kind == LB_PLOT_DIR_SCENARIO) {
		add(&t->scns, &t->n_scns, &t->cap_scns, dir);
		return LB_EXIT_OK;
	}
	errno = 0;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		int e = errno;
		_cleanup_free_ char *shown = lb_text_term(dir);

		fprintf(stderr, "limitbench plot: %s: %s\n", shown,
			e ? strerror(e) : "not a folder");
		return LB_EXIT_USAGE;
	}
	if (!gather_root(dir, 2, t)) {
		_cleanup_free_ char *shown = lb_text_term(dir);

		fprintf(stderr,
			"limitbench plot: %s: not a result folder (no summary.json with "
			"samples.tsv, no run or scenario folders in it)\n",
			shown);
		return LB_EXIT_USAGE;
	}
	return LB_EXIT_OK;
}

/* The name of a scenario folder (its last component). */
static const char *base(const char *dir)
{
	const char *s = strrchr(dir, '/');
	return s && s[1] ? s + 1 : dir;
}

/*
 * Draw one scenario folder: its runs, and (first of its name) the enforcement curves of
 * every folder of that scenario among the targets, as one sweep: the shards of a suite
 * hold its runs between them.  figs: figures drawn, or -1.
 */
static int draw_scenario(const struct targets *t, size_t i, const struct lb_plot_opts *o,
			 char **text, lb_error *err, size_t *n_same)
{
	const char *dir = t->scns[i];
	const char **same = lb_xcalloc(t->n_scns + 1, sizeof(*same));
	char **runs = NULL;
	size_t n_runs = 0, n = 0;
	bool first = true;
	int figs = 0, k;

	for (size_t j = 0; j < t->n_scns; j++)
		if (!strcmp(base(t->scns[j]), base(dir))) {
			if (j < i)
				first = false;
			same[n++] = t->scns[j];
		}
	*n_same = first ? n : 0;
	if (lb_plot_list_runs(dir, &runs, &n_runs, err) < 0)
		figs = -1;
	for (size_t r = 0; r < n_runs && figs >= 0; r++) {
		k = lb_plot_draw_run(runs[r], o, text, err);
		figs = k < 0 ? -1 : figs + k;
	}
	if (figs >= 0 && first) {
		k = lb_plot_draw_scenarios(same, n, o, text, err);
		figs = k < 0 ? -1 : figs + k;
	}
	for (size_t r = 0; r < n_runs; r++)
		free(runs[r]);
	free(runs);
	free(same);
	return figs;
}

/* Draw everything gathered; prints what it drew.  0 or the exit code of the first failure
 * (no gnuplot, no templates: the next folder would fail the same, so it stops there). */
static int draw_all(const struct targets *t, const struct lb_plot_opts *o)
{
	int rc = LB_EXIT_OK;

	for (size_t i = 0; i < t->n_runs + t->n_scns; i++) {
		bool is_run = i < t->n_runs;
		const char *dir = is_run ? t->runs[i] : t->scns[i - t->n_runs];
		char *text = NULL;
		lb_error err = {0};
		size_t n_same = 0;
		int figs = is_run ? lb_plot_draw_run(dir, o, &text, &err)
				  : draw_scenario(t, i - t->n_runs, o, &text, &err, &n_same);

		if (text)
			fputs(text, stdout);
		free(text);
		if (figs < 0) {
			int r = lb_cmd_fail(&err);

			if (rc == LB_EXIT_OK)
				rc = r;
			if (r == LB_EXIT_ENV)
				return rc;
			continue;
		}
		/* a folder found in OUT is named by whoever wrote it: shown as text */
		_cleanup_free_ char *shown = lb_text_term(dir);
		if (!o->term)
			printf("%s: %d figure%s drawn (PNG and SVG)%s\n", shown, figs,
			       figs == 1 ? "" : "s",
			       n_same > 1 ? "; the sweep from the runs of every folder of this "
					    "scenario"
					  : "");
		else if (!figs)
			printf("%s: nothing to draw (no samples)\n", shown);
	}
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
	struct targets t = {0};
	int ch, r, rc = LB_EXIT_OK;

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
	/* Every folder is gathered first: the folders of one scenario (shards, hosts) draw
	 * their sweep as one. */
	for (int i = optind; i < argc; i++) {
		r = gather(argv[i], &t);
		if (r != LB_EXIT_OK && rc == LB_EXIT_OK)
			rc = r;
	}
	r = draw_all(&t, &o);
	if (r != LB_EXIT_OK && rc == LB_EXIT_OK)
		rc = r;
	for (size_t i = 0; i < t.n_runs; i++)
		free(t.runs[i]);
	for (size_t i = 0; i < t.n_scns; i++)
		free(t.scns[i]);
	free(t.runs);
	free(t.scns);
	return rc;
}
