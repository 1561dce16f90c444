# Hostile input through the real binary (issue 5, "Bad input").  Every bad scenario is a
# FILE:LINE:COL error and exit 2 from both `check` and `run`, with nothing run (each
# workload would leave a marker file), nothing written (no results folder) and no cgroup of
# that limitbench left; bad flags, missing files and results folders that cannot be
# written get a clear message and the documented exit code (2; `exec`: 125).
. "$(dirname "$0")/lib.sh"

OUT=$TMP/out
MARK=$TMP/ran
RUN="touch $MARK"

# lb ARGS...: run limitbench in the background (to know its pid), stdout and stderr to
# files; sets rc and pid.
lb() {
	"$LB" "$@" >"$TMP/stdout" 2>"$TMP/stderr" &
	pid=$!
	wait "$pid"
	rc=$?
}

# nothing_done DESCRIPTION: the last limitbench ran no workload, wrote no results folder
# and left no cgroup of its own (they are named lb-<pid>-<start>).
nothing_done() {
	left=$(find /sys/fs/cgroup -mindepth 1 -maxdepth 6 -type d -name "lb-$pid-*" 2>/dev/null)
	if [ ! -e "$MARK" ] && [ ! -e "$OUT" ] && [ -z "$left" ]; then
		ok "$1: nothing run, nothing written"
	else
		not_ok "$1: marker $(ls "$MARK" 2>/dev/null), results $(ls -d "$OUT" 2>/dev/null), cgroups $left"
	fi
	rm -rf "$MARK" "$OUT"
}

# says DESCRIPTION LINE: stderr holds exactly this line.
says() {
	if grep -qxF "$2" "$TMP/stderr"; then
		ok "$1"
	else
		not_ok "$1: expected '$2' on stderr, got: $(head -c 600 "$TMP/stderr")"
	fi
}

# bad_scn NAME LINE:COL: MESSAGE: `run` and `check` of $TMP/NAME.scn exit 2 and print
# "$TMP/NAME.scn:LINE:COL: MESSAGE" among their problems; run runs and writes nothing.
bad_scn() {
	f=$TMP/$1.scn
	lb run --no-plot -o "$OUT" "$f"
	expect_eq "$1: run exits 2" 2 "$rc"
	says "$1: run says where and what" "$f:$2"
	nothing_done "$1: run"
	lb check "$f"
	expect_eq "$1: check exits 2" 2 "$rc"
	says "$1: check says where and what" "$f:$2"
}

# A container that would leave the marker, for the files below.
ctr() {
	printf 'containers:\n  - name: a\n    run: %s\n' "$RUN"
}

# --- limits of the file itself --------------------------------------------------------------
# Over 1 MiB: a comment line makes it so.
{
	printf 'name: big\n'
	ctr
	dd if=/dev/zero bs=1024 count=1100 2>/dev/null | tr '\0' '#'
	printf '\n'
} >"$TMP/big.scn"
bad_scn big "1:1: the file is larger than 1024 KiB"

{
	printf 'name: deep\n'
	ctr
	printf '    env: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n'
} >"$TMP/deep.scn"
bad_scn deep "5:39: nested more than 32 levels deep"

# A billion laughs: refused at the first anchor, nothing is expanded (each alias is one
# problem, so the output grows with the file, not with the expansion).
{
	printf 'name: bomb\n'
	ctr
	printf '    env:\n'
	printf '      A: &a "lol"\n'
	printf '      B: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n'
	printf '      C: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n'
	printf '      D: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n'
	printf '      E: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n'
} >"$TMP/bomb.scn"
bad_scn bomb "6:10: anchors (&a) are not allowed in a scenario"
expect_eq "bomb: one problem per anchor and alias" 40 "$(grep -c "^$TMP/bomb.scn:" "$TMP/stderr")"

printf 'name: nul\n' >"$TMP/nul.scn"
ctr >>"$TMP/nul.scn"
printf '    env: { A: "x\000y" }\n' >>"$TMP/nul.scn"
bad_scn nul "5:17: NUL byte in the file (a scenario is text)"

printf 'name: latin1\ndescription: caf\351\n' >"$TMP/latin1.scn"
ctr >>"$TMP/latin1.scn"
bad_scn latin1 "2:17: invalid UTF-8 (byte 0xe9)"

# --- numbers: huge, negative, zero ----------------------------------------------------------
cat >"$TMP/huge.scn" <<EOF
name: huge
timeout: 99999999999999h
repeat: 99999999999999999999
containers:
  - name: a
    run: $RUN
    start: 18446744073709551616ns
    limits: { memory: 16777216T, pids: 18446744073709551616, cpu-shares: 99999999999 }
EOF
bad_scn huge "2:10: timeout: duration '99999999999999h' is too large"
says "huge: repeat" "$TMP/huge.scn:3:9: repeat: number 99999999999999999999 is out of range 1..100000"
says "huge: start" "$TMP/huge.scn:7:12: start: duration '18446744073709551616ns' is too large"
says "huge: memory" "$TMP/huge.scn:8:23: memory: size '16777216T' is too large"
says "huge: pids" \
	"$TMP/huge.scn:8:40: pids: expected an integer from 1 to 4194304, or -1 or max for unlimited, not '18446744073709551616'"
says "huge: cpu-shares" \
	"$TMP/huge.scn:8:74: cpu-shares: Range of CPU shares is from 2 to 262144 (not 99999999999)"

cat >"$TMP/zero.scn" <<EOF
name: zero
sample: 0
timeout: 0s
repeat: 0
containers:
  - name: a
    run: $RUN
    duration: 0
    limits: { memory: 0, pids: 0, cpus: 0, cpu-shares: 0 }
  - name: b
    run: $RUN
    start: -1s
    limits: { memory: -5M, pids: -1, cpus: -1 }
EOF
# the machine's CPUs bound cpus (docker's words)
ncpu=$(awk -F, '{ n = 0; for (i = 1; i <= NF; i++) { k = split($i, r, "-"); n += k == 2 ? r[2] - r[1] + 1 : 1 } print n }' /sys/devices/system/cpu/online)
bad_scn zero "2:9: sample: 0 is too short (at least 1ms)"
for want in \
	"3:10: timeout: must be more than 0" \
	"4:9: repeat: number 0 is out of range 1..100000" \
	"8:15: duration: must be more than 0" \
	"9:23: memory: Minimum memory limit allowed is 6MB (not 0B)" \
	"9:32: pids: Range of the pids limit is from 1 to 4194304, or -1 for unlimited (not 0)" \
	"9:41: cpus: Range of CPUs is from 0.01 to $ncpu.00, as there are only $ncpu CPUs available (not 0)" \
	"9:56: cpu-shares: Range of CPU shares is from 2 to 262144 (not 0)" \
	"12:12: start: invalid duration '-1s' (expected e.g. 250ms, 5s, 2m)" \
	"13:23: memory: invalid size '-5M' (expected e.g. 100M, 1.5G, 512KiB or max)" \
	"13:44: cpus: invalid number '-1' (expected e.g. 0.5)"; do
	says "zero: ${want#*: }" "$TMP/zero.scn:$want"
done

# --- CPUs the machine does not have -------------------------------------------------------
# Decided: a file is checked against the machine it is loaded on (check and run alike), so
# a cpuset naming a CPU that is not online is an error of the file, unless the scenario's
# requires: { cpus: N } skips it on this machine.  CPU 4000 is within what a cpuset may name
# (0..4095) and beyond any test machine.
cat >"$TMP/cpuset.scn" <<EOF
name: cpuset
containers:
  - name: a
    run: $RUN
    limits: { cpuset: "0,4000" }
EOF
online=$(cat /sys/devices/system/cpu/online)
bad_scn cpuset "5:23: cpuset: CPU 4000 is not online on this machine (online: $online); a scenario for a larger machine says requires: { cpus: 4001 } and is skipped here"
{
	printf 'requires: { cpus: 4001 }\n'
	cat "$TMP/cpuset.scn"
} >"$TMP/cpuset-req.scn"
lb check "$TMP/cpuset-req.scn"
expect_eq "cpuset with requires: cpus it cannot meet: check exits 0" 0 "$rc"
lb run --no-plot -o "$OUT" "$TMP/cpuset-req.scn"
expect_eq "cpuset with requires: cpus it cannot meet: run skips it, exit 0" 0 "$rc"
check "cpuset with requires: nothing ran" test ! -e "$MARK"
rm -rf "$OUT" "$MARK"

# --- names that would leave the results folder ------------------------------------------------
for name in ../x a/b .. /etc; do
	printf 'name: "%s"\n' "$name" >"$TMP/name.scn"
	ctr >>"$TMP/name.scn"
	lb run --no-plot -o "$OUT" "$TMP/name.scn"
	expect_eq "name '$name': run exits 2" 2 "$rc"
	says "name '$name': run says why" "$TMP/name.scn:1:7: name: '$name' is not a valid scenario name (use a-z, 0-9, '.', '_' and '-', not starting with '.'; it names the results folder)"
	nothing_done "name '$name'"
done
printf 'name: ok\n' >"$TMP/ok.scn"
ctr >>"$TMP/ok.scn"
lb run --no-plot -o "$OUT" --set name=../../x "$TMP/ok.scn"
expect_eq "--set name=../../x: exit 2" 2 "$rc"
says "--set name=../../x: says why" "$TMP/ok.scn: --set name=../../x: name: '../../x' is not a valid scenario name (use a-z, 0-9, '.', '_' and '-', not starting with '.'; it names the results folder)"
nothing_done "--set name=../../x"
cat >"$TMP/ctrname.scn" <<EOF
name: ctrname
matrix: { who: ["../../x"] }
containers:
  - name: \${who}
    run: $RUN
EOF
bad_scn ctrname "4:11: name: '../../x' is not a valid container name (use a-z, 0-9, '_' and '-') (with who=../../x)"

# A matrix value may hold anything: in the run folder's name it is made harmless.
cat >"$TMP/param.scn" <<'EOF'
name: param
matrix: { p: ["../../../escaped"] }
containers:
  - name: a
    run: ["true"]
    env: { P: "${p}" }
EOF
lb run -q --no-plot -o "$OUT" "$TMP/param.scn"
expect_eq "a matrix value with ../ runs: exit 0" 0 "$rc"
runs=$(ls "$OUT/param" 2>/dev/null | grep -v '^latest$')
case $runs in
*-p=.._.._.._escaped) ok "its run folder is OUT/param/<time>-p=.._.._.._escaped" ;;
*) not_ok "its run folder: '$runs'" ;;
esac
check "nothing was written outside OUT" test ! -e "$TMP/escaped" -a ! -e "$OUT/escaped"
rm -rf "$OUT"

# --- flags, files, the results folder ------------------------------------------------------
lb run --bogus "$TMP/ok.scn"
expect_eq "run --bogus: exit 2" 2 "$rc"
says "run --bogus: says so" "limitbench run: unknown option '--bogus'"
lb run
expect_eq "run without a scenario: exit 2" 2 "$rc"
says "run without a scenario: says so" "limitbench run: no scenario given"
lb frobnicate
expect_eq "an unknown command: exit 2" 2 "$rc"
says "an unknown command: says so" "limitbench: unknown command 'frobnicate'"
lb run --repeat 0 -o "$OUT" "$TMP/ok.scn"
expect_eq "run --repeat 0: exit 2" 2 "$rc"
says "run --repeat 0: says so" "limitbench run: --repeat: number 0 is out of range 1..1000000"
nothing_done "run --repeat 0"
lb run --set foo -o "$OUT" "$TMP/ok.scn"
expect_eq "run --set without =: exit 2" 2 "$rc"
says "run --set without =: says so" "limitbench run: --set takes NAME=VALUE, not 'foo'"
nothing_done "run --set foo"
lb exec --bogus -- true
expect_eq "exec --bogus: exit 125 (docker's)" 125 "$rc"
says "exec --bogus: says so" "limitbench exec: unknown option '--bogus'"
lb exec --memory 10X -- touch "$MARK"
expect_eq "exec --memory 10X: exit 125" 125 "$rc"
says "exec --memory 10X: says so" \
	"limitbench exec: --memory: invalid size '10X': unknown unit 'X' (use K, M, G or T)"
check "exec --memory 10X: nothing ran" test ! -e "$MARK"

lb run -o "$OUT" "$TMP/missing.scn"
expect_eq "a missing scenario: exit 2" 2 "$rc"
says "a missing scenario: says so" "limitbench run: $TMP/missing.scn: No such file or directory"
nothing_done "a missing scenario"
lb run -o "$OUT" "$TMP/ok.scn" "$TMP/missing.scn"
expect_eq "a good scenario and a missing one: exit 2" 2 "$rc"
nothing_done "a good scenario and a missing one"
# a folder is a suite (every *.scn under it, t_suite): one without any is bad usage
mkdir "$TMP/noscn"
lb run -o "$OUT" "$TMP/noscn"
expect_eq "a folder without a scenario: exit 2" 2 "$rc"
says "a folder without a scenario: says so" \
	"limitbench run: $TMP/noscn: no scenario file (*.scn) in this folder or below"
nothing_done "a folder without a scenario"
lb check "$TMP/missing.scn"
expect_eq "check of a missing file: exit 2" 2 "$rc"
says "check of a missing file: says so" "$TMP/missing.scn: No such file or directory"

# Results folders that cannot be made or written: bad usage, said before anything runs.
lb run -o /proc/lb-nonexistent "$TMP/ok.scn"
expect_eq "run -o /proc/...: exit 2" 2 "$rc"
says "run -o /proc/...: says so" "limitbench run: -o /proc/lb-nonexistent: cannot create the results folder: mkdir /proc/lb-nonexistent: No such file or directory"
nothing_done "run -o /proc/..."
check "run -o /proc/...: nothing made there" test ! -e /proc/lb-nonexistent
lb run -o "$TMP/ok.scn" "$TMP/ok.scn"
expect_eq "run -o FILE: exit 2" 2 "$rc"
says "run -o FILE: says so" "limitbench run: -o $TMP/ok.scn: exists and is not a folder"
nothing_done "run -o FILE"
(cd "$TMP" && "$LB" run -o "" ok.scn >"$TMP/stdout" 2>"$TMP/stderr")
expect_eq "run -o '': exit 2" 2 "$?"
says "run -o '': says so" "limitbench run: -o: the results folder name is empty"
check "run -o '': nothing written at the root" test ! -e /ok
check "run -o '': nothing ran" test ! -e "$MARK"
# --junit FILE is written after the runs: its folder is probed before them.
lb run -o "$OUT" --junit /proc/lb-nonexistent/report.xml "$TMP/ok.scn"
expect_eq "run --junit in a missing folder: exit 2" 2 "$rc"
says "run --junit in a missing folder: says so" "limitbench run: --junit /proc/lb-nonexistent/report.xml: folder /proc/lb-nonexistent: No such file or directory"
nothing_done "run --junit in a missing folder"
lb run -o "$OUT" --junit "$TMP/ok.scn/report.xml" "$TMP/ok.scn"
expect_eq "run --junit under a file: exit 2" 2 "$rc"
says "run --junit under a file: says so" "limitbench run: --junit $TMP/ok.scn/report.xml: $TMP/ok.scn is not a folder"
nothing_done "run --junit under a file"
