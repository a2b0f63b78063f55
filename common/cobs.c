/* SPDX-License-Identifier: ISC */
/*
 * cobs.c: Consistent Overhead Byte Stuffing for the -z framing (see
 * cobs.h for the contract).
 */
#include <stdint.h>
#include <string.h>

#include "cobs.h"

size_t
cobs_encode(const unsigned char *src, size_t n, unsigned char *dst)
{
	const unsigned char *end = src + n;
	unsigned char *out = dst + 1, *code = dst;
	unsigned c = 1;

	/*
	 * Each block is a code byte k then k-1 non-zero bytes; the zero that
	 * ended the block is implied unless k is 0xff.  A byte loop, not
	 * memchr per block: float32 vectors of the lexical embedder are
	 * mostly zero bytes, so blocks are often one byte long.
	 */
	while (src < end) {
		unsigned char b;

		/* Eight bytes at a time while none is zero and the block
		 * has room for them. */
		while (end - src >= 8 && c <= 0xff - 9) {
			uint64_t x;

			memcpy(&x, src, 8);
			if ((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull)
				break;
			memcpy(out, src, 8);
			out += 8;
			src += 8;
			c += 8;
		}
		if (src == end)
			break;
		b = *src++;
		if (b == 0) {
			*code = (unsigned char)c;
			code = out++;
			c = 1;
			continue;
		}
		*out++ = b;
		if (++c == 0xff) {
			*code = 0xff;
			code = out++;
			c = 1;
		}
	}
	*code = (unsigned char)c;
	return (size_t)(out - dst);
}

size_t
cobs_decode(const unsigned char *src, size_t n, unsigned char *dst)
{
	const unsigned char *end = src + n;
	unsigned char *out = dst;

	/* In place is allowed: out never passes src. */
	while (src < end) {
		unsigned code = *src++;
		size_t run;

		if (code == 0)
			return (size_t)-1;
		run = code - 1;
		if (run > (size_t)(end - src))
			return (size_t)-1;
		if (run < 16) {
			while (run--)
				*out++ = *src++;
		} else {
			memmove(out, src, run);
			out += run;
			src += run;
		}
		if (code != 0xff && src < end)
			*out++ = 0;
	}
	return (size_t)(out - dst);
}
