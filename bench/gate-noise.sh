#!/bin/sh
# The regression gate on unchanged scenarios: how many regressions does it report when
# nothing changed?  (Issue 10's acceptance: 10 reruns, one run each side and 1 vs 3
# repeats, give 0.)  A measurement, not a test: it takes minutes, so it is not in
# `make check`; t_compare.sh does a couple of reruns.
#
#   bench/gate-noise.sh collect DIR   run the scenarios: DIR/base1 (one run), DIR/base3
#                                     (--repeat 3), DIR/cur1-I (one run) and, with
#                                     REPEAT3=1, DIR/cur3-I (--repeat 3), I = 1..N
#   bench/gate-noise.sh compare DIR   compare them (the gate can be changed and measured
#                                     again on the same results) and print a summary
#
# Environment: LIMITBENCH (default ./limitbench), N (default 10), SCENARIOS (default
# scenarios/mem.scn scenarios/pids.scn scenarios/cpu-quota.scn), REPEAT3 (0).  Needs root.
set -u
LB=${LIMITBENCH:-./limitbench}
N=${N:-10}
SCENARIOS=${SCENARIOS:-"scenarios/mem.scn scenarios/pids.scn scenarios/cpu-quota.scn"}
REPEAT3=${REPEAT3:-0}
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || {
	echo "usage: $0 collect|compare DIR" >&2
	exit 2
}

run() { # OUT [OPTIONS]
	out=$1
	shift
	# shellcheck disable=SC2086
	"$LB" run -q --no-plot "$@" -o "$out" $SCENARIOS || echo "note: run -o $out exited $?" >&2
}

case $cmd in
collect)
	mkdir -p "$dir"
	run "$dir/base1"
	run "$dir/base3" --repeat 3
	i=1
	while [ "$i" -le "$N" ]; do
		run "$dir/cur1-$i"
		[ "$REPEAT3" = 1 ] && run "$dir/cur3-$i" --repeat 3
		i=$((i + 1))
	done
	;;
compare)
	# one line per comparison: the kind, the rerun, the exit status, the regressions
	# (the findings' keys), the improvements and the untested figures
	for kind in 1v1 3v1 3v3; do
		case $kind in
		1v1) base=base1 cur=cur1 ;;
		3v1) base=base3 cur=cur1 ;;
		3v3) base=base3 cur=cur3 ;;
		esac
		total=0 runs=0 fails=0
		i=1
		while [ "$i" -le "$N" ]; do
			[ -d "$dir/$cur-$i" ] || break
			"$LB" compare --json "$dir/$base" "$dir/$cur-$i" >"$dir/$kind-$i.json"
			rc=$?
			reg=$(jq '.regressions' "$dir/$kind-$i.json")
			keys=$(jq -r '[.runs[] | .current as $r | .rows[] | select(.regression)
				| "\($r): \(.key)"] | join(", ")' "$dir/$kind-$i.json")
			imp=$(jq '.improvements' "$dir/$kind-$i.json")
			unt=$(jq '[.runs[].rows[] | select(.verdict == "untested")] | length' \
				"$dir/$kind-$i.json")
			printf '%s rerun %2d: exit %d, %s regressions%s, %s improvements, %s untested\n' \
				"$kind" "$i" "$rc" "$reg" "${keys:+ ($keys)}" "$imp" "$unt"
			total=$((total + reg))
			runs=$((runs + 1))
			[ "$rc" -eq 0 ] || fails=$((fails + 1))
			i=$((i + 1))
		done
		[ "$runs" -gt 0 ] &&
			printf '%s: %d reruns, %d regressions in all, %d gates failed\n\n' \
				"$kind" "$runs" "$total" "$fails"
	done
	;;
*)
	echo "usage: $0 collect|compare DIR" >&2
	exit 2
	;;
esac
