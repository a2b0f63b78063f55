/* SPDX-License-Identifier: ISC */
/*
 * cpe.c: TMD encodings, the fused vector and the quality score of a CPE
 * row.  See cpe.h for the formulas and ORIGINAL.md 6.4-6.6 for where they
 * come from.
 */
#include <math.h>
#include <string.h>

#include "cpe.h"

/*
 * The projection matrix: numpy.random.default_rng(1337)
 * .standard_normal((16, 15)).astype(float32), row-major, as printed (8
 * decimals) in ORIGINAL.md 6.6.  The printed decimals round-trip to the
 * same float32 values, so this table is exact.
 */
static const float tmd_matrix[CPE_TMD_DIM][15] = {
	{ 0.03826822f, 0.47393644f, -0.13774592f, -1.38933444f, 2.52011871f,
	  -1.00639093f, 1.85681605f, -2.50237775f, 0.14833610f, -0.08612338f,
	  2.12161827f, 0.51501793f, -0.53286356f, 1.23780990f, 0.20536149f },
	{ 1.81297553f, -0.21733654f, 0.09392343f, -0.13379660f, -1.13466418f,
	  0.84778458f, 0.67711109f, 0.87268901f, -0.33666766f, 1.01786518f,
	  1.10617161f, -0.03860439f, -0.81730223f, -0.15818544f, -1.49902475f },
	{ -1.46636820f, 0.73201108f, -1.72037482f, -1.85562027f, 0.43256250f,
	  0.07244468f, -1.94375324f, 0.83815175f, -0.01201521f, 1.16688454f,
	  -0.29399562f, 0.35157040f, -1.58589244f, -0.47384360f, 1.11178994f },
	{ -0.93328756f, 0.83655006f, 0.47657755f, -0.88766295f, 1.89127278f,
	  0.61376435f, 0.70355499f, 0.84087783f, -2.01096559f, 0.13500327f,
	  0.84302640f, -0.03907451f, 0.92893726f, 0.11726552f, 0.38794416f },
	{ 0.45761165f, 0.23543961f, -0.54237032f, 1.23309290f, 0.20982674f,
	  0.06061384f, 0.05995165f, -0.52382505f, -1.40253294f, -1.61152589f,
	  -0.19531266f, -0.97219729f, 0.47164446f, 0.50432312f, 1.05846035f },
	{ -0.09508312f, -0.05397213f, 0.45050988f, -2.65452528f, -1.65034497f,
	  0.37150589f, 0.30246115f, -2.66104126f, 0.03453133f, -0.42749962f,
	  -0.37549734f, 0.32582051f, -0.06753243f, 0.76149452f, -0.55316979f },
	{ -0.72317767f, -0.16294436f, 0.15918428f, -0.87557733f, -1.00155568f,
	  -0.08514288f, 0.25555331f, 0.38288352f, -0.25655204f, 0.18373749f,
	  1.43717813f, -0.10273769f, 0.54186898f, -0.19974786f, -0.20521745f },
	{ -0.33503383f, 0.16570218f, -0.00508440f, 0.15050331f, 0.12085028f,
	  -0.33929706f, -0.46827140f, -0.91131568f, -0.84963167f, 1.17060554f,
	  0.83341765f, -1.52071297f, 0.83500481f, 0.24169816f, -0.35726336f },
	{ -1.10041428f, 2.08469892f, -1.32455337f, -0.79941612f, -0.09452245f,
	  -1.87977123f, -1.22104406f, 1.06106699f, -0.24592902f, 1.81656063f,
	  0.43826324f, -0.67062408f, 1.00171733f, 0.32759547f, 0.37994629f },
	{ -0.66146564f, -0.75326389f, 0.37158775f, -0.14671616f, 0.69375724f,
	  -0.97766751f, -0.52139872f, -1.16779375f, -0.52399915f, -0.89158291f,
	  -0.89326811f, 0.61130095f, 0.31175908f, 0.30928501f, 1.79529881f },
	{ 0.74185592f, 0.61034083f, -0.46963918f, -1.66037309f, 0.60010409f,
	  -0.29298779f, -1.71899772f, -1.05333102f, 1.11063612f, -1.05614209f,
	  -0.19405752f, 0.07863734f, -1.30517352f, 0.45742524f, -0.40087870f },
	{ 0.54583162f, 1.69915211f, 1.51606882f, 0.19597955f, 0.81698835f,
	  -0.14696589f, -1.25572312f, -0.52982652f, 0.21336243f, 2.41420197f,
	  2.00715542f, -1.82157767f, 0.42676800f, -0.36544034f, 0.86491281f },
	{ -1.05938613f, 0.89554656f, 0.15157114f, -0.35689592f, -0.24592698f,
	  0.23681258f, -0.96232557f, 1.19754887f, 0.63112330f, 0.75512332f,
	  0.93654102f, -0.16400042f, 0.05031396f, 1.81116855f, -1.71007109f },
	{ -0.43785203f, 2.32087064f, 0.20091885f, 0.31203544f, -1.51986670f,
	  0.20746243f, -0.62901455f, -1.03856254f, -1.68408453f, -1.51015079f,
	  1.48650932f, 1.19598711f, 1.22446609f, -0.66376156f, -0.42937985f },
	{ -0.00239561f, 0.97978055f, -0.47241685f, 1.37515604f, 0.64744538f,
	  0.99179143f, 0.72545969f, 0.82327330f, -0.30115646f, 0.28802386f,
	  -0.96279782f, 0.35967493f, 0.37241873f, 1.03666115f, -0.04502375f },
	{ 1.37963295f, 0.16766661f, -0.54807693f, 1.26494718f, 0.92392129f,
	  -1.76754415f, -0.41771710f, 0.14924897f, -0.47194535f, -1.30518353f,
	  0.00844381f, 1.11199057f, 0.86675465f, -1.64398563f, 1.22574210f },
};

void
cpe_tmd16(int d, int t, int m, float out[CPE_TMD_DIM])
{
	double bits[15], v[CPE_TMD_DIM], norm = 0;
	int i, j;

	/* Each field most significant bit first: D[3..0] T[4..0] M[5..0]. */
	for (i = 0; i < 4; i++)
		bits[i] = (d >> (3 - i)) & 1;
	for (i = 0; i < 5; i++)
		bits[4 + i] = (t >> (4 - i)) & 1;
	for (i = 0; i < 6; i++)
		bits[9 + i] = (m >> (5 - i)) & 1;
	for (i = 0; i < CPE_TMD_DIM; i++) {
		v[i] = 0;
		for (j = 0; j < 15; j++)
			v[i] += (double)tmd_matrix[i][j] * bits[j];
		norm += v[i] * v[i];
	}
	norm = sqrt(norm) + 1e-12;
	for (i = 0; i < CPE_TMD_DIM; i++)
		out[i] = (float)(v[i] / norm);
}

double
cpe_fuse_norms(const float tmd[CPE_TMD_DIM], const float *concept,
    size_t dim, float *out, double *concept_norm)
{
	double ss = 0, cs = 0, norm;
	size_t i, n = CPE_TMD_DIM + dim;

	memcpy(out, tmd, CPE_TMD_DIM * sizeof(float));
	if (concept != out + CPE_TMD_DIM)
		memcpy(out + CPE_TMD_DIM, concept, dim * sizeof(float));
	for (i = 0; i < CPE_TMD_DIM; i++)
		ss += (double)out[i] * out[i];
	/* Two chains of additions side by side, each in index order: the
	 * same bits as two loops, in the time of one. */
	for (; i < n; i++) {
		double sq = (double)out[i] * out[i];

		ss += sq;
		cs += sq;
	}
	norm = sqrt(ss);
	if (concept_norm)
		*concept_norm = sqrt(cs);
	if (norm > 0 && isfinite(norm)) {
		/* Four at a time, which the compiler does in vector
		 * registers: a division is rounded the same either way. */
		for (i = 0; i + 4 <= n; i += 4) {
			out[i] = (float)(out[i] / norm);
			out[i + 1] = (float)(out[i + 1] / norm);
			out[i + 2] = (float)(out[i + 2] / norm);
			out[i + 3] = (float)(out[i + 3] / norm);
		}
		for (; i < n; i++)
			out[i] = (float)(out[i] / norm);
	}
	return norm;
}

double
cpe_fuse(const float tmd[CPE_TMD_DIM], const float *concept, size_t dim,
    float *out)
{
	return cpe_fuse_norms(tmd, concept, dim, out, NULL);
}

uint16_t
cpe_f16_from_f32(float x)
{
	uint32_t u, sign, mant;
	int exp;

	memcpy(&u, &x, 4);
	sign = (u >> 16) & 0x8000;
	exp = (int)((u >> 23) & 0xff);
	mant = u & 0x7fffff;
	if (exp == 0xff)		/* infinity, NaN */
		return (uint16_t)(sign | 0x7c00 | (mant ? 0x200 : 0));
	exp = exp - 127 + 15;
	if (exp >= 0x1f)		/* too large: infinity */
		return (uint16_t)(sign | 0x7c00);
	if (exp <= 0) {			/* subnormal half, or zero */
		uint32_t m, shift, half, rest;

		if (exp < -10)
			return (uint16_t)sign;
		m = mant | 0x800000;	/* the implicit bit */
		shift = (uint32_t)(14 - exp);
		half = m >> shift;
		rest = m & ((1u << shift) - 1);
		if (rest > (1u << (shift - 1)) ||
		    (rest == (1u << (shift - 1)) && (half & 1)))
			half++;
		return (uint16_t)(sign | half);
	}
	{
		uint32_t h = ((uint32_t)exp << 10) | (mant >> 13);
		uint32_t rest = mant & 0x1fff;

		/* Ties to even; a carry into the exponent is right,
		 * up to infinity. */
		if (rest > 0x1000 || (rest == 0x1000 && (h & 1)))
			h++;
		return (uint16_t)(sign | h);
	}
}

float
cpe_f16_to_f32(uint16_t h)
{
	uint32_t sign = (uint32_t)(h & 0x8000) << 16;
	uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff, u;
	float f;

	if (exp == 0x1f)
		u = sign | 0x7f800000 | (mant << 13);
	else if (exp == 0) {
		/* Zero or subnormal: mant * 2^-24, exact in float. */
		f = (float)mant * 0x1p-24f;
		return sign ? -f : f;
	} else
		u = sign | ((exp - 15 + 127) << 23) | (mant << 13);
	memcpy(&f, &u, 4);
	return f;
}

size_t
cpe_utf8_len(const char *s, size_t n)
{
	size_t i, len = 0;

	/* Count every byte that is not a continuation byte 10xxxxxx. */
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			len++;
	return len;
}

void
cpe_quality_compute(struct cpe_quality *q, const char *text, size_t text_n,
    const char *concept, size_t concept_n, size_t probe_n, size_t expected_n,
    size_t soft_n, size_t hard_n, double vector_norm, size_t dim)
{
	double ratio, bonus, c;
	size_t truthy;

	truthy = (concept_n > 0) + (probe_n > 0) + (expected_n > 0) +
	    (soft_n > 0) + (hard_n > 0);
	q->completeness = truthy / 5.0;
	q->vector_norm = vector_norm;
	q->vector_dimension = dim;
	q->text_length = cpe_utf8_len(text, text_n);
	q->concept_length = cpe_utf8_len(concept, concept_n);
	q->soft_negatives = soft_n;
	q->hard_negatives = hard_n;
	q->total_negatives = soft_n + hard_n;

	/* The same operations in the same order as the original's Python,
	 * so the doubles agree to the last bit (0.09 with CPESH off). */
	ratio = q->text_length ? (double)q->concept_length / q->text_length : 0;
	if (q->text_length && ratio >= 0.1 && ratio <= 0.5)
		bonus = 0.2;
	else if (q->text_length && ratio >= 0.05 && ratio <= 0.8)
		bonus = 0.1;
	else
		bonus = 0;
	c = 0.4 * q->completeness +
	    0.1 * fmin(q->vector_norm / 10.0, 1.0) +
	    0.3 * fmin(q->total_negatives / 5.0, 1.0) + bonus;
	q->confidence = fmin(c, 1.0);
}
