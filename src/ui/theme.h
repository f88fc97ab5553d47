/* theme: every style the screens draw with, and how each looks in colour and without it.
 * In src/ui, beside the canvas; one table (htop's and ncdu's way), so a monochrome terminal
 * or NO_COLOR gets a legible screen from the same styles: reverse for selection, bold for
 * headings, underline where colour alone would tell things apart. */
#ifndef GRADLAB_THEME_H
#define GRADLAB_THEME_H

typedef enum UiStyle {
	UI_NORMAL,
	UI_HEADER,        /* the top bar */
	UI_STATUS,        /* the bottom bar: key hints */
	UI_MESSAGE,       /* the bottom bar: a message */
	UI_TITLE,         /* the lesson's title */
	UI_HEADING,       /* ## */
	UI_SUBHEADING,    /* ### */
	UI_CODE,          /* code and formula blocks */
	UI_BORDER,        /* a cell's frame */
	UI_BORDER_SEL,    /* the selected cell's frame */
	UI_LABEL,         /* "Experiment 2" in a frame */
	UI_CAPTION,
	UI_PARAM,         /* a varied parameter and its value */
	UI_PARAM_SEL,     /* the one ←/→ changes */
	UI_COMMAND,       /* $ gradlab ... */
	UI_OUTPUT,        /* what a command printed */
	UI_ERROR,         /* what it printed on stderr, and errors */
	UI_HINT,          /* "Press Enter to run" */
	UI_INPUT,         /* the answer being typed */
	UI_CORRECT,
	UI_WRONG,
	UI_EXPLAIN,
	UI_MATCH,         /* a search match */
	UI_ROW_SEL,       /* the selected row of a list */
	UI_KEY,           /* a key name in the help */
	UI_DONE,          /* a visited lesson's mark */
	UI_EMPH,          /* *emphasis* in prose: the markers go, this stays */
	UI_STRONG,        /* **strong** */
	UI_EMPH_STRONG,   /* ***both*** */
	UI_STYLE_COUNT
} UiStyle;

enum { THEME_BOLD = 1, THEME_REVERSE = 2, THEME_UNDERLINE = 4, THEME_DIM = 8 };

/* The eight ANSI colours in curses' order; THEME_DEFAULT is the terminal's own. */
enum {
	THEME_DEFAULT = -1, THEME_BLACK, THEME_RED, THEME_GREEN, THEME_YELLOW, THEME_BLUE,
	THEME_MAGENTA, THEME_CYAN, THEME_WHITE
};

typedef struct ThemeEntry {
	const char *name;
	short fg, bg;            /* with colour */
	unsigned colour_attrs;   /* THEME_* with colour */
	unsigned mono_attrs;     /* THEME_* without */
} ThemeEntry;

const ThemeEntry *theme_entry(UiStyle s);
/* Whether colours may be used: NO_COLOR (https://no-color.org) unset or empty. The
 * terminal's own has_colors() is asked by the curses backend. */
int theme_colour_wanted(void);

#endif
