/* SPDX-License-Identifier: MIT */
/* --filter: scenarios by name, matrix runs by their parameters' values. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "suite/suite.h"
#include "util/alloc.h"
#include "util/cleanup.h"

int lb_suite_filter_check(const char *filter, lb_error *err)
{
	const char *slash = strchr(filter, '/');

	if (!*filter || slash == filter)
		return lb_error_usage(err, "--filter '%s': no scenario name (glob) before the '/'",
				      filter);
	if (!slash)
		return 0;
	/* every part after the '/' is PARAM=VALUE, PARAM not empty */
	for (const char *p = slash + 1;;) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);

		if (!eq || eq == p)
			return lb_error_usage(err,
					      "--filter '%s': after the '/' comes PARAM=VALUE[,"
					      "PARAM=VALUE...], e.g. mem-sweep/limit=64M",
					      filter);
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

/* Does the run have, for each PARAM=VALUE of `conds` (len bytes), a parameter PARAM whose
 * value matches the glob VALUE? */
static bool params_match(const char *conds, const struct lb_run_spec *spec)
{
	for (const char *p = conds;;) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);
		bool found = false;

		if (!eq)
			return false;
		_cleanup_free_ char *name = lb_xstrndup(p, (size_t)(eq - p));
		_cleanup_free_ char *glob = lb_xstrndup(eq + 1, len - (size_t)(eq + 1 - p));
		for (size_t i = 0; i < spec->n_params && !found; i++)
			found = !strcmp(spec->params[i].name, name) &&
				fnmatch(glob, spec->params[i].value, 0) == 0;
		if (!found)
			return false;
		if (!p[len])
			return true;
		p += len + 1;
	}
}

static bool filter_run(const char *filter, const char *scenario, const struct lb_run_spec *spec)
{
	const char *slash = strchr(filter, '/');
	_cleanup_free_ char *glob = slash ? lb_xstrndup(filter, (size_t)(slash - filter)) : NULL;

	if (fnmatch(slash ? glob : filter, scenario, 0) != 0)
		return false;
	return !slash || params_match(slash + 1, spec);
}

bool lb_suite_filter_run(const char *const *filters, size_t n, const char *scenario,
			 const struct lb_run_spec *spec)
{
	if (!n)
		return true;
	for (size_t i = 0; i < n; i++)
		if (filter_run(filters[i], scenario, spec))
			return true;
	return false;
}

size_t lb_suite_filter_apply(struct lb_scenario *s, const char *const *filters, size_t n)
{
	struct lb_scenario *dropped;
	size_t kept = 0;

	if (!n)
		return s->n_runs;
	/* The runs left out go to a scenario of their own, which lb_scenario_free frees as it
	 * frees any: one place knows what a run spec owns. */
	dropped = lb_xzalloc(sizeof(*dropped));
	dropped->runs = lb_xcalloc(s->n_runs ? s->n_runs : 1, sizeof(*dropped->runs));
	for (size_t i = 0; i < s->n_runs; i++) {
		if (lb_suite_filter_run(filters, n, s->name, &s->runs[i]))
			s->runs[kept++] = s->runs[i];
		else
			dropped->runs[dropped->n_runs++] = s->runs[i];
	}
	s->n_runs = kept;
	lb_scenario_free(dropped);
	return kept;
}
