# cli_lessons_lab.sh: `gradlab unroll` and `gradlab bptt` as lessons 02 and 03 run them.
# Every run: line of those lessons (both languages) that uses unroll or bptt, and every value
# its vary: lines offer the learner, must exit 0; what the lessons say the output shows must
# be there; at the largest sizes no line is wider than 78 columns; bad options exit 2 naming
# the option.
. tests/lib.sh

# Print each cell's run line, then the run line with each vary: value put in. A vary line is
# "NAME = LO..HI step S" or "NAME = a|b|c"; the value replaces --NAME's or is appended.
lesson_runs() {
	awk '
	function with_opt(cmd, name, value,    n, w, i, out, done) {
		n = split(cmd, w, " ")
		out = w[1]
		for (i = 2; i <= n; i++) {
			if (w[i] == "--" name && i < n) {
				out = out " --" name " " value
				i++
				done = 1
			} else {
				out = out " " w[i]
			}
		}
		return done ? out : out " --" name " " value
	}
	function emit(    k, name, spec, v, lo, hi, st, vals, m, j) {
		if (run !~ /^(unroll|bptt)( |$)/)
			return
		print run
		for (k = 1; k <= nv; k++) {
			name = vary[k]; sub(/ *=.*/, "", name)
			spec = vary[k]; sub(/^[^=]*= */, "", spec)
			if (spec ~ /\.\./) {
				lo = spec; sub(/\.\..*/, "", lo)
				hi = spec; sub(/^[^.]*\.\./, "", hi); sub(/ .*/, "", hi)
				st = spec; sub(/.*step */, "", st)
				for (v = lo + 0; v <= hi + 1e-9; v += st)
					print with_opt(run, name, v)
			} else {
				m = split(spec, vals, "|")
				for (j = 1; j <= m; j++)
					print with_opt(run, name, vals[j])
			}
		}
	}
	/^```/ {
		if (cell) { emit(); cell = 0 }
		else if (code) code = 0
		else if ($0 ~ /^```(experiment|quiz|check) *$/) { cell = 1; run = ""; nv = 0 }
		else code = 1
		next
	}
	cell && /^run: / { run = substr($0, 6) }
	cell && /^vary: / { vary[++nv] = substr($0, 7) }
	' "$@"
}

runs=$(lesson_runs lessons/en/02-*.md lessons/en/03-*.md lessons/zh/02-*.md lessons/zh/03-*.md |
	sort -u)
n=$(printf '%s\n' "$runs" | grep -c .)
expect 0 '' test "$n" -ge 50   # the cells were found: 9 run lines and their vary values
while IFS= read -r cmd; do
	[ -n "$cmd" ] || continue
	# shellcheck disable=SC2086 # the run line is split into words, as the lesson runner does
	expect 0 '' "$GRADLAB" $cmd
done <<EOF
$runs
EOF

# What lesson 02 says its cells show.
expect 0 'parameters: H\*I \+ H\*H \+ 2H = 2\*1 \+ 2\*2 \+ 2\*2 = 10' \
	"$GRADLAB" unroll --steps 3 --hidden 2 --input 1 --seed 1 --act tanh
expect 0 'The same W_ih, W_hh, b_ih and b_hh are used at every step' "$GRADLAB" unroll
expect 0 '^folded: one cell with a loop' "$GRADLAB" unroll --steps 2
expect 0 '^ +x_4 +x_5 +x_6$' "$GRADLAB" unroll --steps 6
expect 0 'steps 4\.\.6, from h_3' "$GRADLAB" unroll --steps 6
expect 0 '= 4\*3 \+ 4\*4 \+ 2\*4 = 36' "$GRADLAB" unroll --hidden 4 --input 3
expect 0 '^unrolled: ' "$GRADLAB" unroll --view unrolled
expect 1 '' sh -c "'$GRADLAB' unroll --view unrolled | grep -q '^folded'"
expect 1 '' sh -c "'$GRADLAB' unroll --view folded | grep -q '^unrolled'"

# What lesson 03 says its cells show.
expect 0 '^  10 paths: ' "$GRADLAB" bptt --steps 4 --hidden 1 --input 1 --loss all
expect 0 '^  6 paths: ' "$GRADLAB" bptt --steps 3 --hidden 1 --input 1 --seed 1 --loss all
expect 0 '^  3 paths: .* one per use' "$GRADLAB" bptt --steps 3 --hidden 1 --input 1 --seed 1 --loss last
expect 0 'at the last step only' "$GRADLAB" bptt --steps 3 --hidden 2 --input 1 --seed 1 --loss last --act tanh
expect 0 'dL/db_ih = dL/db_hh = sum_t delta_t' "$GRADLAB" bptt --steps 4 --hidden 2 --input 1 --seed 1 --loss all --act sigmoid
expect 0 'dL/dW_hh = sum_t delta_t h_\{t-1\}\^T' "$GRADLAB" bptt
# the check cell's numbers: weight_ih[0,0] of `check rnn --steps 3 --hidden 2 --input 1 --batch 1`
expect 0 '^  \[1,1\] .* -0\.481305 +-0\.481305 +-0\.481305$' "$GRADLAB" bptt --steps 3 --hidden 2 --input 1 --seed 1 --loss all --act tanh
expect 0 'weight_ih +2x1 .*numeric -0\.48130489[0-9]*' "$GRADLAB" check rnn --steps 3 --hidden 2 --input 1 --batch 1
# with the loss at the last step, earlier steps have no direct term
expect 0 '^   2  1   0\.000000 ' "$GRADLAB" bptt --steps 3 --hidden 1 --input 1 --seed 1 --loss last

# At most 78 columns, plain ASCII outside a UTF-8 locale.
for a in tanh relu sigmoid linear; do
	expect 0 '' sh -c "LC_ALL=C '$GRADLAB' unroll --steps 6 --hidden 4 --input 3 --act $a | awk 'length > 78 { exit 1 }'"
	expect 1 '' sh -c "LC_ALL=C '$GRADLAB' unroll --steps 6 --hidden 4 --input 3 --act $a | LC_ALL=C grep -q '[^ -~]'"
	for l in last all; do
		expect 0 '' sh -c "'$GRADLAB' bptt --steps 6 --hidden 4 --input 3 --act $a --loss $l | awk 'length > 78 { exit 1 }'"
		expect 0 '' sh -c "'$GRADLAB' bptt --steps 5 --hidden 1 --input 3 --act $a --loss $l | awk 'length > 78 { exit 1 }'"
	done
done
expect 1 '' sh -c "LC_ALL=C '$GRADLAB' bptt --steps 6 --hidden 4 --input 3 | LC_ALL=C grep -q '[^ -~]'"
if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
	expect 0 "$(printf '\342\224\214')" env LC_ALL=C.UTF-8 "$GRADLAB" unroll
	expect 0 '^([0-9]|[1-6][0-9]|7[0-8])$' sh -c "LC_ALL=C.UTF-8 '$GRADLAB' unroll --steps 6 --hidden 4 --input 3 | LC_ALL=C.UTF-8 wc -L"
fi

# Help, and bad options named.
expect 0 'usage: gradlab unroll' "$GRADLAB" unroll --help
expect 0 'usage: gradlab bptt' "$GRADLAB" bptt --help
expect 0 '^  unroll ' "$GRADLAB" --help
expect 0 '^  bptt ' "$GRADLAB" --help
expect 2 "--steps must be between 1 and 6, got '7'" "$GRADLAB" unroll --steps 7
expect 2 "--hidden must be between 1 and 4, got '5'" "$GRADLAB" unroll --hidden 5
expect 2 "--input must be between 1 and 3, got '0'" "$GRADLAB" unroll --input 0
expect 2 "--act must be one of tanh\|relu\|sigmoid\|linear, got 'softplus'" "$GRADLAB" unroll --act softplus
expect 2 "--view must be one of folded\|unrolled\|both, got 'sideways'" "$GRADLAB" unroll --view sideways
expect 2 "--seed expects a non-negative whole number" "$GRADLAB" unroll --seed -3
expect 2 "--steps expects a whole number, got 'three'" "$GRADLAB" unroll --steps three
expect 2 "--steps needs a value" "$GRADLAB" unroll --steps
expect 2 "unknown option '--bogus'" "$GRADLAB" unroll --bogus 1
expect 2 "--steps must be between 1 and 6, got '0'" "$GRADLAB" bptt --steps 0
expect 2 "--hidden must be between 1 and 4, got '9'" "$GRADLAB" bptt --hidden 9
expect 2 "--input must be between 1 and 3, got '4'" "$GRADLAB" bptt --input 4
expect 2 "--loss must be one of last\|all, got 'first'" "$GRADLAB" bptt --loss first
expect 2 "--act must be one of tanh\|linear\|relu\|sigmoid, got 'elu'" "$GRADLAB" bptt --act elu
expect 2 "--show: 'bogus' is not one of" "$GRADLAB" bptt --show paths,bogus
expect 2 "unexpected argument 'rnn'" "$GRADLAB" bptt rnn

finish cli_lessons_lab
