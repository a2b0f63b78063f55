/* SPDX-License-Identifier: ISC */
/*
 * vec.h: float32 vectors: wire conversion and small linear algebra.
 *
 * On the wire (DESIGN 3) a vector is a msgpack bin of little-endian
 * IEEE-754 float32; its dimension is the byte length / 4.
 */
#ifndef WIKIPIPE_VEC_H
#define WIKIPIPE_VEC_H

#include <stddef.h>

/* vec_from_le: decode dim little-endian float32 values from p into out
 * (p needs no alignment). */
void vec_from_le(const unsigned char *p, size_t dim, float *out);

/* vec_to_le: encode dim floats as little-endian float32 bytes into p. */
void vec_to_le(const float *v, size_t dim, unsigned char *p);

/* vec_dot: the dot product, accumulated in double. */
double vec_dot(const float *a, const float *b, size_t dim);

/* vec_norm: the Euclidean norm, accumulated in double. */
double vec_norm(const float *a, size_t dim);

/* vec_is_zero: is every element +0 or -0?  (Exactly when vec_norm is 0,
 * found at the first element that is not, without the sum.) */
int vec_is_zero(const float *a, size_t dim);

/*
 * vec_normalize: scale v to unit length in place and return the norm it
 * had.  A zero (or non-finite) vector is left unchanged and 0 is returned.
 */
double vec_normalize(float *v, size_t dim);

/* vec_cosine: cosine similarity; 0 when either vector is zero. */
double vec_cosine(const float *a, const float *b, size_t dim);

#endif
