# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts sourcing this
# Helpers shared by the benchmark scripts (sourced, never run).  Bench runs on the host only,
# so bash is fine here; the tests stay POSIX sh.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root_dir=$(dirname "$bench_dir")
results_dir=${BENCH_RESULTS:-$bench_dir/results}
work_dir=$root_dir/build/bench
LIMITBENCH=${LIMITBENCH:-$root_dir/limitbench}

log() { printf '%s\n' "$*" >&2; }
die() {
	log "bench: $*"
	exit 1
}

# The cgroup layout, from the kernel's own table of mounts: "v2" when the unified hierarchy
# is mounted at /sys/fs/cgroup, "hybrid" when v1 controllers and a cgroup2 mount coexist (this
# machine: systemd's layout), "v1" otherwise.
cgroup_mode() {
	awk '{ split($0, p, " - "); split(p[2], f, " "); split(p[1], g, " ");
	       if (f[1] == "cgroup2") { if (g[5] == "/sys/fs/cgroup") v2 = 1; else u = 1 }
	       if (f[1] == "cgroup") v1 = 1 }
	     END { if (v2) print "v2"; else if (v1 && u) print "hybrid"; else if (v1) print "v1";
	           else print "none" }' /proc/self/mountinfo
}

# The mount point of a v1 controller (memory, cpuacct, ...), empty when not mounted.  Handles
# co-mounted controllers (cpu,cpuacct): the controller is one of the comma-separated options.
v1_mount() {
	awk -v c="$1" '{ split($0, p, " - "); split(p[2], f, " "); split(p[1], g, " ");
	       if (f[1] == "cgroup" && index("," f[3] ",", "," c ",")) { print g[5]; exit } }' \
		/proc/self/mountinfo
}

# The cgroup2 mount point (the unified hierarchy), empty when none.
v2_mount() {
	awk '{ split($0, p, " - "); split(p[2], f, " "); split(p[1], g, " ");
	       if (f[1] == "cgroup2") { print g[5]; exit } }' /proc/self/mountinfo
}

# Milliseconds printed with 2 decimals from seconds.
ms() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'; }

# a / b with 2 decimals, or "n/a" when either is missing.
ratio() {
	if [ -z "$1" ] || [ -z "$2" ]; then
		echo "n/a"
		return
	fi
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'
}

# The 1-minute load average, to print beside figures that a busy machine distorts.
loadavg() { cut -d' ' -f1 /proc/loadavg; }
