# Nested groups (scenario `groups:`): a pod's limit is enforced on the containers in it, a
# group's metrics are its cgroup's real numbers (its CPU time is its members'), and nothing of
# the nested tree is left after a run, after SIGTERM, or after `limitbench cleanup` of a
# SIGKILLed limitbench.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

U=$$

# --- the pod's limit holds its children ---------------------------------------------------------
# Two containers with no memory limit, 80M each, in a 100M pod: the pod's OOM killer runs.
cat >"$TMP/pod.scn" <<'SCN'
name: pod
sample: 20ms
timeout: 60s
groups:
  - name: pod
    limits: { memory: 100M, memory-swap: 100M }
containers:
  - { name: a, group: pod, run: stress --vm 1 --vm-bytes 80M --vm-keep, duration: 4s }
  - { name: b, group: pod, run: stress --vm 1 --vm-bytes 80M --vm-keep, duration: 4s }
expect:
  - pod.oom_kills >= 1
  - pod.mem_peak <= 100M
  - max(pod.mem) <= 100M
  - max(pod.mem) >= 90M
  - a.oom_kills + b.oom_kills >= 1
  - a.mem_limit > 1T
SCN
expect_eq "check counts the group" "$TMP/pod.scn: ok (1 run, 2 containers, 1 group, 6 expectations)" \
	"$("$LB" check "$TMP/pod.scn" 2>&1)"
lb run --no-plot -o "$TMP/out" "$TMP/pod.scn" >"$TMP/o" 2>"$TMP/e"
rc=$?
expect_eq "the pod's limit kills its containers, which have none: the run passes" 0 $rc
[ $rc -eq 0 ] || sed 's/^/# /' "$TMP/o" "$TMP/e"
check "pod: no cgroup left" no_cgroup_of "$LB_PID"
s=$TMP/out/pod/latest/summary.json
check "summary.json has the group under \"groups\"" grep -q '"groups": *{' "$s"
check "summary.json: the pod has no rss series" sh -c "! sed -n '/\"groups\"/,\$p' '$s' | grep -q '\"rss\"'"
check "samples.tsv has the pod's rows" grep -q "^[0-9.]*	pod	[0-9]" "$TMP/out/pod/latest/samples.tsv"

# --- a group's numbers are its cgroup's: its CPU is its members' --------------------------------
cat >"$TMP/cpu.scn" <<'SCN'
name: gcpu
sample: 50ms
timeout: 60s
groups:
  - name: node
  - name: pod
    parent: node
containers:
  - { name: a, group: pod, run: stress --cpu 1, duration: 2s }
  - { name: b, group: node, run: stress --cpu 1, duration: 2s }
expect:
  - pod.cpu_time > 0.5s
  - pod.cpu_time ~ a.cpu_time ± 2%
  - node.cpu_time ~ a.cpu_time + b.cpu_time ± 2%
  - mean(node.cpu[0.5s:1.5s]) ~ mean(a.cpu[0.5s:1.5s]) + mean(b.cpu[0.5s:1.5s]) ± 10%
  - max(pod.mem) > 0
  - pod.pids_peak >= 1
  - node.pids_peak >= 2
SCN
measure "$TMP/out" gcpu "$TMP/cpu.scn" --no-plot
rc=$?
expect_eq "a group's CPU time and series are its members' sum" 0 $rc
[ $rc -eq 0 ] || sed 's/^/# /' "$TMP/o" "$TMP/e"
check "gcpu: no cgroup left" no_cgroup_of "$LB_PID"
# plot and compare read the groups back from the folder
if command -v gnuplot >/dev/null 2>&1; then
	"$LB" plot "$TMP/out/gcpu/latest" >"$TMP/o" 2>"$TMP/e"
	expect_eq "plot redraws a run with groups" 0 $?
fi
"$LB" compare "$TMP/out/gcpu/latest" "$TMP/out/gcpu/latest" >"$TMP/o" 2>"$TMP/e"
expect_eq "compare of a run with groups with itself exits 0" 0 $?
check "compare reads the group's metrics" grep -q "node.cpu_time" "$TMP/o"

# --- check: what a group does not have ----------------------------------------------------------
cat >"$TMP/bad.scn" <<'SCN'
name: bad
groups:
  - { name: pod, parent: nope }
containers:
  - { name: a, group: pod, run: "true" }
expect:
  - max(pod.rss) < 1M
SCN
"$LB" check "$TMP/bad.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "check of a bad group exits 2" 2 $?
check "check: a parent that is no group, at its place" \
	grep -q "bad.scn:3:26: parent: there is no group named 'nope'" "$TMP/e"
check "check: a group has no rss, at its place" grep -q "bad.scn:7:13: 'pod' is a group" "$TMP/e"

# --- nothing is left: SIGTERM mid-run, and cleanup after SIGKILL ------------------------------
# A tree three deep: p / q / {c, d}, with a workload that says when it runs, and one without a
# pid namespace that leaves a daemon behind (which outlives a SIGKILLed limitbench: the
# workloads' PID 1 die with it, PR_SET_PDEATHSIG, but what they left does not).
cat >"$TMP/deep.scn" <<SCN
name: deep
sample: 20ms
timeout: 5m
groups:
  - { name: q, parent: p, limits: { memory: 200M } }
  - { name: p, limits: { pids: 100 } }
containers:
  - name: c
    group: q
    run: [sh, -c, "touch $TMP/up-\$MARK; exec stress --vm 1 --vm-bytes 4${U}k --vm-keep"]
    env: { MARK: c }
  - name: d
    group: q
    run: [sh, -c, "(sleep 1717$U &); exec sleep 1718$U"]
    namespaces: []
SCN
wait_up() {
	i=0
	while [ ! -e "$TMP/up-c" ] && [ $i -lt 400 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -e "$TMP/up-c" ]
}

rm -f "$TMP/up-c"
"$LB" run --no-plot -o "$TMP/out" "$TMP/deep.scn" >"$TMP/o" 2>"$TMP/e" &
pid=$!
if wait_up; then
	sleep 0.3
	check "SIGTERM: the nested tree exists while it runs" \
		sh -c "find /sys/fs/cgroup -mindepth 4 -maxdepth 7 -type d -path '*/lb-$pid-*/p/q/c' | grep -q ."
	kill -TERM $pid
else
	not_ok "SIGTERM: the workload never started"
	kill -KILL $pid
fi
wait $pid
expect_eq "SIGTERM exits 143" 143 $?
check "SIGTERM: no cgroup left" no_cgroup_of "$pid"
check "SIGTERM: no workload left" no_process_with "4${U}k"
check "SIGTERM: no sleep left" no_process_with "sleep 1717$U"

rm -f "$TMP/up-c"
"$LB" run --no-plot -o "$TMP/out" "$TMP/deep.scn" >"$TMP/o" 2>"$TMP/e" &
pid=$!
if wait_up; then
	sleep 0.3
	kill -KILL $pid
else
	not_ok "SIGKILL: the workload never started"
	kill -KILL $pid
fi
wait $pid
check "SIGKILL: the nested tree is left behind" \
	sh -c "find /sys/fs/cgroup -mindepth 4 -maxdepth 7 -type d -path '*/lb-$pid-*/p/q/c' | grep -q ."
check "SIGKILL: the daemon left in the nested tree still runs" \
	sh -c "ps -eo args | grep -v grep | grep -q -- 'sleep 1717$U'"
"$LB" cleanup >"$TMP/o" 2>"$TMP/e"
expect_eq "cleanup exits 0" 0 $?
check "cleanup removes the nested tree" no_cgroup_of "$pid"
check "cleanup kills the workload in it" no_process_with "4${U}k"
check "cleanup kills the daemon in it" no_process_with "sleep 1717$U"
