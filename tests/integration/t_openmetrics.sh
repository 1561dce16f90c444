# run --openmetrics FILE: every container's and group's scalars and series summaries as
# gauges, labelled, in the text format node_exporter's textfile collector and the Pushgateway
# read; checked line by line by openmetrics_check.awk (the format's rules, here and in the
# v2 VM), and by promtool when there is one (PROMTOOL=path, or on PATH): Debian's prometheus
# package (96 MB with a server that its postinst starts) is not in DEB_TEST.
. "$(dirname "$0")/lib.sh"
checker=$(dirname "$0")/openmetrics_check.awk

cat >"$TMP/om.scn" <<'SCN'
name: om
sample: 20ms
timeout: 30s
matrix: { v: ["q\"uo\\te\nnext} 1", plain] }
groups:
  - { name: pod, limits: { memory: 100M } }
containers:
  - name: c
    group: pod
    run: [sh, -c, "exit 0"]
    env: { V: "${v}" }
    limits: { memory: 50M, cpus: 0.5 }
expect:
  - c.exit == 0
  - c.signal != "KILL"
SCN
"$LB" run --no-plot -o "$TMP/out" --openmetrics "$TMP/m.prom" "$TMP/om.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "run --openmetrics exits 0" 0 $?
check "the file is written" [ -s "$TMP/m.prom" ]
awk -f "$checker" "$TMP/m.prom" >"$TMP/problems"
expect_eq "the format's rules hold (HELP/TYPE, families together, labels, escapes, # EOF)" \
	"" "$(cat "$TMP/problems")"
check "the container's memory limit, labelled" grep -qx \
	'limitbench_mem_limit_bytes{scenario="om",params="v=plain",repeat="1",container="c",kind="container",runtime="limitbench"} 52428800' \
	"$TMP/m.prom"
check "the group's, as a group" grep -qx \
	'limitbench_mem_limit_bytes{scenario="om",params="v=plain",repeat="1",container="pod",kind="group",runtime="limitbench"} 104857600' \
	"$TMP/m.prom"
check "a label value's quote, backslash and newline escaped" grep -q \
	'params="v=q\\"uo\\\\te\\nnext} 1",repeat="1",container="c"' "$TMP/m.prom"
check "a series summary" grep -q '^limitbench_mem_bytes{scenario="om",params="v=plain",.*,stat="max"} [0-9]' "$TMP/m.prom"
check "the run passed" grep -q '^limitbench_run_passed{scenario="om",params="v=plain",repeat="1",runtime="limitbench",outcome="pass"} 1$' "$TMP/m.prom"
check "an expectation, its quotes escaped" grep -qx \
	'limitbench_expectation_passed{scenario="om",params="v=plain",repeat="1",runtime="limitbench",expectation="c.signal != \\"KILL\\"",result="pass"} 1' \
	"$TMP/m.prom"
expect_eq "# EOF last" "# EOF" "$(tail -n 1 "$TMP/m.prom")"

# the checker catches what it is there for
printf '# TYPE a gauge\na{x="\\q"} 1\n# TYPE b gauge\nb 1\na 2\n' >"$TMP/bad.prom"
check "the checker fails a bad escape, a split family and a missing # EOF" \
	sh -c "! awk -f '$checker' '$TMP/bad.prom' >'$TMP/p2' && [ \$(wc -l <'$TMP/p2') -ge 3 ]"

promtool=${PROMTOOL:-$(command -v promtool 2>/dev/null)}
if [ -n "$promtool" ]; then
	check "promtool check metrics accepts it" sh -c "'$promtool' check metrics <'$TMP/m.prom'"
fi

"$LB" run --no-plot -o "$TMP/out2" --openmetrics "$TMP/nope/m.prom" "$TMP/om.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "--openmetrics into a folder that is not there exits 2" 2 $?
check "before anything ran" [ ! -e "$TMP/out2/om" ]
