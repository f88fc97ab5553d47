# cli_reverse.sh: `gradlab train reverse` on tiny sizes: the table with the greedy and beam
# decodings, the json final object with test_accuracy and beam_accuracy, two runs printing
# the same numbers, --save then --resume ending where one run ends, Chinese, and bad
# options refused with exit status 2.
. tests/lib.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

small="--steps 4 --min-steps 2 --hidden 6 --batch 8 --test-size 12 --lr 0.01"

expect 0 'reverse +reverse a string' "$GRADLAB" train --help
expect 0 '^train reverse: strings of 2 to 4 digits, GRU encoder-decoder with attention, hidden 6' \
	"$GRADLAB" train reverse $small --iters 5
expect 0 '^test accuracy [0-9.]+% of whole strings reversed exactly \(greedy decoding\)' \
	"$GRADLAB" train reverse $small --iters 5
expect 0 '^decoding the 12 held-out strings: greedy [0-9.]+% right, beam search of width 3 [0-9.]+% right \(at most 8 tokens\)' \
	"$GRADLAB" train reverse $small --iters 5 --beam 3
expect 0 '^  [0-9]+  greedy [0-9]* \(log p -[0-9.]+.*\)  beam [0-9]* \(log p -[0-9.]+' \
	"$GRADLAB" train reverse $small --iters 5 --beam 3
expect 0 '"final": \{"status": "finished", "iterations": 10, "seconds": [0-9.]+, "train_loss": [0-9.e-]+, "test_loss": [0-9.e-]+, "baseline_loss": 2\.397895.*"test_accuracy": [0-9.e-]+.*"beam_width": 2, "greedy_accuracy": [0-9.e-]+, "beam_accuracy": [0-9.e-]+' \
	"$GRADLAB" train reverse $small --iters 10 --beam 2 --format json
expect 0 '"beam_examples": \[\{"index": 0, "input": "[0-9]+", "greedy": "[0-9]*", "greedy_finished": (true|false), "greedy_logp": -[0-9.e-]+, "beam": "[0-9]*"' \
	"$GRADLAB" train reverse $small --iters 10 --beam 2 --format json
# Without --beam, no beam fields.
expect 0 '' sh -c "! '$GRADLAB' train reverse $small --iters 3 --format json | grep -q beam"
# The greedy accuracy decoded string by string is the teacher-forced test_accuracy.
"$GRADLAB" train reverse $small --iters 40 --beam 2 --format json >"$dir/g.json"
expect 0 '' sh -c "a=\$(sed -n 's/.*\"test_accuracy\": \([0-9.e-]*\),.*/\1/p' '$dir/g.json'); b=\$(sed -n 's/.*\"greedy_accuracy\": \([0-9.e-]*\),.*/\1/p' '$dir/g.json'); [ -n \"\$a\" ] && [ \"\$a\" = \"\$b\" ]"

# {==== The same options, the same numbers; resuming is exact ====
run="$small --iters 24 --eval-every 5 --clip 1 --beam 2 --format json"
"$GRADLAB" train reverse $run | sed 's/"seconds": [0-9.]*//' >"$dir/a.json"
"$GRADLAB" train reverse $run | sed 's/"seconds": [0-9.]*//' >"$dir/b.json"
expect 0 '' cmp "$dir/a.json" "$dir/b.json"
expect 0 '"beam_accuracy"' cat "$dir/a.json"
"$GRADLAB" train reverse $small --iters 11 --eval-every 5 --clip 1 --save "$dir/run.ckpt" >/dev/null
expect 0 'resumed from .*run\.ckpt at iteration 11' "$GRADLAB" train reverse $small --iters 24 \
	--eval-every 5 --clip 1 --resume "$dir/run.ckpt"
"$GRADLAB" train reverse $run --resume "$dir/run.ckpt" | sed 's/"seconds": [0-9.]*//' >"$dir/r.json"
expect 0 '' sh -c "grep '\"final\"' '$dir/a.json' >'$dir/a.final'; grep '\"final\"' '$dir/r.json' >'$dir/r.final'; cmp '$dir/a.final' '$dir/r.final'"
expect 0 '' sh -c "grep '\"iter\": 20' '$dir/a.json' >'$dir/a.20'; grep '\"iter\": 20' '$dir/r.json' | sed 's/^ *{/    {/' >'$dir/r.20'; cmp '$dir/a.20' '$dir/r.20'"
expect 2 'saved by another run: --min-steps is 2 there and 3 here' "$GRADLAB" train reverse $small \
	--min-steps 3 --iters 24 --eval-every 5 --clip 1 --resume "$dir/run.ckpt"
expect 2 'saved by another run: --task is reverse there and copy here' "$GRADLAB" train copy \
	--steps 4 --hidden 6 --batch 8 --test-size 12 --lr 0.01 --iters 24 --eval-every 5 --clip 1 --resume "$dir/run.ckpt"
# }====

expect 0 '^train reverse：2 到 4 位的数字串' env LANG=C.UTF-8 "$GRADLAB" train reverse $small --iters 3 --lang zh
expect 0 '贪心解码正确率' env LANG=C.UTF-8 "$GRADLAB" train reverse $small --iters 3 --beam 2 --lang zh

# {==== Bad options ====
expect 2 'reverse needs strings of 1 to 100 digits, the shortest \(5\) no longer than the longest \(4\)' \
	"$GRADLAB" train reverse $small --min-steps 5
expect 2 '--beam' "$GRADLAB" train reverse $small --beam 0
expect 2 '--beam' "$GRADLAB" train reverse $small --beam 65
expect 2 '--beam is for the reverse task' "$GRADLAB" train copy --beam 2
expect 2 '--min-steps is for the reverse task' "$GRADLAB" train adding --min-steps 2
expect 2 'reverse needs strings of 1 to 100 digits' "$GRADLAB" train reverse --steps 101
# }====
finish cli_reverse.sh
