/* train_charlm: charlm's lines, json fields and sample; see train_charlm.h. */
#include "cli/train_charlm.h"

#include "cli/cli_msg.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "train/charlm.h"

#include <math.h>
#include <string.h>

void train_charlm_head(FILE *out, int lang, const Trainer *tr)
{
	const CharStreams *s = tr->task->lm;
	cli_say(out, lang, CM_TRAIN_CHARLM_TEXT, s->text->name, s->text->n, s->n_train,
		s->text->n - s->n_train, s->text->vocab_size);
	if (tr->model->lm->emb)
		cli_say(out, lang, CM_TRAIN_CHARLM_EMBED, tr->c.model.embed);
	else
		cli_say(out, lang, CM_TRAIN_CHARLM_ONE_HOT);
}

/* s as a JSON string: UTF-8 passes through, controls escaped. */
static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", out);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

/* --prompt as indices into the text's vocabulary; NULL with the reason on err. */
int *train_charlm_prompt(const Trainer *tr, const char *prompt, int *n, FILE *err)
{
	const CharText *text = tr->task->lm->text;
	size_t len = strlen(prompt);
	int *id = mem_alloc((len ? len : 1) * sizeof *id);
	if (!id) {
		fprintf(err, "gradlab train: out of memory\n");
		return NULL;
	}
	*n = 0;
	for (size_t i = 0; i < len;) {
		size_t at = i;
		unsigned cp = utf8_next_n(prompt, len, &i);
		int k = cp == 0xFFFD && i - at != 3 ? -2 : chartext_index(text, cp);
		if (k == -2)
			fprintf(err, "gradlab train: --prompt is not UTF-8 at byte %zu\n", at);
		else if (k < 0)
			fprintf(err, "gradlab train: --prompt: the text has no character U+%04X\n", cp);
		if (k < 0) {
			mem_free(id);
			return NULL;
		}
		id[(*n)++] = k;
	}
	return id;
}

/* The prompt and n generated characters as UTF-8; NULL with the reason on err. */
char *train_charlm_sample(Trainer *tr, const int *prompt_id, int n_prompt, long n,
				double temperature, const char *prompt, FILE *err)
{
	const CharText *text = tr->task->lm->text;
	int *id = mem_alloc((size_t)n * sizeof *id);
	size_t plen = prompt ? strlen(prompt) : 0;
	char *s = mem_alloc(plen + 4 * (size_t)n + 1);
	if (!id || !s) {
		fprintf(err, "gradlab train: out of memory for the sample\n");
		goto fail;
	}
	if (charlm_sample(tr->model, tr->tape, prompt_id, n_prompt, n, temperature, tr->c.seed,
			  id)) {
		fprintf(err, "gradlab train: %s\n", status_detail());
		goto fail;
	}
	memcpy(s, prompt ? prompt : "", plen);
	size_t len = plen;
	for (long i = 0; i < n; i++) {
		/* The text's own characters, but no control reaches a terminal. */
		unsigned cp = text->vocab[id[i]];
		if (utf8_is_control(cp) && cp != '\n' && cp != '\t')
			cp = '?';
		len += (size_t)utf8_encode(cp, s + len);
	}
	s[len] = '\0';
	mem_free(id);
	return s;
fail:
	mem_free(id);
	mem_free(s);
	return NULL;
}

void train_charlm_json(FILE *out, const Trainer *tr, double test_nats, const char *sample)
{
	const CharStreams *s = tr->task->lm;
	double ppl = exp(test_nats);
	fputs(", \"unit\": \"bits per character\", \"perplexity\": ", out);
	if (isfinite(ppl))
		fprintf(out, "%.17g", ppl);
	else
		fputs("null", out);
	fprintf(out, ", \"vocabulary\": %d, \"characters\": %ld, \"held_out\": %ld",
		s->text->vocab_size, s->text->n, s->text->n - s->n_train);
	if (sample) {
		fputs(", \"sample\": ", out);
		json_string(out, sample);
	}
}
