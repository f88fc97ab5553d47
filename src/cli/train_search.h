/* train_search: `gradlab train TASK --search grid|random --trials N`, whole runs of TASK with
 * the learning rate and the weight decay searched (train/search), one row per trial, the
 * best, how many different rates were tried, and a plot of the held-out loss against the
 * rate. In src/cli, on train/search; cmd_train calls in here instead of its one run. */
#ifndef GRADLAB_CLI_TRAIN_SEARCH_H
#define GRADLAB_CLI_TRAIN_SEARCH_H

#include "cli/plot_options.h"
#include "train/search.h"

#include <signal.h>
#include <stdio.h>

/* 0, 2 on an error (printed to err), or 128 + the signal when *stop was set by one. */
int train_search(FILE *out, FILE *err, int lang, int json, const PlotOptions *po,
		 const TrainConfig *c, SearchKind kind, int trials, volatile sig_atomic_t *stop);

#endif
