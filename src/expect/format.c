/* SPDX-License-Identifier: MIT */
/* Values printed in their unit, short enough for a verdict line: 104.2M, 250ms, 0.49, KILL. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "expect/ast.h"
#include "util/units.h"

/* Up to three decimals, trailing zeros dropped: 0.49, 0.333, 12, 1.5. */
static const char *format_plain(char *buf, size_t n, double v)
{
	char *dot;

	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, n, "%.0f", v);
		return buf;
	}
	snprintf(buf, n, "%.3f", v);
	if ((dot = strchr(buf, '.'))) {
		char *end = buf + strlen(buf);

		while (end > dot && (end[-1] == '0' || end[-1] == '.'))
			*--end = '\0';
	}
	/* Too small for three decimals: show its significant digits instead of 0. */
	if (!strcmp(buf, "0") || !strcmp(buf, "-0") || !strcmp(buf, ""))
		snprintf(buf, n, "%.3g", v);
	return buf;
}

const char *ex_format_value(char *buf, size_t n, enum ex_type t, double v, bool precise)
{
	switch (t) {
	case T_BYTES:
		if (precise && v == floor(v))
			snprintf(buf, n, "%.0fB", v);
		else if (precise)
			snprintf(buf, n, "%.9gB", v);
		else
			lb_format_size(buf, n, v);
		return buf;
	case T_SECONDS:
		if (precise)
			snprintf(buf, n, "%.9gs", v);
		else
			lb_format_duration(buf, n, v);
		return buf;
	case T_SIGNAL: {
		const char *name = ex_signal_name((int)v, buf, n);

		if (name != buf)
			snprintf(buf, n, "%s", name);
		return buf;
	}
	case T_NONE:
	case T_CORES:
	case T_LIT:
	case T_CPULIST:
	case T_STRING:
	case T_FLEXM:
	case T_UNKNOWN:
	default:
		if (precise)
			snprintf(buf, n, "%.9g", v);
		else
			format_plain(buf, n, v);
		return buf;
	}
}
