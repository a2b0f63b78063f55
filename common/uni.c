/* SPDX-License-Identifier: ISC */
/*
 * uni.c: Unicode character data and word segmentation through libicu
 * (see uni.h).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/uspoof.h>
#include <unicode/utext.h>

#include "log.h"
#include "suite.h"
#include "uni.h"
#include "utf8.h"

uint32_t
uni_fold_slow(uint32_t c)
{
	return (uint32_t)u_foldCase((UChar32)c, U_FOLD_CASE_DEFAULT);
}

size_t
uni_fold_utf8(const char *s, size_t n, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	char *q = out;
	size_t i = 0, adv;

	while (i < n) {
		if (u[i] < 0x80) {
			*q++ = (char)uni_fold(u[i]);
			i++;
			continue;
		}
		if (utf8_len(u + i, u + n) == 0) {
			*q++ = s[i++];
			continue;
		}
		q = (char *)utf8_put((unsigned char *)q,
		    uni_fold_slow(utf8_decode(u + i, n - i, &adv)));
		i += adv;
	}
	return (size_t)(q - out);
}

size_t
uni_caseprefix(const char *s, size_t n, const char *w, size_t wn)
{
	const unsigned char *x = (const unsigned char *)s;
	const unsigned char *y = (const unsigned char *)w;
	size_t i = 0, j = 0, ai, bj;
	uint32_t c, d;

	while (j < wn) {
		if (i >= n)
			return (size_t)-1;
		if (x[i] < 0x80 && y[j] < 0x80) {
			if (uni_fold(x[i]) != uni_fold(y[j]))
				return (size_t)-1;
			i++, j++;
			continue;
		}
		if (utf8_len(x + i, x + n) == 0 ||
		    utf8_len(y + j, y + wn) == 0) {
			if (x[i] != y[j])
				return (size_t)-1;
			i++, j++;
			continue;
		}
		c = utf8_decode(x + i, n - i, &ai);
		d = utf8_decode(y + j, wn - j, &bj);
		if (c != d && uni_fold(c) != uni_fold(d))
			return (size_t)-1;
		i += ai;
		j += bj;
	}
	return i;
}

int
uni_caseeq(const char *a, size_t an, const char *b, size_t bn)
{
	return uni_caseprefix(a, an, b, bn) == an;
}

int
uni_sterm(uint32_t c)
{
	if (c < 0x80)
		return c == '.' || c == '!' || c == '?';
	/* None below U+0589 outside ASCII (test_uni checks it against the
	 * data): Latin, Greek and Cyrillic text skips the look-up. */
	return c >= UNI_STERM_MIN && u_hasBinaryProperty((UChar32)c,
	    UCHAR_S_TERM);
}

int
uni_break_after(uint32_t c)
{
	switch (u_getIntPropertyValue((UChar32)c, UCHAR_LINE_BREAK)) {
	case U_LB_BREAK_AFTER:
	case U_LB_CLOSE_PUNCTUATION:
	case U_LB_EXCLAMATION:
	case U_LB_NONSTARTER:
	case U_LB_COMPLEX_CONTEXT:
		return 1;
	default:
		return 0;
	}
}

int
uni_upper(uint32_t c)
{
	int8_t t = u_charType((UChar32)c);

	return t == U_UPPERCASE_LETTER || t == U_TITLECASE_LETTER;
}

int
uni_lower(uint32_t c)
{
	return u_charType((UChar32)c) == U_LOWERCASE_LETTER;
}

int
uni_caseless(uint32_t c)
{
	int8_t t = u_charType((UChar32)c);

	return t == U_OTHER_LETTER || t == U_MODIFIER_LETTER ||
	    (t == U_LOWERCASE_LETTER && !u_hasBinaryProperty((UChar32)c,
	    UCHAR_CHANGES_WHEN_TITLECASED));
}

int
uni_digit(uint32_t c)
{
	return u_charType((UChar32)c) == U_DECIMAL_DIGIT_NUMBER;
}

int
uni_space(uint32_t c)
{
	return u_isUWhiteSpace((UChar32)c);
}

int
uni_opener(uint32_t c)
{
	int8_t t = u_charType((UChar32)c);

	return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION;
}

int
uni_closer(uint32_t c)
{
	int8_t t = u_charType((UChar32)c);

	return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION;
}

int
uni_alnum(uint32_t c)
{
	return (U_GET_GC_MASK((UChar32)c) &
	    (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

/* The scripts of uni_colon_stop, found once. */
static UScriptCode colon_script[8];
static int ncolon_script;
static pthread_once_t colon_once = PTHREAD_ONCE_INIT;

static void
colon_init(void)
{
	static const UChar pat[] = { '[', ':', 'S', 'T', 'e', 'r', 'm', ':',
	    ']', 0 };
	UErrorCode err = U_ZERO_ERROR;
	USpoofChecker *sc = uspoof_open(&err);
	USet *set = uset_openPattern(pat, -1, &err);
	int32_t i, k, len, size;
	UChar in[2], sk[8];
	UScriptCode s;

	size = U_SUCCESS(err) ? uset_size(set) : 0;
	for (i = 0; i < size; i++) {
		UChar32 c = uset_charAt(set, i);
		UErrorCode e = U_ZERO_ERROR;

		len = 0;
		U16_APPEND_UNSAFE(in, len, c);
		if (c == ':' || uspoof_getSkeleton(sc, 0, in, len, sk,
		    (int32_t)(sizeof sk / sizeof *sk), &e) != 1 ||
		    U_FAILURE(e) || sk[0] != ':')
			continue;
		s = uscript_getScript(c, &e);
		if (U_FAILURE(e) || s == USCRIPT_COMMON ||
		    s == USCRIPT_INHERITED)
			continue;
		for (k = 0; k < ncolon_script && colon_script[k] != s; k++)
			;
		if (k == ncolon_script && k < 8)
			colon_script[ncolon_script++] = s;
	}
	uset_close(set);
	uspoof_close(sc);
}

int
uni_colon_stop(uint32_t c)
{
	UErrorCode err = U_ZERO_ERROR;
	UScriptCode s;
	int k;

	if (c < 0x80 || !u_isalpha((UChar32)c))
		return 0;
	pthread_once(&colon_once, colon_init);
	s = uscript_getScript((UChar32)c, &err);
	for (k = 0; k < ncolon_script; k++)
		if (colon_script[k] == s)
			return 1;
	return 0;
}

int
uni_complex(uint32_t c)
{
	return c >= 0x0e00 && u_getIntPropertyValue((UChar32)c,
	    UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT && u_isalpha((UChar32)c);
}

int
uni_nospace(uint32_t c)
{
	if (c < 0x0e00)
		return 0;
	switch (u_getIntPropertyValue((UChar32)c, UCHAR_LINE_BREAK)) {
	case U_LB_COMPLEX_CONTEXT:
	case U_LB_IDEOGRAPHIC:
	case U_LB_CONDITIONAL_JAPANESE_STARTER:
		return u_isalpha((UChar32)c);
	default:
		return 0;
	}
}

/* ---- the word break iterator, one per thread ---- */

struct wb {
	UBreakIterator *bi;
	UText *ut;
};

static pthread_key_t wb_key;
static pthread_once_t wb_once = PTHREAD_ONCE_INIT;

static void
wb_free(void *v)
{
	struct wb *w = v;

	if (w == NULL)
		return;
	ubrk_close(w->bi);
	utext_close(w->ut);
	free(w);
}

static void
wb_init(void)
{
	if (pthread_key_create(&wb_key, wb_free) != 0)
		die(EXIT_IO, "uni: pthread_key_create failed");
}

static struct wb *
wb_get(void)
{
	UErrorCode err = U_ZERO_ERROR;
	struct wb *w;

	pthread_once(&wb_once, wb_init);
	w = pthread_getspecific(wb_key);
	if (w != NULL)
		return w;
	w = calloc(1, sizeof *w);
	if (w == NULL)
		die(EXIT_IO, "uni: out of memory");
	w->bi = ubrk_open(UBRK_WORD, "", NULL, 0, &err);
	if (U_FAILURE(err))
		die(EXIT_IO, "uni: cannot open libicu's word break iterator: "
		    "%s", u_errorName(err));
	if (pthread_setspecific(wb_key, w) != 0)
		die(EXIT_IO, "uni: pthread_setspecific failed");
	return w;
}

size_t
uni_dict_words(const char *p, size_t n, uni_word_fn fn, void *arg)
{
	UErrorCode err = U_ZERO_ERROR;
	struct wb *w;
	int32_t b, e;
	size_t k = 0;

	if (n == 0)
		return 0;
	w = wb_get();
	w->ut = utext_openUTF8(w->ut, p, (int64_t)n, &err);
	if (U_SUCCESS(err))
		ubrk_setUText(w->bi, w->ut, &err);
	if (U_FAILURE(err))
		die(EXIT_IO, "uni: libicu cannot segment the text: %s",
		    u_errorName(err));
	b = ubrk_first(w->bi);
	while ((e = ubrk_next(w->bi)) != UBRK_DONE) {
		if (ubrk_getRuleStatus(w->bi) >= UBRK_WORD_NONE_LIMIT) {
			k++;
			if (fn != NULL && fn(arg, (size_t)b, (size_t)e))
				break;
		}
		b = e;
	}
	return k;
}

/* The bytes of UTF-8 text for the word walk: 0 for ASCII that is not
 * white space, 1 for ASCII white space, 2 for a byte outside ASCII. */
#define X8 2, 2, 2, 2, 2, 2, 2, 2
#define X64 X8, X8, X8, X8, X8, X8, X8, X8
static const unsigned char wclass[256] = {
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
	[128] = X64, X64
};
#undef X64
#undef X8

/*
 * The length of the white space character at u[i] (n bytes in all), or 0
 * when there is none.  *cp gets the code point when it is not ASCII (for
 * the caller's uni_nospace), else 0.  ASCII and two-byte sequences (where
 * only U+0085 and U+00A0 are white space) need no table look-up.
 */
static inline size_t
space_len(const unsigned char *u, size_t n, size_t i, size_t *adv,
    uint32_t *cp)
{
	uint32_t c = u[i];

	*cp = 0;
	if (c < 0x80) {
		*adv = 1;
		return wclass[c];
	}
	if (c < 0xe0 && c >= 0xc2 && i + 1 < n &&
	    (u[i + 1] & 0xc0) == 0x80) {
		*adv = 2;
		return c == 0xc2 && (u[i + 1] == 0x85 || u[i + 1] == 0xa0) ?
		    2 : 0;
	}
	c = utf8_decode(u + i, n - i, adv);
	*cp = c;
	return uni_space(c) ? *adv : 0;
}

/* Shift the spans a dictionary walk reports by the run's start. */
struct shift {
	uni_word_fn fn;
	void *arg;
	size_t base;
	int stopped;
};

static int
shifted(void *v, size_t b, size_t e)
{
	struct shift *s = v;

	s->stopped = s->fn(s->arg, s->base + b, s->base + e);
	return s->stopped;
}

size_t
uni_words(const char *p, size_t n, uni_word_fn fn, void *arg)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, b, adv, k = 0;
	uint32_t cp;
	int dict;

	while (i < n) {
		for (; i < n; i += adv) {
			if (wclass[u[i]] == 1)
				adv = 1;
			else if (wclass[u[i]] == 0 ||
			    !space_len(u, n, i, &adv, &cp))
				break;
		}
		if (i >= n)
			break;
		b = i;
		dict = 0;
		for (;;) {
			/* The ASCII of a word, most of an English text. */
			const unsigned char *q = u + i, *end = u + n;

			while (q < end && wclass[*q] == 0)
				q++;
			i = (size_t)(q - u);
			if (i >= n || wclass[u[i]] == 1 ||
			    space_len(u, n, i, &adv, &cp))
				break;
			if (cp >= 0xe00 && !dict)
				dict = uni_nospace(cp);
			i += adv;
		}
		if (dict) {
			struct shift s = { fn, arg, b, 0 };

			k += uni_dict_words(p + b, i - b, fn ? shifted : NULL,
			    &s);
			if (s.stopped)
				return k;
			continue;
		}
		k++;
		if (fn != NULL && fn(arg, b, i))
			return k;
	}
	return k;
}

size_t
uni_tokens(const char *p, size_t n, uni_word_fn fn, void *arg)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, b = 0, adv, k = 0;
	int in = 0, dict = 0, tok;
	uint32_t c;

	for (;;) {
		if (i < n) {
			c = u[i];
			if (c < 0x80) {
				adv = 1;
				tok = (c | 0x20) - 'a' < 26u || c - '0' < 10u;
			} else {
				c = utf8_decode(u + i, n - i, &adv);
				tok = uni_alnum(c);	/* not U+FFFD */
				if (tok && c >= 0xe00 && !dict)
					dict = uni_nospace(c);
			}
		} else {
			tok = 0;
			adv = 0;
		}
		if (tok && !in) {
			b = i;
			in = 1;
		} else if (!tok && in) {
			if (dict) {
				struct shift s = { fn, arg, b, 0 };

				k += uni_dict_words(p + b, i - b,
				    fn ? shifted : NULL, &s);
				if (s.stopped)
					return k;
			} else {
				k++;
				if (fn != NULL && fn(arg, b, i))
					return k;
			}
			in = dict = 0;
		}
		if (i >= n)
			return k;
		i += adv;
	}
}
