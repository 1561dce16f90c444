/* SPDX-License-Identifier: MIT */
/* What `limitbench info` and `requires:` ask of the machine beyond mountinfo. */
#include "cgroup/internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"

const char *lb_cg_unusable(const struct lb_cg_hier *h, enum lb_ctrl c, char *buf, size_t n)
{
	if (lb_cg_has(h, c))
		return NULL;
	if (h->mode == LB_CG_NONE)
		snprintf(buf, n, "no cgroup filesystem is mounted");
	else if (h->use_v2 && h->v1_mount[c])
		snprintf(buf, n, "bound to the v1 hierarchy at %s, not to cgroup2", h->v1_mount[c]);
	else if (h->use_v2)
		snprintf(buf, n, "not in %s/cgroup.controllers", h->v2_mount);
	else if (h->v2_controllers & (1u << c))
		snprintf(buf, n, "only on cgroup2 (%s), which is not used here", h->v2_mount);
	else
		snprintf(buf, n, "not mounted (mount -t cgroup -o %s cgroup /sys/fs/cgroup/%s)",
			 lb_ctrl_v1_name(c), lb_ctrl_v1_name(c));
	return buf;
}

/*
 * v2: the root has no files of the controllers (memory.max, cpu.idle...), so look at the
 * cgroups just below it: 1 when one that has `marker` (a file of the controller) has `file`,
 * 0 when none has it, -1 when no cgroup below the root has the controller.
 */
static int v2_child_has(const char *mount, const char *marker, const char *file)
{
	_cleanup_close_ int fd = open(mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int dfd = fd >= 0 ? dup(fd) : -1;
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	int ret = -1;

	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	struct dirent *e;
	while ((e = readdir(d)) && ret != 1) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		_cleanup_close_ int sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub < 0 || faccessat(sub, marker, F_OK, 0) < 0)
			continue;
		ret = faccessat(sub, file, F_OK, 0) == 0 ? 1 : 0;
	}
	closedir(d);
	return ret;
}

const char *lb_cg_io_weight_unusable(char *buf, size_t n)
{
	struct lb_cg_hier h;
	lb_error ignored = {0};
	const char *why = NULL;

	if (lb_cg_detect(&h, &ignored) < 0)
		return NULL;
	if (!lb_cg_has(&h, LB_CTRL_IO)) {
		lb_cg_hier_free(&h);
		return NULL; /* the missing controller is said when the cgroup is made */
	}
	const struct lb_cg_file *f = lb_cg_file_of(LB_CGI_IO_WEIGHT_DEVICE, h.use_v2);
	int have;
	if (h.use_v2) {
		have = v2_child_has(h.v2_mount, "io.max", f->file);
	} else {
		_cleanup_free_ char *p = lb_xasprintf("%s/%s", h.v1_mount[LB_CTRL_IO], f->file);
		have = access(p, F_OK) == 0 ? 1 : 0;
	}
	if (have == 0) {
		snprintf(buf, n, "this machine's cgroup %s has no I/O weights (%s is missing: %s)",
			 h.use_v2 ? "v2" : "v1", f->file,
			 h.use_v2 ? "the kernel needs CONFIG_BLK_CGROUP_IOCOST"
				  : "v1 weights went with the CFQ scheduler, and BFQ's "
				    "blkio.bfq.weight is not used");
		why = buf;
	}
	lb_cg_hier_free(&h);
	return why;
}

int lb_cg_swap_accounting(const struct lb_cg_hier *h)
{
	if (!lb_cg_has(h, LB_CTRL_MEMORY))
		return 0;
	if (h->use_v2)
		return v2_child_has(h->v2_mount, "memory.max", "memory.swap.max");
	_cleanup_free_ char *p = lb_xasprintf("%s/%s", h->v1_mount[LB_CTRL_MEMORY],
					      lb_cg_file_of(LB_CGI_MEMSW_LIMIT, false)->file);
	return access(p, F_OK) == 0 ? 1 : 0;
}

int lb_cg_has_cpu_idle(const struct lb_cg_hier *h)
{
	const char *file = lb_cg_file_of(LB_CGI_CPU_IDLE, h->use_v2)->file;

	if (!lb_cg_has(h, LB_CTRL_CPU))
		return 0;
	if (h->use_v2)
		return v2_child_has(h->v2_mount, "cpu.weight", file);
	_cleanup_free_ char *p = lb_xasprintf("%s/%s", h->v1_mount[LB_CTRL_CPU], file);
	return access(p, F_OK) == 0 ? 1 : 0;
}

const char *lb_cg_psi_unusable(const struct lb_cg_hier *h)
{
	char buf[256];

	if (!h->use_v2)
		return "cgroup v1 has no pressure files: the psi_* series are not measured";
	/* with PSI off, /proc/pressure is missing or its reads fail (EOPNOTSUPP) */
	_cleanup_close_ int fd = open("/proc/pressure/cpu", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
		return "PSI is off in this kernel: boot with psi=1 (the psi_* series are not "
		       "measured)";
	return NULL;
}
