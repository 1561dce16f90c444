/* SPDX-License-Identifier: MIT */
#include "container/caps.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"

/* The list moby keeps in oci/caps/defaults.go, the set `docker run` starts a container with. */
static const int default_caps[] = {
    CAP_CHOWN,	 CAP_DAC_OVERRIDE, CAP_FSETID,		 CAP_FOWNER,
    CAP_MKNOD,	 CAP_NET_RAW,	   CAP_SETGID,		 CAP_SETUID,
    CAP_SETFCAP, CAP_SETPCAP,	   CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT,
    CAP_KILL,	 CAP_AUDIT_WRITE,
};

/* Capability numbers are below 64 (CAP_LAST_CAP is 40 in Linux 6.x): a u64 mask holds them. */
#define CAPS_MAX 64

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

/* 1 and the capability's bit for a name, 2 for ALL, 0 for a name libcap does not know. */
static int cap_bits(const char *name, uint64_t *bits)
{
	char full[64];
	cap_value_t v;

	if (!strcasecmp(name, "ALL")) {
		/* every capability this kernel has (cap_max_bits: CAP_LAST_CAP + 1) */
		unsigned n = (unsigned)cap_max_bits();
		*bits = n >= CAPS_MAX ? ~0ull : (1ull << n) - 1;
		return 2;
	}
	/* docker's spelling has no "CAP_"; libcap's names have it (any case) */
	snprintf(full, sizeof(full), "%s%s", strncasecmp(name, "cap_", 4) ? "cap_" : "", name);
	if (!*name || cap_from_name(full, &v) < 0 || v < 0 || v >= CAPS_MAX)
		return 0;
	*bits = 1ull << v;
	return 1;
}

int lb_caps_mask(const char *const *add, const char *const *drop, uint64_t *keep, const char **bad)
{
	uint64_t m = lb_caps_default_mask(), bits;

	for (const char *const *d = drop; d && *d; d++) {
		int k = cap_bits(*d, &bits);

		if (!k) {
			*bad = *d;
			return -1;
		}
		m &= ~bits;
	}
	for (const char *const *a = add; a && *a; a++) {
		if (!cap_bits(*a, &bits)) {
			*bad = *a;
			return -1;
		}
		m |= bits;
	}
	*keep = m;
	return 0;
}

int lb_caps_apply(uint64_t keep, const char **what)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	/* Every capability the running kernel knows, which may be more than the headers this
	 * was built with: EINVAL is the first number past its CAP_LAST_CAP. */
	for (int c = 0; c < CAPS_MAX; c++) {
		if (keep & (1ull << c))
			continue;
		if (prctl(PR_CAPBSET_DROP, (unsigned long)c, 0, 0, 0) < 0) {
			if (errno == EINVAL)
				break;
			*what = "drop a capability from the bounding set";
			return errno;
		}
	}
	if (syscall(SYS_capget, &hdr, data) < 0) {
		*what = "read the process capabilities (capget)";
		return errno;
	}
	for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		uint32_t k = (uint32_t)(keep >> (32 * i));
		data[i].effective &= k;
		data[i].permitted &= k;
		data[i].inheritable &= k;
	}
	if (syscall(SYS_capset, &hdr, data) < 0) {
		*what = "set the process capabilities (capset)";
		return errno;
	}
	/* Ambient capabilities survive execve for non-root workloads; there should be none.
	 * EINVAL: a kernel before 4.3 has no ambient set. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) {
		*what = "reset the ambient capabilities";
		return errno;
	}
	return 0;
}
