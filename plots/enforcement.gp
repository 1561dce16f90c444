# enforcement-<param>.png / .svg: the enforcement curve of a sweep (OUT/<scenario>/).  Each
# swept limit (x) against what was measured under it (y), one curve per container (and per
# combination of the other parameters); mean +/- standard deviation over the repeats when
# there are several.  The dashed y = x line is where a measurement meets its limit exactly:
# usage below it stayed inside the limit, a point above it went past the limit.
SCENARIO = {{SCENARIO}}
ENV = {{ENV}}
WHAT = {{WHAT}}
NOTE = {{NOTE}}
# The curves' names, one per block of $points, and 1 when there are error bars to draw.
array TITLES = {{TITLES}}
N = |TITLES|
ERRORBARS = {{ERRORBARS}}
# One block per curve: x (limit), y (mean measured), stddev, repeats.
$points << EOD
{{POINTS}}
EOD

set title sprintf("Enforcement of %s: %s\n%s; %s", WHAT, SCENARIO, ENV, NOTE)
set xlabel {{XLABEL}}
set ylabel {{YLABEL}}
set xrange [0:{{X_MAX}}]
set yrange [0:{{X_MAX}}]
set offsets 0, 0, graph 0.08, 0
# Error bars only when there is a spread to show (gnuplot macros: @NAME is the text of NAME).
STYLE = ERRORBARS ? "yerrorlines" : "linespoints"
COLUMNS = ERRORBARS ? "1:2:3" : "1:2"
plot x with lines lw 1.5 dt 2 lc rgb "#555555" title "y = x (measured = limit)", \
     for [i=0:N-1] $points index i using @COLUMNS with @STYLE \
	lw 2 pt 7 ps 1.2 lt (i+1) title TITLES[i + 1]
