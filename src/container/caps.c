/* SPDX-License-Identifier: MIT */
#include "container/caps.h"

#include <errno.h>
#include <sys/prctl.h>
#include <sys/capability.h>

#include "util/cleanup.h"

/* The list moby keeps in oci/caps/defaults.go, the set `docker run` starts a container with. */
static const cap_value_t default_caps[] = {
    CAP_CHOWN,	 CAP_DAC_OVERRIDE, CAP_FSETID,		 CAP_FOWNER,
    CAP_MKNOD,	 CAP_NET_RAW,	   CAP_SETGID,		 CAP_SETUID,
    CAP_SETFCAP, CAP_SETPCAP,	   CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT,
    CAP_KILL,	 CAP_AUDIT_WRITE,
};

bool lb_caps_is_default(int cap)
{
	for (size_t i = 0; i < LB_ARRAY_SIZE(default_caps); i++)
		if (default_caps[i] == cap)
			return true;
	return false;
}

uint64_t lb_caps_default_mask(void)
{
	uint64_t m = 0;

	for (size_t i = 0; i < LB_ARRAY_SIZE(default_caps); i++)
		m |= 1ull << default_caps[i];
	return m;
}

static void lb_cap_freep(cap_t *c)
{
	if (*c)
		cap_free(*c);
}

int lb_caps_apply_default(lb_error *err)
{
	_cleanup_(lb_cap_freep) cap_t caps = NULL;
	/* cap_max_bits() is what the running kernel knows (CAP_LAST_CAP + 1), which may be more
	 * than the headers this was built with: drop those too. */
	cap_value_t last = cap_max_bits();

	for (cap_value_t c = 0; c < last; c++) {
		if (lb_caps_is_default(c))
			continue;
		/* EINVAL: a capability this kernel does not have; nothing to drop. */
		if (cap_drop_bound(c) < 0 && errno != EINVAL)
			return lb_error_sys(err, "drop capability %d from the bounding set", c);
	}
	caps = cap_get_proc();
	if (!caps)
		return lb_error_sys(err, "read the process capabilities");
	for (cap_value_t c = 0; c < last; c++) {
		if (lb_caps_is_default(c))
			continue;
		if (cap_set_flag(caps, CAP_EFFECTIVE, 1, &c, CAP_CLEAR) < 0 ||
		    cap_set_flag(caps, CAP_PERMITTED, 1, &c, CAP_CLEAR) < 0 ||
		    cap_set_flag(caps, CAP_INHERITABLE, 1, &c, CAP_CLEAR) < 0)
			return lb_error_sys(err, "clear capability %d", c);
	}
	if (cap_set_proc(caps) < 0)
		return lb_error_sys(err, "set the process capabilities");
	/* Ambient capabilities survive execve for non-root workloads; there should be none.
	 * One prctl (libcap's cap_reset_ambient() probes every capability first); EINVAL: a
	 * kernel before 4.3 has no ambient set. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return lb_error_sys(err, "reset the ambient capabilities");
	return 0;
}
