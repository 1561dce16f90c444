# Every scenario shipped in scenarios/ passes on this machine, or is SKIPPED because its
# `requires` is not met, with the reason that says so.  No cgroup is left behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

root=$(cd "$(dirname "$0")/../.." && pwd)
[ -d "$root/scenarios" ] || root=/
found=0
for f in "$root"/scenarios/*.scn; do
	[ -e "$f" ] || continue
	found=$((found + 1))
	n=$(basename "$f" .scn)
	measure "$TMP/out" "$n" "$f" --junit "$TMP/$n.xml"
	rc=$?
	mv "$TMP/o" "$TMP/$n.stdout" && mv "$TMP/e" "$TMP/$n.stderr"
	if grep -q "SKIPPED" "$TMP/$n.stderr"; then
		# The requires in scenarios/: swap (mem-swap.scn), 2 CPUs (cpuset.scn), 4 CPUs
		# (nested-weight-under.scn), cgroup v2 (mem-high.scn, mem-protect*.scn).
		reason=$(sed -n 's/.*SKIPPED: //p' "$TMP/$n.stderr" | head -n 1)
		case $n:$reason in
		mem-swap:"needs swap, the machine has none"* | mem-swap:"needs swap accounting"*)
			ok "$n skipped: $reason" ;;
		cpuset:"needs 2 CPUs"*) ok "$n skipped: $reason" ;;
		mem-high:"needs cgroup v2"* | mem-protect:"needs cgroup v2"* | \
			mem-protect-low:"needs cgroup v2"*) ok "$n skipped: $reason" ;;
		nested-weight-under:"needs 4 CPUs"*) ok "$n skipped: $reason" ;;
		*) not_ok "$n skipped for an unexpected reason: $reason" ;;
		esac
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
check "scenarios/ has scenarios" [ "$found" -ge 16 ]
