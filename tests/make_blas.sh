# make_blas.sh: the Makefile's BLAS switch. BLAS=auto takes OpenBLAS when pkg-config finds
# it and the own kernel when it does not; BLAS=openblas without it stops, naming it; BLAS=own
# leaves it out; an unknown value is refused; the choice is in the flags stamp, so switching
# rebuilds. pkg-config is shown a folder of its own, holding the .pc files of the libraries
# gradlab always needs and, or not, OpenBLAS's.
. tests/lib.sh

work=$(mktemp -d)
trap 'rm -rf "$work" "$t_out"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL BLAS
b=$work/build
obj=$b/obj/core/blas.o
pc=$work/pc
mkdir "$pc"
for m in ncursesw json-c cmocka openblas; do
	f=$(pkg-config --variable=pcfiledir "$m" 2>/dev/null)/$m.pc
	[ -f "$f" ] && cp "$f" "$pc/"
done
mk() {
	PKG_CONFIG_LIBDIR=$pc PKG_CONFIG_PATH= make --no-print-directory BUILD="$b" "$@"
}
stamp_says() {
	grep -q -- "BLAS=$1 " "$b/flags.stamp"
}

expect 2 'BLAS=fast: say auto, openblas or own' mk BLAS=fast "$obj"
expect 0 '' test ! -e "$obj"

# Without OpenBLAS: auto takes the own kernel, openblas stops before compiling anything.
rm -f "$pc/openblas.pc"
expect 0 'blas\.c' mk "$obj"
expect 0 '' stamp_says own
expect 1 '' grep -q GRADLAB_OPENBLAS "$b/flags.stamp"
rm -rf "$b"
expect 2 'pkg-config cannot find openblas' mk BLAS=openblas "$obj"
expect 0 '' test ! -e "$obj"

# With it (when this machine has it): auto and openblas take it, own leaves it out, and each
# switch rebuilds.
f=$(pkg-config --variable=pcfiledir openblas 2>/dev/null)/openblas.pc
if [ -f "$f" ]; then
	cp "$f" "$pc/"
	expect 0 'GRADLAB_OPENBLAS.*blas\.c' mk "$obj"
	expect 0 '' stamp_says openblas
	expect 0 'build flags changed: rebuilding' mk BLAS=own "$obj"
	expect 0 '' stamp_says own
	expect 1 '' grep -q GRADLAB_OPENBLAS "$b/flags.stamp"
	expect 0 'build flags changed: rebuilding' mk BLAS=openblas "$obj"
	expect 0 '' stamp_says openblas
fi

finish make_blas
