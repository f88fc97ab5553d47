# grade_signal.sh: Ctrl-C (SIGINT) or SIGTERM while `gradlab grade` works: it stops at once
# with status 130 or 143 and one line saying so, and leaves nothing behind: no process (its
# workers, their sandboxes, the code they run, the compiler), no private folder in $TMPDIR, no
# gradebook (an old one stays as it was) and no report. Each run is stopped while submissions
# that never end (an infinite loop, a fork bomb) are being graded. Run from the top of the
# source tree with $GRADLAB.
. tests/lib.sh

work=$(mktemp -d /tmp/gradlab-signal-XXXXXX)
chmod 711 "$work"
pid=
# a run that would not stop is killed by its process group, then everything is removed
trap '[ -n "$pid" ] && kill -s KILL -- "-$pid" 2>/dev/null; rm -rf "$work" "$t_out"' EXIT
export XDG_STATE_HOME="$work/state"
G="$GRADLAB"

# Every process of a run names $work: gradlab and its forks in their arguments, the compiler
# in the private folder it writes to (under $TMPDIR, inside $work).
running() {
	count_procs_naming "$work"
}
at_least_running() {
	[ "$(running)" -ge "$1" ]
}
none_running() {
	[ "$(running)" -eq 0 ]
}
# The grading has begun: an exercise compiled in a private folder of $tmp.
compiled() {
	[ -n "$(find "$tmp" -name check -type f 2>/dev/null)" ]
}
ended() {
	proc_ended "$pid"
}

class="$work/class"
for s in ann ben cat dan; do
	mkdir -p "$class/$s"
	cp solutions/*.c "$class/$s/"
	cp tests/hostile/infinite_loop.c "$class/$s/04_rnn_step.c"
done
cp tests/hostile/fork_bomb.c "$class/ben/04_rnn_step.c"

# stop SIGNAL TARGET MIN ARGS...: start `gradlab grade ARGS` in a process group of its own
# with a fresh $TMPDIR, wait until MIN processes of it run and the checks have begun, send
# SIGNAL to gradlab alone (TARGET pid, as kill does) or to its whole group (TARGET group, as
# Ctrl-C in a terminal does), and wait for it to end. Sets rc and took (seconds). The checks'
# timeout (ARGS) is 60 s and the submissions never end, so grading is still under way when
# the signal comes however slow the machine is, and stopping at once (well under a second)
# is told apart from stopping at the timeout.
stop() {
	sig=$1 target=$2 min=$3
	shift 3
	tmp="$work/tmp-$sig-$target"
	mkdir -m 711 "$tmp"
	# A shell without job control starts background commands with SIGINT ignored, and
	# gradlab leaves an ignored SIGINT ignored: give it back its default.
	TMPDIR="$tmp" setsid env --default-signal "$G" grade "$@" >"$work/out" 2>"$work/err" &
	pid=$!
	expect 0 '' wait_until 120 compiled
	expect 0 '' wait_until 120 at_least_running "$min"
	if [ "$target" = group ]; then
		kill -s "$sig" -- "-$pid"
	else
		kill -s "$sig" "$pid"
	fi
	sent=$(date +%s)
	wait_until 50 ended
	took=$(seconds_since "$sent")
	ended || kill -s KILL -- "-$pid"
	wait "$pid"
	rc=$?
}

# {==== A class, Ctrl-C ====
stop INT group 4 --class "$class" --jobs 2 --timeout 60 rnn_step
expect 0 '' test "$rc" -eq 130
expect 0 '' test "$took" -lt 20
expect 0 '^gradlab grade: interrupted by SIGINT' cat "$work/err"
expect 0 '' test "$(wc -l <"$work/err")" -eq 1
expect 0 '' wait_until 30 none_running
expect 0 '' test -z "$(ls -A "$tmp")"
expect 0 '^ann ben cat dan $' sh -c "ls -A '$class' | tr '\n' ' '"
# }====

# {==== A class, SIGTERM to gradlab alone, over an old gradebook ====
echo "an old gradebook" >"$class/gradebook.csv"
stop TERM pid 4 --class "$class" --jobs 2 --timeout 60 --lang zh rnn_step
expect 0 '' test "$rc" -eq 143
expect 0 '' test "$took" -lt 20
expect 0 '^gradlab grade：被 SIGTERM 中断' cat "$work/err"
expect 0 '' test "$(wc -l <"$work/err")" -eq 1
expect 0 '' wait_until 30 none_running
expect 0 '' test -z "$(ls -A "$tmp")"
expect 0 '^an old gradebook$' cat "$class/gradebook.csv"
expect 0 '^ann ben cat dan gradebook.csv $' sh -c "ls -A '$class' | tr '\n' ' '"
rm "$class/gradebook.csv"
# }====

# {==== One exercise, graded in gradlab's own process ====
stop INT pid 2 rnn_step --submission "$class/ben" --timeout 60
expect 0 '' test "$rc" -eq 130
expect 0 '' test "$took" -lt 20
expect 0 'interrupted by SIGINT' cat "$work/err"
expect 0 '' wait_until 30 none_running
expect 0 '' test -z "$(ls -A "$tmp")"
expect 0 '' test ! -s "$work/out"
# }====

# Without a signal the same class is graded to the end: what was checked above is there.
mkdir -m 711 "$work/tmp-none"
TMPDIR="$work/tmp-none" "$G" grade --class "$class" --jobs 2 --timeout 1 rnn_step \
	>"$work/out" 2>&1 </dev/null
expect 0 '' test $? -eq 1
expect 0 '^student,rnn_step,total,max' cat "$class/gradebook.csv"
finish grade_signal.sh
