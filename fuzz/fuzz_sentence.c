/* SPDX-License-Identifier: ISC */
/*
 * fuzz_sentence: the text segmenter of the chunkers (common/sentence.c):
 * paragraphs, heading marks and guesses, sentences, word and character
 * counts, and segdoc_parse with a "sections" key read from a record.
 *
 * Input layout: byte 0 picks the flags (bit 0 SENT_LINES, bits 1-2 the
 * headings mode); then, if what follows starts with a whole msgpack map,
 * that map is the record (its "sections" key feeds segdoc_parse) and the
 * rest is the text; otherwise everything after byte 0 is the text.
 *
 * Checks: every span lies inside the text, is non-empty, trimmed, and the
 * spans come in order without overlap; counts and cut points stay inside
 * the text; section events come sorted by paragraph.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mp.h"
#include "common/record.h"
#include "common/sentence.h"
#include "fuzz/fuzz.h"

FUZZ_QUIET_INIT

static int
ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Spans inside [lo, hi), non-empty, in order, not overlapping. */
static void
check_spans(const struct spans *s, size_t from, size_t lo, size_t hi,
    const char *t, size_t base, int trimmed)
{
	size_t i, prev = lo;

	for (i = from; i < s->n; i++) {
		FUZZ_CHECK(s->v[i].b < s->v[i].e);
		FUZZ_CHECK(s->v[i].b >= prev && s->v[i].e <= hi);
		if (trimmed) {
			FUZZ_CHECK(!ws((unsigned char)t[s->v[i].b - base]));
			FUZZ_CHECK(!ws((unsigned char)t[s->v[i].e - 1 - base]));
		}
		prev = s->v[i].e;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct spans para, sent;
	static struct segdoc doc;
	struct rec rec = { 0 }, *rp = NULL;
	const char *t, *why = NULL;
	size_t n, i, ml, tb, te;
	int flags, mode, lv;

	if (size < 1)
		return 0;
	flags = data[0] & 1 ? SENT_LINES : 0;
	mode = (data[0] >> 1) % 3;	/* HEADINGS_AUTO, _GUESS, _NONE */
	data++;
	size--;
	if (size > 0 && (data[0] & 0xf0) == 0x80 &&
	    (ml = mp_skip(data, size)) > 0 &&
	    rec_parse(&rec, data, ml) == 0) {
		rp = &rec;
		data += ml;
		size -= ml;
	}
	t = (const char *)data;
	n = size;

	para_split(t, n, &para);
	check_spans(&para, 0, 0, n, t, 0, 1);
	sent.n = 0;
	for (i = 0; i < para.n; i++) {
		const char *p = t + para.v[i].b;
		size_t pn = para.v[i].e - para.v[i].b, from = sent.n;

		if ((lv = para_heading_mark(p, pn, &tb, &te)) > 0) {
			FUZZ_CHECK(lv >= 2 && lv <= 6);
			FUZZ_CHECK(tb < te && te <= pn);
		}
		(void)para_heading_guess(p, pn);
		sent_split(p, pn, para.v[i].b, flags, &sent);
		check_spans(&sent, from, para.v[i].b, para.v[i].e, t, 0, 1);
	}
	/* The whole text at once, with a base offset. */
	sent.n = 0;
	sent_split(t, n, 1000, flags, &sent);
	check_spans(&sent, 0, 1000, 1000 + n, t, 1000, 1);

	FUZZ_CHECK(text_words(t, n) <= n);
	FUZZ_CHECK(text_chars(t, n) <= n);
	FUZZ_CHECK(text_word_cut(t, n, 0) <= n);
	FUZZ_CHECK(text_word_cut(t, n, 3) <= n);

	if (segdoc_parse(&doc, rp, t, n, (long)(data[-1] & 7) - 2, mode,
	    &why) == 0) {
		for (i = 0; i < doc.nev; i++) {
			if (i > 0)
				FUZZ_CHECK(doc.ev[i - 1].para <= doc.ev[i].para);
			FUZZ_CHECK(doc.ev[i].tlen == 0 || doc.ev[i].title);
		}
	} else {
		FUZZ_CHECK(rp != NULL && why != NULL);
	}
	rec_free(&rec);
	return 0;
}
