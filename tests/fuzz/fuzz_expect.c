/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: one expectation line through lb_expect_parse, lb_expect_check against
 * a fixed set of containers, and lb_expect_eval against a small synthetic run (so that
 * windows, functions, division, CPU lists and signals meet real and missing values).
 * The column of an error must lie within the text.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expect/expect.h"
#include "run/result.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ctrs[] = {"hog", "a", "b", "c", "web-1"};
#define N_CTRS (sizeof(ctrs) / sizeof(ctrs[0]))
#define MiB    (1024.0 * 1024.0)

static void set_num(struct lb_ctr_result *c, int id, double v)
{
	c->scalar[id] = v;
	c->has[id] = true;
}

static void set_str(struct lb_ctr_result *c, int id, const char *s)
{
	c->str[id] = lb_xstrdup(s);
	c->has[id] = true;
}

/* hog measured nearly everything, a a little, b only cpu; c and web-1 are absent. */
static void run_init(struct lb_run_result *r)
{
	memset(r, 0, sizeof(*r));
	r->n_ctrs = 3;
	r->ctrs = lb_xcalloc(3, sizeof(*r->ctrs));
	struct lb_ctr_result *h = &r->ctrs[0], *a = &r->ctrs[1], *b = &r->ctrs[2];
	h->name = lb_xstrdup("hog");
	a->name = lb_xstrdup("a");
	b->name = lb_xstrdup("b");
	for (int i = 0; i < 10; i++) {
		lb_series_push(&h->series[LB_SERIES_RSS], i * 0.5, 100 * MiB + i * 0.5 * MiB);
		lb_series_push(&h->series[LB_SERIES_MEM], i * 0.5, 50 * MiB);
		lb_series_push(&h->series[LB_SERIES_CPU], i * 0.5, i == 3 ? 0 : 0.5);
		lb_series_push(&h->series[LB_SERIES_PIDS], i * 0.5, i);
		lb_series_push(&a->series[LB_SERIES_CPU], i * 0.5, 0.25);
		lb_series_push(&b->series[LB_SERIES_CPU], i * 0.5, 0.75);
	}
	set_num(h, LB_SCALAR_EXIT, 137);
	set_str(h, LB_SCALAR_SIGNAL, "KILL");
	set_str(h, LB_SCALAR_CPUS_USED, "1,0");
	set_str(h, LB_SCALAR_CPUSET, "0-1");
	set_num(h, LB_SCALAR_WALL, 1.5);
	set_num(h, LB_SCALAR_OOM_KILLS, 1);
	set_num(h, LB_SCALAR_CPU_WEIGHT, 100);
	set_num(h, LB_SCALAR_CPU_QUOTA, 0.5);
	set_num(h, LB_SCALAR_MEM_LIMIT, 100 * MiB);
	set_num(h, LB_SCALAR_MEM_PEAK, 105 * MiB);
	set_num(h, LB_SCALAR_CPU_TIME, 0);
	set_num(a, LB_SCALAR_CPU_WEIGHT, 256);
	set_num(a, LB_SCALAR_EXIT, 0);
	set_str(a, LB_SCALAR_SIGNAL, "none");
	set_num(b, LB_SCALAR_CPU_WEIGHT, 768);
	set_num(b, LB_SCALAR_EXIT, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An expectation is one YAML scalar: a C string (a NUL ends it). */
	char *text = lb_xstrndup((const char *)data, size);
	size_t len = strlen(text);
	struct lb_expect *e = NULL;
	size_t col = SIZE_MAX;
	lb_error err = {0};

	if (lb_expect_parse(text, &e, &col, &err) < 0) {
		if (e || col > len || err.kind != LB_ERR_USAGE || !err.msg[0])
			abort();
		goto out;
	}
	col = SIZE_MAX;
	if (lb_expect_check(e, ctrs, N_CTRS, &col, &err) < 0) {
		if (col > len || err.kind != LB_ERR_USAGE || !err.msg[0])
			abort();
		goto out;
	}

	struct lb_run_result r;
	struct lb_verdict v;
	run_init(&r);
	lb_expect_eval(e, &r, &v);
	if (!v.text || !v.message || !v.bound)
		abort();
	lb_verdict_free(&v);
	lb_run_result_free(&r);
out:
	lb_expect_free(e);
	free(text);
	return 0;
}
