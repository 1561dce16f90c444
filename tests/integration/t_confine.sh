# What a root workload can no longer touch (issue 9): read-only and masked /proc and /sys
# paths, a minimal /dev, lo up, a rootfs with pivot_root, a read-only root, host devices when
# asked, no fd of the caller's; through exec and through run.  Nothing here writes a value
# that would change the host if the protection were gone: the writes put back what was read.
. "$(dirname "$0")/lib.sh"

P=lbtest-$T_NAME-$$
ex() { "$LB" exec --cgroup-parent "$P" "$@"; }
nothing_left() {
	[ -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P" 2>/dev/null)" ]
}

# --- /proc ----------------------------------------------------------------------------------
sw=$(cat /proc/sys/vm/swappiness)
out=$(ex -- sh -c 'v=$(cat /proc/sys/vm/swappiness) && echo "read $v"
	echo "$v" >/proc/sys/vm/swappiness && echo wrote' 2>&1)
case "$out" in
"read $sw"*"Read-only file system"*) ok "/proc/sys reads but does not write (EROFS)" ;;
*) not_ok "/proc/sys reads but does not write (got '$out')" ;;
esac
expect_eq "the host's swappiness is untouched" "$sw" "$(cat /proc/sys/vm/swappiness)"

# Each read-only path this kernel has is a read-only mount inside.
want=
for p in bus fs irq sys sysrq-trigger; do
	[ -e "/proc/$p" ] && want="$want /proc/$p ro"
done
out=$(ex -- awk '$5 ~ "^/proc/(bus|fs|irq|sys|sysrq-trigger)$" {
	printf " %s %s", $5, ($6 ~ /^ro/ ? "ro" : "rw") }' /proc/self/mountinfo 2>&1)
expect_eq "/proc/bus, fs, irq, sys, sysrq-trigger are read-only" "$want" "$out"

# Masked files are /dev/null (a character device, empty); masked directories are empty and
# read-only.  Only those this kernel has.
files=
for f in kcore keys timer_list sched_debug latency_stats timer_stats; do
	[ -e "/proc/$f" ] && files="$files /proc/$f"
done
dirs=
for d in /proc/acpi /proc/scsi /proc/asound /sys/firmware; do
	[ -d "$d" ] && dirs="$dirs $d"
done
out=$(ex -- sh -c 'for f in '"$files"'; do
		test -c "$f" && test -z "$(cat "$f")" && echo "$f masked"; done
	for d in '"$dirs"'; do
		test -z "$(ls -A "$d")" && ! touch "$d/x" 2>/dev/null && echo "$d masked"; done' 2>&1)
want=
for x in $files $dirs; do want="$want$x masked
"; done
expect_eq "masked paths ($files$dirs)" "${want%
}" "$out"

# --- /sys -----------------------------------------------------------------------------------
out=$(ex -- sh -c ': >/sys/lb-x' 2>&1)
case "$out" in
*"Read-only file system"*) ok "/sys is read-only" ;;
*) not_ok "/sys is read-only (got '$out')" ;;
esac
# The mounts it can reach below /sys that are not read-only.  The host's /sys is still in its
# mount table, covered by its own sysfs (mounted on top of it, at the same place): a covered
# mount and everything below it is out of reach.
reachable_rw_below_sys='{ id[NR] = $1; par[$1] = $2; mp[$1] = $5; opt[$1] = $6 }
END {
	for (i in id) { x = id[i]; p = par[x]; if ((p in mp) && mp[p] == mp[x]) cov[p] = x }
	for (i in id) {
		x = id[i]
		if (x in cov) continue
		c = x; a = par[x]; hidden = 0
		while (a in mp) {
			if ((a in cov) && cov[a] != c) { hidden = 1; break }
			c = a; a = par[a]
		}
		if (!hidden && mp[x] ~ "^/sys(/|$)" && opt[x] !~ /^ro/) print mp[x]
	}
}'
out=$(ex -- awk "$reachable_rw_below_sys" /proc/self/mountinfo 2>&1)
expect_eq "every mount below /sys is read-only (the cgroup ones too)" "" "$out"
# What the host mounts below /sys besides the cgroups (debugfs, tracefs, securityfs...) is not
# in its sysfs: empty directories, if there at all.
others=$(awk '$5 ~ "^/sys/" && $5 !~ "^/sys/fs/cgroup" { print $5 }' /proc/self/mountinfo)
out=$(ex -- sh -c 'for m in '"$others"'; do [ -z "$(ls -A "$m" 2>/dev/null)" ] || echo "$m"; done' 2>&1)
expect_eq "none of the host's other mounts below /sys ($(echo $others))" "" "$out"
out=$(ex -- ls /sys/class/net 2>&1)
expect_eq "a sysfs of its own: /sys/class/net has its lo only" "lo" "$out"
out=$(ex -- sh -c 'ls /sys/fs/cgroup/*/cgroup.procs /sys/fs/cgroup/cgroup.procs 2>/dev/null | head -n 1' 2>&1)
case "$out" in
/sys/fs/cgroup/*cgroup.procs) ok "the cgroup filesystems are there below it ($out)" ;;
*) not_ok "the cgroup filesystems are there below it (got '$out')" ;;
esac

# --- /dev -----------------------------------------------------------------------------------
out=$(ex -- ls /dev 2>&1 | tr '\n' ' ')
expect_eq "/dev has the minimal nodes only" \
	"fd full null ptmx pts random shm stderr stdin stdout tty urandom zero " "$out"
out=$(ex -- sh -c 'for d in /dev/sda /dev/vda /dev/mem /dev/kmsg /dev/loop0; do
	test -e $d && echo "$d is there"; done; echo end' 2>&1)
expect_eq "no host disk, memory or log device" "end" "$out"
out=$(ex -- sh -c 'echo x >/dev/null && echo null
	head -c 3 /dev/zero | od -An -tx1 | tr -d " "
	head -c 16 /dev/urandom | wc -c | tr -d " "
	echo x 2>/dev/null >/dev/full || echo full
	ls /dev/pts | tr "\n" " "; test -c /dev/pts/ptmx && readlink /dev/ptmx
	echo s >/dev/shm/lbtest-'"$$"' && cat /dev/shm/lbtest-'"$$"'
	for l in fd stdin stdout stderr; do readlink /dev/$l; done' 2>&1)
expect_eq "/dev/null, zero, urandom, full, pts (its own), shm, fd links work" "null
000000
16
full
ptmx pts/ptmx
s
/proc/self/fd
/proc/self/fd/0
/proc/self/fd/1
/proc/self/fd/2" "$out"
rm -f "/dev/shm/lbtest-$$" # there only if /dev were the host's
# CAP_MKNOD is in docker's set: a node made in /dev opens nothing (nodev).
out=$(ex -- sh -c "mknod /dev/lbtest-$$ c 1 3 && echo made; echo x >/dev/lbtest-$$" 2>&1)
rm -f "/dev/lbtest-$$"
case "$out" in
made*"Permission denied"*) ok "a device node made inside does not open" ;;
*) not_ok "a device node made inside does not open (got '$out')" ;;
esac

# A host device that exists here, char or block, to ask for.
dev=
for d in /dev/kmsg /dev/loop-control /dev/vda /dev/sda /dev/loop0; do
	if [ -c "$d" ] || [ -b "$d" ]; then
		dev=$d
		break
	fi
done
out=$(ex --device "$dev" -- sh -c "test -c $dev || test -b $dev && echo there; ls /dev | wc -l" 2>&1)
expect_eq "--device $dev adds it to the minimal /dev" "there
14" "$(echo "$out" | tr -d ' ')"
out=$(ex --device host -- sh -c 'ls /dev | wc -l' 2>&1 | tr -d ' ')
expect_eq "--device host is the host's /dev" "$(ls /dev | wc -l | tr -d ' ')" "$out"
ex --device /dev/lb-no-such-device -- true >/dev/null 2>"$TMP/e"
expect_eq "a missing device exits 125" 125 $?
expect_eq "a missing device is explained" \
	"limitbench: device /dev/lb-no-such-device: No such file or directory" "$(cat "$TMP/e")"
ex --device /etc/passwd -- true >/dev/null 2>"$TMP/e"
expect_eq "a device outside /dev exits 125" 125 $?
check "a device outside /dev is explained" grep -q "not a path under /dev" "$TMP/e"

# --- network --------------------------------------------------------------------------------
# A server and its client in one container, over 127.0.0.1 (busybox nc: the VM has no other).
out=$(ex -- sh -c 'busybox nc -l -p 5599 -e echo pong &
	i=0
	while [ $i -lt 100 ]; do
		r=$(busybox nc 127.0.0.1 5599 </dev/null 2>/dev/null)
		[ -n "$r" ] && { echo "$r"; exit 0; }
		i=$((i + 1))
		sleep 0.1
	done
	echo "no answer"' 2>&1)
expect_eq "lo is up: a TCP server and its client on 127.0.0.1" "pong" "$out"

# --- fds ------------------------------------------------------------------------------------
exec 7>"$TMP/fd7"
out=$(ex -- ls /proc/self/fd 2>&1 | tr '\n' ' ')
exec 7>&-
expect_eq "an fd the caller left open (7) does not reach the workload" "0 1 2 3 " "$out"

# --- rootfs ---------------------------------------------------------------------------------
R=$TMP/root
mkdir -p "$R/bin" "$R/etc"
# The binary itself: in the VM's busybox sh, `command -v busybox` says just "busybox".
for b in /bin/busybox /usr/bin/busybox; do
	[ -f "$b" ] && cp "$b" "$R/bin/busybox" && break
done
for a in sh ls cat touch wc readlink test; do ln -s busybox "$R/bin/$a"; done
echo inside >"$R/etc/marker"
echo host >"$TMP/host-marker"
out=$(ex --rootfs "$R" -- sh -c "cat /etc/marker; test -e $TMP/host-marker && echo host-visible
	pwd; test -r /proc/self/status && echo proc; ls / | tr '\n' ' '; ls /dev | wc -l" 2>&1)
expect_eq "--rootfs: its files, not the host's; /proc, /sys, /dev inside" "inside
/
proc
bin dev etc proc sys 13" "$(echo "$out" | sed 's/^ *//')"
out=$(ex --rootfs "$R" -- sh -c 'touch /made && echo made; : >/sys/x' 2>&1)
case "$out" in
made*"Read-only file system"*) ok "--rootfs is writable, its /sys is not" ;;
*) not_ok "--rootfs is writable, its /sys is not (got '$out')" ;;
esac
check "a write in the rootfs lands in DIR" test -e "$R/made"
# A fresh tree (no proc, sys or dev in it yet): they are made before it turns read-only.
R2=$TMP/root2
mkdir -p "$R2/bin"
cp "$R/bin/busybox" "$R2/bin/busybox"
for a in sh touch; do ln -s busybox "$R2/bin/$a"; done
out=$(ex --rootfs "$R2" --read-only -- sh -c 'touch /ro 2>&1; echo x >/dev/null && echo null
	echo s >/dev/shm/s && echo shm' 2>&1)
case "$out" in
*"Read-only file system"*null*shm) ok "--read-only: its / refuses writes, /dev and /dev/shm do not" ;;
*) not_ok "--read-only: its / refuses writes, /dev and /dev/shm do not (got '$out')" ;;
esac
check "nothing was written to the read-only rootfs" test ! -e "$R2/ro"
out=$(ex --read-only -- sh -c ": >$TMP/ro-host" 2>&1)
case "$out" in
*"Read-only file system"*) ok "--read-only without --rootfs: the host's files are read-only" ;;
*) not_ok "--read-only without --rootfs: the host's files are read-only (got '$out')" ;;
esac
check "nothing was written to the host" test ! -e "$TMP/ro-host"
ex --rootfs "$TMP/host-marker" -- true >/dev/null 2>"$TMP/e"
expect_eq "a rootfs that is a file exits 125" 125 $?
expect_eq "a rootfs that is a file is explained" \
	"limitbench: rootfs $TMP/host-marker: not a directory" "$(cat "$TMP/e")"

# --- tty ------------------------------------------------------------------------------------
if script -qec true /dev/null >/dev/null 2>&1; then
	out=$(script -qec "$LB exec --cgroup-parent $P -t -- sh -c 'test -t 0 && test /dev/console -ef /dev/stdin && echo console'" /dev/null </dev/null 2>&1 | tr -d '\r')
	case "$out" in
	*console*) ok "-t: the pty is /dev/console" ;;
	*) not_ok "-t: the pty is /dev/console (got '$out')" ;;
	esac
	out=$(printf 'echo $((6 * 7))\nexit 5\n' |
		script -qec "$LB exec --cgroup-parent $P --rootfs $R -it -- sh" /dev/null 2>&1 | tr -d '\r')
	case "$out" in
	*42*) ok "-it in a rootfs runs an interactive shell" ;;
	*) not_ok "-it in a rootfs runs an interactive shell (got '$out')" ;;
	esac
else
	echo "skip - $T_NAME: -t cases: no 'script' command here to give limitbench a terminal"
fi
check "nothing left after exec" nothing_left

# --- run ------------------------------------------------------------------------------------
# The same through a scenario; each container checks itself and exits 0 when all is well.
cat >"$TMP/confine.scn" <<EOF
name: confine
timeout: 60s
containers:
  - name: plain
    run:
      - sh
      - -c
      - |
        v=\$(cat /proc/sys/vm/swappiness)
        (echo "\$v" >/proc/sys/vm/swappiness) 2>/dev/null && exit 1
        (: >/sys/x) 2>/dev/null && exit 2
        test -e /proc/self/fd/7 && exit 3
        test -e $dev && exit 4
        test -c /dev/null && test -d /dev/pts && test -d /dev/shm || exit 5
        exit 0
  - name: rooted
    run: [/bin/sh, -c, "test -e /etc/marker && ! touch /y 2>/dev/null && test ! -e $TMP/host-marker"]
    rootfs: $R
    readonly-rootfs: true
  - name: dev
    run: [sh, -c, "test -c $dev || test -b $dev"]
    devices: [$dev]
  - name: nomount
    run: [sh, -c, "test -c $dev || test -b $dev"]
    namespaces: [pid, uts, ipc, net]
  # without a net namespace: the host's sysfs bound, read-only (it cannot be mounted again)
  - name: nonet
    run: [sh, -c, "(: >/sys/x) 2>/dev/null && exit 1; ls /sys/class/net | grep -qx lo"]
    namespaces: [pid, mount, uts, ipc]
expect:
  - plain.exit == 0
  - rooted.exit == 0
  - dev.exit == 0
  - nomount.exit == 0
  - nonet.exit == 0
EOF
exec 7>"$TMP/fd7"
"$LB" run -q -o "$TMP/res" "$TMP/confine.scn" >"$TMP/run.out" 2>&1
rc=$?
exec 7>&-
expect_eq "run: the scenario's containers are confined (rootfs, devices, fd 7 too)" 0 $rc
[ $rc = 0 ] || cat "$TMP/run.out" "$TMP"/res/confine/latest/*.err 2>/dev/null | sed 's/^/# /'

# A rootfs that is not a directory is a scenario error, with its place.
sed "s|rootfs: $R|rootfs: $TMP/host-marker|" "$TMP/confine.scn" >"$TMP/bad.scn"
"$LB" check "$TMP/bad.scn" >"$TMP/e" 2>&1
expect_eq "check: a rootfs that is a file exits 2" 2 $?
expect_eq "check: a rootfs that is a file is shown at FILE:LINE:COL" \
	"$TMP/bad.scn:18:13: rootfs: '$TMP/host-marker' is not a directory" "$(head -n 1 "$TMP/e")"
# Capabilities: docker's default set, changed by --cap-add/--cap-drop (docker's names, read
# with libcap) and the scenario keys cap-add/cap-drop.
capeff() { ex "$@" -- grep CapEff /proc/self/status | tr -d ' \t' | cut -d: -f2; }
expect_eq "the default set is docker's" 00000000a80425fb "$(capeff)"
expect_eq "--cap-drop ALL: none" 0000000000000000 "$(capeff --cap-drop ALL)"
expect_eq "--cap-add NET_ADMIN --cap-drop net_raw" 00000000a80415fb \
	"$(capeff --cap-add NET_ADMIN --cap-drop net_raw)"
expect_eq "--cap-drop ALL --cap-add CHOWN: the add wins" 0000000000000001 \
	"$(capeff --cap-drop ALL --cap-add CHOWN)"
ex --cap-add NO_SUCH_CAP -- true >"$TMP/o" 2>&1
expect_eq "--cap-add of an unknown name exits 125" 125 $?
check "... and names it" grep -q "unknown capability 'NO_SUCH_CAP'" "$TMP/o"
cat >"$TMP/caps.scn" <<'SCN'
name: caps
containers:
  - name: none
    run: [grep, CapEff, /proc/self/status]
    cap-drop: [ALL]
  - name: admin
    run: [grep, CapEff, /proc/self/status]
    cap-add: [SYS_ADMIN]
SCN
"$LB" run -q -o "$TMP/res" "$TMP/caps.scn" >"$TMP/o" 2>&1
expect_eq "run: cap-add, cap-drop" "0000000000000000 00000000a82425fb" \
	"$(cat "$TMP/res/caps/latest/none.out" "$TMP/res/caps/latest/admin.out" |
		tr -d ' \t' | cut -d: -f2 | tr '\n' ' ' | sed 's/ $//')"

check "nothing left at the end" nothing_left
