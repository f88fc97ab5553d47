/* watch: a run of `gradlab train` watched from the same process, as the book's live train
 * cell does (src/ui/train_cell.c). In src/train, beside loop.h. The book runs a cell through
 * the CLI's one entry point (cli_run: argc, argv, out, err), which has no room for hooks, and
 * src/ui may not call up into src/cli; so the watcher is set here, around the one call, and
 * cmd_train reads it: each iteration's facts go to on_step (the book draws its progress and
 * reads its keys there, between iterations), and the run ends when stop is set, keeping
 * what it learned (TRAIN_INTERRUPTED). One process, one thread: no locking. */
#ifndef GRADLAB_TRAIN_WATCH_H
#define GRADLAB_TRAIN_WATCH_H

#include "train/loop.h"

#include <signal.h>

typedef struct TrainWatch {
	void (*on_step)(void *ctx, const Trainer *tr, const TrainPoint *p);
	volatile sig_atomic_t stop;   /* the run's stop flag while watched */
	void *ctx;
} TrainWatch;

/* The watcher of the next `gradlab train` run in this process; NULL (the default): none. */
extern TrainWatch *train_watch;

#endif
