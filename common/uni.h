/* SPDX-License-Identifier: ISC */
/*
 * uni.h: the Unicode character data the suite needs, and its one
 * definition of a word, all from libicu (never the C library's locale, and
 * never a hand-picked list of code points).
 *
 * - Case folding is Unicode simple case folding (CaseFolding.txt, status
 *   C and S): one code point to one code point, the same on every machine
 *   for one libicu version.
 * - Character classes come from the Unicode Character Database as libicu
 *   ships it: Sentence_Terminal, Line_Break, General_Category.
 * - A word is a run of characters between white space, except in a run
 *   that holds a letter of a script written without spaces between words
 *   (Line_Break=Complex_Context: Thai, Lao, Khmer, Burmese, ...;
 *   ideographic and kana letters: Chinese, Japanese).  Such a run is
 *   segmented with libicu's dictionary word break iterator, and each
 *   segment it labels a word (letters, numbers, kana, ideographs; not
 *   punctuation) counts as one.  English and every script written with
 *   spaces pay one table look-up per non-ASCII character, nothing more.
 *
 * The word break iterator is opened once per thread, on first use, and
 * closed when the thread ends.
 */
#ifndef WIKIPIPE_UNI_H
#define WIKIPIPE_UNI_H

#include <stddef.h>
#include <stdint.h>

/* uni_fold_slow: uni_fold for c >= 0x80.  Pure. */
uint32_t uni_fold_slow(uint32_t c);

/* uni_fold: the simple case folding of code point c (A -> a, Ա -> ա,
 * Ạ -> ạ, ẞ -> ß, Σ and ς -> σ).  Pure; ASCII inline. */
static inline uint32_t
uni_fold(uint32_t c)
{
	if (c < 0x80)
		return c - 'A' < 26u ? c + 32 : c;
	return uni_fold_slow(c);
}

/* The most bytes uni_fold_utf8 writes for n bytes of input: folding can
 * turn a 2-byte code point into a 3-byte one (U+023A -> U+2C65). */
#define UNI_FOLD_MAX(n) ((n) / 2 * 3 + 3)

/*
 * uni_fold_utf8: write the simple case folding of UTF-8 s[0..n) to out,
 * which has room for UNI_FOLD_MAX(n) bytes; returns the bytes written.
 * An invalid byte is copied as it is.  Pure.
 */
size_t uni_fold_utf8(const char *s, size_t n, char *out);

/*
 * uni_caseeq: 1 if UTF-8 a[0..an) and b[0..bn) are equal under simple
 * case folding (code point by code point), else 0.  Invalid bytes must
 * be equal as bytes.  Pure.
 */
int uni_caseeq(const char *a, size_t an, const char *b, size_t bn);

/*
 * uni_caseprefix: when w[0..wn) equals a prefix of s[0..n) under simple
 * case folding (as uni_caseeq compares), the length of that prefix in
 * bytes of s (folding may change lengths), else (size_t)-1.  Pure.
 */
size_t uni_caseprefix(const char *s, size_t n, const char *w, size_t wn);

/* uni_sterm: 1 if c has the Sentence_Terminal property (. ! ? and the
 * danda, the Armenian, Arabic, Ethiopic, CJK full stops, ...).  Pure. */
int uni_sterm(uint32_t c);

/* The first Sentence_Terminal outside ASCII (U+0589, the Armenian full
 * stop); uni_sterm answers 0 below it without a look-up. */
#define UNI_STERM_MIN 0x589

/*
 * uni_break_after: 1 if UAX #14 allows a line break right after c when
 * no space follows (Line_Break BA, CL, EX, NS, SA: the danda, "。", "؟"),
 * 0 where a space must follow (AL, IS: the Ethiopic "።", the Armenian
 * "։").  The sentence splitter ends a sentence at a non-ASCII terminal
 * with no space after it only in the first case.  Pure.
 */
int uni_break_after(uint32_t c);

/* uni_upper, uni_lower: General_Category Lu or Lt; Ll.  uni_caseless: a
 * letter that takes no capital at the start of a sentence: without case
 * (Lo, Lm: Devanagari, Arabic, Han, Hangul, ...), or lower case that
 * title case leaves alone (Georgian Mkhedruli, Changes_When_Titlecased
 * unset).
 * uni_digit: Nd (any script's decimal digits).  Pure. */
int uni_upper(uint32_t c);
int uni_lower(uint32_t c);
int uni_caseless(uint32_t c);
int uni_digit(uint32_t c);

/* uni_space: White_Space (U+00A0, U+2000..U+200A, U+3000, ...).
 * uni_opener: Ps or Pi, an opening bracket or quote; uni_closer: Pe or
 * Pf, a closing one.  Pure. */
int uni_space(uint32_t c);
int uni_opener(uint32_t c);
int uni_closer(uint32_t c);

/*
 * uni_colon_stop: 1 if c is a letter of a script whose Sentence_Terminal
 * Unicode's confusables data (UTS #39, through libicu) maps to the ASCII
 * colon: Armenian "։", Mongolian "᠃"; text in those scripts is often
 * typed with ':' for its full stop.  The set is read once, on first use;
 * if libicu cannot give it, no script is in it.  Pure otherwise.
 */
int uni_colon_stop(uint32_t c);

/* uni_complex: 1 if c is a letter of a script written without spaces
 * between words and sentences marked by spaces (Line_Break
 * Complex_Context: Thai, Lao, Khmer, Burmese, Tai Tham, ...).  Pure. */
int uni_complex(uint32_t c);

/* uni_nospace: 1 if c is a letter that needs dictionary segmentation
 * (uni_complex, or an ideographic or kana letter).  Pure. */
int uni_nospace(uint32_t c);

/* uni_alnum: a letter, mark or number (General_Category L, M, N): what
 * a token (uni_tokens) is made of.  Pure. */
int uni_alnum(uint32_t c);

typedef int (*uni_word_fn)(void *arg, size_t b, size_t e);

/*
 * uni_dict_words: segment UTF-8 p[0..n) with libicu's word break
 * iterator and call fn (if not NULL) with the byte span of each segment
 * it labels a word, in order, until fn returns non-zero.  Returns the
 * number of words visited.  Dies (EXIT_IO) only when libicu cannot open
 * its break iterator (out of memory, or its data missing), as emalloc
 * does on out of memory.
 */
size_t uni_dict_words(const char *p, size_t n, uni_word_fn fn, void *arg);

/*
 * uni_words: the words of UTF-8 p[0..n) by the suite's definition (see
 * the top of this file), as byte spans, in order, passed to fn (if not
 * NULL) until it returns non-zero.  Returns the number of words visited.
 * Dies as uni_dict_words does.
 */
size_t uni_words(const char *p, size_t n, uni_word_fn fn, void *arg);

/*
 * uni_tokens: the word tokens of UTF-8 p[0..n) for the lexical features
 * (the embedder, the TMD heuristic): the words of uni_words without
 * their punctuation, i.e. maximal runs of ASCII letters and digits and
 * uni_alnum characters, a run holding a uni_nospace letter cut into the
 * words libicu's dictionary finds in it.  An invalid byte separates.
 * fn as for uni_words.  Returns the number of tokens visited.  Dies as
 * uni_dict_words does.
 */
size_t uni_tokens(const char *p, size_t n, uni_word_fn fn, void *arg);

#endif
