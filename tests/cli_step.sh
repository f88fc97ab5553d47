# cli_step.sh: `gradlab step` as a user runs it: hand-computable steps, stdin and files, the
# same answer twice, and every kind of nonsense refused with one line and exit status 2.
. tests/lib.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir" "$t_out"' EXIT

# step_of JSON: the request on standard input.
step_of() {
	printf '%s' "$1" | "$GRADLAB" step -
}

# refused JSON PATTERN: exit 2, PATTERN in the message, and the message is one line.
refused() {
	expect 2 "^gradlab step: <stdin>: $2" step_of "$1"
	lines=$(step_of "$1" 2>&1 | wc -l)
	if [ "$lines" -ne 1 ]; then
		echo "FAIL: $1 -> $lines lines of message, expected 1"
		t_fail=$((t_fail + 1))
	fi
}

expect 0 '^usage: gradlab step FILE' "$GRADLAB" step --help
expect 0 'adamw +lr 0\.001 weight_decay 0\.01 betas \[0\.9, 0\.999\] eps 1e-08 amsgrad false' "$GRADLAB" step --help
expect 0 'cosine +T_max \(required\) eta_min 0' "$GRADLAB" step --help
expect 0 'step +torch.optim.s optimizer steps' "$GRADLAB" --help
expect 2 'name a JSON file' "$GRADLAB" step

# {==== Steps by hand ====
# sgd: w = 1 - 0.1 * 2
expect 0 '"w": \[0\.8\]' step_of '{"optimizer": "sgd", "options": {"lr": 0.1}, "params": {"w": [1]}, "grads": [{"w": [2]}]}'
# momentum 0.5: buf = 2 (the first step copies the gradient), then 0.5 * 2 + 2 = 3;
# w = 1 - 0.1 * 2 - 0.1 * 3 = 0.5
expect 0 '"momentum_buffer": \[3\]' step_of '{"optimizer": "sgd", "options": {"lr": 0.1, "momentum": 0.5}, "params": {"w": [1]}, "grads": [{"w": [2]}, {"w": [2]}]}'
expect 0 '"w": \[0\.5\]' step_of '{"optimizer": "sgd", "options": {"lr": 0.1, "momentum": 0.5}, "params": {"w": [1]}, "grads": [{"w": [2]}, {"w": [2]}]}'
# adam's first step moves every weight by lr (m / sqrt(v) = sign(g) after bias correction,
# up to eps): 1 - 0.5 = 0.5, -2 + 0.5 = -1.5
expect 0 '"w": \[0\.50000000' step_of '{"optimizer": "adam", "options": {"lr": 0.5}, "params": {"w": [1, -2]}, "grads": [{"w": [3, -0.25]}]}'
expect 0 '"step": 1' step_of '{"optimizer": "adam", "options": {"lr": 0.5}, "params": {"w": [1, -2]}, "grads": [{"w": [3, -0.25]}]}'
# adagrad with eps 0: sum = 9, w = 1 - 1 * 3 / 3 = 0; then lr_decay 1 halves the lr
# (1 / (1 + 1 * 1)) and sum = 9 + 16: w = 0 - 0.5 * 4 / 5 = -0.4
expect 0 '"w": 0$' step_of '{"optimizer": "adagrad", "options": {"lr": 1, "eps": 0}, "params": {"w": 1}, "grads": [{"w": 3}]}'
expect 0 '"w": -0\.4$' step_of '{"optimizer": "adagrad", "options": {"lr": 1, "eps": 0, "lr_decay": 1}, "params": {"w": 1}, "grads": [{"w": 3}, {"w": 4}]}'
expect 0 '"sum": 25' step_of '{"optimizer": "adagrad", "options": {"lr": 1, "eps": 0, "lr_decay": 1}, "params": {"w": 1}, "grads": [{"w": 3}, {"w": 4}]}'
# the lr of each step: step_size 1, gamma 0.5
expect 0 '"lr": \[1, 0\.5, 0\.25\]' step_of '{"optimizer": "sgd", "options": {"lr": 1}, "params": {"w": [0]}, "grads": [{"w": [0]}, {"w": [0]}, {"w": [0]}], "scheduler": {"name": "step", "step_size": 1, "gamma": 0.5}}'
expect 0 '"last_epoch": 3' step_of '{"optimizer": "sgd", "options": {"lr": 1}, "params": {"w": [0]}, "grads": [{"w": [0]}, {"w": [0]}, {"w": [0]}], "scheduler": {"name": "step", "step_size": 1, "gamma": 0.5}}'
# a warmup of 2 from 0.5: 0.5, 0.75, then the schedule from the base lr
expect 0 '"lr": \[0\.5, 0\.75, 1\]' step_of '{"optimizer": "sgd", "options": {"lr": 1}, "params": {"w": [0]}, "grads": [{"w": [0]}, {"w": [0]}, {"w": [0]}], "scheduler": {"name": "constant", "warmup": 2, "warmup_start_factor": 0.5}}'
# no steps: the parameters as given, no state (torch has none before a step)
expect 0 '"state": \{\}' step_of '{"optimizer": "rmsprop", "params": {"w": [[1, 2]]}, "grads": []}'
# }====

# {==== Files, and the same answer twice ====
req='{"optimizer": "adamw", "options": {"lr": 0.01, "amsgrad": true, "betas": [0.8, 0.9]},
 "params": {"a": [[1, 2], [3, 4]], "b": [0.5]},
 "grads": [{"a": [[0.1, -0.2], [0.3, 0.4]], "b": [1]}, {"a": [[1, 2], [-3, 4]], "b": [-1]}],
 "scheduler": {"name": "cosine", "T_max": 3, "eta_min": 0.001}}'
printf '%s' "$req" >"$dir/req.json"
"$GRADLAB" step "$dir/req.json" >"$dir/one.json" 2>&1
"$GRADLAB" step "$dir/req.json" >"$dir/two.json" 2>&1
step_of "$req" >"$dir/three.json" 2>&1
expect 0 '' cmp "$dir/one.json" "$dir/two.json"
expect 0 '' cmp "$dir/one.json" "$dir/three.json"
expect 0 '' python3 -c "
import json
d = json.load(open('$dir/one.json'))
assert sorted(d) == ['lr', 'params', 'scheduler', 'state'], d
assert sorted(d['state']['a']) == ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq', 'step'], d
assert len(d['lr']) == 2 and d['lr'][0] == 0.01, d
assert d['params']['a'][0][0] != 1, d
"
expect 2 "cannot open" "$GRADLAB" step "$dir/absent.json"
# }====

# {==== Nonsense: one line naming the JSON path, exit 2 ====
p='"params": {"w": [1, 2]}, "grads": [{"w": [1, 1]}]'
refused "{\"optimizer\": \"sgd\", \"options\": {\"lr\": -0.1}, $p}" 'options\.lr must be >= 0, got -0\.1'
refused "{\"optimizer\": \"adam\", \"options\": {\"lr\": -1}, $p}" 'options\.lr must be >= 0'
refused "{\"optimizer\": \"sgd\", $p}" 'options\.lr is missing'
refused "{\"optimizer\": \"adam\", \"options\": {\"betas\": [0.9, 1]}, $p}" 'options\.betas\[1\] must be in \[0, 1\), got 1'
refused "{\"optimizer\": \"adamw\", \"options\": {\"betas\": [-0.1, 0.9]}, $p}" 'options\.betas\[0\] must be in \[0, 1\)'
refused "{\"optimizer\": \"adam\", \"options\": {\"betas\": [0.9]}, $p}" 'options\.betas must be a pair'
refused "{\"optimizer\": \"adam\", \"options\": {\"betas\": [0.9, \"x\"]}, $p}" 'options\.betas\[1\]'
refused "{\"optimizer\": \"adam\", \"options\": {\"eps\": -1e-8}, $p}" 'options\.eps must be >= 0'
refused "{\"optimizer\": \"rmsprop\", \"options\": {\"alpha\": 1.5}, $p}" 'options\.alpha must be in \[0, 1\]'
refused "{\"optimizer\": \"rmsprop\", \"options\": {\"momentum\": -0.5}, $p}" 'options\.momentum must be >= 0'
refused "{\"optimizer\": \"adagrad\", \"options\": {\"lr_decay\": -1}, $p}" 'options\.lr_decay must be >= 0'
refused "{\"optimizer\": \"adagrad\", \"options\": {\"initial_accumulator_value\": -1}, $p}" 'options\.initial_accumulator_value must be >= 0'
refused "{\"optimizer\": \"sgd\", \"options\": {\"lr\": 1, \"weight_decay\": -1}, $p}" 'options\.weight_decay must be >= 0'
refused "{\"optimizer\": \"sgd\", \"options\": {\"lr\": 1, \"nesterov\": true}, $p}" 'options\.nesterov needs momentum > 0'
refused "{\"optimizer\": \"sgd\", \"options\": {\"lr\": 1, \"nesterov\": true, \"momentum\": 0.9, \"dampening\": 0.1}, $p}" 'options\.nesterov needs dampening 0'
refused "{\"optimizer\": \"sgd\", \"options\": {\"lr\": 1, \"nesterov\": 2}, $p}" 'options\.nesterov: expected true, false, 0 or 1'
refused "{\"optimizer\": \"sgd\", \"options\": {\"lr\": 1, \"betas\": [0.9, 0.99]}, $p}" "options: unknown key 'betas' \\(sgd takes: lr, weight_decay, momentum, dampening, nesterov\\)"
refused "{\"optimizer\": \"adam\", \"options\": {\"foo\": 1}, $p}" "options: unknown key 'foo'"
refused "{\"optimizer\": \"adam\", \"options\": [], $p}" 'options must be an object'
refused "{\"optimizer\": \"lbfgs\", $p}" "optimizer: unknown optimizer 'lbfgs' \\(known: sgd, adam, adamw, rmsprop, adagrad\\)"
refused "{\"optimizer\": 3, $p}" 'optimizer must be a string'
refused "{$p}" 'optimizer is missing'
refused "{\"optimizer\": \"adam\", $p, \"extra\": 1}" "the request: unknown key 'extra'"
refused '[1]' 'the request must be an object'
expect 2 "^gradlab step: <stdin>:1:34: options: a key in single quotes" step_of "{\"optimizer\": \"sgd\", \"options\": {'lr': 0.1}, $p}"
refused '{"optimizer": "adam", "grads": []}' 'params is missing'
refused '{"optimizer": "adam", "params": {}, "grads": []}' 'params must hold 1 to 64 tensors, got 0'
refused '{"optimizer": "adam", "params": {"w": [1, "x"]}, "grads": []}' 'params\.w\[1\]'
refused '{"optimizer": "adam", "params": {"w": [1]}}' 'grads is missing'
refused '{"optimizer": "adam", "params": {"w": [1]}, "grads": {}}' 'grads must be an array'
refused '{"optimizer": "adam", "params": {"w": [1], "b": 2}, "grads": [{"w": [1], "b": 1}, {"w": [1]}]}' 'grads\[1\]\.b is missing'
refused '{"optimizer": "adam", "params": {"w": [1, 2]}, "grads": [{"w": [1, 2]}, {"w": [[1, 2]]}]}' 'grads\[1\]\.w must be a vector of 2 like params\.w, got 1x2'
refused '{"optimizer": "adam", "params": {"w": [1, 2]}, "grads": [{"w": [1, 2, 3]}]}' 'grads\[0\]\.w must be a vector of 2 like params\.w, got a vector of 3'
refused '{"optimizer": "adam", "params": {"w": [1]}, "grads": [{"w": [1], "v": [1]}]}' "grads\\[0\\]: unknown key 'v' \\(known: w\\)"
refused '{"optimizer": "adam", "params": {"w": [1]}, "grads": [3]}' 'grads\[0\] must be an object'
refused '{"optimizer": "sgd", "params": {"w": [[0, 1]]}, "grads": [{"w": [[0, 0]]}, {"w": [[0, 1e308]]}], "options": {"lr": 1e308}}' 'params\.w\[0\]\[1\] is -inf after step 2, which JSON cannot hold'
s='"optimizer": "adam", "params": {"w": [1]}, "grads": [{"w": [1]}]'
refused "{$s, \"scheduler\": {\"name\": \"onecycle\"}}" "scheduler\\.name: unknown scheduler 'onecycle' \\(known: constant, step, exponential, cosine, linear\\)"
refused "{$s, \"scheduler\": {\"step_size\": 2}}" 'scheduler\.name is missing'
refused "{$s, \"scheduler\": \"step\"}" 'scheduler must be an object'
refused "{$s, \"scheduler\": {\"name\": \"step\"}}" 'scheduler\.step_size is missing'
refused "{$s, \"scheduler\": {\"name\": \"exponential\"}}" 'scheduler\.gamma is missing'
refused "{$s, \"scheduler\": {\"name\": \"cosine\"}}" 'scheduler\.T_max is missing'
refused "{$s, \"scheduler\": {\"name\": \"step\", \"step_size\": 0}}" 'scheduler\.step_size must be a whole number >= 1, got 0'
refused "{$s, \"scheduler\": {\"name\": \"step\", \"step_size\": 1.5}}" 'scheduler\.step_size: expected a whole number'
refused "{$s, \"scheduler\": {\"name\": \"step\", \"step_size\": 2, \"gamma\": -1}}" 'scheduler\.gamma must be >= 0'
refused "{$s, \"scheduler\": {\"name\": \"cosine\", \"T_max\": -3}}" 'scheduler\.T_max must be a whole number >= 1'
refused "{$s, \"scheduler\": {\"name\": \"cosine\", \"T_max\": 3, \"eta_min\": -0.1}}" 'scheduler\.eta_min must be >= 0'
refused "{$s, \"scheduler\": {\"name\": \"linear\", \"start_factor\": 0}}" 'scheduler\.start_factor must be in \(0, 1\]'
refused "{$s, \"scheduler\": {\"name\": \"linear\", \"end_factor\": 1.5}}" 'scheduler\.end_factor must be in \[0, 1\]'
refused "{$s, \"scheduler\": {\"name\": \"linear\", \"total_iters\": 0}}" 'scheduler\.total_iters must be a whole number >= 1'
refused "{$s, \"scheduler\": {\"name\": \"constant\", \"warmup\": -1}}" 'scheduler\.warmup must be >= 0'
refused "{$s, \"scheduler\": {\"name\": \"constant\", \"warmup\": 2, \"warmup_start_factor\": 0}}" 'scheduler\.warmup_start_factor must be in \(0, 1\]'
refused "{$s, \"scheduler\": {\"name\": \"exponential\", \"gamma\": 0.5, \"T_max\": 3}}" "scheduler: unknown key 'T_max' \\(exponential takes: name, gamma, warmup, warmup_start_factor\\)"
# }====

finish cli_step
