/* datadir: see datadir.h. */
#include "core/datadir.h"

#include "core/path.h"

#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* dir/sub into buf when it fits and ok() accepts it; beside the program, without its
 * "bin/.." (what messages and --help show). */
static int try(const char *dir, const char *sub, int (*ok)(const char *), char *buf, size_t size)
{
	if (dir ? path_join(buf, size, dir, sub) != ST_OK
		: snprintf(buf, size, "%s", sub) >= (int)size)
		return 0;
	if (!ok(buf))
		return 0;
	char real[PATH_MAX];
	if (dir && realpath(buf, real) && strlen(real) < size)
		memcpy(buf, real, strlen(real) + 1);
	return 1;
}

int datadir_find(const char *sub, int (*ok)(const char *dir), char *buf, size_t size)
{
	if (try(NULL, sub, ok, buf, size))
		return 1;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		const char *rel[] = { "../share/gradlab", "..", "../.." };
		for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
			char dir[PATH_MAX];
			if (path_join(dir, sizeof dir, exe, rel[i]) == ST_OK &&
			    try(dir, sub, ok, buf, size))
				return 1;
		}
	}
	if (try(GRADLAB_DATADIR, sub, ok, buf, size))
		return 1;
	path_join(buf, size, GRADLAB_DATADIR, sub); /* "" when even that is too long */
	return 0;
}
