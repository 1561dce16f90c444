# The kernel's cgroup selftests as scenarios (scenarios/kselftest/, see README.md, "The
# kernel's cgroup selftests as scenarios"): every scenario there passes on this machine, or
# is SKIPPED because its `requires` is not met, for a reason listed below.  No cgroup is left
# behind.  The scenarios check the selftests' own tolerances (values_close()); this file
# only runs them, whoever added them: memcg-*.scn (test_memcontrol.c) and cpu*.scn
# (test_cpu.c) alike.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

# expected_skip NAME REASON: is REASON (what limitbench printed after "SKIPPED: ") an
# expected one for scenario NAME?  Add a line for a new scenario that may be skipped.
expected_skip() {
	case $1:$2 in
	# test_memcontrol.c: v2-only knobs and counts (memory.high, memory.oom.group, the
	# memory.events oom count, memory.stat sock), and swap.
	memcg-high-sync:"needs cgroup v2"* | memcg-oom-events:"needs cgroup v2"* | \
		memcg-oom-group-leaf-events:"needs cgroup v2"* | \
		memcg-oom-group-parent-events:"needs cgroup v2"* | \
		memcg-oom-group-score-events:"needs cgroup v2"* | memcg-sock:"needs cgroup v2"*)
		return 0 ;;
	memcg-swap-max:"needs swap, the machine has none"* | \
		memcg-swap-max:"needs swap accounting"* | memcg-swap-max:"needs cgroup v2"*)
		return 0 ;;
	# test_cpu.c: the underprovisioned cases need a CPU per busy thread.
	cpucg-weight-underprovisioned:"needs 4 CPUs"* | \
		cpucg-nested-weight-underprovisioned:"needs 4 CPUs"*)
		return 0 ;;
	*) return 1 ;;
	esac
}

root=$(cd "$(dirname "$0")/../.." && pwd)
[ -d "$root/scenarios/kselftest" ] || root=/
run_scenarios "$root/scenarios/kselftest"
# test_memcontrol.c's nine cases that scenarios express (README.md has the table).
check "scenarios/kselftest/ has the memcg scenarios" \
	[ "$(ls "$root"/scenarios/kselftest/memcg-*.scn 2>/dev/null | wc -l)" -ge 9 ]
