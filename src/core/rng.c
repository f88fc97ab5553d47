/* rng: xoshiro256** by Blackman and Vigna; Box-Muller for normals. */
#include "core/rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rng_seed(Rng *r, uint64_t seed)
{
	for (int i = 0; i < (int)(sizeof r->s / sizeof r->s[0]); i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(Rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double rng_uniform(Rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

double rng_range(Rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_uniform(r);
}

double rng_normal(Rng *r)
{
	double u1 = 1.0 - rng_uniform(r); /* (0, 1]: log never sees 0 */
	double u2 = rng_uniform(r);
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

void rng_skip_normals(Rng *r, size_t n)
{
	/* rng_normal takes exactly two draws, whatever they are */
	for (size_t i = 0; i < 2 * n; i++)
		rng_next(r);
}

int rng_below(Rng *r, int n)
{
	return (int)(rng_uniform(r) * n);
}
