# deps_check.sh: tools/deps.sh (which `make test` runs first) installs nothing when what the
# build and the tests use is there, whichever package put it there, and installs only what is
# missing otherwise. Run against stand-in programs on a PATH of their own: apt-get, sudo and
# dpkg-query only write down how they were called (dpkg-query knows no package, as on a
# machine where everything came from elsewhere).
. tests/lib.sh

work=$(mktemp -d)
trap 'rm -rf "$work" "$t_out"' EXIT
bin=$work/bin
mkdir "$bin"
for p in grep tr uname id cat; do
	ln -s "$(command -v $p)" "$bin/$p"
done
stub() {   # stub NAME BODY: a program NAME running the shell code BODY
	printf '#!/bin/sh\n%s\n' "$2" >"$bin/$1"
	chmod +x "$bin/$1"
}
for p in gcc make tmux python3 sed gnuplot prove timeout od mktemp setsid cmp diff find awk \
	locale clang true; do
	stub $p 'exit 0'
done
stub pkg-config 'case " $* " in *" $MISSING_MODULE "*) exit 1 ;; esac; exit 0'
stub fc-list 'echo "WenQuanYi Zen Hei"'
stub clang "echo $work/libclang_rt.fuzzer.a"
: >"$work/libclang_rt.fuzzer.a"
stub dpkg-query 'echo "unknown ok not-installed"'
stub apt-get "echo \"apt-get \$*\" >>$work/apt.log"
stub sudo '[ "$1" = -n ] && shift; exec "$@"'
deps() {
	rm -f "$work/apt.log"
	PATH=$bin MISSING_MODULE=${MISSING_MODULE:-none} /bin/sh tools/deps.sh "$@"
}
apt_log() {
	cat "$work/apt.log" 2>/dev/null
}

# Everything there: nothing installed, nothing asked of apt.
expect 0 '' deps
expect 1 '' test -e "$work/apt.log"
expect 0 '' deps fuzz
expect 1 '' test -e "$work/apt.log"

# tmux missing: tmux, and only tmux, installed.
rm "$bin/tmux"
expect 0 'Installing missing packages: tmux$' deps
expect 0 '^apt-get install -y -q --no-install-recommends tmux$' apt_log
# A library pkg-config cannot find: its -dev package.
MISSING_MODULE=cmocka
expect 0 'Installing missing packages: libcmocka-dev tmux$' deps
MISSING_MODULE=
stub tmux 'exit 0'
# The fuzzer's runtime missing: only for `deps.sh fuzz`.
rm "$work/libclang_rt.fuzzer.a"
expect 0 '' deps
expect 0 'Installing missing packages: libclang-rt-14-dev$' deps fuzz
: >"$work/libclang_rt.fuzzer.a"
# No apt: what is missing is named, nothing is run.
rm "$bin/apt-get" "$bin/gnuplot"
expect 1 'gradlab needs: gnuplot-nox ' deps
expect 1 '' test -e "$work/apt.log"
# What Debian says is installed is not installed again, even when it cannot be seen.
stub dpkg-query 'case $3 in gnuplot-nox) echo "install ok installed" ;; *) echo "unknown ok not-installed" ;; esac'
expect 0 '' deps

finish deps_check
