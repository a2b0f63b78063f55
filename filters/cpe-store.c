/* SPDX-License-Identifier: ISC */
/*
 * cpe-store.c: the store access cpe-index, cpe-search and cpe-serve
 * share (see cpe-store.h).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "common/cpe.h"
#include "common/id.h"
#include "common/json.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/pg.h"
#include "common/record.h"
#include "common/util.h"
#include "common/vec.h"
#include "cpe-faiss.h"
#include "cpe-store.h"

/* ---- options ---- */

#define OFF(f)	offsetof(struct store_opts, f)

/*
 * The options of both programs beyond common/opt.h, sorted.  A number
 * (lo < hi) is read into the long at off, a flag sets the int at off; the
 * rest (off 0) are handled in store_parse's switch.
 */
static const struct optdef {
	const char *name;
	int has_arg;
	int val;
	unsigned prog;		/* STORE_INDEX, STORE_SEARCH, STORE_BOTH */
	long lo, hi;		/* a number's range */
	size_t off;		/* its field in struct store_opts */
} optdefs[] = {
	{"batch", required_argument, OPT_BATCH, STORE_INDEX, 1, 1 << 20,
	    OFF(batch)},
	{"db", required_argument, OPT_DB, STORE_BOTH, 0, 0, 0},
	{"db-file", required_argument, OPT_DB_FILE, STORE_BOTH, 0, 0, 0},
	{"domain", required_argument, OPT_DOMAIN, STORE_SEARCH, 0, 15,
	    OFF(domain)},
	{"ef-construction", required_argument, OPT_EFC, STORE_INDEX, 1,
	    1 << 16, OFF(efc)},
	{"ef-search", required_argument, OPT_EFS, STORE_BOTH, 1, 1 << 16,
	    OFF(efs)},
	{"embedder", required_argument, OPT_EMBEDDER, STORE_BOTH, 0, 0, 0},
	{"exact", no_argument, OPT_EXACT, STORE_SEARCH, 0, 0, OFF(exact)},
	{"hnsw-m", required_argument, OPT_HNSW_M, STORE_INDEX, 2, 256,
	    OFF(hnsw_m)},
	{"json", no_argument, 'j', STORE_SEARCH, 0, 0, OFF(json)},
	{"kind", required_argument, OPT_KIND, STORE_INDEX, 0, 0, 0},
	{"lane", required_argument, OPT_LANE, STORE_SEARCH, 0, 0, 0},
	{"like", required_argument, OPT_LIKE, STORE_SEARCH, 0, 0, 0},
	{"name", required_argument, OPT_NAME, STORE_INDEX, 0, 0, 0},
	{"nlist", required_argument, OPT_NLIST, STORE_INDEX, 1, 65536,
	    OFF(nlist)},
	{"nprobe", required_argument, OPT_NPROBE, STORE_BOTH, 1, 65536,
	    OFF(nprobe)},
	{"pq-m", required_argument, OPT_PQ_M, STORE_INDEX, 1, 65536,
	    OFF(pq_m)},
	{"queries", required_argument, OPT_QUERIES, STORE_SEARCH, 0, 0, 0},
	{"rebuild", no_argument, OPT_REBUILD, STORE_INDEX, 0, 0,
	    OFF(rebuild)},
	{"recall", no_argument, OPT_RECALL, STORE_SEARCH, 0, 0, OFF(recall)},
	{"rerank", required_argument, OPT_RERANK, STORE_BOTH, 1, 1 << 16,
	    OFF(rerank)},
	{"sample", required_argument, OPT_SAMPLE, STORE_SEARCH, 1, 1000000,
	    OFF(sample)},
	{"threads", required_argument, OPT_THREADS, STORE_BOTH, 1, 1024,
	    OFF(threads)},
	{"vector", required_argument, OPT_VECTOR, STORE_INDEX, 0, 0, 0},
	{"width", required_argument, OPT_WIDTH, STORE_SEARCH, 40, 10000,
	    OFF(width)},
	{"with-none", no_argument, OPT_WITH_NONE, STORE_SEARCH, 0, 0,
	    OFF(with_none)},
};

#define NOPTDEFS (sizeof optdefs / sizeof optdefs[0])

/* --kind, and the kind INDEX.meta records (value: the index). */
static const struct opt_word kinds[] = {
	{"flat", 0}, {"ivf", 1}, {"hnsw", 2}, {"ivfpq", 3}, {NULL, 0}
};

/* --vector: a word or the column itself, which INDEX.meta records. */
static const char *const columns[] = {"fused_vec", "concept_vec"};
static const struct opt_word vectors[] = {
	{"fused", 0}, {"concept", 1}, {"fused_vec", 0}, {"concept_vec", 1},
	{NULL, 0}
};

/*
 * no_records: refuse the shared options that mean something only to a
 * program that reads or writes records, and -o unless output_ok.
 */
static void
no_records(const struct store_opts *o, int output_ok,
    void (*usage)(FILE *, int))
{
	const struct common_opts *co = &o->co;
	const char *opt = NULL;

	if (co->output && !output_ok) {
		error("-o: %s writes its operand and the database, not a "
		    "file", log_progname());
		usage(stderr, EXIT_USAGE);
	}
	if (co->force)
		opt = "-f";
	else if (co->unbuffered)
		opt = "-u";
	else if (co->nul)
		opt = "-z";
	else if (co->max_record != REC_MAX_DEFAULT)
		opt = "--max-record";
	if (opt) {
		error("%s: %s reads and writes no records", opt,
		    log_progname());
		usage(stderr, EXIT_USAGE);
	}
}

/* table_opt: an option of optdefs with a number or flag field; 0 when c
 * is another. */
static int
table_opt(int c, const char *arg, struct store_opts *o)
{
	char what[32];

	for (size_t i = 0; i < NOPTDEFS; i++) {
		const struct optdef *d = &optdefs[i];

		if (d->val != c || d->off == 0)
			continue;
		if (d->has_arg == no_argument) {
			*(int *)((char *)o + d->off) = 1;
		} else {
			snprintf(what, sizeof what, "--%s", d->name);
			*(long *)((char *)o + d->off) = estrtonum(arg, d->lo,
			    d->hi, what);
		}
		return 1;
	}
	return 0;
}

void
store_parse(int argc, char **argv, unsigned prog, struct store_opts *o,
    void (*usage)(FILE *, int))
{
	static const struct option common[] = { COMMON_LONGOPTS };
	struct option longopts[sizeof common / sizeof common[0] + NOPTDEFS + 1];
	size_t n = 0;
	unsigned char u[16];
	int c;

	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		longopts[n++] = common[i];
	for (size_t i = 0; i < NOPTDEFS; i++) {
		if (!(optdefs[i].prog & prog))
			continue;
		longopts[n].name = optdefs[i].name;
		longopts[n].has_arg = optdefs[i].has_arg;
		longopts[n].flag = NULL;
		longopts[n++].val = optdefs[i].val;
	}
	memset(&longopts[n], 0, sizeof longopts[n]);

	opt_init(&o->co);
	o->batch = 4096;
	o->k = 10;
	o->lane = o->domain = -1;
	o->width = 100;
	while ((c = getopt_long(argc, argv, prog == STORE_SEARCH ?
	    COMMON_SHORTOPTS "jk:" : COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (table_opt(c, optarg, o))
			continue;
		switch (c) {
		case 'k':
			o->k = estrtonum(optarg, 1, 10000, "-k");
			break;
		case OPT_DB:
		case OPT_DB_FILE:
			o->db = pg_db_option(c == OPT_DB_FILE, optarg);
			break;
		case OPT_EMBEDDER:
			o->embedder = optarg;
			break;
		case OPT_KIND:
			o->kind = kinds[opt_keyword(optarg, "--kind", kinds,
			    usage)].name;
			break;
		case OPT_LANE:
			/* lane_3 or 3 */
			o->lane = estrtonum(optarg + (strncmp(optarg, "lane_",
			    5) ? 0 : 5), 0, 32767, "--lane");
			break;
		case OPT_LIKE:
			if (id_uuid_parse(optarg, strlen(optarg), u))
				die(EXIT_USAGE, "--like: %s: not a UUID",
				    optarg);
			o->like = optarg;
			break;
		case OPT_NAME:
			if (!*optarg || strlen(optarg) >= 128)
				die(EXIT_USAGE, "--name: 1 to 127 bytes");
			o->name = optarg;
			break;
		case OPT_QUERIES:
			o->queries = optarg;
			break;
		case OPT_VECTOR:
			o->vector = columns[opt_keyword(optarg, "--vector",
			    vectors, usage)];
			break;
		default:
			opt_common(c, optarg, &o->co, usage);
		}
	}
	no_records(o, prog == STORE_SEARCH, usage);
}

/* ---- the database ---- */

PGconn *
store_connect(const char *conninfo)
{
	struct pg_err e;
	PGconn *pg;

	if (!(pg = pg_connect(conninfo, &e)))
		die(EXIT_REMOTE, "cannot connect to the database: %s", e.msg);
	return pg;
}

void
store_die(PGconn *pg, const PGresult *r, const char *what)
{
	struct pg_err e;

	pg_classify(pg, r, &e);
	die(e.cls == PG_DATA ? EXIT_DATA : EXIT_REMOTE, "%s: %s", what, e.msg);
}

void
store_exec(PGconn *pg, const char *sql, const char *what)
{
	struct pg_err e;

	if (pg_exec(pg, sql, &e) != PG_OK)
		die(e.cls == PG_DATA ? EXIT_DATA : EXIT_REMOTE, "%s: %s", what,
		    e.msg);
}

PGresult *
store_query(PGconn *pg, const char *sql, int n, const char *const *params,
    int binary, const char *what)
{
	PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL,
	    binary);
	ExecStatusType st = PQresultStatus(r);

	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
		store_die(pg, r, what);
	return r;
}

int64_t
store_int(PGconn *pg, const char *sql, int n, const char *const *params,
    const char *what)
{
	PGresult *r = store_query(pg, sql, n, params, 0, what);
	int64_t v = 0;

	if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return v;
}

int
store_has_table(PGconn *pg, const char *name, const char *what)
{
	const char *p[1] = { name };
	PGresult *r = store_query(pg, "SELECT to_regclass($1) IS NOT NULL", 1,
	    p, 0, what);
	int yes = strcmp(PQgetvalue(r, 0, 0), "t") == 0;

	PQclear(r);
	return yes;
}

int64_t
store_be64(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | u[i];
	return (int64_t)v;
}

int64_t *
store_ids(PGconn *pg, const char *sql, int n, const char *const *params,
    const char *what, int64_t *count)
{
	PGresult *r = store_query(pg, sql, n, params, 1, what);
	int64_t *ids;

	*count = PQntuples(r);
	ids = emalloc((*count + 1) * sizeof *ids);
	for (int64_t i = 0; i < *count; i++)
		ids[i] = store_be64(PQgetvalue(r, i, 0));
	PQclear(r);
	return ids;
}

const char *
store_vector_cols(const char *column)
{
	return strcmp(column, "fused_vec") ? "v.concept_vec, v.concept_vec16" :
	    "v.tmd_dense, v.concept_vec, v.concept_vec16";
}

/* vec_part: decode the n floats of column col of row i into v; 0, or -1
 * with err naming the stored column and what the index wants. */
static int
vec_part(const PGresult *r, int i, int col, const char *name,
    const char *uu, const char *column, size_t n, size_t dim, float *v,
    char *err, size_t errsz)
{
	size_t len = PQgetlength(r, i, col);

	if (PQgetisnull(r, i, col) || len != n * 4) {
		snprintf(err, errsz, "cpe_vectors cpe_id %s: %s is %zu bytes, "
		    "expected %zu (%zu-D float32; the index is %zu-D %s)", uu,
		    name, len, n * 4, n, dim, column);
		return -1;
	}
	vec_from_le((const unsigned char *)PQgetvalue(r, i, col), n, v);
	return 0;
}

/* concept_part: the concept vector of row i (n floats) from col
 * (concept_vec, float32) or, where that is NULL, col + 1 (concept_vec16,
 * binary16, converted exactly); 0, or -1 with err. */
static int
concept_part(const PGresult *r, int i, int col, const char *uu,
    const char *column, size_t n, size_t dim, float *v, char *err,
    size_t errsz)
{
	const unsigned char *p;
	size_t len;

	if (!PQgetisnull(r, i, col) || PQgetisnull(r, i, col + 1))
		return vec_part(r, i, col, "concept_vec", uu, column, n, dim,
		    v, err, errsz);
	len = PQgetlength(r, i, col + 1);
	if (len != n * 2) {
		snprintf(err, errsz, "cpe_vectors cpe_id %s: concept_vec16 is "
		    "%zu bytes, expected %zu (%zu-D binary16; the index is "
		    "%zu-D %s)", uu, len, n * 2, n, dim, column);
		return -1;
	}
	p = (const unsigned char *)PQgetvalue(r, i, col + 1);
	for (size_t j = 0; j < n; j++)
		v[j] = cpe_f16_to_f32((uint16_t)(p[2 * j] | p[2 * j + 1] << 8));
	return 0;
}

int
store_vector_get(const PGresult *r, int i, int idcol, int veccol,
    const char *column, size_t dim, float *v, char uu[37], char *err,
    size_t errsz)
{
	id_uuid_str((const unsigned char *)PQgetvalue(r, i, idcol), uu);
	if (strcmp(column, "fused_vec") == 0) {
		float tmd[CPE_TMD_DIM];

		if (dim <= CPE_TMD_DIM) {
			snprintf(err, errsz, "cpe_vectors cpe_id %s: the index "
			    "is %zu-D, fused_vec needs more than %d", uu, dim,
			    CPE_TMD_DIM);
			return -1;
		}
		if (vec_part(r, i, veccol, "tmd_dense", uu, column,
		    CPE_TMD_DIM, dim, tmd, err, errsz))
			return -1;
		/* The concept part straight into its place in v. */
		if (concept_part(r, i, veccol + 1, uu, column,
		    dim - CPE_TMD_DIM, dim, v + CPE_TMD_DIM, err, errsz))
			return -1;
		(void)cpe_fuse(tmd, v + CPE_TMD_DIM, dim - CPE_TMD_DIM, v);
	} else if (concept_part(r, i, veccol, uu, column, dim, dim, v, err,
	    errsz)) {
		return -1;
	}
	for (size_t j = 0; j < dim; j++)
		if (!isfinite(v[j])) {
			snprintf(err, errsz, "cpe_vectors cpe_id %s: %s element "
			    "%zu is not finite", uu, column, j);
			return -1;
		}
	vec_normalize(v, dim);
	return 0;
}

void
store_vector(const PGresult *r, int i, int idcol, int veccol,
    const char *column, size_t dim, float *v, char uu[37])
{
	char err[256];

	if (store_vector_get(r, i, idcol, veccol, column, dim, v, uu, err,
	    sizeof err))
		die(EXIT_DATA, "%s", err);
}

/* ---- the metadata file and the index ---- */

char *
store_meta_path(const char *index)
{
	struct buf b = {0};

	buf_printf(&b, "%s.meta", index);
	return buf_cstr(&b);
}

/* meta_str: the string key of object d into out[outsz]; 0 or -1. */
static int
meta_str(const struct json_doc *d, const char *key, char *out, size_t outsz)
{
	long i = json_get(d, 0, key);

	if (i < 0 || d->node[i].type != JSON_STRING ||
	    d->node[i].len >= outsz || memchr(d->node[i].s, 0, d->node[i].len))
		return -1;
	memcpy(out, d->node[i].s, d->node[i].len);
	out[d->node[i].len] = '\0';
	return 0;
}

/* meta_int: the integer key of object d into *v; 0 or -1. */
static int
meta_int(const struct json_doc *d, const char *key, int64_t *v)
{
	long i = json_get(d, 0, key);

	if (i < 0 || d->node[i].type != JSON_NUMBER)
		return -1;
	return json_int(d, i, v);
}

int
store_meta_read(const char *path, struct cpe_meta *m, const char **why)
{
	struct json_doc d = {0};
	struct buf b = {0};
	char fmt[32];
	FILE *fp;
	size_t n;
	int rc = -3;

	memset(m, 0, sizeof *m);
	if (!(fp = fopen(path, "r")))
		return errno == ENOENT ? -1 : -2;
	buf_reserve(&b, 4096);
	while ((n = fread(b.p + b.len, 1, b.cap - b.len, fp)) > 0) {
		b.len += n;
		if (b.len > (1u << 20))
			break;
		buf_reserve(&b, 4096);
	}
	if (ferror(fp)) {
		fclose(fp);
		buf_free(&b);
		return -2;
	}
	fclose(fp);
	*why = "not a JSON object";
	if (json_parse(&d, (const char *)b.p, b.len, 8) < 0 ||
	    d.node[0].type != JSON_OBJECT)
		goto out;
	*why = "format";
	if (meta_str(&d, "format", fmt, sizeof fmt) ||
	    strcmp(fmt, CPE_META_FORMAT) != 0)
		goto out;
#define S(k) do { *why = #k; \
	if (meta_str(&d, #k, m->k, sizeof m->k)) goto out; } while (0)
#define I(k) do { *why = #k; \
	if (meta_int(&d, #k, &m->k) || m->k < 0) goto out; } while (0)
	S(name); S(token); S(kind); S(vector); S(embedder); S(embed_model);
	I(dim); I(nlist); I(nprobe); I(hnsw_m); I(ef_search);
	I(trained_rows); I(ntotal); I(watermark);
	/* Keys of a later version: absent means 0. */
#define O(k) do { *why = #k; if (json_get(&d, 0, #k) >= 0 && \
	(meta_int(&d, #k, &m->k) || m->k < 0)) goto out; } while (0)
	O(pq_m); O(pq_nbits); O(rerank);
#undef S
#undef I
#undef O
	*why = "kind";
	if (!opt_word_find(kinds, m->kind))
		goto out;
	*why = "vector";
	if (strcmp(m->vector, columns[0]) && strcmp(m->vector, columns[1]))
		goto out;
	*why = "dim";
	if (m->dim < 1 || m->dim > 65536)
		goto out;
	rc = 0;
out:
	json_free(&d);
	buf_free(&b);
	return rc;
}

int
store_meta_load(const char *path, struct cpe_meta *m)
{
	const char *why = "";
	int rc = store_meta_read(path, m, &why);

	if (rc == -2)
		die(EXIT_IO, "%s:", path);
	if (rc == -3)
		die(EXIT_DATA, "%s: not a cpe-index metadata file (key %s)",
		    path, why);
	return rc;
}

void
store_meta_json(const struct cpe_meta *m, struct buf *b)
{
	buf_adds(b, "{\"format\":\"" CPE_META_FORMAT "\",\"name\":");
	json_put_str(b, m->name, strlen(m->name));
	buf_printf(b, ",\"token\":\"%s\",\"kind\":\"%s\",\"vector\":\"%s\","
	    "\"dim\":%lld,\"embedder\":", m->token, m->kind, m->vector,
	    (long long)m->dim);
	json_put_str(b, m->embedder, strlen(m->embedder));
	buf_adds(b, ",\"embed_model\":");
	json_put_str(b, m->embed_model, strlen(m->embed_model));
	buf_printf(b, ",\"nlist\":%lld,\"nprobe\":%lld,\"hnsw_m\":%lld,"
	    "\"ef_search\":%lld,\"trained_rows\":%lld,\"ntotal\":%lld,"
	    "\"watermark\":%lld", (long long)m->nlist,
	    (long long)m->nprobe, (long long)m->hnsw_m,
	    (long long)m->ef_search, (long long)m->trained_rows,
	    (long long)m->ntotal, (long long)m->watermark);
	if (!strcmp(m->kind, "ivfpq"))
		buf_printf(b, ",\"pq_m\":%lld,\"pq_nbits\":%lld,"
		    "\"rerank\":%lld", (long long)m->pq_m,
		    (long long)m->pq_nbits, (long long)m->rerank);
	buf_adds(b, "}\n");
}

size_t
store_meta_offset(const struct cpe_meta *m)
{
	return strcmp(m->vector, "fused_vec") ? 0 : 16;
}

struct cfx *
store_index_read(const char *path)
{
	struct cfx *x;

	if (cfx_read(&x, path))
		die(EXIT_DATA, "%s: %s", path, cfx_error());
	return x;
}

/* ---- one query ---- */

const char STORE_HITS_SQL[] = "SELECT r.row_id, e.cpe_id, e.doc_id,"
    " coalesce(l.title, e.chunk_position->>'article_title', ''),"
    " coalesce(e.section, ''), e.chunk_index, e.tmd_lane,"
    " e.concept_text FROM cpe_index_row r JOIN cpe_entry e"
    " USING (cpe_id) LEFT JOIN cpe_ledger l ON l.doc_id = e.doc_id"
    " WHERE r.row_id = ANY ($1::bigint[]) AND NOT r.deleted";

/* A row whose codes are no finding (tmd_source "none": the heuristic's
 * defaults) is in no lane or domain unless asked. */
const char STORE_FILTER_SQL[] = "SELECT r.row_id FROM cpe_index_row r"
    " JOIN cpe_entry e USING (cpe_id) WHERE NOT r.deleted"
    " AND ($1::int < 0 OR e.lane_index = $1::int)"
    " AND ($2::int < 0 OR e.domain_code = $2::int)"
    " AND ($3::bool OR e.tmd_source IS DISTINCT FROM 'none')";

int
store_hits(PGconn *pg, const char *stmt, int k, const float *dist,
    const int64_t *lab, struct store_hit *h, size_t *nh, size_t *nstale,
    PGresult **res)
{
	struct buf ids = {0};
	const char *p[1];
	PGresult *r;
	ExecStatusType st;
	int nl = 0;

	*nh = 0;
	buf_adds(&ids, "{");
	for (int i = 0; i < k; i++)
		if (lab[i] >= 0)
			buf_printf(&ids, "%s%lld", nl++ ? "," : "",
			    (long long)lab[i]);
	buf_adds(&ids, "}");
	p[0] = buf_cstr(&ids);
	r = stmt ? PQexecPrepared(pg, stmt, 1, p, NULL, NULL, 0) :
	    PQexecParams(pg, STORE_HITS_SQL, 1, NULL, p, NULL, NULL, 0);
	buf_free(&ids);
	*res = r;
	st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK)
		return -1;
	for (int i = 0; i < k; i++) {
		int t;

		if (lab[i] < 0)
			continue;
		for (t = 0; t < PQntuples(r); t++)
			if (strtoll(PQgetvalue(r, t, 0), NULL, 10) == lab[i])
				break;
		if (t == PQntuples(r)) {
			(*nstale)++;
			continue;
		}
		h[*nh].row_id = lab[i];
		h[*nh].score = dist[i];
		h[*nh].cpe_id = PQgetvalue(r, t, 1);
		h[*nh].doc_id = PQgetvalue(r, t, 2);
		h[*nh].title = PQgetvalue(r, t, 3);
		h[*nh].section = PQgetvalue(r, t, 4);
		h[*nh].chunk = PQgetvalue(r, t, 5);
		h[*nh].lane = PQgetvalue(r, t, 6);
		h[*nh].text = PQgetvalue(r, t, 7);
		(*nh)++;
	}
	return 0;
}

void
store_hit_json(struct buf *b, size_t qi, const char *label, size_t rank,
    const struct store_hit *h)
{
	buf_printf(b, "{\"query\":%zu,\"query_text\":", qi);
	json_put_str(b, label, strlen(label));
	buf_printf(b, ",\"rank\":%zu,\"score\":%.6g,\"row_id\":%lld,"
	    "\"cpe_id\":\"%s\",\"doc_id\":", rank, h->score,
	    (long long)h->row_id, h->cpe_id);
	json_put_str(b, h->doc_id, strlen(h->doc_id));
	buf_adds(b, ",\"title\":");
	json_put_str(b, h->title, strlen(h->title));
	buf_adds(b, ",\"section\":");
	json_put_str(b, h->section, strlen(h->section));
	buf_printf(b, ",\"chunk_index\":%s,\"tmd_lane\":",
	    *h->chunk ? h->chunk : "null");
	json_put_str(b, h->lane, strlen(h->lane));
	/* lane: the name for the same value; tmd_lane stays for
	 * the scripts written before it. */
	buf_adds(b, ",\"lane\":");
	json_put_str(b, h->lane, strlen(h->lane));
	buf_adds(b, ",\"text\":");
	json_put_str(b, h->text, strlen(h->text));
	buf_adds(b, "}");
}

int
store_lane_parse(const char *s, long *lane)
{
	char *end;
	long v;

	if (!strncmp(s, "lane_", 5))
		s += 5;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v > 32767)
		return -1;
	*lane = v;
	return 0;
}

int
store_embedder_open(const struct cpe_meta *m, const char *path,
    const char *spec, struct embedder **e, char *err, size_t errsz)
{
	const char *sp = spec ? spec : m->embedder;
	char pin[sizeof m->embedder + 16], why[256];
	int st;

	*e = NULL;
	if ((st = embed_open(sp, e, why, sizeof why)))
		goto fail_open;
	/* An index of an earlier feature version ("hash-v1-...") is
	 * searched with that version's features. */
	if (spec == NULL && strcmp(embed_model(*e), m->embed_model) &&
	    embed_spec_pin(sp, m->embed_model, pin, sizeof pin)) {
		embed_close(*e);
		sp = pin;
		if ((st = embed_open(sp, e, why, sizeof why)))
			goto fail_open;
	}
	if (strcmp(embed_model(*e), m->embed_model)) {
		snprintf(err, errsz, "--embedder %s gives model %s, but %s was "
		    "built with %s (%s)", sp, embed_model(*e), path,
		    m->embed_model, m->embedder);
		st = EXIT_USAGE;
		goto fail;
	}
	if (embed_dim(*e) + store_meta_offset(m) != (size_t)m->dim) {
		snprintf(err, errsz, "%s: embedder %s gives %zu-D vectors, the "
		    "index is %lld-D", path, sp, embed_dim(*e),
		    (long long)m->dim);
		st = EXIT_DATA;
		goto fail;
	}
	return 0;
fail_open:
	snprintf(err, errsz, "embedder %s: %s", sp, why);
	return st;
fail:
	embed_close(*e);
	*e = NULL;
	return st;
}

int
store_query_vector(struct embedder *e, const struct cpe_meta *m,
    const char *text, size_t len, float *v)
{
	size_t off = store_meta_offset(m);
	int st;

	memset(v, 0, m->dim * sizeof *v);
	if ((st = embed_texts(e, 1, &text, &len, v + off)))
		return st;
	return vec_norm(v, m->dim) == 0 ? EXIT_DATA : 0;
}

int
store_probe(const struct cpe_meta *m, long nprobe, long efs)
{
	return (int)(!strcmp(m->kind, "hnsw") ? (efs ? efs : m->ef_search) :
	    (nprobe ? nprobe : m->nprobe));
}
