/* SPDX-License-Identifier: MIT */
/*
 * The floor of the sampler's cost (bench/sampler.sh): a loop that only wakes up, the way
 * limitbench's run loop wakes up for a sample, and does nothing else.  An absolute periodic
 * timerfd (non-blocking, CLOCK_MONOTONIC, first tick one interval after the start) in an
 * epoll set; each wake-up is one epoll_wait and one read of the expiration count, as in
 * src/run/loop.c.  Whatever limitbench costs above this loop's CPU time is its own work.
 *
 * usage: wake INTERVAL_NS SECONDS
 * Prints "wakes N late L": L counts the wake-ups more than half an interval after their
 * tick plus the ticks that expired unseen (how limitbench counts late samples).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define NS_PER_S 1000000000ull

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

static struct timespec ts_of(uint64_t ns)
{
	struct timespec ts = {.tv_sec = (time_t)(ns / NS_PER_S), .tv_nsec = (long)(ns % NS_PER_S)};

	return ts;
}

int main(int argc, char **argv)
{
	uint64_t interval, end, t0, ticks = 0, wakes = 0, late = 0;
	struct epoll_event ev = {.events = EPOLLIN}, got;
	struct itimerspec its;
	int ep, tfd;

	if (argc != 3 || (interval = strtoull(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: wake INTERVAL_NS SECONDS\n");
		return 2;
	}
	ep = epoll_create1(EPOLL_CLOEXEC);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (ep < 0 || tfd < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev) < 0) {
		perror("wake: epoll/timerfd");
		return 1;
	}
	t0 = now_ns();
	end = t0 + (uint64_t)(strtod(argv[2], NULL) * 1e9);
	its.it_value = ts_of(t0 + interval);
	its.it_interval = ts_of(interval);
	if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0) {
		perror("wake: timerfd_settime");
		return 1;
	}
	for (;;) {
		uint64_t n = 0, due, now;
		int r = epoll_wait(ep, &got, 1, -1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			perror("wake: epoll_wait");
			return 1;
		}
		if (read(tfd, &n, sizeof(n)) != sizeof(n) || n == 0)
			continue;
		ticks += n;
		wakes++;
		late += n - 1;
		due = t0 + ticks * interval;
		now = now_ns();
		if (now > due && now - due > interval / 2)
			late++;
		if (now >= end)
			break;
	}
	printf("wakes %llu late %llu\n", (unsigned long long)wakes, (unsigned long long)late);
	return 0;
}
