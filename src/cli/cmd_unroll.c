/* cmd_unroll: `gradlab unroll`, lesson 02's folded and unrolled RNN drawn as text with the
 * value at every node. lab/unroll computes; this file only lays the numbers out on a small
 * character grid. Lines are ASCII ('+', '-', '|') unless the locale is UTF-8, where the
 * boxes and connectors use box-drawing lines; arrowheads stay ASCII ('>', '^') in both,
 * because arrows such as U+2192 are ambiguous-width in CJK terminals. At most 78 columns,
 * in English or, with --lang zh, in Chinese (a Chinese character takes two of them). */
#include "cli/args.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/tiny_rnn_options.h"
#include "core/utf8.h"
#include "lab/unroll.h"

#include <math.h>
#include <string.h>

/* {==== A character grid ==== */

#define GRID_ROWS 24
#define GRID_COLS 78

/* A cell holds one character in UTF-8, or a line piece as a small code spelled out on
 * output, or G_SKIP: the right half of the wide character on its left. */
enum { G_H = 1, G_V, G_TL, G_TR, G_BL, G_BR, G_TEE_DOWN, G_N, G_SKIP = G_N };

static const char *const glyph_ascii[G_N] = { "", "-", "|", "+", "+", "+", "+", "+" };
static const char *const glyph_utf8[G_N] = { "", "\u2500", "\u2502", "\u250c", "\u2510",
					     "\u2514", "\u2518", "\u252c" };

typedef struct Grid {
	int used;  /* rows written so far */
	char c[GRID_ROWS][GRID_COLS][5];  /* NUL-terminated */
} Grid;

static void grid_clear(Grid *g)
{
	for (int r = 0; r < GRID_ROWS; r++)
		for (int c = 0; c < GRID_COLS; c++)
			strcpy(g->c[r][c], " ");
	g->used = 0;
}

/* The character of n bytes (1 to 4) at s, or the code ch when n is 0. */
static void grid_put_n(Grid *g, int row, int col, const char *s, size_t n, char ch)
{
	if (row < 0 || row >= GRID_ROWS || col < 0 || col >= GRID_COLS)
		return;
	if (n)
		memcpy(g->c[row][col], s, n);
	else
		g->c[row][col][0] = ch;
	g->c[row][col][n ? n : 1] = '\0';
	if (row + 1 > g->used)
		g->used = row + 1;
}

static void grid_put(Grid *g, int row, int col, char ch)
{
	grid_put_n(g, row, col, NULL, 0, ch);
}

/* s from col on, a wide character taking two cells */
static void grid_text(Grid *g, int row, int col, const char *s)
{
	while (*s) {
		size_t n = 0;
		utf8_next(s, &n);
		int w = utf8_cols_n(s, n);
		grid_put_n(g, row, col, s, n, 0);
		if (w == 2)
			grid_put(g, row, col + 1, G_SKIP);
		col += w;
		s += n;
	}
}

static void grid_hline(Grid *g, int row, int c0, int c1)
{
	for (int c = c0; c <= c1; c++)
		grid_put(g, row, c, G_H);
}

static void grid_vline(Grid *g, int col, int r0, int r1)
{
	for (int r = r0; r <= r1; r++)
		grid_put(g, r, col, G_V);
}

/* Every written row, without trailing spaces. */
static void grid_print(const Grid *g, FILE *out, int utf8)
{
	for (int r = 0; r < g->used; r++) {
		int end = GRID_COLS;
		while (end > 0 && strcmp(g->c[r][end - 1], " ") == 0)
			end--;
		for (int c = 0; c < end; c++) {
			unsigned char ch = (unsigned char)g->c[r][c][0];
			if (ch < G_N)
				fputs((utf8 ? glyph_utf8 : glyph_ascii)[ch], out);
			else if (ch != G_SKIP)
				fputs(g->c[r][c], out);
		}
		fputc('\n', out);
	}
}

/* }==== */

/* {==== Numbers and vectors ==== */

#define NUM_W 7            /* a value takes 7 columns: "-0.1234" */

/* v in at most 7 columns with as many decimals as fit (4 for |v| < 10: 3-4 significant
 * digits), and no "-0.0000". */
static void fmt_num(char *b, size_t size, double v)
{
	if (fabs(v) < 5e-5)
		v = 0.0;
	for (int d = 4; d >= 0; d--) {
		snprintf(b, size, "%.*f", d, v);
		if (strlen(b) <= NUM_W)
			return;
	}
	snprintf(b, size, "%.0e", v);
}

/* One column vector (n entries, stride apart) as n rows of "[value]". */
static void grid_vector(Grid *g, int row, int col, const double *v, int n, int stride)
{
	for (int i = 0; i < n; i++) {
		char num[32], cell[40];
		fmt_num(num, sizeof num, v[(size_t)i * stride]);
		snprintf(cell, sizeof cell, "[%*s]", NUM_W, num);
		grid_text(g, row + i, col, cell);
	}
}

/* A matrix (rows x cols) as rows of "[a b c]", m->cols * 8 + 1 columns wide. */
static void grid_matrix(Grid *g, int row, int col, const Mat *m)
{
	for (int i = 0; i < m->rows; i++) {
		grid_put(g, row + i, col, '[');
		for (int j = 0; j < m->cols; j++) {
			char num[32];
			fmt_num(num, sizeof num, MAT_AT(m, i, j));
			char cell[40];
			snprintf(cell, sizeof cell, "%*s", NUM_W, num);
			grid_text(g, row + i, col + 1 + j * (NUM_W + 1), cell);
		}
		grid_put(g, row + i, col + m->cols * (NUM_W + 1), ']');
	}
}

/* }==== */

static const char *act_formula(Activation act, int lang)
{
	switch (act) {
	case ACT_TANH: return "h_t = tanh(a_t)";
	case ACT_RELU: return "h_t = relu(a_t)";
	case ACT_SIGMOID: return "h_t = sigmoid(a_t)";
	case ACT_LINEAR: return cli_msg(lang, CM_UNROLL_LINEAR);
	default: return "h_t = f(a_t)";
	}
}

/* {==== The folded view ==== */

static void draw_folded(FILE *out, const Unroll *u, int utf8, int lang)
{
	Grid g;
	grid_clear(&g);
	/* the cell */
	grid_put(&g, 0, 20, G_TL);
	grid_hline(&g, 0, 21, 47);
	grid_put(&g, 0, 48, G_TR);
	for (int r = 1; r <= 3; r++) {
		grid_put(&g, r, 20, G_V);
		grid_put(&g, r, 48, G_V);
	}
	grid_put(&g, 4, 20, G_BL);
	grid_hline(&g, 4, 21, 47);
	grid_put(&g, 4, 48, G_BR);
	grid_text(&g, 1, 22, "a_t = W_ih x_t + b_ih");
	grid_text(&g, 2, 22, "    + W_hh h_{t-1} + b_hh");
	grid_text(&g, 3, 22, act_formula(u->act, lang));
	/* x_t in, h_t out */
	grid_text(&g, 1, 3, "x_t");
	grid_hline(&g, 1, 7, 17);
	grid_put(&g, 1, 18, '>');
	grid_text(&g, 2, 10, "W_ih");
	grid_hline(&g, 2, 49, 51);
	grid_put(&g, 2, 52, G_TEE_DOWN);
	grid_hline(&g, 2, 53, 56);
	grid_put(&g, 2, 57, '>');
	grid_text(&g, 2, 59, "h_t");
	/* the loop back into the cell, one step later */
	grid_vline(&g, 52, 3, 5);
	grid_put(&g, 5, 34, '^');
	grid_put(&g, 6, 34, G_BL);
	grid_hline(&g, 6, 35, 51);
	grid_put(&g, 6, 52, G_BR);
	grid_text(&g, 7, 22, cli_msg(lang, CM_UNROLL_LOOP));
	cli_say(out, lang, CM_UNROLL_FOLDED, u->steps);
	grid_print(&g, out, utf8);
}

/* }==== */

/* {==== The parameters ==== */

/* W_ih, W_hh and the biases (as column vectors) side by side, wrapped to 78 columns. */
static void draw_params(FILE *out, const Unroll *u, int utf8, int lang)
{
	int H = u->hidden, I = u->input;
	Mat b_ih = { H, 1, u->b_ih->data }, b_hh = { H, 1, u->b_hh->data };
	const struct {
		const char *name;
		const Mat *m;
	} blocks[] = { { "W_ih", u->W_ih }, { "W_hh", u->W_hh }, { "b_ih", &b_ih }, { "b_hh", &b_hh } };
	Grid g;
	grid_clear(&g);
	int col = 2;
	for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
		const Mat *m = blocks[k].m;
		int width = m->cols * (NUM_W + 1) + 1;
		char title[32];
		if (k < 2)
			snprintf(title, sizeof title, "%s (%dx%d)", blocks[k].name, m->rows, m->cols);
		else
			snprintf(title, sizeof title, "%s (%d)", blocks[k].name, m->rows);
		int w = width > (int)strlen(title) ? width : (int)strlen(title);
		if (col + w > GRID_COLS) {
			grid_print(&g, out, utf8);
			grid_clear(&g);
			col = 2;
		}
		grid_text(&g, 0, col, title);
		grid_matrix(&g, 1, col, m);
		col += w + 3;
	}
	grid_print(&g, out, utf8);
	cli_say(out, lang, CM_UNROLL_PARAMS, H, I, H, H, H, u->n_params);
	cli_say(out, lang, CM_UNROLL_AS_RNN, H, I, H, H, H, H);
	cli_say(out, lang, CM_UNROLL_SAME);
}

/* }==== */

/* {==== The unrolled view ==== */

#define PER_ROW 3  /* steps per row of cells: 3 fit in 78 columns */
#define PITCH 20   /* columns from one node to the next */

/* Steps s0+1 .. s0+n (1-based), after the node h_{s0} on the left. */
static void draw_steps(FILE *out, const Unroll *u, int s0, int n, int utf8, int lang)
{
	int H = u->hidden, I = u->input;
	const char *f = activation_name(u->act);
	int r_a = H + 3, r_x = 2 * H + 5;
	Grid g;
	grid_clear(&g);
	for (int i = 0; i <= n; i++) {
		int X = 2 + PITCH * i, t = s0 + i;
		char label[16];
		snprintf(label, sizeof label, "h_%d", t);
		grid_text(&g, 0, X, label);
		grid_vector(&g, 1, X, u->h->data + (size_t)t * H, H, 1);
		if (i < n) {
			/* h_t -> a_{t+1} through W_hh */
			grid_hline(&g, 1, X + 9, X + 10);
			grid_put(&g, 1, X + 11, G_TR);
			grid_vline(&g, X + 11, 2, r_a - 1);
			grid_put(&g, r_a, X + 11, G_BL);
			grid_hline(&g, r_a, X + 12, X + 17);
			grid_put(&g, r_a, X + 18, '>');
			grid_text(&g, r_a - 1, X + 13, "W_hh");
		} else if (t < u->steps) {
			grid_hline(&g, 1, X + 9, X + 10);
			grid_put(&g, 1, X + 11, '>');
		}
		if (i == 0)
			continue;
		/* a_t -> h_t through f, x_t -> a_t through W_ih */
		grid_put(&g, H + 1, X + 1, '^');
		/* at most 7 columns, to end before the W_hh line at X + 11 */
		grid_text(&g, H + 1, X + 3,
			  u->act == ACT_LINEAR ? cli_msg(lang, CM_UNROLL_LINEAR_SHORT) : f);
		snprintf(label, sizeof label, "a_%d", t);
		grid_text(&g, r_a - 1, X, label);
		grid_vector(&g, r_a, X, u->a->data + (size_t)(t - 1) * H, H, 1);
		grid_put(&g, r_x - 2, X + 1, '^');
		grid_text(&g, r_x - 2, X + 3, "W_ih");
		snprintf(label, sizeof label, "x_%d", t);
		grid_text(&g, r_x - 1, X, label);
		grid_vector(&g, r_x, X, u->x->data + (size_t)(t - 1) * I, I, 1);
	}
	grid_print(&g, out, utf8);
}

static void draw_unrolled(FILE *out, const Unroll *u, int utf8, int lang)
{
	int T = u->steps, h0_zero = 1;
	for (int j = 0; j < u->hidden; j++)
		h0_zero &= MAT_AT(u->h, 0, j) == 0.0;
	/* a given h_0 other than 0 is in the drawing, under h_0 */
	const char *from = cli_msg(lang, h0_zero ? CM_UNROLL_FROM_ZERO : CM_UNROLL_FROM_GIVEN);
	cli_say(out, lang, CM_UNROLL_UNROLLED, T, cli_msg_n(lang, T, CM_COPY_ONE, CM_COPY_MANY),
		from, act_formula(u->act, lang));
	for (int s0 = 0; s0 < T; s0 += PER_ROW) {
		int n = T - s0 < PER_ROW ? T - s0 : PER_ROW;
		if (T <= PER_ROW)
			fputc('\n', out);
		else if (s0 == 0)
			cli_say(out, lang, CM_UNROLL_STEPS_FIRST, n);
		else
			cli_say(out, lang, CM_UNROLL_STEPS_MORE, s0 + 1, s0 + n, s0);
		draw_steps(out, u, s0, n, utf8, lang);
	}
}

/* }==== */

static const char about[] =
	"Draws a tiny Elman RNN, h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), folded\n"
	"(one cell with a loop) and unrolled (one copy per step), with the value of\n"
	"every x_t, a_t and h_t, the shared parameters and their count. Parameters\n"
	"are drawn as nn.RNN draws them, inputs from a standard normal; h_0 = 0.\n"
	"Any of them may be given by hand instead: --w 0.5 --u 0.8 --x 1,2,3.\n\n";

int cmd_unroll(int argc, char **argv, FILE *out, FILE *err)
{
	UnrollConfig c = unroll_defaults();
	const char *act = "tanh", *view = "both", *lang_name = "en";
	const Opt own[] = {
		{ "act", OPT_STRING, &act, 0, 0, 0, "tanh|relu|sigmoid|linear", "F", "the nonlinearity f (default tanh)" },
		{ "view", OPT_STRING, &view, 0, 0, 0, "folded|unrolled|both", "V", "which drawing (default both)" },
		{ "lang", OPT_STRING, &lang_name, 0, 0, 0, LANG_CHOICES, "LANG", "the language of the labels (default en)" },
		{ 0 },
	};
	TinyRnnSizes sizes = { &c.steps, &c.hidden, &c.input, &c.seed };
	static TinyRnnGiven given; /* a few kilobytes: not on the stack */
	memset(&given, 0, sizeof given);
	int rc = tiny_rnn_options_parse("unroll", about, &sizes, &given, own, argc, argv, out, err);
	if (rc != ARGS_OK)
		return rc == ARGS_HELP ? 0 : 2;
	activation_parse(act, &c.act);
	int utf8 = utf8_locale(), lang = lang_resolve("unroll", lang_name, err);
	if (tiny_rnn_options_values("unroll", &sizes, &given, 0, lang, err) != 0)
		return 2;
	c.given = &given.values;
	Unroll u;
	if (unroll_run(&c, &u) != ST_OK) {
		fprintf(err, "gradlab unroll: %s\n", status_detail());
		return 2;
	}
	char head[160];
	cli_format(head, sizeof head, lang, CM_UNROLL_HEAD, u.steps,
		   cli_msg_n(lang, u.steps, CM_STEP_ONE, CM_STEP_MANY), u.hidden,
		   cli_msg_n(lang, u.hidden, CM_HIDDEN_ONE, CM_HIDDEN_MANY), u.input,
		   cli_msg_n(lang, u.input, CM_INPUT_ONE, CM_INPUT_MANY), activation_name(u.act));
	/* the seed on a line of its own when a long one would pass 78 columns */
	char seed[48];
	cli_format(seed, sizeof seed, lang, CM_SEED, (unsigned long long)c.seed);
	int fits = utf8_cols(head) + 2 + utf8_cols(seed) <= GRID_COLS;
	fprintf(out, "%s%s%s%s\n\n", head, cli_msg(lang, CM_COMMA),
		fits ? cli_msg(lang, CM_SEED_SPACE) : "\n", seed);
	if (strcmp(view, "unrolled") != 0) {
		draw_folded(out, &u, utf8, lang);
		fputc('\n', out);
	}
	draw_params(out, &u, utf8, lang);
	if (strcmp(view, "folded") != 0) {
		fputc('\n', out);
		draw_unrolled(out, &u, utf8, lang);
	}
	unroll_free(&u);
	return 0;
}
