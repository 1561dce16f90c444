# limitbench exec: the container from inside (namespaces, capabilities, argv, environment,
# stdin, tty) and the exit status convention, signals included.
. "$(dirname "$0")/lib.sh"

# Our own --cgroup-parent, so that "nothing left" means nothing of ours, whatever else runs on
# the machine; limitbench removes the parent too when it is empty.
P=lbtest-$T_NAME-$$
ex() { "$LB" exec --cgroup-parent "$P" "$@"; }
nothing_left() {
	[ -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$P" 2>/dev/null)" ]
}

# --- namespaces -----------------------------------------------------------------------------
out=$(ex -- sh -c 'echo $$' 2>&1)
expect_eq "the workload is PID 1" "1" "$out"

host=$(cat /proc/sys/kernel/hostname)
out=$(ex -- cat /proc/sys/kernel/hostname 2>&1)
expect_eq "default hostname" "limitbench" "$out"
out=$(ex --hostname box-7 -- sh -c 'cat /proc/sys/kernel/hostname; echo "$HOSTNAME"' 2>&1)
expect_eq "--hostname sets the hostname and HOSTNAME" "box-7
box-7" "$out"
expect_eq "the host's hostname is untouched" "$host" "$(cat /proc/sys/kernel/hostname)"

# Only builtins, so that the shell forks nothing: its /proc must list itself and no one else.
out=$(ex -- sh -c 'for p in /proc/[0-9]*; do echo "${p#/proc/}"; done' 2>&1)
expect_eq "/proc shows only the container's processes" "1" "$out"

# The harness cannot be signalled from inside: no pid outside the namespace exists there.
out=$(ex -- sh -c "kill -0 $$ 2>/dev/null && echo can-signal || echo cannot" 2>&1)
expect_eq "the workload cannot signal the test shell (pid $$)" "cannot" "$out"

out=$(ex -- sed -n 's/^ *\([a-z0-9]*\):.*/\1/p' /proc/net/dev 2>&1)
expect_eq "a network namespace of its own (only lo)" "lo" "$out"

# --- privileges -----------------------------------------------------------------------------
out=$(ex -- sed -n 's/^\(CapBnd\|CapEff\|CapPrm\|NoNewPrivs\):[[:space:]]*/\1 /p' \
	/proc/self/status 2>&1)
expect_eq "docker's capability set, no_new_privs" "CapPrm 00000000a80425fb
CapEff 00000000a80425fb
CapBnd 00000000a80425fb
NoNewPrivs 1" "$out"

# --- argv and environment -------------------------------------------------------------------
out=$(ex -- sh -c 'printf "[%s]" "$@"' x "a b" "" c 2>&1)
expect_eq "argv with spaces and empty strings survives" "[a b][][c]" "$out"
out=$(ex sh -c 'echo "$0|$1|$2"' -m --stats 2>&1)
expect_eq "without --, options after CMD are CMD's" "-m|--stats|" "$out"

out=$(LB_LEAK=1 "$LB" exec --cgroup-parent "$P" -- \
	sh -c 'echo "$PATH|$HOME|${LB_LEAK-unset}"' 2>&1)
expect_eq "a clean environment" \
	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin|/root|unset" "$out"

out=$(LB_FROM_CALLER=c "$LB" exec --cgroup-parent "$P" -e A=1 -e "B=x y" -e LB_FROM_CALLER \
	-e LB_UNSET_HERE -e A=2 -- sh -c 'echo "$A|$B|$LB_FROM_CALLER|${LB_UNSET_HERE-unset}"' 2>&1)
expect_eq "-e adds KEY=VALUE, passes KEY on, last one wins" "2|x y|c|unset" "$out"
out=$(ex -e PATH=/nonexistent-lb -- sh -c true 2>&1)
expect_eq "-e PATH is the PATH execvp searches" \
	"limitbench: exec sh: No such file or directory" "$out"
out=$(ex -w /etc -- sh -c 'pwd' 2>&1)
expect_eq "-w sets the working directory" "/etc" "$out"
ex -w "$TMP/no-such-dir" -- true >/dev/null 2>"$TMP/e"
expect_eq "-w to a missing directory exits 125" 125 $?
expect_eq "-w to a missing directory is explained" \
	"limitbench: container set-up: chdir $TMP/no-such-dir: No such file or directory" \
	"$(cat "$TMP/e")"

# --- stdin ----------------------------------------------------------------------------------
out=$(echo hi | ex -i -- cat 2>&1)
expect_eq "-i passes stdin through" "hi" "$out"
out=$(echo hi | ex -- cat 2>&1)
expect_eq "without -i stdin is /dev/null" "" "$out"
out=$(ex -- sh -c 'test -t 0 || echo not-a-tty' 2>&1 </dev/null)
expect_eq "without -t there is no terminal" "not-a-tty" "$out"

# --- exit status ----------------------------------------------------------------------------
ex -- sh -c 'exit 7' >/dev/null 2>&1
expect_eq "the workload's exit code" 7 $?

ex -- no-such-command-lb >/dev/null 2>"$TMP/e"
expect_eq "missing command exits 127" 127 $?
expect_eq "missing command is explained" \
	"limitbench: exec no-such-command-lb: No such file or directory" "$(cat "$TMP/e")"

printf '#!/bin/sh\necho should-not-run\n' >"$TMP/notexec"
chmod 644 "$TMP/notexec"
ex -- "$TMP/notexec" >"$TMP/o" 2>"$TMP/e"
expect_eq "non-executable file exits 126" 126 $?
expect_eq "non-executable file is explained" \
	"limitbench: exec $TMP/notexec: Permission denied" "$(cat "$TMP/e")"
expect_eq "non-executable file printed nothing" "" "$(cat "$TMP/o")"

ex --no-such-flag -- true >/dev/null 2>"$TMP/e"
expect_eq "bad flag exits 125" 125 $?
check "bad flag is named" grep -q "unknown option '--no-such-flag'" "$TMP/e"
ex -m 12X -- true >/dev/null 2>"$TMP/e"
expect_eq "bad size exits 125" 125 $?
check "bad size is explained" grep -q "memory.*12X" "$TMP/e"
ex -c 1 -- true >/dev/null 2>&1
expect_eq "cpu-shares out of range exits 125" 125 $?
ex -m 64m >/dev/null 2>"$TMP/e"
expect_eq "no command exits 125" 125 $?
check "no command is explained" grep -q "no command given" "$TMP/e"

# util-linux's setpriv (busybox's has no --reuid).
if setpriv --reuid=65534 --regid=65534 --clear-groups true >/dev/null 2>&1; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$LB" exec -- true >/dev/null 2>"$TMP/e"
	expect_eq "not root exits 125" 125 $?
	check "not root is explained" grep -q "needs root" "$TMP/e"
else
	echo "skip - $T_NAME: not-root case: no setpriv --reuid here to drop root"
fi

ex --help >"$TMP/h" 2>&1
expect_eq "--help exits 0" 0 $?
for f in --memory --memory-swap --cpus --cpu-shares --cpuset-cpus --pids-limit --hostname \
	--cgroup-parent --interactive --tty --stats --env --workdir --rootfs --read-only --device; do
	check "--help names $f" grep -q -- "$f" "$TMP/h"
done
check "nothing left after the cases above" nothing_left

# --- signals --------------------------------------------------------------------------------

# PID 1 ignores SIGINT it has no handler for: limitbench forwards it, then kills everything
# and exits 128+2.
# $! must be limitbench itself, not a subshell running a function.
"$LB" exec --cgroup-parent "$P" -- sh -c "touch $TMP/up1; exec sleep 100" >/dev/null 2>&1 &
pid=$!
wait_file "$TMP/up1"
kill -INT $pid
wait $pid
expect_eq "SIGINT to limitbench while sleep 100 runs exits 130" 130 $?
check "nothing left after SIGINT" nothing_left

# A workload that handles the signal decides its own exit code.
"$LB" exec --cgroup-parent "$P" -- \
	sh -c "trap 'exit 9' TERM; touch $TMP/up2; while :; do sleep 0.1; done" >/dev/null 2>&1 &
pid=$!
wait_file "$TMP/up2"
kill -TERM $pid
wait $pid
expect_eq "SIGTERM is forwarded to the workload (its trap exits 9)" 9 $?
check "nothing left after SIGTERM" nothing_left

# --- tty ------------------------------------------------------------------------------------
if script -qec true /dev/null >/dev/null 2>&1; then
	cmd="$LB exec --cgroup-parent $P -t -- sh -c 'test -t 0 && test -t 1 && echo tty:\$TERM'"
	out=$(script -qec "$cmd" /dev/null </dev/null 2>&1 | tr -d '\r')
	case "$out" in
	*tty:*) ok "-t gives the workload a terminal ($out)" ;;
	*) not_ok "-t gives the workload a terminal (got '$out')" ;;
	esac
	out=$(printf 'echo $((6 * 7))\nexit 5\n' |
		script -qec "$LB exec --cgroup-parent $P -it -- sh" /dev/null 2>&1 | tr -d '\r')
	case "$out" in
	*42*) ok "-it runs an interactive shell" ;;
	*) not_ok "-it runs an interactive shell (got '$out')" ;;
	esac
	script -qec "$LB exec --cgroup-parent $P -t -- sh -c 'exit 4'" /dev/null </dev/null >/dev/null 2>&1
	expect_eq "-t keeps the exit code" 4 $?
else
	echo "skip - $T_NAME: -t cases: no 'script' command here to give limitbench a terminal"
fi
check "nothing left at the end" nothing_left
