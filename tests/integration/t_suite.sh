# run DIR: every *.scn under it, subfolders too, in name order, each scenario's results
# where `run A.scn B.scn` puts them, the exit status of the whole; --filter by scenario name
# and by matrix run (NAME/PARAM=VALUE).
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/s/sub" "$TMP/s/.old"
cat >"$TMP/s/b.scn" <<'SCN'
name: bee
sample: 20ms
timeout: 30s
matrix: { code: [0, 3] }
containers:
  - { name: c, run: [sh, -c, "exit ${code}"] }
expect:
  - c.exit == ${code}
SCN
cat >"$TMP/s/sub/a.scn" <<'SCN'
name: ay
sample: 20ms
timeout: 30s
containers:
  - { name: c, run: "true" }
expect:
  - c.exit == 0
SCN
cat >"$TMP/s/c.scn" <<'SCN'
name: sea
sample: 20ms
timeout: 30s
containers:
  - { name: c, run: "true" }
expect:
  - c.exit == 1
SCN
echo 'name: [broken' >"$TMP/s/.old/x.scn"

"$LB" run --no-plot -o "$TMP/out" "$TMP/s" >"$TMP/o" 2>"$TMP/e"
expect_eq "a folder with a failing scenario exits 1" 1 $?
# the order they ran in: the paths' (b.scn, c.scn, sub/a.scn); the hidden folder left out
expect_eq "every *.scn under it, in path order" "bee/code=0 bee/code=3 sea ay" \
	"$(sed -n 's/^run \([^ ]*\) (1\/[0-9]*): started.*/\1/p; s/^run \([^ ]*\) (2\/[0-9]*): started.*/\1/p' "$TMP/e" | tr '\n' ' ' | sed 's/ $//')"
for n in bee sea ay; do
	check "$n's results in OUT/$n/latest" [ -e "$TMP/out/$n/latest/summary.json" ]
done
check "the scenario summary of the matrix" [ -e "$TMP/out/bee/summary.json" ]
check "sea failed in the table" grep -Eq '^sea +fail' "$TMP/o"
check "ay passed in the table" grep -Eq '^ay +pass' "$TMP/o"

# the same files named one by one give the same layout and status
rm -rf "$TMP/out2"
"$LB" run --no-plot -o "$TMP/out2" "$TMP/s/b.scn" "$TMP/s/c.scn" "$TMP/s/sub/a.scn" >/dev/null 2>&1
expect_eq "the files named one by one: the same status" 1 $?
expect_eq "and the same folders" "$(cd "$TMP/out" && ls)" "$(cd "$TMP/out2" && ls)"

rm -rf "$TMP/out"
"$LB" run --no-plot -o "$TMP/out" --filter 'a*' --filter 'bee/code=0' "$TMP/s" >"$TMP/o" 2>"$TMP/e"
expect_eq "--filter leaving the failing ones out exits 0" 0 $?
expect_eq "--filter NAME and NAME/PARAM=VALUE: those runs only" "ay bee" "$(cd "$TMP/out" && ls | tr '\n' ' ' | sed 's/ $//')"
check "bee ran code=0 only" sh -c "ls '$TMP/out/bee' | grep -q 'code=0' && ! ls '$TMP/out/bee' | grep -q 'code=3'"

# --filter first, then --shard over what it selected: bee's two runs, the second to shard 2/2
rm -rf "$TMP/out"
"$LB" run --no-plot -o "$TMP/out" --filter bee --shard 2/2 "$TMP/s" >"$TMP/o" 2>"$TMP/e"
expect_eq "--filter then --shard 2/2 exits 0" 0 $?
check "only code=3 ran" sh -c "ls '$TMP/out/bee' | grep -q 'code=3' && ! ls '$TMP/out/bee' | grep -q 'code=0' && [ ! -e '$TMP/out/ay' ]"

"$LB" run --no-plot -o "$TMP/out" --filter 'nothing' "$TMP/s" >"$TMP/o" 2>"$TMP/e"
expect_eq "--filter matching nothing exits 2" 2 $?
check "and says so" grep -q 'no scenario or run matches' "$TMP/e"
"$LB" run --no-plot -o "$TMP/out" --filter 'bee/code' "$TMP/s" >"$TMP/o" 2>"$TMP/e"
expect_eq "--filter NAME/PARAM without =VALUE exits 2" 2 $?

mkdir "$TMP/empty"
"$LB" run --no-plot -o "$TMP/out" "$TMP/empty" >"$TMP/o" 2>"$TMP/e"
expect_eq "a folder without a *.scn exits 2" 2 $?

rm -rf "$TMP/out"
cp "$TMP/s/.old/x.scn" "$TMP/s/sub/x.scn"
"$LB" run --no-plot -o "$TMP/out" "$TMP/s" >"$TMP/o" 2>"$TMP/e"
expect_eq "an invalid file in the folder exits 2" 2 $?
check "its problem as FILE:LINE:COL" grep -q "^$TMP/s/sub/x.scn:[0-9]*:[0-9]*: " "$TMP/e"
check "and nothing ran" [ ! -e "$TMP/out/bee" ]
