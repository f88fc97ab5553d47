/* fuzz_state: libFuzzer target for the state files: the book's progress.json
 * (src/learn/progress.c) and the grader's exercises.json (src/grade/grade_progress.c). The
 * bytes are written as both files in a private folder; each store is opened (a file it
 * refuses is set aside), read, changed, saved, and opened again, as the book and `gradlab
 * grade` do; then the folder is emptied. The folder is under /dev/shm when there is one, so
 * that the stores' fsync costs nothing. Build and run: `make fuzz` (tests/fuzz/README). */
#include "grade/grade_progress.h"
#include "learn/progress.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256];

static void remove_dir_contents(void)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char path[600];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

static void cleanup(void)
{
	remove_dir_contents();
	rmdir(dir);
}

static int write_file(const char *name, const uint8_t *data, size_t size)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(data, 1, size, f);
	return fclose(f) == 0 && n == size ? 0 : -1;
}

static void book(void)
{
	static const char *const slugs[] = { "01-activations", "02-unrolled-rnn", "x", "" };
	for (int round = 0; round < 2; round++) {
		ProgressNote note;
		Progress *p = progress_open(dir, &note);
		if (!p)
			return;
		(void)progress_lang(p);
		int in_reader;
		(void)progress_last(p, &in_reader);
		for (size_t i = 0; i < sizeof slugs / sizeof slugs[0]; i++) {
			int block = 0, cell = 0, correct = 0, tries = 0;
			const char *answer;
			(void)progress_visited(p, slugs[i]);
			(void)progress_position(p, slugs[i], "en", &block, &cell);
			(void)progress_position(p, slugs[i], "zh", &block, &cell);
			(void)progress_quiz(p, slugs[i], "q1", &answer, &correct, &tries);
			(void)progress_correct(p, slugs[i]);
		}
		if (round == 0) {
			progress_set_lang(p, "zh");
			progress_set_last(p, slugs[0], 1);
			progress_set_visited(p, slugs[1]);
			progress_set_position(p, slugs[0], "en", 12, 3);
			progress_set_quiz(p, slugs[0], "q1", "0.25", 1);
			progress_set_quiz(p, slugs[0], "q2", "b", 0);
			(void)progress_save(p);
		}
		progress_free(p);
	}
}

static void grader(void)
{
	static GradeResult r;
	static const char *const names[] = { "rnn_step", "activations", "nosuch", "" };
	for (int round = 0; round < 2; round++) {
		GradeProgressNote note;
		GradeProgress *p = grade_progress_open(dir, &note);
		if (!p)
			return;
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			(void)grade_progress_get(p, names[i]);
		if (round == 0) {
			memset(&r, 0, sizeof r);
			snprintf(r.exercise, sizeof r.exercise, "rnn_step");
			r.compiled = 1;
			r.score = 5;
			r.max_score = 10;
			grade_progress_record(p, &r);
			grade_progress_set_hint(p, "rnn_step", 3);
			(void)grade_progress_save(p);
		}
		grade_progress_free(p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(dir, sizeof dir, "%s/gradlab-fuzz-state-XXXXXX", base);
		if (!mkdtemp(dir)) {
			perror("fuzz_state: mkdtemp");
			abort();
		}
		atexit(cleanup);
	}
	if (write_file(PROGRESS_FILE, data, size) == 0 &&
	    write_file(GRADE_PROGRESS_FILE, data, size) == 0) {
		book();
		grader();
	}
	remove_dir_contents();
	return 0;
}
