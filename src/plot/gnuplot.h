/* gnuplot: one gnuplot process behind three pipes, started without a shell, read back
 * without deadlock, always reaped. In src/plot under plot.c; the curses UI may keep one open
 * for a whole session, since a re-plot in a running gnuplot takes about a millisecond.
 * What to send comes from script.c; this file only moves bytes and watches the process. */
#ifndef GRADLAB_PLOT_GNUPLOT_H
#define GRADLAB_PLOT_GNUPLOT_H

#include "core/status.h"

#include <spawn.h>
#include <stdio.h>

typedef struct Gnuplot Gnuplot;

#define GNUPLOT_TIMEOUT_MS 10000

/* Start program (NULL: "gnuplot", looked up on PATH) with posix_spawnp: stdin, stdout and
 * stderr are pipes; it leads a process group of its own (Ctrl-C in the terminal does not
 * reach it) and starts with default signal dispositions and an empty signal mask.
 * timeout_ms (0 = GNUPLOT_TIMEOUT_MS) bounds every later wait for an answer. On failure
 * *out = NULL and ST_EIO: "gnuplot not found on PATH" when there is none. */
Status gnuplot_open(Gnuplot **out, const char *program, int timeout_ms);

/* Where commands go; owned by g. Writing never raises SIGPIPE and never blocks past the
 * timeout; once gnuplot is gone writes fail and gnuplot_sync says why. */
FILE *gnuplot_input(Gnuplot *g);

/* Send what is buffered and wait until gnuplot has run it all: a numbered marker is
 * printed (`set print '-'`) with GPVAL_ERRNO, and stdout is read (stderr drained) until it
 * comes. *text (if not NULL) gets what gnuplot printed since the last sync, leading form
 * feed removed, to free with mem_free; NULL on failure. ST_EIO with a sentence when
 * gnuplot reported an error ("gnuplot: <its message>"; the process stays usable), exited
 * or was killed ("gnuplot exited with status 1 ..."), or did not answer within the
 * timeout; after those last two every later call fails the same way at once. */
Status gnuplot_sync(Gnuplot *g, char **text);

/* 1 when GPVAL_TERMINALS lists `name` (asked once, then remembered), 0 when not, -1 with
 * status_detail() when gnuplot does not answer. */
int gnuplot_has_terminal(Gnuplot *g, const char *name);

/* Spawn attributes for a helper program (gnuplot, fc-list): default signal dispositions
 * and an empty signal mask whatever this process has set, and with own_group a process
 * group of its own, so that Ctrl-C in the terminal does not reach it. */
void gnuplot_spawnattr_init(posix_spawnattr_t *at, int own_group);

/* The process id, which is also its process group id. */
int gnuplot_pid(const Gnuplot *g);

/* End it and free g: send `exit` and close its stdin, wait briefly, then SIGTERM and at
 * last SIGKILL to its process group; it is always reaped (no zombie). NULL is fine. ST_OK
 * when it ended by itself, ST_EIO when it had to be killed. */
Status gnuplot_close(Gnuplot *g);

#endif
