# limitbench exec: the limits as the kernel kept them (read from inside the container, on
# cgroup v1 or v2, whichever this machine has), OOM kills, --stats, and that no cgroup is left.
. "$(dirname "$0")/lib.sh"

# Our own --cgroup-parent, so that "nothing left" means nothing of ours, whatever else runs on
# the machine; limitbench removes the parent too when it is empty.
P=lbtest-$T_NAME-$$
ex() { "$LB" exec --cgroup-parent "$P" "$@"; }
nothing_left() {
	[ -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P" 2>/dev/null)" ]
}

if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	mode=v2
else
	mode=v1
fi

write_cgread

# limit_is DESCRIPTION EXPECTED OPTIONS... -- CONTROLLER FILE
limit_is() {
	d=$1
	want=$2
	shift 2
	out=$(ex "$@" 2>&1)
	expect_eq "$mode: $d" "$want" "$out"
}

if [ $mode = v2 ]; then
	limit_is "-m 64m -> memory.max" 67108864 -m 64m -- "$TMP/cgread" memory memory.max
	limit_is "--memory-swap 100m -> memory.swap.max (swap part)" 37748736 \
		-m 64m --memory-swap 100m -- "$TMP/cgread" memory memory.swap.max
	limit_is "--cpus 0.5 -> cpu.max" "50000 100000" --cpus 0.5 -- "$TMP/cgread" cpu cpu.max
	# runc/crun's log-quadratic map: 1024 -> 100, 512 -> 59.
	limit_is "-c 512 -> cpu.weight" 59 -c 512 -- "$TMP/cgread" cpu cpu.weight
	limit_is "-c 1024 -> cpu.weight" 100 -c 1024 -- "$TMP/cgread" cpu cpu.weight
	limit_is "--cpuset-cpus 0 -> cpuset.cpus" 0 --cpuset-cpus 0 -- \
		"$TMP/cgread" cpuset cpuset.cpus
	limit_is "--pids-limit 50 -> pids.max" 50 --pids-limit 50 -- "$TMP/cgread" pids pids.max
else
	limit_is "-m 64m -> memory.limit_in_bytes" 67108864 -m 64m -- \
		"$TMP/cgread" memory memory.limit_in_bytes
	if [ -f /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ]; then
		limit_is "--memory-swap 100m -> memory.memsw.limit_in_bytes" 104857600 \
			-m 64m --memory-swap 100m -- "$TMP/cgread" memory memory.memsw.limit_in_bytes
	else
		echo "skip - $T_NAME: --memory-swap: the kernel has no swap accounting (memsw)"
	fi
	limit_is "--cpus 0.5 -> cpu.cfs_quota_us" 50000 --cpus 0.5 -- \
		"$TMP/cgread" cpu cpu.cfs_quota_us
	limit_is "--cpus 0.5 -> cpu.cfs_period_us" 100000 --cpus 0.5 -- \
		"$TMP/cgread" cpu cpu.cfs_period_us
	limit_is "-c 512 -> cpu.shares" 512 -c 512 -- "$TMP/cgread" cpu cpu.shares
	limit_is "--cpuset-cpus 0 -> cpuset.cpus" 0 --cpuset-cpus 0 -- \
		"$TMP/cgread" cpuset cpuset.cpus
	limit_is "--pids-limit 50 -> pids.max" 50 --pids-limit 50 -- "$TMP/cgread" pids pids.max
fi
check "nothing left after the limit cases" nothing_left

# The workload is in its cgroup from its first instruction: its own /proc/self/cgroup, read by
# the first thing it runs, already names the container's cgroup.  Once with the default
# --cgroup-parent (limitbench), once with ours.
if [ $mode = v2 ]; then
	out=$("$LB" exec -- sed -n 's/^0:://p' /proc/self/cgroup 2>&1)
else
	out=$("$LB" exec -- sed -n 's/^[0-9]*:memory://p' /proc/self/cgroup 2>&1)
fi
case "$out" in
/limitbench/lb-*/exec) ok "$mode: in its cgroup from the start ($out)" ;;
*) not_ok "$mode: in its cgroup from the start (got '$out')" ;;
esac
if [ $mode = v2 ]; then
	out=$(ex -- sed -n 's/^0:://p' /proc/self/cgroup 2>&1)
else
	out=$(ex -- sed -n 's/^[0-9]*:memory://p' /proc/self/cgroup 2>&1)
fi
case "$out" in
"/$P"/lb-*/exec) ok "--cgroup-parent places it ($out)" ;;
*) not_ok "--cgroup-parent places it (got '$out')" ;;
esac
check "--cgroup-parent: the parent is removed when empty" nothing_left

# A pids limit holds: with pids.max 3 the shell cannot start 10 background sleeps (the sleeps
# that did start die with PID 1).
out=$(ex --pids-limit 3 -- sh -c \
	'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 5 & done; echo all-started' 2>&1)
case "$out" in
*all-started*) not_ok "--pids-limit 3 stops the 4th fork (got '$out')" ;;
*[Ff]ork*) ok "--pids-limit 3 stops the 4th fork" ;;
*) not_ok "--pids-limit 3 stops the 4th fork (got '$out')" ;;
esac

# A fork bomb under a pids limit: limitbench lives to print its stats, and PID 1's exit takes
# every bomb process with it (nothing left).
ex --pids-limit 50 --stats -- sh -c 'f() { f | f & }; f; sleep 1' >/dev/null 2>"$TMP/e"
check "a fork bomb does not take limitbench down" grep -q "limitbench: stats: " "$TMP/e"
check "nothing left after a fork bomb" nothing_left

# --- OOM ------------------------------------------------------------------------------------
# The shell itself (PID 1) grows a string until the OOM killer kills it: exit 137 (SIGKILL),
# and --stats counts the kill.  --memory-swap = --memory: no swap to escape to (the v2 VM has
# zram swap).
ex -m 64m --memory-swap 64m --stats -- sh -c 'x=a; while :; do x=$x$x; done' \
	>/dev/null 2>"$TMP/e"
expect_eq "OOM kill of the workload in a 64M container exits 137" 137 $?
check "--stats counts the OOM kill" grep -q "oom kills 1," "$TMP/e"
check "nothing left after an OOM kill" nothing_left

# stress forks its worker: the worker is OOM-killed, stress (PID 1) reports it and exits 1.
# limitbench reports that honestly: stress's exit code, and the kill in --stats.
ex -m 64m --memory-swap 64m --stats -- stress --vm 1 --vm-bytes 200m --vm-keep \
	>/dev/null 2>"$TMP/e"
expect_eq "stress whose worker is OOM-killed exits with stress's code" 1 $?
check "--stats counts the worker's OOM kill" grep -q "oom kills [1-9]" "$TMP/e"
check "nothing left after stress" nothing_left

# --- --stats ---------------------------------------------------------------------------------
# A shell string of 2^24 bytes: the peak is at least 16M.
ex -m 256m --stats -- sh -c \
	'x=a; i=0; while [ $i -lt 24 ]; do x=$x$x; i=$((i + 1)); done' >/dev/null 2>"$TMP/e"
expect_eq "--stats: the workload exits 0" 0 $?
peak=$(sed -n 's/.*peak memory [^ ]* (\([0-9]*\) bytes).*/\1/p' "$TMP/e")
if [ -n "$peak" ] && [ "$peak" -ge 16777216 ] && [ "$peak" -le 268435456 ]; then
	ok "--stats prints the peak memory ($peak bytes)"
else
	not_ok "--stats prints the peak memory, between 16M and 256M (got '$(cat "$TMP/e")')"
fi
check "--stats prints the CPU time" grep -q "cpu time [0-9]" "$TMP/e"
check "--stats: no OOM kill" grep -q "oom kills 0," "$TMP/e"
check "nothing left at the end" nothing_left

# --- a --cgroup-parent that was there before -------------------------------------------------
# The user's own parent, with a limit of its own, is used and left as it was, limit included;
# levels limitbench made are removed (below the user's, and, on v1, in a hierarchy where the
# user made none: there, limitbench made the parent itself).
if [ $mode = v2 ]; then
	memh=/sys/fs/cgroup lim=memory.max
else
	memh=/sys/fs/cgroup/memory lim=memory.limit_in_bytes
fi
Q=$P-own
mkdir "$memh/$Q" && echo 536870912 >"$memh/$Q/$lim"
out=$("$LB" exec --cgroup-parent "$Q" --cpus 0.5 -- sh -c 'echo in' 2>&1)
expect_eq "exec under the user's own parent runs" in "$out"
check "the user's parent is still there after exec" test -d "$memh/$Q"
expect_eq "with its own limit" 536870912 "$(cat "$memh/$Q/$lim" 2>&1)"
if [ $mode = v1 ]; then
	check "v1: the parent limitbench made in the cpu hierarchy is removed" \
		test ! -e "/sys/fs/cgroup/cpu/$Q"
fi
out=$("$LB" exec --cgroup-parent "$Q/made/deeper" -- sh -c 'echo in' 2>&1)
expect_eq "exec two levels below the user's parent runs" in "$out"
check "the levels limitbench made below it are removed" test ! -e "$memh/$Q/made"
expect_eq "the user's parent keeps its limit" 536870912 "$(cat "$memh/$Q/$lim" 2>&1)"
"$LB" cleanup --cgroup-parent "$Q" >/dev/null 2>&1
check "cleanup leaves the user's (empty) parent alone too" test -d "$memh/$Q"
rmdir "$memh/$Q"
check "nothing left at the end" nothing_left

# --- limits out of docker's bounds -----------------------------------------------------------
# Refused before anything runs, with docker's words and the flag named: exit 125.  (Before: -m
# 10k ran, and the workload was OOM-killed at once, exit 137 with no word; --cpus beyond the
# machine reached the kernel, which said "Result not representable".)
ncpu=$(awk -F, '{ n = 0; for (i = 1; i <= NF; i++) { k = split($i, r, "-"); n += k == 2 ? r[2] - r[1] + 1 : 1 } print n }' /sys/devices/system/cpu/online)
refused() { # DESCRIPTION MESSAGE OPTIONS...
	d=$1
	want="limitbench exec: $2"
	shift 2
	ex "$@" -- sh -c "touch $TMP/ran" >/dev/null 2>"$TMP/e"
	expect_eq "$d: exit 125" 125 $?
	expect_eq "$d: says why" "$want" "$(head -n 1 "$TMP/e")"
	check "$d: nothing ran" test ! -e "$TMP/ran"
}
refused "-m 10k" "--memory: Minimum memory limit allowed is 6MB (not 10K)" -m 10k
refused "--cpus 1e30 (as digits)" \
	"--cpus: Range of CPUs is from 0.01 to $ncpu.00, as there are only $ncpu CPUs available (not 1e+30)" \
	--cpus 1000000000000000000000000000000
refused "--cpus beyond the machine" \
	"--cpus: Range of CPUs is from 0.01 to $ncpu.00, as there are only $ncpu CPUs available (not $((ncpu + 1)))" \
	--cpus $((ncpu + 1))
refused "--cpus 0.001" \
	"--cpus: Range of CPUs is from 0.01 to $ncpu.00, as there are only $ncpu CPUs available (not 0.001)" \
	--cpus 0.001
refused "--memory-swap below --memory" \
	"--memory-swap: Minimum memoryswap limit should be larger than memory limit: 32M is less than 64M (memory-swap is memory plus swap)" \
	-m 64m --memory-swap 32m
refused "--memory-swap alone" \
	"--memory-swap: You should always set the Memory limit when using Memoryswap limit (memory-swap is memory plus swap; swap alone is swap)" \
	--memory-swap 64m
refused "-c 1" "--cpu-shares: Range of CPU shares is from 2 to 262144 (not 1)" -c 1
refused "--pids-limit 4194305" \
	"--pids-limit: Range of the pids limit is from 1 to 4194304, or -1 for unlimited (not 4194305)" \
	--pids-limit 4194305
# the bounds themselves are fine
out=$(ex -m 6m --cpus "$ncpu" -c 2 --pids-limit 4194304 -- sh -c 'echo in' 2>&1)
expect_eq "limits at docker's bounds run" in "$out"
out=$(ex --cpus 0.01 -c 262144 --pids-limit -1 -- sh -c 'echo in' 2>&1)
expect_eq "the other ends of the bounds run" in "$out"
check "nothing left after the refused limits" nothing_left
