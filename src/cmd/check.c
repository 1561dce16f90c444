/* SPDX-License-Identifier: MIT */
#include "cmd/cmd.h"

#include <stdio.h>

int cmd_check(int argc, char **argv)
{
	fprintf(stderr, "limitbench check: not implemented yet\n");
	return LB_EXIT_USAGE;
}
