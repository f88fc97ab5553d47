/* screen_exercises: the exercises, graded where the learner reads. In src/ui, above src/grade
 * (grade.h, grade_progress.h, grade_report.h). A list of every exercise with its lesson and
 * its latest grade from the progress file `gradlab grade` and `gradlab watch` share; under
 * it the selected exercise's file, hint and task (the header comment of the learner's own
 * file, in the language on show). Enter grades it in this process (each check still runs
 * sandboxed) and shows the report; h reveals the next hint. A key only asks for grading:
 * app_work does it after the loop has drawn "Grading ...". */
#include "ui/app.h"

#include "core/mem.h"
#include "grade/grade.h"
#include "grade/grade_progress.h"
#include "grade/grade_report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SOURCE (64 * 1024)   /* of a learner's file, read for its comment */
#define FULL_LINE 70             /* columns: a comment line this long was wrapped */

enum { VIEW_LIST, VIEW_REPORT };

/* {==== Documents: rows of display text, laid out by prepare ==== */

typedef struct DocRow {
	unsigned char style;
	short indent;
	size_t off;
	int len;
} DocRow;

typedef struct Doc {
	DocRow *rows;
	int n, cap;
	char *text;
	size_t len, cap_text;
	int width;
	TwMode mode;
	int failed;
} Doc;

static void doc_reset(Doc *d, int width, TwMode mode)
{
	d->n = 0;
	d->len = 0;
	d->failed = 0;
	d->width = width < 8 ? 8 : width;
	d->mode = mode;
}

static void doc_free(Doc *d)
{
	mem_free(d->rows);
	mem_free(d->text);
	memset(d, 0, sizeof *d);
}

/* One row of display text (already through tw_display). */
static void doc_row(Doc *d, UiStyle st, int indent, const char *s, size_t n)
{
	if (d->failed)
		return;
	if (d->n == d->cap) {
		int cap = d->cap ? 2 * d->cap : 64;
		DocRow *rows = mem_realloc(d->rows, (size_t)cap * sizeof *rows);
		if (!rows) {
			d->failed = 1;
			return;
		}
		d->rows = rows;
		d->cap = cap;
	}
	if (d->len + n + 1 > d->cap_text) {
		size_t cap = d->cap_text ? d->cap_text : 1024;
		while (d->len + n + 1 > cap)
			cap *= 2;
		char *t = mem_realloc(d->text, cap);
		if (!t) {
			d->failed = 1;
			return;
		}
		d->text = t;
		d->cap_text = cap;
	}
	memcpy(d->text + d->len, s, n);
	d->rows[d->n++] = (DocRow){ (unsigned char)st, (short)indent, d->len, (int)n };
	d->len += n;
	d->text[d->len] = '\0';
}

static void doc_blank(Doc *d)
{
	doc_row(d, UI_NORMAL, 0, "", 0);
}

/* Raw text, one line of it (no newlines), wrapped to the width: a line's own leading spaces
 * are kept, and its continuation rows are indented as far plus hang. */
static void doc_line(Doc *d, UiStyle st, const char *raw, size_t n, int hang)
{
	int amb = d->mode == TW_AMBIGUOUS_WIDE;
	char *s = tw_display(raw, n, d->mode, NULL);
	TwLines lines = { 0 };
	if (!s || tw_wrap(s, strlen(s), d->width, TW_WRAP_PRE, amb, &lines) < 0) {
		d->failed = 1;
	} else {
		int lead = 0;
		while (s[lead] == ' ')
			lead++;
		int indent = lead + hang < d->width / 2 ? lead + hang : 0;
		if (lines.n > 0)
			doc_row(d, st, 0, s + lines.items[0].start, lines.items[0].len);
		if (lines.n > 1) {
			/* The rest, wrapped again to the room left after the indent. */
			const char *p = s + lines.items[1].start;
			TwLines more = { 0 };
			if (tw_wrap(p, strlen(p), d->width - indent, TW_WRAP_WORDS, amb, &more) < 0)
				d->failed = 1;
			for (int j = 0; j < more.n; j++)
				doc_row(d, st, indent, p + more.items[j].start, more.items[j].len);
			tw_lines_free(&more);
		}
	}
	tw_lines_free(&lines);
	mem_free(s);
}

/* Text with newlines: each line wrapped on its own. */
static void doc_text(Doc *d, UiStyle st, const char *raw, int hang)
{
	for (const char *p = raw;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		doc_line(d, st, p, n, hang);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* }==== */

/* {==== The task: the header comment of an exercise file ==== */

/* Chinese, Japanese and Korean characters and their punctuation: where the Chinese half of
 * a comment starts, and where two joined lines need no space between them. */
static int is_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6);
}

/* Chinese punctuation and brackets: 、。「」 and the fullwidth ，：；（）！？. */
static int is_cjk_punct(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
	       (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
	       (cp >= 0xFF5B && cp <= 0xFF65);
}

static int has_cjk(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += (size_t)tw_decode(s + i, n - i, &cp);
		if (is_cjk(cp))
			return 1;
	}
	return 0;
}

static uint32_t last_cp(const char *s, size_t n)
{
	size_t i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	uint32_t cp = 0;
	if (n)
		tw_decode(s + i, n - i, &cp);
	return cp;
}

typedef struct Span {
	const char *s;
	size_t n;
} Span;

static int lead(Span l)
{
	int n = 0;
	while ((size_t)n < l.n && l.s[n] == ' ')
		n++;
	return n;
}

/* A line that may go on from the one before: one that is not indented (its columns, as
 * in "Lesson 03-bptt.      Grade it: ...", are read as one space), or an indented one with
 * no columns in it. A table's rows and a formula's lines are indented and in columns. */
static int flowing(Span l)
{
	if (l.n == 0)
		return 0;
	int from = lead(l);
	if (from == 0)
		return 1;
	for (size_t i = (size_t)from; i + 2 < l.n; i++)
		if (l.s[i] == ' ' && l.s[i + 1] == ' ' && l.s[i + 2] == ' ')
			return 0;
	return 1;
}

/* Line i (indented li) is deeper than an item above it in its paragraph. */
static int in_item(const Span *lines, int from, int i, int li)
{
	for (int j = i - 1; j >= from && lines[j].n > 0; j--) {
		int lj = lead(lines[j]);
		if (lj == 0)
			return 0;
		if (lj < li)
			return 1;
	}
	return 0;
}

/* Joined lines keep a space between them, as the lessons write it, but not between two
 * Chinese characters nor beside Chinese punctuation. */
static int needs_space(uint32_t before, uint32_t after)
{
	if (!is_cjk(before) && !is_cjk(after))
		return 1;
	if (is_cjk_punct(before) || is_cjk_punct(after))
		return 0;
	return !(is_cjk(before) && is_cjk(after));
}

/* The task of the file's first comment in the language asked for, as lines: the comment
 * marks taken off, lines of prose joined into paragraphs (tables and formulas, which are
 * indented, kept as they are). The exercises write the English first and
 * then the Chinese, from the first paragraph with Chinese in its first line; zh shows that
 * half when there is one. NULL when there is no comment (*no_comment set) or no memory. */
static char *task_of(const char *src, int zh, int *no_comment)
{
	*no_comment = 0;
	const char *open = strstr(src, "/*");
	if (!open) {
		*no_comment = 1;
		return NULL;
	}
	const char *body = open + 2, *end = strstr(body, "*/");
	if (!end)
		end = body + strlen(body);
	int cap = 16, n = 0;
	Span *lines = mem_alloc((size_t)cap * sizeof *lines);
	if (!lines)
		return NULL;
	for (const char *p = body; p <= end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *s = p;
		if (p != body) {
			while (s < e && (*s == ' ' || *s == '\t'))
				s++;
			if (s < e && *s == '*')
				s++;
		} else {
			while (s < e && *s == '*')
				s++;
		}
		if (s < e && *s == ' ')
			s++;
		size_t len = (size_t)(e - s);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
			len--;
		if (n == cap) {
			Span *more = mem_realloc(lines, (size_t)(cap *= 2) * sizeof *lines);
			if (!more) {
				mem_free(lines);
				return NULL;
			}
			lines = more;
		}
		lines[n++] = (Span){ s, len };
		if (!nl)
			break;
		p = nl + 1;
	}
	int from = 0, to = n, half = -1;
	for (int i = 0; i < n && half < 0; i++)
		if ((i == 0 || lines[i - 1].n == 0) && has_cjk(lines[i].s, lines[i].n))
			half = i;
	if (half > 0) {
		if (zh)
			from = half;
		else
			to = half;
	}
	while (from < to && lines[from].n == 0)
		from++;
	while (to > from && lines[to - 1].n == 0)
		to--;
	if (from == to) {
		mem_free(lines);
		*no_comment = 1;
		return NULL;
	}
	size_t size = 1;
	for (int i = from; i < to; i++)
		size += lines[i].n + 1;
	char *out = mem_alloc(size), *o = out;
	if (out) {
		int group = 0;   /* the indent of the line being joined to */
		for (int i = from; i < to; i++) {
			Span l = lines[i];
			int li = lead(l);
			/* Prose goes on from an unindented line to the next; an indented item
			 * goes on in its deeper-indented lines when it filled its line (the
			 * lines of a formula are indented as deep, and shorter). */
			Span prev = i > from ? lines[i - 1] : (Span){ "", 0 };
			int join = prev.n > 0 && flowing(l) &&
				   (li == 0 ? group == 0
					    : in_item(lines, from, i, li) && flowing(prev) &&
						      tw_width(prev.s, prev.n, 0) >= FULL_LINE);
			if (join) {
				uint32_t first;
				tw_decode(l.s + li, l.n - (size_t)li, &first);
				if (needs_space(last_cp(prev.s, prev.n), first))
					*o++ = ' ';
			} else {
				if (i > from)
					*o++ = '\n';
				group = li;
			}
			for (size_t j = join ? (size_t)li : 0; j < l.n; j++) {
				if (li == 0 && j + 2 < l.n && l.s[j] == ' ' && l.s[j + 1] == ' ' &&
				    l.s[j + 2] == ' ')
					while (j + 1 < l.n && l.s[j + 1] == ' ')
						j++;
				*o++ = l.s[j];
			}
		}
		*o = '\0';
	}
	mem_free(lines);
	return out;
}

/* The file's text, NULL with errno when it cannot be read. */
static char *read_source(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *s = mem_alloc(MAX_SOURCE + 1);
	size_t n = s ? fread(s, 1, MAX_SOURCE, f) : 0;
	int e = ferror(f) ? errno : 0;
	fclose(f);
	if (s && e) {
		mem_free(s);
		errno = e;
		return NULL;
	}
	if (s)
		s[n] = '\0';
	else
		errno = ENOMEM;
	return s;
}

/* }==== */

/* {==== State ==== */

struct Exercises {
	GradeSetup setup;     /* setup.list: the exercises, NULL when there is no list */
	int can_grade;        /* grade_setup_open succeeded */
	char problem[1200];   /* why there is no list, or why grading cannot work */
	char dir[4200];       /* the learner's exercises folder */
	GradeProgress *gp;    /* NULL only out of memory */
	int view;
	int sel, top;         /* the list */
	int pane_top;         /* the first row of the task pane on show */
	int report_top;
	int reveal_hint;      /* prepare scrolls the report to the hint */
	Doc pane, report;
	int pending;          /* the exercise to grade, -1 none */
	GradeResult *result;  /* the last grade, of exercise result_ex (-1 none) */
	int result_ex;
};

static int n_exercises(const Exercises *ex)
{
	return ex->setup.list ? ex->setup.list->n : 0;
}

static const GradeExercise *exercise(const Exercises *ex, int i)
{
	return i >= 0 && i < n_exercises(ex) ? &ex->setup.list->ex[i] : NULL;
}

static GradeProgressEntry entry(const Exercises *ex, const GradeExercise *e)
{
	GradeProgressEntry none = { 0 };
	return ex->gp ? grade_progress_get(ex->gp, e->name) : none;
}

/* The hint reached: the one asked for last; the first once a grade has failed. */
static int hint_level(const Exercises *ex, const GradeExercise *e)
{
	GradeProgressEntry pe = entry(ex, e);
	int k = pe.hint;
	if (k < 1 && pe.status == GRADE_STATUS_FAILED)
		k = 1;
	return k > e->n_hints ? e->n_hints : k;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static Exercises *ex_new(const App *app)
{
	Exercises *ex = mem_calloc(1, sizeof *ex);
	if (!ex)
		return NULL;
	ex->pending = -1;
	ex->result_ex = -1;
	char dir[4000];
	if (app->opt.grader_dir) {
		snprintf(dir, sizeof dir, "%s", app->opt.grader_dir);
	} else if (grade_find_dir(dir, sizeof dir) != ST_OK) {
		snprintf(ex->problem, sizeof ex->problem, "%s", status_detail());
		return ex;
	}
	if (grade_setup_open(&ex->setup, dir) == ST_OK) {
		ex->can_grade = 1;
	} else {
		/* No compiler or no header: the list and the tasks still show. */
		snprintf(ex->problem, sizeof ex->problem, "%s", status_detail());
		char path[4200];
		snprintf(path, sizeof path, "%s/exercises.list", dir);
		snprintf(ex->setup.dir, sizeof ex->setup.dir, "%s", dir);
		ex->setup.list = registry_load(path, NULL);
	}
	/* The learner's files, found as `gradlab grade` finds them. */
	if (app->opt.submission)
		grade_submission_dir(app->opt.submission, ex->dir, sizeof ex->dir);
	else
		snprintf(ex->dir, sizeof ex->dir, "%s", is_dir("exercises") ? "exercises" : dir);
	return ex;
}

void app_exercises_free(Exercises *ex)
{
	if (!ex)
		return;
	grade_setup_close(&ex->setup);
	grade_progress_free(ex->gp);
	doc_free(&ex->pane);
	doc_free(&ex->report);
	mem_free(ex->result);
	mem_free(ex);
}

void app_open_exercises(App *app)
{
	if (!app->ex && !(app->ex = ex_new(app))) {
		app_message(app, 1, S_EX_NONE, "out of memory");
		return;
	}
	Exercises *ex = app->ex;
	/* Read the progress file again: `gradlab grade` or `gradlab watch` may have graded
	 * something since. */
	GradeProgressNote note;
	grade_progress_free(ex->gp);
	ex->gp = grade_progress_open(app->opt.state_dir, &note);
	if (note.opened == GRADE_PROGRESS_SET_ASIDE)
		app_message(app, 1, S_PROGRESS_SET_ASIDE, note.reason, note.moved_to);
	else if (note.opened == GRADE_PROGRESS_NO_SAVE)
		app_message(app, 1, S_PROGRESS_NO_SAVE, note.reason);
	if (app->screen != &screen_exercises)
		app->ex_return = app->screen;
	app->screen = &screen_exercises;
	ex->view = VIEW_LIST;
	ex->pane_top = 0;
}

/* }==== */

/* {==== Geometry ==== */

typedef struct Geo {
	int x0, width;
	int head_y;       /* the column heads */
	int list_y, list_rows;
	int rule_y;       /* the line naming the file to edit */
	int pane_y, pane_rows;
} Geo;

static Geo geometry(const App *app)
{
	Geo g;
	app_text_column(app, &g.x0, &g.width);
	int n = app->ex ? n_exercises(app->ex) : 0;
	g.head_y = app->rows >= 20 ? 2 : 1;
	g.list_y = g.head_y + 1;
	int avail = app->rows - 1 - g.list_y;
	int pane_min = avail * 2 / 5 < 4 ? 4 : avail * 2 / 5;
	int lr = avail - 1 - pane_min;
	if (lr < 2)
		lr = 2;
	if (lr > n)
		lr = n;
	g.list_rows = lr;
	g.rule_y = g.list_y + lr;
	g.pane_y = g.rule_y + 1;
	g.pane_rows = app->rows - 1 - g.pane_y;
	if (g.pane_rows < 0)
		g.pane_rows = 0;
	return g;
}

typedef struct Cols {
	int num, title, lesson, score, status;   /* widths; lesson 0 when there is no room */
} Cols;

static Cols columns(int width)
{
	Cols k = { 4, 0, width >= 70 ? 15 : 0, 7, 8 };
	k.title = width - k.num - (k.lesson ? k.lesson + 2 : 0) - k.score - 2 - k.status - 2;
	return k;
}

/* }==== */

/* {==== Laying out the pane and the report ==== */

static const char *title_of(const App *app, const GradeExercise *e)
{
	return app->lang == UI_ZH && e->title_zh[0] ? e->title_zh : e->title;
}

static void add_hint(const App *app, Doc *d, const GradeExercise *e, int k, int more_line)
{
	const char *h = registry_hint(e, k, app->lang == UI_ZH);
	if (k < 1 || !h)
		return;
	size_t size = strlen(h) + 128;
	char *s = mem_alloc(size);
	if (!s) {
		d->failed = 1;
		return;
	}
	snprintf(s, size, app_str(app, S_EX_HINT), k, e->n_hints, h);
	doc_line(d, UI_HINT, s, strlen(s), 2);
	mem_free(s);
	if (more_line && k < e->n_hints)
		doc_text(d, UI_HINT, app_str(app, S_EX_MORE_HINTS), 0);
}

/* The selected exercise under the list: a note when its file cannot be changed, its hint,
 * its task. */
static void build_pane(App *app, const GradeExercise *e)
{
	Exercises *ex = app->ex;
	Doc *d = &ex->pane;
	char path[4400], msg[5200];
	grade_exercise_file(e, ex->dir, path, sizeof path);
	char *src = read_source(path);
	int err = errno;
	if (src && access(path, W_OK) != 0) {
		snprintf(msg, sizeof msg, app_str(app, S_EX_READ_ONLY), ex->dir);
		doc_text(d, UI_HINT, msg, 0);
		doc_blank(d);
	}
	int k = hint_level(ex, e);
	if (k > 0) {
		add_hint(app, d, e, k, 0);
		doc_blank(d);
	}
	if (!src) {
		snprintf(msg, sizeof msg, app_str(app, S_EX_CANNOT_READ), path, strerror(err));
		doc_text(d, UI_ERROR, msg, 0);
		return;
	}
	int none;
	char *task = task_of(src, app->lang == UI_ZH, &none);
	mem_free(src);
	if (task) {
		doc_text(d, UI_NORMAL, task, 0);
	} else if (none) {
		snprintf(msg, sizeof msg, app_str(app, S_EX_NO_COMMENT), path);
		doc_text(d, UI_HINT, msg, 0);
	} else {
		d->failed = 1;
	}
	mem_free(task);
}

static void report_line(void *ctx, ReportLine kind, const char *text)
{
	static const unsigned char style[] = {
		[REPORT_LINE_TITLE] = UI_HEADING, [REPORT_LINE_PASS] = UI_CORRECT,
		[REPORT_LINE_FAIL] = UI_WRONG,    [REPORT_LINE_DETAIL] = UI_NORMAL,
		[REPORT_LINE_HINT] = UI_HINT,     [REPORT_LINE_OUTPUT] = UI_CODE,
		[REPORT_LINE_NOTE] = UI_CAPTION,
	};
	Doc *d = ctx;
	UiStyle st = (unsigned)kind < sizeof style ? (UiStyle)style[kind] : UI_NORMAL;
	/* A check's line goes on under its name; a detail under itself. */
	doc_line(d, st, text, strlen(text), kind == REPORT_LINE_PASS || kind == REPORT_LINE_FAIL ? 6 : 2);
}

static int build_report(App *app)
{
	Exercises *ex = app->ex;
	Doc *d = &ex->report;
	char path[4400], msg[5200];
	int hint_row = -1;
	if (ex->pending >= 0) {
		grade_exercise_file(exercise(ex, ex->pending), ex->dir, path, sizeof path);
		snprintf(msg, sizeof msg, app_str(app, S_EX_GRADING), path);
		doc_text(d, UI_HINT, msg, 0);
		return -1;
	}
	const GradeExercise *e = exercise(ex, ex->result_ex);
	if (!e || !ex->result)
		return -1;
	/* The hint comes from the progress file, in the language on show, with the UI's own
	 * words for the next one; the report's own hint lines name command-line options. */
	GradeResult r = *ex->result;
	r.hint_number = 0;
	ReportOptions o = { .list = ex->setup.list, .zh = app->lang == UI_ZH,
			    .command = "gradlab grade" };
	grade_report_lines(&r, &o, report_line, d);
	doc_blank(d);
	if (grade_result_passed(&r)) {
		doc_text(d, UI_CORRECT, app_str(app, S_EX_ALL_PASS), 0);
	} else if (hint_level(ex, e) > 0) {
		hint_row = d->n;
		add_hint(app, d, e, hint_level(ex, e), 1);
	}
	doc_blank(d);
	grade_exercise_file(e, ex->dir, path, sizeof path);
	snprintf(msg, sizeof msg, app_str(app, S_EX_EDIT), path);
	doc_text(d, UI_HINT, msg, 0);
	return hint_row;
}

static void clamp(int *top, int n, int view)
{
	if (*top > n - view)
		*top = n - view;
	if (*top < 0)
		*top = 0;
}

static void ex_prepare(App *app)
{
	Exercises *ex = app->ex;
	if (!ex)
		return;
	Geo g = geometry(app);
	int n = n_exercises(ex);
	if (ex->sel >= n)
		ex->sel = n - 1;
	if (ex->sel < 0)
		ex->sel = 0;
	if (ex->sel < ex->top)
		ex->top = ex->sel;
	if (ex->sel >= ex->top + g.list_rows)
		ex->top = ex->sel - g.list_rows + 1;
	clamp(&ex->top, n, g.list_rows);
	if (ex->view == VIEW_REPORT) {
		doc_reset(&ex->report, g.width, app->mode);
		int hint_row = build_report(app);
		int view = app->rows - 2;
		if (ex->reveal_hint && hint_row >= 0 &&
		    (hint_row < ex->report_top || hint_row >= ex->report_top + view))
			ex->report_top = hint_row - 1;
		ex->reveal_hint = 0;
		clamp(&ex->report_top, ex->report.n, view);
	} else {
		doc_reset(&ex->pane, g.width, app->mode);
		if (n)
			build_pane(app, exercise(ex, ex->sel));
		clamp(&ex->pane_top, ex->pane.n, g.pane_rows);
	}
}

/* }==== */

/* {==== Drawing ==== */

/* s cut to cols columns, with an ellipsis when it does not fit; returns the columns drawn. */
static int draw_cut(const App *app, Canvas *c, int y, int x, int cols, const char *s, UiStyle st)
{
	if (cols <= 0)
		return 0;
	char *d = app_display(app, s);
	size_t n = strlen(d);
	int used;
	if (tw_width(d, n, c->amb_wide) <= cols) {
		used = canvas_str(c, y, x, cols, d, st);
	} else {
		const char *e = app_glyph(app, G_ELLIPSIS);
		int ew = tw_width(e, strlen(e), c->amb_wide);
		used = canvas_text(c, y, x, cols - ew, d, tw_fit(d, n, cols - ew, c->amb_wide, NULL), st);
		used += canvas_str(c, y, x + used, ew, e, st);
	}
	mem_free(d);
	return used;
}

static void draw_doc(Canvas *c, const Doc *d, int top, int y0, int rows, int x0)
{
	for (int i = 0; i < rows && top + i < d->n; i++) {
		const DocRow *r = &d->rows[top + i];
		canvas_text(c, y0 + i, x0 + r->indent, d->width - r->indent, d->text + r->off,
			    (size_t)r->len, (UiStyle)r->style);
	}
}

/* "01" from "01_activations.c"; the position otherwise. */
static void number_of(const GradeExercise *e, int i, char *buf, size_t size)
{
	if (e->file[0] >= '0' && e->file[0] <= '9' && e->file[1] >= '0' && e->file[1] <= '9')
		snprintf(buf, size, "%.2s", e->file);
	else
		snprintf(buf, size, "%02d", i + 1);
}

static void draw_header(const App *app, Canvas *c)
{
	const Exercises *ex = app->ex;
	int n = n_exercises(ex), passed = 0, points = 0;
	double score = 0;
	for (int i = 0; i < n; i++) {
		const GradeExercise *e = exercise(ex, i);
		GradeProgressEntry pe = entry(ex, e);
		passed += pe.status == GRADE_STATUS_PASSED;
		score += pe.status == GRADE_STATUS_NEW ? 0 : pe.score;
		points += e->points;
	}
	char sc[32], left[256];
	grade_report_points(score, sc, sizeof sc);
	snprintf(left, sizeof left, app_str(app, S_EX_TITLE), passed, n, sc, points);
	app_draw_header(app, c, left, app_str(app, S_LANG_NAME));
}

static void draw_row(const App *app, Canvas *c, const Geo *g, const Cols *k, int i)
{
	const Exercises *ex = app->ex;
	const GradeExercise *e = exercise(ex, i);
	GradeProgressEntry pe = entry(ex, e);
	int y = g->list_y + i - ex->top, x = g->x0, sel = i == ex->sel;
	UiStyle st = sel ? UI_ROW_SEL : UI_NORMAL;
	if (sel)
		canvas_fill(c, y, g->x0 - (g->x0 > 0), g->width + (g->x0 > 0) + (g->x0 + g->width < c->cols),
			    ' ', st);
	char num[16];
	number_of(e, i, num, sizeof num);
	canvas_str(c, y, x, k->num, num, st);
	x += k->num;
	draw_cut(app, c, y, x, k->title, title_of(app, e), st);
	x += k->title + 2;
	if (k->lesson) {
		draw_cut(app, c, y, x, k->lesson, e->lesson, st);
		x += k->lesson + 2;
	}
	char score[48], sc[32];
	grade_report_points(pe.score, sc, sizeof sc);
	snprintf(score, sizeof score, "%s/%d", pe.status == GRADE_STATUS_NEW ? "-" : sc, e->points);
	int sw = tw_width(score, strlen(score), 0);
	draw_cut(app, c, y, x + (sw < k->score ? k->score - sw : 0), k->score, score, st);
	x += k->score + 2;
	char status[64];
	UiStyle ss = sel ? st : UI_NORMAL;
	if (pe.status == GRADE_STATUS_PASSED) {
		snprintf(status, sizeof status, "%s%s", app_glyph(app, G_OK), app_str(app, S_EX_PASSED));
		ss = sel ? st : UI_CORRECT;
	} else if (pe.status == GRADE_STATUS_FAILED) {
		snprintf(status, sizeof status, "%s%s", app_glyph(app, G_BAD), app_str(app, S_EX_FAILED));
		ss = sel ? st : UI_WRONG;
	} else {
		snprintf(status, sizeof status, "%s", app_str(app, S_EX_NEW));
	}
	draw_cut(app, c, y, x, k->status, status, ss);
}

/* ── Edit exercises/04_rnn_step.c ─────: a path too long keeps its end. */
static void draw_rule(const App *app, Canvas *c, const Geo *g, const GradeExercise *e)
{
	const char *h = app_glyph(app, G_H);
	int amb = c->amb_wide;
	for (int i = 0; i < g->width; i++)
		canvas_str(c, g->rule_y, g->x0 + i, 1, h, UI_BORDER);
	char raw[4400], label[5200];
	grade_exercise_file(e, app->ex->dir, raw, sizeof raw);
	snprintf(label, sizeof label, app_str(app, S_EX_EDIT), "");
	char *words = app_display(app, label), *path = app_display(app, raw);
	int room = g->width - 5 - tw_width(words, strlen(words), amb);
	const char *p = path, *ell = app_glyph(app, G_ELLIPSIS);
	size_t n = strlen(path);
	int cut = 0, ew = tw_width(ell, strlen(ell), amb);
	while (*p && tw_width(p, n - (size_t)(p - path), amb) > room - (cut ? ew : 0)) {
		p++;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		cut = 1;
	}
	char shown[4400];
	snprintf(shown, sizeof shown, "%s%s", cut ? ell : "", p);
	snprintf(label, sizeof label, app_str(app, S_EX_EDIT), shown);
	int x = g->x0 + 2;
	x += canvas_str(c, g->rule_y, x, 1, " ", UI_BORDER);
	x += canvas_str(c, g->rule_y, x, g->width - 4, label, UI_LABEL);
	canvas_str(c, g->rule_y, x, 1, " ", UI_BORDER);
	mem_free(words);
	mem_free(path);
}

static void draw_problem(const App *app, Canvas *c, int y, const char *why)
{
	int x0, width;
	app_text_column(app, &x0, &width);
	char msg[1400];
	snprintf(msg, sizeof msg, app_str(app, S_EX_NONE), why);
	char *d = app_display(app, msg);
	TwLines lines = { 0 };
	if (tw_wrap(d, strlen(d), width, TW_WRAP_WORDS, c->amb_wide, &lines) == 0)
		for (int i = 0; i < lines.n && y + i < c->rows - 1; i++)
			canvas_text(c, y + i, x0, width, d + lines.items[i].start, lines.items[i].len,
				    UI_ERROR);
	tw_lines_free(&lines);
	mem_free(d);
}

static void draw_list(const App *app, Canvas *c)
{
	const Exercises *ex = app->ex;
	Geo g = geometry(app);
	Cols k = columns(g.width);
	draw_header(app, c);
	const char *h[16];
	int nh = 0;
	if (n_exercises(ex) == 0) {
		draw_problem(app, c, g.list_y, ex->problem[0] ? ex->problem : "?");
	} else {
		int x = g.x0 + k.num;
		app_text(app, c, g.head_y, x, k.title, app_str(app, S_EX_COL_EXERCISE), UI_HEADING);
		x += k.title + 2;
		if (k.lesson) {
			app_text(app, c, g.head_y, x, k.lesson, app_str(app, S_EX_COL_LESSON), UI_HEADING);
			x += k.lesson + 2;
		}
		char *s = app_display(app, app_str(app, S_EX_COL_SCORE));
		int sw = tw_width(s, strlen(s), c->amb_wide);
		canvas_str(c, g.head_y, x + (sw < k.score ? k.score - sw : 0), k.score, s, UI_HEADING);
		mem_free(s);
		x += k.score + 2;
		app_text(app, c, g.head_y, x, k.status, app_str(app, S_EX_COL_STATUS), UI_HEADING);
		for (int i = ex->top; i < ex->top + g.list_rows && i < n_exercises(ex); i++)
			draw_row(app, c, &g, &k, i);
		draw_rule(app, c, &g, exercise(ex, ex->sel));
		draw_doc(c, &ex->pane, ex->pane_top, g.pane_y, g.pane_rows, g.x0);
		h[nh++] = "Enter", h[nh++] = app_str(app, S_HINT_GRADE);
		h[nh++] = app_glyph(app, G_UPDOWN), h[nh++] = app_str(app, S_HINT_MOVE);
		h[nh++] = "h", h[nh++] = app_str(app, S_HINT_HINT);
		if (ex->pane.n > g.pane_rows)
			h[nh++] = "Space", h[nh++] = app_str(app, S_HINT_SCROLL);
	}
	if (app->mode != TW_ASCII)
		h[nh++] = "L", h[nh++] = ui_str(!app->lang, S_LANG_NAME);
	h[nh++] = "q", h[nh++] = app_str(app, S_HINT_RETURN);
	h[nh] = NULL;
	char help[64];
	snprintf(help, sizeof help, "? %s", app_str(app, S_HINT_HELP));
	app_draw_status(app, c, h, help);
}

static void draw_report(const App *app, Canvas *c)
{
	const Exercises *ex = app->ex;
	int i = ex->pending >= 0 ? ex->pending : ex->result_ex;
	const GradeExercise *e = exercise(ex, i);
	char num[16], left[512];
	number_of(e, i, num, sizeof num);
	snprintf(left, sizeof left, app_str(app, S_EX_REPORT_TITLE), num, title_of(app, e));
	app_draw_header(app, c, left, app_str(app, S_LANG_NAME));
	int x0, width;
	app_text_column(app, &x0, &width);
	draw_doc(c, &ex->report, ex->report_top, 1, c->rows - 2, x0);
	const char *h[16];
	int nh = 0;
	h[nh++] = "Enter", h[nh++] = app_str(app, S_HINT_GRADE_AGAIN);
	if (ex->result && !grade_result_passed(ex->result))
		h[nh++] = "h", h[nh++] = app_str(app, S_HINT_HINT);
	if (ex->report.n > c->rows - 2)
		h[nh++] = app_glyph(app, G_UPDOWN), h[nh++] = app_str(app, S_HINT_SCROLL);
	if (app->mode != TW_ASCII)
		h[nh++] = "L", h[nh++] = ui_str(!app->lang, S_LANG_NAME);
	h[nh++] = "q", h[nh++] = app_str(app, S_HINT_LIST);
	h[nh] = NULL;
	char help[64];
	snprintf(help, sizeof help, "? %s", app_str(app, S_HINT_HELP));
	app_draw_status(app, c, h, help);
}

static void ex_draw(const App *app, Canvas *c)
{
	if (!app->ex)
		return;
	if (app->ex->view == VIEW_REPORT && exercise(app->ex, app->ex->pending >= 0 ? app->ex->pending
										 : app->ex->result_ex))
		draw_report(app, c);
	else
		draw_list(app, c);
}

/* }==== */

/* {==== Grading ==== */

static void ask_grade(App *app, int i)
{
	Exercises *ex = app->ex;
	const GradeExercise *e = exercise(ex, i);
	if (!e)
		return;
	if (!ex->can_grade) {
		app_message(app, 1, S_EX_CANNOT_GRADE, ex->problem);
		return;
	}
	char path[4400];
	grade_exercise_file(e, ex->dir, path, sizeof path);
	ex->pending = i;
	ex->view = VIEW_REPORT;
	ex->report_top = 0;
	app_message(app, 0, S_EX_GRADING, path);
}

int app_pending(const App *app)
{
	return app->ex && app->ex->pending >= 0;
}

void app_work(App *app)
{
	Exercises *ex = app->ex;
	if (!ex || ex->pending < 0)
		return;
	const GradeExercise *e = exercise(ex, ex->pending);
	int i = ex->pending;
	ex->pending = -1;
	app->msg[0] = '\0';
	if (!ex->result && !(ex->result = mem_alloc(sizeof *ex->result))) {
		app_message(app, 1, S_EX_CANNOT_GRADE, "out of memory");
		ex->view = VIEW_LIST;
		goto done;
	}
	int k = hint_level(ex, e);
	ex->setup.run.hint = k < 1 ? 1 : k;
	ex->setup.run.zh = app->lang == UI_ZH;
	ex->setup.run.seed = runner_random_seed();   /* new cases every time, as watch has it */
	Status st = grade_one(&ex->setup, e, ex->dir, ex->result);
	ex->result_ex = i;
	if (st != ST_OK)
		app_message(app, 1, S_EX_CANNOT_GRADE, status_detail());
	if (ex->gp) {
		grade_progress_record(ex->gp, ex->result);
		if (grade_progress_save(ex->gp) != ST_OK)
			app_message(app, 1, S_SAVE_FAILED, status_detail());
	}
done:
	if (app->screen->prepare)
		app->screen->prepare(app);
}

static void next_hint(App *app, int i)
{
	Exercises *ex = app->ex;
	const GradeExercise *e = exercise(ex, i);
	if (!e || !ex->gp || e->n_hints == 0)
		return;
	int k = hint_level(ex, e);
	if (k >= e->n_hints) {
		app_message(app, 0, S_EX_LAST_HINT);
		return;
	}
	grade_progress_set_hint(ex->gp, e->name, k + 1);
	if (grade_progress_save(ex->gp) != ST_OK)
		app_message(app, 1, S_SAVE_FAILED, status_detail());
	ex->pane_top = 0;
	ex->reveal_hint = 1;
}

/* }==== */

/* {==== Keys ==== */

static void leave(App *app)
{
	const Screen *to = app->ex_return ? app->ex_return : &screen_toc;
	if (to == &screen_reader && app->cur < 0)
		to = &screen_toc;
	app->screen = to;
	app->lay.valid = 0;
}

static void report_key(App *app, int key)
{
	Exercises *ex = app->ex;
	int page = app->rows - 3 > 1 ? app->rows - 3 : 1;
	switch (key) {
	case 'j':
	case UI_KEY_DOWN:
		ex->report_top++;
		break;
	case 'k':
	case UI_KEY_UP:
		ex->report_top--;
		break;
	case ' ':
	case UI_KEY_PGDN:
		ex->report_top += page;
		break;
	case 'b':
	case UI_KEY_PGUP:
		ex->report_top -= page;
		break;
	case 'g':
	case UI_KEY_HOME:
		ex->report_top = 0;
		break;
	case 'G':
	case UI_KEY_END:
		ex->report_top = 1 << 20;
		break;
	case '\n':
	case '\r':
		ask_grade(app, ex->result_ex);
		break;
	case 'h':
		if (ex->result && !grade_result_passed(ex->result))
			next_hint(app, ex->result_ex);
		break;
	case 'q':
	case UI_KEY_ESC:
	case UI_KEY_LEFT:
		ex->sel = ex->result_ex;
		ex->view = VIEW_LIST;
		break;
	}
}

static void list_key(App *app, int key)
{
	Exercises *ex = app->ex;
	Geo g = geometry(app);
	int page = g.pane_rows > 2 ? g.pane_rows - 1 : 1, was = ex->sel;
	switch (key) {
	case 'j':
	case UI_KEY_DOWN:
		ex->sel++;
		break;
	case 'k':
	case UI_KEY_UP:
		ex->sel--;
		break;
	case 'g':
	case UI_KEY_HOME:
		ex->sel = 0;
		break;
	case 'G':
	case UI_KEY_END:
		ex->sel = n_exercises(ex) - 1;
		break;
	case ' ':
	case UI_KEY_PGDN:
		ex->pane_top += page;
		break;
	case 'b':
	case UI_KEY_PGUP:
		ex->pane_top -= page;
		break;
	case '\n':
	case '\r':
	case UI_KEY_RIGHT:
		ask_grade(app, ex->sel);
		break;
	case 'h':
		next_hint(app, ex->sel);
		break;
	case 'q':
	case UI_KEY_ESC:
		leave(app);
		break;
	default:
		if (key >= '1' && key <= '9' && key - '1' < n_exercises(ex))
			ex->sel = key - '1';
		break;
	}
	if (ex->sel != was)
		ex->pane_top = 0;
}

static void ex_key(App *app, int key)
{
	Exercises *ex = app->ex;
	if (!ex) {
		leave(app);
		return;
	}
	if (key == 'L') {
		app_toggle_lang(app);
		return;
	}
	if (key == '?' || key == UI_KEY_F1) {
		app_open_help(app);
		return;
	}
	if (ex->view == VIEW_REPORT && exercise(ex, ex->result_ex))
		report_key(app, key);
	else if (n_exercises(ex) > 0)
		list_key(app, key);
	else if (key == 'q' || key == UI_KEY_ESC)
		leave(app);
}

/* }==== */

const Screen screen_exercises = { "exercises", ex_draw, ex_key, ex_prepare };
