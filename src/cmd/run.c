/* SPDX-License-Identifier: MIT */
/*
 * limitbench run [OPTIONS] SCENARIO...
 *
 * Validate every file first (nothing runs if one is wrong), check the machine, then run the
 * scenarios one after the other and print what they measured.  This file does the talking:
 * the progress line, plain lines for a pipe, events with -v, the table at the end.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "compare/compare.h"
#include "report/report.h"
#include "report/openmetrics.h"
#include "report/tap.h"
#include "run/run.h"
#include "scenario/scenario.h"
#include "suite/suite.h"
#include "supervise/supervise.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/oom.h"
#include "util/signame.h"
#include "util/text.h"
#include "util/units.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: limitbench run [OPTIONS] SCENARIO|DIR...\n"
	    "\n"
	    "Run scenario files: start their containers with the limits they name, sample\n"
	    "them, check their expectations and write the results.  A DIR stands for every\n"
	    "*.scn under it, subfolders too, in name order (`limitbench list DIR` shows\n"
	    "them).  Exit 0 only if every expectation held (a scenario whose `requires`\n"
	    "is not met is SKIPPED);\n"
	    "1 if one failed or a run timed out; 2 for bad usage or an invalid scenario\n"
	    "(nothing is run); 3 if the machine cannot run it (not root, no controller);\n"
	    "130/143 when interrupted by SIGINT/SIGTERM.\n"
	    "\n"
	    "options:\n"
	    "  -o, --out DIR        results go to DIR/<scenario>/<timestamp>[-<params>][-r<i>]/\n"
	    "                       (default results/); DIR/<scenario>/latest is the newest\n"
	    "      --junit FILE     also write a JUnit XML report (one testsuite per scenario,\n"
	    "                       one testcase per expectation per run)\n"
	    "      --json           print the machine-readable report on stdout instead of the\n"
	    "                       table\n"
	    "      --tap            print TAP version 13 on stdout instead of the table (for\n"
	    "                       prove and kselftest runners): the plan, a line per run\n"
	    "                       and per expectation, # SKIP for a skipped scenario\n"
	    "      --openmetrics FILE  also write every container's and group's scalars and\n"
	    "                       series summaries as gauges in the Prometheus/OpenMetrics\n"
	    "                       text format (node_exporter's textfile collector, the\n"
	    "                       Pushgateway), labelled scenario, params, repeat,\n"
	    "                       container, kind, runtime\n"
	    "      --no-plot        do not draw the plots (mem.png, cpu.png... with gnuplot)\n"
	    "      --repeat N       run every combination N times (overrides `repeat`)\n"
	    "      --set NAME=VALUE pin a matrix parameter or set a top-level key (sample,\n"
	    "                       timeout, repeat, name, description); repeatable\n"
	    "      --baseline DIR|FILE  after the run, compare its scenarios with a baseline\n"
	    "                       (results of an earlier run) as `limitbench compare` does\n"
	    "                       (10%% threshold, Welch's t-test with repeats, directions,\n"
	    "                       exact counters) and exit 1 on a regression, 2 when\n"
	    "                       nothing could be compared\n"
	    "      --shard I/N      run only every N-th run of the suite, from the I-th\n"
	    "                       (1 <= I <= N), counted over every scenario's matrix and\n"
	    "                       repeats in order: N machines with I = 1..N run it all\n"
	    "                       once; `compare` and `plot` take their folders as one\n"
	    "      --filter GLOB    run only the scenarios whose name matches GLOB, or with\n"
	    "                       NAME/PARAM=VALUE[,PARAM=VALUE...] only those matrix runs\n"
	    "                       (mem-sweep/limit=64M; VALUE a glob too); repeatable: a\n"
	    "                       run runs when any filter selects it; none: exit 2\n"
	    "  -q, --quiet          print only what failed: failed expectations, runs and errors\n"
	    "  -v, --verbose        print every event (start, exit, oom_kill, signals...) as it\n"
	    "                       happens\n"
	    "  -h, --help           this help\n");
}

struct ui {
	bool quiet, verbose, tty, json;
	bool line_shown;	    /* a progress line is on screen */
	unsigned run_no, run_total; /* position in the current scenario */
};

static void ui_clear(struct ui *ui)
{
	if (ui->line_shown) {
		fputs("\r\033[K", stderr);
		ui->line_shown = false;
	}
}

static void on_run_start(void *arg, const struct lb_run_result *r, unsigned i, unsigned n,
			 double limit_s)
{
	struct ui *ui = arg;
	char lim[32];

	ui->run_no++;
	if (ui->quiet || ui->tty)
		return;
	_cleanup_free_ char *name = lb_text_term(r->run_name);
	fprintf(stderr, "run %s (%u/%u): started, up to %s\n", name, ui->run_no, ui->run_total,
		lb_format_duration(lim, sizeof(lim), limit_s));
}

static void on_progress(void *arg, const struct lb_run_result *r, double elapsed, double limit_s)
{
	struct ui *ui = arg;
	char line[512], a[32], b[32];
	struct winsize ws;
	size_t len;
	/* a run name holds matrix values: shown as text, never as escape sequences */
	_cleanup_free_ char *name = lb_text_term(r->run_name);

	len = (size_t)snprintf(line, sizeof(line), "%s  run %u/%u  %s/%s", name, ui->run_no,
			       ui->run_total, lb_format_duration(a, sizeof(a), elapsed),
			       lb_format_duration(b, sizeof(b), limit_s));
	for (size_t i = 0; i < r->n_ctrs && len < sizeof(line); i++) {
		const struct lb_ctr_result *c = &r->ctrs[i];
		const struct lb_series *mem = &c->series[LB_SERIES_MEM];
		const struct lb_series *cpu = &c->series[LB_SERIES_CPU];

		_cleanup_free_ char *cname = lb_text_term(c->name);

		len += (size_t)snprintf(line + len, sizeof(line) - len, "  %s %s %.2f cpu", cname,
					mem->n ? lb_format_size(a, sizeof(a), mem->v[mem->n - 1])
					       : "-",
					cpu->n ? cpu->v[cpu->n - 1] : 0.0);
	}
	/* One line that \r can redraw: cut it at the terminal's width. */
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 &&
	    ws.ws_col <= sizeof(line) && len >= ws.ws_col)
		line[ws.ws_col - 1] = '\0';
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
	ui->line_shown = true;
}

static void on_event(void *arg, const struct lb_run_result *r, const struct lb_event *ev)
{
	struct ui *ui = arg;

	if (!ui->verbose || ui->quiet)
		return;
	ui_clear(ui);
	_cleanup_free_ char *ctr = lb_text_term(ev->container[0] ? ev->container : "-");
	_cleanup_free_ char *event = lb_text_term(ev->event);
	_cleanup_free_ char *detail = lb_text_term(ev->detail);
	fprintf(stderr, "  %8.3fs  %-12s %-11s %s\n", ev->t, ctr, event, detail);
}

static void on_run_end(void *arg, const struct lb_run_result *r, const char *dir)
{
	struct ui *ui = arg;
	char d[32];

	ui_clear(ui);
	if (ui->quiet)
		return;
	_cleanup_free_ char *name = lb_text_term(r->run_name);
	if (r->outcome == LB_OUTCOME_SKIPPED) {
		_cleanup_free_ char *why = lb_text_term(r->skip_reason ? r->skip_reason : "");

		fprintf(stderr, "run %s: SKIPPED: %s\n", name, why);
		return;
	}
	if (r->outcome == LB_OUTCOME_ERROR)
		return; /* the error itself is said once, by cmd_run */
	_cleanup_free_ char *shown_dir = lb_text_term(dir ? dir : "");
	fprintf(stderr, "run %s (%u/%u): %s in %s -> %s\n", name, ui->run_no, ui->run_total,
		lb_outcome_name(r->outcome), lb_format_duration(d, sizeof(d), r->duration),
		shown_dir);
}

static void on_warning(void *arg, const char *msg)
{
	struct ui *ui = arg;

	if (ui->quiet)
		return;
	ui_clear(ui);
	_cleanup_free_ char *text = lb_text_term(msg);
	fprintf(stderr, "limitbench run: warning: %s\n", text);
}

/* What a SIGKILLed limitbench left (its cgroups, and whatever runs in them: a workload
 * without a pid namespace outlives its harness) goes before this run starts, as `limitbench
 * cleanup` would; a live limitbench's session is never touched.  A failure here is only a
 * warning: it does not stop this run. */
static void sweep_stale(const struct lb_cg_hier *h, struct ui *ui)
{
	lb_error err = {0};
	unsigned removed = 0;

	if (lb_cg_cleanup_stale(h, "limitbench", &removed, &err) < 0) {
		on_warning(ui, err.msg);
		return;
	}
	if (removed && !ui->quiet)
		fprintf(stderr,
			"limitbench run: removed %u stale session%s under limitbench (left by a "
			"limitbench that was killed)\n",
			removed, removed == 1 ? "" : "s");
}

/* The options, gathered. */
struct opts {
	const char *out, *junit;
	const char *baseline; /* --baseline: the regression gate after the run */
	bool json, no_plot, quiet, verbose;
	unsigned repeat;
	unsigned shard_i, shard_n; /* --shard I/N; 0/0 without */
	struct lb_set *sets;
	size_t n_sets, cap_sets;
	/* i13-suite */
	const char **filters; /* --filter GLOB */
	size_t n_filters, cap_filters;
	bool tap;		 /* --tap: TAP version 13 on stdout instead of the table */
	const char *openmetrics; /* --openmetrics FILE */
};

/* "2/4" -> 2, 4 */
static int parse_shard(const char *s, unsigned *i, unsigned *n)
{
	const char *slash = strchr(s, '/');
	_cleanup_free_ char *a = slash ? lb_xstrndup(s, (size_t)(slash - s)) : NULL;
	lb_error err = {0};
	uint64_t vi, vn;

	if (!slash || lb_parse_uint(a, 1, 1000000, &vi, &err) < 0 ||
	    lb_parse_uint(slash + 1, 1, 1000000, &vn, &err) < 0 || vi > vn)
		return -1;
	*i = (unsigned)vi;
	*n = (unsigned)vn;
	return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum {
		OPT_JUNIT = 256,
		OPT_JSON,
		OPT_NO_PLOT,
		OPT_REPEAT,
		OPT_SET,
		OPT_BASELINE,
		OPT_SHARD,
		/* i13-suite */
		OPT_FILTER,
		OPT_TAP,
		OPT_OPENMETRICS,
	};
	static const struct option longopts[] = {
	    {"out", required_argument, NULL, 'o'},
	    {"junit", required_argument, NULL, OPT_JUNIT},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"no-plot", no_argument, NULL, OPT_NO_PLOT},
	    {"repeat", required_argument, NULL, OPT_REPEAT},
	    {"set", required_argument, NULL, OPT_SET},
	    {"baseline", required_argument, NULL, OPT_BASELINE},
	    {"shard", required_argument, NULL, OPT_SHARD},
	    /* i13-suite */
	    {"filter", required_argument, NULL, OPT_FILTER},
	    {"tap", no_argument, NULL, OPT_TAP},
	    {"openmetrics", required_argument, NULL, OPT_OPENMETRICS},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	int ch;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:qvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			o->out = optarg;
			break;
		case OPT_JUNIT:
			o->junit = optarg;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_NO_PLOT:
			o->no_plot = true;
			break;
		case OPT_REPEAT: {
			uint64_t v;
			lb_error err = {0};

			if (lb_parse_uint(optarg, 1, 1000000, &v, &err) < 0) {
				fprintf(stderr, "limitbench run: --repeat: %s\n", err.msg);
				return LB_EXIT_USAGE;
			}
			o->repeat = (unsigned)v;
			break;
		}
		case OPT_SET: {
			char *eq = strchr(optarg, '=');

			if (!eq || eq == optarg) {
				fprintf(stderr,
					"limitbench run: --set takes NAME=VALUE, not '%s'\n",
					optarg);
				return LB_EXIT_USAGE;
			}
			*eq = '\0';
			lb_xgrow(&o->sets, &o->cap_sets, o->n_sets + 1, sizeof(*o->sets));
			o->sets[o->n_sets].name = optarg;
			o->sets[o->n_sets].value = eq + 1;
			o->n_sets++;
			break;
		}
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_SHARD:
			if (parse_shard(optarg, &o->shard_i, &o->shard_n) < 0) {
				fprintf(stderr,
					"limitbench run: --shard takes I/N with 1 <= I <= N (e.g. "
					"2/4), not '%s'\n",
					optarg);
				return LB_EXIT_USAGE;
			}
			break;
		case OPT_FILTER: {
			lb_error err = {0};

			if (lb_suite_filter_check(optarg, &err) < 0) {
				fprintf(stderr, "limitbench run: %s\n", err.msg);
				return LB_EXIT_USAGE;
			}
			lb_xgrow(&o->filters, &o->cap_filters, o->n_filters + 1,
				 sizeof(*o->filters));
			o->filters[o->n_filters++] = optarg;
			break;
		}
		case OPT_TAP:
			o->tap = true;
			break;
		case OPT_OPENMETRICS:
			o->openmetrics = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			return -LB_EXIT_OK - 1000; /* "done, exit 0" */
		case '?':
		default:
			if (optopt)
				fprintf(stderr, "limitbench run: bad or incomplete option '-%c'\n",
					optopt);
			else
				fprintf(stderr, "limitbench run: unknown option '%s'\n",
					argv[optind - 1]);
			usage(stderr);
			return LB_EXIT_USAGE;
		}
	}
	if (o->tap && o->json) {
		fprintf(stderr,
			"limitbench run: --tap and --json both print on stdout: choose one\n");
		return LB_EXIT_USAGE;
	}
	if (optind >= argc) {
		fprintf(stderr, "limitbench run: no scenario given\n");
		usage(stderr);
		return LB_EXIT_USAGE;
	}
	return 0;
}

/* Load and validate every file; print every problem.  0 when all are good. */
static int load_all(char **files, size_t n, const struct opts *o, struct lb_scenario **scns)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		struct lb_diags diags = {0};
		lb_error err = {0};

		if (lb_scenario_load(files[i], o->sets, o->n_sets, &scns[i], &diags, &err) < 0) {
			for (size_t k = 0; k < diags.n; k++) {
				_cleanup_free_ char *line = lb_diag_format(&diags.v[k]);

				fprintf(stderr, "%s\n", line);
			}
			if (!diags.n)
				fprintf(stderr, "limitbench run: %s\n", err.msg);
			scns[i] = NULL;
			rc = LB_EXIT_USAGE;
		}
		lb_diags_free(&diags);
	}
	return rc;
}

static unsigned count_runs(const struct lb_scenario *scn, unsigned repeat)
{
	unsigned n = 0;

	for (size_t k = 0; k < scn->n_runs; k++)
		n += repeat ? repeat : (scn->runs[k].repeat ? scn->runs[k].repeat : 1);
	return n;
}

static void controllers_string(const struct lb_cg_hier *h, char *buf, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int c = 0; c < LB_CTRL_COUNT; c++)
		if (lb_cg_has(h, (enum lb_ctrl)c) && used < n)
			used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? " " : "",
						 lb_ctrl_name((enum lb_ctrl)c));
}

/* Many containers each keep a few files open (cgroup files, /proc files, pidfds). */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static bool run_failed(const struct lb_run_result *r)
{
	return r->outcome != LB_OUTCOME_PASS && r->outcome != LB_OUTCOME_SKIPPED &&
	       r->outcome != LB_OUTCOME_INTERRUPTED;
}

/*
 * The results folder, made (as mkdir -p) and probed before any container starts: one
 * that cannot be written is bad usage, said once and with nothing run, rather than the
 * error of a run that set up its containers first.  An empty name would put the results
 * at the root of the filesystem.
 */
static int prepare_out(const char *out, lb_error *err)
{
	struct stat st;

	if (!*out)
		return lb_error_usage(err, "-o: the results folder name is empty");
	if (lb_mkdir_p(out, 0755, err) < 0)
		return lb_error_wrap(err, "-o %s: cannot create the results folder", out);
	if (stat(out, &st) < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "-o %s", out);
	if (!S_ISDIR(st.st_mode))
		return lb_error_usage(err, "-o %s: exists and is not a folder", out);
	if (access(out, W_OK | X_OK) < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "-o %s: cannot write there", out);
	return 0;
}

/* i13-suite: the folder an output file (--openmetrics FILE) will be written in, probed
 * before anything runs, as --junit's is. */
static int probe_output(const char *opt, const char *path, lb_error *err)
{
	const char *slash = strrchr(path, '/');
	_cleanup_free_ char *dir = slash ? lb_xstrndup(path, (size_t)(slash - path)) : NULL;
	const char *d = !slash ? "." : *dir ? dir : "/";
	struct stat st;

	if (!*path || (slash && !slash[1]))
		return lb_error_usage(err, "%s '%s': expected a file name", opt, path);
	if (stat(d, &st) < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "%s %s: folder %s", opt, path, d);
	if (!S_ISDIR(st.st_mode))
		return lb_error_usage(err, "%s %s: %s is not a folder", opt, path, d);
	if (access(d, W_OK | X_OK) < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "%s %s: cannot write in %s", opt,
				    path, d);
	return 0;
}

/* The folder --junit FILE will be written in (a temporary file renamed over FILE), probed
 * before anything runs for the same reason. */
static int probe_junit(const char *path, lb_error *err)
{
	const char *slash = strrchr(path, '/');
	_cleanup_free_ char *dir = slash ? lb_xstrndup(path, (size_t)(slash - path)) : NULL;
	const char *d = !slash ? "." : *dir ? dir : "/";
	struct stat st;

	if (!*path || (slash && !slash[1]))
		return lb_error_usage(err, "--junit '%s': expected a file name", path);
	if (stat(d, &st) < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "--junit %s: folder %s", path, d);
	if (!S_ISDIR(st.st_mode))
		return lb_error_usage(err, "--junit %s: %s is not a folder", path, d);
	if (access(d, W_OK | X_OK) < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "--junit %s: cannot write in %s",
				    path, d);
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct opts o = {.out = "results"};
	struct ui ui = {0};
	struct lb_scenario **scns = NULL;
	struct lb_report_suite *suites = NULL;
	size_t n_files = 0, n_suites = 0;
	char **files = NULL; /* i13-suite: the scenario files, folders expanded */
	size_t n_paths = 0;
	struct lb_cg_hier hier = {0};
	bool have_hier = false;
	struct lb_cg_session *session = NULL;
	struct lb_host_info host;
	_cleanup_close_ int sfd = -1;
	static const int run_signals[] = {SIGINT, SIGTERM, SIGHUP};
	sigset_t old_mask;
	int interrupted = 0;
	lb_error err = {0};
	int rc;
	char ctrls[128];

	rc = parse_opts(argc, argv, &o);
	if (rc == -LB_EXIT_OK - 1000) {
		free(o.sets);
		free(o.filters);
		return LB_EXIT_OK;
	}
	if (rc) {
		free(o.sets);
		free(o.filters);
		return rc;
	}
	/* i13-suite: a folder is every *.scn under it */
	if (lb_suite_collect(argv + optind, (size_t)(argc - optind), &files, &n_paths, &err) < 0) {
		fprintf(stderr, "limitbench run: %s\n", err.msg);
		free(o.sets);
		free(o.filters);
		return LB_EXIT_USAGE;
	}
	n_files = n_paths;
	scns = lb_xcalloc(n_files, sizeof(*scns));
	suites = lb_xcalloc(n_files, sizeof(*suites));
	ui.quiet = o.quiet;
	ui.verbose = o.verbose;
	ui.json = o.json;
	ui.tty = isatty(STDERR_FILENO);

	/* Every file is checked before anything runs. */
	rc = load_all(files, n_files, &o, scns);
	if (rc)
		goto out;
	/* i13-suite: --filter; a scenario none of whose runs is selected is left out */
	if (o.n_filters) {
		size_t kept = 0;

		for (size_t i = 0; i < n_files; i++) {
			if (lb_suite_filter_apply(scns[i], o.filters, o.n_filters))
				scns[kept++] = scns[i];
			else
				lb_scenario_free(scns[i]);
		}
		for (size_t i = kept; i < n_files; i++)
			scns[i] = NULL;
		n_files = kept;
		if (!kept) {
			fprintf(stderr, "limitbench run: no scenario or run matches the --filter "
					"given (`limitbench list` shows the names)\n");
			rc = LB_EXIT_USAGE;
			goto out;
		}
	}
	/* An unreadable baseline is bad usage: said before anything runs. */
	if (o.baseline && lb_compare_probe(o.baseline, &err) < 0) {
		fprintf(stderr, "limitbench run: --baseline: %s\n", err.msg);
		rc = LB_EXIT_USAGE;
		goto out;
	}

	if (lb_cmd_need_root(&err) < 0 || lb_cg_detect(&hier, &err) < 0) {
		rc = lb_cmd_fail(&err);
		goto out;
	}
	have_hier = true;
	/* An OOM outside a container's limit takes a workload, not us (util/oom.h). */
	if (lb_oom_protect_self(&err) < 0) {
		on_warning(&ui, err.msg);
		err = (lb_error){0};
	}
	if (hier.mode == LB_CG_NONE) {
		lb_error_env(&err, "no cgroup filesystem is mounted under /sys/fs/cgroup; mount "
				   "cgroup2 (or the v1 hierarchies) first");
		rc = lb_cmd_fail(&err);
		goto out;
	}
	controllers_string(&hier, ctrls, sizeof(ctrls));
	lb_host_info_fill(&host, lb_cg_mode_name(hier.mode), hier.use_v2 ? "v2" : "v1", ctrls);
	for (size_t i = 0; i < n_files; i++) {
		_cleanup_free_ char *reason = NULL;

		if (lb_requires_check(&scns[i]->requires, &hier, &host, &reason) &&
		    lb_run_check_controllers(scns[i], &hier, &err) < 0) {
			rc = lb_cmd_fail(&err);
			goto out;
		}
	}

	if ((o.junit && probe_junit(o.junit, &err) < 0) ||
	    (o.openmetrics && probe_output("--openmetrics", o.openmetrics, &err) < 0) ||
	    prepare_out(o.out, &err) < 0) {
		fprintf(stderr, "limitbench run: %s\n", err.msg);
		rc = LB_EXIT_USAGE;
		goto out;
	}

	/* Signals arrive through the event loop (signalfd), never in the middle of a
	 * cleanup: a second Ctrl-C cannot cut it short.  Containers unblock them.  A reader
	 * that went away (`limitbench run x.scn | head -1`) must not kill us halfway with
	 * containers running: SIGPIPE is ignored from here on, a write to it fails with EPIPE
	 * instead, and the run goes on to its results and its cleanup. */
	sfd = lb_sup_signalfd(run_signals, LB_ARRAY_SIZE(run_signals), &old_mask, &err);
	if (sfd < 0) {
		rc = lb_cmd_fail(&err);
		goto out;
	}
	raise_nofile();
	sweep_stale(&hier, &ui);
	if (lb_cg_session_open(&hier, "limitbench", &session, &err) < 0) {
		rc = lb_cmd_fail(&err);
		goto out;
	}

	struct lb_run_ctx ctx = {
	    .hier = &hier,
	    .session = session,
	    .host = &host,
	    .out_root = o.out,
	    .term = getenv("TERM"),
	    .repeat = o.repeat,
	    .shard_i = o.shard_i,
	    .shard_n = o.shard_n,
	    .signal_fd = sfd,
	    .interrupted = &interrupted,
	    .cb_arg = &ui,
	    .on_run_start = on_run_start,
	    .on_progress = (ui.tty && !ui.quiet) ? on_progress : NULL,
	    .on_event = on_event,
	    .on_run_end = on_run_end,
	    .on_warning = on_warning,
	    .plot = !o.no_plot,
	};
	rc = LB_EXIT_OK;
	for (size_t i = 0; i < n_files && !interrupted; i++) {
		struct lb_run_result **runs = NULL;
		size_t n_runs = 0;
		unsigned total = count_runs(scns[i], o.repeat), mine = 0;

		for (unsigned k = 0; k < total; k++)
			mine += lb_run_in_shard(ctx.shard_first + k, o.shard_i, o.shard_n);
		if (!mine) {
			/* another shard's scenario: no results, no line in the table */
			if (o.verbose && !o.quiet)
				fprintf(stderr, "run %s: no run in shard %u/%u\n", scns[i]->name,
					o.shard_i, o.shard_n);
			ctx.shard_first += total;
			continue;
		}
		ui.run_no = 0;
		ui.run_total = mine;
		if (lb_run_scenario(&ctx, scns[i], &runs, &n_runs, &err) < 0) {
			ui_clear(&ui);
			rc = lb_cmd_fail(&err);
		}
		ctx.shard_first += total;
		suites[n_suites].scn = scns[i];
		suites[n_suites].runs = runs;
		suites[n_suites].n_runs = n_runs;
		n_suites++;
		for (size_t k = 0; k < n_runs; k++)
			if (run_failed(runs[k]) && rc == LB_EXIT_OK)
				rc = LB_EXIT_FAIL;
		if (rc != LB_EXIT_OK && rc != LB_EXIT_FAIL)
			break; /* limitbench itself failed: stop */
	}
	/* Also a signal that came after the last run ended. */
	if (!interrupted) {
		struct signalfd_siginfo si;

		if (read(sfd, &si, sizeof(si)) == sizeof(si))
			interrupted = (int)si.ssi_signo;
	}
	lb_cg_session_close(session);
	session = NULL;

	if (o.junit && lb_report_write_junit(o.junit, suites, n_suites, &host, &err) < 0) {
		lb_cmd_fail(&err);
		if (rc == LB_EXIT_OK)
			rc = LB_EXIT_FAIL;
	}
	if (o.openmetrics &&
	    lb_openmetrics_write(o.openmetrics, suites, n_suites, &host, &err) < 0) {
		lb_cmd_fail(&err);
		if (rc == LB_EXIT_OK)
			rc = LB_EXIT_FAIL;
	}
	if (o.tap) {
		/* i13-suite: a suite cut short says so, as TAP's "Bail out!" */
		_cleanup_free_ char *bail =
		    interrupted
			? lb_xasprintf("interrupted by SIG%s", lb_signal_abbrev(interrupted))
		    : rc != LB_EXIT_OK && rc != LB_EXIT_FAIL
			? lb_xasprintf("limitbench stopped: %s", err.msg)
			: NULL;

		lb_tap_print(stdout, suites, n_suites, &host, bail);
	} else if (o.json) {
		if (lb_report_print_json(stdout, suites, n_suites, &host, &err) < 0) {
			lb_cmd_fail(&err);
			if (rc == LB_EXIT_OK)
				rc = LB_EXIT_FAIL;
		}
	} else if (o.quiet) {
		lb_report_print_failures(stdout, suites, n_suites, isatty(STDOUT_FILENO));
	} else {
		lb_report_print_table(stdout, suites, n_suites, isatty(STDOUT_FILENO));
	}
	if (o.baseline && !interrupted) {
		/* --baseline: the gate of `limitbench compare` (src/compare/) on these results;
		 * its table goes where the run's went (stderr when stdout is --json) */
		const char **names = lb_xcalloc(n_suites + 1, sizeof(*names));
		FILE *table = o.json || o.tap ? stderr : stdout; /* i13-suite: --tap too */
		int g;

		for (size_t i = 0; i < n_suites; i++)
			names[i] = suites[i].scn->name;
		g = lb_compare_run_gate(o.baseline, o.out, names, n_suites, o.quiet ? NULL : table,
					&err);
		free(names);
		if (g < 0)
			rc = lb_cmd_fail(&err);
		else if (g > 0 && rc == LB_EXIT_OK)
			rc = LB_EXIT_FAIL;
	}
	/* Interrupted: the signals stay blocked until we exit.  Unblocking would deliver a
	 * second Ctrl-C (or a TERM) that came during the cleanup, whose default action would
	 * end us with that signal instead of the status of the first. */
	if (interrupted) {
		if (!o.quiet)
			fprintf(stderr, "limitbench run: interrupted by SIG%s\n",
				lb_signal_abbrev(interrupted));
		rc = 128 + interrupted;
	} else {
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
	}
out:
	lb_cg_session_close(session);
	for (size_t i = 0; i < n_suites; i++) {
		for (size_t k = 0; k < suites[i].n_runs; k++) {
			lb_run_result_free(suites[i].runs[k]);
			free(suites[i].runs[k]);
		}
		free((void *)suites[i].runs);
	}
	free(suites);
	for (size_t i = 0; i < n_files; i++)
		lb_scenario_free(scns[i]);
	free(scns);
	if (have_hier)
		lb_cg_hier_free(&hier);
	free(o.sets);
	free(o.filters);
	lb_suite_paths_free(files, n_paths);
	return rc;
}
