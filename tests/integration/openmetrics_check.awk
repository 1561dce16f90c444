# A strict check of the text that `run --openmetrics` writes, by the rules of the
# Prometheus text format 0.0.4 and OpenMetrics 1.0 that it keeps to (POSIX awk: it runs
# under busybox in the v2 VM too, where there is no promtool).  Prints each problem as
# "LINE: problem" and exits 1 when there is one.
#
#   # HELP name text          once per family, before its samples
#   # TYPE name gauge         once per family, before its samples
#   name{l="v",...} value     name = the family's; labels [a-zA-Z_][a-zA-Z0-9_]*, values
#                             with only \\ \" \n as escapes; value a float, +Inf, -Inf, NaN
#   # EOF                     the last line, once
# A family's samples come together; no two samples share a name and label set.
function bad(msg) { printf "%d: %s\n", NR, msg; errors++ }
function family_start(name) {
	if (name in done) bad("family " name " appears a second time")
	if (cur != "" && cur != name) done[cur] = 1
	cur = name
}
{
	if (eof) bad("a line after # EOF")
	if ($0 ~ /^# EOF$/) { eof = 1; next }
	if ($0 ~ /^# HELP /) {
		name = $3
		if (name !~ /^[a-zA-Z_:][a-zA-Z0-9_:]*$/) bad("bad metric name in HELP: " name)
		family_start(name)
		if (name in help) bad("a second HELP for " name)
		if (name in sampled) bad("HELP after the samples of " name)
		help[name] = 1
		next
	}
	if ($0 ~ /^# TYPE /) {
		name = $3
		family_start(name)
		if (name in type) bad("a second TYPE for " name)
		if (name in sampled) bad("TYPE after the samples of " name)
		if ($4 != "gauge" || NF != 4) bad("TYPE of " name " is not 'gauge': " $0)
		type[name] = 1
		next
	}
	if ($0 ~ /^#/) { bad("an unknown comment line: " $0); next }
	if (!match($0, /^[a-zA-Z_:][a-zA-Z0-9_:]*/)) { bad("no metric name: " $0); next }
	name = substr($0, 1, RLENGTH)
	rest = substr($0, RLENGTH + 1)
	if (!(name in type)) bad("a sample of " name " before its TYPE")
	if (name != cur) bad("a sample of " name " outside its family's block")
	sampled[name] = 1
	labels = ""
	if (substr(rest, 1, 1) == "{") {
		rest = substr(rest, 2)
		seen_keys = ","
		while (substr(rest, 1, 1) != "}") {
			if (!match(rest, /^[a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\[\\"n])*"/)) {
				bad("a bad label at: " rest)
				next
			}
			pair = substr(rest, 1, RLENGTH)
			key = substr(pair, 1, index(pair, "=") - 1)
			if (index(seen_keys, "," key ",")) bad("label " key " twice")
			seen_keys = seen_keys key ","
			labels = labels pair ","
			rest = substr(rest, RLENGTH + 1)
			if (substr(rest, 1, 1) == ",") {
				rest = substr(rest, 2)
				if (substr(rest, 1, 1) == "}") { bad("a trailing comma in the labels"); next }
			} else if (substr(rest, 1, 1) != "}") {
				bad("a bad label separator at: " rest)
				next
			}
		}
		rest = substr(rest, 2)
	}
	if (rest !~ /^ ([-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]Inf|NaN)$/)
		bad("a bad value (or a timestamp) in: " $0)
	if ((name "{" labels) in series) bad("a second sample with the same labels: " $0)
	series[name "{" labels] = 1
	samples++
}
END {
	if (!eof) bad("no # EOF at the end")
	if (!samples) bad("no sample at all")
	exit errors > 0
}
