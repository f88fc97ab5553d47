/* state_seeds: the one check of the state files' fuzz seeds (tests/fuzz/state/PREFIX*), for
 * both stores (learn's progress and the grader's). Every -valid- seed loads, every -bad- one
 * is set aside with a reason (-any- ones are either), and none hangs or crashes. Each seed is
 * copied to DIR/FILE and opened by open_close, which opens the store, fills the note and
 * frees the store (0, or -1 when the open returned NULL). Include after test_util.h. */
#ifndef GRADLAB_STATE_SEEDS_H
#define GRADLAB_STATE_SEEDS_H

#include "core/file.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static inline void state_seeds_check(const char *prefix, const char *dir, const char *file,
				     int (*open_close)(const char *dir, FileStateNote *note))
{
	DIR *d = opendir("tests/fuzz/state");
	assert_non_null(d);
	int seen = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		char from[300], to[128];
		snprintf(from, sizeof from, "tests/fuzz/state/%s", e->d_name);
		snprintf(to, sizeof to, "%s/%s", dir, file);
		size_t n;
		char *text = slurp_n(from, &n);
		FILE *f = fopen(to, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(text, 1, n, f), n);
		assert_int_equal(fclose(f), 0);
		free(text);
		FileStateNote note;
		assert_int_equal(open_close(dir, &note), 0);
		int want = strstr(e->d_name, "-valid-") ? FILE_STATE_LOADED
			   : strstr(e->d_name, "-bad-") ? FILE_STATE_SET_ASIDE
							 : (int)note.opened;
		if ((int)note.opened != want || (want == FILE_STATE_SET_ASIDE && !note.reason[0]))
			fail_msg("%s: opened %d, reason \"%s\"", e->d_name, note.opened, note.reason);
		if (note.opened == FILE_STATE_SET_ASIDE)
			unlink(note.moved_to);
		unlink(to);
		seen++;
	}
	closedir(d);
	assert_true(seen >= 20);
}

#endif
