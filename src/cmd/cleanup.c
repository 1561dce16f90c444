/* SPDX-License-Identifier: MIT */
#include "cmd/cmd.h"

#include <stdio.h>

int cmd_cleanup(int argc, char **argv)
{
	fprintf(stderr, "limitbench cleanup: not implemented yet\n");
	return LB_EXIT_USAGE;
}
