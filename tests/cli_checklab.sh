# cli_checklab.sh: a check of a backward wrong on purpose (check rnn --broken), the W_hh
# options of check (--init, --spectral-norm (old spelling --radius), --loss), and the relu and gates experiments.
. tests/lib.sh

# {==== check rnn --broken ====
# Each teaching fault fails the check (exit 1) and names the worst element of a tensor.
expect 1 '^FAIL: h0: 2 of 2 values disagree; worst h0\[0,[01]\]: numeric -?[0-9.]+, analytic' \
	"$GRADLAB" check rnn --steps 3 --hidden 2 --input 1 --batch 1 --broken transpose_whh
expect 1 '^teaching fault: transpose_whh' \
	"$GRADLAB" check rnn --steps 3 --hidden 2 --input 1 --batch 1 --broken transpose_whh
expect 1 '^FAIL: x: ' "$GRADLAB" check rnn --broken missing_tanh_derivative
expect 1 '"passed": ?false' "$GRADLAB" check rnn --broken missing_tanh_derivative --format json
# The sum over time missing from dW_hh: weight_hh fails, and nothing else does.
"$GRADLAB" check rnn --broken no_accumulate_over_time >"$t_out.fails" 2>&1
expect 0 '' test "$(grep -c '^FAIL: ' "$t_out.fails")" -eq 1
expect 0 '^FAIL: weight_hh: ' cat "$t_out.fails"
rm -f "$t_out.fails"
# In Chinese the table and the note say the same.
expect 1 '教学用的错误：transpose_whh' env LC_ALL=C.UTF-8 "$GRADLAB" check rnn --broken transpose_whh --lang zh
# The fault is never on the normal path: without --broken the same rnn passes.
expect 0 '^PASS: ' "$GRADLAB" check rnn --steps 3 --hidden 2 --input 1 --batch 1
# Usage errors name the option, exit 2.
expect 2 "--broken must be one of transpose_whh\\|missing_tanh_derivative\\|no_accumulate_over_time, got 'transpose'" "$GRADLAB" check rnn --broken transpose
expect 2 '--broken: the teaching faults are faults of the tanh rnn, not of lstm' \
	"$GRADLAB" check lstm --broken transpose_whh
expect 2 'not of rnn:relu' "$GRADLAB" check rnn --act relu --broken transpose_whh
expect 2 '--broken is an option of rnn, lstm and gru, not of tanh' "$GRADLAB" check tanh --broken transpose_whh
expect 0 'transpose_whh +dL/dh_\{t-1\} from W_hh delta_t, not W_hh\^T delta_t' "$GRADLAB" check --help
# Lesson 03's claims: only x at the last step agrees (its gradient never crosses W_hh), and
# a 1x1 W_hh is its own transpose.
expect 1 '^FAIL: x: 2 of 3 values disagree' \
	"$GRADLAB" check rnn --steps 3 --hidden 2 --input 1 --batch 1 --broken transpose_whh
expect 0 '^PASS' "$GRADLAB" check rnn --steps 3 --hidden 1 --input 1 --batch 1 --broken transpose_whh

# The lint wants a --broken check to fail (exit 1) and every other check to pass.
t_dir=$(mktemp -d)
mkdir "$t_dir/en" "$t_dir/zh"
for l in en zh; do
	printf '# A\n\n```check\nrun: check rnn --broken transpose_whh\n```\n\n```check\nrun: check rnn --hidden 1 --broken transpose_whh\n```\n\n```experiment\nrun: check rnn --broken transpose_whh\nvary: broken = transpose_whh|missing_tanh_derivative\n```\n\n```check\nrun: check linear --atol 0 --rtol 0\n```\n' >"$t_dir/$l/01-a.md"
done
"$GRADLAB" lessons --lint --dir "$t_dir" >"$t_out.lint" 2>&1
expect 0 "^$t_dir/en/01-a.md:8: run: a check of a teaching fault \\(--broken\\) must fail, and it passed\$" cat "$t_out.lint"
expect 0 "^$t_dir/en/01-a.md:17: run: exit status 1: FAIL: " cat "$t_out.lint"
expect 0 '^1 lesson, 4 problems$' cat "$t_out.lint"
rm -rf "$t_dir" "$t_out.lint"
# }====

# {==== check rnn --spectral-norm --init --loss ====
# The gradient reaching h0 vanishes: below what a finite difference resolves, the numeric
# side is 0 and the relative error 1; the check passes on atol, and fails without it.
expect 0 'h0 +1x5 +5 +0 +0 +[0-9.]+e-2[0-9] +1 ' \
	"$GRADLAB" check rnn --steps 20 --batch 1 --spectral-norm 0.1 --loss last
expect 1 '^FAIL: h0: 5 of 5 values disagree; worst h0\[0,[0-4]\]: numeric 0, analytic' \
	"$GRADLAB" check rnn --steps 20 --batch 1 --spectral-norm 0.1 --loss last --atol 0
expect 0 '^PASS' "$GRADLAB" check rnn --steps 20 --batch 1 --radius 0.1 --init gaussian --loss last
expect 0 '^PASS' "$GRADLAB" check lstm --spectral-norm 0.5 --init gaussian
expect 0 '^PASS' "$GRADLAB" check gru --radius 2 --loss last
# The options are the norms options, parsed by the same table.
expect 2 '--radius must be greater than 0' "$GRADLAB" check rnn --radius 0
expect 2 '--radius must be greater than 0 and at most 10' "$GRADLAB" check rnn --radius 11
expect 2 "--init must be one of orthogonal\|gaussian" "$GRADLAB" check rnn --init uniform
expect 2 "--init must be one of orthogonal\|gaussian" "$GRADLAB" norms --init uniform
expect 2 '--spectral-norm is an option of rnn, lstm and gru, not of mlp' "$GRADLAB" check mlp --radius 0.5
expect 2 '--loss is an option of rnn' "$GRADLAB" check linear --loss last
# }====

# {==== gates ====
expect 0 'usage: gradlab gates' "$GRADLAB" gates --help
expect 0 '^ +t +i +f +g +o +\|\|c_t\|\| +\|\|h_t\|\|$' "$GRADLAB" gates
expect 0 '^ +t +r +z +n +\|\|h_t\|\|$' "$GRADLAB" gates --cell gru
expect 0 '^mean over the 4 units$' "$GRADLAB" gates
expect 0 '^unit 3$' "$GRADLAB" gates --unit 3
expect 0 '^ +12 ' "$GRADLAB" gates --steps 12
# A forget bias of 4 holds f near sigmoid(4) = 0.982 at every step (the f column).
"$GRADLAB" gates --steps 20 --forget-bias 4 >"$t_out.g" 2>&1
expect 0 '' awk '$1 ~ /^[0-9]+$/ { n++; if ($3 < 0.95 || $3 >= 1) bad = 1 } END { exit bad || n != 20 }' "$t_out.g"
expect 0 'forget bias 4' cat "$t_out.g"
rm -f "$t_out.g"
# Every gate of every unit at every step in the CSV: T * G * H rows and a header.
expect 0 '' sh -c '[ "$("$1" gates --steps 7 --hidden 3 --format csv | wc -l)" -eq $((7 * 4 * 3 + 1)) ]' sh "$GRADLAB"
expect 0 '^gru,7,n,3,' "$GRADLAB" gates --cell gru --steps 7 --hidden 3 --format csv
expect 0 '^lstm 各门在 10 个时间步上的取值' env LC_ALL=C.UTF-8 "$GRADLAB" gates --lang zh
expect 0 '重置门' env LC_ALL=C.UTF-8 "$GRADLAB" gates --cell gru --lang zh
expect 0 'lstm gates over 10 steps \(mean of 4 units, forget bias 0\)' "$GRADLAB" gates --plot text --plot-size 60x14
# Lesson 05's claims: at b = 3, f near 0.95 and ||c_t|| from about 0.7 to about 3.6 in 20
# steps; at b = 0 the sigmoid gates near 0.5 and ||c_t|| stays small; the GRU's z near 0.5.
"$GRADLAB" gates --steps 20 --forget-bias 3 >"$t_out.g" 2>&1
expect 0 '' awk '$1 == 1 && $6 > 0.65 && $6 < 0.75 { a = 1 } $1 == 20 && $6 > 3.4 && $6 < 3.8 { b = 1 }
	$1 ~ /^[0-9]+$/ && ($3 < 0.9 || $3 > 0.98) { bad = 1 } END { exit !(a && b && !bad) }' "$t_out.g"
"$GRADLAB" gates --steps 20 --forget-bias 0 >"$t_out.g" 2>&1
expect 0 '' awk '$1 ~ /^[0-9]+$/ { for (k = 2; k <= 5; k++) if (k != 4 && ($k < 0.35 || $k > 0.65)) bad = 1; if ($6 > 1) bad = 1 } END { exit bad }' "$t_out.g"
"$GRADLAB" gates --cell gru --steps 20 >"$t_out.g" 2>&1
expect 0 '' awk '$1 ~ /^[0-9]+$/ && ($3 < 0.35 || $3 > 0.65) { bad = 1 } END { exit bad }' "$t_out.g"
rm -f "$t_out.g"
expect 2 '--forget-bias sets the LSTM' "$GRADLAB" gates --cell gru --forget-bias 1
expect 2 '--unit \(5\) must not exceed --hidden \(4\)' "$GRADLAB" gates --unit 5
expect 2 '--cell must be one of lstm\|gru' "$GRADLAB" gates --cell rnn
expect 2 '--steps must be' "$GRADLAB" gates --steps 0
# }====

# {==== relu ====
expect 0 'usage: gradlab relu' "$GRADLAB" relu --help
# Lesson 01's claims. From b = -3 the ReLU unit is off for all 11 inputs: its gradient is
# exactly 0 at every step, w and b stay, the loss stays 4.4.
"$GRADLAB" relu --bias -3 --slope 0.1 --steps 40 --format csv >"$t_out.r" 2>&1
expect 0 '' awk -F, '$1 == "relu" && ($3 != 1 || $4 != -3 || $5 != 0 || $6 != 0 || $7 != 0 || ($8 - 4.4)^2 > 1e-24) { bad = 1 }
	$1 == "relu" { n++ } END { exit bad || n != 41 }' "$t_out.r"
# The leaky unit with a = 0.1: b rises by about 0.2 a step at first, all 11 inputs are on
# within ten steps, and w and b head for 2 and 1.
expect 0 '' awk -F, '$1 == "leaky_relu" && $2 == 1 { d = $4 + 3; if (d < 0.15 || d > 0.25) bad = 1 }
	$1 == "leaky_relu" && $2 == 10 && $7 != 11 { bad = 1 }
	$1 == "leaky_relu" && $2 == 40 && ($3 < 1.9 || $3 > 2.2 || $4 < 0.85 || $4 > 1.05) { bad = 1 }
	END { exit bad }' "$t_out.r"
# With a = 0.01 the climb is about ten times slower.
"$GRADLAB" relu --bias -3 --slope 0.01 --steps 1 --format csv >"$t_out.r" 2>&1
expect 0 '' awk -F, '$1 == "leaky_relu" && $2 == 1 { d = $4 + 3; if (d < 0.015 || d > 0.025) bad = 1; n++ } END { exit bad || !n }' "$t_out.r"
# From b = -0.5 the ReLU unit is on for half of the inputs and learns.
"$GRADLAB" relu --bias -0.5 --steps 40 --format csv >"$t_out.r" 2>&1
expect 0 '' awk -F, '$1 == "relu" && $2 == 0 && $7 != 5 { bad = 1 } $1 == "relu" && $2 == 40 && ($7 != 11 || $8 > 1e-3) { bad = 1 } END { exit bad }' "$t_out.r"
rm -f "$t_out.r"
expect 0 '^ +0 +1 +-3 +0 +0 +0/11 +4\.4$' "$GRADLAB" relu
expect 0 '^leaky_relu \(slope 0\.01\)$' "$GRADLAB" relu
expect 0 '^leaky_relu（斜率 0.2）$' env LC_ALL=C.UTF-8 "$GRADLAB" relu --slope 0.2 --lang zh
expect 0 'one step in 6 shown' "$GRADLAB" relu --steps 100
expect 0 'loss of one unit over 20 steps \(start b = -3, lr 0\.5\)' "$GRADLAB" relu --plot text --plot-size 60x14
expect 2 '--lr must be greater than 0' "$GRADLAB" relu --lr 0
expect 2 '--steps must be' "$GRADLAB" relu --steps 10001
expect 2 "--bias expects a finite number, got 'x'" "$GRADLAB" relu --bias x
# }====

finish cli_checklab
