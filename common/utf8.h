/* SPDX-License-Identifier: ISC */
/*
 * utf8.h: decoding one UTF-8 code point, shared by the tokenisers
 * (the hash embedder, the sentence splitter).
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

#endif
