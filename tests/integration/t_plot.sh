# Plots: `run` draws mem/cpu/pids as PNG and SVG beside the results of a real run, and the
# enforcement curve of a sweep; `plot DIR` redraws them from the result files alone;
# `plot --term` draws the same figures as text; --no-plot draws none; a missing gnuplot is
# a warning for `run` (results still written) and an environment error for `plot`.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

tab=$(printf '\t')

# is_png FILE: the PNG signature's first four bytes (\x89 P N G)
is_png() {
	[ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e47" ]
}
is_svg() {
	grep -q '<svg' "$1"
}
# valid_figures DIR NAME...: NAME.png and NAME.svg of each NAME are a PNG and an SVG
valid_figures() {
	vf_dir=$1
	shift
	for f in "$@"; do
		is_png "$vf_dir/$f.png" && is_svg "$vf_dir/$f.svg" || return 1
	done
}
count_images() {
	find "$1" -name '*.png' -o -name '*.svg' | wc -l | tr -d ' '
}

# 48M asked under a 24M limit: an OOM kill to mark; a pids limit for pids.png.
cat >"$TMP/oom.scn" <<'SCN'
name: plot-oom
sample: 10ms
timeout: 30s
containers:
  - name: hog
    run: stress --vm 1 --vm-bytes 48m --vm-keep
    limits:
      memory: 24M
      memory-swap: 24M
      pids: 32
expect:
  - hog.oom_kills >= 1
SCN
cat >"$TMP/sweep.scn" <<'SCN'
name: plot-sweep
sample: 10ms
timeout: 30s
matrix:
  limit: [16M, 32M]
containers:
  - name: hog
    run: stress --vm 1 --vm-bytes 64m --vm-keep
    limits:
      memory: ${limit}
      memory-swap: ${limit}
expect:
  - max(hog.mem) <= ${limit}
SCN

if ! command -v gnuplot >/dev/null 2>&1; then
	# No gnuplot here (the v2 VM): what a user without it gets.
	lb run -o "$TMP/out" "$TMP/oom.scn" >"$TMP/o" 2>"$TMP/e"
	expect_eq "without gnuplot, run still passes" 0 $?
	check "it warns that gnuplot is missing" grep -q 'warning: no plots: .*gnuplot not found' "$TMP/e"
	check "the results are written" [ -s "$TMP/out/plot-oom/latest/summary.json" ]
	"$LB" plot "$TMP/out/plot-oom/latest" >"$TMP/o" 2>"$TMP/e"
	expect_eq "without gnuplot, plot exits 3" 3 $?
	check "plot says to install gnuplot" grep -q 'install gnuplot' "$TMP/e"
	exit 0
fi

lb run -o "$TMP/out" "$TMP/oom.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "the run passes" 0 $?
run_dir=$(cd "$TMP/out/plot-oom/latest" && pwd -P)
check "run draws mem, cpu and pids as PNG and SVG" valid_figures "$run_dir" mem cpu pids
check "no warning" sh -c "! grep -q warning '$TMP/e'"
check "the SVG names the run and the cgroup mode" \
	grep -q 'Memory: plot-oom, outcome pass' "$run_dir/mem.svg"
check "the SVG has the limit line in its key" grep -q 'hog limit 24 MiB' "$run_dir/mem.svg"
check "the SVG marks the OOM kill" grep -q 'OOM kill (hog)' "$run_dir/mem.svg"
check "the SVG shows the kernel's peak beside the sampled curve" \
	grep -q "hog peak 24.0 MiB (kernel's watermark)" "$run_dir/mem.svg"
check "the SVG has pids.max in its key" grep -q 'hog pids.max 32' "$run_dir/pids.svg"
check "the cpu SVG names the cpuset" grep -q 'hog cpu (cpuset ' "$run_dir/cpu.svg"
check "no temporary file is left" [ -z "$(find "$run_dir" -name '.*tmp*')" ]

rm -f "$run_dir"/*.png "$run_dir"/*.svg
"$LB" plot "$run_dir" >"$TMP/o" 2>"$TMP/e"
expect_eq "plot DIR exits 0" 0 $?
check "plot DIR redraws them from the files" valid_figures "$run_dir" mem cpu pids
check "plot DIR says what it drew" grep -q "3 figures drawn" "$TMP/o"

# A stall in events.tsv (as limitbench writes one) is shaded in the cpu figure, with a key;
# without one there is neither.
mkdir "$TMP/calm" "$TMP/stalled"
for f in summary.json samples.tsv; do cp "$run_dir/$f" "$TMP/calm/" && cp "$run_dir/$f" "$TMP/stalled/"; done
grep -v "${tab}stall${tab}" "$run_dir/events.tsv" >"$TMP/calm/events.tsv"
cp "$TMP/calm/events.tsv" "$TMP/stalled/events.tsv"
printf '0.2000\t\tstall\tno sample for 0.150 s (limitbench did not run)\n' >>"$TMP/stalled/events.tsv"
"$LB" plot "$TMP/calm" >"$TMP/o" 2>"$TMP/e" && "$LB" plot "$TMP/stalled" >"$TMP/o" 2>"$TMP/e"
expect_eq "plots with and without a stall exit 0" 0 $?
check "without a stall, none in the cpu key" sh -c "! grep -q 'limitbench stalled' '$TMP/calm/cpu.svg'"
check "a stall is in the cpu key" grep -q 'limitbench stalled (no sample)' "$TMP/stalled/cpu.svg"

rm -f "$run_dir"/*.png "$run_dir"/*.svg
"$LB" plot --term --size 100x30 "$run_dir" >"$TMP/o" 2>"$TMP/e"
expect_eq "plot --term exits 0" 0 $?
check "--term prints the memory figure as text" grep -q 'Memory: plot-oom, outcome pass' "$TMP/o"
check "--term prints the axis" grep -q 'time since start (s)' "$TMP/o"
check "--term prints the limit in the key" grep -q 'hog limit 24 MiB' "$TMP/o"
check "--term prints the cpu and pids figures" \
	sh -c "grep -q 'CPU: plot-oom' '$TMP/o' && grep -q 'Tasks: plot-oom' '$TMP/o'"
expect_eq "--term writes no file" 0 "$(count_images "$run_dir")"

lb run --no-plot -o "$TMP/np" "$TMP/oom.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "--no-plot run passes" 0 $?
check "--no-plot writes the results" [ -s "$TMP/np/plot-oom/latest/samples.tsv" ]
expect_eq "--no-plot draws nothing" 0 "$(count_images "$TMP/np")"

# A sweep, twice per value: each run's figures and the enforcement curve with error bars.
lb run --repeat 2 -o "$TMP/out" "$TMP/sweep.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "the sweep passes" 0 $?
scn_dir="$TMP/out/plot-sweep"
check "the sweep gets its enforcement curve" valid_figures "$scn_dir" enforcement-limit
check "the curve is of the memory limit" \
	grep -q 'Enforcement of the memory limit: plot-sweep' "$scn_dir/enforcement-limit.svg"
check "it shows the spread over repeats" grep -q 'mean +/- stddev' "$scn_dir/enforcement-limit.svg"
check "it draws y = x" grep -q 'y = x' "$scn_dir/enforcement-limit.svg"
expect_eq "4 run folders with mem.png each" 4 "$(find "$scn_dir" -name mem.png | wc -l | tr -d ' ')"
check "the figures of a repeat say which repeat" \
	grep -q 'Memory: plot-sweep/limit=16M, repeat 2/2, outcome pass' "$scn_dir"/*limit=16M-r2/mem.svg

find "$scn_dir" -name '*.png' -exec rm -f {} + -o -name '*.svg' -exec rm -f {} +
"$LB" plot "$scn_dir" >"$TMP/o" 2>"$TMP/e"
expect_eq "plot SCENARIO_DIR exits 0" 0 $?
check "it redraws every run and the curve (4 x mem, cpu + 1)" grep -q '9 figures drawn' "$TMP/o"
check "the curve is back" valid_figures "$scn_dir" enforcement-limit
"$LB" plot --term "$scn_dir" >"$TMP/o" 2>"$TMP/e"
check "--term on a scenario folder draws the curve" \
	grep -q 'Enforcement of the memory limit' "$TMP/o"

# The shards of the sweep (run --shard: each has one run of each limit) draw its curve as
# one, from all their runs: two per limit, so with error bars.
for i in 1 2; do
	lb run --no-plot --repeat 2 --shard $i/2 -o "$TMP/sh/s$i" "$TMP/sweep.scn" >"$TMP/o" 2>"$TMP/e"
	expect_eq "shard $i/2 of the sweep passes" 0 $?
done
"$LB" plot "$TMP/sh" >"$TMP/o" 2>"$TMP/e"
expect_eq "plot of a folder holding the shards exits 0" 0 $?
check "the curve is drawn once, in the first shard's folder" \
	valid_figures "$TMP/sh/s1/plot-sweep" enforcement-limit
check "... not in the second's" [ ! -e "$TMP/sh/s2/plot-sweep/enforcement-limit.png" ]
check "... from the runs of both" grep -q 'mean +/- stddev' "$TMP/sh/s1/plot-sweep/enforcement-limit.svg"
check "... and says so" grep -q 'the sweep from the runs of every folder of this scenario' "$TMP/o"
expect_eq "every run of both shards is drawn" 4 "$(find "$TMP/sh" -name mem.png | wc -l | tr -d ' ')"
rm -f "$TMP/sh/s1/plot-sweep/enforcement-limit.png" "$TMP/sh/s1/plot-sweep/enforcement-limit.svg"
"$LB" plot "$TMP/sh/s1/plot-sweep" >"$TMP/o" 2>"$TMP/e"
check "one shard alone: one run per limit" \
	grep -q 'one run per value' "$TMP/sh/s1/plot-sweep/enforcement-limit.svg"

# Missing pieces.
LIMITBENCH_GNUPLOT=/nonexistent/gnuplot lb run -o "$TMP/ng" "$TMP/oom.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "without gnuplot, run still passes" 0 $?
check "it warns that gnuplot is missing" grep -q 'warning: no plots: .*gnuplot not found' "$TMP/e"
expect_eq "the warning is said once" 1 "$(grep -c 'gnuplot not found' "$TMP/e")"
check "the results are written" [ -s "$TMP/ng/plot-oom/latest/summary.json" ]
expect_eq "and no figure" 0 "$(count_images "$TMP/ng")"
LIMITBENCH_GNUPLOT=/nonexistent/gnuplot "$LB" plot "$run_dir" >"$TMP/o" 2>"$TMP/e"
expect_eq "without gnuplot, plot exits 3" 3 $?
check "plot says to install gnuplot" grep -q 'install gnuplot (Debian: gnuplot-nox)' "$TMP/e"
LIMITBENCH_PLOTS=/nonexistent "$LB" plot "$run_dir" >"$TMP/o" 2>"$TMP/e"
expect_eq "no templates: plot exits 3" 3 $?
check "it names LIMITBENCH_PLOTS" grep -q 'LIMITBENCH_PLOTS=/nonexistent' "$TMP/e"
mkdir "$TMP/empty"
"$LB" plot "$TMP/empty" >"$TMP/o" 2>"$TMP/e"
expect_eq "a folder without results: exit 2" 2 $?
check "it says so" grep -q 'not a result folder' "$TMP/e"
"$LB" plot >"$TMP/o" 2>"$TMP/e"
expect_eq "no folder: exit 2" 2 $?
"$LB" plot --help >"$TMP/o" 2>&1
expect_eq "--help exits 0" 0 $?
check "--help tells of --term" grep -q -- '--term' "$TMP/o"
