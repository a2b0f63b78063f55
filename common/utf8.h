/* SPDX-License-Identifier: ISC */
/*
 * utf8.h: decoding one UTF-8 code point, shared by the tokenisers
 * (the hash embedder, the sentence splitter), the length of a valid
 * sequence, shared by the JSON writer and wiki-fetch's UTF-8 repair, and
 * encoding one code point (case folding, JSON escapes).
 */
#ifndef WIKIPIPE_UTF8_H
#define WIKIPIPE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * utf8_decode: the code point at s (n > 0 bytes available); *adv gets the
 * bytes it takes.  An invalid, overlong, surrogate or truncated sequence
 * decodes as U+FFFD over one byte, so a caller always advances.  Pure;
 * inline because tokenisers call it once per character.
 */
static inline uint32_t
utf8_decode(const unsigned char *s, size_t n, size_t *adv)
{
	uint32_t c = s[0];
	size_t k, i;

	if (c < 0x80) {
		*adv = 1;
		return c;
	}
	if (c >= 0xc2 && c <= 0xdf)
		k = 2, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		k = 3, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 4, c &= 0x07;
	else
		goto bad;
	if (k > n)
		goto bad;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (k == 4 && (c < 0x10000 || c > 0x10ffff)))
		goto bad;
	*adv = k;
	return c;
bad:
	*adv = 1;
	return 0xfffd;
}

/*
 * utf8_len: the length of the UTF-8 sequence at p (p < end), 1 to 4, if
 * it is valid (shortest form, no surrogate, at most U+10FFFF, whole
 * before end), else 0.  Pure; inline for the per-character loops.
 */
static inline size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return end - p >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (end - p < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (end - p < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/*
 * utf8_put: write the UTF-8 of code point c (at most U+10FFFF, not a
 * surrogate) at q, which has room for 4 bytes; returns the new end.
 * Pure; inline for the per-character loops.
 */
static inline unsigned char *
utf8_put(unsigned char *q, uint32_t c)
{
	if (c < 0x80) {
		*q++ = (unsigned char)c;
	} else if (c < 0x800) {
		*q++ = (unsigned char)(0xc0 | c >> 6);
		*q++ = (unsigned char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*q++ = (unsigned char)(0xe0 | c >> 12);
		*q++ = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		*q++ = (unsigned char)(0x80 | (c & 0x3f));
	} else {
		*q++ = (unsigned char)(0xf0 | c >> 18);
		*q++ = (unsigned char)(0x80 | (c >> 12 & 0x3f));
		*q++ = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		*q++ = (unsigned char)(0x80 | (c & 0x3f));
	}
	return q;
}

#endif
