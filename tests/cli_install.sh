# cli_install.sh: gradlab finds its lessons and exercises wherever it is run from: an
# install laid out as `make install` lays it (PREFIX/bin beside PREFIX/share/gradlab),
# staged or moved away from the PREFIX it was built for; the source tree's build/gradlab
# run from another folder. And the Makefile: what changes the binary (PREFIX, CFLAGS)
# rebuilds the objects, a missing pkg-config module is named where it is asked for, and
# `clean` removes the BUILD it is given.
. tests/lib.sh

root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work" "$t_out"' EXIT
G=$root/$GRADLAB
case $GRADLAB in /*) G=$GRADLAB ;; esac

# {==== An install where it was not built for ====
# As `make install DESTDIR=$work/stage PREFIX=/opt/gradlab-test` lays it out: the program
# does not know that folder (it was built for another PREFIX), only where it is itself.
inst=$work/stage/opt/gradlab-test
mkdir -p "$inst/bin" "$inst/share/gradlab"
cp "$G" "$inst/bin/gradlab"
cp -R lessons "$inst/share/gradlab/lessons"
cp -R exercises "$inst/share/gradlab/exercises"
cp -R solutions "$inst/share/gradlab/solutions"
mkdir "$work/elsewhere"
cd "$work/elsewhere" || exit 1
expect 0 "lessons in $inst/share/gradlab/lessons/en:" "$inst/bin/gradlab" lessons
expect 0 '^ 06 ' "$inst/bin/gradlab" lessons
expect 0 '^# ' "$inst/bin/gradlab" lessons --show 01 --lang zh
expect 0 '6/6 points' "$inst/bin/gradlab" grade --solutions activations
# Reached by a symbolic link (as from /usr/local/bin), it still finds its own folder.
ln -s "$inst/bin/gradlab" "$work/link-gradlab"
expect 0 "lessons in $inst/share/gradlab/lessons/en:" "$work/link-gradlab" lessons
# The source tree's program, run from elsewhere: the source tree's lessons.
expect 0 "lessons in $root/lessons/en:" "$G" lessons
# A lessons folder in the current folder is the one being written: it comes first.
mkdir -p "$work/elsewhere/lessons/en" "$work/elsewhere/lessons/zh"
cp "$root/tests/data/book/en/02-short.md" "$work/elsewhere/lessons/en/"
cp "$root/tests/data/book/zh/02-short.md" "$work/elsewhere/lessons/zh/"
expect 0 '^lessons in lessons/en:' "$inst/bin/gradlab" lessons
# Without lessons anywhere, the message names the folder it was built for.
rm -rf "$work/elsewhere/lessons" "$inst/share/gradlab/lessons"
built_for=$(sed -n 's/.*-DGRADLAB_DATADIR=.\(.*\). -Isrc.*/\1/p' "$(dirname "$G")/flags.stamp" \
	2>/dev/null | tr -d '"'"'")
if [ -n "$built_for" ] && [ ! -d "$built_for/lessons" ]; then
	expect 2 "$built_for/lessons/en" "$inst/bin/gradlab" lessons
fi
cd "$root" || exit 1
# }====

# {==== The Makefile ====
# One object in a build of its own: made once, then made again only when a flag changes.
unset MAKEFLAGS MFLAGS MAKELEVEL
b=$work/build
obj=$b/obj/cli/lessons_dir.o
mk() {
	make --no-print-directory BUILD="$b" "$@"
}
# unchanged: the make did not touch the object (newer than a mark made after it, or not)
unchanged() {
	touch "$work/mark"
	mk "$@" "$obj" >/dev/null 2>&1 && [ ! "$obj" -nt "$work/mark" ]
}
expect 0 'lessons_dir\.c' mk "$obj"
expect 0 '' unchanged
expect 0 "/opt/gradlab-test/share/gradlab.*lessons_dir\.c" mk PREFIX=/opt/gradlab-test "$obj"
expect 0 '' unchanged PREFIX=/opt/gradlab-test
expect 1 '' unchanged PREFIX=/opt/gradlab-test CFLAGS=-DGRADLAB_CHANGED
expect 0 '' unchanged PREFIX=/opt/gradlab-test CFLAGS=-DGRADLAB_CHANGED
expect 0 'build flags changed: rebuilding' mk "$obj"
expect 0 '' unchanged
# A pkg-config module that is not there: named before anything is compiled.
rm -f "$obj"
expect 2 'pkg-config cannot find gradlab-no-such-module' mk PKGS=gradlab-no-such-module "$obj"
expect 0 '' test ! -e "$obj"
# clean removes the BUILD it is given, and only that.
expect 0 "rm -rf $b" make --no-print-directory clean BUILD="$b"
expect 0 '' test ! -e "$b"
expect 0 '' test -e "$G"
mkdir "$work/notabuild"
echo keep >"$work/notabuild/file"
expect 0 'not look like a build folder' make --no-print-directory clean BUILD="$work/notabuild"
expect 0 '' test -e "$work/notabuild/file"
expect 2 'refusing to remove' make --no-print-directory clean BUILD=.
expect 0 '' test -e "$root/Makefile"
# }====

finish cli_install
