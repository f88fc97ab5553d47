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

# {==== Processes and waiting, with nothing but /proc and coreutils ====
# procps (pgrep, ps) is not on every machine: these read /proc themselves.

# procs_naming TEXT: the ids of the processes whose command line holds TEXT (a fixed string,
# within one argument), one a line, as `pgrep -f` lists them; status 1 when there is none.
# TEXT reaches grep on its standard input, not in its arguments, so the scan never finds
# itself.
procs_naming() {
	printf '%s\n' "$1" | grep -a -l -s -F -f - /proc/[0-9]*/cmdline |
		sed 's|^/proc/||; s|/cmdline$||' | grep .
}

# count_procs_naming TEXT: how many processes procs_naming TEXT lists.
count_procs_naming() {
	procs_naming "$1" | wc -l
}

# zombies_named NAME: the ids of the zombie processes whose name is NAME; status 1 when none.
zombies_named() {
	grep -l -s -F -e "($1) Z" /proc/[0-9]*/stat | sed 's|^/proc/||; s|/stat$||' | grep .
}

# proc_ended PID: the process has exited (it is gone, or a zombie not yet reaped).
proc_ended() {
	! [ -e "/proc/$1" ] || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# wait_until SECONDS CMD...: run CMD every 0.1 s until it succeeds (status 0), or until
# SECONDS of wall-clock time have passed (status 1). Waits are for something that must
# happen, so SECONDS can be generous: it costs nothing when CMD succeeds early, and a loaded
# machine may be ten times slower than an idle one.
wait_until() {
	_wu_end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$_wu_end" ] || return 1
		sleep 0.1
	done
}

# seconds_since START: whole seconds of wall-clock time since START (a `date +%s`).
seconds_since() {
	echo $(($(date +%s) - $1))
}
# }====
