/* train_charlm: what `gradlab train charlm` prints beyond the other tasks: the text's line,
 * the json final object's fields (perplexity, vocabulary, the sample) and the sample itself,
 * with --prompt read against the text's vocabulary. In src/cli, on train/charlm; cmd_train
 * calls in here. Words from cli_msg. */
#ifndef GRADLAB_CLI_TRAIN_CHARLM_H
#define GRADLAB_CLI_TRAIN_CHARLM_H

#include "train/loop.h"

#include <stdio.h>

/* The text, its split and vocabulary, and the input (embedding or one-hot) lines. */
void train_charlm_head(FILE *out, int lang, const Trainer *tr);
/* The final object's charlm fields, each after ", ": unit, perplexity (from the held-out
 * loss in nats), vocabulary, characters, held_out, and sample when not NULL. */
void train_charlm_json(FILE *out, const Trainer *tr, double test_nats, const char *sample);
/* --prompt as indices into the text's vocabulary (*n of them; mem_free); NULL with the
 * reason on err (not UTF-8, or a character the text lacks). */
int *train_charlm_prompt(const Trainer *tr, const char *prompt, int *n, FILE *err);
/* The prompt and n generated characters as UTF-8 (mem_free), controls other than newline
 * and tab as '?'; NULL with the reason on err. */
char *train_charlm_sample(Trainer *tr, const int *prompt_id, int n_prompt, long n,
			  double temperature, const char *prompt, FILE *err);

#endif
