/* SPDX-License-Identifier: MIT */
/*
 * The floor of a container start (bench/start.sh): the least a start of /bin/true in its own
 * namespaces and memory cgroup can do, and nothing else.  A cgroup made with its limit, a
 * clone into the five namespaces exec uses (pid, mount, uts, ipc, net), the child moving
 * itself into the cgroup (v1: "0" to tasks; v2: clone3 puts it there), / made private and a
 * fresh /proc, then execve; the parent waits and removes the cgroup.  No capabilities dropped,
 * no hostname, no read-only cgroup mounts, no error reporting beyond an exit status: what
 * limitbench exec costs above this is its own work.  bench/start.sh builds it static with
 * musl-gcc when it can, as ./limitbench is, so that both pay the same process start.
 *
 * usage: floor-start MEMORY_CGROUP_ROOT LIMIT_FILE   (e.g. /sys/fs/cgroup/memory
 *        memory.limit_in_bytes on v1, /sys/fs/cgroup memory.max on v2)
 */
#define _GNU_SOURCE /* CLONE_NEW*: built on its own, without the Makefile's flags */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* clone3's argument up to its cgroup field (Linux 5.7). */
struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
	    set_tid_size, cgroup;
};

static int write_at(int dirfd, const char *file, const char *value)
{
	int fd = openat(dirfd, file, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, value, strlen(value));
	close(fd);
	return n == (ssize_t)strlen(value) ? 0 : -1;
}

static void child(int tasks_fd)
{
	char *argv[] = {"/bin/true", NULL};
	char *envp[] = {"PATH=/usr/bin:/bin", NULL};

	if (tasks_fd >= 0 && write(tasks_fd, "0", 1) != 1)
		_exit(125);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		_exit(125);
	execve(argv[0], argv, envp);
	_exit(127);
}

int main(int argc, char **argv)
{
	const uint64_t ns = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET;
	char name[64];
	int root, dir, tasks_fd = -1, st = 0;
	pid_t pid;

	if (argc != 3) {
		fprintf(stderr, "usage: %s MEMORY_CGROUP_ROOT LIMIT_FILE\n", argv[0]);
		return 2;
	}
	snprintf(name, sizeof(name), "limitbench-floor-%d", (int)getpid());
	root = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0 || mkdirat(root, name, 0755) < 0) {
		perror(argv[1]);
		return 1;
	}
	dir = openat(root, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0 || write_at(dir, argv[2], "104857600") < 0) {
		perror(name);
		unlinkat(root, name, AT_REMOVEDIR);
		return 1;
	}
	struct clone_args_v2 ca = {
	    .flags = ns | CLONE_INTO_CGROUP, .exit_signal = SIGCHLD, .cgroup = (uint64_t)dir};
	/* v2 (the limit file is memory.max): born in the cgroup; v1: it moves itself in. */
	if (strcmp(argv[2], "memory.max") == 0) {
		pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	} else {
		tasks_fd = openat(dir, "tasks", O_WRONLY | O_CLOEXEC);
		pid = (pid_t)syscall(SYS_clone, (unsigned long)(ns | SIGCHLD), NULL, NULL, NULL,
				     NULL);
	}
	if (pid == 0)
		child(tasks_fd);
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	else
		perror("clone");
	/* The last task leaves the cgroup a moment after it is reaped: EBUSY until then. */
	for (int i = 0; i < 10000 && unlinkat(root, name, AT_REMOVEDIR) < 0 && errno == EBUSY;
	     i++) {
		struct timespec ts = {0, 100000};
		nanosleep(&ts, NULL);
	}
	return pid > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
