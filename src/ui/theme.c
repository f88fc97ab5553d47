/* theme: the style table; see theme.h. */
#include "ui/theme.h"

#include <stdlib.h>

#define B THEME_BOLD
#define R THEME_REVERSE
#define U THEME_UNDERLINE
#define DEF THEME_DEFAULT

static const ThemeEntry table[UI_STYLE_COUNT] = {
	/*                 name          fg             bg            colour  mono */
	[UI_NORMAL]     = { "normal",     DEF,           DEF,          0,      0 },
	[UI_HEADER]     = { "header",     THEME_WHITE,   THEME_BLUE,   B,      R },
	[UI_STATUS]     = { "status",     THEME_BLACK,   THEME_WHITE,  0,      R },
	[UI_MESSAGE]    = { "message",    THEME_BLACK,   THEME_YELLOW, B,      R | B },
	[UI_TITLE]      = { "title",      THEME_YELLOW,  DEF,          B,      B | U },
	[UI_HEADING]    = { "heading",    THEME_YELLOW,  DEF,          B,      B },
	[UI_SUBHEADING] = { "subheading", THEME_YELLOW,  DEF,          0,      U },
	[UI_CODE]       = { "code",       THEME_CYAN,    DEF,          0,      0 },
	[UI_BORDER]     = { "border",     THEME_BLUE,    DEF,          0,      0 },
	[UI_BORDER_SEL] = { "border-sel", THEME_YELLOW,  DEF,          B,      B },
	[UI_LABEL]      = { "label",      THEME_MAGENTA, DEF,          B,      B },
	[UI_CAPTION]    = { "caption",    DEF,           DEF,          0,      U },
	[UI_PARAM]      = { "param",      THEME_GREEN,   DEF,          0,      0 },
	[UI_PARAM_SEL]  = { "param-sel",  THEME_BLACK,   THEME_GREEN,  B,      R | B },
	[UI_COMMAND]    = { "command",    THEME_GREEN,   DEF,          B,      B },
	[UI_OUTPUT]     = { "output",     DEF,           DEF,          0,      0 },
	[UI_ERROR]      = { "error",      THEME_RED,     DEF,          B,      B },
	[UI_HINT]       = { "hint",       THEME_CYAN,    DEF,          0,      0 },
	[UI_INPUT]      = { "input",      THEME_BLACK,   THEME_CYAN,   0,      U },
	[UI_CORRECT]    = { "correct",    THEME_GREEN,   DEF,          B,      B },
	[UI_WRONG]      = { "wrong",      THEME_RED,     DEF,          B,      B },
	[UI_EXPLAIN]    = { "explain",    DEF,           DEF,          0,      0 },
	[UI_MATCH]      = { "match",      THEME_BLACK,   THEME_YELLOW, 0,      R },
	[UI_ROW_SEL]    = { "row-sel",    THEME_BLACK,   THEME_CYAN,   0,      R },
	[UI_KEY]        = { "key",        THEME_GREEN,   DEF,          B,      B },
	[UI_DONE]       = { "done",       THEME_GREEN,   DEF,          0,      0 },
	/* Attributes, not colours, so NO_COLOR keeps them (no-color.org: bold and underline
	 * are not colour). Underline stands for italics, which few terminals draw. */
	[UI_EMPH]       = { "emph",       DEF,           DEF,          U,      U },
	[UI_STRONG]     = { "strong",     DEF,           DEF,          B,      B },
	[UI_EMPH_STRONG] = { "emph-strong", DEF,         DEF,          B | U,  B | U },
};

const ThemeEntry *theme_entry(UiStyle s)
{
	return &table[(unsigned)s < UI_STYLE_COUNT ? s : UI_NORMAL];
}

int theme_colour_wanted(void)
{
	const char *no = getenv("NO_COLOR");
	return !no || !*no;
}
