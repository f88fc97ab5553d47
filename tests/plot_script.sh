# plot_script.sh: the gnuplot scripts gradlab writes (--gnuplot-script FILE) run again on
# their own with `gnuplot FILE`, quietly, and draw what they say: a 1000x600 PNG, SVGs, a
# text plot; a file name with a quote and a backquote is written as named and runs nothing;
# the CSV has one row per point. The scripts come from `test_plot_script --write-demo DIR`.
. tests/lib.sh

demo=$(dirname "$GRADLAB")/tests/test_plot_script
if ! command -v gnuplot >/dev/null 2>&1; then
	echo "plot_script.sh: gnuplot is not installed; skipped"
	exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir" "$t_out"' EXIT

expect 0 '' "$demo" --write-demo "$dir"

# Each script runs without a word on stderr and leaves its output complete.
quiet() {
	out=$(cd "$dir" && gnuplot "$1" 2>&1)
	if [ -n "$out" ]; then
		echo "FAIL: gnuplot $1 printed:"
		printf '%s\n' "$out" | sed 's/^/    /' | head -n 8
		t_fail=$((t_fail + 1))
	else
		t_pass=$((t_pass + 1))
	fi
}
for s in norms.gp norms.svg.gp heat.gp heat.png.gp quote.gp panels.gp gaps.gp; do
	quiet "$s"
done
# The text scripts print their plot, and nothing on stderr.
for s in norms.txt.gp panels.txt.gp gaps.txt.gp; do
	expect 0 '' sh -c "out=\$(cd '$dir' && gnuplot '$s' 2>&1 >/dev/null) && echo \"\$out\" && [ -z \"\$out\" ]"
done

expect 0 '^ *89 50 4e 47 0d 0a 1a 0a$' od -An -tx1 -N8 "$dir/norms.png"
expect 0 '</svg>' tail -n 2 "$dir/norms.svg"
expect 0 'attention weights' cat "$dir/heat.svg"
# The size, from the PNG header (bytes 16 to 23: width and height, big-endian), with od
# rather than ImageMagick's identify, which make test does not install.
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d\n", $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}
expect 0 '^1000x600$' png_size "$dir/norms.png"
expect 0 '^1000x600$' png_size "$dir/heat.png"
expect 0 '^1000x600$' png_size "$dir/it's a\`touch pwned\`.png"
# The backquote stayed part of the name: nothing ran.
expect 1 '' test -e "$dir/pwned"
expect 1 '' test -e pwned

# The text script draws to standard output: ticks like 1e-20, and the zero as a gap with
# its note, not a clamped point.
expect 0 '1e-20' gnuplot "$dir/norms.txt.gp"
expect 0 'exactly 0 \(a gap: log axis\)' gnuplot "$dir/norms.txt.gp"
expect 1 '' sh -c "gnuplot '$dir/norms.txt.gp' | grep clamped"
# Two panels, a function above its derivative, each with its key; a sweep's lost steps and
# exact errors named as such.
expect 0 "f'\\(x\\)" gnuplot "$dir/panels.txt.gp"
expect 0 "relu' " gnuplot "$dir/panels.txt.gp"
expect 0 '^1000x600$' png_size "$dir/panels.png"
expect 0 'no step \(x \+ h = x\)' gnuplot "$dir/gaps.txt.gp"
expect 0 'error exactly 0' gnuplot "$dir/gaps.txt.gp"
expect 0 '^1000x600$' png_size "$dir/gaps.png"

expect 0 '^series,x,y$' head -n 1 "$dir/norms.csv"
expect 0 '^181$' sh -c "wc -l <'$dir/norms.csv'"
expect 0 '^"RNN, W_hh x 1.5",0,1$' grep -F '"RNN, W_hh x 1.5",0,1' "$dir/norms.csv"
expect 0 '^vanilla RNN \(tanh\),45,0$' grep '^vanilla RNN (tanh),45,' "$dir/norms.csv"
expect 0 '^query \\ key,the,cat,sat,on,the,mat$' head -n 1 "$dir/heat.csv"

finish "plot_script.sh"
