/* tiny_rnn_options: one option table from the shared sizes, the values a learner may give
 * and a command's own options; the given values read and refused in English or Chinese. */
#include "cli/tiny_rnn_options.h"

#include "cli/cli_msg.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N_SIZES 4  /* --steps, --hidden, --input, --seed */
#define MAX_OWN 8  /* a command's own options at most */

/* The options of the values, in TinyRnnValue's order. */
static const char *const value_names[TRV_COUNT] = { "w", "u", "b-ih", "b-hh", "x", "h0", "r" };
static const char *const value_helps[TRV_COUNT] = {
	"W_ih by hand: H*I numbers, row by row, comma-separated (default: drawn from the seed)",
	"W_hh by hand: H*H numbers, row by row (--u 0.8 sets --hidden 1 unless given)",
	"b_ih by hand: H numbers, or one for every entry",
	"b_hh by hand: H numbers, or one for every entry",
	"the inputs x_1..x_T by hand: T*I numbers (--x 1,2,3 sets --steps 3 unless given)",
	"h_0 by hand: H numbers, or one for every entry",
	"the loss weights r_t of the scored steps: H numbers each, or one for all",
};

int tiny_rnn_options_parse(const char *cmd, const char *about, const TinyRnnSizes *sizes,
			   TinyRnnGiven *given, const Opt *own, int argc, char **argv, FILE *out,
			   FILE *err)
{
	Opt opts[N_SIZES + TRV_COUNT + MAX_OWN + 1] = {
		{ "steps", OPT_INT, sizes->steps, 1, TINY_RNN_MAX_STEPS, 0, NULL, "T", "time steps, 1..6 (default 3)" },
		{ "hidden", OPT_INT, sizes->hidden, 1, TINY_RNN_MAX_HIDDEN, 0, NULL, "H", "hidden units, 1..4 (default 2)" },
		{ "input", OPT_INT, sizes->input, 1, TINY_RNN_MAX_INPUT, 0, NULL, "I", "input features, 1..3 (default 1)" },
		{ "seed", OPT_U64, sizes->seed, 0, 0, 0, NULL, "S", "random seed (default 1)" },
	};
	int n = N_SIZES;
	if (given)
		for (int k = 0; k < TRV_COUNT; k++)
			if (k != TRV_R || given->with_r)
				opts[n++] = (Opt){ value_names[k], OPT_STRING, &given->text[k], 0, 0, 0,
						   NULL, "LIST", value_helps[k] };
	int first_own = n;
	for (const Opt *o = own; o->name && n < first_own + MAX_OWN; o++)
		opts[n++] = *o;
	assert(!own[n - first_own].name); /* all of them fit */
	/* 0 is outside both ranges, so a size still 0 after parsing was not given */
	int steps = *sizes->steps, hidden = *sizes->hidden;
	*sizes->steps = *sizes->hidden = 0;
	int n_pos;
	int rc = args_parse(cmd, opts, argc, argv, NULL, 0, &n_pos, err);
	if (given) {
		given->steps_given = *sizes->steps != 0;
		given->hidden_given = *sizes->hidden != 0;
	}
	if (!*sizes->steps)
		*sizes->steps = steps;
	if (!*sizes->hidden)
		*sizes->hidden = hidden;
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab %s [OPTIONS]\n\n%soptions:\n", cmd, about);
		args_print_options(opts, out);
	}
	return rc;
}

/* {==== The given values ==== */

/* Split s at commas (a semicolon may end a row) into at most max numbers: their count, or
 * -1 with *bad (len *bad_len) the first word that is not a number. */
static int read_list(const char *s, double *v, int max, const char **bad, int *bad_len)
{
	int n = 0;
	for (const char *p = s;; p++) {
		size_t len = strcspn(p, ",;");
		char word[64];
		char *end = NULL;
		if (len > 0 && len < sizeof word) {
			memcpy(word, p, len);
			word[len] = '\0';
			errno = 0;
			double x = strtod(word, &end);
			if (*end == '\0' && end != word) {
				if (n < max)
					v[n] = x;
				n++;
				p += len;
				if (!*p)
					return n;
				continue;
			}
		}
		*bad = p;
		*bad_len = (int)len;
		return -1;
	}
}

/* Whether the k-th value is a vector that one number may fill. */
static int fills(int k)
{
	return k == TRV_B_IH || k == TRV_B_HH || k == TRV_H0 || k == TRV_R;
}

int tiny_rnn_options_values(const char *cmd, const TinyRnnSizes *sizes, TinyRnnGiven *g,
			    int r_last, int lang, FILE *err)
{
	int count[TRV_COUNT];
	/* read every list first: --x and --u decide T and H when they were not given */
	for (int k = 0; k < TRV_COUNT; k++) {
		count[k] = 0;
		if (!g->text[k])
			continue;
		const char *bad;
		int bad_len;
		count[k] = read_list(g->text[k], g->num[k], TINY_RNN_GIVEN_MAX, &bad, &bad_len);
		if (count[k] < 0) {
			cli_say(err, lang, CM_TINY_NOT_NUMBER, cmd, value_names[k], bad_len, bad);
			return 2;
		}
	}
	int *T = sizes->steps, *H = sizes->hidden, I = *sizes->input;
	if (!g->steps_given && count[TRV_X] > 0 && count[TRV_X] % I == 0 &&
	    count[TRV_X] / I <= TINY_RNN_MAX_STEPS)
		*T = count[TRV_X] / I;
	if (!g->hidden_given) {
		int from_u = (int)lround(sqrt((double)count[TRV_W_HH]));
		if (count[TRV_W_HH] > 0 && from_u * from_u == count[TRV_W_HH] &&
		    from_u <= TINY_RNN_MAX_HIDDEN)
			*H = from_u;
		else if (!count[TRV_W_HH] && count[TRV_W_IH] > 0 && count[TRV_W_IH] % I == 0 &&
			 count[TRV_W_IH] / I <= TINY_RNN_MAX_HIDDEN)
			*H = count[TRV_W_IH] / I;
	}
	int rows_r = r_last ? 1 : *T;
	const int want[TRV_COUNT] = { *H * I, *H * *H, *H, *H, *T * I, *H, rows_r * *H };
	static const char *const shape[TRV_COUNT] = { "H*I", "H*H", "H", "H", "T*I", "H", "T*H" };
	const double **slot[TRV_COUNT] = { &g->values.W_ih, &g->values.W_hh, &g->values.b_ih,
						 &g->values.b_hh, &g->values.x, &g->values.h0,
						 &g->values.r };
	memset(&g->values, 0, sizeof g->values);
	for (int k = 0; k < TRV_COUNT; k++) {
		if (!g->text[k])
			continue;
		if (count[k] == 1 && fills(k))
			for (int i = 1; i < want[k]; i++)
				g->num[k][i] = g->num[k][0];
		else if (count[k] != want[k]) {
			char sizes_now[64];
			snprintf(sizes_now, sizeof sizes_now, "T = %d, H = %d, I = %d", *T, *H, I);
			const char *what = k == TRV_R && r_last ? "H" : shape[k];
			cli_say(err, lang, CM_TINY_COUNT, cmd, value_names[k], want[k],
				cli_msg_n(lang, want[k], CM_NUMBER_ONE, CM_NUMBER_MANY), what,
				sizes_now, cli_msg(lang, fills(k) ? CM_TINY_OR_ONE : CM_NONE),
				count[k]);
			return 2;
		}
		*slot[k] = g->num[k];
	}
	/* --r with the loss at step T only gives r_T: the rows before it are not scored */
	if (g->text[TRV_R] && r_last) {
		memmove(g->num[TRV_R] + (size_t)(*T - 1) * *H, g->num[TRV_R], (size_t)*H * sizeof(double));
		for (int i = 0; i < (*T - 1) * *H; i++)
			g->num[TRV_R][i] = 0.0;
	}
	TinyRnnValue which;
	int index;
	if (tiny_rnn_check_values(&g->values, *T, *H, I, &which, &index) != ST_OK) {
		int i = index;
		if (which == TRV_R && r_last)
			i -= (*T - 1) * *H;
		double v = g->num[which][index];
		cli_say(err, lang, CM_TINY_RANGE, cmd, value_names[which], i + 1, v,
			TINY_RNN_MAX_VALUE);
		return 2;
	}
	return 0;
}

/* }==== */
