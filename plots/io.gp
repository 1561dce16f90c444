# io.png / io.svg (drawn when a container has I/O counters, v2 io.stat or v1 with an io rate
# limit, and some I/O was counted): the bytes each container read and wrote per second over time, in MiB/s (from
# samples.tsv: io_read and io_write are the rates of io.stat rbytes / wbytes, or of v1's
# blkio.throttle.io_service_bytes_recursive), reads solid and writes dashed.  The stalls
# (events.tsv: limitbench did not run) are shaded: a rate across one is an average.
SCENARIO = {{SCENARIO}}
RUN = {{RUN}}
ENV = {{ENV}}
array CONTAINERS = {{CONTAINERS}}
N = |CONTAINERS|
name(i) = CONTAINERS[i]
$samples << EOD
{{SAMPLES}}
EOD
# t_from t_to of each stall
$stalls << EOD
{{STALLS}}
EOD
STALLS = 0
do for [k=1:|$stalls|] { STALLS = STALLS + (words($stalls[k]) == 2) }
STALL_COLOR = "#d9d9d9"
MIB = 1048576.0

set title sprintf("I/O: %s\n%s", RUN, ENV)
set xlabel "time since start (s)"
set ylabel "MiB/s (io.stat / blkio.throttle)"
set xrange [0:{{T_MAX}}]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
do for [k=1:|$stalls|] {
	if (words($stalls[k]) == 2) {
		set object k rectangle from real(word($stalls[k], 1)), graph 0 \
			to real(word($stalls[k], 2)), graph 1 behind fc rgb STALL_COLOR \
			fs solid noborder
	}
}
plot for [k=1:(STALLS > 0)] NaN with boxes fs solid fc rgb STALL_COLOR \
	title "limitbench stalled (no sample)", \
     for [i=1:N] $samples index (i-1) using 1:($7 / MIB) with steps lw 2 lt i \
	title name(i)." read", \
     for [i=1:N] $samples index (i-1) using 1:($8 / MIB) with steps lw 2 dt 2 \
	lt (TEXT ? N + i : i) title name(i)." write"
