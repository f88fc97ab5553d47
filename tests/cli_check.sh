# cli_check.sh: `gradlab check`, `sweep`, --help and --version as a user runs them.
. tests/lib.sh

expect 0 '^usage: gradlab COMMAND' "$GRADLAB" --help
expect 0 '^gradlab [0-9]+\.[0-9]+' "$GRADLAB" --version
expect 2 "unknown command 'frobnicate'" "$GRADLAB" frobnicate
expect 0 'usage: gradlab check MODEL' "$GRADLAB" check --help
expect 0 'usage: gradlab sweep MODEL' "$GRADLAB" sweep --help

# Every command's --help, and gradlab --help, fit 80 terminal columns (a Chinese character
# takes two): option help wraps under itself. The commands are the ones --help lists.
cols_py=$(mktemp)
cat >"$cols_py" <<'EOF'
import sys, unicodedata
bad = 0
for n, line in enumerate(open(sys.argv[1], encoding='utf-8', errors='replace'), 1):
    line = line.rstrip('\n')
    cols = sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in line)
    if cols > 80:
        print(f'line {n}, {cols} columns: {line}')
        bad = 1
sys.exit(bad)
EOF
commands=$("$GRADLAB" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
expect 0 '' test "$(printf '%s\n' $commands | grep -c .)" -ge 13
"$GRADLAB" --help >"$t_out.help" 2>&1
expect 0 '' python3 "$cols_py" "$t_out.help"
for c in $commands; do
	"$GRADLAB" "$c" --help >"$t_out.help" 2>&1 </dev/null
	expect 0 "^usage: gradlab( \\[book\\])? $c|^usage: gradlab \\[book\\]" cat "$t_out.help"
	expect 0 '' python3 "$cols_py" "$t_out.help"
done
# the option lines wrap with a hanging indent at column 25
expect 0 '^                         letters, box lines\) two columns wide' "$GRADLAB" book --help
rm -f "$cols_py" "$t_out.help"

# Every built-in model passes its check, in the table and in JSON.
for m in $("$GRADLAB" check --list | awk '/^  [^ ]/ {print $1}'); do
	expect 0 '^PASS: ' "$GRADLAB" check "$m"
	expect 0 '"passed": ?true' "$GRADLAB" check "$m" --seed 9 --batch 2 --format json
done
expect 0 'PASS: 6 random directions agree' "$GRADLAB" check mlp --fast 6 --hidden 30
expect 0 'PASS' "$GRADLAB" check elu --alpha 0.5
expect 0 'PASS' "$GRADLAB" check leaky_relu --slope=0.2

# A tolerance no double can meet makes the check fail loudly, naming the worst element.
expect 1 '^FAIL: weight: .* worst weight\[' "$GRADLAB" check linear --rtol 0 --atol 0
expect 1 '"passed": ?false' "$GRADLAB" check linear --rtol 0 --atol 0 --format json

# The JSON is valid JSON.
"$GRADLAB" check mlp --format json >"$t_out.json" 2>&1
expect 0 '' python3 -c "import json,sys; d=json.load(open('$t_out.json')); assert d['passed'] and len(d['tensors'])==5"
rm -f "$t_out.json"

# Usage errors: one clear line naming the option, exit 2.
expect 2 "unknown model 'tanhh'" "$GRADLAB" check tanhh
expect 2 'name a model' "$GRADLAB" check
expect 2 "--eps must be greater than 0" "$GRADLAB" check tanh --eps 0
expect 2 "--eps expects a finite number, got 'abc'" "$GRADLAB" check tanh --eps abc
expect 2 "--batch expects a whole number, got '3x'" "$GRADLAB" check tanh --batch 3x
expect 2 "--batch must be between 1 and 4096, got '-2'" "$GRADLAB" check tanh --batch -2
expect 2 "--hidden must be between 1 and 4096, got '100000'" "$GRADLAB" check mlp --hidden 100000
expect 2 'the limit is 4e\+09' "$GRADLAB" check mlp --batch 500 --input 500 --hidden 500
expect 2 "--format must be one of table\|json, got 'xml'" "$GRADLAB" check tanh --format xml
expect 2 "--eps needs a value" "$GRADLAB" check tanh --eps
expect 2 "unknown option '--epsilon'" "$GRADLAB" check tanh --epsilon 1
expect 2 "--seed expects a non-negative whole number" "$GRADLAB" check tanh --seed -1
expect 2 "unexpected argument 'relu'" "$GRADLAB" check tanh relu

# The sweep: twelve steps, CSV header, the V named.
expect 0 'smallest central error at step' "$GRADLAB" sweep mlp
expect 0 '^model,tensor,row,col,eps,central_err,forward_err' "$GRADLAB" sweep lstm --format csv
expect 0 '"steps"' "$GRADLAB" sweep mlp --format json
# Double and single precision side by side: single's best step is far larger.
expect 0 'single: the best step is 1e-0[234]' "$GRADLAB" sweep tanh
expect 0 'double: the best step is 1e-0[5-8]' "$GRADLAB" sweep sigmoid --at -1
expect 0 '^rnn,single,' "$GRADLAB" sweep rnn --format csv
expect 2 'single precision is available for' "$GRADLAB" sweep mlp --precision single

# A closed pipe is not a crash.
"$GRADLAB" check mlp --hidden 40 | head -n 1 >/dev/null
expect 0 'PASS' "$GRADLAB" demo

finish cli_check
