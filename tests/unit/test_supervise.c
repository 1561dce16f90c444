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

#include "supervise/spec.h"
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

/* One container's settings -> the launcher's spec, for run and exec alike. */
static void test_spec(void **state)
{
	char *argv[] = {"sh", "-c", "true", NULL};
	char *envp[] = {"A=1", NULL};
	char *devices[] = {"/dev/fuse", "/dev/kvm", NULL};
	char *mounts[] = {"/sys/fs/cgroup/memory"};
	struct lb_cg_hier hier = {.fs_mounts = mounts, .n_fs_mounts = 1};
	struct lb_scn_ctr sc = {
	    .name = "web",
	    .argv = argv,
	    .namespaces = LB_NS_PID | LB_NS_MOUNT,
	    .rootfs = "/srv/root",
	    .readonly_rootfs = true,
	    .devices = devices,
	    .caps_set = true,
	    .caps_keep = 0x5,
	    .limits = {.oom_score_adj_set = true, .oom_score_adj = -500},
	};
	struct lb_container_spec cs;

	(void)state;
	lb_sup_container_spec(&sc, NULL, envp, NULL, &hier, &cs);
	assert_ptr_equal(cs.argv, argv);
	assert_ptr_equal(cs.envp, envp);
	assert_string_equal(cs.hostname, "web"); /* NULL: the container's name */
	assert_int_equal(cs.namespaces, LB_NS_PID | LB_NS_MOUNT);
	assert_int_equal(cs.stdin_fd, -1);
	assert_int_equal(cs.stdout_fd, -1);
	assert_int_equal(cs.stderr_fd, -1);
	assert_int_equal(cs.tty_fd, -1);
	assert_false(cs.has_barrier);
	assert_null(cs.cwd);
	assert_ptr_equal(cs.cgroupfs, mounts);
	assert_int_equal(cs.n_cgroupfs, 1);
	assert_string_equal(cs.rootfs, "/srv/root");
	assert_true(cs.readonly_rootfs);
	assert_false(cs.host_devices);
	assert_ptr_equal(cs.devices, devices);
	assert_int_equal(cs.n_devices, 2);
	assert_true(cs.caps_set);
	assert_int_equal(cs.caps_keep, 0x5);
	assert_true(cs.has_oom_score_adj);
	assert_int_equal(cs.oom_score_adj, -500);
	/* exec's hostname is its own, and it may have no devices at all */
	sc.devices = NULL;
	lb_sup_container_spec(&sc, "box", envp, NULL, &hier, &cs);
	assert_string_equal(cs.hostname, "box");
	assert_int_equal(cs.n_devices, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_priority),
	    cmocka_unit_test(test_unwatch_in_turn),
	    cmocka_unit_test(test_always_ready),
	    cmocka_unit_test(test_spec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
