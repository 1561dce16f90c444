# cpu.png / cpu.svg: CPU used by each container over time in cores (from samples.tsv: the
# cpu column is the rate of cpuacct.usage / cpu.stat usage_usec), its CPU quota as a dashed
# line (limits_applied.cpu_quota) and its cpuset (and cpu weight, when cpu-shares or
# cpu-weight were asked) in the legend.  The stalls (events.tsv: limitbench did not run) are shaded: the
# kernel charges a stall to whatever ran, and a CPU split evens out only after it.
SCENARIO = {{SCENARIO}}
RUN = {{RUN}}
ENV = {{ENV}}
# Per container: its name, quota (cores), cpuset ("": all) and weight (NaN: not asked for).
array CONTAINERS = {{CONTAINERS}}
array QUOTAS = {{CPU_QUOTAS}}
array CPUSETS = {{CPUSETS}}
array WEIGHTS = {{CPU_WEIGHTS}}
N = |CONTAINERS|
name(i) = CONTAINERS[i]
quota(i) = QUOTAS[i]
weight(i) = WEIGHTS[i] == WEIGHTS[i] ? sprintf(", weight %g", WEIGHTS[i]) : ""
cpuset(i) = sprintf(" (cpuset %s%s)", CPUSETS[i] eq "" ? "all" : CPUSETS[i], weight(i))
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

set title sprintf("CPU: %s\n%s", RUN, ENV)
set xlabel "time since start (s)"
set ylabel "CPU used (cores)"
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
     for [i=1:N] quota(i) with lines lw 2 dt 2 lt (TEXT ? N + i : i) \
	title (quota(i) == quota(i) ? sprintf("%s quota %g cores", name(i), quota(i)) : ""), \
     for [i=1:N] $samples index (i-1) using 1:5 with lines lw 2 lt i \
	title name(i)." cpu".cpuset(i)
