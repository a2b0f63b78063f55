/* SPDX-License-Identifier: ISC */
/*
 * cobs.c: Consistent Overhead Byte Stuffing for the -z framing (see
 * cobs.h for the contract).
 *
 * Both directions work eight bytes at a time.  The streams we frame are
 * of two shapes, and each has its fast path:
 *
 *   - text and dense float32 vectors: long runs of non-zero bytes, found
 *     with a word-wide zero-byte test and copied whole;
 *   - the sparse vectors of the built-in embedder: long runs of zero
 *     bytes, each of which becomes an empty block (code 0x01) when
 *     encoded; a run is counted a word at a time and written with memset,
 *     and a run of 0x01 codes decodes the same way.
 *
 * The output is byte for byte that of the textbook encoder (a byte loop
 * closing a block at each zero and after 254 data bytes); the unit tests
 * keep that reference and compare the two.
 */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cobs.h"

#define ONES	0x0101010101010101ull
#define LOW7	0x7f7f7f7f7f7f7f7full

static inline uint64_t
load64(const unsigned char *p)
{
	uint64_t x;

	memcpy(&x, p, 8);
	return x;
}

/* zmask: 0x80 in every byte of x that is zero, 0 elsewhere (exact: no
 * borrow between bytes). */
static inline uint64_t
zmask(uint64_t x)
{
	return ~(((x & LOW7) + LOW7) | x | LOW7);
}

/* first: the memory index of the lowest-addressed byte flagged in a
 * non-zero mask of 0x80 bytes (or of a non-zero word's bytes). */
static inline unsigned
first(uint64_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (unsigned)__builtin_clzll(m) >> 3;
#else
	return (unsigned)__builtin_ctzll(m) >> 3;
#endif
}

/* nonzero_span: how many bytes from p (at most lim) are non-zero. */
static inline size_t
nonzero_span(const unsigned char *p, size_t lim)
{
	size_t k = 0;

	for (; k + 8 <= lim; k += 8) {
		uint64_t m = zmask(load64(p + k));

		if (m)
			return k + first(m);
	}
	while (k < lim && p[k])
		k++;
	return k;
}

/* same_span: how many bytes from p (at most lim) equal b, whose word is
 * bw (b in every byte). */
static inline size_t
same_span(const unsigned char *p, size_t lim, unsigned char b, uint64_t bw)
{
	size_t k = 0;

	for (; k + 8 <= lim; k += 8) {
		uint64_t d = load64(p + k) ^ bw;

		if (d)
			return k + first(d);
	}
	while (k < lim && p[k] == b)
		k++;
	return k;
}

static inline void
store64(unsigned char *p, uint64_t x)
{
	memcpy(p, &x, 8);
}

size_t
cobs_encode(const unsigned char *src, size_t n, unsigned char *dst)
{
	const unsigned char *end = src + n;
	unsigned char *code = dst, *out = dst + 1;
	size_t c = 1;		/* the pending block's code: data bytes + 1 */

	/*
	 * With 16 or more input bytes left, stores may write whole words, a
	 * few bytes past the ones they keep: every input byte left makes at
	 * least one output byte, so they stay inside the output (room for
	 * cobs_max(n)) and are overwritten later.  The last bytes go exactly.
	 */
	while (src < end) {
		int fast = end - src >= 16;
		size_t lim, k, z;

#ifdef __SSE2__
		/*
		 * Sixteen bytes at once while the pending block cannot fill
		 * up inside them: every zero becomes 1 (right for a zero
		 * followed by a zero), then the codes that are not 1 are
		 * patched in: the pending block's, and the one before each
		 * run of zeros that starts after a data byte.
		 */
		if (fast && c <= 0xfe - 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)src);
			__m128i zv = _mm_cmpeq_epi8(v, _mm_setzero_si128());
			unsigned mask = (unsigned)_mm_movemask_epi8(zv), t, last;

			_mm_storeu_si128((__m128i *)(void *)out, _mm_sub_epi8(v, zv));
			src += 16;
			out += 16;
			if (mask == 0) {
				c += 16;
				continue;
			}
			*code = (unsigned char)(c + (unsigned)__builtin_ctz(mask));
			t = mask & (mask - 1) & ~(mask << 1);
			while (t) {
				unsigned j = (unsigned)__builtin_ctz(t), q;

				q = 31u - (unsigned)__builtin_clz(mask & ((1u << j) - 1));
				out[(int)q - 16] = (unsigned char)(j - q);
				t &= t - 1;
			}
			last = 31u - (unsigned)__builtin_clz(mask);
			code = out - 16 + last;
			c = 16 - last;
			continue;
		}
#endif
		/* Data bytes join the block until a zero or 254 of them. */
		lim = (size_t)(end - src);
		if (lim > 0xff - c)
			lim = 0xff - c;
		if (fast) {
			uint64_t x = load64(src), m = zmask(x);

			k = m ? first(m) : 8;
			if (k > lim)
				k = lim;
			store64(out, x);
		} else {
			k = nonzero_span(src, lim);
			memcpy(out, src, k);
		}
		out += k;
		src += k;
		c += k;
		if (c == 0xff) {
			*code = 0xff;
			code = out++;
			c = 1;
			continue;
		}
		if (src == end || *src != 0)
			continue;
		/*
		 * A run of z zeros: the first ends the pending block, each of
		 * the others is an empty block (code 1), and a new block is
		 * pending after the last.
		 */
		z = same_span(src, (size_t)(end - src), 0, 0);
		src += z;
		*code = (unsigned char)c;
		if (end - src >= 8) {
			size_t i;

			for (i = 0; i + 1 < z; i += 8)
				store64(out + i, ONES);
		} else {
			memset(out, 1, z - 1);
		}
		code = out + z - 1;
		out += z;
		c = 1;
	}
	*code = (unsigned char)c;
	return (size_t)(out - dst);
}

/* move: copy n bytes from src to dst, dst <= src (in-place decoding may
 * overlap): every load is done before the stores that could clobber it. */
static inline void
move(unsigned char *dst, const unsigned char *src, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t a = load64(src), b = load64(src + n - 8);

		memcpy(dst, &a, 8);
		memcpy(dst + n - 8, &b, 8);
	} else if (n > 16) {
		memmove(dst, src, n);
	} else {
		while (n--)
			*dst++ = *src++;
	}
}

/* decode_exact: the decoder with exact copies only, safe in place. */
static size_t
decode_exact(const unsigned char *src, const unsigned char *end,
    unsigned char *out, unsigned char *dst)
{
	/* In place, out never passes src. */
	while (src < end) {
		unsigned code = *src;
		size_t run;

		if (code == 1) {
			/* r empty blocks: a zero each, but for a last block. */
			size_t r = same_span(src, (size_t)(end - src), 1, ONES);

			src += r;
			if (src == end)
				r--;
			memset(out, 0, r);
			out += r;
			continue;
		}
		if (code == 0)
			return (size_t)-1;
		src++;
		run = code - 1;
		if (run > (size_t)(end - src))
			return (size_t)-1;
		move(out, src, run);
		out += run;
		src += run;
		if (code != 0xff && src < end)
			*out++ = 0;
	}
	return (size_t)(out - dst);
}

size_t
cobs_decode(const unsigned char *src, size_t n, unsigned char *dst)
{
	const unsigned char *end = src + n;
	unsigned char *out = dst;

	if (src == dst)
		return decode_exact(src, end, out, dst);
	/*
	 * Into another buffer, copies may store whole words past the bytes
	 * they keep: the output is never longer than the input read so
	 * far, so with 17 or more input bytes left a 16-byte store stays
	 * inside dst (room for n), and later bytes overwrite the excess.
	 */
	while (end - src >= 17) {
		unsigned code = *src;
		size_t run;

		if (code == 1) {
			size_t r = same_span(src, (size_t)(end - src), 1, ONES), i;

			src += r;
			if (end - src < 8) {
				if (src == end)
					r--;
				memset(out, 0, r);
			} else {
				for (i = 0; i < r; i += 8)
					store64(out + i, 0);
			}
			out += r;
			continue;
		}
		if (code == 0)
			return (size_t)-1;
		run = code - 1;
		if (run <= 16) {
			uint64_t a = load64(src + 1), b = load64(src + 9);

			store64(out, a);
			store64(out + 8, b);
		} else {
			if (run > (size_t)(end - src - 1))
				return (size_t)-1;
			memcpy(out, src + 1, run);
		}
		out += run;
		src += 1 + run;
		if (code != 0xff && src < end)
			*out++ = 0;
	}
	return decode_exact(src, end, out, dst);
}
