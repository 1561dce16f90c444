/* SPDX-License-Identifier: MIT */
/* Parsers of the flat keyed cgroup files and of /proc/PID/stat's start time. */
#include "cgroup/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fs.h"
#include "util/procstat.h"

int lb_parse_keyed(const char *buf, const char *key, uint64_t *val)
{
	size_t klen = strlen(key);
	const char *line = buf;

	while (line && *line) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(line + klen + 1, &end, 10);
			if (errno || end == line + klen + 1 || (*end && *end != '\n'))
				return -1;
			*val = v;
			return 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -1;
}

/* Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
int lb_cg_parse_stat_starttime(const char *buf, uint64_t *start)
{
	return lb_proc_stat_field(buf, 22, start);
}

int lb_cg_proc_starttime(pid_t pid, uint64_t *start)
{
	char path[64];
	lb_error err = {0};
	char *text = NULL;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (lb_read_file(path, &text, NULL, &err) < 0) {
		errno = err.errnum;
		return -1;
	}
	int r = lb_cg_parse_stat_starttime(text, start);
	free(text);
	if (r < 0)
		errno = EINVAL;
	return r;
}
