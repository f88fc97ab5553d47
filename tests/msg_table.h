/* msg_table: the one way every message table is tested (src/ui/strings.c, src/check/check_msg.c,
 * src/grade/grade_msg.c, src/cli/cli_msg.c, src/plot/plot_msg.c). A table test includes its table's .c with one extra language
 * column, a fake one that puts a mark before each English text, and calls:
 *   msg_table_check: every id has a text in every language, and every language takes the
 *     same printf arguments (by type, in order, or by position where a text numbers them);
 *     every other language is a translation, not a copy of English;
 *   msg_fake_check: every lookup in the fake language reads its column (mark + English),
 *     so a third language is one more column and nothing falls back silently.
 * Include after test_util.h (cmocka). */
#ifndef GRADLAB_MSG_TABLE_H
#define GRADLAB_MSG_TABLE_H

#include <stdio.h>
#include <string.h>

/* A table's cell: its text of id in lang as the table holds it (NULL for a gap). */
typedef const char *(*MsgCell)(int lang, int id);

/* The printf conversions of s as "1:d 2:s 3:f", one per argument in argument order: the
 * length modifier and a class of conversion (d for d and i, u for u, x, X and o, f for every
 * floating one), so that "%.0s" (which takes an argument and shows none) counts as an s.
 * "%2$s" puts its conversion at position 2. 0 when s mixes numbered and plain ones. */
static inline int msg_conversions(const char *s, char *out, size_t size)
{
	char slot[16][8] = { { 0 } };
	int next = 0, numbered = 0, plain = 0, top = 0;
	for (; *s; s++) {
		if (*s != '%')
			continue;
		if (*++s == '%')
			continue;
		int pos = 0;
		const char *p = s;
		while (*p >= '0' && *p <= '9')
			pos = pos * 10 + (*p++ - '0');
		if (*p == '$' && pos > 0) {
			numbered = 1;
			s = p + 1;
		} else {
			plain = 1;
			pos = 0;
		}
		/* a * width or precision ("%.*s") takes an int before the value */
		for (; *s && strchr("0123456789.-+ #'*", *s); s++)
			if (*s == '*' && !pos && next < 15)
				snprintf(slot[++next], sizeof slot[0], "d");
		if (!pos)
			pos = ++next;
		char len[4] = "";
		int n = 0;
		while (*s && strchr("hlLqjzt", *s) && n < 3)
			len[n++] = *s++;
		len[n] = '\0';
		char c = *s;
		c = c == 'i' ? 'd' : strchr("xXo", c) ? 'u' : strchr("eEgGaAF", c) ? 'f' : c;
		if (pos < 1 || pos > 15)
			return 0;
		snprintf(slot[pos], sizeof slot[pos], "%s%c", len, c);
		top = pos > top ? pos : top;
		if (!*s)
			break;
	}
	if (numbered && plain)
		return 0;
	size_t o = 0;
	out[0] = '\0';
	for (int k = 1; k <= top && o < size; k++)
		o += (size_t)snprintf(out + o, size - o, "%s%d:%s", k > 1 ? " " : "", k,
				      slot[k][0] ? slot[k] : "?");
	return 1;
}

/* Two letters in a row outside the conversions: a word to translate. */
static inline int msg_has_words(const char *s)
{
	int run = 0;
	for (; *s; s++) {
		if (*s == '%') {
			while (s[1] && !strchr("diouxXeEfgGaAcsp%", s[1]))
				s++;
			if (s[1])
				s++;
			run = 0;
			continue;
		}
		run = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ? run + 1 : 0;
		if (run >= 2)
			return 1;
	}
	return 0;
}

/* Every id of cell (0 .. n_ids-1) in every language (0 .. n_langs-1, core/lang.h's order;
 * 0 is English): a text, the same conversions as English, and no other language a copy of
 * English (ids for which same_ok says a copy is right aside: a name, a code, numbers only).
 * The ids may_be_empty names may be empty (NULL: none). name names the table in a failure. */
static inline void msg_table_check(const char *name, MsgCell cell, int n_ids, int n_langs,
				   int (*may_be_empty)(int id), int (*same_ok)(int id))
{
	for (int id = 0; id < n_ids; id++) {
		char want[160], got[160];
		int empty_ok = may_be_empty && may_be_empty(id);
		for (int l = 0; l < n_langs; l++) {
			const char *s = cell(l, id);
			if (!s || (!empty_ok && !s[0]))
				fail_msg("%s: message %d has no text in language %d", name, id, l);
			if (!msg_conversions(s, l ? got : want, sizeof got))
				fail_msg("%s: message %d, language %d: numbered and plain conversions "
					 "mixed: \"%s\"",
					 name, id, l, s);
			if (l && strcmp(want, got) != 0)
				fail_msg("%s: message %d: \"%s\" takes %s, \"%s\" (language %d) takes %s",
					 name, id, cell(0, id), want, s, l, got);
		}
		for (int l = 1; l < n_langs; l++)
			if (!empty_ok && strcmp(cell(0, id), cell(l, id)) == 0 &&
			    msg_has_words(cell(0, id)) && !(same_ok && same_ok(id)))
				fail_msg("%s: message %d is not translated in language %d: \"%s\"",
					 name, id, l, cell(0, id));
	}
}

/* Every id but empty_id, looked up with lookup (the layer's own function) in language fake,
 * reads mark followed by the English text: the fake column, not a fallback. */
static inline void msg_fake_check(const char *name, const char *(*lookup)(int lang, int id),
				  int n_ids, int fake, const char *mark, int empty_id)
{
	size_t m = strlen(mark);
	for (int id = 0; id < n_ids; id++) {
		if (id == empty_id)
			continue;
		const char *s = lookup(fake, id);
		if (strncmp(s, mark, m) != 0 || strcmp(s + m, lookup(0, id)) != 0)
			fail_msg("%s: message %d in the fake language is \"%s\"", name, id, s);
	}
}

#endif
