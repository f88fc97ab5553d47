# cli_rnnlab.sh: `gradlab bptt` and `gradlab unroll` with values given by hand (--w, --u,
# --b-ih, --b-hh, --x, --h0, --r) and bptt's --show; bad values exit 2 with a message naming
# the option, in English and in Chinese.
. tests/lib.sh

G=$GRADLAB
ex="--hidden 1 --input 1 --act linear --loss last --w 0.5 --u 0.8 --b-ih 0 --b-hh 0 --x 1,2,3 --h0 0 --r 1"

# {==== Values given by hand ====

# Lesson 03's running example: h_3 = 2.62, delta = (0.64, 0.8, 1), dL/du = 1.8, dL/dw = 5.24.
# shellcheck disable=SC2086 # the words are options
expect 0 '^   3  1   3\.000000   2\.620000   2\.620000   1\.000000$' "$G" bptt $ex --show model
# shellcheck disable=SC2086
expect 0 '^   1  1   1\.000000   0\.640000   0\.640000' "$G" bptt $ex --show deltas
# shellcheck disable=SC2086
expect 0 '^      sum over the paths +1\.800000 +5\.240000$' "$G" bptt $ex --show paths
# shellcheck disable=SC2086
expect 0 '^the model, every value given by hand$' "$G" bptt $ex
# shellcheck disable=SC2086
expect 0 'h_0 = 0 is given, so W_hh.s term at step 1 is 0' "$G" bptt $ex --show model
expect 0 "with a fixed hand-given$" "$G" bptt --hidden 1 --r 1 --loss last
# The tanh example (x = (1, 2), L = h_2), with --steps and --hidden taken from --x and --u.
expect 0 '^  \[1\] +0\.14346 +0\.45605 +0\.599508 ' "$G" bptt --act tanh --loss last --w 0.5 --u 0.8 \
	--b-ih 0 --b-hh 0 --x 1,2 --h0 0 --r 1 --show wih
expect 0 'T = 2, H = 1, I = 1' "$G" bptt --act tanh --u 0.8 --x 1,2
# A value given alone leaves the seed's others as they were: W_ih is the same with --u or not.
"$G" bptt --show model >"$t_out.drawn" 2>&1
"$G" bptt --u 0.9,0,0,0.9 --show model >"$t_out.given" 2>&1
expect 0 '' test "$(sed -n '/W_ih/{n;p;}' "$t_out.drawn" | cut -c1-12)" = "$(sed -n '/W_ih/{n;p;}' "$t_out.given" | cut -c1-12)"
expect 1 '' cmp -s "$t_out.drawn" "$t_out.given"
rm -f "$t_out.drawn" "$t_out.given"
# One number fills a vector; a matrix row by row.
expect 0 '^   0  1 +0\.250000$' "$G" bptt --h0 0.25 --show model
expect 0 '^ +[-0-9.]+ +0\.9000 +0\.1000 ' "$G" bptt --u 0.9,0.1,0,0.9 --show model
expect 0 '^ +[-0-9.]+ +0\.0000 +0\.9000 ' "$G" bptt --u 0.9,0.1,0,0.9 --show model
# unroll: the same values, and the h_0 it starts from.
expect 0 '\[ 2\.6200\]' "$G" unroll --hidden 1 --act linear --w 0.5 --u 0.8 --b-ih 0 --b-hh 0 --x 1,2,3
expect 0 'starting from the given h_0\.' "$G" unroll --h0 0.5 --view unrolled
expect 0 'starting from h_0 = 0\.' "$G" unroll --h0 0 --view unrolled
expect 0 '从给定的 h_0 开始' env LC_ALL=C.UTF-8 "$G" unroll --h0 0.5 --view unrolled --lang zh
# The same a_1 as bptt from h_0 = 0 for a seed (lessons 02 and 03).
expect 0 '^   1  1 +[-0-9.]+ +-?0\.5551' "$G" bptt --seed 1 --h0 0 --show model
expect 0 '\[ 0\.5551\]' "$G" unroll --seed 1
expect 0 '^a tiny RNN: T = 1 step, H = 1 hidden unit, I = 1 input' "$G" unroll --steps 1 --hidden 1

# }====

# {==== --show ====

"$G" bptt >"$t_out.all" 2>&1
"$G" bptt --show all >"$t_out.show" 2>&1
expect 0 '' cmp "$t_out.all" "$t_out.show"
expect 0 '' test "$(wc -l <"$t_out.all")" -gt 90
rm -f "$t_out.all" "$t_out.show"
# Each part alone, and nothing of the others.
for part in model:'^the model' dh:'^step 1: ' deltas:'^step 2: ' whh:'^step 3: ' wih:'^step 4: ' \
	paths:'^the paths from each use' biases:'^step 5: ' summary:'^summary: '; do
	name=${part%%:*} head=${part#*:}
	expect 0 "$head" "$G" bptt --show "$name"
	expect 0 '^1$' sh -c "'$G' bptt --show $name | grep -cE '^(the model|step [1-5]: |the paths from|summary: )'"
done
expect 0 '^3$' sh -c "'$G' bptt --show terms | grep -cE '^step [345]: '"
expect 0 '^2$' sh -c "'$G' bptt --show dh,paths | grep -cE '^(step 1: |the paths from)'"
expect 0 '' test "$("$G" bptt --show paths | wc -l)" -lt 30
expect 0 '^第二步' env LC_ALL=C.UTF-8 "$G" bptt --show deltas --lang zh

# }====

# {==== Bad values: exit 2, the option named, in English and Chinese ====

expect 2 "^gradlab bptt: --u: 'x' is not a number" "$G" bptt --u 0.8,x
expect 2 "^gradlab bptt: --w: '' is not a number" "$G" bptt --w 1,
expect 2 '^gradlab bptt: --u needs 4 numbers \(H\*H with T = 3, H = 2, I = 1\), got 3$' "$G" bptt --u 1,2,3 --hidden 2
expect 2 '^gradlab bptt: --x needs 3 numbers \(T\*I with T = 3, H = 2, I = 1\), got 2$' "$G" bptt --x 1,2 --steps 3
expect 2 '^gradlab bptt: --x needs 3 numbers' "$G" bptt --x 1,2,3,4,5,6,7
expect 2 '^gradlab bptt: --h0 needs 2 numbers \(H with .*\), or one for every entry, got 3$' "$G" bptt --h0 1,2,3
expect 2 '^gradlab bptt: --r needs 1 number \(H with T = 3, H = 1, I = 1\), or one for every entry, got 3$' "$G" bptt --hidden 1 --loss last --r 1,2,3
expect 2 '^gradlab bptt: --r needs 6 numbers \(T\*H' "$G" bptt --r 1,2
expect 2 '^gradlab bptt: --b-ih: number 2 \(1000\) must be finite and at most 100 in size$' "$G" bptt --b-ih 0,1e3
expect 2 '^gradlab bptt: --u: number 1 \(nan\) must be finite' "$G" bptt --hidden 1 --u nan
expect 2 '^gradlab bptt: --r: number 1 \(inf\) must be finite' "$G" bptt --hidden 1 --loss last --r inf
expect 2 "^gradlab unroll: --x: 'a' is not a number" "$G" unroll --x 1,a
expect 2 "unknown option '--r'" "$G" unroll --r 1
expect 2 "^gradlab bptt: --show: 'grads' is not one of model,dh,deltas,whh,wih,terms,paths,biases,summary,all$" "$G" bptt --show paths,grads
expect 2 "^gradlab bptt: --show: '' is not one of" "$G" bptt --show ''
export LC_ALL=C.UTF-8
expect 2 "^gradlab bptt：--u：'x' 不是数" "$G" bptt --u 0.8,x --lang zh
expect 2 '^gradlab bptt：--u 需要 4 个数（H\*H，这里 T = 3, H = 2, I = 1），实际给了 3 个$' "$G" bptt --u 1,2,3 --lang zh
expect 2 '^gradlab unroll：--h0 需要 2 个数.*或者一个数填满全部' "$G" unroll --h0 1,2,3 --lang zh
expect 2 '^gradlab bptt：--b-hh 的第 1 个数 inf 必须是有限的数' "$G" bptt --b-hh inf --lang zh
expect 2 "^gradlab bptt：--show：'x' 不是 " "$G" bptt --show x --lang zh
unset LC_ALL
# --help lists them.
for o in w u b-ih b-hh x h0 r show; do
	expect 0 "^  --$o " "$G" bptt --help
done
expect 0 '^  --h0 LIST' "$G" unroll --help

# }====

# {==== norms: --spectral-norm sets ||W_hh||; rho(W_hh) printed beside it ====

expect 0 '^rnn tanh: \|\|W_hh\|\| = 1\.3;' "$G" norms --spectral-norm 1.3 --steps 5
expect 0 '^rnn tanh: \|\|W_hh\|\| = 1\.3;' "$G" norms --radius 1.3 --steps 5
"$G" norms --spectral-norm 1.3 --steps 5 >"$t_out.new"
"$G" norms --radius 1.3 --steps 5 >"$t_out.old"
expect 0 '' cmp "$t_out.new" "$t_out.old"
rm -f "$t_out.new" "$t_out.old"
# orthogonal: rho = ||W_hh||; Gaussian: rho well inside it (about half for large H)
expect 0 '^  rho\(W_hh\) = 1\.3: the spectral radius' "$G" norms --spectral-norm 1.3 --steps 5
expect 0 '^0\.[45]' sh -c "'$G' norms --init gaussian --hidden 128 --steps 3 | awk '/rho\\(W_hh\\) =/ { sub(/:/, \"\", \$3); print \$3; exit }'"
expect 0 '"spectral_radius":1\.(3|29999)' "$G" norms --spectral-norm 1.3 --steps 3 --format json
expect 0 '"spectral_norm":1\.3' "$G" norms --spectral-norm 1.3 --steps 3 --format json
expect 0 '^  W_hh stacks 4 gate blocks of spectral norm 1: \|\|W_hh\|\| = sqrt\(4\) x 1$' "$G" norms --cell lstm --steps 3
expect 0 '^  W_hh stacks 3 gate blocks of spectral norm 1: \|\|W_hh\|\| = sqrt\(3\) x 1$' "$G" norms --cell gru --steps 3
expect 0 '^gru: \|\|W_hh\|\| = 1\.73205;' "$G" norms --cell gru --steps 3
expect 0 '<= sqrt\(4\) x 0\.5$' "$G" norms --cell lstm --steps 3 --init gaussian --spectral-norm 0.5
expect 0 '^  rho\(W_hh\) = 1：谱半径' env LC_ALL=C.UTF-8 "$G" norms --steps 3 --lang zh
expect 0 '^  --spectral-norm R ' "$G" norms --help
expect 0 'not the spectral radius rho' "$G" norms --help
expect 0 '^  --radius R +the old spelling of --spectral-norm$' "$G" norms --help
expect 2 '^gradlab norms: --spectral-norm must be greater than 0 and at most 10' "$G" norms --spectral-norm 0
# every line still fits 80 columns
expect 0 '^([0-9]|[1-7][0-9]|80)$' sh -c "'$G' norms --cell rnn,lstm,gru --clip 1 --init gaussian --steps 30 | LC_ALL=C.UTF-8 wc -L"

# }====

finish cli_rnnlab
