#!/bin/sh
# deps.sh: make sure the Debian packages gradlab builds and tests with are installed.
# Called by `make run` and `make test` before they build. Installs what is missing when it
# runs as root or with password-less sudo; otherwise prints the one command to run.
set -u

# fonts-wqy-zenhei: a CJK font, without which gnuplot draws Chinese captions in PNGs as boxes.
PACKAGES="gcc make pkg-config libncurses-dev libcmocka-dev libjson-c-dev gnuplot-nox fonts-wqy-zenhei tmux python3"

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
	command -v gnuplot >/dev/null 2>&1 || missing="$missing gnuplot"
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
