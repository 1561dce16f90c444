/* SPDX-License-Identifier: MIT */
/*
 * Every run of a scenario: requires, one folder per run, the `latest` link, the
 * scenario-level summary.
 *
 *   OUT/<scenario>/20261129T041500Z[-limit=64M][-r2]/   one run (lb_run_one)
 *   OUT/<scenario>/latest -> the newest of them
 *   OUT/<scenario>/summary.json                         matrix and repeat: every run
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "plot/plot.h"
#include "run/run.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

void lb_run_sanitize(char *s)
{
	for (; *s; s++) {
		char ch = *s;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || strchr("._=,+-", ch);

		if (!ok)
			*s = '_';
	}
}

int lb_run_link_latest(const char *scn_dir, const char *target, lb_error *err)
{
	_cleanup_free_ char *tmp = lb_xasprintf("%s/.latest.%d", scn_dir, (int)getpid());
	_cleanup_free_ char *link = lb_xasprintf("%s/latest", scn_dir);

	unlink(tmp);
	if (symlink(target, tmp) < 0)
		return lb_error_sys(err, "symlink %s", tmp);
	/* rename(2) replaces the old link in one step: `latest` always points somewhere. */
	if (rename(tmp, link) < 0) {
		lb_error_sys(err, "rename %s to %s", tmp, link);
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* OUT/<scenario>/<timestamp>[-<params>][-r<i>], made unique if a folder of that name exists
 * (two runs within one second). */
static char *make_run_dir(const char *scn_dir, const struct lb_run_spec *spec, unsigned i,
			  unsigned n, lb_error *err)
{
	char stamp[32], *name, *dir;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	name = lb_xstrdup(stamp);
	for (size_t k = 0; k < spec->n_params; k++) {
		char *next =
		    lb_xasprintf("%s-%s=%s", name, spec->params[k].name, spec->params[k].value);

		free(name);
		name = next;
	}
	if (n > 1) {
		char *next = lb_xasprintf("%s-r%u", name, i);

		free(name);
		name = next;
	}
	lb_run_sanitize(name);
	for (unsigned k = 1;; k++) {
		dir = k == 1 ? lb_xasprintf("%s/%s", scn_dir, name)
			     : lb_xasprintf("%s/%s.%u", scn_dir, name, k);
		if (mkdir(dir, 0755) == 0)
			break;
		if (errno != EEXIST || k > 100) {
			lb_error_sys(err, "mkdir %s", dir);
			free(dir);
			dir = NULL;
			break;
		}
		free(dir);
	}
	free(name);
	return dir;
}

/* A signal that came between two runs (writing results, drawing plots) stops the scenario
 * before the next run starts, rather than during its set-up. */
static bool interrupted_between(const struct lb_run_ctx *ctx)
{
	struct signalfd_siginfo si;

	if (ctx->interrupted && *ctx->interrupted)
		return true;
	if (ctx->signal_fd < 0 || read(ctx->signal_fd, &si, sizeof(si)) != sizeof(si))
		return false;
	if (ctx->interrupted)
		*ctx->interrupted = (int)si.ssi_signo;
	return true;
}

static void warn(const struct lb_run_ctx *ctx, const char *what, const lb_error *e)
{
	char msg[LB_ERROR_MSG_MAX + 256];

	snprintf(msg, sizeof(msg), "%s: %s", what, e->msg);
	if (ctx->on_warning)
		ctx->on_warning(ctx->cb_arg, msg);
}

/* Plots are a view of the results: failing to draw them (no gnuplot) changes no verdict.
 * *plot goes false after gnuplot turned out missing, so that is said once. */
static void plot_dir(const struct lb_run_ctx *ctx, const char *dir, bool scenario, bool *plot)
{
	lb_error e = {0};
	int rc;

	if (!*plot)
		return;
	rc = scenario ? lb_plot_scenario_dir(dir, &e) : lb_plot_run_dir(dir, &e);
	if (rc == 0)
		return;
	if (lb_plot_missing_gnuplot(&e))
		*plot = false;
	warn(ctx, "no plots", &e);
}

static struct lb_run_result *push_result(struct lb_run_result ***runs, size_t *n, size_t *cap)
{
	struct lb_run_result *r = lb_xzalloc(sizeof(*r));

	lb_xgrow(runs, cap, *n + 1, sizeof(**runs));
	(*runs)[(*n)++] = r;
	return r;
}

static void skipped(const struct lb_scenario *scn, char *reason, struct lb_run_result *r)
{
	r->scenario = lb_xstrdup(scn->name);
	r->run_name = lb_xstrdup(scn->name);
	r->repeat_index = r->repeat_count = 1;
	r->started_at = (double)time(NULL);
	r->outcome = LB_OUTCOME_SKIPPED;
	r->skip_reason = reason;
}

bool lb_run_in_shard(unsigned long idx, unsigned shard_i, unsigned shard_n)
{
	return shard_n <= 1 || idx % shard_n == shard_i - 1;
}

int lb_run_scenario(const struct lb_run_ctx *ctx, const struct lb_scenario *scn,
		    struct lb_run_result ***runs, size_t *n_runs, lb_error *err)
{
	unsigned long idx = ctx->shard_first;
	_cleanup_free_ char *scn_dir = lb_xasprintf("%s/%s", ctx->out_root, scn->name);
	char *reason = NULL;
	size_t cap = 0;
	bool plot = ctx->plot;

	*runs = NULL;
	*n_runs = 0;
	if (!lb_requires_check(&scn->requires, ctx->hier, ctx->host, &reason)) {
		struct lb_run_result *r = push_result(runs, n_runs, &cap);

		skipped(scn, reason, r);
		if (ctx->on_run_end)
			ctx->on_run_end(ctx->cb_arg, r, NULL);
		return 0;
	}
	if (lb_mkdir_p(scn_dir, 0755, err) < 0)
		return -1;

	for (size_t k = 0; k < scn->n_runs; k++) {
		const struct lb_run_spec *spec = &scn->runs[k];
		unsigned n = ctx->repeat ? ctx->repeat : (spec->repeat ? spec->repeat : 1);

		for (unsigned i = 1; i <= n; i++) {
			_cleanup_free_ char *dir = NULL;
			struct lb_run_result *r;
			int rc;

			if (!lb_run_in_shard(idx++, ctx->shard_i, ctx->shard_n))
				continue;
			if (interrupted_between(ctx))
				goto done;
			dir = make_run_dir(scn_dir, spec, i, n, err);
			if (!dir)
				return -1;
			r = push_result(runs, n_runs, &cap);
			rc = lb_run_one(ctx, scn, spec, i, dir, r, err);
			{
				const char *base = strrchr(dir, '/') + 1;
				lb_error lerr = {0};

				/* A failed link is not worth failing the run for. */
				lb_run_link_latest(scn_dir, base, &lerr);
			}
			if (rc == 0)
				plot_dir(ctx, dir, false, &plot);
			if (ctx->on_run_end)
				ctx->on_run_end(ctx->cb_arg, r, dir);
			if (rc < 0)
				return -1;
		}
	}
done:
	if (*n_runs > 1) {
		_cleanup_free_ char *path = lb_xasprintf("%s/summary.json", scn_dir);

		if (lb_report_write_scenario(path, scn, *runs, *n_runs, ctx->host, err) < 0)
			return lb_error_wrap(err, "write %s", path);
		/* A sweep gets one plot of each swept limit against what was measured. */
		if (scn->matrix_names && scn->matrix_names[0])
			plot_dir(ctx, scn_dir, true, &plot);
	}
	return 0;
}
