# pids.png / pids.svg (drawn when a container has a pids limit): the number of tasks of each
# container over time (pids.current) and its pids.max as a dashed line.
SCENARIO = {{SCENARIO}}
RUN = {{RUN}}
ENV = {{ENV}}
array CONTAINERS = {{CONTAINERS}}
array LIMITS = {{PIDS_MAX}}
N = |CONTAINERS|
name(i) = CONTAINERS[i]
limit(i) = LIMITS[i]
$samples << EOD
{{SAMPLES}}
EOD

set title sprintf("Tasks: %s\n%s", RUN, ENV)
set xlabel "time since start (s)"
set ylabel "tasks (pids.current)"
set xrange [0:{{T_MAX}}]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
plot for [i=1:N] limit(i) with lines lw 2 dt 2 lt (TEXT ? N + i : i) \
	title (limit(i) == limit(i) ? sprintf("%s pids.max %.0f", name(i), limit(i)) : ""), \
     for [i=1:N] $samples index (i-1) using 1:6 with steps lw 2 lt i title name(i)." pids"
