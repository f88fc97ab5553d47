#!/bin/bash
# lessons.sh: every experiment and check of the lessons as a learner's book runs it, timed
# as a whole process (issue 15: each recomputes in well under 50 ms). Prints ms of CPU time
# (best of REPEATS), file:line and the command, slowest first. Train cells are left out:
# they are meant to run for a while, and the book shows their progress.
#
#   bash bench/lessons.sh [GRADLAB [LESSON.md ...]]   (default build/gradlab lessons/*/*.md)
#
# A run: line's vary: ends (LO and HI, every choice) are timed too, as the book runs them
# when the learner moves a parameter. Timing only; nothing here fails a build.
set -u
gradlab=${1:-build/gradlab}
shift $(( $# > 0 ? 1 : 0 ))
[ $# -gt 0 ] || set -- lessons/*/*.md
repeats=${REPEATS:-3}
if [ ! -x "$gradlab" ]; then
	echo "usage: bash bench/lessons.sh [GRADLAB [LESSON.md ...]] (no $gradlab)" >&2
	exit 2
fi

# file:line<TAB>command, for each run: of a cell other than train, and for each vary: end
cells() {
	awk '
	function flush(   i, n, ends, name, k) {
		if (run == "") return
		print where "\t" run
		for (i = 1; i <= nv; i++) {
			name = vname[i]
			n = split(vvals[i], ends, "|")
			for (k = 1; k <= n; k++)
				print where "\t" with(run, name, ends[k])
		}
		run = ""; nv = 0
	}
	# the run line with --name value replaced (or appended)
	function with(cmd, name, value,   w, n, i, out, done) {
		n = split(cmd, w, " ")
		out = ""; done = 0
		for (i = 1; i <= n; i++) {
			if (w[i] == "--" name && i < n) { out = out " " w[i] " " value; i++; done = 1 }
			else out = out " " w[i]
		}
		if (!done) out = out " --" name " " value
		return substr(out, 2)
	}
	/^```/ {
		if (fence) { flush(); fence = 0 } else { fence = 1; info = substr($0, 4) }
		next
	}
	fence && info != "train" && /^run: / { run = substr($0, 6); where = FILENAME ":" FNR }
	fence && info != "train" && /^vary: / {
		line = substr($0, 7)
		split(line, kv, " = ")
		nv++
		vname[nv] = kv[1]
		if (kv[2] ~ /\.\./) { split(kv[2], r, " step "); split(r[1], lh, "\\.\\."); vvals[nv] = lh[1] "|" lh[2] }
		else vvals[nv] = kv[2]
	}
	' "$@" | awk -F'\t' '$2 !~ /^train( |$)/'
}

# Each figure is the best of REPEATS of the CPU time the process used (user + system, from
# bash's time), which other work on a shared machine disturbs less than the wall clock.
TIMEFORMAT='%3U %3S'
cells "$@" | sort -t"$(printf '\t')" -k2 -u | while IFS="$(printf '\t')" read -r where cmd; do
	best=
	for _ in $(seq "$repeats"); do
		# shellcheck disable=SC2086 # the words of the run line, as the book splits them
		t=$( { time "$gradlab" $cmd >/dev/null 2>&1; } 2>&1 )
		set -- $t
		ms=$(( 10#${1/./} + 10#${2/./} ))
		[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
	done
	printf '%6d ms  %-34s %s\n' "$best" "$where" "$cmd"
done | sort -rn
