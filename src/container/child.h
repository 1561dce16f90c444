/* SPDX-License-Identifier: MIT */
#ifndef LB_CONTAINER_CHILD_H
#define LB_CONTAINER_CHILD_H

/* Private to the launcher: what runs in the cloned child until it execs the workload. */

#include <sys/types.h>

#include "container/confine.h"
#include "container/container.h"

struct lb_child_args {
	const struct lb_container_spec *spec;
	const struct lb_confine *plan; /* everything computed for it before the clone */
	int go_fd;		       /* read end of the start barrier */
	int err_fd;		       /* write end of the CLOEXEC error pipe */
	int barrier_fd;		       /* the run's shared barrier (read end), -1 = none */
	pid_t parent_pid;	       /* the harness, as seen before clone */
	const int *attach_fds;	       /* v1: the cgroup's tasks files, to move itself in */
	size_t n_attach;
};

/*
 * Set the child up (stdio, mounts, loopback, hostname, capabilities, no_new_privs, signals),
 * wait for the go byte and exec the workload.  Async-signal-safe throughout.  Never returns: a
 * failure is written to err_fd as a struct lb_child_report and the child _exits with
 * lb_child_exit_code().
 */
__attribute__((noreturn)) void lb_child_main(const struct lb_child_args *a);

#endif
