/* SPDX-License-Identifier: ISC */
/*
 * fuzz_cobs.c: common/cobs.c against the byte-at-a-time reference
 * (tests/unit/cobs_ref.h).  The input is encoded by both and the bytes
 * must agree, then decoded (into another buffer and in place) and must
 * come back; the input is also decoded as if it were a frame, and both
 * decoders must agree on the result or on refusing it.
 */
#include "fuzz.h"
#include "common/cobs.h"
#include "tests/unit/cobs_ref.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	unsigned char *enc = malloc(cobs_max(n) + 1), *ref = malloc(cobs_max(n) + 1),
	    *dec = malloc(n + 1), *rdec = malloc(n + 1);
	size_t e, r, d, rd;

	FUZZ_CHECK(enc && ref && dec && rdec);
	e = cobs_encode(data, n, enc);
	r = cobs_ref_encode(data, n, ref);
	FUZZ_CHECK(e == r && memcmp(enc, ref, e) == 0);
	FUZZ_CHECK(memchr(enc, 0, e) == NULL);
	d = cobs_decode(enc, e, dec);
	FUZZ_CHECK(d == n && memcmp(dec, data, n) == 0);
	d = cobs_decode(enc, e, enc);
	FUZZ_CHECK(d == n && memcmp(enc, data, n) == 0);
	/* The input as a frame: no zero byte may be inside one. */
	if (memchr(data, 0, n) == NULL) {
		d = cobs_decode(data, n, dec);
		rd = cobs_ref_decode(data, n, rdec);
		FUZZ_CHECK(d == rd);
		FUZZ_CHECK(d == (size_t)-1 || memcmp(dec, rdec, d) == 0);
	}
	free(enc);
	free(ref);
	free(dec);
	free(rdec);
	return 0;
}
