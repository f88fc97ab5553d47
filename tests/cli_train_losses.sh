# cli_train_losses.sh: `gradlab train spirals|deep --loss softmax_mse` (lesson 07's squared
# error after a softmax) as a user runs it: named in --help and in the head line, the unit
# and baseline of a squared error, a run different from --loss mse, a checkpoint that
# resumes it exactly, and an unknown loss refused with the list and exit status 2.
. tests/lib.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir" "$t_out"' EXIT

mlp="--layers 2 --width 8 --batch 8 --train-size 32 --test-size 32 --lr 0.01 --eval-every 4"

expect 0 "softmax_mse: squared error of the softmax's" "$GRADLAB" train --help
expect 0 '^train spirals: 2 hidden layers of 8 \(tanh\), pytorch init, softmax_mse loss,' \
	"$GRADLAB" train spirals $mlp --iters 10 --loss softmax_mse
expect 0 'baseline 0\.25 \(the best constant predictor\), mean squared error$' \
	"$GRADLAB" train spirals $mlp --iters 10 --loss softmax_mse
expect 0 '"baseline_loss": 0\.25, "test_accuracy": ' \
	"$GRADLAB" train deep --layers 3 --width 4 $mlp --iters 10 --loss softmax_mse --format json
# The softmax is there: the same run with --loss mse prints other losses.
"$GRADLAB" train spirals $mlp --iters 20 --loss softmax_mse --format json | grep '"final"' |
	sed 's/"seconds": [0-9.]*//' >"$dir/s.json"
"$GRADLAB" train spirals $mlp --iters 20 --loss mse --format json | grep '"final"' |
	sed 's/"seconds": [0-9.]*//' >"$dir/m.json"
expect 1 '' cmp -s "$dir/s.json" "$dir/m.json"
# Saved after 8 iterations and resumed to 20: where one run of 20 ends.
"$GRADLAB" train spirals $mlp --iters 8 --loss softmax_mse --save "$dir/run.ckpt" >/dev/null
expect 0 'softmax_mse' cat "$dir/run.ckpt"
"$GRADLAB" train spirals $mlp --iters 20 --loss softmax_mse --resume "$dir/run.ckpt" --format json |
	grep '"final"' | sed 's/"seconds": [0-9.]*//' >"$dir/r.json"
expect 0 '' cmp "$dir/s.json" "$dir/r.json"
expect 2 "^gradlab train: --loss must be one of mse\\|cross_entropy\\|softmax_mse, got 'softmax'$" \
	"$GRADLAB" train spirals --loss softmax

finish cli_train_losses
