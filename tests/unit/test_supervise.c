/* SPDX-License-Identifier: MIT */
/* The supervisor's event loop: priorities, fds epoll cannot watch, unwatching, timers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "supervise/supervise.h"

struct log {
	struct lb_sup *sup;
	uint64_t seen[16];
	size_t n;
	size_t stop_after; /* done once this many calls were seen */
	int unwatch_fd;	   /* a handler unwatches this fd, -1: none */
	int pause_fd;	   /* a handler stops watching this fd for anything, -1: none */
};

static void on_ready(void *arg, uint64_t data, uint32_t events)
{
	struct log *l = arg;

	(void)events;
	if (l->n < 16)
		l->seen[l->n++] = data;
	if (l->unwatch_fd >= 0) {
		lb_sup_unwatch(l->sup, l->unwatch_fd);
		l->unwatch_fd = -1;
	}
	if (l->pause_fd >= 0)
		lb_sup_modify(l->sup, l->pause_fd, 0);
}

static bool done(void *arg)
{
	struct log *l = arg;

	return l->n >= l->stop_after;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * LB_NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* Two ready pipes: the one of priority 0 is handled first, whatever the order of watching. */
static void test_priority(void **state)
{
	struct lb_sup sup = LB_SUP_NONE;
	struct log l = {.sup = &sup, .stop_after = 2, .unwatch_fd = -1, .pause_fd = -1};
	int a[2], b[2];
	lb_error err = {0};

	(void)state;
	assert_int_equal(pipe(a), 0);
	assert_int_equal(pipe(b), 0);
	assert_int_equal(write(a[1], "x", 1), 1);
	assert_int_equal(write(b[1], "x", 1), 1);
	assert_int_equal(lb_sup_init(&sup, &err), 0);
	assert_int_equal(lb_sup_watch(&sup, a[0], EPOLLIN, 1, on_ready, &l, 1, &err), 0);
	assert_int_equal(lb_sup_watch(&sup, b[0], EPOLLIN, 0, on_ready, &l, 2, &err), 0);
	assert_int_equal(lb_sup_run(&sup, done, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.seen[0], 2);
	assert_int_equal(l.seen[1], 1);
	lb_sup_close(&sup);
	lb_sup_close(&sup); /* twice: safe */
	close(a[0]), close(a[1]), close(b[0]), close(b[1]);
}

/* A source unwatched by the handler of another one ready in the same turn is not called. */
static void test_unwatch_in_turn(void **state)
{
	struct lb_sup sup = LB_SUP_NONE;
	struct log l = {.sup = &sup, .stop_after = 1, .pause_fd = -1};
	int a[2], b[2];
	lb_error err = {0};

	(void)state;
	assert_int_equal(pipe(a), 0);
	assert_int_equal(pipe(b), 0);
	assert_int_equal(write(a[1], "x", 1), 1);
	assert_int_equal(write(b[1], "x", 1), 1);
	assert_int_equal(lb_sup_init(&sup, &err), 0);
	assert_int_equal(lb_sup_watch(&sup, a[0], EPOLLIN, 0, on_ready, &l, 1, &err), 0);
	assert_int_equal(lb_sup_watch(&sup, b[0], EPOLLIN, 1, on_ready, &l, 2, &err), 0);
	l.unwatch_fd = b[0];
	l.stop_after = 1;
	assert_int_equal(lb_sup_run(&sup, done, &l, &err), 0);
	/* b was ready in that turn too, but gone by its time; a new watch reuses its slot */
	assert_int_equal(l.n, 1);
	assert_int_equal(l.seen[0], 1);
	lb_sup_unwatch(&sup, a[0]);
	assert_int_equal(lb_sup_watch(&sup, b[0], EPOLLIN, 1, on_ready, &l, 3, &err), 0);
	l.stop_after = 2;
	assert_int_equal(lb_sup_run(&sup, done, &l, &err), 0);
	assert_int_equal(l.seen[1], 3);
	assert_int_equal(sup.n_src, 2);
	lb_sup_close(&sup);
	close(a[0]), close(a[1]), close(b[0]), close(b[1]);
}

/* A regular file cannot be in an epoll set: it is always ready, until paused. */
static void test_always_ready(void **state)
{
	struct lb_sup sup = LB_SUP_NONE;
	struct log l = {.sup = &sup, .stop_after = 3, .unwatch_fd = -1, .pause_fd = -1};
	FILE *f = tmpfile();
	lb_error err = {0};

	(void)state;
	assert_non_null(f);
	assert_int_equal(lb_sup_init(&sup, &err), 0);
	assert_int_equal(lb_sup_watch(&sup, fileno(f), EPOLLIN, 1, on_ready, &l, 7, &err), 0);
	assert_true(sup.src[0].always_ready);
	assert_int_equal(lb_sup_run(&sup, done, &l, &err), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.seen[2], 7);
	/* paused: a timer is what wakes the loop next, not the file */
	int t = lb_timer_new(&err);
	assert_true(t >= 0);
	l.pause_fd = fileno(f);
	l.stop_after = 5;
	assert_int_equal(lb_sup_watch(&sup, t, EPOLLIN, 1, on_ready, &l, 9, &err), 0);
	lb_timer_arm(t, now_ns() + 20 * 1000000ull, 0);
	assert_int_equal(lb_sup_run(&sup, done, &l, &err), 0);
	assert_int_equal(l.seen[3], 7); /* the file once more, which pauses it */
	assert_int_equal(l.seen[4], 9); /* then the timer */
	assert_int_equal(lb_timer_read(t), 1);
	assert_int_equal(lb_timer_read(t), 0); /* read: a stale wake-up reads 0 */
	lb_sup_close(&sup);
	close(t);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_priority),
	    cmocka_unit_test(test_unwatch_in_turn),
	    cmocka_unit_test(test_always_ready),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
