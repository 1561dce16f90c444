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

int lb_cg_parse_memstat(const char *buf, bool v2, struct lb_cg_memstat *out)
{
	/* v1's rss, cache and shmem are v2's anon, file and shmem (v1 cache, like v2 file,
	 * counts tmpfs and shared memory too); v1 has no socket figure. */
	static const char *const keys[2][4] = {{"rss", "cache", NULL, "shmem"},
					       {"anon", "file", "sock", "shmem"}};
	uint64_t *field[4] = {&out->anon, &out->file, &out->sock, &out->shmem};

	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < 4; i++)
		if (keys[v2][i] && lb_parse_keyed(buf, keys[v2][i], field[i]) == 0)
			out->valid |= 1u << i;
	return out->valid ? 0 : -1;
}

/* One line of a pressure file: "some avg10=0.00 avg60=0.00 avg300=0.00 total=12345". */
static int pressure_total(const char *line, uint64_t *total)
{
	const char *t = strstr(line, " total=");
	const char *nl = strchr(line, '\n');
	char *end;

	if (!t || (nl && t > nl))
		return -1;
	t += strlen(" total=");
	if (*t < '0' || *t > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(t, &end, 10);
	if (errno || (*end && *end != '\n' && *end != ' '))
		return -1;
	*total = v;
	return 0;
}

int lb_cg_parse_pressure(const char *buf, struct lb_cg_pressure *out)
{
	const char *line = buf;

	memset(out, 0, sizeof(*out));
	while (line && *line) {
		if (!strncmp(line, "some ", 5) && pressure_total(line, &out->some_us) == 0)
			out->has_some = true;
		else if (!strncmp(line, "full ", 5) && pressure_total(line, &out->full_us) == 0)
			out->has_full = true;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return out->has_some ? 0 : -1;
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
