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

# --- exit codes: the same convention under both --------------------------------------------
printf '#!/bin/sh\necho should-not-run\n' >"$TMP/notexec"
chmod 644 "$TMP/notexec"
ex -- sh -c 'exit 7' >/dev/null 2>&1
expect_eq "exec: the workload's exit code" 7 $?
ex -- no-such-command-lb >/dev/null 2>&1
expect_eq "exec: a missing command exits 127" 127 $?
ex -- "$TMP/notexec" >/dev/null 2>&1
expect_eq "exec: a non-executable file exits 126" 126 $?
cat >"$TMP/codes.scn" <<SCN
name: codes
timeout: 30s
containers:
  - name: seven
    run: [sh, -c, "exit 7"]
  - name: missing
    run: no-such-command-lb
  - name: notexec
    run: [$TMP/notexec]
  - name: stubborn
    run: sleep 100
    duration: 100ms
  - name: polite
    run: [sh, -c, "trap 'exit 9' TERM; while :; do sleep 0.1; done"]
    duration: 2s                  # time for the shell to set its trap, on a loaded machine too
expect:
  - seven.exit == 7
  - missing.exit == 127
  - notexec.exit == 126
  - stubborn.exit == 137
  - stubborn.signal == KILL
  - polite.exit == 9
  - polite.signal == none
SCN
lb run -o "$TMP/out" "$TMP/codes.scn" >"$TMP/o" 2>&1
rc=$?
[ $rc = 0 ] || cat "$TMP/o" >&2
expect_eq "run: the same exit codes (7, 127, 126), and the duration's TERM then KILL" 0 $rc
ev=$TMP/out/codes/latest/events.tsv
check "run: the stubborn one got TERM, then KILL after the grace" \
	sh -c "grep -q 'stubborn.signal.TERM (duration)' '$ev' && grep -q 'stubborn.signal.KILL (duration)' '$ev'"
check "run: the polite one got TERM and no KILL" \
	sh -c "grep -q 'polite.signal.TERM (duration)' '$ev' && ! grep -q 'polite.signal.KILL' '$ev'"
check "run: no cgroup left" no_cgroup_of "$LB_PID"

# --- exec: signals forwarded, the grace kill -----------------------------------------------
"$LB" exec --cgroup-parent "$P" -- \
	sh -c "trap 'exit 7' USR1; touch $TMP/up-usr1; while :; do sleep 0.1; done" >/dev/null 2>&1 &
pid=$!
wait_file "$TMP/up-usr1"
kill -USR1 $pid
wait $pid
expect_eq "exec: SIGUSR1 is forwarded (its trap exits 7)" 7 $?

# Two SIGINTs to a PID 1 that ignores them: the second ends the grace, 128+2 all the same.
"$LB" exec --cgroup-parent "$P" -- sh -c "touch $TMP/up-int2; exec sleep 100" >/dev/null 2>&1 &
pid=$!
wait_file "$TMP/up-int2"
kill -INT $pid
kill -INT $pid
wait $pid
expect_eq "exec: a second SIGINT during the grace exits 130" 130 $?

# With a pty, the relay runs beside the signals: the grace kill ends it just the same.  The
# shell under script(1) writes its pid, which limitbench's becomes at the exec.
if script -qec true /dev/null >/dev/null 2>&1; then
	cat >"$TMP/tty-grace.sh" <<EOF
echo \$\$ >"$TMP/lbpid"
exec "$LB" exec --cgroup-parent "$P" -t -- sh -c "touch $TMP/up-tty; exec sleep 100"
EOF
	script -qec "sh $TMP/tty-grace.sh" /dev/null </dev/null >/dev/null 2>&1 &
	spid=$!
	wait_file "$TMP/up-tty"
	kill -TERM "$(cat "$TMP/lbpid")"
	wait $spid
	expect_eq "exec -t: SIGTERM forwarded, then the grace kill: 128+15 (through script -e)" 143 $?
	check "exec -t: nothing left after the grace kill" nothing_left
else
	echo "skip - $T_NAME: exec -t's grace kill (no script(1) here)"
fi
# -it with our stdin a regular file, which epoll cannot watch (always ready)
printf 'echo in-$((6 * 7))\nexit 5\n' >"$TMP/in"
out=$("$LB" exec --cgroup-parent "$P" -it -- sh <"$TMP/in" 2>&1 | tr -d '\r')
case "$out" in
*in-42*) ok "exec -it: stdin from a regular file reaches the shell" ;;
*) not_ok "exec -it: stdin from a regular file reaches the shell (got '$out')" ;;
esac
"$LB" exec --cgroup-parent "$P" -it -- sh -c 'cat; exit 6' </dev/null >/dev/null 2>&1
expect_eq "exec -it: stdin /dev/null (no epoll either) is the terminal's ^D" 6 $?
check "nothing left" nothing_left
