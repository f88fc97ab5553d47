# cli_train_probe.sh: what lesson 08 added to `gradlab train`: --layer-stats and
# --grad-noise print their tables (English and Chinese) and json fields before the run, a
# probed run prints the same evaluations as an unprobed one, both are refused for the
# recurrent tasks; the plot gains a learning-rate series exactly when a schedule or a
# warmup moves the rate, and the held-out loss of every evaluation; --search grid|random.
. tests/lib.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir" "$t_out"' EXIT

mlp="--layers 3 --width 8 --batch 8 --train-size 64 --test-size 32 --lr 0.01 --iters 20"

expect 0 '^ +--layer-stats ' "$GRADLAB" train --help
expect 0 '^ +--grad-noise K ' "$GRADLAB" train --help
expect 0 "^      3  +[0-9.e+-]+  +[0-9.e+-]+$" "$GRADLAB" train spirals $mlp --layer-stats
expect 0 "^     64  +1  +0$" "$GRADLAB" train spirals $mlp --grad-noise 5
expect 0 "^     16  +4  +[0-9.e+-]+$" "$GRADLAB" train spirals $mlp --grad-noise 5
expect 0 '每周期步数' env LANG=C.UTF-8 "$GRADLAB" train spirals $mlp --grad-noise 5 --lang zh
expect 0 'h 的方差' env LANG=C.UTF-8 "$GRADLAB" train spirals $mlp --layer-stats --lang zh
expect 0 '"layer_stats": \[\{"layer": 1, "activation_variance": [0-9.e-]+, "gradient_variance": [0-9.e-]+\}' \
	"$GRADLAB" train deep $mlp --layer-stats --format json
expect 0 '"grad_noise": \[\{"batch": 1, "steps_per_epoch": 64, "noise": [0-9.e-]+\}' \
	"$GRADLAB" train spirals $mlp --grad-noise 3 --format json

# A probe leaves the run alone: the same evaluations with it and without (dropout on).
"$GRADLAB" train spirals $mlp --dropout 0.2 --format json | sed 's/"seconds": [0-9.]*//' >"$dir/a.json"
"$GRADLAB" train spirals $mlp --dropout 0.2 --layer-stats --grad-noise 4 --format json |
	sed 's/"seconds": [0-9.]*//' | grep -v '"layer_stats"\|"grad_noise"' >"$dir/b.json"
expect 0 '' cmp "$dir/a.json" "$dir/b.json"

expect 2 '--layer-stats and --grad-noise are for spirals and deep' "$GRADLAB" train adding --layer-stats
expect 2 '--layer-stats and --grad-noise are for spirals and deep' "$GRADLAB" train copy --grad-noise 3
expect 2 'grad-noise' "$GRADLAB" train spirals --grad-noise 0

# The learning rate is plotted when it moves, and only then.
"$GRADLAB" train spirals $mlp --schedule step --step-size 5 --gamma 0.5 --csv "$dir/step.csv" >/dev/null
expect 0 '^learning rate,6,0\.00500000' cat "$dir/step.csv"
"$GRADLAB" train spirals $mlp --warmup 10 --csv "$dir/warm.csv" >/dev/null
expect 0 '^learning rate,1,0\.00333' cat "$dir/warm.csv"
"$GRADLAB" train spirals $mlp --csv "$dir/flat.csv" >/dev/null
expect 0 '' sh -c '! grep -q "learning rate" "$0"' "$dir/flat.csv"
expect 0 '^learning rate,' env LANG=C.UTF-8 sh -c '"$0" train spirals '"$mlp"' --schedule cosine --lang zh --csv "$1" >/dev/null && cat "$1"' "$GRADLAB" "$dir/zh.csv"

# The held-out loss of each evaluation beside the batch loss, when there are two or more.
"$GRADLAB" train spirals $mlp --eval-every 5 --csv "$dir/held.csv" >/dev/null
expect 0 '^held-out loss,10,[0-9.e-]+$' cat "$dir/held.csv"
expect 0 '' sh -c '[ "$(grep -c "^held-out loss," "$0")" -eq 4 ]' "$dir/held.csv"
"$GRADLAB" train spirals $mlp --eval-every 0 --csv "$dir/once.csv" >/dev/null
expect 0 '' sh -c '! grep -q "^held-out loss" "$0"' "$dir/once.csv"

# {==== --search grid|random ====
small="--layers 2 --width 6 --batch 8 --train-size 48 --test-size 32 --iters 10 --act relu"
expect 0 '^grid search: 4 trials of train spirals, 10 iterations each' "$GRADLAB" train spirals $small --search grid --trials 4
expect 0 '^4 trials tried 2 different learning rates$' "$GRADLAB" train spirals $small --search grid --trials 4
expect 0 '^4 trials tried 4 different learning rates$' "$GRADLAB" train spirals $small --search random --trials 4
expect 0 '^      4        0\.01778     0\.0001778 ' "$GRADLAB" train spirals $small --search grid --trials 4
expect 0 '次试验共尝试了 2 个不同的学习率' env LANG=C.UTF-8 "$GRADLAB" train spirals $small --search grid --trials 4 --lang zh
expect 0 '"distinct_learning_rates": 4,' "$GRADLAB" train spirals $small --search random --trials 4 --format json
expect 0 '^best: trial [1-4], learning rate' "$GRADLAB" train spirals $small --search random --trials 4
# the best row is the lowest held-out loss of the table
"$GRADLAB" train spirals $small --search random --trials 4 --format json >"$dir/s.json"
expect 0 '' /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
losses = [t["test_loss"] for t in d["trials"]]
assert d["best"]["test_loss"] == min(losses), (d["best"], losses)
assert len(set(t["lr"] for t in d["trials"])) == 4' "$dir/s.json"
"$GRADLAB" train spirals $small --search grid --trials 4 --csv "$dir/grid.csv" >/dev/null
expect 0 '^weight decay 0\.00018,0\.0177827' cat "$dir/grid.csv"
expect 2 'a grid needs a square number of --trials' "$GRADLAB" train spirals $small --search grid --trials 8
expect 2 '--search chooses --lr and --weight-decay itself' "$GRADLAB" train spirals $small --search random --lr 0.1
expect 2 'it takes no --save' "$GRADLAB" train spirals $small --search random --save "$dir/x"
expect 2 'search must be one of off.grid.random' "$GRADLAB" train spirals $small --search bayes
# }====

finish cli_train_probe.sh
