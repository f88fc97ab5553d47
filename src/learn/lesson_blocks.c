/* lesson_blocks: the Markdown block parser, the parser's second stage (lesson_internal.h).
 * It reads the lines (lesson_lines.c) and appends the lesson's blocks in file order:
 * headings, paragraphs, list items, code blocks, and the fences of cells, whose bodies it
 * hands to the cell parser (lesson_cell.c). The lines of a paragraph or list item are
 * joined here, without a space between Chinese characters. */
#include "learn/lesson.h"

#include "core/mem.h"
#include "learn/lesson_internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* A new block at the end of the lesson. Its answer and tolerance start as NaN: absent. */
static LessonBlock *add_block(Parser *p, LessonBlockKind kind, int line)
{
	Lesson *l = p->l;
	LessonBlock *b = lesson_grow(p, l->blocks, l->n_blocks, &p->cap_blocks, sizeof *b);
	if (!b)
		return NULL;
	l->blocks = b;
	b = &l->blocks[l->n_blocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->line = line;
	b->cell.answer_value = NAN;
	b->cell.tolerance = NAN;
	return b;
}

/* {==== Paragraphs and list items ==== */

/* The code point at s, which is valid UTF-8 (the parser made it so). */
static uint32_t utf8_at(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	if (s[0] < 0x80)
		return s[0];
	int len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	uint32_t cp = s[0] & (0x3F >> (len - 1));
	for (int i = 1; i < len && s[i]; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	return cp;
}

/* East Asian wide and fullwidth characters: CJK ideographs, kana, hangul, CJK and fullwidth
 * punctuation. Chinese lines are wrapped mid-sentence, so a line break next to one of these
 * is no space at all. */
static int is_wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	       (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

/* CJK and fullwidth punctuation (，。：、「」 ...), which never takes a space beside it. */
static int is_wide_punct(uint32_t c)
{
	int fullwidth_alnum = (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
			      (c >= 0xFF41 && c <= 0xFF5A);
	return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65 && !fullwidth_alnum);
}

static void buf_put(Parser *p, const char *s, size_t n)
{
	if (p->st == ST_OK && mem_append(&p->buf, &p->len, &p->cap, s, n, 256) != 0)
		p->st = ST_ENOMEM;
}

/* Add one trimmed line to the text being gathered, after a space where the line break
 * stood for one: between two Chinese characters, or beside Chinese punctuation, a break is
 * no space at all (Chinese lines are wrapped mid-sentence); between Chinese and Latin text
 * it is the space Chinese typesetting puts there ("决定了 tanh 的"). */
static void gather(Parser *p, const char *s)
{
	if (p->len > 0) {
		size_t i = p->len - 1;
		while (i > 0 && ((unsigned char)p->buf[i] & 0xC0) == 0x80)
			i--;
		uint32_t before = utf8_at(p->buf + i), after = utf8_at(s);
		int no_space = (is_wide(before) && is_wide(after)) || is_wide_punct(before) ||
			       is_wide_punct(after);
		if (!no_space)
			buf_put(p, " ", 1);
	}
	buf_put(p, s, strlen(s));
}

static void start(Parser *p, int kind, int line, int number)
{
	p->pending = kind;
	p->pending_line = line;
	p->pending_number = number;
	p->len = 0;
}

static void flush(Parser *p)
{
	if (p->pending < 0)
		return;
	LessonBlock *b = add_block(p, (LessonBlockKind)p->pending, p->pending_line);
	if (b) {
		b->number = p->pending_number;
		b->text = lesson_dup_n(p, p->buf ? p->buf : "", p->len);
	}
	p->pending = -1;
	p->len = 0;
}

/* "- text" or "12. text": 1 with the number (0 for a bullet) and the text. */
static int item_start(char *s, int *number, char **rest)
{
	if (s[0] == '-' && s[1] == ' ') {
		*number = 0;
		*rest = s + 2;
		return 1;
	}
	int n = 0, i = 0;
	while (s[i] >= '0' && s[i] <= '9' && i < 6)
		n = 10 * n + (s[i++] - '0');
	if (i > 0 && s[i] == '.' && s[i + 1] == ' ') {
		*number = n;
		*rest = s + i + 2;
		return 1;
	}
	return 0;
}

/* }==== */

/* {==== Headings ==== */

static void heading(Parser *p, int line, int level, char *text)
{
	text = lesson_trim(text);
	if (!*text)
		lesson_problem_at(p, line, "an empty heading");
	if (level > 3) {
		lesson_problem_at(p, line, "a level-%d heading: the format has # (the title), ## and ### only",
			level);
		level = 3;
	}
	if (level == 1) {
		Lesson *l = p->l;
		if (!l->title) {
			l->title = text;
			l->title_line = line;
			if (line != 1)
				lesson_problem_at(p, line, "the title must be the first line of the file");
		} else {
			lesson_problem_at(p, line, "a second title (the first is at line %d); sections are ## and ###",
				l->title_line);
		}
	}
	LessonBlock *b = add_block(p, LESSON_HEADING, line);
	if (b) {
		b->level = level;
		b->text = text;
	}
}

/* }==== */

/* {==== Fences: code blocks and cells ==== */

/* A fence at lines[i]: a code block or a cell. Returns the index of the next line. */
static int fence(Parser *p, Line *lines, int n, int i)
{
	int open = lines[i].no;
	char *info = lesson_trim(lines[i].s + 3);
	int j = i + 1, closed = 0;
	while (j < n && strncmp(lines[j].s, "```", 3) != 0)
		j++;
	if (j < n && lesson_is_blank(lines[j].s + 3))
		closed = 1;
	else if (j < n)
		lesson_problem_at(p, open, "unclosed ``` fence: another one opens at line %d", lines[j].no);
	else
		lesson_problem_at(p, open, "unclosed ``` fence: it is still open at the end of the file");

	LessonBlockKind kind = LESSON_CODE;
	if (strcmp(info, "experiment") == 0)
		kind = LESSON_EXPERIMENT;
	else if (strcmp(info, "check") == 0)
		kind = LESSON_CHECK;
	else if (strcmp(info, "quiz") == 0)
		kind = LESSON_QUIZ;
	else if (*info && strcmp(info, "c") != 0 && strcmp(info, "text") != 0 &&
		 strcmp(info, "math") != 0)
		lesson_problem_at(p, open,
			"unknown cell type '%.*s%s' (cells are experiment, check and quiz; a code block has no info string or c, text, math)",
			Q(info));
	/* A cell that runs to the end of the file would read the prose as keys: keep it as
	 * text, the unclosed fence is the problem to fix. */
	if (kind != LESSON_CODE && !closed && j == n)
		kind = LESSON_CODE;

	LessonBlock *b = add_block(p, kind, open);
	if (!b)
		return n;
	b->info = info;
	b->n_lines = j - i - 1;
	if (b->n_lines > 0) {
		b->lines = lesson_alloc(p, (size_t)b->n_lines * sizeof *b->lines);
		if (!b->lines)
			return n;
		for (int k = 0; k < b->n_lines; k++)
			b->lines[k] = lines[i + 1 + k].s;
	}
	if (lesson_is_cell(kind)) {
		p->l->n_cells++;
		lesson_cell_parse(p, b, lines + i + 1, b->n_lines);
	}
	return closed ? j + 1 : j;
}

/* }==== */

/* Each line is tried in this order: blank, a fence, a heading, a list item; anything else
 * starts or continues a paragraph. */
void lesson_blocks_parse(Parser *p, Line *lines, int n)
{
	for (int i = 0; i < n && p->st == ST_OK;) {
		char *s = lines[i].s;
		int no = lines[i].no;
		if (lesson_is_blank(s)) {
			flush(p);
			i++;
			continue;
		}
		if (strncmp(s, "```", 3) == 0) {
			flush(p);
			i = fence(p, lines, n, i);
			continue;
		}
		int level = 0;
		while (s[level] == '#')
			level++;
		if (level > 0 && (s[level] == ' ' || s[level] == '\0')) {
			flush(p);
			heading(p, no, level, s + level);
			i++;
			continue;
		}
		int number;
		char *rest;
		if (item_start(s, &number, &rest)) {
			flush(p);
			start(p, LESSON_ITEM, no, number);
			gather(p, lesson_trim(rest));
			i++;
			continue;
		}
		if (p->pending < 0)
			start(p, LESSON_PARAGRAPH, no, 0);
		gather(p, lesson_trim(s));
		i++;
	}
	flush(p);
	if (p->st == ST_OK && !p->l->title)
		lesson_problem_at(p, 1, "no title: the first line must be '# Title'");
}
