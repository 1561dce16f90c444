/* SPDX-License-Identifier: MIT */
#include "cmd/cmd.h"

#include <stdio.h>

int cmd_plot(int argc, char **argv)
{
	fprintf(stderr, "limitbench plot: not implemented yet\n");
	return LB_EXIT_USAGE;
}
