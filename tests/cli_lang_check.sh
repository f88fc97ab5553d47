# cli_lang_check.sh: `gradlab check`, `unroll` and `bptt` with --lang zh, as the Chinese
# lessons run them. Every word a learner reads is Chinese (the expected words are there and
# none of the English ones), the check's tables line up by terminal columns (a Chinese
# character takes two), no line passes 80 columns, JSON and the English output do not
# change, and outside a UTF-8 locale the commands write English and say why.
. tests/lib.sh

utf8=$(locale -a 2>/dev/null | grep -ix 'c\.utf-\?8' | head -n 1)
[ -n "$utf8" ] || utf8=$(locale -a 2>/dev/null | grep -i '\.utf-\?8$' | head -n 1)
if [ -z "$utf8" ]; then
	echo "cli_lang_check: skipped, no UTF-8 locale (locale -a)"
	exit 0
fi
export LC_ALL="$utf8"

# has OUT WORD...: every WORD is in the file OUT; lacks OUT WORD...: none is (as a word).
has() {
	f=$1
	shift
	for w in "$@"; do
		expect 0 '' grep -qF -- "$w" "$f"
		[ "$rc" -eq 0 ] || echo "    missing: $w"
	done
}
lacks() {
	f=$1
	shift
	for w in "$@"; do
		expect 1 '' grep -qwiF -- "$w" "$f"
		[ "$rc" -eq 1 ] || { echo "    English word: $w"; grep -nwiF -- "$w" "$f" | head -n 3; }
	done
}

# width FILE MAX: no line of FILE is wider than MAX terminal columns. (The scripts go to
# files: expect runs its command with standard input from /dev/null.)
py_width=$(mktemp)
cat >"$py_width" <<'EOF'
import sys, unicodedata
path, limit = sys.argv[1], int(sys.argv[2])
bad = 0
for n, line in enumerate(open(path, encoding='utf-8'), 1):
    line = line.rstrip('\n')
    cols = sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in line)
    if cols > limit:
        print(f'{path}:{n}: {cols} columns: {line}')
        bad = 1
sys.exit(bad)
EOF
width() {
	expect 0 '' python3 "$py_width" "$1" "$2"
}

# aligned FILE: every table of the check report lines up by terminal columns. A table runs
# from a line whose first cell is Chinese to the next blank line; cells are parted by two
# or more spaces; a column whose cells end (numbers, right-aligned) or start (names, left-
# aligned) at the same column in the head and in every row is aligned.
py_aligned=$(mktemp)
cat >"$py_aligned" <<'EOF'
import re, sys, unicodedata
def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
def cells(line):
    out = []
    for m in re.finditer(r'\S+(?: \S+)*', line):
        start = cols(line[:m.start()])
        out.append((start, start + cols(m.group())))
    return out
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
tables, cur = [], None
for line in lines:
    if cur is None and line and '\u4e00' <= line[0] <= '\u9fff' and '  ' in line:
        cur = [line]
    elif cur is not None and line.strip():
        cur.append(line)
    elif cur is not None:
        tables.append(cur)
        cur = None
if cur:
    tables.append(cur)
bad = 0 if tables else 1
for t in tables:
    head = cells(t[0])
    for row in t[1:]:
        c = cells(row)
        if len(c) != len(head):
            print('cell count differs:', t[0], '|', row); bad = 1; continue
        for k, ((hs, he), (s, e)) in enumerate(zip(head, c)):
            if hs != s and he != e:
                print(f'column {k + 1} not aligned: {t[0]!r} / {row!r}'); bad = 1
sys.exit(bad)
EOF
aligned() {
	expect 0 '' python3 "$py_aligned" "$1"
}

out=$(mktemp)
trap 'rm -f "$t_out" "$out" "$out.en" "$out.err" "$py_width" "$py_aligned"' EXIT

# {==== check ====

# the words of lesson 01's and 05's cells, and a failing check
"$GRADLAB" check lstm --hidden 3 --input 2 --lang zh >"$out" 2>&1
has "$out" '梯度检验：lstm（eps 1e-06，atol 1e-08，rtol 1e-06）' '损失 = ' '张量' '形状' '检查' \
	'不合格' '折点' '最大绝对误差' '最大相对误差' '误差最大的元素' '数值（有限差分）' \
	'解析（自动微分）' 'weight_ih[' '通过：132 个值全部一致（7 个张量，计算损失 265 次）'
lacks "$out" gradient check of loss tensor shape checked failed kinks max abs err rel \
	worst element numeric analytic PASS FAIL values agree evaluations
aligned "$out"
width "$out" 80

"$GRADLAB" check linear --rtol 0 --atol 0 --lang zh >"$out" 2>&1
expect 1 '' "$GRADLAB" check linear --rtol 0 --atol 0 --lang zh
has "$out" '失败：weight 的 12 个值中有 12 个不一致；误差最大的是 weight[' '数值 ' '，解析 ' '，相对误差 '
lacks "$out" FAIL of values disagree worst numeric analytic relative error
aligned "$out"
width "$out" 80

# random directions: a table of its own
"$GRADLAB" check mlp --fast 4 --hidden 30 --lang zh >"$out" 2>&1
has "$out" '，随机方向）' '随机方向' '相对误差' '结果' '一致' '通过：4 个随机方向全部一致'
lacks "$out" direction directions random ok MISMATCH PASS agree
aligned "$out"
width "$out" 80

# relu at its corner: the kink note
"$GRADLAB" check relu --lang zh --seed 3 --batch 40 --input 40 --eps 1 >"$out" 2>&1
has "$out" '注意：有 ' ' 个值落在折点上（有限差分的两个采样点分处 relu 折点的两侧），' '不算作不一致'
lacks "$out" note kink straddled corner counted mismatches
aligned "$out"
width "$out" 80

# every check cell of the Chinese lessons, in full
expect 0 '^run: check ' grep -h '^run: check ' lessons/zh/*.md # so the loop runs
for cmd in $(grep -h '^run: check ' lessons/zh/*.md | sed 's/^run: check //; s/ /,/g' | sort -u); do
	# shellcheck disable=SC2086 # the run line's words, as the lesson runner splits them
	"$GRADLAB" check $(printf '%s' "$cmd" | tr , ' ') --lang zh >"$out" 2>&1
	# a check of a teaching fault (--broken) is there to fail
	case $cmd in *--broken*) want='^失败：' ;; *) want='^通过：' ;; esac
	expect 0 "$want" cat "$out"
	lacks "$out" tensor shape checked numeric analytic PASS FAIL
	aligned "$out"
	width "$out" 80
done

# JSON is for programs: the same in both languages
"$GRADLAB" check mlp --format json >"$out.en" 2>&1
"$GRADLAB" check mlp --format json --lang zh >"$out" 2>&1
expect 0 '' cmp "$out.en" "$out"
# English by default and with --lang en
"$GRADLAB" check gru >"$out.en" 2>&1
"$GRADLAB" check gru --lang en >"$out" 2>&1
expect 0 '' cmp "$out.en" "$out"
expect 0 '^PASS: ' cat "$out"
expect 2 "--lang must be one of en\|zh, got 'fr'" "$GRADLAB" check tanh --lang fr

# }====

# {==== unroll ====

"$GRADLAB" unroll --steps 3 --hidden 2 --input 1 --seed 1 --act tanh --lang zh >"$out" 2>&1
has "$out" '一个小 RNN：T = 3 步，H = 2 个隐藏单元，I = 1 个输入，tanh，随机种子 1' \
	'折叠图：一个带环的单元' 'W_hh，延迟一步：h_t 作为 h_{t-1} 送回单元' \
	'参数个数：H*I + H*H + 2H = 2*1 + 2*2 + 2*2 = 10，与步数无关' \
	'每一步用的都是同一组 W_ih、W_hh、b_ih 和 b_hh。' '展开图：单元的 3 份拷贝' 'x_3'
lacks "$out" tiny steps hidden units input seed folded cell loop step later comes back \
	parameters number same used every unrolled copies arrow enter
width "$out" 78
"$GRADLAB" unroll --steps 6 --act linear --hidden 4 --input 3 --lang zh >"$out" 2>&1
has "$out" '第 1..3 步' '第 4..6 步，接着上一行的 h_3' 'h_t = a_t（线性）' '^ 线性'
lacks "$out" steps row above identity
width "$out" 78
# a seed of 20 digits goes on its own line rather than past 78 columns
for l in en zh; do
	"$GRADLAB" unroll --lang $l --seed 18446744073709551615 --act sigmoid --input 3 >"$out" 2>&1
	width "$out" 78
done
"$GRADLAB" unroll >"$out.en" 2>&1
"$GRADLAB" unroll --lang en >"$out" 2>&1
expect 0 '' cmp "$out.en" "$out"

# }====

# {==== bptt ====

"$GRADLAB" bptt --steps 3 --hidden 2 --input 1 --seed 1 --loss all --act tanh --lang zh >"$out" 2>&1
has "$out" 'bptt：通过时间反向传播，T = 3，H = 2，I = 1，tanh，随机种子 1' '前向' '损失' \
	'三种方法并列' '手推的 BPTT' '模型：' '第一步：传到 h_t 的梯度' '第二步：穿过激活函数' \
	'第三步：循环权重' '第四步：输入权重' '第五步：偏置' '= 公式' '自动微分' '有限差分' \
	'最大差值：|自动微分 - 公式|' '单独核对每一项' '元素' '三种方法算出的总和' \
	'从 W_hh 的每处使用到损失的所有路径' '共 6 条路径' '路径' '份额的范数' '汇总：' \
	'其中每一步的项' '舍入误差'
# (paths(h_t) is the lesson's pseudo-code, and --loss all an option: they stay)
lacks "$out" backpropagation through time forward three ways side formula autodiff \
	finite diff model drawn step gradient reaches entry sum totals largest term alone copy \
	path enumerated recursively every scored matrices summary difference \
	Enumerating products shares tails rounding
width "$out" 78
"$GRADLAB" bptt --steps 3 --hidden 1 --input 1 --seed 1 --loss last --lang zh >"$out" 2>&1
has "$out" '只在最后一步计损失' '计分的 r_t' '共 3 条路径：' '各路径之和' 'dL/dW（公式）' \
	'一条路径上的乘积' '沿一条路径相乘，跨越不同路径相加'
lacks "$out" last only scored sum over product along instead products sums across
width "$out" 78
"$GRADLAB" bptt --steps 3 --act linear --lang zh >"$out" 2>&1
has "$out" '其中 f(a) = a（线性），所以'
lacks "$out" with so
# every bptt and unroll cell of the Chinese lessons, at 78 columns
expect 0 '^run: bptt ' grep -h '^run: bptt ' lessons/zh/*.md # so the loop runs
expect 0 '^run: unroll ' grep -h '^run: unroll ' lessons/zh/*.md
for cmd in $(grep -h '^run: \(bptt\|unroll\) ' lessons/zh/*.md | sed 's/^run: //; s/ /,/g' | sort -u); do
	# shellcheck disable=SC2046 # the run line's words
	"$GRADLAB" $(printf '%s' "$cmd" | tr , ' ') --lang zh >"$out" 2>&1
	width "$out" 78
	lacks "$out" step steps formula autodiff path seed
done
# the largest sizes, every activation and loss, the longest seed: still 78 columns
for a in tanh relu sigmoid linear; do
	for l in last all; do
		for lang in en zh; do
			"$GRADLAB" bptt --steps 6 --hidden 4 --input 3 --act $a --loss $l --lang $lang \
				--seed 18446744073709551615 >"$out" 2>&1
			width "$out" 78
			"$GRADLAB" bptt --steps 5 --hidden 1 --input 3 --act $a --loss $l --lang $lang \
				--seed 12345678901 >"$out" 2>&1
			width "$out" 78
		done
	done
done
"$GRADLAB" bptt --loss last >"$out.en" 2>&1
"$GRADLAB" bptt --loss last --lang en >"$out" 2>&1
expect 0 '' cmp "$out.en" "$out"

# }====

# Outside a UTF-8 locale Chinese cannot be shown: English, and one line on stderr saying why.
for cmd in "check tanh" "unroll" "bptt"; do
	# shellcheck disable=SC2086 # the command's words
	LC_ALL=C "$GRADLAB" $cmd --lang zh >"$out" 2>"$out.err"
	expect 0 '--lang zh needs a UTF-8 locale .*writing English' cat "$out.err"
	expect 0 '^1$' sh -c "wc -l <'$out.err' | tr -d ' '"
	# shellcheck disable=SC2086
	LC_ALL=C "$GRADLAB" $cmd >"$out.en" 2>&1
	expect 0 '' cmp "$out.en" "$out"
done
# JSON needs no Chinese: no warning
LC_ALL=C "$GRADLAB" check tanh --lang zh --format json >"$out" 2>"$out.err"
expect 0 '' test ! -s "$out.err"

finish cli_lang_check
