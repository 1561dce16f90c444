/* SPDX-License-Identifier: MIT */
/* The machine as a run saw it, recorded in summary.json's "environment". */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "report/internal.h"
#include "util/cleanup.h"
#include "util/fs.h"

static const char *next_line(const char *line)
{
	const char *nl = strchr(line, '\n');

	return nl ? nl + 1 : NULL;
}

int lb_meminfo_parse(const char *buf, const char *key, unsigned long long *bytes)
{
	size_t klen = strlen(key);

	for (const char *line = buf; line && *line; line = next_line(line)) {
		if (strncmp(line, key, klen) || line[klen] != ':')
			continue;
		const char *p = line + klen + 1;
		char *end;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		errno = 0;
		unsigned long long v = strtoull(p, &end, 10);
		if (errno == ERANGE)
			return -1;
		while (*end == ' ' || *end == '\t')
			end++;
		/* /proc/meminfo says "kB" and means KiB (1024), as free(1) reads it. */
		if (!strncmp(end, "kB", 2))
			v *= 1024;
		*bytes = v;
		return 0;
	}
	return -1;
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

void lb_host_info_fill(struct lb_host_info *h, const char *cgroup_mode, const char *backend,
		       const char *controllers)
{
	struct utsname u;
	_cleanup_free_ char *meminfo = NULL;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(h, 0, sizeof(*h));
	copy(h->kernel, sizeof(h->kernel), uname(&u) == 0 ? u.release : "unknown");
	copy(h->cgroup_mode, sizeof(h->cgroup_mode), cgroup_mode);
	copy(h->backend, sizeof(h->backend), backend);
	copy(h->controllers, sizeof(h->controllers), controllers);
	h->cpus = cpus > 0 ? (unsigned)cpus : 0;
	/* Without /proc/meminfo the sizes stay 0: the run is still worth recording. */
	if (lb_read_file("/proc/meminfo", &meminfo, NULL, NULL) == 0) {
		lb_meminfo_parse(meminfo, "MemTotal", &h->mem_total);
		lb_meminfo_parse(meminfo, "SwapTotal", &h->swap_total);
	}
	copy(h->version, sizeof(h->version), LB_VERSION);
}
