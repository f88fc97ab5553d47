# grade_class.sh: a class run that hostile or merely odd students cannot break. Student
# folders named like the gradebook or the reports folder, or holding spaces, a newline, an
# escape sequence, a leading '-', invalid UTF-8, a C1 control or a name too long for a
# report's file name, are each graded like anyone else; a named pipe, a 50 MB file, a
# missing file, a linked exercises folder or a linked file are each that student's failure
# alone; the summary has one line per student and no control character; every report and
# the gradebook parse. A submission that prints every byte value and one whose compiler
# errors hold control characters leave every format valid. --out on a named pipe nobody
# reads is refused at once, and SIGTERM stops a run whose worker is stuck on a named pipe.
# Run from the top of the source tree with $GRADLAB.
. tests/lib.sh

work=$(mktemp -d /tmp/gradlab-class-XXXXXX)
chmod 711 "$work"
pid=
trap '[ -n "$pid" ] && kill -s KILL "$pid" 2>/dev/null; rm -rf "$work" "$t_out"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT
export XDG_STATE_HOME="$work/state"
mkdir -m 711 "$work/tmp"
export TMPDIR="$work/tmp"
G="$GRADLAB"
py=$(command -v python3 || true)
[ -n "$py" ] || { echo "grade_class.sh: needs python3"; exit 1; }

# check.py FORMAT FILE...: every file a valid report of FORMAT, with nothing in it that
# garbles a terminal or a parser (C0 but newline, DEL, C1, U+FFFE, U+FFFF, invalid UTF-8);
# YAML blocks read by python3-yaml when it is installed, else by tests/tap14_check.py only.
cat >"$work/check.py" <<'EOF'
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

BAD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def refuse(_):
    raise ValueError("NaN or Infinity is not JSON")


def check(fmt, path):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        return f"not UTF-8: {e}"
    if fmt == "csv":
        text = text.replace("\r\n", "\n")
    m = BAD.search(text)
    if m:
        return f"U+{ord(m.group()):04X} at {m.start()}: {text[max(0, m.start() - 30):m.start()]!r}"
    if fmt in ("json", "gradescope"):
        try:
            json.loads(text, parse_constant=refuse)
        except ValueError as e:
            return f"not JSON: {e}"
    elif fmt == "junit":
        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            return f"not XML: {e}"
        if root.tag != "testsuites":
            return f"the root is {root.tag}"
    elif fmt == "tap":
        r = subprocess.run([sys.executable, "tests/tap14_check.py", path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            return f"not TAP 14: {r.stdout.strip()}"
        try:
            import yaml
        except ImportError:
            return None
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            if lines[i] == "  ---":
                j = lines.index("  ...", i)
                block = "\n".join(line[2:] for line in lines[i + 1:j])
                try:
                    if not isinstance(yaml.safe_load(block), dict):
                        return f"line {i + 2}: a YAML block that is not a mapping"
                except yaml.YAMLError as e:
                    return f"line {i + 2}: not YAML: {e}"
                i = j
            i += 1
    return None


def main(fmt, paths):
    bad = 0
    for p in paths:
        why = check(fmt, p)
        if why:
            print(f"{p}: {why}")
            bad += 1
    if bad or not paths:
        print(f"{bad} of {len(paths)} {fmt} files are not valid")
        return 1
    print(f"ok {len(paths)} {fmt}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
EOF
check() {
	"$py" "$work/check.py" "$@"
}

# {==== A class of odd names and hostile files ====
class="$work/class"
mkdir "$class"
long=$(printf 'L%.0s' $(seq 250))
ok_names="good Good gradebook.csv gradlab-reports -rf $long"
add() { # add NAME: a student folder holding the right answer
	mkdir -- "$class/$1"
	cp solutions/01_activations.c "$class/$1/"
}
for s in $ok_names; do
	add "$s"
done
add "with space"
add "$(printf 'new\nline')"
add "$(printf 'esc\033]0;owned\007\033[2Jx')"
add "$(printf 'bad\377utf')"
add "$(printf 'c1\302\233x')"
add "$(printf 'tab\there')"
n_ok=12
mkdir "$class/fifo" "$class/big" "$class/missing" "$class/linkdir" "$class/link"
mkfifo "$class/fifo/01_activations.c"
truncate -s 50M "$class/big/01_activations.c"
ln -s "$PWD/solutions" "$class/linkdir/exercises"
ln -s "$PWD/solutions/01_activations.c" "$class/link/01_activations.c"
n=17
echo "not a student" >"$class/README.txt"

timeout -k 10 300 "$G" grade --class "$class" --jobs 2 --timeout 2 --format json activations \
	>"$work/out" 2>"$work/err" </dev/null
got=$?
expect 0 '' test "$got" -ne 124          # the run ended by itself
expect 0 '' test "$got" -eq 1            # some failed, none stopped it
expect 0 '' test ! -s "$work/err"
expect 0 "^$n$" grep -c ' of 1 exercise pass' "$work/out"
expect 0 "^$n students" cat "$work/out"
expect 0 'ok 1 text' check text "$work/out"
expect 0 'esc\\x1B\]0;owned\\x07\\x1B\[2Jx .*6/6' cat "$work/out"
expect 0 'new\\x0Aline .*6/6' cat "$work/out"
# the student folder named like the reports folder is graded, and nothing is written in it
expect 0 '^gradlab-reports +6/6' cat "$work/out"
expect 0 '^01_activations.c $' sh -c "ls -A '$class/gradlab-reports' | tr '\n' ' '"
book=$(sed -n 's/^gradebook: //p' "$work/out")
reports=$(sed -n 's/^reports: *\(.*\)\/$/\1/p' "$work/out")
expect 0 '' test "$book" = "$class/gradebook-2.csv"
expect 0 '' test "$reports" = "$class/gradlab-reports-2"
expect 0 'ok 1 csv' check csv "$book"
cat >"$work/book.py" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["student", "activations", "total", "max"], rows[0]
total = {r[0]: r[2] for r in rows[1:]}
assert len(rows) - 1 == int(sys.argv[2]), len(rows)
for s in ("fifo", "big", "missing", "linkdir", "link"):
    assert total[s] == "0", (s, total[s])
for s in ("good", "Good", "gradebook.csv", "gradlab-reports", "'-rf", "with space",
          "new\\x0Aline", "bad\\xFFutf", "c1\\u009Bx", "tab\\x09here", "L" * 250):
    assert total[s] == "6", (s, total.get(s))
full = sum(1 for s, t in total.items() if t == "6" and s != "link")
assert full == int(sys.argv[3]), full
print("gradebook ok")
EOF
expect 0 'gradebook ok' "$py" "$work/book.py" "$book" "$n" "$n_ok"
expect 0 "^$n$" sh -c "ls '$reports' | wc -l"
expect 0 "ok $n json" sh -c "'$py' '$work/check.py' json '$reports'/*"
expect 0 'larger than' cat "$reports/big.json"
expect 0 '"passed": false' cat "$reports/fifo.json"
# a name too long for a file name with .json is cut, and the summary says where its report is
report=$(sed -n "s/^$long .*(report: \(L*~*[0-9]*\.json\))$/\1/p" "$work/out")
expect 0 '' test -n "$report"
expect 0 '"passed": true' cat "$reports/$report"
# the second run finds its reports folder again (no student named gradlab-reports-2) and
# the same students (without the pipe and the big file, to be quick)
rm -r "$class/fifo" "$class/big"
timeout -k 10 300 "$G" grade --class "$class" --jobs 2 --timeout 2 --format text activations \
	>"$work/out2" 2>&1 </dev/null
expect 0 "^$((n - 2)) students" cat "$work/out2"
expect 0 "reports: *$reports/$" cat "$work/out2"
expect 0 "ok $((n - 2)) text" sh -c "'$py' '$work/check.py' text '$reports'/*.txt"
# a folder that only looks like an old reports folder (no mark) is not graded, and said so
old="$work/old"
mkdir -p "$old/ann" "$old/gradlab-reports-x"
cp solutions/01_activations.c "$old/ann/"
: >"$old/gradlab-reports-x/ann.txt"
timeout -k 10 300 "$G" grade --class "$old" --timeout 30 activations >"$work/out-old" 2>&1 </dev/null
expect 0 'gradlab-reports-x holds only report files; taken for an old reports folder' \
	cat "$work/out-old"
expect 0 '^1 student,' cat "$work/out-old"
# every name the reports folder may take is a file: said as that, not as an error number
full="$work/full"
mkdir -p "$full/class/ann"
: >"$full/gradlab-reports"
for i in $(seq 2 1000); do : >"$full/gradlab-reports-$i"; done
expect 2 '^gradlab grade: --out .*/full: gradlab-reports and gradlab-reports-2 to gradlab-reports-1000 are all taken by other files' \
	"$G" grade --class "$full/class" --out "$full" activations
# }====

# {==== Every byte a submission or its compiler prints ====
bytes="$work/bytes"
mkdir -p "$bytes/printer" "$bytes/broken" "$bytes/good"
cp solutions/01_activations.c "$bytes/good/"
{
	cat <<'EOF'
#include <stdio.h>
/* every byte value, and the sequences that break formats, on both streams */
static void print_every_byte(void)
{
	static const char nasty[] = "\xef\xbf\xbe\xef\xbf\xbf\xed\xa0\x80\xc2\x9b\xe2\x80\xae"
				    "]]></failure>\x1b[2J\r\n  ...\n---\nnot ok 1 - fake\n";
	/* NUL first: what follows it must still reach the report */
	for (int b = 0; b < 256; b++) {
		putchar(b);
		fputc(b, stderr);
	}
	fputs(nasty, stdout);
	fputs(nasty, stderr);
	for (int k = 0; k < 3000; k++)
		putchar(k % 100 == 99 ? 0x1b : 'y');
	fflush(stdout);
	fflush(stderr);
}
EOF
	# the right answers, each call printing it all first
	sed '/^void relu_backward(/{n;s/^{$/{\n\tprint_every_byte();/}' solutions/01_activations.c
} >"$bytes/printer/01_activations.c"
# a compile error whose message and quoted source line hold ESC, CR, BEL, C1, U+FFFE and
# bytes that are not UTF-8
printf '#error "\033[31m\033]0;owned\007 \302\233 \357\277\276 \377\376 \r end"\nint x = \033;\n' \
	>"$bytes/broken/01_activations.c"
for f in text json junit tap gradescope; do
	timeout -k 10 300 "$G" grade --class "$bytes" --jobs 2 --timeout 2 --format "$f" \
		--out "$work/out-$f" activations >"$work/bytes-$f" 2>&1 </dev/null
	expect 0 '' test $? -eq 1
	expect 0 "ok 3 $f" sh -c "'$py' '$work/check.py' $f '$work/out-$f'/gradlab-reports/*"
done
expect 0 '\\x1B\[31m' cat "$work/out-text/gradlab-reports/broken.txt"
expect 0 '\\x1B\\x1C.*\\x7F\\x80' cat "$work/out-text/gradlab-reports/printer.txt"
expect 0 '�\\x01\\x02' cat "$work/out-text/gradlab-reports/printer.txt"
expect 0 '3 students' cat "$work/bytes-text"
# }====

# {==== Names given on the command line are shown by the same rule ====
odd=$(printf 'x\033[31my\nz')
expect 2 "no exercise 'x\\\\x1B\\[31my\\\\x0Az'" "$G" grade "$odd"
expect 2 '^gradlab grade: --submission x\\x1B\[31my\\x0Az: not a folder$' \
	"$G" grade --submission "$odd"
# }====

# {==== Nothing waits on a named pipe ====
mkfifo "$work/pipe"
expect 2 'named pipe' timeout -k 5 60 "$G" grade activations --solutions --out "$work/pipe"
# SIGTERM while a worker is held by a student's code that never ends: the run ends at once
# (a named pipe no longer holds anyone: it is refused without being opened for reading)
stuck="$work/stuck"
mkdir -p "$stuck/loop"
printf 'void sigmoid_backward(double *dx, const double *dy, const double *y, int n)\n{ (void)dx; (void)dy; (void)y; (void)n; for (volatile int i = 0;; i++) ; }\n' \
	>"$stuck/loop/01_activations.c"
"$G" grade --class "$stuck" --timeout 60 activations >"$work/out-stuck" 2>&1 </dev/null &
pid=$!
# wait for the worker (a second process of the run) to be there: it must come
workers() { [ "$(count_procs_naming "$stuck")" -ge 2 ]; }
expect 0 '' wait_until 120 workers
kill -s TERM "$pid"
start=$(date +%s)
# Stopped at once (well under a second) and stopped at the 60 s timeout are far apart,
# however slow the machine.
wait_until 90 proc_ended "$pid"
took=$(seconds_since "$start")
kill -s KILL "$pid" 2>/dev/null
wait "$pid"
got=$?
pid=
expect 0 '' test "$got" -eq 143
expect 0 '' test "$took" -lt 30
expect 0 'interrupted by SIGTERM' cat "$work/out-stuck"
# }====

# {==== A student whose path is longer than the system allows ====
deep="$work/deep"
mkdir "$deep"
seg=$(printf 'd%.0s' $(seq 200))
i=0
while [ ${#deep} -lt 3850 ]; do
	deep="$deep/$seg"
	i=$((i + 1))
done
mkdir -p "$deep/good"
cp solutions/01_activations.c "$deep/good/"
(cd "$deep" && mkdir "$long" && cp "$OLDPWD/solutions/01_activations.c" "$long/")
timeout -k 10 300 "$G" grade --class "$deep" --out "$work/deep-out" --timeout 2 activations \
	>"$work/out-deep" 2>&1 </dev/null
expect 0 '' test $? -eq 1
expect 0 '^2 students' cat "$work/out-deep"
expect 0 '^good +6/6' cat "$work/out-deep"
expect 0 "^$long +0/6" cat "$work/out-deep"
report=$(sed -n "s/^$long .*(report: \(L*\.txt\))$/\1/p" "$work/out-deep")
expect 0 'more than the system allows' cat "$work/deep-out/gradlab-reports/$report"
# }====
finish grade_class.sh
