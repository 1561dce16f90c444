#!/bin/sh
# Checks of the build itself, run by `make check-build` (part of `make check`) from the
# project root: the binaries are hardened, a fresh Debian gets every header the build
# includes from `make deps`, `make` before `make deps` says so, and the man pages render
# without a warning.  Prints "ok - ..." / "not ok - ..." per check and a closing line
# "build: N passed, N failed".
#
# Each check is also run once against something that must fail it (a binary built without
# the hardening flags, a package list without libc6-dev, a page with a stray macro line), so
# that a check that cannot fail would be seen.
cd "$(dirname "$0")/../.." || exit 1
passed=0 failed=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

ok() {
	echo "ok - $1"
	passed=$((passed + 1))
}
not_ok() {
	echo "not ok - $1"
	failed=$((failed + 1))
}
# check NAME CMD...: ok when CMD succeeds; its output explains a failure.
check() {
	name=$1
	shift
	if out=$("$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name"
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
}
# check_fails NAME CMD...: ok when CMD fails (the check catches what it is meant to).
check_fails() {
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then not_ok "$name"; else ok "$name"; fi
}

# --- hardening: what readelf and nm see in a binary -----------------------------------------
# hardened BIN [static|fortify]: PIE, full RELRO (a GNU_RELRO segment and immediate binding),
# a non-executable stack, the stack protector; `static`: no program interpreter (static-pie);
# `fortify`: glibc's checked functions (__*_chk) are called.
hardened() {
	bin=$1 want=$2 bad=""
	[ -f "$bin" ] || { echo "$bin: no such file"; return 1; }
	h=$(readelf -hldW "$bin" 2>&1)
	printf '%s\n' "$h" | grep -q 'Type:.*DYN' || bad="$bad not-PIE(ELF type not DYN)"
	printf '%s\n' "$h" | grep -q 'FLAGS_1.*PIE' || bad="$bad no-PIE-flag"
	printf '%s\n' "$h" | grep -q 'GNU_RELRO' || bad="$bad no-RELRO"
	printf '%s\n' "$h" | grep -Eq 'BIND_NOW|FLAGS_1.* NOW' || bad="$bad no-BIND_NOW"
	printf '%s\n' "$h" | grep 'GNU_STACK' | grep -q 'RWE' && bad="$bad executable-stack"
	printf '%s\n' "$h" | grep -q 'GNU_STACK' || bad="$bad no-GNU_STACK"
	nm -a "$bin" 2>/dev/null | grep -q '__stack_chk_fail' || bad="$bad no-stack-protector"
	case $want in
	static) printf '%s\n' "$h" | grep -q 'INTERP' && bad="$bad has-interpreter(not static)" ;;
	fortify) nm -D "$bin" 2>/dev/null | grep -Eq ' U __[a-z]*_chk' || bad="$bad not-fortified" ;;
	esac
	[ -z "$bad" ] && return 0
	echo "$bin:$bad"
	return 1
}

printf 'int main(int c, char **v) { char b[16]; __builtin_strcpy(b, v[0]); return b[c]; }\n' \
	>"$tmp/weak.c"
if cc -O2 -fno-stack-protector -U_FORTIFY_SOURCE -no-pie -Wl,-z,norelro,-z,lazy \
	-o "$tmp/weak" "$tmp/weak.c" 2>/dev/null; then
	check_fails "hardening check: a binary built without the flags fails it" hardened "$tmp/weak"
else
	not_ok "hardening check: cc could not build the unhardened probe"
fi
flavor=$(cat build/limitbench.flavor 2>/dev/null)
if [ "$flavor" = musl ]; then
	check "./limitbench (static musl): static-pie, RELRO, BIND_NOW, NX stack, stack protector" \
		hardened ./limitbench static
else
	check "./limitbench (glibc): PIE, RELRO, BIND_NOW, NX stack, stack protector, fortify" \
		hardened ./limitbench fortify
fi
# musl has no fortified headers: the glibc flavour is where _FORTIFY_SOURCE shows.
check "build/limitbench-glibc: PIE, RELRO, BIND_NOW, NX stack, stack protector, fortify" \
	hardened build/limitbench-glibc fortify

# --- a fresh Debian: every header the build includes comes with `make deps` ------------------
# deps install without recommends: each header's package must be in DEB_BUILD or in what those
# packages depend on (Depends/Pre-Depends, recursively).  gcc only recommends libc6-dev.
closure() {
	# shellcheck disable=SC2086 # a list of package names
	apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
		--no-replaces --no-enhances $1 2>/dev/null | grep -v '^ ' | sort -u
}
# headers_packaged "PKGS": every system header of the sources is owned by a package of the
# closure of PKGS.
headers_packaged() {
	[ -s "$tmp/headers" ] || { echo "no headers found"; return 1; }
	closure "$1" >"$tmp/closure"
	[ -s "$tmp/closure" ] || { echo "apt-cache depends found nothing for: $1"; return 1; }
	missing=""
	while read -r h; do
		owner=$(dpkg -S "$h" 2>/dev/null | head -n 1 | cut -d: -f1)
		[ -n "$owner" ] || owner=$(dpkg -S "$(readlink -f "$h")" 2>/dev/null |
			head -n 1 | cut -d: -f1)
		[ -n "$owner" ] || { missing="$missing $h(no package)"; continue; }
		grep -qx "$owner" "$tmp/closure" || missing="$missing $h($owner)"
	done <"$tmp/headers"
	[ -z "$missing" ] && return 0
	echo "headers whose packages make deps does not install:$missing"
	return 1
}
deb_build=$(make -s --no-print-directory print-DEB_BUILD)
cflags=$(make -s --no-print-directory print-PKG_CFLAGS)
# The system headers the sources include (gcc -M lists every file a compile reads).
# shellcheck disable=SC2086
for f in $(find src -name '*.c'); do
	cc -std=gnu11 -D_GNU_SOURCE -Isrc $cflags -M "$f"
done 2>/dev/null | tr ' \\' '\n\n' | grep '^/usr/' | sort -u >"$tmp/headers"
apt-cache show gcc >/dev/null 2>&1 || apt-get update -qq >/dev/null 2>&1
check "make deps installs the package of every header the build includes ($deb_build)" \
	headers_packaged "$deb_build"
without=$(printf '%s\n' $deb_build | grep -vx libc6-dev | tr '\n' ' ')
check_fails "header check: the list without libc6-dev fails it (stdint.h)" \
	headers_packaged "$without"

# --- make before make deps ---------------------------------------------------------------------
prereq_message() {
	out=$(make -s --no-print-directory PKG_CONFIG=false build-prereqs 2>&1)
	rc=$?
	[ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q "run 'make deps' first" && return 0
	echo "exit $rc: $out"
	return 1
}
check "make without the build packages says to run 'make deps' first" prereq_message
check "make with them installed goes on" make -s --no-print-directory build-prereqs

# --- the man pages render without a warning ----------------------------------------------------
man_clean() {
	out=$(groff -man -ww -z "$1" 2>&1)
	[ -z "$out" ] && return 0
	printf '%s\n' "$out"
	return 1
}
for page in man/*.[0-9]; do
	check "$page renders without a groff warning" man_clean "$page"
done
printf '.TH T 1\n.SH NAME\nt\n.SH X\nsee\n../share/plots).\n' >"$tmp/bad.1"
check_fails "man check: a line starting with '.' is caught" man_clean "$tmp/bad.1"

echo "build: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
