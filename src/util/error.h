/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_ERROR_H
#define LB_UTIL_ERROR_H

/*
 * The one error type of limitbench.
 *
 * Library code fills an lb_error and returns -1 (or NULL); it never prints and
 * never exits.  Callers add context with lb_error_wrap() on the way up; only
 * main() (and the command functions it dispatches to) turns an error into a
 * message on stderr and an exit code.  The message lives in a fixed buffer, so
 * raising an error never allocates and can never leak.
 */

#include <stdarg.h>

enum lb_error_kind {
	LB_ERR_NONE = 0,
	LB_ERR_FAILED,	 /* something went wrong while working (exit 1 / 125) */
	LB_ERR_USAGE,	 /* bad flags, bad scenario, bad value  (exit 2 / 125) */
	LB_ERR_ENV,	 /* machine cannot do it: not root, no controller (exit 3 / 125) */
	LB_ERR_INTERNAL, /* a bug or resource exhaustion in limitbench itself */
};

#define LB_ERROR_MSG_MAX 1024

typedef struct lb_error {
	enum lb_error_kind kind;
	int errnum;		    /* errno at the point of failure, or 0 */
	char msg[LB_ERROR_MSG_MAX]; /* "context: context: cause" */
} lb_error;

/* Set *err (if err is not NULL) and return -1.  With errnum != 0, ": strerror(errnum)" is
 * appended to the message. */
int lb_error_set(lb_error *err, enum lb_error_kind kind, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int lb_error_vset(lb_error *err, enum lb_error_kind kind, int errnum, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* Shorthands for the common kinds. */
#define lb_error_sys(err, fmt, ...)   lb_error_set((err), LB_ERR_FAILED, errno, fmt, ##__VA_ARGS__)
#define lb_error_fail(err, fmt, ...)  lb_error_set((err), LB_ERR_FAILED, 0, fmt, ##__VA_ARGS__)
#define lb_error_usage(err, fmt, ...) lb_error_set((err), LB_ERR_USAGE, 0, fmt, ##__VA_ARGS__)
#define lb_error_env(err, fmt, ...)   lb_error_set((err), LB_ERR_ENV, 0, fmt, ##__VA_ARGS__)

/* Prefix the message of an already-set error with context ("context: old message").
 * Returns -1 so that `return lb_error_wrap(err, "...")` reads naturally. */
int lb_error_wrap(lb_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clear an error so that the variable can be reused. */
void lb_error_clear(lb_error *err);

#endif
