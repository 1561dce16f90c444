# The normal build (not the ASan one: the two cannot be combined) under valgrind memcheck:
# no invalid access, no uninitialised value used, no leak, for a short scenario, an exec and
# the commands that read results.  valgrind exits 99 on any error; limitbench's own status
# is kept otherwise.
. "$(dirname "$0")/lib.sh"

# The plain build: $LIMITBENCH_PLAIN, else ./limitbench at the project root (tests/../).
plain=${LIMITBENCH_PLAIN:-$(cd "$(dirname "$0")/../.." && pwd)/limitbench}
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v valgrind >/dev/null 2>&1; then
	echo "skip - $T_NAME: no valgrind here (Debian: apt-get install valgrind)"
	exit 0
fi
if [ ! -x "$plain" ]; then
	echo "skip - $T_NAME: no plain build at $plain (make limitbench, or set LIMITBENCH_PLAIN)"
	exit 0
fi

# vg NAME ARGS...: limitbench under memcheck, its stderr (and valgrind's) in $TMP/NAME.err.
# --trace-children=no: the workload and gnuplot are other programs; the container child
# itself is checked until its execve (memcheck follows clone without CLONE_VM).
vg() {
	n=$1
	shift
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
		--trace-children=no --suppressions="$(dirname "$0")/valgrind.supp" \
		"$plain" "$@" >"$TMP/$n.out" 2>"$TMP/$n.err"
}
# clean NAME: valgrind said nothing (with -q it prints only errors and leaks).
clean() {
	if grep -q '^==[0-9]*==' "$TMP/$1.err"; then
		not_ok "$1: memcheck is silent (got: $(grep '^==[0-9]*==' "$TMP/$1.err" | head -n 20))"
	else
		ok "$1: memcheck is silent"
	fi
}

vg run run -o "$TMP/out" "$root/scenarios/ls.scn"
expect_eq "run scenarios/ls.scn under memcheck exits 0" 0 $?
clean run
check "run: the summary is written" grep -q '"outcome": *"pass"' "$TMP/out/ls/latest/summary.json"

# The failing and reporting paths: a matrix, repeats, an expectation that fails, --json and
# --junit.
cat >"$TMP/m.scn" <<'SCN'
name: vgm
sample: 10ms
timeout: 60s
repeat: 2
matrix:
  n: [1, 2]
containers:
  - name: c
    run: [sh, -c, "exit ${n}"]
    limits: { memory: 32M, pids: 8 }
expect:
  - c.exit == 1
  - max(c.mem) < 32M
SCN
vg matrix run --json --junit "$TMP/j.xml" -o "$TMP/out" "$TMP/m.scn"
expect_eq "run of a matrix whose second point fails, under memcheck, exits 1" 1 $?
clean matrix
check "matrix: the JSON report is there" grep -q '"outcome"' "$TMP/matrix.out"
check "matrix: the JUnit file is there" grep -q '<testsuite' "$TMP/j.xml"

# Interrupted: the signal path frees what it made too.  (valgrind's pid is limitbench's.)
cat >"$TMP/i.scn" <<SCN
name: vgi
timeout: 5m
containers:
  - name: c
    run: [sh, -c, "touch $TMP/up; exec sleep 1961"]
SCN
valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect --trace-children=no \
	--suppressions="$(dirname "$0")/valgrind.supp" \
	"$plain" run -o "$TMP/out" "$TMP/i.scn" >"$TMP/intr.out" 2>"$TMP/intr.err" &
pid=$!
i=0
while [ ! -e "$TMP/up" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
kill -INT $pid
wait $pid
expect_eq "run interrupted by SIGINT under memcheck exits 130" 130 $?
clean intr
check "interrupted: summary.json says so" grep -q '"outcome": *"interrupted"' \
	"$TMP/out/vgi/latest/summary.json"

vg exec exec --stats -m 64m --pids-limit 20 -- /bin/true
expect_eq "exec /bin/true under memcheck exits 0" 0 $?
clean exec
check "exec: --stats printed" grep -q "limitbench: stats: " "$TMP/exec.err"

# A failing exec: the error paths free what they made too.
vg exec127 exec -- no-such-command-lb
expect_eq "exec of a missing command under memcheck exits 127" 127 $?
clean exec127

vg check check "$root/scenarios/ls.scn"
expect_eq "check under memcheck exits 0" 0 $?
clean check

vg plot plot "$TMP/out/ls/latest"
expect_eq "plot of that run under memcheck exits 0" 0 $?
clean plot
vg compare compare "$TMP/out/ls/latest" "$TMP/out/ls/latest"
expect_eq "compare of a run with itself under memcheck exits 0" 0 $?
clean compare

vg info info
expect_eq "info under memcheck exits 0" 0 $?
clean info

# A session left by a SIGKILLed exec (not under valgrind), for cleanup to remove.
P=lbtest-$T_NAME-$$
"$plain" exec --cgroup-parent "$P" -- sh -c "touch $TMP/up2; exec sleep 1962" >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -e "$TMP/up2" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL $pid
wait $pid
vg cleanup cleanup --cgroup-parent "$P"
expect_eq "cleanup under memcheck exits 0" 0 $?
expect_eq "cleanup under memcheck removed the session" "removed 1 stale session under $P" \
	"$(cat "$TMP/cleanup.out")"
clean cleanup

# i13-suite: a folder run with --filter, --tap and --openmetrics; list, as a table and JSON.
mkdir -p "$TMP/suite/sub"
cp "$TMP/m.scn" "$TMP/suite/sub/m.scn"
cp "$root/scenarios/ls.scn" "$TMP/suite/ls.scn"
vg suite run --tap --openmetrics "$TMP/m.prom" --filter 'vgm/n=1' --filter ls -o "$TMP/out" \
	"$TMP/suite"
expect_eq "run DIR --filter --tap --openmetrics under memcheck exits 0" 0 $?
clean suite
check "suite: TAP on stdout" grep -q '^TAP version 13' "$TMP/suite.out"
check "suite: the OpenMetrics file" grep -q '^# EOF' "$TMP/m.prom"
vg list list "$TMP/suite"
expect_eq "list DIR under memcheck exits 0" 0 $?
clean list
vg listjson list --json --filter 'vgm/n=2' "$TMP/suite"
expect_eq "list --json --filter under memcheck exits 0" 0 $?
clean listjson
