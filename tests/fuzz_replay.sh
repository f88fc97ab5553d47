# fuzz_replay.sh: every saved fuzz input goes through the code it was made for without a crash
# (exit status below 128) and without a sanitizer report: the seeds in tests/fuzz/grad/,
# tests/fuzz/lesson/ and tests/fuzz/state/, and what fuzzing found, tests/fuzz/found/NAME-*.
# Each fuzz target, built with a plain main and the sanitizers ($GRADLAB_FUZZ_REPLAY/replay_NAME,
# which make check-tests builds), replays its inputs; then the grad inputs go through
# `gradlab grad FILE` and the lesson inputs through `gradlab lessons --lint`, the real binary.
# An input added to those folders is picked up with nothing else to change.
. tests/lib.sh
replay=${GRADLAB_FUZZ_REPLAY:-build-asan/fuzz}
d=$(mktemp -d)
trap 'rm -rf "$d" "$t_out"' EXIT

# survives WHAT CMD...: CMD ends by itself with a status below 128 and prints no sanitizer
# report. A run that goes on for 10 minutes is stopped and counts as a failure (a slow input
# is a finding too, but one that a correct program needs well under a second for).
survives() {
	what=$1
	shift
	timeout -s KILL 600 "$@" >"$d/out" 2>&1 </dev/null
	rc=$?
	if [ "$rc" -ge 128 ] || grep -Eq 'Sanitizer|runtime error:' "$d/out"; then
		echo "FAIL: $what: exit $rc"
		grep -E 'replay |Sanitizer|runtime error|^ *#[0-9] ' "$d/out" | tail -n 12 | sed 's/^/    /'
		t_fail=$((t_fail + 1))
	else
		t_pass=$((t_pass + 1))
	fi
}

n_inputs=0
for name in grad lesson state step; do
	bin=$replay/replay_$name
	if [ ! -x "$bin" ]; then
		echo "FAIL: $bin is not built (make check-tests builds it)"
		t_fail=$((t_fail + 1))
		continue
	fi
	# the seeds in one run; each input found in a run of its own, so that every one is named
	survives "replay_$name tests/fuzz/$name" "$bin" "tests/fuzz/$name"
	n_inputs=$((n_inputs + $(grep -c '^replay ' "$d/out")))
	for f in tests/fuzz/found/"$name"-*; do
		[ -f "$f" ] || continue
		survives "replay_$name $f" "$bin" "$f"
	done
done
# there are seeds to replay, and the replays read them
expect 0 '' test "$n_inputs" -ge 3

for f in tests/fuzz/grad/* tests/fuzz/found/grad-*; do
	[ -f "$f" ] || continue
	survives "gradlab grad $f" "$GRADLAB" grad "$f"
done
for f in tests/fuzz/lesson/* tests/fuzz/found/lesson-*; do
	[ -f "$f" ] || continue
	rm -rf "$d/book"
	mkdir -p "$d/book/en" "$d/book/zh"
	cp "$f" "$d/book/en/01-fuzz.md"
	cp "$f" "$d/book/zh/01-fuzz.md"
	survives "gradlab lessons --lint with $f" "$GRADLAB" lessons --lint --dir "$d/book"
done

finish fuzz_replay
