# cli_charlm.sh: `gradlab train charlm` as a user runs it, on a tiny text and a few
# iterations: the table and the json final object (bits per character, perplexity, the
# unigram entropy), the same numbers twice, --save then --resume ending where one run ends
# (the carried state and the streams' position saved), a resume on another text refused,
# the Chinese lessons, a seeded sample continuing its prompt, and bad input refused with
# exit status 2 (bad UTF-8 by file and byte, temperature 0, a prompt outside the text).
. tests/lib.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir" "$t_out"' EXIT

i=0
while [ $i -lt 12 ]; do
	printf 'the gradient of the loss flows back through time; 梯度沿时间反向传播。\n' >>"$dir/t.txt"
	i=$((i + 1))
done
small="--text $dir/t.txt --hidden 6 --embed 4 --steps 8 --batch 8 --lr 0.02 --eval-every 7"

expect 0 '^text .*t\.txt: [0-9]+ characters, [0-9]+ to train on, the last [0-9]+ held out; a vocabulary of [0-9]+ characters' \
	"$GRADLAB" train charlm $small --iters 5
expect 0 'test [0-9.]+ bits per character \(perplexity [0-9.]+\); the unigram entropy of the training text is [0-9.]+ bits' \
	"$GRADLAB" train charlm $small --iters 5
expect 0 '"final": \{"status": "finished", "iterations": 20, "seconds": [0-9.]+, "train_loss": [0-9.e-]+, "test_loss": [0-9.e-]+, "baseline_loss": [0-9.e-]+, "unit": "bits per character", "perplexity": [0-9.e-]+' \
	"$GRADLAB" train charlm $small --iters 20 --format json
expect 0 'input: one-hot vectors' "$GRADLAB" train charlm $small --iters 3 --one-hot
expect 0 '"task": "charlm"' "$GRADLAB" train charlm $small --iters 3 --format json
# perplexity is 2^(bits per character).
"$GRADLAB" train charlm $small --iters 20 --format json >"$dir/p.json"
expect 0 '^ok$' python3 -c "
import json, math, sys
f = json.load(open('$dir/p.json'))['final']
print('ok' if abs(2 ** f['test_loss'] - f['perplexity']) < 1e-9 * f['perplexity'] else f)"

# {==== The same numbers twice; resuming is exact ====
"$GRADLAB" train charlm $small --iters 30 --sample 40 --format json | sed 's/"seconds": [0-9.]*//' >"$dir/a.json"
"$GRADLAB" train charlm $small --iters 30 --sample 40 --format json | sed 's/"seconds": [0-9.]*//' >"$dir/b.json"
expect 0 '' cmp "$dir/a.json" "$dir/b.json"
expect 0 '"sample": "' cat "$dir/a.json"
# Saved at 11, just after the streams restarted (10 windows of 8 fill them here): resumed
# to 30, the same as 30 at once.
"$GRADLAB" train charlm $small --iters 11 --save "$dir/run.ckpt" >/dev/null
# the position and the carried h and c, 8 x 6 each.
expect 0 '^charlm 97 0x1p\+0 ' grep '^charlm' "$dir/run.ckpt"
"$GRADLAB" train charlm $small --iters 30 --sample 40 --resume "$dir/run.ckpt" --format json |
	sed 's/"seconds": [0-9.]*//' >"$dir/r.json"
expect 0 '' sh -c "grep '\"final\"' '$dir/a.json' >'$dir/a.final'; grep '\"final\"' '$dir/r.json' >'$dir/r.final'; cmp '$dir/a.final' '$dir/r.final'"
expect 0 '' sh -c "grep '\"iter\": 28' '$dir/a.json' >'$dir/a.28'; grep '\"iter\": 28' '$dir/r.json' | sed 's/^ *{/    {/' >'$dir/r.28'; cmp '$dir/a.28' '$dir/r.28'"
sed 's/a gradient/the gradient/' "$dir/t.txt" >"$dir/t2.txt"
printf 'x' >>"$dir/t2.txt"
expect 2 'saved by another run: --text is fnv64:[0-9a-f]+ there and fnv64:[0-9a-f]+ here' \
	"$GRADLAB" train charlm --text "$dir/t2.txt" --hidden 6 --embed 4 --steps 8 --batch 8 --lr 0.02 \
	--eval-every 7 --iters 30 --resume "$dir/run.ckpt"
expect 2 'saved by another run: --one-hot is 0 there and 1 here' \
	"$GRADLAB" train charlm $small --one-hot --iters 30 --resume "$dir/run.ckpt"
# }====

# {==== Samples ====
expect 0 '^the gradient' sh -c "'$GRADLAB' train charlm $small --iters 5 --sample 30 --prompt 'the gradient' | sed -n '/^sample/{n;p;}'"
expect 0 '^sample \(30 characters, temperature 0\.5\):$' "$GRADLAB" train charlm $small --iters 5 --sample 30 --temperature 0.5
"$GRADLAB" train charlm $small --iters 5 --sample 50 --temperature 2 --seed 3 >"$dir/s1"
"$GRADLAB" train charlm $small --iters 5 --sample 50 --temperature 2 --seed 3 >"$dir/s2"
expect 0 '' sed -i 's/ in [0-9.]* s$//' "$dir/s1" "$dir/s2"
expect 0 '' cmp "$dir/s1" "$dir/s2"
# }====

# {==== The lessons, in Chinese too ====
expect 0 '^text lessons:zh: [0-9]+ characters' "$GRADLAB" train charlm --text lessons:zh --hidden 4 --embed 4 --iters 1
expect 0 '^text lessons:en: [0-9]+ characters' "$GRADLAB" train charlm --hidden 4 --embed 4 --iters 1
expect 0 '^文本 lessons:zh：' env LANG=C.UTF-8 "$GRADLAB" train charlm --text lessons:zh --hidden 4 --embed 4 --iters 1 --lang zh
# }====

# {==== Refused ====
printf 'good text\nthen \377 a bad byte\n' >"$dir/bad.txt"
expect 2 'bad\.txt: not UTF-8 at byte 15' "$GRADLAB" train charlm --text "$dir/bad.txt"
expect 2 'nothing\.txt: no such file' "$GRADLAB" train charlm --text "$dir/nothing.txt"
expect 2 "no lessons in a language 'xx'" "$GRADLAB" train charlm --text lessons:xx
expect 2 'temperature' "$GRADLAB" train charlm $small --iters 1 --sample 5 --temperature 0
expect 2 'temperature' "$GRADLAB" train charlm $small --iters 1 --sample 5 --temperature -1
expect 2 'the text has no character U\+0051' "$GRADLAB" train charlm $small --iters 1 --sample 5 --prompt 'Q'
expect 2 'too few for 8 streams' "$GRADLAB" train charlm $small --steps 200 --iters 1
expect 2 "charlm's options, not adding's" "$GRADLAB" train adding --text "$dir/t.txt"
expect 2 '--sample must be a whole number' "$GRADLAB" train charlm $small --sample 2.5
# }====

finish cli_charlm
