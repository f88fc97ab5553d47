/* file: reading capped regular files, atomic writes, setting aside, stale temporary files;
 * see file.h. */
#include "core/file.h"

#include "core/mem.h"
#include "core/path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* {==== Reading ==== */

static const char *kind_name(mode_t m)
{
	return S_ISDIR(m)    ? "a folder"
	       : S_ISFIFO(m) ? "a FIFO"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISSOCK(m) ? "a socket"
	       : S_ISLNK(m)  ? "a symbolic link"
			     : "not a file";
}

FileRead file_read_capped(const char *path, size_t max, char **text, size_t *len, char *why,
			  size_t why_size)
{
	*text = NULL;
	*len = 0;
	why[0] = '\0';
	/* O_NONBLOCK: opening a FIFO would otherwise wait for a writer, for ever. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT)
			return FILE_READ_MISSING;
		if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			snprintf(why, why_size, "it is %s, not a regular file", kind_name(st.st_mode));
			return FILE_READ_NOT_REGULAR;
		}
		snprintf(why, why_size, "cannot read it: %s", strerror(e));
		return FILE_READ_FAILED;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(why, why_size, "cannot read it: %s", strerror(errno));
		close(fd);
		return FILE_READ_FAILED;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, why_size, "it is %s, not a regular file", kind_name(st.st_mode));
		close(fd);
		return FILE_READ_NOT_REGULAR;
	}
	/* The size fstat reports is a hint only: the file may grow while it is read, so the cap
	 * counts the bytes that arrive. */
	size_t cap = st.st_size > 0 && (size_t)st.st_size < max ? (size_t)st.st_size + 2 : 4096;
	if (cap > max + 2)
		cap = max + 2;
	size_t n = 0;
	char *buf = mem_alloc(cap);
	FileRead r = FILE_READ_NOMEM;
	if (!buf)
		goto fail;
	for (;;) {
		if (n + 1 >= cap) {
			size_t bigger_cap = cap > (max + 2) / 2 ? max + 2 : 2 * cap;
			char *bigger = bigger_cap > cap ? mem_realloc(buf, bigger_cap) : NULL;
			if (!bigger) {
				r = bigger_cap > cap ? FILE_READ_NOMEM : FILE_READ_TOO_BIG;
				goto fail;
			}
			buf = bigger;
			cap = bigger_cap;
		}
		ssize_t got = read(fd, buf + n, cap - 1 - n);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			snprintf(why, why_size, "cannot read it: %s", strerror(errno));
			r = FILE_READ_FAILED;
			goto fail;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max) {
			r = FILE_READ_TOO_BIG;
			goto fail;
		}
	}
	close(fd);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return FILE_READ_OK;
fail:
	if (r == FILE_READ_TOO_BIG)
		snprintf(why, why_size, "it is larger than %zu bytes", max);
	else if (r == FILE_READ_NOMEM)
		snprintf(why, why_size, "out of memory reading it");
	close(fd);
	mem_free(buf);
	return r;
}

/* }==== */

/* {==== Writing ==== */

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int file_commit_rename(const char *tmp, const char *path)
{
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	/* The folder's entry is what makes the rename survive a crash. */
	char dir[4200];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd); /* some file systems refuse to sync a folder: the rename stands */
		close(dfd);
	}
	return 0;
}

Status file_write_atomic(const char *path, const char *text, size_t len, size_t max)
{
	if (len > max)
		return status_fail(ST_ELIMIT,
				   "%s would be %zu bytes, more than the %zu it may hold; it was not "
				   "written",
				   path, len, max);
	char tmp[4200];
	if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return status_fail(ST_EIO, "cannot write %s: %s", path, strerror(ENAMETOOLONG));
	/* One of ours from a process that had this PID before is stale: O_EXCL after removing
	 * it, so the temporary file is never someone else's link. */
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return status_fail(ST_EIO, "cannot write %s: %s", tmp, strerror(errno));
	if (write_all(fd, text, len) < 0 || fsync(fd) < 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		return status_fail(ST_EIO, "cannot write %s: %s", tmp, strerror(e));
	}
	if (close(fd) < 0) {
		int e = errno;
		unlink(tmp);
		return status_fail(ST_EIO, "cannot write %s: %s", path, strerror(e));
	}
	if (file_commit_rename(tmp, path) != 0)
		return status_fail(ST_EIO, "cannot write %s: %s", path, strerror(errno));
	return ST_OK;
}

FILE *file_stream_open(const char *path, char *tmp, size_t size)
{
	const char *slash = strrchr(path, '/');
	int dir_len = slash ? (int)(slash - path + 1) : 0;
	if (snprintf(tmp, size, "%.*s.gradlab-tmp-XXXXXX", dir_len, path) >= (int)size) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return NULL;
	mode_t mask = umask(022);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
	}
	return f;
}

int file_stream_commit(FILE *f, const char *tmp, const char *path)
{
	int bad = ferror(f) | (fflush(f) != 0) | (fsync(fileno(f)) != 0);
	bad |= fclose(f) != 0;
	if (bad) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return file_commit_rename(tmp, path);
}

/* }==== */

/* {==== Setting aside and cleaning up ==== */

int file_set_aside(const char *path, char *to, size_t to_size)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (int i = 1; i < 100; i++) {
		int n = i == 1 ? snprintf(to, to_size, "%s.corrupt-%s", path, stamp)
			       : snprintf(to, to_size, "%s.corrupt-%s-%d", path, stamp, i);
		if (n < 0 || (size_t)n >= to_size) {
			to[0] = '\0';
			errno = ENAMETOOLONG;
			return -1;
		}
		/* Never over another copy: RENAME_NOREPLACE where the file system has it. */
		if (renameat2(AT_FDCWD, path, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
			return 0;
		if (errno == EEXIST)
			continue;
		if (errno == EINVAL || errno == ENOSYS) {
			/* A file system without it: look first, then rename. */
			struct stat st;
			if (lstat(to, &st) == 0)
				continue;
			if (rename(path, to) == 0)
				return 0;
		}
		to[0] = '\0';
		return -1; /* errno from the rename */
	}
	to[0] = '\0';
	errno = EEXIST;
	return -1;
}

int file_remove_stale_temps(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	char prefix[300];
	int plen = snprintf(prefix, sizeof prefix, "%s.tmp-", name);
	if (plen < 0 || (size_t)plen >= sizeof prefix) {
		closedir(d);
		return 0;
	}
	int removed = 0;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, (size_t)plen) != 0)
			continue;
		const char *digits = e->d_name + plen;
		char *end;
		errno = 0;
		long pid = strtol(digits, &end, 10);
		if (!*digits || *end || errno || pid <= 0 || pid != (pid_t)pid)
			continue;
		if (pid == (long)getpid())
			continue;
		int alive = kill((pid_t)pid, 0) == 0 || errno == EPERM;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (alive && now - st.st_mtime < FILE_STALE_SECONDS)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

int file_state_dir(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	Status st;
	if (xdg && xdg[0] == '/')
		st = path_join(buf, size, xdg, "gradlab");
	else if (home && home[0])
		st = path_join(buf, size, home, ".local/state/gradlab");
	else
		return -1;
	return st == ST_OK ? 0 : -2;
}

int file_state_prepare(const char *dir, const char *name, FileStateNote *note, char *dir_out,
		       size_t dir_size)
{
	char def[4096];
	memset(note, 0, sizeof *note);
	note->opened = FILE_STATE_NEW;
	if (!dir) {
		int got = file_state_dir(def, sizeof def);
		if (got < 0) {
			note->opened = FILE_STATE_NO_SAVE;
			snprintf(note->reason, sizeof note->reason, "%s",
				 got == -1 ? "neither XDG_STATE_HOME nor HOME is set"
					   : "the folder's path is too long");
			return -1;
		}
		dir = def;
	}
	if (path_join(note->file, sizeof note->file, dir, name) != ST_OK ||
	    snprintf(dir_out, dir_size, "%s", dir) >= (int)dir_size) {
		note->opened = FILE_STATE_NO_SAVE;
		note->file[0] = '\0';
		snprintf(note->reason, sizeof note->reason, "the folder's path is too long");
		return -1;
	}
	if (file_make_dirs(dir, note->reason, sizeof note->reason) < 0) {
		note->opened = FILE_STATE_NO_SAVE;
		return -1;
	}
	file_remove_stale_temps(dir, name);
	return 0;
}

int file_make_dirs(const char *path, char *why, size_t why_size)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
		snprintf(why, why_size, "the folder's path %.300s... is too long", path);
		return -1;
	}
	for (char *p = tmp + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		struct stat st;
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST) {
			snprintf(why, why_size, "cannot create %.300s: %s", tmp, strerror(errno));
			return -1;
		}
		if (stat(tmp, &st) != 0 || !S_ISDIR(st.st_mode)) {
			snprintf(why, why_size, "%.300s is not a folder", tmp);
			return -1;
		}
		*p = c;
		if (!c)
			break;
	}
	return 0;
}

/* }==== */
