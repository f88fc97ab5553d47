/* test_ui_state: what the book says about its state files when it starts (src/ui/app.c over
 * learn/progress). A FIFO in place of progress.json does not stop the book (alarm fails the
 * test on a hang): the first screen says, in the learner's language, that progress will not
 * be saved and why, naming the file, under an intact header; a corrupt file is said to be set
 * aside, and what the file held (a key with an escape sequence) reaches the screen escaped,
 * never as a control byte. The message goes with the next key, and the screen is whole. */
#include "test_util.h"
#include "ui_fixture.h"

#include "ui/app.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int never_run(int argc, char **argv, FILE *out, FILE *err)
{
	(void)argc;
	(void)argv;
	(void)out;
	fprintf(err, "not in this test\n");
	return 2;
}

/* No row holds a byte below 0x20. */
static void assert_no_control_bytes(const Canvas *c)
{
	char row[2048];
	for (int y = 0; y < c->rows; y++) {
		canvas_mem_row(c, y, row, sizeof row);
		for (const char *s = row; *s; s++)
			if ((unsigned char)*s < 0x20) {
				print_screen(c);
				fail_msg("row %d holds the control byte 0x%02X", y, (unsigned char)*s);
			}
	}
}

static void test_fifo_progress(void **state)
{
	(void)state;
	static const struct {
		const char *lang, *says;
		int rows, cols;
	} cases[] = { { "en", "Progress will not be saved", 24, 80 },
		      { "zh", "进度不会被保存", 24, 80 },
		      { "en", "Progress will not be saved", 12, 40 } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		T t;
		fixture_init(&t, "/tmp/gradlab-uistate-XXXXXX", BOOK, never_run);
		char path[128];
		snprintf(path, sizeof path, "%s/progress.json", t.state);
		assert_int_equal(mkfifo(path, 0600), 0);
		alarm(20);
		open_book(&t, cases[i].lang, TW_UTF8, cases[i].rows, cases[i].cols);
		alarm(0);
		play(&t, "");
		assert_screen_has(&t, cases[i].says);
		assert_screen_has(&t, "FIFO");
		assert_screen_has(&t, "gradlab"); /* the header row is still drawn */
		assert_no_control_bytes(t.c);
		play(&t, "j");
		assert_screen_lacks(&t, "FIFO");
		struct stat st;
		assert_int_equal(lstat(path, &st), 0);
		assert_true(S_ISFIFO(st.st_mode)); /* left where it was, and not written over */
		stop(&t);
	}
}

static void test_corrupt_progress(void **state)
{
	(void)state;
	T t;
	fixture_init(&t, "/tmp/gradlab-uistate-XXXXXX", BOOK, never_run);
	char path[128];
	snprintf(path, sizeof path, "%s/progress.json", t.state);
	const char *text = "{\"lessons\": {\"a\\u001b[2Jb\": {\"cell\": 2147483648}}}";
	write_file(path, text);
	open_book(&t, "en", TW_UTF8, 24, 80);
	play(&t, "");
	assert_screen_has(&t, "could not be read");
	assert_screen_has(&t, "\\x1B[2Jb");
	assert_screen_has(&t, ".corrupt-");
	assert_no_control_bytes(t.c);
	/* the copy holds what the file held */
	char *kept = NULL, moved[400];
	DIR *d = opendir(t.state);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)))
		if (strstr(e->d_name, "progress.json.corrupt-")) {
			snprintf(moved, sizeof moved, "%s/%s", t.state, e->d_name);
			kept = slurp(moved);
		}
	closedir(d);
	assert_non_null(kept);
	assert_string_equal(kept, text);
	free(kept);
	stop(&t);
}

int main(void)
{
	fixture_environment();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_progress),
		cmocka_unit_test(test_corrupt_progress),
	};
	return cmocka_run_group_tests_name("ui_state", tests, NULL, NULL);
}
