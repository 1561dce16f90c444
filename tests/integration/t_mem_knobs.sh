# The memory knobs of issue 11 (memory-high, memory-low, memory-min, memory-reservation, swap
# alone, oom-group, oom-score-adj), on cgroup v1 or v2, whichever this machine has: what the
# kernel kept (read from inside the container), what v1 cannot honour refused with the words
# that say so, and on v2 the enforcement the kernel can show (the selftests' test_memcg_high
# and test_memcg_oom_group_*), measured by `run`.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

P=lbtest-$T_NAME-$$
ex() { "$LB" exec --cgroup-parent "$P" "$@"; }
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	mode=v2
else
	mode=v1
fi

write_cgread

# limit_is DESCRIPTION EXPECTED OPTIONS... -- CONTROLLER FILE
limit_is() {
	d=$1 want=$2
	shift 2
	expect_eq "$mode: $d" "$want" "$(ex "$@" 2>&1)"
}
# refused DESCRIPTION TEXT OPTIONS...: exec exits 125 and says TEXT.
refused() {
	d=$1 text=$2
	shift 2
	out=$(ex "$@" -- true 2>&1)
	rc=$?
	expect_eq "$d: exit 125" 125 "$rc"
	case $out in *"$text"*) ok "$d: says '$text'" ;; *) not_ok "$d: said '$out'" ;; esac
}

# docker's bounds and words, on either version.
refused "--oom-score-adj 1001" "Invalid value 1001, range for oom score adj is [-1000, 1000]" \
	--oom-score-adj 1001
refused "--memory-reservation above --memory" \
	"Minimum memory limit can not be less than memory reservation limit" \
	-m 50M --memory-reservation 60M
refused "--memory-reservation 1M" "Minimum memory reservation allowed is 6MB" \
	--memory-reservation 1M
refused "--swap with --memory-swap" "not both" -m 50M --memory-swap 100M --swap 10M

# oom-score-adj: the workload's own value (raising needs no capability).
limit_is "--oom-score-adj 500 -> /proc/self/oom_score_adj" 500 --oom-score-adj 500 -- \
	cat /proc/self/oom_score_adj
limit_is "no --oom-score-adj -> 0" 0 -- cat /proc/self/oom_score_adj
# Below 0 needs CAP_SYS_RESOURCE (the kernel's rule): with it, the value; without it (some
# sandboxes), the start fails saying so, never a workload at another score.
if grep -q '^CapEff:' /proc/self/status &&
	[ $(((0x$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status) >> 24) & 1)) = 1 ]; then
	limit_is "--oom-score-adj -500 -> /proc/self/oom_score_adj" -500 --oom-score-adj -500 -- \
		cat /proc/self/oom_score_adj
else
	refused "--oom-score-adj -500 without CAP_SYS_RESOURCE" \
		"write /proc/self/oom_score_adj -500: Permission denied" --oom-score-adj -500
fi
# A scenario's oom-score-adj, in the workload's own words (its output file).
cat >"$TMP/adj.scn" <<'EOS'
name: adj
containers:
  - name: c
    run: cat /proc/self/oom_score_adj
    limits: { oom-score-adj: 300 }
expect:
  - c.exit == 0
EOS
lb run -o "$TMP/out" "$TMP/adj.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "run with oom-score-adj: 300 passes" 0 $?
expect_eq "... the workload's oom_score_adj is 300" 300 "$(cat "$TMP/out/adj/latest/c.out")"

cat >"$TMP/v2only.scn" <<'EOS'
name: v2only
containers:
  - name: c
    run: "true"
    limits:
      memory-high: 30M
      memory-low: 10M
      memory-min: 5M
      oom-group: true
      swap: 10M
EOS
if [ $mode = v1 ]; then
	# No memory.high/low/min/oom.group on v1, and no swap alone: each refused at its place.
	out=$("$LB" check "$TMP/v2only.scn" 2>&1)
	expect_eq "v1: check refuses the v2-only keys: exit 2" 2 $?
	for k in "6:20: memory-high: cgroup v1 has no memory.high" \
		"7:19: memory-low: cgroup v1 has no memory.low" \
		"8:19: memory-min: cgroup v1 has no memory.min" \
		"9:18: oom-group: cgroup v1 has no memory.oom.group" \
		"10:13: swap: cgroup v1 cannot limit swap alone"; do
		case $out in *"v2only.scn:$k"*) ok "v1: check: $k" ;; *) not_ok "v1: check: $k: $out" ;; esac
	done
	lb run -o "$TMP/out" "$TMP/v2only.scn" >"$TMP/o" 2>"$TMP/e"
	expect_eq "v1: run refuses them too: exit 2" 2 $?
	check "v1: ... at the key's place" grep -q "v2only.scn:6:20: memory-high: cgroup v1" "$TMP/e"
	check "v1: ... nothing ran" [ ! -d "$TMP/out/v2only" ]
	sed 's/^name: v2only/name: v2only\nrequires: { cgroup: 2 }/' "$TMP/v2only.scn" >"$TMP/v2req.scn"
	lb run -o "$TMP/out" "$TMP/v2req.scn" >"$TMP/o" 2>"$TMP/e"
	expect_eq "v1: with requires: { cgroup: 2 }, run skips: exit 0" 0 $?
	check "v1: ... SKIPPED saying v2" grep -q "SKIPPED: needs cgroup v2" "$TMP/e"
	for f in memory-high memory-low memory-min swap; do
		refused "v1: --$f" "cgroup v1" "--$f" 30M
	done
	refused "v1: --oom-group" "memory.oom.group" --oom-group
	# The memory.events counters: not measured on v1, with the reason, never a false 0.
	cat >"$TMP/events.scn" <<'EOS'
name: events
containers:
  - name: c
    run: "true"
    limits: { memory: 50M }
EOS
	lb run -o "$TMP/out" "$TMP/events.scn" >"$TMP/o" 2>"$TMP/e"
	expect_eq "v1: a run with a memory limit passes" 0 $?
	j=$(tr -d ' \n' <"$TMP/out/events/latest/summary.json")
	for m in mem_high_events mem_low_events oom_events; do
		case $j in
		*'"not_measured":{'*'"'$m'":"cgroupv1'*) ok "v1: $m not measured, naming v1" ;;
		*) not_ok "v1: $m: $j" ;;
		esac
		case $j in *'"metrics":{'*'"'$m'":'[0-9]*) not_ok "v1: $m has a value" ;; esac
	done
	# memory-reservation: the soft limit, as the kernel kept it.
	limit_is "--memory-reservation 50M -> memory.soft_limit_in_bytes" 52428800 \
		-m 100M --memory-reservation 50M -- "$TMP/cgread" memory memory.soft_limit_in_bytes
	if [ -f /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ]; then
		limit_is "-m 50M --swap 20M -> memory.memsw.limit_in_bytes (memory + swap)" \
			73400320 -m 50M --swap 20M -- "$TMP/cgread" memory memory.memsw.limit_in_bytes
	fi
else
	out=$("$LB" check "$TMP/v2only.scn" 2>&1)
	expect_eq "v2: check takes the v2-only keys" 0 $?
	limit_is "--memory-high 30M -> memory.high" 31457280 --memory-high 30M -- \
		"$TMP/cgread" memory memory.high
	limit_is "--memory-low 10M -> memory.low" 10485760 --memory-low 10M -- \
		"$TMP/cgread" memory memory.low
	limit_is "--memory-min 5M -> memory.min" 5242880 --memory-min 5M -- \
		"$TMP/cgread" memory memory.min
	limit_is "--memory-reservation 50M -> memory.low" 52428800 \
		-m 100M --memory-reservation 50M -- "$TMP/cgread" memory memory.low
	limit_is "--swap 20M alone -> memory.swap.max" 20971520 --swap 20M -- \
		"$TMP/cgread" memory memory.swap.max
	limit_is "--swap 20M alone -> memory.max stays max" max --swap 20M -- \
		"$TMP/cgread" memory memory.max
	limit_is "--oom-group -> memory.oom.group" 1 --oom-group -- \
		"$TMP/cgread" memory memory.oom.group

	# memory.high enforced: the selftest's test_memcg_high, as scenarios/mem-high.scn.
	root=$(cd "$(dirname "$0")/../.." && pwd)
	[ -d "$root/scenarios" ] || root=/
	measure "$TMP/out" mem-high "$root/scenarios/mem-high.scn"
	rc=$?
	expect_eq "v2: mem-high.scn passes (usage within 5% of memory.high, high events, no OOM)" \
		0 "$rc"
	[ "$rc" = 0 ] || sed 's/^/# /' "$TMP/o" "$TMP/e"

	# oom-group: the OOM kill takes every process of the container (a: sh, two sleeps and
	# stress's two processes), where without it only the largest one dies (b, whose sh then
	# waits for its sleeps until its duration ends it).  a has no duration: that it ends at
	# all, by SIGKILL, is the group kill taking its PID 1 too (else the run times out).  The
	# kernel counts each process it kills in oom_kill: 3 or 4 of the 5 were counted in the
	# v2 lane (never 1), so the bound is 3.
	cat >"$TMP/oomgroup.scn" <<'EOS'
name: oomgroup
sample: 20ms
timeout: 60s
containers:
  - name: a
    run: [sh, -c, "sleep 1000 & sleep 1000 & stress --vm 1 --vm-bytes 100m --vm-keep; wait"]
    limits: { memory: 50M, swap: 0, oom-group: true }
  - name: b
    run: [sh, -c, "sleep 1000 & sleep 1000 & stress --vm 1 --vm-bytes 100m --vm-keep; wait"]
    duration: 5s
    limits: { memory: 50M, swap: 0 }
expect:
  - a.oom_kills >= 3
  - a.signal == KILL
  - a.oom_events >= 1
  - b.oom_kills == 1
  - b.oom_events >= 1
EOS
	# swap alone enforced: with memory.max (s) the OOM killer comes once swap is at its
	# limit; with only memory.high (h) reclaim fills swap to its limit and then throttles,
	# without an OOM kill.  Swap is held at the limit (within the selftests' 5%).
	cat >"$TMP/swapalone.scn" <<'EOS'
name: swapalone
sample: 20ms
timeout: 60s
containers:
  - name: s
    run: stress --vm 1 --vm-bytes 100m --vm-keep --timeout 4
    limits: { memory: 50M, swap: 20M }
  - name: h
    run: stress --vm 1 --vm-bytes 60m --vm-keep --timeout 4
    limits: { memory-high: 30M, swap: 10M }
expect:
  - s.oom_kills >= 1
  - max(s.swap) ~ 20M ± 5%
  - max(h.swap) ~ 10M ± 5%
  - h.oom_kills == 0
  - h.mem_high_events >= 1
EOS
	measure "$TMP/out" swapalone "$TMP/swapalone.scn"
	rc=$?
	expect_eq "v2: swap alone holds swap at its limit (with memory.max and with memory.high)" \
		0 "$rc"
	[ "$rc" = 0 ] || sed 's/^/# /' "$TMP/o" "$TMP/e"

	measure "$TMP/out" oomgroup "$TMP/oomgroup.scn"
	rc=$?
	expect_eq "v2: oom-group kills every process, without it one" 0 "$rc"
	[ "$rc" = 0 ] || sed 's/^/# /' "$TMP/o" "$TMP/e"
fi
check "nothing left" sh -c "[ -z \"\$(find /sys/fs/cgroup -maxdepth 3 -type d -name '$P' 2>/dev/null)\" ]"
