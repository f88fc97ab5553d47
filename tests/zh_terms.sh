# zh_terms.sh: the Chinese strings outside the lessons use the glossary's terms. The glossary
# (lessons/README.md, "## Glossary") lists per concept the one Chinese term and the names that
# are refused; `gradlab lessons --lint` holds the Chinese lessons to it, and this test holds
# every line with Chinese in src/, exercises/ and solutions/ to it (the command output, the
# grader's messages, the exercises' tasks and hints). As in the lint, a refused name in
# brackets right after its term, 独热（one-hot）, is a gloss and allowed.
. tests/lib.sh

t_glossary=lessons/README.md

# The refused names, one a line: "name<TAB>term<TAB>English". The header row is the row above
# the |---| line, as the lint reads it.
refused_names() {
	LC_ALL=C awk '
	function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
	function emit(row,   c, n, i, k, names) {
		n = split(row, c, "|")
		if (n < 4) return
		gsub(/\357\274\214|\343\200\201/, ",", c[4])   # 、 and ， separate too
		k = split(c[4], names, ",")
		for (i = 1; i <= k; i++)
			if (trim(names[i]) != "")
				printf "%s\t%s\t%s\n", trim(names[i]), trim(c[3]), trim(c[2])
	}
	/^## Glossary/ { on = 1; next }
	/^##? / { if (held != "") emit(held); held = ""; on = 0 }
	!on { next }
	/^\|[-:| \t]+\|?[ \t]*$/ { held = ""; next }
	/^\|/ { if (held != "") emit(held); held = $0; next }
	{ if (held != "") emit(held); held = "" }
	END { if (held != "") emit(held) }
	' "$1"
}

# check_terms NAMES FILE...: print "file:line: 'name' is not the glossary's term for ...:
# write 'term'" for each refused name on a line that holds Chinese; status 1 if any.
check_terms() {
	t_names=$1
	shift
	LC_ALL=C awk -F'\t' -v names="$t_names" '
	BEGIN {
		while ((getline l < names) > 0) {
			split(l, f, "\t")
			n++; name[n] = f[1]; term[n] = f[2]; en[n] = f[3]
		}
		bad = 0
	}
	# Chinese: a three-byte UTF-8 character from U+4E00 to U+9FFF.
	!/[\344-\351][\200-\277][\200-\277]/ { next }
	{
		for (i = 1; i <= n; i++) {
			line = $0
			# A gloss of the term is allowed: "term（name）", "term(name)", "term (name)".
			for (;;) {
				g = term[i] "\357\274\210" name[i]; p = index(line, g)
				if (!p) { g = term[i] "(" name[i]; p = index(line, g) }
				if (!p) { g = term[i] " (" name[i]; p = index(line, g) }
				if (!p) break
				line = substr(line, 1, p - 1) term[i] "#" substr(line, p + length(g))
			}
			if (index(line, name[i])) {
				printf "%s:%d: '\''%s'\'' is not the glossary'\''s term for %s: write '\''%s'\''\n", FILENAME, FNR, name[i], en[i], term[i]
				bad = 1
			}
		}
	}
	END { exit bad }
	' "$@"
}

t_dir=$(mktemp -d)
refused_names "$t_glossary" >"$t_dir/names"

# The glossary is read: it has rows, and the ones the brief names are there.
for t_want in '隐藏状态	隐状态' 'one-hot	独热' '梯度检查	梯度检验' '梯度校验	梯度检验'; do
	if grep -q "^$t_want	" "$t_dir/names"; then
		t_pass=$((t_pass + 1))
	else
		echo "FAIL: $t_glossary does not refuse '${t_want%%	*}' for '${t_want#*	}'"
		t_fail=$((t_fail + 1))
	fi
done

# The check finds what it is for: every refused name on a Chinese line of a C file is
# reported at its line, a gloss is not, and a line without Chinese is not held to it.
mkdir "$t_dir/src"
: >"$t_dir/src/x.c"
while IFS='	' read -r t_name _; do
	printf 'fprintf(out, "中文 %s\\n");\n' "$t_name" >>"$t_dir/src/x.c"
done <"$t_dir/names"
t_n=$(wc -l <"$t_dir/names")
printf 'fprintf(out, "使用独热（one-hot）向量");\n' >>"$t_dir/src/x.c"
printf 'fprintf(out, "a one-hot vector");\n' >>"$t_dir/src/x.c"
check_terms "$t_dir/names" "$t_dir/src/x.c" >"$t_out" 2>&1
t_rc=$?
t_got=$(grep "is not the glossary's term" "$t_out" | cut -d: -f2 | sort -u | wc -l)
if [ "$t_rc" -eq 1 ] && [ "$t_got" -eq "$t_n" ] &&
	grep -q "^$t_dir/src/x.c:1: '[^']*' is not the glossary's term for .*: write '" "$t_out" &&
	! grep -q ":$((t_n + 1)):\|:$((t_n + 2)):" "$t_out"; then
	t_pass=$((t_pass + 1))
else
	echo "FAIL: the check of refused names reported $t_got of the $t_n lines (exit $t_rc):"
	sed 's/^/    /' "$t_out" | head -n 20
	t_fail=$((t_fail + 1))
fi

# The real strings.
find src exercises solutions -type f \( -name '*.c' -o -name '*.h' -o -name '*.list' -o -name '*.md' \) |
	sort >"$t_dir/files"
# shellcheck disable=SC2046 # file names without spaces, one a word
check_terms "$t_dir/names" $(cat "$t_dir/files") >"$t_out" 2>&1
t_rc=$?
if [ "$t_rc" -eq 0 ] && [ -s "$t_dir/files" ]; then
	t_pass=$((t_pass + 1))
else
	echo "FAIL: Chinese strings in src/, exercises/ or solutions/ use names the glossary refuses:"
	sed 's/^/    /' "$t_out"
	t_fail=$((t_fail + 1))
fi
rm -r "$t_dir"

finish zh_terms
