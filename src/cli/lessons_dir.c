/* lessons_dir: the source tree's lessons, else the installed ones (core/datadir.h). */
#include "cli/lessons_dir.h"

#include "core/lang.h"
#include "core/path.h"

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

static int has_lessons(const char *dir)
{
	char en[PATH_MAX];
	struct stat sb;
	return path_join(en, sizeof en, dir, lang_code(LANG_EN)) == ST_OK && stat(en, &sb) == 0 &&
	       S_ISDIR(sb.st_mode);
}

const char *lessons_dir_default(void)
{
	static char dir[PATH_MAX];
	datadir_find("lessons", has_lessons, dir, sizeof dir);
	return dir;
}
