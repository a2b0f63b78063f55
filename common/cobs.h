/* SPDX-License-Identifier: ISC */
/*
 * cobs.h: Consistent Overhead Byte Stuffing, the encoding behind the -z
 * framing of record.h: the encoded bytes hold no 0x00, so a 0x00 can end
 * each record.
 *
 * An encoded block is a code byte k (1..255) followed by k-1 non-zero
 * bytes; a zero byte follows the block in the decoded data unless k is
 * 0xff or the block is the last one.
 */
#ifndef WIKIPIPE_COBS_H
#define WIKIPIPE_COBS_H

#include <stddef.h>

/* cobs_encode: encode n bytes of src into dst (room for cobs_max(n)),
 * return the encoded length (without the trailing 0x00). */
size_t cobs_encode(const unsigned char *src, size_t n, unsigned char *dst);
static inline size_t cobs_max(size_t n) { return n + n / 254 + 1; }

/* cobs_decode: decode n bytes (no 0x00 inside) into dst (room for n);
 * return the decoded length, or (size_t)-1 if the input is malformed.
 * dst may be src (in place); otherwise the two must not overlap. */
size_t cobs_decode(const unsigned char *src, size_t n, unsigned char *dst);

#endif
