/* SPDX-License-Identifier: MIT */
/*
 * UTF-8 validation for the report writers: JSON (jansson refuses invalid UTF-8) and XML
 * (a JUnit reader rejects the whole file for one bad byte) both need valid text, and the
 * strings we write can carry bytes from a workload or a file name.
 */
#include <string.h>

#include "report/internal.h"
#include "util/alloc.h"
#include "util/text.h"

char *lb_report_utf8_clean(const char *s)
{
	static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */
	const unsigned char *p = (const unsigned char *)s;
	char *out = lb_xmalloc(strlen(s) * 3 + 1), *o = out;

	while (*p) {
		size_t n = lb_utf8_len(p);

		if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {
			memcpy(o, replacement, 3);
			o += 3;
			p++;
		}
	}
	*o = '\0';
	return out;
}
