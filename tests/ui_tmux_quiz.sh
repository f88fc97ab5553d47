#!/bin/sh
# ui_tmux_quiz.sh: quizzes that cannot be gamed, the real binary and lessons in a real
# terminal (tmux, on a private server), modelled on ui_tmux.sh. In lesson 01: a wrong
# prediction says so without the answer, and the right one typed after it (as 1/4) is
# correct but not at the first try; s shows the next quiz's answer on request; on a choice
# quiz the letter b chooses (it does not scroll); 1/ is refused with why, and 1/1024 is
# right at the first try; the contents count the first tries, in both languages; the
# progress file holds them and the next start finds them. Screens are polled, never waited
# for with fixed sleeps; the whole run is bounded.
set -u
: "${GRADLAB:=build/gradlab}"
case $GRADLAB in /*) ;; *) GRADLAB=$(pwd)/$GRADLAB ;; esac

if ! command -v tmux >/dev/null 2>&1; then
	echo "ui_tmux_quiz: tmux is not installed (make test installs it): skipped"
	exit 0
fi

tmp=$(mktemp -d)
sock=gradlab-quiz-test-$$
pass=0
fails=0
start_time=$(date +%s)
# Each wait is for a screen that must come: generous limits cost nothing when it comes, and
# a loaded machine may be ten times slower.
limit_total=600   # seconds for the whole file

. tests/tmux.lib

mkdir -p "$tmp/bin" "$tmp/home" "$tmp/state"
UNSET="-u LC_ALL -u LC_CTYPE -u LC_MESSAGES -u DISPLAY -u WAYLAND_DISPLAY -u NO_COLOR"
ASAN="ASAN_OPTIONS=detect_leaks=0"
ENVS="env $UNSET $ASAN PATH=$tmp/bin HOME=$tmp/home XDG_STATE_HOME=$tmp/state"

# lacks TEXT: the screen last waited for does not show TEXT. Called right after a wait_for
# whose text comes with the same redraw, so the screen checked is the finished one.
lacks() {
	if grep -qF -- "$1" "$tmp/screen"; then
		echo "FAIL: the screen shows \"$1\":"
		sed 's/^/    | /' "$tmp/screen"
		fails=$((fails + 1))
	else
		pass=$((pass + 1))
	fi
}

check() {
	what=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $what"
		fails=$((fails + 1))
	fi
}

start book 80 24 "$ENVS LANG=C.UTF-8 TERM=xterm-256color $GRADLAB"
wait_for book "01  Activation functions and their derivatives"
wait_for book "First try"
keys book Enter
wait_for book "01 · Activation functions and their derivatives"

# Quiz 1 (predict sigmoid'(0)): wrong, then right as a fraction.
keys book Tab
wait_for book "┏━ Quiz 1"
keys book Enter
wait_for book "Your answer:"
keys book 0.3 Enter
wait_for book "✗ Not quite. Try again, or press s to see the answer."
lacks "the answer is"
lacks "What the command gives"
keys book Enter
wait_for book "Your answer: "
keys book 1/4 Enter
wait_for book "Your answer: 1/4"
wait_for book "✓ Correct."
lacks "Right at the first try"

# Quiz 2: the answer asked for, without a try.
keys book Tab
wait_for book "┏━ Quiz 2"
wait_for book "s show answer"
keys book s
wait_for book "The answer is 0.786448 (give or take 0.001)."
wait_for book "You asked to see the answer"

# Quiz 3, a choice: b chooses (wrong: it says so, and nothing scrolled), then c.
keys book Tab
wait_for book "┏━ Quiz 3"
wait_for book "a-d choose"
keys book b
wait_for book "Your answer: b"
wait_for book "✗ Not quite. Try again"
wait_for book "┏━ Quiz 3"
keys book c
wait_for book "Your answer: c"
wait_for book "✓ Correct."
lacks "Right at the first try"

# Quiz 4 (after an experiment): 1/ is refused with why; 1/1024 is right at the first try.
keys book Tab Tab
wait_for book "┏━ Quiz 4"
keys book Enter
wait_for book "Your answer:"
keys book 1/ Enter
wait_for book "That is not a number: a number is missing after '1/'."
keys book BSpace BSpace 1/1024 Enter
wait_for book "Your answer: 1/1024"
wait_for book "✓ Correct. Right at the first try."

# Quiz 5: a, right at the first try.
keys book Tab Tab
wait_for book "┏━ Quiz 5"
keys book a
wait_for book "Your answer: a"
wait_for book "✓ Correct. Right at the first try."

# The help lists s (on its second page since F1, Ctrl-F and Ctrl-B are listed too).
keys book ? NPage
wait_for book "show the selected quiz's answer"
keys book Escape

# The contents: two quizzes right at the first try (4 and 5) of seven; in Chinese too.
keys book q
wait_for book "2/7"
keys book L
wait_for book "一次答对"
wait_for book "2/7"
keys book q
wait_for book "EXIT=0"

progress=$tmp/state/gradlab/progress.json
check "progress.json exists" test -f "$progress"
check "a first try right is stored" grep -q '"first_try_right": true' "$progress"
check "a first try wrong is stored" grep -q '"first_try_right": false' "$progress"
check "the answer asked for is stored" grep -q '"revealed": true' "$progress"

# The next start finds the first tries.
start book 80 24 "$ENVS LANG=C.UTF-8 TERM=xterm-256color $GRADLAB"
wait_for book "一次答对"
wait_for book "2/7"
keys book q
wait_for book "EXIT=0"

echo "ui_tmux_quiz: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
