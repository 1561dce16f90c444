# One supervisor for `exec` and `run` (src/supervise/): what the two share is checked under
# both, so that they cannot drift apart again: the environment's TERM rule, and the end of a
# workload (signals, the grace kill, exit codes).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

P=lbtest-$T_NAME-$$
ex() { "$LB" exec --cgroup-parent "$P" "$@"; }
nothing_left() {
	[ -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P" 2>/dev/null)" ]
}

# run_out NAME CMD: run a one-container scenario whose command is CMD (a shell line) and
# print what it wrote to stdout.
run_out() {
	cat >"$TMP/$1.scn" <<SCN
name: $1
timeout: 30s
containers:
  - name: c
    run: [sh, -c, "$2"]
SCN
	"$LB" run -q -o "$TMP/out" "$TMP/$1.scn" >"$TMP/o" 2>&1 || cat "$TMP/o" >&2
	cat "$TMP/out/$1/latest/c.out"
}

# --- TERM: the caller's, else xterm with a pty, else dumb (supervise/env.h) ----------------
# Before the one builder, exec without -t gave no TERM at all where run gave dumb.
out=$(env -u TERM "$LB" exec --cgroup-parent "$P" -- sh -c 'echo "${TERM-unset}"' 2>&1)
expect_eq "exec, no TERM, no pty: TERM=dumb" "dumb" "$out"
out=$(TERM= "$LB" exec --cgroup-parent "$P" -- sh -c 'echo "${TERM-unset}"' 2>&1)
expect_eq "exec, an empty TERM, no pty: TERM=dumb" "dumb" "$out"
out=$(TERM=vt220 "$LB" exec --cgroup-parent "$P" -- sh -c 'echo "${TERM-unset}"' 2>&1)
expect_eq "exec, TERM=vt220: passed on" "vt220" "$out"
out=$(TERM= run_out term-empty 'echo $TERM')
expect_eq "run, an empty TERM: TERM=dumb" "dumb" "$out"
out=$(TERM=vt220 run_out term-vt 'echo $TERM')
expect_eq "run, TERM=vt220: passed on" "vt220" "$out"
if script -qec true /dev/null >/dev/null 2>&1; then
	out=$(env -u TERM script -qec \
		"$LB exec --cgroup-parent $P -t -- sh -c 'echo tty:\${TERM-unset}'" /dev/null \
		</dev/null 2>&1 | tr -d '\r')
	expect_eq "exec -t, no TERM: TERM=xterm (docker's)" "tty:xterm" "$out"
	out=$(TERM=vt220 script -qec \
		"$LB exec --cgroup-parent $P -t -- sh -c 'echo tty:\${TERM-unset}'" /dev/null \
		</dev/null 2>&1 | tr -d '\r')
	expect_eq "exec -t, TERM=vt220: passed on" "tty:vt220" "$out"
else
	echo "skip - $T_NAME: exec -t's TERM (no script(1) here)"
fi
check "nothing left" nothing_left
