/* SPDX-License-Identifier: MIT */
#include "util/oom.h"

#include <errno.h>
#include <stdio.h>

#include "util/fs.h"

int lb_oom_score_adj_set(int value, lb_error *err)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", value);
	return lb_write_file("/proc/self/oom_score_adj", buf, err);
}

int lb_oom_protect_self(lb_error *err)
{
	lb_error e = {0};

	if (lb_oom_score_adj_set(LB_OOM_SCORE_ADJ_HARNESS, &e) == 0)
		return 1;
	if (e.errnum == EACCES || e.errnum == EPERM)
		return 0;
	*err = e;
	return -1;
}
