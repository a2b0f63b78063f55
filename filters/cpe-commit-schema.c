/* SPDX-License-Identifier: ISC */
/*
 * cpe-commit-schema.c: the database schema of cpe-commit as SQL text:
 * the migrations (applied in order, once each, recorded in cpe_schema),
 * the per-session staging tables and the statements of one batch.
 * cpe-commit(1) documents every table and column.
 */
#include <stddef.h>

/* One part of a migration (cpe-commit.c declares the same). */
struct cc_migration {
	int to;			/* the version it brings the database to */
	const char *sql;
};

/* The schema version this program writes. */
const int cc_schema_version = 5;

const char *const cc_schema_table =
    "CREATE TABLE IF NOT EXISTS cpe_schema ("
    " id boolean PRIMARY KEY DEFAULT true CHECK (id),"
    " version integer NOT NULL,"
    " updated_at timestamptz NOT NULL DEFAULT now())";

/*
 * The migrations, in order: the parts with "to" = v bring a database
 * from version v - 1 to v (a version may take several parts: ISO C
 * promises string literals of 4095 bytes only).  All the parts a run
 * needs go in one transaction.
 */
const struct cc_migration cc_migrations[] = {
	/* 0 -> 1: the tables of ORIGINAL.md 9 with the original's column
	 * names, vectors as inline bytea, plus the natural key, links,
	 * episode/section, the ledger and the run table. */
	{ 1, "DO $$ BEGIN"
	" CREATE TYPE content_type AS ENUM"
	"  ('factual', 'math', 'instruction', 'narrative');"
	" EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
	"DO $$ BEGIN"
	" CREATE TYPE validation_status AS ENUM ('passed', 'failed', 'pending');"
	" EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
	"CREATE TABLE cpe_run ("
	" run_id bigserial PRIMARY KEY,"
	" started_at timestamptz NOT NULL DEFAULT now(),"
	" finished_at timestamptz,"
	" status text NOT NULL DEFAULT 'running'"
	"  CHECK (status IN ('running', 'ok', 'incomplete', 'failed')),"
	" program text NOT NULL,"
	" version text NOT NULL,"
	" schema_version integer NOT NULL,"
	" cmdline text NOT NULL,"
	" articles bigint NOT NULL DEFAULT 0,"
	" rows bigint NOT NULL DEFAULT 0,"
	" incomplete bigint NOT NULL DEFAULT 0);"
	"CREATE TABLE cpe_entry ("
	" cpe_id uuid PRIMARY KEY,"
	" mission_text text NOT NULL,"
	" source_chunk text NOT NULL,"
	" concept_text text NOT NULL,"
	" probe_question text NOT NULL DEFAULT '',"
	" expected_answer text NOT NULL DEFAULT '',"
	" soft_negatives jsonb NOT NULL DEFAULT '[]',"
	" hard_negatives jsonb NOT NULL DEFAULT '[]',"
	" domain_code smallint NOT NULL CHECK (domain_code BETWEEN 0 AND 15),"
	" task_code smallint NOT NULL CHECK (task_code BETWEEN 0 AND 31),"
	" modifier_code smallint NOT NULL"
	"  CHECK (modifier_code BETWEEN 0 AND 63),"
	" content_type content_type NOT NULL DEFAULT 'factual',"
	" dataset_source text NOT NULL,"
	" chunk_position jsonb NOT NULL,"
	" relations_text jsonb NOT NULL DEFAULT '[]',"
	" echo_score real,"
	" validation_status validation_status NOT NULL DEFAULT 'pending',"
	" batch_id uuid,"
	" created_at timestamptz NOT NULL DEFAULT now(),"
	" tmd_bits smallint NOT NULL,"
	" tmd_lane text NOT NULL,"
	" lane_index smallint NOT NULL CHECK (lane_index BETWEEN 0 AND 32767),"
	" confidence_score real,"
	" quality_metrics jsonb NOT NULL DEFAULT '{}',"
	" access_count integer NOT NULL DEFAULT 0,"
	" last_accessed_at timestamptz,"
	" parent_cpe_ids jsonb NOT NULL DEFAULT '[]',"
	" child_cpe_ids jsonb NOT NULL DEFAULT '[]',"
	" doc_id text NOT NULL,"
	" page_id bigint NOT NULL,"
	" article_index bigint,"
	" chunk_index integer NOT NULL CHECK (chunk_index >= 0),"
	" chunk_count integer NOT NULL CHECK (chunk_index < chunk_count),"
	" episode_id text,"
	" section text,"
	" parent_cpe_id uuid,"
	" child_cpe_id uuid,"
	" run_id bigint REFERENCES cpe_run,"
	" updated_at timestamptz NOT NULL DEFAULT now(),"
	" CONSTRAINT cpe_entry_natural_key"
	"  UNIQUE (dataset_source, page_id, chunk_index));"
	"CREATE INDEX cpe_entry_lane_index ON cpe_entry (lane_index);"
	"CREATE TABLE cpe_vectors ("
	" cpe_id uuid PRIMARY KEY REFERENCES cpe_entry ON DELETE CASCADE,"
	" fused_vec bytea NOT NULL,"
	" question_vec bytea,"
	" concept_vec bytea NOT NULL,"
	" tmd_dense bytea NOT NULL,"
	" fused_norm real)"
	" WITH (toast_tuple_target = 8160);"
	"CREATE TABLE cpe_ledger ("
	" doc_id text PRIMARY KEY,"
	" source text NOT NULL,"
	" page_id bigint NOT NULL,"
	" article_index bigint,"
	" title text,"
	" chunk_count integer NOT NULL,"
	" content_hash bytea NOT NULL,"
	" run_id bigint REFERENCES cpe_run,"
	" committed_at timestamptz NOT NULL DEFAULT now());"
	"CREATE INDEX cpe_ledger_source ON cpe_ledger (source, page_id);"
	/* Little-endian float32 bytea -> real[], exact for every value:
	 * sign, exponent and mantissa are taken apart in bigint and put
	 * together in double, where powers of two are exact. */
	"CREATE OR REPLACE FUNCTION cpe_vec_to_real(v bytea) RETURNS real[]"
	" LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$"
	" SELECT coalesce(array_agg(CASE"
	"  WHEN e = 255 AND m = 0 THEN"
	"   CASE WHEN s = 1 THEN '-Infinity'::real ELSE 'Infinity'::real END"
	"  WHEN e = 255 THEN 'NaN'::real"
	"  WHEN e = 0 THEN ((1 - 2 * s) * m * 2::float8 ^ (-149))::real"
	"  ELSE ((1 - 2 * s) * (8388608 + m) * 2::float8 ^ (e - 150))::real"
	"  END ORDER BY i), '{}'::real[])"
	" FROM (SELECT i, (b >> 31) & 1 AS s, (b >> 23) & 255 AS e,"
	"   b & 8388607 AS m"
	"  FROM (SELECT i, get_byte(v, 4 * i)::bigint"
	"    | (get_byte(v, 4 * i + 1)::bigint << 8)"
	"    | (get_byte(v, 4 * i + 2)::bigint << 16)"
	"    | (get_byte(v, 4 * i + 3)::bigint << 24) AS b"
	"   FROM generate_series(0, length(v) / 4 - 1) AS i) AS w) AS f"
	" $f$;" },
	/* 1 -> 2: a run whose process is gone is marked 'abandoned' (each
	 * live run holds a session advisory lock, see cc_run_lock). */
	{ 2, "ALTER TABLE cpe_run DROP CONSTRAINT IF EXISTS cpe_run_status_check;"
	"ALTER TABLE cpe_run ADD CONSTRAINT cpe_run_status_check"
	" CHECK (status IN ('running', 'ok', 'incomplete', 'failed',"
	" 'abandoned'))" },
	/* 2 -> 3: where each row's TMD codes came from (tmd-extract's
	 * tmd_source: "none" when the heuristic found no evidence), so that
	 * a lane or domain filter can leave such rows out. */
	{ 3, "ALTER TABLE cpe_entry ADD COLUMN IF NOT EXISTS tmd_source text" },
	/* 3 -> 4: the revision each article was made from (wiki-fetch's
	 * rev_id, and src_hash, its text's XXH3-64 as a bigint), so that a
	 * sync can leave unchanged pages alone (cpe-commit --list-committed
	 * --revisions, wiki-fetch --known).  NULL for rows committed before:
	 * such articles count as changed once. */
	{ 4, "ALTER TABLE cpe_ledger ADD COLUMN IF NOT EXISTS rev_id bigint,"
	" ADD COLUMN IF NOT EXISTS src_hash bigint" },
	/* 4 -> 5: each vector and each text stored once (cpe-commit(1),
	 * STORAGE).  The tables become cpe_entry_data and cpe_vectors_data;
	 * cpe_entry and cpe_vectors are views over them with the original
	 * columns.  source_chunk and concept_text are NULL where they equal
	 * mission_text (the view gives mission_text back); fused_vec and
	 * fused_norm are no longer stored but computed from tmd_dense and
	 * concept_vec by cpe_fused_vec() and cpe_fused_norm(), bit for bit
	 * as common/cpe.c cpe_fuse does; parent_cpe_ids and child_cpe_ids
	 * are NULL where they are the list of parent_cpe_id, child_cpe_id.  One transaction: an interrupted
	 * migration leaves version 4 as it was, and runs again whole.  The
	 * UPDATE rewrites every row of cpe_entry_data once; DROP COLUMN
	 * frees nothing until the table is rewritten (VACUUM FULL). */
	{ 5, "ALTER TABLE cpe_entry RENAME TO cpe_entry_data;"
	"ALTER TABLE cpe_entry_data ALTER COLUMN source_chunk DROP NOT NULL,"
	" ALTER COLUMN concept_text DROP NOT NULL,"
	" ALTER COLUMN parent_cpe_ids DROP NOT NULL,"
	" ALTER COLUMN child_cpe_ids DROP NOT NULL;"
	"CREATE OR REPLACE FUNCTION cpe_id_list(id uuid) RETURNS jsonb"
	" LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$"
	" SELECT CASE WHEN id IS NULL THEN '[]'::jsonb"
	" ELSE jsonb_build_array(id) END $f$;"
	"UPDATE cpe_entry_data SET"
	" source_chunk = nullif(source_chunk, mission_text),"
	" concept_text = nullif(concept_text, mission_text),"
	" parent_cpe_ids = nullif(parent_cpe_ids, cpe_id_list(parent_cpe_id)),"
	" child_cpe_ids = nullif(child_cpe_ids, cpe_id_list(child_cpe_id));"
	/* The foreign key checked and KEY SHARE-locked the entry row of
	 * every vector row inserted (56 B of WAL and about a fifth of a
	 * load's time); statement triggers keep its ON DELETE CASCADE. */
	"DO $d$ DECLARE c name; BEGIN"
	" FOR c IN SELECT conname FROM pg_constraint"
	"  WHERE conrelid = 'cpe_vectors'::regclass AND contype = 'f' LOOP"
	" EXECUTE format('ALTER TABLE cpe_vectors DROP CONSTRAINT %I', c);"
	" END LOOP; END $d$" },
	{ 5, "CREATE OR REPLACE FUNCTION cpe_entry_cascade() RETURNS trigger"
	" LANGUAGE plpgsql AS $f$ BEGIN"
	" IF TG_OP = 'TRUNCATE' THEN TRUNCATE cpe_vectors_data; ELSE"
	" DELETE FROM cpe_vectors_data WHERE cpe_id = ANY(ARRAY("
	"  SELECT cpe_id FROM cpe_entry_gone)); END IF;"
	" RETURN NULL; END $f$;"
	"CREATE TRIGGER cpe_entry_cascade AFTER DELETE ON cpe_entry_data"
	" REFERENCING OLD TABLE AS cpe_entry_gone"
	" FOR EACH STATEMENT EXECUTE FUNCTION cpe_entry_cascade();"
	"CREATE TRIGGER cpe_entry_cascade_trunc AFTER TRUNCATE"
	" ON cpe_entry_data FOR EACH STATEMENT"
	" EXECUTE FUNCTION cpe_entry_cascade();"
	"ALTER TABLE cpe_vectors RENAME TO cpe_vectors_data;"
	"ALTER TABLE cpe_vectors_data DROP COLUMN fused_vec,"
	" DROP COLUMN fused_norm, ALTER COLUMN concept_vec DROP NOT NULL,"
	" ADD COLUMN concept_vec16 bytea,"
	" ADD CONSTRAINT cpe_vectors_concept_once CHECK"
	"  ((concept_vec IS NULL) <> (concept_vec16 IS NULL)) NOT VALID;"
	/* cpe_vec_to_real again, now keeping the sign of -0. */
	"CREATE OR REPLACE FUNCTION cpe_vec_to_real(v bytea) RETURNS real[]"
	" LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$"
	" SELECT coalesce(array_agg((CASE WHEN s = 1 THEN -1::float8"
	"  ELSE 1::float8 END * CASE"
	"  WHEN e = 255 AND m = 0 THEN 'Infinity'::float8"
	"  WHEN e = 255 THEN 'NaN'::float8"
	"  WHEN e = 0 THEN m * 2::float8 ^ (-149)"
	"  ELSE (8388608 + m) * 2::float8 ^ (e - 150)"
	"  END)::real ORDER BY i), '{}'::real[])"
	" FROM (SELECT i, (b >> 31) & 1 AS s, (b >> 23) & 255 AS e,"
	"   b & 8388607 AS m"
	"  FROM (SELECT i, get_byte(v, 4 * i)::bigint"
	"    | (get_byte(v, 4 * i + 1)::bigint << 8)"
	"    | (get_byte(v, 4 * i + 2)::bigint << 16)"
	"    | (get_byte(v, 4 * i + 3)::bigint << 24) AS b"
	"   FROM generate_series(0, length(v) / 4 - 1) AS i) AS w) AS f"
	" $f$" },
	/* The norm of tmd || concept: the squares summed in double, in
	 * order, as cpe_fuse does. */
	{ 5, "CREATE OR REPLACE FUNCTION cpe_fused_norm(tmd bytea, concept bytea)"
	" RETURNS float8 LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE"
	" AS $f$ DECLARE x real[] := cpe_vec_to_real(tmd || concept);"
	" s float8 := 0; BEGIN"
	" FOR i IN 1 .. coalesce(array_length(x, 1), 0) LOOP"
	"  s := s + x[i]::float8 * x[i]::float8; END LOOP;"
	" RETURN sqrt(s); END $f$;"
	/* normalise(tmd || concept) as little-endian float32 bytea: each
	 * element divided in double and rounded to float32 once (left as
	 * it is when the norm is 0 or not finite), as cpe_fuse does. */
	"CREATE OR REPLACE FUNCTION cpe_fused_vec(tmd bytea, concept bytea)"
	" RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE"
	" AS $f$ DECLARE x real[] := cpe_vec_to_real(tmd || concept);"
	" k int := coalesce(array_length(x, 1), 0); s float8 := 0;"
	" h text[] := '{}'; b text; BEGIN"
	" FOR i IN 1 .. k LOOP s := s + x[i]::float8 * x[i]::float8; END LOOP;"
	" s := sqrt(s);"
	" FOR i IN 1 .. k LOOP"
	"  IF s > 0 AND s < 'Infinity'::float8 THEN"
	"   x[i] := (x[i] / s)::real; END IF;"
	"  b := encode(float4send(x[i]), 'hex');"
	"  h[i] := substr(b, 7, 2) || substr(b, 5, 2) || substr(b, 3, 2)"
	"   || substr(b, 1, 2);"
	" END LOOP;"
	" RETURN decode(array_to_string(h, ''), 'hex'); END $f$;"
	"CREATE VIEW cpe_entry AS SELECT cpe_id, mission_text,"
	" coalesce(source_chunk, mission_text) AS source_chunk,"
	" coalesce(concept_text, mission_text) AS concept_text,"
	" probe_question, expected_answer, soft_negatives, hard_negatives,"
	" domain_code, task_code, modifier_code, content_type, dataset_source,"
	" chunk_position, relations_text, echo_score, validation_status,"
	" batch_id, created_at, tmd_bits, tmd_lane, lane_index,"
	" confidence_score, quality_metrics, access_count, last_accessed_at,"
	" coalesce(parent_cpe_ids, cpe_id_list(parent_cpe_id))"
	"  AS parent_cpe_ids,"
	" coalesce(child_cpe_ids, cpe_id_list(child_cpe_id)) AS child_cpe_ids,"
	" doc_id, page_id, article_index,"
	" chunk_index, chunk_count, episode_id, section, parent_cpe_id,"
	" child_cpe_id, run_id, updated_at, tmd_source FROM cpe_entry_data;"
	/* binary16 little-endian bytea -> float32 little-endian bytea,
	 * exactly (cpe-commit --vectors float16). */
	"CREATE OR REPLACE FUNCTION cpe_vec16_to_vec(v bytea) RETURNS bytea"
	" LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE"
	" AS $f$ DECLARE h int; e int; m int; f real; b text;"
	" o text[] := '{}'; BEGIN"
	" FOR i IN 0 .. length(v) / 2 - 1 LOOP"
	"  h := get_byte(v, 2 * i) | (get_byte(v, 2 * i + 1) << 8);"
	"  e := (h >> 10) & 31; m := h & 1023;"
	"  f := CASE WHEN e = 31 AND m = 0 THEN 'Infinity'::real"
	"   WHEN e = 31 THEN 'NaN'::real"
	"   WHEN e = 0 THEN (m * 2::float8 ^ (-24))::real"
	"   ELSE ((1024 + m) * 2::float8 ^ (e - 25))::real END;"
	"  IF h >= 32768 THEN f := -f; END IF;"
	"  b := encode(float4send(f), 'hex');"
	"  o[i + 1] := substr(b, 7, 2) || substr(b, 5, 2) || substr(b, 3, 2)"
	"   || substr(b, 1, 2);"
	" END LOOP;"
	" RETURN decode(array_to_string(o, ''), 'hex'); END $f$;"
	"CREATE VIEW cpe_vectors AS SELECT cpe_id,"
	" cpe_fused_vec(tmd_dense, coalesce(concept_vec,"
	"  cpe_vec16_to_vec(concept_vec16))) AS fused_vec, question_vec,"
	" coalesce(concept_vec, cpe_vec16_to_vec(concept_vec16))"
	"  AS concept_vec, tmd_dense,"
	" cpe_fused_norm(tmd_dense, coalesce(concept_vec,"
	"  cpe_vec16_to_vec(concept_vec16)))::real AS fused_norm"
	" FROM cpe_vectors_data;"
	/* cpe-index's update trigger compared fused_vec: the same function
	 * as cpe-index.c's setup_sql now writes, where cpe-index was set up
	 * (it also replaces it on its next run). */
	"DO $d$ BEGIN"
	" IF to_regprocedure('cpe_index_on_update()') IS NOT NULL THEN"
	" CREATE OR REPLACE FUNCTION cpe_index_on_update() RETURNS trigger"
	" LANGUAGE plpgsql AS $f$ BEGIN"
	" INSERT INTO cpe_index_row (cpe_id) SELECT n.cpe_id"
	" FROM cpe_index_new n LEFT JOIN cpe_index_old o ON o.cpe_id = n.cpe_id"
	" WHERE o.cpe_id IS NULL OR n.tmd_dense IS DISTINCT FROM o.tmd_dense"
	" OR n.concept_vec IS DISTINCT FROM o.concept_vec"
	" OR n.concept_vec16 IS DISTINCT FROM o.concept_vec16"
	" ON CONFLICT (cpe_id) DO UPDATE"
	" SET change_seq = nextval('cpe_index_seq'), deleted = false;"
	" UPDATE cpe_index_row r"
	" SET change_seq = nextval('cpe_index_seq'), deleted = true"
	" FROM (SELECT cpe_id FROM cpe_index_old EXCEPT"
	" SELECT cpe_id FROM cpe_index_new) g WHERE r.cpe_id = g.cpe_id;"
	" RETURN NULL; END $f$;"
	" END IF; END $d$" },
	{ 0, NULL }
};

/*
 * Live runs: a run holds the session advisory lock RUN_LOCK + run_id for
 * as long as its connection lives (taken in the statement that inserts
 * the run, so no other session ever sees the run unlocked).  A new run
 * first marks every 'running' run whose lock it can take (its process is
 * gone: killed, even by SIGKILL) as 'abandoned'; the transaction-level
 * locks it takes for that end with the statement.
 */
#define RUN_LOCK "7163311472926425088"	/* 0x6368650000000000 */
const char *const cc_run_abandon =
    "UPDATE cpe_run SET status = 'abandoned', finished_at = now()"
    " WHERE status = 'running'"
    " AND pg_try_advisory_xact_lock(" RUN_LOCK " + run_id)";
const char *const cc_run_insert =
    "WITH r AS (INSERT INTO cpe_run (program, version, schema_version,"
    " cmdline) VALUES ($1, $2, $3, $4) RETURNING run_id)"
    " SELECT run_id, pg_advisory_lock(" RUN_LOCK " + run_id) FROM r";
const char *const cc_run_lock =
    "SELECT pg_advisory_lock(" RUN_LOCK " + $1::bigint)";

/*
 * The columns cpe-commit writes into cpe_entry, in the order of its binary
 * COPY rows; the staging table has the same columns, so one COPY buffer
 * serves both paths of a batch.
 */
#define ENTRY_COLS \
    "cpe_id, mission_text, source_chunk, concept_text, probe_question," \
    " expected_answer, soft_negatives, hard_negatives, domain_code," \
    " task_code, modifier_code, content_type, dataset_source," \
    " chunk_position, tmd_bits, tmd_lane, lane_index, confidence_score," \
    " quality_metrics, parent_cpe_ids, child_cpe_ids, doc_id, page_id," \
    " article_index, chunk_index, chunk_count, episode_id, section," \
    " parent_cpe_id, child_cpe_id, run_id, tmd_source"

/* The staging tables of one session (temporary, emptied at commit). */
const char *const cc_stage_sql =
    "SET client_min_messages = warning;"
    "CREATE TEMP TABLE IF NOT EXISTS cpe_stage_entry"
    " (LIKE cpe_entry_data INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS cpe_stage_article ("
    " doc_id text, source text, page_id bigint, article_index bigint,"
    " title text, chunk_count integer, content_hash bytea, rev_id bigint,"
    " src_hash bigint)"
    " ON COMMIT DELETE ROWS";

const char *const cc_copy_article =
    "COPY cpe_stage_article FROM STDIN (FORMAT binary)";

/*
 * A batch starts with the rows of an earlier chunking that the new one no
 * longer has (a higher chunk_index); cpe_vectors follows through ON
 * DELETE CASCADE.  The delete is a loop of one index probe per article
 * on purpose: as a join with the unanalysed staging table the planner
 * picks a sequential scan of cpe_entry, which makes a long load quadratic.
 */
const char *const cc_stale_sql =
    "DO $$ DECLARE a record; BEGIN"
    " FOR a IN SELECT source, page_id, chunk_count FROM cpe_stage_article"
    " LOOP DELETE FROM cpe_entry_data WHERE dataset_source = a.source"
    "  AND page_id = a.page_id AND chunk_index >= a.chunk_count;"
    " END LOOP; END $$;"
    "SAVEPOINT cpe_new";

/*
 * Fast path: articles never committed before (the whole of a first load,
 * and every resumed article) go straight into cpe_entry and cpe_vectors
 * by binary COPY, as fast as psql's \copy.  An article committed before
 * collides on cpe_id at its chunk 0 (SQLSTATE 23505); the batch then
 * rolls back to the savepoint and takes the upsert path: COPY into the
 * staging table, INSERT ... ON CONFLICT DO UPDATE (created_at kept), and
 * the articles' vectors deleted so that the COPY of the new ones
 * replaces them.  Staging the 6 KB vector rows as well would double their
 * cost, so vectors are always replaced in place within the transaction.
 */
const char *const cc_copy_entry =
    "COPY cpe_entry_data (" ENTRY_COLS ") FROM STDIN (FORMAT binary)";
const char *const cc_copy_stage =
    "COPY cpe_stage_entry (" ENTRY_COLS ") FROM STDIN (FORMAT binary)";
const char *const cc_upsert_sql =
    "INSERT INTO cpe_entry_data (" ENTRY_COLS ")"
    " SELECT " ENTRY_COLS " FROM cpe_stage_entry"
    " ON CONFLICT (cpe_id) DO UPDATE SET"
    " mission_text = EXCLUDED.mission_text,"
    " source_chunk = EXCLUDED.source_chunk,"
    " concept_text = EXCLUDED.concept_text,"
    " probe_question = EXCLUDED.probe_question,"
    " expected_answer = EXCLUDED.expected_answer,"
    " soft_negatives = EXCLUDED.soft_negatives,"
    " hard_negatives = EXCLUDED.hard_negatives,"
    " domain_code = EXCLUDED.domain_code, task_code = EXCLUDED.task_code,"
    " modifier_code = EXCLUDED.modifier_code,"
    " content_type = EXCLUDED.content_type,"
    " dataset_source = EXCLUDED.dataset_source,"
    " chunk_position = EXCLUDED.chunk_position,"
    " tmd_bits = EXCLUDED.tmd_bits, tmd_lane = EXCLUDED.tmd_lane,"
    " lane_index = EXCLUDED.lane_index,"
    " confidence_score = EXCLUDED.confidence_score,"
    " quality_metrics = EXCLUDED.quality_metrics,"
    " parent_cpe_ids = EXCLUDED.parent_cpe_ids,"
    " child_cpe_ids = EXCLUDED.child_cpe_ids, doc_id = EXCLUDED.doc_id,"
    " article_index = EXCLUDED.article_index,"
    " chunk_count = EXCLUDED.chunk_count, episode_id = EXCLUDED.episode_id,"
    " section = EXCLUDED.section, parent_cpe_id = EXCLUDED.parent_cpe_id,"
    " child_cpe_id = EXCLUDED.child_cpe_id, run_id = EXCLUDED.run_id,"
    " tmd_source = EXCLUDED.tmd_source,"
    " updated_at = now();"
    "DELETE FROM cpe_vectors_data WHERE cpe_id = ANY(ARRAY("
    " SELECT cpe_id FROM cpe_stage_entry))";

const char *const cc_copy_vec =
    "COPY cpe_vectors_data (cpe_id, question_vec, concept_vec,"
    " concept_vec16, tmd_dense)"
    " FROM STDIN (FORMAT binary)";

/* Last in a batch: the ledger and the run's counters.  A printf format:
 * run id, articles, rows, run id. */
const char *const cc_ledger_fmt =
    "RELEASE SAVEPOINT cpe_new;"
    "INSERT INTO cpe_ledger (doc_id, source, page_id, article_index, title,"
    " chunk_count, content_hash, rev_id, src_hash, run_id) SELECT doc_id,"
    " source, page_id, article_index, title, chunk_count, content_hash,"
    " rev_id, src_hash, %lld"
    " FROM cpe_stage_article ON CONFLICT (doc_id) DO UPDATE SET"
    " source = EXCLUDED.source, page_id = EXCLUDED.page_id,"
    " article_index = EXCLUDED.article_index, title = EXCLUDED.title,"
    " chunk_count = EXCLUDED.chunk_count,"
    " content_hash = EXCLUDED.content_hash, rev_id = EXCLUDED.rev_id,"
    " src_hash = EXCLUDED.src_hash, run_id = EXCLUDED.run_id,"
    " committed_at = now();"
    "UPDATE cpe_run SET articles = articles + %zu, rows = rows + %zu"
    " WHERE run_id = %lld;";
