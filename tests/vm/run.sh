#!/bin/sh
# The cgroup v2 lane: boot Debian's 6.1 kernel under qemu (software emulation) with
# cgroup_no_v1=all and swap on zram, run the integration tests inside, and report.
#
#   tests/vm/run.sh                  run every tests/integration/t_*.sh in the VM
#   tests/vm/run.sh -- CMD [ARG...]  run CMD in the VM instead (from /, as root), e.g.
#                                    tests/vm/run.sh -- sh /tests/integration/run.sh t_exec
#   tests/vm/run.sh --shell          an interactive shell in the VM (exit it to power off;
#                                    Ctrl-A x quits qemu)
#
# The last line on stdout is "v2: N passed, N failed, N skipped" (from the in-VM line
# "integration: ..."; a command that prints none counts as 1 passed or 1 failed by its exit
# status).  A VM that never finishes (panic, hang, timeout) is a failure and its serial log's
# tail is shown.  Exit status: 0 only when nothing failed.
#
# Environment: LB_VM_TIMEOUT (seconds, default 1200), LB_VM_MEM (MiB, 2048), LB_VM_CPUS (2),
# LB_VM_SWAP (zram size in MiB, 1024; 0 = no swap), LB_VM_ACCEL (qemu -accel, tcg),
# LB_VM_EXTRA (more host commands to copy in, besides tests/vm/extra-commands),
# LB_VM_BINARY (the limitbench to test, default ./limitbench).  Downloads and the kernel are
# cached in build/vm/ (see tests/vm/README.md).
# Needs root (device nodes in the initramfs), and the packages of DEB_VM in the Makefile.

root=$(cd "$(dirname "$0")/../.." && pwd)
vmdir=$root/build/vm
timeout_s=${LB_VM_TIMEOUT:-1200}
mem=${LB_VM_MEM:-2048}
cpus=${LB_VM_CPUS:-2}
swap_mb=${LB_VM_SWAP:-1024}
# KVM would be far faster, but /dev/kvm hangs qemu on the development machine: opt in.
accel=${LB_VM_ACCEL:-tcg,thread=multi}
# zram for swap and for /var/tmp; ext4 (which also mounts ext2) with its crc32c softdep.
modules="zram crc32c_generic ext4"
mode=tests

say() { echo "vm: $*" >&2; }

# Anything that stops the lane before the VM reports is one failure, on the closing line.
die() {
	say "error: $*"
	echo "v2: 0 passed, 1 failed"
	exit 1
}

usage() {
	sed -n '2,21s/^# \{0,1\}//p' "$0"
}

while [ $# -gt 0 ]; do
	case $1 in
	--shell) mode=shell ;;
	--) shift; mode=cmd; break ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done
[ "$mode" = cmd ] && [ $# -eq 0 ] && die "-- needs a command"

[ "$(id -u)" = 0 ] || die "needs root (it creates device nodes in the initramfs)"
for c in qemu-system-x86_64 busybox cpio gzip apt-get apt-cache dpkg-deb flock timeout; do
	command -v "$c" >/dev/null || die "$c is missing: run 'make deps-vm'"
done
binary=${LB_VM_BINARY:-$root/limitbench}
[ -x "$binary" ] || die "$binary is missing: run 'make limitbench'"
mkdir -p "$vmdir/deb" "$vmdir/kernel" || die "cannot create $vmdir"

# --- the kernel -----------------------------------------------------------------------------
# The newest linux-image-6.1.0-N-amd64 apt offers (signed, or -unsigned when only that
# exists).  Prints the package name.
newest_kernel_pkg() {
	apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64(-unsigned)?$' 2>/dev/null |
		awk '{
			split($1, f, "-"); n = f[4] + 0
			# Same ABI N: prefer the plain (signed) name; both ship the same kernel.
			if (n > best || (n == best && $1 !~ /-unsigned$/)) { best = n; pkg = $1 }
		} END { if (pkg != "") print pkg }'
}

# The bzImage decompresses itself (xz) in about 2 s under TCG, every boot.  Debian's kernel
# has CONFIG_PVH, so qemu can start the uncompressed ELF directly: unpack it once, here.
# Best effort: without xz, or without the PVH note, the VM boots vmlinuz as usual.
extract_vmlinux() {
	off=$(LC_ALL=C grep -aboP '\xFD7zXZ\x00' "$1/vmlinuz" 2>/dev/null | head -n 1 | cut -d: -f1)
	[ -n "$off" ] && command -v xz >/dev/null || return 0
	# --single-stream: the bzImage goes on after the xz stream.
	tail -c +$((off + 1)) "$1/vmlinuz" | xz -dc --single-stream >"$1/vmlinux" 2>/dev/null
	# The PVH entry point is the Xen ELF note 18 (XEN_ELFNOTE_PHYS32_ENTRY).
	if [ "$(head -c 4 "$1/vmlinux" | od -An -c | tr -d ' ')" != 177ELF ] ||
		! readelf -n "$1/vmlinux" 2>/dev/null | grep -q 'Xen.*(0x00000012)'; then
		rm -f "$1/vmlinux"
		touch "$1/.no-vmlinux"
	fi
	return 0
}

# Download and unpack PKG once into build/vm/kernel/PKG/: vmlinuz, and the modules in
# $modules with their dependencies, listed deps-first in modules.list.  The full tree
# (400M) is unpacked to a temporary folder and dropped.
fetch_kernel() {
	pkg=$1
	kdir=$vmdir/kernel/$pkg
	# .ok names the modules the cache was made for: a lane that needs more unpacks again.
	if [ -f "$kdir/.ok" ] && [ "$(cat "$kdir/.ok")" = "$modules" ]; then
		# A cache from before vmlinux was extracted.
		[ -e "$kdir/vmlinux" ] || [ -e "$kdir/.no-vmlinux" ] || extract_vmlinux "$kdir"
		return 0
	fi
	deb=$(ls "$vmdir/deb/${pkg}_"*.deb 2>/dev/null | tail -n 1)
	if [ -z "$deb" ]; then
		say "downloading $pkg"
		# apt-get download warns that it runs unsandboxed as root into build/: harmless.
		(cd "$vmdir/deb" && apt-get download -q "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2)
		deb=$(ls "$vmdir/deb/${pkg}_"*.deb 2>/dev/null | tail -n 1)
		[ -n "$deb" ] || return 1
	fi
	say "unpacking $(basename "$deb")"
	tmp=$vmdir/kernel/.unpack.$$
	rm -rf "$tmp" "$kdir" && mkdir -p "$tmp" "$kdir" || return 1
	# A truncated download would fail here forever: drop it, so the next run fetches it again.
	dpkg-deb -x "$deb" "$tmp" || { rm -rf "$tmp" "$deb"; return 1; }
	kver=$(ls "$tmp/lib/modules" | head -n 1)
	cp "$tmp/boot/vmlinuz-$kver" "$kdir/vmlinuz" || { rm -rf "$tmp"; return 1; }
	extract_vmlinux "$kdir"
	# The package ships no modules.dep (depmod runs at install time): make one.
	busybox depmod -b "$tmp" "$kver" || { rm -rf "$tmp"; return 1; }
	mdir=$tmp/lib/modules/$kver
	# deps_first NAME: the module's path in modules.dep, after its dependencies' (each
	# recursion runs in a subshell, so sh's global variables cannot clobber each other).
	deps_first() {
		line=$(grep -E "(^|/)${1##*/}(\.ko(\.xz|\.zst|\.gz)?)?:" "$mdir/modules.dep" | head -n 1)
		[ -n "$line" ] || { say "module $1 not found in $kver"; return 1; }
		for d in ${line#*:}; do
			(deps_first "$d") || return 1
		done
		echo "${line%%:*}"
	}
	paths=$(for m in $modules; do deps_first "$m" || echo FAIL; done | awk '!seen[$0]++')
	case $paths in *FAIL* | "") rm -rf "$tmp"; return 1 ;; esac
	: >"$kdir/modules.list"
	for path in $paths; do
		name=$(basename "$path")
		# busybox insmod loads plain .ko only: decompress here.
		case $name in
		*.ko.xz) busybox unxz -c "$mdir/$path" >"$kdir/${name%.xz}" && name=${name%.xz} ;;
		*.ko.gz) gzip -dc "$mdir/$path" >"$kdir/${name%.gz}" && name=${name%.gz} ;;
		*.ko.zst) zstd -qdc "$mdir/$path" >"$kdir/${name%.zst}" && name=${name%.zst} ;;
		*) cp "$mdir/$path" "$kdir/$name" ;;
		esac || { rm -rf "$tmp"; return 1; }
		echo "$name" >>"$kdir/modules.list"
	done
	echo "$kver" >"$kdir/version"
	rm -rf "$tmp"
	echo "$modules" >"$kdir/.ok"
	# Older kernels' packages (70 MB each) are of no more use.
	for d in "$vmdir"/deb/*.deb; do
		case $d in "$deb") ;; *) rm -f "$d" ;; esac
	done
}

# One lane at a time fetches; concurrent runs (one test file each) then share the cache.
exec 9>"$vmdir/.lock"
flock 9
get_kernel() {
	pkg=$(newest_kernel_pkg)
	[ -n "$pkg" ] && fetch_kernel "$pkg"
}
# apt's lists may be missing (fresh machine) or stale (the mirror moved on: 404): update once.
if ! get_kernel; then
	say "no usable linux-image-6.1.0-N-amd64 in apt's lists: apt-get update"
	apt-get update -qq >&2
	if ! get_kernel; then
		# Offline: a kernel fetched before still does.
		pkg=$(for ok in "$vmdir"/kernel/*/.ok; do
			[ -e "$ok" ] && basename "$(dirname "$ok")"
		done | sort -t- -k4,4n | tail -n 1)
		[ -n "$pkg" ] || die "cannot get Debian's linux-image-6.1.0-*-amd64 (apt-get download failed)"
		say "using the cached $pkg"
	fi
fi
flock -u 9
kdir=$vmdir/kernel/$pkg
kver=$(cat "$kdir/version")
kernel=$kdir/vmlinuz
[ -f "$kdir/vmlinux" ] && kernel=$kdir/vmlinux

# --- the initramfs --------------------------------------------------------------------------
work=$(mktemp -d "$vmdir/run.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
stage=$work/root
mkdir -p "$stage" && cd "$stage" || die "cannot create $stage"
mkdir -p bin sbin usr/bin usr/sbin usr/local/bin lib lib64 etc/lb root proc sys dev tmp run \
	"lib/modules/$kver" || die "mkdir in $stage"


# add_bin SRC DEST: an executable and, when it is dynamic, the libraries and loader it needs,
# at the paths ldd names (the loader searches /lib/x86_64-linux-gnu and /usr/lib/… without a
# cache).  A static one (busybox-static, the musl ./limitbench) comes alone: ldd says "not a
# dynamic executable" on stderr, and there is nothing more to copy.
add_bin() {
	rm -f "$stage/$2" && cp -L "$1" "$stage/$2" || return 1
	libs=$(ldd "$1" 2>/dev/null) || return 0
	for lib in $(echo "$libs" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		[ -e "$stage$lib" ] && continue
		mkdir -p "$stage$(dirname "$lib")" && cp -L "$lib" "$stage$lib" || return 1
	done
}
# busybox-static has no libraries; a dynamic busybox would bring its own.
add_bin "$(command -v busybox)" bin/busybox || die "copying busybox"
for a in $(bin/busybox --list-full); do
	case $a in linuxrc | */busybox) continue ;; esac
	[ -e "$a" ] || ln -s /bin/busybox "$a"
done
add_bin "$binary" bin/limitbench || die "copying limitbench"
ln -s bin/limitbench limitbench
# Commands the tests use that busybox lacks, or whose busybox version differs too much.
extra=$(sed 's/#.*//' "$root/tests/vm/extra-commands" 2>/dev/null)
for c in $extra $LB_VM_EXTRA; do
	p=$(command -v "$c") || { say "warning: $c is not installed on this host, not in the VM"; continue; }
	add_bin "$p" "usr/bin/$c" || die "copying $p"
done

# The test tree and scenarios, where they are relative to the project root: / in the VM.
cp -R "$root/tests" tests && rm -rf tests/vm tests/unit || die "copying tests/"
[ -d "$root/scenarios" ] && { cp -R "$root/scenarios" scenarios || die "copying scenarios/"; }

# Modules (deps first) for swap on zram.
while read -r ko; do
	cp "$kdir/$ko" "lib/modules/$kver/$ko" && echo "/lib/modules/$kver/$ko" >>etc/lb/modules ||
		die "copying $ko"
done <"$kdir/modules.list"
echo "$swap_mb" >etc/lb/swap_mb

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >etc/passwd
printf 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n' >etc/group
printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' >etc/hosts
cp "$root/tests/vm/init" init && chmod 0755 init || die "copying init"
# The kernel opens /dev/console on the initramfs before /init mounts devtmpfs.
mknod -m 0600 dev/console c 5 1 || die "mknod dev/console"

# What the VM runs, between its markers.
case $mode in
tests) echo 'sh /tests/integration/run.sh' ;;
shell)
	# The serial line has no window size: take the terminal's, for vi and line editing.
	size=$(stty size 2>/dev/null) && echo "stty rows ${size% *} cols ${size#* }"
	echo 'setsid cttyhack sh -l'
	touch etc/lb/interactive
	;;
cmd)
	for a in "$@"; do
		printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
	done
	echo
	;;
esac >etc/lb/cmd

find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1 >"$work/initrd.gz" ||
	die "building the initramfs"
cd "$root" || die "cd $root"

# --- boot -----------------------------------------------------------------------------------
# -nodefaults: no VGA, NIC or disks, so no option ROMs to load and nothing to probe.
# quiet loglevel=3: OOM kills (KERN_ERR) would otherwise cut into the test output.
append="console=ttyS0 cgroup_no_v1=all psi=1 panic=-1 oops=panic quiet loglevel=3 mitigations=off"
append="$append 8250.nr_uarts=1 tsc=reliable"
set -- -nodefaults -no-user-config -accel "$accel" -cpu max -smp "$cpus" -m "$mem" \
	-display none -no-reboot -kernel "$kernel" -initrd "$work/initrd.gz" -append "$append"

if [ "$mode" = shell ]; then
	say "kernel $kver; shell in the VM: 'exit' powers off, Ctrl-A x quits qemu"
	qemu-system-x86_64 "$@" -serial mon:stdio
	exit
fi

log=$work/serial.log
say "booting $kver (${accel%%,*}, $cpus CPUs, ${mem}M, swap ${swap_mb}M," \
	"initramfs $(($(wc -c <"$work/initrd.gz") / 1024))K), timeout ${timeout_s}s"
start=$(date +%s)
# Forward the lines between the markers as they come (the serial console ends lines in \r\n).
# timeout puts qemu in a process group of its own, out of reach of the terminal's Ctrl-C:
# a signal to this script stops the VM through timeout (which passes it on to qemu).  The
# pipeline runs in the background so that `wait` lets the traps run at once.
{
	timeout -k 10 "$timeout_s" qemu-system-x86_64 "$@" -serial stdio </dev/null &
	echo $! >"$work/qemu.pid"
	wait $!
	echo $? >"$work/qemu.rc"
} | tr -d '\r' | tee "$log" | awk '
	/^=== limitbench-v2 end / { on = 0 }
	on { print; fflush() }
	/^=== limitbench-v2 begin ===$/ { on = 1 }' &
stop_vm() { # EXIT-STATUS
	[ -s "$work/qemu.pid" ] && kill -TERM "$(cat "$work/qemu.pid")" 2>/dev/null
	wait
	say "interrupted"
	echo "v2: 0 passed, 1 failed"
	exit "$1"
}
trap 'stop_vm 130' INT
trap 'stop_vm 143' TERM
wait $!
trap 'exit 130' INT
trap 'exit 143' TERM
qrc=$(cat "$work/qemu.rc" 2>/dev/null || echo 1)
elapsed=$(($(date +%s) - start))
cp "$log" "$vmdir/serial.log.$$" && mv "$vmdir/serial.log.$$" "$vmdir/serial.log"

# --- the verdict ----------------------------------------------------------------------------
body=$(awk '/^=== limitbench-v2 end /{ on = 0 } on { print } /^=== limitbench-v2 begin ===$/{ on = 1 }' "$log")
end=$(sed -n 's/^=== limitbench-v2 end rc=\([0-9]*\) ===$/\1/p' "$log" | tail -n 1)
closing=$(printf '%s\n' "$body" | grep -E '^integration: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' | tail -n 1)
vmfail=$(printf '%s\n' "$body" | grep -c '^not ok - vm: ')

if [ -n "$closing" ]; then
	set -- $closing
	passed=$2 failed=$4 skipped=$6
elif [ -n "$end" ]; then
	# A command that is not the test runner: its exit status is the verdict.
	if [ "$end" = 0 ]; then passed=1 failed=0; else passed=0 failed=1; fi
	skipped=0
else
	passed=$(printf '%s\n' "$body" | grep -c '^ok ')
	failed=$(($(printf '%s\n' "$body" | grep -c '^not ok ') - vmfail + 1))
	skipped=0
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		echo "not ok - v2: the VM did not finish within ${timeout_s}s"
	else
		echo "not ok - v2: the VM stopped before its closing line (qemu exit status $qrc)"
	fi
	echo "--- last 40 lines of the serial log ($vmdir/serial.log) ---"
	tail -n 40 "$log"
	echo "---"
fi
failed=$((failed + vmfail))
if [ "$failed" -gt 0 ] && [ -n "$end" ]; then
	echo "--- the VM kernel log's last 25 lines ---"
	sed -n '/^--- dmesg/,/^--- end of dmesg/p' "$log" | sed '1d;$d' | tail -n 25
fi
say "VM ran ${elapsed}s; serial log: $vmdir/serial.log"
echo "v2: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
