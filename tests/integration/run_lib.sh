# Helpers for the t_run* tests (sourced after lib.sh).

# lb ARGS...: run limitbench in the background and wait, so that its pid is known: the
# session cgroups it makes are named lb-<pid>-<start>.  Sets LB_PID; returns its status.
lb() {
	"$LB" "$@" &
	LB_PID=$!
	wait "$LB_PID"
}

# No session cgroup of the limitbench with pid $1 left in any hierarchy.  (Other
# limitbench processes may be running on the machine: only ours count.)
no_cgroup_of() {
	[ -z "$(find /sys/fs/cgroup -mindepth 1 -maxdepth 6 -type d -name "lb-$1-*" 2>/dev/null)" ]
}

# No process whose command line holds $1 (a marker unique to the test) is left.
no_process_with() {
	! ps -eo args 2>/dev/null | grep -v grep | grep -q -- "$1"
}

# The run in results folder $1 reports a stall: limitbench did not run for a while (an
# overloaded host, or the v2 lane's VM paused under it), which can skew a CPU split.
stalled() {
	grep -q '"stalls": *[1-9]' "$1/summary.json" 2>/dev/null
}

# measure OUT NAME SCENARIO [ARG...]: run it with -o OUT and the ARGs (its report goes to
# $TMP/o and $TMP/e) and return its status; NAME is the scenario's name.  A
# stall of the whole machine is charged to whichever task was running, and the kernel evens
# a CPU split or quota out only afterwards: a failed run that reports a stall is measured
# again, twice at most, and says so.  A wrong limit fails every time.
measure() {
	m_out=$1 m_name=$2 m_scn=$3
	shift 3
	try=1
	while :; do
		lb run -o "$m_out" "$@" "$m_scn" >"$TMP/o" 2>"$TMP/e"
		rc=$?
		if [ "$rc" -eq 0 ] || [ "$try" -ge 3 ] || ! stalled "$m_out/$m_name/latest"; then
			return $rc
		fi
		echo "# $m_name: the machine stalled in a failed run (try $try): measured again"
		grep -E 'FAIL|PASS|NOTE' "$TMP/o" | sed 's/^/# /'
		try=$((try + 1))
	done
}

# run_scenarios DIR: every DIR/*.scn as shipped passes on this machine, or is SKIPPED because
# its `requires` is not met, for a reason that `expected_skip NAME REASON` (the caller's)
# accepts; it writes its summary and JUnit, and leaves no cgroup.  Sets `found`, the number
# of scenarios run.
run_scenarios() {
	found=0
	for f in "$1"/*.scn; do
		[ -e "$f" ] || continue
		found=$((found + 1))
		n=$(basename "$f" .scn)
		measure "$TMP/out" "$n" "$f" --junit "$TMP/$n.xml"
		rc=$?
		mv "$TMP/o" "$TMP/$n.stdout" && mv "$TMP/e" "$TMP/$n.stderr"
		if grep -q "SKIPPED" "$TMP/$n.stderr"; then
			reason=$(sed -n 's/.*SKIPPED: //p' "$TMP/$n.stderr" | head -n 1)
			if expected_skip "$n" "$reason"; then
				ok "$n skipped: $reason"
			else
				not_ok "$n skipped for an unexpected reason: $reason"
			fi
			expect_eq "$n: a skip exits 0" 0 "$rc"
			check "$n: a skip writes no run folder" [ ! -d "$TMP/out/$n" ]
		else
			if [ "$rc" -eq 0 ]; then
				ok "$n passes"
			else
				not_ok "$n exited $rc"
				sed 's/^/# /' "$TMP/$n.stdout" "$TMP/$n.stderr"
			fi
			check "$n: the table says pass" grep -q "^$n.* pass " "$TMP/$n.stdout"
			check "$n: latest has a summary" [ -s "$TMP/out/$n/latest/summary.json" ]
			check "$n: JUnit without failures" sh -c "! grep -q '<failure' '$TMP/$n.xml'"
		fi
		check "$n: no cgroup left" no_cgroup_of "$LB_PID"
	done
}
