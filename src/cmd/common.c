/* SPDX-License-Identifier: MIT */
#include "cmd/cmd.h"

#include <stdio.h>
#include <unistd.h>

int lb_cmd_fail(const lb_error *err)
{
	fprintf(stderr, "limitbench: %s\n", err->msg[0] ? err->msg : "unknown error");
	switch (err->kind) {
	case LB_ERR_USAGE:
		return LB_EXIT_USAGE;
	case LB_ERR_ENV:
		return LB_EXIT_ENV;
	case LB_ERR_NONE:
	case LB_ERR_FAILED:
	case LB_ERR_INTERNAL:
	default:
		return LB_EXIT_FAIL;
	}
}

int lb_cmd_fail_exec(const lb_error *err)
{
	lb_cmd_fail(err);
	return LB_EXIT_EXEC_FAILED;
}

int lb_cmd_need_root(lb_error *err)
{
	if (geteuid() == 0)
		return 0;
	return lb_error_env(err, "limitbench needs root to create namespaces and cgroups "
				 "(run it with sudo)");
}
