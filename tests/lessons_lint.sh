# lessons_lint.sh: `gradlab lessons` as a user runs it, then the lint over the real lessons,
# which must find nothing: every file well-formed, both languages paired cell by cell, and
# every run: line and vary endpoint accepted by the gradlab built here.
. tests/lib.sh

expect 0 'usage: gradlab lessons' "$GRADLAB" lessons --help
expect 0 '^ 01 +[0-9]+ +[0-9]+  Activation functions' "$GRADLAB" lessons --dir lessons
expect 0 '激活函数' "$GRADLAB" lessons --dir lessons --lang zh
expect 2 "--lang must be one of en\|zh, got 'fr'" "$GRADLAB" lessons --lang fr
expect 2 "cannot open /nonexistent/lessons" "$GRADLAB" lessons --lint --dir /nonexistent/lessons
expect 2 "unexpected argument 'x'" "$GRADLAB" lessons x

# A small broken folder: problems as file:line: message, a count, exit 1.
t_dir=$(mktemp -d)
mkdir "$t_dir/en" "$t_dir/zh"
printf '# A\n\n```quiz\nkind: numeric\nask: a\nanswer: 1\ntolerance: 0\nexplain: e\n```\n' >"$t_dir/en/01-a.md"
printf '# A\n\n```check\nrun: check sigmoid --batch 0\n```\n' >"$t_dir/zh/01-a.md"
printf '# B\n' >"$t_dir/en/02-b.md"
expect 1 "^$t_dir/en/01-a.md:7: tolerance must be greater than 0, got '0'$" "$GRADLAB" lessons --lint --dir "$t_dir"
expect 1 "^$t_dir/zh/01-a.md:4: run: gradlab check: --batch must be" "$GRADLAB" lessons --lint --dir "$t_dir"
expect 1 "^$t_dir/zh/01-a.md:3: cell 1 is a check here but a quiz in $t_dir/en/01-a.md:3" "$GRADLAB" lessons --lint --dir "$t_dir"
expect 1 "^$t_dir/en/02-b.md: no partner" "$GRADLAB" lessons --lint --dir "$t_dir"
expect 1 '^2 lessons, 4 problems$' "$GRADLAB" lessons --lint --dir "$t_dir"
expect 0 '\(1 problem: gradlab lessons --lint\)' "$GRADLAB" lessons --dir "$t_dir"
rm -r "$t_dir"

# A message that quotes the lesson sends none of its control characters to the terminal:
# an escape sequence and a C1 CSI in an unknown key line are shown as '?'.
t_dir=$(mktemp -d)
mkdir "$t_dir/en" "$t_dir/zh"
printf '# A\n\n```experiment\nrun: norms --steps 5\nfoo\033[2J \302\2332J: 3\n```\n' >"$t_dir/en/01-a.md"
cp "$t_dir/en/01-a.md" "$t_dir/zh/01-a.md"
expect 1 "^$t_dir/en/01-a.md:5: expected 'key: value', got 'foo\\?\\[2J \\?\\?2J: 3'$" "$GRADLAB" lessons --lint --dir "$t_dir"
"$GRADLAB" lessons --lint --dir "$t_dir" >"$t_dir/out" 2>&1 </dev/null
expect 1 '' grep -q "$(printf '\033\\|\302\233')" "$t_dir/out"
rm -r "$t_dir"

# A message that quotes a very long Chinese vary: line is cut between characters, with "...":
# the lint's output stays valid UTF-8.
t_dir=$(mktemp -d)
mkdir "$t_dir/en" "$t_dir/zh"
t_long=$(i=0; while [ $i -lt 60 ]; do printf '选项%d|' $i; i=$((i + 1)); done)选项
printf '# A\n\n```experiment\nrun: curves --act tanh\nvary: act = %s\n```\n' "$t_long" >"$t_dir/zh/01-a.md"
printf '# A\n\n```experiment\nrun: curves --act tanh\nvary: act = tanh|relu\n```\n' >"$t_dir/en/01-a.md"
"$GRADLAB" lessons --lint --dir "$t_dir" >"$t_out" 2>&1 </dev/null
if grep -q '\.\.\.' "$t_out" && python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$t_out" 2>/dev/null; then
	t_pass=$((t_pass + 1))
else
	echo "FAIL: lint of a long Chinese vary: line is not cut with ... into valid UTF-8"
	sed 's/^/    /' "$t_out"
	t_fail=$((t_fail + 1))
fi
rm -r "$t_dir"

# Lessons that try what a lesson may not do (tests/data/lessons-hostile): every attack is
# reported at its line, in both languages, and nothing runs: the lint is started in an empty
# folder (the lessons' relative paths point there) with a class folder for grade --class,
# and both must be as empty afterwards.
t_dir=$(mktemp -d)
mkdir "$t_dir/hostile-class"
t_hostile=$(pwd)/tests/data/lessons-hostile
case $GRADLAB in /*) t_bin=$GRADLAB ;; *) t_bin=$(pwd)/$GRADLAB ;; esac
for t_line in 01-book.md:6 02-grade.md:6 03-watch.md:6 04-grad.md:6 05-csv.md:6 06-script.md:6 \
	07-png.md:6 08-vary.md:7 09-shift.md:6 10-option.md:6 11-argument.md:6 12-predict.md:10 \
	13-check.md:6 14-choice.md:7; do
	expect 1 "^$t_hostile/en/$t_line: (run|vary)" sh -c 'cd "$1" && "$2" lessons --lint --dir "$3"' sh "$t_dir" "$t_bin" "$t_hostile"
done
expect 1 '^14 lessons, 28 problems$' sh -c 'cd "$1" && "$2" lessons --lint --dir "$3"' sh "$t_dir" "$t_bin" "$t_hostile"
if [ -z "$(ls -A "$t_dir/hostile-class")" ] && [ "$(ls -A "$t_dir")" = hostile-class ]; then
	t_pass=$((t_pass + 1))
else
	echo "FAIL: the lint of hostile lessons left files behind:"
	ls -AR "$t_dir" | sed 's/^/    /'
	t_fail=$((t_fail + 1))
fi
rm -rf "$t_dir"

# Lesson facts the experiments or arithmetic decide (issue 11).
# 06: softmax's y(1 - y) peaks at y = 1/2, not "when two scores are equal" (three equal give 2/9).
if grep -q 'when two scores are equal' lessons/en/06-attention.md ||
	grep -q '那是在两个分数相等时取到的' lessons/zh/06-attention.md; then
	echo "FAIL: lesson 06 still says y(1 - y) is largest when two scores are equal"
	t_fail=$((t_fail + 1))
else
	t_pass=$((t_pass + 1))
fi
# 05 q5: the predicted sigma(3)^20 is what its experiment prints in the prod f column at t = 1
# (T - 1 forget gates), within the quiz's tolerance, in both languages.
for t_lang in en zh; do
	t_q5=$(awk '/^id: q5$/ { q = 1 } q && /^```$/ { exit } q' "lessons/$t_lang/05-lstm-gru.md")
	t_run=$(printf '%s\n' "$t_q5" | sed -n 's/^run: //p')
	t_ans=$(printf '%s\n' "$t_q5" | sed -n 's/^answer: //p')
	t_tol=$(printf '%s\n' "$t_q5" | sed -n 's/^tolerance: //p')
	# shellcheck disable=SC2086 # the run: line is split into words, as the book does
	t_prod=$("$GRADLAB" $t_run 2>/dev/null | awk '$1 == "t" && /prod f/ { h = 1; next } h && $1 == "1" { print $4; exit }')
	if [ -n "$t_prod" ] && [ -n "$t_ans" ] &&
		awk -v m="$t_prod" -v a="$t_ans" -v e="$t_tol" 'BEGIN { d = m - a; exit !(d <= e && -d <= e) }'; then
		t_pass=$((t_pass + 1))
	else
		echo "FAIL: lesson 05 ($t_lang) q5 answers $t_ans +- $t_tol, its run ($t_run) prints prod f = $t_prod at t = 1"
		t_fail=$((t_fail + 1))
	fi
done

# 01: the counts of saturated points the text explains are the ones its experiment prints.
t_cnt=$("$GRADLAB" curves --act sigmoid,tanh --from -6 --to 6 2>/dev/null |
	awk '/saturated at/ { for (i = 1; i <= NF; i++) if ($i == "at") printf "%s %s ", $1, $(i + 1) }')
t_sig=$(printf '%s\n' "$t_cnt" | sed -n 's/.*sigmoid \([0-9]*\).*/\1/p')
t_tanh=$(printf '%s\n' "$t_cnt" | sed -n 's/.*tanh \([0-9]*\).*/\1/p')
if [ -n "$t_sig" ] && [ -n "$t_tanh" ] &&
	grep -q "tanh is saturated at $t_tanh of the 121 points" lessons/en/01-activations.md &&
	grep -q "sigmoid at only $t_sig," lessons/en/01-activations.md &&
	grep -q "tanh 有 121 个点中的 $t_tanh 个饱和，sigmoid 只有 $t_sig" lessons/zh/01-activations.md; then
	t_pass=$((t_pass + 1))
else
	echo "FAIL: lesson 01 does not explain the saturated counts its experiment prints (sigmoid $t_sig, tanh $t_tanh)"
	t_fail=$((t_fail + 1))
fi
# --radius sets the spectral norm ||W_hh|| (谱范数), which is the spectral radius only for an
# orthogonal W_hh: no lesson calls it the radius of W_hh.
if grep -n -e 'radius R of W_hh' -e 'The same radius' lessons/en/*.md ||
	grep -n -e '谱半径 R' -e '同样的半径' lessons/zh/*.md; then
	echo "FAIL: a lesson calls --radius's R the (spectral) radius; it is the spectral norm"
	t_fail=$((t_fail + 1))
else
	t_pass=$((t_pass + 1))
fi

# One term per concept in Chinese: the glossary of lessons/README.md (the real one, copied
# beside the lessons without its map of questions, whose lessons are not there) refuses 隐藏状态 and 梯度检查; a Chinese lesson that uses them fails the
# lint at their lines, naming the term to write. The same words in English text, and a gloss
# 独热（one-hot）, are not held to it.
t_dir=$(mktemp -d)
mkdir "$t_dir/en" "$t_dir/zh"
awk '/^## Questions/ { q = 1; next } /^## / { q = 0 } !q' lessons/README.md >"$t_dir/README.md"
printf '# A\n\nThe hidden state (隐藏状态) and a one-hot vector.\n\n```check\nrun: check sigmoid\n```\n' >"$t_dir/en/01-a.md"
printf '# 甲\n\n隐藏状态从上一步传到下一步，独热（one-hot）向量。\n\n```check\nrun: check sigmoid\n```\n\n最后做一次梯度\n检查。\n' >"$t_dir/zh/01-a.md"
expect 1 "^$t_dir/zh/01-a.md:3: '隐藏状态' is not the glossary's term for hidden state: write '隐状态'$" "$GRADLAB" lessons --lint --dir "$t_dir"
expect 1 "^$t_dir/zh/01-a.md:9: '梯度检查' is not the glossary's term for gradient check: write '梯度检验'$" "$GRADLAB" lessons --lint --dir "$t_dir"
expect 1 '^1 lesson, 2 problems$' "$GRADLAB" lessons --lint --dir "$t_dir"
rm "$t_dir/README.md"
expect 0 '^1 lesson, 0 problems$' "$GRADLAB" lessons --lint --dir "$t_dir"
rm -r "$t_dir"

# 03: the cells that give the running example's values by hand print the numbers the text and
# the quizzes work out: h_3 = 2.62 and dL/du, dL/dw (q1, q3) for the linear example; dL/dw,
# dL/du (q5, q6) for the tanh one, as the paths' sums (W_hh, W_ih) of the run, in both languages.
# answer LANG QUIZ: the answer of quiz QUIZ of lesson 03.
t_answer() {
	awk -v q="id: $2" '$0 == q { f = 1 } f && /^answer: / { print $2; exit }' "lessons/$1/03-bptt.md"
}
# t_near A B: |A - B| <= 5e-7 (the cells print 6 decimals)
t_near() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(a != "" && b != "" && d <= 5e-7 && -d <= 5e-7) }'
}
for t_lang in en zh; do
	for t_x in 1,2,3 1,2; do
		t_run=$(grep -E "^run: bptt .*--w 0\.5 --u 0\.8 .*--x $t_x " "lessons/$t_lang/03-bptt.md" | sed 's/^run: //')
		# shellcheck disable=SC2086 # the run: line is split into words, as the book does
		t_sums=$("$GRADLAB" $t_run --lang en 2>/dev/null | awk '/sum over the paths/ { print $(NF - 1), $NF }')
		t_du=${t_sums% *} t_dw=${t_sums#* }
		if [ "$t_x" = 1,2,3 ]; then
			t_h3=$("$GRADLAB" $t_run --lang en 2>/dev/null | awk '$1 == 3 && $2 == 1 && NF >= 5 { print $5; exit }')
			t_ok=0
			t_near "$t_du" "$(t_answer $t_lang q1)" && t_near "$t_dw" "$(t_answer $t_lang q3)" &&
				t_near "$t_h3" 2.62 && grep -q 'h_3 = 0.5·3 + 0.8·1.4  = 2.62' "lessons/$t_lang/03-bptt.md" && t_ok=1
		else
			t_ok=0
			t_near "$t_du" "$(t_answer $t_lang q6)" && t_near "$t_dw" "$(t_answer $t_lang q5)" && t_ok=1
		fi
		if [ -n "$t_run" ] && [ "$t_ok" = 1 ]; then
			t_pass=$((t_pass + 1))
		else
			echo "FAIL: lesson 03 ($t_lang): the cell for x = ($t_x) [$t_run] prints dL/du = $t_du, dL/dw = $t_dw${t_h3:+, h_3 = $t_h3}: not the text's numbers"
			t_fail=$((t_fail + 1))
		fi
	done
done
# 02 and 03 start from the same h_0: lesson 02's first unroll cell and lesson 03's first bptt
# cell (same seed and sizes) print the same a_1.
for t_lang in en zh; do
	t_u=$(grep -m1 '^run: unroll .*--seed ' "lessons/$t_lang/02-unrolled-rnn.md" | sed 's/^run: //')
	t_b=$(grep -m1 '^run: bptt ' "lessons/$t_lang/03-bptt.md" | sed 's/^run: //')
	# shellcheck disable=SC2086 # the run: lines are split into words, as the book does
	t_a1u=$(LC_ALL=C "$GRADLAB" $t_u --lang en --view unrolled 2>/dev/null |
		awk '/a_1/ { c = index($0, "a_1"); getline; v = substr($0, c); sub(/^ *\[ */, "", v); sub(/\].*/, "", v); print v; exit }')
	t_a1b=$("$GRADLAB" $t_b --lang en --show model 2>/dev/null | awk '$1 == 1 && $2 == 1 && NF >= 5 { print $4; exit }')
	if [ -n "$t_a1u" ] && awk -v a="$t_a1u" -v b="$t_a1b" 'BEGIN { d = a - b; exit !(b != "" && d <= 5e-5 && -d <= 5e-5) }'; then
		t_pass=$((t_pass + 1))
	else
		echo "FAIL: lesson 02 ($t_lang) [$t_u] shows a_1 = $t_a1u, lesson 03 [$t_b] a_1 = $t_a1b"
		t_fail=$((t_fail + 1))
	fi
done

# 03: every bptt cell prints the part its section teaches (--show), not all 97-234 lines.
for t_lang in en zh; do
	t_long=$(grep '^run: bptt ' "lessons/$t_lang/03-bptt.md" | sed 's/^run: //' | while IFS= read -r t_run; do
		# shellcheck disable=SC2086 # the run: line is split into words, as the book does
		t_n=$("$GRADLAB" $t_run 2>/dev/null | wc -l)
		[ "$t_n" -gt 0 ] && [ "$t_n" -le 60 ] || echo "$t_n lines: $t_run"
	done)
	if [ -z "$t_long" ] && grep -q '^run: bptt ' "lessons/$t_lang/03-bptt.md"; then
		t_pass=$((t_pass + 1))
	else
		echo "FAIL: lesson 03 ($t_lang) has bptt cells that print more than 60 lines (or none):"
		printf '%s\n' "$t_long" | sed 's/^/    /'
		t_fail=$((t_fail + 1))
	fi
done
# norms' --radius set the spectral norm: the cells give it as --spectral-norm, its name.
if grep -n -E '^(run: norms .*--radius|vary: radius)' lessons/en/*.md lessons/zh/*.md; then
	echo "FAIL: a lesson cell still gives norms --radius; it is --spectral-norm"
	t_fail=$((t_fail + 1))
else
	t_pass=$((t_pass + 1))
fi
# 04: the rho that the text reads off the Gaussian cell (--init gaussian, H = 16, seed 1) is the
# one the cell prints, rounded to 2 decimals, in both languages.
t_run=$(grep -m1 '^run: norms .*--init orthogonal' lessons/en/04-vanishing-exploding.md | sed 's/^run: //; s/--init orthogonal/--init gaussian/')
# shellcheck disable=SC2086 # the run: line is split into words, as the book does
t_rho=$("$GRADLAB" $t_run 2>/dev/null | awk '/rho\(W_hh\) =/ { sub(/:$/, "", $3); printf "%.2f", $3; exit }')
if [ -n "$t_rho" ] && grep -q "($t_rho at H = 16, seed 1;" lessons/en/04-vanishing-exploding.md &&
	grep -q "H = 16、随机种子 1 时为 $t_rho；" lessons/zh/04-vanishing-exploding.md; then
	t_pass=$((t_pass + 1))
else
	echo "FAIL: lesson 04 does not give the rho its Gaussian cell prints ($t_run: rho = $t_rho)"
	t_fail=$((t_fail + 1))
fi

# The real lessons. On failure, every problem is shown, not only the first lines.
"$GRADLAB" lessons --lint --dir lessons >"$t_out" 2>&1 </dev/null
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "FAIL: $GRADLAB lessons --lint --dir lessons -> exit $rc, expected 0"
	sed 's/^/    /' "$t_out"
	t_fail=$((t_fail + 1))
else
	t_pass=$((t_pass + 1))
fi

# {==== Lessons 07 and 09: the numbers the prose reads off their cells ====
# t_claim NN-SLUG VALUE REGEX COMMAND...: COMMAND (a cell's run: line, without gradlab) prints
# a line matching REGEX, which holds VALUE as printed, and both languages of the lesson quote
# VALUE. A change in the training code or the data that moves a number fails here, with
# the line the command printed instead.
# Each command runs once: its output is kept under $t_claims, named by its words.
t_claims=$(mktemp -d)
# The figures the lessons quote from training runs are those of the optimised build a
# learner runs. A build at another optimisation level rounds differently (measured: -O1 and
# -O2 end `train deep --layers 20 --act tanh` at different layer-1 norms), and a run that
# is chaotic (a diverging run, a 20-layer net) then ends elsewhere; so `make asan` (-O1)
# sets GRADLAB_QUOTED_FIGURES=skip: it runs every cell for memory and undefined behaviour,
# and make test checks the quoted digits.
t_claim() {
	[ "${GRADLAB_QUOTED_FIGURES:-check}" = skip ] && return 0
	t_slug=$1 t_value=$2 t_re=$3
	shift 3
	t_key=$t_claims/$(printf '%s_' "$@" | tr -c 'A-Za-z0-9._-' '_')
	[ -f "$t_key" ] || "$GRADLAB" "$@" >"$t_key" 2>&1
	if grep -q -E "$t_re" "$t_key" && grep -qF -- "$t_value" "lessons/en/$t_slug.md" &&
		grep -qF -- "$t_value" "lessons/zh/$t_slug.md"; then
		t_pass=$((t_pass + 1))
	else
		echo "FAIL: lesson $t_slug quotes $t_value from 'gradlab $*' (/$t_re/), which printed:"
		tail -n 25 "$t_key" | sed 's/^/    /'
		t_fail=$((t_fail + 1))
	fi
}
t_c07=07-losses
t_claim $t_c07 0.0036 'test loss 0\.0036[0-9]*, baseline 0\.166667 ' train adding --steps 10 --hidden 16 --iters 400 --lr 0.01
t_claim $t_c07 0.148 'test loss 0\.14(7[5-9]|8[0-4])[0-9]*, ' train adding --steps 20 --hidden 16 --iters 400 --lr 0.01
t_claim $t_c07 45.4% '^test accuracy 45\.4% ' train copy --steps 5 --copy-length 3 --hidden 16 --iters 400 --lr 0.01
t_claim $t_c07 0.97 'test loss 0\.9(6[5-9]|7[0-4])[0-9]*, baseline 2\.07944 ' train copy --steps 5 --copy-length 3 --hidden 16 --iters 400 --lr 0.01
t_claim $t_c07 25% '^test accuracy (1[0-9]|2[0-4])\.[0-9]% ' train copy --steps 15 --copy-length 3 --hidden 16 --iters 400 --lr 0.01
t_claim $t_c07 0.0024665 "sigmoid'\(-6\) = 0\.0024665" curves --act sigmoid --from -6 --to -6
t_claim $t_c07 97.1% '^test accuracy 97\.1% ' train spirals --loss cross_entropy --iters 2000 --lr 0.01
t_claim $t_c07 58.6% '^test accuracy 58\.6% ' train spirals --loss softmax_mse --iters 2000 --lr 0.01
t_claim $t_c07 72.5% '^test accuracy 72\.5% ' train spirals --loss mse --iters 2000 --lr 0.01
# The plateau that cross-entropy leaves after about 1200 iterations and softmax_mse never does.
t_claim $t_c07 1200 '^ +1400 .* (7[0-9]|8[0-9])\.[0-9]%$' train spirals --loss cross_entropy --iters 2000 --lr 0.01
t_claim $t_c07 1200 '^ +1200 .* [56][0-9]\.[0-9]%$' train spirals --loss cross_entropy --iters 2000 --lr 0.01
t_c09=09-deep-residual
t_deep="train deep --layers 20 --iters 600"
# shellcheck disable=SC2086 # the options are split into words, as the book does
{
t_claim $t_c09 7.315e-19 '^ +1 +7\.315e-19 ' $t_deep --act sigmoid
t_claim $t_c09 0.4405 '^ +21 +0\.4405 ' $t_deep --act sigmoid
t_claim $t_c09 50.0% '^test accuracy 50\.0% ' $t_deep --act sigmoid
t_claim $t_c09 2.871e-12 '^ +1 +2\.871e-12 ' $t_deep --act sigmoid --init he
t_claim $t_c09 6.251e-07 '^ +1 +6\.251e-07 ' $t_deep --act tanh
t_claim $t_c09 61.3% '^test accuracy 61\.3% ' $t_deep --act tanh
t_claim $t_c09 8.225e-09 '^ +1 +8\.225e-09 ' $t_deep --act relu
t_claim $t_c09 96.7% '^test accuracy 96\.7% ' $t_deep --act relu --init he
t_claim $t_c09 94.3% '^test accuracy 94\.3% ' $t_deep --act tanh --init he
t_claim $t_c09 97.5% '^test accuracy 97\.5% ' $t_deep --residual --act tanh
t_claim $t_c09 0.1051 '^ +1 +0\.1051 ' $t_deep --residual --act tanh
t_claim $t_c09 0.01717 '^ +1 +0\.01717 ' $t_deep --residual --act sigmoid
t_claim $t_c09 109.7 '^ +21 +109\.7 ' $t_deep --residual --act relu
t_claim $t_c09 0.2844 '^ +1 +0\.2844 ' $t_deep --batch-norm --act sigmoid
t_claim $t_c09 64.8% '^test accuracy 64\.8% ' $t_deep --batch-norm --act sigmoid
t_claim $t_c09 82.6% '^test accuracy 82\.6% ' $t_deep --batch-norm --act relu
}
t_claim $t_c09 6.6755e-13 '^ +1 +6\.6755e-13 ' norms --cell rnn --steps 20 --act sigmoid --spectral-norm 1.0
t_claim $t_c09 0.839038 'parameter gradient norm 0\.839038$' norms --cell rnn --steps 20 --act sigmoid --spectral-norm 1.0
# The numbers above are those of the cells: every command is a run: line of the lesson, or
# one with a vary: value in place.
for t_lang in en zh; do
	t_f=lessons/$t_lang/$t_c09.md
	if grep -q '^run: train deep --layers 20 --act sigmoid --init pytorch --iters 600$' "$t_f" &&
		grep -q '^run: train deep --residual --layers 20 --act tanh --iters 600$' "$t_f" &&
		grep -q '^run: train deep --batch-norm --layers 20 --act sigmoid --iters 600$' "$t_f" &&
		grep -q '^run: train spirals --loss cross_entropy --iters 2000 --lr 0.01$' "lessons/$t_lang/$t_c07.md" &&
		grep -q '^vary: loss = cross_entropy|softmax_mse|mse$' "lessons/$t_lang/$t_c07.md"; then
		t_pass=$((t_pass + 1))
	else
		echo "FAIL: lessons 07 and 09 ($t_lang): a cell whose numbers the text quotes has changed"
		t_fail=$((t_fail + 1))
	fi
done
rm -r "$t_claims"
# {==== 08: the numbers lesson 08 quotes are the ones its cells print ====
# Each claim: a cell's run: line (found by its id, with one option changed where the text
# reads the cell at another setting), then numbers that the command must print and that
# both languages' text must quote. A change to training that moves a number fails here.
t08_run() { # ID [SED]: the run: line of cell ID in lesson 08, edited by SED
	awk -v id="id: $1" '$0 == id { f = 1 } f && /^run: / { sub(/^run: /, ""); print; exit }' \
		lessons/en/08-training.md | sed "${2:-s/^//}"
}
t08_claim() { # ID SED NUMBER... (a NUMBER starting with = is a phrase of the output only)
	[ "${GRADLAB_QUOTED_FIGURES:-check}" = skip ] && return 0
	t_id=$1 t_sed=$2
	shift 2
	t_run=$(t08_run "$t_id" "$t_sed")
	# shellcheck disable=SC2086 # the run: line is split into words, as the book does
	t_got=$("$GRADLAB" $t_run --lang en 2>/dev/null)
	for t_num in "$@"; do
		t_text=${t_num#=}
		if [ -n "$t_run" ] && printf '%s\n' "$t_got" | grep -Fq -- "$t_text" &&
			{ [ "$t_text" != "$t_num" ] || { grep -Fq -- "$t_num" lessons/en/08-training.md &&
				grep -Fq -- "$t_num" lessons/zh/08-training.md; }; }; then
			t_pass=$((t_pass + 1))
		else
			echo "FAIL: lesson 08 quotes $t_text from cell $t_id [$t_run], which does not print it (or a language lacks it)"
			t_fail=$((t_fail + 1))
		fi
	done
}
t08_claim zero-init '' '50.0%' '=every hidden unit is identical'
t08_claim zero-init 's/--init zeros/--init pytorch/' '97.3%'
t08_claim zero-init 's/--act relu/--act sigmoid/' '55.9%'
t08_claim init-variance '' '0.8971' '0.8081' '2.619e+06'
t08_claim init-variance 's/--act tanh/--act relu/; s/--init normal/--init xavier/' '0.003622' '7.087e-06'
t08_claim init-variance 's/--act tanh/--act relu/; s/--init normal/--init he/' '0.04421' '0.09775'
t08_claim init-variance 's/--act tanh/--act relu/; s/--init normal/--init pytorch/' '0.002281' '2.143e-10'
t08_claim dropout-overfit '' '0.000601355' '0.163227' '0.21031'
t08_claim dropout-overfit 's/--dropout 0$/--dropout 0.3/' '0.126397' '0.170767'
t08_claim dropout-overfit 's/--dropout 0$/--dropout 0.6/' '75.8%'
t08_claim batch-noise '' '7.04' '1.731' '0.9062' '0.4165'
t08_claim batch-noise 's/--batch 32/--batch 1/' '56.6%'
t08_claim batch-noise 's/--batch 32/--batch 256/' '97.9%'
t08_claim lr-size 's/--lr 0.1/--lr 0.001/' '60.0%'
t08_claim lr-size '' '88.1%'
t08_claim lr-size 's/--lr 0.1/--lr 0.3/' '50.6%'
t08_claim lr-size 's/--lr 0.1/--lr 1/; s/--act relu/--act tanh/' '30.1537'
t08_claim lr-schedule 's/--schedule cosine/--schedule constant/; s/--warmup 50/--warmup 0/' '61.5%'
t08_claim lr-schedule 's/--warmup 50/--warmup 0/' '74.0%'
t08_claim lr-schedule '' '86.7%'
t08_claim early-stop '' '0.163227' '0.189016' '=stopped early at iteration 850' '=the best weights (iteration 600) are restored'
t08_claim search '' '0.0685385' '0.0521202' '=9 trials tried 3 different learning rates'
t08_claim search 's/--search grid/--search random/' '0.0382083' '0.03461' '=9 trials tried 9 different learning rates'
t08_claim width-depth 's/--width 16/--width 64/; s/--layers 2/--layers 1/' '88.3%'
t08_claim width-depth '' '92.6%'
t08_claim width-depth 's/--width 16/--width 64/; s/--layers 2/--layers 3/' '99.0%'
t08_claim lstm-gru '' '0.00413169' '0.000774018'
t08_claim lstm-gru 's/--cell gru/--cell lstm/' '0.0226953'
t08_claim lstm-gru 's/--cell gru/--cell rnn/' '0.163018'
# The predict quiz's answer is what its run: line prints for B = 256.
t_q5=$(awk '/^id: q5$/ { f = 1 } f && /^run: / { sub(/^run: /, ""); print; exit }' lessons/en/08-training.md)
# shellcheck disable=SC2086 # the run: line is split into words, as the book does
t_b256=$("$GRADLAB" $t_q5 2>/dev/null | awk '$1 == 256 && NF == 3 { print $3; exit }')
if [ -n "$t_b256" ] && grep -A6 '^id: q5$' lessons/en/08-training.md | grep -qx "answer: $t_b256" &&
	grep -A6 '^id: q5$' lessons/zh/08-training.md | grep -qx "answer: $t_b256"; then
	t_pass=$((t_pass + 1))
else
	echo "FAIL: lesson 08's q5 answer is not the noise its run prints at B = 256 ($t_b256)"
	t_fail=$((t_fail + 1))
fi
# }====

# 10: the numbers lesson 10 reads off its train cells are the ones they print, in both
# languages (the cells' own run: lines, with one option changed as the learner changes it).
# t10_run CELL: the run: line (without "train ") of lesson 10's first cell starting CELL.
t10_run() {
	grep -m1 "^run: train $1" lessons/en/10-sequences-in-practice.md | sed 's/^run: train //'
}
# t10_with LINE OPTION VALUE: LINE with --OPTION's value replaced.
t10_with() {
	printf '%s\n' "$1" | sed "s/--$2 [^ ]*/--$2 $3/"
}
# t10_test ARGS...: the final test loss `gradlab train ARGS` prints.
t10_test() {
	"$GRADLAB" train "$@" --lang en 2>/dev/null </dev/null |
		sed -n 's/^train loss [^,]*, test loss \([^,]*\),.*/\1/p'
}
# t10_both TEXT: both languages of lesson 10 hold TEXT (a fixed string).
t10_both() {
	grep -qF -- "$1" lessons/en/10-sequences-in-practice.md &&
		grep -qF -- "$1" lessons/zh/10-sequences-in-practice.md
}
# t10_claim WHAT CONDITION...: count a claim that holds.
t10_claim() {
	[ "${GRADLAB_QUOTED_FIGURES:-check}" = skip ] && return 0
	t_what=$1
	shift
	if "$@"; then
		t_pass=$((t_pass + 1))
	else
		echo "FAIL: lesson 10: $t_what"
		t_fail=$((t_fail + 1))
	fi
}
t10_lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 < b + 0) }'; }
# The adding cell at T = 20: the tanh RNN ends at the baseline 1/6 (q2's answer), the LSTM
# and the GRU learn; the table quotes all three.
t_add=$(t10_run 'adding --cell rnn')
# shellcheck disable=SC2086 # the run: line is split into words, as the book does
t_rnn=$(t10_test $t_add)
t_q2=$(awk '$0 == "id: q2" { f = 1 } f && /^answer: / { print $2; exit }' lessons/zh/10-sequences-in-practice.md)
t10_claim "the tanh RNN at T = 20 [$t_add] ends at $t_rnn, not at the baseline 1/6 or q2's $t_q2" \
	awk -v a="$t_rnn" -v q="$t_q2" 'BEGIN { d = a - 1/6; e = a - q; exit !(a != "" && d * d < 1e-4 && e * e < 1e-12) }'
for t_cell in rnn lstm gru; do
	# shellcheck disable=SC2086
	t_v=$(t10_test $(t10_with "$t_add" cell $t_cell))
	t10_claim "the $t_cell line of the T = 20 table is not the printed $t_v" \
		sh -c 'grep -qE "^$1 +$2 " lessons/en/10-sequences-in-practice.md && grep -qE "^$1 +$2 " lessons/zh/10-sequences-in-practice.md' sh "$t_cell" "$t_v"
	[ "$t_cell" = rnn ] || t10_claim "the $t_cell does not learn T = 20 ($t_v)" t10_lt "$t_v" 0.05
done
# Where the tanh RNN starts failing: the row of test losses is what the cell prints at each T.
t_row=
for t_T in 2 4 6 8 10 12; do
	# shellcheck disable=SC2086
	t_row="$t_row $(printf '%.4f' "$(t10_test $(t10_with "$t_add" steps $t_T))")"
done
t_re=$(printf '%s\n' "$t_row" | sed 's/^ //; s/ / +/g')
t10_claim "the row of test losses over T is not the printed$t_row" \
	sh -c 'grep -qE " $1\$" lessons/en/10-sequences-in-practice.md && grep -qE " $1\$" lessons/zh/10-sequences-in-practice.md' sh "$t_re"
# More iterations move the edge: 1500 iterations solve T = 10, not T = 20.
# shellcheck disable=SC2086
t_v10=$(t10_test $(t10_with "$(t10_with "$t_add" steps 10)" iters 1500))
# shellcheck disable=SC2086
t_v20=$(t10_test $(t10_with "$t_add" iters 1500))
t10_claim "1500 iterations give $t_v10 at T = 10 (solved?) and $t_v20 at T = 20 (baseline?)" \
	sh -c 't10_lt() { awk -v a="$1" -v b="$2" "BEGIN { exit !(a != \"\" && a + 0 < b + 0) }"; }; t10_lt "$1" 0.01 && t10_lt 0.15 "$2"' sh "$t_v10" "$t_v20"
t10_claim "the text does not give the 1500-iteration run it describes" \
	t10_both 'train adding --cell rnn --steps 10 --iters 1500 --lr 0.01'
# Clipping: off, the run diverges at the iteration the text gives; every threshold from 1 to
# 17 ends below 0.12; the thresholds the text names end where it says.
t_clip=$(t10_run 'adding --cell rnn --steps 5')
# shellcheck disable=SC2086
"$GRADLAB" train $t_clip --lang en >"$t_out" 2>/dev/null </dev/null
t_div=$(sed -n 's/^diverged at iteration \([0-9]*\):.*/\1/p' "$t_out")
t_at40=$(awk '$1 == 40 { print $3 }' "$t_out")
t10_claim "without clipping [$t_clip] the run diverges at iteration '$t_div', with test loss $t_at40 at 40" \
	sh -c '[ -n "$1" ] && [ -n "$2" ] && grep -qF "diverged at iteration $1:" lessons/en/10-sequences-in-practice.md &&
		grep -qF "在第 $1 次迭代发散" lessons/zh/10-sequences-in-practice.md &&
		grep -qF "$2" lessons/en/10-sequences-in-practice.md && grep -qF "$2" lessons/zh/10-sequences-in-practice.md' sh "$t_div" "$t_at40"
t_bad=
for t_c in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do
	# shellcheck disable=SC2086
	t_v=$(t10_test $(t10_with "$t_clip" clip $t_c))
	t10_lt "$t_v" 0.12 || t_bad="$t_bad clip $t_c: $t_v"
done
t10_claim "not every clip from 1 to 17 ends below 0.12:$t_bad" test -z "$t_bad"
for t_c in 1 15 20 30; do
	# shellcheck disable=SC2086
	t_v=$(t10_test $(t10_with "$t_clip" clip $t_c))
	t10_claim "clip $t_c prints $t_v, which the text does not give" t10_both "$t_v"
done
# The character-level model: the short run ends about a bit (0.5 to 2) below the unigram
# entropy it prints, whatever the lessons' text is today.
t_lm=$(t10_run charlm)
# shellcheck disable=SC2086
t_bits=$("$GRADLAB" train $t_lm --lang en 2>/dev/null </dev/null | sed -n 's/.*, test \([0-9.]*\) bits per character.* is \([0-9.]*\) bits$/\1 \2/p')
t10_claim "the character model [$t_lm] does not end about a bit below the unigram entropy (test, entropy: $t_bits)" \
	awk -v s="$t_bits" 'BEGIN { split(s, v, " "); d = v[2] - v[1]; exit !(s != "" && d > 0.5 && d < 2) }'
# Beam search: what the text reads off the cell at width 3 after 300 iterations, width 1
# (q9's answer), and 400 iterations.
t_rev=$(t10_run 'reverse --beam 3')
# t10_beam ARGS...: the decoding line, "greedy G% right, beam search of width K B%", and
# the count of more probable outputs (0 when none), then | and the example, on one line.
t10_beam() {
	"$GRADLAB" train "$@" --lang en 2>/dev/null </dev/null | awk '
		/^decoding/ { for (i = 1; i <= NF; i++) if ($i ~ /%$/) p = p " " $i }
		/more probable output than greedy for/ { n = $11 }
		/no output more probable/ { n = 0 }
		/for example:/ { getline; ex = $0 }
		END { print p, n, "|" ex }'
}
t_b=$(t10_beam $t_rev)
t_ex=$(printf '%s\n' "${t_b#*|}" | sed 's/-/−/g')
t10_claim "width 3 prints [$t_b], not 36.7% 41.8% 28" \
	sh -c 'case "$1" in " 36.7% 41.8% 28 "*) ;; *) exit 1 ;; esac' sh "$t_b"
t10_claim "the text does not show the example width 3 prints: $t_ex" \
	sh -c 'set -- $1; for w in "$1" "$3" "$8" "${6%)}" "${11%)}"; do grep -qF -- "$w" lessons/en/10-sequences-in-practice.md && grep -qF -- "$w" lessons/zh/10-sequences-in-practice.md || exit 1; done' sh "$t_ex"
# shellcheck disable=SC2086
t_b=$(t10_beam $(t10_with "$t_rev" beam 1))
t10_claim "width 1 prints [$t_b]: not greedy's own output (q9 answers 0)" \
	sh -c 'case "$1" in " 36.7% 36.7% 0 "*) ;; *) exit 1 ;; esac' sh "$t_b"
for t_it in 400:' 93.4% 94.9% 4 '; do
	# shellcheck disable=SC2086
	t_b=$(t10_beam $(t10_with "$t_rev" iters ${t_it%%:*}))
	t10_claim "${t_it%%:*} iterations print [$t_b], not [${t_it#*:}]" \
		sh -c 'case "$1" in "$2"*) ;; *) exit 1 ;; esac' sh "$t_b" "${t_it#*:}"
done

# The map of questions (lessons/README.md's Questions section) has a row for each of the 31
# questions of the source notes, and each row names a lesson of ten and at least one cell
# (the lint above checks that the cells exist, in both languages).
t_rows=$(awk '/^## Questions/ { q = 1; next } /^## / { q = 0 } q && /^\| [0-9]+ \|/' lessons/README.md)
expect 0 '^31$' sh -c 'printf "%s\n" "$1" | wc -l' sh "$t_rows"
expect 0 '^31 [0-9]+$' sh -c 'printf "%s\n" "$1" | awk -F"|" "\$4 ~ /^ (0[1-9]|10)-/ && \$5 ~ /[a-z0-9]/ { n++ } END { print n, NR }"' sh "$t_rows"

finish lessons_lint
