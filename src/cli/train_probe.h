/* train_probe: `gradlab train --layer-stats` and `--grad-noise K`, the initial network
 * measured before it trains (train/probe): each hidden layer's activation and gradient
 * variance, and a mini-batch gradient's noise against its batch size. In src/cli, on
 * train/probe; cmd_train calls in here before the first iteration. Words from cli_msg. */
#ifndef GRADLAB_CLI_TRAIN_PROBE_H
#define GRADLAB_CLI_TRAIN_PROBE_H

#include "train/loop.h"

#include <stdio.h>

/* The tables (json: the fields "layer_stats" and "grad_noise", each followed by ",\n");
 * 0, or 2 with the reason on err. noise_draws 0: no noise table. */
int train_probe_print(FILE *out, FILE *err, int lang, int json, Trainer *tr, int layer_stats,
		      int noise_draws);

#endif
