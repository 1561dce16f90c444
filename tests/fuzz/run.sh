#!/bin/sh
# Run each libFuzzer binary given for SECONDS, and print a closing line
# "fuzz: N passed, N failed": a target passes when it ran its time without a crash, a
# hang (over 5 s on one input), a leak, an out-of-memory or a sanitizer report; it fails
# otherwise, and the input that did it is kept as OUT/crashes/<target>-{crash,timeout,
# leak,oom}-<sha1>.  New inputs go to OUT/corpus/<name> (kept between runs); the seeds are
# read from OUT/seeds/<name> and the dictionary from tests/fuzz/<name>.dict.
#
#   tests/fuzz/run.sh SECONDS OUT build/fuzz/fuzz_scenario ...   (exit 1 if one failed)
# Run from the top of the source tree.  Each target's full log: OUT/log/<target>.log.
secs=${1:?usage: run.sh SECONDS OUT BIN...}
out=${2:?usage: run.sh SECONDS OUT BIN...}
shift 2
mkdir -p "$out/crashes" "$out/log"

passed=0 failed=0
for bin in "$@"; do
	target=$(basename "$bin")
	name=${target#fuzz_}
	mkdir -p "$out/corpus/$name" "$out/seeds/$name"
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	log="$out/log/$target.log"
	# halt_on_error etc.: the first report of any sanitizer stops the target (a crash).
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
		"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/crashes/$target-" $dict \
		"$out/corpus/$name" "$out/seeds/$name" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "ok - $target: ${secs}s, ${runs:-?} inputs, no crash"
		passed=$((passed + 1))
	else
		echo "not ok - $target: exited $rc after ${runs:-?} inputs (log: $log)"
		grep -m 1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | sed 's/^/    /'
		sed -n 's/^.*Test unit written to \(.*\)$/    input: \1/p' "$log"
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
