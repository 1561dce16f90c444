# mem.png / mem.svg: memory of each container over time (from samples.tsv: usage, RSS and,
# when it swapped, swap), its memory limit as a dashed line (limits_applied.mem_limit of
# summary.json) and beside it its memory.high, where it has one (limits_applied.mem_high, a
# dash-dotted line: usage above it is throttled and reclaimed, not killed), the kernel's own peak (metrics.mem_peak: a watermark that no sample can
# miss, where the sampled curve can) as a thin line with a mark at the right end, and the
# OOM kills (events.tsv) marked where they happened.
SCENARIO = {{SCENARIO}}
RUN = {{RUN}}
ENV = {{ENV}}
# The containers, in the order of the blocks of $samples, and their limits in bytes (NaN: none).
array CONTAINERS = {{CONTAINERS}}
array LIMITS = {{MEM_LIMITS}}
array PEAKS = {{MEM_PEAKS}}
# memory.high in bytes (NaN: none, or v1, which has no such file).
array HIGHS = {{MEM_HIGHS}}
# 1 for a container that swapped at all: only those get a swap curve.
array SWAPPED = {{SWAPPED}}
N = |CONTAINERS|
name(i) = CONTAINERS[i]
limit(i) = LIMITS[i] / MiB
peak(i) = PEAKS[i] / MiB
high(i) = HIGHS[i] / MiB
swapped(i) = SWAPPED[i]
# One block per container: t_s mem rss swap cpu pids
$samples << EOD
{{SAMPLES}}
EOD
# t_s, memory (bytes) at that time, container (its number in CONTAINERS)
$oom << EOD
{{OOM_KILLS}}
EOD
OOM = |$oom| > 0

set title sprintf("Memory: %s\n%s", RUN, ENV)
set xlabel "time since start (s)"
set ylabel "memory (MiB)"
# A little room on the right for a mark at the very end (an OOM kill often is).
set xrange [0:{{T_MAX}} * 1.03]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
# The limits first, so that usage pressed against its limit is drawn over it.
plot for [i=1:N] limit(i) with lines lw 2 dt 2 lt (TEXT ? 2 * N + i : i) \
	title (limit(i) == limit(i) ? sprintf("%s limit %.0f MiB", name(i), limit(i)) : ""), \
     for [i=1:N] for [k=1:(high(i) == high(i))] high(i) with lines lw 2 dt 5 \
	lt (TEXT ? 5 * N + i : i) title sprintf("%s memory.high %.0f MiB", name(i), high(i)), \
     for [i=1:N] for [k=1:(peak(i) == peak(i))] peak(i) with lines lw 1 dt 1 \
	lt (TEXT ? 4 * N + i : i) notitle, \
     for [i=1:N] for [k=1:(peak(i) == peak(i))] '+' using ({{T_MAX}} * 1.015):(peak(i)) \
	every ::0::0 with points pt 7 ps 1.2 lt (TEXT ? 4 * N + i : i) \
	title sprintf("%s peak %.1f MiB (kernel's watermark)", name(i), peak(i)), \
     for [i=1:N] $samples index (i-1) using 1:($2/MiB) with lines lw 2 lt i \
	title name(i)." mem (cgroup usage)", \
     for [i=1:N] $samples index (i-1) using 1:($3/MiB) with lines lw 1 dt 3 lt (TEXT ? N + i : i) \
	title name(i)." rss (sum of VmRSS)", \
     for [i=1:N] for [k=1:swapped(i)] $samples index (i-1) using 1:($4/MiB) with lines lw 1.5 \
	dt 4 lt (TEXT ? 3 * N + i : i) title name(i)." swap", \
     for [k=1:OOM] $oom using 1:($2/MiB) with points pt 9 ps 2.5 lc rgb "#d62728" \
	title "OOM kill", \
     for [k=1:OOM] $oom using 1:($2/MiB):(sprintf("OOM kill (%s)", name(int($3)))) \
	with labels right offset 1,1.6 tc rgb "#d62728" notitle
