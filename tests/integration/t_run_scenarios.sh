# Every scenario shipped in scenarios/ passes on this machine, or is SKIPPED because its
# `requires` is not met, with the reason that says so.  No cgroup is left behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

# expected_skip NAME REASON: the requires in scenarios/: swap (mem-swap.scn), 2 CPUs
# (cpuset.scn), 4 CPUs (nested-weight-under.scn), cgroup v2 (mem-high.scn, mem-protect*.scn).
expected_skip() {
	case $1:$2 in
	mem-swap:"needs swap, the machine has none"* | mem-swap:"needs swap accounting"*) ;;
	cpuset:"needs 2 CPUs"*) ;;
	mem-high:"needs cgroup v2"* | mem-protect:"needs cgroup v2"* | \
		mem-protect-low:"needs cgroup v2"*) ;;
	nested-weight-under:"needs 4 CPUs"*) ;;
	*) return 1 ;;
	esac
}

root=$(cd "$(dirname "$0")/../.." && pwd)
[ -d "$root/scenarios" ] || root=/
run_scenarios "$root/scenarios"
check "scenarios/ has scenarios" [ "$found" -ge 16 ]
