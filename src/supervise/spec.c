/* SPDX-License-Identifier: MIT */
/* A container's settings -> the launcher's spec (supervise/spec.h). */
#include "supervise/spec.h"

void lb_sup_container_spec(const struct lb_scn_ctr *sc, const char *hostname, char *const *envp,
			   struct lb_cgroup *cg, const struct lb_cg_hier *hier,
			   struct lb_container_spec *cs)
{
	*cs = (struct lb_container_spec){
	    .argv = sc->argv,
	    .envp = envp,
	    .hostname = hostname ? hostname : sc->name,
	    .namespaces = sc->namespaces,
	    .cgroup = cg,
	    .stdin_fd = -1,
	    .stdout_fd = -1,
	    .stderr_fd = -1,
	    .tty_fd = -1,
	    .cgroupfs = hier->fs_mounts,
	    .n_cgroupfs = hier->n_fs_mounts,
	    .rootfs = sc->rootfs,
	    .readonly_rootfs = sc->readonly_rootfs,
	    .host_devices = sc->host_devices,
	    .devices = sc->devices,
	    .caps_set = sc->caps_set,
	    .caps_keep = sc->caps_keep,
	    .has_oom_score_adj = sc->limits.oom_score_adj_set,
	    .oom_score_adj = sc->limits.oom_score_adj,
	};
	for (char **d = sc->devices; d && *d; d++)
		cs->n_devices++;
}
