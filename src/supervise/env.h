/* SPDX-License-Identifier: MIT */
#ifndef LB_SUPERVISE_ENV_H
#define LB_SUPERVISE_ENV_H

/*
 * The workload's environment, one builder for `run` and `exec`: a clean one (nothing of
 * limitbench's own environment leaks in but what is named here), then the caller's additions.
 *
 *   PATH=<LB_ENV_PATH>  HOME=/root  HOSTNAME=<its hostname>  TERM=<lb_env_term()>  additions
 *
 * TERM, the one rule: the caller's own TERM when it has one (the workload's output ends up
 * on the caller's terminal, through the pty or in files read there); else "xterm" when the
 * workload has a pseudo-terminal (docker run -t's), else "dumb": a terminal that can do
 * nothing, so that a program never sends escapes into a file or a pipe.  The clean
 * environment always has a TERM (SPEC.md, section 2: PATH, HOME=/root, TERM).
 */

#include <stdbool.h>
#include <stddef.h>

/* The search path of every workload (and of `requires: commands`). */
#define LB_ENV_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct lb_env_opts {
	const char *hostname; /* HOSTNAME; NULL: none */
	const char *term;     /* the caller's TERM; NULL or "": it has none */
	bool tty;	      /* the workload gets a pseudo-terminal */
	/* Set in order on top, a later KEY replacing an earlier one: "KEY=VALUE", or "KEY"
	 * alone (docker's -e KEY): KEY's value in `from`, and nothing when it has none. */
	char *const *add;
	size_t n_add;
	char *const *from; /* NULL-terminated "KEY=VALUE" (the caller's environ), or NULL */
};

/* TERM's value by the rule above (never NULL). */
const char *lb_env_term(const char *caller_term, bool tty);
/* The whole environment: NULL-terminated, every string malloc'd; lb_env_free() frees it. */
char **lb_env_build(const struct lb_env_opts *o);
void lb_env_free(char **env);

#endif
