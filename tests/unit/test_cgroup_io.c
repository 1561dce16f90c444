/* SPDX-License-Identifier: MIT */
/*
 * The io controller: device resolution (a fake sysfs tree and mountinfo text), the bounds of
 * io limits, their v1 and v2 writes, and the I/O counters' parsers on captured files
 * (tests/fixtures/cgroup/).  No root needed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/units.h"

static char *fixture(const char *name)
{
	char path[256];
	char *buf = NULL;
	lb_error err = {0};

	snprintf(path, sizeof(path), "tests/fixtures/cgroup/%s", name);
	if (lb_read_file(path, &buf, NULL, &err) < 0)
		fail_msg("%s (run the tests from the repository root)", err.msg);
	return buf;
}

static void put(const char *dir, const char *file, const char *text)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/*
 * A sysfs laid out as the kernel does: /sys/dev/block/MAJ:MIN links into /sys/devices, a
 * partition's folder inside its disk's, with a `partition` file.
 *   devices/virtual/block/vda/{dev: 254:0}
 *   devices/virtual/block/vda/vda1/{dev: 254:1, partition: 1}
 *   dev/block/254:0 -> ../../devices/virtual/block/vda
 *   dev/block/254:1 -> ../../devices/virtual/block/vda/vda1
 */
static void fake_sysfs(char *root)
{
	char p[512];

	assert_non_null(mkdtemp(root));
	snprintf(p, sizeof(p), "mkdir -p %s/devices/virtual/block/vda/vda1 %s/dev/block", root,
		 root);
	assert_int_equal(system(p), 0);
	snprintf(p, sizeof(p), "%s/devices/virtual/block/vda", root);
	put(p, "dev", "254:0\n");
	snprintf(p, sizeof(p), "%s/devices/virtual/block/vda/vda1", root);
	put(p, "dev", "254:1\n");
	put(p, "partition", "1\n");
	snprintf(p, sizeof(p), "%s/dev/block/254:0", root);
	assert_int_equal(symlink("../../devices/virtual/block/vda", p), 0);
	snprintf(p, sizeof(p), "%s/dev/block/254:1", root);
	assert_int_equal(symlink("../../devices/virtual/block/vda/vda1", p), 0);
}

static void rm_tree(const char *root)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static const char mountinfo[] =
    "26 1 254:1 / / rw,relatime - ext4 /dev/vda1 rw\n"
    "24 23 0:22 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683756k\n"
    "21 26 0:20 / /proc rw,relatime - proc proc rw\n";

static void test_resolve(void **state)
{
	char root[] = "/tmp/lb-sysfs-XXXXXX";
	unsigned maj = 0, min = 0;
	lb_error err = {0};

	fake_sysfs(root);
	/* a disk is itself */
	assert_int_equal(lb_io_resolve_dev("/dev/vda", 254, 0, root, NULL, &maj, &min, &err), 0);
	assert_int_equal(maj, 254);
	assert_int_equal(min, 0);
	/* a partition means its disk: the kernel throttles disks only */
	assert_int_equal(lb_io_resolve_dev("/var/tmp", 254, 1, root, mountinfo, &maj, &min, &err),
			 0);
	assert_int_equal(maj, 254);
	assert_int_equal(min, 0);
	/* a device sysfs does not list */
	assert_int_equal(lb_io_resolve_dev("/dev/sdz", 8, 0, root, NULL, &maj, &min, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_non_null(strstr(err.msg, "8:0 is not a block device"));
	/* anonymous devices: the file system is named, from mountinfo */
	err = (lb_error){0};
	assert_int_equal(lb_io_resolve_dev("/dev/shm/x", 0, 22, root, mountinfo, &maj, &min, &err),
			 -1);
	assert_string_equal(err.msg, "/dev/shm/x is on a tmpfs file system (mounted on /dev/shm), "
				     "which has no block device under it: only block devices can "
				     "be throttled");
	err = (lb_error){0};
	assert_int_equal(lb_io_resolve_dev("/proc", 0, 20, root, mountinfo, &maj, &min, &err), -1);
	assert_non_null(strstr(err.msg, "on a proc file system"));
	/* not in mountinfo: still the reason, with the device number */
	err = (lb_error){0};
	assert_int_equal(lb_io_resolve_dev("/x", 0, 99, root, mountinfo, &maj, &min, &err), -1);
	assert_non_null(strstr(err.msg, "no block device under it (device 0:99)"));
	rm_tree(root);
}

/* The real machine: what is always there (a relative path, /proc, a character device). */
static void test_resolve_paths(void **state)
{
	unsigned maj, min;
	lb_error err = {0};

	assert_int_equal(lb_io_resolve("var/tmp", &maj, &min, &err), -1);
	assert_string_equal(err.msg, "var/tmp is not an absolute path");
	err = (lb_error){0};
	assert_int_equal(lb_io_resolve("/proc/self", &maj, &min, &err), -1);
	assert_non_null(strstr(err.msg, "on a proc file system (mounted on /proc)"));
	err = (lb_error){0};
	assert_int_equal(lb_io_resolve("/dev/null", &maj, &min, &err), -1);
	assert_string_equal(err.msg, "/dev/null is a character device, not a block device");
	err = (lb_error){0};
	assert_int_equal(lb_io_resolve("/nonexistent-lb", &maj, &min, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
}

static struct lb_io_limit entry(const char *dev, unsigned maj, unsigned min)
{
	return (struct lb_io_limit){
	    .device = (char *)dev, .major = maj, .minor = min, .dev_ok = true};
}

static void test_bounds(void **state)
{
	struct lb_io_limit io[2] = {entry("/dev/vda", 254, 0), entry("/var/tmp", 254, 0)};
	struct lb_limits lim = {.io = io, .n_io = 1};
	lb_error err = {0};

	assert_int_equal(lb_limit_check(&lim, LB_LIMIT_IO, 0, &err), -1);
	assert_non_null(strstr(err.msg, "/dev/vda: nothing to limit"));
	io[0].wbps = 1 << 20;
	assert_int_equal(lb_limit_check(&lim, LB_LIMIT_IO, 0, &err), 0);
	io[0].weight = 9;
	assert_int_equal(lb_limit_check(&lim, LB_LIMIT_IO, 0, &err), -1);
	assert_string_equal(err.msg, "/dev/vda: Range of blkio weight is from 10 to 1000 (not 9)");
	io[0].weight = 1000;
	assert_int_equal(lb_limit_check(&lim, LB_LIMIT_IO, 0, &err), 0);
	io[0].wiops = (uint64_t)UINT32_MAX + 1;
	assert_int_equal(lb_limit_check(&lim, LB_LIMIT_IO, 0, &err), -1);
	io[0].wiops = UINT32_MAX;
	assert_int_equal(lb_limit_check(&lim, LB_LIMIT_IO, 0, &err), 0);
	/* two names of one disk */
	io[1].rbps = 1;
	lim.n_io = 2;
	assert_int_equal(lb_limit_check(&lim, LB_LIMIT_IO, 0, &err), -1);
	assert_non_null(strstr(err.msg, "/dev/vda and /var/tmp are the same disk (254:0)"));
	io[1].minor = 16;
	assert_int_equal(lb_limits_check(&lim, 0, NULL, &err), 0);
	/* the global weight, docker's words */
	lim.blkio_weight = 1001;
	enum lb_limit which;
	assert_int_equal(lb_limits_check(&lim, 0, &which, &err), -1);
	assert_int_equal(which, LB_LIMIT_BLKIO_WEIGHT);
	assert_string_equal(err.msg, "Range of blkio weight is from 10 to 1000 (not 1001)");
	io[0].device = (char *)"dev/vda";
	lim.blkio_weight = 0;
	assert_int_equal(lb_limits_check(&lim, 0, NULL, &err), -1);
	assert_string_equal(err.msg, "dev/vda is not an absolute path");
}

static void test_weight_map(void **state)
{
	assert_int_equal(lb_cg_blkio_weight_to_io_weight(10), 1);
	assert_int_equal(lb_cg_blkio_weight_to_io_weight(500), 4950);
	assert_int_equal(lb_cg_blkio_weight_to_io_weight(1000), 10000);
}

static void test_writes(void **state)
{
	struct lb_io_limit io[2] = {entry("/dev/vda", 254, 0), entry("/srv", 8, 16)};
	struct lb_limits lim = {.io = io, .n_io = 2, .blkio_weight = 500};
	struct lb_cg_write w[LB_CG_MAX_WRITES];
	size_t n;
	lb_error err = {0};

	io[0].rbps = 1 << 20;
	io[0].wbps = 2 << 20;
	io[0].riops = 100;
	io[0].wiops = 200;
	io[0].weight = 1000;
	io[1].wbps = 4096;

	/* v1: one file per kind, "MAJ:MIN VALUE"; the weight as given */
	assert_int_equal(lb_cg_limit_writes(&lim, false, w, &n, &err), 0);
	assert_int_equal(n, 7);
	assert_int_equal(w[0].item, LB_CGI_IO_WEIGHT);
	assert_string_equal(w[0].value, "500");
	assert_string_equal(lb_cg_file_of(w[1].item, false)->file,
			    "blkio.throttle.read_bps_device");
	assert_string_equal(w[1].value, "254:0 1048576");
	assert_string_equal(w[1].device, "/dev/vda");
	assert_string_equal(lb_cg_file_of(w[2].item, false)->file,
			    "blkio.throttle.write_bps_device");
	assert_string_equal(w[2].value, "254:0 2097152");
	assert_string_equal(w[3].value, "254:0 100");
	assert_string_equal(w[4].value, "254:0 200");
	assert_string_equal(lb_cg_file_of(w[5].item, false)->file, "blkio.weight_device");
	assert_string_equal(w[5].value, "254:0 1000");
	assert_string_equal(w[6].value, "8:16 4096");
	assert_string_equal(w[6].device, "/srv");

	/* v2: one io.max line per device with the keys set; weights converted */
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(lb_cg_file_of(w[0].item, true)->file, "io.weight");
	assert_string_equal(w[0].value, "default 4950");
	assert_string_equal(lb_cg_file_of(w[1].item, true)->file, "io.max");
	assert_string_equal(w[1].value, "254:0 rbps=1048576 wbps=2097152 riops=100 wiops=200");
	assert_string_equal(lb_cg_file_of(w[2].item, true)->file, "io.weight");
	assert_string_equal(w[2].value, "254:0 10000");
	assert_string_equal(w[3].value, "8:16 wbps=4096");

	/* an unresolved device never reaches the kernel */
	io[1].dev_ok = false;
	assert_int_equal(lb_cg_limit_writes(&lim, true, w, &n, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);

	/* the controller it needs */
	assert_int_equal(lb_cg_limits_need(&lim), 1u << LB_CTRL_IO);
}

static void test_io_stat(void **state)
{
	struct lb_io_counts c;
	char *buf = fixture("v2-io.stat");

	/* captured in the v2 lane: 64 direct writes and reads of 64k on /var/tmp (zram 254:1,
	 * which splits writes into pages: 1021 write I/Os), beside 254:0's; summed */
	assert_int_equal(lb_cg_parse_io_stat(buf, &c), 0);
	assert_int_equal(c.wbytes, 4194304 + 4096);
	assert_int_equal(c.rbytes, 4194304 + 8192);
	assert_int_equal(c.wios, 1021 + 1);
	assert_int_equal(c.rios, 64 + 2);
	free(buf);
	assert_int_equal(lb_cg_parse_io_stat("8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 "
					     "dios=0\n8:16 rbytes=10 wbytes=20 rios=30 wios=40\n",
					     &c),
			 0);
	assert_int_equal(c.rbytes, 11);
	assert_int_equal(c.wbytes, 22);
	assert_int_equal(c.rios, 33);
	assert_int_equal(c.wios, 44);
	assert_int_equal(lb_cg_parse_io_stat("", &c), 0);
	assert_int_equal(c.rbytes + c.wbytes + c.rios + c.wios, 0);
	assert_int_equal(lb_cg_parse_io_stat("8:0 rbytes=x\n", &c), -1);
	assert_int_equal(lb_cg_parse_io_stat("garbage\n", &c), -1);
}

static void test_blkio_rw(void **state)
{
	uint64_t r, w;
	char *bytes = fixture("v1-blkio.throttle.io_service_bytes_recursive");
	char *ios = fixture("v1-blkio.throttle.io_serviced_recursive");

	/* captured: 64 direct writes and reads of 64k under a write_bps_device rule; the
	 * Discard (the file's removal) and the Sync/Total sums are not reads or writes */
	assert_int_equal(lb_cg_parse_blkio_rw(bytes, &r, &w), 0);
	assert_int_equal(r, 4194304);
	assert_int_equal(w, 4194304);
	assert_int_equal(lb_cg_parse_blkio_rw(ios, &r, &w), 0);
	assert_int_equal(r, 64);
	assert_int_equal(w, 64);
	free(bytes);
	free(ios);
	/* no rule on v1: the kernel lists nothing but the total */
	assert_int_equal(lb_cg_parse_blkio_rw("Total 0\n", &r, &w), 0);
	assert_int_equal(r + w, 0);
	assert_int_equal(lb_cg_parse_blkio_rw("254:0 Read\n", &r, &w), -1);
}

static void test_mountinfo_blkio(void **state)
{
	struct lb_cg_hier h = {0};
	char *buf = fixture("mountinfo-hybrid");
	lb_error err = {0};

	assert_int_equal(lb_cg_parse_mountinfo(buf, &h, &err), 0);
	assert_string_equal(h.v1_mount[LB_CTRL_IO], "/sys/fs/cgroup/blkio");
	assert_string_equal(lb_ctrl_name(LB_CTRL_IO), "io");
	assert_string_equal(lb_ctrl_v1_name(LB_CTRL_IO), "blkio");
	lb_cg_hier_free(&h);
	free(buf);
}

/* Scenario `io:` entries: shape, units and bounds, for no machine (devices kept). */
static void test_scenario_io(void **state)
{
	static const char ok[] = "name: t\n"
				 "containers:\n"
				 "  - name: c\n"
				 "    run: true\n"
				 "    limits:\n"
				 "      io:\n"
				 "        - device: /dev/vda\n"
				 "          read-bps: 1M\n"
				 "          write-bps: 512k\n"
				 "          read-iops: 100\n"
				 "          write-iops: 50\n"
				 "          weight: 500\n";
	struct lb_scenario *s = NULL;
	struct lb_diags d = {0};
	lb_error err = {0};

	assert_int_equal(lb_scenario_parse("t.scn", ok, strlen(ok), NULL, 0, &s, &d, &err), 0);
	const struct lb_limits *l = &s->runs[0].ctrs[0].limits;
	assert_int_equal(l->n_io, 1);
	assert_string_equal(l->io[0].device, "/dev/vda");
	assert_false(l->io[0].dev_ok); /* no machine: resolved at run time */
	assert_int_equal(l->io[0].rbps, 1 << 20);
	assert_int_equal(l->io[0].wbps, 512 << 10);
	assert_int_equal(l->io[0].riops, 100);
	assert_int_equal(l->io[0].wiops, 50);
	assert_int_equal(l->io[0].weight, 500);
	lb_scenario_free(s);
	lb_diags_free(&d);

	static const char bad[] = "name: t\n"
				  "containers:\n"
				  "  - name: c\n"
				  "    run: true\n"
				  "    limits:\n"
				  "      io:\n"
				  "        - device: dev/vda\n"
				  "          write-bps: 1M\n"
				  "        - device: /dev/vdb\n"
				  "          write-bps: 0\n"
				  "        - device: /dev/vdc\n"
				  "          read-iops: lots\n"
				  "        - device: /dev/vdd\n"
				  "          weight: 5\n"
				  "        - device: /dev/vde\n"
				  "        - write-bps: 1M\n"
				  "        - device: /dev/vdf\n"
				  "          writebps: 1M\n";
	s = NULL;
	d = (struct lb_diags){0};
	err = (lb_error){0};
	assert_int_equal(lb_scenario_parse("t.scn", bad, strlen(bad), NULL, 0, &s, &d, &err), -1);
	char *text = lb_xstrdup("");
	for (size_t i = 0; i < d.n; i++) {
		char *line = lb_diag_format(&d.v[i]);
		char *next = lb_xasprintf("%s%s\n", text, line);
		free(line);
		free(text);
		text = next;
	}
	assert_non_null(strstr(text, "t.scn:7:19: io: device: dev/vda is not an absolute path"));
	assert_non_null(strstr(text, "t.scn:10:22: io: write-bps: must be more than 0"));
	assert_non_null(strstr(text, "t.scn:12:22: io: read-iops:"));
	assert_non_null(
	    strstr(text, "t.scn:14:19: io: weight: Range of blkio weight is from 10 to 1000"));
	assert_non_null(strstr(text, "t.scn:15:11: io: /dev/vde: nothing to limit"));
	assert_non_null(strstr(text, "t.scn:16:11: io: an entry needs a device"));
	assert_non_null(strstr(text, "t.scn:18:11: unknown key 'writebps' in an io entry"));
	free(text);
	lb_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_resolve),	cmocka_unit_test(test_resolve_paths),
	    cmocka_unit_test(test_bounds),	cmocka_unit_test(test_weight_map),
	    cmocka_unit_test(test_writes),	cmocka_unit_test(test_io_stat),
	    cmocka_unit_test(test_blkio_rw),	cmocka_unit_test(test_mountinfo_blkio),
	    cmocka_unit_test(test_scenario_io),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
