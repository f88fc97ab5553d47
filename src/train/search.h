/* search: hyperparameter search over two options of `gradlab train`, the learning rate and
 * the weight decay, by a grid or at random, for the training lesson (08). In src/train, on
 * loop. Both ranges are searched on a log scale: the learning rate in [SEARCH_LR_LO,
 * SEARCH_LR_HI], the weight decay in [SEARCH_WD_LO, SEARCH_WD_HI] (a range where, on the
 * spirals, it matters far less than the rate). A grid of n x n trials puts each option at
 * the centres of n equal cells of its log range, so it tries only n distinct rates; random
 * search draws every trial's pair uniformly on the log scales from a stream of its own, so
 * n*n trials try n*n distinct rates. Each trial is a whole run of the base config with the
 * same seed (the same data and initial weights), judged by its held-out loss. */
#ifndef GRADLAB_TRAIN_SEARCH_H
#define GRADLAB_TRAIN_SEARCH_H

#include "train/loop.h"

#define SEARCH_LR_LO 1e-4
#define SEARCH_LR_HI 1e-1
#define SEARCH_WD_LO 1e-6
#define SEARCH_WD_HI 1e-3
#define SEARCH_MAX_TRIALS 400

typedef enum SearchKind { SEARCH_OFF, SEARCH_GRID, SEARCH_RANDOM, SEARCH_KIND_COUNT } SearchKind;

const char *search_kind_name(SearchKind k);          /* "off", "grid", "random" */
Status search_kind_parse(const char *name, SearchKind *out);

typedef struct SearchTrial {
	double lr, weight_decay;
	TrainStatus status;     /* finished, diverged, stopped early or interrupted */
	double test_loss, test_accuracy; /* the run's final held-out loss (NaN: diverged) */
} SearchTrial;

/* The trials' option pairs, in order. ST_ERANGE with status_detail when trials is out of
 * 1..SEARCH_MAX_TRIALS or, for a grid, not a square. */
Status search_points(SearchKind k, int trials, uint64_t seed, SearchTrial *out);

/* Runs base with t's learning rate and weight decay to its end; t gets the outcome. *stop
 * (may be NULL) ends the trial as interrupted. */
Status search_run(const TrainConfig *base, SearchTrial *t, volatile sig_atomic_t *stop);

/* The index of the trial with the lowest held-out loss (diverged trials lose), or -1. */
int search_best(const SearchTrial *t, int n);

/* How many different learning rates the n trials tried. */
int search_distinct_lrs(const SearchTrial *t, int n);

#endif
