/* test_progress: the progress store (src/learn/progress.c). The default folder from
 * XDG_STATE_HOME and HOME; a round trip of every field through the file; atomic writes
 * that leave no temporary file; a corrupt, foreign, newer or unreadable file set aside
 * with a reason, never a crash, and kept byte for byte; what is not a regular file (a FIFO,
 * a folder, a link) refused and left alone; the size limit on reading and on writing;
 * numbers out of range refused, counters saturated; stale temporary files removed; a file
 * that cannot be set aside left as it is; saving off when there is no folder; fields of the
 * wrong type read as absent; first tries kept once, a revealed answer never right at the
 * first try, and files from before first tries were kept read as they can be; and every
 * out-of-memory point of opening. */
#include "test_util.h"
#include "state_seeds.h"

#include "core/file.h"
#include "core/mem.h"
#include "learn/progress.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/gradlab-progress-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *slurp(const char *path)
{
	size_t n;
	return slurp_n(path, &n);
}

/* The names in dir, sorted, joined by spaces. */
static char *listing(const char *path)
{
	static char out[1024];
	char *names[32];
	int n = 0;
	DIR *d = opendir(path);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) && n < 32)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				char *t = names[i];
				names[i] = names[j];
				names[j] = t;
			}
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		strcat(out, i ? " " : "");
		strcat(out, names[i]);
		free(names[i]);
	}
	return out;
}

static void test_default_dir(void **state)
{
	(void)state;
	char buf[256];
	setenv("XDG_STATE_HOME", "/x/state", 1);
	setenv("HOME", "/home/me", 1);
	assert_int_equal(progress_default_dir(buf, sizeof buf), 0);
	assert_string_equal(buf, "/x/state/gradlab");
	setenv("XDG_STATE_HOME", "relative/ignored", 1);
	assert_int_equal(progress_default_dir(buf, sizeof buf), 0);
	assert_string_equal(buf, "/home/me/.local/state/gradlab");
	unsetenv("XDG_STATE_HOME");
	assert_int_equal(progress_default_dir(buf, sizeof buf), 0);
	assert_string_equal(buf, "/home/me/.local/state/gradlab");
	unsetenv("HOME");
	assert_int_equal(progress_default_dir(buf, sizeof buf), -1);
	assert_int_equal(progress_default_dir(buf, 4), -1);
	/* Opening with no folder at all works, without saving. */
	ProgressNote note;
	Progress *p = progress_open(NULL, &note);
	assert_non_null(p);
	assert_int_equal(note.opened, PROGRESS_NO_SAVE);
	assert_non_null(strstr(note.reason, "neither XDG_STATE_HOME nor HOME"));
	assert_null(progress_dir(p));
	progress_set_lang(p, "zh");
	assert_int_equal(progress_save(p), ST_OK);
	progress_free(p);
	/* A HOME too long for a path is said as that, not as a HOME that is missing. */
	char *home = malloc(5001);
	assert_non_null(home);
	memset(home, 'h', 5000);
	home[0] = '/';
	home[5000] = '\0';
	setenv("HOME", home, 1);
	free(home);
	p = progress_open(NULL, &note);
	assert_non_null(p);
	assert_int_equal(note.opened, PROGRESS_NO_SAVE);
	assert_non_null(strstr(note.reason, "too long"));
	progress_free(p);
	setenv("HOME", "/root", 1);
}

static void test_round_trip(void **state)
{
	(void)state;
	char sub[128];
	snprintf(sub, sizeof sub, "%s/a/b/gradlab", dir);
	ProgressNote note;
	Progress *p = progress_open(sub, &note);
	assert_non_null(p);
	assert_int_equal(note.opened, PROGRESS_NEW);
	struct stat sb;
	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_null(progress_lang(p));
	progress_set_lang(p, "zh");
	progress_set_last(p, "01-activations", 1);
	progress_set_visited(p, "01-activations");
	progress_set_position(p, "01-activations", "zh", 38, 3);
	progress_set_position(p, "01-activations", "en", 40, 3);
	progress_set_quiz(p, "01-activations", "q1", "0.25", 1);
	progress_set_quiz(p, "01-activations", "q2", "0.3", 0);
	progress_set_quiz(p, "01-activations", "q2", "0.786", 1);
	progress_set_quiz(p, "01-activations", "q3", "a", 0);
	assert_int_equal(progress_save(p), ST_OK);
	progress_free(p);
	assert_string_equal(listing(sub), "progress.json");   /* no temporary file left */

	p = progress_open(sub, &note);
	assert_int_equal(note.opened, PROGRESS_LOADED);
	assert_string_equal(progress_lang(p), "zh");
	int in_reader;
	assert_string_equal(progress_last(p, &in_reader), "01-activations");
	assert_true(in_reader);
	assert_true(progress_visited(p, "01-activations"));
	assert_false(progress_visited(p, "02-other"));
	int block = -1, cell = -1;
	assert_true(progress_position(p, "01-activations", "en", &block, &cell));
	assert_int_equal(block, 40);
	assert_int_equal(cell, 3);
	assert_true(progress_position(p, "01-activations", "zh", &block, &cell));
	assert_int_equal(block, 38);
	block = 7;
	assert_false(progress_position(p, "02-other", "en", &block, &cell));
	assert_int_equal(block, 7);
	assert_int_equal(cell, -1);
	const char *answer;
	int correct, tries;
	assert_true(progress_quiz(p, "01-activations", "q2", &answer, &correct, &tries));
	assert_string_equal(answer, "0.786");
	assert_true(correct);
	assert_int_equal(tries, 2);
	assert_false(progress_quiz(p, "01-activations", "q9", &answer, &correct, NULL));
	assert_int_equal(progress_correct(p, "01-activations"), 2);
	assert_int_equal(progress_correct(p, "02-other"), 0);
	/* Nothing changed: nothing written. */
	progress_set_lang(p, "zh");
	char file[160];
	snprintf(file, sizeof file, "%s/progress.json", sub);
	unlink(file);
	assert_int_equal(progress_save(p), ST_OK);
	assert_int_not_equal(access(file, F_OK), 0);
	progress_set_last(p, "01-activations", 0);
	assert_int_equal(progress_save(p), ST_OK);
	assert_int_equal(access(file, F_OK), 0);
	progress_free(p);
	progress_free(NULL);
}

/* Each broken file is moved aside with the reason, and the store starts afresh. */
static void test_set_aside(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *reason;
	} cases[] = {
		{ "{\"lang\": \"zh\",\n  \"lessons\": {", "line 2, column" },
		{ "[1, 2, 3]", "not a JSON object" },
		{ "{\"version\": 2}", "version 2" },
		{ "{\"version\": \"one\"}", "\"version\" is not a number" },
		{ "{\"lessons\": []}", "\"lessons\" is not an object" },
		{ "", "empty" },
		{ "{\"a\": 1} trailing", "line 1, column 10" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_file("progress.json", cases[i].text);
		ProgressNote note;
		Progress *p = progress_open(dir, &note);
		assert_non_null(p);
		if (note.opened != PROGRESS_SET_ASIDE || !strstr(note.reason, cases[i].reason))
			fail_msg("case %zu: opened %d, reason \"%s\", expected \"%s\"", i, note.opened,
				 note.reason, cases[i].reason);
		assert_non_null(strstr(note.moved_to, "progress.json.corrupt-"));
		assert_int_equal(access(note.moved_to, F_OK), 0);
		assert_int_not_equal(access(note.file, F_OK), 0);
		assert_null(progress_lang(p));
		progress_set_lang(p, "en");
		assert_int_equal(progress_save(p), ST_OK);
		progress_free(p);
		unlink(note.moved_to);
	}
	/* Two in the same second get different names. */
	write_file("progress.json", "nonsense");
	ProgressNote a, b;
	progress_free(progress_open(dir, &a));
	write_file("progress.json", "nonsense");
	progress_free(progress_open(dir, &b));
	assert_int_equal(a.opened, PROGRESS_SET_ASIDE);
	assert_int_equal(b.opened, PROGRESS_SET_ASIDE);
	assert_string_not_equal(a.moved_to, b.moved_to);
}

/* What is not a regular file (a folder, a FIFO, a symbolic link) is refused by name and
 * left exactly where it is: never read (a FIFO would block for ever), moved or written
 * over, and saving is off. alarm: a hang fails the test instead of stalling the suite. */
static void test_not_regular(void **state)
{
	(void)state;
	char path[128], target[128];
	snprintf(path, sizeof path, "%s/progress.json", dir);
	snprintf(target, sizeof target, "%s/elsewhere.json", dir);
	write_file("elsewhere.json", "{\"lang\": \"zh\"}");
	static const char *const kinds[] = { "a folder", "a FIFO", "a symbolic link" };
	for (int i = 0; i < 3; i++) {
		int made = i == 0   ? mkdir(path, 0700)
			   : i == 1 ? mkfifo(path, 0600)
				    : symlink(target, path);
		assert_int_equal(made, 0);
		alarm(20);
		ProgressNote note;
		Progress *p = progress_open(dir, &note);
		alarm(0);
		assert_non_null(p);
		if (note.opened != PROGRESS_NO_SAVE || !strstr(note.reason, path) ||
		    !strstr(note.reason, kinds[i]))
			fail_msg("%s: opened %d, reason \"%s\"", kinds[i], note.opened, note.reason);
		assert_null(progress_lang(p)); /* the link's target was not read */
		progress_set_lang(p, "en");
		assert_int_equal(progress_save(p), ST_OK);
		progress_free(p);
		struct stat sb;
		assert_int_equal(lstat(path, &sb), 0);
		assert_true(i == 0 ? S_ISDIR(sb.st_mode) : i == 1 ? S_ISFIFO(sb.st_mode)
								   : S_ISLNK(sb.st_mode));
		assert_string_equal(listing(dir), "elsewhere.json progress.json");
		if (i == 0)
			rmdir(path);
		else
			unlink(path);
	}
	char *kept = slurp(target);
	assert_string_equal(kept, "{\"lang\": \"zh\"}");
	free(kept);
}

/* A corrupt, foreign or oversized file is kept, byte for byte, as the copy the note names;
 * a file of exactly the limit is read. */
static void test_kept_byte_for_byte(void **state)
{
	(void)state;
	size_t big = PROGRESS_MAX_BYTES + 1;
	char *oversize = malloc(big + 1);
	assert_non_null(oversize);
	memset(oversize, ' ', big);
	memcpy(oversize, "{\"lang\": \"zh\"}", 14);
	oversize[big] = '\0';
	const char *texts[] = { "{\"lang\": \"zh\", \"lessons\": {\"x\": {\"cell\": 3,\n\x01\xff",
				"{\"version\": 2, \"lang\": \"zh\", \"future\": [1, 2]}\n", oversize };
	const char *reasons[] = { "line 2", "version 2", "larger than 4194304 bytes" };
	for (int i = 0; i < 3; i++) {
		write_file("progress.json", texts[i]);
		ProgressNote note;
		Progress *p = progress_open(dir, &note);
		if (note.opened != PROGRESS_SET_ASIDE || !strstr(note.reason, reasons[i]))
			fail_msg("case %d: opened %d, reason \"%s\"", i, note.opened, note.reason);
		size_t n;
		char *copy = slurp_n(note.moved_to, &n);
		assert_int_equal(n, strlen(texts[i]));
		assert_memory_equal(copy, texts[i], n);
		free(copy);
		progress_free(p);
		unlink(note.moved_to);
	}
	/* Exactly the limit: read. */
	oversize[big - 1] = '\0';
	write_file("progress.json", oversize);
	ProgressNote note;
	Progress *p = progress_open(dir, &note);
	assert_int_equal(note.opened, PROGRESS_LOADED);
	assert_string_equal(progress_lang(p), "zh");
	progress_free(p);
	free(oversize);
}

/* Saving never writes what the next start would refuse: a store past the limit is not
 * written (the file on disk stays), and every file that is written opens again. */
static void test_size_limit_on_write(void **state)
{
	(void)state;
	ProgressNote note;
	Progress *p = progress_open(dir, &note);
	progress_set_lang(p, "zh");
	assert_int_equal(progress_save(p), ST_OK);
	char file[128];
	snprintf(file, sizeof file, "%s/progress.json", dir);
	char *before = slurp(file);
	size_t chunk = PROGRESS_MAX_BYTES / 4;
	char *answer = malloc(chunk + 1);
	assert_non_null(answer);
	memset(answer, '7', chunk);
	answer[chunk] = '\0';
	int refused = 0;
	for (int i = 0; i < 6; i++) {
		char id[16];
		snprintf(id, sizeof id, "q%d", i);
		progress_set_quiz(p, "x", id, answer, 0);
		Status st = progress_save(p);
		if (st == ST_OK) {
			ProgressNote again;
			Progress *q = progress_open(dir, &again);
			assert_int_equal(again.opened, PROGRESS_LOADED);
			progress_free(q);
			free(before);
			before = slurp(file);
			continue;
		}
		assert_int_equal(st, ST_ELIMIT);
		assert_non_null(strstr(status_detail(), "progress.json"));
		char *after = slurp(file);
		assert_string_equal(after, before);
		free(after);
		refused++;
	}
	assert_true(refused >= 2);
	assert_string_equal(listing(dir), "progress.json");
	free(before);
	free(answer);
	progress_free(p);
}

/* Numbers a progress file holds must be ones this program writes: one beyond an int (or a
 * cell before -1, a negative count) is a corrupt file, named by its JSON path. */
static void test_out_of_range(void **state)
{
	(void)state;
	static const struct {
		const char *text, *reason;
	} cases[] = {
		{ "{\"lessons\": {\"x\": {\"quizzes\": {\"q1\": {\"answer\": \"a\", \"tries\": 2147483648}}}}}",
		  "lessons.x.quizzes.q1.tries is 2147483648" },
		{ "{\"lessons\": {\"x\": {\"quizzes\": {\"q1\": {\"answer\": \"a\", \"tries\": -1}}}}}",
		  "lessons.x.quizzes.q1.tries is -1" },
		/* Beyond 64 bits the JSON reader itself refuses it, by the same path. */
		{ "{\"lessons\": {\"x\": {\"cell\": 99999999999999999999}}}", "lessons.x.cell: the integer" },
		{ "{\"lessons\": {\"x\": {\"cell\": -2}}}", "lessons.x.cell is -2" },
		{ "{\"lessons\": {\"x\": {\"block\": {\"en\": -2147483649}}}}",
		  "lessons.x.block.en is -2147483649" },
		{ "{\"version\": 4294967297}", "version 4294967297" },
		{ "{\"lessons\": {\"a\\u001b[2Jb\": {\"cell\": 2147483648}}}", "lessons.a\\x1B[2Jb.cell" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_file("progress.json", cases[i].text);
		ProgressNote note;
		Progress *p = progress_open(dir, &note);
		if (note.opened != PROGRESS_SET_ASIDE || !strstr(note.reason, cases[i].reason))
			fail_msg("case %zu: opened %d, reason \"%s\", expected \"%s\"", i, note.opened,
				 note.reason, cases[i].reason);
		progress_free(p);
		unlink(note.moved_to);
	}
	/* The extremes themselves are read. */
	write_file("progress.json",
		   "{\"lessons\": {\"x\": {\"cell\": -1, \"block\": {\"en\": 2147483647, \"zh\": "
		   "-2147483648}, \"quizzes\": {\"q1\": {\"answer\": \"a\", \"tries\": 2147483647}}}}}");
	ProgressNote note;
	Progress *p = progress_open(dir, &note);
	assert_int_equal(note.opened, PROGRESS_LOADED);
	int block = 0, cell = 0;
	assert_true(progress_position(p, "x", "en", &block, &cell));
	assert_int_equal(block, INT_MAX);
	assert_int_equal(cell, -1);
	progress_free(p);
}

/* A counter at INT_MAX stays there (under UBSan, a wrap is an error). */
static void test_counter_saturates(void **state)
{
	(void)state;
	write_file("progress.json", "{\"lessons\": {\"x\": {\"quizzes\": {\"q1\": "
				    "{\"answer\": \"a\", \"tries\": 2147483646}}}}}");
	ProgressNote note;
	Progress *p = progress_open(dir, &note);
	assert_int_equal(note.opened, PROGRESS_LOADED);
	const char *answer;
	int correct, tries;
	for (int i = 0; i < 3; i++)
		progress_set_quiz(p, "x", "q1", "b", 1);
	assert_true(progress_quiz(p, "x", "q1", &answer, &correct, &tries));
	assert_int_equal(tries, INT_MAX);
	assert_int_equal(progress_save(p), ST_OK);
	progress_free(p);
	p = progress_open(dir, &note);
	assert_int_equal(note.opened, PROGRESS_LOADED);
	assert_true(progress_quiz(p, "x", "q1", &answer, &correct, &tries));
	assert_int_equal(tries, INT_MAX);
	progress_free(p);
}

/* A pid that is surely not alive: a child that has been reaped. */
static long dead_pid(void)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	return (long)pid;
}

/* Temporary files a killed save left are removed when the store opens: the dead process's,
 * and one older than FILE_STALE_SECONDS; this process's own, a fresh one of a live process
 * and names that only look alike stay. */
static void test_stale_temps(void **state)
{
	(void)state;
	char dead[64], mine[64], live_old[64], live[64], path[160];
	snprintf(dead, sizeof dead, "progress.json.tmp-%ld", dead_pid());
	snprintf(mine, sizeof mine, "progress.json.tmp-%ld", (long)getpid());
	snprintf(live_old, sizeof live_old, "progress.json.tmp-%ld", (long)getppid());
	snprintf(live, sizeof live, "progress.json.tmp-1");
	const char *keep[] = { mine, live, "progress.json.tmp-12x", "other.json.tmp-999999999" };
	write_file(dead, "{\"half");
	write_file(live_old, "{\"half");
	snprintf(path, sizeof path, "%s/%s", dir, live_old);
	struct timespec old[2] = { { time(NULL) - FILE_STALE_SECONDS - 60, 0 },
				   { time(NULL) - FILE_STALE_SECONDS - 60, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	for (int i = 0; i < 4; i++)
		write_file(keep[i], "{\"half");
	ProgressNote note;
	Progress *p = progress_open(dir, &note);
	assert_int_equal(note.opened, PROGRESS_NEW);
	progress_free(p);
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, keep[i]);
		if (access(path, F_OK) != 0)
			fail_msg("%s was removed", keep[i]);
	}
	snprintf(path, sizeof path, "%s/%s", dir, dead);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof path, "%s/%s", dir, live_old);
	assert_int_not_equal(access(path, F_OK), 0);
}

/* Remove the folders of deep, from the inside out, up to dir (rm_tree's paths are
 * shorter). */
static void rm_deep(char *deep)
{
	size_t top = strlen(dir);
	while (strlen(deep) > top) {
		rmdir(deep);
		*strrchr(deep, '/') = '\0';
	}
}

/* A corrupt file that cannot be renamed (here: its new name would be longer than a path may
 * be, which stops root too) is left as it is, byte for byte, and saving is off. */
static void test_cannot_set_aside(void **state)
{
	(void)state;
	char deep[4200];
	int n = snprintf(deep, sizeof deep, "%s", dir);
	while (n < 4070) {
		int k = 4070 - n - 1 > 200 ? 200 : 4070 - n - 1;
		deep[n++] = '/';
		memset(deep + n, 'd', (size_t)k);
		n += k;
		deep[n] = '\0';
		assert_int_equal(mkdir(deep, 0700), 0);
	}
	char file[4300];
	snprintf(file, sizeof file, "%s/progress.json", deep);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs("{\"lang\": broken", f);
	fclose(f);
	ProgressNote note;
	Progress *p = progress_open(deep, &note);
	assert_non_null(p);
	if (note.opened != PROGRESS_NO_SAVE || !strstr(note.reason, "cannot be moved aside"))
		fail_msg("opened %d, reason \"%s\"", note.opened, note.reason);
	assert_non_null(strstr(note.reason, "left as it is"));
	progress_set_lang(p, "zh");
	assert_int_equal(progress_save(p), ST_OK);
	progress_free(p);
	char *kept = slurp(file);
	assert_string_equal(kept, "{\"lang\": broken");
	free(kept);
	unlink(file);
	rm_deep(deep);
}

static void test_no_folder(void **state)
{
	(void)state;
	write_file("plain", "a file, not a folder");
	char sub[128];
	snprintf(sub, sizeof sub, "%s/plain/gradlab", dir);
	ProgressNote note;
	Progress *p = progress_open(sub, &note);
	assert_non_null(p);
	assert_int_equal(note.opened, PROGRESS_NO_SAVE);
	assert_non_null(strstr(note.reason, "plain"));
	progress_set_lang(p, "zh");
	assert_int_equal(progress_save(p), ST_OK);
	progress_free(p);
	/* The folder disappears after opening: saving fails with the file's name. */
	snprintf(sub, sizeof sub, "%s/gone", dir);
	p = progress_open(sub, &note);
	assert_int_equal(note.opened, PROGRESS_NEW);
	rmdir(sub);
	progress_set_lang(p, "zh");
	assert_int_equal(progress_save(p), ST_EIO);
	assert_non_null(strstr(status_detail(), "gone/progress.json"));
	progress_free(p);
}

static void test_lenient_fields(void **state)
{
	(void)state;
	write_file("progress.json",
		   "{\"lang\": 5, \"last\": [], \"lessons\": {\"x\": {\"visited\": \"yes\", "
		   "\"cell\": \"3\", \"block\": {\"en\": -4, \"zh\": \"7\"}, "
		   "\"quizzes\": {\"q1\": {\"answer\": 5}, \"q2\": 3, \"q3\": {\"answer\": \"a\"}}}}}");
	ProgressNote note;
	Progress *p = progress_open(dir, &note);
	assert_int_equal(note.opened, PROGRESS_LOADED);
	assert_null(progress_lang(p));
	assert_null(progress_last(p, NULL));
	assert_false(progress_visited(p, "x"));
	int block = 1, cell = 1;
	assert_false(progress_position(p, "x", "en", &block, &cell));
	assert_false(progress_position(p, "x", "zh", &block, &cell));
	assert_int_equal(cell, -1);
	const char *answer;
	int correct, tries;
	assert_false(progress_quiz(p, "x", "q1", &answer, &correct, &tries));
	assert_false(progress_quiz(p, "x", "q2", &answer, &correct, &tries));
	assert_true(progress_quiz(p, "x", "q3", &answer, &correct, &tries));
	assert_false(correct);
	assert_int_equal(tries, 1);
	/* Writing over wrong types works. */
	progress_set_visited(p, "x");
	progress_set_position(p, "x", "zh", 2, 1);
	progress_set_last(p, "x", 0);
	assert_true(progress_visited(p, "x"));
	assert_true(progress_position(p, "x", "zh", &block, &cell));
	assert_int_equal(block, 2);
	assert_int_equal(progress_save(p), ST_OK);
	progress_free(p);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	write_file("progress.json", "{\"lang\": \"zh\"}");
	for (long n = 0; n < 40; n++) {
		ProgressNote note;
		mem_fail_after(n);
		Progress *p = progress_open(dir, &note);
		mem_fail_after(-1);
		if (p) {
			progress_set_lang(p, "en");
			progress_free(p);
		}
	}
}

/* Opens and frees the store for state_seeds_check. */
static int open_close(const char *store_dir, FileStateNote *note)
{
	Progress *p = progress_open(store_dir, note);
	progress_free(p);
	return p ? 0 : -1;
}

/* The seeds of the fuzz target (tests/fuzz/state/progress-*) are what their names say
 * (state_seeds.h). */
static void test_fuzz_seeds(void **state)
{
	(void)state;
	state_seeds_check("progress-", dir, "progress.json", open_close);
}

/* The first try is kept once: a right answer after a wrong one, or after the answer was
 * shown, never makes it right; the file keeps it for the next session. */
static void test_first_try(void **state)
{
	(void)state;
	ProgressNote note;
	Progress *p = progress_open(dir, &note);
	assert_int_equal(progress_quiz_first(p, "x", "q1", NULL), PROGRESS_FIRST_NONE);
	progress_set_quiz(p, "x", "q1", "0.25", 1);           /* right at once */
	progress_set_quiz(p, "x", "q1", "0.5", 0);            /* then wrong: still right first */
	progress_set_quiz(p, "x", "q2", "0.5", 0);            /* wrong, then right */
	progress_set_quiz(p, "x", "q2", "0.25", 1);
	progress_set_quiz_revealed(p, "x", "q3");             /* shown, then typed */
	progress_set_quiz(p, "x", "q3", "0.25", 1);
	progress_set_quiz(p, "x", "q4", "b", 1);              /* right, then shown: still right */
	progress_set_quiz_revealed(p, "x", "q4");
	progress_set_quiz_revealed(p, "x", "q5");             /* shown and never answered */
	assert_int_equal(progress_save(p), ST_OK);
	progress_free(p);

	p = progress_open(dir, &note);
	assert_int_equal(note.opened, PROGRESS_LOADED);
	int revealed = -1;
	assert_int_equal(progress_quiz_first(p, "x", "q1", &revealed), PROGRESS_FIRST_RIGHT);
	assert_false(revealed);
	assert_int_equal(progress_quiz_first(p, "x", "q2", &revealed), PROGRESS_FIRST_WRONG);
	assert_false(revealed);
	assert_int_equal(progress_quiz_first(p, "x", "q3", &revealed), PROGRESS_FIRST_WRONG);
	assert_true(revealed);
	assert_int_equal(progress_quiz_first(p, "x", "q4", &revealed), PROGRESS_FIRST_RIGHT);
	assert_true(revealed);
	assert_int_equal(progress_quiz_first(p, "x", "q5", &revealed), PROGRESS_FIRST_WRONG);
	assert_true(revealed);
	const char *answer;
	int correct, tries;
	assert_false(progress_quiz(p, "x", "q5", &answer, &correct, &tries));   /* no answer yet */
	assert_true(progress_quiz(p, "x", "q3", &answer, &correct, &tries));
	assert_true(correct);
	assert_int_equal(tries, 1);
	assert_int_equal(progress_first_right(p, "x"), 2);   /* q1, q4 */
	assert_int_equal(progress_correct(p, "x"), 3);       /* q2, q3, q4 end right */
	assert_int_equal(progress_first_right(p, "y"), 0);
	progress_free(p);
}

/* A file from before first tries were kept: a quiz answered once tells how its first try
 * went, one answered more often does not (and is not counted right); answering again keeps
 * what was known, and an unknown first try is never made up. */
static void test_first_try_old_files(void **state)
{
	(void)state;
	write_file("progress.json",
		   "{\"version\": 1, \"lessons\": {\"x\": {\"quizzes\": {"
		   "\"q1\": {\"answer\": \"0.25\", \"correct\": true, \"tries\": 1}, "
		   "\"q2\": {\"answer\": \"a\", \"correct\": false}, "
		   "\"q3\": {\"answer\": \"0.25\", \"correct\": true, \"tries\": 3}, "
		   "\"q4\": {\"answer\": \"b\", \"correct\": true}, "
		   "\"q5\": {\"answer\": \"b\", \"correct\": true, \"first_try_right\": \"yes\"}}}}}");
	ProgressNote note;
	Progress *p = progress_open(dir, &note);
	assert_int_equal(note.opened, PROGRESS_LOADED);
	assert_int_equal(progress_quiz_first(p, "x", "q1", NULL), PROGRESS_FIRST_RIGHT);
	assert_int_equal(progress_quiz_first(p, "x", "q2", NULL), PROGRESS_FIRST_WRONG);
	assert_int_equal(progress_quiz_first(p, "x", "q3", NULL), PROGRESS_FIRST_UNKNOWN);
	assert_int_equal(progress_quiz_first(p, "x", "q4", NULL), PROGRESS_FIRST_RIGHT);
	/* A field of the wrong type reads as absent: one try, right. */
	assert_int_equal(progress_quiz_first(p, "x", "q5", NULL), PROGRESS_FIRST_RIGHT);
	assert_int_equal(progress_first_right(p, "x"), 3);
	assert_int_equal(progress_correct(p, "x"), 4);
	progress_set_quiz(p, "x", "q1", "1", 0);
	progress_set_quiz(p, "x", "q2", "b", 1);
	progress_set_quiz(p, "x", "q3", "1", 0);
	progress_set_quiz_revealed(p, "x", "q4");
	assert_int_equal(progress_save(p), ST_OK);
	progress_free(p);

	p = progress_open(dir, &note);
	assert_int_equal(progress_quiz_first(p, "x", "q1", NULL), PROGRESS_FIRST_RIGHT);
	assert_int_equal(progress_quiz_first(p, "x", "q2", NULL), PROGRESS_FIRST_WRONG);
	assert_int_equal(progress_quiz_first(p, "x", "q3", NULL), PROGRESS_FIRST_UNKNOWN);
	assert_int_equal(progress_quiz_first(p, "x", "q4", NULL), PROGRESS_FIRST_RIGHT);
	const char *answer;
	int correct, tries;
	assert_true(progress_quiz(p, "x", "q3", &answer, &correct, &tries));
	assert_int_equal(tries, 4);
	assert_string_equal(answer, "1");
	progress_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_byte_for_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuzz_seeds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_limit_on_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counter_saturates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_temps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cannot_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lenient_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_try, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_try_old_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
	};
	return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
