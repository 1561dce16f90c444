/* SPDX-License-Identifier: MIT */
/* The supervisor's event loop (supervise/supervise.h). */
#include "supervise/supervise.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"

/* epoll's datum: the slot in the low half, its generation in the high one. */
#define SUP_DATA(slot, gen) (((uint64_t)(gen) << 32) | (uint32_t)(slot))

int lb_sup_init(struct lb_sup *s, lb_error *err)
{
	memset(s, 0, sizeof(*s));
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	if (s->ep < 0)
		return lb_error_sys(err, "epoll_create1");
	return 0;
}

void lb_sup_close(struct lb_sup *s)
{
	if (s->ep >= 0)
		close(s->ep);
	s->ep = -1;
	free(s->src);
	s->src = NULL;
	s->n_src = s->cap = 0;
}

static struct lb_sup_source *find(struct lb_sup *s, int fd)
{
	for (size_t i = 0; fd >= 0 && i < s->n_src; i++)
		if (s->src[i].fd == fd)
			return &s->src[i];
	return NULL;
}

int lb_sup_watch(struct lb_sup *s, int fd, uint32_t events, int prio, lb_sup_fn fn, void *arg,
		 uint64_t data, lb_error *err)
{
	struct lb_sup_source *src = NULL;

	for (size_t i = 0; i < s->n_src && !src; i++)
		if (s->src[i].fd < 0)
			src = &s->src[i];
	if (!src) {
		lb_xgrow(&s->src, &s->cap, s->n_src + 1, sizeof(*s->src));
		src = &s->src[s->n_src++];
		src->gen = 0;
	}
	size_t slot = (size_t)(src - s->src);
	struct epoll_event ev = {.events = events, .data.u64 = SUP_DATA(slot, src->gen)};

	src->always_ready = false;
	if (epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		/* A regular file, /dev/null: never blocks, so it is always ready. */
		if (errno != EPERM)
			return lb_error_sys(err, "epoll_ctl");
		src->always_ready = true;
	}
	src->fd = fd;
	src->events = events;
	src->prio = prio;
	src->fn = fn;
	src->arg = arg;
	src->data = data;
	return 0;
}

void lb_sup_modify(struct lb_sup *s, int fd, uint32_t events)
{
	struct lb_sup_source *src = find(s, fd);

	if (!src || src->events == events)
		return;
	src->events = events;
	if (!src->always_ready) {
		struct epoll_event ev = {.events = events,
					 .data.u64 = SUP_DATA(src - s->src, src->gen)};

		epoll_ctl(s->ep, EPOLL_CTL_MOD, fd, &ev);
	}
}

void lb_sup_unwatch(struct lb_sup *s, int fd)
{
	struct lb_sup_source *src = find(s, fd);

	if (!src)
		return;
	if (!src->always_ready)
		epoll_ctl(s->ep, EPOLL_CTL_DEL, fd, NULL);
	src->fd = -1;
	src->gen++;
}

/* The source an event names, NULL when it was unwatched since (or its slot reused). */
static struct lb_sup_source *source_of(struct lb_sup *s, uint64_t u64)
{
	size_t slot = (uint32_t)u64;

	if (slot >= s->n_src || s->src[slot].fd < 0 || s->src[slot].gen != (uint32_t)(u64 >> 32))
		return NULL;
	return &s->src[slot];
}

static bool any_always_ready(const struct lb_sup *s)
{
	for (size_t i = 0; i < s->n_src; i++)
		if (s->src[i].fd >= 0 && s->src[i].always_ready && s->src[i].events)
			return true;
	return false;
}

/* One turn: wait for something (not at all when an always-ready source is watched), then
 * call the handlers, priority 0 first. */
static int turn(struct lb_sup *s, lb_error *err)
{
	struct epoll_event evs[32];
	int n = epoll_wait(s->ep, evs, LB_ARRAY_SIZE(evs), any_always_ready(s) ? 0 : -1);

	if (n < 0) {
		if (errno == EINTR)
			return 0;
		return lb_error_sys(err, "epoll_wait");
	}
	for (int prio = 0; prio < 2; prio++) {
		for (int k = 0; k < n; k++) {
			struct lb_sup_source *src = source_of(s, evs[k].data.u64);

			if (src && (src->prio == 0) == (prio == 0))
				src->fn(src->arg, src->data, evs[k].events);
		}
	}
	/* Those epoll cannot watch, after the others: the handler of one may pause it. */
	for (size_t i = 0; i < s->n_src; i++) {
		struct lb_sup_source *src = &s->src[i];

		if (src->fd >= 0 && src->always_ready && src->events)
			src->fn(src->arg, src->data, src->events);
	}
	return 0;
}

int lb_sup_run(struct lb_sup *s, bool (*done)(void *arg), void *arg, lb_error *err)
{
	while (!done(arg))
		if (turn(s, err) < 0)
			return -1;
	return 0;
}

int lb_sup_signalfd(const int *sigs, size_t n, sigset_t *old, lb_error *err)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	for (size_t i = 0; i < n; i++)
		sigaddset(&set, sigs[i]);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return lb_error_sys(err, "sigprocmask");
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		return lb_error_sys(err, "signalfd");
	signal(SIGPIPE, SIG_IGN);
	return fd;
}

int lb_timer_new(lb_error *err)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		return lb_error_sys(err, "timerfd_create");
	return fd;
}

/* Arm fd to fire at the absolute monotonic time at_ns, then every interval_ns (0: once). */
void lb_timer_arm(int fd, uint64_t at_ns, uint64_t interval_ns)
{
	struct itimerspec its = {
	    .it_value = {.tv_sec = (time_t)(at_ns / LB_NS_PER_S),
			 .tv_nsec = (long)(at_ns % LB_NS_PER_S)},
	    .it_interval = {.tv_sec = (time_t)(interval_ns / LB_NS_PER_S),
			    .tv_nsec = (long)(interval_ns % LB_NS_PER_S)},
	};

	/* at_ns 0 would disarm: the monotonic clock is never 0 in practice, but be sure. */
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		its.it_value.tv_nsec = 1;
	timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL);
}

void lb_timer_disarm(int fd)
{
	struct itimerspec its = {0};

	if (fd >= 0)
		timerfd_settime(fd, 0, &its, NULL);
}

/* Expirations since the last read (0 if none: a stale wake-up). */
uint64_t lb_timer_read(int fd)
{
	uint64_t n = 0;

	if (read(fd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}
