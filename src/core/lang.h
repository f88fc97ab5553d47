/* lang: the one list of the languages gradlab speaks, in the order of every message table's
 * columns. In src/core, below every layer that speaks. A language is an index into this
 * list (0, LANG_EN, is English: the fallback and the source every translation follows);
 * --lang's values and help, the lesson folders (lessons/CODE), the exercises list's keys
 * (title_CODE, hint_CODE), the lint's folder pairs and the book's language key all come from
 * it. A new language is one line here and one more text in each ROW of each table. */
#ifndef GRADLAB_LANG_LIST_H
#define GRADLAB_LANG_LIST_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* X(id, code, English name, needs a UTF-8 locale, fontconfig's language or NULL): the code
 * names the folder and --lang's value; a language that needs UTF-8 falls back to English
 * elsewhere; a plot in a language with a fontconfig language needs a font for it. */
#define LANG_LIST(X)                                                                           \
	X(LANG_EN, "en", "English", 0, NULL)                                                   \
	X(LANG_ZH, "zh", "Chinese", 1, "zh")                                                   \
	LANG_EXTRA(X)

/* LANG_EXTRA: languages a build adds after these, and LANG_EXTRA_COLUMN(en) their texts
 * in each table's rows (a test's fake language, filled from English with a mark). */
#ifdef GRADLAB_TEST_THIRD_LANG
/* A whole build with a fake third language (tools/check_third_lang.sh): every table must
 * take its column, every command its --lang xx. */
#define LANG_EXTRA(X) X(LANG_XX, "xx", "Fake", 0, NULL)
#define LANG_EXTRA_COLUMN(en) , "[xx]" en
#endif
#ifndef LANG_EXTRA
#define LANG_EXTRA(X)
#endif
#ifndef LANG_EXTRA_COLUMN
#define LANG_EXTRA_COLUMN(en)
#endif

#define LANG_ID_(id, code, name, utf8, font) id,
typedef enum Lang { LANG_LIST(LANG_ID_) LANG_COUNT } Lang;
#undef LANG_ID_

/* --lang's choices, "en|zh": a string constant, for an option table or a "%s". */
#define LANG_CHOICE_(id, code, name, utf8, font) "|" code
#define LANG_CHOICES (LANG_LIST(LANG_CHOICE_) + 1)

typedef struct LangInfo {
	const char *code, *name, *font;
	int utf8;
} LangInfo;

/* The row of lang; English's for an index out of range. Inline, so that a test that adds a
 * language (LANG_EXTRA) sees it in everything it compiles. */
static inline const LangInfo *lang_info(int lang)
{
#define LANG_INFO_(id, code, name, utf8, font) { code, name, font, utf8 },
	static const LangInfo list[LANG_COUNT] = { LANG_LIST(LANG_INFO_) };
#undef LANG_INFO_
	return &list[lang >= 0 && lang < LANG_COUNT ? lang : LANG_EN];
}

static inline const char *lang_code(int lang)
{
	return lang_info(lang)->code;
}

/* The language whose code is code ("en", "zh"); -1 for none (or NULL). */
static inline int lang_of_code(const char *code)
{
	for (int l = 0; code && l < LANG_COUNT; l++)
		if (strcmp(code, lang_code(l)) == 0)
			return l;
	return -1;
}

/* The language after lang, English after the last: the book's language key. */
static inline int lang_next(int lang)
{
	return (lang + 1) % LANG_COUNT;
}

/* Every code with before and after around it, joined by ", " and the last by last:
 * ("DIR/", "", " and ") gives "DIR/en and DIR/zh". Cut to fit size. */
static inline const char *lang_codes_join(char *buf, size_t size, const char *before,
					  const char *after, const char *last)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int l = 0; l < LANG_COUNT && n < size; l++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s%s%s",
				      l == 0 ? "" : l == LANG_COUNT - 1 ? last : ", ", before,
				      lang_code(l), after);
	return buf;
}

#endif
