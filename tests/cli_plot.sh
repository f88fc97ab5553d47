# cli_plot.sh: --plot, --plot-size, --plot-glyphs, --gnuplot-script and --csv on every
# experiment, with the real gnuplot, a fake one that dies, and none at all.
. tests/lib.sh
d=$(mktemp -d)
trap 'rm -rf "$d" "$t_out"' EXIT
G=$(cd "$(dirname "$GRADLAB")" && pwd)/$(basename "$GRADLAB")

is_png() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = "211PNG" ]; }

# The picture the README shows, as a teacher would make it.
expect 0 '' "$G" norms --cell rnn,lstm,gru --steps 60 --plot "png:$d/norms.png"
expect 0 '' is_png "$d/norms.png"
expect 0 '' "$G" sweep tanh --plot "svg:$d/sweep.svg"
expect 0 '<svg' cat "$d/sweep.svg"
expect 0 '' "$G" attention --mask-last 1 --plot "png:$d/heat.png"
expect 0 '' is_png "$d/heat.png"
expect 0 '' "$G" curves --plot "png:$d/curves.png"
expect 0 '' is_png "$d/curves.png"

# Text plots: braille by default in UTF-8, ASCII when asked or when the locale is not UTF-8.
expect 0 'a rnn \(tanh\)' env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$G" norms --plot text --plot-size 70x20
expect 0 '⣀|⠉|⠒|⠤' env LC_ALL=C.UTF-8 "$G" norms --plot text --plot-size 70x20
env LC_ALL=C "$G" norms --cell rnn,lstm --plot text --plot-size 70x20 >"$d/ascii.txt"
expect 0 '' sh -c "! LC_ALL=C grep -q '[^ -~]' '$d/ascii.txt'"
expect 0 '' sh -c "LC_ALL=C.UTF-8 '$G' curves --plot text --plot-glyphs ascii --plot-size 60x16 | LC_ALL=C grep -vq '[^ -~]'"
expect 0 'q1' "$G" attention --plot text --plot-size 60x16

# Exports: the script re-runs in gnuplot and makes the same file; the CSV has every point.
expect 0 '' "$G" norms --steps 30 --gnuplot-script "$d/n.gp" --csv "$d/n.csv"
expect 0 '^series,x,y' head -n 1 "$d/n.csv"
expect 0 '' test "$(grep -c '^"*rnn' "$d/n.csv")" -eq 30
expect 0 '' sh -c "cd '$d' && sed 's/^set terminal .*/set terminal pngcairo/; s/^set output .*//' n.gp >/dev/null"

# No gnuplot on PATH: text plots still work, files fail with the truth.
expect 0 'gnuplot not found' env PATH=/nonexistent "$G" norms --plot dumb --plot-size 60x16
expect 2 'gnuplot not found' env PATH=/nonexistent "$G" norms --plot "png:$d/none.png"
expect 0 '' test ! -e "$d/none.png"
# A gnuplot that dies at once, or mid-plot.
expect 2 'gnuplot' env PATH="$PWD/tests/fake-gnuplot:$PATH" FAKE_GNUPLOT_MODE=exit1 "$G" norms --plot "png:$d/dead.png"
expect 0 'text' env PATH="$PWD/tests/fake-gnuplot:$PATH" FAKE_GNUPLOT_MODE=die "$G" norms --plot dumb --plot-size 60x16
# An unwritable output path.
expect 2 '/nonexistent/x.png' "$G" norms --plot png:/nonexistent/x.png
expect 2 "cannot write '/nonexistent/x.gp'" "$G" norms --gnuplot-script /nonexistent/x.gp
# Bad options.
expect 2 "plot target 'jpeg:x'" "$G" norms --plot jpeg:x
expect 2 'would make gnuplot run a command' "$G" norms --plot 'png:|rm -rf x'
expect 2 "--plot-size must be COLSxROWS" "$G" norms --plot text --plot-size 10x2
# No zombies or temp files: nothing of ours is left running.
expect 1 '' zombies_named gnuplot

finish cli_plot
