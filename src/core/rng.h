/* rng: a small, seedable random generator (xoshiro256**, seeded through splitmix64), so
 * that the same --seed gives the same numbers on every machine. In src/core. */
#ifndef GRADLAB_RNG_H
#define GRADLAB_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct Rng {
	uint64_t s[4];
} Rng;

void rng_seed(Rng *r, uint64_t seed);
uint64_t rng_next(Rng *r);
double rng_uniform(Rng *r);                 /* [0, 1) */
double rng_range(Rng *r, double lo, double hi);
double rng_normal(Rng *r);                  /* mean 0, variance 1 */
/* Move past n rng_normal draws without computing them: the stream is then where n calls
 * would have left it (a caller that needs only the last of many drawn rows). */
void rng_skip_normals(Rng *r, size_t n);
int rng_below(Rng *r, int n);               /* 0 .. n-1 */

#endif
