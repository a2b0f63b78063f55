/* SPDX-License-Identifier: ISC */
/*
 * test_cpe: the TMD encodings, fused vector and quality score of
 * common/cpe.c against the check values of ORIGINAL.md 6.4-6.6.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/cpe.h"
#include "common/tmd.h"
#include "common/vec.h"

static int failures;

#define CHECK(c) do { if (!(c)) { failures++; \
	printf("test_cpe: %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c); \
	} } while (0)

static void
check_tmd16(void)
{
	static const double want[CPE_TMD_DIM] = {
		0.37171495, -0.15847489, -0.31784877, -0.06923024, -0.2583674,
		0.08046158, -0.02151322, -0.45979312, -0.44273427, 0.24890153,
		-0.20113368, -0.06937291, -0.29499814, -0.19328092, 0.03828602,
		0.12927692 };
	float v[CPE_TMD_DIM];
	double ss = 0;
	int i, d, t, m;

	cpe_tmd16(2, 5, 9, v);
	for (i = 0; i < CPE_TMD_DIM; i++) {
		if (fabs(v[i] - want[i]) > 1e-6)
			printf("test_cpe: tmd16(2,5,9)[%d] = %.8f, want %.8f\n",
			    i, v[i], want[i]);
		CHECK(fabs(v[i] - want[i]) <= 1e-6);
	}
	cpe_tmd16(0, 0, 0, v);
	for (i = 0; i < CPE_TMD_DIM; i++)
		CHECK(v[i] == 0.0f);
	/* Every other code gives a unit vector. */
	for (d = 0; d < TMD_NDOMAIN; d += 5)
		for (t = 0; t < TMD_NTASK; t += 7)
			for (m = 1; m < TMD_NMODIFIER; m += 13) {
				cpe_tmd16(d, t, m, v);
				for (ss = 0, i = 0; i < CPE_TMD_DIM; i++)
					ss += (double)v[i] * v[i];
				CHECK(fabs(sqrt(ss) - 1) < 1e-6);
			}
}

static void
check_bits(void)
{
	CHECK(tmd_pack(3, 0, 18) == 6162);
	CHECK(tmd_pack(15, 31, 63) == 32767);
	CHECK(tmd_valid(15, 31, 63));
	CHECK(!tmd_valid(16, 0, 0));
	CHECK(!tmd_valid(0, 32, 0));
	CHECK(!tmd_valid(0, 0, 64));
	CHECK(!tmd_valid(-1, 0, 0));
}

static void
check_fuse(void)
{
	float tmd[CPE_TMD_DIM], concept[4] = { 1, 0, 0, 0 };
	float out[CPE_TMD_DIM + 4], zero[CPE_TMD_DIM + 4];
	double norm, ss = 0;
	int i;

	cpe_tmd16(2, 5, 9, tmd);
	norm = cpe_fuse(tmd, concept, 4, out);
	CHECK(fabs(norm - sqrt(2)) < 1e-6);
	CHECK(fabs(out[0] - tmd[0] / sqrt(2)) < 1e-7);
	CHECK(fabs(out[CPE_TMD_DIM] - 1 / sqrt(2)) < 1e-7);
	for (i = 0; i < CPE_TMD_DIM + 4; i++)
		ss += (double)out[i] * out[i];
	CHECK(fabs(ss - 1) < 1e-6);
	memset(zero, 0, sizeof zero);
	memset(tmd, 0, sizeof tmd);
	memset(concept, 0, sizeof concept);
	CHECK(cpe_fuse(tmd, concept, 4, out) == 0);
	CHECK(memcmp(out, zero, sizeof zero) == 0);
}

/* Fusing in place (concept at out + 16) gives the same bits. */
static void
check_fuse_in_place(void)
{
	float tmd[CPE_TMD_DIM], concept[5] = { 0.25f, -1.5f, 3, 1e-3f, -0.f };
	float a[CPE_TMD_DIM + 5], b[CPE_TMD_DIM + 5];

	cpe_tmd16(7, 3, 40, tmd);
	CHECK(cpe_fuse(tmd, concept, 5, a) > 0);
	memcpy(b + CPE_TMD_DIM, concept, sizeof concept);
	(void)cpe_fuse(tmd, b + CPE_TMD_DIM, 5, b);
	CHECK(memcmp(a, b, sizeof a) == 0);
}

static uint16_t
f16(float x)
{
	return cpe_f16_from_f32(x);
}

/* binary16: every half round-trips; rounding to nearest, ties to even;
 * overflow, underflow, subnormals, signed zero, infinities, NaN. */
static void
check_f16(void)
{
	uint32_t h, bad = 0;

	for (h = 0; h < 65536; h++) {
		float f = cpe_f16_to_f32((uint16_t)h);

		if (isnan(f))
			CHECK(isnan(cpe_f16_to_f32(f16(f))));
		else if (f16(f) != h)
			bad++;
	}
	CHECK(bad == 0);
	CHECK(f16(1.0f) == 0x3c00 && f16(-2.0f) == 0xc000);
	CHECK(f16(65504.0f) == 0x7bff && f16(65520.0f) == 0x7c00);
	CHECK(f16(65519.0f) == 0x7bff);		/* below the tie: stays */
	CHECK(f16(1e9f) == 0x7c00 && f16(-1e9f) == 0xfc00);
	CHECK(f16(0x1p-24f) == 0x0001);		/* smallest subnormal */
	CHECK(f16(0x1p-25f) == 0x0000);		/* tie to even: zero */
	CHECK(f16(0x1.8p-25f) == 0x0001);	/* above the tie */
	CHECK(f16(0x1p-14f) == 0x0400);		/* smallest normal */
	CHECK(f16(-0.0f) == 0x8000 && f16(1e-30f) == 0);
	/* 1 + 2^-11 is halfway between 1 and 1 + 2^-10: to even (1). */
	CHECK(f16(1.0f + 0x1p-11f) == 0x3c00);
	CHECK(f16(1.0f + 0x1p-10f + 0x1p-11f) == 0x3c02);
	CHECK(f16(INFINITY) == 0x7c00 && isnan(cpe_f16_to_f32(f16(NAN))));
	CHECK(cpe_f16_to_f32(0x3555) == 0x1.554p-2f);
	CHECK(signbit(cpe_f16_to_f32(0x8000)));
}

static void
check_quality(void)
{
	struct cpe_quality q;
	float vec[768];
	const char *text = "Caf\xc3\xa9 au lait is coffee with milk.";
	int i;

	/* A unit vector, CPESH off: every Wikipedia row scores 0.09. */
	for (i = 0; i < 768; i++)
		vec[i] = 0;
	vec[7] = 1;
	cpe_quality_compute(&q, text, strlen(text), text, strlen(text), 0, 0,
	    0, 0, vec_norm(vec, 768), 768);
	CHECK(fabs(q.completeness - 0.2) < 1e-15);
	CHECK(fabs(q.vector_norm - 1) < 1e-12);
	CHECK(q.vector_dimension == 768);
	CHECK(q.text_length == 33);
	CHECK(q.concept_length == 33);
	CHECK(q.total_negatives == 0);
	CHECK(fabs(q.confidence - 0.09) < 1e-12);
	/* The Python expression 0.4*0.2 + 0.1*min(1.0/10, 1) + 0.3*min(0/5, 1)
	 * + 0 evaluates to exactly this double. */
	CHECK(q.confidence == 0.4 * 0.2 + 0.1 * 0.1 + 0.3 * 0.0 + 0);

	/* Full CPESH: concept a fifth of the text, 3+3 negatives. */
	cpe_quality_compute(&q, "0123456789", 10, "01", 2, 5, 5, 3, 3,
	    vec_norm(vec, 768), 768);
	CHECK(q.completeness == 1.0);
	CHECK(q.total_negatives == 6);
	CHECK(fabs(q.confidence - 0.91) < 1e-12);	/* 0.4+0.01+0.3+0.2 */
	CHECK(q.confidence <= 1.0);
	/* ratio 0.7 -> bonus 0.1 */
	cpe_quality_compute(&q, "0123456789", 10, "0123456", 7, 0, 0, 0, 0,
	    vec_norm(vec, 768), 768);
	CHECK(fabs(q.confidence - (0.08 + 0.01 + 0.1)) < 1e-12);
	CHECK(cpe_utf8_len("\xe2\x82\xac", 3) == 1);
}

int
main(void)
{
	check_tmd16();
	check_bits();
	check_fuse();
	check_fuse_in_place();
	check_f16();
	check_quality();
	if (failures)
		printf("test_cpe: %d failure(s)\n", failures);
	return failures != 0;
}
