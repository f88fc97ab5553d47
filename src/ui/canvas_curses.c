/* canvas_curses: the canvas and the keys of the real terminal, through ncursesw; see term.h.
 * The only file that includes <curses.h>. One full-screen window is drawn and read with
 * wget_wch (reading stdscr would repaint it over the window); newterm instead of initscr,
 * which exits the process when TERM is unknown. Colours come from the theme table, with
 * its monochrome column when the terminal has no colours or NO_COLOR is set. */
#define NCURSES_WIDECHAR 1
#include "ui/term.h"

#include "core/mem.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

struct Term {
	Canvas base;
	SCREEN *scr;
	WINDOW *win;
	int colour;
	int cur_y, cur_x;
};

static Term *active;   /* for term_emergency_restore */

static attr_t attrs_of(unsigned a)
{
	attr_t r = A_NORMAL;
	if (a & THEME_BOLD)
		r |= A_BOLD;
	if (a & THEME_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_DIM)
		r |= A_DIM;
	return r;
}

static void curses_clear(Canvas *c)
{
	Term *t = (Term *)c;
	werase(t->win);
	t->cur_y = -1;
}

static void curses_put(Canvas *c, int y, int x, uint32_t cp, int width, UiStyle st)
{
	Term *t = (Term *)c;
	const ThemeEntry *e = theme_entry(st);
	attr_t a = attrs_of(t->colour ? e->colour_attrs : e->mono_attrs);
	short pair = t->colour ? (short)(st + 1) : 0;
	wchar_t wc[2] = { (wchar_t)cp, 0 };
	cchar_t cc;
	(void)width;
	if (setcchar(&cc, wc, a, pair, NULL) == OK)
		mvwadd_wch(t->win, y, x, &cc);   /* ERR at the last cell is expected: ignored */
}

/* The mark joins the characters of the cell, as a terminal draws them on one base. */
static void curses_combine(Canvas *c, int y, int x, uint32_t mark)
{
	Term *t = (Term *)c;
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair;
	if (mvwin_wch(t->win, y, x, &cc) != OK || getcchar(&cc, wc, &a, &pair, NULL) == ERR)
		return;
	size_t n = wcslen(wc);
	if (n == 0 || n + 1 >= CCHARW_MAX)
		return;
	wc[n] = (wchar_t)mark;
	wc[n + 1] = 0;
	if (setcchar(&cc, wc, a, pair, NULL) == OK)
		mvwadd_wch(t->win, y, x, &cc);
}

static void curses_cursor(Canvas *c, int y, int x)
{
	Term *t = (Term *)c;
	t->cur_y = y;
	t->cur_x = x;
}

static const CanvasOps curses_ops = { curses_clear, curses_put, curses_cursor, curses_combine };

TermFit term_fit(void)
{
	const char *name = getenv("TERM");
	if (!name || !*name)
		return TERM_FIT_UNSET;
	/* Read its description without starting curses (nothing is written to the terminal),
	 * then let it go: newterm reads it again. */
	int err = 0;
	if (setupterm(name, STDOUT_FILENO, &err) != OK)
		return err == 1 ? TERM_FIT_CANNOT_MOVE : TERM_FIT_UNKNOWN;   /* 1: hardcopy */
	/* Without cursor addressing (TERM=dumb, a printing terminal) ncurses can only write
	 * lines one after another: the screen would show the last row and nothing else. The
	 * string belongs to the description: read it before the description is freed. */
	const char *cup = tigetstr("cup");
	int moves = cup && cup != (const char *)-1 && *cup && tigetflag("hc") <= 0;
	TERMINAL *t = cur_term;
	set_curterm(NULL);
	del_curterm(t);
	return moves ? TERM_FIT_OK : TERM_FIT_CANNOT_MOVE;
}

Term *term_open(int colour)
{
	const char *name = getenv("TERM");
	if (!name || !*name)
		return NULL;
	Term *t = mem_calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->scr = newterm(NULL, stdout, stdin);
	if (!t->scr) {
		mem_free(t);
		return NULL;
	}
	set_term(t->scr);
	active = t;
	cbreak();
	noecho();
	nonl();
	set_escdelay(25);
	t->win = newwin(LINES, COLS, 0, 0);
	if (!t->win) {
		term_close(t);
		return NULL;
	}
	keypad(t->win, TRUE);
	curs_set(0);
	if (colour && has_colors() && start_color() == OK) {
		use_default_colors();
		t->colour = 1;
		for (int s = 0; s < UI_STYLE_COUNT; s++) {
			const ThemeEntry *e = theme_entry((UiStyle)s);
			init_pair((short)(s + 1), e->fg, e->bg);
		}
	}
	t->base.ops = &curses_ops;
	t->base.rows = LINES;
	t->base.cols = COLS;
	t->cur_y = -1;
	return t;
}

Canvas *term_canvas(Term *t)
{
	return &t->base;
}

void term_size(Term *t, int *rows, int *cols)
{
	int r, c;
	getmaxyx(stdscr, r, c);
	if (r != getmaxy(t->win) || c != getmaxx(t->win))
		wresize(t->win, r, c);
	t->base.rows = r;
	t->base.cols = c;
	*rows = r;
	*cols = c;
}

void term_flush(Term *t)
{
	if (t->cur_y >= 0) {
		wmove(t->win, t->cur_y, t->cur_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(t->win);
	doupdate();
}

/* The key wget_wch read: r its result, ch the character or key code. */
static int key_of(int r, wint_t ch)
{
	if (r == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: return UI_KEY_UP;
		case KEY_DOWN: return UI_KEY_DOWN;
		case KEY_LEFT: return UI_KEY_LEFT;
		case KEY_RIGHT: return UI_KEY_RIGHT;
		case KEY_PPAGE: return UI_KEY_PGUP;
		case KEY_NPAGE: return UI_KEY_PGDN;
		case KEY_HOME: return UI_KEY_HOME;
		case KEY_END: return UI_KEY_END;
		case KEY_BACKSPACE: return UI_KEY_BACKSPACE;
		case KEY_DC: return UI_KEY_DELETE;
		case KEY_BTAB: return UI_KEY_BTAB;
		case KEY_ENTER: return '\n';
		case KEY_F(1): return UI_KEY_F1;
		case KEY_RESIZE: return UI_KEY_RESIZE;
		default: return UI_KEY_NONE;
		}
	}
	if (ch == '\r')
		return '\n';
	if (ch == 127 || ch == 8)
		return UI_KEY_BACKSPACE;
	return (int)ch;
}

int term_key(Term *t)
{
	wint_t ch;
	int r = wget_wch(t->win, &ch);
	if (r == ERR)
		return UI_KEY_EOF;
	return key_of(r, ch);
}

int term_key_now(Term *t)
{
	wint_t ch;
	wtimeout(t->win, 0);
	int r = wget_wch(t->win, &ch);
	wtimeout(t->win, -1);
	/* ERR here is "nothing typed yet" as much as "input ended": the live cell reads again
	 * at its next turn, and the loop's blocking read tells the two apart afterwards. */
	return r == ERR ? UI_KEY_NONE : key_of(r, ch);
}

void term_close(Term *t)
{
	if (!t)
		return;
	if (t->win)
		delwin(t->win);
	curs_set(1);
	endwin();
	delscreen(t->scr);
	active = NULL;
	mem_free(t);
}

void term_emergency_restore(void)
{
	if (active)
		endwin();
}
