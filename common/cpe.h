/* SPDX-License-Identifier: ISC */
/*
 * cpe.h: the numeric core of cpe-prep (DESIGN 4, ORIGINAL.md 6.4-6.6).
 *
 * TMD codes are the schema v1 ranges: domain 0..15, task 0..31,
 * modifier 0..63.  Two encodings of them exist:
 *
 *   tmd_bits  = (d << 11) | (t << 6) | m          fits SMALLINT (max 32767)
 *   tmd_dense = normalise(P x bits15(d, t, m))     16 floats
 *
 * where bits15 is D in 4 bits, T in 5, M in 6, each field most significant
 * bit first, and P is the fixed 16x15 matrix of ORIGINAL.md 6.6 (numpy
 * default_rng(1337).standard_normal((16, 15)) as float32).  The fused
 * vector is normalise(tmd_dense || concept_vec), TMD first.
 *
 * Everything here is pure and allocation-free; nothing exits.
 */
#ifndef WIKIPIPE_CPE_H
#define WIKIPIPE_CPE_H

#include <stddef.h>
#include <stdint.h>

#define CPE_TMD_DIM	16
#define CPE_CONCEPT_DIM	768	/* default concept vector dimension */

/*
 * CPE_INDEX_ON_UPDATE_SQL: the statement (no ';') that defines the
 * trigger function cpe-index keeps its change list with when rows of
 * cpe_vectors_data are updated: a row whose stored vector parts changed
 * is queued again, a row gone is marked deleted.  cpe-index sets it up;
 * cpe-commit's migration to schema 5 replaces an earlier one (which
 * compared fused_vec) where cpe-index was set up.  One text for both.
 */
#define CPE_INDEX_ON_UPDATE_SQL \
	"CREATE OR REPLACE FUNCTION cpe_index_on_update() RETURNS trigger" \
	" LANGUAGE plpgsql AS $f$ BEGIN" \
	" INSERT INTO cpe_index_row (cpe_id) SELECT n.cpe_id" \
	" FROM cpe_index_new n LEFT JOIN cpe_index_old o ON o.cpe_id = n.cpe_id" \
	" WHERE o.cpe_id IS NULL OR n.tmd_dense IS DISTINCT FROM o.tmd_dense" \
	" OR n.concept_vec IS DISTINCT FROM o.concept_vec" \
	" OR n.concept_vec16 IS DISTINCT FROM o.concept_vec16" \
	" ON CONFLICT (cpe_id) DO UPDATE" \
	" SET change_seq = nextval('cpe_index_seq'), deleted = false;" \
	" UPDATE cpe_index_row r" \
	" SET change_seq = nextval('cpe_index_seq'), deleted = true" \
	" FROM (SELECT cpe_id FROM cpe_index_old EXCEPT" \
	" SELECT cpe_id FROM cpe_index_new) g WHERE r.cpe_id = g.cpe_id;" \
	" RETURN NULL; END $f$"

/*
 * cpe_tmd16: the deterministic 16-D encoding of valid codes into out.
 * Computed in double and rounded to float32 once; (0,0,0) gives zeros
 * (the L2 normalisation divides by norm + 1e-12).
 */
void cpe_tmd16(int d, int t, int m, float out[CPE_TMD_DIM]);

/*
 * cpe_fuse: out (CPE_TMD_DIM + dim floats) = normalise(tmd || concept).
 * Returns the norm before normalising (0 leaves out all zero).  concept
 * may be out + CPE_TMD_DIM (fusing in place); otherwise the arrays must
 * not overlap.  Each element is divided in double and rounded to float
 * once; the SQL function cpe_fused_vec() (cpe-commit(1)) does the same
 * operations in the same order and gives the same bits.
 */
double cpe_fuse(const float tmd[CPE_TMD_DIM], const float *concept,
    size_t dim, float *out);

/*
 * cpe_fuse_norms: cpe_fuse, and also *concept_norm (unless NULL) =
 * ||concept||, its squares summed in double in index order (vec_norm's
 * order, the quality figure's vector_norm), in the same pass.
 */
double cpe_fuse_norms(const float tmd[CPE_TMD_DIM], const float *concept,
    size_t dim, float *out, double *concept_norm);

/*
 * cpe_f16_from_f32: x as IEEE 754 binary16, rounded to nearest, ties to
 * even; beyond the largest half (65504) it gives infinity, NaN stays NaN
 * (quiet), tiny values become subnormal halves or zero (sign kept).
 * cpe_f16_to_f32: a binary16 as float, exactly (every half is a float).
 */
uint16_t cpe_f16_from_f32(float x);
float cpe_f16_to_f32(uint16_t h);

/* The quality figures of ORIGINAL.md 6.4, one per chunk. */
struct cpe_quality {
	double completeness;	/* truthy fields of the five CPESH ones / 5 */
	double vector_norm;	/* ||concept_vec|| */
	size_t vector_dimension;
	size_t text_length;	/* characters (code points) of the text */
	size_t concept_length;	/* characters of concept_text */
	size_t soft_negatives;	/* counts */
	size_t hard_negatives;
	size_t total_negatives;
	double confidence;	/* the score, capped at 1.0 */
};

/*
 * cpe_quality_compute: fill q from the chunk text, the CPESH fields (empty
 * strings and zero counts when CPESH is off) and the concept vector's
 * norm and dimension (cpe_fuse_norms gives the norm).
 * Lengths are UTF-8 code points, as the original's Python len().  A text
 * of length 0 gives a length-ratio bonus of 0.
 */
void cpe_quality_compute(struct cpe_quality *q, const char *text,
    size_t text_n, const char *concept, size_t concept_n, size_t probe_n,
    size_t expected_n, size_t soft_n, size_t hard_n, double vector_norm,
    size_t dim);

/* cpe_utf8_len: the number of code points in n bytes of UTF-8 (bytes
 * that start no sequence count as one each). */
size_t cpe_utf8_len(const char *s, size_t n);

#endif
