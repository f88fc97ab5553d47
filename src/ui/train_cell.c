/* train_cell: a lesson cell that runs `gradlab train`, live; see app.h. In src/ui, beside
 * cells.c. The run goes through the CLI's runner like every cell (so its final table and
 * plot are the command's own), in this process and this thread: the trainer calls back
 * after each iteration (train/watch.h), and every train_slice seconds the callback redraws
 * the cell's progress line and loss curve and gives the book a turn (app->pump: draw, then
 * the keys typed meanwhile, without waiting). So the book stays responsive with no thread
 * and no child process to share state with, and a stopped run is the trainer's own stop
 * flag: the run ends as "interrupted" with what it learned, and the table says so.
 * While it runs, only keys that neither run nor leave anything work (app_train_key): the
 * cell's state and the layout's pointers stay as the run left them. */
#include "ui/app.h"

#include "core/clock.h"
#include "core/mem.h"
#include "plot/text.h"
#include "train/watch.h"
#include "ui/keys.h"

#include <stdlib.h>
#include <string.h>

#define LIVE_PLOT_ROWS 12   /* the curve's height at most: the progress line stays in view */

struct LiveTrain {
	Book *b;
	int k;
	CellRun *run;
	TrainWatch watch;
	double *x, *loss;    /* every iteration seen, for the curve */
	long n, cap;
	long iter, iters;
	double loss_now, norm_now;
	double last_turn;    /* the clock at the book's last turn */
	int failed;          /* out of memory for the curve: the progress line goes on alone */
	int revealed;        /* 1: the cell scrolled into view; 2: and its curve, once */
};

CellRun *app_train_live_run(const App *app, const Book *b, int k)
{
	const LiveTrain *lv = app->live;
	return lv && lv->b == b && lv->k == k ? lv->run : NULL;
}

/* Append "text\n" to the growing buffer *s of *n bytes (libc's, as open_memstream's). */
static void put_line(char **s, size_t *n, const char *text)
{
	size_t len = strlen(text);
	char *t = realloc(*s, *n + len + 2);
	if (!t)
		return;
	memcpy(t + *n, text, len);
	t[*n + len] = '\n';
	t[*n + len + 1] = '\0';
	*s = t;
	*n += len + 1;
}

/* The progress line and the loss curve so far, as the cell's output. */
static void live_text(App *app, LiveTrain *lv)
{
	char *s = NULL, line[512];
	size_t n = 0;
	if (lv->iter == 0)
		snprintf(line, sizeof line, "%s", app_str(app, S_TRAIN_STARTING));
	else
		snprintf(line, sizeof line, app_str(app, S_TRAIN_PROGRESS), lv->iter, lv->iters,
			 lv->loss_now, lv->norm_now);
	put_line(&s, &n, line);
	int x0, width;
	app_text_column(app, &x0, &width);
	int cols = width - 2, rows = app->rows - 10;
	if (rows > LIVE_PLOT_ROWS)
		rows = LIVE_PLOT_ROWS;
	if (lv->n >= 2 && !lv->failed && cols >= 24 && rows >= 8) {
		PlotSeries series = { app_str(app, S_TRAIN_PLOT_LOSS), lv->x, lv->loss, (int)lv->n };
		PlotLine p = { .xlabel = app_str(app, S_TRAIN_PLOT_X), .logy = 1, .series = &series,
			       .n_series = 1, .lang = app->lang };
		PlotGlyphs g = app->mode == TW_ASCII ? PLOT_GLYPHS_ASCII
			       : app->mode == TW_AMBIGUOUS_WIDE ? PLOT_GLYPHS_NARROW
								 : PLOT_GLYPHS_UNICODE;
		PlotText *t = NULL;
		if (plot_text_line(&p, cols, rows, g, &t) == ST_OK) {
			for (int i = 0; i < t->n; i++)
				put_line(&s, &n, t->lines[i]);
			plot_text_free(t);
		}
	}
	if (s) {
		free(lv->run->out);
		lv->run->out = s;
	}
}

/* The book's turn: the cell redrawn, then the keys typed meanwhile. */
static void turn(App *app, LiveTrain *lv)
{
	live_text(app, lv);
	app->lay.valid = 0;
	/* The cell's end in view when it starts and when its curve first shows; after that
	 * the learner scrolls where they like. */
	if (lv->revealed < 1 || (lv->revealed < 2 && lv->n >= 2)) {
		app->reveal = lv->k;
		lv->revealed = lv->n >= 2 ? 2 : 1;
	}
	if (app->screen->prepare)
		app->screen->prepare(app);
	if (app->pump)
		app->pump(app, app->pump_ctx);
	lv->last_turn = clock_seconds();
}

static void on_step(void *ctx, const Trainer *tr, const TrainPoint *p)
{
	App *app = ctx;
	LiveTrain *lv = app->live;
	if (!lv)
		return;
	lv->iter = p->iter;
	lv->iters = tr->c.iters;
	lv->loss_now = p->loss;
	lv->norm_now = p->grad_norm;
	if (lv->n == lv->cap && !lv->failed) {
		long cap = lv->cap ? 2 * lv->cap : 256;
		double *x = mem_realloc(lv->x, (size_t)cap * sizeof *x);
		if (x)
			lv->x = x;
		double *l = x ? mem_realloc(lv->loss, (size_t)cap * sizeof *l) : NULL;
		if (l) {
			lv->loss = l;
			lv->cap = cap;
		} else {
			lv->failed = 1;
		}
	}
	if (lv->n < lv->cap) {
		lv->x[lv->n] = (double)p->iter;
		lv->loss[lv->n] = p->loss;
		lv->n++;
	}
	if (clock_seconds() - lv->last_turn >= app->train_slice)
		turn(app, lv);
}

int app_train_cell(App *app, Book *b, int k, const LessonArgv *a, CellRun *r)
{
	if (app->live || train_watch) {   /* never two at once (app_run_cell sees to it) */
		r->err = strdup("one training run at a time\n");
		return 2;
	}
	LiveTrain lv = { .b = b, .k = k, .run = r };
	lv.watch.on_step = on_step;
	lv.watch.ctx = app;
	CellState *cs = &b->cells[k];
	CellRun *was = cs->cur;
	int was_shown = cs->shown;
	r->train = 1;
	r->live = 1;
	cs->cur = r;
	cs->shown = 1;
	app->live = &lv;
	turn(app, &lv);   /* "starting" on the screen before the first iteration */
	char *out = NULL, *err = NULL;
	int status = 2;
	if (!lv.watch.stop) {
		train_watch = &lv.watch;
		status = app_execute(app, a, &out, &err);
		train_watch = NULL;
	}
	app->live = NULL;
	free(r->out);
	r->out = out;
	r->err = err;
	r->live = 0;
	r->stopped = lv.watch.stop != 0;
	r->points = lv.iter;
	r->just_ran = 1;
	if (!out && !err && lv.watch.stop) {   /* stopped before it started: nothing to show */
		r->stopped = 1;
		r->out = strdup("");
		status = 0;
	}
	cs->cur = was;       /* app_run_cell puts r there with the rest of the cache */
	cs->shown = was_shown || cs->shown;
	mem_free(lv.x);
	mem_free(lv.loss);
	app->lay.valid = 0;
	if (!app->quit)
		app->msg[0] = '\0';   /* "Stopping ...", "stop it first": the cell now says how it ended */
	/* A signal that reached the command (it says 128 + the signal) ends the book too. */
	if (status > 128)
		app->quit = 1;
	return status;
}

void app_train_refresh(App *app)
{
	if (app->live) {
		live_text(app, app->live);
		app->lay.valid = 0;
	}
}

void app_train_stop(App *app)
{
	if (app->live)
		app->live->watch.stop = 1;
}

int app_train_key(App *app, int key)
{
	if (!app->live)
		return 0;
	if (app->screen == &screen_reader && keys_act(&keys_train, key) == KA_STOP) {
		app_train_stop(app);
		app_message(app, 0, S_TRAIN_STOPPING);
		return 1;
	}
	const KeyTable *t = app->screen == &screen_reader ? &keys_reader
			    : app->screen == &screen_help ? &keys_help : &keys_everywhere;
	switch (keys_act(t, key)) {
	case KA_DOWN:
	case KA_UP:
	case KA_PGDN:
	case KA_PGUP:
	case KA_HOME:
	case KA_END:
	case KA_LANG:
	case KA_HELP:
	case KA_CLOSE:
		return 0;
	default:
		app_message(app, 0, S_TRAIN_BUSY);
		return 1;
	}
}
