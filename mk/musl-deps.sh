#!/bin/sh
# mk/musl-deps.sh DIR LOG: static musl builds of the libraries limitbench links (libyaml, jansson,
# libcap) in DIR/include and DIR/lib, for the static ./limitbench (mk/musl.mk).
#
# The sources are Debian's: the source packages of the installed -dev packages, at the same
# versions, fetched with `apt-get source` through a private apt configuration in DIR/apt (its
# own deb-src list, package lists and cache), so /etc/apt stays as it is; apt checks the
# archive's signatures as for any download.  Nothing of theirs is kept in the repository.
#
# DIR/.stamp lists the source versions built.  When it matches the installed -dev packages the
# script does nothing; otherwise it says so in one line, builds everything again and logs the
# details to LOG (whose end it shows when something fails).  Needs musl-tools, dpkg-dev
# (dpkg-source), xz-utils (libcap's tarball) and the kernel headers (linux-libc-dev).
set -eu
# The libraries build with their own flags: not with those of a `make deps CFLAGS=...` around
# us (exported to the environment, and to libcap's make through MAKEFLAGS).
unset MAKEFLAGS MFLAGS MAKELEVEL CFLAGS CPPFLAGS LDFLAGS

[ $# -eq 2 ] || { echo "usage: $0 DIR LOG" >&2; exit 2; }
mkdir -p "$1" "$(dirname "$2")"
out=$(cd "$1" && pwd)
log=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
stamp=$out/.stamp
musl_cc=${MUSL_CC:-musl-gcc}

# "SOURCE VERSION" of each -dev package we link, e.g. "libcap2 1:2.66-4+deb12u3".
wanted=$(for p in libyaml-dev libjansson-dev libcap-dev; do
	dpkg-query -W -f='${source:Package} ${source:Version}\n' "$p"
done)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
	exit 0
fi
echo "deps-musl: building static musl libraries from Debian's $(echo "$wanted" | awk '{ print $1 }' |
	tr '\n' ' ')(log: $2)"
exec 3>&2 >"$log" 2>&1
on_exit() {
	[ "$1" -eq 0 ] || { echo "deps-musl failed; the end of $log:"; tail -n 25 "$log"; } >&3
}
trap 'on_exit $?' EXIT
echo "$wanted"
rm -f "$stamp"
rm -rf "${out:?}/include" "${out:?}/lib" "${out:?}/src"
mkdir -p "$out/include" "$out/lib" "$out/src"

# --- the sources, through a private apt configuration -------------------------------------
# One deb-src line for every Debian (or Ubuntu, for CI runners) archive, suite and component
# the machine's own apt configuration already uses, as `apt-cache policy` lists them: the
# installed version may come from the point release, -updates or -security.  Each is signed
# by its distribution's archive keyring (without it, apt's trusted.gpg.d as usual).
apt=$out/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
apt-cache policy | awk '
	function signed(origin, k) {
		k = "/usr/share/keyrings/" tolower(origin) "-archive-keyring.gpg"
		return (system("test -f " k) == 0) ? " [signed-by=" k "]" : ""
	}
	# " 500 http://deb.debian.org/debian bookworm/main amd64 Packages", then its
	# "release v=12.11,o=Debian,a=stable,n=bookworm,l=Debian,c=main,b=amd64" line.
	$2 ~ /^[a-z]+:\/\// && $NF == "Packages" && split($3, sc, "/") == 2 {
		uri = $2; suite = sc[1]; comp = sc[2]; next
	}
	$1 == "release" && uri != "" {
		if (match($0, /[ ,]o=(Debian|Ubuntu)(,|$)/) && !seen[uri " " suite " " comp]++) {
			origin = substr($0, RSTART + 3, RLENGTH - 3); sub(/,$/, "", origin)
			printf "deb-src%s %s %s %s\n", signed(origin), uri, suite, comp
		}
		uri = ""
	}' >"$apt/sources.list"
if [ ! -s "$apt/sources.list" ]; then
	echo "deps-musl: apt knows no Debian archive (apt-cache policy): cannot fetch sources" >&2
	exit 1
fi
cat "$apt/sources.list"
# The sandbox user _apt may not write under build/: download as root, without apt's warning.
set -- -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=- \
	-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
	-o APT::Sandbox::User=root -q
apt-get "$@" update
cd "$out/src"
# shellcheck disable=SC2046 # one "name=version" word per package
apt-get "$@" source --only-source $(echo "$wanted" | awk '{ print $1 "=" $2 }')

# The directory dpkg-source unpacked SOURCE into: SOURCE-UPSTREAMVERSION.
srcdir() {
	v=$(echo "$wanted" | awk -v s="$1" '$1 == s { print $2 }')
	v=${v#*:}
	echo "$out/src/$1-${v%-*}"
}

# musl's headers do not include the kernel's, which libcap's <sys/capability.h> (and our
# sources) need: point at the host's, which are libc-independent.
triplet=$(gcc -dumpmachine)
ln -s /usr/include/linux "$out/include/linux"
ln -s "/usr/include/$triplet/asm" "$out/include/asm"
ln -s /usr/include/asm-generic "$out/include/asm-generic"
for h in linux asm asm-generic; do
	[ -d "$out/include/$h/" ] || { echo "deps-musl: no kernel headers for $h/ (linux-libc-dev)" >&2; exit 1; }
done

# Split into words where used.
cflags="-O2 -fPIE"

# --- libyaml: its sources need only the version macros that configure would define ----------
d=$(srcdir libyaml)
ver() { sed -n "s/^set (YAML_VERSION_$1 \([0-9]*\))$/\1/p" "$d/CMakeLists.txt"; }
major=$(ver MAJOR) minor=$(ver MINOR) patch=$(ver PATCH)
if [ -z "$major" ] || [ -z "$minor" ] || [ -z "$patch" ]; then
	echo "deps-musl: no libyaml version in its CMakeLists.txt" >&2
	exit 1
fi
mkdir -p "$d/musl"
for c in "$d"/src/*.c; do
	o=$d/musl/$(basename "$c" .c).o
	# shellcheck disable=SC2086
	"$musl_cc" $cflags -I"$d/include" -DYAML_VERSION_MAJOR="$major" -DYAML_VERSION_MINOR="$minor" \
		-DYAML_VERSION_PATCH="$patch" -DYAML_VERSION_STRING="\"$major.$minor.$patch\"" \
		-c -o "$o" "$c"
done
ar rcs "$out/lib/libyaml.a" "$d"/musl/*.o
cp "$d/include/yaml.h" "$out/include/"

# --- jansson: the two headers its configure writes, with what it finds on Linux ------------
d=$(srcdir jansson)
mkdir -p "$d/musl"
sed -e 's/@json_inline@/inline/' -e 's/@json_have_long_long@/1/' \
	-e 's/@json_have_localeconv@/1/' -e 's/@json_have_atomic_builtins@/1/' \
	-e 's/@json_have_sync_builtins@/1/' "$d/src/jansson_config.h.in" >"$d/musl/jansson_config.h"
if grep -q "^#define.*@[a-z_]*@" "$d/musl/jansson_config.h"; then
	echo "deps-musl: jansson_config.h.in has placeholders this script does not know" >&2
	exit 1
fi
for m in ENDIAN_H FCNTL_H LOCALE_H SCHED_H UNISTD_H SYS_PARAM_H SYS_STAT_H SYS_TIME_H \
	SYS_TYPES_H STDINT_H CLOSE GETPID GETTIMEOFDAY LOCALECONV OPEN READ SCHED_YIELD STRTOLL \
	SYNC_BUILTINS ATOMIC_BUILTINS; do
	echo "#define HAVE_$m 1"
done >"$d/musl/jansson_private_config.h"
# The hash seed from /dev/urandom; 2^3 buckets in a new object (configure's defaults).
printf '#define USE_URANDOM 1\n#define INITIAL_HASHTABLE_ORDER 3\n' >>"$d/musl/jansson_private_config.h"
for c in "$d"/src/*.c; do
	o=$d/musl/$(basename "$c" .c).o
	# shellcheck disable=SC2086
	"$musl_cc" $cflags -DHAVE_CONFIG_H -I"$d/musl" -I"$d/src" -c -o "$o" "$c"
done
ar rcs "$out/lib/libjansson.a" "$d"/musl/*.o
cp "$d/src/jansson.h" "$d/musl/jansson_config.h" "$out/include/"

# --- libcap: its own Makefile, the static library only (no libpsx, no shared objects) -------
# _makenames runs at build time, so it is built with the host compiler.
d=$(srcdir libcap2)
make -C "$d/libcap" CC="$musl_cc" BUILD_CC=gcc SHARED=no PTHREADS=no USE_GPERF=no \
	COPTS="$cflags" libcap.a
cp "$d/libcap/libcap.a" "$out/lib/"
mkdir -p "$out/include/sys"
cp "$d/libcap/include/sys/capability.h" "$out/include/sys/"

echo "$wanted" >"$stamp"
echo "deps-musl: done: $(cd "$out/lib" && echo *.a)"
