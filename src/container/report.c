/* SPDX-License-Identifier: MIT */
/* The pure parts of the launcher: the child's failure report and the exit code conventions. */
#include "container/container.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>

void lb_child_report_set(struct lb_child_report *r, int stage, int errnum, const char *msg)
{
	memset(r, 0, sizeof(*r));
	r->stage = stage;
	r->errnum = errnum;
	size_t n = strlen(msg);
	if (n >= sizeof(r->msg))
		n = sizeof(r->msg) - 1;
	memcpy(r->msg, msg, n);
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
