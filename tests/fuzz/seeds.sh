#!/bin/sh
# Build the seed corpora of the fuzz targets into OUT/<target>/ from the scenario files and
# the unit tests of the source tree (run from its top):
#   scenario    every .scn under scenarios/ and tests/scenarios/
#   expect      every expectation line of those files, and the string literals of
#               tests/unit/test_expect.c (most of them are expectations)
#   shellsplit  every run: line, and the string literals of tests/unit/test_shellsplit.c
#   units       every value of a size or duration key, and those of tests/unit/test_units.c
#   summary     every summary.json of tests/fixtures/compare/ (run and scenario summaries)
#   compare     every pair of the summary.json fixtures of tests/fixtures/compare/ (baseline,
#               a NUL byte, current)
#   and every file of tests/fuzz/corpus/<target>/: inputs that once crashed a target
# Files are named by their checksum, so that repeats collapse.
set -eu
out=${1:?usage: seeds.sh OUTDIR}
scn=$(find scenarios tests/scenarios -name '*.scn' | sort)

rm -rf "$out"
mkdir -p "$out/scenario" "$out/expect" "$out/shellsplit" "$out/units" "$out/summary" \
	"$out/compare"

# put DIR: one seed per line of stdin (empty lines dropped)
put() {
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		sum=$(printf '%s' "$line" | cksum | cut -d' ' -f1)
		printf '%s' "$line" >"$1/$sum"
	done
}

# The string literals of a C file, without their quotes (escapes left as written).
literals() {
	grep -o '"\([^"\\]\|\\.\)*"' "$1" | sed 's/^"//; s/"$//'
}

# Unquote a YAML scalar written plainly or in quotes (good enough for seeds).
unquote() {
	sed "s/^[[:space:]]*//; s/[[:space:]]*\$//; s/^\"\\(.*\\)\"\$/\\1/; s/^'\\(.*\\)'\$/\\1/"
}

for f in $scn; do
	cp "$f" "$out/scenario/$(basename "$f")"
done

# List items under a top-level "expect:" key.
for f in $scn; do
	awk '/^expect:/ { on = 1; next } /^[^ \t#-]/ { on = 0 } on && /^[ \t]*- / {
		sub(/^[ \t]*- /, ""); print }' "$f"
done | unquote | put "$out/expect"
literals tests/unit/test_expect.c | put "$out/expect"

for f in $scn; do
	sed -n 's/^[[:space:]-]*run:[[:space:]]*//p' "$f"
done | unquote | put "$out/shellsplit"
literals tests/unit/test_shellsplit.c | put "$out/shellsplit"

for f in $scn; do
	sed -n 's/^[[:space:]-]*\(memory\|memory-swap\|sample\|timeout\|duration\|start\):[[:space:]]*//p' "$f"
done | unquote | put "$out/units"
literals tests/unit/test_units.c | put "$out/units"

for f in $(find tests/fixtures/compare -name '*.json' | sort); do
	cp "$f" "$out/summary/$(printf '%s' "$f" | cksum | cut -d' ' -f1).json"
done
fx=$(find tests/fixtures/compare -name '*.json' | sort)
for a in $fx; do
	for b in $fx; do
		sum=$(cat "$a" "$b" | cksum | cut -d' ' -f1)
		{ cat "$a"; printf '\000'; cat "$b"; } >"$out/compare/$sum"
	done
done

# The regression inputs: what the fuzzers found once, replayed first by every run.
for d in tests/fuzz/corpus/*/; do
	[ -d "$d" ] || continue
	name=$(basename "$d")
	mkdir -p "$out/$name"
	cp "$d"* "$out/$name/" 2>/dev/null || true
done
