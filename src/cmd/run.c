/* SPDX-License-Identifier: MIT */
#include "cmd/cmd.h"

#include <stdio.h>

int cmd_run(int argc, char **argv)
{
	fprintf(stderr, "limitbench run: not implemented yet\n");
	return LB_EXIT_USAGE;
}
