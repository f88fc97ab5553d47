# grade_watch.sh: `gradlab watch` with keys read as lines from a pipe: it grades, grades again
# when the file is saved (also by writing a new file and renaming it, as editors do), shows
# the next hint on h, the list on l, moves on with n, stops on q, and records each grade in
# the progress file the terminal UI reads; says all of it in Chinese with --lang zh; and a
# SIGTERM stops it even in the middle of a check that never ends, leaving no private folder.
# Run from the top of the source tree with $GRADLAB.
. tests/lib.sh

work=$(mktemp -d /tmp/gradlab-watch-XXXXXX)
chmod 711 "$work"
trap 'rm -rf "$work" "$t_out"' EXIT
export XDG_STATE_HOME="$work/state"
mkdir "$work/exercises"
cp exercises/*.c exercises/exercises.list exercises/gradlab_exercise.h "$work/exercises/"
G=$(cd "$(dirname "$GRADLAB")" && pwd)/$(basename "$GRADLAB")
top=$(pwd)

# shows N PATTERN: watch's output (out.txt) has at least N lines matching PATTERN.
shows() {
	[ "$(grep -Ec -- "$2" "$work/out.txt" 2>/dev/null)" -ge "$1" ]
}
# The learner, who acts only once watch has shown the result of the last step, so that the
# run is the same however slow the machine: a step whose result never comes fails the lines
# below (after a generous wait), and q always ends the run.
learner() {
	wait_until 120 shows 1 'rnn_step: .*: 0/10 points'
	cp "$top/tests/buggy/rnn_step_no_fprime.c" exercises/.save.tmp
	mv exercises/.save.tmp exercises/04_rnn_step.c
	wait_until 120 shows 1 'rnn_step: .*: 5/10 points'
	echo h
	wait_until 120 shows 1 'hint 2/4'
	cp "$top/solutions/04_rnn_step.c" exercises/04_rnn_step.c
	wait_until 120 shows 1 'rnn_step: .*: 10/10 points'
	echo l
	wait_until 120 shows 1 '> rnn_step +passed'
	echo n
	wait_until 120 shows 1 'bptt: .*points'
	echo q
}
# Inside $work, ./exercises is the learner's own folder: progress is recorded. Every check
# here is honest code or a stub: --timeout 30 is never reached.
(cd "$work" && learner | timeout 900 "$G" watch rnn_step --timeout 30 >"$work/out.txt" 2>&1)
rc=$?
expect 0 '' test "$rc" -eq 1 # the last exercise graded (bptt, untouched) fails
expect 0 'rnn_step: .*: 0/10 points' cat "$work/out.txt"
expect 0 'rnn_step: .*: 5/10 points' cat "$work/out.txt"
expect 0 'rnn_step: .*: 10/10 points' cat "$work/out.txt"
expect 0 'hint 2/4: Go through tanh first' cat "$work/out.txt"
expect 0 '> rnn_step +passed +10/10' cat "$work/out.txt"
expect 0 'bptt: .*: 0/14 points' cat "$work/out.txt"
expect 0 '"rnn_step": \{' cat "$work/state/gradlab/exercises.json"
expect 0 '"hint": 2' cat "$work/state/gradlab/exercises.json"
expect 0 '"bptt": \{' cat "$work/state/gradlab/exercises.json"
# without a name it starts at the first exercise not yet passed
(cd "$work" && echo q | timeout 300 "$G" watch --timeout 30 >"$work/out2.txt" 2>&1)
expect 0 '^activations: ' cat "$work/out2.txt"
expect 2 "no exercise 'nosuch'" "$G" watch nosuch

# In Chinese: every line, keys, list and hints included.
cp "$top/tests/buggy/rnn_step_no_fprime.c" "$work/exercises/04_rnn_step.c"
(cd "$work" && printf 'h\nl\nq\n' | timeout 300 "$G" watch rnn_step --lang zh --timeout 30 \
	>"$work/zh.txt" 2>&1)
for w in '正在评分 rnn_step' '失败  rnn_step_backward' '期望值' '提示 2/4：' '正在监视' \
	'\[n\] 下一道练习' '> rnn_step +失败 +5/10'; do
	expect 0 "$w" cat "$work/zh.txt"
done
expect 1 '' grep -Eq 'grading|watching|next exercise|one key|FAIL|ok  |expected|hint [0-9]|failed' \
	"$work/zh.txt"

# SIGTERM in the middle of a check that never ends: watch stops at once, cleaned up. The
# check's timeout is 60 s, so stopping at once (well under a second) and stopping at the
# timeout are far apart however slow the machine is.
mkdir -m 711 "$work/tmp"
cp "$top/tests/hostile/infinite_loop.c" "$work/exercises/04_rnn_step.c"
(cd "$work" && TMPDIR="$work/tmp" exec "$G" watch rnn_step --timeout 60 </dev/null \
	>"$work/out3.txt" 2>&1) &
pid=$!
compiled() {
	[ -n "$(find "$work/tmp" -name check -type f)" ]
}
wait_until 120 compiled
# the check must have begun, or the lines below would pass on a watch that never graded
expect 0 'check' find "$work/tmp" -name check -type f
kill -s TERM "$pid"
sent=$(date +%s)
wait_until 50 proc_ended "$pid"
expect 0 '' test "$(seconds_since "$sent")" -lt 20 # at once, not at the check's 61 s
kill -s KILL "$pid" 2>/dev/null
wait "$pid"
expect 0 '' test -z "$(ls -A "$work/tmp")"
expect 0 '^grading rnn_step' cat "$work/out3.txt"
expect 1 '' grep -q 'rnn_step: .*points' "$work/out3.txt" # the stopped grading is not shown
finish grade_watch.sh
