# Helpers for the t_faults* tests (sourced after lib.sh and run_lib.sh).

# No process left whose cgroup (any hierarchy) is one of limitbench pid $1's sessions.
no_process_in_cgroup_of() {
	for f in /proc/[0-9]*/cgroup; do
		case "$(cat "$f" 2>/dev/null)" in
		*"/lb-$1-"*) return 1 ;;
		esac
	done
	return 0
}

# No process whose command line holds $1 (a case pattern: * and [...] work), read from /proc
# with NULs as spaces, all at once.  cat and tr do not carry the marker (a grep would).
no_cmdline_with() {
	c=$(cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\0' ' ')
	case "$c" in
	*$1*) return 1 ;;
	esac
	return 0
}
# The opposite, for the check helper.
a_cmdline_with() { ! no_cmdline_with "$1"; }

# nothing_left_of PID MARKER: by cgroup folder, by the processes' cgroups, by process table.
nothing_left_of() {
	no_cgroup_of "$1" && no_process_in_cgroup_of "$1" && no_cmdline_with "$2" &&
		no_process_with "$2"
}

# ends_within_90s PID: whether the background process PID ends within 90 s (reap it after).
ends_within_90s() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 900 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	! kill -0 "$1" 2>/dev/null
}

# wait_gone MARKER: a bounded number of rounds until no process carries MARKER.
wait_gone() {
	i=0
	while ! no_cmdline_with "$1" && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	no_cmdline_with "$1"
}

# session_of PID: the session folders of limitbench PID, in any hierarchy.
session_of() {
	find /sys/fs/cgroup -mindepth 1 -maxdepth 6 -type d -name "lb-$1-*" 2>/dev/null
}

# A suffix unique to this test process, for the markers in workload command lines, so that
# two runs of the same test at once (two engineers, two suites) never see each other's
# processes: `sleep 1801$U` sleeps 1801.00NNNNN s (fixed width: no pid is a prefix of another).
U=.$(printf '%07d' $$)
