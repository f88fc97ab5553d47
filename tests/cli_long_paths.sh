# cli_long_paths.sh: a path that does not fit PATH_MAX is refused with a message naming it
# (its start, its end and its length), never cut short: a cut path names another file, and
# the message would name a folder the user never gave.
. tests/lib.sh

case $GRADLAB in /*) ;; *) GRADLAB=$(pwd)/$GRADLAB ;; esac
base=$(mktemp -d)
trap 'rm -rf "$base" "$t_out"' EXIT
cd "$base" || exit 1

# --dir whose DIR/en is past PATH_MAX: listing and --show both refuse it, exit 2, the
# message ending in the /en the command would have read.
long=$(printf "$base/%04089d" 0)
expect 2 '^gradlab lessons: --dir: the path .*\.\.\..*0/en is [0-9]+ bytes, longer than the [0-9]+ a path may have here$' \
	"$GRADLAB" lessons --dir "$long"
expect 2 '^gradlab lessons: --dir: the path .*0/en is [0-9]+ bytes, longer than' \
	"$GRADLAB" lessons --dir "$long" --show 1

# A real folder whose en/ fits but whose lesson's path does not: 15 names of 255 bytes and
# one of 240 make a relative DIR of 4080 bytes, DIR/en 4083, DIR/en/01-a-lesson.md 4098.
seg=$(printf '%0255d' 0)
deep=$seg/$seg/$seg/$seg/$seg/$seg/$seg/$seg/$seg/$seg/$seg/$seg/$seg/$seg/$seg/$(printf '%0240d' 0)
mkdir -p "$deep/en" || exit 1
# cd one name at a time: the shell's own path of the folder is past PATH_MAX.
(
	IFS=/
	where=$deep/en
	for d in $where; do cd -P "$d" || exit 1; done
	printf '# A lesson\n\nSome prose.\n' >01-a-lesson.md
) || exit 1
expect 2 '^ 01      -        -  \(the path .*/en/01-a-lesson\.md is 4098 bytes, longer than the 4095' \
	"$GRADLAB" lessons --dir "$deep"
expect 2 '^gradlab lessons: --show: the path .*/en/01-a-lesson\.md is 4098 bytes, longer than the 4095' \
	"$GRADLAB" lessons --dir "$deep" --show 01
finish cli_long_paths
