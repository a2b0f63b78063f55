/* SPDX-License-Identifier: ISC */
/*
 * cpe-store.h: the passage store as cpe-index and cpe-search see it, in
 * one module (filters/cpe-store.c) linked into those programs and
 * cpe-serve alone:
 *
 *   - the options of both programs: one table, one parser (store_parse());
 *   - the database: connection, statements and results, where every
 *     failure ends the program with the suite's exit status (a data
 *     error is 1, anything else on the server's side 4);
 *   - the metadata file INDEX.meta that cpe-index writes beside an
 *     index and cpe-search reads, and opening the FAISS index itself.
 *
 * INDEX.meta is one JSON object with the keys format ("cpe-index 1"),
 * name, token (a UUID also stored in cpe_index_state: it ties the file to
 * one database), kind (flat, ivf, hnsw, ivfpq), vector (fused_vec or
 * concept_vec), dim, embedder (the SPEC), embed_model, nlist, nprobe,
 * hnsw_m, ef_search, trained_rows, ntotal and watermark; an ivfpq index
 * adds pq_m, pq_nbits and rerank (keys that older files lack read as 0).
 *
 * Functions whose names start with store_ die on failure, as the
 * programs' own helpers did: they are program code, not library code;
 * those of "one query" below, which cpe-serve calls while it serves,
 * say "Never exits" instead.
 */
#ifndef WIKIPIPE_CPE_STORE_H
#define WIKIPIPE_CPE_STORE_H

#include <stdint.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "common/embed.h"
#include "common/opt.h"
#include "common/pg.h"
#include "common/util.h"
#include "cpe-faiss.h"

/* ---- options ---- */

/* Which program an option belongs to. */
enum {
	STORE_INDEX = 1,	/* cpe-index */
	STORE_SEARCH = 2,	/* cpe-search */
	STORE_BOTH = 3
};

/* The long-only options of both programs, after those of common/opt.h. */
enum {
	OPT_BATCH = OPT_FIRST_PRIVATE,
	OPT_DB,
	OPT_DB_FILE,
	OPT_DOMAIN,
	OPT_EFC,
	OPT_EFS,
	OPT_EMBEDDER,
	OPT_EXACT,
	OPT_HNSW_M,
	OPT_KIND,
	OPT_LANE,
	OPT_LIKE,
	OPT_NAME,
	OPT_NLIST,
	OPT_NPROBE,
	OPT_PQ_M,
	OPT_QUERIES,
	OPT_REBUILD,
	OPT_RECALL,
	OPT_RERANK,
	OPT_SAMPLE,
	OPT_THREADS,
	OPT_VECTOR,
	OPT_WIDTH,
	OPT_WITH_NONE
};

/* The state the options of cpe-index and cpe-search set. */
struct store_opts {
	struct common_opts co;	/* COMMON_LONGOPTS */
	/* Both programs. */
	const char *db;		/* --db or --db-file: conninfo, NULL for PG* */
	const char *embedder;	/* --embedder SPEC, NULL: the recorded one */
	long nprobe;		/* --nprobe: IVF lists searched, 0: recorded */
	long efs;		/* --ef-search: HNSW breadth, 0: recorded */
	long threads;		/* --threads: FAISS threads, 0: OpenMP's */
	long rerank;		/* --rerank: ivfpq candidates, 0: recorded */
	/* cpe-index. */
	const char *kind;	/* --kind, NULL: from the meta file, else ivf */
	const char *vector;	/* --vector's column (fused_vec, concept_vec),
				 * NULL: from the meta file, else fused_vec */
	const char *name;	/* --name, NULL: basename of INDEX */
	long nlist;		/* --nlist, 0: automatic */
	long pq_m;		/* --pq-m: ivfpq sub-quantisers, 0: automatic */
	long hnsw_m;		/* --hnsw-m, 0: automatic */
	long efc;		/* --ef-construction, 0: automatic */
	long batch;		/* --batch: rows a round trip (4096) */
	int rebuild;		/* --rebuild */
	/* cpe-search. */
	const char *like;	/* --like CPE_ID */
	const char *queries;	/* --queries FILE */
	long k;			/* -k: hits a query (10) */
	long lane;		/* --lane, -1 for any */
	long domain;		/* --domain, -1 for any */
	long sample;		/* --sample N, 0 for none */
	long width;		/* --width (100) */
	int json;		/* -j */
	int exact;		/* --exact */
	int recall;		/* --recall */
	int with_none;		/* --with-none: keep tmd_source "none" rows */
};

/*
 * store_parse: parse the options of argv for prog (STORE_INDEX or
 * STORE_SEARCH) into o, from its defaults: the shared ones of
 * common/opt.h and those of the table in cpe-store.c that prog takes.
 * Leaves optind at the first operand.  --help and --version are handled
 * as opt_common() does.  A bad option or value, and a shared option that
 * means nothing here (-f, -u, -z, --max-record: neither program reads or
 * writes records; -o but for cpe-search), prints a reason and calls
 * usage(stderr, EXIT_USAGE), which must not return.  Exits with EXIT_IO
 * when --db-file cannot be read.
 */
void store_parse(int argc, char **argv, unsigned prog, struct store_opts *o,
    void (*usage)(FILE *, int));

/* ---- the database ---- */

/*
 * store_connect: connect with conninfo (NULL: the PG* variables).  Exits
 * with EXIT_REMOTE when the server cannot be reached.  The caller ends
 * the connection with PQfinish.
 */
PGconn *store_connect(const char *conninfo);

/*
 * store_die: end the program for the failed result r (may be NULL) of
 * what ("reading cpe_vectors"): "WHAT: MESSAGE", exit EXIT_DATA when the
 * server blames the data, EXIT_REMOTE otherwise.
 */
void store_die(PGconn *pg, const PGresult *r, const char *what) NORETURN;

/* store_exec: run sql (one or more statements, no results wanted) or die
 * as store_die does. */
void store_exec(PGconn *pg, const char *sql, const char *what);

/*
 * store_query: run one statement with n text parameters and return its
 * result, in binary when binary is set, else in text; the caller frees it
 * with PQclear.  Dies as store_die does.
 */
PGresult *store_query(PGconn *pg, const char *sql, int n,
    const char *const *params, int binary, const char *what);

/* store_int: the first column of the first row of a text query as an
 * integer, 0 when there is no row or it is NULL.  Dies as store_query. */
int64_t store_int(PGconn *pg, const char *sql, int n,
    const char *const *params, const char *what);

/* store_has_table: 1 when the table name exists in the search path, 0
 * when it does not.  Dies as store_query. */
int store_has_table(PGconn *pg, const char *name, const char *what);

/* store_be64: the bigint a binary result holds at p (8 bytes, big
 * endian). */
int64_t store_be64(const char *p);

/*
 * store_ids: run sql (binary, n text parameters) whose first column is a
 * bigint, and return its values in an array of *count (one spare slot, so
 * never NULL); the caller frees it.  Dies as store_query.
 */
int64_t *store_ids(PGconn *pg, const char *sql, int n,
    const char *const *params, const char *what, int64_t *count);

/*
 * store_vector_cols: the select list of a row's stored vector, column
 * (fused_vec or concept_vec) of cpe_vectors_data aliased v:
 * "v.tmd_dense, v.concept_vec, v.concept_vec16" for fused_vec (computed,
 * not stored) and "v.concept_vec, v.concept_vec16" for concept_vec (one
 * of the two is NULL: float32 or binary16, cpe-commit --vectors).
 */
const char *store_vector_cols(const char *column);

/*
 * store_vector: decode the vector of row i of a binary result: column
 * idcol holds the row's cpe_id (uuid), column veccol on the columns of
 * store_vector_cols(column).  The dim float32 values go to v, for
 * fused_vec fused from tmd_dense and concept_vec as cpe-prep does
 * (common/cpe.c cpe_fuse; a binary16 concept vector converted to
 * float32 exactly first), then L2-normalised (a zero vector stays
 * zero); uu gets the cpe_id as text.  Exits with EXIT_DATA when a stored
 * vector has not the length dim asks for or an element is not finite
 * (the message of store_vector_get).
 */
void store_vector(const PGresult *r, int i, int idcol, int veccol,
    const char *column, size_t dim, float *v, char uu[37]);

/*
 * store_vector_get: store_vector for a caller that goes on: returns 0,
 * or -1 with the reason ("cpe_vectors cpe_id UUID: concept_vec is N
 * bytes, expected M ...") in err[errsz] when the stored vector is
 * damaged (v is then undefined; uu is set either way).  Never exits.
 */
int store_vector_get(const PGresult *r, int i, int idcol, int veccol,
    const char *column, size_t dim, float *v, char uu[37], char *err,
    size_t errsz);

/* ---- the metadata file and the index ---- */

#define CPE_META_FORMAT "cpe-index 1"

/* INDEX.meta in memory. */
struct cpe_meta {
	char name[128];		/* the index's row in cpe_index_state */
	char token[40];		/* the UUID that ties it to one database */
	char kind[8];		/* flat, ivf, hnsw or ivfpq */
	char vector[16];	/* fused_vec or concept_vec */
	char embedder[256];	/* the SPEC the rows were embedded with */
	char embed_model[128];	/* the model that SPEC names */
	int64_t dim, nlist, nprobe, hnsw_m, ef_search, trained_rows, ntotal;
	int64_t pq_m, pq_nbits;	/* ivfpq code: m sub-quantisers of nbits */
	int64_t rerank;		/* ivfpq candidates re-ranked exactly */
	int64_t watermark;	/* every change at or below is indexed */
};

/* store_meta_path: "INDEX.meta" for index, allocated (the caller frees
 * it). */
char *store_meta_path(const char *index);

/*
 * store_meta_read: parse the metadata file path into m (zeroed first).
 * Returns 0, -1 when the file does not exist (errno ENOENT), -2 when it
 * cannot be read (errno set), or -3 when it is malformed (*why names the
 * key).  Never exits.
 */
int store_meta_read(const char *path, struct cpe_meta *m, const char **why);

/*
 * store_meta_load: store_meta_read, but exits with EXIT_IO when the file
 * cannot be read and with EXIT_DATA when it is malformed ("PATH: not a
 * cpe-index metadata file (key KEY)").  Returns 0, or -1 when it does
 * not exist.
 */
int store_meta_load(const char *path, struct cpe_meta *m);

/* store_meta_json: m as one JSON object and a newline, appended to b. */
void store_meta_json(const struct cpe_meta *m, struct buf *b);

/* store_meta_offset: where the concept vector starts inside the stored
 * vector: 16 (the TMD part) for fused_vec, 0 for concept_vec. */
size_t store_meta_offset(const struct cpe_meta *m);

/* store_index_read: the FAISS index in the file path; exits with
 * EXIT_DATA when it cannot be read.  The caller frees it (cfx_free). */
struct cfx *store_index_read(const char *path);

/* ---- one query: what cpe-search and cpe-serve do for each ---- */

/* One hit of a search joined to its row; the strings point into the
 * PGresult store_hits returned (valid until its PQclear). */
struct store_hit {
	int64_t row_id;
	float score;
	const char *cpe_id, *doc_id, *title, *section, *chunk, *lane, *text;
};

/* The statement store_hits runs ($1: the hits' row_ids as bigint[]),
 * for a caller that prepares it (PQprepare) once per connection. */
extern const char STORE_HITS_SQL[];

/*
 * store_hits: join the k labels lab (-1: none) and scores dist of one
 * search to their rows with STORE_HITS_SQL, run as the prepared
 * statement stmt of pg, or as text when stmt is NULL.  h[k] gets the
 * hits still in the database in search order, *nh their count, and
 * *nstale is increased by the labels no longer there.  *res is the
 * result (the caller frees it with PQclear, even on failure).  Returns 0,
 * or -1 when the statement failed (classify *res with pg_classify).
 * Never exits.
 */
int store_hits(PGconn *pg, const char *stmt, int k, const float *dist,
    const int64_t *lab, struct store_hit *h, size_t *nh, size_t *nstale,
    PGresult **res);

/*
 * store_hit_json: hit h, rank (from 1) of query qi (from 0) whose label
 * (text or cpe_id) is label, as cpe-search -j's JSON object (keys query,
 * query_text, rank, score, row_id, cpe_id, doc_id, title, section,
 * chunk_index, tmd_lane, lane, text; lane holds tmd_lane's value under
 * the name cpe-serve's clients use), appended to b without a newline.
 */
void store_hit_json(struct buf *b, size_t qi, const char *label,
    size_t rank, const struct store_hit *h);

/* The statement that lists the row_ids a lane and domain filter keeps:
 * $1 lane (-1: any), $2 domain (-1: any), $3 with_none ("t" keeps rows
 * with no TMD evidence), one bigint column, binary. */
extern const char STORE_FILTER_SQL[];

/*
 * store_lane_parse: a lane as --lane takes it ("lane_3" or "3", 0 to
 * 32767) into *lane.  Returns 0, or -1 when s is not one.
 */
int store_lane_parse(const char *s, long *lane);

/*
 * store_embedder_open: the embedder of the index m (at path) for query
 * texts: spec (NULL: m's recorded SPEC, pinned to an earlier feature
 * version when the index was built with one) must give m's model, and
 * its dimension plus store_meta_offset(m) must be m's.  Returns 0 with
 * *e open (the caller closes it with embed_close), or an exit status
 * (EXIT_USAGE, EXIT_DATA or the backend's) with *e NULL and the reason in
 * err[errsz].  Never exits.
 */
int store_embedder_open(const struct cpe_meta *m, const char *path,
    const char *spec, struct embedder **e, char *err, size_t errsz);

/*
 * store_query_vector: text (len bytes) as a query vector of index m:
 * v[m->dim] gets 0^off || embed(text) (off: store_meta_offset), as
 * cpe-search searches it.  Returns 0, EXIT_DATA when the embedder finds
 * no features in it (a zero vector), or the embedder's status (embed_errmsg(e)).
 * e must come from store_embedder_open for m.  Never exits.
 */
int store_query_vector(struct embedder *e, const struct cpe_meta *m,
    const char *text, size_t len, float *v);

/* store_probe: the probe cfx_search takes for index m: efs (0: the
 * recorded ef_search) for hnsw, else nprobe (0: the recorded one). */
int store_probe(const struct cpe_meta *m, long nprobe, long efs);

#endif
