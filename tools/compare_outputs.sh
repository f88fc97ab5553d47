#!/bin/sh
# compare_outputs.sh: the same fixed list of gradlab commands run by two binaries, every
# output compared byte for byte (issue 12: behaviour stays the same through a refactor).
#
#   sh tools/compare_outputs.sh BEFORE AFTER [WORKDIR]
#
# BEFORE and AFTER are two builds of gradlab (for example main's build/gradlab and a branch's;
# a build of an older commit: git archive COMMIT | tar -x -C /tmp/before && make -C /tmp/before).
# Run it from the top of a source tree: both binaries read its exercises/, solutions/,
# tests/buggy/, tests/hostile/ and lessons/. Each command's standard output, standard error
# and exit status are kept in WORKDIR/before/NNN.* and WORKDIR/after/NNN.*, with every file
# it writes (--out, --csv, --class reports); the only thing changed before comparing is the
# time a grading took ("0.12 s", "seconds"), which no two runs share. Exit status: 0 when every
# output is the same, 1 when some differ (listed, with the first lines of each diff), 2 on bad
# use.
set -u

if [ $# -lt 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: sh tools/compare_outputs.sh BEFORE AFTER [WORKDIR] (two gradlab binaries)" >&2
	exit 2
fi
case $1 in /*) before=$1 ;; *) before=$(pwd)/$1 ;; esac
case $2 in /*) after=$2 ;; *) after=$(pwd)/$2 ;; esac
work=${3:-$(mktemp -d /tmp/gradlab-compare-XXXXXX)}
mkdir -p "$work"
case $work in /*) ;; *) work=$(pwd)/$work ;; esac
if [ ! -f exercises/exercises.list ] || [ ! -d solutions ]; then
	echo "compare_outputs.sh: run it from the top of the gradlab source tree" >&2
	exit 2
fi

# Fixed inputs: one grading seed, generous timeouts (no run comes near them), no progress
# file, and a private state folder and temp folder.
seed=7
timeout=30
export XDG_STATE_HOME="$work/state"
export LC_ALL=C.UTF-8
export NO_COLOR=1
mkdir -p "$work/state" "$work/tmp"
chmod 711 "$work" "$work/tmp"
export TMPDIR="$work/tmp"

# {==== Submissions ====
# Folders graded by both binaries: each buggy file in its exercise's place among the
# solutions, a class of students, and a few hostile files whose verdict does not depend on time.
subs="$work/subs"
rm -rf "$subs"
mkdir -p "$subs"
exercise_file() { # the exercise file a buggy file's name starts with: rnn_step_x.c -> 04_rnn_step.c
	b=$(basename "$1" .c)
	for e in exercises/[0-9]*_*.c; do
		n=$(basename "$e" .c)
		n=${n#*_}
		case $b in "${n%%_*}"_*) echo "$(basename "$e")"; return ;; esac
	done
}
buggy_list=""
for f in tests/buggy/*.c; do
	name=$(basename "$f" .c)
	ef=$(exercise_file "$f")
	[ -n "$ef" ] || { echo "compare_outputs.sh: no exercise for $f" >&2; exit 2; }
	mkdir -p "$subs/$name"
	cp solutions/*.c "$subs/$name/"
	cp "$f" "$subs/$name/$ef"
	buggy_list="$buggy_list $name:${ef%.c}"
done
hostile_list=""
for h in segfault nan_inf wrong_shape not_compiling abort exit_early forged_results fake_pass \
	output_flood; do
	[ -f "tests/hostile/$h.c" ] || continue
	ex=$(sed -n 's/^ \* exercise: *//p' "tests/hostile/$h.c" | head -n 1)
	ef=$(cd exercises && ls [0-9]*_"$ex".c 2>/dev/null | head -n 1)
	[ -n "$ef" ] || continue
	mkdir -p "$subs/h_$h"
	cp solutions/*.c "$subs/h_$h/"
	cp "tests/hostile/$h.c" "$subs/h_$h/$ef"
	hostile_list="$hostile_list h_$h:$ex"
done
# A class: a full marks student, an untouched one, two with classic mistakes.
mkdir -p "$subs/class/ada" "$subs/class/bo" "$subs/class/cy" "$subs/class/di"
cp solutions/*.c "$subs/class/ada/"
cp exercises/[0-9]*.c "$subs/class/bo/"
cp solutions/*.c "$subs/class/cy/"
cp tests/buggy/rnn_step_no_fprime.c "$subs/class/cy/04_rnn_step.c"
cp solutions/*.c "$subs/class/di/"
cp tests/buggy/softmax_no_subtract.c "$subs/class/di/02_softmax_xent.c"
chmod -R a+rX "$subs"
# For the cli's messages (cli_msg): a folder to watch, the solutions with one file that does
# not compile (a verdict that does not depend on the seed watch draws), and keys to press; a
# class with a student who is a symbolic link and an old reports folder, both passed over.
mkdir -p "$subs/watch" "$subs/class2/ada" "$subs/class2/gradlab-reports-old"
cp solutions/*.c "$subs/watch/"
printf 'int broken(void) { return }\n' >"$subs/watch/02_softmax_xent.c"
printf 'l\nh\nh\nn\nl\nr\nq\n' >"$work/watch_keys.txt"
cp solutions/*.c "$subs/class2/ada/"
ln -sfn "$subs/class/ada" "$subs/class2/linked"
printf '{}\n' >"$subs/class2/gradlab-reports-old/ada.json"
chmod -R a+rX "$subs"
# Requests for `gradlab grad` (a VJP): good ones and refused ones.
printf '%s' '{"model": "mse", "inputs": {"pred": 3, "target": 1}, "dout": {"loss": 1}}' >"$work/grad_mse.json"
printf '%s' '{"model": "rnn", "options": {"nonlinearity": "linear"},
 "params": {"weight_ih": [[2]], "weight_hh": [[0.5]], "bias_ih": [0.25], "bias_hh": [0.25]},
 "inputs": {"x": [[1], [2]], "h0": [1]}, "dout": {"output": [[0], [1]]}}' >"$work/grad_rnn.json"
printf '%s' '{"model": "attention", "options": {"score": "dot"}, "inputs": {"query": [0, 0], "keys": [[1, 2], [3, 4], [5, 6]], "values": [[1], [2], [4]], "mask": [1, true, 0]}, "dout": {"context": [1]}}' >"$work/grad_attention.json"
printf '%s' '{"model": "rnn", "inputs": {"x": [[1, 2]]}}' >"$work/grad_bad_shape.json"
printf '%s' '{"model": "nosuch"' >"$work/grad_bad_json.json"
# }====

# {==== The command list ====
# One command a line; OUT in a command is a folder that belongs to that run only. A line that
# starts with LC_ALL=LOCALE runs under that locale instead of C.UTF-8.
list="$work/commands.txt"
{
	for lang in en zh; do
		for fmt in text json junit tap gradescope; do
			echo "grade --solutions --format $fmt --lang $lang --seed $seed --timeout $timeout --no-progress"
			echo "grade --submission exercises --format $fmt --lang $lang --seed $seed --timeout 5 --no-progress"
			echo "grade --submission $subs/class/cy --format $fmt --lang $lang --seed $seed --timeout $timeout --no-progress --out OUT/report"
		done
		echo "grade --solutions --verbose --lang $lang --seed $seed --timeout $timeout --no-progress"
		echo "grade rnn_step --submission $subs/class/cy --hint 2 --lang $lang --seed $seed --timeout $timeout --no-progress"
		echo "grade rnn_step --submission $subs/class/cy --hint 9 --lang $lang --seed $seed --timeout $timeout --no-progress"
		for b in $buggy_list $hostile_list; do
			dir=${b%%:*}
			ex=${b#*:}
			echo "grade $ex --submission $subs/$dir --lang $lang --seed $seed --timeout 5 --no-progress"
			echo "grade $ex --submission $subs/$dir --format json --lang $lang --seed $seed --timeout 5 --no-progress"
		done
		for fmt in csv text json gradescope; do
			echo "grade --class $subs/class --format $fmt --lang $lang --seed $seed --timeout $timeout --jobs 2 --out OUT/class"
		done
		echo "grade nosuch --lang $lang"
		echo "grade --format xml --lang $lang"
		echo "grade --submission $work/missing --lang $lang"
		# the numeric checker and its reports
		echo "check --list --lang $lang"
		for m in $("$before" check --list 2>/dev/null | awk '/^  [a-z]/ {print $1}'); do
			echo "check $m --lang $lang"
		done
		echo "check rnn --format json --lang $lang"
		echo "check lstm --fast 3 --lang $lang"
		echo "check mse --eps 1e-1 --lang $lang"
		# failures, kinks, a failing direction and one value (check_msg's plurals)
		echo "check rnn --broken transpose_whh --lang $lang"
		echo "check relu --seed 3 --batch 40 --input 40 --eps 1 --lang $lang"
		echo "check rnn --fast 2 --broken transpose_whh --lang $lang"
		echo "check tanh --batch 1 --input 1 --rtol 0 --atol 0 --eps 1e-1 --lang $lang"
		echo "lessons --lang $lang"
		for n in 01 02 03 04 05 06 07 08 09 10; do
			echo "lessons --show $n --lang $lang"
		done
		echo "norms --lang $lang --csv OUT/norms.csv --plot text --plot-size 60x16"
		echo "norms --cell rnn,lstm,gru --lang $lang --format json"
		echo "sweep rnn --lang $lang --csv OUT/sweep.csv --plot text --plot-size 60x16"
		echo "sweep tanh --lang $lang --format json"
		echo "curves --lang $lang --csv OUT/curves.csv --plot text --plot-size 60x16"
		echo "curves --act tanh,relu --points 9 --lang $lang --format json"
		# the plot layer's own words (plot_msg) and the experiments' titles and legends: the
		# gnuplot scripts, the text plots (panels, gaps, clamped values, a masked heatmap
		# too big to label) and the notes of a fallback to text
		echo "norms --lang $lang --gnuplot-script OUT/norms.gp --plot text --plot-size 72x20"
		echo "norms --cell rnn,lstm,gru --truncate 7 --lang $lang --gnuplot-script OUT/norms.gp --plot text --plot-size 90x30"
		echo "norms --act linear --spectral-norm 0.01 --steps 400 --lang $lang --gnuplot-script OUT/norms.gp --plot text --plot-size 72x20 --plot-glyphs ascii"
		echo "norms --lang $lang --plot dumb --plot-size 72x20"
		echo "sweep rnn --lang $lang --gnuplot-script OUT/sweep.gp --plot text --plot-size 72x20"
		echo "sweep sigmoid --precision single --lang $lang --gnuplot-script OUT/sweep.gp --plot text --plot-size 72x20 --plot-glyphs ascii"
		echo "curves --lang $lang --gnuplot-script OUT/curves.gp --plot text --plot-size 72x40"
		echo "curves --act relu,elu --from -2 --to 2 --points 5 --lang $lang --gnuplot-script OUT/curves.gp --plot text --plot-size 60x16"
		echo "curves --lang $lang --plot dumb --plot-size 72x20"
		echo "attention --lang $lang --gnuplot-script OUT/attention.gp --plot text --plot-size 72x20"
		echo "attention --keys 14 --queries 14 --mask-last 3 --lang $lang --gnuplot-script OUT/attention.gp --plot text --plot-size 60x12"
		echo "attention --mask-last 2 --lang $lang --gnuplot-script OUT/attention.gp --plot dumb --plot-size 72x20 --plot-glyphs ascii"
		# and their tables: every kind of line the words of norms, sweep, curves, attention take
		echo "norms --cell lstm,gru --init gaussian --clip 0.5 --truncate 1 --forget-bias 1 --loss all --steps 1 --lang $lang --gnuplot-script OUT/norms.gp"
		echo "norms --act linear --spectral-norm 10 --steps 400 --lang $lang"
		echo "norms --cell gru --steps 21 --lang $lang"
		echo "sweep tanh --lang $lang --precision double --gnuplot-script OUT/sweep.gp"
		echo "sweep sigmoid --at 40 --lang $lang --gnuplot-script OUT/sweep.gp"
		echo "sweep mse --lang $lang --gnuplot-script OUT/sweep.gp"
		echo "curves --act sigmoid,tanh,relu,leaky_relu,elu --slope 0.2 --alpha 0.5 --points 1001 --lang $lang --gnuplot-script OUT/curves.gp"
		echo "curves --act relu --points 1 --lang $lang"
		echo "curves --act relu --points 18 --lang $lang"
		echo "attention --queries 1 --keys 2 --mask-last 1 --lang $lang --gnuplot-script OUT/attention.gp"
		echo "attention --keys 3 --mask-last 1 --score additive --lang $lang --gnuplot-script OUT/attention.gp"
		echo "unroll --lang $lang"
		echo "bptt --lang $lang"
		echo "attention --lang $lang --csv OUT/attention.csv --plot text --plot-size 60x16"
		echo "attention --lang $lang --format json"
		# the cli's own text (cli_msg): bptt, unroll, gates, relu, check --broken, the tiny
		# RNN options' errors, watch and the progress file's notes
		echo "bptt --act linear --loss last --hidden 1 --input 1 --lang $lang"
		echo "bptt --hidden 3 --steps 5 --show dh,deltas,biases,summary --lang $lang"
		echo "bptt --w 0.5 --u 0.8 --x 1,2,3 --h0 0 --r 1 --lang $lang"
		echo "bptt --loss last --seed 123456789012345678 --show model,paths --lang $lang"
		echo "bptt --act relu --steps 1 --show paths --lang $lang"
		echo "bptt --show bogus --lang $lang"
		echo "bptt --x 1,a --lang $lang"
		echo "bptt --hidden 2 --h0 1,2,3 --lang $lang"
		echo "bptt --w 1e9 --lang $lang"
		echo "unroll --act linear --hidden 1 --input 1 --steps 1 --lang $lang"
		echo "unroll --steps 7 --view unrolled --h0 0.5 --act linear --lang $lang"
		echo "unroll --w 0.5 --u 0.8 --x 1,2,3 --h0 0 --view folded --lang $lang"
		echo "unroll --hidden 2 --steps 2 --input 2 --seed 123456789012345678 --lang $lang"
		echo "unroll --x 1,2 --u 1,2,3 --lang $lang"
		echo "gates --lang $lang"
		echo "gates --cell gru --unit 2 --lang $lang"
		echo "gates --steps 200 --lang $lang --plot text --plot-size 60x16"
		echo "gates --format csv --lang $lang"
		echo "relu --lang $lang"
		echo "relu --steps 300 --lang $lang --plot text --plot-size 60x16"
		echo "relu --format csv --lang $lang"
		echo "check rnn --broken transpose_whh --lang $lang"
		echo "check rnn --broken no_accumulate_over_time --lang $lang"
		echo "IN=$work/watch_keys.txt STATE=corrupt watch --submission $subs/watch --timeout $timeout --lang $lang"
		echo "STATE=corrupt grade activations --lang $lang --seed $seed --timeout $timeout"
		echo "grade --class $subs/class2 --lang $lang --seed $seed --timeout $timeout --jobs 2 --out OUT/class"
		echo "grade rnn_step --class $subs/class2 --lang $lang --seed $seed --timeout $timeout --jobs 2 --out OUT/class"
	done
	for f in "$work"/grad_*.json; do
		echo "grad $f"
	done
	# The lesson linter's file paths (built with core/path): a broken book and a hostile one.
	echo "lessons --lint --dir tests/data/book-broken"
	echo "lessons --lint --dir tests/data/lessons-hostile"
	echo "demo"
	echo "--help"
	echo "grade --help"
	# The C locale (a line may start with LC_ALL=...): Chinese refused, plots in ASCII or,
	# when asked, Unicode glyphs measured as a UTF-8 terminal will show them.
	echo "LC_ALL=C norms --lang zh --plot text --plot-size 60x16"
	echo "LC_ALL=C curves --plot text --plot-glyphs unicode --plot-size 60x16"
	echo "LC_ALL=C attention --plot text --plot-glyphs unicode --plot-size 60x16"
	echo "LC_ALL=C check rnn"
	echo "LC_ALL=C unroll --lang zh"
	echo "LC_ALL=C --help"
} >"$list"
# }====

# The time a grading took is the only thing allowed to differ between two runs (and the name
# of each side's own output folder).
normalise() {
	sed -E -e "s#$work/(before|after)/#WORK/#g" -e 's/[0-9]+\.[0-9]+ s([ ,)]|$)/T s\1/g' -e 's/[0-9]+\.[0-9]+ 秒/T 秒/g' \
		-e 's/"(seconds|execution_time|time)": *[0-9.e+-]+/"\1":T/g' \
		-e 's/time="[0-9.e+-]+"/time="T"/g' -e 's/(duration_ms|duration): [0-9.e+-]+/\1: T/g' \
		-e 's/,[0-9]+\.[0-9]+$/,T/' -e 's/\.corrupt-[0-9]{8}-[0-9]{6}/.corrupt-T/g' "$1"
}

run_all() { # binary side
	side=$2
	rm -rf "${work:?}/$side" "$work/state"
	mkdir -p "$work/$side" "$work/state"
	i=0
	while IFS= read -r cmd; do
		i=$((i + 1))
		id=$(printf '%03d' "$i")
		out="$work/$side/$id.files"
		mkdir -p "$out"
		rm -rf "$subs/class/gradlab-reports" "$subs/class/gradebook.csv"
		# shellcheck disable=SC2086 # a command is words split on spaces
		set -- $(echo "$cmd" | sed "s#OUT#$out#g")
		# After the binary: LC_ALL=LOCALE runs it in that locale (C.UTF-8 otherwise),
		# IN=FILE reads standard input from FILE (keys for watch), and STATE=corrupt starts
		# from a progress file that is not JSON (set aside, with a note).
		bin=$1
		shift
		loc=C.UTF-8
		case ${1-} in LC_ALL=*) loc=${1#LC_ALL=} && shift ;; esac
		input=/dev/null
		case ${1:-} in IN=*) input=${1#IN=}; shift ;; esac
		case ${1:-} in
		STATE=corrupt)
			shift
			rm -rf "$work/state/gradlab"
			mkdir -p "$work/state/gradlab"
			echo 'garbage{' >"$work/state/gradlab/exercises.json"
			;;
		esac
		LC_ALL=$loc "$bin" "$@" <"$input" >"$work/$side/$id.out" 2>"$work/$side/$id.err"
		echo $? >"$work/$side/$id.status"
		for f in "$work/$side/$id.out" "$work/$side/$id.err"; do
			normalise "$f" >"$f.n" && mv "$f.n" "$f"
		done
		find "$out" -type f | while IFS= read -r f; do
			normalise "$f" >"$f.n" && mv "$f.n" "$f"
		done
	done <"$list"
}

# The binary goes first on each line; run_all sets it as $1.
sed -i "s#^#$before #" "$list"
run_all "$before" before
sed -i "s#^$before #$after #" "$list"
run_all "$after" after
sed -i "s#^$after ##" "$list"

n=$(wc -l <"$list")
differ=0
i=0
while IFS= read -r cmd; do
	i=$((i + 1))
	id=$(printf '%03d' "$i")
	if ! diff -r "$work/before/$id.out" "$work/after/$id.out" >/dev/null 2>&1 ||
		! diff "$work/before/$id.err" "$work/after/$id.err" >/dev/null 2>&1 ||
		! diff "$work/before/$id.status" "$work/after/$id.status" >/dev/null 2>&1 ||
		! diff -r "$work/before/$id.files" "$work/after/$id.files" >/dev/null 2>&1; then
		differ=$((differ + 1))
		echo "DIFFERS $id: gradlab $cmd"
		for k in out err status; do
			diff "$work/before/$id.$k" "$work/after/$id.$k" | head -n 8 | sed 's/^/    /'
		done
		diff -r "$work/before/$id.files" "$work/after/$id.files" | head -n 8 | sed 's/^/    /'
	fi
done <"$list"
echo "compare_outputs.sh: $n commands, $((n - differ)) the same, $differ differ ($work)"
[ "$differ" -eq 0 ]
