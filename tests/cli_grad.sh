# cli_grad.sh: `gradlab grad` as a user runs it: hand-computable answers, stdin and files,
# and every kind of bad input refused with one line and exit status 2.
. tests/lib.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir" "$t_out"' EXIT

# grad_of JSON: the request on standard input.
grad_of() {
	printf '%s' "$1" | "$GRADLAB" grad -
}

expect 0 '^usage: gradlab grad FILE' "$GRADLAB" grad --help
expect 0 'dout +output is required; h_n and c_n may be left out' "$GRADLAB" grad --help
expect 0 'grad +outputs and gradients' "$GRADLAB" --help

# {==== Answers by hand ====
# sigmoid'(0) = 1/4; tanh'(0) = 1, times dout 2; relu'(0) = 0 as PyTorch has it.
expect 0 '"x": \[0\.25\]' grad_of '{"model": "sigmoid", "inputs": {"x": [0]}, "dout": {"output": [1]}}'
expect 0 '"output": \[0\.5\]' grad_of '{"model": "sigmoid", "inputs": {"x": [0]}, "dout": {"output": [1]}}'
expect 0 '"x": \[2, 0\]' grad_of '{"model": "tanh", "inputs": {"x": [0, 0]}, "dout": {"output": [2, 0]}}'
expect 0 '"x": \[0, 3\]' grad_of '{"model": "relu", "inputs": {"x": [0, 1]}, "dout": {"output": [5, 3]}}'
expect 0 '"x": \[0\.5\]' grad_of '{"model": "leaky_relu", "options": {"negative_slope": 0.5}, "inputs": {"x": [-1]}, "dout": {"output": [1]}}'
# cross-entropy of equal logits: loss log 2, gradient (softmax - onehot) / N
expect 0 '"loss": 0\.693147180559945' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[0, 0]], "target": [1]}, "dout": {"loss": 1}}'
expect 0 '\[0\.5, -0\.5\]' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[0, 0]], "target": [1]}, "dout": {"loss": 1}}'
expect 0 '\[0\.25, -0\.25\]' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[0, 0], [3, 3]], "target": [1, 0]}, "dout": {"loss": 1}}'
# mse: mean((3 - 1)^2) = 4, d/dpred = 2 * 2 = 4, d/dtarget = -4
expect 0 '"loss": 4' grad_of '{"model": "mse", "inputs": {"pred": 3, "target": 1}, "dout": {"loss": 1}}'
expect 0 '"target": -4' grad_of '{"model": "mse", "inputs": {"pred": 3, "target": 1}, "dout": {"loss": 1}}'
# a linear rnn: h1 = 2 + 0.5 + 0.5 = 3, h2 = 4 + 1.5 + 0.5 = 6; dW_hh = 3 + 0.5
rnn='{"model": "rnn", "options": {"nonlinearity": "linear"},
 "params": {"weight_ih": [[2]], "weight_hh": [[0.5]], "bias_ih": [0.25], "bias_hh": [0.25]},
 "inputs": {"x": [[1], [2]], "h0": [1]}, "dout": {"output": [[0], [1]]}}'
expect 0 '"h_n": \[6\]' grad_of "$rnn"
expect 0 '"weight_hh": \[' grad_of "$rnn"
expect 0 '^ +\[3\.5\]$' grad_of "$rnn"
expect 0 '"h0": \[0\.25\]' grad_of "$rnn"
# attention: a zero query weighs its two unmasked keys equally; the masked one gets 0
expect 0 '"weights": \[0\.5, 0\.5, 0\]' grad_of '{"model": "attention", "options": {"score": "dot"}, "inputs": {"query": [0, 0], "keys": [[1, 2], [3, 4], [5, 6]], "values": [[1], [2], [4]], "mask": [1, true, 0]}, "dout": {"context": [1]}}'
# }====

# {==== Files, stdin and the answer's format ====
printf '%s' "$rnn" >"$dir/rnn.json"
expect 0 '"output": \[' "$GRADLAB" grad "$dir/rnn.json"
"$GRADLAB" grad "$dir/rnn.json" >"$dir/answer.json" 2>&1
expect 0 '' python3 -c "
import json
d = json.load(open('$dir/answer.json'))
assert sorted(d) == ['grads', 'outputs'], d
assert d['outputs']['output'] == [[3], [6]], d
assert sorted(d['grads']) == ['bias_hh', 'bias_ih', 'h0', 'weight_hh', 'weight_ih', 'x'], d
"
# Numbers read back exactly, in the fewest digits that do: 0.1 stays 0.1.
expect 0 '"output": \[0\.1, 0\.3333333333333333, 0\.30000000000000004\]' grad_of '{"model": "relu", "inputs": {"x": [0.1, 0.33333333333333331, 0.30000000000000004]}, "dout": {"output": [1, 1, 1]}}'
# }====

# {==== Bad input: one line, exit 2 ====
expect 2 'grad: <stdin>:2:22: unexpected character, found .\}.' grad_of '{"model": "tanh",
 "inputs": {"x": [1],},
}'
expect 2 '<stdin>:1:38: unexpected end of input' grad_of '{"model": "tanh", "inputs": {"x": [1]'
expect 2 '<stdin>:1:1: no JSON here: the input is empty' grad_of ''
expect 2 'more text after the end|unexpected character' grad_of '{"model": "tanh"} {"model": "relu"}'
expect 2 "model: unknown model 'tanhh' \(known: rnn, lstm, gru, attention" grad_of '{"model": "tanhh", "inputs": {}, "dout": {}}'
expect 2 'model is missing' grad_of '{"inputs": {}, "dout": {}}'
expect 2 "the request: unknown key 'param' \(known: model, options, params, inputs, dout\)" grad_of '{"model": "tanh", "param": {}, "inputs": {"x": [1]}, "dout": {"output": [1]}}'
expect 2 "options: unknown key 'slope' \(known: negative_slope\)" grad_of '{"model": "leaky_relu", "options": {"slope": 0.1}, "inputs": {"x": [1]}, "dout": {"output": [1]}}'
expect 2 "options: unknown key 'alpha' \(tanh takes no options\)" grad_of '{"model": "tanh", "options": {"alpha": 1}, "inputs": {"x": [1]}, "dout": {"output": [1]}}'
expect 2 "options.score must be dot, scaled_dot, general or additive, got 'cosine'" grad_of '{"model": "attention", "options": {"score": "cosine"}, "inputs": {}, "dout": {}}'
expect 2 "options.nonlinearity must be tanh, relu, sigmoid or linear, got 'gelu'" grad_of '{"model": "rnn", "options": {"nonlinearity": "gelu"}, "inputs": {}, "dout": {}}'
expect 2 "inputs: unknown key 'y' \(known: x\)" grad_of '{"model": "tanh", "inputs": {"x": [1], "y": [2]}, "dout": {"output": [1]}}'
expect 2 'params.bias_hh is missing \(rnn takes params: weight_ih, weight_hh, bias_ih, bias_hh\)' grad_of '{"model": "rnn", "params": {"weight_ih": [[1]], "weight_hh": [[1]], "bias_ih": [1]}, "inputs": {"x": [[1]]}, "dout": {}}'
expect 2 "params: unknown key 'bias' \(known: weight_ih, weight_hh, bias_ih, bias_hh\)" grad_of '{"model": "rnn", "params": {"weight_ih": [[1]], "weight_hh": [[1]], "bias_ih": [1], "bias_hh": [1], "bias": [1]}, "inputs": {"x": [[1]]}, "dout": {}}'
expect 2 "params: unknown key 'W' \(attention with score dot takes no parameters\)" grad_of '{"model": "attention", "options": {"score": "dot"}, "params": {"W": [[1]]}, "inputs": {}, "dout": {}}'
expect 2 'inputs.x is missing \(tanh takes inputs: x\)' grad_of '{"model": "tanh", "inputs": {}, "dout": {}}'
lstm_bad=$(python3 -c "
import json
H, I = 4, 3
print(json.dumps({'model': 'lstm',
  'params': {'weight_ih': [[0.1] * I] * (4 * H), 'weight_hh': [[0.1] * 3] * (4 * H),
             'bias_ih': [0] * (4 * H), 'bias_hh': [0] * (4 * H)},
  'inputs': {'x': [[1] * I] * 5}, 'dout': {}}))")
expect 2 'grad: <stdin>: params.weight_hh must be 16x4 \(4H x H\), got 16x3$' grad_of "$lstm_bad"
expect 2 'params.bias_ih must be a vector of 2 \(H\), got 1x2' grad_of '{"model": "rnn", "params": {"weight_ih": [[1], [1]], "weight_hh": [[1, 1], [1, 1]], "bias_ih": [[1, 1]], "bias_hh": [1, 1]}, "inputs": {"x": [[1]]}, "dout": {}}'
expect 2 'inputs.x\[1\] has 1 entry, but inputs.x\[0\] has 2' grad_of '{"model": "tanh", "inputs": {"x": [[1, 2], [3]]}, "dout": {"output": [1]}}'
expect 2 'dout.output must be 2x2, the shape of outputs.output, got a vector of 2' grad_of '{"model": "tanh", "inputs": {"x": [[1, 2], [3, 4]]}, "dout": {"output": [1, 2]}}'
expect 2 'dout.output is missing: the upstream gradient of outputs.output \(a vector of 1\)' grad_of '{"model": "tanh", "inputs": {"x": [1]}, "dout": {}}'
expect 2 "dout: unknown key 'h_n' \(known: output\)" grad_of '{"model": "tanh", "inputs": {"x": [1]}, "dout": {"output": [1], "h_n": [1]}}'
expect 2 'inputs.x\[1\]: expected a number, got a string' grad_of '{"model": "tanh", "inputs": {"x": [1, "2"]}, "dout": {"output": [1, 1]}}'
expect 2 'inputs.x\[0\]: expected a number, got true' grad_of '{"model": "tanh", "inputs": {"x": [true]}, "dout": {"output": [1]}}'
expect 2 'inputs.x\[0\]\[1\]: NaN is not a finite number' grad_of '{"model": "tanh", "inputs": {"x": [[1, NaN]]}, "dout": {"output": [[1, 1]]}}'
expect 2 'dout.output\[0\]: 1e999 is not a finite number' grad_of '{"model": "tanh", "inputs": {"x": [1]}, "dout": {"output": [1e999]}}'
expect 2 '<stdin>:1:36: inputs.x\[0\]: the integer 99999999999999999999999 is outside the 64-bit range' grad_of '{"model": "tanh", "inputs": {"x": [99999999999999999999999]}, "dout": {"output": [1]}}'
expect 2 'outputs.loss is inf, which JSON cannot hold' grad_of '{"model": "mse", "inputs": {"pred": [1e200], "target": [-1e200]}, "dout": {"loss": 1}}'
expect 2 'inputs.target\[1\]: 2 is outside 0..1: a class index of 2 classes$' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2], [3, 4]], "target": [0, 2]}, "dout": {"loss": 1}}'
expect 2 'inputs.target\[0\]: -1 is outside 0..1: a class index of 2 classes$' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2]], "target": [-1]}, "dout": {"loss": 1}}'
expect 2 'inputs.target\[0\]: expected a whole number, got 1.5' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2]], "target": [1.5]}, "dout": {"loss": 1}}'
expect 2 'inputs.target must be a vector of 2 \(one class index per row of logits 2x2\), got a vector of 1' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2], [3, 4]], "target": [0]}, "dout": {"loss": 1}}'
expect 2 'inputs.mask hides all 2 keys' grad_of '{"model": "attention", "inputs": {"query": [1], "keys": [[1], [2]], "values": [[1], [2]], "mask": [0, false]}, "dout": {"context": [1]}}'
expect 2 'inputs.mask\[1\]: expected true, false, 0 or 1, got 2' grad_of '{"model": "attention", "inputs": {"query": [1], "keys": [[1], [2]], "values": [[1], [2]], "mask": [1, 2]}, "dout": {"context": [1]}}'
expect 2 'inputs.x: an empty array' grad_of '{"model": "tanh", "inputs": {"x": []}, "dout": {"output": []}}'
expect 2 'inputs.x\[0\]\[0\]\[0\]\[0\]\[0\]\[0\]: arrays nest deeper than 6 levels' grad_of '{"model": "tanh", "inputs": {"x": [[[[[[[1]]]]]]]}, "dout": {}}'
# Rank 4 (N x C x H x W) in and out, laid out row-major like rank 3; rank 6 is read.
rank4='{"model": "relu", "inputs": {"x": [[[[1, -2], [3, -4]]], [[[-5, 6], [7, 8]]]]}, "dout": {"output": [[[[10, 20], [30, 40]]], [[[50, 60], [70, 80]]]]}}'
expect 0 '^ {10}\[0, 60\],$' grad_of "$rank4"
expect 0 '^ {10}\[70, 80\]$' grad_of "$rank4"
rank6='{"model": "relu", "inputs": {"x": [[[[[[-1, 2]]]]]]}, "dout": {"output": [[[[[[5, 7]]]]]]}}'
expect 0 '"grads":\{"x":\[\[\[\[\[\[0,7\]\]\]\]\]\]\}' sh -c 'printf "%s" "$1" | "$2" grad - | tr -d " \n"' - "$rank6" "$GRADLAB"
expect 0 'tensors of any rank up to 6 as' "$GRADLAB" grad --help


# Files: missing, a directory, too large; sizes beyond the limit.
expect 2 "grad: cannot open $dir/none.json: No such file or directory" "$GRADLAB" grad "$dir/none.json"
expect 2 "grad: cannot read $dir: Is a directory" "$GRADLAB" grad "$dir"
head -c 17000000 /dev/zero | tr '\0' ' ' >"$dir/big.json"
expect 2 "grad: $dir/big.json is larger than 16 MiB, the limit for one document" "$GRADLAB" grad "$dir/big.json"
python3 -c "
import json
H = 64
print(json.dumps({'model': 'lstm',
  'params': {'weight_ih': [[0.1]] * (4 * H), 'weight_hh': [[0.0] * H] * (4 * H),
             'bias_ih': [0] * (4 * H), 'bias_hh': [0] * (4 * H)},
  'inputs': {'x': [[1]] * 20000}, 'dout': {}}))" >"$dir/long.json"
expect 2 'this lstm would take about [0-9]+ MB of memory \(.*\); the limit is 256 MB' "$GRADLAB" grad "$dir/long.json"
python3 -c "print('{\"model\": \"tanh\", \"inputs\": {\"x\": [' + ', '.join(['0'] * 500001) + ']}, \"dout\": {}}')" >"$dir/wide.json"
expect 2 'inputs.x: 500001 entries; the limit is 500000 numbers in one tensor' "$GRADLAB" grad "$dir/wide.json"
python3 -c "print('{\"model\": \"tanh\", \"inputs\": {\"x\": [' + ','.join(['0'] * 1100001) + ']}, \"dout\": {}}')" >"$dir/many.json"
expect 2 "grad: $dir/many.json:1:[0-9]+: more than 1100000 values in one document, the limit" "$GRADLAB" grad "$dir/many.json"

# {==== Refused exactly: what fuzzing found ====
# refused PATTERN FORMAT: the request printf FORMAT makes (octal escapes give raw bytes; \\u
# is JSON's escape) is refused with exit status 2, nothing on standard output, exactly one
# line on standard error matching PATTERN, and no raw control byte (C0, DEL, or C1 in UTF-8)
# in that line.
c1=$(printf '\302[\200-\237]')
refused() {
	printf "$2" >"$dir/req.json"
	refused_file "$1" "$dir/req.json" "$2"
}
# refused_file PATTERN FILE [SHOWN]: the same for the request in FILE.
refused_file() {
	"$GRADLAB" grad - <"$2" >"$dir/out" 2>"$dir/err"
	rc=$?
	why=
	if [ "$rc" -ne 2 ]; then why="exit $rc, expected 2"
	elif [ -s "$dir/out" ]; then why="something on standard output"
	elif [ "$(wc -l <"$dir/err" | tr -d ' ')" != 1 ]; then why="not exactly one line"
	elif tr -d '\n' <"$dir/err" | LC_ALL=C grep -q '[[:cntrl:]]'; then why="a raw control byte: $(od -c "$dir/err" | head -n 3)"
	elif LC_ALL=C grep -q "$c1" "$dir/err"; then why="a raw C1 control"
	elif ! grep -Eq -- "$1" "$dir/err"; then why="lacks /$1/"
	fi
	if [ -n "$why" ]; then
		echo "FAIL: refused ${3:-$2} -> $why"
		sed 's/^/    /' "$dir/err" | head -n 4
		t_fail=$((t_fail + 1))
	else
		t_pass=$((t_pass + 1))
	fi
}
ok_x='"inputs": {"x": [1]}, "dout": {"output": [1]}'
# A string with an escaped NUL is not its prefix; in a key neither.
refused '^gradlab grad: <stdin>:1:16: model: a string holds \\u0000 \(a NUL character\)' '{"model": "tanh\\u0000x", '"$ok_x"'}'
refused '<stdin>:1:32: inputs: a key holds \\u0000' '{"model": "tanh", "inputs": {"x\\u0000y": [1]}, "dout": {"output": [1]}}'
# Duplicate keys, also spelled differently, at any depth.
refused '<stdin>:1:19: model: a duplicate key \(first at line 1, column 2\); a key may appear only once' '{"model": "tanh", "model": "relu", '"$ok_x"'}'
refused '<stdin>:2:2: inputs.x: a duplicate key \(first at line 1, column 30\)' '{"model": "tanh", "inputs": {"x": [1],\n "\\u0078": [2]}, "dout": {"output": [1]}}'
# Numbers outside JSON's grammar.
refused '<stdin>:1:42: inputs.x\[1\]\[0\]: 5\. is not a JSON number: a digit must follow the decimal point$' '{"model": "tanh", "inputs": {"x": [[1], [5.]]}, "dout": {"output": [[1], [1]]}}'
refused 'inputs.x\[0\]: -01 is not a JSON number: a leading zero$' '{"model": "tanh", "inputs": {"x": [-01]}, "dout": {"output": [1]}}'
refused 'inputs.x\[0\]: NaN is not a finite number' '{"model": "tanh", "inputs": {"x": [NaN]}, "dout": {"output": [1]}}'
refused 'dout.output\[0\]: -Infinity is not a finite number' '{"model": "tanh", "inputs": {"x": [1]}, "dout": {"output": [-Infinity]}}'
refused 'inputs.x\[0\]: 1e999 is not a finite number' '{"model": "tanh", "inputs": {"x": [1e999]}, "dout": {"output": [1]}}'
# Quoted input is escaped: a newline, an escape sequence, a C1 control, a backslash.
refused "model: unknown model 'tan\\\\x0Ah\\\\x1B\[31m\\\\u009B\\\\\\\\x' \(known: rnn," '{"model": "tan\\nh\\u001b[31m\\u009b\\\\x", '"$ok_x"'}'
refused "inputs: unknown key '\\\\x1B\[2J' \(known: x\)" '{"model": "tanh", "inputs": {"x": [1], "\\u001b[2J": 1}, "dout": {"output": [1]}}'
refused "options.score must be dot, scaled_dot, general or additive, got '\\\\x07'" '{"model": "attention", "options": {"score": "\\u0007"}, "inputs": {}, "dout": {}}'
refused "unknown model 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\.\.\.' " '{"model": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", '"$ok_x"'}'
# Raw control bytes and bytes that are not UTF-8, in strings and keys, and after the end.
refused '<stdin>:1:15: model: a control character \(U\+001B\) written raw in a string; JSON needs it escaped as \\u001B' '{"model": "tan\033[2Jh", '"$ok_x"'}'
refused '<stdin>:1:15: model: a control character \(U\+000A\) written raw' '{"model": "tan\nh", '"$ok_x"'}'
refused '<stdin>:1:14: model: byte \\xFF in a string is not UTF-8' '{"model": "ta\377nh", '"$ok_x"'}'
refused '<stdin>:1:31: inputs: byte \\xC0 in a key is not UTF-8' '{"model": "tanh", "inputs": {"\300\200": [1]}, "dout": {"output": [1]}}'
refused '<stdin>:1:31: inputs: byte \\xED in a key is not UTF-8' '{"model": "tanh", "inputs": {"\355\240\200": [1]}, "dout": {"output": [1]}}'
refused '<stdin>:1:37: inputs.x\[0\]: \\uD800 in a string is a high surrogate' '{"model": "tanh", "inputs": {"x": ["\\ud800"]}, "dout": {"output": [1]}}'
refused '<stdin>:1:[0-9]+: more text after the end of the JSON value|unexpected character, found byte \\x1B' '{"model": "tanh", '"$ok_x"'} \033[2J'
refused '<stdin>:1:2: unexpected character, found byte \\xEF' '\357\273\277\357\273\277{"model": "tanh", '"$ok_x"'}'
# A whole request of null, or of another type.
refused '^gradlab grad: <stdin>: the request must be a JSON object \{\.\.\.\}, got null$' 'null'
refused 'the request must be a JSON object \{\.\.\.\}, got a string' '"tanh"'
# Integers: 64 bits are read, then held against the field's own range.
refused 'inputs.target\[0\]: -9223372036854775808 is outside 0..1: a class index of 2 classes$' '{"model": "cross_entropy", "inputs": {"logits": [[1, 2]], "target": [-9223372036854775808]}, "dout": {"loss": 1}}'
refused 'inputs.target\[0\]: 4294967296 is outside 0..1: a class index of 2 classes$' '{"model": "cross_entropy", "inputs": {"logits": [[1, 2]], "target": [4294967296]}, "dout": {"loss": 1}}'
refused 'inputs.target: 2147483648 is outside 0..2: a class index of 3 classes$' '{"model": "cross_entropy", "inputs": {"logits": [1, 2, 3], "target": 2147483648}, "dout": {"loss": 1}}'
refused '<stdin>:1:70: inputs.target\[0\]: the integer -9223372036854775809 is outside the 64-bit range' '{"model": "cross_entropy", "inputs": {"logits": [[1, 2]], "target": [-9223372036854775809]}, "dout": {"loss": 1}}'
refused 'inputs.x\[0\]: the integer 18446744073709551616 is outside the 64-bit range' '{"model": "tanh", "inputs": {"x": [18446744073709551616]}, "dout": {"output": [1]}}'
# Nesting deeper than json-c's stack.
python3 -c "print('{\"model\": \"tanh\", \"inputs\": {\"x\": ' + '[' * 100000 + ']' * 100000 + '}}')" >"$dir/deep.json"
expect 2 '^gradlab grad: '"$dir"'/deep.json:1:65: arrays and objects nest more than 32 deep, the limit$' "$GRADLAB" grad "$dir/deep.json"
# The edges that are valid: the int64 ends, -0, a leading byte-order mark, a key once per
# object though twice in the request.
expect 0 '"x": \[0, 0\]' grad_of '{"model": "tanh", "inputs": {"x": [-9223372036854775808, 9223372036854775807]}, "dout": {"output": [1, 1]}}'
expect 0 '"output": \[0\]' grad_of '{"model": "tanh", "inputs": {"x": [-0]}, "dout": {"output": [1]}}'
expect 0 '"output": \[0\.5\]' sh -c "printf '\357\273\277{\"model\": \"sigmoid\", \"inputs\": {\"x\": [0]}, \"dout\": {\"output\": [1]}}' | '$GRADLAB' grad -"
expect 0 '"output": \[0\.5\]' grad_of '{"model": "sigmoid", "options": {}, "inputs": {"x": [0]}, "dout": {"output": [1]}}'
# A request within every tensor limit whose tape would take 2.5 GB and 15 s (an lstm with
# H = 1 and T = 500000; on the fused steps still about 0.6 GB) is refused before it is built,
# with the estimate; the run ending at all (no timing) is the point: it used to take 15 s and
# 2.5 GB.
python3 -c "
import json
T = 500000
print(json.dumps({'model': 'lstm',
  'params': {'weight_ih': [[0.1]] * 4, 'weight_hh': [[0.1]] * 4, 'bias_ih': [0] * 4, 'bias_hh': [0] * 4},
  'inputs': {'x': [[1]] * T}, 'dout': {'output': [[1]] * T}}))" >"$dir/lstm_h1.json"
expect 2 '^gradlab grad: '"$dir"'/lstm_h1.json: this lstm would take about [0-9]{3} MB of memory \(1\.5e\+06 tape nodes, .*\); the limit is 256 MB \(use fewer steps, rows or keys\)$' "$GRADLAB" grad "$dir/lstm_h1.json"
expect 0 '256 MB, and the' "$GRADLAB" grad --help
# }====

# The fuzzing seeds: every ok-* answers, every bad-* is refused with one line and no raw
# control byte.
for f in tests/fuzz/grad/*.json; do
	case ${f##*/} in
	ok-*) expect 0 '"grads"' "$GRADLAB" grad "$f" ;;
	*) refused_file "^gradlab grad: <stdin>" "$f" ;;
	esac
done

# A file name is quoted like the input: a newline in it does not split the line.
nl_name="$dir/a
b.json"
printf '{"model": "tanh", "inputs": {"x": [5.]}, "dout": {"output": [1]}}' >"$nl_name"
"$GRADLAB" grad "$nl_name" >"$dir/out" 2>"$dir/err"
expect 0 '^1$' sh -c "wc -l <'$dir/err' | tr -d ' '"
expect 0 'a\\x0Ab\.json:1:36: inputs\.x\[0\]: 5\. is not a JSON number' cat "$dir/err"
printf '{"model": "tanhh", "inputs": {"x": [1]}, "dout": {"output": [1]}}' >"$nl_name"
"$GRADLAB" grad "$nl_name" >"$dir/out" 2>"$dir/err"
expect 0 "a\\\\x0Ab\\.json: model: unknown model 'tanhh'" cat "$dir/err"

# Usage.
expect 2 'name a JSON file, or - for standard input' "$GRADLAB" grad
expect 2 "unexpected argument 'b.json'" "$GRADLAB" grad a.json b.json
expect 2 "unknown option '--pretty'" "$GRADLAB" grad --pretty a.json
# Every refusal is one line.
grad_of '{"model": "tanh", "inputs": {"x": [1, "2"]}, "dout": {"output": [1, 1]}}' >"$dir/refusal" 2>&1
expect 0 '^1$' sh -c "wc -l <'$dir/refusal' | tr -d ' '"
# }====

finish cli_grad
