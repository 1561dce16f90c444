# Nothing is left behind: no cgroup and no process after a run, after a timeout, and after
# SIGINT or SIGTERM (which still record what was measured, marked interrupted, and exit
# 130 / 143).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

# Each case's workload carries a marker of its own in its command line.
scn() { # NAME MARKER TIMEOUT
	cat >"$TMP/$1.scn" <<SCN
name: $1
sample: 20ms
timeout: $3
containers:
  - name: c
    run: [sh, -c, "echo started; exec stress --vm 1 --vm-bytes $2 --vm-keep"]
  - name: d
    run: [sleep, "1000"]
    namespaces: []
expect:
  - max(c.rss) > 1M
SCN
}

# Wait (a bounded number of rounds) for the workload to say it started.
wait_started() {
	i=0
	while [ $i -lt 400 ]; do
		grep -q started "$1"/*/c.out 2>/dev/null && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# A timeout: every container is killed, the run fails.
scn to 7771k 1s
lb run -o "$TMP/out" "$TMP/to.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "a timeout exits 1" 1 $?
check "summary.json says timeout" grep -q '"outcome": *"timeout"' "$TMP/out/to/latest/summary.json"
check "events.tsv has the timeout" grep -q 'timeout' "$TMP/out/to/latest/events.tsv"
check "the table says timeout" grep -q 'timeout' "$TMP/o"
check "timeout: no cgroup left" no_cgroup_of "$LB_PID"
check "timeout: no workload left" no_process_with 7771k
# A container without a pid namespace is its cgroup: what it leaves is killed too.
check "timeout: the sleep without a pid namespace is gone" no_process_with "sleep 1000"

# Without a pid namespace, what PID 1 leaves behind is still in its cgroup: it is killed
# when PID 1 exits (the container is its cgroup), not left running.
cat >"$TMP/nons.scn" <<'SCN'
name: nons
timeout: 60s
containers:
  - name: c
    run: [sh, -c, "sleep 1777 & echo bye"]
    namespaces: []
expect:
  - c.exit == 0
SCN
lb run -o "$TMP/out" "$TMP/nons.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "no pid namespace: the run passes" 0 $?
check "no pid namespace: the orphan is gone" no_process_with "sleep 1777"
check "no pid namespace: no cgroup left" no_cgroup_of "$LB_PID"

for sig in INT TERM; do
	case $sig in INT) code=130 m=7772k n=sigint ;; TERM) code=143 m=7773k n=sigterm ;; esac
	scn $n $m 5m
	"$LB" run -o "$TMP/out" "$TMP/$n.scn" >"$TMP/o" 2>"$TMP/e" &
	pid=$!
	if wait_started "$TMP/out/$n"; then
		sleep 0.3
		kill -$sig $pid
		# A second signal must not cut the cleanup short.
		kill -$sig $pid 2>/dev/null
	else
		not_ok "SIG$sig: the workload never started"
		kill -KILL $pid
	fi
	wait $pid
	expect_eq "SIG$sig exits $code" $code $?
	r=$TMP/out/$n/latest
	check "SIG$sig: summary.json says interrupted" grep -q '"outcome": *"interrupted"' \
		"$r/summary.json"
	check "SIG$sig: the samples taken are kept" grep -q "^[0-9.]*	c	[0-9]" "$r/samples.tsv"
	check "SIG$sig: events say interrupted" grep -q "interrupted	SIG$sig" "$r/events.tsv"
	check "SIG$sig: says so" grep -q "interrupted by SIG$sig" "$TMP/e"
	check "SIG$sig: no cgroup left" no_cgroup_of "$pid"
	check "SIG$sig: no workload left" no_process_with $m
	check "SIG$sig: no sleep left" no_process_with "sleep 1000"
done

# --- the kill by cgroup, on each cgroup version ----------------------------------------------
# A workload without namespaces of its own leaves a daemon behind, reparented out of its
# process tree: only the kill by cgroup finds it.  v2 (5.14+): cgroup.kill.  v1: freeze, then
# each pid of cgroup.procs verified to be in the cgroup when it is signalled (pidfd_open,
# /proc/PID/cgroup, pidfd_send_signal), then thaw.  Either way: no kill error, nothing left.
U=$$
cat >"$TMP/daemon.scn" <<SCN
name: daemon
sample: 20ms
containers:
  - name: d
    run: [sh, -c, "(sleep 1851$U &); sleep 1852$U & touch $TMP/up-d; wait"]
    namespaces: []
    duration: 1s
SCN
lb run --no-plot -o "$TMP/out" "$TMP/daemon.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "a workload that leaves a daemon: the run exits 0" 0 $?
check "it started" test -e "$TMP/up-d"
expect_eq "no kill error" "" "$(grep -E 'not killed|still in the cgroup' "$TMP/e")"
check "its daemon is killed with its cgroup" no_process_with "sleep 1851$U"
check "and its child" no_process_with "sleep 1852$U"
check "no cgroup of it left" no_cgroup_of "$LB_PID"
