#!/bin/sh
# Run every tests/integration/t_*.sh with $LIMITBENCH; print each case and a closing line
# "integration: N passed, N failed, N skipped".
#
# The tests launch real containers and need root.  Not root: they are skipped (and say why),
# unless LB_MUST_WORK=1 (set under CI=true) turns that skip into a failure, as bubblewrap's
# BWRAP_MUST_WORK does.
dir=$(cd "$(dirname "$0")" && pwd)
: "${LIMITBENCH:?set LIMITBENCH to the limitbench binary}"
export LIMITBENCH
[ -n "$CI" ] && LB_MUST_WORK=${LB_MUST_WORK:-1}
only=" $* " # the tests to run, by name (t_exec t_cli); none: all

passed=0 failed=0 skipped=0
for t in "$dir"/t_*.sh; do
	name=$(basename "$t" .sh)
	case $only in "  " | *" $name "*) ;; *) continue ;; esac
	if [ "$(id -u)" != 0 ]; then
		if [ "${LB_MUST_WORK:-0}" = 1 ]; then
			echo "not ok - $name: needs root (LB_MUST_WORK=1)"
			failed=$((failed + 1))
		else
			echo "skip - $name: needs root to create namespaces and cgroups"
			skipped=$((skipped + 1))
		fi
		continue
	fi
	out=$(T_NAME=$name sh "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	s=$(printf '%s\n' "$out" | grep -c '^skip ')
	# A file that failed without saying so, or said nothing; one that only skipped (say,
	# t_valgrind where there is no valgrind) said why.
	if [ "$f" -eq 0 ] && { [ "$rc" -ne 0 ] || { [ "$p" -eq 0 ] && [ "$s" -eq 0 ]; }; }; then
		echo "not ok - $name: exited $rc"
		f=$((f + 1))
	fi
	[ "$p" -eq 0 ] && [ "$f" -eq 0 ] && skipped=$((skipped + 1))
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "integration: $passed passed, $failed failed, $skipped skipped"
