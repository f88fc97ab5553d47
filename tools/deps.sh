#!/bin/sh
# deps.sh [fuzz] [--list]: make sure the Debian packages gradlab builds and tests with are
# installed. Called by `make run` and `make test` before they build, and with `fuzz` by
# `make fuzz`. Installs what is missing when it runs as root or with password-less sudo;
# otherwise prints the one command to run. --list prints the packages, one a line, and does
# nothing else (tests/deps_readme.sh checks that the README names the same ones).
set -u

# To build: the compiler, and the libraries' headers.
BUILD="gcc make pkg-config libncurses-dev libcmocka-dev libjson-c-dev"
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

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing="$missing $p"
	done
else
	# Not Debian: trust pkg-config and the PATH, and say what is needed if they disagree.
	for lib in ncursesw cmocka json-c; do
		pkg-config --exists "$lib" 2>/dev/null || missing="$missing $lib"
	done
	for prog in gnuplot fc-list tmux python3 prove timeout setsid; do
		command -v "$prog" >/dev/null 2>&1 || missing="$missing $prog"
	done
	case " $PACKAGES " in
	*" clang "*) command -v clang >/dev/null 2>&1 || missing="$missing clang" ;;
	esac
	if [ -n "$missing" ]; then
		echo "gradlab needs:$missing (install them with your system's package manager)" >&2
		exit 1
	fi
	exit 0
fi

[ -z "$missing" ] && exit 0

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
