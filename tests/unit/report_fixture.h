/* SPDX-License-Identifier: MIT */
/*
 * Hand-built run results for the report tests: what a runner would hand over after a run of
 *
 *   containers: hog (limits 100M, memory-swap max, 0.5 CPU, cpuset 0), idle (no limits)
 *   expect: hog.oom_kills >= 1 (PASS), max(hog.rss) ~ 100M ± 5% (FAIL),
 *           mean(idle.swap) > 0 (ERROR: no sample)
 *
 * The cpu series has no first point (a rate needs two samples); idle has one sample more
 * than hog's mem at t=0.25 and no rss at all.
 */
#ifndef TEST_REPORT_FIXTURE_H
#define TEST_REPORT_FIXTURE_H

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/internal.h"
#include "run/result.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/units.h"

#define MIB (1024.0 * 1024.0)

static inline void fx_scenario(struct lb_scenario *s)
{
	memset(s, 0, sizeof(*s));
	s->file = "scenarios/mem.scn";
	s->name = "mem-100m";
	s->description = "stress \"allocates\"\n200M";
	memset(s->sha256, 'a', 64);
	s->sha256[64] = '\0';
}

static inline void fx_push(struct lb_series *s, double t, double v)
{
	lb_series_push(s, t, v);
}

static inline void fx_verdict(struct lb_verdict *v, const char *text, enum lb_verdict_result res,
			      double measured, const char *measured_str, const char *bound,
			      double error, const char *message, enum lb_unit unit)
{
	v->unit = unit;
	v->text = lb_xstrdup(text);
	v->result = res;
	v->measured = measured;
	v->measured_str = measured_str ? lb_xstrdup(measured_str) : NULL;
	v->bound = lb_xstrdup(bound);
	v->error = error;
	v->message = lb_xstrdup(message);
}

static inline void fx_scalar(struct lb_ctr_result *c, enum lb_scalar_id id, double v)
{
	c->scalar[id] = v;
	c->has[id] = true;
}

static inline void fx_str(struct lb_ctr_result *c, enum lb_scalar_id id, const char *s)
{
	c->str[id] = lb_xstrdup(s);
	c->has[id] = true;
}

/* run i of n: hog's mem_peak and the run's duration vary with the repeat. */
static inline void fx_run(struct lb_run_result *r, unsigned index, unsigned count, double mem_peak,
			  double duration)
{
	memset(r, 0, sizeof(*r));
	r->scenario = lb_xstrdup("mem-100m");
	r->run_name = lb_xstrdup("mem-100m/limit=100M");
	r->n_params = 1;
	r->params = lb_xcalloc(1, sizeof(*r->params));
	r->params[0].name = lb_xstrdup("limit");
	r->params[0].value = lb_xstrdup("100M");
	r->repeat_index = index;
	r->repeat_count = count;
	r->started_at = 1796000000.25; /* 2026-11-30T00:53:20.250Z */
	r->duration = duration;
	r->outcome = LB_OUTCOME_FAIL;

	r->n_ctrs = 2;
	r->ctrs = lb_xcalloc(2, sizeof(*r->ctrs));
	struct lb_ctr_result *hog = &r->ctrs[0], *idle = &r->ctrs[1];

	hog->name = lb_xstrdup("hog");
	hog->asked.memory = 100 << 20;
	hog->asked.memory_swap = LB_SIZE_MAX;
	hog->asked.cpus = 0.5;
	hog->asked.cpuset = lb_xstrdup("0");
	hog->has_applied = true;
	hog->applied.mem_limit = 100 << 20;
	hog->applied.memsw_limit = LB_SIZE_MAX;
	hog->applied.cpu_quota = 0.5;
	hog->applied.cpu_weight = 1024;
	strcpy(hog->applied.cpuset, "0");
	hog->applied.pids_max = LB_SIZE_MAX;
	for (int i = 1; i <= 3; i++) {
		double t = i / 10.0;

		fx_push(&hog->series[LB_SERIES_MEM], t, i * 1000.0);
		fx_push(&hog->series[LB_SERIES_RSS], t, i * 1000.0 - 100);
		fx_push(&hog->series[LB_SERIES_SWAP], t, 0);
		if (i > 1)
			fx_push(&hog->series[LB_SERIES_CPU], t, 1.0 / i);
		fx_push(&hog->series[LB_SERIES_PIDS], t, i > 1 ? 2 : 1);
	}
	fx_scalar(hog, LB_SCALAR_MEM_PEAK, mem_peak);
	fx_scalar(hog, LB_SCALAR_MEM_LIMIT, 100 * MIB);
	fx_scalar(hog, LB_SCALAR_OOM_KILLS, 1);
	fx_scalar(hog, LB_SCALAR_CPU_TIME, 1.25);
	fx_scalar(hog, LB_SCALAR_EXIT, 137);
	fx_str(hog, LB_SCALAR_SIGNAL, "KILL");
	fx_str(hog, LB_SCALAR_CPUS_USED, "0");
	fx_scalar(hog, LB_SCALAR_WALL, 0.35);

	idle->name = lb_xstrdup("idle");
	fx_push(&idle->series[LB_SERIES_MEM], 0.1, 4096);
	fx_push(&idle->series[LB_SERIES_MEM], 0.2, 8192);
	fx_push(&idle->series[LB_SERIES_MEM], 0.25, 12288);
	fx_push(&idle->series[LB_SERIES_CPU], 0.2, 0.1);
	fx_push(&idle->series[LB_SERIES_PIDS], 0.1, 1);
	fx_push(&idle->series[LB_SERIES_PIDS], 0.2, 1);
	fx_scalar(idle, LB_SCALAR_EXIT, 0);
	fx_str(idle, LB_SCALAR_SIGNAL, "none");

	lb_run_result_event(r, 0, "hog", "start", "stress --vm 1");
	lb_run_result_event(r, 0.3, "hog", "oom_kill", "killed\tpid 42\nby the kernel");
	lb_run_result_event(r, 0.35, "hog", "exit", "signal KILL");

	r->n_verdicts = 3;
	r->verdicts = lb_xcalloc(3, sizeof(*r->verdicts));
	fx_verdict(&r->verdicts[0], "hog.oom_kills >= 1", LB_PASS, 1, NULL, ">= 1", NAN,
		   "PASS hog.oom_kills = 1, expected >= 1", LB_UNIT_NONE);
	fx_verdict(&r->verdicts[1], "max(hog.rss) ~ 100M ± 5%", LB_FAIL, 2900, NULL, "~ 100M ± 5%",
		   0.25, "FAIL max(hog.rss) = 2.8K, expected ~ 100M ± 5% (error 100.0%)",
		   LB_UNIT_BYTES);
	fx_verdict(&r->verdicts[2], "mean(idle.swap) > 0", LB_ERROR, NAN, NULL, "> 0", NAN,
		   "ERROR mean(idle.swap): no sample <in> the \"window\" & more", LB_UNIT_BYTES);
}

/* A scratch folder, and removing it with what is in it (no subfolders). */
static inline char *fx_tmpdir(void)
{
	char *d = lb_xstrdup("/tmp/lb-test-report-XXXXXX");

	if (!mkdtemp(d))
		abort();
	return d;
}

static inline size_t fx_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = lb_xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
		n++;
	}
	if (d)
		closedir(d);
	rmdir(dir);
	return n;
}

#endif
