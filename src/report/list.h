/* SPDX-License-Identifier: MIT */
#ifndef LB_REPORT_LIST_H
#define LB_REPORT_LIST_H

/*
 * `limitbench list`: what each scenario of a suite is (name, description, containers and
 * groups with their limits, matrix size) and whether this machine can run it, as a table
 * or as JSON.  Reads loaded scenarios only.
 */

#include <stdio.h>

#include "scenario/scenario.h"
#include "util/error.h"

enum lb_list_machine {
	LB_LIST_OK,	 /* requires met, every controller there: it runs here */
	LB_LIST_SKIP,	 /* requires not met: `run` reports it SKIPPED, with the reason */
	LB_LIST_CANNOT,	 /* requires met, but a controller or kernel file is missing: exit 3 */
	LB_LIST_UNKNOWN, /* no cgroup filesystem to check against */
};

struct lb_list_entry {
	const struct lb_scenario *scn;
	enum lb_list_machine machine;
	const char *reason; /* why not (SKIP, CANNOT, UNKNOWN), else NULL */
};

const char *lb_list_machine_name(enum lb_list_machine m); /* "ok", "skip", "no", "unknown" */

void lb_list_print_table(FILE *out, const struct lb_list_entry *v, size_t n);
int lb_list_print_json(FILE *out, const struct lb_list_entry *v, size_t n, lb_error *err);

#endif
