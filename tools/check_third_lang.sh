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
make -j2 --no-print-directory BUILD="$build" CFLAGS="-DGRADLAB_TEST_THIRD_LANG -Werror" \
	"$build/gradlab" >"$build.log" 2>&1 || {
	echo "check_third_lang: the build with a third language failed (see $build.log):"
	grep -E 'error' "$build.log" | head -n 10
	exit 1
}
G=$build/gradlab
export LANG=C.UTF-8
unset LC_ALL
fail=0
out=$(mktemp)
check() { # check WHAT CMD...: CMD exits 0 and its output carries the fake column's mark
	what=$1
	shift
	if ! "$@" >"$out" 2>&1 </dev/null; then
		echo "FAIL: $what: $* exited $?"
		head -n 5 "$out"
		fail=$((fail + 1))
	elif ! grep -q '\[xx\]' "$out"; then
		echo "FAIL: $what: $* wrote nothing from the fake column"
		head -n 5 "$out"
		fail=$((fail + 1))
	fi
}
for c in check sweep curves norms unroll bptt attention gates relu; do
	check "$c" "$G" $c --lang xx
done
check "plot" "$G" norms --lang xx --plot text --plot-size 60x16
check "lessons" "$G" lessons --lang xx
check "grade" "$G" grade --solutions --lang xx --timeout 10
"$G" relu --help | grep -q 'en|zh|xx' || { echo "FAIL: relu --help lacks en|zh|xx"; fail=$((fail + 1)); }
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
