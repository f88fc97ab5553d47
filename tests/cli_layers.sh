# cli_layers.sh: the layers (linear, layer_norm, batch_norm, dropout, embedding) in
# `gradlab grad` and `gradlab check` as a user runs them: listed in --help and --list,
# answers by hand, each check passing, bad input refused with one line (naming the JSON path
# for grad) and exit status 2.
. tests/lib.sh

grad_of() {
	printf '%s' "$1" | "$GRADLAB" grad -
}

for m in linear layer_norm batch_norm dropout embedding; do
	expect 0 "^  $m: " "$GRADLAB" grad --help
done
expect 0 'p = 1 is refused' "$GRADLAB" grad --help
expect 0 'the running statistics take none' "$GRADLAB" grad --help

# x W^T + b = 2 + 6 + 1; the running statistics of (1, 3) from 0 and 1 with momentum 0.1.
expect 0 '"output": \[9\]' grad_of '{"model": "linear", "params": {"weight": [[2, 3]], "bias": [1]}, "inputs": {"x": [1, 2]}, "dout": {"output": [1]}}'
expect 0 '"running_var": \[1\.1\]' grad_of '{"model": "batch_norm", "inputs": {"x": [[1], [3]]}, "dout": {"output": [[1], [0]]}}'
expect 0 '"running_mean": \[0\.2\]' grad_of '{"model": "batch_norm", "inputs": {"x": [[1], [3]]}, "dout": {"output": [[1], [0]]}}'
expect 0 '^ +\[101, 1010\]$' grad_of '{"model": "embedding", "params": {"weight": [[1, 2], [3, 4]]}, "inputs": {"indices": [1, 1]}, "dout": {"output": [[1, 10], [100, 1000]]}}'

expect 2 'inputs.indices\[1\]\[0\]: 2 is outside 0..1: an index into the 2 rows of params.weight$' grad_of '{"model": "embedding", "params": {"weight": [[1, 2], [3, 4]]}, "inputs": {"indices": [[0, 1], [2, 0]]}, "dout": {}}'
expect 2 'options.p must be in \[0, 1\)' grad_of '{"model": "dropout", "options": {"p": 1}, "inputs": {"x": [1], "mask": [1]}, "dout": {"output": [1]}}'
expect 2 'inputs.mask\[1\] must be 0 or 1 \(drop or keep\), got 2$' grad_of '{"model": "dropout", "inputs": {"x": [1, 2], "mask": [1, 2]}, "dout": {"output": [1, 1]}}'
expect 2 'dout.running_var: outputs.running_var is not differentiated' grad_of '{"model": "batch_norm", "inputs": {"x": [[1], [3]]}, "dout": {"output": [[1], [0]], "running_var": [1]}}'
expect 2 'params.weight must be a vector of 2 \(C, the second axis of x\), got a vector of 3$' grad_of '{"model": "batch_norm", "params": {"weight": [1, 1, 1]}, "inputs": {"x": [[1, 2], [3, 4]]}, "dout": {}}'

# gradlab check: every layer and variant proves its gradient; sizes and variants refused.
for m in layer_norm batch_norm batch_norm:eval batch_norm:train dropout dropout:0.2 embedding; do
	expect 0 '^PASS: ' "$GRADLAB" check "$m"
done
for m in layer_norm batch_norm dropout embedding; do
	expect 0 "^  $m " "$GRADLAB" check --list
done
expect 0 '^PASS: ' "$GRADLAB" check batch_norm:eval --batch 1 --steps 1
expect 2 'batch_norm in training needs more than 1 value per channel: --batch x --steps is 1$' "$GRADLAB" check batch_norm --batch 1 --steps 1
expect 2 "model 'batch_norm' takes ':train' or ':eval', not ':foo'" "$GRADLAB" check batch_norm:foo
expect 2 "model 'dropout' takes ':P' with P in \[0, 1\), not ':1'" "$GRADLAB" check dropout:1
expect 2 'these sizes need 6.87e\+10 values; the limit is 4000000' "$GRADLAB" check embedding --batch 4096 --hidden 4096 --steps 4096
expect 2 'these sizes need 1.68e\+07 values' "$GRADLAB" check batch_norm --batch 4096 --input 4096 --steps 4096
expect 2 'these sizes need 4.1e\+06 values' "$GRADLAB" check batch_norm --batch 1000 --input 41 --steps 100

finish cli_layers
