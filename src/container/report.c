/* SPDX-License-Identifier: MIT */
/* The pure parts of the launcher: the child's failure report and the exit code conventions. */
#include "container/container.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

/* strlcpy-like, with only what POSIX lists as async-signal-safe (strlen, memcpy). */
static size_t append(char *dst, size_t at, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (at + 1 >= size)
		return at;
	if (n > size - 1 - at)
		n = size - 1 - at;
	memcpy(dst + at, s, n);
	dst[at + n] = '\0';
	return at + n;
}

void lb_child_report_set(struct lb_child_report *r, int stage, int errnum, const char *what,
			 const char *arg)
{
	size_t at;

	memset(r, 0, sizeof(*r));
	r->stage = stage;
	r->errnum = errnum;
	at = append(r->msg, 0, sizeof(r->msg), what);
	if (arg) {
		at = append(r->msg, at, sizeof(r->msg), " ");
		append(r->msg, at, sizeof(r->msg), arg);
	}
}

void lb_child_report_format(const struct lb_child_report *r, char *buf, size_t size)
{
	if (r->errnum)
		snprintf(buf, size, "%s: %s", r->msg, strerror(r->errnum));
	else
		snprintf(buf, size, "%s", r->msg);
}

int lb_child_report_decode(const void *buf, size_t len, struct lb_child_report *out)
{
	if (len != sizeof(*out))
		return -1;
	memcpy(out, buf, sizeof(*out));
	if (out->stage != LB_CHILD_STAGE_SETUP && out->stage != LB_CHILD_STAGE_EXEC)
		return -1;
	if (!memchr(out->msg, '\0', sizeof(out->msg)))
		return -1;
	return 0;
}

int lb_child_exit_code(int stage, int errnum)
{
	if (stage != LB_CHILD_STAGE_EXEC)
		return 125;
	/* As sh and docker: 127 "command not found", 126 "found but cannot be run" (EACCES,
	 * ENOEXEC, a bad ELF interpreter, ...). */
	return errnum == ENOENT ? 127 : 126;
}

int lb_wait_status_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 125; /* stopped or continued: not an end; callers reap with plain waits only */
}
