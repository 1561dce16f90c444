# limitbench check: exit codes, FILE:LINE:COL diagnostics on stderr, the ok line on stdout.
# Needs no root and runs nothing; the files are written here so that the VM lane has them.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/good.scn" <<'SCN'
name: good
repeat: 2
matrix: { limit: [64M, 128M] }
containers:
  - name: a
    run: sh -c 'exit 0'
    limits: { memory: "${limit}" }
  - name: b
    run: ["true"]
expect:
  - a.exit == 0
  - max(a.mem) <= ${limit}
  - b.exit == 0
SCN
cat >"$TMP/bad.scn" <<'SCN'
name: Bad
containers:
  - name: a
    run: stress 'oops
    limits: { memory: 10X, cpus: 0 }
  - name: a
    run: "true"
expect:
  - a.mem < 1M
SCN

"$LB" check "$TMP/good.scn" >"$TMP/out" 2>"$TMP/err"
expect_eq "a good file exits 0" 0 $?
expect_eq "a good file says ok with its counts" \
	"$TMP/good.scn: ok (4 runs, 2 containers, 3 expectations)" "$(cat "$TMP/out")"
expect_eq "a good file prints nothing on stderr" "" "$(cat "$TMP/err")"

"$LB" check -q "$TMP/good.scn" >"$TMP/out" 2>&1
expect_eq "-q on a good file exits 0" 0 $?
expect_eq "-q prints nothing for a good file" "" "$(cat "$TMP/out")"

"$LB" check "$TMP/bad.scn" >"$TMP/out" 2>"$TMP/err"
expect_eq "a bad file exits 2" 2 $?
expect_eq "a bad file prints nothing on stdout" "" "$(cat "$TMP/out")"
ncpu=$(awk -F, '{ n = 0; for (i = 1; i <= NF; i++) { k = split($i, r, "-"); n += k == 2 ? r[2] - r[1] + 1 : 1 } print n }' /sys/devices/system/cpu/online)
cat >"$TMP/want" <<EOF2
$TMP/bad.scn:1:7: name: 'Bad' is not a valid scenario name (use a-z, 0-9, '.', '_' and '-', not starting with '.'; it names the results folder)
$TMP/bad.scn:4:17: run: unterminated single quote
$TMP/bad.scn:5:23: memory: invalid size '10X': unknown unit 'X' (use K, M, G or T)
$TMP/bad.scn:5:34: cpus: Range of CPUs is from 0.01 to $ncpu.00, as there are only $ncpu CPUs available (not 0)
$TMP/bad.scn:6:11: duplicate container name 'a' (first at 3:11)
$TMP/bad.scn:9:5: a.mem is a series: apply a function to it, e.g. max(a.mem)
EOF2
check "every problem of a bad file, sorted, as FILE:LINE:COL: message" \
	cmp -s "$TMP/want" "$TMP/err"

"$LB" check "$TMP/good.scn" "$TMP/missing.scn" "$TMP/bad.scn" >"$TMP/out" 2>"$TMP/err"
expect_eq "one bad file among good ones exits 2" 2 $?
check "the good file is still reported ok" grep -q "^$TMP/good.scn: ok" "$TMP/out"
check "a missing file is named with the reason" \
	grep -qx "$TMP/missing.scn: No such file or directory" "$TMP/err"
expect_eq "problems of every file are printed" 7 "$(wc -l <"$TMP/err" | tr -d ' ')"

"$LB" check --set limit=1X "$TMP/good.scn" >/dev/null 2>"$TMP/err"
expect_eq "--set with a bad value exits 2" 2 $?
check "--set value problems name the file and the value" \
	grep -q "^$TMP/good.scn:7:23: memory: invalid size '1X'" "$TMP/err"
"$LB" check --set colour=blue "$TMP/good.scn" >/dev/null 2>"$TMP/err"
check "--set of an unknown name is an error" \
	grep -q "^$TMP/good.scn: --set colour=blue: 'colour' is neither" "$TMP/err"
"$LB" check --set limit=1G --set repeat=1 "$TMP/good.scn" >"$TMP/out" 2>&1
expect_eq "--set pins a matrix parameter" \
	"$TMP/good.scn: ok (1 run, 2 containers, 3 expectations)" "$(cat "$TMP/out")"

"$LB" check >/dev/null 2>&1
expect_eq "no file is a usage error" 2 $?
"$LB" check --help >"$TMP/out" 2>&1
expect_eq "--help exits 0" 0 $?
check "--help shows the usage" grep -q "usage: limitbench check" "$TMP/out"
