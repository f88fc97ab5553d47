# lang_one_list.sh: a language is named in one place, src/core/lang.h's LANG_LIST, so that a
# third language is that list's line and one more text in each message table's rows. This
# reads every file of src/ without its comments (the compiler's preprocessor strips them and
# expands nothing) and, in the message tables, without their string literals (the texts,
# which are in the languages), and fails on any language code, identifier or per-table
# language count left: "zh", title_zh, CLI_ZH, UI_EXTRA_LANGS, "en|zh". English is the base
# every table falls back to (LANG_EN), not a choice, so "en" is not looked for.
. tests/lib.sh

# gcc's preprocessor (clang has no -fpreprocessed): comments out, nothing included or
# expanded; -P: no line markers.
strip_cc=$(command -v gcc || echo cc)
cpp_strip() {
	"$strip_cc" -fpreprocessed -dD -E -P -x c "$1"
}

pattern='\bzh\b|_zh\b|\bzh_|\bZH\b|_ZH\b|\bZH_|\b[A-Z]+_EXTRA_LANGS\b|\b[A-Z]+_N_LANGS\b'
tables='src/cli/cli_msg.c src/ui/strings.c src/plot/plot_msg.c src/check/check_msg.c src/grade/grade_msg.c'

t_dir=$(mktemp -d)
found="$t_dir/found"
: >"$found"
n=0
for f in $(find src -name '*.[ch]' | sort); do
	[ "$f" = src/core/lang.h ] && continue
	if ! cpp_strip "$f" >"$t_dir/code" 2>"$t_dir/err"; then
		echo "FAIL: cannot strip the comments of $f:"
		sed 's/^/    /' "$t_dir/err" | head -n 4
		t_fail=$((t_fail + 1))
		continue
	fi
	case " $tables " in
	*" $f "*) sed -E 's/"([^"\\]|\\.)*"//g' "$t_dir/code" >"$t_dir/code2" && mv "$t_dir/code2" "$t_dir/code" ;;
	esac
	grep -nE "$pattern" "$t_dir/code" | sed "s|^|$f: |" >>"$found"
	n=$((n + 1))
done
# The scan read the tree: every table and the commands are among the files.
expect 0 '' test "$n" -gt 100
if [ -s "$found" ]; then
	echo "FAIL: a language is named outside src/core/lang.h (line numbers without comments):"
	sed 's/^/    /' "$found" | head -n 20
	t_fail=$((t_fail + 1))
else
	t_pass=$((t_pass + 1))
fi

# The scan finds what it looks for: a file naming a language the old ways.
printf '/* "zh" in a comment is fine */\nint lang = strcmp(s, "zh") == 0;\n' >"$t_dir/a.c"
printf 'static const char *c = "en|zh";\nint x = CLI_ZH + UI_N_LANGS;\nchar title_zh[9];\n' >"$t_dir/b.c"
expect 0 '' test "$(cpp_strip "$t_dir/a.c" | grep -cE "$pattern")" -eq 1
expect 0 '' test "$(cpp_strip "$t_dir/b.c" | grep -cE "$pattern")" -eq 3

# What the list derives, in the built program: --lang's choices and its refusal.
expect 0 '--lang LANG +language of the table and the plot \(default en\)' "$GRADLAB" relu --help
expect 2 "--lang must be one of en\|zh, got 'xx'" "$GRADLAB" relu --lang xx
expect 0 '^usage: gradlab lessons \[--lint \| --show NN\] \[--lang en\|zh\] \[--dir DIR\]' "$GRADLAB" lessons --help
expect 0 'DIR/en and DIR/zh' "$GRADLAB" lessons --help

rm -r "$t_dir"
finish lang_one_list
