# cli_losses.sh: `gradlab grad`'s losses with PyTorch's options, as a user runs them:
# cross_entropy's ignore_index and label_smoothing, bce_with_logits, answers by hand, each
# bad input refused with one line naming its JSON path and exit status 2, and lesson 07's
# fact from tests/data/lesson07: at a confidently wrong sigmoid, MSE's gradient is tiny
# while cross-entropy's is p - y.
. tests/lib.sh

grad_of() {
	printf '%s' "$1" | "$GRADLAB" grad -
}

expect 0 'ignore_index \(default -100' "$GRADLAB" grad --help
expect 0 'bce_with_logits: mean of -\[w y log s\(x\)' "$GRADLAB" grad --help

# {==== Answers by hand ====
# an ignored row leaves the mean: the loss of the other row alone (log 2), which takes all
# the gradient (softmax - onehot) / 1; the ignored row gets none.
ce_ignore='{"model": "cross_entropy", "inputs": {"logits": [[0, 0], [5, 1]], "target": [1, -100]}, "dout": {"loss": 1}}'
expect 0 '"loss": 0\.693147180559945' grad_of "$ce_ignore"
expect 0 '\[0\.5, -0\.5\],' grad_of "$ce_ignore"
expect 0 '\[0, 0\]' grad_of "$ce_ignore"
# any ignore_index, here class 0; smoothing 1 aims at the uniform target: equal logits of 4
# classes are already there (loss log 4, gradient 0)
expect 0 '"loss": 0\.693147180559945' grad_of '{"model": "cross_entropy", "options": {"ignore_index": 0}, "inputs": {"logits": [[0, 0], [5, 1]], "target": [1, 0]}, "dout": {"loss": 1}}'
expect 0 '"loss": 1\.386294361119890' grad_of '{"model": "cross_entropy", "options": {"label_smoothing": 1}, "inputs": {"logits": [1, 1, 1, 1], "target": 2}, "dout": {"loss": 1}}'
expect 0 '"logits": \[0, 0, 0, 0\]' grad_of '{"model": "cross_entropy", "options": {"label_smoothing": 1}, "inputs": {"logits": [1, 1, 1, 1], "target": 2}, "dout": {"loss": 1}}'
# smoothing 0.5 of 2 classes at equal logits: q = (0.75, 0.25) against p = (0.5, 0.5)
expect 0 '"logits": \[-0\.25, 0\.25\]' grad_of '{"model": "cross_entropy", "options": {"label_smoothing": 0.5}, "inputs": {"logits": [3, 3], "target": 0}, "dout": {"loss": 1}}'
# class weights: the mean divides by the kept rows' weights, so one row of weight 3 at equal
# logits still has loss log 2, and a weighted row takes its weight's share of the gradient:
# weights 3 (class 1) and 1 (class 0) give (softmax - onehot) * 3/4 and * 1/4
expect 0 '"loss": 0\.693147180559945' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[0, 0]], "target": [1], "weight": [1, 3]}, "dout": {"loss": 1}}'
expect 0 '\[0\.375, -0\.375\],' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[0, 0], [0, 0]], "target": [1, 0], "weight": [1, 3]}, "dout": {"loss": 1}}'
expect 0 '\[-0\.125, 0\.125\]$' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[0, 0], [0, 0]], "target": [1, 0], "weight": [1, 3]}, "dout": {"loss": 1}}'
# bce at logit 0: log 2 whatever the target; gradient (sigmoid(0) - y) / N, and -x / N = 0
# for the target; pos_weight 3 on a positive triples the loss
expect 0 '"loss": 0\.693147180559945' grad_of '{"model": "bce_with_logits", "inputs": {"logits": [0, 0], "target": [1, 0.25]}, "dout": {"loss": 1}}'
expect 0 '"logits": \[-0\.25, 0\.125\]' grad_of '{"model": "bce_with_logits", "inputs": {"logits": [0, 0], "target": [1, 0.25]}, "dout": {"loss": 1}}'
expect 0 '"target": \[0, 0\]' grad_of '{"model": "bce_with_logits", "inputs": {"logits": [0, 0], "target": [1, 0.25]}, "dout": {"loss": 1}}'
expect 0 '"loss": 2\.079441541679835' grad_of '{"model": "bce_with_logits", "inputs": {"logits": [[0]], "target": [[1]], "pos_weight": [3]}, "dout": {"loss": 1}}'
# a logit of 1000 does not overflow: loss 1000 for the wrong target
expect 0 '"loss": 1000$' grad_of '{"model": "bce_with_logits", "inputs": {"logits": 1000, "target": 0}, "dout": {"loss": 1}}'
# }====

# {==== Refusals ====
expect 2 'inputs.target: every row is options.ignore_index \(-100\), so the mean is over no rows \(PyTorch gives nan\)' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2], [3, 4]], "target": [-100, -100]}, "dout": {"loss": 1}}'
expect 2 'inputs.target: every row is options.ignore_index \(1\)' grad_of '{"model": "cross_entropy", "options": {"ignore_index": 1}, "inputs": {"logits": [1, 2], "target": 1}, "dout": {"loss": 1}}'
expect 2 'inputs.target\[1\]: -5 is outside 0..1: a class index of 2 classes$' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2], [3, 4]], "target": [-100, -5]}, "dout": {"loss": 1}}'
expect 2 'inputs.target\[0\]: -100 is outside 0..1: a class index of 2 classes$' grad_of '{"model": "cross_entropy", "options": {"ignore_index": 7}, "inputs": {"logits": [[1, 2], [3, 4]], "target": [-100, 1]}, "dout": {"loss": 1}}'
expect 2 'inputs.target\[1\]: 4294967296 is outside 0..1: a class index of 2 classes$' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2], [3, 4]], "target": [-100, 4294967296]}, "dout": {"loss": 1}}'
expect 2 'options.label_smoothing must be between 0 and 1, got 1.5$' grad_of '{"model": "cross_entropy", "options": {"label_smoothing": 1.5}, "inputs": {"logits": [1, 2], "target": 1}, "dout": {"loss": 1}}'
expect 2 'options.label_smoothing must be between 0 and 1, got -0.1$' grad_of '{"model": "cross_entropy", "options": {"label_smoothing": -0.1}, "inputs": {"logits": [1, 2], "target": 1}, "dout": {"loss": 1}}'
expect 2 'options.label_smoothing: expected a number, got a string' grad_of '{"model": "cross_entropy", "options": {"label_smoothing": "0.1"}, "inputs": {"logits": [1, 2], "target": 1}, "dout": {"loss": 1}}'
expect 2 'options.ignore_index: expected a whole number, got 1.5' grad_of '{"model": "cross_entropy", "options": {"ignore_index": 1.5}, "inputs": {"logits": [1, 2], "target": 1}, "dout": {"loss": 1}}'
expect 2 'options.ignore_index: 2147483648 is outside -2147483647..2147483647' grad_of '{"model": "cross_entropy", "options": {"ignore_index": 2147483648}, "inputs": {"logits": [1, 2], "target": 1}, "dout": {"loss": 1}}'
expect 2 "options: unknown key 'reduction'" grad_of '{"model": "cross_entropy", "options": {"reduction": "sum"}, "inputs": {"logits": [1, 2], "target": 1}, "dout": {"loss": 1}}'
expect 2 'inputs.weight must be a vector of 2 \(one weight per class of logits 2x2\), got a vector of 3$' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2], [3, 4]], "target": [0, 1], "weight": [1, 2, 3]}, "dout": {"loss": 1}}'
expect 2 'inputs.weight\[0\]: -1 is negative' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2], [3, 4]], "target": [0, 1], "weight": [-1, 2]}, "dout": {"loss": 1}}'
expect 2 "inputs.weight: every kept row's class has weight 0, so the weighted mean divides by 0" grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2], [3, 4]], "target": [0, -100], "weight": [0, 2]}, "dout": {"loss": 1}}'
expect 2 'inputs.weight\[1\]: expected a number, got a string' grad_of '{"model": "cross_entropy", "inputs": {"logits": [[1, 2], [3, 4]], "target": [0, 1], "weight": [1, "2"]}, "dout": {"loss": 1}}'
expect 2 'inputs.target\[1\]\[1\]: 1.5 is outside \[0, 1\]: a target is a probability$' grad_of '{"model": "bce_with_logits", "inputs": {"logits": [[1, 2], [3, 4]], "target": [[0, 1], [0.5, 1.5]]}, "dout": {"loss": 1}}'
expect 2 'inputs.target: -0.25 is outside \[0, 1\]' grad_of '{"model": "bce_with_logits", "inputs": {"logits": 1, "target": -0.25}, "dout": {"loss": 1}}'
expect 2 'inputs.target must have the shape of inputs.logits \(2x2\), got a vector of 2$' grad_of '{"model": "bce_with_logits", "inputs": {"logits": [[1, 2], [3, 4]], "target": [0, 1]}, "dout": {"loss": 1}}'
expect 2 'inputs.target is missing \(bce_with_logits takes inputs: logits, target, pos_weight\)' grad_of '{"model": "bce_with_logits", "inputs": {"logits": [1]}, "dout": {"loss": 1}}'
expect 2 'inputs.pos_weight must be a vector of 2 \(one weight per entry of the last axis of logits 2x2\), got a vector of 3$' grad_of '{"model": "bce_with_logits", "inputs": {"logits": [[1, 2], [3, 4]], "target": [[0, 1], [1, 0]], "pos_weight": [1, 2, 3]}, "dout": {"loss": 1}}'
expect 2 'inputs.pos_weight\[1\]: -2 is negative' grad_of '{"model": "bce_with_logits", "inputs": {"logits": [[1, 2], [3, 4]], "target": [[0, 1], [1, 0]], "pos_weight": [1, -2]}, "dout": {"loss": 1}}'
expect 2 "params: unknown key 'w' \(bce_with_logits takes no parameters\)" grad_of '{"model": "bce_with_logits", "params": {"w": [1]}, "inputs": {"logits": [1], "target": [1]}, "dout": {"loss": 1}}'
expect 2 "options: unknown key 'reduction'" grad_of '{"model": "bce_with_logits", "options": {"reduction": "sum"}, "inputs": {"logits": [1], "target": [1]}, "dout": {"loss": 1}}'
expect 2 "inputs: unknown key 'weight'" grad_of '{"model": "bce_with_logits", "inputs": {"logits": [1], "target": [1], "weight": [1]}, "dout": {"loss": 1}}'
# }====

# {==== Lesson 07: the loss that does not vanish ====
# At x = -6 the sigmoid says p = 0.0025 for a positive example (y = 1). MSE on p sends back
# 2 (p - y) times the sigmoid's slope p (1 - p) (from the sigmoid request); cross-entropy on
# the logit sends back p - y itself (from the bce request). Their ratio is 2 p (1 - p).
number_after() { # KEY FILE: the first number after "KEY": in gradlab's answer
	tr -d '\n ' <"$2" | sed -n "s/.*\"$1\":\[\{0,1\}\([-0-9.e]*\).*/\1/p"
}
d=$(mktemp -d)
trap 'rm -rf "$d" "$t_out"' EXIT
expect 0 '"output"' "$GRADLAB" grad tests/data/lesson07/sigmoid-confidently-wrong.json
"$GRADLAB" grad tests/data/lesson07/sigmoid-confidently-wrong.json >"$d/sig" 2>&1
"$GRADLAB" grad tests/data/lesson07/bce-confidently-wrong.json >"$d/bce" 2>&1
p=$(number_after output "$d/sig")
slope=$(number_after x "$d/sig")
ce=$(number_after logits "$d/bce")
lesson07() {
	awk -v p="$p" -v s="$slope" -v ce="$ce" 'BEGIN {
		mse = 2 * (p - 1) * s
		if (p == "" || s == "" || ce == "") { print "no numbers read"; exit 1 }
		printf "p %.6g, MSE gradient %.6g, cross-entropy gradient %.6g, ratio %.6g\n", p, mse, ce, mse / ce
		d = ce - (p - 1); if (d < 0) d = -d
		r = mse / ce - 2 * p * (1 - p); if (r < 0) r = -r
		exit !(d < 1e-15 && r < 1e-15 && mse / ce < 0.01 && p < 0.01)
	}'
}
expect 0 "ratio 0\\.00493" lesson07
# }====

finish cli_losses
