# The io controller, enforced: direct-I/O writes held at write-bps and write-iops, direct
# reads at read-bps and read-iops, on the disk under /var/tmp (v1 blkio.throttle.*, v2
# io.max); the cgroup's counters against the kernel's per-task ones (/proc/PID/io); the clear
# errors for paths with no block device under them (tmpfs, proc), from `check` with
# FILE:LINE:COL and from `exec`.  Only files of our own under /var/tmp are written, never a
# device node.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	mode=v2
else
	mode=v1
fi

# Tolerances.  The limit is a ceiling: blk-throttle dispatches a cgroup's bios in time slices
# (throtl_slice, 100 ms on a disk without rotational latency) and lets each slice have rate *
# its length, so over a window of 2 s (20 slices) the rate can exceed it by one slice's bytes
# at the window's edges, 5%, plus one 256k bio (3% of 8M) where a sample instant falls: 10%
# above.  Below, the rate is how fast dd submits its next bio once the last completed: on an
# idle machine the mean sits within 0.1% of the limit (measured here, 4.19M of 4M), but dd
# waits for a CPU on a loaded one (85% of the limit measured with 64k blocks, load 4 on 2
# CPUs; one run in four failed with floors of 75% at load 7, its failing line not kept),
# so the floor only says that the workload pressed on the limit: 50%.  The byte counts are
# exact (every bio of dd is counted once): 5% leaves room for the file system's own writes
# charged to the cgroup.
cat >"$TMP/rw.scn" <<SCN
name: rw
sample: 100ms
timeout: 60s
containers:
  - name: w
    run: sh -c 'f=/var/tmp/lbtest-io-w.\$\$; dd if=/dev/zero of=\$f bs=256k count=64 oflag=direct 2>/dev/null; rc=\$?; rm -f \$f; cat /proc/\$\$/io >$TMP/w.io; exit \$rc'
    limits:
      io:
        - device: /var/tmp
          write-bps: 4M
  - name: r
    run: sh -c 'f=/var/tmp/lbtest-io-r.\$\$; dd if=/dev/zero of=\$f bs=256k count=32 oflag=direct 2>/dev/null && dd if=\$f of=/dev/null bs=256k iflag=direct 2>/dev/null; rc=\$?; rm -f \$f; exit \$rc'
    limits:
      io:
        - device: /var/tmp
          read-bps: 2M
  - name: free
    run: sh -c 'f=/var/tmp/lbtest-io-f.\$\$; dd if=/dev/zero of=\$f bs=256k count=16 oflag=direct 2>/dev/null; rc=\$?; rm -f \$f; exit \$rc'
expect:
  - w.exit == 0
  - r.exit == 0
  - free.exit == 0
  - w.io_write_bytes ~ 16M ± 5%
  - mean(w.io_write[1s:3s]) <= 4.4M
  - mean(w.io_write[1s:3s]) >= 2M
  - r.io_read_bytes ~ 8M ± 5%
  - mean(r.io_read[1s:3s]) <= 2.2M
  - mean(r.io_read[1s:3s]) >= 1M
SCN
measure "$TMP/out" rw "$TMP/rw.scn"
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "$mode: writes held at write-bps 4M, reads at read-bps 2M, bytes counted"
else
	not_ok "$mode: rw.scn exited $rc"
	sed 's/^/# /' "$TMP/o" "$TMP/e"
fi
S=$TMP/out/rw/latest/summary.json
# The cgroup's count against the kernel's per-task counter of the same writes: the workload's
# shell reaped dd, so its write_bytes hold dd's.
kw=$(sed -n 's/^write_bytes: //p' "$TMP/w.io" 2>/dev/null)
cw=$(sed -n 's/.*"io_write_bytes": *\([0-9]*\).*/\1/p' "$S" | head -n 1)
if [ -n "$kw" ] && [ -n "$cw" ] && [ "$kw" -gt 0 ] &&
	[ $((cw * 100 / kw)) -ge 95 ] && [ $((cw * 100 / kw)) -le 105 ]; then
	ok "$mode: io_write_bytes $cw within 5% of /proc/PID/io write_bytes $kw"
else
	not_ok "$mode: io_write_bytes '$cw' vs /proc/PID/io write_bytes '$kw'"
fi
# A container without io limits: v2 counts its I/O; v1's blk-throttle counts only on disks
# where throttling was switched on since boot, so there it is not measured, with the reason,
# never 0.
if [ "$mode" = v2 ]; then
	check "v2: a container without io limits has its writes counted" \
		grep -q '"io_write_bytes": *4194304' "$S"
else
	check "v1: a container without io limits: io_write_bytes not measured, with the reason" \
		grep -q '"io_write_bytes": *"cgroup v1.s blkio counts I/O only on disks where throttling was switched' "$S"
fi
check "samples.tsv has the io_read and io_write columns" \
	grep -q 'io_read	io_write' "$TMP/out/rw/latest/samples.tsv"
check "no cgroup left" no_cgroup_of "$LB_PID"

# IOPS limits, held: 100 direct 4k writes at write-iops 40 and 100 direct 4k reads at
# read-iops 40 take at least 2.5 s less the ceiling's 10% (one throttle slice at each edge,
# as above): 2.27 s of the workload's wall time; at most 6 s says it pressed on the limit
# (the floor of 50% above, with a second for the container's start and the reads' file).
# Each bio is one 4k page, so the device counts 100 of them (zram splits none).
cat >"$TMP/iops.scn" <<SCN
name: iops
sample: 100ms
timeout: 60s
containers:
  - name: wi
    run: sh -c 'f=/var/tmp/lbtest-io-wi.\$\$; dd if=/dev/zero of=\$f bs=4k count=100 oflag=direct 2>/dev/null; rc=\$?; rm -f \$f; exit \$rc'
    limits:
      io:
        - device: /var/tmp
          write-iops: 40
  - name: ri
    run: sh -c 'f=/var/tmp/lbtest-io-ri.\$\$; dd if=/dev/zero of=\$f bs=4k count=100 oflag=direct 2>/dev/null && dd if=\$f of=/dev/null bs=4k iflag=direct 2>/dev/null; rc=\$?; rm -f \$f; exit \$rc'
    limits:
      io:
        - device: /var/tmp
          read-iops: 40
expect:
  - wi.exit == 0
  - ri.exit == 0
  - wi.io_write_ios >= 100
  - ri.io_read_ios >= 100
  - wi.wall >= 2.27s
  - wi.wall <= 6s
  - ri.wall >= 2.27s
  - ri.wall <= 6s
SCN
measure "$TMP/out" iops "$TMP/iops.scn"
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "$mode: 100 direct 4k writes held at write-iops 40, reads at read-iops 40"
else
	not_ok "$mode: iops.scn exited $rc"
	sed 's/^/# /' "$TMP/o" "$TMP/e"
fi
check "no cgroup left after iops" no_cgroup_of "$LB_PID"

# A group's rates: v2's io.max holds the whole tree below it, so a container in the group is
# held (16 x 256k at 4M/s: at least 0.9 s); v1's blk-throttle holds only the cgroup a process
# is in (a child wrote 4M in 22 ms under its group's 4M/s here), so `check` refuses it there.
cat >"$TMP/gio.scn" <<SCN
name: gio
timeout: 60s
groups:
  - name: pod
    limits:
      io:
        - { device: /var/tmp, write-bps: 4M }
containers:
  - name: w
    group: pod
    run: sh -c 'f=/var/tmp/lbtest-io-g.\$\$; dd if=/dev/zero of=\$f bs=256k count=16 oflag=direct 2>/dev/null; rc=\$?; rm -f \$f; exit \$rc'
expect:
  - w.exit == 0
  - w.wall >= 0.9s
  - pod.io_write_bytes ~ 4M ± 5%
SCN
if [ "$mode" = v2 ]; then
	measure "$TMP/out" gio "$TMP/gio.scn"
	expect_eq "v2: a group's write-bps holds the container in it" 0 "$?"
else
	"$LB" check "$TMP/gio.scn" >"$TMP/o" 2>"$TMP/e"
	expect_eq "v1: check refuses a group's io rates (exit 2)" 2 "$?"
	check "v1: ... at the key, naming v1's blkio" \
		grep -q "gio.scn:7:9: io: cgroup v1's blkio throttles only the cgroup a process is in" "$TMP/e"
fi

# Paths with no block device under them: `check` says where and why, on this machine.
cat >"$TMP/bad.scn" <<'SCN'
name: bad
containers:
  - name: a
    run: "true"
    limits:
      io:
        - device: /dev/shm
          write-bps: 1M
        - device: /proc
          read-iops: 10
SCN
out=$("$LB" check "$TMP/bad.scn" 2>&1)
rc=$?
expect_eq "check refuses a device on tmpfs/proc: exit 2" 2 "$rc"
case $out in
*"bad.scn:7:19: io: device: /dev/shm is on a tmpfs file system (mounted on /dev/shm), which has no block device under it"*) ok "check: /dev/shm at 7:19, tmpfs named" ;;
*) not_ok "check: /dev/shm: $out" ;;
esac
case $out in
*"bad.scn:9:19: io: device: /proc is on a proc file system"*) ok "check: /proc at 9:19, proc named" ;;
*) not_ok "check: /proc: $out" ;;
esac
P=lbtest-io-$$
out=$("$LB" exec --cgroup-parent "$P" --device-write-bps /dev/shm:1mb -- true 2>&1)
rc=$?
expect_eq "exec refuses --device-write-bps on tmpfs: exit 125" 125 "$rc"
case $out in
*"--device-write-bps: /dev/shm is on a tmpfs file system"*) ok "exec names tmpfs" ;;
*) not_ok "exec: $out" ;;
esac
out=$("$LB" exec --cgroup-parent "$P" --device-write-bps /var/tmp:0 -- true 2>&1)
case $out in
*"invalid rate for device: /var/tmp:0"*) ok "exec: a rate of 0 in docker's words" ;;
*) not_ok "exec rate 0: $out" ;;
esac

# exec: the write limit, measured from the outside (dd's own time is a timing threshold; the
# limit is checked as the kernel kept it instead: read back from inside the container).
out=$("$LB" exec --cgroup-parent "$P" --device-write-bps /var/tmp:8mb -- sh -c "
	while IFS=: read -r id ctrls path; do
		if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
			[ \"\$id\" = 0 ] && cat /sys/fs/cgroup\$path/io.max
		else
			case \",\$ctrls,\" in *,blkio,*) cat /sys/fs/cgroup/blkio\$path/blkio.throttle.write_bps_device ;; esac
		fi
	done </proc/self/cgroup" 2>&1)
case $mode:$out in
v2:*" wbps=8388608 "*) ok "v2: exec --device-write-bps 8mb is io.max wbps=8388608" ;;
v1:*" 8388608"*) ok "v1: exec --device-write-bps 8mb is blkio.throttle.write_bps_device 8388608" ;;
*) not_ok "exec --device-write-bps read back: $out" ;;
esac
# Weights: docker's 10..1000, v2 io.weight as runc converts them (500 -> 4950); a kernel
# without weight files (v1 here: CFQ is gone) is told by check at the key, and by exec.
cat >"$TMP/w.scn" <<'SCN'
name: w
containers:
  - name: a
    run: "true"
    limits:
      io:
        - device: /var/tmp
          weight: 500
SCN
out=$("$LB" check "$TMP/w.scn" 2>&1)
rc=$?
if [ "$mode" = v2 ]; then
	expect_eq "v2: check takes an io weight" 0 "$rc"
	out=$("$LB" exec --cgroup-parent "$P" --blkio-weight-device /var/tmp:500 -- sh -c "
		while IFS=: read -r id ctrls path; do
			[ \"\$id\" = 0 ] && cat /sys/fs/cgroup\$path/io.weight
		done </proc/self/cgroup" 2>&1)
	case $out in
	*" 4950"*) ok "v2: --blkio-weight-device 500 is io.weight 4950" ;;
	*) not_ok "v2: io.weight read back: $out" ;;
	esac
else
	expect_eq "v1: check refuses an io weight here" 2 "$rc"
	case $out in
	*"w.scn:8:19: io: weight: this machine's cgroup v1 has no I/O weights (blkio.weight_device is missing"*)
		ok "v1: check names the missing file at the weight" ;;
	*) not_ok "v1: check of a weight: $out" ;;
	esac
	out=$("$LB" exec --cgroup-parent "$P" --blkio-weight 500 -- true 2>&1)
	rc=$?
	expect_eq "v1: exec --blkio-weight refused: exit 125" 125 "$rc"
	case $out in
	*"no I/O weights (cgroup v1: blkio.weight is missing)"*) ok "v1: exec names blkio.weight" ;;
	*) not_ok "v1: exec --blkio-weight: $out" ;;
	esac
fi
check "exec: no cgroup left" [ -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P" 2>/dev/null)" ]
