# Faults from outside: SIGINT/SIGTERM against hostile workloads (a second and third signal
# during the cleanup change nothing), and SIGKILL of limitbench itself (run and exec): the
# containers in a pid namespace die with it, what runs without one is killed by the next
# `limitbench cleanup` or `limitbench run`, which never touch a live limitbench's session.
# (t_run_cleanup covers SIGINT/SIGTERM of a plain workload, t_cleanup the cleanup command.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"
. "$(dirname "$0")/faults_lib.sh"

# --- SIGINT, then more signals, against workloads that resist ---------------------------------
# trap: ignores INT and TERM (as PID 1 it would anyway; the trap also covers its children);
# escape: a daemon in a session of its own; nons: no pid namespace, a setsid daemon too.
cat >"$TMP/hostile.scn" <<SCN
name: hostile
sample: 20ms
timeout: 5m
containers:
  - name: trap
    run: [sh, -c, "trap '' INT TERM HUP; sleep 1801$U & touch $TMP/up-trap; while :; do sleep 1; done"]
  - name: escape
    run: [sh, -c, "setsid sh -c 'sleep 1802$U & exec sleep 1803$U' & touch $TMP/up-escape; wait"]
  - name: nons
    namespaces: []
    run: [sh, -c, "setsid sh -c 'exec sleep 1804$U' & touch $TMP/up-nons; wait"]
  - name: ended
    run: "false"
expect:
  - trap.exit == 0
  - ended.exit == 0
SCN
"$LB" run -o "$TMP/out" --junit "$TMP/hostile.xml" "$TMP/hostile.scn" >"$TMP/o" 2>"$TMP/e" &
pid=$!
if wait_file "$TMP/up-trap" && wait_file "$TMP/up-escape" && wait_file "$TMP/up-nons"; then
	kill -INT $pid
	# Once it has taken the INT (its workloads go; before that, signals pending together
	# are read lowest number first), and until it is gone: more of the same, and others.
	wait_gone "sleep 180[12]$U"
	while kill -TERM $pid 2>/dev/null && kill -INT $pid 2>/dev/null &&
		kill -HUP $pid 2>/dev/null; do :; done
else
	not_ok "hostile: the workloads never started"
	kill -KILL $pid
fi
wait $pid
expect_eq "SIGINT then TERM, INT, HUP until it is gone: exits 130" 130 $?
r=$TMP/out/hostile/latest
check "hostile: summary.json says interrupted" grep -q '"outcome": *"interrupted"' "$r/summary.json"
check "hostile: events.tsv has the first signal only" \
	test "$(grep -c "	interrupted	" "$r/events.tsv")" = 1
check "hostile: says interrupted by SIGINT" grep -q "interrupted by SIGINT" "$TMP/e"
# trap.exit reads 137 because limitbench killed it: no verdict, not a failure.  ended exited
# 1 on its own before the interrupt: that is still a failure.
check "hostile: an expectation on a container killed by the interrupt is no failure" \
	grep -q '"text": *"trap.exit == 0",.*"result": *"interrupted"\|"result": *"interrupted"' "$r/summary.json"
check "hostile: the table says SKIP with the reason" \
	grep -q 'interrupted: trap was killed by limitbench when the run was interrupted' "$TMP/o"
check "hostile: JUnit marks it skipped" grep -q '<skipped type="interrupted" message="interrupted: trap' "$TMP/hostile.xml"
check "hostile: a container that ended on its own still fails" \
	grep -q 'FAIL.*ended.exit == 0' "$TMP/o" || sed 's/^/# /' "$TMP/o"
for m in "sleep 1801$U" "sleep 1802$U" "sleep 1803$U" "sleep 1804$U"; do
	check "hostile: no '$m' left" no_cmdline_with "$m"
done
check "hostile: nothing left (cgroups, their processes, process table)" \
	nothing_left_of $pid "sleep 180[0-9]$U"

# --- the harness's own output goes nowhere: `limitbench run x.scn | head -1` ---------------
# The reader is gone before the second run says it started: that write fails (EPIPE), it
# must not kill limitbench (SIGPIPE) with the second run half made.  The workload itself
# gets SIGPIPE back at its default.
cat >"$TMP/pipe.scn" <<SCN
name: pipe
sample: 20ms
timeout: 60s
repeat: 2
containers:
  - name: c
    run: [sh, -c, "sleep 0.5; grep SigIgn /proc/self/status", "pipe$U"]
expect:
  - c.exit == 0
SCN
# (sh -c ... exec: limitbench's pid is the one written)
(sh -c 'echo $$ >"$0"; exec "$@"' "$TMP/pid" "$LB" run -o "$TMP/out" "$TMP/pipe.scn" 2>&1
	echo $? >"$TMP/rc") | (exit 0)
expect_eq "stdout and stderr a pipe nobody reads: the run still exits 0" 0 "$(cat "$TMP/rc")"
n=0
for f in "$TMP"/out/pipe/2*/summary.json; do
	grep -q '"outcome": *"pass"' "$f" && n=$((n + 1))
done
expect_eq "both runs passed and wrote their summaries" 2 "$n"
# SigIgn's bit 12 is SIGPIPE (13).  (Other bits are the shell's own: busybox ignores SIGQUIT.)
ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' "$TMP"/out/pipe/latest/c.out)
expect_eq "the workload does not ignore SIGPIPE (SigIgn $ign)" 0 "$((0x${ign:-1000} & 4096))"
check "nothing left by a run whose reader went away" \
	nothing_left_of "$(cat "$TMP/pid")" "pipe$U"

# --- exec: a second Ctrl-C ends the wait for the workload, not the cleanup --------------------
# The first is forwarded (PID 1 with a trap ignores it), the second kills at once (docker's
# way); either way the cgroup goes.
P=lbtest-$T_NAME-$$
"$LB" exec --cgroup-parent "$P" -- \
	sh -c "trap '' INT TERM; sleep 1831$U & touch $TMP/up-ex2; while :; do sleep 0.1; done" \
	>/dev/null 2>"$TMP/e" &
pid=$!
wait_file "$TMP/up-ex2"
kill -INT $pid
kill -INT $pid
wait $pid
expect_eq "exec: SIGINT twice exits 130" 130 $?
check "exec: SIGINT twice: nothing left (cgroups, processes)" nothing_left_of $pid "sleep 1831$U"
check "exec: SIGINT twice: its parent is gone" \
	test -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P")"

# --- SIGKILL of run ---------------------------------------------------------------------------
# pidns: PID 1 of a pid namespace, with a child: the kernel kills the namespace when PID 1
# dies of its parent-death signal.  nons: no pid namespace; PID 1 gets the parent-death
# signal, but its setsid daemon lives on, in the cgroup, until a cleanup kills the cgroup.
cat >"$TMP/killed.scn" <<SCN
name: killed
timeout: 5m
containers:
  - name: pidns
    run: [sh, -c, "sleep 1811$U & touch $TMP/up-pidns; exec sleep 1812$U"]
  - name: nons
    namespaces: []
    run: [sh, -c, "setsid sh -c 'exec sleep 1813$U' & touch $TMP/up-nons2; exec sleep 1814$U"]
SCN
"$LB" run --no-plot -o "$TMP/out" "$TMP/killed.scn" >/dev/null 2>&1 &
pid=$!
wait_file "$TMP/up-pidns" && wait_file "$TMP/up-nons2"
# the daemon was forked before the touch, but give its exec a moment
wait_file /dev/null
i=0
while no_cmdline_with "sleep 1813$U" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
kill -KILL $pid
wait $pid
expect_eq "SIGKILL: run dies with 137" 137 $?
check "SIGKILL: the pid-namespace container dies with limitbench" wait_gone "sleep 181[12]$U"
check "SIGKILL: PID 1 without a pid namespace dies with limitbench" wait_gone "sleep 1814$U"
check "SIGKILL: the session is left behind" test -n "$(session_of $pid)"
check "SIGKILL: the daemon without a pid namespace still runs (until a cleanup)" \
	a_cmdline_with "sleep 1813$U"

# A live limitbench (exec, default parent) in the same parent: a later run must spare it.
"$LB" exec -- sh -c "touch $TMP/up-live; exec sleep 1815$U" >/dev/null 2>&1 &
live=$!
wait_file "$TMP/up-live"

cat >"$TMP/next.scn" <<'SCN'
name: next
timeout: 60s
containers:
  - name: c
    run: [true]
expect:
  - c.exit == 0
SCN
# (Another limitbench run on this machine may sweep the stale session first.)
pre=$(session_of $pid)
lb run --no-plot -o "$TMP/out" "$TMP/next.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "the next run passes" 0 $?
if [ -n "$pre" ]; then
	check "the next run says it removed the stale session" \
		grep -q "removed [1-9][0-9]* stale session" "$TMP/e"
else
	echo "skip - $T_NAME: another limitbench removed the stale session before the next run"
fi
check "the next run removed the SIGKILLed run's session" no_cgroup_of $pid
check "and killed the daemon left in it" wait_gone "sleep 1813$U"
check "nothing of the SIGKILLed run is left" nothing_left_of $pid "sleep 181[1234]$U"
check "nothing of the next run is left" no_cgroup_of "$LB_PID"
check "the live exec's session is untouched" test -n "$(session_of $live)"
check "the live exec's workload still runs" a_cmdline_with "sleep 1815$U"
kill -INT $live
wait $live
expect_eq "the live exec, interrupted, exits 130" 130 $?
check "nothing of the live exec is left" nothing_left_of $live "sleep 1815$U"

# --- SIGKILL of exec ---------------------------------------------------------------------------
P=lbtest-$T_NAME-$$
"$LB" exec --cgroup-parent "$P" -- sh -c "sleep 1821$U & touch $TMP/up-ex; exec sleep 1822$U" \
	>/dev/null 2>&1 &
pid=$!
wait_file "$TMP/up-ex"
kill -KILL $pid
wait $pid
expect_eq "SIGKILL: exec dies with 137" 137 $?
check "SIGKILL: exec's container (PID 1 and its child) dies with it" wait_gone "sleep 182[12]$U"
"$LB" cleanup --cgroup-parent "$P" >"$TMP/o" 2>&1
expect_eq "cleanup after the SIGKILLed exec" "removed 1 stale session under $P" "$(cat "$TMP/o")"
check "nothing of the SIGKILLed exec is left" nothing_left_of $pid "sleep 182[0-9]$U"
check "its parent is gone too" test -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P")"

# --- SIGKILL between freeze and thaw: the session is left frozen ------------------------------
# limitbench freezes a cgroup to kill it (nothing forks meanwhile); killed in that moment it
# leaves it frozen, and a v1 task frozen on its own dies only once thawed.  Frozen by hand
# here (v1 freezer.state, v2 cgroup.freeze), in a container of `run`, which uses every
# hierarchy (exec does not use the v1 freezer: its PID 1 takes its pid namespace down).
cat >"$TMP/frozen.scn" <<SCN
name: frozen
timeout: 5m
containers:
  - name: fz
    run: [sh, -c, "sleep 1841$U & touch $TMP/up-fz; exec sleep 1842$U"]
SCN
"$LB" run --no-plot -o "$TMP/out" "$TMP/frozen.scn" >/dev/null 2>&1 &
pid=$!
wait_file "$TMP/up-fz"
P=limitbench # run's parent
frozen=0
for f in /sys/fs/cgroup/freezer/"$P"/lb-$pid-*/fz/freezer.state; do
	[ -f "$f" ] && echo FROZEN >"$f" && frozen=$((frozen + 1))
done
for f in /sys/fs/cgroup/"$P"/lb-$pid-*/fz/cgroup.freeze; do
	[ -f "$f" ] && echo 1 >"$f" && frozen=$((frozen + 1))
done
expect_eq "the container's cgroup is frozen" 1 "$frozen"
kill -KILL $pid
wait $pid
"$LB" cleanup --cgroup-parent "$P" >"$TMP/o" 2>&1
expect_eq "cleanup of a frozen stale session" "removed 1 stale session under $P" "$(cat "$TMP/o")"
check "nothing of the frozen session is left" nothing_left_of $pid "sleep 184[12]$U"
check "its parent is gone too" test -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P")"
