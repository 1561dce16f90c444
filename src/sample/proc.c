/* SPDX-License-Identifier: MIT */
/* The /proc probes: parsers over buffers, and a CPU bitmap that prints as a CPU list. */
#include "sample/proc.h"

#include <stdio.h>
#include <string.h>

#include "util/procstat.h"

int lb_proc_parse_vmrss(const char *buf, uint64_t *bytes)
{
	static const char key[] = "VmRSS:";
	const char *p = buf;
	uint64_t kb;

	/* The key must start a line; status has no other line containing "VmRSS:". */
	if (strncmp(p, key, sizeof(key) - 1) != 0) {
		p = strstr(buf, "\nVmRSS:");
		if (!p)
			return -1;
		p++;
	}
	p += sizeof(key) - 1;
	if (lb_parse_u64(&p, &kb) < 0)
		return -1;
	/* The kernel always prints "kB" (KiB) here. */
	while (*p == ' ')
		p++;
	if (strncmp(p, "kB", 2) != 0)
		return -1;
	*bytes = kb * 1024;
	return 0;
}

int lb_proc_parse_statm_rss(const char *buf, uint64_t page_size, uint64_t *bytes)
{
	const char *p = buf;
	uint64_t size, resident;

	if (lb_parse_u64(&p, &size) < 0 || lb_parse_u64(&p, &resident) < 0)
		return -1;
	if (*p && *p != ' ' && *p != '\n')
		return -1;
	*bytes = resident * page_size;
	return 0;
}

int lb_proc_parse_stat_cpu(const char *buf, int *cpu)
{
	uint64_t v;

	/* "processor", the CPU it last ran on, is field 39. */
	if (lb_proc_stat_field(buf, 39, &v) < 0 || v >= LB_CPUSET_BITS)
		return -1;
	*cpu = (int)v;
	return 0;
}

void lb_cpuset_add(struct lb_cpuset *s, int cpu)
{
	if (cpu >= 0 && cpu < LB_CPUSET_BITS)
		s->bits[cpu / 64] |= 1ull << (cpu % 64);
}

static bool cpuset_has(const struct lb_cpuset *s, int cpu)
{
	return s->bits[cpu / 64] & (1ull << (cpu % 64));
}

bool lb_cpuset_empty(const struct lb_cpuset *s)
{
	for (size_t i = 0; i < sizeof(s->bits) / sizeof(s->bits[0]); i++)
		if (s->bits[i])
			return false;
	return true;
}

const char *lb_cpuset_format(const struct lb_cpuset *s, char *buf, size_t n)
{
	size_t used = 0;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	for (int c = 0; c < LB_CPUSET_BITS; c++) {
		int end = c;
		int w;

		if (!cpuset_has(s, c))
			continue;
		while (end + 1 < LB_CPUSET_BITS && cpuset_has(s, end + 1))
			end++;
		if (end == c)
			w = snprintf(buf + used, n - used, "%s%d", used ? "," : "", c);
		else
			w = snprintf(buf + used, n - used, "%s%d-%d", used ? "," : "", c, end);
		if (w < 0 || (size_t)w >= n - used) {
			buf[used] = '\0'; /* cut at a whole range rather than mid-number */
			break;
		}
		used += (size_t)w;
		c = end;
	}
	return buf;
}
