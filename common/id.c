/* SPDX-License-Identifier: ISC */
/*
 * id.c: derived identifiers and content hashes (see id.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "id.h"
#include "util.h"

void
id_hash128(const void *p, size_t n, unsigned char out[16])
{
	XXH128_hash_t h = XXH3_128bits(p, n);
	int i;

	for (i = 0; i < 8; i++) {
		out[i] = (unsigned char)(h.high64 >> (56 - 8 * i));
		out[8 + i] = (unsigned char)(h.low64 >> (56 - 8 * i));
	}
}

uint64_t
id_hash64(const void *p, size_t n, uint64_t seed)
{
	return XXH3_64bits_withSeed(p, n, seed);
}

void
id_cpe_uuid(const char *source, size_t slen, int64_t page_id,
    int64_t chunk_index, unsigned char out[16])
{
	char tail[64];
	unsigned char stack[512], *key = stack;
	size_t tl, kl;
	int n;

	n = snprintf(tail, sizeof tail, "%" PRId64 "%c%" PRId64, page_id, 0,
	    chunk_index);
	tl = (size_t)n;
	kl = 4 + slen + 1 + tl;
	if (kl > sizeof stack)
		key = emalloc(kl);
	memcpy(key, "cpe", 4);		/* "cpe\0" */
	memcpy(key + 4, source, slen);
	key[4 + slen] = 0;
	memcpy(key + 5 + slen, tail, tl);
	id_hash128(key, kl, out);
	if (key != stack)
		free(key);
	out[6] = (unsigned char)((out[6] & 0x0f) | 0x80);	/* version 8 */
	out[8] = (unsigned char)((out[8] & 0x3f) | 0x80);	/* variant 10 */
}

void
id_uuid_str(const unsigned char u[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	int i, j = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[j++] = '-';
		out[j++] = hex[u[i] >> 4];
		out[j++] = hex[u[i] & 15];
	}
	out[j] = '\0';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
id_uuid_parse(const char *s, size_t n, unsigned char out[16])
{
	size_t i;
	int k = 0;

	if (n != 36)
		return -1;
	for (i = 0; i < 36; i++) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -1;
			continue;
		}
		hi = hexval((unsigned char)s[i]);
		lo = hexval((unsigned char)s[++i]);
		if (hi < 0 || lo < 0)
			return -1;
		out[k++] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}
