# cli_lessons_show.sh: `gradlab lessons --show` prints prose as the book draws it, without
# Markdown's emphasis markers (*word*, **word**, `word`), and leaves the stars of maths and
# the lines of code blocks and commands as written.
. tests/lib.sh

book=tests/data/book
expect 0 '^A gate multiplies what flows' "$GRADLAB" lessons --show 01 --dir $book
expect 0 'a gate that is almost closed lets' "$GRADLAB" lessons --show 01 --dir $book
expect 0 '^    tanh and its derivative' "$GRADLAB" lessons --show 01 --dir $book
expect 0 '所以一个几乎关闭的门' "$GRADLAB" lessons --show 01 --dir $book --lang zh
expect 0 '^    tanh 及其导数' "$GRADLAB" lessons --show 01 --dir $book --lang zh
# No marker left in the prose of either language.
expect 1 '' sh -c "'$GRADLAB' lessons --show 01 --dir $book | grep -E '[*\`]'"
expect 1 '' sh -c "'$GRADLAB' lessons --show 01 --dir $book --lang zh | grep -E '[*\`]'"

# A lesson of maths: a product and a starred name stay; a code line is not prose.
dir=$(mktemp -d)
trap 'rm -rf "$dir" "$t_out"' EXIT
mkdir -p "$dir/en" "$dir/zh"
cat >"$dir/en/01-stars.md" <<'MD'
# Stars

The optimum W* minimises L; a * b is a product, and *this* is emphasis.

```math
y = a*b*c
```
MD
cp "$dir/en/01-stars.md" "$dir/zh/01-stars.md"
expect 0 '^The optimum W\* minimises L; a \* b is a product, and this is emphasis\.$' \
	"$GRADLAB" lessons --show 01 --dir "$dir"
expect 0 '^    y = a\*b\*c$' "$GRADLAB" lessons --show 01 --dir "$dir"

finish cli_lessons_show
