/* SPDX-License-Identifier: MIT */
#include "util/procstat.h"

#include <string.h>

int lb_parse_u64(const char **p, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*out = v;
	return 0;
}

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
	if (lb_parse_u64(&p, &v) < 0)
		return -1;
	if (*p && *p != ' ' && *p != '\n')
		return -1;
	*out = v;
	return 0;
}
