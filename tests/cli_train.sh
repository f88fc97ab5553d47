# cli_train.sh: `gradlab train` as a user runs it, on tiny sizes: the table and the json
# final object, two runs printing the same numbers, --save then --resume ending where one
# run ends, checkpoints refused when cut short, changed or made by another run, a diverged
# run reported as a result, zero initialisation named, the CSV log, no progress line in a
# pipe, Chinese, a stop signal ending a run with its checkpoint saved, and bad options
# refused with exit status 2.
. tests/lib.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir" "$t_out"' EXIT

small="--steps 5 --hidden 4 --batch 8 --test-size 16 --lr 0.01"
mlp="--layers 2 --width 8 --batch 8 --train-size 32 --test-size 32 --lr 0.01"

expect 0 '^usage: gradlab train TASK' "$GRADLAB" train --help
expect 0 'train +train a network' "$GRADLAB" --help
expect 0 '^finished: 20 iterations' "$GRADLAB" train adding $small --iters 20
expect 0 'baseline 0\.166667 \(the best constant predictor\), mean squared error' \
	"$GRADLAB" train adding $small --iters 20
expect 0 'test accuracy [0-9.]+% \(chance 12\.5%\)' "$GRADLAB" train copy $small --iters 10
expect 0 'test accuracy [0-9.]+% \(chance 50\.0%\)' "$GRADLAB" train spirals $mlp --iters 10
expect 0 '"final": \{"status": "finished", "iterations": 20, "seconds": [0-9.]+, "train_loss": [0-9.e-]+, "test_loss": [0-9.e-]+, "baseline_loss": 0\.1666' \
	"$GRADLAB" train adding $small --iters 20 --format json
expect 0 '"test_accuracy": ' "$GRADLAB" train spirals $mlp --iters 10 --format json
expect 0 '^ +1 +[0-9.e-]+ +[0-9.e-]+$' "$GRADLAB" train deep --layers 4 --width 4 --train-size 16 --test-size 16 --iters 5

# {==== The same options, the same numbers; resuming is exact ====
# seconds aside, the output of two runs is the same byte for byte.
"$GRADLAB" train adding $small --iters 30 --eval-every 7 --clip 0.5 --format json |
	sed 's/"seconds": [0-9.]*//' >"$dir/a.json"
"$GRADLAB" train adding $small --iters 30 --eval-every 7 --clip 0.5 --format json |
	sed 's/"seconds": [0-9.]*//' >"$dir/b.json"
expect 0 '' cmp "$dir/a.json" "$dir/b.json"
expect 0 '"test_loss"' cat "$dir/a.json"

"$GRADLAB" train adding $small --iters 12 --eval-every 7 --clip 0.5 --save "$dir/run.ckpt" >/dev/null
expect 0 'resumed from .*run\.ckpt at iteration 12' "$GRADLAB" train adding $small --iters 30 \
	--eval-every 7 --clip 0.5 --resume "$dir/run.ckpt"
"$GRADLAB" train adding $small --iters 30 --eval-every 7 --clip 0.5 --resume "$dir/run.ckpt" \
	--format json | sed 's/"seconds": [0-9.]*//' >"$dir/r.json"
# The resumed run prints the evaluations after 12 only; the final objects are the same.
expect 0 '' sh -c "grep '\"final\"' '$dir/a.json' >'$dir/a.final'; grep '\"final\"' '$dir/r.json' >'$dir/r.final'; cmp '$dir/a.final' '$dir/r.final'"
expect 0 '' sh -c "grep '\"iter\": 28' '$dir/a.json' >'$dir/a.28'; grep '\"iter\": 28' '$dir/r.json' | sed 's/^ *{/    {/' >'$dir/r.28'; cmp '$dir/a.28' '$dir/r.28'"
# }====

# {==== Checkpoints refused ====
head -c 300 "$dir/run.ckpt" >"$dir/cut.ckpt"
expect 2 'cut\.ckpt is truncated' "$GRADLAB" train adding $small --iters 30 --eval-every 7 --clip 0.5 --resume "$dir/cut.ckpt"
sed 's/^iter 12$/iter 13/' "$dir/run.ckpt" >"$dir/bad.ckpt"
expect 2 'bad\.ckpt is corrupted: its checksum does not match' "$GRADLAB" train adding $small --iters 30 --eval-every 7 --clip 0.5 --resume "$dir/bad.ckpt"
expect 2 'saved by another run: --hidden is 4 there and 6 here' "$GRADLAB" train adding $small --hidden 6 --iters 30 --eval-every 7 --clip 0.5 --resume "$dir/run.ckpt"
expect 2 'not a gradlab training checkpoint' "$GRADLAB" train adding $small --resume /etc/hostname
expect 2 'nothing\.ckpt: no such file' "$GRADLAB" train adding $small --resume "$dir/nothing.ckpt"
expect 0 '' sh -c "! ls '$dir' | grep -q tmp"
# }====

# {==== Results worth showing ====
expect 0 '^diverged at iteration [0-9]+: the (loss|gradient) was not finite; the last finite gradient norm was [0-9]' \
	"$GRADLAB" train spirals $mlp --loss mse --act relu --optimizer sgd --lr 1e6 --iters 50
expect 0 '"status": "diverged", .*"diverged_at": [0-9]+, "diverged_in": "(loss|gradient)", "last_finite_grad_norm": [0-9]' \
	"$GRADLAB" train spirals $mlp --loss mse --act relu --optimizer sgd --lr 1e6 --iters 50 --format json
expect 0 'every hidden unit is identical' "$GRADLAB" train spirals $mlp --init zeros --iters 10
expect 0 '"identical_units": true' "$GRADLAB" train spirals $mlp --init zeros --iters 10 --format json
expect 0 '"identical_units": false' "$GRADLAB" train spirals $mlp --iters 10 --format json
expect 0 '^stopped early at iteration [0-9]+' "$GRADLAB" train spirals --layers 2 --width 64 --train-size 20 \
	--noise 0.2 --test-size 64 --lr 0.05 --iters 3000 --eval-every 10 --early-stop 5
# }====

# {==== The log, the progress line, the language ====
"$GRADLAB" train adding $small --iters 6 --log "$dir/log.csv" >"$dir/out.txt" 2>"$dir/err.txt"
expect 0 '^iter,loss,grad_norm,lr,seconds$' head -n 1 "$dir/log.csv"
expect 0 '^7$' sh -c "wc -l <'$dir/log.csv'"
expect 0 '^6,[0-9.e-]+,[0-9.e-]+,0\.01,[0-9.]+$' tail -n 1 "$dir/log.csv"
expect 0 '' sh -c "! grep -q 'it/s' '$dir/out.txt' '$dir/err.txt'"
expect 0 '^完成：20 次迭代' env LANG=C.UTF-8 "$GRADLAB" train adding $small --iters 20 --lang zh
expect 0 '' sh -c "'$GRADLAB' train adding $small --iters 20 --plot text --plot-size 60x16 | grep -q 'gradient norm'"
# }====

# {==== A stop signal: the run stops, says where, and its checkpoint resumes ====
"$GRADLAB" train adding $small --iters 100000000 --eval-every 0 --log "$dir/int.csv" \
	--save "$dir/int.ckpt" >"$dir/int.out" 2>&1 &
pid=$!
logged() { [ "$(wc -l <"$dir/int.csv" 2>/dev/null || echo 0)" -gt 5 ]; }
expect 0 '' wait_until 60 logged
kill -TERM "$pid" # (a background job of sh ignores SIGINT)
expect 0 '' wait_until 60 proc_ended "$pid"
kill -KILL "$pid" 2>/dev/null
wait "$pid"
rc=$?
expect 0 '^143$' echo "$rc"
expect 0 '^interrupted at iteration [0-9]+' cat "$dir/int.out"
expect 0 'saved .*int\.ckpt at iteration' cat "$dir/int.out"
expect 0 'resumed from' "$GRADLAB" train adding $small --iters 1 --eval-every 0 \
	--resume "$dir/int.ckpt"
# }====

# {==== Bad options ====
expect 2 'name a task' "$GRADLAB" train
expect 2 "unknown task 'addng'" "$GRADLAB" train addng
expect 2 'cell' "$GRADLAB" train adding --cell lstn
expect 2 'init must be one of' "$GRADLAB" train spirals --init zero
expect 2 '--beta2 1 is not allowed for adam' "$GRADLAB" train adding --beta2 1
expect 2 '--schedule step needs --step-size' "$GRADLAB" train adding --schedule step
expect 2 '--iters must be a whole number' "$GRADLAB" train adding --iters 2.5
expect 2 '--early-stop needs --eval-every' "$GRADLAB" train adding --early-stop 3 --eval-every 0
expect 2 '--log /nonexistent/x.csv' "$GRADLAB" train adding $small --iters 2 --log /nonexistent/x.csv
# }====

finish cli_train.sh
