# A results folder that fills up while a run goes on (by the workload's output, or by
# someone else): the error is
# reported (exit 1: limitbench failed to do its job, as for any other failure while working),
# the containers are still killed and their cgroups removed, and no temporary or truncated
# file is left (files are written under a temporary name and renamed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"
. "$(dirname "$0")/faults_lib.sh"

F=$TMP/full
mkdir -p "$F"
if ! mount -t tmpfs -o size=64k lbtest-full "$F" 2>"$TMP/merr"; then
	echo "skip - $T_NAME: cannot mount a small tmpfs ($(cat "$TMP/merr"))"
	exit 0
fi
trap 'umount "$F" 2>/dev/null; rm -rf "$TMP"' EXIT

# No leftovers and no truncated summary under $1.
no_partial_files() {
	[ -z "$(find "$1" -name '*.tmp*' 2>/dev/null)" ] || return 1
	for s in $(find "$1" -name summary.json 2>/dev/null); do
		tail -c 2 "$s" | grep -q '}' || return 1
	done
	return 0
}

# --- the workload's output fills the disk -------------------------------------------------------
cat >"$TMP/big.scn" <<SCN
name: big
sample: 10ms
timeout: 60s
containers:
  - name: c
    run: [sh, -c, "head -c 1048576 /dev/zero | tr '\\\\0' x; exec sleep 1951$U"]
    duration: 1s
  - name: d
    namespaces: []
    run: [sh, -c, "setsid sleep 1952$U & exec sleep 1953$U"]
    duration: 1s
expect:
  - c.signal == KILL
SCN
lb run --no-plot -o "$F" "$TMP/big.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "disk full: run exits 1" 1 $?
check "disk full: the error is reported" grep -q "No space left on device" "$TMP/e"
check "disk full: it says which results could not be written" grep -q "results of big" "$TMP/e"
check "disk full: no temporary or truncated file left" no_partial_files "$F"
check "disk full: nothing left (cgroups, processes)" nothing_left_of "$LB_PID" "sleep 195[0-9]$U"

# --- someone else fills the disk while a quiet workload runs ----------------------------------
# (A read-only remount cannot be the test: the files the run holds open for writing keep
# the filesystem busy.)
rm -rf "${F:?}"/*
cat >"$TMP/quiet.scn" <<SCN
name: quiet
sample: 10ms
timeout: 60s
containers:
  - name: c
    run: [sh, -c, "touch $TMP/up; while [ ! -e $TMP/go ]; do sleep 0.05; done; exec sleep 1954$U"]
    namespaces: []
    duration: 10m
  - name: d
    run: [sh, -c, "while [ ! -e $TMP/go ]; do sleep 0.05; done"]
expect:
  - d.exit == 0
SCN
"$LB" run --no-plot -o "$F" "$TMP/quiet.scn" >"$TMP/o" 2>"$TMP/e" &
pid=$!
wait_file "$TMP/up"
dd if=/dev/zero of="$F/filler" bs=4k count=100 2>/dev/null
touch "$TMP/go"
i=0
while no_cmdline_with "sleep 1954$U" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM $pid
wait $pid
expect_eq "disk filled by someone else, then SIGTERM: run exits 143" 143 $?
check "filled by someone else: the error is reported" grep -q "No space left on device" "$TMP/e"
check "filled by someone else: and the interruption" grep -q "interrupted by SIGTERM" "$TMP/e"
check "filled by someone else: no temporary or truncated file left" no_partial_files "$F"
check "filled by someone else: nothing left (cgroups, processes)" \
	nothing_left_of "$pid" "sleep 1954$U"

# --- and with room again, the same results folder works ---------------------------------------
rm -rf "${F:?}"/*
cat >"$TMP/small.scn" <<'SCN'
name: small
timeout: 60s
containers:
  - name: c
    run: [true]
expect:
  - c.exit == 0
SCN
lb run --no-plot -o "$F" "$TMP/small.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "with room again: run exits 0" 0 $?
check "with room again: summary written" grep -q '"outcome": *"pass"' "$F/small/latest/summary.json"
