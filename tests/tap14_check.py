#!/usr/bin/env python3
"""tap14_check.py FILE: is FILE a TAP 14 stream? Checks the version line, one plan, test
lines numbered 1..N in order, and every YAML block (indented two spaces, opened by '---' and
closed by '...' right after a test line) holding 'key: value' lines whose values are JSON
strings or YAML numbers (.nan, .inf included). Prints what is wrong and exits 1, or prints
'ok N tests, F failed' and exits 0. gradlab's tests use it where prove knows only TAP 13."""
import json
import re
import sys

def main(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    errors = []
    if not lines or lines[0] != "TAP version 14":
        errors.append("line 1: not 'TAP version 14'")
    plan = None
    number = 0
    failed = 0
    i = 1
    after_test = False
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^1\.\.(\d+)$", line)
        if m:
            if plan is not None:
                errors.append(f"line {i + 1}: a second plan")
            plan = int(m.group(1))
            after_test = False
        elif re.match(r"^(not )?ok\b", line):
            m = re.match(r"^(not )?ok (\d+)( - [^#]*)?(\s+#\s+\S.*)?$", line)
            if not m:
                errors.append(f"line {i + 1}: malformed test line: {line!r}")
            else:
                number += 1
                if int(m.group(2)) != number:
                    errors.append(f"line {i + 1}: test {m.group(2)}, expected {number}")
                failed += bool(m.group(1))
            after_test = True
        elif line == "  ---":
            if not after_test:
                errors.append(f"line {i + 1}: a YAML block not right after a test line")
            i += 1
            while i < len(lines) and lines[i] != "  ...":
                y = lines[i]
                m = re.match(r"^  ([A-Za-z_][A-Za-z0-9_]*): (.*)$", y)
                if not m:
                    errors.append(f"line {i + 1}: not a 'key: value' line of the block: {y!r}")
                else:
                    v = m.group(2)
                    if v not in (".nan", ".inf", "-.inf"):
                        try:
                            json.loads(v)
                        except ValueError:
                            errors.append(f"line {i + 1}: {m.group(1)} is not a scalar: {v!r}")
                i += 1
            if i >= len(lines):
                errors.append("a YAML block is never closed with '  ...'")
            after_test = False
        elif line.startswith("#") or line == "":
            pass
        else:
            errors.append(f"line {i + 1}: not TAP: {line!r}")
        i += 1
    if plan is None:
        errors.append("no plan (1..N)")
    elif plan != number:
        errors.append(f"the plan says {plan} tests, there are {number}")
    for e in errors:
        print(f"{path}: {e}")
    if errors:
        return 1
    print(f"ok {number} tests, {failed} failed")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
