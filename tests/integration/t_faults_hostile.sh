# Hostile workloads: fork bombs (with and without a pids limit), a memory hog, one that
# ignores SIGTERM, one that closes its stdout and stderr, daemons that leave their session
# and process group.  Each is contained, killed at the end, and limitbench carries on: it
# writes its summary, exits with the verdict, and leaves no process and no cgroup.
# The OOM killer: limitbench lowers its own score (when it may: CAP_SYS_RESOURCE), and the
# workload starts at the default score 0, not at the harness's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"
. "$(dirname "$0")/faults_lib.sh"

# expect_pass SCN TEXT: the table line of that expectation says PASS.
expect_pass() {
	if grep -q "PASS *$2 " "$TMP/o"; then ok "$1: $2"; else
		not_ok "$1: $2 (table: $(grep -F "$2" "$TMP/o"))"
	fi
}

# --- everything at once, each with a CPU quota so that the machine stays responsive ---------
cat >"$TMP/hostile.scn" <<SCN
name: hostile
sample: 50ms
timeout: 2m
containers:
  # a fork bomb bounded by pids.max; PID 1 sleeps (and ignores TERM: PID 1 of a namespace)
  - name: bomb
    run: [sh, -c, "f() { f | f & }; f & exec sleep 1941$U"]
    limits: { pids: 64, memory: 128M, memory-swap: 128M, cpus: 0.5 }
    duration: 1s
  # fills its memory: the OOM killer takes stress's worker inside the cgroup
  - name: hog
    run: stress --vm 1 --vm-bytes 256M --vm-keep
    limits: { memory: 32M, memory-swap: 32M, cpus: 0.5 }
  # not PID 1 of a namespace: TERM would end it, but it ignores TERM: KILL 1 s later
  - name: deaf
    namespaces: []
    run: [sh, -c, "trap '' TERM; while :; do sleep 0.1; done"]
    limits: { cpus: 0.2 }
    duration: 1s
  # writes into closed stdout and stderr
  - name: mute
    run: [sh, -c, "exec 1>&- 2>&-; echo lost; echo lost >&2; exit 3"]
  # daemons out of its session and process group; PID 1 exits at once
  - name: daemons
    run: [sh, -c, "setsid sh -c 'sleep 1942$U &'; setsid sleep 1943$U & nohup sleep 1944$U >/dev/null 2>&1 & echo up"]
  - name: daemons-nons
    namespaces: []
    run: [sh, -c, "setsid sh -c 'sleep 1945$U &'; setsid sleep 1946$U & nohup sleep 1947$U >/dev/null 2>&1 & echo up"]
  # root in the container may not move itself out of its cgroup: cgroupfs is read-only there
  - name: breakout
    run: [sh, -c, "for f in /sys/fs/cgroup/cgroup.procs /sys/fs/cgroup/*/cgroup.procs; do [ -e \$f ] && (echo \$\$ >\$f) 2>/dev/null && echo escaped \$f; done; echo tried"]
  # the OOM scores: its own, and (no pid namespace: its parent is limitbench) the harness's
  - name: score
    namespaces: []
    run: [sh, -c, "cat /proc/self/oom_score_adj /proc/\$PPID/oom_score_adj"]
expect:
  - bomb.pids_peak <= 64
  - bomb.pids_denied >= 1
  - bomb.signal == KILL
  - hog.oom_kills >= 1
  - hog.exit == 1
  - deaf.signal == KILL
  - mute.exit == 3
  - daemons.exit == 0
  - daemons-nons.exit == 0
  - score.exit == 0
SCN
lb run --no-plot -o "$TMP/out" "$TMP/hostile.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "hostile workloads: the run passes (exit 0)" 0 $?
r=$TMP/out/hostile/latest
check "hostile: summary.json says pass" grep -q '"outcome": *"pass"' "$r/summary.json"
for x in "bomb.pids_peak <= 64" "bomb.pids_denied >= 1" "bomb.signal == KILL" \
	"hog.oom_kills >= 1" "hog.exit == 1" "deaf.signal == KILL" "mute.exit == 3" \
	"daemons.exit == 0" "daemons-nons.exit == 0"; do
	expect_pass hostile "$x"
done
# The escalation: TERM when the duration is over, KILL because TERM was ignored.
check "deaf: TERM then KILL in events.tsv" \
	test "$(awk -F '\t' '$2 == "deaf" && $3 == "signal" { printf "%s;", $4 }' "$r/events.tsv")" \
	= "TERM (duration);KILL (duration);"
expect_eq "mute: nothing reached mute.out" "" "$(cat "$r/mute.out" "$r/mute.err")"
expect_eq "daemons: PID 1 said up" "up" "$(cat "$r/daemons.out")"
expect_eq "breakout: no cgroup.procs outside its cgroup could be written" tried \
	"$(cat "$r/breakout.out")"
score=$(cat "$r/score.out")
expect_eq "score: the workload's oom_score_adj is 0" 0 "$(echo "$score" | sed -n 1p)"
if (echo -1 >/proc/self/oom_score_adj) 2>/dev/null; then
	expect_eq "score: limitbench's own oom_score_adj is -999" -999 "$(echo "$score" | sed -n 2p)"
else
	echo "skip - $T_NAME: limitbench may not lower its OOM score here (no CAP_SYS_RESOURCE)"
fi
check "hostile: no cgroup left" no_cgroup_of "$LB_PID"
check "hostile: no process left in its cgroups" no_process_in_cgroup_of "$LB_PID"
for m in 1941 1942 1943 1944 1945 1946 1947; do
	check "hostile: no 'sleep $m' left" no_cmdline_with "sleep $m"
done

# --- a fork bomb without a pids limit: memory and a CPU quota bound it; a short duration ---
# PID 1 is a sleep; the bomb runs beside it.  PID 1 ends by a signal: the OOM killer's
# KILL (then the namespace goes), the duration's KILL (PID 1 of a namespace ignores TERM) or,
# without a pid namespace, the duration's TERM.  Nothing is left, limitbench is unharmed.
bomb_scn() { # NAME MARKER NAMESPACES-LINE
	cat >"$TMP/$1.scn" <<SCN
name: $1
sample: 10ms
timeout: 2m
containers:
  - name: bomb
    run: [sh, -c, "f() { f | f & }; f & exec sleep $2$U"]
    limits: { memory: 64M, memory-swap: 64M, cpus: 0.5 }
    duration: 1s
    $3
expect:
  - bomb.signal != none
  - bomb.pids_peak > 64
SCN
}
bomb_scn bomb-nopids 1948 ""
lb run --no-plot -o "$TMP/out" "$TMP/bomb-nopids.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "fork bomb without a pids limit: the run passes (exit 0)" 0 $?
expect_pass bomb-nopids "bomb.pids_peak > 64"
check "bomb-nopids: summary.json written" grep -q '"outcome": *"pass"' \
	"$TMP/out/bomb-nopids/latest/summary.json"
check "bomb-nopids: nothing left" nothing_left_of "$LB_PID" "sleep 1948$U"
# Same without a pid namespace: the bomb's processes are not killed with PID 1's namespace,
# only by the cgroup, when PID 1 ends.
bomb_scn bomb-nons 1949 "namespaces: []"
lb run --no-plot -o "$TMP/out" "$TMP/bomb-nons.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "fork bomb without pids limit nor pid namespace: the run passes (exit 0)" 0 $?
expect_pass bomb-nons "bomb.pids_peak > 64"
check "bomb-nons: nothing left" nothing_left_of "$LB_PID" "sleep 1949$U"
# --- a fork bomb at its memory limit spends its CPU quota: killing it must not wait on it ----
# Its tasks retry fork at the memory limit, throttled in every period; a SIGKILLed task
# needs CPU to finish its exit.  limitbench lifts the quota when it kills: the timeout ends
# the run at once.  (Before, a run of 4 s took 28 s, or did not end in 10 minutes.)  The wait
# is bounded, generously: a hang is a failure, not a stuck suite.
cat >"$TMP/spin.scn" <<SCN
name: spin
sample: 10ms
timeout: 3s
containers:
  - name: bomb
    namespaces: []
    run: [sh, -c, "f() { f | f & }; f & exec sleep 1950$U"]
    limits: { memory: 64M, memory-swap: 64M, cpus: 0.5 }
  - name: bomb2
    run: [sh, -c, "f() { f | f & }; f & exec sleep 1950$U"]
    limits: { memory: 96M, memory-swap: 96M, pids: 300, cpus: 0.5 }
SCN
"$LB" run --no-plot -o "$TMP/out" "$TMP/spin.scn" >"$TMP/o" 2>"$TMP/e" &
pid=$!
if ! ends_within_90s $pid; then
	not_ok "spin: the run ended (still running 90 s after a 3 s timeout)"
	kill -KILL $pid
	wait $pid
	"$LB" cleanup >/dev/null 2>&1
else
	wait $pid
	expect_eq "spin: the timeout ends the run (exit 1)" 1 $?
	check "spin: summary.json says timeout" grep -q '"outcome": *"timeout"' \
		"$TMP/out/spin/latest/summary.json"
fi
check "spin: nothing left" nothing_left_of "$pid" "sleep 1950$U"

# The same bomb left behind by a SIGKILLed exec: `cleanup` lifts the quota too.
P=lbtest-$T_NAME-$$
"$LB" exec --cgroup-parent "$P" -m 64m --memory-swap 64m --cpus 0.5 -- \
	sh -c "f() { f | f & }; f & touch $TMP/up-spin; exec sleep 1960$U" >/dev/null 2>&1 &
pid=$!
wait_file "$TMP/up-spin"
sleep 1
# (the OOM killer may have taken its PID 1 already: then exec ended and cleaned up itself)
kill -KILL $pid 2>/dev/null
wait $pid
"$LB" cleanup --cgroup-parent "$P" >"$TMP/o" 2>&1 &
cpid=$!
if ! ends_within_90s $cpid; then
	not_ok "spin, exec SIGKILLed: cleanup ended (still running after 90 s)"
	kill -KILL $cpid
	wait $cpid
else
	wait $cpid
	expect_eq "spin, exec SIGKILLed: cleanup exits 0" 0 $?
	check "spin, exec SIGKILLed: cleanup says what it removed" \
		grep -q "^removed [01] stale sessions* under $P\$" "$TMP/o"
fi
check "spin, exec SIGKILLed: nothing left" nothing_left_of "$pid" "sleep 1960$U"
check "spin, exec SIGKILLed: no parent left" \
	test -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P")"

check "the harness's shell is still here and responsive" test "$(echo ok)" = ok
