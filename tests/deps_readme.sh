# deps_readme.sh: the README's list of packages and tools/deps.sh's are the same: every package
# deps.sh installs (for make test and for make fuzz) is named in the README's set-up section,
# and every package named in that list is one deps.sh installs.
. tests/lib.sh

# The names written in backquotes in the bullet list of "## Set-up" (continued lines included).
readme=$(sed -n '/^## Set-up/,/^## /p' README.md |
	awk '/^- / { on = 1 } on && /^$/ { exit } on' |
	grep -o '`[a-z0-9][a-z0-9.+-]*`' | tr -d '`' | sort -u)
deps=$(sh tools/deps.sh fuzz --list | sort -u)

# listed WORD LIST: WORD is one of the lines of LIST.
listed() {
	printf '%s\n' "$2" | grep -qFx -- "$1"
}
expect 0 '' test -n "$deps"
for p in $deps; do
	listed "$p" "$readme" || echo "README.md does not name $p, which tools/deps.sh installs"
	expect 0 '' listed "$p" "$readme"
done
for p in $readme; do
	listed "$p" "$deps" || echo "README.md names $p, which tools/deps.sh does not install"
	expect 0 '' listed "$p" "$deps"
done
expect 0 '^gcc$' sh tools/deps.sh --list
expect 1 '' sh -c 'sh tools/deps.sh --list | grep -x clang'
expect 2 'usage' sh tools/deps.sh nosuch

finish deps_readme
