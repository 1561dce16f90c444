/* SPDX-License-Identifier: MIT */
#ifndef LB_CONTAINER_PTY_H
#define LB_CONTAINER_PTY_H

/*
 * A pseudo-terminal for `exec -t`: the workload gets the slave as its controlling terminal
 * (spec->tty_fd), the harness relays between its own terminal and the master.
 */

#include <stdbool.h>
#include <termios.h>

#include "util/error.h"

struct lb_pty {
	int master; /* O_CLOEXEC; the harness's end */
	int slave;  /* O_CLOEXEC; hand it to the container, then close it */
};

/* Open a pty pair.  winsize_from: a terminal fd whose window size the pty starts with, or -1. */
int lb_pty_open(struct lb_pty *p, int winsize_from, lb_error *err);
void lb_pty_close(struct lb_pty *p);
/* Copy the window size of terminal `from` onto the pty master (on SIGWINCH). */
int lb_pty_copy_winsize(int from, int master);

/* The caller's terminal in raw mode, so every key (^C too) goes to the container's pty. */
struct lb_tty_state {
	int fd;
	bool saved;
	struct termios orig;
};
int lb_tty_make_raw(int fd, struct lb_tty_state *st, lb_error *err);
/* Put it back as it was; safe to call twice, and when make_raw was never called or failed. */
void lb_tty_restore(struct lb_tty_state *st);

#endif
