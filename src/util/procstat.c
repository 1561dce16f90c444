/* SPDX-License-Identifier: MIT */
#include "util/procstat.h"

#include <string.h>

int lb_proc_stat_field(const char *buf, unsigned field, uint64_t *out)
{
	const char *p = strrchr(buf, ')');
	uint64_t v = 0;

	if (!p || field < 3)
		return -1;
	p++;
	for (unsigned f = 3; f < field; f++) {
		while (*p == ' ')
			p++;
		if (!*p || *p == '\n')
			return -1;
		while (*p && *p != ' ' && *p != '\n')
			p++;
	}
	while (*p == ' ')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p && *p != ' ' && *p != '\n')
		return -1;
	*out = v;
	return 0;
}
