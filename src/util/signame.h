/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_SIGNAME_H
#define LB_UTIL_SIGNAME_H

/*
 * A signal's abbreviation without "SIG" ("KILL" for SIGKILL), or NULL for a number that is not
 * a standard signal (real-time signals included), as glibc's sigabbrev_np() answers; ours, so
 * that the same binary builds against musl, which has none.
 */
const char *lb_signal_abbrev(int sig);

#endif
