# cli_plurals.sh: counts in English output take the singular for one and the plural for two
# (plural_en): "1 tensor" and "2 tensors", "1 query" and "2 queries", in the checker's, the
# labs', the lesson lint's and the grader's words.
. tests/lib.sh

G=$GRADLAB
expect 0 'PASS: 1 value in 1 tensor agrees \(' "$G" check sigmoid --batch 1 --input 1
expect 0 'PASS: 2 values in 1 tensor agree \(' "$G" check sigmoid --batch 1 --input 2
expect 0 'PASS: 3 values in 3 tensors agree \(' "$G" check linear --batch 1 --input 1 --output 1
expect 0 'PASS: 1 random direction agrees' "$G" check mlp --fast 1
expect 0 'PASS: 2 random directions agree' "$G" check mlp --fast 2
expect 0 'scores: 1 query, 2 keys,' "$G" attention --queries 1 --keys 2
expect 0 'scores: 2 queries, 1 key,' "$G" attention --queries 2 --keys 1
expect 0 'T = 1 step, H = 1 hidden unit, I = 1 input,' "$G" unroll --steps 1 --hidden 1 --input 1
expect 0 'T = 2 steps, H = 2 hidden units, I = 2 inputs,' "$G" unroll --steps 2 --hidden 2 --input 2
expect 0 '^gradient norms over 1 step ' "$G" norms --steps 1
expect 0 '^gradient norms over 2 steps ' "$G" norms --steps 2

work=$(mktemp -d)
trap 'rm -rf "$work" "$t_out"' EXIT
mkdir -p "$work/one/en" "$work/one/zh"
cp tests/data/book/en/02-short.md "$work/one/en/"
cp tests/data/book/zh/02-short.md "$work/one/zh/"
expect 0 '^1 lesson, 0 problems$' "$G" lessons --lint --dir "$work/one"
expect 0 '^2 lessons, 0 problems$' "$G" lessons --lint --dir tests/data/book
touch "$work/one/en/bad.md"   # one problem: not a lesson file name
expect 1 '^1 lesson, 1 problem$' "$G" lessons --lint --dir "$work/one"
# The languages compared: a cell against none, two against one.
rm "$work/one/en/bad.md"
cell='```check
run: check sigmoid --batch 1 --input 1
```'
printf '%s\n\n%s\n' "$(cat tests/data/book/zh/02-short.md)" "$cell" >"$work/one/zh/02-short.md"
expect 1 ': 1 cell here, 0 in ' "$G" lessons --lint --dir "$work/one"
printf '%s\n\n%s\n\n%s\n' "$(cat tests/data/book/en/02-short.md)" "$cell" "$cell" \
	>"$work/one/en/02-short.md"
expect 1 ': 1 cell here, 2 in |: 2 cells here, 1 in ' "$G" lessons --lint --dir "$work/one"

expect 0 '2 of 2 exercises pass' "$G" grade --solutions activations softmax_xent
mkdir -p "$work/class/ann"
cp solutions/01_activations.c "$work/class/ann/"
expect 0 ' 1 of 1 exercise passes' "$G" grade --class "$work/class" activations
expect 0 '^1 student, 1 exercise each' "$G" grade --class "$work/class" activations
mkdir -p "$work/class/bob"
expect 1 '^2 students, 1 exercise each' "$G" grade --class "$work/class" activations
expect 1 ' 0 of 1 exercise passes$' "$G" grade --class "$work/class" activations

finish cli_plurals
