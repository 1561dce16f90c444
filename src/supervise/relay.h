/* SPDX-License-Identifier: MIT */
#ifndef LB_SUPERVISE_RELAY_H
#define LB_SUPERVISE_RELAY_H

/*
 * The pty relay of `exec -t`: what the workload writes to its terminal goes to our stdout,
 * and with -i our stdin goes to it, our stdin's end becoming the terminal's ^D.  The
 * supervisor (foreground.c) calls these when the master or our stdin is ready.
 */

#include <stdbool.h>
#include <stddef.h>

/* Input pending for the master (non-blocking: the workload may not be reading), and
 * whether each side is still open. */
struct lb_relay {
	int master; /* the pty master, non-blocking */
	char in[4096];
	size_t in_len;
	bool stdin_open;
	bool master_open;
};

/* Copy what the workload wrote to the pty onto our stdout, until it would block; the
 * master is closed for us (master_open false) once every slave is closed or our stdout
 * is gone. */
void lb_relay_output(struct lb_relay *r);
/* Read our stdin (when readable and nothing is pending), write what is pending to the
 * master (when writable). */
void lb_relay_input(struct lb_relay *r, bool readable, bool writable);

#endif
