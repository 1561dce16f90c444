/* SPDX-License-Identifier: MIT */
#include "cmd/cmd.h"

#include <stdio.h>

int cmd_exec(int argc, char **argv)
{
	fprintf(stderr, "limitbench exec: not implemented yet\n");
	return LB_EXIT_USAGE;
}
