#!/bin/sh
# run.sh BUILD: run every cmocka binary in BUILD/tests, then the command-line tests, and
# close with one "N passed, N failed" line. Exit 1 if anything failed.
set -u
build=${1:-build}
# The tests read Chinese output, so they run in a UTF-8 locale; those that test another
# locale set LC_ALL themselves. A CI machine may start with none (POSIX).
case "$(locale charmap 2>/dev/null)" in
UTF-8) ;;
*)
	echo "run.sh: the locale is not UTF-8; running the tests with LANG=C.UTF-8"
	export LANG=C.UTF-8
	unset LC_ALL LC_CTYPE
	;;
esac
passed=0
failed=0
failed_names=""
start=$(date +%s)
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	if "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failed_names="$failed_names $name"
	fi
done
for s in tests/*.sh; do
	[ "$s" = tests/run.sh ] && continue
	name=$(basename "$s")
	if GRADLAB="$build/gradlab" sh "$s"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failed_names="$failed_names $name"
	fi
done
echo
[ -n "$failed_names" ] && echo "failed suites:$failed_names"
echo "suites: $passed passed, $failed failed ($(($(date +%s) - start)) s)"
[ "$failed" -eq 0 ]
