/* clock: the one monotonic clock every layer times things with (grading deadlines, the
 * sandbox's wall limit, key timing in the book, the watch loop's debounce). In src/core,
 * beside file: a fact (seconds since an arbitrary start that never jumps back), nothing
 * else. Wall-clock time (dates in file names) is not this. */
#ifndef GRADLAB_CLOCK_H
#define GRADLAB_CLOCK_H

/* Seconds on CLOCK_MONOTONIC: only differences mean anything. */
double clock_seconds(void);

/* The same clock in milliseconds, for loops that count in them. */
double clock_ms(void);

#endif
