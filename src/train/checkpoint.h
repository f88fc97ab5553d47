/* checkpoint: a training run saved and resumed exactly. In src/train, on loop and core/file.
 * The file is text: a version line, the run's configuration as key=value lines (every
 * option that changes the numbers; --iters does not, since it counts from the start), then
 * the state (iteration, the data stream's position, the schedule, the optimizer's buffers,
 * the weights, early stopping's best weights and counters, the loss window), every double
 * in C's exact hexadecimal form (%a), and last a checksum line (FNV-1a 64 of everything
 * before it). It is written atomically (core/file). A truncated, corrupted, foreign or
 * mismatched file is refused with a sentence saying which, and the run is left as it was
 * made by trainer_new. */
#ifndef GRADLAB_CHECKPOINT_H
#define GRADLAB_CHECKPOINT_H

#include "train/loop.h"

#define CHECKPOINT_VERSION 1
#define CHECKPOINT_MAX_BYTES ((size_t)1 << 30)

/* Save tr's whole state; seconds (the time trained so far) goes along. ST_EIO / ST_ELIMIT
 * with status_detail() naming the file. */
Status checkpoint_save(const Trainer *tr, double seconds, const char *path);

/* Restore tr (just made by trainer_new from the same configuration, --iters aside) from
 * path; *seconds gets the time trained before. ST_EIO (unreadable), ST_EPARSE (not a
 * checkpoint, another version, truncated, corrupted), ST_EINVAL (made with another
 * configuration: the first option that differs, its value there and here). */
Status checkpoint_load(Trainer *tr, const char *path, double *seconds);

#endif
