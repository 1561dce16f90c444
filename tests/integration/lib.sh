# Helpers for the integration tests (POSIX sh: they also run under busybox in the v2 VM).
# Each test file is run by run.sh in its own shell with $LIMITBENCH set; it reports each
# case with ok/not_ok, which print TAP-like lines that run.sh counts.

: "${LIMITBENCH:?LIMITBENCH must name the limitbench binary}"
LB=$LIMITBENCH
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lbtest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

ok() { echo "ok - $T_NAME: $*"; }
not_ok() { echo "not ok - $T_NAME: $*"; }

# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (expected '$2', got '$3')"; fi
}

# No cgroup named limitbench left anywhere under /sys/fs/cgroup.
no_cgroup_left() {
	[ -z "$(find /sys/fs/cgroup -mindepth 1 -maxdepth 6 -type d -name 'lb-*' 2>/dev/null)" ]
}

# wait_file FILE: a bounded number of rounds until FILE exists (the workloads share our /tmp).
wait_file() {
	i=0
	while [ ! -e "$1" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -e "$1" ]
}

# $TMP/cgread, for a container to run: print the file $2 of its own cgroup, found through
# /proc/self/cgroup; $1 names the v1 controller (its hierarchy), ignored on v2.
write_cgread() {
	cat >"$TMP/cgread" <<'EOF'
#!/bin/sh
while IFS=: read -r id ctrls path; do
	if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		[ "$id" = 0 ] && exec cat "/sys/fs/cgroup$path/$2"
	else
		case ",$ctrls," in *",$1,"*) exec cat "/sys/fs/cgroup/$1$path/$2" ;; esac
	fi
done </proc/self/cgroup
echo "no $1 cgroup in /proc/self/cgroup" >&2
exit 1
EOF
	chmod 755 "$TMP/cgread"
}
