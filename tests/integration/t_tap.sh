# run --tap: TAP version 13 on stdout, read by prove(1) where it is (the host; the v2 VM has
# no perl): the plan first, a line per run and per expectation, # SKIP with the reason for a
# scenario whose requires is not met, diagnostics under a failure, and a matrix value with
# '#' and a newline that forges neither a directive nor a line.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/s"
cat >"$TMP/s/a.scn" <<'SCN'
name: ay
sample: 20ms
timeout: 30s
matrix: { v: ["x # TODO\nok 77 - forged", plain] }
containers:
  - { name: c, run: [sh, -c, "exit 0"], env: { V: "${v}" } }
expect:
  - c.exit == 0
  - c.signal == none
SCN
cat >"$TMP/s/b.scn" <<'SCN'
name: bee
requires: { cpus: 4096 }
containers:
  - { name: c, run: "true" }
SCN
cat >"$TMP/s/c.scn" <<'SCN'
name: sea
sample: 20ms
timeout: 30s
containers:
  - { name: c, run: [sh, -c, "exit 3"] }
expect:
  - c.exit == 0
SCN

"$LB" run --tap --no-plot -o "$TMP/out" --filter ay --filter bee "$TMP/s" >"$TMP/ok.tap" 2>"$TMP/e"
expect_eq "a passing suite with --tap exits 0" 0 $?
expect_eq "TAP version 13, then the plan: 2 runs x (1 + 2 expectations) + 1 skip" \
	"TAP version 13|1..7" "$(head -n 2 "$TMP/ok.tap" | tr '\n' '|' | sed 's/|$//')"
expect_eq "every test line is ok, numbered 1..7" "1 2 3 4 5 6 7" \
	"$(sed -n 's/^ok \([0-9]*\) - .*/\1/p' "$TMP/ok.tap" | tr '\n' ' ' | sed 's/ $//')"
check "a line per expectation with the run and the expression" \
	grep -qx 'ok 5 - ay/v=plain: c.exit == 0' "$TMP/ok.tap"
check "the matrix value's '#' escaped, its newline shown as an escape" \
	grep -qx 'ok 3 - ay/v=x \\# TODO\\\\nok 77 - forged: c.signal == none' "$TMP/ok.tap"
check "no forged line" sh -c "! grep -q '^ok 77' '$TMP/ok.tap'"
check "the skipped scenario with its reason" \
	grep -Eqx 'ok 7 - bee # SKIP needs 4096 CPUs, the machine has [0-9]+ online' "$TMP/ok.tap"
check "no table on stdout" sh -c "! grep -q 'passed,' '$TMP/ok.tap'"

"$LB" run --tap --no-plot -o "$TMP/out" "$TMP/s" >"$TMP/fail.tap" 2>"$TMP/e"
expect_eq "a failing suite with --tap exits 1" 1 $?
check "the failure, with its diagnostics" sh -c "grep -qx 'not ok 9 - sea: c.exit == 0' '$TMP/fail.tap' &&
	grep -qx '# FAIL c.exit = 3, expected == 0' '$TMP/fail.tap' &&
	grep -qx '# measured 3, expected == 0' '$TMP/fail.tap'"
expect_eq "the plan holds every test line" "1..9" "$(sed -n 2p "$TMP/fail.tap")"

# --baseline's gate table goes to stderr, as with --json: stdout stays TAP
"$LB" run --tap --no-plot -o "$TMP/out2" --baseline "$TMP/out" --filter ay "$TMP/s" \
	>"$TMP/gate.tap" 2>"$TMP/e"
expect_eq "--tap --baseline exits 0 (nothing regressed)" 0 $?
expect_eq "stdout is TAP alone: the plan and 6 test lines" "8" "$(grep -Ec '^(TAP version 13|1\.\.6|ok [0-9]+ - .*)$' "$TMP/gate.tap")"
expect_eq "and nothing else but the comment" "9" "$(wc -l <"$TMP/gate.tap" | tr -d ' ')"

"$LB" run --tap --json "$TMP/s/a.scn" >/dev/null 2>&1
expect_eq "--tap with --json is bad usage" 2 $?

if command -v prove >/dev/null 2>&1; then
	prove -v -e cat "$TMP/ok.tap" >"$TMP/prove" 2>&1
	expect_eq "prove reads the passing suite and passes it" 0 $?
	check "prove: all tests successful" grep -q '^All tests successful' "$TMP/prove"
	check "prove: 7 tests" grep -q 'Tests=7' "$TMP/prove"
	check "prove counts the skip as a skip" grep -q 'ok 7 - bee # SKIP needs 4096 CPUs' "$TMP/prove"
	check "prove saw no TODO (the escaped '#' is no directive)" \
		sh -c "! grep -q 'TODO passed' '$TMP/prove'"
	prove -e cat "$TMP/fail.tap" >"$TMP/prove" 2>&1
	check "prove fails the failing suite" [ $? -ne 0 ]
	check "prove: failed test 9 of 9" grep -Eq 'Failed 1/9 subtests|Failed test: +9' "$TMP/prove"
	check "prove: no parse errors" sh -c "! grep -qi 'parse errors' '$TMP/prove'"
else
	# the host's CI has perl's prove (DEB_TEST); the v2 VM has no perl
	ok "prove is not here (the v2 VM: no perl): the lines above checked the format"
fi
