/* SPDX-License-Identifier: MIT */
#ifndef LB_EXPECT_CPULIST_H
#define LB_EXPECT_CPULIST_H

/* CPU lists ("0-1,3") as the kernel writes them in cpuset.cpus and SPEC's cpuset key. */

#include <stddef.h>

#include "util/error.h"

/*
 * Parse a CPU list ("0,1", "1,0", "0-1", " 0-1\n", "" for none) into its canonical form,
 * sorted and merged as the kernel prints it ("0-1", "0-3,6").  *out is malloc'd.
 */
int lb_cpulist_normalize(const char *s, size_t len, char **out, lb_error *err);

#endif
