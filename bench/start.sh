#!/bin/bash
# Container start-up cost (issue 2): /bin/true under a 100M memory limit, limitbench exec next
# to its peers, all in ONE hyperfine invocation so that every ratio comes from the same run.
#
# Writes results/start.json, results/start.md (hyperfine's exports) and results/start-summary.md
# (medians and ratios).  Environment: BENCH_RUNS (default 300), BENCH_WARMUP (default 30),
# LIMITBENCH (default ./limitbench, the -O2 build).
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

runs=${BENCH_RUNS:-300}
warmup=${BENCH_WARMUP:-30}
mode=$(cgroup_mode)
bundle=$work_dir/bundle
nsdir=$work_dir/ns
mkdir -p "$results_dir" "$work_dir"

for tool in hyperfine jq runc crun unshare nsenter cgexec; do
	command -v "$tool" >/dev/null || die "$tool is missing (make deps-bench installs it)"
done
[ "$(id -u)" = 0 ] || die "containers need root"
case "$root_dir" in *[[:space:]]*) die "hyperfine -N splits on spaces: move $root_dir" ;; esac

# --- the OCI bundle for runc and crun: busybox-static as the root file system ---------------
make_bundle() {
	local busybox
	busybox=$(command -v busybox) || die "busybox-static is missing"
	rm -rf "$bundle"
	mkdir -p "$bundle"/rootfs/{bin,proc,sys,dev,tmp}
	cp "$busybox" "$bundle/rootfs/bin/busybox"
	ln -s busybox "$bundle/rootfs/bin/true"
	ln -s busybox "$bundle/rootfs/bin/sh"
	(cd "$bundle" && runc spec)
	# The same limit as the others; no terminal (hyperfine has none to give).
	jq '.process.args = ["/bin/true"] | .process.terminal = false
	    | .linux.resources.memory.limit = 104857600' "$bundle/config.json" >"$bundle/config.tmp"
	mv "$bundle/config.tmp" "$bundle/config.json"
}

# --- crun 1.8.1 refuses hybrid mode ("cgroups in hybrid mode not supported, drop all
# controllers from cgroupv2": the unified mount offers hugetlb here).  Give it a persistent
# private mount namespace in which /sys/fs/cgroup/unified is unmounted, so it sees plain v1,
# and enter it with nsenter (one exec and a setns, no shell: measured on its own as well).
ns_teardown() {
	if [ -e "$nsdir/mnt" ]; then
		umount "$nsdir/mnt" 2>/dev/null || :
	fi
	if mountpoint -q "$nsdir"; then
		umount "$nsdir" 2>/dev/null || :
	fi
}
ns_setup() {
	local unified
	unified=$(v2_mount)
	ns_teardown
	mkdir -p "$nsdir"
	# The namespace file must be bind-mounted on a private mount, never a shared one.
	mount --bind "$nsdir" "$nsdir"
	mount --make-private "$nsdir"
	touch "$nsdir/mnt"
	unshare --mount="$nsdir/mnt" --propagation private umount "$unified"
}

cleanup() {
	ns_teardown
	# An interrupted runc/crun iteration may leave its container behind.
	runc delete -f "lbbench-runc-$$" >/dev/null 2>&1 || :
	crun delete -f "lbbench-crun-$$" >/dev/null 2>&1 || :
	crun delete -f "lbbench-crun2-$$" >/dev/null 2>&1 || :
}
trap cleanup EXIT
trap 'exit 130' INT TERM

make_bundle
crun_prefix=()
if [ "$mode" = hybrid ]; then
	ns_setup
	crun_prefix=(nsenter --mount="$nsdir/mnt")
fi

if [ "$mode" = v2 ]; then
	memroot=$(v2_mount)
	memfile=memory.max
else
	memroot=$(v1_mount memory)
	memfile=memory.limit_in_bytes
fi
[ -n "$memroot" ] || die "no memory cgroup hierarchy"

# --- the floor: bench/floor-start.c, a start that does only the essentials ------------------
# Static with musl when musl-gcc is there (as ./limitbench is: glibc's start costs ~0.5 ms
# more on a VM), else with cc; without a compiler the row is left out.
floor=$work_dir/floor-start
if command -v musl-gcc >/dev/null &&
	musl-gcc -O2 -static -o "$floor" "$bench_dir/floor-start.c" 2>"$work_dir/floor-build.log"; then
	floor_build="static, musl"
elif cc -O2 -o "$floor" "$bench_dir/floor-start.c" 2>"$work_dir/floor-build.log"; then
	floor_build="cc"
else
	log "bench: could not build bench/floor-start.c: $(head -n 1 "$work_dir/floor-build.log")"
	rm -f "$floor"
fi

# name, then command (split on spaces by hyperfine -N: no shell around any of them).
names=()
cmds=()
add() {
	names+=("$1")
	cmds+=("$2")
}
add "limitbench exec" "$LIMITBENCH exec -m 100m -- /bin/true"
[ -x "$floor" ] && add "floor (bench/floor-start.c)" "$floor $memroot $memfile"
add "unshare" "unshare --fork --pid --mount --uts --ipc --net --mount-proc /bin/true"
add "cgexec+unshare" "$bench_dir/cgexec-true.sh $memroot $memfile"
add "sh -c true" "sh -c true"
add "runc run" "runc run --bundle $bundle lbbench-runc-$$"
add "crun run" "${crun_prefix[*]}${crun_prefix:+ }crun run --bundle $bundle lbbench-crun-$$"
if [ "$mode" = hybrid ]; then
	add "nsenter /bin/true" "${crun_prefix[*]} /bin/true"
	# The obvious way to run crun here: a fresh mount namespace per run.  Its teardown is slow, so
	# this is crun plus a mount namespace's life, shown for comparison only.
	add "crun run (unshare -m sh)" "unshare -m sh -c 'umount $(v2_mount) && exec crun run \
--bundle $bundle lbbench-crun2-$$'"
fi
add "/bin/true" "/bin/true"

# Each command must work once before it is timed: hyperfine aborts the whole run on a failure,
# and one missing tool (limitbench exec still being written) must not hide the others.
args=()
unavailable=()
for i in "${!names[@]}"; do
	# eval: quotes and spaces are taken like hyperfine -N takes them.
	if err=$(eval "${cmds[i]}" 2>&1 </dev/null); then
		args+=(-n "${names[i]}" "${cmds[i]}")
	else
		reason=$(printf '%s\n' "$err" | grep -v '^$' | head -n 1)
		log "bench: ${names[i]} unavailable: ${reason:-exit status $?}"
		unavailable+=("${names[i]}: ${reason:-failed}")
	fi
done

load0=$(loadavg)
log "bench: container start, cgroup $mode, $runs runs after $warmup warm-up runs each"
hyperfine -N --warmup "$warmup" --runs "$runs" --time-unit millisecond \
	--export-json "$results_dir/start.json" --export-markdown "$results_dir/start.md" \
	"${args[@]}"

# --- medians and ratios ----------------------------------------------------------------------
median() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' \
	"$results_dir/start.json"; }
lb=$(median "limitbench exec")
un=$(median "unshare")
cg=$(median "cgexec+unshare")
shc=$(median "sh -c true")
rc=$(median "runc run")
cr=$(median "crun run")
nse=$(median "nsenter /bin/true")
crsh=$(median "crun run (unshare -m sh)")
tr=$(median "/bin/true")
fl=$(median "floor (bench/floor-start.c)")
# crun as if started directly: minus what the nsenter hop costs beyond a bare exec.
cr_net=$cr
if [ -n "$nse" ] && [ -n "$cr" ]; then
	cr_net=$(awk -v c="$cr" -v n="$nse" -v t="$tr" 'BEGIN { print c - (n - t) }')
fi
# The cgexec variant is a sh script: the bare cost of a shell is shown beside it.
cg_net=$cg
if [ -n "$shc" ] && [ -n "$cg" ]; then
	cg_net=$(awk -v c="$cg" -v s="$shc" -v t="$tr" 'BEGIN { print c - (s - t) }')
fi

# Which C library a binary uses: a static musl binary has no interpreter and carries musl's
# name; a dynamic one names its libc in ldd's list.
libc_of() {
	if ldd "$1" 2>/dev/null | grep -q 'libc\.so\.6'; then
		echo glibc
	elif grep -aq 'musl' "$1" 2>/dev/null; then
		echo musl
	else
		echo "libc unknown"
	fi
}

verdict() { # value, op, goal
	[ "$1" = n/a ] && { echo "n/a"; return; }
	awk -v v="$1" -v g="$3" -v op="$2" 'BEGIN {
		ok = (op == "<") ? (v < g) : (v >= g); print ok ? "met" : "NOT met" }'
}

{
	echo "## Container start: /bin/true under a 100M memory limit"
	echo
	echo "cgroup $mode, $(nproc) CPUs, kernel $(uname -r), $runs runs each (hyperfine -N);"
	echo "limitbench $(file -b "$LIMITBENCH" | grep -o 'statically linked\|dynamically linked')" \
		"($(libc_of "$LIMITBENCH"));"
	echo "load average $load0 before, $(loadavg) after (above ~0.5 the numbers are noisy)."
	echo
	echo "| command | median ms | mean ms | σ ms | min ms |"
	echo "|---|---:|---:|---:|---:|"
	jq -r '.results[] | [.command, .median, .mean, .stddev, .min] | @tsv' "$results_dir/start.json" |
		awk -F'\t' '{ printf "| %s | %.2f | %.2f | %.2f | %.2f |\n", $1, $2 * 1e3, $3 * 1e3,
			$4 * 1e3, $5 * 1e3 }'
	echo
	if [ -n "$nse" ]; then
		echo "crun runs through \`nsenter\` into a mount namespace without the cgroup2 mount"
		echo "(crun 1.8.1 refuses hybrid mode); net of that hop it takes $(ms "$cr_net") ms."
	fi
	echo "The cgexec variant is a sh script; net of a shell's start it takes $(ms "$cg_net") ms."
	if [ -n "$fl" ]; then
		echo "The floor is bench/floor-start.c ($floor_build): the same namespaces and memory"
		echo "limit with nothing else (no capabilities dropped, no read-only cgroup mounts, no"
		echo "error reporting); limitbench exec takes $(awk -v a="$lb" -v b="$fl" \
			'BEGIN { printf "%.2f", (a - b) * 1000 }') ms more. Even the floor is only"
		echo "$(ratio "$cr_net" "$fl")x faster than crun (net): the most any start with these"
		echo "namespaces could reach on this machine."
	fi
	echo
	echo "| ratio of medians | value | goal |"
	echo "|---|---:|---|"
	r=$(ratio "$lb" "$un")
	echo "| limitbench exec / unshare | $r | < 1 ($(verdict "$r" "<" 1)) |"
	r=$(ratio "$cr_net" "$lb")
	echo "| crun / limitbench exec | $r | ≥ 5 ($(verdict "$r" ">=" 5)) |"
	if [ -n "$crsh" ]; then
		echo "| crun in a fresh mount namespace per run / limitbench exec |" \
			"$(ratio "$crsh" "$lb") | |"
	fi
	echo "| runc / limitbench exec | $(ratio "$rc" "$lb") | |"
	echo "| cgexec+unshare (net) / limitbench exec | $(ratio "$cg_net" "$lb") | |"
	echo "| limitbench exec / bare /bin/true | $(ratio "$lb" "$tr") | |"
	if [ ${#unavailable[@]} -gt 0 ]; then
		echo
		echo "Not measured (the command failed before timing):"
		for u in "${unavailable[@]}"; do
			echo "- $u"
		done
	fi
} >"$results_dir/start-summary.md"
cat "$results_dir/start-summary.md"
