# Hostile text in data never runs and never reaches a terminal, a CI comment or a figure as
# code: matrix values and a description (`run`), and every string field of a hand-edited
# result folder (`plot`), carrying backquotes, system(), quotes, line breaks, a line "EOD",
# @macros, %s, HTML and escape sequences.  No marker file may appear; the figures are still
# drawn, showing the text literally; the table, JUnit and Markdown carry it as text.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/run_lib.sh"

M="$TMP/marks"
mkdir "$M"
esc=$(printf '\033')
# no_marks: no command of the data ran (each would have touched a file in $M)
no_marks() {
	[ -z "$(ls -A "$M")" ]
}
# no_esc FILE...: no ESC byte (an escape sequence a terminal would obey)
no_esc() {
	! grep -q "$esc" "$@"
}
is_png() {
	[ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e47" ]
}
valid_figures() {
	vf_dir=$1
	shift
	for f in "$@"; do
		is_png "$vf_dir/$f.png" && grep -q '<svg' "$vf_dir/$f.svg" || return 1
	done
}
# in_file FILE TEXT: TEXT is in FILE, as it is (grep -F)
in_file() {
	grep -qF -- "$2" "$1"
}
have_gnuplot=false
command -v gnuplot >/dev/null 2>&1 && have_gnuplot=true

# --- run: matrix values and a description ------------------------------------------------
# Two values of tag, each swept with two limits: run names, folder names, the enforcement
# curves' titles and JUnit classnames all carry them.
cat >"$TMP/h.scn.in" <<'SCN'
name: hostile
description: "d`touch MARK/desc`'\"\n@RUN EOD system(\"touch MARK/desc2\") \e[31mred\e]0;title\a"
sample: 10ms
timeout: 30s
matrix:
  limit: [16M, 32M]
  tag: ["a`touch MARK/bq`b", "s'q\"d\nEOD\nsystem(\"touch MARK/sys\") @RUN \e[31m|<b>x</b> %s"]
containers:
  - name: hog
    run: stress --vm 1 --vm-bytes 8m --vm-keep
    duration: 300ms
    env: { TAG: "${tag}" }
    limits: { memory: "${limit}", memory-swap: "${limit}" }
expect:
  - max(hog.mem) <= ${limit}
SCN
sed "s|MARK|$M|g" "$TMP/h.scn.in" >"$TMP/h.scn"

lb run -o "$TMP/out" --junit "$TMP/j.xml" "$TMP/h.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "run with hostile matrix values passes" 0 $?
check "no command of a matrix value or the description ran" no_marks
expect_eq "four runs" 4 "$(ls "$TMP/out/hostile"/2*/summary.json | wc -l | tr -d ' ')"
check "the table and progress hold no escape sequence" no_esc "$TMP/o" "$TMP/e"
check "a line break in a run name is shown escaped, on the run's line" \
	in_file "$TMP/o" "hostile/limit=16M,tag=s'q\"d\\nEOD\\nsystem(\"touch $M/sys\") @RUN \\e[31m|<b>x</b> %s  pass"
check "the backquotes are shown as they are" in_file "$TMP/o" "hostile/limit=16M,tag=a\`touch $M/bq\`b  pass"
check "the JUnit file holds no escape sequence" no_esc "$TMP/j.xml"
expect_eq "the JUnit file has a testcase per run" 4 "$(grep -c '<testcase' "$TMP/j.xml")"
check "the JUnit classname carries the value, XML-escaped" \
	in_file "$TMP/j.xml" "classname=\"hostile.limit=16M,tag=s&apos;q&quot;d&#10;EOD&#10;system(&quot;touch .tmp"

# check: a diagnostic quotes the file (an unknown key with an escape sequence in it)
printf 'name: k\n"x\\e]0;title\\a\\e[2J": 1\ncontainers: [{name: a, run: "true"}]\n' >"$TMP/k.scn"
"$LB" check "$TMP/k.scn" >"$TMP/o" 2>"$TMP/e"
expect_eq "check of a scenario with a hostile key exits 2" 2 $?
check "its diagnostic holds no escape sequence" no_esc "$TMP/e"
check "it shows the key escaped" in_file "$TMP/e" 'x\e]0;title\x07\e[2J'

# compare --markdown: each name one code span, nothing of it markup; text: one line each.
scn="$TMP/out/hostile"
"$LB" compare --markdown "$scn" "$scn" >"$TMP/md" 2>"$TMP/e"
expect_eq "compare --markdown of the run with itself exits 0" 0 $?
check "the Markdown holds no escape sequence" no_esc "$TMP/md"
check "a run name is a code span, its | escaped in a cell" \
	sh -c "grep -q '^#### \`hostile/limit=16M,tag=s' '$TMP/md'"
expect_eq "no line of the Markdown starts with the data (EOD, system)" 0 \
	"$(grep -c -e '^EOD' -e '^system' "$TMP/md")"
"$LB" compare "$scn" "$scn" >"$TMP/txt" 2>"$TMP/e"
check "compare's text holds no escape sequence" no_esc "$TMP/txt"

if $have_gnuplot; then
	drawn=0
	for rd in "$scn"/2*; do
		valid_figures "$rd" mem cpu && drawn=$((drawn + 1))
	done
	expect_eq "every run's figures are drawn" 4 "$drawn"
	check "the enforcement curve is drawn" valid_figures "$scn" enforcement-limit
	rd=$(ls -d "$scn"/*limit=16M-tag=s_*)
	check "the SVG shows the run name literally (the line break escaped, XML-escaped)" \
		in_file "$rd/mem.svg" "Memory: hostile/limit=16M,tag=s'q\"d\\nEOD\\nsystem(\"touch $M/sys\") @RUN \\e[31m|&lt;b>x&lt;/b> %s, outcome pass"
	check "the curve's title shows the value literally" \
		in_file "$scn/enforcement-limit.svg" "hog (tag=a\`touch $M/bq\`b)"
	check "the SVG holds no escape sequence" no_esc "$rd/mem.svg" "$scn/enforcement-limit.svg"
fi

# --- plot: a hand-edited result folder ------------------------------------------------------
# Every string of summary.json (the container's name, a key, too) is hostile; samples.tsv and
# events.tsv name the same container (a TSV field holds no tab or line break).
R="$TMP/edited"
mkdir "$R"
cat >"$R/summary.json.in" <<'JSON'
{
  "limitbench": "v`touch MARK/j-ver`",
  "scenario": {
    "name": "s`touch MARK/j-scn`'\"q system(\"touch MARK/j-scn2\") @RUN\nEOD\nsystem(\"touch MARK/j-scn3\")\n\u001b[31m <b>&amp;</b> %s",
    "file": "f`touch MARK/j-file`",
    "sha256": "`touch MARK/j-sha`",
    "description": "d`touch MARK/j-desc`\nEOD\nsystem(\"touch MARK/j-desc2\")"
  },
  "run": "r`touch MARK/j-run`'\"q system(\"touch MARK/j-run2\") @RUN\nEOD\nsystem(\"touch MARK/j-run3\")\n\u001b]0;title\u0007 %s %d",
  "params": { "p`touch MARK/j-pk`\nEOD": "v`touch MARK/j-pv`'\"\nEOD\nsystem(\"touch MARK/j-pv2\")" },
  "repeat": { "index": 1, "count": 2 },
  "started_at": "`touch MARK/j-at`",
  "duration_s": "`touch MARK/j-dur`",
  "outcome": "o`touch MARK/j-out`'\"\nEOD\nsystem(\"touch MARK/j-out2\")",
  "environment": {
    "kernel": "k`touch MARK/j-kern`'\"q system(\"touch MARK/j-kern2\") @ENV\nEOD\nsystem(\"touch MARK/j-kern3\")",
    "cgroup_mode": "m`touch MARK/j-mode`\u001b[2J",
    "backend": "b`touch MARK/j-be`'\"",
    "controllers": ["`touch MARK/j-ctl`"],
    "cpus": "`touch MARK/j-cpus`",
    "limitbench_version": "`touch MARK/j-lbv`"
  },
  "containers": {
    "c`touch MARK/c-bq` 'q\"d system(\"touch MARK/c-sys\") @RUN EOD %s <i>&": {
      "limits_asked": { "memory": "`touch MARK/j-am`", "cpus": "1`touch MARK/j-ac`", "pids": 32 },
      "limits_applied": {
        "mem_limit": 25165824,
        "cpu_quota": "0.5`touch MARK/j-q`",
        "cpu_weight": 1024,
        "cpuset": "0`touch MARK/j-cs`'\"\nEOD\nsystem(\"touch MARK/j-cs2\")",
        "pids_max": 32
      },
      "metrics": { "mem_peak": 25165824, "pids_peak": 2, "cpus_used": "`touch MARK/j-cu`",
                   "signal": "`touch MARK/j-sig`" },
      "series": { "cpu": { "mean": 0.5 } }
    }
  },
  "expectations": [
    { "text": "`touch MARK/j-et`\nEOD", "result": "pass`touch MARK/j-er`",
      "message": "`touch MARK/j-em`" }
  ]
}
JSON
sed "s|MARK|$M|g" "$R/summary.json.in" >"$R/summary.json"
rm "$R/summary.json.in"
ctr="c\`touch $M/c-bq\` 'q\"d system(\"touch $M/c-sys\") @RUN EOD %s <i>&"
{
	printf 't_s\tcontainer\tmem\trss\tswap\tcpu\tpids\n'
	for t in 0.0100 0.0500 0.1000 0.1500; do
		printf '%s\t%s\t1048576\t2097152\t0\t0.5\t2\n' "$t" "$ctr"
	done
} >"$R/samples.tsv"
{
	printf 't_s\tcontainer\tevent\tdetail\n'
	printf '0.0100\t%s\tstart\t`touch %s/ev-start`\n' "$ctr" "$M"
	printf '0.1400\t%s\toom_kill\tkill 1 `touch %s/ev-oom` EOD\n' "$ctr" "$M"
	printf '0.1500\t%s\tstall\tno sample for 0.050 s `touch %s/ev-stall`\n' "$ctr" "$M"
	printf '0.1500\tEOD\tEOD\tEOD\n'
} >"$R/events.tsv"

# ~/.gnuplot is code gnuplot would run at start: $HOME is the environment, not ours.
mkdir "$TMP/home"
printf 'system("touch %s/home-rc")\n' "$M" >"$TMP/home/.gnuplot"
HOME="$TMP/home" "$LB" plot "$R" >"$TMP/o" 2>"$TMP/e"
rc=$?
if $have_gnuplot; then
	expect_eq "plot of the edited folder exits 0 (gnuplot too)" 0 $rc
	check "no command of a string of the result files ran (nor ~/.gnuplot)" no_marks
	check "mem, cpu and pids are drawn" valid_figures "$R" mem cpu pids
	check "the title shows the run literally" \
		in_file "$R/mem.svg" "Memory: r\`touch $M/j-run\`'\"q system(\"touch $M/j-run2\") @RUN\\nEOD\\nsystem(\"touch $M/j-run3\")\\n\\e]0;title\\x07 %s %d, repeat 1/2, outcome o\`touch $M/j-out\`'\"\\nEOD"
	check "and the environment" \
		in_file "$R/mem.svg" "kernel k\`touch $M/j-kern\`'\"q system(\"touch $M/j-kern2\") @ENV\\nEOD"
	check "the key shows the container's name literally (XML-escaped)" \
		in_file "$R/mem.svg" "c\`touch $M/c-bq\` 'q\"d system(\"touch $M/c-sys\") @RUN EOD %s &lt;i>&amp; mem (cgroup usage)"
	check "the OOM kill is marked with the name" \
		in_file "$R/mem.svg" "OOM kill (c\`touch $M/c-bq\`"
	check "the cpuset is shown literally" in_file "$R/cpu.svg" "(cpuset 0\`touch $M/j-cs\`'\"\\nEOD"
	check "no figure holds an escape sequence" no_esc "$R/mem.svg" "$R/cpu.svg" "$R/pids.svg"
	check "plot's own output holds none" no_esc "$TMP/o" "$TMP/e"
	HOME="$TMP/home" "$LB" plot --term "$R" >"$TMP/o" 2>"$TMP/e"
	expect_eq "plot --term of it exits 0" 0 $?
	check "no command ran" no_marks
	check "--term output holds no escape sequence (mono)" no_esc "$TMP/o"

	# A folder named like a pipe ("|cmd" to gnuplot's set output) is only a name.
	mkdir "$M/|touch pwned;:"
	cp "$R/summary.json" "$R/samples.tsv" "$R/events.tsv" "$M/|touch pwned;:/"
	(cd "$M" && "$LB" plot "|touch pwned;:") >"$TMP/o" 2>"$TMP/e"
	expect_eq "plot of a folder named |touch pwned;: exits 0" 0 $?
	check "no pipe was opened" [ ! -e "$M/pwned" ]
	check "the figures are in that folder" valid_figures "$M/|touch pwned;:" mem
	rm -rf "$M/|touch pwned;:"
else
	expect_eq "without gnuplot, plot of the edited folder exits 3" 3 $rc
	check "no command of a string of the result files ran" no_marks
fi
check "nothing else ran" no_marks
