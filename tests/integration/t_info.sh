# limitbench info: the mode and backend it reports are the machine's, as /proc/self/mountinfo
# says (hybrid/v1 on the dev machine, v2 in the VM lane).
. "$(dirname "$0")/lib.sh"

# The filesystem type is the first field after " - " in each mountinfo line.
mounts_of() { # TYPE -> mount points of that type
	awk -v t="$1" '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == t) print $5; break } }' /proc/self/mountinfo
}
v1=$(mounts_of cgroup | head -n 1)
v2=$(mounts_of cgroup2 | head -n 1)
if [ -n "$v1" ] && [ -n "$v2" ]; then mode=hybrid
elif [ -n "$v1" ]; then mode=v1
elif [ -n "$v2" ]; then mode=v2
else mode=none
fi
# v2 is used when its root offers controllers (always on a pure v2 machine)
backend=v1
if [ "$mode" = v2 ]; then backend=v2
elif [ "$mode" = hybrid ] && grep -qwE 'memory|cpu|cpuset|pids' "$v2/cgroup.controllers"; then backend=v2
fi
# where the memory controller is: v1's mount with "memory" in its super options, or v2's root
memmnt=$v2
if [ "$backend" = v1 ]; then
	memmnt=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup" && ("," $(i + 3) ",") ~ /,memory,/) print $5; break } }' /proc/self/mountinfo | head -n 1)
fi

"$LB" info >"$TMP/out" 2>"$TMP/err"
expect_eq "info exits 0" 0 $?
expect_eq "cgroup mode is the machine's ($mode)" "$mode" \
	"$(sed -n 's/^cgroup mode  *\([a-z0-9]*\).*/\1/p' "$TMP/out")"
expect_eq "backend is $backend" "$backend" "$(sed -n 's/^backend  *//p' "$TMP/out")"
expect_eq "memory is at $memmnt and usable" "$memmnt yes" \
	"$(awk '/^  memory / { print $2, $3 }' "$TMP/out")"
expect_eq "cpus line counts the online CPUs" "$(grep -c '^processor' /proc/cpuinfo)" \
	"$(awk '$1 == "cpus" { print $2 }' "$TMP/out")"
swapkb=$(awk '$1 == "SwapTotal:" { print $2 }' /proc/meminfo)
if [ "$swapkb" = 0 ]; then
	check "swap total 0B" grep -q '^swap  *total 0B' "$TMP/out"
else
	check "swap total is not 0" grep -q '^swap  *total [1-9]' "$TMP/out"
fi
check "swap accounting is reported" grep -q 'swap accounting: \(yes\|no\|unknown\)' "$TMP/out"
check "kernel is uname -r" grep -q "^kernel  *Linux $(uname -r) " "$TMP/out"
# cpu.idle (issue 11): both kernels here have it, v1 and v2 alike
check "cpu.idle: yes" grep -q '^cpu.idle  *yes$' "$TMP/out"
if [ "$backend" = v2 ]; then
	# the v2 lane boots with psi=1
	check "pressure: yes on v2" grep -q '^pressure  *yes$' "$TMP/out"
else
	check "pressure: no on v1, and why" grep -q '^pressure  *no: cgroup v1 has no pressure files' \
		"$TMP/out"
fi

"$LB" info --json >"$TMP/json" 2>&1
expect_eq "info --json exits 0" 0 $?
check "json has the mode" grep -q "\"cgroup_mode\": \"$mode\"" "$TMP/json"
check "json has the backend" grep -q "\"backend\": \"$backend\"" "$TMP/json"

"$LB" info --help >"$TMP/help" 2>&1
expect_eq "info --help exits 0" 0 $?
check "info --help shows usage" grep -q '^usage: limitbench info' "$TMP/help"
"$LB" info --frobnicate >/dev/null 2>&1
expect_eq "info with a bad flag exits 2" 2 $?

# No cgroup filesystem at all (a private mount namespace without them): exit 3, and say so.
if unshare --mount --propagation private true 2>/dev/null; then
	unshare --mount --propagation private sh -c '
		for m in $(awk "{ for (i = 7; i <= NF; i++) if (\$i == \"-\") { if (\$(i + 1) ~ /^cgroup2?\$/) print \$5; break } }" /proc/self/mountinfo | sort -r); do
			umount -l "$m" || exit 99
		done
		"$0" info' "$LB" >"$TMP/none" 2>"$TMP/none.err"
	expect_eq "info without any cgroup filesystem exits 3" 3 $?
	check "and reports mode none" grep -q '^cgroup mode  *none' "$TMP/none"
	check "and says what to do" grep -q 'no cgroup filesystem is mounted: mount' "$TMP/none.err"
fi
