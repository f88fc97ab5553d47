#!/bin/sh
# book_term.sh: the book where it cannot draw, and lessons that try what a lesson may not do,
# in a real terminal. Under script(1) (a pseudo-terminal): TERM=dumb, unset or unknown says
# why in plain text (English and Chinese), exits 2, sends no escape sequence and leaves the
# terminal's modes as they were; without a terminal at all, `gradlab` prints its usage and
# `gradlab book` says to run it in one. `gradlab lessons --show` prints a lesson as plain
# text, the way offered instead, with a lesson's control characters made harmless. Last,
# in tmux, the hostile lesson that nests a book: the cell shows its refusal, the book quits
# normally (exit 0, no crash) and the terminal echoes again.
. tests/lib.sh
case $GRADLAB in /*) ;; *) GRADLAB=$(pwd)/$GRADLAB ;; esac

t_tmp=$(mktemp -d)
t_sock=gradlab-term-$$
T() { tmux -L "$t_sock" -f /dev/null "$@"; }
cleanup() {
	command -v tmux >/dev/null 2>&1 && T kill-server >/dev/null 2>&1
	rm -rf "$t_tmp" "$t_out"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
export HOME="$t_tmp/home" XDG_STATE_HOME="$t_tmp/state"
mkdir -p "$HOME"

# ok DESCRIPTION COMMAND...: count a check that COMMAND succeeds.
ok() {
	what=$1
	shift
	if "$@"; then
		t_pass=$((t_pass + 1))
	else
		echo "FAIL: $what"
		sed 's/^/    | /' "$t_tmp/out" | head -n 12
		t_fail=$((t_fail + 1))
	fi
}
no_escape() { ! grep -q "$(printf '\033')" "$t_tmp/out"; }
has() { grep -qF -- "$1" "$t_tmp/out"; }

# {==== No terminal at all ====
expect 0 '^usage: gradlab COMMAND' env TERM=dumb "$GRADLAB"
expect 2 'run it in a terminal' env TERM=dumb "$GRADLAB" book
expect 2 'gradlab lessons --show 01' env TERM=dumb "$GRADLAB" book
# }====

# {==== A pseudo-terminal that curses cannot drive ====
# in_pty 'ENV' 'ARGS': gradlab ARGS in a pseudo-terminal with env ENV, then its exit
# status and whether the terminal's modes (echo, canonical input) came back as they were.
# timeout only ends a book that would wait for keys forever (what TERM=dumb did): a right
# run takes milliseconds.
in_pty() {
	timeout 60 script -qec "a=\$(stty -g); env -u LC_ALL -u LC_MESSAGES $1 \"$GRADLAB\" $2; echo EXIT=\$?; [ \"\$(stty -g)\" = \"\$a\" ] && echo TTY-SAME" \
		/dev/null </dev/null >"$t_tmp/out" 2>&1
}
if command -v script >/dev/null 2>&1; then
	in_pty "TERM=dumb LANG=C.UTF-8" ""
	ok "TERM=dumb: the book says it cannot move the cursor" has "this terminal (TERM=dumb) cannot move the"
	ok "TERM=dumb: what to do instead" has "gradlab lessons --show 01"
	ok "TERM=dumb: exit 2" has "EXIT=2"
	ok "TERM=dumb: the terminal is as it was" has "TTY-SAME"
	ok "TERM=dumb: no escape sequence reaches the terminal" no_escape
	in_pty "TERM=dumb LANG=C.UTF-8" "--lang zh"
	ok "TERM=dumb in Chinese" has "不能移动光标"
	in_pty "-u TERM LANG=C.UTF-8" ""
	ok "TERM unset: said, exit 2" sh -c "grep -q 'TERM is not set' '$t_tmp/out' && grep -q EXIT=2 '$t_tmp/out'"
	ok "TERM unset: no escape sequence" no_escape
	in_pty "TERM=no-such-terminal LANG=C.UTF-8" ""
	ok "TERM unknown: said, exit 2" sh -c "grep -q \"TERM is 'no-such-terminal'\" '$t_tmp/out' && grep -q EXIT=2 '$t_tmp/out'"
	ok "TERM unknown: the terminal is as it was" has "TTY-SAME"
else
	echo "book_term: script(1) is not installed (util-linux): the pseudo-terminal checks are skipped"
fi
# }====

# {==== The lessons as plain text ====
expect 0 '^# Activation functions' "$GRADLAB" lessons --show 01 --dir lessons
expect 0 '^    \$ gradlab check sigmoid --batch 2 --input 3$' "$GRADLAB" lessons --show 1 --dir lessons
expect 0 '^# 激活函数' "$GRADLAB" lessons --show 01-activations --dir lessons --lang zh
expect 2 "no lesson '99' in lessons/en" "$GRADLAB" lessons --show 99 --dir lessons
expect 2 'cannot be used together' "$GRADLAB" lessons --show 01 --lint
expect 0 'not for a lesson to run' "$GRADLAB" lessons --show 01 --dir tests/data/lessons-hostile
mkdir -p "$t_tmp/esc/en" "$t_tmp/esc/zh"
printf '# Escape\n\nA \033[2J cleared screen, a \302\2332J C1 one.\n' >"$t_tmp/esc/en/01-esc.md"
"$GRADLAB" lessons --show 01 --dir "$t_tmp/esc" >"$t_tmp/out" 2>&1
ok "--show makes a lesson's control characters harmless" sh -c "grep -qF 'A ?[2J cleared screen, a ??2J C1' '$t_tmp/out' && ! grep -q \"\$(printf '\\033')\" '$t_tmp/out'"
# }====

# {==== A lesson that nests a book, in a real terminal ====
if command -v tmux >/dev/null 2>&1; then
	T new-session -d -s nest -x 100 -y 30 -c "$(pwd)" \
		"env -u LC_ALL -u DISPLAY -u WAYLAND_DISPLAY ASAN_OPTIONS=detect_leaks=0 LANG=C.UTF-8 TERM=xterm-256color $GRADLAB --lang en --dir tests/data/lessons-hostile; echo EXIT=\$?; stty -a | tr ' ' '\n' | grep -x echo >/dev/null && echo ECHO-ON; sleep 60"
	# wait_for TEXT: poll the screen (at most about 20 s) until it shows TEXT.
	wait_for() {
		i=0
		while [ $i -lt 400 ]; do
			T capture-pane -p -t nest >"$t_tmp/out" 2>/dev/null
			grep -qF -- "$1" "$t_tmp/out" && return 0
			sleep 0.05
			i=$((i + 1))
		done
		return 1
	}
	ok "the book opens on the hostile lessons" wait_for "Nested book"
	T send-keys -t nest Enter
	ok "lesson 01 opens" wait_for "A lesson that tries"
	T send-keys -t nest Tab Enter
	ok "run: book shows its refusal with file and line" wait_for "Not run: tests/data/lessons-hostile/en/01-book.md:6"
	T send-keys -t nest q q
	ok "the book quits normally (exit 0, no crash)" wait_for "EXIT=0"
	ok "the terminal echoes again" wait_for "ECHO-ON"
else
	echo "book_term: tmux is not installed (make test installs it): the terminal check is skipped"
fi
# }====

finish book_term
