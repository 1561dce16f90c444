/* SPDX-License-Identifier: MIT */
/*
 * One lb_run_spec per matrix combination, in file order (the first parameter varies
 * slowest).  Every per-run value is parsed after ${param} substitution, so a bad value is
 * found in the combination that makes it (and said once, however many combinations do).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cgroup/cgroup.h"
#include "container/caps.h"	 /* lb_caps_mask */
#include "container/confine.h"	 /* lb_is_dev_path */
#include "container/container.h" /* LB_NS_* */
#include "expect/expect.h"
#include "scenario/internal.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/shellsplit.h"
#include "util/units.h"

#define SAMPLE_DEFAULT_NS  100000000ull	   /* 100ms */
#define SAMPLE_MIN_NS	   1000000ull	   /* 1ms */
#define TIMEOUT_DEFAULT_NS 300000000000ull /* 5m */
#define REPEAT_MAX	   100000
#define CPUSET_MAX_CPU	   4095
#define CTR_NAME_MAX	   64

struct buf {
	char *s;
	size_t n, cap;
	size_t *map;
	size_t mapcap;
};

static void buf_put(struct buf *b, char ch, size_t from)
{
	lb_xgrow(&b->s, &b->cap, b->n + 2, 1);
	lb_xgrow(&b->map, &b->mapcap, b->n + 2, sizeof(*b->map));
	b->map[b->n] = from;
	b->s[b->n++] = ch;
	b->s[b->n] = '\0';
}

static const char *param_list(const struct lb_vctx *c, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < c->n_params && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? ", " : "",
					c->params[i].name);
	return out;
}

char *lb_subst(struct lb_vctx *c, const struct lb_ynode *n, size_t **map)
{
	struct buf b = {0};
	const char *s = n->str;
	bool bad = false, broken = false;

	buf_put(&b, '\0', 0); /* make sure there is a buffer even for "" */
	b.n = 0;
	for (size_t i = 0; i < n->len;) {
		if (s[i] == '$' && s[i + 1] == '$' && s[i + 2] == '{') {
			/* $${ is a literal ${ */
			buf_put(&b, '$', i);
			i += 2;
			continue;
		}
		if (s[i] != '$' || s[i + 1] != '{') {
			buf_put(&b, s[i], i);
			i++;
			continue;
		}
		const char *end = strchr(s + i + 2, '}');
		if (!end) {
			lb_vdiag(c, n, i, "unterminated ${ (write $${ for a literal ${)");
			bad = true;
			break;
		}
		size_t nlen = (size_t)(end - (s + i + 2));
		size_t k;
		for (k = 0; k < c->n_params; k++)
			if (strlen(c->params[k].name) == nlen &&
			    !memcmp(c->params[k].name, s + i + 2, nlen))
				break;
		if (k == c->n_params) {
			char list[512];
			lb_vdiag(c, n, i, "unknown parameter ${%.*s}%s%s%s", (int)nlen, s + i + 2,
				 c->n_params ? " (the matrix has "
					     : " (there is no matrix; write $${ for a literal ${)",
				 param_list(c, list, sizeof(list)), c->n_params ? ")" : "");
			bad = true;
		} else if (!c->values[k]) {
			broken = true; /* a parameter whose values were already reported */
		} else {
			for (const char *v = c->values[k]; *v; v++)
				buf_put(&b, *v, i);
		}
		i += nlen + 3;
	}
	if (bad || broken) {
		free(b.s);
		free(b.map);
		return NULL;
	}
	buf_put(&b, '\0', n->len);
	b.n--;
	if (map)
		*map = b.map;
	else
		free(b.map);
	return b.s;
}

/* Substitute and check that something is left. */
static char *value_of(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	char *v = lb_subst(c, n, NULL);

	if (v && !*v && n->len) {
		lb_vdiag(c, n, LB_WHOLE, "%s: empty after substitution", key);
		free(v);
		return NULL;
	}
	return v;
}

static bool parse_duration(struct lb_vctx *c, const struct lb_ynode *n, const char *key,
			   uint64_t min_ns, uint64_t *out)
{
	_cleanup_free_ char *v = value_of(c, n, key);
	lb_error err = {0};
	char buf[32];

	if (!v)
		return false;
	if (lb_parse_duration(v, out, &err) < 0) {
		lb_vdiag(c, n, LB_WHOLE, "%s: %s", key, err.msg);
		return false;
	}
	if (*out < min_ns && min_ns == 1) {
		lb_vdiag(c, n, LB_WHOLE, "%s: must be more than 0", key);
		return false;
	}
	if (*out < min_ns) {
		lb_vdiag(c, n, LB_WHOLE, "%s: %s is too short (at least %s)", key, v,
			 lb_format_duration(buf, sizeof(buf), (double)min_ns / 1e9));
		return false;
	}
	return true;
}

static bool valid_ctr_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

/*
 * A cpuset that names a CPU this machine does not have online: the kernel would refuse it
 * only once the run has started.  Unless requires: { cpus: N } already skips the scenario
 * here (a scenario written for a larger machine says so), it is an error of the file.
 */
static bool check_cpuset_machine(struct lb_vctx *c, const struct lb_ynode *n, unsigned long a,
				 unsigned long b)
{
	if (!c->online_cpus || c->required_cpus > lb_cpulist_count(c->online_cpus))
		return true;
	for (unsigned long cpu = a; cpu <= b; cpu++) {
		if (lb_cpulist_has(c->online_cpus, cpu))
			continue;
		lb_vdiag(c, n, LB_WHOLE,
			 "cpuset: CPU %lu is not online on this machine (online: %.*s); a scenario "
			 "for a larger machine says requires: { cpus: %lu } and is skipped here",
			 cpu, (int)strcspn(c->online_cpus, "\n"), c->online_cpus, cpu + 1);
		return false;
	}
	return true;
}

/* "0", "0-3", "0,2,4-5": numbers below 4096, ranges not backwards, CPUs of this machine
 * (when it is known). */
static bool check_cpuset(struct lb_vctx *c, const struct lb_ynode *n, const char *v)
{
	const char *p = v;

	for (;;) {
		char *end;
		if (!isdigit((unsigned char)*p))
			goto syntax;
		const char *pa = p, *pb = p;
		unsigned long a = strtoul(p, &end, 10), b = a;
		size_t la = (size_t)(end - p), lb = la;
		p = end;
		if (*p == '-') {
			if (!isdigit((unsigned char)p[1]))
				goto syntax;
			pb = p + 1;
			b = strtoul(pb, &end, 10);
			lb = (size_t)(end - pb);
			p = end;
		}
		/* Named as written: strtoul saturates a number too large for it. */
		if (a > CPUSET_MAX_CPU || b > CPUSET_MAX_CPU) {
			lb_vdiag(c, n, LB_WHOLE, "cpuset: CPU %.*s is out of range (0..%d)",
				 (int)(a > CPUSET_MAX_CPU ? la : lb), a > CPUSET_MAX_CPU ? pa : pb,
				 CPUSET_MAX_CPU);
			return false;
		}
		if (b < a) {
			lb_vdiag(c, n, LB_WHOLE, "cpuset: the range %lu-%lu is backwards", a, b);
			return false;
		}
		if (!check_cpuset_machine(c, n, a, b))
			return false;
		if (*p == '\0')
			return true;
		if (*p != ',')
			goto syntax;
		p++;
	}
syntax:
	lb_vdiag(c, n, LB_WHOLE, "cpuset: invalid CPU list '%s' (expected e.g. 0, 0-1 or 0,2)", v);
	return false;
}

/*
 * The bounds of cpus are the machine's CPUs (docker's): unknown (no machine: `check` of a file
 * for another host, the corpus) or a scenario that requires more CPUs than this machine has
 * (it is skipped here), 0: the bound is LB_CPUS_MAX.
 */
static unsigned machine_cpus(const struct lb_vctx *c)
{
	unsigned n = c->online_cpus ? lb_cpulist_count(c->online_cpus) : 0;

	return c->required_cpus > n ? 0 : n;
}

/* Check one limit against its bounds (cgroup/limits.c, shared with exec); false if bad. */
static bool limit_ok(struct lb_vctx *c, const struct lb_ynode *n, const struct lb_limits *l,
		     enum lb_limit which)
{
	lb_error err = {0};
	unsigned ncpus = machine_cpus(c);

	if (lb_limit_check(l, which, ncpus, &err) == 0)
		return true;
	if (which == LB_LIMIT_CPUS && ncpus && l->cpus > ncpus && l->cpus <= LB_CPUS_MAX)
		lb_vdiag(c, n, LB_WHOLE,
			 "%s: %s; a scenario for a larger machine says requires: { cpus: %.0f } "
			 "and is skipped here",
			 lb_limit_name(which, false), err.msg, ceil(l->cpus));
	else
		lb_vdiag(c, n, LB_WHOLE, "%s: %s", lb_limit_name(which, false), err.msg);
	return false;
}

/* A rate of one io entry: SIZE per second (bps) or a count (iops), more than 0. */
static bool io_rate(struct lb_vctx *c, const struct lb_ynode *n, const char *key, bool size,
		    uint64_t *out)
{
	_cleanup_free_ char *v = lb_want_scalar(c, n, key) ? value_of(c, n, key) : NULL;
	lb_error err = {0};

	if (!v)
		return false;
	if (size ? lb_parse_size(v, false, out, &err) < 0
		 : lb_parse_uint(v, 1, UINT32_MAX, out, &err) < 0) {
		lb_vdiag(c, n, LB_WHOLE, "io: %s: %s", key, err.msg);
		return false;
	}
	if (*out == 0) {
		/* the kernel's "no limit": say it by leaving the key out */
		lb_vdiag(c, n, LB_WHOLE,
			 "io: %s: must be more than 0 (leave the key out for no limit)", key);
		return false;
	}
	return true;
}

/*
 * io: a list of { device: PATH, read-bps: SIZE, write-bps: SIZE, read-iops: N, write-iops:
 * N, weight: 10..1000 }.  The device is resolved on the machine the file is loaded on (a
 * loaded file; a buffer checked for no machine keeps it for run time), so that `check` says
 * at its line that /dev/shm has no block device under it.
 */
static void parse_io(struct lb_vctx *c, const struct lb_ynode *list, struct lb_limits *l)
{
	static const char *const keys[] = {"device",	 "read-bps", "write-bps", "read-iops",
					   "write-iops", "weight",   NULL};

	for (size_t i = 0; i < list->n; i++) {
		const struct lb_ynode *m = list->items[i], *n;
		struct lb_io_limit e = {0};
		bool ok = true;
		lb_error err = {0};

		if (!lb_want_map(c, m, "io"))
			continue;
		lb_check_keys(c, m, "an io entry", keys);
		if (!(n = lb_ynode_get(m, "device"))) {
			lb_vdiag(c, m, LB_WHOLE,
				 "io: an entry needs a device (a block device or a path on it)");
			ok = false;
		} else if (lb_want_scalar(c, n, "device") &&
			   (e.device = value_of(c, n, "device"))) {
			if (e.device[0] != '/') {
				lb_vdiag(c, n, LB_WHOLE, "io: device: %s is not an absolute path",
					 e.device);
				ok = false;
			} else if (c->online_cpus) {
				if (lb_io_resolve(e.device, &e.major, &e.minor, &err) < 0) {
					lb_vdiag(c, n, LB_WHOLE, "io: device: %s", err.msg);
					ok = false;
				} else {
					e.dev_ok = true;
				}
			}
		} else {
			ok = false;
		}
		const struct {
			const char *key;
			bool size;
			uint64_t *out;
		} rates[] = {{"read-bps", true, &e.rbps},
			     {"write-bps", true, &e.wbps},
			     {"read-iops", false, &e.riops},
			     {"write-iops", false, &e.wiops}};
		for (size_t k = 0; k < LB_ARRAY_SIZE(rates); k++)
			if ((n = lb_ynode_get(m, rates[k].key)) &&
			    !io_rate(c, n, rates[k].key, rates[k].size, rates[k].out))
				ok = false;
		if ((n = lb_ynode_get(m, "weight"))) {
			_cleanup_free_ char *v =
			    lb_want_scalar(c, n, "weight") ? value_of(c, n, "weight") : NULL;
			char why[256];
			if (!v || lb_parse_uint(v, LB_BLKIO_WEIGHT_MIN, LB_BLKIO_WEIGHT_MAX,
						&e.weight, &err) < 0) {
				if (v)
					lb_vdiag(c, n, LB_WHOLE,
						 "io: weight: Range of blkio weight is from %d "
						 "to %d (not %s)",
						 LB_BLKIO_WEIGHT_MIN, LB_BLKIO_WEIGHT_MAX, v);
				ok = false;
			} else if (c->online_cpus && lb_cg_io_weight_unusable(why, sizeof(why))) {
				/* the machine it is checked on cannot honour it */
				lb_vdiag(c, n, LB_WHOLE, "io: weight: %s", why);
				ok = false;
			}
		}
		if (ok) {
			/* the rest of the checks (something to limit, the same disk twice) is
			 * limits.c's, shared with exec */
			struct lb_limits probe = *l;
			l->io = lb_xrealloc(l->io, (l->n_io + 1) * sizeof(*l->io));
			probe.io = l->io;
			l->io[l->n_io] = e;
			probe.n_io = l->n_io + 1;
			if (lb_limit_check(&probe, LB_LIMIT_IO, 0, &err) < 0) {
				lb_vdiag(c, m, LB_WHOLE, "io: %s", err.msg);
				ok = false;
			} else {
				l->n_io++;
				continue;
			}
		}
		free(e.device);
	}
}

static bool parse_bool(struct lb_vctx *c, const struct lb_ynode *n, const char *key);

/*
 * cpu-period: microseconds as docker's --cpu-period takes them (100000), or a duration with
 * its unit (100ms, 50000us); a whole number of microseconds either way.
 */
static void parse_cpu_period(struct lb_vctx *c, const struct lb_ynode *n, struct lb_limits *l)
{
	_cleanup_free_ char *v = value_of(c, n, "cpu-period");
	lb_error err = {0};
	uint64_t ns;

	if (!v)
		return;
	if (v[0] >= '0' && v[0] <= '9' && v[strspn(v, "0123456789")] == '\0') {
		if (lb_parse_uint(v, 0, UINT64_MAX, &l->cpu_period, &err) < 0)
			lb_vdiag(c, n, LB_WHOLE, "cpu-period: %s", err.msg);
	} else if (lb_parse_duration(v, &ns, &err) < 0) {
		lb_vdiag(c, n, LB_WHOLE,
			 "cpu-period: %s (give microseconds, as docker's --cpu-period, or a "
			 "duration such as 100ms)",
			 err.msg);
		return;
	} else if (ns % 1000) {
		lb_vdiag(c, n, LB_WHOLE, "cpu-period: %s is not a whole number of microseconds", v);
		return;
	} else {
		l->cpu_period = ns / 1000;
	}
	if (l->cpu_period == 0) /* 0 is "not set" in struct lb_limits: check it as given */
		l->cpu_period = 1;
	limit_ok(c, n, l, LB_LIMIT_CPU_PERIOD);
}

static void parse_limits(struct lb_vctx *c, const struct lb_ctr_tpl *ct, struct lb_limits *l)
{
	const struct lb_ynode *n;
	lb_error err = {0};
	bool memory_ok = true;

	if ((n = ct->lim[LIM_MEMORY])) {
		_cleanup_free_ char *v = value_of(c, n, "memory");
		if (v && lb_parse_size(v, true, &l->memory, &err) < 0) {
			lb_vdiag(c, n, LB_WHOLE, "memory: %s", err.msg);
			memory_ok = false;
		} else if (v) {
			memory_ok = limit_ok(c, n, l, LB_LIMIT_MEMORY);
		} else {
			memory_ok = false;
		}
	}
	if ((n = ct->lim[LIM_MEMORY_SWAP])) {
		_cleanup_free_ char *v = value_of(c, n, "memory-swap");
		if (v && lb_parse_size(v, true, &l->memory_swap, &err) < 0)
			lb_vdiag(c, n, LB_WHOLE, "memory-swap: %s", err.msg);
		else if (v && memory_ok) /* a bad memory was said already */
			limit_ok(c, n, l, LB_LIMIT_MEMORY_SWAP);
	}
	if ((n = ct->lim[LIM_CPUS])) {
		_cleanup_free_ char *v = value_of(c, n, "cpus");
		if (v && lb_parse_decimal(v, &l->cpus, &err) < 0)
			lb_vdiag(c, n, LB_WHOLE, "cpus: %s", err.msg);
		else if (v)
			limit_ok(c, n, l, LB_LIMIT_CPUS);
	}
	if ((n = ct->lim[LIM_CPU_SHARES])) {
		_cleanup_free_ char *v = value_of(c, n, "cpu-shares");
		if (v && lb_parse_uint(v, 0, UINT64_MAX, &l->cpu_shares, &err) < 0)
			lb_vdiag(c, n, LB_WHOLE, "cpu-shares: %s", err.msg);
		else if (v)
			limit_ok(c, n, l, LB_LIMIT_CPU_SHARES);
	}
	if ((n = ct->lim[LIM_CPUSET])) {
		char *v = value_of(c, n, "cpuset");
		if (v && check_cpuset(c, n, v))
			l->cpuset = v;
		else
			free(v);
	}
	if ((n = ct->lim[LIM_PIDS])) {
		_cleanup_free_ char *v = value_of(c, n, "pids");
		/* docker's -1 for unlimited, and ours, max */
		if (v && (!strcmp(v, "max") || !strcmp(v, "-1")))
			l->pids = LB_SIZE_MAX;
		else if (v && lb_parse_uint(v, 0, UINT64_MAX, &l->pids, &err) < 0)
			lb_vdiag(
			    c, n, LB_WHOLE,
			    "pids: expected an integer from 1 to %d, or -1 or max for unlimited, "
			    "not '%s'",
			    LB_PIDS_MAX, v);
		else if (v)
			limit_ok(c, n, l, LB_LIMIT_PIDS);
	}
	if ((n = ct->lim[LIM_IO]))
		parse_io(c, n, l);
	/* CPU knobs (issue 11); cpu-period after cpus, whose quota it makes */
	if ((n = ct->lim[LIM_CPU_WEIGHT])) {
		_cleanup_free_ char *v = value_of(c, n, "cpu-weight");
		if (v && lb_parse_uint(v, 0, UINT64_MAX, &l->cpu_weight, &err) < 0)
			lb_vdiag(c, n, LB_WHOLE, "cpu-weight: %s", err.msg);
		else if (v && l->cpu_weight == 0)
			lb_vdiag(c, n, LB_WHOLE,
				 "cpu-weight: Range of CPU weight is from %d to %d "
				 "(not 0)",
				 LB_CPU_WEIGHT_MIN, LB_CPU_WEIGHT_MAX);
		else if (v)
			limit_ok(c, n, l, LB_LIMIT_CPU_WEIGHT);
	}
	if ((n = ct->lim[LIM_CPU_PERIOD]))
		parse_cpu_period(c, n, l);
	if ((n = ct->lim[LIM_CPU_IDLE])) {
		l->cpu_idle = parse_bool(c, n, "cpu-idle");
		if (l->cpu_idle)
			limit_ok(c, n, l, LB_LIMIT_CPU_IDLE);
	}
}

static char **parse_run(struct lb_vctx *c, const struct lb_ynode *n)
{
	char **argv = NULL;

	if (n->kind == LB_Y_SCALAR) {
		_cleanup_free_ size_t *map = NULL;
		_cleanup_free_ char *v = lb_subst(c, n, &map);
		size_t argc = 0, col = 0;
		lb_error err = {0};

		if (!v)
			return NULL;
		if (lb_shellsplit(v, &argv, &argc, &col, &err) < 0) {
			lb_vdiag(c, n, map[col], "run: %s", err.msg);
			return NULL;
		}
		if (argc == 0) {
			lb_vdiag(c, n, LB_WHOLE, "run: empty command");
			lb_shellsplit_free(argv);
			return NULL;
		}
		return argv;
	}
	argv = lb_xcalloc(n->n + 1, sizeof(*argv));
	for (size_t i = 0; i < n->n; i++) {
		argv[i] = lb_subst(c, n->items[i], NULL);
		if (!argv[i]) {
			for (size_t j = 0; j < i; j++)
				free(argv[j]);
			free(argv);
			return NULL;
		}
	}
	if (!argv[0][0]) {
		lb_vdiag(c, n->items[0], LB_WHOLE, "run: the command name is empty");
		lb_shellsplit_free(argv);
		return NULL;
	}
	return argv;
}

static unsigned parse_namespaces(struct lb_vctx *c, const struct lb_ynode *n)
{
	static const struct {
		const char *name;
		unsigned bit;
	} ns[] = {{"pid", LB_NS_PID},
		  {"mount", LB_NS_MOUNT},
		  {"uts", LB_NS_UTS},
		  {"ipc", LB_NS_IPC},
		  {"net", LB_NS_NET}};
	unsigned bits = 0;

	for (size_t i = 0; i < n->n; i++) {
		_cleanup_free_ char *v = lb_subst(c, n->items[i], NULL);
		size_t k;
		if (!v)
			continue;
		for (k = 0; k < LB_ARRAY_SIZE(ns); k++)
			if (!strcmp(v, ns[k].name))
				break;
		if (k == LB_ARRAY_SIZE(ns))
			lb_vdiag(
			    c, n->items[i], LB_WHOLE,
			    "namespaces: unknown namespace '%s' (expected pid, mount, uts, ipc "
			    "or net)",
			    v);
		else if (bits & ns[k].bit)
			lb_vdiag(c, n->items[i], LB_WHOLE, "namespaces: '%s' is listed twice", v);
		else
			bits |= ns[k].bit;
	}
	return bits;
}

static char **parse_env(struct lb_vctx *c, const struct lb_ynode *n)
{
	char **env = lb_xcalloc(n->n + 1, sizeof(*env));
	size_t k = 0;

	for (size_t i = 0; i < n->n; i++) {
		_cleanup_free_ char *v = lb_subst(c, n->items[i], NULL);
		if (v)
			env[k++] = lb_xasprintf("%s=%s", n->keys[i]->str, v);
	}
	return env;
}

/* rootfs: a directory, checked on the machine that loads the file. */
static char *parse_rootfs(struct lb_vctx *c, const struct lb_ynode *n)
{
	char *v = lb_subst(c, n, NULL);
	struct stat st;

	if (!v)
		return NULL;
	if (stat(v, &st) < 0)
		lb_vdiag(c, n, LB_WHOLE, "rootfs: %s: %s", v, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		lb_vdiag(c, n, LB_WHOLE, "rootfs: '%s' is not a directory", v);
	else
		return v;
	free(v);
	return NULL;
}

static bool parse_bool(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	_cleanup_free_ char *v = lb_subst(c, n, NULL);

	if (v && !strcmp(v, "true"))
		return true;
	if (v && strcmp(v, "false"))
		lb_vdiag(c, n, LB_WHOLE, "%s: expected true or false, not '%s'", key, v);
	return false;
}

/* A size limit that may be max: false (reported) when it is not one. */
static bool parse_size_limit(struct lb_vctx *c, const struct lb_ynode *n, const char *key,
			     uint64_t *out)
{
	_cleanup_free_ char *v = value_of(c, n, key);
	lb_error err = {0};

	if (!v)
		return false;
	if (lb_parse_size(v, true, out, &err) < 0) {
		lb_vdiag(c, n, LB_WHOLE, "%s: %s", key, err.msg);
		return false;
	}
	return true;
}

/*
 * The memory knobs (memory-high, memory-low, memory-min, memory-reservation, swap, oom-group,
 * oom-score-adj), after parse_limits: their bounds (cgroup/limits.c, as exec's) and, on a v1
 * machine, the ones v1 cannot honour.
 */
static void parse_mem_knobs(struct lb_vctx *c, const struct lb_ctr_tpl *ct, struct lb_limits *l)
{
	static const struct {
		int lim;
		enum lb_limit which;
		size_t off;
	} sizes[] = {
	    {LIM_MEMORY_HIGH, LB_LIMIT_MEMORY_HIGH, offsetof(struct lb_limits, memory_high)},
	    {LIM_MEMORY_LOW, LB_LIMIT_MEMORY_LOW, offsetof(struct lb_limits, memory_low)},
	    {LIM_MEMORY_MIN, LB_LIMIT_MEMORY_MIN, offsetof(struct lb_limits, memory_min)},
	    {LIM_MEMORY_RESERVATION, LB_LIMIT_MEMORY_RESERVATION,
	     offsetof(struct lb_limits, memory_reservation)},
	    {LIM_SWAP, LB_LIMIT_SWAP, offsetof(struct lb_limits, swap)},
	};
	const struct lb_ynode *n;
	bool ok[LB_LIMIT_COUNT] = {0};

	for (size_t i = 0; i < LB_ARRAY_SIZE(sizes); i++) {
		uint64_t v;

		if (!(n = ct->lim[sizes[i].lim]))
			continue;
		if (parse_size_limit(c, n, lb_limit_name(sizes[i].which, false), &v)) {
			memcpy((char *)l + sizes[i].off, &v, sizeof(v));
			ok[sizes[i].which] = true;
			if (sizes[i].which == LB_LIMIT_SWAP)
				l->swap_set = true;
		}
	}
	if ((n = ct->lim[LIM_OOM_GROUP])) {
		l->oom_group = parse_bool(c, n, "oom-group") ? 1 : -1;
		ok[LB_LIMIT_OOM_GROUP] = true;
	}
	if ((n = ct->lim[LIM_OOM_SCORE_ADJ])) {
		_cleanup_free_ char *v = value_of(c, n, "oom-score-adj");
		char *end;
		long long x = 0;

		errno = 0;
		if (v)
			x = strtoll(v, &end, 10);
		if (v && (errno || end == v || *end || x < INT_MIN || x > INT_MAX)) {
			lb_vdiag(c, n, LB_WHOLE,
				 "oom-score-adj: expected an integer from %d to %d, not '%s'",
				 LB_OOM_SCORE_ADJ_MIN, LB_OOM_SCORE_ADJ_MAX, v);
		} else if (v) {
			l->oom_score_adj = (int)x;
			l->oom_score_adj_set = true;
			ok[LB_LIMIT_OOM_SCORE_ADJ] = true;
		}
	}
	static const struct {
		int lim;
		enum lb_limit which;
	} knobs[] = {
	    {LIM_MEMORY_HIGH, LB_LIMIT_MEMORY_HIGH},
	    {LIM_MEMORY_LOW, LB_LIMIT_MEMORY_LOW},
	    {LIM_MEMORY_MIN, LB_LIMIT_MEMORY_MIN},
	    {LIM_MEMORY_RESERVATION, LB_LIMIT_MEMORY_RESERVATION},
	    {LIM_SWAP, LB_LIMIT_SWAP},
	    {LIM_OOM_GROUP, LB_LIMIT_OOM_GROUP},
	    {LIM_OOM_SCORE_ADJ, LB_LIMIT_OOM_SCORE_ADJ},
	};
	for (size_t i = 0; i < LB_ARRAY_SIZE(knobs); i++) {
		const struct lb_ynode *at = ct->lim[knobs[i].lim];
		enum lb_limit w = knobs[i].which;

		if (!ok[w] || !limit_ok(c, at, l, w))
			continue;
		/* v1: only a scenario that requires v2 (skipped here) may say it */
		const char *why = c->cgroup_version == 1 && c->required_cgroup != 2
				      ? lb_limit_v1_refusal(l, w)
				      : NULL;
		if (why)
			lb_vdiag(c, at, LB_WHOLE,
				 "%s: %s; a scenario for v2 says requires: { cgroup: 2 } (and is "
				 "skipped on v1)",
				 lb_limit_name(w, false), why);
	}
}

/* devices: host, or a list of host device paths under /dev. */
static void parse_devices(struct lb_vctx *c, const struct lb_ynode *n, struct lb_scn_ctr *out)
{
	if (n->kind != LB_Y_SEQ) {
		_cleanup_free_ char *v = lb_subst(c, n, NULL);
		if (v && !strcmp(v, "host"))
			out->host_devices = true;
		else if (v)
			lb_vdiag(c, n, LB_WHOLE,
				 "devices: expected host or a list of device paths, not '%s'", v);
		return;
	}
	char **dev = lb_xcalloc(n->n + 1, sizeof(*dev));
	size_t k = 0;
	for (size_t i = 0; i < n->n; i++) {
		char *v = lb_subst(c, n->items[i], NULL);
		if (v && !lb_is_dev_path(v)) {
			lb_vdiag(c, n->items[i], LB_WHOLE, "devices: '%s' is not a path under /dev",
				 v);
			free(v);
			v = NULL;
		}
		if (v)
			dev[k++] = v;
	}
	out->devices = dev;
}

/* cap-add, cap-drop: names as docker takes them, read with libcap (container/caps.h). */
static void parse_caps(struct lb_vctx *c, const struct lb_ctr_tpl *ct, struct lb_scn_ctr *out)
{
	const struct lb_ynode *lists[] = {ct->cap_add, ct->cap_drop};
	char **names[2] = {NULL, NULL};
	bool ok = true;

	for (size_t k = 0; k < 2; k++) {
		const struct lb_ynode *n = lists[k];

		size_t m = 0;

		names[k] = lb_xcalloc(n ? n->n + 1 : 1, sizeof(char *));
		for (size_t i = 0; n && i < n->n; i++) {
			const char *bad;
			char *v = lb_subst(c, n->items[i], NULL);
			const char *one[] = {v, NULL};
			uint64_t unused;

			if (!v) {
				ok = false;
				continue;
			}
			names[k][m++] = v;
			if (lb_caps_mask(one, NULL, &unused, &bad) < 0) {
				lb_vdiag(c, n->items[i], LB_WHOLE, "%s: unknown capability '%s'",
					 k ? "cap-drop" : "cap-add", v);
				ok = false;
			}
		}
	}
	if (ok) {
		const char *bad;

		out->caps_set =
		    lb_caps_mask((const char *const *)names[0], (const char *const *)names[1],
				 &out->caps_keep, &bad) == 0;
	}
	for (size_t k = 0; k < 2; k++)
		lb_shellsplit_free(names[k]);
}

/* Returns false when the name is unusable (expectations then cannot be checked). */
static bool build_ctr(struct lb_vctx *c, const struct lb_ctr_tpl *ct, struct lb_scn_ctr *out,
		      const struct lb_ctr_tpl *tpls, const struct lb_scn_ctr *earlier, size_t n)
{
	bool name_ok = false;

	out->namespaces = LB_NS_ALL;
	if (ct->map)
		out->pos = ct->map->pos;
	if (ct->name) {
		char *v = lb_subst(c, ct->name, NULL);
		if (v && !valid_ctr_name(v)) {
			lb_vdiag(c, ct->name, LB_WHOLE,
				 "name: '%s' is not a valid container name (use a-z, 0-9, '_' "
				 "and '-')",
				 v);
		} else if (v && strlen(v) > CTR_NAME_MAX) {
			lb_vdiag(c, ct->name, LB_WHOLE, "name: longer than %d characters",
				 CTR_NAME_MAX);
		} else if (v) {
			name_ok = true;
			for (size_t i = 0; i < n; i++) {
				if (earlier[i].name && !strcmp(earlier[i].name, v)) {
					lb_vdiag(c, ct->name, LB_WHOLE,
						 "duplicate container name '%s' (first at %u:%u)",
						 v, tpls[i].name->pos.line, tpls[i].name->pos.col);
					/* Still a name expectations may use: keep checking them. */
					break;
				}
			}
		}
		if (name_ok)
			out->name = v;
		else
			free(v);
	}
	if (ct->run)
		out->argv = parse_run(c, ct->run);
	if (ct->group)
		out->group = value_of(c, ct->group, "group");
	parse_limits(c, ct, &out->limits);
	parse_mem_knobs(c, ct, &out->limits);
	if (ct->start)
		parse_duration(c, ct->start, "start", 0, &out->start_ns);
	if (ct->duration)
		out->has_duration =
		    parse_duration(c, ct->duration, "duration", 1, &out->duration_ns);
	out->env = ct->env ? parse_env(c, ct->env) : lb_xzalloc(sizeof(char *));
	if (ct->namespaces)
		out->namespaces = parse_namespaces(c, ct->namespaces);
	if (ct->rootfs)
		out->rootfs = parse_rootfs(c, ct->rootfs);
	if (ct->readonly_rootfs)
		out->readonly_rootfs = parse_bool(c, ct->readonly_rootfs, "readonly-rootfs");
	if (ct->devices)
		parse_devices(c, ct->devices, out);
	if (ct->cap_add || ct->cap_drop)
		parse_caps(c, ct, out);
	/* Without a mount namespace of its own, nothing can be mounted for it. */
	if (ct->namespaces && !(out->namespaces & LB_NS_MOUNT) &&
	    (ct->rootfs || ct->readonly_rootfs || ct->devices))
		lb_vdiag(c, ct->namespaces, LB_WHOLE,
			 "namespaces: rootfs, readonly-rootfs and devices need mount");
	return name_ok;
}

static void build_expect(struct lb_vctx *c, const struct lb_ynode *n, const char *const *names,
			 size_t n_names, const char *const *groups, size_t n_groups, bool names_ok,
			 struct lb_scn_expect *out)
{
	_cleanup_free_ size_t *map = NULL;
	lb_error err = {0};
	size_t col = 0;

	out->pos = n->pos;
	out->text = lb_subst(c, n, &map);
	if (!out->text)
		return;
	/* A block scalar (`- >`) ends in a newline that is no part of the expectation. */
	size_t len = strlen(out->text);
	while (len > 0 && strchr(" \t\r\n", out->text[len - 1]))
		out->text[--len] = '\0';
	if (lb_expect_parse(out->text, &out->expr, &col, &err) < 0) {
		lb_vdiag(c, n, map[col < len ? col : len], "%s", err.msg);
		out->expr = NULL;
		return;
	}
	if (!names_ok)
		return;
	if (lb_expect_check_groups(out->expr, names, n_names, groups, n_groups, &col, &err) < 0)
		lb_vdiag(c, n, map[col < len ? col : len], "%s", err.msg);
}

/* ---- groups ------------------------------------------------------------------------------ */

/* The group named `name` among r->groups[0..n), or -1. */
static ssize_t group_find(const struct lb_scn_group *g, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (g[i].name && !strcmp(g[i].name, name))
			return (ssize_t)i;
	return -1;
}

/* The group names, for a message: "a, b" (or "there are none"). */
static const char *group_list(const struct lb_scn_group *g, size_t n, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++)
		if (g[i].name)
			len += (size_t)snprintf(out + len, size - len, "%s%s", len ? ", " : "",
						g[i].name);
	if (!*out)
		snprintf(out, size, "there is none");
	return out;
}

/* One group: its name (the rules of a container's: it is a cgroup folder and a metric
 * prefix), limits and parent's name.  False when the name is unusable. */
static bool build_group(struct lb_vctx *c, const struct lb_ctr_tpl *gt, struct lb_scn_group *out,
			const struct lb_ctr_tpl *tpls, const struct lb_scn_group *earlier, size_t n)
{
	bool name_ok = false;

	if (gt->map)
		out->pos = gt->map->pos;
	if (gt->name) {
		char *v = value_of(c, gt->name, "name");
		if (v && !valid_ctr_name(v)) {
			lb_vdiag(c, gt->name, LB_WHOLE,
				 "name: '%s' is not a valid group name (use a-z, 0-9, '_' and '-')",
				 v);
		} else if (v && strlen(v) > CTR_NAME_MAX) {
			lb_vdiag(c, gt->name, LB_WHOLE, "name: longer than %d characters",
				 CTR_NAME_MAX);
		} else if (v) {
			name_ok = true;
			for (size_t i = 0; i < n; i++)
				if (earlier[i].name && !strcmp(earlier[i].name, v)) {
					lb_vdiag(c, gt->name, LB_WHOLE,
						 "duplicate group name '%s' (first at %u:%u)", v,
						 tpls[i].name->pos.line, tpls[i].name->pos.col);
					break;
				}
		}
		if (name_ok)
			out->name = v;
		else
			free(v);
	}
	parse_limits(c, gt, &out->limits);
	parse_mem_knobs(c, gt, &out->limits);
	if (gt->lim[LIM_OOM_SCORE_ADJ])
		lb_vdiag(
		    c, gt->lim[LIM_OOM_SCORE_ADJ], LB_WHOLE,
		    "oom-score-adj: a group has no process of its own to adjust (give it to its "
		    "containers)");
	/* v1's blk-throttle limits the cgroup a process is in, not its children (hierarchy
	 * support came with v2): a group's rates would hold nothing (measured: a child wrote
	 * 4M in 22 ms under its group's write-bps 4M). */
	for (size_t i = 0;
	     c->cgroup_version == 1 && c->required_cgroup != 2 && i < out->limits.n_io; i++) {
		const struct lb_io_limit *e = &out->limits.io[i];
		if (e->rbps || e->wbps || e->riops || e->wiops) {
			lb_vdiag(
			    c, gt->lim[LIM_IO], LB_WHOLE,
			    "io: cgroup v1's blkio throttles only the cgroup a process is in, not "
			    "the cgroups below it, so a group's rates would not hold its "
			    "containers: this machine uses v1; give the rates to the containers, "
			    "or say requires: { cgroup: 2 } (v2's io.max holds the whole tree)");
			break;
		}
	}
	if (gt->parent)
		out->parent = value_of(c, gt->parent, "parent");
	return name_ok;
}

/* The cpuset `set` (of node n) of a container or group in group `in`: every CPU of it must be
 * in the cpuset of the nearest group above that has one. */
static void check_cpuset_within(struct lb_vctx *c, const struct lb_ynode *n, const char *set,
				const struct lb_scn_group *g, size_t n_g, const char *in)
{
	for (size_t depth = 0; set && in && depth <= n_g; depth++) {
		ssize_t k = group_find(g, n_g, in);
		if (k < 0)
			return;
		if (!g[k].limits.cpuset) {
			in = g[k].parent;
			continue;
		}
		for (unsigned long cpu = 0; cpu <= CPUSET_MAX_CPU; cpu++)
			if (lb_cpulist_has(set, cpu) && !lb_cpulist_has(g[k].limits.cpuset, cpu)) {
				lb_vdiag(c, n, LB_WHOLE,
					 "cpuset: CPU %lu is not in the cpuset of group '%s' (%s), "
					 "which holds this one",
					 cpu, g[k].name, g[k].limits.cpuset);
				return;
			}
		return;
	}
}

/*
 * Every group of the run, then the checks across groups and containers: a name shared by a
 * group and a container, a parent or a container's group that is no group, a group that is
 * its own ancestor.  Then the groups are put in creation order: each after its parent.
 * gnames gets the names (for expectations); false when a name is unusable.
 */
static bool build_groups(struct lb_vctx *c, const struct lb_tpl *t, struct lb_run_spec *r,
			 const char **gnames)
{
	bool ok = true;
	char list[512];

	r->groups = lb_xcalloc(t->n_groups ? t->n_groups : 1, sizeof(*r->groups));
	for (size_t i = 0; i < t->n_groups; i++) {
		if (!build_group(c, &t->groups[i], &r->groups[i], t->groups, r->groups, i))
			ok = false;
		gnames[i] = r->groups[i].name;
		r->n_groups++;
	}
	/* One name space: `pod.mem` must say which it is. */
	for (size_t i = 0; i < r->n_ctrs; i++) {
		ssize_t g =
		    r->ctrs[i].name ? group_find(r->groups, r->n_groups, r->ctrs[i].name) : -1;
		if (g >= 0) {
			lb_vdiag(c, t->ctrs[i].name, LB_WHOLE,
				 "name: '%s' is the name of the group at %u:%u (containers and "
				 "groups share one set of names)",
				 r->ctrs[i].name, t->groups[g].name->pos.line,
				 t->groups[g].name->pos.col);
			ok = false;
		}
		if (r->ctrs[i].group && group_find(r->groups, r->n_groups, r->ctrs[i].group) < 0) {
			lb_vdiag(c, t->ctrs[i].group, LB_WHOLE,
				 "group: there is no group named '%s' (groups: %s)",
				 r->ctrs[i].group,
				 group_list(r->groups, r->n_groups, list, sizeof(list)));
			ok = false;
		}
	}
	bool tree_ok = true;
	for (size_t i = 0; i < r->n_groups; i++) {
		const struct lb_scn_group *g = &r->groups[i];
		if (!g->parent)
			continue;
		if (g->name && !strcmp(g->parent, g->name)) {
			lb_vdiag(c, t->groups[i].parent, LB_WHOLE,
				 "parent: a group cannot be its own parent");
			tree_ok = false;
		} else if (group_find(r->groups, r->n_groups, g->parent) < 0) {
			lb_vdiag(c, t->groups[i].parent, LB_WHOLE,
				 "parent: there is no group named '%s' (groups: %s)", g->parent,
				 group_list(r->groups, r->n_groups, list, sizeof(list)));
			tree_ok = false;
		}
	}
	/* A tree that is not one is said; the names are still good for expectations. */
	if (!tree_ok)
		return ok;
	/* A cycle: following the parents from a group comes back to it.  (A group below a
	 * cycle is not in it: the cycle is said at its own groups.) */
	for (size_t i = 0; i < r->n_groups; i++) {
		ssize_t at = (ssize_t)i;
		bool cycle = false;
		for (size_t steps = 0; at >= 0 && r->groups[at].parent && steps < r->n_groups;
		     steps++) {
			at = group_find(r->groups, r->n_groups, r->groups[at].parent);
			if (at == (ssize_t)i) {
				cycle = true;
				break;
			}
		}
		if (cycle) {
			lb_vdiag(c, t->groups[i].parent, LB_WHOLE,
				 "parent: '%s' is inside group '%s' itself (a cycle of parents)",
				 r->groups[i].parent, r->groups[i].name);
			tree_ok = false;
		}
	}
	if (!tree_ok)
		return ok;
	/* A cpuset is a subset of the nearest one above it (the kernel refuses the write
	 * otherwise, once the run has started). */
	for (size_t i = 0; i < r->n_ctrs; i++)
		check_cpuset_within(c, t->ctrs[i].lim[LIM_CPUSET], r->ctrs[i].limits.cpuset,
				    r->groups, r->n_groups, r->ctrs[i].group);
	for (size_t i = 0; i < r->n_groups; i++)
		check_cpuset_within(c, t->groups[i].lim[LIM_CPUSET], r->groups[i].limits.cpuset,
				    r->groups, r->n_groups, r->groups[i].parent);
	/* Creation order: a group after its parent (depth first in file order). */
	struct lb_scn_group *sorted = lb_xcalloc(r->n_groups ? r->n_groups : 1, sizeof(*sorted));
	_cleanup_free_ bool *placed = lb_xcalloc(r->n_groups + 1, sizeof(*placed));
	size_t k = 0;
	while (k < r->n_groups) {
		size_t before = k;
		for (size_t i = 0; i < r->n_groups; i++) {
			if (placed[i])
				continue;
			ssize_t p = r->groups[i].parent
					? group_find(r->groups, r->n_groups, r->groups[i].parent)
					: -1;
			if (p >= 0 && !placed[p])
				continue;
			sorted[k++] = r->groups[i];
			placed[i] = true;
		}
		if (k == before) /* unnamed groups (reported): keep the rest as they are */
			for (size_t i = 0; i < r->n_groups; i++)
				if (!placed[i]) {
					sorted[k++] = r->groups[i];
					placed[i] = true;
				}
	}
	free(r->groups);
	r->groups = sorted;
	return ok;
}

static void build_run(struct lb_vctx *c, const struct lb_tpl *t, const char *name,
		      struct lb_run_spec *r)
{
	lb_error err = {0};
	uint64_t v;
	size_t len = 0;
	char rn[4096];

	/* The name and parameters of this combination. */
	r->params = lb_xcalloc(t->n_params ? t->n_params : 1, sizeof(*r->params));
	len = (size_t)snprintf(rn, sizeof(rn), "%s", name);
	for (size_t i = 0; i < t->n_params; i++) {
		if (!c->values[i])
			continue;
		r->params[r->n_params++] =
		    (struct lb_param){lb_xstrdup(t->params[i].name), lb_xstrdup(c->values[i])};
		if (len < sizeof(rn))
			len += (size_t)snprintf(rn + len, sizeof(rn) - len, "%c%s=%s",
						r->n_params == 1 ? '/' : ',', t->params[i].name,
						c->values[i]);
	}
	r->run_name = lb_xstrdup(rn);

	r->sample_ns = SAMPLE_DEFAULT_NS;
	if (t->sample)
		parse_duration(c, t->sample, "sample", SAMPLE_MIN_NS, &r->sample_ns);
	r->timeout_ns = TIMEOUT_DEFAULT_NS;
	if (t->timeout)
		parse_duration(c, t->timeout, "timeout", 1, &r->timeout_ns);
	r->repeat = 1;
	if (t->repeat) {
		_cleanup_free_ char *s = value_of(c, t->repeat, "repeat");
		if (s && lb_parse_uint(s, 1, REPEAT_MAX, &v, &err) < 0)
			lb_vdiag(c, t->repeat, LB_WHOLE, "repeat: %s", err.msg);
		else if (s)
			r->repeat = (unsigned)v;
	}

	r->ctrs = lb_xcalloc(t->n_ctrs ? t->n_ctrs : 1, sizeof(*r->ctrs));
	_cleanup_free_ const char **names = lb_xcalloc(t->n_ctrs + 1, sizeof(*names));
	bool names_ok = true;
	for (size_t i = 0; i < t->n_ctrs; i++) {
		if (!build_ctr(c, &t->ctrs[i], &r->ctrs[i], t->ctrs, r->ctrs, i))
			names_ok = false;
		names[i] = r->ctrs[i].name;
		r->n_ctrs++;
	}

	_cleanup_free_ const char **gnames = lb_xcalloc(t->n_groups + 1, sizeof(*gnames));
	if (!build_groups(c, t, r, gnames))
		names_ok = false;

	r->expects = lb_xcalloc(t->n_expects ? t->n_expects : 1, sizeof(*r->expects));
	for (size_t i = 0; i < t->n_expects; i++)
		build_expect(c, t->expects[i], names, t->n_ctrs, gnames, t->n_groups, names_ok,
			     &r->expects[r->n_expects++]);
}

void lb_expand(struct lb_vctx *c, const struct lb_tpl *t, const char *name, struct lb_scenario *s)
{
	size_t combos = 1;
	_cleanup_free_ size_t *idx = lb_xcalloc(t->n_params + 1, sizeof(*idx));
	_cleanup_free_ const char **values = lb_xcalloc(t->n_params + 1, sizeof(*values));

	for (size_t i = 0; i < t->n_params; i++)
		if (t->params[i].values)
			combos *= t->params[i].values->n;
	c->params = t->params;
	c->n_params = t->n_params;
	c->values = values;
	s->runs = lb_xcalloc(combos, sizeof(*s->runs));
	for (size_t r = 0; r < combos; r++) {
		for (size_t i = 0; i < t->n_params; i++)
			values[i] =
			    t->params[i].values ? t->params[i].values->items[idx[i]]->str : NULL;
		build_run(c, t, name, &s->runs[s->n_runs++]);
		/* The last parameter varies fastest. */
		for (size_t i = t->n_params; i-- > 0;) {
			if (!t->params[i].values)
				continue;
			if (++idx[i] < t->params[i].values->n)
				break;
			idx[i] = 0;
		}
	}
	c->params = NULL;
	c->n_params = 0;
	c->values = NULL;
}
