/* SPDX-License-Identifier: MIT */
/*
 * Running gnuplot: the script goes to its stdin, its stdout (the text of a dumb-terminal
 * figure) and stderr (its complaints) are read back at the same time, so that neither side
 * can block the other on a full pipe.
 *
 * stdin is one end of a socketpair, not a pipe: send(MSG_NOSIGNAL) to a gnuplot that died
 * early returns EPIPE instead of raising SIGPIPE, and library code must not touch the
 * process's signal dispositions to get that.
 *
 * The script is the only program gnuplot runs.  It starts with -d (--default-settings: no
 * /etc/gnuplot/gnuplotrc, no ~/.gnuplot, which $HOME would otherwise choose) and with an
 * environment of a few names only: gnuplot and the libraries under it read code or its
 * place from many others (GNUPLOT_LIB, GNUPLOT_DRIVER_DIR, FIT_SCRIPT, SHELL, PAGER,
 * LD_PRELOAD, GCONV_PATH, GIO_EXTRA_MODULES ...).  $LIMITBENCH_GNUPLOT, and PATH, which finds
 * "gnuplot", name the program by design: they are trusted configuration.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot/plot.h"
#include "util/alloc.h"
#include "util/cleanup.h"

extern char **environ;

#define MISSING_PREFIX "gnuplot not found"

bool lb_plot_missing_gnuplot(const lb_error *err)
{
	/* the message may have been wrapped in context on its way up */
	return err && err->kind == LB_ERR_ENV && strstr(err->msg, MISSING_PREFIX);
}

static const char *gnuplot_prog(void)
{
	const char *prog = getenv("LIMITBENCH_GNUPLOT");

	return prog && *prog ? prog : "gnuplot";
}

/* What gnuplot keeps of the environment: where programs are (as for finding gnuplot), HOME
 * (fontconfig's cache) and the locale (the encoding of text). */
static const char *const env_keep[] = {"PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE"};

/* The environment gnuplot gets: env_keep's entries of environ, in environ's order. */
static char **gnuplot_env(void)
{
	size_t n = 0;
	char **env;

	for (char **e = environ; *e; e++)
		n++;
	env = lb_xcalloc(n + 1, sizeof(*env));
	n = 0;
	for (char **e = environ; *e; e++)
		for (size_t k = 0; k < LB_ARRAY_SIZE(env_keep); k++) {
			size_t len = strlen(env_keep[k]);

			if (!strncmp(*e, env_keep[k], len) && (*e)[len] == '=') {
				env[n++] = *e;
				break;
			}
		}
	return env;
}

static int missing(lb_error *err, const char *prog)
{
	return lb_error_set(err, LB_ERR_ENV, 0,
			    MISSING_PREFIX " ('%s' is not on PATH): install gnuplot "
					   "(Debian: gnuplot-nox) to draw plots",
			    prog);
}

/* A path to s that does not depend on the working folder (gnuplot runs in another). */
static char *absolute(const char *s)
{
	char cwd[PATH_MAX];

	if (s[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return lb_xstrdup(s);
	return lb_xasprintf("%s/%s", cwd, s);
}

/* The gnuplot to run, found as execvp would find it, without running anything; NULL and
 * the "gnuplot not found" error when there is none. */
static char *gnuplot_path(lb_error *err)
{
	const char *prog = gnuplot_prog(), *path = getenv("PATH");

	if (strchr(prog, '/')) {
		if (access(prog, X_OK) == 0)
			return absolute(prog);
		missing(err, prog);
		return NULL;
	}
	for (const char *p = path && *path ? path : "/usr/local/bin:/usr/bin:/bin"; *p;) {
		size_t len = strcspn(p, ":");
		char *cand = lb_xasprintf("%.*s/%s", (int)len, len ? p : ".", prog);

		if (access(cand, X_OK) == 0) {
			char *abs = absolute(cand);

			free(cand);
			return abs;
		}
		free(cand);
		p += len;
		p += *p == ':';
	}
	missing(err, prog);
	return NULL;
}

int lb_plot_gnuplot_check(lb_error *err)
{
	_cleanup_free_ char *path = gnuplot_path(err);

	return path ? 0 : -1;
}

struct sink {
	char *buf;
	size_t len, cap;
};

static void sink_add(struct sink *s, const char *p, size_t n)
{
	lb_xgrow(&s->buf, &s->cap, s->len + n + 1, 1);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

/* The last few lines of gnuplot's stderr, on one line, for an error message. */
static void stderr_tail(const struct sink *s, char *out, size_t n)
{
	const char *p = s->buf ? s->buf : "";
	size_t len = s->len;

	while (len && (p[len - 1] == '\n' || p[len - 1] == ' '))
		len--;
	size_t start = len > 400 ? len - 400 : 0;
	size_t k = 0;

	for (size_t i = start; i < len && k + 1 < n; i++) {
		char ch = p[i];

		if (ch == '\n') {
			/* gnuplot marks the place of an error with a caret line: a space will do */
			if (k && out[k - 1] == ' ')
				continue;
			ch = ' ';
		}
		if (ch == ' ' && k && out[k - 1] == ' ')
			continue;
		out[k++] = ch;
	}
	out[k] = '\0';
}

/* Feed the script and drain both outputs until gnuplot closes them. */
/*
 * A gnuplot that neither reads nor writes for this long is stuck (a template that waits for
 * input): drawing a million samples takes seconds.
 */
#define STALL_MS 60000

/* Returns 0, -1 (poll failed, errno set) or -2 (gnuplot stalled). */
static int pump(int in, int outfd, int errfd, const char *script, size_t len, struct sink *out,
		struct sink *errs)
{
	struct pollfd pfd[3] = {
	    {.fd = in, .events = POLLOUT},
	    {.fd = outfd, .events = POLLIN},
	    {.fd = errfd, .events = POLLIN},
	};
	size_t sent = 0;
	char buf[65536];
	int rc = 0;

	if (len == 0) {
		close(in);
		pfd[0].fd = -1;
	}
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0 || pfd[2].fd >= 0) {
		int ready = poll(pfd, 3, STALL_MS);

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0) {
			rc = ready < 0 ? -1 : -2;
			break;
		}
		if (pfd[0].fd >= 0 && pfd[0].revents) {
			ssize_t w =
			    send(in, script + sent, len - sent, MSG_NOSIGNAL | MSG_DONTWAIT);

			if (w > 0)
				sent += (size_t)w;
			/* gnuplot gone (EPIPE): its stderr will say why */
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == len) {
				close(in);
				pfd[0].fd = -1;
			}
		}
		for (int i = 1; i < 3; i++) {
			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			ssize_t r = read(pfd[i].fd, buf, sizeof(buf));

			if (r > 0) {
				sink_add(i == 1 ? out : errs, buf, (size_t)r);
			} else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
			}
		}
	}
	for (int i = 0; i < 3; i++)
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
	return rc;
}

int lb_plot_gnuplot(const char *script, size_t len, const char *cwd, char **out, lb_error *err)
{
	_cleanup_free_ char *prog = gnuplot_path(err);
	int sv[2] = {-1, -1}, po[2] = {-1, -1}, pe[2] = {-1, -1};
	posix_spawn_file_actions_t fa;
	struct sink o = {0}, e = {0};
	char *argv[] = {NULL, "-d", NULL};
	_cleanup_free_ char **env = gnuplot_env();
	pid_t pid;
	int rc = -1, status, spawn_err;

	if (!prog)
		return -1;
	argv[0] = prog;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
	    pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		lb_error_sys(err, "gnuplot: pipes");
		goto out_fds;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, po[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pe[1], STDERR_FILENO);
	/* the figures are written by their names alone, into the folder they belong in */
	if (cwd)
		posix_spawn_file_actions_addchdir_np(&fa, cwd);
	/* glibc reports a failed exec as the return value, so a missing gnuplot is seen here */
	spawn_err = posix_spawn(&pid, prog, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	if (spawn_err) {
		if (cwd && access(cwd, X_OK) < 0) /* the chdir failed, not the exec */
			lb_error_sys(err, "gnuplot: cannot enter %s", cwd);
		else if (spawn_err == ENOENT)
			missing(err, prog);
		else
			lb_error_set(err, LB_ERR_ENV, spawn_err, MISSING_PREFIX ": cannot run '%s'",
				     prog);
		goto out_fds;
	}
	close(sv[1]);
	close(po[1]);
	close(pe[1]);
	sv[1] = po[1] = pe[1] = -1;
	/* pump closes the fds it is given (by then, or on its way out) */
	switch (pump(sv[0], po[0], pe[0], script, len, &o, &e)) {
	case 0:
		rc = 0;
		break;
	case -2:
		kill(pid, SIGKILL);
		lb_error_fail(err, "gnuplot did nothing for %d s: killed", STALL_MS / 1000);
		break;
	default:
		lb_error_sys(err, "gnuplot: poll");
		kill(pid, SIGKILL); /* not to wait below for one we no longer talk to */
		break;
	}
	sv[0] = po[0] = pe[0] = -1;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = lb_error_sys(err, "gnuplot: waitpid");
			goto out_fds;
		}
	}
	if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		char tail[512];

		stderr_tail(&e, tail, sizeof(tail));
		if (WIFEXITED(status))
			rc = lb_error_fail(err, "gnuplot failed (exit %d): %s", WEXITSTATUS(status),
					   tail[0] ? tail : "no message");
		else
			rc = lb_error_fail(err, "gnuplot killed by signal %d: %s", WTERMSIG(status),
					   tail[0] ? tail : "no message");
	}
	if (rc == 0 && out)
		*out = o.buf ? lb_steal_ptr(o.buf) : lb_xstrdup("");
out_fds:
	for (int i = 0; i < 2; i++) {
		if (sv[i] >= 0)
			close(sv[i]);
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	free(o.buf);
	free(e.buf);
	return rc;
}
