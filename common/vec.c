/* SPDX-License-Identifier: ISC */
/*
 * vec.c: float32 vectors (see vec.h).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "vec.h"

void
vec_from_le(const unsigned char *p, size_t dim, float *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(out, p, dim * 4);
#else
	size_t i;

	for (i = 0; i < dim; i++) {
		uint32_t u = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		    (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
		memcpy(&out[i], &u, 4);
	}
#endif
}

void
vec_to_le(const float *v, size_t dim, unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(p, v, dim * 4);
#else
	size_t i;

	for (i = 0; i < dim; i++) {
		uint32_t u;

		memcpy(&u, &v[i], 4);
		p[4 * i] = u & 0xff;
		p[4 * i + 1] = (u >> 8) & 0xff;
		p[4 * i + 2] = (u >> 16) & 0xff;
		p[4 * i + 3] = u >> 24;
	}
#endif
}

double
vec_dot(const float *a, const float *b, size_t dim)
{
	double s = 0;
	size_t i;

	for (i = 0; i < dim; i++)
		s += (double)a[i] * b[i];
	return s;
}

double
vec_norm(const float *a, size_t dim)
{
	return sqrt(vec_dot(a, a, dim));
}

int
vec_is_zero(const float *a, size_t dim)
{
	size_t i;

	for (i = 0; i < dim; i++)
		if (a[i] != 0)
			return 0;
	return 1;
}

double
vec_normalize(float *v, size_t dim)
{
	double n = vec_norm(v, dim);
	size_t i;

	if (!(n > 0) || !isfinite(n))
		return 0;
	for (i = 0; i < dim; i++)
		v[i] = (float)(v[i] / n);
	return n;
}

double
vec_cosine(const float *a, const float *b, size_t dim)
{
	double na = vec_norm(a, dim), nb = vec_norm(b, dim);

	if (!(na > 0) || !(nb > 0))
		return 0;
	return vec_dot(a, b, dim) / (na * nb);
}
