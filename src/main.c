/* SPDX-License-Identifier: MIT */
/*
 * limitbench: test and benchmark Linux resource limits.
 *
 *   scenario file --parse--> scenario --launch--> containers (namespaces + cgroup)
 *                                          \--sample--> series --check--> verdicts
 *                                                        --> results/ --> plots
 *
 * main() only finds the command in the table below and hands it its arguments.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "util/cleanup.h"

static const struct lb_cmd commands[] = {
    {"run", cmd_run, "run scenario files; exit 0 only if every expectation held"},
    {"exec", cmd_exec, "run one command in a container with limits (docker run-alike)"},
    {"check", cmd_check, "parse and validate scenario files only"},
    {"plot", cmd_plot, "(re)draw the plots of finished runs"},
    {"compare", cmd_compare, "regression gate between finished results"},
    {"info", cmd_info, "the machine as limitbench sees it: kernel, cgroups, swap, CPUs"},
    {"cleanup", cmd_cleanup, "remove cgroups and processes left by a limitbench that died"},
    /* i13-suite */
    {"list", cmd_list, "list scenarios (a folder: every *.scn under it) and whether they run here"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: limitbench COMMAND [OPTIONS] [ARGS]\n\n"
		   "Test and benchmark Linux resource limits (cgroup v1 and v2).\n\ncommands:\n");
	for (size_t i = 0; i < LB_ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'limitbench COMMAND --help' tells more; see also limitbench(1) and "
		   "limitbench-scenario(5).\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return LB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return LB_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("limitbench %s\n", LB_VERSION);
		return LB_EXIT_OK;
	}
	for (size_t i = 0; i < LB_ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "limitbench: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return LB_EXIT_USAGE;
}
