/* SPDX-License-Identifier: MIT */
#ifndef LB_SUPERVISE_FOREGROUND_H
#define LB_SUPERVISE_FOREGROUND_H

/*
 * One workload in the foreground (`exec`), on the supervisor's event loop
 * (supervise/supervise.h):
 *
 *   signalfd   SIGINT SIGTERM SIGHUP SIGQUIT: forwarded, then after LB_SUP_KILL_GRACE_NS
 *              everything in its cgroup is killed (a second one: at once);
 *              SIGUSR1 SIGUSR2: forwarded; SIGCHLD: reaped; SIGWINCH: the pty resized
 *   pidfd      its exit
 *   timerfd    the grace before the kill
 *   pty master and stdin (exec -t, -it): the relay (what it writes to our stdout, our stdin
 *              to it; our stdin's end is the terminal's ^D)
 *
 * until it is reaped.  `run`'s containers have the same loop with run/loop.c's handlers.
 */

#include <stdbool.h>

#include "cgroup/cgroup.h"
#include "container/container.h"
#include "supervise/relay.h"
#include "supervise/supervise.h"
#include "util/error.h"

/* Block the signals a foreground workload gets (above) and return their signalfd. */
int lb_fg_signalfd(lb_error *err);
/* A terminating signal that arrived on sfd before the workload was started (the last one),
 * or 0; the others read are dropped. */
int lb_fg_pending_termination(int sfd);

struct lb_fg {
	/* in */
	struct lb_container *c; /* started */
	struct lb_cgroup *cg;	/* its cgroup: what the grace kill kills */
	int signal_fd;		/* lb_fg_signalfd()'s */
	int pty_master;		/* -1: no pty */
	bool relay_stdin;	/* our stdin to the pty (-it) */
	int winsize_from;	/* the terminal the pty's size follows on SIGWINCH */
	/* out */
	int got_signal; /* the last terminating signal limitbench received, 0 if none */
	bool killed;	/* ... after which it killed the container itself */
	/* the loop's */
	struct lb_sup sup;
	int grace_fd;
	bool grace_armed;
	struct lb_relay relay;
	bool stdin_watched;
};

/* Wait until the workload exits, as above; it is reaped on return (also on an error, -1). */
int lb_fg_wait(struct lb_fg *fg, lb_error *err);

#endif
