-- SPDX-License-Identifier: ISC
-- tests/cpe-commit/schema-v4.sql: an empty store of schema version 4, as the
-- cpe-commit of that version made it (pg_dump --schema-only, then its
-- cpe_schema row), for the migration cases.

\restrict A6gQfl07FheAI4BiyZe9dfxKGWia5LeVCcPB370fKJkA1gjeiEELggd6BeRhL0i

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

CREATE TYPE public.content_type AS ENUM (
    'factual',
    'math',
    'instruction',
    'narrative'
);

CREATE TYPE public.validation_status AS ENUM (
    'passed',
    'failed',
    'pending'
);

CREATE FUNCTION public.cpe_vec_to_real(v bytea) RETURNS real[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT coalesce(array_agg(CASE  WHEN e = 255 AND m = 0 THEN   CASE WHEN s = 1 THEN '-Infinity'::real ELSE 'Infinity'::real END  WHEN e = 255 THEN 'NaN'::real  WHEN e = 0 THEN ((1 - 2 * s) * m * 2::float8 ^ (-149))::real  ELSE ((1 - 2 * s) * (8388608 + m) * 2::float8 ^ (e - 150))::real  END ORDER BY i), '{}'::real[]) FROM (SELECT i, (b >> 31) & 1 AS s, (b >> 23) & 255 AS e,   b & 8388607 AS m  FROM (SELECT i, get_byte(v, 4 * i)::bigint    | (get_byte(v, 4 * i + 1)::bigint << 8)    | (get_byte(v, 4 * i + 2)::bigint << 16)    | (get_byte(v, 4 * i + 3)::bigint << 24) AS b   FROM generate_series(0, length(v) / 4 - 1) AS i) AS w) AS f $$;

SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE public.cpe_entry (
    cpe_id uuid NOT NULL,
    mission_text text NOT NULL,
    source_chunk text NOT NULL,
    concept_text text NOT NULL,
    probe_question text DEFAULT ''::text NOT NULL,
    expected_answer text DEFAULT ''::text NOT NULL,
    soft_negatives jsonb DEFAULT '[]'::jsonb NOT NULL,
    hard_negatives jsonb DEFAULT '[]'::jsonb NOT NULL,
    domain_code smallint NOT NULL,
    task_code smallint NOT NULL,
    modifier_code smallint NOT NULL,
    content_type public.content_type DEFAULT 'factual'::public.content_type NOT NULL,
    dataset_source text NOT NULL,
    chunk_position jsonb NOT NULL,
    relations_text jsonb DEFAULT '[]'::jsonb NOT NULL,
    echo_score real,
    validation_status public.validation_status DEFAULT 'pending'::public.validation_status NOT NULL,
    batch_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    tmd_bits smallint NOT NULL,
    tmd_lane text NOT NULL,
    lane_index smallint NOT NULL,
    confidence_score real,
    quality_metrics jsonb DEFAULT '{}'::jsonb NOT NULL,
    access_count integer DEFAULT 0 NOT NULL,
    last_accessed_at timestamp with time zone,
    parent_cpe_ids jsonb DEFAULT '[]'::jsonb NOT NULL,
    child_cpe_ids jsonb DEFAULT '[]'::jsonb NOT NULL,
    doc_id text NOT NULL,
    page_id bigint NOT NULL,
    article_index bigint,
    chunk_index integer NOT NULL,
    chunk_count integer NOT NULL,
    episode_id text,
    section text,
    parent_cpe_id uuid,
    child_cpe_id uuid,
    run_id bigint,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    tmd_source text,
    CONSTRAINT cpe_entry_check CHECK ((chunk_index < chunk_count)),
    CONSTRAINT cpe_entry_chunk_index_check CHECK ((chunk_index >= 0)),
    CONSTRAINT cpe_entry_domain_code_check CHECK (((domain_code >= 0) AND (domain_code <= 15))),
    CONSTRAINT cpe_entry_lane_index_check CHECK (((lane_index >= 0) AND (lane_index <= 32767))),
    CONSTRAINT cpe_entry_modifier_code_check CHECK (((modifier_code >= 0) AND (modifier_code <= 63))),
    CONSTRAINT cpe_entry_task_code_check CHECK (((task_code >= 0) AND (task_code <= 31)))
);

CREATE TABLE public.cpe_ledger (
    doc_id text NOT NULL,
    source text NOT NULL,
    page_id bigint NOT NULL,
    article_index bigint,
    title text,
    chunk_count integer NOT NULL,
    content_hash bytea NOT NULL,
    run_id bigint,
    committed_at timestamp with time zone DEFAULT now() NOT NULL,
    rev_id bigint,
    src_hash bigint
);

CREATE TABLE public.cpe_run (
    run_id bigint NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    status text DEFAULT 'running'::text NOT NULL,
    program text NOT NULL,
    version text NOT NULL,
    schema_version integer NOT NULL,
    cmdline text NOT NULL,
    articles bigint DEFAULT 0 NOT NULL,
    rows bigint DEFAULT 0 NOT NULL,
    incomplete bigint DEFAULT 0 NOT NULL,
    CONSTRAINT cpe_run_status_check CHECK ((status = ANY (ARRAY['running'::text, 'ok'::text, 'incomplete'::text, 'failed'::text, 'abandoned'::text])))
);

CREATE SEQUENCE public.cpe_run_run_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.cpe_run_run_id_seq OWNED BY public.cpe_run.run_id;

CREATE TABLE public.cpe_schema (
    id boolean DEFAULT true NOT NULL,
    version integer NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT cpe_schema_id_check CHECK (id)
);

CREATE TABLE public.cpe_vectors (
    cpe_id uuid NOT NULL,
    fused_vec bytea NOT NULL,
    question_vec bytea,
    concept_vec bytea NOT NULL,
    tmd_dense bytea NOT NULL,
    fused_norm real
)
WITH (toast_tuple_target='8160');

ALTER TABLE ONLY public.cpe_run ALTER COLUMN run_id SET DEFAULT nextval('public.cpe_run_run_id_seq'::regclass);

ALTER TABLE ONLY public.cpe_entry
    ADD CONSTRAINT cpe_entry_natural_key UNIQUE (dataset_source, page_id, chunk_index);

ALTER TABLE ONLY public.cpe_entry
    ADD CONSTRAINT cpe_entry_pkey PRIMARY KEY (cpe_id);

ALTER TABLE ONLY public.cpe_ledger
    ADD CONSTRAINT cpe_ledger_pkey PRIMARY KEY (doc_id);

ALTER TABLE ONLY public.cpe_run
    ADD CONSTRAINT cpe_run_pkey PRIMARY KEY (run_id);

ALTER TABLE ONLY public.cpe_schema
    ADD CONSTRAINT cpe_schema_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.cpe_vectors
    ADD CONSTRAINT cpe_vectors_pkey PRIMARY KEY (cpe_id);

CREATE INDEX cpe_entry_lane_index ON public.cpe_entry USING btree (lane_index);

CREATE INDEX cpe_ledger_source ON public.cpe_ledger USING btree (source, page_id);

ALTER TABLE ONLY public.cpe_entry
    ADD CONSTRAINT cpe_entry_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.cpe_run(run_id);

ALTER TABLE ONLY public.cpe_ledger
    ADD CONSTRAINT cpe_ledger_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.cpe_run(run_id);

ALTER TABLE ONLY public.cpe_vectors
    ADD CONSTRAINT cpe_vectors_cpe_id_fkey FOREIGN KEY (cpe_id) REFERENCES public.cpe_entry(cpe_id) ON DELETE CASCADE;

\unrestrict A6gQfl07FheAI4BiyZe9dfxKGWia5LeVCcPB370fKJkA1gjeiEELggd6BeRhL0i

INSERT INTO public.cpe_schema (version) VALUES (4);
