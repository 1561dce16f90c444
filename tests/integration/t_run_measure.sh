# The numbers are right: a known allocation, a known quota and known shares read back as
# what they are, with the tolerances of the issue.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

# 50M of anonymous memory (stress --vm 1 --vm-bytes 50m --vm-keep, no limit).  C.rss sums
# VmRSS over the container's processes, so it also holds what stress's two processes map of
# their binary and libraries (about 2.5M: 52.4M here).  A second container running the
# same stress with a 4K allocation measures exactly that overhead; the difference is the
# allocation, and must read 50M within 3%.  The cgroup's own usage (C.mem) has no such
# overhead (shared pages are charged once) and reads 50M within 3% directly.
cat >"$TMP/rss.scn" <<'SCN'
name: rss-50m
sample: 50ms
timeout: 60s
containers:
  - name: big
    run: stress --vm 1 --vm-bytes 50m --vm-keep --timeout 3
  - name: base
    run: stress --vm 1 --vm-bytes 4k --vm-keep --timeout 3
expect:
  - max(big.rss) - max(base.rss) ~ 50M ± 3%
  - max(big.mem) ~ 50M ± 3%
  - max(big.rss) > 50M
SCN
measure "$TMP/out" rss "$TMP/rss.scn"
expect_eq "50M of anonymous memory reads 50M ± 3%" 0 $?
grep -E 'FAIL|PASS' "$TMP/o" | sed 's/^/# /'
check "no cgroup left" no_cgroup_of "$LB_PID"

# A 0.25-CPU quota on a busy loop.  The series (Δ cpu / Δ t between samples) and the
# cgroup's total CPU time over the wall time are two independent readings of it.
cat >"$TMP/quota.scn" <<'SCN'
name: quota
sample: 100ms
timeout: 60s
containers:
  - name: c
    run: stress --cpu 1 --timeout 4
    limits:
      cpus: 0.25
expect:
  - mean(c.cpu[1s:]) ~ 0.25 ± 5%
  - c.cpu_time / c.wall ~ 0.25 ± 5%
  - c.cpu_quota == 0.25
SCN
measure "$TMP/out" quota "$TMP/quota.scn"
expect_eq "a 0.25 CPU quota reads 0.25 ± 5%" 0 $?
grep -E 'FAIL|PASS' "$TMP/o" | sed 's/^/# /'

# Shares 256:768, both containers pinned to CPU 0: the CPU splits 1:3 on v1 (cpu.shares as
# given).  On v2 the weights are 35:80 after runc's conversion; the split follows them.
# limitbench stops both at the same instant (duration), by its own clock.
cat >"$TMP/shares.scn" <<'SCN'
name: shares
sample: 100ms
timeout: 60s
containers:
  - name: a
    run: stress --cpu 1
    duration: 5s
    limits: { cpuset: "0", cpu-shares: 256 }
  - name: b
    run: stress --cpu 1
    duration: 5s
    limits: { cpuset: "0", cpu-shares: 768 }
expect:
  - mean(a.cpu[1s:]) / mean(b.cpu[1s:]) ~ a.cpu_weight / b.cpu_weight ± 15%
  - a.cpus_used == "0"
  - b.cpus_used == "0"
SCN
measure "$TMP/out" shares "$TMP/shares.scn"
rc=$?
expect_eq "shares split the CPU as their weights" 0 $rc
grep -E 'FAIL|PASS|NOTE' "$TMP/o" | sed 's/^/# /'
[ "$rc" -eq 0 ] || sed 's/^/# /' "$TMP/out/shares/latest/events.tsv"
if [ -d /sys/fs/cgroup/cpu ] && [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then
	# v1: the weights are the shares themselves, so the split is 1:3.
	s=$TMP/out/shares/latest/summary.json
	check "v1: a.cpu_weight is 256" grep -q '"cpu_weight": *256' "$s"
	check "v1: b.cpu_weight is 768" grep -q '"cpu_weight": *768' "$s"
fi
