/* SPDX-License-Identifier: MIT */
/* UTF-8 and text for a terminal (util/text.h). */
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/text.h"

size_t lb_utf8_len(const unsigned char *s)
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

size_t lb_text_term_to(char *out, size_t cap, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0;

	if (!cap)
		return 0;
	while (*p) {
		size_t n = lb_utf8_len(p), w;
		char esc[8];

		if (n == 1 && (*p < 0x20 || *p == 0x7f)) {
			const char *named = *p == '\n'	 ? "\\n"
					    : *p == '\t' ? "\\t"
					    : *p == '\r' ? "\\r"
					    : *p == 0x1b ? "\\e"
							 : NULL;

			w = named ? (size_t)snprintf(esc, sizeof(esc), "%s", named)
				  : (size_t)snprintf(esc, sizeof(esc), "\\x%02x", *p);
		} else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
			w = (size_t)snprintf(esc, sizeof(esc), "\\u%04x", p[1]); /* C1 */
		} else if (n == 0) {
			w = (size_t)snprintf(esc, sizeof(esc), "\\x%02x", *p);
			n = 1;
		} else {
			memcpy(esc, p, n);
			w = n;
		}
		if (len + w >= cap)
			break; /* never half an escape or half a character */
		memcpy(out + len, esc, w);
		len += w;
		p += n;
	}
	out[len] = '\0';
	return len;
}

char *lb_text_term(const char *s)
{
	/* the longest escape, \u0085, is 6 bytes for the 2 of its character; \xHH 4 for 1 */
	size_t cap = 4 * strlen(s) + 1;
	char *out = lb_xmalloc(cap);

	lb_text_term_to(out, cap, s);
	return out;
}
