# state_files.sh: the state files from the command line, as a learner meets them. `gradlab
# grade` with a FIFO in place of exercises.json or exercises.list does not hang (each run is
# bounded by `timeout 20`, which must not fire); a corrupt, foreign-version or oversized
# exercises.json is kept byte for byte as the copy the message names and a fresh one records
# the grade; one that cannot be moved aside is left as it is, and that is said; no HOME and
# no XDG_STATE_HOME is said (in English and Chinese); a save that fails is said in one line;
# a temporary file of a killed save is removed; an exercises.list with a NUL byte names its
# line and column; and the book with a FIFO in place of progress.json starts and quits
# (under `script`, when it is there). Run from the top of the source tree with $GRADLAB.
. tests/lib.sh

G="$GRADLAB"
case $G in /*) ;; *) G=$(pwd)/$G ;; esac
work=$(mktemp -d /tmp/gradlab-state-XXXXXX)
fifos=""
cleanup() {
	# A reader still blocked on one of our FIFOs (only without the fix) is let go.
	for f in $fifos; do
		[ -p "$f" ] && timeout 5 sh -c ': <>"$1"' sh "$f"
	done
	rm -rf "$work" "$t_out"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A learner's folder: the exercises with the solutions in them, so grading passes quickly.
learner="$work/learner"
mkdir -p "$learner"
cp -R exercises "$learner/"
cp solutions/*.c "$learner/exercises/"
state="$work/state"
file="$state/gradlab/exercises.json"

# bounded CODE PATTERN CMD...: expect, under `timeout 20`, which must not fire (124, or 137
# after the KILL that follows it).
bounded() {
	code=$1 pattern=$2
	shift 2
	expect "$code" "$pattern" timeout -k 5 20 "$@"
}

# grade ...: gradlab grade in the learner's folder, with the state in $state (a script, so
# that timeout can run it).
printf 'cd "%s" && XDG_STATE_HOME="%s" exec "%s" grade "$@"\n' "$learner" "$state" "$G" \
	>"$work/grade"
grade() {
	sh "$work/grade" "$@"
}

fresh() {
	rm -rf "$state"
	mkdir -p "$state/gradlab"
}

# {==== Not a regular file ====
fresh
mkfifo "$file"
fifos="$fifos $file"
bounded 0 "$file: it is a FIFO, not a regular file" sh "$work/grade" activations
expect 0 '' test -p "$file"
bounded 0 '成绩不会被记录.*FIFO' sh "$work/grade" activations --lang zh
rm -f "$file"
# }====

# {==== Set aside, byte for byte ====
# set_aside TEXT_FILE PATTERN: TEXT_FILE as exercises.json is kept whole as the copy the
# message names, and the grade lands in a fresh file.
set_aside() {
	fresh
	cp "$1" "$file"
	grade activations >"$work/out" 2>&1
	rc=$?
	copy=$(sed -n 's/.* it is kept as \(.*\) and a new one begins$/\1/p' "$work/out")
	if [ "$rc" -ne 0 ] || ! grep -Eq -- "$2" "$work/out" || [ -z "$copy" ]; then
		echo "FAIL: set aside $1: exit $rc"
		sed 's/^/    /' "$work/out" | head -n 8
		t_fail=$((t_fail + 1))
		return
	fi
	expect 0 '' cmp "$1" "$copy"
	expect 0 '' grep -q '"activations"' "$file"
}
printf '{"version": 1, "exercises": {"rnn_step": {"tries": 3,\n\001\377' >"$work/corrupt"
set_aside "$work/corrupt" 'was not a progress file \(it is not JSON: line 2'
printf '{"version": 2, "exercises": {"rnn_step": {"grade": "A"}}}\n' >"$work/foreign"
set_aside "$work/foreign" 'it is version 2; this gradlab reads version 1'
printf '{"version": 1, "exercises": {"rnn_step": {"tries": 2147483648}}}' >"$work/overflow"
set_aside "$work/overflow" 'exercises.rnn_step.tries is 2147483648'
# 1 MiB and one byte: a valid file padded with spaces.
head='{"version": 1, "exercises": {}}'
{
	printf '%s' "$head"
	head -c $((1048577 - ${#head})) /dev/zero | tr '\0' ' '
} >"$work/oversize"
expect 0 '' test "$(wc -c <"$work/oversize")" -eq 1048577
set_aside "$work/oversize" 'it is larger than 1048576 bytes'
# }====

# {==== Cannot be set aside: left as it is, and said ====
# Its new name would be longer than a path may be, which stops root too.
deep="$work/deep"
while [ ${#deep} -lt 3800 ]; do
	deep="$deep/dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
done
pad=$((4070 - ${#deep} - 1 - 8))
deep="$deep/$(printf "%${pad}s" | tr ' ' e)"
mkdir -p "$deep/gradlab"
printf '{"version": 7}' >"$deep/gradlab/exercises.json"
expect 0 'cannot be moved aside .*, so it is left as it is' \
	sh -c 'cd "$1" && XDG_STATE_HOME="$2" "$3" grade activations' sh "$learner" "$deep" "$G"
expect 0 '' test "$(cat "$deep/gradlab/exercises.json")" = '{"version": 7}'
# }====

# {==== Nowhere to save, and a save that fails ====
expect 0 'gradlab grade: the results will not be recorded: neither XDG_STATE_HOME nor HOME is set' \
	sh -c 'cd "$1" && exec env -u HOME -u XDG_STATE_HOME "$2" grade activations' sh "$learner" "$G"
expect 0 'gradlab grade：成绩不会被记录：neither XDG_STATE_HOME nor HOME is set' \
	sh -c 'cd "$1" && exec env -u HOME -u XDG_STATE_HOME "$2" grade activations --lang zh' \
	sh "$learner" "$G"
# A file within the size limit that grows past it when saved (json-c writes it indented):
# nothing is written, and that is one line.
fresh
awk 'BEGIN { printf "{\"version\":1,\"exercises\":{"; for (i = 0; i < 36000; i++)
	printf "%s\"e%07d\":{\"tries\":1}", i ? "," : "", i; printf "}}" }' >"$file"
cp "$file" "$work/big"
expect 0 '^gradlab grade: the results were not recorded: .*exercises.json would be [0-9]+ bytes' grade activations
expect 0 '' cmp "$file" "$work/big"
# }====

# {==== A killed save's temporary file ====
fresh
dead=$(sh -c 'echo $$')
printf '{"vers' >"$file.tmp-$dead"
printf '{"vers' >"$file.tmp-$$"
expect 0 '' grade activations
expect 1 '' test -e "$file.tmp-$dead"
expect 0 '' test -e "$file.tmp-$$"
# }====

# {==== The exercise list ====
ex="$work/grader"
cp -R exercises "$ex"
printf 'name: activations\nfile: 01_activations.c\ntitle: The backward\000pass\n' \
	>"$ex/exercises.list"
expect 2 "exercises.list:3:20: a NUL byte" "$G" grade --exercises "$ex" activations
rm "$ex/exercises.list"
mkfifo "$ex/exercises.list"
fifos="$fifos $ex/exercises.list"
bounded 2 "exercises.list: cannot read the exercise list: it is a FIFO" \
	"$G" grade --exercises "$ex" activations
# }====

# {==== The book: a FIFO in place of progress.json ====
# In a real terminal (tmux, on a private server): the book starts, says so, and quits with q.
# The screen is polled, for 20 s at most.
if command -v tmux >/dev/null 2>&1 && [ -d lessons ]; then
	fresh
	mkfifo "$state/gradlab/progress.json"
	fifos="$fifos $state/gradlab/progress.json"
	sock=gradlab-state-$$
	T() { tmux -L "$sock" -f /dev/null "$@"; }
	T new-session -d -s book -x 80 -y 24 -c "$(pwd)" \
		"env TERM=xterm LANG=C.UTF-8 ASAN_OPTIONS=detect_leaks=0 \"$G\" book --lang en \
		--dir lessons --state \"$state/gradlab\"; echo EXIT=\$?; sleep 60"
	# wait_for TEXT: 0 once the screen shows TEXT, 1 after 20 s.
	wait_for() {
		end=$(($(date +%s) + 20))
		while [ "$(date +%s)" -lt "$end" ]; do
			T capture-pane -p -t book >"$work/screen" 2>/dev/null
			grep -qF -- "$1" "$work/screen" && return 0
			sleep 0.1
		done
		echo "FAIL: the book: waited 20 s for \"$1\"; the screen shows:"
		sed 's/^/    | /' "$work/screen"
		return 1
	}
	if wait_for "Progress will not be saved" && T send-keys -t book q && wait_for "EXIT=0"; then
		t_pass=$((t_pass + 1))
	else
		t_fail=$((t_fail + 1))
	fi
	T kill-server >/dev/null 2>&1
	expect 0 '' test -p "$state/gradlab/progress.json"
else
	echo "state_files: tmux or the lessons are missing: the book's case is skipped"
fi
# }====

finish state_files
