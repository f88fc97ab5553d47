# cli_lang.sh: --lang zh on norms, curves, attention and sweep, as the Chinese book runs
# them. The words are Chinese and the English ones are gone; numbers, names and machine
# formats (CSV, JSON) do not change; every line fits 80 columns and every table is aligned
# by terminal columns (a Chinese character takes two); under a locale that is not UTF-8
# the output is English with one line saying why; plots are Chinese in text, SVG and (with
# a font for Chinese) PNG, and English with a note naming the package to install where
# no such font is (a fake fc-list), never boxes.
. tests/lib.sh
d=$(mktemp -d)
trap 'rm -rf "$d" "$t_out"' EXIT
G=$(cd "$(dirname "$GRADLAB")" && pwd)/$(basename "$GRADLAB")
U="env LC_ALL=C.UTF-8"

# lacks PATTERN CMD...: CMD exits 0 and PATTERN (grep -E) is nowhere in what it prints.
lacks() {
	pattern=$1
	shift
	expect 0 '' sh -c 'o=$1 p=$2; shift 2; "$@" >"$o" 2>&1 && ! grep -Eq -- "$p" "$o"' sh \
		"$d/lacks" "$pattern" "$@"
}

# layout FILE HEAD [rowlabels]: every line of FILE fits 80 columns, and in every table (a
# header matched by the regular expression HEAD and the rows under it, up to a blank line)
# each column of the rows ends in the same terminal column, one where a word of the header
# ends too (but for the rows' labels, with rowlabels). ~ and ! mark rows.
py=$d/layout.py
cat >"$py" <<'EOF'
import re, sys, unicodedata
def cols(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
def ends(line):
    line = re.sub('[~!]', ' ', line).replace('(no step)', '(no-step)')
    out, col = set(), 0
    for i, c in enumerate(line):
        col += cols(c)
        if c != ' ' and (i + 1 == len(line) or line[i + 1] == ' '):
            out.add(col)
    return out
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
head = re.compile(sys.argv[2])
labels = len(sys.argv) > 3
bad, tables = 0, 0
for n, l in enumerate(lines, 1):
    if cols(l) > 80:
        print(f'line {n} is {cols(l)} columns: {l}')
        bad = 1
for i, l in enumerate(lines):
    if not head.search(l):
        continue
    rows = []
    for r in lines[i + 1:]:
        if not r.strip():
            break
        rows.append(r)
    if not rows:
        continue
    tables += 1
    want = ends(rows[0])
    for r in rows:
        if ends(r) != want:
            print(f'row not aligned with the first:\n{rows[0]}\n{r}')
            bad = 1
    if labels:
        want = want - {min(want)}
    if not want <= ends(l):
        print(f'header not aligned with its rows:\n{l}\n{rows[0]}')
        bad = 1
if tables == 0:
    print('no table found')
    bad = 1
sys.exit(bad)
EOF
layout() {
	expect 0 '' python3 "$py" "$@"
}

# {==== norms ====
$U "$G" norms --cell rnn,lstm,gru --steps 60 --clip 1 --truncate 20 --lang zh >"$d/norms.txt"
expect 0 '^60 个时间步上的梯度范数（H=16，I=4）$' cat "$d/norms.txt"
expect 0 '^W_hh：正交矩阵，每个门块的谱范数为 1；损失只在最后一步$' cat "$d/norms.txt"
expect 0 '^截断 BPTT：梯度每 20 步截断一次$' cat "$d/norms.txt"
expect 0 '^rnn tanh：\|\|W_hh\|\| = 1；参数梯度范数 [0-9.]+，裁剪到 1$' cat "$d/norms.txt"
expect 0 '^ +t \|\|dL/dh_t\|\| 与 T 步之比 +上界 +dW_hh 项$' cat "$d/norms.txt"
expect 0 '遗忘门连乘' cat "$d/norms.txt"
expect 0 '更新门连乘' cat "$d/norms.txt"
expect 0 '^上界：' cat "$d/norms.txt"
expect 0 '^dW_hh 项：.*（裁剪后）。$' cat "$d/norms.txt"
expect 0 '^（每 4 步显示一步，另加最后一步；--format csv 给出全部）$' cat "$d/norms.txt"
lacks 'gradient|steps|ratio|bound|term|orthogonal|spectral|loss|shown|every|prod|clipped|truncated' \
	cat "$d/norms.txt"
layout "$d/norms.txt" '^ +t \|\|dL/dh_t\|\|'
$U "$G" norms --act linear --radius 10 --steps 400 --hidden 4 --lang zh >"$d/norms.txt"
expect 0 '梯度溢出：从第 [0-9]+ 步往前，\|\|dL/dh_t\|\| 都是无穷大' cat "$d/norms.txt"
layout "$d/norms.txt" '^ +t \|\|dL/dh_t\|\|'
expect 0 '^  +1 +inf +inf +inf +0.0000e\+00$' cat "$d/norms.txt"
expect 0 '^每一步都计损失|；每一步都计损失$' $U "$G" norms --loss all --steps 5 --lang zh
expect 0 '^截断 BPTT：梯度在每一步都被截断$' $U "$G" norms --steps 5 --truncate 1 --lang zh
# Machine formats are the same in both languages.
$U "$G" norms --cell rnn,lstm --steps 30 --format csv >"$d/en.csv"
$U "$G" norms --cell rnn,lstm --steps 30 --format csv --lang zh >"$d/zh.csv"
expect 0 '' cmp "$d/en.csv" "$d/zh.csv"
$U "$G" norms --steps 5 --format json >"$d/en.json"
$U "$G" norms --steps 5 --format json --lang zh >"$d/zh.json"
expect 0 '' cmp "$d/en.json" "$d/zh.json"
# }====

# {==== curves ====
$U "$G" curves --act sigmoid,tanh,relu,leaky_relu,elu --lang zh >"$d/curves.txt"
expect 0 "^relu       max \|f'\| = 1；121 个点中 61 个饱和，61 个死亡$" cat "$d/curves.txt"
expect 0 "^~ 饱和（\|f'\| < 0.01）   ! 死亡（f' = 0）$" cat "$d/curves.txt"
expect 0 '^（每 10 个点显示一个；--format csv 给出全部 121 个点）$' cat "$d/curves.txt"
lacks 'saturated|dead|points|shown|every' cat "$d/curves.txt"
layout "$d/curves.txt" '^ +x +[a-z]'
expect 0 "^tanh\(0.5\) = 0.4621171573    tanh'\(0.5\) = 0.786447733$" \
	$U "$G" curves --act tanh --from 0.5 --to 0.5 --lang zh
# }====

# {==== attention ====
$U "$G" attention --mask-last 2 --lang zh >"$d/attn.txt"
expect 0 '^注意力，scaled_dot 评分函数：3 个查询，5 个键，d = 4，最后 2 个键是填充，已屏蔽$' cat "$d/attn.txt"
expect 0 '^权重 weights = softmax\(scores\)，逐行计算$' cat "$d/attn.txt"
expect 0 '^dL/dscores：穿过 softmax 传到分数上的梯度$' cat "$d/attn.txt"
lacks '\b(attention|queries|keys|padding|masked|along|through)\b' cat "$d/attn.txt"
layout "$d/attn.txt" '^ +k1 +k2' rowlabels
# }====

# {==== sweep ====
$U "$G" sweep tanh --lang zh >"$d/sweep.txt"
expect 0 '^tanh 的步长扫描，x = 0.5（精确导数 0.7864477329659274）$' cat "$d/sweep.txt"
expect 0 '^ +步长  双精度中心  双精度单侧  单精度中心  单精度单侧$' cat "$d/sweep.txt"
expect 0 '^ +1e-08 .*步长归零 +步长归零$' cat "$d/sweep.txt"
expect 0 '^双精度：最佳步长 1e-07（中心差分误差 1.44e-13）$' cat "$d/sweep.txt"
lacks 'step|double|single|error|best|round|precision' cat "$d/sweep.txt"
layout "$d/sweep.txt" '^ +步长'
$U "$G" sweep mlp --lang zh >"$d/sweep.txt"
expect 0 '^mlp 的步长扫描，在 fc2.bias\[0,0\] 处（解析导数 ' cat "$d/sweep.txt"
lacks 'step|error|central|forward|smallest' cat "$d/sweep.txt"
layout "$d/sweep.txt" '^ +步长'
# The English tables keep their alignment too.
$U "$G" sweep sigmoid >"$d/sweep.txt"
layout "$d/sweep.txt" '^ +step '
$U "$G" norms --cell rnn,lstm,gru --steps 60 >"$d/norms.txt"
layout "$d/norms.txt" '^ +t \|\|dL/dh_t\|\|'
$U "$G" curves --act sigmoid,tanh,relu,leaky_relu,elu >"$d/curves.txt"
layout "$d/curves.txt" '^ +x +[a-z]'
# }====

# {==== Not UTF-8: English, and one line that says why ====
for c in "norms --steps 5" "curves" "attention" "sweep tanh"; do
	# shellcheck disable=SC2086 # the words are a command and its options
	env LC_ALL=C "$G" $c --lang zh >"$d/c.out" 2>"$d/c.err"
	expect 0 '' test $? -eq 0
	expect 0 '' test -s "$d/c.out" # English, not nothing
	expect 0 "^gradlab ${c%% *}: --lang zh needs a UTF-8 locale to show Chinese \(this one is [^)]+\); writing English$" cat "$d/c.err"
	expect 0 '^1$' sh -c "wc -l <'$d/c.err'"
	expect 0 '' sh -c "! LC_ALL=C grep -q '[^ -~]' '$d/c.out'"
	# shellcheck disable=SC2086
	env LC_ALL=C "$G" $c >"$d/c.en" 2>/dev/null
	expect 0 '' cmp "$d/c.out" "$d/c.en"
done
expect 2 "--lang must be one of" "$G" norms --lang fr
for c in norms curves attention sweep; do
	expect 0 '^  --lang LANG' "$G" $c --help
done
# }====

# {==== Plots ====
# Text: captions and the plot's own words in Chinese, aligned by columns; braille or ASCII.
$U "$G" norms --act linear --radius 10 --steps 400 --hidden 4 --lang zh --plot text \
	--plot-size 70x20 >"$d/plot.txt"
expect 0 '^ +\|\|dL/dh_t\|\|，共 400 步$' cat "$d/plot.txt"
expect 0 '^ +H = 4，正交 W_hh，\|\|W_hh\|\| = 10，种子 1$' cat "$d/plot.txt"
expect 0 '^ +时间步 t$' cat "$d/plot.txt"
expect 0 '^a rnn \(linear\)   ! 画在边缘的值（inf 或 > 1e\+300）$' cat "$d/plot.txt"
expect 0 '^([0-9]|[1-6][0-9]|70)$' sh -c "LC_ALL=C.UTF-8 wc -L <'$d/plot.txt'"
$U "$G" curves --act relu,elu --lang zh --plot text --plot-glyphs ascii --plot-size 60x16 >"$d/plot.txt"
expect 0 "^ +激活函数 f（上）及其导数 f'（下），elu 的 alpha = 1$" cat "$d/plot.txt"
expect 0 '^\* relu   o relu' cat "$d/plot.txt"
$U "$G" attention --lang zh --plot text --plot-size 60x16 >"$d/plot.txt"
expect 0 '^ +注意力权重（scaled_dot 评分函数）$' cat "$d/plot.txt"
expect 0 '^查询  k1 ' cat "$d/plot.txt"
expect 0 '^色阶：' cat "$d/plot.txt"
expect 0 '^([0-9]|[1-5][0-9]|60)$' sh -c "sed -n '/注意力权重/,\$p' '$d/plot.txt' | LC_ALL=C.UTF-8 wc -L"
$U "$G" sweep tanh --lang zh --plot text --plot-size 70x20 >"$d/plot.txt"
expect 0 '^ +tanh 的步长扫描：截断误差与舍入误差$' cat "$d/plot.txt"
expect 0 '双精度，中心差分' cat "$d/plot.txt"
# gnuplot's dumb terminal cannot align Chinese: the built-in text plot, and a note.
expect 0 '^gradlab norms: gnuplot 的 dumb 终端把一个汉字算作一列，对不齐；改为绘制文本图$' \
	$U "$G" norms --steps 10 --lang zh --plot dumb --plot-size 60x16
expect 0 '时间步 t' $U "$G" norms --steps 10 --lang zh --plot dumb --plot-size 60x16

if ! command -v gnuplot >/dev/null 2>&1; then
	echo "cli_lang.sh: gnuplot is not installed; the SVG and PNG checks are skipped"
	finish cli_lang
	exit
fi
# SVG: the Chinese goes in as it is, for the viewer's fonts.
expect 0 '' $U "$G" norms --steps 10 --lang zh --plot "svg:$d/n.svg"
expect 0 '时间步 t' cat "$d/n.svg"
# PNG where fontconfig knows no font for Chinese: English captions, and what to install.
F=$PWD/tests/fake-fc-list
expect 0 '^gradlab norms: 没有安装中文字体，PNG 中的文字改用英文；要显示中文，请安装 fonts-wqy-zenhei 或 fonts-noto-cjk$' \
	$U PATH="$F:$PATH" FAKE_FC_LIST=none "$G" norms --steps 10 --lang zh --plot "png:$d/en.png" \
	--gnuplot-script "$d/en.gp"
expect 0 '' test -s "$d/en.png"
expect 0 "^set title '\|\|dL/dh_t\|\| over 10 steps" cat "$d/en.gp"
expect 0 "^set xlabel 'time step t'" cat "$d/en.gp"
# The script alone says it too; the CSV's series do not depend on the language.
expect 0 '窗口中的文字改用英文' $U PATH="$F:$PATH" FAKE_FC_LIST=none "$G" curves --lang zh \
	--gnuplot-script "$d/w.gp" --csv "$d/zh.csv"
"$G" curves --csv "$d/en.csv" >/dev/null
expect 0 '' cmp "$d/en.csv" "$d/zh.csv"
# ... and where it knows one: Chinese, and no note.
lacks '中文字体|fonts-' $U PATH="$F:$PATH" FAKE_FC_LIST=zh "$G" attention --lang zh \
	--plot "png:$d/zh.png" --gnuplot-script "$d/zh.gp"
expect 0 '' test -s "$d/zh.png"
expect 0 "^set title '注意力权重（scaled_dot 评分函数）'" cat "$d/zh.gp"
expect 0 "^set ylabel '查询'" cat "$d/zh.gp"
# With the real fontconfig: the captions follow what `fc-list :lang=zh` says.
if command -v fc-list >/dev/null 2>&1; then
	$U "$G" norms --steps 10 --lang zh --plot "png:$d/real.png" --gnuplot-script "$d/real.gp" \
		>/dev/null 2>"$d/real.err"
	if [ -n "$(fc-list :lang=zh file)" ]; then
		expect 0 "^set xlabel '时间步 t'" cat "$d/real.gp"
		expect 0 '' test ! -s "$d/real.err"
	else
		echo "cli_lang.sh: no font for Chinese is installed (fonts-wqy-zenhei); the Chinese PNG is not drawn here"
		expect 0 "^set xlabel 'time step t'" cat "$d/real.gp"
		expect 0 'fonts-wqy-zenhei' cat "$d/real.err"
	fi
else
	echo "cli_lang.sh: fc-list is missing; the check against the real fontconfig is skipped"
fi
# }====

finish cli_lang
