/* file: the small file rules every state file shares (learn/progress, grade/grade_progress,
 * grade/registry's exercise list). At the bottom of src/core, beside mem and status. A file
 * is read only when it is a regular file, opened without following a link and without
 * blocking (a FIFO or a device is refused, never waited on), with a cap counted by the bytes
 * actually read. A file is written whole or not at all (a temporary file in the same folder,
 * fsync, rename, fsync of the folder), never larger than its reader accepts. A file that is
 * not ours is renamed aside, never replaced; temporary files left by a killed save are
 * removed. Facts come back; the layers above word them. */
#ifndef GRADLAB_FILE_H
#define GRADLAB_FILE_H

#include "core/status.h"

#include <stddef.h>
#include <stdio.h>

/* A temporary file name.tmp-PID older than this is stale even when PID is alive (it may be
 * another program's PID now): no save takes minutes. */
#define FILE_STALE_SECONDS (10 * 60)

typedef enum FileRead {
	FILE_READ_OK,
	FILE_READ_MISSING,     /* no such file */
	FILE_READ_NOT_REGULAR, /* a folder, FIFO, device, socket or symbolic link: left alone */
	FILE_READ_TOO_BIG,     /* more than max bytes */
	FILE_READ_FAILED,      /* open or read failed: why has strerror */
	FILE_READ_NOMEM,
} FileRead;

/* Read path whole into *text (NUL-terminated, *len bytes without it; mem_free) when it is a
 * regular file of at most max bytes. Otherwise *text is NULL and why (when not
 * FILE_READ_MISSING) a phrase without the path: "it is a FIFO, not a regular file",
 * "it is larger than 1048576 bytes", "cannot read it: Permission denied". */
FileRead file_read_capped(const char *path, size_t max, char **text, size_t *len, char *why,
			  size_t why_size);

/* Write the len bytes of text to path atomically: path.tmp-PID in the same folder, fsync,
 * rename over path, fsync of the folder. ST_ELIMIT without writing when len > max (the
 * reader would refuse the file); ST_EIO naming the file and the error. Nothing is left
 * behind on failure. */
Status file_write_atomic(const char *path, const char *text, size_t len, size_t max);

/* The last step of every atomic write: tmp (complete, synced and closed) renamed over path,
 * then path's folder synced so that the rename survives a crash. 0, or -1 with errno and
 * tmp removed. */
int file_commit_rename(const char *tmp, const char *path);

/* A stream that writes path whole (class reports, the gradebook): a temporary file
 * .gradlab-tmp-XXXXXX in path's folder, its name in tmp (size bytes), with the mode fopen
 * would give (0666 less the umask). NULL with errno (ENAMETOOLONG when tmp cannot hold the
 * name). */
FILE *file_stream_open(const char *path, char *tmp, size_t size);

/* Close f and commit tmp over path (file_commit_rename). 0; or -1 with errno and tmp
 * removed when a write, the flush, the fsync or the close failed. */
int file_stream_commit(FILE *f, const char *tmp, const char *path);

/* Rename path to path.corrupt-YYYYMMDD-HHMMSS (then -2, -3 ... when taken), never
 * replacing a file; the new name in to. 0, or -1 with errno. */
int file_set_aside(const char *path, char *to, size_t to_size);

/* Remove dir/name.tmp-PID files left by a save that was killed: PID is not alive, or the
 * file is older than FILE_STALE_SECONDS. This process's own are kept. The number removed. */
int file_remove_stale_temps(const char *dir, const char *name);

/* The folder gradlab keeps its state files in: $XDG_STATE_HOME/gradlab when that is an
 * absolute path, else $HOME/.local/state/gradlab. 0; -1 when neither is set; -2 when the
 * path does not fit size (cut short, it would name another folder). */
int file_state_dir(char *buf, size_t size);

/* mkdir -p, with mode 0700 for the folders it makes. 0, or -1 with why naming the folder. */
int file_make_dirs(const char *path, char *why, size_t why_size);

/* {==== State files (learn/progress, grade/grade_progress) ==== */
/* How opening a state file went, for the caller to tell the learner in their language. */
typedef enum FileStateOpened {
	FILE_STATE_NEW,       /* no file yet: a fresh store */
	FILE_STATE_LOADED,
	FILE_STATE_SET_ASIDE, /* the file was unreadable or corrupt: moved to moved_to */
	FILE_STATE_NO_SAVE,   /* nowhere to save (no folder, or the bad file could not be moved):
			       * the session works, but saving is off; reason says why */
} FileStateOpened;

typedef struct FileStateNote {
	FileStateOpened opened;
	char file[4096];     /* the state file's path ("" when there is no folder) */
	char moved_to[4200]; /* FILE_STATE_SET_ASIDE */
	char reason[512];    /* FILE_STATE_SET_ASIDE and FILE_STATE_NO_SAVE: what was wrong */
} FileStateNote;

/* The first steps of opening state file `name` in dir (NULL: file_state_dir): *note reset
 * (FILE_STATE_NEW), note->file named, the folder made (0700), temporary files of killed
 * saves removed; the folder in dir_out (dir_size bytes, 4096 will do). 0 when the file can
 * be read next; -1 with note->opened FILE_STATE_NO_SAVE and note->reason when there is
 * nowhere to save. */
int file_state_prepare(const char *dir, const char *name, FileStateNote *note, char *dir_out,
		       size_t dir_size);
/* }==== */

#endif
