# Where a figure goes and how every figure of limitbench looks.  limitbench puts this in
# front of each figure (plots/mem.gp, cpu.gp, pids.gp, enforcement.gp), once per format,
# with the placeholders filled in: FORMAT is png, svg or dumb (text on stdout, for
# `limitbench plot --term`), OUTPUT the file to write (in gnuplot's working folder, the
# figure's), COLS and ROWS the size of a text figure, COLOR 1 for ANSI colours (a
# terminal), else 0.  (Placeholders are names in double braces; comments must not hold any.)
# limitbench fills each with a quoted string, a number or an array of them, never with
# code: no name, path or value read from a file or the environment is run (plot.h).
FORMAT = {{FORMAT}}
if (FORMAT eq "png") {
	set terminal pngcairo size 1200,720 font "DejaVu Sans,12" noenhanced linewidth 1.5
	set output {{OUTPUT}}
}
if (FORMAT eq "svg") {
	set terminal svg size 1200,720 font "DejaVu Sans,12" noenhanced dynamic background rgb "white"
	set output {{OUTPUT}}
}
if (FORMAT eq "dumb") {
	if ({{COLOR}}) {
		set terminal dumb size {{COLS}},{{ROWS}} noenhanced ansi
	} else {
		set terminal dumb size {{COLS}},{{ROWS}} noenhanced mono
	}
	set output
}
reset session
# Text has one character per line type and no dashes: there, each kind of curve (usage,
# limit) gets line types of its own (see TEXT in the figures).
TEXT = GPVAL_TERM eq "dumb"
# One colour per container, the same in every figure of a run.
set linetype 1 lc rgb "#1f77b4"
set linetype 2 lc rgb "#ff7f0e"
set linetype 3 lc rgb "#2ca02c"
set linetype 4 lc rgb "#9467bd"
set linetype 5 lc rgb "#8c564b"
set linetype 6 lc rgb "#e377c2"
set linetype 7 lc rgb "#17becf"
set linetype 8 lc rgb "#bcbd22"
set linetype cycle 8
set border 3
set tics nomirror out
set key samplen 3 spacing 1.1
# The key goes under the figure, where no curve (a limit, usage pressed against it) can be
# drawn over it.  Text figures stay bare: grid lines are noise in characters.
set key below left Left reverse maxrows 4
if (GPVAL_TERM ne "dumb") {
	set grid xtics ytics lc rgb "#cccccc" lw 1 dt 1
}
set datafile missing "NaN"
MiB = 1048576.0
