/* SPDX-License-Identifier: MIT */
/* Signal names as expectations and C.signal spell them: KILL, SIGKILL, 9, none. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "expect/ast.h"
#include "util/signame.h"

int ex_signal_parse(const char *s, size_t len)
{
	if (len == 4 && !memcmp(s, "none", 4))
		return 0;
	if (len > 0 && len <= 2 && s[0] >= '0' && s[0] <= '9') {
		int n = 0;

		for (size_t i = 0; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			n = n * 10 + (s[i] - '0');
		}
		return n < NSIG ? n : -1;
	}
	if (len > 3 && !memcmp(s, "SIG", 3)) {
		s += 3;
		len -= 3;
	}
	for (int sig = 1; sig < NSIG; sig++) {
		/* The abbreviation without "SIG"; NULL for real-time signals. */
		const char *name = lb_signal_abbrev(sig);

		if (name && strlen(name) == len && !memcmp(name, s, len))
			return sig;
	}
	/* SIGIO is SIGPOLL's other name. */
	if (len == 2 && !memcmp(s, "IO", 2))
		return SIGIO;
	return -1;
}

const char *ex_signal_name(int sig, char *buf, size_t n)
{
	const char *name = sig > 0 ? lb_signal_abbrev(sig) : NULL;

	if (sig == 0)
		return "none";
	if (name)
		return name;
	snprintf(buf, n, "%d", sig);
	return buf;
}
