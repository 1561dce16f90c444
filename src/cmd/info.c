/* SPDX-License-Identifier: MIT */
#include "cmd/cmd.h"

#include <stdio.h>

int cmd_info(int argc, char **argv)
{
	fprintf(stderr, "limitbench info: not implemented yet\n");
	return LB_EXIT_USAGE;
}
