# What `run` answers: a false expectation fails (exit 1, <failure> in JUnit), a timeout
# fails, an unmet `requires` is SKIPPED (exit 0), a bad file stops everything (exit 2),
# a user who is not root is told so (exit 3).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

cat >"$TMP/false.scn" <<'SCN'
name: false-expect
timeout: 20s
containers:
  - name: c
    run: [sh, -c, "echo hello; exit 3"]
expect:
  - c.exit == 0
  - c.signal == none
SCN
lb run -o "$TMP/out" --junit "$TMP/false.xml" "$TMP/false.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "a false expectation exits 1" 1 $?
check "no cgroup left after it" no_cgroup_of "$LB_PID"
check "the table shows the failure with what was measured" \
	grep -q 'FAIL.*c.exit == 0.*measured 3' "$TMP/o"
check "the JUnit file holds a <failure>" grep -q '<failure' "$TMP/false.xml"
check "the JUnit file names the expectation" grep -q 'c.exit == 0' "$TMP/false.xml"
expect_eq "the workload's stdout is kept" hello "$(cat "$TMP/out/false-expect/latest/c.out")"
check "summary.json says fail" grep -q '"outcome": *"fail"' \
	"$TMP/out/false-expect/latest/summary.json"

# -q: only what failed, like make -s: the failed expectation with its reason, not the one
# that held, no progress, no count; and nothing at all when everything held.
"$LB" run -q -o "$TMP/out" "$TMP/false.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "-q: a false expectation still exits 1" 1 $?
check "-q: prints the failed expectation" grep -q 'FAIL.*c.exit == 0.*measured 3' "$TMP/o"
check "-q: and why" grep -q 'FAIL c.exit = 3, expected == 0' "$TMP/o"
check "-q: not the one that held" test -z "$(grep 'c.signal == none' "$TMP/o")"
check "-q: no progress on stderr" test ! -s "$TMP/e"
cat >"$TMP/true.scn" <<'SCN'
name: true-expect
timeout: 20s
containers:
  - name: c
    run: "true"
expect:
  - c.exit == 0
SCN
"$LB" run -q -o "$TMP/out" "$TMP/true.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "-q: a run that passes exits 0" 0 $?
check "-q: and prints nothing at all" test ! -s "$TMP/o" -a ! -s "$TMP/e"

cat >"$TMP/skip.scn" <<'SCN'
name: needs-much
requires: { cpus: 4096, commands: [no-such-command-here] }
containers:
  - name: c
    run: "true"
expect:
  - c.exit == 0
SCN
"$LB" run -o "$TMP/out" --junit "$TMP/skip.xml" "$TMP/skip.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "an unmet requires exits 0" 0 $?
check "it is SKIPPED with the reason" grep -q 'SKIPPED: needs 4096 CPUs, the machine has' "$TMP/e"
check "the table says SKIP" grep -q 'SKIP' "$TMP/o"
check "the JUnit file marks it skipped" grep -q '<skipped' "$TMP/skip.xml"
check "nothing ran: no results folder" [ ! -d "$TMP/out/needs-much" ]

cat >"$TMP/cmd.scn" <<'SCN'
name: needs-cmd
requires: { commands: [no-such-command-here] }
containers:
  - name: c
    run: "true"
SCN
"$LB" run -o "$TMP/out" "$TMP/cmd.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "a missing command skips, exit 0" 0 $?
check "the reason names the command" grep -q 'needs the command no-such-command-here' "$TMP/e"

# A skipped scenario and a passing one: still 0; with a failing one: 1.
"$LB" run -q -o "$TMP/out" "$TMP/skip.scn" "$TMP/false.scn" >/dev/null 2>&1
expect_eq "skip + fail exits 1" 1 $?

cat >"$TMP/bad.scn" <<'SCN'
name: bad
containers:
  - name: c
    run: "true"
    limits:
      memory: 12Q
SCN
before=$(ls "$TMP/out/false-expect" | wc -l)
"$LB" run -o "$TMP/out" "$TMP/false.scn" "$TMP/bad.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "an invalid file exits 2" 2 $?
check "the problem is FILE:LINE:COL" grep -q "^$TMP/bad.scn:6:[0-9]*: " "$TMP/e"
expect_eq "nothing ran, not even the good file" "$before" "$(ls "$TMP/out/false-expect" | wc -l)"

"$LB" run >/dev/null 2>"$TMP/e"
expect_eq "no scenario exits 2" 2 $?
before=$(ls "$TMP/out/false-expect" | wc -l)
"$LB" run -o "$TMP/out" --baseline "$TMP/no-such-baseline" "$TMP/false.scn" >/dev/null 2>"$TMP/e"
expect_eq "a missing --baseline exits 2" 2 $?
check "--baseline names the problem" grep -q -- "--baseline: .*no-such-baseline" "$TMP/e"
expect_eq "a missing --baseline runs nothing" "$before" "$(ls "$TMP/out/false-expect" | wc -l)"
"$LB" run --help >"$TMP/o" 2>&1
expect_eq "--help exits 0" 0 $?
for opt in --out --junit --json --no-plot --repeat --set --baseline --quiet --verbose; do
	check "--help lists $opt" grep -q -- "$opt" "$TMP/o"
done

# as nobody: util-linux setpriv, else su (busybox's setpriv cannot change uids)
as_nobody() {
	if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		# One command string: busybox su would take the arguments' options as its own.
		su -s /bin/sh nobody -c "$*"
	fi
}
if as_nobody true 2>/dev/null; then
	# A file the unprivileged user can read, so that only root is missing.
	chmod 0755 "$TMP" && chmod 0644 "$TMP/false.scn"
	as_nobody "$LB" run -o "$TMP/x" "$TMP/false.scn" >"$TMP/o" 2>"$TMP/e"
	rc=$?
	expect_eq "not root exits 3" 3 $rc
	check "not root says so" grep -q 'needs root' "$TMP/e"
	[ $rc -eq 3 ] || sed 's/^/# /' "$TMP/o" "$TMP/e"
fi

# A container gone before the first sample still has a series: the last sample, taken when
# it exits while its cgroup is still there.
cat >"$TMP/short.scn" <<'SCN'
name: short
sample: 1s
containers:
  - name: t
    run: "true"
expect:
  - max(t.mem) < 10M
  - max(t.pids) <= 1
  - t.exit == 0
SCN
lb run -o "$TMP/out" "$TMP/short.scn" >"$TMP/o" 2>"$TMP/e"
rc=$?
expect_eq "gone before the first sample: its series has the exit sample" 0 $rc
[ $rc -eq 0 ] || sed 's/^/# /' "$TMP/o"
check "gone before the first sample: samples.tsv has its row" \
	grep -q "	t	" "$TMP/out/short/latest/samples.tsv"
check "gone before the first sample: no cgroup left" no_cgroup_of "$LB_PID"
