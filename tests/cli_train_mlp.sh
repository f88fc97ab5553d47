# cli_train_mlp.sh: `gradlab train spirals|deep` with --dropout, --batch-norm and --init
# orthogonal, on tiny sizes: the options named in the head line, the json final object, two
# runs printing the same numbers, --save then --resume with both on ending where one run
# ends, a checkpoint refused by a run with other --dropout or --batch-norm, zero
# initialisation named in English and Chinese (and dropout telling the units apart), deep's
# per-layer gradient norms, and bad values refused with exit status 2.
. tests/lib.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir" "$t_out"' EXIT

mlp="--layers 2 --width 8 --batch 8 --train-size 32 --test-size 32 --lr 0.01"

expect 0 '^ +--dropout P ' "$GRADLAB" train --help
expect 0 '^ +--batch-norm ' "$GRADLAB" train --help
expect 0 '^train spirals: 2 hidden layers of 8 \(tanh\), pytorch init, .*, dropout 0\.3, batch norm, seed 1$' \
	"$GRADLAB" train spirals $mlp --iters 10 --dropout 0.3 --batch-norm
expect 0 '，dropout 概率 0\.3，批归一化，随机种子 1$' \
	env LANG=C.UTF-8 "$GRADLAB" train spirals $mlp --iters 10 --dropout 0.3 --batch-norm --lang zh
expect 0 '"final": \{"status": "finished", "iterations": 20, .*"test_loss": [0-9.e-]+, "baseline_loss": 0\.69314718055994529, "test_accuracy": [0-9.]+' \
	"$GRADLAB" train spirals $mlp --iters 20 --dropout 0.3 --batch-norm --format json
expect 0 ', orthogonal init,' "$GRADLAB" train spirals $mlp --iters 5 --init orthogonal
expect 0 '"status": "finished"' "$GRADLAB" train deep --layers 6 --width 4 --train-size 16 --test-size 16 \
	--iters 5 --init orthogonal --batch-norm --format json

# {==== The same options, the same numbers; resuming is exact ====
both="$mlp --dropout 0.25 --batch-norm --eval-every 5 --early-stop 50"
"$GRADLAB" train spirals $both --iters 30 --format json | sed 's/"seconds": [0-9.]*//' >"$dir/a.json"
"$GRADLAB" train spirals $both --iters 30 --format json | sed 's/"seconds": [0-9.]*//' >"$dir/b.json"
expect 0 '' cmp "$dir/a.json" "$dir/b.json"
# Without the masks, other numbers: dropout did something.
"$GRADLAB" train spirals $mlp --batch-norm --eval-every 5 --early-stop 50 --iters 30 --format json |
	sed 's/"seconds": [0-9.]*//' >"$dir/c.json"
expect 1 '' cmp -s "$dir/a.json" "$dir/c.json"
"$GRADLAB" train spirals $both --iters 12 --save "$dir/run.ckpt" >/dev/null
expect 0 '^buffer bn1\.running_var 8 ' cat "$dir/run.ckpt"
expect 0 '^dropout-rng 8 ' cat "$dir/run.ckpt"
"$GRADLAB" train spirals $both --iters 30 --resume "$dir/run.ckpt" --format json |
	sed 's/"seconds": [0-9.]*//' >"$dir/r.json"
expect 0 '' sh -c "grep '\"final\"' '$dir/a.json' >'$dir/a.final'; grep '\"final\"' '$dir/r.json' >'$dir/r.final'; cmp '$dir/a.final' '$dir/r.final'"
expect 2 'saved by another run: --dropout is 0\.25 there and 0\.5 here' "$GRADLAB" train spirals $mlp \
	--dropout 0.5 --batch-norm --eval-every 5 --early-stop 50 --iters 30 --resume "$dir/run.ckpt"
expect 2 'saved by another run: --batch-norm is 1 there and 0 here' "$GRADLAB" train spirals $mlp \
	--dropout 0.25 --eval-every 5 --early-stop 50 --iters 30 --resume "$dir/run.ckpt"
# }====

# {==== Zero initialisation, deep's gradient norms ====
expect 0 '^every hidden unit is identical: zero initialisation' "$GRADLAB" train spirals $mlp \
	--init zeros --act sigmoid --iters 20
expect 0 '^每个隐藏单元都完全相同' env LANG=C.UTF-8 "$GRADLAB" train spirals $mlp --init zeros \
	--act sigmoid --iters 20 --lang zh
expect 0 '"identical_units": true' "$GRADLAB" train spirals $mlp --init zeros --act sigmoid \
	--batch-norm --iters 20 --format json
expect 0 "^every hidden unit was identical at initialisation; dropout's random masks" \
	"$GRADLAB" train spirals $mlp --init zeros --act sigmoid --dropout 0.5 --iters 20
expect 0 '^初始化时每个隐藏单元都完全相同；dropout' env LANG=C.UTF-8 "$GRADLAB" train spirals $mlp \
	--init zeros --act sigmoid --dropout 0.5 --iters 20 --lang zh
expect 0 '"identical_units": false' "$GRADLAB" train spirals $mlp --init zeros --act sigmoid \
	--dropout 0.5 --iters 20 --format json
deep="--layers 8 --width 4 --train-size 16 --test-size 16 --iters 4 --eval-every 2"
expect 0 '^ +9 +[0-9.e-]+ +[0-9.e-]+$' "$GRADLAB" train deep $deep --batch-norm
# While it trains, each evaluation's row holds the first layer's and the output's gradient.
expect 0 'accuracy  grad layer 1   grad output$' "$GRADLAB" train deep $deep
expect 0 '^ +4 +[0-9.e-]+ +[0-9.e-]+ +[0-9.]+% +[0-9.e-]+ +[0-9.e-]+$' "$GRADLAB" train deep $deep
expect 0 '第1层梯度' env LANG=C.UTF-8 "$GRADLAB" train deep $deep --lang zh
expect 0 '"layer_grad_norms": \{"init": \[[0-9.e-]+(, [0-9.e-]+){8}\], "last": \[' \
	"$GRADLAB" train deep $deep --batch-norm --format json
expect 0 '"iter": 2, .*"layer_grad_norms": \[[0-9.e-]+(, [0-9.e-]+){8}\]' \
	"$GRADLAB" train deep $deep --format json
# }====

# {==== Bad options ====
expect 2 '--dropout must be below 1' "$GRADLAB" train spirals --dropout 1
expect 2 '--dropout must be between 0 and 1' "$GRADLAB" train spirals --dropout -0.1
expect 2 '--dropout must be between 0 and 1' "$GRADLAB" train deep --dropout 1.5
expect 2 '--dropout' "$GRADLAB" train spirals --dropout half
expect 2 '--batch-norm needs --batch 2 or more' "$GRADLAB" train spirals --batch-norm --batch 1
expect 2 '--dropout and --batch-norm are for spirals and deep' "$GRADLAB" train adding --dropout 0.2
expect 2 '--dropout and --batch-norm are for spirals and deep' "$GRADLAB" train copy --batch-norm
# }====

finish cli_train_mlp.sh
