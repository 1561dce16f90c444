/* SPDX-License-Identifier: MIT */
/*
 * UTF-8 validation for the report writers: JSON (jansson refuses invalid UTF-8) and XML
 * (a JUnit reader rejects the whole file for one bad byte) both need valid text, and the
 * strings we write can carry bytes from a workload or a file name.
 */
#include <string.h>

#include "report/internal.h"
#include "util/alloc.h"

size_t lb_report_utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n;
	unsigned min;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	unsigned cp = c & (0x3f >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8. */
	if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

char *lb_report_utf8_clean(const char *s)
{
	static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */
	const unsigned char *p = (const unsigned char *)s;
	char *out = lb_xmalloc(strlen(s) * 3 + 1), *o = out;

	while (*p) {
		size_t n = lb_report_utf8_len(p);

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
