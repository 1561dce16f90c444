#!/bin/bash
# make bench: every benchmark, then one summary (results/summary.md, also printed).
# A benchmark that cannot run is reported as such; the others still run.
#
#   bench/run.sh [start] [sampler]     (default: both)
set -uo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(start sampler)
mkdir -p "$results_dir"
status=0
for p in "${parts[@]}"; do
	case $p in
	start | sampler) ;;
	*) die "unknown benchmark '$p' (start, sampler)" ;;
	esac
	rm -f "$results_dir/$p-summary.md"
	if ! "$bench_dir/$p.sh"; then
		log "bench: $p failed"
		status=1
		printf '## %s\n\nThe benchmark failed: see its output above.\n' "$p" \
			>"$results_dir/$p-summary.md"
	fi
done

{
	echo "# limitbench benchmarks"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), limitbench $(git -C "$root_dir" describe --always --dirty 2>/dev/null || echo '?'), $(uname -r), $(nproc) CPUs."
	for p in start sampler; do
		if [ -f "$results_dir/$p-summary.md" ]; then
			echo
			cat "$results_dir/$p-summary.md"
		fi
	done
} >"$results_dir/summary.md"
echo
echo "==================================== summary ===================================="
cat "$results_dir/summary.md"
echo
echo "(written to ${results_dir#"$root_dir"/}/summary.md)"
exit $status
