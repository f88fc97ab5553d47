# grade_hostile.sh: the attacks on the grader's boundary in tests/hostile/ (those with an
# @ARM@ line; each says what it "must not" achieve), graded by `gradlab grade --class` in every
# sandbox mode this machine offers, each with an assertion of what must not have happened: no
# point earned, no line of a solution and no secret in any report format, nothing on the
# terminal, nothing left behind (files, processes, IPC objects), no honest neighbour harmed,
# no hang on a file that is not a source file. Failures name the mode and the attack:
# "FAIL: [basic] exec_grader: scored 10 points, expected 0".
#
# Modes: as root, the default (namespaces where the kernel allows them), GRADLAB_SANDBOX=uid,
# basic (the grader run as nobody through setpriv) and bare (basic with GRADLAB_SANDBOX=basic:
# no user namespaces, as in a chroot); not root, basic and bare. A mode that
# cannot run says "skipped: why". GRADLAB_HOSTILE_MODES="default uid" runs only those;
# GRADLAB_HOSTILE_KEEP=1 keeps the work folder. Run from the top of the source tree with
# $GRADLAB.
#
# An attack file is inert as shipped (test_grade.c grades it as a plain wrong answer); this
# script arms it: "/* @ARM@ */" becomes a #define and every @NAME@ the test's own value
# (paths, a marker, IPC keys).
. tests/lib.sh

repo=$(pwd)
case "$GRADLAB" in
/*) grader=$GRADLAB ;;
*) grader="$repo/$GRADLAB" ;;
esac
if [ ! -x "$grader" ]; then
	echo "grade_hostile.sh: no grader at $grader (build it, or set GRADLAB)"
	exit 1
fi
work=$(mktemp -d /tmp/gradlab-attacks-XXXXXX)
chmod 711 "$work"
me=$(id -u)
left_pids=""
usr=""

# {==== Helpers ====
ok() { t_pass=$((t_pass + 1)); }
bad() {
	echo "FAIL: $*"
	t_fail=$((t_fail + 1))
}
# A number from the system's random source, for names no earlier run used.
rand() { od -An -N4 -tu4 /dev/urandom | tr -d ' '; }

# The processes whose command line or name holds $1 (pids, one a line), this shell's aside:
# /proc read in the shell, as a fresh Debian has no pgrep.
procs_with() {
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[ "$pid" = "$$" ] && continue
		c=$(tr '\0' ' ' <"$p/cmdline") 2>/dev/null
		n=$(cat "$p/comm") 2>/dev/null
		case "$c $n" in
		*"$1"*) echo "$pid" ;;
		esac
	done
}

# Points of student $2 in gradebook $1 (its only exercise), "none" if it has no row.
points() {
	[ -f "$1" ] || {
		echo none
		return
	}
	awk -F, -v s="$2" '$1 == s { print $2; found = 1 } END { if (!found) print "none" }' "$1" |
		tr -d '\r'
}

cleanup() {
	for pid in $left_pids; do
		kill -9 "$pid" 2>/dev/null
	done
	if [ -n "${GRADLAB_HOSTILE_KEEP:-}" ]; then
		echo "grade_hostile.sh: kept $work"
	else
		rm -rf "$work"
	fi
	[ -n "$usr" ] && rm -rf "$usr"
	rm -f "$t_out"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Lines of the reference solution that no public file holds (the attacks, the exercise's own
# header and starting file), long enough to be its own, free of what JSON and XML escape.
grep -hv '^[[:space:]]*$' tests/hostile/*.c exercises/gradlab_exercise.h exercises/04_rnn_step.c |
	sed 's/^[[:space:]]*//' | sort -u >"$work/public.txt"
sed 's/^[[:space:]]*//' solutions/04_rnn_step.c | grep -E '^[][A-Za-z0-9 _*+=;,.(){}/:^-]{20,}$' |
	grep -vxF -f "$work/public.txt" >"$work/solution-lines.txt"
if [ "$(wc -l <"$work/solution-lines.txt")" -lt 5 ]; then
	bad "setup: fewer than 5 lines of solutions/04_rnn_step.c to look for in reports"
fi

# The probe for IPC objects, built once: exists KEY MQ-NAME prints what is there;
# remove KEY MQ-NAME removes it.
cat >"$work/ipc_probe.c" <<'EOF'
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	int rm = strcmp(argv[1], "remove") == 0;
	key_t key = (key_t)strtol(argv[2], NULL, 10);
	int id;
	if ((id = shmget(key, 0, 0)) >= 0 && (printf("System V shared memory %d\n", (int)key), rm))
		shmctl(id, IPC_RMID, NULL);
	if ((id = semget(key + 1, 0, 0)) >= 0 && (printf("System V semaphores %d\n", (int)key + 1), rm))
		semctl(id, 0, IPC_RMID);
	if ((id = msgget(key + 2, 0)) >= 0 && (printf("System V message queue %d\n", (int)key + 2), rm))
		msgctl(id, IPC_RMID, NULL);
	mqd_t q = mq_open(argv[3], O_RDONLY);
	if (q != (mqd_t)-1) {
		printf("POSIX message queue %s\n", argv[3]);
		mq_close(q);
		if (rm)
			mq_unlink(argv[3]);
	}
	return 0;
}
EOF
cc -o "$work/ipc_probe" "$work/ipc_probe.c" || bad "setup: the IPC probe does not compile"

# The helper outside the sandbox that network_oracle asks for answers: it listens on a UDP
# port of 127.0.0.1 (the kernel's choice, written to PORTFILE) and on named UNIX sockets
# (stream, and datagram at SOCKET-dgram) anyone may reach, and appends what arrives to LOG.
cat >"$work/oracle.c" <<'EOF'
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	struct sockaddr_in in = { .sin_family = AF_INET };
	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	socklen_t len = sizeof in;
	int fds[3] = { socket(AF_INET, SOCK_DGRAM, 0), socket(AF_UNIX, SOCK_STREAM, 0),
		       socket(AF_UNIX, SOCK_DGRAM, 0) };
	struct sockaddr_un un = { .sun_family = AF_UNIX }, und = { .sun_family = AF_UNIX };
	snprintf(un.sun_path, sizeof un.sun_path, "%s", argv[2]);
	snprintf(und.sun_path, sizeof und.sun_path, "%s-dgram", argv[2]);
	if (bind(fds[0], (struct sockaddr *)&in, sizeof in) != 0 ||
	    getsockname(fds[0], (struct sockaddr *)&in, &len) != 0 ||
	    bind(fds[1], (struct sockaddr *)&un, sizeof un) != 0 || listen(fds[1], 16) != 0 ||
	    bind(fds[2], (struct sockaddr *)&und, sizeof und) != 0 || chmod(un.sun_path, 0777) ||
	    chmod(und.sun_path, 0777))
		return 1;
	FILE *port = fopen(argv[1], "w"), *log = fopen(argv[3], "a");
	if (!port || !log)
		return 1;
	fprintf(port, "%d\n", ntohs(in.sin_port));
	fclose(port);
	for (;;) {
		struct pollfd pf[3] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 },
					{ fds[2], POLLIN, 0 } };
		if (poll(pf, 3, -1) < 0)
			continue;
		for (int i = 0; i < 3; i++) {
			if (!pf[i].revents)
				continue;
			int fd = i == 1 ? accept(fds[1], NULL, NULL) : fds[i];
			char buf[600];
			ssize_t n = fd >= 0 ? recv(fd, buf, sizeof buf - 1, 0) : -1;
			if (n > 0) {
				buf[n] = '\0';
				fprintf(log, "%s: %s", i == 0 ? "UDP" : "UNIX", buf);
				fflush(log);
			}
			if (i == 1 && fd >= 0)
				close(fd);
		}
	}
}
EOF
port=""
if cc -o "$work/oracle" "$work/oracle.c"; then
	"$work/oracle" "$work/oracle.port" "$work/oracle.sock" "$work/oracle.log" &
	left_pids="$left_pids $!"
	tries=0
	while [ ! -s "$work/oracle.port" ] && [ "$tries" -lt 100 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	port=$(cat "$work/oracle.port" 2>/dev/null)
fi
[ -n "$port" ] || bad "setup: the helper that network_oracle asks does not listen"
: >>"$work/oracle.log"
# }====

# {==== Modes ====
modes=""
skip() { echo "grade_hostile.sh: skipped: $*"; }
if [ "$me" = 0 ]; then
	modes="default uid"
	if command -v setpriv >/dev/null 2>&1 &&
		setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		modes="$modes basic bare"
	else
		skip "mode basic: no setpriv here that can run the grader as nobody"
	fi
else
	modes="basic bare"
	skip "mode default (as root, with namespaces): not root"
	skip "mode uid (GRADLAB_SANDBOX=uid): not root"
fi
# GRADLAB_HOSTILE_MODES="uid basic" runs only those (when they can run here).
if [ -n "${GRADLAB_HOSTILE_MODES:-}" ]; then
	only=""
	for m in $modes; do
		case " $GRADLAB_HOSTILE_MODES " in
		*" $m "*) only="$only $m" ;;
		*) skip "mode $m: not in GRADLAB_HOSTILE_MODES" ;;
		esac
	done
	modes=$only
fi
# As root, the grader and its data folder as `make install` lays them out, under /usr (where a
# sandbox that lets system folders be read must still hide them); else in the test's folder.
usr=""
if [ "$me" = 0 ] && usr=$(mktemp -d /usr/local/share/gradlab-attacks-XXXXXX 2>/dev/null); then
	chmod 755 "$usr"
else
	usr=""
	skip "the grader installed under /usr/local/share: not root (it is in the test's folder)"
fi
# Another gradlab program installed under /usr, not the one grading (as `make install` leaves
# /usr/local/bin/gradlab beside a checkout's build/gradlab): exec_grader runs it too.
other=${usr:+$usr/other}
other=${other:-$work/other}
mkdir -p "$other/bin" && cp "$grader" "$other/bin/gradlab" && chmod -R a+rX "$other" ||
	bad "setup: cannot install another gradlab program in $other"
have_script=0
command -v script >/dev/null 2>&1 && have_script=1
[ "$have_script" = 1 ] || skip "tty_attack: no script(1) to give it a terminal of its own"
# }====

# {==== One mode ====

# arm ATTACK DEST: the attack's file with every placeholder of this mode filled in.
arm() {
	sed -e 's|^/\* @ARM@ \*/$|#define GRADLAB_ATTACK_ARMED 1|' \
		-e "s|@REPO_SOL@|$repo/solutions|g" -e "s|@WORK_SOL@|$dir/solutions|g" \
		-e "s|@SHARE_SOL@|$inst/share/gradlab/solutions|g" -e "s|@GRADER@|$inst/bin/gradlab|g" \
		-e "s|@REPO_BIN@|$grader|g" -e "s|@OTHER_BIN@|$other/bin/gradlab|g" -e "s|@SECRET_FILE@|$dir/private/secret.txt|g" \
		-e "s|@HOME@|$dir/home|g" -e "s|@MARK@|$mark|g" -e "s|@KEY@|$key|g" \
		-e "s|@CLASS@|$dir/neighbours|g" -e "s|@HONEST@|a_honest|g" \
		-e "s|@CLASSMATE@|$dir/borrow/control/04_rnn_step.c|g" \
		-e "s|@CLASSMATE_DIR@|$dir/borrow/control|g" -e "s|@PORT@|${port:-1}|g" \
		-e "s|@SOCKET@|$work/oracle.sock|g" \
		"tests/hostile/$1.c" >"$2"
	# an attack left inert, or with a placeholder unfilled, would pass every assertion
	if grep -q '^#define GRADLAB_ATTACK_ARMED 1$' "$2" && ! grep -q '@[A-Z_]*@' "$2"; then ok; else
		bad "[$mode] $1: the attack could not be armed (no @ARM@ line, or a placeholder this script does not fill)"
	fi
}

# student CLASS NAME [ATTACK]: a student folder; with ATTACK its rnn_step is that attack.
student() {
	mkdir -p "$dir/$1/$2"
	[ -n "${3:-}" ] && arm "$3" "$dir/$1/$2/04_rnn_step.c"
	return 0
}

# grade OUT CLASS ARGS...: grade a class as this mode's grader, its output to OUT, bounded by
# timeout 120 (status 124 when that fired). The environment is the test's alone, with a secret;
# the working folder the mode's own (which holds solutions/, for the relative includes).
grade() {
	out=$1
	cls=$2
	shift 2
	set -- timeout 120 env -i PATH="$inst/bin:/usr/local/bin:/usr/bin:/bin" HOME="$dir/home" \
		TMPDIR="$dir/tmp" XDG_STATE_HOME="$dir/state" LANG=C.UTF-8 \
		GRADLAB_TEST_SECRET="s3cr3t-env-$secret" $sandbox_env \
		"$inst/bin/gradlab" grade --class "$dir/$cls" --exercises "$inst/share/gradlab/exercises" \
		--no-progress "$@"
	if [ "$as_nobody" = 1 ]; then
		set -- setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	fi
	(cd "$dir" && "$@") >"$out" 2>&1 </dev/null
}

# grade_on_tty OUT CLASS ARGS...: the same on a terminal of its own (script(1)), whose
# whole output, what reached the terminal included, goes to OUT. CLASS - grades no class (ARGS
# say what).
grade_on_tty() {
	out=$1
	shift
	if [ "$have_script" = 0 ]; then
		grade "$out" "$@"
		return
	fi
	{
		printf 'cd %s &&' "'$dir'"
		printf " '%s'" timeout 120 env -i PATH="$inst/bin:/usr/local/bin:/usr/bin:/bin" \
			HOME="$dir/home" TMPDIR="$dir/tmp" XDG_STATE_HOME="$dir/state" LANG=C.UTF-8 \
			GRADLAB_TEST_SECRET="s3cr3t-env-$secret" $sandbox_env "$inst/bin/gradlab" grade \
			--exercises "$inst/share/gradlab/exercises" --no-progress
		[ "$1" = - ] || printf " '%s'" --class "$dir/$1"
		shift
		printf " '%s'" "$@"
		printf ' </dev/null\n'
	} >"$dir/on_tty.sh"
	chmod 644 "$dir/on_tty.sh"
	set -- script -qec "sh $dir/on_tty.sh" /dev/null
	if [ "$as_nobody" = 1 ]; then
		set -- setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	fi
	"$@" >"$out" 2>&1 </dev/null
}

# no_leak WHAT FILES...: no line of the solution and no secret in FILES.
no_leak() {
	what=$1
	shift
	if grep -F -f "$work/solution-lines.txt" -- "$@" >"$work/hit" 2>/dev/null; then
		bad "[$mode] $what: a line of the solution is in a report: $(head -c 160 "$work/hit" | tr -s "\n\t " "   ")"
	else
		ok
	fi
	if grep -F -e "s3cr3t-" -e "incbin-saw-" -- "$@" >"$work/hit" 2>/dev/null ||
		grep -E 'root:[^: ]*:[0-9]{4,5}:[0-9]*:[0-9]*:' -- "$@" >"$work/hit" 2>/dev/null; then
		bad "[$mode] $what: a secret (the grader's, /etc/shadow, or the embedded solution) is in a report: $(head -c 160 "$work/hit" | tr -s "\n\t " "   ")"
	else
		ok
	fi
}

# no_leak_class LABEL OUT DIR: no_leak for each student's report in DIR (named after the
# attack), then for the class's own output OUT and gradebook.
no_leak_class() {
	for f in "$3"/gradlab-reports/*; do
		s=$(basename "$f")
		no_leak "${s%%.*} ($1)" "$f"
	done
	no_leak "class output ($1)" "$2" "$3/gradebook.csv"
}

run_mode() {
	mode=$1
	dir="$work/$mode"
	n=$(rand)
	mark="gl${mode%"${mode#?}"}$n"
	up=$(echo "$mark" | tr a-z A-Z)
	key=$((1200000000 + n % 100000000))
	secret=$(rand)
	# bare: basic mode without user namespaces, as in a chroot (GRADLAB_SANDBOX=basic)
	sandbox_env=""
	[ "$mode" = uid ] && sandbox_env="GRADLAB_SANDBOX=uid"
	[ "$mode" = bare ] && sandbox_env="GRADLAB_SANDBOX=basic"
	as_nobody=0
	case $me:$mode in 0:basic | 0:bare) as_nobody=1 ;; esac
	t0=$(date +%s)

	# the grader, its exercises and solutions as installed (PREFIX/bin, PREFIX/share/gradlab;
	# under /usr/local/share as root), a copy of the solutions beside the classes, private
	# files of the grader's user
	inst=${usr:+$usr/$mode}
	inst=${inst:-$dir}
	mkdir -p "$inst/bin" "$inst/share/gradlab" "$dir/tmp" "$dir/state" "$dir/home/.ssh" \
		"$dir/private"
	cp "$grader" "$inst/bin/gradlab"
	cp -R exercises "$inst/share/gradlab/exercises"
	cp -R solutions "$inst/share/gradlab/solutions"
	cp -R solutions "$dir/solutions"
	echo "s3cr3t-file-$secret" >"$dir/private/secret.txt"
	echo "s3cr3t-ssh-$secret" >"$dir/home/.ssh/id_gradlab"
	chmod 700 "$dir/private" "$dir/home" "$dir/home/.ssh"
	chmod 600 "$dir/private/secret.txt" "$dir/home/.ssh/id_gradlab"

	# Class "borrow": every way to the points, the leftovers, and a control with the solution.
	for a in include_solution_abs include_solution_rel include_classmate \
		compile_solution_at_run_time exec_grader grader_in_memory leave_behind network_oracle; do
		student borrow "$a" "$a"
	done
	student borrow solution_alias_abs
	ln -s "$dir/solutions/04_rnn_step.c" "$dir/borrow/solution_alias_abs/04_rnn_step.c"
	student borrow solution_alias_repo
	ln -s "$repo/solutions/04_rnn_step.c" "$dir/borrow/solution_alias_repo/04_rnn_step.c"
	student borrow solution_alias_rel
	ln -s ../../solutions/04_rnn_step.c "$dir/borrow/solution_alias_rel/04_rnn_step.c"
	# a regular file, reached through a folder that is a link: to the solutions folder
	# (the student's exercises/ folder), and the student's own folder
	student borrow folder_alias
	ln -s "$dir/solutions" "$dir/borrow/folder_alias/exercises"
	ln -s "$dir/solutions" "$dir/borrow/student_alias"
	student borrow control
	cp solutions/04_rnn_step.c "$dir/borrow/control/"

	# Class "secrets": reading what the grader knows or a solution holds, the terminal, and a
	# control; graded in every report format.
	for a in read_secrets compile_secret_leak incbin_solution include_solution_leak \
		read_solution_at_run_time; do
		student secrets "$a" "$a"
	done
	# without a terminal of its own to attack, it would reach for the one running the tests
	[ "$have_script" = 1 ] && student secrets tty_attack tty_attack
	student secrets proc_environ
	ln -s /proc/self/environ "$dir/secrets/proc_environ/04_rnn_step.c"
	student secrets control
	cp solutions/04_rnn_step.c "$dir/secrets/control/"

	# Class "neighbours": an honest, slow, correct student beside hostile ones.
	student neighbours a_honest
	cat >"$dir/neighbours/a_honest/04_rnn_step.c" <<'EOF'
/* Correct, and slow on purpose: about 0.2 s of fixed extra work in each process. */
#include "gradlab_exercise.h"

#include <math.h>

static void think(void)
{
	static int done;
	volatile double s = 0;
	if (done++)
		return;
	for (long i = 0; i < 15000000L; i++)
		s += 1e-9;
}

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	think();
	for (int b = 0; b < B; b++)
		for (int j = 0; j < H; j++) {
			double a = b_ih[j] + b_hh[j];
			for (int k = 0; k < I; k++)
				a += x[b * I + k] * W_ih[j * I + k];
			for (int k = 0; k < H; k++)
				a += h_prev[b * H + k] * W_hh[j * H + k];
			h_next[b * H + j] = tanh(a);
		}
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
	think();
	for (int b = 0; b < B; b++)
		for (int j = 0; j < H; j++) {
			double h = h_next[b * H + j];
			double delta = dh_next[b * H + j] * (1.0 - h * h);
			for (int k = 0; k < I; k++) {
				dW_ih[j * I + k] += delta * x[b * I + k];
				dx[b * I + k] += delta * W_ih[j * I + k];
			}
			for (int k = 0; k < H; k++) {
				dW_hh[j * H + k] += delta * h_prev[b * H + k];
				dh_prev[b * H + k] += delta * W_hh[j * H + k];
			}
			db_ih[j] += delta;
			db_hh[j] += delta;
		}
}
EOF
	# a second honest student, graded after the hostile ones
	student neighbours z_honest
	cp "$dir/neighbours/a_honest/04_rnn_step.c" "$dir/neighbours/z_honest/"
	cp "$dir/neighbours/a_honest/04_rnn_step.c" "$work/honest.c"
	student neighbours b_hostile neighbour_hostile
	student neighbours c_crash
	cp tests/hostile/segfault.c "$dir/neighbours/c_crash/04_rnn_step.c"
	student neighbours d_allocation
	cp tests/hostile/huge_allocation.c "$dir/neighbours/d_allocation/04_rnn_step.c"
	# Class "killer": an honest student beside one that kills the grader.
	student killer a_honest
	cp "$work/honest.c" "$dir/killer/a_honest/04_rnn_step.c"
	student killer b_kill_grader kill_grader

	# Class "badfiles": files that are not source files, beside a good student.
	student badfiles good
	cp solutions/04_rnn_step.c "$dir/badfiles/good/"
	student badfiles fifo
	mkfifo "$dir/badfiles/fifo/04_rnn_step.c"
	student badfiles dev_zero
	ln -s /dev/zero "$dir/badfiles/dev_zero/04_rnn_step.c"
	if [ "$me" = 0 ]; then
		student badfiles char_device
		mknod "$dir/badfiles/char_device/04_rnn_step.c" c 1 5
	fi
	student badfiles big
	cp solutions/04_rnn_step.c "$dir/badfiles/big/"
	truncate -s 50M "$dir/badfiles/big/04_rnn_step.c"
	student badfiles missing

	if [ "$as_nobody" = 1 ]; then
		chown -R 65534:65534 "$dir"
	fi
	chmod 711 "$dir"

	# {==== borrowing the answer, leaving things behind ====
	grade "$dir/borrow.out" borrow rnn_step --format json --timeout 20 --jobs 2 --seed 11
	rc=$?
	book="$dir/borrow/gradebook.csv"
	if [ "$rc" = 124 ]; then
		bad "[$mode] borrow: the class run did not end within 120 s"
	fi
	if [ "$(points "$book" control)" = 10 ]; then ok; else
		bad "[$mode] borrow: the control (the solution itself) did not score 10: $(points "$book" control); the run: $(head -c 300 "$dir/borrow.out" | tr -s "\n" " ")"
	fi
	for s in include_solution_abs include_solution_rel include_classmate \
		compile_solution_at_run_time exec_grader grader_in_memory leave_behind network_oracle \
		folder_alias \
		student_alias solution_alias_abs \
		solution_alias_repo solution_alias_rel; do
		p=$(points "$book" "$s")
		case $s:$p in
		*:0) ok ;;
		student_alias:none) # a folder that is a link is no student's own work: said so
			if grep -q 'student_alias is a symbolic link; not graded' "$dir/borrow.out"; then
				ok
			else
				bad "[$mode] student_alias: left out without a word"
			fi
			;;
		*) bad "[$mode] $s: scored $p points, expected 0" ;;
		esac
	done
	for s in solution_alias_abs solution_alias_repo solution_alias_rel; do
		if grep -Eqi '(symbolic|sym)[ -]?link|is a link|not a regular file|链接' \
			"$dir/borrow/gradlab-reports/$s.json" 2>/dev/null; then ok; else
			bad "[$mode] $s: the report does not say the file is a symbolic link"
		fi
	done
	no_leak_class "json report" "$dir/borrow.out" "$dir/borrow"
	# network_oracle: nothing of it reached the helper outside
	if grep -F "$mark" "$work/oracle.log" >"$work/hit"; then
		bad "[$mode] network_oracle: it reached a process outside the sandbox: $(head -n 3 "$work/hit" | tr '\n' ';')"
	else
		ok
	fi

	# leave_behind: nothing of it once grading is over; a killed process may take a moment
	# to go, a daemon never does. Without root and without user namespaces (a chroot refuses
	# them) the grader says so in every report, and a daemon or a System V object of the
	# learner's own user is what exercises/README.md says that mode cannot stop: said here,
	# cleaned up, not counted.
	bare=0
	grep -qs '"sandbox": "[^"]*(not root, no user' "$dir"/*/gradlab-reports/*.json && bare=1
	limit() {
		if [ "$bare" = 1 ]; then
			echo "known limit: [$mode] without user namespaces: $1"
		else
			bad "[$mode] $1"
		fi
	}
	tries=0
	left=$(procs_with "$mark")
	while [ -n "$left" ] && [ "$tries" -lt 3 ]; do
		sleep 1
		tries=$((tries + 1))
		left=$(procs_with "$mark")
	done
	if [ -z "$left" ]; then ok; else
		limit "leave_behind: processes outlived grading: $(echo $left)"
		left_pids="$left_pids $left"
		for pid in $left; do kill -9 "$pid" 2>/dev/null; done
	fi
	found=""
	for d in /tmp /dev/shm /var/tmp /run/lock "$dir/home"; do
		for f in "$d/$mark"*; do
			[ -e "$f" ] && found="$found $f" && rm -rf "$f"
		done
	done
	if [ -z "$found" ]; then ok; else bad "[$mode] leave_behind (or another attack): files outlived grading:$found"; fi
	for kind in shm sem msg; do
		if [ -r "/proc/sysvipc/$kind" ] &&
			awk -v a="$key" -v b="$((key + 1))" -v c="$((key + 2))" \
				'NR > 1 && ($1 == a || $1 == b || $1 == c) { f = 1 } END { exit !f }' \
				"/proc/sysvipc/$kind"; then
			limit "leave_behind: a System V $kind object (key $key..$((key + 2))) outlived grading"
		else
			ok
		fi
	done
	ipc=$("$work/ipc_probe" remove "$key" "/$mark-mq")
	if [ -z "$ipc" ]; then ok; else limit "leave_behind: IPC objects outlived grading: $ipc"; fi
	# }====

	# {==== secrets and the terminal, in every report format ====
	for fmt in text json junit tap gradescope; do
		grade_on_tty "$dir/secrets-$fmt.out" secrets rnn_step --format "$fmt" \
			--out "$dir/secrets-$fmt" --timeout 20 --jobs 2
		rc=$?
		[ "$rc" = 124 ] && bad "[$mode] secrets ($fmt): the class run did not end within 120 s"
		if [ "$(points "$dir/secrets-$fmt/gradebook.csv" control)" = 10 ]; then ok; else
			bad "[$mode] secrets ($fmt): the control did not score 10; the run: $(head -c 300 "$dir/secrets-$fmt.out" | tr -s "\n" " ")"
		fi
		no_leak_class "$fmt report" "$dir/secrets-$fmt.out" "$dir/secrets-$fmt"
		[ "$have_script" = 1 ] || continue
		for tag in TTY FDTTY PROCFD STI; do
			if grep -q -- "$tag-$up" "$dir/secrets-$fmt.out"; then
				bad "[$mode] tty_attack ($fmt): its $tag write reached the terminal"
			else
				ok
			fi
		done
		if grep -Eq 'attack: (/dev/tty opened|TIOCSTI pushed|descriptor [0-9]+ is a tty|a parent.s descriptor)' \
			"$dir/secrets-$fmt"/gradlab-reports/tty_attack.*; then
			bad "[$mode] tty_attack ($fmt): it reports reaching a terminal: $(grep -Eo 'attack: [^"\\]*' "$dir/secrets-$fmt"/gradlab-reports/tty_attack.* | head -n 3 | tr '\n' ';')"
		else
			ok
		fi
	done
	# one learner's report on the terminal: what the code printed is shown there, without the
	# escape sequences it holds
	if [ "$have_script" = 1 ]; then
		grade_on_tty "$dir/tty-one.out" - rnn_step --submission "$dir/secrets/tty_attack" \
			--timeout 20
		esc=$(printf '\033')
		if grep -q "$esc][0-9];OSC-$up" "$dir/tty-one.out" "$dir"/secrets-text/gradlab-reports/tty_attack.txt; then
			bad "[$mode] tty_attack: an escape sequence it printed reached the terminal (or the text report) as it is"
		else
			ok
		fi
		if grep -q "OSC-$up" "$dir/tty-one.out"; then ok; else
			bad "[$mode] tty_attack: its output is not in the report on the terminal at all (the check above proves nothing): $(head -c 200 "$dir/tty-one.out" | tr -s '\n' ' ')"
		fi
	fi
	for s in read_secrets compile_secret_leak tty_attack proc_environ incbin_solution \
		include_solution_leak read_solution_at_run_time; do
		[ -d "$dir/secrets/$s" ] || continue
		p=$(points "$dir/secrets-json/gradebook.csv" "$s")
		if [ "$p" = 0 ]; then ok; else bad "[$mode] $s: scored $p points, expected 0"; fi
	done
	# }====

	# {==== neighbours ====
	grade "$dir/neighbours.out" neighbours rnn_step --timeout 20 --jobs 2
	rc=$?
	[ "$rc" = 124 ] && bad "[$mode] neighbours: the class run did not end within 120 s"
	for s in a_honest z_honest; do
		p=$(points "$dir/neighbours/gradebook.csv" $s)
		if [ "$p" = 10 ]; then ok; else
			bad "[$mode] neighbour_hostile: the honest student $s scored $p, expected 10: $(grep -v '^ *|' "$dir/neighbours/gradlab-reports/$s.txt" 2>/dev/null | head -n 4 | tr '\n' ' ')"
		fi
		if cmp -s "$work/honest.c" "$dir/neighbours/$s/04_rnn_step.c"; then ok; else
			bad "[$mode] neighbour_hostile: it changed the honest student $s's file"
		fi
	done
	found=""
	for f in /tmp/"$mark"-spam-* /dev/shm/"$mark"-spam-* /var/tmp/"$mark"-spam-* \
		"$dir/neighbours/$mark"-spam-* "$dir/neighbours/a_honest/$mark"-spam-*; do
		[ -e "$f" ] && found="$found $f" && rm -f "$f"
	done
	if [ -z "$found" ]; then ok; else
		bad "[$mode] neighbour_hostile: files outlived grading (in the class, a classmate's folder or a shared one): $(echo $found | cut -c1-200)"
	fi
	p=$(points "$dir/neighbours/gradebook.csv" b_hostile)
	if [ "$p" = 0 ]; then ok; else bad "[$mode] neighbour_hostile: scored $p points, expected 0"; fi
	# }====

	# {==== a student that kills the grader ====
	grade "$dir/killer.out" killer rnn_step --timeout 20 --jobs 2
	rc=$?
	case $rc in
	0 | 1) ok ;;
	124) bad "[$mode] kill_grader: the class run did not end within 120 s" ;;
	*) bad "[$mode] kill_grader: the class run ended with status $rc: $(tail -n 2 "$dir/killer.out" | tr '\n' ' ')" ;;
	esac
	p=$(points "$dir/killer/gradebook.csv" a_honest)
	if [ "$p" = 10 ]; then ok; else bad "[$mode] kill_grader: the honest student beside it scored $p, expected 10"; fi
	p=$(points "$dir/killer/gradebook.csv" b_kill_grader)
	if [ "$p" = 0 ]; then ok; else bad "[$mode] kill_grader: scored $p points, expected 0"; fi
	# }====

	# {==== files that are not source files ====
	# A FIFO, /dev/zero, a device, a 50 MB file, no file: each refused at once, that
	# student's failure alone. A grader that hangs on them costs 120 s a mode: once is enough.
	if [ -n "$badfiles_hung" ]; then
		echo "grade_hostile.sh: skipped: mode $mode: the bad files (they hung the $badfiles_hung mode)"
		took=0
	else
		start=$(date +%s)
		grade "$dir/badfiles.out" badfiles rnn_step --timeout 20 --jobs 2
		rc=$?
		took=$(($(date +%s) - start))
		if [ "$rc" = 124 ]; then
			bad "[$mode] badfiles: the class run hung (timeout 120 fired)"
			badfiles_hung=$mode
		else
			ok
			# refused, not waited out: a good student and five refusals take a few seconds
			if [ "$took" -lt 60 ]; then ok; else
				bad "[$mode] badfiles: grading them took $took s: something waited instead of refusing"
				badfiles_hung=$mode
			fi
			p=$(points "$dir/badfiles/gradebook.csv" good)
			if [ "$p" = 10 ]; then ok; else bad "[$mode] badfiles: the good student beside them scored $p, expected 10"; fi
			for s in fifo dev_zero char_device big missing; do
				[ -d "$dir/badfiles/$s" ] || continue
				p=$(points "$dir/badfiles/gradebook.csv" "$s")
				if [ "$p" = 0 ]; then ok; else bad "[$mode] badfile $s: scored $p, expected 0"; fi
				r="$dir/badfiles/gradlab-reports/$s.txt"
				if [ -s "$r" ]; then ok; else bad "[$mode] badfile $s: no report says what is wrong with it"; fi
				if grep -Eqi 'timed out|took longer|did not finish' "$r"; then
					bad "[$mode] badfile $s: waited out instead of refused: $(sed -n 2,3p "$r" | tr -s ' ' | tr '\n' ' ')"
				else
					ok
				fi
			done
		fi
	fi
	echo "grade_hostile.sh: mode $mode: badfiles graded in ${took} s; the mode took $(($(date +%s) - t0)) s"
	# }====

	# Nothing of this mode still running: no process names its folder.
	left=$(procs_with "$dir")
	if [ -z "$left" ]; then ok; else
		bad "[$mode] processes of this mode outlived it: $(echo $left)"
		left_pids="$left_pids $left"
	fi
}
# }====

badfiles_hung=""
for m in $modes; do
	run_mode "$m"
done
finish grade_hostile.sh
