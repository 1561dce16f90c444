/* SPDX-License-Identifier: MIT */
/*
 * limitbench info [--json]: the machine as limitbench sees it — kernel, cgroup mode and the
 * backend chosen, each controller's mount and whether it is usable (and why not), swap and
 * swap accounting, CPUs, memory.  Exit 0; 3 when no cgroup filesystem is mounted at all.
 */
#include "cmd/cmd.h"

#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "report/report.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/units.h"

struct machine {
	struct utsname uts;
	struct lb_cg_hier h;
	int swap_accounting;  /* 1, 0, -1 unknown */
	int cpu_idle;	      /* cpu.idle: 1, 0, -1 unknown */
	const char *psi_no;   /* why there is no pressure, NULL when there is */
	unsigned live, stale; /* sessions under the default parent */
	uint64_t mem_total, mem_avail, swap_total, swap_free;
	char cpus_online[128];
	long ncpus;
};

/* A /proc/meminfo value in bytes, 0 when the key is not there. */
static uint64_t meminfo_bytes(const char *buf, const char *key)
{
	unsigned long long v = 0;

	return lb_meminfo_parse(buf, key, &v) == 0 ? v : 0;
}

static int probe(struct machine *m, lb_error *err)
{
	_cleanup_free_ char *mi = NULL, *online = NULL;
	lb_error ignored = {0};

	memset(m, 0, sizeof(*m));
	uname(&m->uts);
	if (lb_cg_detect(&m->h, err) < 0)
		return -1;
	m->swap_accounting = lb_cg_swap_accounting(&m->h);
	m->cpu_idle = lb_cg_has_cpu_idle(&m->h);
	m->psi_no = lb_cg_psi_unusable(&m->h);
	lb_cg_count_sessions(&m->h, "limitbench", &m->live, &m->stale, &ignored);
	if (lb_read_file("/proc/meminfo", &mi, NULL, &ignored) == 0) {
		m->mem_total = meminfo_bytes(mi, "MemTotal");
		m->mem_avail = meminfo_bytes(mi, "MemAvailable");
		m->swap_total = meminfo_bytes(mi, "SwapTotal");
		m->swap_free = meminfo_bytes(mi, "SwapFree");
	}
	if (lb_read_file("/sys/devices/system/cpu/online", &online, NULL, &ignored) == 0) {
		online[strcspn(online, "\n")] = '\0';
		snprintf(m->cpus_online, sizeof(m->cpus_online), "%s", online);
	}
	m->ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	return 0;
}

static const char *backend_name(const struct lb_cg_hier *h)
{
	if (h->mode == LB_CG_NONE)
		return "none";
	return h->use_v2 ? "v2" : "v1";
}

static const char *ctrl_mount(const struct lb_cg_hier *h, enum lb_ctrl c)
{
	if (h->use_v2)
		return h->v2_mount;
	return h->v1_mount[c];
}

static const char *accounting_text(int a)
{
	return a == 1 ? "yes" : a == 0 ? "no" : "unknown";
}

static void print_text(const struct machine *m)
{
	const struct lb_cg_hier *h = &m->h;
	char a[32], b[32];

	printf("%-14s %s %s %s\n", "kernel", m->uts.sysname, m->uts.release, m->uts.machine);
	printf("%-14s %s", "cgroup mode", lb_cg_mode_name(h->mode));
	if (h->mode == LB_CG_HYBRID) {
		printf(" (v1 hierarchies, and cgroup2 at %s with ", h->v2_mount);
		if (!h->v2_controllers)
			printf("none of the controllers limitbench uses");
		for (int c = 0, n = 0; c < LB_CTRL_COUNT; c++)
			if (h->v2_controllers & (1u << c))
				printf("%s%s", n++ ? " " : "", lb_ctrl_name(c));
		printf(")");
	}
	printf("\n%-14s %s\n", "backend", backend_name(h));
	printf("controllers\n");
	for (int c = 0; c < LB_CTRL_COUNT; c++) {
		char why[256];
		const char *no = lb_cg_unusable(h, c, why, sizeof(why));
		const char *mnt = ctrl_mount(h, c);
		printf("  %-12s %-28s %s%s\n", lb_ctrl_name(c), mnt ? mnt : "-",
		       no ? "no: " : "yes", no ? no : "");
	}
	printf("%-14s total %s, free %s; swap accounting: %s\n", "swap",
	       lb_format_size(a, sizeof(a), (double)m->swap_total),
	       lb_format_size(b, sizeof(b), (double)m->swap_free),
	       accounting_text(m->swap_accounting));
	printf("%-14s %ld online (%s)\n", "cpus", m->ncpus, m->cpus_online);
	printf("%-14s %s\n", "cpu.idle",
	       m->cpu_idle > 0	  ? "yes"
	       : m->cpu_idle == 0 ? "no: the kernel has no cpu.idle (Linux 5.15 on), so cpu-idle "
				    "cannot be set"
				  : "unknown");
	printf("%-14s %s%s\n", "pressure", m->psi_no ? "no: " : "yes", m->psi_no ? m->psi_no : "");
	printf("%-14s total %s, available %s\n", "memory",
	       lb_format_size(a, sizeof(a), (double)m->mem_total),
	       lb_format_size(b, sizeof(b), (double)m->mem_avail));
	printf("%-14s %u running, %u stale in the cgroup parent \"limitbench\"%s\n", "sessions",
	       m->live, m->stale, m->stale ? " (`limitbench cleanup` removes them)" : "");
	if (geteuid() != 0)
		printf("\nnote: not root; `run`, `exec` and `cleanup` need root.\n");
}

static void print_json(const struct machine *m)
{
	const struct lb_cg_hier *h = &m->h;
	json_t *ctrls = json_object();

	for (int c = 0; c < LB_CTRL_COUNT; c++) {
		char why[256];
		const char *no = lb_cg_unusable(h, c, why, sizeof(why));
		const char *mnt = ctrl_mount(h, c);
		json_object_set_new(ctrls, lb_ctrl_name(c),
				    json_pack("{s:o, s:b, s:o}", "mount",
					      mnt ? json_string(mnt) : json_null(), "usable", !no,
					      "why_not", no ? json_string(no) : json_null()));
	}
	json_t *acct = m->swap_accounting < 0 ? json_null() : json_boolean(m->swap_accounting);
	json_t *root = json_pack(
	    "{s:s, s:s, s:s, s:o, s:o, s:{s:I, s:I, s:o}, s:{s:I, s:s}, s:{s:I, s:I}, s:{s:I, "
	    "s:I}}",
	    "kernel", m->uts.release, "cgroup_mode", lb_cg_mode_name(h->mode), "backend",
	    backend_name(h), "v2_mount", h->v2_mount ? json_string(h->v2_mount) : json_null(),
	    "controllers", ctrls, "swap", "total", (json_int_t)m->swap_total, "free",
	    (json_int_t)m->swap_free, "accounting", acct, "cpus", "count", (json_int_t)m->ncpus,
	    "online", m->cpus_online, "memory", "total", (json_int_t)m->mem_total, "available",
	    (json_int_t)m->mem_avail, "sessions", "running", (json_int_t)m->live, "stale",
	    (json_int_t)m->stale);
	json_object_set_new(root, "cpu_idle",
			    m->cpu_idle < 0 ? json_null() : json_boolean(m->cpu_idle));
	json_object_set_new(root, "pressure",
			    json_pack("{s:b, s:o}", "usable", !m->psi_no, "why_not",
				      m->psi_no ? json_string(m->psi_no) : json_null()));
	char *s = json_dumps(root, JSON_INDENT(2));
	printf("%s\n", s);
	free(s);
	json_decref(root);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: limitbench info [--json]\n\n"
		   "Show the machine as limitbench sees it: kernel, cgroup mode (v1, v2, hybrid)\n"
		   "and the backend used, each controller's mount and whether it is usable (and\n"
		   "why not), swap and swap accounting, CPUs, cpu.idle, pressure (PSI) and "
		   "memory.\n\n"
		   "  --json      the same as a JSON object\n"
		   "  -h, --help  this help\n\n"
		   "Exit status: 0, or 3 when no cgroup filesystem is mounted.\n");
}

int cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false;
	struct machine m;
	lb_error err = {0};
	int o;

	optind = 1;
	while ((o = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return LB_EXIT_OK;
		default:
			usage(stderr);
			return LB_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "limitbench info: unexpected argument '%s'\n", argv[optind]);
		return LB_EXIT_USAGE;
	}
	if (probe(&m, &err) < 0)
		return lb_cmd_fail(&err);
	if (json)
		print_json(&m);
	else
		print_text(&m);
	int rc = LB_EXIT_OK;
	if (m.h.mode == LB_CG_NONE) {
		fprintf(stderr, "limitbench: no cgroup filesystem is mounted: mount cgroup2 on "
				"/sys/fs/cgroup (mount -t cgroup2 none /sys/fs/cgroup)\n");
		rc = LB_EXIT_ENV;
	}
	lb_cg_hier_free(&m.h);
	return rc;
}
