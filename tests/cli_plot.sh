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

# Figures for a slide, read in the scripts the commands write (PNG targets, so the shaded
# gaps are there; the fonts do not matter to an English plot).
# curves: f above, f' below, each on its own scale; relu' rises straight up at 0 (the two
# one-sided limits at x = 0 around relu'(0) = 0), not a ramp from the sample before.
expect 0 '' "$G" curves --plot "png:$d/c.png" --gnuplot-script "$d/c.gp"
expect 0 '^set multiplot layout 2,1 ' cat "$d/c.gp"
expect 0 "^set ylabel 'f''\(x\)'" cat "$d/c.gp"
expect 0 '[|]-0.09[0-9]* 0[|]0 0[|]0 0[|]0 1[|]0.09[0-9]* 1[|]' sh -c "tr '\n' '|' <'$d/c.gp'"
expect 0 'dt 3 pt 9' cat "$d/c.gp"
expect 0 '' "$G" curves --act relu,leaky_relu --slope 0.02 --gnuplot-script "$d/c2.gp" --plot "png:$d/c2.png"
expect 0 'leaky_relu slope 0.02' cat "$d/c2.gp"
# norms: every parameter in the subtitle; the steps truncation cut off are a labelled gap.
expect 0 '' "$G" norms --steps 100 --act linear --truncate 20 --init gaussian --seed 3 --plot "png:$d/t.png" --gnuplot-script "$d/t.gp"
expect 0 "H = 16, Gaussian W_hh, \|\|W_hh\|\| = 1, truncated BPTT \(K = 20\), seed 3'" cat "$d/t.gp"
expect 0 "title '0: cut by truncation'" cat "$d/t.gp"
expect 0 '^set object 1 rect from 1, graph 0 to 80.5, graph 1 behind' cat "$d/t.gp"
expect 1 '' grep -q clamped "$d/t.gp"
expect 0 '' "$G" norms --cell lstm --steps 10 --forget-bias 3 --gnuplot-script "$d/f.gp" --plot "png:$d/f.png"
expect 0 'per gate block, forget bias 3' cat "$d/f.gp"
# sweep: the steps lost to rounding are "no step", the exact errors "exactly 0".
expect 0 '' "$G" sweep relu --plot "png:$d/s.png" --gnuplot-script "$d/s.gp"
expect 0 "title 'single: no step \(x \+ h = x\)'" cat "$d/s.gp"
expect 0 "title 'error exactly 0'" cat "$d/s.gp"
expect 0 "'at x = 0.5'" cat "$d/s.gp"
expect 1 '' grep -q 'clamped' "$d/s.gp"
expect 0 "单精度：步长归零" "$G" sweep tanh --lang zh --plot text --plot-size 80x24
expect 0 "no step \(x \+ h = x\)" "$G" sweep tanh --plot text --plot-size 80x24
# attention: a fixed 0..1 scale, the weights in the cells, the padding keys hatched.
expect 0 '' "$G" attention --mask-last 2 --plot "png:$d/a.png" --gnuplot-script "$d/a.gp"
expect 0 '^set cbrange \[0:1\]$' cat "$d/a.gp"
expect 0 '^4 2 "masked"$' cat "$d/a.gp"
expect 0 'with boxxyerror fs pattern' cat "$d/a.gp"
expect 0 "seed 1, last 2 keys masked'" cat "$d/a.gp"
expect 0 'x masked' "$G" attention --mask-last 2 --plot text --plot-size 60x16

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
