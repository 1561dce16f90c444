# Several limitbench processes at the same time never collide: runs of the same scenario
# into the same results folder get folders of their own and valid summaries; execs side by
# side, under the default parent and under one --cgroup-parent, each get their own cgroups;
# and whichever ends first leaves the others' cgroups alone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"
. "$(dirname "$0")/faults_lib.sh"

# valid_json FILE: parses (python3 where there is one; the VM has none: braces balance and
# the outcome is there).
valid_json() {
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null
	else
		[ "$(tr -cd '{' <"$1" | wc -c)" -eq "$(tr -cd '}' <"$1" | wc -c)" ] &&
			grep -q '"outcome"' "$1"
	fi
}

cat >"$TMP/same.scn" <<SCN
name: same
sample: 10ms
timeout: 60s
containers:
  - name: c
    run: [sh, -c, "i=0; while [ \$i -lt 200 ]; do echo line \$i; i=\$((i + 1)); done; sleep 0.5", "same$U"]
expect:
  - c.exit == 0
SCN
# Three at once: started in the same second, they ask for the same timestamp folder.
n=3
pids=
k=0
while [ $k -lt $n ]; do
	"$LB" run --no-plot -o "$TMP/out" "$TMP/same.scn" >"$TMP/o$k" 2>"$TMP/e$k" &
	pids="$pids $!"
	k=$((k + 1))
done
k=0
for p in $pids; do
	wait "$p"
	expect_eq "concurrent run $k exits 0" 0 $?
	k=$((k + 1))
done
dirs=$(find "$TMP/out/same" -mindepth 1 -maxdepth 1 -type d | sort)
expect_eq "$n run folders, one per run" $n "$(echo "$dirs" | grep -c .)"
k=0
# (not $d: lib.sh's check uses it)
for rd in $dirs; do
	check "run folder $(basename "$rd"): summary.json is valid" valid_json "$rd/summary.json"
	check "run folder $(basename "$rd"): the run passed" grep -q '"outcome": *"pass"' \
		"$rd/summary.json"
	expect_eq "run folder $(basename "$rd"): all 200 lines of its own workload" 200 \
		"$(grep -c '^line' "$rd/c.out")"
	k=$((k + 1))
done
check "latest points to one of them" test -f "$TMP/out/same/latest/summary.json"
check "no temporary file left in the scenario folder" \
	test -z "$(find "$TMP/out/same" -name '.*' 2>/dev/null)"
for p in $pids; do
	check "nothing left of run $p" nothing_left_of "$p" "same$U"
done

# --- execs side by side ------------------------------------------------------------------------
# Default parent, and a shared --cgroup-parent: the first to end must not remove the
# parent under the other, nor its session.
P=lbtest-$T_NAME-$$
"$LB" exec -- sh -c "touch $TMP/a; while [ ! -e $TMP/stop-a ]; do sleep 0.05; done; exit 11" \
	>/dev/null 2>&1 &
pa=$!
"$LB" exec -- sh -c "touch $TMP/b; while [ ! -e $TMP/stop-b ]; do sleep 0.05; done; exit 12" \
	>/dev/null 2>&1 &
pb=$!
"$LB" exec --cgroup-parent "$P" -- sh -c "touch $TMP/c; while [ ! -e $TMP/stop-c ]; do sleep 0.05; done; exit 13" \
	>/dev/null 2>&1 &
pc=$!
"$LB" exec --cgroup-parent "$P" -- sh -c "touch $TMP/d; while [ ! -e $TMP/stop-d ]; do sleep 0.05; done; exit 14" \
	>/dev/null 2>&1 &
pd=$!
wait_file "$TMP/a" && wait_file "$TMP/b" && wait_file "$TMP/c" && wait_file "$TMP/d"
check "two execs under the default parent: two sessions" \
	test -n "$(session_of $pa)" -a -n "$(session_of $pb)"
check "two execs under one --cgroup-parent: two sessions" \
	test -n "$(session_of $pc)" -a -n "$(session_of $pd)"
# End them one at a time: each exit leaves the other's session (and parent) in place.
touch "$TMP/stop-a"
wait $pa
expect_eq "exec a exits with its own code" 11 $?
check "a's end leaves b's session" test -n "$(session_of $pb)"
touch "$TMP/stop-c"
wait $pc
expect_eq "exec c exits with its own code" 13 $?
check "c's end leaves d's session under the shared parent" test -n "$(session_of $pd)"
touch "$TMP/stop-b" "$TMP/stop-d"
wait $pb
expect_eq "exec b exits with its own code" 12 $?
wait $pd
expect_eq "exec d exits with its own code" 14 $?
for p in $pa $pb $pc $pd; do
	check "nothing left of exec $p" nothing_left_of "$p" "$TMP/stop-"
done
check "the shared parent is gone with the last one" \
	test -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P")"

# --- many short execs at once under one parent (sessions made and removed in a race) -----------
pids=
k=0
while [ $k -lt 8 ]; do
	"$LB" exec --cgroup-parent "$P" -- sh -c "exit $k" >/dev/null 2>"$TMP/x$k" &
	pids="$pids $!"
	k=$((k + 1))
done
k=0
bad=
for p in $pids; do
	wait "$p"
	rc=$?
	[ "$rc" = "$k" ] || bad="$bad exec$k:rc=$rc($(cat "$TMP/x$k"))"
	k=$((k + 1))
done
expect_eq "8 execs racing under one parent each exit with their own code" "" "$bad"
check "nothing left under the shared parent" \
	test -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P")"
