# cli_norms.sh: `gradlab norms` and `gradlab curves` as a user runs them.
. tests/lib.sh

expect 0 'usage: gradlab norms' "$GRADLAB" norms --help
expect 0 'rnn tanh: \|\|W_hh\|\| = 1' "$GRADLAB" norms
expect 0 'lstm: ' "$GRADLAB" norms --cell rnn,lstm,gru --steps 60
expect 0 '^cell,t,grad_h_norm,grad_W_hh_step_norm$' "$GRADLAB" norms --cell lstm --format csv
expect 0 '"grad_h_norm"' "$GRADLAB" norms --format json --steps 5
expect 0 'clipped to 1' "$GRADLAB" norms --radius 1.3 --act linear --loss all --clip 1
expect 0 'every 27-th step shown' "$GRADLAB" norms --steps 400
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

expect 0 "tanh\(0.5\) = 0.46211715726000974" "$GRADLAB" curves --act tanh --from 0.5 --to 0.5
expect 0 'relu .*dead' "$GRADLAB" curves
expect 0 '^activation,x,f,df,saturated,dead$' "$GRADLAB" curves --format csv
expect 2 "unknown activation 'swish'" "$GRADLAB" curves --act swish
expect 2 "--from \(3\) must not exceed --to \(1\)" "$GRADLAB" curves --from 3 --to 1

expect 0 'dL/dscores' "$GRADLAB" attention
expect 0 'padding keys masked' "$GRADLAB" attention --mask-last 2 --score general
expect 0 '^query,key,score,weight,dscore$' "$GRADLAB" attention --format csv
expect 2 "--mask-last must leave at least one key" "$GRADLAB" attention --keys 3 --mask-last 3
expect 2 "--score must be one of" "$GRADLAB" attention --score cosine

finish cli_lab
