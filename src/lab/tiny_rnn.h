/* tiny_rnn: the tiny Elman RNN that lessons 02 and 03 take apart, as lab/unroll and
 * lab/bptt_steps both size it. In src/lab. The limits keep every value of every step on one
 * 78-column screen; the check turns a learner's sizes outside them into a message that
 * names the option. */
#ifndef GRADLAB_TINY_RNN_H
#define GRADLAB_TINY_RNN_H

#include "core/status.h"
#include "nn/activation.h"

#define TINY_RNN_MAX_STEPS 6   /* T */
#define TINY_RNN_MAX_HIDDEN 4  /* H */
#define TINY_RNN_MAX_INPUT 3   /* I */

/* ST_OK, or ST_ELIMIT with status_detail() naming the option out of range ("--steps must
 * be between 1 and 6, got 9"), or ST_EINVAL for an activation that is not one. */
Status tiny_rnn_check(int steps, int hidden, int input, Activation act);

#endif
