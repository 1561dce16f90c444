/* SPDX-License-Identifier: MIT */
/* Parsers of the flat keyed cgroup files and of /proc/PID/stat's start time. */
#include "cgroup/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fs.h"
#include "util/units.h"
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

/* The kernel charges (and fails) up to MEMCG_CHARGE_BATCH (64) pages at once: a failed
 * charge can leave the peak that far below the limit. */
#define CHARGE_BATCH_BYTES (64u * 4096u)

int lb_cg_mem_max_hits(const struct lb_cg_hits_in *in, uint64_t *hits, const char **why)
{
	*why = NULL;
	*hits = in->failcnt;
	if (in->v2 || !in->has_memsw)
		return 0;
	*hits += in->memsw_failcnt;
	if (*hits > 0 || in->memsw_limit == LB_SIZE_MAX)
		return 0;
	if (in->oom_kills == 0 && in->memsw_peak + CHARGE_BATCH_BYTES < in->memsw_limit)
		return 0; /* the limit was never reached: 0 is the count */
	*why = "this kernel does not count memory+swap limit hits (memory.memsw.failcnt and "
	       "memory.failcnt stayed 0 while usage reached the memory-swap limit); oom_kills "
	       "and mem_peak tell whether it was reached";
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
