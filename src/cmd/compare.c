/* SPDX-License-Identifier: MIT */
#include "cmd/cmd.h"

#include <stdio.h>

int cmd_compare(int argc, char **argv)
{
	fprintf(stderr, "limitbench compare: not implemented yet\n");
	return LB_EXIT_USAGE;
}
