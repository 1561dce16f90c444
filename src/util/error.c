/* SPDX-License-Identifier: MIT */
#include "util/error.h"

#include <stdio.h>
#include <string.h>

#include "util/text.h"

/* A message is one line of printable text, whatever it quotes (a name from a scenario, a
 * line of a result file, what gnuplot said): it ends on a terminal, in a CI log, in a
 * JUnit file. */
static void make_printable(char *msg, size_t cap)
{
	char tmp[LB_ERROR_MSG_MAX];

	for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
		if (*p < 0x20 || *p >= 0x7f) { /* control, or not ASCII: look closer */
			size_t n = lb_text_term_to(tmp, sizeof(tmp) < cap ? sizeof(tmp) : cap, msg);

			memcpy(msg, tmp, n + 1);
			return;
		}
}

int lb_error_vset(lb_error *err, enum lb_error_kind kind, int errnum, const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->kind = kind;
	err->errnum = errnum;
	int n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	if (errnum && n >= 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - (size_t)n, ": %s", strerror(errnum));
	make_printable(err->msg, sizeof(err->msg));
	return -1;
}

int lb_error_set(lb_error *err, enum lb_error_kind kind, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lb_error_vset(err, kind, errnum, fmt, ap);
	va_end(ap);
	return -1;
}

int lb_error_wrap(lb_error *err, const char *fmt, ...)
{
	char prefix[LB_ERROR_MSG_MAX], both[2 * LB_ERROR_MSG_MAX + 2];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	size_t n = (size_t)snprintf(both, sizeof(both), "%s: %s", prefix, err->msg);
	if (n >= sizeof(err->msg))
		n = sizeof(err->msg) - 1;
	memcpy(err->msg, both, n);
	err->msg[n] = '\0';
	make_printable(err->msg, sizeof(err->msg));
	if (err->kind == LB_ERR_NONE)
		err->kind = LB_ERR_FAILED;
	return -1;
}

void lb_error_clear(lb_error *err)
{
	if (!err)
		return;
	err->kind = LB_ERR_NONE;
	err->errnum = 0;
	err->msg[0] = '\0';
}
