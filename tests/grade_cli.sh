# grade_cli.sh: `gradlab grade` from the command line. The solutions get full marks and exit
# 0; a classic mistake exits 1 naming the gradient; a class of students (good, buggy,
# hostile, untouched, misplaced) gets the right gradebook and reports in bounded time; every
# report format is checked against what reads it (python3's json and xml.etree, a TAP 14
# checker, and prove when it is there); with --lang zh no English word of the report's own is
# left. Run from the top of the source tree with $GRADLAB.
. tests/lib.sh

work=$(mktemp -d /tmp/gradlab-cli-XXXXXX)
chmod 711 "$work"
trap 'rm -rf "$work" "$t_out"' EXIT
export XDG_STATE_HOME="$work/state"
# The grader's private folders go here, so that its compilers name $work too (see the end).
mkdir -m 711 "$work/tmp"
export TMPDIR="$work/tmp"
G="$GRADLAB"
py=$(command -v python3 || true)
# --timeout for the runs: honest code needs a few hundredths of a second of CPU for a check,
# and a loaded machine stretches that in wall-clock time. Runs of honest code only get a
# timeout they never come near; runs with hostile code (which the timeout stops) one that is
# still 10x what honest code needs on a busy machine, so that no honest student fails.
honest=30
hostile=5
# The files escape_write.c tries to leave in the shared folders, as they are before this test
# runs: they must stay so. (Not "must not exist": another test run on the same machine, as
# another user, may have left them, and they are not this run's to remove.)
escapes() {
	for d in /tmp /var/tmp /dev/shm; do
		stat -c '%n %y %s' "$d/gradlab-hostile-escape.txt" 2>/dev/null || echo "$d: none"
	done
}
escapes_before=$(escapes)
# The list's exercises and points, so that a new exercise changes no line here: n_ex of them,
# total points in all; checks, the number of checks of them all, counted below.
n_ex=$(grep -c '^name:' exercises/exercises.list)
total=$(awk -F': *' '/^points:/ { s += $2 } END { print s }' exercises/exercises.list)
# want_row STUDENT 'NAME=POINTS ...': the gradebook row of a student with full marks but for
# those exercises (all=0: none at all).
want_row() {
	awk -F': *' -v who="$1" -v over="$2" '
	BEGIN { n = split(over, o, " "); for (i = 1; i <= n; i++) { split(o[i], kv, "="); ov[kv[1]] = kv[2] } }
	/^name:/ { name = $2 }
	/^points:/ { p = ("all" in ov) ? ov["all"] : (name in ov) ? ov[name] : $2
		     row = row "," p; got += p; max += $2 }
	END { print who row "," got "," max }' exercises/exercises.list
}

# {==== One learner ====
expect 0 "$total/$total points, $n_ex of $n_ex exercises pass" "$G" grade --solutions --timeout $honest
checks=$("$G" grade --solutions --format json --timeout $honest | "$py" -c '
import json, sys
print(sum(len(e["checks"]) for e in json.load(sys.stdin)["exercises"]))')
expect 0 'ok    rnn_step_backward' "$G" grade rnn_step --solutions --timeout $honest
expect 1 "0/$total points, 0 of $n_ex exercises pass" "$G" grade --submission exercises --timeout 1
expect 2 "no exercise 'nosuch'" "$G" grade nosuch
expect 2 "--format must be one of|format" "$G" grade --format xml
expect 2 'exclude each other' "$G" grade --solutions --class "$work"
expect 2 'not a folder' "$G" grade --submission "$work/missing"

mkdir "$work/me"
cp solutions/*.c "$work/me/"
cp tests/buggy/rnn_step_no_fprime.c "$work/me/04_rnn_step.c"
expect 1 'FAIL  rnn_step_backward.*wrong values' "$G" grade rnn_step --submission "$work/me" --timeout $honest
expect 1 'dW_hh\[[0-9]+,[0-9]+\]: expected .*, got .* \(relative error' \
	"$G" grade rnn_step --submission "$work/me" --timeout $honest
expect 1 'finite differences give' "$G" grade 4 --submission "$work/me" --timeout $honest
expect 1 'hint 1/4: ' "$G" grade rnn_step --submission "$work/me" --timeout $honest
expect 1 'hint 2/4: Go through tanh first' "$G" grade rnn_step --submission "$work/me" --hint 2 --timeout $honest
expect 1 '提示 1/4：|提示 1/4: ' "$G" grade rnn_step --submission "$work/me" --lang zh --timeout $honest
expect 0 '10/10 points' "$G" grade 04_rnn_step.c --solutions --seed 42 --timeout $honest
# the same seed, the same cases
"$G" grade rnn_step --submission "$work/me" --seed 7 --timeout $honest >"$work/a.txt" 2>&1
"$G" grade rnn_step --submission "$work/me" --seed 7 --timeout $honest >"$work/b.txt" 2>&1
expect 0 '' cmp "$work/a.txt" "$work/b.txt"
# }====

# {==== Formats ====
"$G" grade --submission "$work/me" --format gradescope --out "$work/results.json" --timeout $honest
cat >"$work/check_gradescope.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
total, checks = int(sys.argv[2]), int(sys.argv[3])
assert isinstance(d["score"], (int, float)) and d["score"] == total - 5, d["score"]
assert isinstance(d["tests"], list) and len(d["tests"]) == checks
for t in d["tests"]:
    for k, ty in (("name", str), ("score", (int, float)), ("max_score", (int, float)),
                  ("output", str), ("visibility", str)):
        assert isinstance(t[k], ty), (k, t)
    assert t["visibility"] in ("hidden", "after_due_date", "after_published", "visible")
bad = [t for t in d["tests"] if t["score"] < t["max_score"]]
assert len(bad) == 1 and bad[0]["name"] == "rnn_step: rnn_step_backward", bad
assert "dW_hh[" in bad[0]["output"] and "hint 1/4" in bad[0]["output"]
print("gradescope ok")
EOF
expect 0 'gradescope ok' "$py" "$work/check_gradescope.py" "$work/results.json" "$total" "$checks"
"$G" grade --submission "$work/me" --format junit --out "$work/junit.xml" --timeout $honest
cat >"$work/check_junit.py" <<'EOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
checks = sys.argv[2]
assert root.tag == "testsuites" and root.get("tests") == checks and root.get("failures") == "1"
cases = root.findall("./testsuite/testcase")
assert len(cases) == int(checks)
failed = [c for c in cases if c.find("failure") is not None]
assert [c.get("name") for c in failed] == ["rnn_step_backward"]
assert "dW_hh[" in failed[0].find("failure").text
print("junit ok")
EOF
expect 0 'junit ok' "$py" "$work/check_junit.py" "$work/junit.xml" "$checks"
"$G" grade --submission "$work/me" --format tap --out "$work/r.tap" --timeout $honest
expect 0 "ok $checks tests, 1 failed" "$py" tests/tap14_check.py "$work/r.tap"
expect 0 '  got: ' grep -E '^  (got|expect): ' "$work/r.tap"
if command -v prove >/dev/null 2>&1; then
	# prove knows TAP 13, whose YAML blocks TAP 14 keeps: read it as 13, look for parse errors
	sed '1s/^TAP version 14$/TAP version 13/' "$work/r.tap" >"$work/r13.tap"
	prove --exec cat "$work/r13.tap" >"$work/prove.txt" 2>&1
	expect 1 '' grep -q 'Parse errors' "$work/prove.txt"
	expect 0 'Failed test:  10$' cat "$work/prove.txt"
fi
"$G" grade --submission "$work/me" --format json --out "$work/r.json" --timeout $honest
cat >"$work/check_json.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
ex = {e["name"]: e for e in d["exercises"]}
c = ex["rnn_step"]["checks"][1]
assert not c["passed"] and c["problem"] == "wrong values" and c["wrong"][0]["tensor"] in (
    "dx", "dh_prev", "dW_ih", "dW_hh", "db_ih", "db_hh"), c
assert d["passed"] is False and d["score"] == int(sys.argv[2]) - 5
print("json ok")
EOF
expect 0 'json ok' "$py" "$work/check_json.py" "$work/r.json" "$total"
# }====

# {==== A class ====
class="$work/class"
mkdir -p "$class/alice" "$class/bob" "$class/carol" "$class/dave" "$class/erin/exercises" \
	"$class/frank/src" "$class/gina"
cp solutions/*.c "$class/alice/"
cp solutions/*.c "$class/bob/"
cp tests/buggy/gru_z_swap.c "$class/bob/09_gru_step.c"
cp solutions/*.c "$class/carol/"
cp tests/hostile/fork_bomb.c "$class/carol/04_rnn_step.c"
cp tests/hostile/infinite_loop.c "$class/carol/10_attention.c"
cp exercises/*.c "$class/dave/"
cp solutions/*.c "$class/erin/exercises/"
cp tests/hostile/escape_write.c "$class/erin/exercises/04_rnn_step.c"
cp solutions/*.c "$class/frank/src/"           # not where the grader looks
cp solutions/*.c "$class/gina/"
cp tests/hostile/segfault.c "$class/gina/01_activations.c"
cp tests/hostile/not_compiling.c "$class/gina/03_linear.c"
echo "not a student" >"$class/README.txt"
start=$(date +%s)
expect 1 "7 students, $n_ex exercises each" "$G" grade --class "$class" --format gradescope \
	--timeout $hostile --seed 5
# bounded: the hostile checks end at their timeout (about 20 s here on an idle machine)
took=$(seconds_since "$start")
expect 0 '' test "$took" -lt 300
{
	echo "student,$(sed -n 's/^name: *//p' exercises/exercises.list | paste -sd,),total,max"
	want_row alice ''
	want_row bob 'gru_step=5'
	want_row carol 'rnn_step=0 attention=0'
	want_row dave 'all=0'
	want_row erin 'rnn_step=0'
	want_row frank 'all=0'
	want_row gina 'activations=0 linear=0'
} >"$work/want.csv"
tr -d '\r' <"$class/gradebook.csv" >"$work/got.csv"
expect 0 '' diff "$work/want.csv" "$work/got.csv"
for s in alice bob carol dave erin frank gina; do
	expect 0 "$s ok" "$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["tests"]) == int(sys.argv[3]) and all("output" in t for t in d["tests"])
print(sys.argv[2], "ok")' "$class/gradlab-reports/$s.results.json" "$s" "$checks"
done
expect 0 'does not compile' cat "$class/gradlab-reports/gina.results.json"
expect 0 'does not define sigmoid_backward' cat "$class/gradlab-reports/gina.results.json"
expect 0 'no file|cannot be read' cat "$class/gradlab-reports/frank.results.json"
# the reports folder is not a student the next time round; --out elsewhere, other formats
expect 1 '7 students' "$G" grade --class "$class" --format junit --out "$work/out" \
	--timeout $hostile rnn_step gru_step
expect 0 'student,rnn_step,gru_step,total,max|student,.*rnn_step' head -n 1 "$work/out/gradebook.csv"
expect 0 'junit reports ok' "$py" -c '
import glob, sys, xml.etree.ElementTree as ET
files = glob.glob(sys.argv[1] + "/*.xml")
assert len(files) == 7, files
for f in files:
    ET.parse(f)
print("junit reports ok")' "$work/out/gradlab-reports"
expect 2 'holds no student folders' "$G" grade --class "$work/state"
# }====

# {==== In Chinese ====
# A class in Chinese, each student with other mistakes, so that every kind of failure is
# reported: none of the report's own English words may be left (the learner's output and
# the compiler's, shown after "| ", are their own words). The Chinese ones must be there, so
# that the test sees the lines it checks.
zh="$work/zh"
for s in s1 s2 s3 s4 s5 s6; do
	mkdir -p "$zh/$s"
	cp solutions/*.c "$zh/$s/"
done
cp tests/buggy/activations_assign.c "$zh/s1/01_activations.c"
cp tests/hostile/not_compiling.c "$zh/s1/03_linear.c"
cp tests/hostile/segfault.c "$zh/s1/04_rnn_step.c"
cp tests/buggy/gradcheck_one_sided.c "$zh/s1/06_gradcheck.c"
rm "$zh/s1/07_clip.c"
cp tests/buggy/softmax_overflow.c "$zh/s2/02_softmax_xent.c"
cp tests/hostile/infinite_loop.c "$zh/s2/04_rnn_step.c"
cp tests/buggy/lstm_gate_derivative.c "$zh/s2/08_lstm_step.c"
cp tests/hostile/exit_early.c "$zh/s3/04_rnn_step.c"
cp tests/hostile/forged_results.c "$zh/s4/04_rnn_step.c"
cp tests/hostile/wrong_shape.c "$zh/s5/04_rnn_step.c"
cp tests/buggy/rnn_step_transposed.c "$zh/s6/04_rnn_step.c"
"$G" grade --class "$zh" --lang zh --verbose --timeout $hostile activations softmax_xent linear \
	rnn_step gradcheck clip lstm_step gru_step >"$work/zh.txt" 2>&1
expect 0 '' test $? -eq 1
expect 0 '6 名学生，每人 8 道练习' cat "$work/zh.txt"
grep -hv '^ *| ' "$zh"/gradlab-reports/*.txt >>"$work/zh.txt"
for w in 失败 通过 数值错误 期望值 实际值 相对误差 有限差分 崩溃 段错误 超时 没有运行完 无法编译 \
	没有文件 提前退出 结果不可信 写到了数组之外 什么也没有加到它上面 梯度要累加 它被转置了 \
	'（门 o，单元' 单侧差分 '很大的 logits' '会溢出成 inf' 用例 提示 下一条提示 随机种子 沙箱; do
	expect 0 '' grep -q -- "$w" "$work/zh.txt"
done
english='expected|got |relative error|finite differences|wrong values|FAIL|ok  |points|hint [0-9]+/'
english="$english|next hint|crashed|segmentation|timed out|did not finish|does not compile"
english="$english|no file|cannot be read|exited early|untrustworthy|cannot trust|wrote outside"
english="$english|nothing was added|assigned|transposed|one-sided|large logits|gate [a-z], unit"
english="$english|case [0-9]|seed|sandbox|right:|the grader|exercises pass|students"
expect 1 '' grep -Eq -- "$english" "$work/zh.txt"
grep -Ein -- "$english" "$work/zh.txt" | head -n 5
# }====

# nothing left running (a process of this test names $work: in its arguments, or, as the
# compiler does, in the grader's private folder), no private folder left behind, nothing
# left in the shared folders
expect 1 '' procs_naming "$work"
expect 0 '' test -z "$(ls -A "$work/tmp")"
expect 0 '' test "$(escapes)" = "$escapes_before"

finish grade_cli.sh
