/* SPDX-License-Identifier: MIT */
#ifndef LB_SUPERVISE_SPEC_H
#define LB_SUPERVISE_SPEC_H

/*
 * A container's settings -> the launcher's spec (container/container.h), in one place for
 * `run` and `exec`: a scenario's container is its settings, and exec makes one of its flags
 * (cmd/exec.c: exec_settings), so that both ask the back-end for a container alike.
 */

#include "cgroup/cgroup.h"
#include "container/container.h"
#include "scenario/scenario.h"

/*
 * Fill *cs from sc: its argv, namespaces, root file system, devices, capabilities and OOM
 * score, with the environment envp and the cgroup cg (both the caller's, kept while the
 * container is made), the hostname (NULL: sc->name) and the cgroup mounts of hier to make
 * read-only inside.  The rest is the caller's to set after: stdio (here: /dev/null in,
 * the harness's out and err), the tty (none), a start barrier (none), the working directory
 * (the harness's).
 */
void lb_sup_container_spec(const struct lb_scn_ctr *sc, const char *hostname, char *const *envp,
			   struct lb_cgroup *cg, const struct lb_cg_hier *hier,
			   struct lb_container_spec *cs);

#endif
