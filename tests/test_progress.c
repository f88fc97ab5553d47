/* test_progress: the progress store (src/learn/progress.c). The default folder from
 * XDG_STATE_HOME and HOME; a round trip of every field through the file; atomic writes
 * that leave no temporary file; a corrupt, foreign, newer or unreadable file set aside
 * with a reason, never a crash; saving off when there is no folder; fields of the wrong
 * type read as absent; and every out-of-memory point of opening. */
#include "test_util.h"

#include "core/mem.h"
#include "learn/progress.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
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
	assert_null(progress_dir(p));
	progress_set_lang(p, "zh");
	assert_int_equal(progress_save(p), ST_OK);
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

/* A progress "file" that cannot be read (here a folder: root reads any file). */
static void test_unreadable(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "%s/progress.json", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	ProgressNote note;
	Progress *p = progress_open(dir, &note);
	assert_non_null(p);
	assert_int_equal(note.opened, PROGRESS_SET_ASIDE);
	assert_non_null(strstr(note.reason, "directory"));
	progress_set_lang(p, "zh");
	assert_int_equal(progress_save(p), ST_OK);
	progress_free(p);
	rmdir(note.moved_to);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lenient_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
	};
	return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
