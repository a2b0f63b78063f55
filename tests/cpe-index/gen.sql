-- SPDX-License-Identifier: ISC
-- tests/cpe-index/gen.sql: deterministic test rows for cpe-index and
-- cpe-search.  cpx_vec(i, dim, nclus, sigma) is a unit vector near the
-- centre of cluster i % nclus (a mixture of Gaussians-like spread, like
-- embeddings of passages on a few topics), as little-endian float32 bytea.
-- cpx_gen(first, last, dim, nclus[, sigma]) inserts rows first..last into
-- cpe_entry_data and cpe_vectors_data: the dim-D vector's first 16
-- floats as tmd_dense, the rest as concept_vec, so that fused_vec (their
-- concatenation, normalised) is that vector again, within rounding.
-- cpx_tmd(v) and cpx_concept(v) are those two parts of a vector v.
CREATE OR REPLACE FUNCTION cpx_tmd(v bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT substr(v, 1, 64) $$;
CREATE OR REPLACE FUNCTION cpx_concept(v bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT substr(v, 65) $$;
CREATE OR REPLACE FUNCTION cpx_u(a bigint, b bigint) RETURNS float8
LANGUAGE sql IMMUTABLE AS
$$ SELECT hashint8(a * 1000003 + b)::float8 / 2147483648.0 $$;

CREATE OR REPLACE FUNCTION cpx_vec(i bigint, dim int, nclus int, sigma float8)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
 WITH c AS (SELECT j, cpx_u(-1 - (i % nclus), j) + sigma * cpx_u(i, j) AS v
            FROM generate_series(0, dim - 1) AS j),
      n AS (SELECT sqrt(sum(v * v)) AS s FROM c)
 SELECT string_agg(substr(b, 4, 1) || substr(b, 3, 1) || substr(b, 2, 1)
                   || substr(b, 1, 1), ''::bytea ORDER BY j)
 FROM (SELECT j, float4send((v / s)::real) AS b FROM c, n) AS w $$;

CREATE OR REPLACE FUNCTION cpx_uuid(i bigint) RETURNS uuid
LANGUAGE sql IMMUTABLE AS
$$ SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid $$;

CREATE OR REPLACE FUNCTION cpx_gen(first bigint, last bigint, dim int,
    nclus int, sigma float8 DEFAULT 0.6) RETURNS void LANGUAGE sql AS $$
 INSERT INTO cpe_entry_data (cpe_id, mission_text, source_chunk, concept_text,
  domain_code, task_code, modifier_code, dataset_source, chunk_position,
  tmd_bits, tmd_lane, lane_index, doc_id, page_id, chunk_index, chunk_count,
  section)
 SELECT cpx_uuid(i), 'passage ' || i, NULL,
  'passage ' || i || ' about topic ' || (i % nclus), (i % 16)::smallint, 0, 0,
  'testwiki', jsonb_build_object('article_title', 'Article ' || (i / 4),
  'chunk_index', i % 4), ((i % 16) << 11)::smallint, 'lane_' || (i % 16),
  (i % 16)::smallint, 'testwiki:' || (i / 4), i / 4, i % 4, 4,
  'Section ' || (i % 3)
 FROM generate_series(first, last) AS i;
 INSERT INTO cpe_vectors_data (cpe_id, concept_vec, tmd_dense)
 SELECT cpx_uuid(i), cpx_concept(v), cpx_tmd(v)
 FROM (SELECT i, cpx_vec(i, dim, nclus, sigma) AS v
       FROM generate_series(first, last) AS i) AS g $$;
