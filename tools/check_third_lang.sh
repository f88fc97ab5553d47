#!/bin/sh
# check_third_lang.sh: a third language is one line of src/core/lang.h's list. Builds gradlab
# into BUILD (default build-xx) with -DGRADLAB_TEST_THIRD_LANG, which adds a fake language
# "xx" to the list and to every message table's rows (its texts are English behind "[xx]"),
# with -Werror: a table whose column count did not come from the list would not compile.
# Then every command that takes --lang runs with --lang xx and must succeed and speak through
# the fake column; --help lists xx among --lang's values; the lint pairs DIR/xx with DIR/en.
# Not in `make check-tests` (a whole second build); run it by hand after changing a table.
#
#   sh tools/check_third_lang.sh [BUILD]
set -u
build=${1:-build-xx}
log=$(mktemp)
make -j2 --no-print-directory BUILD="$build" CFLAGS="-DGRADLAB_TEST_THIRD_LANG -Werror" \
	"$build/gradlab" >"$log" 2>&1 || {
	echo "check_third_lang: the build with a third language failed:"
	grep -E 'error' "$log" | head -n 10
	rm -f "$log"
	exit 1
}
rm -f "$log"
G=$build/gradlab
export LANG=C.UTF-8
unset LC_ALL
fail=0
mark='\[xx\]' # the fake column: each English text behind "[xx]"
out=$(mktemp)
check() { # check WHAT PATTERN CMD...: CMD exits 0 and its output has PATTERN (grep -E)
	what=$1 pattern=$2
	shift 2
	"$@" >"$out" 2>&1 </dev/null
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: $what: $* exited $rc"
		head -n 5 "$out"
		fail=$((fail + 1))
	elif ! grep -Eq -- "$pattern" "$out"; then
		echo "FAIL: $what: $* wrote no /$pattern/"
		head -n 5 "$out"
		fail=$((fail + 1))
	fi
}
check check "$mark" "$G" check tanh --lang xx
check sweep "$mark" "$G" sweep tanh --lang xx
for c in curves norms unroll bptt attention gates relu; do
	check "$c" "$mark" "$G" $c --lang xx
done
check "plot" "$mark" "$G" norms --lang xx --plot text --plot-size 60x16
d=$(mktemp -d)
mkdir "$d/xx"
cp -r lessons/en lessons/zh "$d/"
cp lessons/en/*.md "$d/xx/"
# the list is in English whatever the language (its titles are the lessons'); it reads xx/
check "lessons" "^lessons in $d/xx:" "$G" lessons --dir "$d" --lang xx
rm -r "$d"
check "grade" "$mark" "$G" grade --solutions --lang xx --timeout 10
"$G" relu --lang fr 2>&1 | grep -q "must be one of en|zh|xx, got 'fr'" ||
	{ echo "FAIL: relu --lang fr does not name en|zh|xx"; fail=$((fail + 1)); }
d=$(mktemp -d)
mkdir "$d/en" "$d/zh" "$d/xx"
printf '# A\n' >"$d/en/01-a.md"
cp "$d/en/01-a.md" "$d/zh/01-a.md"
printf '# B\n' >"$d/en/02-b.md"
cp "$d/en/02-b.md" "$d/zh/02-b.md"
cp "$d/en/01-a.md" "$d/xx/01-a.md"
"$G" lessons --lint --dir "$d" >"$out" 2>&1
grep -q "$d/en/02-b.md: no partner: $d/xx/02-b.md does not exist" "$out" ||
	{ echo "FAIL: the lint does not pair xx with en:"; head -n 5 "$out"; fail=$((fail + 1)); }
rm -r "$d" "$out"
echo "check_third_lang: $fail failed"
[ "$fail" -eq 0 ]
