# cli_norms.sh: `gradlab norms` and `gradlab curves` as a user runs them.
. tests/lib.sh

expect 0 'usage: gradlab norms' "$GRADLAB" norms --help
expect 0 'rnn tanh: \|\|W_hh\|\| = 1' "$GRADLAB" norms
expect 0 'lstm: ' "$GRADLAB" norms --cell rnn,lstm,gru --steps 60
expect 0 '^cell,t,grad_h_norm,grad_W_hh_step_norm$' "$GRADLAB" norms --cell lstm --format csv
expect 0 '"grad_h_norm"' "$GRADLAB" norms --format json --steps 5
expect 0 'clipped to 1' "$GRADLAB" norms --radius 1.3 --act linear --loss all --clip 1
expect 0 '^\(every 27th step and the last shown; --format csv gives all\)$' "$GRADLAB" norms --steps 400
expect 0 '^\(every 2nd step and the last shown' "$GRADLAB" norms --steps 21
expect 0 '^\(every 3rd step and the last shown' "$GRADLAB" norms --steps 40
expect 0 'infinite from step' "$GRADLAB" norms --act linear --radius 10 --steps 400 --hidden 4
# the linear law at R = 0.5: step 1 of 4 has ratio 0.5^3
expect 0 '^ +1 +[0-9.e+-]+ +1\.2500e-01' "$GRADLAB" norms --act linear --radius 0.5 --steps 4
"$GRADLAB" norms --cell rnn --steps 70 --format csv >"$t_out.csv"
expect 0 '' test "$(wc -l <"$t_out.csv")" -eq 71
rm -f "$t_out.csv"

expect 2 "unknown cell 'rnm'" "$GRADLAB" norms --cell rnm
expect 2 "'lstm' is listed twice" "$GRADLAB" norms --cell lstm,lstm
expect 2 "--radius must be greater than 0" "$GRADLAB" norms --radius 0
expect 2 "--act must be one of" "$GRADLAB" norms --act softplus
expect 2 "--truncate \(80\) must not exceed --steps \(50\)" "$GRADLAB" norms --truncate 80
expect 2 "limit is 5e\+08" "$GRADLAB" norms --steps 5000 --hidden 512

# One point: ten significant digits, not seventeen.
expect 0 "^tanh\(0.5\) = 0.4621171573    tanh'\(0.5\) = 0.786447733$" "$GRADLAB" curves --act tanh --from 0.5 --to 0.5
expect 0 'relu .*dead' "$GRADLAB" curves
expect 0 '^activation,x,f,df,saturated,dead$' "$GRADLAB" curves --format csv
expect 2 "unknown activation 'swish'" "$GRADLAB" curves --act swish
expect 2 "--from \(3\) must not exceed --to \(1\)" "$GRADLAB" curves --from 3 --to 1

expect 0 'dL/dscores' "$GRADLAB" attention
expect 0 'padding keys masked' "$GRADLAB" attention --mask-last 2 --score general
expect 0 '^query,key,score,weight,dscore$' "$GRADLAB" attention --format csv
expect 2 "--mask-last must leave at least one key" "$GRADLAB" attention --keys 3 --mask-last 3
expect 2 "--score must be one of" "$GRADLAB" attention --score cosine

# {==== Known bugs, each with the run that showed it ====

# lacks PATTERN CMD...: CMD exits 0 and PATTERN (grep -E) is nowhere in what it prints.
lacks() {
	pattern=$1
	shift
	expect 0 '' sh -c 'o=$1 p=$2; shift 2; "$@" >"$o" 2>&1 && ! grep -Eq -- "$p" "$o"' sh \
		"$t_out.lacks" "$pattern" "$@"
}

# Every line of norms' table and notes fits 80 columns, whatever the cells and options.
for args in "--cell rnn" "--cell rnn,lstm,gru --steps 60" "--cell lstm,gru --clip 1 --steps 300" \
	"--cell rnn --steps 40 --truncate 1 --loss all" "--act linear --radius 10 --steps 400 --hidden 4"; do
	# shellcheck disable=SC2086 # the words are options
	expect 0 '^([0-9]|[1-7][0-9]|80)$' sh -c "'$GRADLAB' norms $args | LC_ALL=C.UTF-8 wc -L"
done
# The notes explain the columns the tables have, and only those.
lacks 'prod f|prod z' "$GRADLAB" norms --cell rnn
expect 0 '^prod f: forget gates \(LSTM\)' "$GRADLAB" norms --cell rnn,lstm --steps 10
lacks 'prod z' "$GRADLAB" norms --cell rnn,lstm --steps 10
lacks '^bound:' "$GRADLAB" norms --cell gru --steps 10
expect 0 '^prod z: update gates \(GRU\)' "$GRADLAB" norms --cell gru --steps 10
expect 0 "^dW_hh term: the norm of step t's term in dL/dW_hh \(their sum\)\.$" "$GRADLAB" norms --steps 5
expect 0 "^dW_hh term: .*, after clipping\.$" "$GRADLAB" norms --steps 5 --clip 1
# Truncation in words that read.
expect 0 '^truncated BPTT: the gradient is cut at every step$' "$GRADLAB" norms --steps 40 --truncate 1
expect 0 '^truncated BPTT: the gradient is cut every 20 steps$' "$GRADLAB" norms --steps 40 --truncate 20
# A three-digit exponent keeps two spaces between the columns, and every row its width.
"$GRADLAB" norms --cell rnn --steps 500 --act tanh --init gaussian >"$t_out.gauss"
expect 0 '1\.069e-122' cat "$t_out.gauss"
expect 0 '' sh -c "grep -E '^ +[0-9]+ ' '$t_out.gauss' | grep -Evq '^ +[0-9]+(  +[^ ]+){4}\$' && exit 1 || exit 0"
expect 0 '^1$' sh -c "grep -E '^ +[0-9]+ ' '$t_out.gauss' | awk '{ print length }' | sort -u | wc -l"
rm -f "$t_out.gauss"

# curves at one point has no curve to draw: a file asked for is refused, and not left behind.
d=$(mktemp -d)
expect 2 "gradlab curves: --plot: one point \(--from equals --to\) makes no curve to draw" \
	"$GRADLAB" curves --act tanh --from 0.5 --to 0.5 --plot "png:$d/one.png"
expect 1 '' test -e "$d/one.png"
expect 2 "--csv: one point \(--points 1\)" "$GRADLAB" curves --points 1 --csv "$d/one.csv"
expect 1 '' test -e "$d/one.csv"
rm -rf "$d"
# --points 17 from -4 to 4: every sample is a row, -3, -1, 1 and 3 too.
expect 0 '^17$' sh -c "'$GRADLAB' curves --act relu --from -4 --to 4 --points 17 | grep -cE '^ +-?[0-9.]+ '"
for x in -3 -1 1 3; do
	expect 0 "^ +$x +" "$GRADLAB" curves --act relu --from -4 --to 4 --points 17
done
# 121 points: every 10th, evenly, from -6 to 6, and a note says so.
expect 0 '^13$' sh -c "'$GRADLAB' curves | grep -cE '^ +-?[0-9.]+ '"
expect 0 '^\(every 10th point shown; --format csv gives all 121\)$' "$GRADLAB" curves
# Three activations fit 80 columns; five go in two tables that do too.
expect 0 '^([0-9]|[1-7][0-9]|80)$' sh -c "'$GRADLAB' curves --act sigmoid,tanh,relu | wc -L"
expect 0 '^([0-9]|[1-7][0-9]|80)$' sh -c "'$GRADLAB' curves --act sigmoid,tanh,relu,elu,leaky_relu | wc -L"
expect 0 '^2$' sh -c "'$GRADLAB' curves --act sigmoid,tanh,relu,elu,leaky_relu | grep -c '^ *x '"

# The text heatmap uses the width it has, and names its rows in full.
env LC_ALL=C.UTF-8 "$GRADLAB" attention --plot text --plot-size 60x16 >"$t_out.heat"
expect 0 '^query  k1 ' cat "$t_out.heat"
lacks 'q~' cat "$t_out.heat"
# "   q1 │", five cells of 8, "│"
expect 0 '^48$' sh -c "grep -E '^ +q1 │' '$t_out.heat' | LC_ALL=C.UTF-8 wc -L"
rm -f "$t_out.heat"

# In ASCII, curves that coincide take turns: relu's * and o and leaky_relu's # are seen.
"$GRADLAB" curves --act relu,leaky_relu,elu --from -4 --to 4 --points 17 --plot text \
	--plot-glyphs ascii --plot-size 70x18 >"$t_out.ascii"
for mark in '\*' 'o' '#' 'x' '@' '%'; do
	expect 0 "^ *[0-9-]* *[|+].*$mark" cat "$t_out.ascii"
done
rm -f "$t_out.ascii" "$t_out.lacks"

# }====

finish cli_lab
