#!/bin/sh
# run.sh BUILD SECONDS NAME...: `make fuzz`. Runs the libFuzzer target BUILD/fuzz/fuzz_NAME of
# each NAME at once, each for SECONDS, on BUILD/corpus/NAME: a writable copy of the seeds in
# tests/fuzz/NAME/ and of the inputs already found (tests/fuzz/found/NAME-*), which grows as
# the fuzzer finds new paths. A crash, leak, timeout or out-of-memory input is saved as
# BUILD/found/NAME-KIND-HASH; its log is BUILD/NAME.log. FUZZ_ARGS adds libFuzzer options.
# Exit status 1 when anything was found.
set -u
build=$1 seconds=$2
shift 2
mkdir -p "$build/found"
pids=""
for name in "$@"; do
	corpus="$build/corpus/$name"
	mkdir -p "$corpus"
	[ -d "tests/fuzz/$name" ] && cp -n "tests/fuzz/$name"/* "$corpus/" 2>/dev/null
	for f in tests/fuzz/found/"$name"-*; do
		[ -f "$f" ] && cp -n "$f" "$corpus/"
	done
	echo "fuzz_$name: $seconds s on $corpus ($(ls "$corpus" | wc -l) inputs), log $build/$name.log"
	# -timeout: an input slower than 10 s is a finding; -rss_limit_mb: so is one needing 2 GB.
	# tests/fuzz/NAME.dict: words of the format, which random bytes take long to spell.
	dict=""
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	"$build/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$build/found/$name-" $dict ${FUZZ_ARGS:-} \
		"$corpus" >"$build/$name.log" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done
found=0
for name in "$@"; do
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$name.log" | tail -n 1)
	echo "fuzz_$name: ${runs:-?} runs, corpus $(ls "$build/corpus/$name" | wc -l) inputs"
	for f in "$build/found/$name"-*; do
		[ -f "$f" ] || continue
		found=1
		echo "  found $f: $(grep -m 1 -E 'ERROR: |runtime error|SUMMARY' "$build/$name.log" | cut -c 1-150)"
	done
done
if [ "$found" = 1 ]; then
	echo "Inputs were found: copy each to tests/fuzz/found/NAME-SHORT-NAME so that make test replays it."
	exit 1
fi
echo "Nothing found."
