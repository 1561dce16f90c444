/* SPDX-License-Identifier: MIT */
/* One workload in the foreground, exec's (supervise/foreground.h). */
#include "supervise/foreground.h"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "container/pty.h"
#include "sample/sampler.h"
#include "util/cleanup.h"

/* The sources on the supervisor's loop. */
enum fg_src { FG_SIGNAL, FG_EXIT, FG_GRACE, FG_MASTER, FG_STDIN };

static bool is_terminating(int sig)
{
	return sig == SIGINT || sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT;
}

int lb_fg_signalfd(lb_error *err)
{
	static const int sigs[] = {SIGINT,  SIGTERM, SIGHUP,  SIGQUIT,
				   SIGUSR1, SIGUSR2, SIGCHLD, SIGWINCH};

	return lb_sup_signalfd(sigs, LB_ARRAY_SIZE(sigs), NULL, err);
}

int lb_fg_pending_termination(int sfd)
{
	struct signalfd_siginfo si;
	int sig = 0;

	while (read(sfd, &si, sizeof(si)) == sizeof(si))
		if (is_terminating((int)si.ssi_signo))
			sig = (int)si.ssi_signo;
	return sig;
}

/* A signal that arrived on the signalfd. */
static void fg_on_signal(struct lb_fg *fg, int sig)
{
	switch (sig) {
	case SIGCHLD:
		lb_container_reap(fg->c, false);
		break;
	case SIGWINCH:
		if (fg->pty_master >= 0)
			lb_pty_copy_winsize(fg->winsize_from, fg->pty_master);
		break;
	default:
		lb_container_signal(fg->c, sig);
		if (!is_terminating(sig))
			break;
		/* the second one: no more waiting */
		if (fg->got_signal && fg->grace_armed)
			lb_timer_arm(fg->grace_fd, lb_now_ns(), 0);
		else
			lb_timer_arm(fg->grace_fd, lb_now_ns() + LB_SUP_KILL_GRACE_NS, 0);
		fg->grace_armed = true;
		fg->got_signal = sig;
		break;
	}
}

/* The grace is over: the whole cgroup, not just PID 1, for nothing may outlive it. */
static void fg_grace_over(struct lb_fg *fg)
{
	lb_error err = {0};

	if (!lb_timer_read(fg->grace_fd) || fg->killed)
		return;
	fg->killed = true;
	fg->grace_armed = false;
	if (lb_cgroup_kill(fg->cg, &err) < 0)
		lb_container_signal(fg->c, SIGKILL);
}

/* What the relay waits for next: the master while it is open (writable too when input is
 * pending), our stdin while it is open and nothing waits for the master. */
static void fg_relay_watch(struct lb_fg *fg);

static void on_ready(void *arg, uint64_t data, uint32_t events)
{
	struct lb_fg *fg = arg;
	struct lb_relay *r = &fg->relay;

	switch ((enum fg_src)data) {
	case FG_SIGNAL: {
		struct signalfd_siginfo si;

		while (read(fg->signal_fd, &si, sizeof(si)) == sizeof(si))
			fg_on_signal(fg, (int)si.ssi_signo);
		break;
	}
	case FG_EXIT:
		lb_container_reap(fg->c, false);
		break;
	case FG_GRACE:
		fg_grace_over(fg);
		break;
	case FG_MASTER:
		if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
			lb_relay_output(r);
		if (r->master_open)
			lb_relay_input(r, false, events & EPOLLOUT);
		fg_relay_watch(fg);
		break;
	case FG_STDIN:
		lb_relay_input(r, true, true);
		fg_relay_watch(fg);
		break;
	default:
		break;
	}
}

static void fg_relay_watch(struct lb_fg *fg)
{
	struct lb_relay *r = &fg->relay;
	lb_error err = {0};
	bool want_stdin = r->stdin_open && r->in_len == 0;

	if (r->master_open)
		lb_sup_modify(&fg->sup, r->master, EPOLLIN | (r->in_len ? EPOLLOUT : 0));
	else
		lb_sup_unwatch(&fg->sup, r->master);
	/* Unwatched rather than watched for nothing: epoll reports a hang-up whatever it is
	 * asked for, and a closed pipe would wake us at every turn. */
	if (want_stdin && !fg->stdin_watched)
		fg->stdin_watched = lb_sup_watch(&fg->sup, STDIN_FILENO, EPOLLIN, 1, on_ready, fg,
						 FG_STDIN, &err) == 0;
	else if (!want_stdin && fg->stdin_watched) {
		lb_sup_unwatch(&fg->sup, STDIN_FILENO);
		fg->stdin_watched = false;
	}
}

static bool reaped(void *arg)
{
	const struct lb_fg *fg = arg;

	return fg->c->reaped;
}

int lb_fg_wait(struct lb_fg *fg, lb_error *err)
{
	struct lb_relay *r = &fg->relay;
	int rc = -1;

	fg->sup = (struct lb_sup)LB_SUP_NONE;
	*r = (struct lb_relay){
	    .master = fg->pty_master,
	    .stdin_open = fg->pty_master >= 0 && fg->relay_stdin,
	    .master_open = fg->pty_master >= 0,
	};
	fg->grace_fd = -1;
	if (lb_sup_init(&fg->sup, err) < 0)
		goto out;
	fg->grace_fd = lb_timer_new(err);
	if (fg->grace_fd < 0 ||
	    lb_sup_watch(&fg->sup, fg->signal_fd, EPOLLIN, 1, on_ready, fg, FG_SIGNAL, err) < 0 ||
	    lb_sup_watch(&fg->sup, fg->grace_fd, EPOLLIN, 1, on_ready, fg, FG_GRACE, err) < 0)
		goto out;
	/* Without a pidfd (before Linux 5.3) its SIGCHLD is what reaps it. */
	if (fg->c->pidfd >= 0 &&
	    lb_sup_watch(&fg->sup, fg->c->pidfd, EPOLLIN, 1, on_ready, fg, FG_EXIT, err) < 0)
		goto out;
	if (r->master_open &&
	    lb_sup_watch(&fg->sup, r->master, EPOLLIN, 1, on_ready, fg, FG_MASTER, err) < 0)
		goto out;
	fg_relay_watch(fg);
	rc = lb_sup_run(&fg->sup, reaped, fg, err);
out:
	/* The loop could not go on: nobody is left to relay its signals, so it ends now. */
	if (rc < 0 && !fg->c->reaped) {
		lb_error kerr = {0};

		fg->killed = true;
		if (lb_cgroup_kill(fg->cg, &kerr) < 0)
			lb_container_signal(fg->c, SIGKILL);
	}
	lb_container_reap(fg->c, true);
	/* Its last words: PID 1 is reaped only after every process of its namespace is gone,
	 * so all the output is in the pty by now. */
	if (r->master_open)
		lb_relay_output(r);
	lb_sup_close(&fg->sup);
	if (fg->grace_fd >= 0)
		close(fg->grace_fd);
	fg->grace_fd = -1;
	return rc;
}
