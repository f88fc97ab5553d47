#!/bin/sh
# ui_tmux.sh: the book end to end, the real binary in a real terminal (tmux, on a private
# server). Under LANG=C.UTF-8, with a PATH that has no gnuplot and HOME and XDG_STATE_HOME
# in a temporary folder: open the book, enter a lesson, run an experiment, change a
# parameter, answer a quiz, switch to Chinese, quit; the progress file must hold the
# answer, and the next start must find it. Then a resize and a too-small terminal, LANG=C
# (ASCII only), TERM unset and unknown (a plain message, exit 2), and Ctrl-C, SIGTERM and a
# crash signal (the terminal is given back each time). Then what a newcomer found reading
# the book (a combining mark kept on its letter, p offered only where a plot is, the
# too-small screen saying how to leave). Last, the exercises screen: a shipped exercise
# graded in the book fails with its report, and the grade and the hint asked for land in
# the progress file. Screens are polled, never waited for with fixed sleeps; the whole run
# is bounded.
set -u
: "${GRADLAB:=build/gradlab}"
case $GRADLAB in /*) ;; *) GRADLAB=$(pwd)/$GRADLAB ;; esac

if ! command -v tmux >/dev/null 2>&1; then
	echo "ui_tmux: tmux is not installed (make test installs it): skipped"
	exit 0
fi

tmp=$(mktemp -d)
sock=gradlab-test-$$
pass=0
fails=0
start_time=$(date +%s)
# Each wait is for a screen that must come: generous limits cost nothing when it comes (the
# whole file takes about 10 s on an idle machine), and a loaded one may be ten times slower.
limit_total=600   # seconds for the whole file

. tests/tmux.lib

mkdir -p "$tmp/bin" "$tmp/home" "$tmp/state" "$tmp/state2"
# The environment of the book: no gnuplot on PATH, state in the temporary folder.
# Under `make asan`, ncurses' own allocations at exit are not ours to free: no leak report.
UNSET="-u LC_ALL -u LC_CTYPE -u LC_MESSAGES -u DISPLAY -u WAYLAND_DISPLAY -u NO_COLOR"
ASAN="ASAN_OPTIONS=detect_leaks=0"
ENVS="env $UNSET $ASAN PATH=$tmp/bin HOME=$tmp/home XDG_STATE_HOME=$tmp/state"
ENVS2="env $UNSET $ASAN PATH=$tmp/bin HOME=$tmp/home XDG_STATE_HOME=$tmp/state2"

# check DESCRIPTION COMMAND...: count a check.
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

# fits COLS FILE: no line of FILE has more than COLS characters (all narrow here).
fits() {
	while IFS= read -r line; do
		n=$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)
		[ "$n" -le "$1" ] || return 1
	done <"$2"
}

alt_screen_off() {
	[ "$(T display-message -p -t "$1" '#{alternate_on}')" = 0 ]
}

# {==== The learner's session, in UTF-8 ====

start book 80 24 "$ENVS LANG=C.UTF-8 TERM=xterm-256color $GRADLAB"
wait_for book "gradlab: the terminal textbook"
wait_for book "01  Activation functions and their derivatives"
wait_for book "? help"

keys book Enter
wait_for book "01 · Activation functions and their derivatives"

# Tab to the first experiment (three quizzes come first), run it.
keys book Tab Tab Tab Tab
wait_for book "Experiment 1"
wait_for book "Enter run"
keys book Enter
wait_for book "\$ gradlab curves --act sigmoid,tanh --from -6 --to 6"
wait_for book "saturated"

# Change the selected parameter: the experiment runs again at once.
keys book l
wait_for book "--from -5.5 --to 6"
wait_for book "   -5.5"

# p: no display and no gnuplot: a message, not a crash.
keys book p
wait_for book "gnuplot"
keys book j

# The quiz before it: a choice, answered by its letter.
keys book BTab
wait_for book "Quiz 3"
keys book Enter
wait_for book "Your answer:"
keys book c
wait_for book "Correct."
wait_for book "Why: Scale the input by 2"

# Resize while reading, then too small, then back.
T resize-window -t book -x 50 -y 16
wait_for book "Correct."
wait_for book "English"
check "50 columns: no row is wider" fits 50 "$tmp/screen"
T resize-window -t book -x 30 -y 10
wait_for book "Please enlarge the terminal"
wait_for book "q quits."
T resize-window -t book -x 80 -y 24
wait_for book "Quiz 3"

# Chinese, at the same quiz.
keys book L
wait_for book "01 · 激活函数及其导数"
wait_for book "测验 3"
wait_for book "正确。"

# Back to the contents, which show the score, then quit.
keys book q
wait_for book "1/7"
wait_for book "课程"
keys book q
wait_for book "EXIT=0"
check "the terminal is back from the alternate screen" alt_screen_off book

progress=$tmp/state/gradlab/progress.json
check "progress.json exists" test -f "$progress"
check "the answer is stored" grep -q '"answer": "c"' "$progress"
check "its result is stored" grep -q '"correct": true' "$progress"
check "the quiz id is stored" grep -q '"q3"' "$progress"
check "the language is stored" grep -q '"lang": "zh"' "$progress"
check "no temporary file is left" sh -c "! ls '$tmp/state/gradlab' | grep -q tmp"

# Tomorrow: the same language, the score, and the lesson where it was left.
start book 80 24 "$ENVS LANG=C.UTF-8 TERM=xterm-256color $GRADLAB"
wait_for book "gradlab：终端里的教科书"
wait_for book "1/7"
keys book Enter
wait_for book "测验 3"
wait_for book "你的答案：c"

# Ctrl-C: progress saved, the terminal restored, exit 130.
keys book C-c
wait_for book "EXIT=130"
check "Ctrl-C gives the terminal back" alt_screen_off book

# }====

# {==== ASCII, terminals it cannot use, signals ====

start plain 80 24 "$ENVS2 LANG=C TERM=xterm-256color $GRADLAB --lang en"
wait_for plain "Enter open"
keys plain Enter
wait_for plain "01 - Activation functions"
keys plain Tab Tab Tab Tab Enter
wait_for plain "#= Experiment 1"
check "LANG=C shows only ASCII" sh -c "! LC_ALL=C grep -q '[^ -~]' '$tmp/screen'"
keys plain L
wait_for plain "Chinese needs a UTF-8 terminal"
keys plain q q
wait_for plain "EXIT=0"

start noterm 80 24 "env -u TERM $UNSET $ASAN LANG=C.UTF-8 $GRADLAB"
wait_for noterm "TERM is not set"
wait_for noterm "EXIT=2"

start badterm 80 24 "$ENVS2 LANG=C.UTF-8 TERM=no-such-terminal $GRADLAB"
wait_for badterm "TERM is 'no-such-terminal'"
wait_for badterm "EXIT=2"

start mono 80 24 "$ENVS2 LANG=C.UTF-8 TERM=vt100 NO_COLOR=1 /bin/sh -c 'echo \$\$ >$tmp/pid; exec $GRADLAB'"
wait_for mono "Enter open"
kill -TERM "$(cat "$tmp/pid")"
wait_for mono "EXIT=143"
check "SIGTERM gives the terminal back" alt_screen_off mono

start crash 80 24 "$ENVS2 LANG=C.UTF-8 TERM=xterm-256color /bin/sh -c 'echo \$\$ >$tmp/pid; exec $GRADLAB'"
wait_for crash "Enter open"
kill -SEGV "$(cat "$tmp/pid")"
wait_for crash "EXIT=139"
check "a crash gives the terminal back" alt_screen_off crash

# }====

# {==== What a newcomer found reading the book ====

# A combining mark stays on its letter: the textbooks' GRU writes h̃_t (h, U+0303).
mkdir -p "$tmp/state4"
ENVS4="env $UNSET $ASAN PATH=$tmp/bin HOME=$tmp/home XDG_STATE_HOME=$tmp/state4"
start walk 80 24 "$ENVS4 LANG=C.UTF-8 TERM=xterm-256color $GRADLAB --lang en"
wait_for walk "Enter open"
keys walk Down Down Down Down Enter
wait_for walk "05 · LSTM and GRU"
keys walk / "blogs write" Enter
wait_for walk "z_t ⊙ h̃_t + (1 −"
# p is offered only where the command draws a plot: not for gradlab unroll.
keys walk q Up Up Up Enter
wait_for walk "02 · The unrolled RNN"
keys walk Tab Tab
wait_for walk "Experiment 1"
wait_for walk "Enter run"
check "no p for a command without plots" sh -c "! grep -q 'p plot' '$tmp/screen'"
keys walk q q
wait_for walk "EXIT=0"

# }====

# p in the Chinese book without a CJK font: the PNG is saved with English captions, and the
# status line says so (gnuplot on PATH, with a fc-list that knows no Chinese font).
gp_path=$(command -v gnuplot || true)
if [ -n "$gp_path" ]; then
	mkdir -p "$tmp/bin5" "$tmp/state5"
	ln -s "$gp_path" "$tmp/bin5/gnuplot"
	ln -s "$(pwd)/tests/fake-fc-list/fc-list" "$tmp/bin5/fc-list"
	start font 100 30 "env $UNSET $ASAN PATH=$tmp/bin5 HOME=$tmp/home XDG_STATE_HOME=$tmp/state5 LANG=C.UTF-8 TERM=xterm-256color $GRADLAB --lang zh"
	wait_for font "gradlab：终端里的教科书"
	keys font Down Down Down Enter
	wait_for font "04 · 梯度消失与梯度爆炸"
	keys font Tab Tab
	wait_for font "实验 1"
	keys font p
	wait_for font "fonts-wqy-zenhei"
	check "the PNG is saved" test -s "$tmp/state5/gradlab/plots/04-vanishing-exploding-cell2.png"
	keys font q q
	wait_for font "EXIT=0"
fi

# {==== The exercises: a shipped exercise graded in the book fails, with its report ====

# The learner's folder holds a copy of a shipped exercise; GRADLAB_EXERCISES names the
# grader's folder, GRADLAB_CC the compiler (PATH has none, so that it has no gnuplot).
cc_path=$(command -v cc || command -v gcc || true)
if [ -n "$cc_path" ]; then
	mkdir -p "$tmp/learner" "$tmp/state3"
	cp exercises/01_activations.c "$tmp/learner/"
	ENVS3="env $UNSET $ASAN PATH=$tmp/bin HOME=$tmp/home XDG_STATE_HOME=$tmp/state3 GRADLAB_EXERCISES=$(pwd)/exercises GRADLAB_CC=$cc_path"
	start ex 80 24 "$ENVS3 LANG=C.UTF-8 TERM=xterm-256color $GRADLAB --lang en --submission $tmp/learner"
	wait_for ex "e exercises"
	keys ex e
	# the list's own count and points, so that a new exercise changes no line here
	n_ex=$(grep -c '^name:' exercises/exercises.list)
	total=$(awk -F': *' '/^points:/ { s += $2 } END { print s }' exercises/exercises.list)
	wait_for ex "Exercises: 0 of $n_ex passed, 0/$total points"
	wait_for ex "01  The backward pass of sigmoid"
	wait_for ex "Edit $tmp/learner/01_activations.c"
	wait_for ex "TASK. An activation is applied"
	keys ex Enter
	wait_for ex "FAIL  sigmoid_backward" 120
	wait_for ex "dx[0]: expected"
	wait_for ex "Hint 1/4: Each of these is elementwise"
	keys ex h
	wait_for ex "Hint 2/4: Write each derivative"
	keys ex L
	wait_for ex "提示 2/4"
	keys ex L q
	wait_for ex "0/6  ✗ failed"
	keys ex q
	wait_for ex "Enter open"
	keys ex q
	wait_for ex "EXIT=0"
	check "the exercises screen gives the terminal back" alt_screen_off ex
	grades=$tmp/state3/gradlab/exercises.json
	check "the grade is in exercises.json" grep -q '"activations"' "$grades"
	check "it failed" grep -q '"passed": false' "$grades"
	check "the hint asked for is kept" grep -q '"hint": 2' "$grades"
else
	echo "ui_tmux: no C compiler: the grading steps are skipped"
fi

# }====

# {==== Lesson 10 in both languages: a live train cell, a predict quiz, Chinese at 80x24 ====

# Lesson 10 is the last in the contents (G). Its predict quiz runs the tanh RNN on the adding
# problem after the answer; the first experiment runs live again with the LSTM (l), then in
# Chinese, where the answer given in English is shown as the learner left it.
lesson10_part() {
	mkdir -p "$tmp/state10"
	ENVS10="env $UNSET $ASAN PATH=$tmp/bin HOME=$tmp/home XDG_STATE_HOME=$tmp/state10"
	start les10 80 24 "$ENVS10 LANG=C.UTF-8 TERM=xterm-256color $GRADLAB --lang en"
	wait_for les10 "Enter open"
	wait_for les10 "10  Sequences in practice"
	keys les10 G Enter
	wait_for les10 "10 · Sequences in practice"
	keys les10 Tab Tab
	wait_for les10 "Quiz 2 · predict, then run"
	keys les10 Enter
	wait_for les10 "Your answer:"
	keys les10 0.17 Enter
	# "Correct." may scroll away under the run's table at once: the Chinese screen and the
	# progress file say it below.
	wait_for les10 "\$ gradlab train adding --cell rnn --steps 20 --iters 400 --lr 0.01" 120
	wait_for les10 "test loss 0.167107, baseline 0.166667" 120
	keys les10 Tab
	wait_for les10 "Experiment 1"
	wait_for les10 "cell ◂ rnn ▸   steps ◂ 20 ▸"
	keys les10 l
	wait_for les10 "cell ◂ lstm ▸"
	wait_for les10 "train adding: lstm cell, hidden 32, 20 steps" 120
	wait_for les10 "test loss 0.0179391" 120
	check "lesson 10 at 80 columns: no row is wider" fits 80 "$tmp/screen"
	keys les10 L
	wait_for les10 "10 · 序列模型实战"
	wait_for les10 "实验 1"
	keys les10 Enter
	wait_for les10 "train adding：lstm 单元，隐藏层维度 32" 120
	wait_for les10 "测试损失 0.0179391" 120
	keys les10 BTab
	wait_for les10 "测验 2 · 先预测，再运行"
	wait_for les10 "你的答案：0.17"
	wait_for les10 "正确。"
	keys les10 q
	wait_for les10 "1/12"
	keys les10 q
	wait_for les10 "EXIT=0"
	check "lesson 10 gives the terminal back" alt_screen_off les10
	check "lesson 10's answer is stored" grep -q '"q2"' "$tmp/state10/gradlab/progress.json"
	check "lesson 10's answer is stored as right" grep -q '"correct": true' "$tmp/state10/gradlab/progress.json"
}
lesson10_part

# }====

# {==== Lessons 07-09 in both languages at 80x24: opened by number, a live train cell ====

# lesson_part N TITLE ZH_TITLE TABS OUTPUT: the contents' N opens lesson 0N; TABS Tabs reach
# its first experiment, a train cell, which Enter runs live to OUTPUT; no row is wider than
# the terminal; L shows the same lesson in Chinese, where Enter runs the cell in Chinese.
lesson_part() {
	lp_n=$1 lp_title=$2 lp_zh=$3 lp_tabs=$4 lp_out=$5
	mkdir -p "$tmp/state0$lp_n"
	ENVSN="env $UNSET $ASAN PATH=$tmp/bin HOME=$tmp/home XDG_STATE_HOME=$tmp/state0$lp_n"
	start les0$lp_n 80 24 "$ENVSN LANG=C.UTF-8 TERM=xterm-256color $GRADLAB --lang en"
	wait_for les0$lp_n "Enter open"
	keys les0$lp_n "$lp_n" Enter
	wait_for les0$lp_n "0$lp_n · $lp_title"
	for _ in $(seq "$lp_tabs"); do keys les0$lp_n Tab; done
	wait_for les0$lp_n "Experiment 1"
	keys les0$lp_n Enter
	wait_for les0$lp_n "$lp_out" 120
	check "lesson 0$lp_n at 80 columns: no row is wider" fits 80 "$tmp/screen"
	keys les0$lp_n L
	wait_for les0$lp_n "0$lp_n · $lp_zh"
	wait_for les0$lp_n "实验 1"
	keys les0$lp_n Enter
	wait_for les0$lp_n "$lp_out" 120
	check "lesson 0$lp_n in Chinese at 80 columns: no row is wider" fits 80 "$tmp/screen"
	keys les0$lp_n q
	keys les0$lp_n q
	wait_for les0$lp_n "EXIT=0"
	check "lesson 0$lp_n gives the terminal back" alt_screen_off les0$lp_n
}
lesson_part 7 "Losses and output layers" "损失函数与输出层" 1 "0.0036402"
lesson_part 8 "Training a network" "训练一个网络" 1 "0.693193"
lesson_part 9 "Deep networks and residual paths" "深层网络与残差通路" 2 "0.694497"

# }====

echo "ui_tmux: $pass passed, $fails failed ($(($(date +%s) - start_time)) s)"
[ "$fails" -eq 0 ]
