/* SPDX-License-Identifier: MIT */
/*
 * limitbench cleanup [--cgroup-parent PATH]: remove the sessions under the parent whose
 * limitbench is gone (see cgroup/cleanup.c for how that is told), killing what is still in
 * them.  A session whose owner is alive is never touched.
 */
#include "cmd/cmd.h"

#include <getopt.h>
#include <stdio.h>

#include "cgroup/cgroup.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: limitbench cleanup [--cgroup-parent PATH]\n\n"
		"Remove the cgroups left by limitbench processes that died (SIGKILL, a crash):\n"
		"every session folder lb-<pid>-<starttime>-locked under the parent whose lock\n"
		"nobody holds, after killing what still runs in it.  A running limitbench holds\n"
		"that lock (in whatever pid namespace): its session is left alone.  Folders\n"
		"lb-<pid>-<starttime> of older versions, without the lock: alive iff /proc/<pid>\n"
		"has that start time.  Then the levels of the parent that limitbench made, if\n"
		"empty (never one that was there before).  Needs root.\n\n"
		"  --cgroup-parent PATH  the parent cgroup (default: limitbench)\n"
		"  -h, --help            this help\n\n"
		"Exit status: 0 done, 1 something could not be removed, 2 bad usage,\n"
		"3 not root or no cgroup filesystem.\n");
}

int cmd_cleanup(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"cgroup-parent", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *parent = "limitbench";
	struct lb_cg_hier h = {0};
	lb_error err = {0};
	unsigned removed = 0;
	int o;

	optind = 1;
	while ((o = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (o) {
		case 'p':
			parent = optarg;
			break;
		case 'h':
			usage(stdout);
			return LB_EXIT_OK;
		default:
			usage(stderr);
			return LB_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "limitbench cleanup: unexpected argument '%s'\n", argv[optind]);
		return LB_EXIT_USAGE;
	}
	if (lb_cmd_need_root(&err) < 0 || lb_cg_detect(&h, &err) < 0)
		return lb_cmd_fail(&err);
	if (h.mode == LB_CG_NONE) {
		lb_cg_hier_free(&h);
		lb_error_env(&err, "no cgroup filesystem is mounted: nothing to clean up");
		return lb_cmd_fail(&err);
	}
	int ret = lb_cg_cleanup_stale(&h, parent, &removed, &err);
	lb_cg_hier_free(&h);
	printf("removed %u stale session%s under %s\n", removed, removed == 1 ? "" : "s", parent);
	if (ret < 0)
		return lb_cmd_fail(&err);
	return LB_EXIT_OK;
}
