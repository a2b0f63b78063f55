/* SPDX-License-Identifier: ISC */
/*
 * cpe-commit: load CPE rows (cpe-prep's output) into PostgreSQL, N:0.
 *
 * Reads:  cpe_id, source, page_id, chunk_index, chunk_count, text,
 *         concept_text, probe_question, expected_answer, soft_negatives,
 *         hard_negatives, domain_code, task_code, modifier_code,
 *         content_type, chunk_position, quality_metrics, confidence_score,
 *         tmd_dense, concept_vec; optional doc_id, title, article_index,
 *         episode_id, section, parent_cpe_id, child_cpe_id, question_vec,
 *         and fused_vec, fused_norm (checked, not stored).
 * Writes: the tables cpe_entry_data, cpe_vectors_data (behind the views
 *         cpe_entry and cpe_vectors), cpe_ledger and cpe_run.
 *
 * Whole articles only: the rows of an article are buffered until all
 * chunk_count chunks have arrived in order; a batch of articles is one
 * transaction (binary COPY into temporary staging tables, then upserts),
 * replayed after a reconnect when the failure was transient.
 */
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <xxhash.h>

#include "common/cpe.h"
#include "common/tmd.h"
#include "common/id.h"
#include "common/json.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/pg.h"
#include "common/record.h"
#include "common/stats.h"
#include "common/vec.h"

/* cpe-commit-schema.c */
extern const int cc_schema_version;
extern const char *const cc_run_abandon, *const cc_run_insert,
    *const cc_run_lock;
extern const char *const cc_schema_table;
struct cc_migration {
	int to;			/* the version it brings the database to */
	const char *sql;
};
extern const struct cc_migration cc_migrations[];
extern const char *const cc_stage_sql, *const cc_copy_article,
    *const cc_stale_sql, *const cc_copy_entry, *const cc_copy_stage,
    *const cc_upsert_sql, *const cc_copy_vec, *const cc_ledger_fmt;
/* cpe-commit-json.c */
int cc_mp_json(struct buf *out, const msgpack_object *o,
    const char **why);

enum {
	OPT_BATCH_ARTICLES = OPT_FIRST_PRIVATE,
	OPT_BATCH_BYTES,
	OPT_DB,
	OPT_DB_FILE,
	OPT_DELETE,
	OPT_LIST_COMMITTED,
	OPT_PROGRESS,
	OPT_RETRIES,
	OPT_REVISIONS,
	OPT_SINGLE_TX,
	OPT_SOURCE,
	OPT_VECTORS
};

struct opts {
	struct common_opts co;	/* the shared options (-o is refused) */
	const char *db;		/* --db conninfo or URI, NULL for PG* */
	const char *source;	/* --source: --list-committed filter */
	const char *progress;	/* --progress FILE: committed so far */
	size_t batch_articles;	/* --batch-articles */
	size_t batch_bytes;	/* --batch-bytes: flush earlier when bigger */
	int retries;		/* --retries: per batch, after a failure */
	int single_tx;		/* --single-transaction */
	int list;		/* --list-committed */
	int revisions;		/* --revisions: with --list-committed */
	const char *del;	/* --delete FILE */
	int f16;		/* --vectors float16: concept_vec as binary16 */
};

/* The article being read, and the batch being built. */
struct article {
	int active;		/* records of it seen */
	int bad;		/* broken: skip its remaining records */
	char *doc_id, *source, *title;
	int64_t page_id, article_index, chunk_count, next;
	int64_t rev_id, src_hash;	/* the revision it was made from */
	int have_index, have_rev, have_hash;
	size_t mark_entry, mark_vec;	/* batch buffer sizes at its start */
	XXH3_state_t *hash;
};

struct batch {
	struct buf entry, vec, art;	/* binary COPY data */
	size_t articles, rows;
	char **keys;			/* "source\0page_id" of each article */
	size_t nkeys, capkeys;
	char *first, *last;		/* doc ids, for messages */
};

/*
 * The database work runs in a thread of its own, one batch at a time, so
 * that reading and encoding the next batches overlaps with the server's
 * work on this one (a plain COPY gets that overlap for free).  Whole
 * batches wait for it in a queue of CC_QUEUE, in order: a queue rather
 * than one batch in hand, so that the stages before cpe-commit keep
 * working while the server is on a batch, and the server while they
 * fill one (measured: both cores busy 88% of a pipeline's run instead of
 * 81%).  The main thread owns b and the free slots of q; the database
 * thread owns q[qhead] while qlen > 0.
 */
#define CC_QUEUE 3
struct commit {
	const struct opts *o;
	struct pg_session sess;
	struct article cur;
	struct batch b;			/* being filled */
	struct batch q[CC_QUEUE];	/* handed over, in order */
	int qhead, qlen;		/* the oldest (being committed), count */
	struct batch *sending;		/* q[qhead] while it is committed */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int th_started, quit;
	int failed;			/* the database thread gave up */
	struct pg_err th_err;		/* ... why */
	char th_what[600];		/* ... and on which batch */
	struct buf json, tmp;
	long long run_id;
	int in_tx;			/* --single-transaction: BEGIN sent */
	uint64_t records, articles, rows, incomplete, batches;
	uint64_t upserts;		/* batches that took the upsert path */
	int progress_fd;		/* --progress FILE, -1 if none */
	struct buf tmp16;		/* --vectors float16: one vector */
	float *fin;			/* check_fused: 2 * fcap floats */
	size_t fcap;
};

static struct commit *g_commit;	/* for the die() hook */

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: cpe-commit [-hqVvz] [--batch-articles N] [--batch-bytes "
	    "SIZE] [--db CONNINFO]\n"
	    "                  [--max-record SIZE] [--retries N] "
	    "[--single-transaction]\n"
	    "                  [--stats FILE] [--vectors float32|float16] "
	    "[FILE]\n"
	    "       cpe-commit --list-committed [--revisions] [--db CONNINFO] "
	    "[--source NAME]\n"
	    "       cpe-commit --delete FILE [--batch-articles N] [--db "
	    "CONNINFO]\n"
	    "  Load CPE rows into PostgreSQL, whole articles per "
	    "transaction.\n"
	    "      --batch-articles N  articles per transaction (100)\n"
	    "      --batch-bytes SIZE  commit earlier once a batch holds SIZE "
	    "(16M)\n"
	    "      --db CONNINFO    libpq conninfo or URI (default: PG* "
	    "variables)\n"
	    "      --db-file FILE   read the conninfo from FILE's first line "
	    "(not argv)\n"
	    "      --delete FILE    delete the articles whose doc ids FILE "
	    "lists, and exit\n"
	    "      --list-committed print the doc ids of the ledger and exit\n"
	    "      --progress FILE  keep \"ARTICLES ROWS\" committed so far in "
	    "FILE\n"
	    "      --retries N      retries of a batch after a transient "
	    "failure (8)\n"
	    "      --revisions      with --list-committed: each id's rev_id "
	    "and src_hash\n"
	    "      --single-transaction  load the whole input in one "
	    "transaction\n"
	    "      --source NAME    with --list-committed: only this source\n"
	    "      --vectors TYPE   store concept_vec as float32 (default) or "
	    "float16\n"
	    "  -h, --help           print this help and exit\n"
	    "      --max-record SIZE  refuse input records larger than SIZE "
	    "(64M)\n"
	    "  -q, --quiet          print errors only\n"
	    "      --stats FILE     write run figures as JSON to FILE\n"
	    "  -V, --version        print the version and exit\n"
	    "  -v, --verbose        say more (repeatable)\n"
	    "  -z, --nul            read COBS+NUL framed records\n");
	exit(status);
}

/* ---- the database side ---- */

/* A new session (the first, or after a reconnect): staging tables, and
 * the lock that says the run is alive once it exists (cc_run_lock). */
static enum pg_class
session_setup(PGconn *c, void *arg, struct pg_err *err)
{
	struct commit *cm = arg;

	if (pg_exec(c, "SET temp_buffers = '256MB'", err) != PG_OK)
		return err->cls;
	if (cm && cm->run_id > 0) {
		char id[24];
		const char *p[1] = { id };
		PGresult *r;

		snprintf(id, sizeof id, "%lld", cm->run_id);
		if ((r = pg_exec_params(c, cc_run_lock, 1, p, err)) == NULL)
			return err->cls;
		PQclear(r);
	}
	return pg_exec(c, cc_stage_sql, err);
}

static enum pg_class
schema_version(PGconn *c, int *v, struct pg_err *err)
{
	PGresult *r;

	r = pg_exec_params(c, "SELECT to_regclass('cpe_schema') IS NULL", 0,
	    NULL, err);
	if (!r)
		return err->cls;
	if (PQgetvalue(r, 0, 0)[0] == 't') {
		PQclear(r);
		*v = -1;
		return PG_OK;
	}
	PQclear(r);
	r = pg_exec_params(c, "SELECT coalesce(max(version), 0) FROM"
	    " cpe_schema", 0, NULL, err);
	if (!r)
		return err->cls;
	*v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return PG_OK;
}

/* Create or migrate the schema, once, under an advisory lock so that
 * concurrent loaders do not race.  Nothing is written when current. */
static enum pg_class
migrate(PGconn *c, void *arg, struct pg_err *err)
{
	struct buf sql = { 0 };
	int v, i;

	(void)arg;
	if (schema_version(c, &v, err) != PG_OK)
		return err->cls;
	if (v == cc_schema_version)
		return PG_OK;
	if (pg_exec(c, "BEGIN; SELECT pg_advisory_xact_lock(7400451)", err) !=
	    PG_OK || pg_exec(c, cc_schema_table, err) != PG_OK ||
	    schema_version(c, &v, err) != PG_OK)
		goto fail;
	if (v > cc_schema_version) {
		err->cls = PG_PERMANENT;
		snprintf(err->msg, sizeof err->msg, "the database has schema "
		    "version %d, newer than this program's %d", v,
		    cc_schema_version);
		goto fail;
	}
	for (i = 0; cc_migrations[i].sql; i++) {
		if (cc_migrations[i].to <= v)
			continue;
		if (pg_exec(c, cc_migrations[i].sql, err) != PG_OK)
			goto fail;
		if (!cc_migrations[i + 1].sql ||
		    cc_migrations[i + 1].to != cc_migrations[i].to)
			info(3, "schema migrated to version %d",
			    cc_migrations[i].to);
	}
	buf_printf(&sql, "INSERT INTO cpe_schema (version) VALUES (%d)"
	    " ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version,"
	    " updated_at = now(); COMMIT", cc_schema_version);
	if (pg_exec(c, buf_cstr(&sql), err) != PG_OK)
		goto fail;
	buf_free(&sql);
	return PG_OK;
fail:
	buf_free(&sql);
	if (PQstatus(c) == CONNECTION_OK)
		PQclear(PQexec(c, "ROLLBACK"));
	return err->cls;
}

struct run_arg {
	struct commit *cm;
	const char *cmdline;
};

static enum pg_class
start_run(PGconn *c, void *arg, struct pg_err *err)
{
	struct run_arg *ra = arg;
	char ver[16];
	const char *p[4];
	PGresult *r;

	snprintf(ver, sizeof ver, "%d", cc_schema_version);
	p[0] = log_progname();
	p[1] = WIKIPIPE_VERSION;
	p[2] = ver;
	p[3] = ra->cmdline;
	if ((r = pg_exec_params(c, cc_run_abandon, 0, NULL, err)) == NULL)
		return err->cls;
	if (atoll(PQcmdTuples(r)) > 0)
		info(3, "%s earlier run%s marked abandoned (their process is "
		    "gone)", PQcmdTuples(r), atoll(PQcmdTuples(r)) == 1 ?
		    "" : "s");
	PQclear(r);
	r = pg_exec_params(c, cc_run_insert, 4, p, err);
	if (!r)
		return err->cls;
	ra->cm->run_id = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return PG_OK;
}

/* One batch, one transaction (see cpe-commit-schema.c for the two
 * paths).  Replayable from the start. */
static enum pg_class
send_batch(PGconn *c, void *arg, struct pg_err *err)
{
	struct commit *cm = arg;
	struct batch *b = cm->sending;

	if (!cm->in_tx && pg_exec(c, "BEGIN", err) != PG_OK)
		goto fail;
	if (cm->o->single_tx)
		cm->in_tx = 1;
	if (pg_copy_in(c, cc_copy_article, b->art.p, b->art.len, err) ||
	    pg_exec(c, cc_stale_sql, err))
		goto fail;
	if (pg_copy_in(c, cc_copy_entry, b->entry.p, b->entry.len, err)) {
		if (err->cls != PG_DATA || strcmp(err->sqlstate, "23505") != 0)
			goto fail;
		cm->upserts++;
		if (pg_exec(c, "ROLLBACK TO SAVEPOINT cpe_new", err) ||
		    pg_copy_in(c, cc_copy_stage, b->entry.p, b->entry.len,
		    err) || pg_exec(c, cc_upsert_sql, err))
			goto fail;
	}
	cm->tmp.len = 0;
	buf_printf(&cm->tmp, cc_ledger_fmt, cm->run_id, b->articles, b->rows,
	    cm->run_id);
	if (pg_copy_in(c, cc_copy_vec, b->vec.p, b->vec.len, err) ||
	    pg_exec(c, buf_cstr(&cm->tmp), err) ||
	    pg_exec(c, cm->o->single_tx ?
	    "TRUNCATE cpe_stage_entry, cpe_stage_article" : "COMMIT", err))
		goto fail;
	return PG_OK;
fail:
	if (PQstatus(c) == CONNECTION_OK)
		PQclear(PQexec(c, "ROLLBACK"));
	cm->in_tx = 0;
	return err->cls;
}

static enum pg_class
commit_tx(PGconn *c, void *arg, struct pg_err *err)
{
	(void)arg;
	return pg_exec(c, "COMMIT", err);
}

/* The exit status of a failed database step: 1 when the rows are at
 * fault, 4 (remote, retry later) otherwise. */
static int
fail_status(const struct pg_err *err)
{
	return err->cls == PG_DATA ? EXIT_DATA : EXIT_REMOTE;
}

static void NORETURN
die_pg(const struct pg_err *err, const char *what)
{
	die(fail_status(err), "%s: %s%s%s%s", what, err->msg,
	    err->sqlstate[0] ? " (SQLSTATE " : "", err->sqlstate,
	    err->sqlstate[0] ? ")" : "");
}

/* ---- batches ---- */

static void
batch_reset(struct batch *b)
{
	size_t i;

	b->entry.len = b->vec.len = b->art.len = 0;
	pgc_begin(&b->entry);
	pgc_begin(&b->vec);
	pgc_begin(&b->art);
	b->articles = b->rows = 0;
	for (i = 0; i < b->nkeys; i++)
		free(b->keys[i]);
	b->nkeys = 0;
	free(b->first);
	free(b->last);
	b->first = b->last = NULL;
}

static void
batch_free(struct batch *b)
{
	batch_reset(b);
	buf_free(&b->entry);
	buf_free(&b->vec);
	buf_free(&b->art);
	free(b->keys);
	b->keys = NULL;
	b->capkeys = 0;
}

/*
 * progress_note: --progress FILE holds one line, "ARTICLES ROWS" committed
 * so far, rewritten in place after each batch (fixed width, so a reader
 * never sees a shorter line's leftovers).  Best effort: a failed write
 * loses a progress line, never the load.
 */
static void
progress_note(const struct commit *cm)
{
	char line[48];
	int n;

	if (cm->progress_fd < 0)
		return;
	n = snprintf(line, sizeof line, "%20llu %20llu\n",
	    (unsigned long long)cm->articles, (unsigned long long)cm->rows);
	(void)pwrite(cm->progress_fd, line, (size_t)n, 0);
}

/* The database thread: commit each batch handed over, in order. */
static void *
db_thread(void *arg)
{
	struct commit *cm = arg;
	struct batch *b;
	struct pg_err err;
	int ok;

	pthread_mutex_lock(&cm->mu);
	for (;;) {
		while (cm->qlen == 0 && !cm->quit)
			pthread_cond_wait(&cm->cv, &cm->mu);
		if (cm->qlen == 0)
			break;
		b = cm->sending = &cm->q[cm->qhead];
		pthread_mutex_unlock(&cm->mu);
		/* Inside one long transaction only the first batch can be
		 * replayed. */
		if (cm->o->single_tx && cm->batches > 0)
			cm->sess.max_retries = 0;
		ok = pg_run(&cm->sess, send_batch, cm, &err) == PG_OK;
		if (ok)
			info(3, "committed %zu articles, %zu rows (\"%s\" to "
			    "\"%s\")", b->articles, b->rows, b->first, b->last);
		pthread_mutex_lock(&cm->mu);
		if (ok) {
			cm->batches++;
			cm->articles += b->articles;
			cm->rows += b->rows;
			progress_note(cm);
		} else {
			cm->failed = 1;
			cm->th_err = err;
			snprintf(cm->th_what, sizeof cm->th_what, "batch of %zu "
			    "article%s (\"%s\" to \"%s\") not committed%s",
			    b->articles, b->articles == 1 ? "" : "s", b->first,
			    b->last, cm->o->single_tx ? "; nothing of this run "
			    "was committed" : "");
		}
		cm->qhead = (cm->qhead + 1) % CC_QUEUE;
		cm->qlen--;
		pthread_cond_broadcast(&cm->cv);
		if (!ok)
			break;
	}
	pthread_mutex_unlock(&cm->mu);
	return NULL;
}

/* Wait until the queue holds fewer than room batches (0: until it is
 * empty); 0, or -1 if the database thread failed. */
static int
wait_queue(struct commit *cm, int room)
{
	int failed;

	if (!cm->th_started)
		return 0;
	pthread_mutex_lock(&cm->mu);
	while (cm->qlen > 0 && cm->qlen >= room && !cm->failed)
		pthread_cond_wait(&cm->cv, &cm->mu);
	failed = cm->failed;
	pthread_mutex_unlock(&cm->mu);
	return failed ? -1 : 0;
}

/* Stop the database thread once it has committed the batches handed over
 * (or failed on one). */
static void
stop_thread(struct commit *cm)
{
	if (!cm->th_started)
		return;
	pthread_mutex_lock(&cm->mu);
	cm->quit = 1;
	pthread_cond_broadcast(&cm->cv);
	pthread_mutex_unlock(&cm->mu);
	pthread_join(cm->th, NULL);
	cm->th_started = 0;
}

/* Die if the database thread failed, once the queue has fewer than room
 * batches (0: once it is empty). */
static void
check_thread(struct commit *cm, int room)
{
	if (wait_queue(cm, room) < 0) {
		stop_thread(cm);
		die_pg(&cm->th_err, cm->th_what);
	}
}

/* Hand the batch being filled to the database thread. */
static void
flush_batch(struct commit *cm)
{
	struct batch t;
	int slot;

	if (cm->b.articles == 0)
		return;
	pgc_end(&cm->b.entry);
	pgc_end(&cm->b.vec);
	pgc_end(&cm->b.art);
	check_thread(cm, CC_QUEUE);
	if (!cm->th_started) {
		if (pthread_create(&cm->th, NULL, db_thread, cm) != 0)
			die(EXIT_IO, "cannot start a thread:");
		cm->th_started = 1;
	}
	/* A free slot: the database thread never touches it. */
	pthread_mutex_lock(&cm->mu);
	slot = (cm->qhead + cm->qlen) % CC_QUEUE;
	pthread_mutex_unlock(&cm->mu);
	t = cm->q[slot];
	cm->q[slot] = cm->b;
	cm->b = t;
	batch_reset(&cm->b);
	pthread_mutex_lock(&cm->mu);
	cm->qlen++;
	pthread_cond_broadcast(&cm->cv);
	pthread_mutex_unlock(&cm->mu);
}

/* ---- reading records ---- */

static void
key_str(const struct rec *rec, const char *key, const char **s, size_t *n,
    int optional)
{
	int st = rec_get_str(rec, key, s, n);

	if (st == REC_MISSING && optional) {
		*s = NULL;
		*n = 0;
		return;
	}
	if (st != REC_OK)
		die_rec_get(rec, key, st, "str");
	if (!json_valid_utf8(*s, *n))
		die_rec(rec, key, "invalid UTF-8");
	if (memchr(*s, 0, *n))
		die_rec(rec, key, "contains a NUL byte");
}

static int64_t
key_int(const struct rec *rec, const char *key, int64_t min, int64_t max)
{
	int64_t v;
	int st;

	if ((st = rec_get_int(rec, key, &v)) != REC_OK)
		die_rec_get(rec, key, st, "int");
	if (v < min || v > max)
		die_rec(rec, key, "%lld out of range %lld..%lld", (long long)v,
		    (long long)min, (long long)max);
	return v;
}

/* A uuid given as canonical text; nil allowed when optional. */
static int
key_uuid(const struct rec *rec, const char *key, unsigned char u[16],
    int optional)
{
	const msgpack_object *o = rec_get(rec, key);
	const char *s;
	size_t n;

	if (optional && (o == NULL || o->type == MSGPACK_OBJECT_NIL))
		return 0;
	key_str(rec, key, &s, &n, 0);
	if (id_uuid_parse(s, n, u) < 0)
		die_rec(rec, key, "not a UUID");
	return 1;
}

/* A float32 vector as a bytea field of out (NULL: only checked); dim 0 =
 * any.  Returns its dimension. */
static size_t
key_vec(struct buf *out, const struct rec *rec, const char *key, size_t dim,
    int optional)
{
	const unsigned char *p;
	size_t n;
	int st;

	st = rec_get_bin(rec, key, &p, &n);
	if (st == REC_MISSING && optional) {
		pgc_null(out);
		return 0;
	}
	if (st != REC_OK)
		die_rec_get(rec, key, st, "bin");
	if (n == 0 || n % 4 != 0 || (dim && n != dim * 4))
		die_rec(rec, key, "%zu bytes, expected %s%zu float32", n,
		    dim ? "" : "a multiple of 4, at least ", dim ? dim : 1);
	if (out)
		pgc_bytes(out, p, n);
	return n / 4;
}

static void
key_json(struct commit *cm, const struct rec *rec, const char *key,
    msgpack_object_type want)
{
	const msgpack_object *o = rec_get(rec, key);
	const char *why;

	if (o == NULL || o->type != want)
		die_rec_get(rec, key, o ? REC_TYPE : REC_MISSING,
		    want == MSGPACK_OBJECT_MAP ? "map" : "array");
	cm->json.len = 0;
	if (cc_mp_json(&cm->json, o, &why) < 0)
		die_rec(rec, key, "%s", why);
	pgc_jsonb(&cm->b.entry, (const char *)cm->json.p, cm->json.len);
}

static void
opt_text(struct buf *out, const char *s, size_t n)
{
	if (s)
		pgc_bytes(out, s, n);
	else
		pgc_null(out);
}

static void
report_incomplete(struct commit *cm, const struct rec *rec,
    const char *why)
{
	struct article *a = &cm->cur;

	if (rec)
		error("%s: record %llu (byte %llu): article \"%s\": %s; not "
		    "committed", rec->src ? rec->src : "<stdin>",
		    (unsigned long long)rec->recno,
		    (unsigned long long)rec->offset, a->doc_id, why);
	else
		error("article \"%s\": %s; not committed", a->doc_id, why);
	cm->incomplete++;
	/* Drop the rows it already put in the batch. */
	cm->b.entry.len = a->mark_entry;
	cm->b.vec.len = a->mark_vec;
	a->bad = 1;
}

static void
article_free(struct article *a)
{
	free(a->doc_id);
	free(a->source);
	free(a->title);
	a->doc_id = a->source = a->title = NULL;
	a->active = a->bad = 0;
}

/* The article is whole: its ledger row, then maybe a flush. */
static void
article_done(struct commit *cm)
{
	struct article *a = &cm->cur;
	struct batch *b = &cm->b;
	XXH128_hash_t h;
	XXH128_canonical_t hc;
	char *key;
	size_t kn;

	h = XXH3_128bits_digest(a->hash);
	XXH128_canonicalFromHash(&hc, h);
	pgc_row(&b->art, 9);
	pgc_bytes(&b->art, a->doc_id, strlen(a->doc_id));
	pgc_bytes(&b->art, a->source, strlen(a->source));
	pgc_int8(&b->art, a->page_id);
	if (a->have_index)
		pgc_int8(&b->art, a->article_index);
	else
		pgc_null(&b->art);
	opt_text(&b->art, a->title, a->title ? strlen(a->title) : 0);
	pgc_int4(&b->art, (int32_t)a->chunk_count);
	pgc_bytes(&b->art, hc.digest, sizeof hc.digest);
	if (a->have_rev)
		pgc_int8(&b->art, a->rev_id);
	else
		pgc_null(&b->art);
	if (a->have_hash)
		pgc_int8(&b->art, a->src_hash);
	else
		pgc_null(&b->art);
	b->articles++;
	b->rows += (size_t)a->chunk_count;
	if (!b->first)
		b->first = estrdup(a->doc_id);
	free(b->last);
	b->last = estrdup(a->doc_id);
	kn = strlen(a->source) + 24;
	key = emalloc(kn);
	snprintf(key, kn, "%s %lld", a->source, (long long)a->page_id);
	if (b->nkeys == b->capkeys) {
		b->capkeys = b->capkeys ? 2 * b->capkeys : 64;
		b->keys = erealloc(b->keys, b->capkeys * sizeof *b->keys);
	}
	b->keys[b->nkeys++] = key;
	article_free(a);
	if (b->articles >= cm->o->batch_articles ||
	    b->entry.len + b->vec.len >= cm->o->batch_bytes)
		flush_batch(cm);
}

/* Is the article (source, page_id) already in the batch?  Then the batch
 * must go first: one statement cannot upsert a row twice. */
static int
in_batch(const struct batch *b, const char *source, size_t srcn,
    int64_t page_id)
{
	char key[1100];
	size_t i;

	snprintf(key, sizeof key, "%.*s %lld", (int)srcn, source,
	    (long long)page_id);
	for (i = 0; i < b->nkeys; i++)
		if (strcmp(b->keys[i], key) == 0)
			return 1;
	return 0;
}

/* wiki-fetch's src_hash, 16 hex digits, as the bigint the ledger keeps
 * (the same 64 bits; to_hex() gives the digits back). */
static int64_t
src_hash(const struct rec *rec, const char *s, size_t n)
{
	uint64_t h;

	if (hex64(s, n, &h) < 0)
		die_rec(rec, "src_hash", "not 16 hex digits");
	return (int64_t)h;
}

static void
article_start(struct commit *cm, const struct rec *rec, const char *doc,
    size_t docn, const char *src, size_t srcn, int64_t page_id,
    int64_t cc)
{
	struct article *a = &cm->cur;
	const char *s;
	size_t n;
	int64_t v;

	if (in_batch(&cm->b, src, srcn, page_id))
		flush_batch(cm);
	a->active = 1;
	a->bad = 0;
	a->doc_id = estrndup(doc, docn);
	a->source = estrndup(src, srcn);
	key_str(rec, "title", &s, &n, 1);
	a->title = s ? estrndup(s, n) : NULL;
	a->have_index = rec_get_int(rec, "article_index", &v) == REC_OK;
	a->article_index = a->have_index ? v : 0;
	a->have_rev = rec_get(rec, "rev_id") != NULL;
	a->rev_id = a->have_rev ? key_int(rec, "rev_id", 0, INT64_MAX) : 0;
	key_str(rec, "src_hash", &s, &n, 1);
	a->have_hash = s != NULL;
	a->src_hash = s ? src_hash(rec, s, n) : 0;
	a->page_id = page_id;
	a->chunk_count = cc;
	a->next = 0;
	a->mark_entry = cm->b.entry.len;
	a->mark_vec = cm->b.vec.len;
	if (!a->hash && (a->hash = XXH3_createState()) == NULL)
		die(EXIT_IO, "out of memory");
	XXH3_128bits_reset(a->hash);
}

/*
 * fused_vec and fused_norm are not stored (cpe_vectors computes them from
 * tmd_dense and concept_vec, cpe-commit(1) STORAGE).  A record that has
 * them must agree with that computation, so that nothing it says is
 * lost: every element within 1e-6 and the norm within 1e-5 of it
 * (cpe-prep's are bit-identical; the margins admit a producer that
 * fuses in float32).
 */
/* The sum of squares of x[0..n) in double, in four lanes. */
static double
sumsq(const float *x, size_t n)
{
	double a[4] = { 0, 0, 0, 0 };
	size_t i;

	for (i = 0; i + 4 <= n; i += 4)
		for (int j = 0; j < 4; j++)
			a[j] += (double)x[i + j] * x[i + j];
	for (; i < n; i++)
		a[0] += (double)x[i] * x[i];
	return (a[0] + a[1]) + (a[2] + a[3]);
}

static void
check_fused(struct commit *cm, const struct rec *rec, size_t dim)
{
	const unsigned char *p, *tp, *cp;
	size_t n, tn, cn, fdim = CPE_TMD_DIM + dim;
	float tmd[CPE_TMD_DIM];
	double f, norm, inv;
	int st;

	if (!rec_get(rec, "fused_vec") && !rec_get(rec, "fused_norm"))
		return;
	if (cm->fcap < fdim) {
		cm->fcap = fdim;
		cm->fin = erealloc(cm->fin, 2 * fdim * sizeof *cm->fin);
	}
	/* The computed vector in the second half, the record's in the
	 * first (the concept vector passes through it). */
	(void)rec_get_bin(rec, "tmd_dense", &tp, &tn);
	(void)rec_get_bin(rec, "concept_vec", &cp, &cn);
	/* The unnormalised parts in the second half, the norm from them;
	 * within the margins a sum in four lanes and a product by 1/norm
	 * do (cpe_fuse's exact order costs a long chain of additions; it
	 * is used for the message only). */
	vec_from_le(tp, CPE_TMD_DIM, cm->fin + fdim);
	vec_from_le(cp, dim, cm->fin + fdim + CPE_TMD_DIM);
	norm = sumsq(cm->fin + fdim, fdim);
	norm = sqrt(norm);
	inv = norm > 0 && isfinite(norm) ? 1 / norm : 1;
	if ((st = rec_get_bin(rec, "fused_vec", &p, &n)) != REC_MISSING) {
		if (st != REC_OK)
			die_rec_get(rec, "fused_vec", st, "bin");
		if (n != fdim * 4)
			die_rec(rec, "fused_vec", "dimension %zu, expected %zu "
			    "(16 + the concept_vec dimension)", n / 4, fdim);
		vec_from_le(p, fdim, cm->fin);
		for (size_t i = 0; i < fdim; i++)
			if (!(fabs((double)cm->fin[i] - cm->fin[fdim + i] *
			    inv) <= 1e-6)) {
				const float *x = cm->fin + fdim;

				memcpy(tmd, x, sizeof tmd);
				cpe_fuse(tmd, x + CPE_TMD_DIM, dim, cm->fin + fdim);
				die_rec(rec, "fused_vec", "element %zu is %.9g, "
				    "but normalise(tmd_dense || concept_vec) "
				    "gives %.9g (fused_vec is computed from them, "
				    "not stored)", i, cm->fin[i],
				    cm->fin[fdim + i]);
			}
	}
	if ((st = rec_get_num(rec, "fused_norm", &f)) == REC_MISSING)
		return;
	if (st != REC_OK)
		die_rec_get(rec, "fused_norm", st, "float");
	if (!(fabs(f - norm) <= 1e-5 * norm))
		die_rec(rec, "fused_norm", "%.9g, but the norm of tmd_dense || "
		    "concept_vec is %.9g", f, norm);
}

/* Append the entry and vector rows of one record. */
static void
add_rows(struct commit *cm, const struct rec *rec, const char *src,
    size_t srcn, const char *doc, size_t docn, int64_t page_id, int64_t ci,
    int64_t cc)
{
	struct buf *e = &cm->b.entry, *v = &cm->b.vec;
	unsigned char id[16], want[16], parent[16], child[16];
	int have_parent, have_child;
	const char *s, *text;
	size_t n, tn, dim;
	int64_t d, t, m, ai;
	double f;
	char lane[16];
	int st;

	key_uuid(rec, "cpe_id", id, 0);
	id_cpe_uuid(src, srcn, page_id, ci, want);
	if (memcmp(id, want, 16) != 0)
		die_rec(rec, "cpe_id", "does not match the natural key "
		    "(source, page_id, chunk_index)");
	d = key_int(rec, "domain_code", 0, TMD_NDOMAIN - 1);
	t = key_int(rec, "task_code", 0, TMD_NTASK - 1);
	m = key_int(rec, "modifier_code", 0, TMD_NMODIFIER - 1);

	pgc_row(e, 32);
	pgc_uuid(e, id);
	/* Each text once: source_chunk and concept_text are NULL where
	 * they equal mission_text (the view cpe_entry gives it back). */
	key_str(rec, "text", &text, &tn, 0);
	pgc_bytes(e, text, tn);		/* mission_text */
	pgc_null(e);			/* source_chunk */
	key_str(rec, "concept_text", &s, &n, 0);
	if (n == tn && memcmp(s, text, n) == 0)
		pgc_null(e);
	else
		pgc_bytes(e, s, n);
	key_str(rec, "probe_question", &s, &n, 0);
	pgc_bytes(e, s, n);
	key_str(rec, "expected_answer", &s, &n, 0);
	pgc_bytes(e, s, n);
	key_json(cm, rec, "soft_negatives", MSGPACK_OBJECT_ARRAY);
	key_json(cm, rec, "hard_negatives", MSGPACK_OBJECT_ARRAY);
	pgc_int2(e, (int16_t)d);
	pgc_int2(e, (int16_t)t);
	pgc_int2(e, (int16_t)m);
	key_str(rec, "content_type", &s, &n, 0);
	if (!((n == 7 && !memcmp(s, "factual", 7)) ||
	    (n == 4 && !memcmp(s, "math", 4)) ||
	    (n == 11 && !memcmp(s, "instruction", 11)) ||
	    (n == 9 && !memcmp(s, "narrative", 9))))
		die_rec(rec, "content_type", "not one of factual, math, "
		    "instruction, narrative");
	pgc_bytes(e, s, n);		/* an enum's binary form is its label */
	pgc_bytes(e, src, srcn);
	key_json(cm, rec, "chunk_position", MSGPACK_OBJECT_MAP);
	pgc_int2(e, (int16_t)tmd_pack((int)d, (int)t, (int)m));
	snprintf(lane, sizeof lane, "lane_%d", (int)d);
	pgc_bytes(e, lane, strlen(lane));
	pgc_int2(e, (int16_t)d);
	if ((st = rec_get_num(rec, "confidence_score", &f)) != REC_OK)
		die_rec_get(rec, "confidence_score", st, "float");
	pgc_float4(e, (float)f);
	key_json(cm, rec, "quality_metrics", MSGPACK_OBJECT_MAP);
	have_parent = key_uuid(rec, "parent_cpe_id", parent, 1);
	have_child = key_uuid(rec, "child_cpe_id", child, 1);
	/* parent_cpe_ids, child_cpe_ids: the lists of the two ids below,
	 * NULL, as the view cpe_entry computes them (cpe_id_list()). */
	pgc_null(e);
	pgc_null(e);
	pgc_bytes(e, doc, docn);
	pgc_int8(e, page_id);
	if (rec_get_int(rec, "article_index", &ai) == REC_OK)
		pgc_int8(e, ai);
	else
		pgc_null(e);
	pgc_int4(e, (int32_t)ci);
	pgc_int4(e, (int32_t)cc);
	key_str(rec, "episode_id", &s, &n, 1);
	opt_text(e, s, n);
	key_str(rec, "section", &s, &n, 1);
	opt_text(e, s, n);
	if (have_parent)
		pgc_uuid(e, parent);
	else
		pgc_null(e);
	if (have_child)
		pgc_uuid(e, child);
	else
		pgc_null(e);
	pgc_int8(e, cm->run_id);
	key_str(rec, "tmd_source", &s, &n, 1);
	opt_text(e, s, n);

	pgc_row(v, 5);
	pgc_uuid(v, id);
	(void)key_vec(v, rec, "question_vec", 0, 1);
	if (cm->o->f16) {
		/* concept_vec NULL, concept_vec16 its binary16 form. */
		const unsigned char *p;
		size_t pn;

		dim = key_vec(NULL, rec, "concept_vec", 0, 0);
		(void)rec_get_bin(rec, "concept_vec", &p, &pn);
		pgc_null(v);
		cm->tmp16.len = 0;
		buf_reserve(&cm->tmp16, dim * 2);
		for (size_t j = 0; j < dim; j++) {
			float x;
			uint16_t h;

			vec_from_le(p + 4 * j, 1, &x);
			h = cpe_f16_from_f32(x);
			cm->tmp16.p[2 * j] = (unsigned char)(h & 0xff);
			cm->tmp16.p[2 * j + 1] = (unsigned char)(h >> 8);
		}
		pgc_bytes(v, cm->tmp16.p, dim * 2);
	} else {
		dim = key_vec(v, rec, "concept_vec", 0, 0);
		pgc_null(v);
	}
	(void)key_vec(v, rec, "tmd_dense", CPE_TMD_DIM, 0);
	check_fused(cm, rec, dim);
}

static void
take(struct commit *cm, const struct rec *rec)
{
	struct article *a = &cm->cur;
	const char *src, *doc;
	size_t srcn, docn;
	int64_t page_id, ci, cc;
	char dbuf[1100];
	char why[128];

	key_str(rec, "source", &src, &srcn, 0);
	if (srcn == 0 || srcn > 1000)
		die_rec(rec, "source", "%s", srcn ? "longer than 1000 bytes" :
		    "empty");
	page_id = key_int(rec, "page_id", 0, INT64_MAX);
	cc = key_int(rec, "chunk_count", 1, INT32_MAX);
	ci = key_int(rec, "chunk_index", 0, cc - 1);
	key_str(rec, "doc_id", &doc, &docn, 1);
	if (!doc) {
		snprintf(dbuf, sizeof dbuf, "%.*s:%lld", (int)srcn, src,
		    (long long)page_id);
		doc = dbuf;
		docn = strlen(dbuf);
	}
	if (a->active && (strlen(a->doc_id) != docn ||
	    memcmp(a->doc_id, doc, docn) != 0)) {
		if (!a->bad) {
			snprintf(why, sizeof why, "%lld of %lld chunks",
			    (long long)a->next, (long long)a->chunk_count);
			report_incomplete(cm, rec, why);
		}
		article_free(a);
	}
	if (!a->active)
		article_start(cm, rec, doc, docn, src, srcn, page_id, cc);
	if (a->bad)
		return;
	if (ci != a->next || cc != a->chunk_count || a->page_id != page_id ||
	    strlen(a->source) != srcn || memcmp(a->source, src, srcn) != 0) {
		if (ci != a->next)
			snprintf(why, sizeof why, "chunk %lld where %lld was "
			    "expected", (long long)ci, (long long)a->next);
		else
			snprintf(why, sizeof why, "chunk_count, source or "
			    "page_id changes within the article");
		report_incomplete(cm, rec, why);
		return;
	}
	add_rows(cm, rec, src, srcn, doc, docn, page_id, ci, cc);
	XXH3_128bits_update(a->hash, rec->raw, rec->len);
	if (++a->next == a->chunk_count)
		article_done(cm);
}

/* ---- the two modes ---- */

/* Does the store have the table (and, if col, the column of it)? */
static int
has_column(PGconn *c, const char *table, const char *col)
{
	const char *p[2] = { table, col ? col : "" };
	struct pg_err err;
	PGresult *r;
	int yes;

	r = pg_exec_params(c, col ? "SELECT count(*) FROM"
	    " information_schema.columns WHERE table_schema = current_schema()"
	    " AND table_name = $1 AND column_name = $2" :
	    "SELECT count(*) FROM information_schema.tables WHERE"
	    " table_schema = current_schema() AND table_name = $1",
	    col ? 2 : 1, p, &err);
	if (!r)
		die_pg(&err, "cannot read the schema");
	yes = atoi(PQgetvalue(r, 0, 0)) > 0;
	PQclear(r);
	return yes;
}

/*
 * --list-committed: the ledger's doc ids, in (source, page_id) order, with
 * --revisions each followed by a tab, its rev_id and a tab, its src_hash
 * (16 hex digits); empty fields where the ledger has none (rows committed
 * before schema 4, or by a producer without them).
 */
static int
list_committed(const struct opts *o)
{
	struct pg_err err;
	const char *p[1] = { o->source };
	struct buf q = { 0 };
	PGconn *c;
	PGresult *r;
	int revs, out_err = 0;

	if ((c = pg_connect(o->db, &err)) == NULL)
		die(EXIT_REMOTE, "cannot connect: %s", err.msg);
	if (has_column(c, "cpe_ledger", NULL)) {
		revs = o->revisions && has_column(c, "cpe_ledger", "rev_id");
		buf_adds(&q, "SELECT doc_id");
		if (o->revisions)
			buf_adds(&q, revs ? ", rev_id, lpad(to_hex(src_hash), 16,"
			    " '0')" : ", NULL, NULL");
		buf_adds(&q, " FROM cpe_ledger");
		if (o->source)
			buf_adds(&q, " WHERE source = $1");
		buf_adds(&q, " ORDER BY source, page_id, doc_id");
		/* Row by row (single-row mode): a ledger of millions of
		 * articles is never held whole, here or in libpq. */
		if (!PQsendQueryParams(c, (char *)buf_cstr(&q),
		    o->source ? 1 : 0, NULL, p, NULL, NULL, 0) ||
		    !PQsetSingleRowMode(c)) {
			pg_classify(c, NULL, &err);
			die_pg(&err, "cannot read the ledger");
		}
		while ((r = PQgetResult(c)) != NULL) {
			ExecStatusType rs = PQresultStatus(r);

			if (rs == PGRES_SINGLE_TUPLE) {
				if (!out_err && (o->revisions ?
				    printf("%s\t%s\t%s\n", PQgetvalue(r, 0, 0),
				    PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2)) :
				    printf("%s\n", PQgetvalue(r, 0, 0))) < 0)
					out_err = 1;
			} else if (rs != PGRES_TUPLES_OK) {
				pg_classify(c, r, &err);
				PQclear(r);
				die_pg(&err, "cannot read the ledger");
			}
			PQclear(r);
		}
	}
	buf_free(&q);
	PQfinish(c);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_IO, "<stdout>: write error:");
	return EXIT_OK;
}

/* --delete: one batch, the page ids of one source ("{1,2,3}"), and what
 * its transaction deleted. */
struct del_batch {
	const char *p[2];	/* source, page ids */
	uint64_t articles, rows;
};

/* The batch's transaction, safe to replay (pg_run). */
static enum pg_class
delete_tx(PGconn *c, void *arg, struct pg_err *err)
{
	static const char *const sql[] = {
		"DELETE FROM cpe_entry_data WHERE dataset_source = $1"
		" AND page_id = ANY($2::bigint[])",
		"DELETE FROM cpe_ledger WHERE source = $1"
		" AND page_id = ANY($2::bigint[])",
	};
	struct del_batch *d = arg;
	uint64_t n[2];
	PGresult *r;
	int i;

	if (pg_exec(c, "BEGIN", err) != PG_OK)
		return err->cls;
	for (i = 0; i < 2; i++) {
		if ((r = pg_exec_params(c, sql[i], 2, d->p, err)) == NULL) {
			PQclear(PQexec(c, "ROLLBACK"));
			return err->cls;
		}
		n[i] = strtoull(PQcmdTuples(r), NULL, 10);
		PQclear(r);
	}
	if (pg_exec(c, "COMMIT", err) != PG_OK)
		return err->cls;
	d->rows += n[0];
	d->articles += n[1];
	return PG_OK;
}

/* Delete the gathered page ids of source (if any) and empty ids. */
static void
delete_batch(struct pg_session *sess, const char *source, struct buf *ids,
    struct del_batch *d)
{
	struct pg_err err;

	if (!ids->len)
		return;
	buf_addc(ids, '}');
	d->p[0] = source;
	d->p[1] = (char *)buf_cstr(ids);
	if (pg_run(sess, delete_tx, d, &err) != PG_OK)
		die_pg(&err, "--delete");
	ids->len = 0;
}

/*
 * --delete FILE: remove the articles whose doc ids FILE lists (one a
 * line, SOURCE:PAGE_ID; '#' lines and blank lines skipped) from
 * cpe_entry, cpe_vectors (by cascade) and the ledger, --batch-articles
 * articles of one source per transaction.  An id the store does not hold
 * is no error: a failed --delete is finished by running it again.  A
 * malformed line stops the run before its batch (the batches before it
 * are committed).
 */
static int
delete_articles(const struct opts *o, struct stats *st)
{
	struct pg_session sess = { 0 };
	struct del_batch d = { { NULL, NULL }, 0, 0 };
	struct buf ids = { 0 };
	struct pg_err err;
	char *line = NULL, *source = NULL, *colon, *end;
	size_t cap = 0, nids = 0;
	unsigned long long lineno = 0;
	FILE *fp;
	int exists;

	fp = strcmp(o->del, "-") == 0 ? stdin : fopen(o->del, "r");
	if (!fp)
		die(EXIT_IO, "%s:", o->del);
	sess.conninfo = o->db;
	sess.max_retries = o->retries;
	sess.max_backoff = 5.0;
	if ((sess.conn = pg_connect(o->db, &err)) == NULL)
		die(EXIT_REMOTE, "cannot connect: %s", err.msg);
	exists = has_column(sess.conn, "cpe_ledger", NULL);
	while (list_next(fp, &line, &cap, &lineno) >= 0) {
		long long page;

		colon = strrchr(line, ':');
		errno = 0;
		page = colon ? strtoll(colon + 1, &end, 10) : -1;
		if (!colon || colon == line || !colon[1] || *end || errno ||
		    page < 0)
			die(EXIT_DATA, "%s: line %llu: not a doc id "
			    "(SOURCE:PAGE_ID): %s", o->del, lineno, line);
		*colon = '\0';
		if (source && (strcmp(source, line) != 0 ||
		    nids == o->batch_articles)) {
			if (exists)
				delete_batch(&sess, source, &ids, &d);
			ids.len = 0;
			nids = 0;
		}
		if (!source || strcmp(source, line) != 0) {
			free(source);
			source = estrdup(line);
		}
		buf_addc(&ids, nids ? ',' : '{');
		buf_printf(&ids, "%lld", page);
		nids++;
	}
	if (ferror(fp))
		die(EXIT_IO, "%s: read error:", o->del);
	if (exists)
		delete_batch(&sess, source, &ids, &d);
	info(2, "%llu articles deleted (%llu rows)",
	    (unsigned long long)d.articles, (unsigned long long)d.rows);
	stats_int(st, "deleted_articles", (int64_t)d.articles);
	stats_int(st, "deleted_rows", (int64_t)d.rows);
	stats_int(st, "retries", (int64_t)sess.retries);
	pg_session_close(&sess);
	if (fp != stdin)
		fclose(fp);
	free(line);
	free(source);
	buf_free(&ids);
	return stats_write(st, o->co.stats) < 0 ? EXIT_IO : EXIT_OK;
}

/* The command line for the run table, with --db's password removed. */
static char *
cmdline(int argc, char *argv[])
{
	struct buf b = { 0 };
	char *red;
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (i)
			buf_addc(&b, ' ');
		if (strncmp(a, "--db=", 5) == 0) {
			red = pg_redact(a + 5);
			buf_printf(&b, "--db=%s", red);
			free(red);
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			red = pg_redact(argv[++i]);
			buf_printf(&b, "--db %s", red);
			free(red);
		} else {
			buf_adds(&b, a);
		}
	}
	return buf_cstr(&b);
}

static void
mark_failed(void)
{
	struct commit *cm = g_commit;
	char sql[160];

	if (!cm)
		return;
	stop_thread(cm);
	if (!cm->sess.conn || !cm->run_id ||
	    PQstatus(cm->sess.conn) != CONNECTION_OK)
		return;
	PQclear(PQexec(cm->sess.conn, "ROLLBACK"));
	snprintf(sql, sizeof sql, "UPDATE cpe_run SET status = 'failed',"
	    " finished_at = now(), incomplete = %llu WHERE run_id = %lld",
	    (unsigned long long)cm->incomplete, cm->run_id);
	PQclear(PQexec(cm->sess.conn, sql));
	PQfinish(cm->sess.conn);
	cm->sess.conn = NULL;
}

static enum pg_class
finish_run(PGconn *c, void *arg, struct pg_err *err)
{
	struct commit *cm = arg;
	char sql[200];

	snprintf(sql, sizeof sql, "UPDATE cpe_run SET status = '%s',"
	    " finished_at = now(), incomplete = %llu WHERE run_id = %lld",
	    cm->incomplete ? "incomplete" : "ok",
	    (unsigned long long)cm->incomplete, cm->run_id);
	return pg_exec(c, sql, err);
}

/* --vectors: how concept_vec is stored. */
static const struct opt_word vector_words[] = {
	{"float32", 0}, {"float16", 1}, {NULL, 0}
};

static void
parse_opts(struct opts *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"batch-articles", required_argument, NULL, OPT_BATCH_ARTICLES},
		{"batch-bytes", required_argument, NULL, OPT_BATCH_BYTES},
		{"db", required_argument, NULL, OPT_DB},
		{"db-file", required_argument, NULL, OPT_DB_FILE},
		{"delete", required_argument, NULL, OPT_DELETE},
		{"list-committed", no_argument, NULL, OPT_LIST_COMMITTED},
		{"progress", required_argument, NULL, OPT_PROGRESS},
		{"retries", required_argument, NULL, OPT_RETRIES},
		{"revisions", no_argument, NULL, OPT_REVISIONS},
		{"single-transaction", no_argument, NULL, OPT_SINGLE_TX},
		{"source", required_argument, NULL, OPT_SOURCE},
		{"vectors", required_argument, NULL, OPT_VECTORS},
		{0}
	};
	struct pg_err err;
	int c;

	opt_init(&o->co);
	o->db = o->source = o->progress = NULL;
	o->batch_articles = 100;
	o->batch_bytes = (size_t)16 << 20;
	o->retries = 8;
	o->single_tx = o->list = o->revisions = o->f16 = 0;
	o->del = NULL;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (c) {
		case OPT_BATCH_ARTICLES:
			o->batch_articles = (size_t)estrtonum(optarg, 1,
			    10000000, "--batch-articles");
			break;
		case OPT_BATCH_BYTES:
			o->batch_bytes = estrtosize(optarg, 1024,
			    (size_t)1 << 40, "--batch-bytes");
			break;
		case OPT_DB:
			o->db = pg_conninfo_arg(optarg);
			break;
		case OPT_DB_FILE:
			o->db = pg_conninfo_file(optarg);
			break;
		case OPT_DELETE:
			o->del = optarg;
			break;
		case OPT_LIST_COMMITTED:
			o->list = 1;
			break;
		case OPT_REVISIONS:
			o->revisions = 1;
			break;
		case OPT_RETRIES:
			o->retries = (int)estrtonum(optarg, 0, 1000,
			    "--retries");
			break;
		case OPT_SINGLE_TX:
			o->single_tx = 1;
			break;
		case OPT_SOURCE:
			o->source = optarg;
			break;
		case OPT_PROGRESS:
			o->progress = optarg;
			break;
		case OPT_VECTORS:
			o->f16 = opt_keyword(optarg, "--vectors", vector_words,
			    usage);
			break;
		default:
			opt_common(c, optarg, &o->co, usage);
		}
	}
	if (o->co.output) {
		error("-o: cpe-commit writes to the database, not a file");
		usage(stderr, EXIT_USAGE);
	}
	if (pg_check_conninfo(o->db, &err) < 0) {
		error("--db: %s", err.msg);
		usage(stderr, EXIT_USAGE);
	}
	if (o->list && o->del) {
		error("--list-committed and --delete are two modes: one only");
		usage(stderr, EXIT_USAGE);
	}
	if (argc - optind > (o->list || o->del ? 0 : 1)) {
		error("too many operands");
		usage(stderr, EXIT_USAGE);
	}
	if (o->source && !o->list) {
		error("--source goes with --list-committed");
		usage(stderr, EXIT_USAGE);
	}
	if (o->revisions && !o->list) {
		error("--revisions goes with --list-committed");
		usage(stderr, EXIT_USAGE);
	}
	if (!o->list && !o->del)
		opt_refuse_tty_stdin(argc - optind, usage);
}

/* Connect, create or migrate the schema, the staging tables, the run. */
static void
open_db(struct commit *cm, int argc, char *argv[])
{
	struct run_arg ra;
	struct pg_err err;

	pthread_mutex_init(&cm->mu, NULL);
	pthread_cond_init(&cm->cv, NULL);
	for (int i = 0; i < CC_QUEUE; i++)
		batch_reset(&cm->q[i]);
	cm->sess.conninfo = cm->o->db;
	cm->progress_fd = -1;
	if (cm->o->progress) {
		cm->progress_fd = open(cm->o->progress,
		    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (cm->progress_fd < 0)
			die(EXIT_IO, "--progress %s:", cm->o->progress);
		progress_note(cm);
	}
	cm->sess.max_retries = cm->o->retries;
	cm->sess.max_backoff = 5.0;
	cm->sess.setup = session_setup;
	cm->sess.arg = cm;
	/* Connect once without retries: a wrong database fails at once. */
	if ((cm->sess.conn = pg_connect(cm->o->db, &err)) == NULL)
		die(EXIT_REMOTE, "cannot connect: %s", err.msg);
	if (pg_run(&cm->sess, migrate, NULL, &err) != PG_OK)
		die_pg(&err, "cannot create or migrate the schema");
	if (session_setup(cm->sess.conn, NULL, &err) != PG_OK)
		die_pg(&err, "cannot create the staging tables");
	ra.cm = cm;
	ra.cmdline = cmdline(argc, argv);
	if (pg_run(&cm->sess, start_run, &ra, &err) != PG_OK)
		die_pg(&err, "cannot record the run");
	free((char *)ra.cmdline);
	g_commit = cm;
	log_atexit(mark_failed);
}

/*
 * The input has ended (r = 0) or broken (r < 0): report the article in
 * progress, commit the last whole ones, close the run.  Returns the exit
 * status.
 */
static int
close_input(struct commit *cm, int r, struct rr *in)
{
	struct article *a = &cm->cur;
	struct pg_err err;
	char why[96];
	int status = r < 0 ? rr_status(in) : EXIT_OK;

	if (a->active && !a->bad) {
		if (r < 0) {
			error("article \"%s\": %lld of %lld chunks before the "
			    "error; not committed", a->doc_id,
			    (long long)a->next, (long long)a->chunk_count);
			cm->incomplete++;
		} else {
			snprintf(why, sizeof why, "%lld of %lld chunks at the "
			    "end of the input", (long long)a->next,
			    (long long)a->chunk_count);
			report_incomplete(cm, NULL, why);
		}
	}
	if (a->active) {
		cm->b.entry.len = a->mark_entry;
		cm->b.vec.len = a->mark_vec;
		article_free(a);
	}
	/* Whole articles before a bad record are still worth committing. */
	flush_batch(cm);
	check_thread(cm, 0);
	stop_thread(cm);
	if (cm->o->single_tx && cm->in_tx && pg_run(&cm->sess, commit_tx,
	    NULL, &err) != PG_OK)
		die_pg(&err, "the single transaction was not committed");
	if (status != EXIT_OK)
		mark_failed();
	else if (pg_run(&cm->sess, finish_run, cm, &err) != PG_OK)
		die_pg(&err, "cannot record the end of the run");
	log_atexit(NULL);
	if (cm->incomplete && status == EXIT_OK)
		status = EXIT_DATA;
	info(2, "%llu articles, %llu rows committed in %llu batch%s%s",
	    (unsigned long long)cm->articles, (unsigned long long)cm->rows,
	    (unsigned long long)cm->batches, cm->batches == 1 ? "" : "es",
	    cm->incomplete ? "; some articles incomplete, not committed" : "");
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct commit cm = { 0 };
	struct rec rec = { 0 };
	struct stats st;
	struct rr *in;
	int r, status;

	log_init(argv[0]);
	stats_begin(&st);
	parse_opts(&o, argc, argv);
	if (o.list)
		return list_committed(&o);
	if (o.del)
		return delete_articles(&o, &st);
	if ((in = rr_open(optind < argc ? argv[optind] : NULL,
	    (o.co.nul & NUL_IN) ? RR_NUL : 0, o.co.max_record)) == NULL)
		return EXIT_IO;
	cm.o = &o;
	batch_reset(&cm.b);
	open_db(&cm, argc, argv);

	while ((r = rr_next(in, &rec)) > 0) {
		cm.records++;
		take(&cm, &rec);
	}
	status = close_input(&cm, r, in);

	stats_int(&st, "records", (int64_t)cm.records);
	stats_int(&st, "articles", (int64_t)cm.articles);
	stats_int(&st, "rows", (int64_t)cm.rows);
	stats_int(&st, "incomplete", (int64_t)cm.incomplete);
	stats_int(&st, "batches", (int64_t)cm.batches);
	stats_int(&st, "retries", (int64_t)cm.sess.retries);
	stats_int(&st, "upsert_batches", (int64_t)cm.upserts);
	stats_int(&st, "run_id", cm.run_id);
	if (stats_write(&st, o.co.stats) < 0 && status == EXIT_OK)
		status = EXIT_IO;
	pg_session_close(&cm.sess);
	rr_close(in);
	rec_free(&rec);
	XXH3_freeState(cm.cur.hash);
	batch_free(&cm.b);
	for (int i = 0; i < CC_QUEUE; i++)
		batch_free(&cm.q[i]);
	buf_free(&cm.json);
	buf_free(&cm.tmp16);
	free(cm.fin);
	buf_free(&cm.tmp);
	return status;
}
