/* SPDX-License-Identifier: ISC */
/*
 * id.h: derived identifiers (DESIGN 4) and content hashes.
 */
#ifndef WIKIPIPE_ID_H
#define WIKIPIPE_ID_H

#include <stddef.h>
#include <stdint.h>

/*
 * id_cpe_uuid: the cpe_id of a chunk, derived from its natural key.
 * The key is hashed with XXH3-128 over the bytes
 *   "cpe\0" source "\0" decimal(page_id) "\0" decimal(chunk_index)
 * and the 128-bit result (high 64 bits first, big endian) is stamped as an
 * RFC 9562 version 8 UUID (custom), variant 10.  out receives 16 bytes.
 * Pure; cannot fail.
 */
void id_cpe_uuid(const char *source, size_t slen, int64_t page_id,
    int64_t chunk_index, unsigned char out[16]);

/* id_uuid_str: format 16 bytes as the canonical 36-character lowercase
 * UUID text plus NUL into out (37 bytes). */
void id_uuid_str(const unsigned char uuid[16], char out[37]);

/* id_uuid_parse: parse canonical UUID text (36 chars); 0 or -1. */
int id_uuid_parse(const char *s, size_t n, unsigned char out[16]);

/* id_hash128: XXH3-128 of n bytes, high half first, into 16 bytes. */
void id_hash128(const void *p, size_t n, unsigned char out[16]);

/* id_hash64: XXH3-64 of n bytes with a seed. */
uint64_t id_hash64(const void *p, size_t n, uint64_t seed);

#endif
