#!/bin/sh
# ui_tmux_train.sh: the book's live train cell end to end, the real binary in a real terminal
# (tmux, on a private server), on the fixture lesson tests/data/book-train (--dir). Its second
# cell trains for a million iterations: the progress line must move while it runs, a scroll
# key and the language key must work meanwhile, Esc must stop it with what it learned
# ("interrupted at iteration N", the book's "Stopped by you"), and q must then leave. Then the
# short cell finishes on its own, and shown again comes from the cache at once. Screens are
# polled for markers with generous limits, never waited for with fixed sleeps.
set -u
: "${GRADLAB:=build/gradlab}"
case $GRADLAB in /*) ;; *) GRADLAB=$(pwd)/$GRADLAB ;; esac

if ! command -v tmux >/dev/null 2>&1; then
	echo "ui_tmux_train: tmux is not installed (make test installs it): skipped"
	exit 0
fi

tmp=$(mktemp -d)
sock=gradlab-train-$$
pass=0
fails=0
start_time=$(date +%s)
limit_total=300   # seconds for the whole file (about 3 s on an idle machine)

. tests/tmux.lib

mkdir -p "$tmp/bin" "$tmp/home" "$tmp/state"
UNSET="-u LC_ALL -u LC_CTYPE -u LC_MESSAGES -u DISPLAY -u WAYLAND_DISPLAY -u NO_COLOR"
ENVS="env $UNSET ASAN_OPTIONS=detect_leaks=0 PATH=$tmp/bin HOME=$tmp/home XDG_STATE_HOME=$tmp/state"

# iteration NAME: the number on the progress line now, empty when none shows.
iteration() {
	screen "$1" | sed -n 's/.*Training: iteration \([0-9][0-9]*\) of.*/\1/p' | head -n 1
}

# wait_beyond NAME N [SECONDS]: poll until the progress line shows an iteration above N.
wait_beyond() {
	name=$1 above=$2 secs=${3:-60}
	end=$(($(date +%s) + secs))
	while :; do
		now_iter=$(iteration "$name")
		if [ -n "$now_iter" ] && [ "$now_iter" -gt "$above" ]; then
			pass=$((pass + 1))
			return 0
		fi
		[ "$(date +%s)" -ge "$end" ] && break
		sleep 0.05
	done
	echo "FAIL: [$name] the progress line did not move past iteration $above; the screen shows:"
	screen "$name" | sed 's/^/    | /'
	fails=$((fails + 1))
	return 1
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

# {==== The long run: it moves, keys work, Esc stops it ====

start book 80 24 "$ENVS LANG=C.UTF-8 TERM=xterm-256color $GRADLAB --dir tests/data/book-train --lang en"
wait_for book "01  Training live"
keys book Enter
wait_for book "01 · Training live"
keys book Tab Tab
wait_for book "Experiment 2"
keys book Enter
wait_for book "Training: iteration "
wait_for book "Esc stops the run"
first=$(iteration book)
[ -n "$first" ] || first=0
wait_beyond book "$first"
# A scroll key while it runs: the view moves (the header's percentage changes) and the
# run goes on.
before=$(screen book | head -n 1)
keys book g
wait_for book "A short run first: it ends on its own."
check "g scrolled to the top while it runs" [ "$(screen book | head -n 1)" != "$before" ]
mid=$(iteration book)
keys book G
wait_for book "Training: iteration "
wait_beyond book "${mid:-0}"
# The language while it runs: the progress line in Chinese, then back.
keys book L
wait_for book "训练中：第 "
keys book L
wait_for book "Training: iteration "
# q would leave the lesson: it says to stop first.
keys book q
wait_for book "A training run is going: Esc stops it first."
keys book Escape
wait_for book "Stopped by you after "
wait_for book "interrupted at iteration "
stopped=$(screen book | sed -n 's/.*Stopped by you after \([0-9][0-9]*\) iterations.*/\1/p' | head -n 1)
check "the table's iteration is the book's ($stopped)" \
	grep -qF "interrupted at iteration $stopped" "$tmp/screen"
check "the progress line is gone once stopped" sh -c "! grep -qF 'Esc stops the run' '$tmp/screen'"

# }====

# {==== The short run: finished, then from the cache ====

keys book BTab
wait_for book "Experiment 1"
keys book Enter
wait_for book "finished: 40 iterations"
keys book Enter Enter
wait_for book "(cached). R runs it again."
keys book q
wait_for book "01  Training live"
keys book q
wait_for book "EXIT=0"

# }====

echo "ui_tmux_train: $pass passed, $fails failed ($(($(date +%s) - start_time)) s)"
[ "$fails" -eq 0 ]
