# lib.sh: tiny helpers for the command-line tests. Source it; $GRADLAB is the binary.
# expect CODE PATTERN CMD...: run CMD, require exit status CODE and PATTERN (grep -E) in
# its standard output plus standard error. Failures are counted and reported at the end.
: "${GRADLAB:=build/gradlab}"
t_pass=0
t_fail=0
t_out=$(mktemp)
trap 'rm -f "$t_out"' EXIT

expect() {
	code=$1 pattern=$2
	shift 2
	"$@" >"$t_out" 2>&1 </dev/null
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		echo "FAIL: $* -> exit $rc, expected $code"
		sed 's/^/    /' "$t_out" | head -n 8
		t_fail=$((t_fail + 1))
	elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$t_out"; then
		echo "FAIL: $* -> output lacks /$pattern/"
		sed 's/^/    /' "$t_out" | head -n 8
		t_fail=$((t_fail + 1))
	else
		t_pass=$((t_pass + 1))
	fi
}

finish() {
	echo "$1: $t_pass passed, $t_fail failed"
	[ "$t_fail" -eq 0 ]
}
