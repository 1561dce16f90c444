# pressure.png / pressure.svg (drawn where the kernel gave psi_* series: cgroup v2 with PSI
# on): for each container the share of each interval in which some of its tasks stalled
# waiting for a CPU (solid), for memory (dashed) and for I/O (dotted), from the total= of the
# "some" lines of cpu.pressure, memory.pressure and io.pressure (samples.tsv's psi_cpu,
# psi_mem, psi_io; the _full shares are in samples.tsv, not drawn).  1 is the whole interval.
SCENARIO = {{SCENARIO}}
RUN = {{RUN}}
ENV = {{ENV}}
array CONTAINERS = {{CONTAINERS}}
N = |CONTAINERS|
name(i) = CONTAINERS[i]
# t, psi_cpu, psi_mem, psi_io: a block per container
$psi << EOD
{{PSI}}
EOD

set title sprintf("Pressure (PSI some): %s\n%s", RUN, ENV)
set xlabel "time since start (s)"
set ylabel "share of time stalled"
set xrange [0:{{T_MAX}}]
set yrange [0:1.05]
set key top right
plot for [i=1:N] $psi index (i-1) using 1:2 with lines lw 2 dt 1 lt i \
	title name(i)." cpu", \
     for [i=1:N] $psi index (i-1) using 1:3 with lines lw 2 dt 2 lt i \
	title name(i)." memory", \
     for [i=1:N] $psi index (i-1) using 1:4 with lines lw 2 dt 3 lt i \
	title name(i)." io"
