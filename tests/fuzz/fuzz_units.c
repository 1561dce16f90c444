/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: SIZE, DURATION, decimals, bounded integers and the number lexer of
 * src/util/units.h, and the formatting of whatever they parsed.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = lb_xstrndup((const char *)data, size);
	size_t len = strlen(s);
	lb_error err = {0};
	char buf[64];
	uint64_t u;
	double d;
	const char *unit;

	if (lb_parse_size(s, true, &u, &err) == 0)
		lb_format_size(buf, sizeof(buf), u == LB_SIZE_MAX ? (double)u : (double)u);
	if (lb_parse_size(s, false, &u, &err) == 0 && u == LB_SIZE_MAX && strcmp(s, "max") == 0)
		abort(); /* "max" only when allowed */
	if (lb_parse_duration(s, &u, &err) == 0)
		lb_format_duration(buf, sizeof(buf), (double)u / 1e9);
	if (lb_parse_decimal(s, &d, &err) == 0 && (!isfinite(d) || d < 0))
		abort();
	if (lb_parse_uint(s, 1, 4194304, &u, &err) == 0 && (u < 1 || u > 4194304))
		abort();
	if (lb_parse_number_prefix(s, &d, &unit) == 0) {
		if (unit < s || unit > s + len || !isfinite(d))
			abort();
		size_t ulen = strlen(unit);
		lb_size_unit(unit, ulen);
		lb_duration_unit(unit, ulen);
		lb_format_size(buf, sizeof(buf), d);
		lb_format_duration(buf, sizeof(buf), d);
	}
	free(s);
	return 0;
}
