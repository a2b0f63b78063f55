/* SPDX-License-Identifier: ISC */
/*
 * cobs_ref.h: the textbook COBS encoder and decoder, a byte at a time,
 * kept as the reference that common/cobs.c must match byte for byte
 * (tests/unit/test_cobs.c, fuzz/fuzz_cobs.c).  Slow and obviously right.
 */
#ifndef WIKIPIPE_COBS_REF_H
#define WIKIPIPE_COBS_REF_H

#include <stddef.h>

static size_t
cobs_ref_encode(const unsigned char *src, size_t n, unsigned char *dst)
{
	size_t code = 0, out = 1, i;
	unsigned char c = 1;

	for (i = 0; i < n; i++) {
		if (src[i] == 0) {
			dst[code] = c;
			code = out++;
			c = 1;
			continue;
		}
		dst[out++] = src[i];
		if (++c == 0xff) {
			dst[code] = c;
			code = out++;
			c = 1;
		}
	}
	dst[code] = c;
	return out;
}

static size_t
cobs_ref_decode(const unsigned char *src, size_t n, unsigned char *dst)
{
	size_t i = 0, out = 0, k;

	while (i < n) {
		unsigned char c = src[i++];

		if (c == 0 || c - 1 > n - i)
			return (size_t)-1;
		for (k = 1; k < c; k++)
			dst[out++] = src[i++];
		if (c != 0xff && i < n)
			dst[out++] = 0;
	}
	return out;
}

#endif
