/* SPDX-License-Identifier: ISC */
/*
 * sentence.h: text segmentation for the chunkers: paragraphs, marked
 * headings, sentences, and the word and character counts they report.
 *
 * Everything works on byte spans of UTF-8 text and never copies it.  The
 * rules are fixed and locale-free, so the same text is cut the same way on
 * every machine.
 *
 * The sentence rules (sent_split), in short: a sentence ends after a run
 * of terminal marks (. ! ? and the ellipsis ..., U+2026), followed by any
 * closing quotes or brackets, white space, and then an upper-case letter
 * (General_Category Lu, Lt), a digit, a letter that takes no capital
 * (scripts without case, Georgian), or an opening quote or bracket
 * before one of those.  A full stop does not end a sentence after a title
 * or other abbreviation that is never final (Dr. Mr. Prof. e.g. Fig. No.
 * ...), nor after an initial (J. R. R. Tolkien), an abbreviation that may
 * be final (Inc. etc. U.S.) or an ellipsis unless the next word is a
 * common sentence opener (The, In, He, ...).  A decimal point is no
 * boundary (no white space follows it).  Every other Sentence_Terminal
 * (the danda, the Urdu, Armenian, Ethiopic and CJK full stops, ...) ends
 * a sentence after its closers: at once where UAX #14 allows a line break
 * after it (uni_break_after: the danda, "。"), else only before white
 * space (the Armenian and Ethiopic full stops).  A space between two
 * letters of Thai, Lao, Khmer or Burmese (uni_complex) ends one too.  A
 * blank line always ends one, and with SENT_LINES so does every line
 * break (list items, one per line).  The character classes come from the
 * Unicode data through libicu (uni.h).
 */
#ifndef WIKIPIPE_SENTENCE_H
#define WIKIPIPE_SENTENCE_H

#include <stddef.h>

#include "opt.h"

/* A byte span [b, e) of a text. */
struct span {
	size_t b, e;
};

/* A growable list of spans.  Zero it to initialise; spans_free releases
 * it.  Appending dies (EXIT_IO) on out of memory only. */
struct spans {
	struct span *v;
	size_t n, cap;
};

void spans_add(struct spans *s, size_t b, size_t e);
void spans_free(struct spans *s);

/*
 * para_split: the paragraphs of t[0..n): runs of lines separated by one or
 * more blank lines (lines holding only white space), each trimmed of
 * leading and trailing white space; empty paragraphs are skipped.  out is
 * reset first.  Spans are byte offsets into t.
 */
void para_split(const char *t, size_t n, struct spans *out);

/*
 * para_heading_mark: if p[0..n) is one line of the form "== Title ==" (2
 * to 6 '=' on each side, the same number, a non-empty title), return the
 * level (the number of '=') and set [*tb, *te) to the trimmed title
 * (offsets into p).  Otherwise return 0.
 */
int para_heading_mark(const char *p, size_t n, size_t *tb, size_t *te);

/*
 * para_heading_guess: a heuristic for text without heading marks: 1 if
 * p[0..n) looks like a plain heading (one line of at most 8 words and 80
 * bytes, starting with an upper-case letter or digit, not ending in
 * sentence punctuation, a comma, colon or semicolon), else 0.
 */
int para_heading_guess(const char *p, size_t n);

enum {
	SENT_LINES = 1		/* every line break ends a sentence */
};

/*
 * sent_split: append to out the sentences of t[0..n), as spans trimmed of
 * white space (never empty), offsets into t plus base.  out is NOT reset,
 * so the sentences of several paragraphs can be collected in one list.
 * flags is a set of SENT_*.  Cannot fail.
 */
void sent_split(const char *t, size_t n, size_t base, int flags,
    struct spans *out);

/* text_words: the number of words in p[0..n), by the suite's one word
 * rule (uni.h uni_words: runs between white space; Chinese, Japanese,
 * Thai ... runs segmented by libicu's dictionary). */
size_t text_words(const char *p, size_t n);

/* text_chars: the number of code points in UTF-8 p[0..n) (bytes that
 * cannot start a code point are not counted). */
size_t text_chars(const char *p, size_t n);

/*
 * text_word_cut: the byte offset in p[0..n) just after the first k words
 * (text_words' words): the start of the white space that follows word k,
 * or, inside a run segmented by the dictionary, the start of word k + 1
 * (punctuation after word k stays with it); n when p has no more than k
 * words, or k is 0.  Used to split an over-long sentence.
 */
size_t text_word_cut(const char *p, size_t n, size_t k);

/* ---- documents: paragraphs, headings and sections of a record ---- */

struct rec;

/* How headings are found (--headings). */
enum {
	HEADINGS_AUTO,		/* the sections key, else "== T ==" marks */
	HEADINGS_GUESS,		/* AUTO, plus para_heading_guess() */
	HEADINGS_NONE		/* every paragraph is body text */
};

/* The words of --headings (auto, guess, none), for opt_keyword(). */
extern const struct opt_word segdoc_headings[];

/*
 * A section that begins at paragraph para (relative to the text: it is
 * negative for a section that began before the text, as in a later
 * episode of an article).  heading is 1 when paragraph para is the
 * heading itself (it then holds no body text), 0 when the heading is not
 * in the text (wiki-fetch --headings drop).
 */
struct sec_event {
	long para;
	int level;		/* 2 for "== T ==" and guessed headings */
	int heading;
	const char *title;	/* points into the text or the record */
	size_t tlen;
};

/* A text cut into paragraphs, with its headings.  Zero it once, reuse
 * it; segdoc_free releases it. */
struct segdoc {
	struct spans para;	/* paragraph spans, offsets into the text */
	unsigned char *head;	/* per paragraph: 1 if it is a heading */
	size_t headcap;
	struct sec_event *ev;	/* sorted by para, stable */
	size_t nev, capev;
};

/*
 * segdoc_parse: split t[0..n) into paragraphs (para_split) and find its
 * headings.  With HEADINGS_AUTO or _GUESS and a "sections" key in rec (an
 * array of maps with "para" int, "title" str and optional "level" int, as
 * wiki-fetch writes them; para counts the paragraphs of the whole
 * article), paragraph para - para_base is the heading when its text is the
 * title (bare or "== title =="), else paragraph para - para_base - 1 when
 * that one is, else the section begins there without a heading paragraph.
 * Without the key, "== T ==" paragraphs are headings (level = number of
 * '='), and with _GUESS also paragraphs para_heading_guess() accepts
 * (level 2).  rec may be NULL.  Returns 0, or -1 with *why set when the
 * sections key is not an array of such maps (a data error).
 */
int segdoc_parse(struct segdoc *d, const struct rec *rec, const char *t,
    size_t n, long para_base, int mode, const char **why);

void segdoc_free(struct segdoc *d);

/*
 * A section path: the titles of the enclosing headings joined by " > ",
 * e.g. "History > Early years".  Zero it to initialise.
 */
#define SECPATH_LEVELS 8
struct secpath {
	const char *title[SECPATH_LEVELS];	/* by level - 1 */
	size_t tlen[SECPATH_LEVELS];
	char *str;		/* the joined path, NUL-terminated */
	size_t len, cap;
};

/* secpath_reset: back to the lead section (empty path). */
void secpath_reset(struct secpath *p);

/* secpath_enter: a heading of this level (clamped to 1..8): it replaces
 * the title at its level and drops deeper ones.  The title must stay
 * valid while the path is used. */
void secpath_enter(struct secpath *p, int level, const char *title,
    size_t tlen);

void secpath_free(struct secpath *p);

/*
 * A set of document ids, to refuse a document that reappears after other
 * documents (DESIGN 3: records of one document are contiguous).  It keeps
 * 64-bit hashes (XXH3), 16 bytes per document.  Zero it to initialise.
 */
struct docset {
	unsigned long long *slot;
	size_t n, cap;
};

/* docset_add: 1 if id was new (and is now in the set), 0 if seen. */
int docset_add(struct docset *s, const char *id, size_t n);

void docset_free(struct docset *s);

#endif
