# limitbench cleanup: a session whose owner is gone is killed and removed, children first;
# the session of a live process survives.  All under a parent of our own.
. "$(dirname "$0")/lib.sh"

parent=limitbench-test-$$
mounts_of() { # TYPE -> mount points of that type, with their super options
	awk -v t="$1" '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == t) print $5, $(i + 3); break } }' /proc/self/mountinfo
}
# the hierarchies limitbench uses: v2 alone when its root has controllers, else the v1 mounts
# of memory, cpu, cpuacct, cpuset, pids, freezer
v2=$(mounts_of cgroup2 | awk 'NR == 1 { print $1 }')
hiers=
if [ -n "$v2" ] && grep -qwE 'memory|cpu|cpuset|pids' "$v2/cgroup.controllers"; then
	hiers=$v2
elif [ -z "$(mounts_of cgroup)" ]; then
	hiers=$v2
else
	hiers=$(mounts_of cgroup | awk '("," $2 ",") ~ /,(memory|cpu|cpuacct|cpuset|pids|freezer),/ { print $1 }')
fi
first=$(echo "$hiers" | head -n 1)
start=$(awk '{ print $22 }' /proc/$$/stat) # sh's comm has no spaces
live=lb-$$-$start

for h in $hiers; do
	mkdir -p "$h/$parent/lb-999999-1/x/y" "$h/$parent/$live/c"
done
# a process still running in the stale session: cleanup must kill it
sleep 60 &
victim=$!
echo "$victim" >"$first/$parent/lb-999999-1/x/cgroup.procs"
check "the victim is in the stale cgroup" grep -q "^$victim\$" "$first/$parent/lb-999999-1/x/cgroup.procs"

"$LB" cleanup --cgroup-parent "$parent" >"$TMP/out" 2>"$TMP/err"
expect_eq "cleanup exits 0" 0 $?
expect_eq "cleanup counts one session" "removed 1 stale session under $parent" "$(cat "$TMP/out")"
wait "$victim"
expect_eq "the process in the stale session was SIGKILLed" 137 $?
gone=yes kept=yes
for h in $hiers; do
	[ -e "$h/$parent/lb-999999-1" ] && gone=no
	[ -d "$h/$parent/$live/c" ] || kept=no
done
expect_eq "the stale session is gone from every hierarchy" yes "$gone"
expect_eq "the live session ($live) is untouched" yes "$kept"

"$LB" cleanup --cgroup-parent "$parent" >"$TMP/out" 2>&1
expect_eq "a second cleanup finds nothing" "removed 0 stale sessions under $parent" "$(cat "$TMP/out")"

# our own leftovers, then the parent must be gone
for h in $hiers; do
	rmdir "$h/$parent/$live/c" "$h/$parent/$live" "$h/$parent" 2>/dev/null
done
left=
for h in $hiers; do [ -e "$h/$parent" ] && left="$left $h/$parent"; done
expect_eq "nothing left under the test parent" "" "$left"

# The real thing: a limitbench SIGKILLed while its container runs leaves its session behind;
# cleanup removes it (and whatever still runs in it).
"$LB" exec --cgroup-parent "$parent" -- sh -c "touch $TMP/up; exec sleep 60" >/dev/null 2>&1 &
lbpid=$!
i=0
while [ ! -e "$TMP/up" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL "$lbpid"
wait "$lbpid"
# (exec makes its cgroup in the hierarchies it needs only: look in all of them)
found=no
for h in $hiers; do
	[ -n "$(ls -d "$h/$parent"/lb-"$lbpid"-* 2>/dev/null)" ] && found=yes
done
expect_eq "the SIGKILLed limitbench left its session" yes "$found"
"$LB" cleanup --cgroup-parent "$parent" >"$TMP/out" 2>&1
expect_eq "cleanup removes the dead limitbench's session" \
	"removed 1 stale session under $parent" "$(cat "$TMP/out")"
left=
for h in $hiers; do [ -e "$h/$parent" ] && left="$left $h/$parent"; done
expect_eq "nothing of it is left, the parent neither" "" "$left"

# --- pid namespaces ---------------------------------------------------------------------------
# A limitbench in another pid namespace shares the cgroupfs but not the pids: its session's pid
# means nothing here (inside, limitbench is PID 1 of its namespace, and pid 1 here is init,
# started at another time).  It is alive, and cleanup must see that, from either side: the
# session's lock says so, not /proc.
session_dirs() { # PATTERN -> the session folders that match, in every hierarchy
	for h in $hiers; do ls -d "$h/$parent"/$1 2>/dev/null; done
}
child_of() { # PID -> the pids whose parent it is
	for d in /proc/[0-9]*; do
		[ "$(sed 's/.*) //' "$d/stat" 2>/dev/null | cut -d' ' -f2)" = "$1" ] && echo "${d#/proc/}"
	done
}
unshare --pid --fork --mount-proc "$LB" exec --cgroup-parent "$parent" -- \
	sh -c "touch $TMP/ns-up; exec sleep 1831$$" >/dev/null 2>&1 &
nspid=$!
check "a limitbench in a new pid namespace starts its workload" wait_file "$TMP/ns-up"
before=$(session_dirs 'lb-1-*')
check "its session is named after pid 1 of its namespace" test -n "$before"
"$LB" cleanup --cgroup-parent "$parent" >"$TMP/out" 2>&1
expect_eq "cleanup from outside removes nothing of it" \
	"removed 0 stale sessions under $parent" "$(cat "$TMP/out")"
expect_eq "its session is still there, in every hierarchy" "$before" "$(session_dirs 'lb-1-*')"
# and the reverse: a live limitbench out here, cleanup from inside a new pid namespace
"$LB" exec --cgroup-parent "$parent" -- sh -c "touch $TMP/out-up; exec sleep 1832$$" \
	>/dev/null 2>&1 &
outpid=$!
check "a limitbench out here starts its workload" wait_file "$TMP/out-up"
unshare --pid --fork --mount-proc "$LB" cleanup --cgroup-parent "$parent" >"$TMP/out" 2>&1
expect_eq "cleanup from inside a new pid namespace removes nothing" \
	"removed 0 stale sessions under $parent" "$(cat "$TMP/out")"
check "the outside one's session is still there" test -n "$(session_dirs "lb-$outpid-*")"
check "and so is the inside one's" test -n "$(session_dirs 'lb-1-*')"
# Both SIGKILLed (the one inside through its namespace's PID 1, limitbench itself): dead now,
# and removed, by a cleanup from either side.
kill -KILL "$outpid" $(child_of "$nspid")
wait "$outpid"
wait "$nspid"
unshare --pid --fork --mount-proc "$LB" cleanup --cgroup-parent "$parent" >"$TMP/out" 2>&1
expect_eq "a cleanup from a new pid namespace removes both dead sessions" \
	"removed 2 stale sessions under $parent" "$(cat "$TMP/out")"
left=
for h in $hiers; do [ -e "$h/$parent" ] && left="$left $h/$parent"; done
expect_eq "nothing of them is left, the parent neither" "" "$left"

"$LB" cleanup --cgroup-parent ../etc >/dev/null 2>"$TMP/err"
expect_eq "a parent with .. exits 2" 2 $?
"$LB" cleanup --help >"$TMP/help" 2>&1
expect_eq "cleanup --help exits 0" 0 $?
check "cleanup --help shows usage" grep -q '^usage: limitbench cleanup' "$TMP/help"
# as nobody: util-linux setpriv, else su (busybox's setpriv cannot change uids)
as_nobody() {
	if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		su -s /bin/sh nobody -c '"$0" "$@"' "$@"
	fi
}
if as_nobody true 2>/dev/null; then
	as_nobody "$LB" cleanup >/dev/null 2>"$TMP/err"
	expect_eq "cleanup as non-root exits 3" 3 $?
	check "and says it needs root" grep -q "needs root" "$TMP/err"
fi
