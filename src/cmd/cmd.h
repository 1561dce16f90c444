/* SPDX-License-Identifier: MIT */
#ifndef LB_CMD_CMD_H
#define LB_CMD_CMD_H

/*
 * One file per command, as git's builtin/<name>.c.  A command gets its own argv (argv[0] is
 * the command name), prints what it has to say and returns the process exit code; main()
 * only dispatches.  Commands are the "logging" layer: the library below them never prints.
 */

#include "util/error.h"

/* Exit codes (SPEC section 1). */
enum {
	LB_EXIT_OK = 0,
	LB_EXIT_FAIL = 1,	   /* an expectation failed, a run timed out, a regression */
	LB_EXIT_USAGE = 2,	   /* bad usage or an invalid scenario: nothing was run */
	LB_EXIT_ENV = 3,	   /* the environment cannot run it */
	LB_EXIT_EXEC_FAILED = 125, /* `exec`: limitbench itself failed (docker's convention) */
};

struct lb_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

int cmd_run(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_cleanup(int argc, char **argv);
/* i13-suite */
int cmd_list(int argc, char **argv);

/* Print "limitbench: <msg>" to stderr and return the exit code for its kind
 * (LB_ERR_USAGE -> 2, LB_ERR_ENV -> 3, else 1). */
int lb_cmd_fail(const lb_error *err);
/* The same message, for `exec`: always 125. */
int lb_cmd_fail_exec(const lb_error *err);
/* "limitbench: not root ..." check used by the commands that need cgroups. */
int lb_cmd_need_root(lb_error *err);

#endif
