/* SPDX-License-Identifier: ISC */
/*
 * cpe-index: build, then incrementally update, a FAISS index over the
 * vectors cpe-commit stored in PostgreSQL.
 *
 * The database keeps the watermark.  cpe-index adds (idempotently) a
 * sequence, a row table cpe_index_row (cpe_id -> a stable 64-bit row_id,
 * plus the sequence number of the row's last change and a tombstone
 * flag) kept by statement triggers on cpe_vectors_data (the table behind
 * the view cpe_vectors), and cpe_index_state
 * (one row per index).  A sync reads the rows whose change number lies
 * above the index's watermark, removes their old vectors from the index
 * and adds the live ones.  The file is replaced atomically (temporary
 * file, fsync, rename), then INDEX.meta, then the database row; a crash
 * in between leaves a watermark that is too low, and replaying changes is
 * harmless because every change is a remove-then-add.
 *
 * An ivfpq index keeps its exact vectors in append-only side files
 * (cpe-faiss.h): a sync appends the changed rows there, then rewrites
 * only the codes, so its cost follows the change; a full build starts a
 * new generation of side files and removes the old one once the new
 * index, its metadata and the database row are in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "common/embed.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/stats.h"
#include "common/util.h"
#include "cpe-faiss.h"
#include "cpe-store.h"

struct ix {
	struct store_opts *o;
	const char *path;	/* INDEX */
	char *meta_path, *tmp_path, *meta_tmp, *lock_path, *abs_path;
	PGconn *pg;
	struct cpe_meta m;	/* the index as it will be written */
	int have_old;		/* an existing index was loaded */
	int64_t old_wm;		/* its watermark */
	struct cfx *idx;
	int64_t wm;		/* the new watermark */
	int full;		/* this run rebuilds */
	const char *why;	/* why it rebuilds */
	int64_t nadd, nremove, nchanged;
	size_t concept_dim;	/* dimension the embedder gives */
	int64_t old_gen;	/* the side files of the ivfpq index on disk */
};

/* ivfpq defaults, chosen on bench/faiss.sh and real pages (cpe-index(1)):
 * candidates re-ranked by their exact vectors, training rows at least. */
#define PQ_RERANK	64
#define PQ_TRAIN	4096
#define PQ_SCAN		8192	/* codes a query scans at least */

/* The objects cpe-index adds to the cpe-commit schema (cpe-index(1)). */
static const char *const setup_sql =
    "SET client_min_messages = warning;"
    "SELECT pg_advisory_xact_lock(hashtext('wikipipe cpe-index setup'));"
    "CREATE SEQUENCE IF NOT EXISTS cpe_index_seq;"
    "CREATE TABLE IF NOT EXISTS cpe_index_row ("
    " cpe_id uuid PRIMARY KEY,"
    " row_id bigint NOT NULL UNIQUE DEFAULT nextval('cpe_index_seq'),"
    " change_seq bigint NOT NULL DEFAULT nextval('cpe_index_seq'),"
    " deleted boolean NOT NULL DEFAULT false);"
    "CREATE INDEX IF NOT EXISTS cpe_index_row_change"
    " ON cpe_index_row (change_seq);"
    "CREATE TABLE IF NOT EXISTS cpe_index_state ("
    " name text PRIMARY KEY, token uuid NOT NULL, path text NOT NULL,"
    " kind text NOT NULL, vector text NOT NULL, dim integer NOT NULL,"
    " embedder text NOT NULL, embed_model text NOT NULL,"
    " nlist integer NOT NULL, ntotal bigint NOT NULL,"
    " watermark bigint NOT NULL,"
    " built_at timestamptz NOT NULL DEFAULT now(),"
    " updated_at timestamptz NOT NULL DEFAULT now());"
    "CREATE OR REPLACE FUNCTION cpe_index_on_insert() RETURNS trigger"
    " LANGUAGE plpgsql AS $f$ BEGIN"
    " INSERT INTO cpe_index_row (cpe_id) SELECT cpe_id FROM cpe_index_new"
    " ON CONFLICT (cpe_id) DO UPDATE"
    " SET change_seq = nextval('cpe_index_seq'), deleted = false;"
    " RETURN NULL; END $f$;"
    "CREATE OR REPLACE FUNCTION cpe_index_on_update() RETURNS trigger"
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
    "CREATE OR REPLACE FUNCTION cpe_index_on_delete() RETURNS trigger"
    " LANGUAGE plpgsql AS $f$ BEGIN"
    " UPDATE cpe_index_row r"
    " SET change_seq = nextval('cpe_index_seq'), deleted = true"
    " FROM cpe_index_old g WHERE r.cpe_id = g.cpe_id;"
    " RETURN NULL; END $f$;"
    "CREATE OR REPLACE FUNCTION cpe_index_on_truncate() RETURNS trigger"
    " LANGUAGE plpgsql AS $f$ BEGIN"
    " UPDATE cpe_index_row"
    " SET change_seq = nextval('cpe_index_seq'), deleted = true"
    " WHERE NOT deleted;"
    " RETURN NULL; END $f$;"
    /* Triggers, and the rows that predate them, once. */
    "DO $d$ BEGIN"
    " IF (SELECT count(*) FROM pg_trigger WHERE tgrelid ="
    "  'cpe_vectors_data'::regclass AND tgname IN ('cpe_index_ins',"
    "  'cpe_index_upd', 'cpe_index_del', 'cpe_index_trunc')) < 4 THEN"
    " LOCK TABLE cpe_vectors_data IN SHARE ROW EXCLUSIVE MODE;"
    " CREATE OR REPLACE TRIGGER cpe_index_ins AFTER INSERT ON cpe_vectors_data"
    "  REFERENCING NEW TABLE AS cpe_index_new"
    "  FOR EACH STATEMENT EXECUTE FUNCTION cpe_index_on_insert();"
    " CREATE OR REPLACE TRIGGER cpe_index_upd AFTER UPDATE ON cpe_vectors_data"
    "  REFERENCING OLD TABLE AS cpe_index_old NEW TABLE AS cpe_index_new"
    "  FOR EACH STATEMENT EXECUTE FUNCTION cpe_index_on_update();"
    " CREATE OR REPLACE TRIGGER cpe_index_del AFTER DELETE ON cpe_vectors_data"
    "  REFERENCING OLD TABLE AS cpe_index_old"
    "  FOR EACH STATEMENT EXECUTE FUNCTION cpe_index_on_delete();"
    " CREATE OR REPLACE TRIGGER cpe_index_trunc AFTER TRUNCATE"
    "  ON cpe_vectors_data FOR EACH STATEMENT"
    "  EXECUTE FUNCTION cpe_index_on_truncate();"
    " INSERT INTO cpe_index_row (cpe_id) SELECT cpe_id FROM cpe_vectors_data"
    "  ON CONFLICT (cpe_id) DO UPDATE"
    "  SET change_seq = nextval('cpe_index_seq'), deleted = false;"
    " UPDATE cpe_index_row r"
    "  SET change_seq = nextval('cpe_index_seq'), deleted = true"
    "  WHERE NOT deleted AND NOT EXISTS"
    "  (SELECT 1 FROM cpe_vectors_data v WHERE v.cpe_id = r.cpe_id);"
    " END IF; END $d$";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: cpe-index [-hqVv] [--db CONNINFO] "
	    "[--kind flat|ivf|hnsw|ivfpq]\n"
	    "                 [--vector fused|concept] [--embedder SPEC] "
	    "[--nlist N]\n"
	    "                 [--nprobe N] [--pq-m N] [--rerank N] "
	    "[--hnsw-m N]\n"
	    "                 [--ef-construction N] [--ef-search N] "
	    "[--name NAME]\n"
	    "                 [--rebuild] [--batch N] [--threads N] "
	    "[--stats FILE] INDEX\n"
	    "Build or incrementally update the FAISS index INDEX from "
	    "PostgreSQL.\n\n"
	    "      --batch N        rows fetched per round trip (4096)\n"
	    "      --db CONNINFO    libpq conninfo or URI (default: PG* "
	    "variables)\n"
	    "      --db-file FILE   read the conninfo from FILE's first line "
	    "(not argv)\n"
	    "      --ef-construction N  HNSW build breadth (40)\n"
	    "      --ef-search N    HNSW search breadth recorded for cpe-search "
	    "(64)\n"
	    "      --embedder SPEC  embedder of the stored vectors, recorded "
	    "for cpe-search (hash)\n"
	    "  -h, --help           print this help and exit\n"
	    "      --hnsw-m N       HNSW links per node (32)\n"
	    "      --kind KIND      flat, ivf, hnsw or ivfpq (new index: ivf)\n"
	    "      --name NAME      the index's name in cpe_index_state "
	    "(basename of INDEX)\n"
	    "      --nlist N        IVF lists (automatic from the row count)\n"
	    "      --nprobe N       IVF lists searched, recorded for cpe-search "
	    "(automatic)\n"
	    "      --pq-m N         ivfpq sub-quantisers, dividing the "
	    "dimension (dim/8)\n"
	    "  -q, --quiet          print errors only\n"
	    "      --rebuild        build from scratch instead of updating\n"
	    "      --rerank N       ivfpq candidates re-ranked exactly, "
	    "recorded (64)\n"
	    "      --stats FILE     write run figures as JSON to FILE\n"
	    "      --threads N      FAISS threads (OpenMP default)\n"
	    "      --vector WHICH   fused (fused_vec) or concept (concept_vec); "
	    "new index: fused\n"
	    "  -V, --version        print the version and exit\n"
	    "  -v, --verbose        say more (repeatable)\n");
	exit(status);
}

/* ---- PostgreSQL ---- */

static void
db_connect(struct ix *x)
{
	x->pg = store_connect(x->o->db);
	if (!store_has_table(x->pg, "cpe_vectors_data",
	    "looking for the cpe-commit schema") ||
	    !store_has_table(x->pg, "cpe_entry_data",
	    "looking for the cpe-commit schema"))
		die(EXIT_DATA, "database has no cpe_vectors/cpe_entry table "
		    "of schema 5 (load it with cpe-commit first; a run of "
		    "cpe-commit migrates an older store)");
	store_exec(x->pg, "BEGIN", "setup");
	store_exec(x->pg, setup_sql,
	    "creating the cpe-index tables and triggers");
	store_exec(x->pg, "COMMIT", "setup");
}

/*
 * db_watermark: a change number at or below which every change has
 * committed.  Numbers are drawn only inside statements that write
 * cpe_index_row (the triggers), after they took their ROW EXCLUSIVE lock;
 * the SHARE lock waits for every such transaction to end and lets no new
 * one start until the sequence is read, so every number drawn so far
 * belongs to a finished transaction and every later one is higher.  (Not
 * max(change_seq): pruning tombstones can lower that.)
 */
static int64_t
db_watermark(struct ix *x)
{
	int64_t w;

	store_exec(x->pg, "BEGIN; LOCK TABLE cpe_index_row IN SHARE MODE",
	    "locking cpe_index_row");
	w = store_int(x->pg, "SELECT CASE WHEN is_called THEN last_value"
	    " ELSE 0 END FROM cpe_index_seq", 0, NULL, "reading the watermark");
	store_exec(x->pg, "COMMIT", "reading the watermark");
	return w;
}

/* ---- vectors ---- */

/*
 * A batch of rows: row_id and vector, read through a binary cursor.  The
 * dimension is checked and every vector L2-normalised (a zero vector
 * stays zero).
 */
struct batch {
	int64_t n;
	int64_t *ids;
	float *v;
	int64_t cap;
};

static void
batch_fill(struct ix *x, PGresult *r, struct batch *b)
{
	size_t dim = x->m.dim;
	int64_t n = PQntuples(r);
	char uu[37];

	if (n > b->cap) {
		b->ids = erealloc(b->ids, n * sizeof *b->ids);
		b->v = erealloc(b->v, n * dim * sizeof *b->v);
		b->cap = n;
	}
	for (int64_t i = 0; i < n; i++) {
		store_vector(r, i, 1, 2, x->m.vector, dim, b->v + i * dim, uu);
		b->ids[i] = store_be64(PQgetvalue(r, i, 0));
	}
	b->n = n;
}

/* The rows of one sync: live rows with lo < change_seq <= hi. */
static void
range_sql(struct ix *x, struct buf *q, int64_t lo, const char *extra)
{
	buf_printf(q, "SELECT r.row_id, r.cpe_id, %s FROM cpe_index_row r"
	    " JOIN cpe_vectors_data v USING (cpe_id) WHERE NOT r.deleted"
	    " AND r.change_seq > %lld AND r.change_seq <= %lld%s",
	    store_vector_cols(x->m.vector), (long long)lo, (long long)x->wm,
	    extra);
}

/* add_range: stream the rows of range_sql into the index. */
static void
add_range(struct ix *x, int64_t lo)
{
	struct buf q = {0};
	struct batch b = {0};
	char fetch[64];
	PGresult *r;

	buf_adds(&q, "DECLARE cpx_rows NO SCROLL BINARY CURSOR FOR ");
	range_sql(x, &q, lo, " ORDER BY r.row_id");
	store_exec(x->pg, buf_cstr(&q), "reading cpe_vectors");
	snprintf(fetch, sizeof fetch, "FETCH %ld FROM cpx_rows", x->o->batch);
	for (;;) {
		r = store_query(x->pg, fetch, 0, NULL, 1,
		    "reading cpe_vectors");
		if (PQntuples(r) == 0) {
			PQclear(r);
			break;
		}
		batch_fill(x, r, &b);
		PQclear(r);
		if (cfx_add(x->idx, b.n, b.v, b.ids))
			die(EXIT_IO, "%s: adding vectors: %s", x->path,
			    cfx_error());
		x->nadd += b.n;
		progress(0, "%s: %lld vectors added", x->path,
		    (long long)x->nadd);
	}
	progress_end();
	store_exec(x->pg, "CLOSE cpx_rows", "reading cpe_vectors");
	buf_free(&q);
	free(b.ids);
	free(b.v);
}

/* auto_nlist: about 2 sqrt(N) lists, a power of two, with at least 39
 * training points per list; 1 (flat) below 1000 rows. */
static long
auto_nlist(int64_t n)
{
	long nl = 1;

	if (n < 1000)
		return 1;
	while ((double)nl * 2 <= 2.0 * sqrt((double)n) * 1.41421356)
		nl *= 2;
	while (nl > 1 && nl * 39 > n)
		nl /= 2;
	return nl > 65536 ? 65536 : nl;
}

static long
auto_nprobe(long nlist)
{
	long np = nlist / 64;

	if (np < 8)
		np = 8;
	return np > nlist ? nlist : np;
}

/* nlist_for: --nlist or the automatic count, 1 when there are fewer
 * rows than lists. */
static long
nlist_for(struct ix *x, int64_t nlive)
{
	long nl = x->o->nlist ? x->o->nlist : auto_nlist(nlive);

	return nlive < nl ? 1 : nl;
}

/* sample: a deterministic sample of about want of the nlive live rows
 * (all of them when want >= nlive) into b. */
static void
sample(struct ix *x, int64_t nlive, int64_t want, struct batch *b)
{
	struct buf q = {0};
	char extra[96];
	int64_t thr;
	PGresult *r;

	thr = want >= nlive ? 1048576 :
	    (int64_t)ceil(1048576.0 * want / nlive);
	snprintf(extra, sizeof extra,
	    " AND (hashint8(r.row_id) & 1048575) < %lld", (long long)thr);
	range_sql(x, &q, 0, extra);
	r = store_query(x->pg, buf_cstr(&q), 0, NULL, 1,
	    "sampling cpe_vectors");
	batch_fill(x, r, b);
	PQclear(r);
	buf_free(&q);
}

/* pq_m_for: --pq-m, else the most sub-quantisers of 8 or more
 * dimensions each that divide dim (784: 98). */
static long
pq_m_for(struct ix *x)
{
	long d = (long)x->m.dim, m;

	if (x->o->pq_m) {
		if (d % x->o->pq_m)
			die(EXIT_USAGE, "--pq-m %ld does not divide the "
			    "dimension %ld", x->o->pq_m, d);
		return x->o->pq_m;
	}
	for (m = d / 8; m > 1; m--)
		if (d % m == 0)
			break;
	return m < 1 ? 1 : m;
}

/* pq_nprobe: codes are cheap to scan, so an ivfpq search probes enough
 * lists to see about PQ_SCAN codes, at least what auto_nprobe gives. */
static long
pq_nprobe(long nlist, int64_t nlive)
{
	long np = auto_nprobe(nlist);
	double per = nlive > 0 ? (double)nlive / nlist : 1;

	if (np < (long)ceil(PQ_SCAN / per))
		np = (long)ceil(PQ_SCAN / per);
	return np > nlist ? nlist : np;
}

/* new_ivfpq: an empty ivfpq index of a new generation, its lists and
 * codebooks trained on a sample of at least PQ_TRAIN rows; codes of 8
 * bits, fewer (down to 4) when the sample is too small for 256
 * centroids of 4 rows each. */
static int
new_ivfpq(struct ix *x, int64_t nlive)
{
	struct batch b = {0};
	int64_t want;
	int rc, nbits = 8;

	x->m.nlist = nlist_for(x, nlive);
	x->m.pq_m = pq_m_for(x);
	want = x->m.nlist * 40 > PQ_TRAIN ? x->m.nlist * 40 : PQ_TRAIN;
	sample(x, nlive, want, &b);
	while (nbits > 4 && (1 << nbits) * 4 > b.n)
		nbits--;
	x->m.pq_nbits = nbits;
	info(3, "%s: training %lld lists and %lld x %d-bit codebooks on %lld "
	    "rows", x->path, (long long)x->m.nlist, (long long)x->m.pq_m,
	    nbits, (long long)b.n);
	rc = cfx_new_ivfpq(&x->idx, x->path, x->old_gen + 1, (int)x->m.dim,
	    (int)x->m.nlist, (int)x->m.pq_m, nbits, b.v, b.n);
	x->m.trained_rows = nlive;
	free(b.ids);
	free(b.v);
	return rc;
}

/* new_index: an empty index of x->m's kind, trained on a sample of the
 * nlive live rows for ivf and ivfpq. */
static void
new_index(struct ix *x, int64_t nlive)
{
	int d = (int)x->m.dim, rc;

	x->m.trained_rows = 0;
	x->m.pq_m = x->m.pq_nbits = 0;
	if (!strcmp(x->m.kind, "hnsw")) {
		x->m.nlist = 0;
		rc = cfx_new_hnsw(&x->idx, d, (int)x->m.hnsw_m,
		    x->o->efc ? (int)x->o->efc : 40);
	} else if (!strcmp(x->m.kind, "ivfpq")) {
		rc = new_ivfpq(x, nlive);
	} else if (!strcmp(x->m.kind, "flat") || nlist_for(x, nlive) <= 1) {
		x->m.nlist = 1;
		rc = cfx_new_flat(&x->idx, d);
	} else {
		struct batch b = {0};

		x->m.nlist = nlist_for(x, nlive);
		/* A deterministic sample of about 40 rows per list. */
		sample(x, nlive, x->m.nlist * 40, &b);
		if (b.n < x->m.nlist)
			die(EXIT_DATA, "%s: %lld sample rows for %lld IVF lists "
			    "(use a smaller --nlist)", x->path, (long long)b.n,
			    (long long)x->m.nlist);
		if (b.n < 39 * x->m.nlist)
			warn("%s: %lld sample rows for %lld lists: fewer than "
			    "the 39 per list k-means wants", x->path,
			    (long long)b.n, (long long)x->m.nlist);
		info(3, "%s: training %lld lists on %lld rows", x->path,
		    (long long)x->m.nlist, (long long)b.n);
		rc = cfx_new_ivf(&x->idx, d, (int)x->m.nlist, b.v, b.n);
		x->m.trained_rows = nlive;
		free(b.ids);
		free(b.v);
	}
	if (rc)
		die(EXIT_IO, "%s: creating the index: %s", x->path, cfx_error());
	if (!strcmp(x->m.kind, "ivfpq"))
		x->m.nprobe = x->o->nprobe ? x->o->nprobe :
		    pq_nprobe(x->m.nlist, nlive);
	else if (strcmp(x->m.kind, "hnsw"))
		x->m.nprobe = x->o->nprobe ? x->o->nprobe :
		    auto_nprobe(x->m.nlist);
}

static int64_t
count_live(struct ix *x)
{
	char q[160];

	snprintf(q, sizeof q, "SELECT count(*) FROM cpe_index_row"
	    " WHERE NOT deleted AND change_seq <= %lld", (long long)x->wm);
	return store_int(x->pg, q, 0, NULL, "counting rows");
}

/* data_dim: the dimension of the stored vectors (0 if there are none);
 * every vector is checked again when it is read. */
static int64_t
data_dim(struct ix *x)
{
	int64_t n;

	n = store_int(x->pg, "SELECT coalesce(length(concept_vec) / 4,"
	    " length(concept_vec16) / 2) FROM cpe_vectors_data LIMIT 1", 0,
	    NULL, "reading cpe_vectors");
	return n ? n + (int64_t)store_meta_offset(&x->m) : 0;
}

static void check_dims(struct ix *x);

static void
full_build(struct ix *x, const char *why)
{
	int64_t nlive = count_live(x), dd;

	x->full = 1;
	x->why = why;
	if (!x->have_old || !x->m.dim) {
		dd = data_dim(x);
		x->m.dim = dd ? dd : (int64_t)(x->concept_dim +
		    store_meta_offset(&x->m));
	}
	check_dims(x);
	cfx_free(x->idx);
	x->idx = NULL;
	x->nadd = x->nremove = 0;
	new_index(x, nlive);
	add_range(x, 0);
}

/* ---- the sync ---- */

/* changed_ids: every row_id whose change number lies in (lo, wm]. */
static int64_t *
changed_ids(struct ix *x, int64_t lo, int64_t *n)
{
	char q[200];

	snprintf(q, sizeof q, "SELECT row_id FROM cpe_index_row"
	    " WHERE change_seq > %lld AND change_seq <= %lld",
	    (long long)lo, (long long)x->wm);
	return store_ids(x->pg, q, 0, NULL, "reading changed rows", n);
}

static int
needs_retrain(struct ix *x, int64_t nlive)
{
	long want;
	int pq = !strcmp(x->m.kind, "ivfpq");

	if (strcmp(x->m.kind, "ivf") && !pq)
		return 0;
	if (pq && x->o->pq_m && x->o->pq_m != x->m.pq_m)
		return 1;
	/* Codebooks trained on a quarter of the rows or fewer (or on four
	 * times as many) are trained again, whatever the list count. */
	if (pq && (nlive > 4 * x->m.trained_rows ||
	    4 * nlive < x->m.trained_rows))
		return 1;
	want = x->o->nlist ? x->o->nlist : auto_nlist(nlive);
	if (x->o->nlist)
		return want != x->m.nlist;
	if (want == x->m.nlist)
		return 0;
	if (x->m.nlist <= 1)
		return nlive >= 1000;
	return nlive > 4 * x->m.trained_rows || 4 * nlive < x->m.trained_rows;
}

static void
sync_index(struct ix *x)
{
	int64_t nlive, n, *ids;
	int rc;

	/* One snapshot for the whole read: everything at or below wm has
	 * committed, so it is all visible and stays consistent. */
	store_exec(x->pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	    "starting the read");
	if (x->have_old)
		check_dims(x);
	if (!x->have_old) {
		full_build(x, x->o->rebuild ? "--rebuild" : "new index");
		goto done;
	}
	nlive = count_live(x);
	if (needs_retrain(x, nlive)) {
		full_build(x, "IVF retrained for the new row count");
		goto done;
	}
	/* Slots of removed rows stay in the vector file until a build. */
	if (cfx_nslots(x->idx) > 2 * nlive + 4096) {
		full_build(x, "vector file compacted");
		goto done;
	}
	ids = changed_ids(x, x->old_wm, &n);
	x->nchanged = n;
	rc = cfx_remove(x->idx, n, ids, &x->nremove);
	free(ids);
	if (rc == CFX_ENOTSUP) {
		full_build(x, "HNSW cannot remove rows");
		goto done;
	}
	if (rc)
		die(EXIT_IO, "%s: removing vectors: %s", x->path, cfx_error());
	add_range(x, x->old_wm);
done:
	store_exec(x->pg, "COMMIT", "finishing the read");
	x->m.ntotal = cfx_ntotal(x->idx);
	x->m.watermark = x->wm;
}

/* ---- files ---- */

static void
write_file(const char *tmp, const char *final, struct ix *x,
    const struct buf *text)
{
	FILE *fp = fopen(tmp, "w");
	int bad;

	if (!fp)
		die(EXIT_IO, "%s:", tmp);
	if (text)
		bad = fwrite(text->p, 1, text->len, fp) != text->len;
	else if ((bad = cfx_write(x->idx, fp)) != 0)
		error("%s: %s", tmp, cfx_error());
	if (fflush(fp) == EOF || ferror(fp) || fsync(fileno(fp)) == -1)
		bad = 1;
	if (fclose(fp) == EOF || bad) {
		int e = errno;

		unlink(tmp);
		errno = e;
		die(EXIT_IO, "%s: write failed:", tmp);
	}
	if (rename(tmp, final) == -1)
		die(EXIT_IO, "rename %s to %s:", tmp, final);
}

static void
sync_dir(const char *path)
{
	char *d = estrdup(path), *s = strrchr(d, '/');
	int fd;

	if (s)
		s[s == d ? 1 : 0] = '\0';
	fd = open(s ? d : ".", O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(d);
}

/* write_index: INDEX first, then INDEX.meta (a too-low watermark after a
 * crash only replays changes), then the database row. */
static void
write_index(struct ix *x)
{
	struct buf mj = {0};
	char nl[24], nt[24], wm[24], dim[24];
	const char *p[11];
	PGresult *r;

	if (x->full || x->nadd || x->nremove)
		write_file(x->tmp_path, x->path, x, NULL);
	store_meta_json(&x->m, &mj);
	write_file(x->meta_tmp, x->meta_path, x, &mj);
	sync_dir(x->path);
	buf_free(&mj);
	snprintf(nl, sizeof nl, "%lld", (long long)x->m.nlist);
	snprintf(nt, sizeof nt, "%lld", (long long)x->m.ntotal);
	snprintf(wm, sizeof wm, "%lld", (long long)x->m.watermark);
	snprintf(dim, sizeof dim, "%lld", (long long)x->m.dim);
	p[0] = x->m.name; p[1] = x->m.token; p[2] = x->abs_path;
	p[3] = x->m.kind; p[4] = x->m.vector; p[5] = dim;
	p[6] = x->m.embedder; p[7] = x->m.embed_model; p[8] = nl;
	p[9] = nt; p[10] = wm;
	r = store_query(x->pg, "INSERT INTO cpe_index_state (name, token,"
	    " path, kind, vector, dim, embedder, embed_model, nlist, ntotal,"
	    " watermark)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
	    " ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token,"
	    " path = EXCLUDED.path, kind = EXCLUDED.kind,"
	    " vector = EXCLUDED.vector, dim = EXCLUDED.dim,"
	    " embedder = EXCLUDED.embedder,"
	    " embed_model = EXCLUDED.embed_model, nlist = EXCLUDED.nlist,"
	    " ntotal = EXCLUDED.ntotal, watermark = EXCLUDED.watermark,"
	    " updated_at = now()", 11, p, 0, "recording the index state");
	PQclear(r);
	/* Tombstones every index has seen can go. */
	store_exec(x->pg, "DELETE FROM cpe_index_row WHERE deleted"
	    " AND change_seq <= (SELECT min(watermark) FROM cpe_index_state)",
	    "pruning tombstones");
	/* The vectors of the index that this build replaced. */
	if (x->old_gen && x->old_gen != cfx_gen(x->idx))
		cfx_drop_gen(x->path, x->old_gen);
}

/* ---- checks ---- */

/*
 * load_old: read INDEX.meta and INDEX unless --rebuild, check them
 * against the options and the database, and claim the name in
 * cpe_index_state.
 */
static void
load_old(struct ix *x)
{
	struct store_opts *o = x->o;
	const char *why = "", *p[2];
	struct cpe_meta *m = &x->m;
	int rc;
	PGresult *r;

	/* --rebuild reads the old metadata for its defaults, if it can. */
	rc = o->rebuild ? store_meta_read(x->meta_path, m, &why) :
	    store_meta_load(x->meta_path, m);
	if (o->rebuild && rc == 0) {
		/* The old index's settings are the defaults of the new. */
		static struct cpe_meta old;

		old = *m;
		memset(m, 0, sizeof *m);
		rc = -1;
		o->kind = o->kind ? o->kind : old.kind;
		o->vector = o->vector ? o->vector : old.vector;
		o->embedder = o->embedder ? o->embedder : old.embedder;
		o->name = o->name ? o->name : old.name;
		o->hnsw_m = o->hnsw_m ? o->hnsw_m : old.hnsw_m;
		o->efs = o->efs ? o->efs : old.ef_search;
		if (!strcmp(o->kind, "ivfpq") && !strcmp(old.kind, "ivfpq")) {
			o->pq_m = o->pq_m ? o->pq_m : old.pq_m;
			o->rerank = o->rerank ? o->rerank : old.rerank;
		}
	} else if (o->rebuild) {
		rc = -1;
	}
	if (rc == 0 && access(x->path, F_OK) == -1)
		die(EXIT_DATA, "%s: metadata present but the index is missing "
		    "(use --rebuild)", x->path);
	x->have_old = rc == 0;
	if (x->have_old) {
		if (o->kind && strcmp(o->kind, m->kind))
			die(EXIT_USAGE, "%s is a %s index, not %s (use --rebuild "
			    "to change it)", x->path, m->kind, o->kind);
		if (o->vector && strcmp(o->vector, m->vector))
			die(EXIT_USAGE, "%s indexes %s, not %s (use --rebuild "
			    "to change it)", x->path, m->vector, o->vector);
		if (o->embedder && strcmp(o->embedder, m->embedder))
			die(EXIT_USAGE, "%s was built for embedder %s, not %s "
			    "(use --rebuild to change it)", x->path, m->embedder,
			    o->embedder);
		if (o->name && strcmp(o->name, m->name))
			die(EXIT_USAGE, "%s is named %s in the database, not %s",
			    x->path, m->name, o->name);
		x->idx = store_index_read(x->path);
		if (cfx_dim(x->idx) != m->dim ||
		    (cfx_kind(x->idx) == CFX_HNSW) != !strcmp(m->kind, "hnsw") ||
		    (cfx_kind(x->idx) == CFX_IVFPQ) !=
		    !strcmp(m->kind, "ivfpq") ||
		    (cfx_kind(x->idx) != CFX_HNSW && cfx_nlist(x->idx) != m->nlist))
			die(EXIT_DATA, "%s does not match %s (%d-D, %lld "
			    "vectors): use --rebuild", x->path, x->meta_path,
			    cfx_dim(x->idx), (long long)cfx_ntotal(x->idx));
		x->old_wm = m->watermark;
	} else {
		memset(m, 0, sizeof *m);
		snprintf(m->kind, sizeof m->kind, "%s", o->kind ? o->kind : "ivf");
		snprintf(m->vector, sizeof m->vector, "%s",
		    o->vector ? o->vector : "fused_vec");
		snprintf(m->embedder, sizeof m->embedder, "%s",
		    o->embedder ? o->embedder : EMBED_DEFAULT_SPEC);
		if (o->name) {
			snprintf(m->name, sizeof m->name, "%s", o->name);
		} else {
			const char *b = strrchr(x->path, '/');

			snprintf(m->name, sizeof m->name, "%s", b ? b + 1 :
			    x->path);
		}
	}
	if (o->nprobe)
		m->nprobe = o->nprobe;
	m->hnsw_m = o->hnsw_m ? o->hnsw_m : m->hnsw_m ? m->hnsw_m : 32;
	m->ef_search = o->efs ? o->efs : m->ef_search ? m->ef_search : 64;
	if (!strcmp(m->kind, "ivfpq"))
		m->rerank = o->rerank ? o->rerank : m->rerank ? m->rerank :
		    PQ_RERANK;
	else if (o->pq_m || o->rerank)
		die(EXIT_USAGE, "%s: --pq-m and --rerank are for --kind ivfpq, "
		    "not %s", x->path, m->kind);

	/* The database's record of this name. */
	p[0] = m->name;
	r = store_query(x->pg, "SELECT token, path FROM cpe_index_state"
	    " WHERE name = $1", 1, p, 0, "reading cpe_index_state");
	if (PQntuples(r) == 0) {
		if (x->have_old)
			die(EXIT_DATA, "%s: the database has no index named %s "
			    "(built against another database?  use --rebuild)",
			    x->path, m->name);
		PQclear(r);
		r = store_query(x->pg, "SELECT gen_random_uuid()", 0, NULL, 0,
		    "making a token");
		snprintf(m->token, sizeof m->token, "%s", PQgetvalue(r, 0, 0));
	} else {
		if (strcmp(PQgetvalue(r, 0, 1), x->abs_path))
			die(EXIT_USAGE, "index name %s is already used by %s in "
			    "this database (use --name)", m->name,
			    PQgetvalue(r, 0, 1));
		if (x->have_old && strcmp(PQgetvalue(r, 0, 0), m->token))
			die(EXIT_DATA, "%s belongs to another build of %s "
			    "(token %s, database has %s): use --rebuild",
			    x->path, m->name, m->token, PQgetvalue(r, 0, 0));
		snprintf(m->token, sizeof m->token, "%s", PQgetvalue(r, 0, 0));
	}
	PQclear(r);
}

/* open_embedder: the embedder's dimension must fit the vectors. */
static void
open_embedder(struct ix *x)
{
	struct embedder *e;
	char err[256];
	char pin[sizeof x->m.embedder];
	int st;

	st = embed_open(x->m.embedder, &e, err, sizeof err);
	if (st)
		die(st, "--embedder %s: %s", x->m.embedder, err);
	/* An index built with an earlier feature version of the same
	 * embedder ("hash" then gave "hash-v1-...") keeps that version:
	 * the meta records it from now on ("hash:v=1"). */
	if (x->have_old && x->m.embed_model[0] &&
	    strcmp(embed_model(e), x->m.embed_model) &&
	    embed_spec_pin(x->m.embedder, x->m.embed_model, pin, sizeof pin)) {
		embed_close(e);
		snprintf(x->m.embedder, sizeof x->m.embedder, "%s", pin);
		st = embed_open(x->m.embedder, &e, err, sizeof err);
		if (st)
			die(st, "--embedder %s: %s", x->m.embedder, err);
	}
	if (x->have_old && x->m.embed_model[0] &&
	    strcmp(embed_model(e), x->m.embed_model))
		die(EXIT_USAGE, "%s was built with model %s, but embedder %s "
		    "gives %s: re-embed the store and use --rebuild", x->path,
		    x->m.embed_model, x->m.embedder, embed_model(e));
	x->concept_dim = embed_dim(e);
	snprintf(x->m.embed_model, sizeof x->m.embed_model, "%s",
	    embed_model(e));
	embed_close(e);
}

static void
check_dims(struct ix *x)
{
	size_t want = x->concept_dim + store_meta_offset(&x->m);

	if ((size_t)x->m.dim != want)
		die(EXIT_USAGE, "%s: %s is %lld-D but embedder %s gives %zu-D "
		    "vectors (%s needs %zu-D): pass the --embedder the rows "
		    "were embedded with", x->path, x->m.vector,
		    (long long)x->m.dim, x->m.embedder, x->concept_dim,
		    x->m.vector, want);
}

/* claim: record the name, token and path before the file appears, so a
 * crash right after the rename still finds its database row. */
static void
claim(struct ix *x)
{
	const char *p[6];
	PGresult *r;

	p[0] = x->m.name; p[1] = x->m.token; p[2] = x->abs_path;
	p[3] = x->m.kind; p[4] = x->m.vector; p[5] = x->m.embedder;
	r = store_query(x->pg, "INSERT INTO cpe_index_state (name, token,"
	    " path, kind, vector, dim, embedder, embed_model, nlist, ntotal,"
	    " watermark)"
	    " VALUES ($1, $2, $3, $4, $5, 0, $6, '', 0, 0, 0)"
	    " ON CONFLICT (name) DO NOTHING", 6, p, 0,
	    "recording the index state");
	PQclear(r);
}

static void
lock_index(struct ix *x)
{
	int fd = open(x->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd == -1)
		die(EXIT_IO, "%s:", x->lock_path);
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			die(EXIT_REMOTE, "%s: another cpe-index is updating "
			    "this index", x->path);
		die(EXIT_IO, "%s: flock:", x->lock_path);
	}
	/* The descriptor stays open (and locked) until exit. */
}

static void
paths(struct ix *x, const char *path)
{
	struct buf b = {0};
	char *dir, *s, *real;

	x->path = path;
	x->meta_path = store_meta_path(path);
	buf_printf(&b, "%s.tmp", path);
	x->tmp_path = estrdup(buf_cstr(&b));
	b.len = 0;
	buf_printf(&b, "%s.tmp", x->meta_path);
	x->meta_tmp = estrdup(buf_cstr(&b));
	b.len = 0;
	buf_printf(&b, "%s.lock", path);
	x->lock_path = estrdup(buf_cstr(&b));
	b.len = 0;
	dir = estrdup(path);
	s = strrchr(dir, '/');
	if (s)
		s[s == dir ? 1 : 0] = '\0';
	if (!(real = realpath(s ? dir : ".", NULL)))
		die(EXIT_IO, "%s:", s ? dir : ".");
	buf_printf(&b, "%s/%s", real, s ? strrchr(path, '/') + 1 : path);
	x->abs_path = estrdup(buf_cstr(&b));
	free(real);
	free(dir);
	buf_free(&b);
}

static void
parse_args(int argc, char **argv, struct store_opts *o)
{
	store_parse(argc, argv, STORE_INDEX, o, usage);
	if (optind != argc - 1) {
		error(optind == argc ? "no INDEX given" : "one INDEX only");
		usage(stderr, EXIT_USAGE);
	}
	if (o->embedder && strlen(o->embedder) >= 256)
		die(EXIT_USAGE, "--embedder: longer than 255 bytes");
}

int
main(int argc, char **argv)
{
	struct store_opts o = {0};
	struct ix x = {0};
	struct stats st;
	double t0;

	log_init(argv[0]);
	parse_args(argc, argv, &o);
	stats_begin(&st);
	t0 = now_sec();
	x.o = &o;
	cfx_set_threads((int)o.threads);
	paths(&x, argv[optind]);
	lock_index(&x);
	x.old_gen = cfx_peek_gen(x.path);
	db_connect(&x);
	load_old(&x);
	open_embedder(&x);
	if (!x.have_old)
		claim(&x);
	x.wm = db_watermark(&x);
	if (x.have_old && x.wm < x.old_wm)
		die(EXIT_DATA, "%s: watermark %lld is ahead of the database "
		    "(%lld): a restored or different database? use --rebuild",
		    x.path, (long long)x.old_wm, (long long)x.wm);
	sync_index(&x);
	write_index(&x);
	PQfinish(x.pg);
	info(2, "%s: %s %s, %lld vectors (%s), %lld added, %lld removed, "
	    "watermark %lld, %.2f s", x.path, x.m.kind, x.m.vector,
	    (long long)x.m.ntotal, x.full ? x.why : "incremental",
	    (long long)x.nadd, (long long)x.nremove, (long long)x.m.watermark,
	    now_sec() - t0);
	stats_str(&st, "kind", x.m.kind);
	stats_str(&st, "mode", x.full ? "full" : "incremental");
	stats_int(&st, "dim", x.m.dim);
	stats_int(&st, "nlist", x.m.nlist);
	stats_int(&st, "ntotal", x.m.ntotal);
	stats_int(&st, "added", x.nadd);
	stats_int(&st, "removed", x.nremove);
	stats_int(&st, "changed", x.nchanged);
	stats_int(&st, "watermark", x.m.watermark);
	stats_int(&st, "ram_bytes", cfx_ram_bytes(x.idx));
	stats_int(&st, "disk_bytes", cfx_disk_bytes(x.idx));
	stats_int(&st, "slots", cfx_nslots(x.idx));
	if (stats_write(&st, o.co.stats))
		return EXIT_IO;
	cfx_free(x.idx);
	free(x.meta_path);
	free(x.tmp_path);
	free(x.meta_tmp);
	free(x.lock_path);
	free(x.abs_path);
	return EXIT_OK;
}
