/* SPDX-License-Identifier: MIT */
#ifndef LB_SUPERVISE_SUPERVISE_H
#define LB_SUPERVISE_SUPERVISE_H

/*
 * The supervisor's event loop, one for `run` and `exec`: everything a workload's harness
 * waits for is a file descriptor in one epoll set, and nothing else wakes it.
 *
 *   signals     a signalfd (lb_sup_signalfd: blocked first, so none lands mid-cleanup)
 *   exits       each container's pidfd
 *   time        timerfds on the monotonic clock (lb_timer_*): the sampler's ticks, start
 *               delays, durations, the run's timeout, the grace before a kill
 *   OOMs        each cgroup's event fd
 *   a terminal  the pty master and our stdin, for exec -t
 *
 * Each watched fd names a handler, its argument and a 64-bit datum; lb_sup_run() calls the
 * handlers of what is ready, turn after turn, until its `done` says so.  Within a turn the
 * sources of priority 0 go first (an OOM notification before the exit it caused).  An fd
 * epoll cannot watch (a regular file or /dev/null as exec -i's stdin) is always ready:
 * its handler is called at every turn while it is watched for anything.
 *
 * run/loop.c (a scenario's run) and supervise/foreground.c (exec's one workload) are the two
 * sets of handlers; the container back-ends below them only make, start, signal and reap.
 */

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define LB_NS_PER_S 1000000000ull
/* How long a workload has between the signal that asks it to stop (a scenario's duration
 * over: SIGTERM; a signal exec forwards) and the SIGKILL of everything in its cgroup.  PID 1
 * of a pid namespace ignores every signal it has no handler for (SPEC: 1 s). */
#define LB_SUP_KILL_GRACE_NS LB_NS_PER_S

/* A ready source: its argument and datum, and epoll's events (EPOLLIN...). */
typedef void (*lb_sup_fn)(void *arg, uint64_t data, uint32_t events);

struct lb_sup_source {
	int fd; /* -1: a free slot */
	uint32_t events;
	bool always_ready; /* epoll refused it (EPERM): it never blocks */
	int prio;
	uint32_t gen; /* bumped when the slot is freed: a stale readiness is dropped */
	lb_sup_fn fn;
	void *arg;
	uint64_t data;
};

/* Initialise with LB_SUP_NONE, so that lb_sup_close() is safe before lb_sup_init(). */
#define LB_SUP_NONE                                                                                \
	{                                                                                          \
		.ep = -1                                                                           \
	}
struct lb_sup {
	int ep;
	struct lb_sup_source *src;
	size_t n_src, cap;
};

int lb_sup_init(struct lb_sup *s, lb_error *err);
/* Closes the epoll fd (not the watched ones); safe on a zeroed or closed one with ep -1. */
void lb_sup_close(struct lb_sup *s);
/* Watch fd for events; fn(arg, data, ready) is called when some are ready (priority 0
 * before the others within a turn). */
int lb_sup_watch(struct lb_sup *s, int fd, uint32_t events, int prio, lb_sup_fn fn, void *arg,
		 uint64_t data, lb_error *err);
/* What fd is watched for from now on (0: nothing, until the next change). */
void lb_sup_modify(struct lb_sup *s, int fd, uint32_t events);
void lb_sup_unwatch(struct lb_sup *s, int fd);
/* Turns (wait, then call what is ready) until done(arg) is true, checked before each. */
int lb_sup_run(struct lb_sup *s, bool (*done)(void *arg), void *arg, lb_error *err);

/* Block the signals sigs[n] (the old mask in *old, if not NULL) and return a non-blocking
 * signalfd for them, or -1 with err set.  SIGPIPE is ignored from then on: a reader that
 * went away must not end limitbench before its cgroups are removed (the container child
 * restores it before its exec). */
int lb_sup_signalfd(const int *sigs, size_t n, sigset_t *old, lb_error *err);

/* Timers on the monotonic clock, non-blocking and close-on-exec. */
int lb_timer_new(lb_error *err);
/* Fire at the absolute monotonic time at_ns, then every interval_ns (0: once). */
void lb_timer_arm(int fd, uint64_t at_ns, uint64_t interval_ns);
void lb_timer_disarm(int fd);
/* Expirations since the last read (0 if none: a stale wake-up). */
uint64_t lb_timer_read(int fd);

#endif
