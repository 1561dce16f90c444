# limitbench list: a folder is every *.scn under it in name order; each scenario's runs,
# whether this machine runs it (and why not), its containers with their limits, its
# description; --json; --filter.  Runs nothing.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/s/sub" "$TMP/s/.hidden" "$TMP/empty"
cat >"$TMP/s/b.scn" <<'SCN'
name: bee
description: "a sweep \e[31mred"
repeat: 2
matrix: { limit: [64M, 128M] }
containers:
  - name: hog
    run: "true"
    limits: { memory: "${limit}", cpus: 0.5 }
SCN
cat >"$TMP/s/sub/a.scn" <<'SCN'
name: ay
description: needs more CPUs than anyone has
requires: { cpus: 4096 }
groups:
  - { name: pod, limits: { memory: 100M } }
containers:
  - { name: c, group: pod, run: "true" }
SCN
cat >"$TMP/s/.hidden/x.scn" <<'SCN'
not: a scenario
SCN
echo 'not a scenario' >"$TMP/s/notes.txt"

"$LB" list "$TMP/s" >"$TMP/out" 2>"$TMP/err"
expect_eq "list DIR exits 0" 0 $?
expect_eq "nothing on stderr" "" "$(cat "$TMP/err")"
expect_eq "the header" "SCENARIO  RUNS  MACHINE  CONTAINERS" \
	"$(head -n 1 "$TMP/out" | sed 's/ *DESCRIPTION$//; s/  *$//; s/CONTAINERS  */CONTAINERS/')"
# name order of the paths: s/b.scn before s/sub/a.scn; the hidden folder is left out
expect_eq "every *.scn under it, subfolders too, by path, hidden ones left out" "bee ay" \
	"$(sed -n '2,3p' "$TMP/out" | awk '{print $1}' | tr '\n' ' ' | sed 's/ $//')"
check "matrix x repeat runs, ok here, the swept limit's values" \
	grep -Eq '^bee +4 +ok +hog \(memory=64M\|128M cpus=0\.5\) +a sweep \\e\[31mred$' "$TMP/out"
check "a control character in a description is shown, not sent" \
	sh -c "! grep -q \"$(printf '\033')\" '$TMP/out'"
check "requires not met: skip, the group and its limits" \
	grep -Eq '^ay +1 +skip +group pod \(memory=100M\), c +needs more CPUs' "$TMP/out"
check "and why, below the table" \
	grep -Eq '^ay: skip: needs 4096 CPUs, the machine has [0-9]+ online$' "$TMP/out"

"$LB" list --json "$TMP/s/b.scn" >"$TMP/out" 2>"$TMP/err"
expect_eq "--json exits 0" 0 $?
check "--json: the name" grep -q '"name": "bee"' "$TMP/out"
check "--json: matrix size and runs" \
	sh -c "grep -q '\"matrix_size\": 2' '$TMP/out' && grep -q '\"runs\": 4' '$TMP/out'"
check "--json: the swept limit as a list of its values" \
	sh -c "tr -d ' \n' <'$TMP/out' | grep -q '\"limits\":{\"memory\":\[67108864,134217728\],\"cpus\":0.5}'"
check "--json: the machine's verdict" \
	sh -c "tr -d ' \n' <'$TMP/out' | grep -q '\"machine\":{\"status\":\"ok\",\"reason\":null}'"
if command -v python3 >/dev/null 2>&1; then
	check "--json parses" sh -c "python3 -m json.tool '$TMP/out' >/dev/null"
fi

"$LB" list --filter 'bee/limit=128M' "$TMP/s" >"$TMP/out" 2>"$TMP/err"
expect_eq "--filter NAME/PARAM=VALUE exits 0" 0 $?
check "--filter: only that run (its repeats), only that scenario" \
	sh -c "grep -Eq '^bee +2 +ok +hog \(memory=128M cpus=0\.5\)' '$TMP/out' && ! grep -q '^ay' '$TMP/out'"
"$LB" list --filter 'nothing*' "$TMP/s" >"$TMP/out" 2>"$TMP/err"
expect_eq "--filter matching nothing exits 2" 2 $?
check "and says so" grep -q 'no scenario or run matches' "$TMP/err"
"$LB" list --filter 'bee/' "$TMP/s" >/dev/null 2>"$TMP/err"
expect_eq "--filter NAME/ without PARAM=VALUE exits 2" 2 $?

cp "$TMP/s/b.scn" "$TMP/s/sub/c.scn"
echo '  - bad: key' >>"$TMP/s/sub/c.scn"
"$LB" list "$TMP/s" >"$TMP/out" 2>"$TMP/err"
expect_eq "an invalid file among good ones exits 2" 2 $?
check "its problem as FILE:LINE:COL" grep -q "^$TMP/s/sub/c.scn:[0-9]*:[0-9]*: " "$TMP/err"
check "the good ones are still listed" sh -c "grep -q '^bee ' '$TMP/out' && grep -q '^ay ' '$TMP/out'"

"$LB" list "$TMP/empty" >"$TMP/out" 2>"$TMP/err"
expect_eq "a folder without a *.scn exits 2" 2 $?
check "and says so" grep -q "$TMP/empty: no scenario file" "$TMP/err"
