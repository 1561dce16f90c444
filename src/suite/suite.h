/* SPDX-License-Identifier: MIT */
#ifndef LB_SUITE_SUITE_H
#define LB_SUITE_SUITE_H

/*
 * Suites: the scenario files named on a command line, a folder standing for every *.scn
 * under it, and `--filter` selecting scenarios and matrix runs by name.  Nothing here
 * touches the kernel; the walk reads folders only.
 */

#include <stdbool.h>
#include <stddef.h>

#include "scenario/scenario.h"
#include "util/error.h"

/*
 * The files of a suite: each argument that is a folder is every *.scn under it, in its
 * subfolders too (scenarios/ and scenarios/kselftest/), sorted by path as `LC_ALL=C sort`
 * would; any other argument is taken as it is, in its place.  Names starting with '.' are
 * left out, and symbolic links to folders are not followed (no loops).  A folder without
 * a *.scn is a usage error.  *paths (malloc'd, each malloc'd) is freed by
 * lb_suite_paths_free.
 */
int lb_suite_collect(char *const *args, size_t n_args, char ***paths, size_t *n_paths,
		     lb_error *err);
void lb_suite_paths_free(char **paths, size_t n);

/*
 * --filter GLOB: "NAME" selects the scenarios whose name matches the glob (fnmatch(3));
 * "NAME/PARAM=VALUE[,PARAM=VALUE...]" the runs of those scenarios whose matrix parameters
 * have those values (each VALUE a glob too): `mem-sweep/limit=64M`.  A run is selected when
 * one of the filters selects it.  lb_suite_filter_check: a usage error for a filter that
 * cannot select anything by its form (empty, "NAME/" without a PARAM=VALUE).
 */
int lb_suite_filter_check(const char *filter, lb_error *err);
bool lb_suite_filter_run(const char *const *filters, size_t n, const char *scenario,
			 const struct lb_run_spec *spec);
/* Keep only the runs of s that a filter selects (all of them with no filter); the others are
 * freed.  Returns how many are kept. */
size_t lb_suite_filter_apply(struct lb_scenario *s, const char *const *filters, size_t n);

#endif
