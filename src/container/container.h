/* SPDX-License-Identifier: MIT */
#ifndef LB_CONTAINER_CONTAINER_H
#define LB_CONTAINER_CONTAINER_H

/*
 * The launcher: one workload in new namespaces, inside its cgroup from its first
 * instruction.
 *
 *   lb_container_create()  clone3 (v2: CLONE_INTO_CGROUP) or clone + attach by the parent;
 *                          the child sets up its namespaces and then blocks on a pipe.
 *   lb_container_start()   releases it: it execs the argv exactly as given.  Exec failures
 *                          come back over a CLOEXEC pipe: not found -> 127, not executable
 *                          -> 126, with the reason.
 *
 * Splitting the two lets the runner start many containers together behind one barrier.
 *
 * The workload dies with the harness (PR_SET_PDEATHSIG, SIGKILL): the kernel fires that when
 * the *thread* that called lb_container_create() exits, so call it from one that lives as long
 * as the container.  The harness's fds are not inherited (all but 0..2 are closed), its
 * signal mask and ignored signals are reset, and PATH is looked up in spec->envp.
 * /proc is remounted only with both LB_NS_PID and LB_NS_MOUNT (else it would be the host's),
 * or in a rootfs.  With LB_NS_MOUNT the container gets docker's default confinement (read-only
 * and masked /proc and /sys paths, a minimal /dev; container/confine.h), and with LB_NS_NET its
 * loopback interface up.  Between clone and exec the child calls only async-signal-safe
 * functions: everything it needs is computed before the clone.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup/cgroup.h"
#include "util/error.h"

/* Namespaces (bits), the default is all of them. */
enum {
	LB_NS_PID = 1 << 0,
	LB_NS_MOUNT = 1 << 1,
	LB_NS_UTS = 1 << 2,
	LB_NS_IPC = 1 << 3,
	LB_NS_NET = 1 << 4,
	LB_NS_ALL = (1 << 5) - 1,
};

struct lb_container_spec {
	char *const *argv;	  /* argv[0] is looked up in PATH, as execvp does */
	char *const *envp;	  /* the workload's whole environment */
	const char *hostname;	  /* with LB_NS_UTS; NULL = leave as is */
	unsigned namespaces;	  /* LB_NS_* */
	struct lb_cgroup *cgroup; /* where it runs; required */
	/* The workload's stdio: an fd to dup2 onto 0/1/2, or -1 for /dev/null (stdin) and
	 * the harness's own stdout/stderr (1, 2). */
	int stdin_fd, stdout_fd, stderr_fd;
	int tty_fd; /* a pty slave: becomes the controlling terminal and all of 0/1/2; -1 = none */
	/* A barrier shared by the containers of a run that start together: the read end of a
	 * pipe whose write end the harness closes to wake them all in one system call (a go
	 * byte each, sent before, wakes nobody: they wait here first).  See loop.c. */
	bool has_barrier;
	int barrier_fd;
	const char *cwd; /* chdir here before exec; NULL = the harness's own */
	/* The cgroup mounts to make read-only inside (lb_cg_hier's fs_mounts); NULL = the child
	 * reads mountinfo to find them. */
	char *const *cgroupfs;
	size_t n_cgroupfs;
	/* A directory to pivot_root into (the workload's /, with /proc, /sys and /dev set up
	 * inside it); NULL: the host's / is its / too.  Needs LB_NS_MOUNT. */
	const char *rootfs;
	bool readonly_rootfs; /* its / read-only, recursively (rootfs or the host's) */
	/* Its /dev: the minimal one plus devices[] (host paths under /dev, bound at the same
	 * place), or, with host_devices, the host's whole /dev. */
	bool host_devices;
	char *const *devices;
	size_t n_devices;
	/* The capabilities it keeps (caps.h: lb_caps_mask) instead of docker's default set. */
	bool caps_set;
	uint64_t caps_keep;
	bool no_mount_setattr; /* tests: take the way of a kernel before 5.12 */
	/* The workload's /proc/self/oom_score_adj (docker --oom-score-adj, -1000..1000), written
	 * by the child before it drops its capabilities; unset: 0, the default. */
	bool has_oom_score_adj;
	int oom_score_adj;
};

struct lb_container {
	pid_t pid;  /* in the harness's pid namespace */
	int pidfd;  /* pollable; readable when it exits */
	int go_fd;  /* the harness's end of the start barrier (-1 once confirmed) */
	int err_fd; /* read end of the exec-error pipe */
	bool started;
	bool ready;	  /* its "ready" was read (or it died before it could say it) */
	bool go_sent;	  /* the go byte reached the child (it had not died) */
	uint64_t woke_ns; /* CLOCK_MONOTONIC when it passed the barrier, 0 = unknown */
	bool reaped;
	int status;	      /* wait status once reaped */
	char exec_error[256]; /* why exec failed, "" if it did not */
	/* Filled with exec_error: where the child failed (LB_CHILD_STAGE_*), its errno, and the
	 * exit code it exits with (127 not found, 126 not executable, 125 set-up failed). */
	int exec_stage;
	int exec_errno;
	int exec_code;
};

/* Where a child that never became the workload failed. */
enum {
	LB_CHILD_STAGE_NONE = 0,
	LB_CHILD_STAGE_SETUP = 1, /* namespaces, mounts, capabilities, stdio: limitbench's fault */
	LB_CHILD_STAGE_EXEC = 2,  /* execvp itself: the command's fault */
};

/*
 * What a child that failed writes to the error pipe, in one write(2) (smaller than
 * PIPE_BUF, so it arrives whole).  The parent reads EOF instead when exec succeeded.  The
 * child cannot format (snprintf and strerror are not async-signal-safe): it sends what failed
 * and the errno, and the parent adds ": strerror(errnum)".
 */
struct lb_child_report {
	int32_t stage;
	int32_t errnum;
	char msg[240]; /* "exec nosuchcmd", "chdir /x": NUL-terminated */
};

/* Fill a report with "what arg" (arg NULL: what alone), truncated to fit.  Async-signal-safe. */
void lb_child_report_set(struct lb_child_report *r, int stage, int errnum, const char *what,
			 const char *arg);
/* Validate what was read from the pipe: 0 when it is a whole report, -1 otherwise. */
int lb_child_report_decode(const void *buf, size_t len, struct lb_child_report *out);
/* The message of a report: "msg: strerror(errnum)" (msg alone for errnum 0). */
void lb_child_report_format(const struct lb_child_report *r, char *buf, size_t size);
/* The exit code of a child that failed: exec ENOENT -> 127, other exec errors -> 126
 * (as docker and POSIX shells), set-up failures -> 125. */
int lb_child_exit_code(int stage, int errnum);
/* The exit code convention for a wait status: status, or 128+N for signal N. */
int lb_wait_status_code(int status);

int lb_container_create(const struct lb_container_spec *spec, struct lb_container *c,
			lb_error *err);
/* Release the workload.  Returns 0 once it has exec'd, or -1 with err set when its exec
 * failed (c->exec_error says why; it then exits 126/127, reaped as usual).  The same as
 * lb_container_go() and lb_container_confirm(). */
int lb_container_start(struct lb_container *c, lb_error *err);
/* Wait until the child is set up and waits at the barrier (or died trying).  Call it before
 * lb_container_go(): it reads the child's "ready" (a socket closed with a byte unread
 * would reset the child's end). */
void lb_container_wait_ready(struct lb_container *c);
/* Send the go byte and return at once (a child waiting at a shared barrier goes on only when
 * that opens).  Then lb_container_confirm() reads when it woke and waits for its exec, as
 * lb_container_start() does. */
int lb_container_go(struct lb_container *c, lb_error *err);
int lb_container_confirm(struct lb_container *c, lb_error *err);
/* Signal the workload (its PID 1). */
int lb_container_signal(struct lb_container *c, int sig);
/* Reap it if it has exited (WNOHANG) or wait for it.  Returns 1 when reaped, 0 if not yet. */
int lb_container_reap(struct lb_container *c, bool wait);
/* The exit code convention: status, or 128+N for signal N. */
int lb_container_exit_code(const struct lb_container *c);
/* Kill (SIGKILL) and reap if still there; close fds.  Safe to call twice. */
void lb_container_release(struct lb_container *c);

#endif
