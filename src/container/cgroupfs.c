/* SPDX-License-Identifier: MIT */
#include "container/cgroupfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "util/cleanup.h"
#include "util/fs.h"

/* mountinfo writes space, tab, newline and backslash in paths as \ooo. */
static void unescape_octal(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

size_t lb_cgroupfs_mounts(char *buf, char **out, size_t max)
{
	size_t n = 0;
	char *next;

	for (char *line = buf; line && *line && n < max; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER */
		char *sep = strstr(line, " - ");
		if (!sep)
			continue;
		char *fstype = sep + 3;
		size_t fl = strcspn(fstype, " ");
		if (!((fl == 6 && !strncmp(fstype, "cgroup", 6)) ||
		      (fl == 7 && !strncmp(fstype, "cgroup2", 7))))
			continue;
		/* the fifth field */
		char *mp = line;
		for (int f = 0; f < 4 && mp; f++) {
			mp = strchr(mp, ' ');
			if (mp)
				mp++;
		}
		if (!mp || mp >= sep)
			continue;
		mp[strcspn(mp, " ")] = '\0';
		unescape_octal(mp);
		out[n++] = mp;
	}
	return n;
}

int lb_cgroupfs_readonly(lb_error *err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	char *mps[256];
	size_t n;

	if (lb_read_file("/proc/self/mountinfo", &buf, &len, err) < 0)
		return -1;
	n = lb_cgroupfs_mounts(buf, mps, LB_ARRAY_SIZE(mps));
	for (size_t i = 0; i < n; i++) {
		/* A bind remount changes this mount's flags only, in this namespace only; the
		 * flags cgroupfs is mounted with are kept by passing them again. */
		if (mount(NULL, mps[i], NULL,
			  MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  NULL) < 0)
			return lb_error_sys(err, "make %s read-only", mps[i]);
	}
	return 0;
}
