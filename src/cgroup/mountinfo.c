/* SPDX-License-Identifier: MIT */
/* Where the cgroup hierarchies are: /proc/self/mountinfo, /proc/PID/cgroup. */
#include "cgroup/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* v1 mount options say "blkio" where v2's cgroup.controllers says "io". */
static int ctrl_by_name(const char *s, size_t len, bool v1)
{
	for (int c = 0; c < LB_CTRL_COUNT; c++) {
		const char *n = v1 ? lb_ctrl_v1_name(c) : lb_ctrl_name(c);
		if (strlen(n) == len && memcmp(n, s, len) == 0)
			return c;
	}
	return -1;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static char *unescape(const char *s)
{
	char *out = lb_xmalloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

/* Record mount point `mnt` for controller c; a mount of the hierarchy's root ("/") wins
 * over a bind mount of a sub-folder. */
static void set_mount(char **slot, bool *slot_is_root, const char *mnt, bool is_root)
{
	if (*slot && (*slot_is_root || !is_root))
		return;
	free(*slot);
	*slot = unescape(mnt);
	*slot_is_root = is_root;
}

int lb_cg_parse_mountinfo(const char *buf, struct lb_cg_hier *out, lb_error *err)
{
	bool v1_root[LB_CTRL_COUNT] = {false}, v2_root = false, any_v1 = false;
	size_t cap = 0;

	/* One copy of the whole text, cut into lines and fields in place: an allocation per
	 * line costs a page mapped and unmapped each time with musl's malloc. */
	_cleanup_free_ char *text = lb_xstrdup(buf);
	char *next = text;

	memset(out, 0, sizeof(*out));
	while (next && *next) {
		char *l = next;
		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';

		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS */
		char *f[6] = {NULL};
		char *save = NULL, *tok = strtok_r(l, " ", &save);
		int i = 0;
		for (; tok && i < 5; tok = strtok_r(NULL, " ", &save))
			f[i++] = tok;
		if (i < 5)
			continue;
		while (tok && strcmp(tok, "-") != 0)
			tok = strtok_r(NULL, " ", &save);
		if (!tok)
			continue;
		char *fstype = strtok_r(NULL, " ", &save);
		char *source = strtok_r(NULL, " ", &save);
		char *super = strtok_r(NULL, " ", &save);
		if (!fstype || !source)
			continue;
		bool is_root = strcmp(f[3], "/") == 0;
		if (strcmp(fstype, "cgroup2") == 0 || strcmp(fstype, "cgroup") == 0) {
			lb_xgrow(&out->fs_mounts, &cap, out->n_fs_mounts + 1,
				 sizeof(*out->fs_mounts));
			out->fs_mounts[out->n_fs_mounts++] = unescape(f[4]);
		}
		if (strcmp(fstype, "cgroup2") == 0) {
			set_mount(&out->v2_mount, &v2_root, f[4], is_root);
		} else if (strcmp(fstype, "cgroup") == 0) {
			any_v1 = true;
			char *osave = NULL;
			for (char *o = strtok_r(super ? super : (char *)"", ",", &osave); o;
			     o = strtok_r(NULL, ",", &osave)) {
				int c = ctrl_by_name(o, strlen(o), true);
				if (c >= 0)
					set_mount(&out->v1_mount[c], &v1_root[c], f[4], is_root);
			}
		}
	}
	if (any_v1 && out->v2_mount)
		out->mode = LB_CG_HYBRID;
	else if (any_v1)
		out->mode = LB_CG_V1;
	else if (out->v2_mount)
		out->mode = LB_CG_V2;
	else
		out->mode = LB_CG_NONE;
	(void)err;
	return 0;
}

unsigned lb_cg_parse_controllers(const char *buf)
{
	unsigned mask = 0;

	while (*buf) {
		size_t len = strcspn(buf, " \t\n");
		int c = ctrl_by_name(buf, len, false);
		if (c >= 0)
			mask |= 1u << c;
		buf += len;
		buf += strspn(buf, " \t\n");
	}
	return mask;
}

/*
 * The v2 backend is used when the unified hierarchy has the controllers: a pure v2
 * machine, or one where v1 holds none of what v2 offers.  systemd's hybrid mode mounts
 * cgroup2 with no controllers at all (they all stay on v1): that is v1 for us.
 */
bool lb_cg_choose_v2(const struct lb_cg_hier *h)
{
	if (!h->v2_mount)
		return false;
	if (h->v2_controllers & LB_CG_V2_WANTED)
		return !h->v1_mount[LB_CTRL_MEMORY] || (h->v2_controllers & (1u << LB_CTRL_MEMORY));
	/* a v2 mount without controllers: v2 only if v1 has nothing either */
	for (int c = 0; c < LB_CTRL_COUNT; c++)
		if (h->v1_mount[c])
			return false;
	return true;
}

int lb_cg_detect(struct lb_cg_hier *out, lb_error *err)
{
	_cleanup_free_ char *mi = NULL;

	memset(out, 0, sizeof(*out));
	if (lb_read_file("/proc/self/mountinfo", &mi, NULL, err) < 0)
		return lb_error_wrap(err, "finding the cgroup hierarchies");
	if (lb_cg_parse_mountinfo(mi, out, err) < 0)
		return -1;
	if (out->v2_mount) {
		_cleanup_free_ char *path = lb_xasprintf("%s/cgroup.controllers", out->v2_mount);
		_cleanup_free_ char *ctl = NULL;
		lb_error ignored = {0};
		if (lb_read_file(path, &ctl, NULL, &ignored) == 0)
			out->v2_controllers = lb_cg_parse_controllers(ctl);
		/* cpu.stat and cgroup.freeze are core files of v2 */
		if (out->v2_controllers & (1u << LB_CTRL_CPU))
			out->v2_controllers |= 1u << LB_CTRL_CPUACCT;
	}
	out->use_v2 = lb_cg_choose_v2(out);
	return 0;
}

void lb_cg_hier_free(struct lb_cg_hier *h)
{
	if (!h)
		return;
	for (int c = 0; c < LB_CTRL_COUNT; c++) {
		free(h->v1_mount[c]);
		h->v1_mount[c] = NULL;
	}
	free(h->v2_mount);
	h->v2_mount = NULL;
	for (size_t i = 0; i < h->n_fs_mounts; i++)
		free(h->fs_mounts[i]);
	free(h->fs_mounts);
	h->fs_mounts = NULL;
	h->n_fs_mounts = 0;
}

bool lb_cg_has(const struct lb_cg_hier *h, enum lb_ctrl c)
{
	if ((unsigned)c >= LB_CTRL_COUNT)
		return false;
	if (!h->use_v2)
		return h->v1_mount[c] != NULL;
	/* cpu.stat (usage) and cgroup.freeze/cgroup.kill are core files on v2 */
	if (c == LB_CTRL_CPUACCT || c == LB_CTRL_FREEZER)
		return h->v2_mount != NULL;
	return (h->v2_controllers & (1u << c)) != 0;
}

/* "ID:CONTROLLERS:PATH" lines; v2's is "0::PATH". */
int lb_cg_parse_proc_cgroup(const char *buf, const char *controller, char **path, lb_error *err)
{
	const char *line = buf;
	size_t clen = strlen(controller);

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *c1 = memchr(line, ':', len);
		const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line)) : NULL;

		if (c2) {
			const char *list = c1 + 1;
			size_t llen = (size_t)(c2 - list);
			bool match = false;
			if (clen == 0) {
				match = llen == 0 && c1 - line == 1 && line[0] == '0';
			} else {
				while (llen > 0 && !match) {
					const char *comma = memchr(list, ',', llen);
					size_t tl = comma ? (size_t)(comma - list) : llen;
					match = tl == clen && memcmp(list, controller, clen) == 0;
					if (!comma)
						break;
					llen -= tl + 1;
					list = comma + 1;
				}
			}
			if (match) {
				*path = lb_xstrndup(c2 + 1, len - (size_t)(c2 + 1 - line));
				return 0;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return lb_error_set(err, LB_ERR_FAILED, ENOENT, "no %s%s line in /proc/PID/cgroup",
			    clen ? "cgroup v1 " : "cgroup v2 \"0::\"", controller);
}
