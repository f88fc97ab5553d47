/* search: grid and random search over the learning rate and the weight decay; see search.h. */
#include "train/search.h"

#include "core/rng.h"

#include <math.h>

static const char *const kind_names[SEARCH_KIND_COUNT] = { "off", "grid", "random" };

const char *search_kind_name(SearchKind k)
{
	return k >= 0 && k < SEARCH_KIND_COUNT ? kind_names[k] : "?";
}

Status search_kind_parse(const char *name, SearchKind *out)
{
	int k;
	Status st = status_name_index("search", kind_names, SEARCH_KIND_COUNT, name, &k);
	if (!st)
		*out = (SearchKind)k;
	return st;
}

/* The search's own draws, apart from the data's, the weights' and the masks'. */
static uint64_t search_seed(uint64_t seed)
{
	return seed ^ 0x7365617263687270ULL;
}

/* The point u in [0, 1] of the log range lo..hi. */
static double log_point(double lo, double hi, double u)
{
	return exp(log(lo) + u * (log(hi) - log(lo)));
}

Status search_points(SearchKind k, int trials, uint64_t seed, SearchTrial *out)
{
	if (trials < 1 || trials > SEARCH_MAX_TRIALS)
		return status_fail(ST_ERANGE, "--trials must be 1 to %d", SEARCH_MAX_TRIALS);
	int n = (int)lround(sqrt((double)trials));
	if (k == SEARCH_GRID && n * n != trials)
		return status_fail(ST_ERANGE, "a grid needs a square number of --trials (4, 9, 16, ...), got %d",
				   trials);
	Rng r;
	rng_seed(&r, search_seed(seed));
	for (int i = 0; i < trials; i++) {
		double u, v;
		if (k == SEARCH_GRID) {   /* the centres of n x n cells, the rate varying slowest */
			u = (i / n + 0.5) / n;
			v = (i % n + 0.5) / n;
		} else {
			u = rng_uniform(&r);
			v = rng_uniform(&r);
		}
		out[i] = (SearchTrial){ .lr = log_point(SEARCH_LR_LO, SEARCH_LR_HI, u),
					.weight_decay = log_point(SEARCH_WD_LO, SEARCH_WD_HI, v),
					.status = TRAIN_RUNNING, .test_loss = NAN,
					.test_accuracy = NAN };
	}
	return ST_OK;
}

Status search_run(const TrainConfig *base, SearchTrial *t, volatile sig_atomic_t *stop)
{
	TrainConfig c = *base;
	c.optim.lr = t->lr;
	c.optim.weight_decay = t->weight_decay;
	Trainer *tr = trainer_new(&c);
	if (!tr)
		return ST_EINVAL; /* with trainer_new's detail */
	TrainHooks hooks = { .stop = stop };
	TrainEval f;
	Status st = trainer_run(tr, &hooks, &f);
	if (!st) {
		t->status = tr->status;
		t->test_loss = tr->status == TRAIN_DIVERGED ? NAN : f.test_loss;
		t->test_accuracy = tr->status == TRAIN_DIVERGED ? NAN : f.test_accuracy;
	}
	trainer_free(tr);
	return st;
}

int search_best(const SearchTrial *t, int n)
{
	int best = -1;
	for (int i = 0; i < n; i++)
		if (isfinite(t[i].test_loss) && (best < 0 || t[i].test_loss < t[best].test_loss))
			best = i;
	return best;
}

int search_distinct_lrs(const SearchTrial *t, int n)
{
	int distinct = 0;
	for (int i = 0; i < n; i++) {
		int seen = 0;
		for (int j = 0; j < i && !seen; j++)
			seen = t[j].lr == t[i].lr;
		distinct += !seen;
	}
	return distinct;
}
