/* SPDX-License-Identifier: ISC */
/*
 * test_cobs.c: common/cobs.c against the byte-at-a-time reference of
 * cobs_ref.h, on inputs shaped like our streams (long zero runs, long
 * non-zero runs, runs of 0x01, lengths around the 254-byte block limit
 * and the 8-byte word), decoding in place and into another buffer, and
 * malformed input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cobs.h"
#include "cobs_ref.h"
#include "unit.h"

/* fill: n bytes made of runs of one shape each, chosen at random. */
static void
fill(unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t span = rnd() % 4 == 0 ? 600 : 40, run = 1 + rnd() % span, k;
		unsigned shape = (unsigned)(rnd() % 5);

		for (k = 0; k < run && i < n; k++, i++)
			p[i] = shape == 0 ? 0 : shape == 1 ? 1 :
			    shape == 2 ? (unsigned char)(1 + rnd() % 255) :
			    shape == 3 ? (unsigned char)rnd() :
			    (unsigned char)(rnd() % 8 == 0 ? 0xff : 0);
	}
}

int
main(void)
{
	enum { MAX = 5000 };
	static unsigned char src[MAX], enc[MAX + MAX / 254 + 16],
	    ref[MAX + MAX / 254 + 16], dec[MAX + 16], inplace[MAX + MAX / 254 + 16];
	static const size_t lens[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 253, 254,
	    255, 256, 507, 508, 509, 510, 762, 763, 1016, 4999 };
	size_t kase, nlens = sizeof lens / sizeof lens[0];

	for (kase = 0; kase < 60000; kase++) {
		size_t n, e, r, d, v = kase % 8;
		int before = failures;

		n = kase < nlens * 8 ? lens[kase / 8] : rnd() % MAX;
		/* Every length in every uniform shape, then mixtures. */
		if (kase < nlens * 8)
			memset(src, v == 0 ? 0 : v == 1 ? 1 : v == 2 ? 0xff : 0x41, n);
		if (kase >= nlens * 8 || v >= 4)
			fill(src, n);
		e = cobs_encode(src, n, enc);
		r = cobs_ref_encode(src, n, ref);
		CHECK(e == r && memcmp(enc, ref, e) == 0);
		CHECK(e <= cobs_max(n));
		CHECK(memchr(enc, 0, e) == NULL);
		d = cobs_decode(enc, e, dec);
		CHECK(d == n && memcmp(dec, src, n) == 0);
		memcpy(inplace, enc, e);
		d = cobs_decode(inplace, e, inplace);
		CHECK(d == n && memcmp(inplace, src, n) == 0);
		/* Any cut is still decodable by one and by both the same. */
		if (e > 1) {
			size_t cut = 1 + rnd() % (e - 1);

			r = cobs_ref_decode(enc, cut, ref);
			d = cobs_decode(enc, cut, dec);
			CHECK(d == r && (d == (size_t)-1 || memcmp(dec, ref, d) == 0));
		}
		if (failures != before)
			fprintf(stderr, "  (in case %zu, %zu bytes)\n", kase, n);
	}
	/* Malformed: a zero inside, a code past the end. */
	{
		unsigned char bad1[] = { 3, 'a', 0, 'b' }, bad2[] = { 5, 1 },
		    bad3[] = { 1, 1, 1, 0 }, bad4[] = { 0xff, 1 };

		CHECK(cobs_decode(bad1, sizeof bad1, dec) == (size_t)-1);
		CHECK(cobs_decode(bad2, sizeof bad2, dec) == (size_t)-1);
		CHECK(cobs_decode(bad3, sizeof bad3, dec) == (size_t)-1);
		CHECK(cobs_decode(bad4, sizeof bad4, dec) == (size_t)-1);
	}
	return UNIT_DONE("test_cobs");
}
