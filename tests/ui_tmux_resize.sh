#!/bin/sh
# ui_tmux_resize.sh: the Chinese book in a terminal too short for a plot, then enlarged (the
# real binary in tmux, on a private server, as tests/ui_tmux.sh). At 80x12 a plotting cell
# (lesson 01's curves) must run in Chinese, without its plot, with one line saying the
# terminal is too small, and nothing refused: the book asks the command table what curves
# accepts and sizes its plot within that, instead of reading a refusal as "no --lang" and
# remembering it. Changing a value at that size runs in Chinese again. Enlarged to 80x30,
# the cell runs again with its plot, still in Chinese, and so does the next run. Screens
# are polled, never waited for with fixed sleeps; the whole run is bounded.
set -u
: "${GRADLAB:=build/gradlab}"
case $GRADLAB in /*) ;; *) GRADLAB=$(pwd)/$GRADLAB ;; esac

if ! command -v tmux >/dev/null 2>&1; then
	echo "ui_tmux_resize: tmux is not installed (make test installs it): skipped"
	exit 0
fi

tmp=$(mktemp -d)
sock=gradlab-resize-$$
pass=0
fails=0
start_time=$(date +%s)
# Each wait is for a screen that must come: the whole file takes about 2 s on an idle
# machine, and a loaded one may be ten times slower; these limits are far above both.
limit_total=300   # seconds for the whole file

. tests/tmux.lib

mkdir -p "$tmp/bin" "$tmp/home" "$tmp/state"
# No gnuplot on PATH, no display, state in the temporary folder; ncurses' own allocations
# at exit are not ours to free under `make asan`.
UNSET="-u LC_ALL -u LC_CTYPE -u LC_MESSAGES -u DISPLAY -u WAYLAND_DISPLAY -u NO_COLOR"
ENVS="env $UNSET ASAN_OPTIONS=detect_leaks=0 PATH=$tmp/bin HOME=$tmp/home XDG_STATE_HOME=$tmp/state"

# lacks NAME TEXT: the screen last polled does not show TEXT.
lacks() {
	if grep -qF -- "$2" "$tmp/screen"; then
		echo "FAIL: [$1] shows \"$2\":"
		sed 's/^/    | /' "$tmp/screen"
		fails=$((fails + 1))
	else
		pass=$((pass + 1))
	fi
}

# What a broken session showed: a refusal of the plot size, a retry without --lang (the
# English table), the exit status of a refused run.
no_refusal() {
	lacks "$1" "--plot-size"
	lacks "$1" "must be"
	lacks "$1" "unknown option"
	lacks "$1" "退出状态"
	lacks "$1" "saturated"
	lacks "$1" "points are"
}

T new-session -d -s book -x 80 -y 12 -c "$(pwd)" \
	"$ENVS LANG=C.UTF-8 TERM=xterm-256color $GRADLAB --lang zh; echo EXIT=\$?; sleep 60"
wait_for book "gradlab：终端里的教科书"
keys book Enter
wait_for book "01 · 激活函数及其导数"

# {==== 80x12: Chinese output, no plot, one line saying why ====

# Three quizzes come before the first experiment (curves, which plots).
keys book Tab Tab Tab Tab
wait_for book "实验 1"
keys book Enter
wait_for book "\$ gradlab curves --act sigmoid,tanh --from -6 --to 6 --lang zh"
wait_for book "121 个点中 30 个饱和"
wait_for book "未绘图：终端太小，放不下图。把终端调大就能看到图。"
no_refusal book
lacks book "--lang zh --plot"

# Another value at this size: Chinese again (nothing was remembered against --lang).
keys book l
wait_for book "\$ gradlab curves --act sigmoid,tanh --from -5.5 --to 6 --lang zh"
wait_for book "个饱和"
wait_for book "未绘图：终端太小"
no_refusal book

# }====

# {==== 80x30: the plot comes back, still in Chinese ====

T resize-window -t book -x 80 -y 30
# The open cell runs again at the new size, with its plot.
wait_for book "\$ gradlab curves --act sigmoid,tanh --from -5.5 --to 6 --lang zh --plot"
wait_for book "个饱和"
no_refusal book
lacks book "未绘图"

# The next run (back to -6, whose run at 80x12 had no plot) plots too.
keys book h
wait_for book "\$ gradlab curves --act sigmoid,tanh --from -6 --to 6 --lang zh --plot"
wait_for book "121 个点中 30 个饱和"
no_refusal book
lacks book "未绘图"
# Down to the plot: its Chinese title and its x axis.
keys book PgDn
wait_for book "激活函数 f（上）及其导数 f'（下）"
wait_for book "└┬"
no_refusal book

keys book q q
wait_for book "EXIT=0"

# }====

echo "ui_tmux_resize: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
