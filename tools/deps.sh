#!/bin/sh
# deps.sh [fuzz] [--list]: make sure what gradlab builds and tests with is there, and install
# the Debian packages of what is not. Called by `make run` and `make test` before they build,
# and with `fuzz` by `make fuzz`. With everything there it does nothing (no apt, no root).
# Installs what is missing when it runs as root or with password-less sudo; otherwise prints
# the one command to run. --list prints the packages, one a line, and does
# nothing else (tests/deps_readme.sh checks that the README names the same ones).
set -u

# To build: the compiler, and the libraries' headers; OpenBLAS for the large matrix products
# (the build works without it, `make BLAS=own`, but runs them several times slower).
BUILD="gcc make pkg-config libncurses-dev libcmocka-dev libjson-c-dev libopenblas-dev"
# To draw: gnuplot; fc-list (fontconfig) to find a CJK font, and one (fonts-wqy-zenhei),
# without which gnuplot draws Chinese captions in PNGs as boxes.
DRAW="gnuplot-nox fontconfig fonts-wqy-zenhei"
# For the tests: tmux (the book in a real terminal), python3 (reads the reports as JSON, XML
# and TAP), perl (prove, a second TAP reader). Every other program a test runs comes from
# these, which every Debian has (a minbase one included), listed so that nothing is assumed:
# coreutils (timeout, od, mktemp), util-linux (setsid), diffutils (cmp, diff), findutils,
# grep, sed, mawk (awk), libc-bin (locale). Not procps: the tests read /proc themselves.
TESTS="tmux python3 perl coreutils util-linux diffutils findutils grep sed mawk libc-bin"
# `make fuzz` only: clang and its libFuzzer and sanitizer runtimes.
FUZZ="clang libclang-rt-14-dev"

PACKAGES="$BUILD $DRAW $TESTS"
list=0
for a in "$@"; do
	case $a in
	fuzz) PACKAGES="$PACKAGES $FUZZ" ;;
	--list) list=1 ;;
	*)
		echo "usage: sh tools/deps.sh [fuzz] [--list]" >&2
		exit 2
		;;
	esac
done
if [ "$list" = 1 ]; then
	printf '%s\n' $PACKAGES
	exit 0
fi

# What the build and the tests use from each package, as they use it: a pkg-config module, a
# program on the PATH, a font for Chinese, the fuzzer's runtime. A package whose part is
# there is not installed again, whoever put it there (gnuplot-qt's gnuplot, gawk's awk, a
# library built from source), and a machine with everything needs neither root nor apt.
provides() {
	case $1 in
	gcc) echo "cmd gcc" ;;
	make | pkg-config | tmux | python3 | grep | sed | clang) echo "cmd $1" ;;
	libncurses-dev) echo "pkg ncursesw" ;;
	libcmocka-dev) echo "pkg cmocka" ;;
	libjson-c-dev) echo "pkg json-c" ;;
	libopenblas-dev) echo "pkg openblas" ;;
	gnuplot-nox) echo "cmd gnuplot" ;;
	fontconfig) echo "cmd fc-list" ;;
	fonts-wqy-zenhei) echo "font zh" ;;
	perl) echo "cmd prove" ;;
	coreutils) printf '%s\n' "cmd timeout" "cmd od" "cmd mktemp" ;;
	util-linux) echo "cmd setsid" ;;
	diffutils) printf '%s\n' "cmd cmp" "cmd diff" ;;
	findutils) echo "cmd find" ;;
	mawk) echo "cmd awk" ;;
	libc-bin) echo "cmd locale" ;;
	libclang-rt-14-dev) echo "runtime libclang_rt.fuzzer-$(uname -m).a" ;;
	*) echo "dpkg $1" ;;
	esac
}

# has KIND WHAT: the part is there.
has() {
	case $1 in
	cmd) command -v "$2" >/dev/null 2>&1 ;;
	pkg) pkg-config --exists "$2" 2>/dev/null ;;
	font) fc-list ":lang=$2" family 2>/dev/null | grep -q . ;;
	runtime) f=$(clang -print-file-name="$2" 2>/dev/null) && [ -f "$f" ] ;;
	*) false ;;
	esac
}

# dpkg_has PACKAGE: Debian says it is installed (what is left to ask when a part cannot be
# seen, e.g. a library while pkg-config itself is missing).
dpkg_has() {
	command -v dpkg-query >/dev/null 2>&1 &&
		dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q " ok installed"
}

missing=""
for p in $PACKAGES; do
	ok=1
	for need in $(provides "$p" | tr ' ' ':'); do
		has "${need%%:*}" "${need#*:}" || ok=0
	done
	[ "$ok" = 1 ] || dpkg_has "$p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "gradlab needs:$missing (install them with your system's package manager)" >&2
	exit 1
fi

if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	echo "gradlab needs these Debian packages:$missing" >&2
	echo "Run:  sudo apt-get install -y$missing" >&2
	exit 1
fi

echo "Installing missing packages:$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet; an install failure then retries after an update.
if ! $SUDO apt-get install -y -q --no-install-recommends $missing </dev/null; then
	$SUDO apt-get update -q </dev/null &&
		$SUDO apt-get install -y -q --no-install-recommends $missing </dev/null || {
		echo "Could not install:$missing. Run:  sudo apt-get install -y$missing" >&2
		exit 1
	}
fi
