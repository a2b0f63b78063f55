/* SPDX-License-Identifier: ISC */
/*
 * cpe-serve: answer searches of one cpe-index index over HTTP.
 *
 * The index is loaded once.  One libmicrohttpd thread does the HTTP
 * (HTTP/1.1, keep-alive) and answers what needs no database (the page,
 * /metrics, every refusal); a complete search is suspended and put on
 * one FIFO queue, which N worker threads serve in arrival order, each
 * with its own read-only database connection, prepared statements and
 * embedder; the worker builds the answer and resumes the connection.
 * (The first version let each of a pool of HTTP threads grab a worker
 * through a condition variable: not first come, first served, so the
 * tail at 32 clients was 2.5 times the mean.)  /health goes on a queue
 * of its own with its own connection, so that it answers under load.
 * A query runs what cpe-search runs (the store module:
 * filters/cpe-store.c), so it gives the same hits, scores and order, in
 * cpe-search -j's JSON objects.
 *
 *   GET  /search?q=TEXT&k=N&lane=L&domain=D   (or like=CPE_ID for q)
 *   POST /search   {"q":..,"k":..} or {"queries":[{"q":..},..]}
 *   GET  /health   200 when the database answers, else 503
 *   GET  /metrics  Prometheus text
 *   GET  /         the search page
 *
 * It follows the index: a thread watches INDEX.meta (written last by a
 * cpe-index sync) and, when it changes, loads the new generation and
 * switches to it; a request holds a reference to the generation it
 * started on, which is freed after the last such request.
 *
 * Every error is a JSON object {"error":{"status":N,"message":".."}}
 * whose message never holds SQL or a server's text (those go to stderr);
 * the one exception is a request line and headers past the memory
 * libmicrohttpd has for a connection (4 times --max-header), which it
 * refuses itself with its own page before any callback of ours is
 * called.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <microhttpd.h>

#include "common/embed.h"
#include "common/id.h"
#include "common/json.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/pg.h"
#include "common/suite.h"
#include "common/util.h"
#include "cpe-faiss.h"
#include "cpe-serve.h"
#include "cpe-store.h"

/* Options of its own, after those it shares with cpe-search
 * (cpe-store.h: OPT_DB, OPT_DB_FILE, OPT_EFS, OPT_EMBEDDER, OPT_NPROBE,
 * OPT_RERANK, OPT_THREADS). */
enum {
	OPT_LISTEN = OPT_WITH_NONE + 1,
	OPT_MAX_BATCH,
	OPT_MAX_BODY,
	OPT_MAX_CONN,
	OPT_MAX_HEADER,
	OPT_MAX_K,
	OPT_MAX_QUERY,
	OPT_MAX_QUEUE,
	OPT_REQ_TIMEOUT,
	OPT_TIMEOUT,
	OPT_TOKEN_FILE
};

struct opts {
	const char *db, *embedder, *listen, *token_file;
	long threads, max_k, max_query, max_body, max_batch, max_conn;
	long max_header, max_queue, req_timeout;
	long timeout, nprobe, efs, rerank;
};

/* One generation of the index, shared by the requests that use it. */
struct ix {
	struct cpe_meta m;
	struct cfx *idx;
	int64_t gen;		/* its watermark: every sync moves it */
	int probe;
	int refs;		/* under S.mu: the server's and each request's */
	struct stat st;		/* INDEX.meta's, when read */
};

/* One worker thread and what a request needs of its own. */
struct worker {
	PGconn *pg;		/* NULL or bad: reconnect on next use */
	struct embedder *e;	/* NULL for the health thread */
	pthread_t t;
};

/* A request's state across libmicrohttpd's calls, from its request
 * line (uri_log) to its end (done). */
struct req {
	struct buf body;
	int too_big;		/* the body passed --max-body */
	int seen;		/* the handler was called once */
	unsigned refuse;	/* 414 or 431: the request line or headers
				 * passed --max-header */
	size_t head_len;	/* their length */
	double t0;		/* the request line's arrival */
	/* A job on a queue: */
	struct MHD_Connection *c;
	struct q *qs;		/* the queries of a search, checked */
	size_t nq;
	double tq;		/* when it was queued */
	struct req *next;
	/* The answer a worker built, sent when the connection resumes. */
	int ready;
	unsigned status;
	const char *type;
	struct buf out;
};

/* A FIFO of suspended requests, under S.qmu. */
struct queue {
	struct req *head, *tail;
	long len;
	pthread_cond_t cv;	/* a job was added, or the workers stop */
};

/* The latency histogram's upper bounds, seconds. */
static const double lat_le[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01,
	0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };
#define NLE (sizeof lat_le / sizeof lat_le[0])

static struct {
	struct opts o;
	const char *path;
	char *meta_path;
	struct ix *cur;		/* under mu: the generation new requests use */
	int stop;		/* under mu: the watcher ends */
	pthread_cond_t stop_cv;	/* signals stop */
	atomic_ulong reloads;
	char *token;		/* NULL: none asked */
	size_t token_len;
	pthread_mutex_t mu;
	struct worker *w;
	int nw;
	struct worker hw;	/* the health thread's */
	pthread_mutex_t qmu;
	struct queue sq, hq;	/* searches, health */
	long inflight;		/* under qmu: queued or being answered */
	pthread_cond_t drain_cv;	/* inflight fell */
	int closing;		/* under qmu: queue no more */
	int wstop;		/* under qmu: the workers end */
	atomic_ulong queue_timeouts, queue_full;
	atomic_long conns;
	atomic_ulong by_status[600];
	atomic_ulong lat_bucket[NLE + 1];
	atomic_ulong lat_count;
	atomic_ullong lat_sum_us;
	atomic_int db_ok;
} S;

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: cpe-serve [-hqVv] [--db CONNINFO] [--db-file FILE] "
	    "[--ef-search N]\n"
	    "                 [--embedder SPEC] [--listen ADDR:PORT] "
	    "[--max-batch N]\n"
	    "                 [--max-body BYTES] [--max-connections N] "
	    "[--max-header BYTES]\n"
	    "                 [--max-k N] [--max-query BYTES] "
	    "[--max-queue N] [--nprobe N]\n"
	    "                 [--request-timeout MS] [--rerank N] "
	    "[--threads N]\n"
	    "                 [--timeout SECONDS] [--token-file FILE] INDEX\n"
	    "Answer searches of the cpe-index INDEX over HTTP.\n\n"
	    "      --db CONNINFO    libpq conninfo or URI (default: PG* "
	    "variables)\n"
	    "      --db-file FILE   read the conninfo from FILE's first line "
	    "(not argv)\n"
	    "      --ef-search N    HNSW search breadth (recorded value)\n"
	    "      --embedder SPEC  must give the recorded embedder's model "
	    "(recorded SPEC)\n"
	    "  -h, --help           print this help and exit\n"
	    "      --listen ADDR:PORT  address to listen on (127.0.0.1:8080)\n"
	    "      --max-batch N    queries in one POST (64)\n"
	    "      --max-body BYTES  POST body size (1048576)\n"
	    "      --max-connections N  open connections before 429 (256)\n"
	    "      --max-header BYTES  request line and headers (16384)\n"
	    "      --max-k N        hits a query may ask for (100)\n"
	    "      --max-query BYTES  query text length (4096)\n"
	    "      --max-queue N    searches waiting for a worker before 503 "
	    "(128)\n"
	    "      --nprobe N       IVF lists to search (recorded value)\n"
	    "  -q, --quiet          print errors only\n"
	    "      --request-timeout MS  answer 503 to a search that waited "
	    "longer (5000)\n"
	    "      --rerank N       ivfpq candidates re-ranked exactly "
	    "(recorded value)\n"
	    "      --threads N      workers: database connections and "
	    "embedders (cores)\n"
	    "      --timeout SECONDS  close an idle connection, end a database "
	    "statement,\n"
	    "                       after that long (30)\n"
	    "      --token-file FILE  require \"Authorization: Bearer TOKEN\", "
	    "TOKEN\n"
	    "                       FILE's first line (needed off loopback)\n"
	    "  -V, --version        print the version and exit\n"
	    "  -v, --verbose        say more (repeatable)\n");
	exit(status);
}

/* ---- options ---- */

static void
read_token(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!fp)
		die(EXIT_IO, "%s:", path);
	n = getline(&line, &cap, fp);
	fclose(fp);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (n < 16)
		die(EXIT_USAGE, "--token-file %s: the first line must hold a "
		    "token of at least 16 characters", path);
	S.token = line;
	S.token_len = n;
}

static long
num(const char *arg, long lo, long hi, const char *opt)
{
	return (long)estrtonum(arg, lo, hi, opt);
}

static void
parse_args(int argc, char **argv)
{
	static const struct option lo[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"db-file", required_argument, NULL, OPT_DB_FILE},
		{"ef-search", required_argument, NULL, OPT_EFS},
		{"embedder", required_argument, NULL, OPT_EMBEDDER},
		{"help", no_argument, NULL, 'h'},
		{"listen", required_argument, NULL, OPT_LISTEN},
		{"max-batch", required_argument, NULL, OPT_MAX_BATCH},
		{"max-body", required_argument, NULL, OPT_MAX_BODY},
		{"max-connections", required_argument, NULL, OPT_MAX_CONN},
		{"max-header", required_argument, NULL, OPT_MAX_HEADER},
		{"max-k", required_argument, NULL, OPT_MAX_K},
		{"max-query", required_argument, NULL, OPT_MAX_QUERY},
		{"max-queue", required_argument, NULL, OPT_MAX_QUEUE},
		{"nprobe", required_argument, NULL, OPT_NPROBE},
		{"quiet", no_argument, NULL, 'q'},
		{"request-timeout", required_argument, NULL, OPT_REQ_TIMEOUT},
		{"rerank", required_argument, NULL, OPT_RERANK},
		{"threads", required_argument, NULL, OPT_THREADS},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"token-file", required_argument, NULL, OPT_TOKEN_FILE},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{0}
	};
	struct opts *o = &S.o;
	struct common_opts co;
	int c;

	opt_init(&co);
	o->listen = "127.0.0.1:8080";
	o->threads = sysconf(_SC_NPROCESSORS_ONLN);
	if (o->threads < 1)
		o->threads = 1;
	o->max_header = 16384;
	o->max_queue = 128;
	o->req_timeout = 5000;
	o->max_k = 100;
	o->max_query = 4096;
	o->max_body = 1 << 20;
	o->max_batch = 64;
	o->max_conn = 256;
	o->timeout = 30;
	while ((c = getopt_long(argc, argv, ":hqVv", lo, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
		case OPT_DB_FILE:
			o->db = pg_db_option(c == OPT_DB_FILE, optarg);
			break;
		case OPT_EFS:
			o->efs = num(optarg, 1, 1 << 16, "--ef-search");
			break;
		case OPT_EMBEDDER:
			o->embedder = optarg;
			break;
		case OPT_LISTEN:
			o->listen = optarg;
			break;
		case OPT_MAX_BATCH:
			o->max_batch = num(optarg, 1, 100000, "--max-batch");
			break;
		case OPT_MAX_BODY:
			o->max_body = num(optarg, 64, 1L << 30, "--max-body");
			break;
		case OPT_MAX_CONN:
			o->max_conn = num(optarg, 1, 100000,
			    "--max-connections");
			break;
		case OPT_MAX_HEADER:
			o->max_header = num(optarg, 256, 1L << 24,
			    "--max-header");
			break;
		case OPT_MAX_K:
			o->max_k = num(optarg, 1, 100000, "--max-k");
			break;
		case OPT_MAX_QUERY:
			o->max_query = num(optarg, 1, 1L << 24, "--max-query");
			break;
		case OPT_MAX_QUEUE:
			o->max_queue = num(optarg, 1, 1000000, "--max-queue");
			break;
		case OPT_REQ_TIMEOUT:
			o->req_timeout = num(optarg, 1, 86400000,
			    "--request-timeout");
			break;
		case OPT_NPROBE:
			o->nprobe = num(optarg, 1, 65536, "--nprobe");
			break;
		case OPT_RERANK:
			o->rerank = num(optarg, 1, 1 << 16, "--rerank");
			break;
		case OPT_THREADS:
			o->threads = num(optarg, 1, 1024, "--threads");
			break;
		case OPT_TIMEOUT:
			o->timeout = num(optarg, 1, 86400, "--timeout");
			break;
		case OPT_TOKEN_FILE:
			o->token_file = optarg;
			break;
		default:
			opt_common(c, optarg, &co, usage);
		}
	}
	if (optind == argc) {
		error("no INDEX given");
		usage(stderr, EXIT_USAGE);
	}
	if (optind + 1 < argc) {
		error("one INDEX only (%s is extra)", argv[optind + 1]);
		usage(stderr, EXIT_USAGE);
	}
	S.path = argv[optind];
}

/* parse_listen: ADDR:PORT (ADDR an IPv4 address, or [IPv6]) into sa;
 * *loop is set when ADDR is a loopback address. */
static void
parse_listen(const char *s, struct sockaddr_storage *sa, int *loop)
{
	const char *colon = strrchr(s, ':');
	char host[64];
	size_t hl;
	long port;

	memset(sa, 0, sizeof *sa);
	if (!colon || colon == s || (hl = colon - s) >= sizeof host)
		die(EXIT_USAGE, "--listen %s: want ADDR:PORT", s);
	memcpy(host, s, hl);
	host[hl] = '\0';
	port = estrtonum(colon + 1, 0, 65535, "--listen's PORT");
	if (host[0] == '[' && host[hl - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)sa;

		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			die(EXIT_USAGE, "--listen %s: not an IPv6 address", s);
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*loop = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)sa;

		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			die(EXIT_USAGE, "--listen %s: not an IPv4 address "
			    "(IPv6 goes in brackets)", s);
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*loop = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
	}
}

/* ---- the index and its generations ---- */

static struct ix *
ix_get(void)
{
	struct ix *x;

	pthread_mutex_lock(&S.mu);
	x = S.cur;
	x->refs++;
	pthread_mutex_unlock(&S.mu);
	return x;
}

static void
ix_put(struct ix *x)
{
	int last;

	pthread_mutex_lock(&S.mu);
	last = --x->refs == 0;
	pthread_mutex_unlock(&S.mu);
	if (last) {
		info(3, "%s: generation %lld freed", S.path, (long long)x->gen);
		cfx_free(x->idx);
		free(x);
	}
}

/*
 * ix_read: INDEX.meta and INDEX as they are now, or NULL with the reason
 * in why (the files are missing, unreadable, damaged or disagree: a sync
 * may be writing them).  *status gets the exit status that reason
 * would have at start.  Never exits.
 */
static struct ix *
ix_read(char *why, size_t whysz, int *status)
{
	struct ix *x = ecalloc(1, sizeof *x);
	const char *key;
	int rc;

	if (stat(S.meta_path, &x->st) == -1 ||
	    (rc = store_meta_read(S.meta_path, &x->m, &key)) == -1) {
		snprintf(why, whysz, "%s: no such index (%s is missing; build "
		    "it with cpe-index)", S.path, S.meta_path);
		*status = EXIT_IO;
		goto fail;
	}
	if (rc == -2) {
		snprintf(why, whysz, "%s: %s", S.meta_path, strerror(errno));
		*status = EXIT_IO;
		goto fail;
	}
	if (rc == -3) {
		snprintf(why, whysz, "%s: not a cpe-index metadata file (key "
		    "%s)", S.meta_path, key);
		*status = EXIT_DATA;
		goto fail;
	}
	if (cfx_read(&x->idx, S.path)) {
		snprintf(why, whysz, "%s: %s", S.path, cfx_error());
		*status = access(S.path, R_OK) ? EXIT_IO : EXIT_DATA;
		goto fail;
	}
	if (cfx_dim(x->idx) != x->m.dim ||
	    cfx_ntotal(x->idx) != x->m.ntotal) {
		snprintf(why, whysz, "%s is %d-D with %lld rows but its metadata "
		    "says %lld-D with %lld: rebuild it", S.path,
		    cfx_dim(x->idx), (long long)cfx_ntotal(x->idx),
		    (long long)x->m.dim, (long long)x->m.ntotal);
		*status = EXIT_DATA;
		goto fail;
	}
	x->gen = x->m.watermark;
	x->probe = store_probe(&x->m, S.o.nprobe, S.o.efs);
	if (!strcmp(x->m.kind, "ivfpq"))
		cfx_set_rerank(x->idx, (int)(S.o.rerank ? S.o.rerank :
		    x->m.rerank));
	x->refs = 1;
	return x;
fail:
	if (x->idx)
		cfx_free(x->idx);
	free(x);
	return NULL;
}

/* watch: every second, load a changed INDEX.meta's generation and
 * switch to it when it is searched as the current one is. */
static void *
watch(void *arg)
{
	struct timespec ts;
	char why[512];
	int st, quiet = 0;

	(void)arg;
	pthread_mutex_lock(&S.mu);
	for (;;) {
		struct stat sb;
		struct ix *x, *old;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		while (!S.stop && pthread_cond_timedwait(&S.stop_cv, &S.mu,
		    &ts) != ETIMEDOUT)
			;
		if (S.stop)
			break;
		old = S.cur;
		pthread_mutex_unlock(&S.mu);
		if (stat(S.meta_path, &sb) == -1 ||
		    (sb.st_ino == old->st.st_ino &&
		    sb.st_mtim.tv_sec == old->st.st_mtim.tv_sec &&
		    sb.st_mtim.tv_nsec == old->st.st_mtim.tv_nsec &&
		    sb.st_size == old->st.st_size)) {
			pthread_mutex_lock(&S.mu);
			continue;
		}
		if (!(x = ix_read(why, sizeof why, &st))) {
			/* Half written: next second. */
			info(3, "%s", why);
		} else if (x->m.dim != old->m.dim ||
		    strcmp(x->m.vector, old->m.vector) ||
		    strcmp(x->m.embed_model, old->m.embed_model)) {
			if (!quiet++)
				warn("%s: the new index is %lld-D %s of %s; "
				    "still serving generation %lld (restart "
				    "to follow it)", S.path,
				    (long long)x->m.dim, x->m.vector,
				    x->m.embed_model, (long long)old->gen);
			cfx_free(x->idx);
			free(x);
		} else {
			quiet = 0;
			pthread_mutex_lock(&S.mu);
			S.cur = x;
			pthread_mutex_unlock(&S.mu);
			atomic_fetch_add(&S.reloads, 1);
			info(2, "%s: now generation %lld (%s, %lld rows, "
			    "watermark %lld)", S.path, (long long)x->gen,
			    x->m.kind, (long long)cfx_ntotal(x->idx),
			    (long long)x->m.watermark);
			ix_put(old);
		}
		pthread_mutex_lock(&S.mu);
	}
	pthread_mutex_unlock(&S.mu);
	return NULL;
}

/* ---- workers ---- */

static const char *const stmt_sql[][2] = {
	{ "hits", NULL },	/* STORE_HITS_SQL */
	{ "filter", NULL },	/* STORE_FILTER_SQL */
	{ "like", NULL },	/* a row's stored vector */
};

static char like_sql[320];

/* worker_db: a usable connection for w, (re)connecting and preparing the
 * statements; 0, or -1 (logged) when the database cannot be reached. */
static int
worker_db(struct worker *w)
{
	const char *sql[3] = { STORE_HITS_SQL, STORE_FILTER_SQL, like_sql };
	char set[128];
	struct pg_err e;
	PGresult *r;

	if (w->pg && PQstatus(w->pg) == CONNECTION_OK)
		return 0;
	if (w->pg)
		PQfinish(w->pg);
	if (!(w->pg = pg_connect(S.o.db, &e))) {
		warn("cannot connect to the database: %s", e.msg);
		return -1;
	}
	snprintf(set, sizeof set, "SET default_transaction_read_only = on;"
	    " SET statement_timeout = %ld", S.o.timeout * 1000);
	if (pg_exec(w->pg, set, &e)) {
		warn("database: %s", e.msg);
		goto fail;
	}
	for (int i = 0; i < 3; i++) {
		r = PQprepare(w->pg, stmt_sql[i][0], sql[i], 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			pg_classify(w->pg, r, &e);
			warn("database: preparing %s: %s", stmt_sql[i][0],
			    e.msg);
			PQclear(r);
			goto fail;
		}
		PQclear(r);
	}
	return 0;
fail:
	PQfinish(w->pg);
	w->pg = NULL;
	return -1;
}

/* ---- responses ---- */

static enum MHD_Result
reply(struct MHD_Connection *c, struct req *rq, unsigned status,
    const char *type, const void *p, size_t n)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(n,
	    (void *)p, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;
	double dt = now_sec() - (rq ? rq->t0 : now_sec());
	size_t b = 0;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (status == 401)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
	if (status == 429 || status == 503)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	if (status < 600)
		atomic_fetch_add(&S.by_status[status], 1);
	while (b < NLE && dt > lat_le[b])
		b++;
	atomic_fetch_add(&S.lat_bucket[b], 1);
	atomic_fetch_add(&S.lat_count, 1);
	atomic_fetch_add(&S.lat_sum_us, (unsigned long long)(dt * 1e6));
	return ret;
}

/* err_json: the error object of status and msg, appended to b. */
static void
err_json(struct buf *b, unsigned status, const char *msg)
{
	buf_printf(b, "{\"error\":{\"status\":%u,\"message\":", status);
	json_put_str(b, msg, strlen(msg));
	buf_adds(b, "}}\n");
}

static enum MHD_Result
reply_err(struct MHD_Connection *c, struct req *rq, unsigned status,
    const char *msg)
{
	struct buf b = {0};
	enum MHD_Result ret;

	err_json(&b, status, msg);
	ret = reply(c, rq, status, "application/json", b.p, b.len);
	buf_free(&b);
	return ret;
}

/* ---- search ---- */

/* One query of a request, checked. */
struct q {
	const char *text;	/* NULL with like */
	size_t len;
	const char *like;	/* a cpe_id, NULL with text */
	long k, lane, domain;
	int with_none;
	char *own[2];		/* text and like copied from a JSON body */
};

/* An error a query ends with: HTTP status and message. */
struct qerr {
	unsigned status;
	char msg[160];
};

static int
qfail(struct qerr *e, unsigned status, const char *fmt, const char *arg)
{
	e->status = status;
	snprintf(e->msg, sizeof e->msg, fmt, arg);
	return -1;
}

/* check_k etc.: the text of a parameter into q, or -1 with e set. */
static int
parse_long(const char *s, long lo, long hi, long *v)
{
	char *end;

	errno = 0;
	if (!s || !*s)
		return -1;
	*v = strtol(s, &end, 10);
	return errno || *end || *v < lo || *v > hi ? -1 : 0;
}

/* check_params: k, lane and domain (each NULL: keep q's) into q. */
static int
check_params(struct q *q, const char *k, const char *lane,
    const char *domain, struct qerr *e)
{
	long v;

	if (k) {
		if (parse_long(k, 1, LONG_MAX, &v))
			return qfail(e, 400, "k must be a whole number from 1 "
			    "(not \"%.40s\")", k);
		if (v > S.o.max_k) {
			snprintf(e->msg, sizeof e->msg, "k must be at most %ld",
			    S.o.max_k);
			e->status = 400;
			return -1;
		}
		q->k = v;
	}
	if (lane && store_lane_parse(lane, &q->lane))
		return qfail(e, 400, "unknown lane \"%.40s\" (want lane_N or N, "
		    "0-32767)", lane);
	if (domain && parse_long(domain, 0, 15, &q->domain))
		return qfail(e, 400, "unknown domain \"%.40s\" (want 0-15)",
		    domain);
	return 0;
}

/* check_query: check_params, then the text or like of q. */
static int
check_query(struct q *q, const char *k, const char *lane,
    const char *domain, struct qerr *e)
{
	unsigned char u[16];

	if (check_params(q, k, lane, domain, e))
		return -1;
	if (q->like) {
		if (id_uuid_parse(q->like, strlen(q->like), u))
			return qfail(e, 400, "like: \"%.40s\" is not a UUID",
			    q->like);
		return 0;
	}
	if (!q->text)
		return qfail(e, 400, "no query: give q (or like)%s", "");
	if (q->len > (size_t)S.o.max_query) {
		snprintf(e->msg, sizeof e->msg, "the query is %zu bytes, at "
		    "most %ld are allowed", q->len, S.o.max_query);
		e->status = 413;
		return -1;
	}
	if (q->len == 0 || !json_valid_utf8(q->text, q->len) ||
	    memchr(q->text, '\0', q->len))
		return qfail(e, 400, "the query must be non-empty UTF-8 "
		    "text%s", "");
	return 0;
}

/* db_fail: log the failed result and say 503 (or 400 for a value the
 * server refused), never passing its text on. */
static int
db_fail(struct worker *w, PGresult *r, const char *what, struct qerr *e)
{
	struct pg_err pe;

	pg_classify(w->pg, r, &pe);
	warn("database: %s: %s", what, pe.msg);
	PQclear(r);
	if (PQstatus(w->pg) != CONNECTION_OK) {
		atomic_store(&S.db_ok, 0);
		return qfail(e, 503, "the database is unavailable%s", "");
	}
	return qfail(e, 503, "the database could not answer%s", "");
}

/* run_query: search q (number qi of the request) and append its hits to
 * out, each as cpe-search -j's object followed by ",".  0 or -1 with e. */
static int
run_query(struct worker *w, const struct ix *x, const struct q *q,
    size_t qi, struct buf *out, struct qerr *e)
{
	size_t dim = x->m.dim, nh = 0, nstale = 0;
	float *v = emalloc(dim * sizeof *v), *dist = NULL;
	int64_t *lab = NULL, *sel = NULL, nsel = 0;
	struct store_hit *h = NULL;
	PGresult *r = NULL;
	char label[40], vmsg[256];
	int st, ret = -1;

	if (worker_db(w)) {
		atomic_store(&S.db_ok, 0);
		qfail(e, 503, "the database is unavailable%s", "");
		goto out;
	}
	if (q->like) {
		const char *p[1] = { q->like };

		r = PQexecPrepared(w->pg, "like", 1, p, NULL, NULL, 1);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			db_fail(w, r, "reading the like row", e);
			goto out;
		}
		if (PQntuples(r) == 0) {
			PQclear(r);
			qfail(e, 404, "like: no row %.40s", q->like);
			goto out;
		}
		if (store_vector_get(r, 0, 0, 1, x->m.vector, dim, v, label,
		    vmsg, sizeof vmsg)) {
			/* The store's fault, not the request's: 500, and the
			 * server goes on (cpe-search exits 1 here). */
			warn("like %s: %s", label, vmsg);
			PQclear(r);
			qfail(e, 500, "like: the stored vector of %.40s is "
			    "damaged", label);
			goto out;
		}
		PQclear(r);
	} else if ((st = store_query_vector(w->e, &x->m, q->text, q->len,
	    v))) {
		if (st == EXIT_DATA)
			qfail(e, 400, "the embedder finds no features in the "
			    "query%s", "");
		else {
			warn("embedder: %s", embed_errmsg(w->e));
			qfail(e, 503, "the embedder failed%s", "");
		}
		goto out;
	}
	if (q->lane >= 0 || q->domain >= 0) {
		char a[24], b[24];
		const char *p[3] = { a, b, q->with_none ? "t" : "f" };

		snprintf(a, sizeof a, "%ld", q->lane);
		snprintf(b, sizeof b, "%ld", q->domain);
		r = PQexecPrepared(w->pg, "filter", 3, p, NULL, NULL, 1);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			db_fail(w, r, "reading the filter rows", e);
			goto out;
		}
		nsel = PQntuples(r);
		sel = emalloc((nsel + 1) * sizeof *sel);
		for (int64_t i = 0; i < nsel; i++)
			sel[i] = store_be64(PQgetvalue(r, i, 0));
		PQclear(r);
	}
	dist = emalloc(q->k * sizeof *dist);
	lab = emalloc(q->k * sizeof *lab);
	if (cfx_search(x->idx, 1, v, (int)q->k, x->probe, 0, sel,
	    sel ? nsel : 0, dist, lab)) {
		warn("%s: search: %s", S.path, cfx_error());
		qfail(e, 503, "the search failed%s", "");
		goto out;
	}
	h = ecalloc(q->k + 1, sizeof *h);
	if (store_hits(w->pg, "hits", (int)q->k, dist, lab, h, &nh, &nstale,
	    &r)) {
		db_fail(w, r, "reading the rows of the hits", e);
		goto out;
	}
	for (size_t i = 0; i < nh; i++) {
		store_hit_json(out, qi, q->like ? label : q->text, i + 1,
		    &h[i]);
		buf_adds(out, ",");
	}
	PQclear(r);
	atomic_store(&S.db_ok, 1);
	ret = 0;
out:
	free(v);
	free(dist);
	free(lab);
	free(sel);
	free(h);
	return ret;
}

/* job_search: run the n queries of rq (worker w) and put the answer,
 * {"hits":[...]} or an error, in rq. */
static void
job_search(struct worker *w, struct req *rq)
{
	const struct q *qs = rq->qs;
	size_t n = rq->nq, i;
	struct ix *x = ix_get();
	struct buf *out = &rq->out;
	struct qerr e;

	rq->type = "application/json";
	buf_adds(out, "{\"hits\":[");
	for (i = 0; i < n; i++) {
		int rc = run_query(w, x, &qs[i], i, out, &e);

		/* A connection the server closed since (a restart) shows
		 * on its first use: once more on a new one. */
		if (rc && e.status == 503 && w->pg &&
		    PQstatus(w->pg) != CONNECTION_OK)
			rc = run_query(w, x, &qs[i], i, out, &e);
		if (rc)
			break;
	}
	ix_put(x);
	if (i < n) {
		out->len = 0;
		rq->status = e.status;
		if (n > 1) {
			char m[200];

			snprintf(m, sizeof m, "query %zu: %s", i, e.msg);
			err_json(out, e.status, m);
		} else {
			err_json(out, e.status, e.msg);
		}
		return;
	}
	if (out->p[out->len - 1] == ',')
		out->len--;
	buf_adds(out, "]}\n");
	rq->status = 200;
}

static void
qs_free(struct q *qs, size_t n)
{
	for (size_t i = 0; qs && i < n; i++) {
		free(qs[i].own[0]);
		free(qs[i].own[1]);
	}
	free(qs);
}

/*
 * enqueue: suspend the connection of rq and put rq at the end of qu, for
 * a worker; 503 at once when the queue holds --max-queue searches or the
 * server is stopping.
 */
static enum MHD_Result
enqueue(struct MHD_Connection *c, struct req *rq, struct queue *qu)
{
	pthread_mutex_lock(&S.qmu);
	if (S.closing) {
		pthread_mutex_unlock(&S.qmu);
		return reply_err(c, rq, 503, "the server is stopping");
	}
	if (qu == &S.sq && qu->len >= S.o.max_queue) {
		char m[120];

		pthread_mutex_unlock(&S.qmu);
		atomic_fetch_add(&S.queue_full, 1);
		snprintf(m, sizeof m, "the server is busy: %ld searches are "
		    "waiting (--max-queue)", S.o.max_queue);
		return reply_err(c, rq, 503, m);
	}
	rq->c = c;
	rq->tq = now_sec();
	rq->next = NULL;
	if (qu->tail)
		qu->tail->next = rq;
	else
		qu->head = rq;
	qu->tail = rq;
	qu->len++;
	S.inflight++;
	/* Suspended before a worker can take it (and resume it): a worker
	 * takes the lock first. */
	MHD_suspend_connection(c);
	pthread_cond_signal(&qu->cv);
	pthread_mutex_unlock(&S.qmu);
	return MHD_YES;
}

static void
q_init(struct q *q)
{
	memset(q, 0, sizeof *q);
	q->k = 10;
	q->lane = -1;
	q->domain = -1;
}

static enum MHD_Result
search_get(struct MHD_Connection *c, struct req *rq)
{
	const char *arg, *k, *lane, *dom, *wn;
	struct q q;
	struct qerr e;
	size_t len = 0;

	q_init(&q);
	/* The value's length: a %00 makes strlen too short. */
	if (MHD_lookup_connection_value_n(c, MHD_GET_ARGUMENT_KIND, "q", 1,
	    &arg, &len) == MHD_YES && arg) {
		q.text = arg;
		q.len = len;
	}
	q.like = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "like");
	if (q.like && q.text)
		return reply_err(c, rq, 400, "give q or like, not both");
	k = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "k");
	lane = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lane");
	dom = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "domain");
	wn = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "with_none");
	q.with_none = wn && (!strcmp(wn, "1") || !strcmp(wn, "true"));
	if (check_query(&q, k, lane, dom, &e))
		return reply_err(c, rq, e.status, e.msg);
	/* text and like point into the connection's memory, which lasts
	 * as long as the request. */
	rq->qs = emalloc(sizeof *rq->qs);
	rq->qs[0] = q;
	rq->nq = 1;
	return enqueue(c, rq, &S.sq);
}

/* json_text: the string or number at node i as text in tmp (numbers
 * keep their source), NULL when it is neither. */
static const char *
json_text(const struct json_doc *d, long i, char *tmp, size_t tmpsz)
{
	const struct json_node *n;

	if (i < 0)
		return NULL;
	n = &d->node[i];
	if ((n->type != JSON_STRING && n->type != JSON_NUMBER) ||
	    n->len >= tmpsz || memchr(n->s, '\0', n->len))
		return "\x01";	/* never valid: reported as the value */
	memcpy(tmp, n->s, n->len);
	tmp[n->len] = '\0';
	return tmp;
}

/* post_params: the keys k, lane, domain and with_none of the object at
 * node i into q (those absent keep q's values). */
static int
post_params(const struct json_doc *d, long i, struct q *q, struct qerr *e)
{
	char tk[32], tl[48], td[32];
	const char *k, *lane, *dom;
	long t;

	k = json_text(d, json_get(d, i, "k"), tk, sizeof tk);
	lane = json_text(d, json_get(d, i, "lane"), tl, sizeof tl);
	dom = json_text(d, json_get(d, i, "domain"), td, sizeof td);
	if ((t = json_get(d, i, "with_none")) >= 0)
		q->with_none = d->node[t].type == JSON_TRUE;
	return check_params(q, k, lane, dom, e);
}

/* post_query: the query object (or string) at node i into q, from the
 * batch's defaults def (k, lane, domain, with_none), which its own keys
 * override. */
static int
post_query(const struct json_doc *d, long i, const struct q *def,
    struct q *q, struct qerr *e)
{
	const struct json_node *n = &d->node[i];
	long t, l;

	*q = *def;
	if (n->type == JSON_STRING) {
		q->text = q->own[0] = estrndup(n->s, n->len);
		q->len = n->len;
		return check_query(q, NULL, NULL, NULL, e);
	}
	if (n->type != JSON_OBJECT)
		return qfail(e, 400, "a query is a string or an object%s", "");
	if ((t = json_get(d, i, "q")) >= 0) {
		if (d->node[t].type != JSON_STRING)
			return qfail(e, 400, "q must be a string%s", "");
		q->text = q->own[0] = estrndup(d->node[t].s, d->node[t].len);
		q->len = d->node[t].len;
	}
	if ((l = json_get(d, i, "like")) >= 0) {
		if (d->node[l].type != JSON_STRING || d->node[l].len > 40)
			return qfail(e, 400, "like must be a UUID string%s",
			    "");
		q->like = q->own[1] = estrndup(d->node[l].s, d->node[l].len);
		if (q->text)
			return qfail(e, 400, "give q or like, not both%s", "");
	}
	if (post_params(d, i, q, e))
		return -1;
	return check_query(q, NULL, NULL, NULL, e);
}

static enum MHD_Result
search_post(struct MHD_Connection *c, struct req *rq)
{
	struct json_doc d = {0};
	struct q *qs = NULL, def;
	struct qerr e;
	enum MHD_Result ret;
	size_t n = 0;
	long a;

	if (json_parse(&d, rq->body.p ? (const char *)rq->body.p : "", rq->body.len, 16)) {
		char m[200];

		snprintf(m, sizeof m, "the body is not JSON: %s at byte %zu",
		    d.err, d.err_off);
		json_free(&d);
		return reply_err(c, rq, 400, m);
	}
	if (d.node[0].type != JSON_OBJECT) {
		json_free(&d);
		return reply_err(c, rq, 400, "the body must be a JSON object");
	}
	if ((a = json_get(&d, 0, "queries")) >= 0) {
		if (d.node[a].type != JSON_ARRAY || d.node[a].n == 0) {
			ret = reply_err(c, rq, 400, "queries must be a "
			    "non-empty array");
			goto out;
		}
		if (d.node[a].n > (size_t)S.o.max_batch) {
			char m[120];

			snprintf(m, sizeof m, "%u queries, at most %ld in one "
			    "request", d.node[a].n, S.o.max_batch);
			ret = reply_err(c, rq, 413, m);
			goto out;
		}
		if (json_get(&d, 0, "q") >= 0 || json_get(&d, 0, "like") >= 0) {
			ret = reply_err(c, rq, 400, "give queries, or q or "
			    "like, not both");
			goto out;
		}
		/* k, lane, domain and with_none beside queries: the
		 * defaults of its queries. */
		q_init(&def);
		if (post_params(&d, 0, &def, &e)) {
			char m[200];

			snprintf(m, sizeof m, "the batch's defaults: %s",
			    e.msg);
			ret = reply_err(c, rq, e.status, m);
			goto out;
		}
		n = d.node[a].n;
		qs = ecalloc(n, sizeof *qs);
		for (size_t i = 0; i < n; i++)
			if (post_query(&d, json_child(&d, a, i), &def, &qs[i],
			    &e)) {
				char m[200];

				snprintf(m, sizeof m, "query %zu: %s", i,
				    e.msg);
				ret = reply_err(c, rq, e.status, m);
				goto out;
			}
	} else {
		n = 1;
		qs = ecalloc(1, sizeof *qs);
		q_init(&def);
		if (post_query(&d, 0, &def, qs, &e)) {
			ret = reply_err(c, rq, e.status, e.msg);
			goto out;
		}
	}
	/* The queries own their strings: done() frees them with rq. */
	rq->qs = qs;
	rq->nq = n;
	json_free(&d);
	return enqueue(c, rq, &S.sq);
out:
	qs_free(qs, n);
	json_free(&d);
	return ret;
}

/* ---- health and metrics ---- */

/* job_health: ask the database (the health thread's connection w) and
 * put /health's answer in rq. */
static void
job_health(struct worker *w, struct req *rq)
{
	struct ix *x = ix_get();
	struct buf *b = &rq->out;
	int ok = 0;

	if (worker_db(w) == 0) {
		PGresult *r = PQexec(w->pg, "SELECT 1");

		ok = PQresultStatus(r) == PGRES_TUPLES_OK;
		PQclear(r);
		if (!ok && PQstatus(w->pg) != CONNECTION_OK) {
			/* A connection the server dropped: try a new one. */
			PQfinish(w->pg);
			w->pg = NULL;
			ok = worker_db(w) == 0;
		}
	}
	atomic_store(&S.db_ok, ok);
	buf_printf(b, "{\"status\":\"%s\",\"index\":{\"path\":",
	    ok ? "ok" : "unavailable");
	json_put_str(b, S.path, strlen(S.path));
	buf_printf(b, ",\"name\":");
	json_put_str(b, x->m.name, strlen(x->m.name));
	buf_printf(b, ",\"kind\":\"%s\",\"vector\":\"%s\",\"generation\":"
	    "%lld,\"watermark\":%lld,\"rows\":%lld,\"dim\":%lld,"
	    "\"file_generation\":%lld},\"embedder\":", x->m.kind, x->m.vector,
	    (long long)x->gen,
	    (long long)x->m.watermark, (long long)cfx_ntotal(x->idx),
	    (long long)x->m.dim, (long long)cfx_gen(x->idx));
	json_put_str(b, x->m.embedder, strlen(x->m.embedder));
	buf_printf(b, ",\"embed_model\":");
	json_put_str(b, x->m.embed_model, strlen(x->m.embed_model));
	buf_printf(b, ",\"database\":{\"reachable\":%s}}\n",
	    ok ? "true" : "false");
	ix_put(x);
	rq->status = ok ? 200 : 503;
	rq->type = "application/json";
}

/*
 * serve: the loop of a worker thread (arg: its struct worker) on queue
 * qu: take the oldest job, answer it (503 when it waited longer than
 * --request-timeout), resume its connection; until S.wstop and the
 * queue is empty.
 */
static void
serve(struct worker *w, struct queue *qu,
    void (*job)(struct worker *, struct req *))
{
	for (;;) {
		struct MHD_Connection *c;
		struct req *rq;
		double waited;

		pthread_mutex_lock(&S.qmu);
		while (!qu->head && !S.wstop)
			pthread_cond_wait(&qu->cv, &S.qmu);
		if (!(rq = qu->head)) {
			pthread_mutex_unlock(&S.qmu);
			break;
		}
		if (!(qu->head = rq->next))
			qu->tail = NULL;
		qu->len--;
		pthread_mutex_unlock(&S.qmu);
		waited = (now_sec() - rq->tq) * 1e3;
		if (waited > S.o.req_timeout) {
			char m[160];

			snprintf(m, sizeof m, "the request waited %.0f ms for "
			    "a worker, longer than the %ld ms allowed "
			    "(--request-timeout)", waited, S.o.req_timeout);
			atomic_fetch_add(&S.queue_timeouts, 1);
			rq->status = 503;
			rq->type = "application/json";
			err_json(&rq->out, 503, m);
		} else {
			job(w, rq);
		}
		/* After the resume rq belongs to libmicrohttpd's thread
		 * again (it may be freed at once). */
		c = rq->c;
		rq->ready = 1;
		MHD_resume_connection(c);
		pthread_mutex_lock(&S.qmu);
		S.inflight--;
		pthread_cond_broadcast(&S.drain_cv);
		pthread_mutex_unlock(&S.qmu);
	}
}

static void *
search_thread(void *arg)
{
	serve(arg, &S.sq, job_search);
	return NULL;
}

static void *
health_thread(void *arg)
{
	serve(arg, &S.hq, job_health);
	return NULL;
}

static enum MHD_Result
metrics(struct MHD_Connection *c, struct req *rq)
{
	struct ix *x = ix_get();
	struct buf b = {0};
	enum MHD_Result ret;
	unsigned long cum = 0;
	long qlen;

	pthread_mutex_lock(&S.qmu);
	qlen = S.sq.len;
	pthread_mutex_unlock(&S.qmu);

	buf_adds(&b, "# HELP cpe_serve_requests_total HTTP requests answered, "
	    "by status.\n# TYPE cpe_serve_requests_total counter\n");
	for (int s = 100; s < 600; s++) {
		unsigned long v = atomic_load(&S.by_status[s]);

		if (v)
			buf_printf(&b, "cpe_serve_requests_total{code=\"%d\"} "
			    "%lu\n", s, v);
	}
	buf_adds(&b, "# HELP cpe_serve_request_seconds Time from a request's "
	    "headers to its answer.\n"
	    "# TYPE cpe_serve_request_seconds histogram\n");
	for (size_t i = 0; i < NLE; i++) {
		cum += atomic_load(&S.lat_bucket[i]);
		buf_printf(&b, "cpe_serve_request_seconds_bucket{le=\"%g\"} "
		    "%lu\n", lat_le[i], cum);
	}
	cum += atomic_load(&S.lat_bucket[NLE]);
	buf_printf(&b, "cpe_serve_request_seconds_bucket{le=\"+Inf\"} %lu\n"
	    "cpe_serve_request_seconds_sum %.6f\n"
	    "cpe_serve_request_seconds_count %lu\n", cum,
	    atomic_load(&S.lat_sum_us) * 1e-6,
	    (unsigned long)atomic_load(&S.lat_count));
	buf_printf(&b, "# HELP cpe_serve_index_generation The index's "
	    "generation: its watermark, which every sync moves.\n"
	    "# TYPE cpe_serve_index_generation gauge\n"
	    "cpe_serve_index_generation %lld\n"
	    "# HELP cpe_serve_index_reloads_total Generations followed.\n"
	    "# TYPE cpe_serve_index_reloads_total counter\n"
	    "cpe_serve_index_reloads_total %lu\n"
	    "# HELP cpe_serve_index_rows Vectors in the index.\n"
	    "# TYPE cpe_serve_index_rows gauge\ncpe_serve_index_rows %lld\n"
	    "# HELP cpe_serve_database_up 1 when the database last "
	    "answered.\n# TYPE cpe_serve_database_up gauge\n"
	    "cpe_serve_database_up %d\n"
	    "# HELP cpe_serve_connections Open HTTP connections.\n"
	    "# TYPE cpe_serve_connections gauge\ncpe_serve_connections %ld\n"
	    "# HELP cpe_serve_queue_length Searches waiting for a worker.\n"
	    "# TYPE cpe_serve_queue_length gauge\n"
	    "cpe_serve_queue_length %ld\n"
	    "# HELP cpe_serve_queue_rejected_total Searches answered 503 "
	    "by the queue, by reason.\n"
	    "# TYPE cpe_serve_queue_rejected_total counter\n"
	    "cpe_serve_queue_rejected_total{reason=\"full\"} %lu\n"
	    "cpe_serve_queue_rejected_total{reason=\"timeout\"} %lu\n",
	    (long long)x->gen, atomic_load(&S.reloads),
	    (long long)cfx_ntotal(x->idx), atomic_load(&S.db_ok),
	    atomic_load(&S.conns), qlen, atomic_load(&S.queue_full),
	    atomic_load(&S.queue_timeouts));
	ix_put(x);
	ret = reply(c, rq, 200, "text/plain; version=0.0.4", b.p, b.len);
	buf_free(&b);
	return ret;
}

/* ---- dispatch ---- */

/* authorised: the request carries the bearer token (compared in
 * constant time for a token of that length), or none is asked. */
static int
authorised(struct MHD_Connection *c)
{
	const char *h;
	size_t n;
	unsigned char d;

	if (!S.token)
		return 1;
	h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h || strncmp(h, "Bearer ", 7))
		return 0;
	h += 7;
	n = strlen(h);
	d = n != S.token_len;
	for (size_t i = 0; i < S.token_len; i++)
		d |= (unsigned char)(i < n ? h[i] : 0) ^
		    (unsigned char)S.token[i];
	return d == 0;
}

static struct req *
req_new(size_t uri_len)
{
	struct req *rq = ecalloc(1, sizeof *rq);

	rq->t0 = now_sec();
	/* The request line: METHOD SP URI SP HTTP/1.1 CRLF, the method
	 * counted as 7 bytes. */
	rq->head_len = uri_len + 19;
	return rq;
}

/* head_add: a header's line length (KEY: VALUE CRLF) added to *cls. */
static enum MHD_Result
head_add(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	(void)kind;
	*(size_t *)cls += strlen(key) + 4 + (value ? strlen(value) : 0);
	return MHD_YES;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **con_cls)
{
	struct req *rq = *con_cls;
	int post = !strcmp(method, MHD_HTTP_METHOD_POST);

	(void)cls;
	(void)version;
	if (!rq)	/* uri_log made it; this is for safety */
		*con_cls = rq = req_new(0);
	if (!rq->seen) {
		rq->seen = 1;
		/* The headers are all in: measure them now, answer on the
		 * next call (a response queued on the first makes
		 * libmicrohttpd close the connection). */
		if (rq->head_len > (size_t)S.o.max_header)
			rq->refuse = 414;
		else {
			MHD_get_connection_values(c, MHD_HEADER_KIND,
			    head_add, &rq->head_len);
			if (rq->head_len > (size_t)S.o.max_header)
				rq->refuse = 431;
		}
		return MHD_YES;
	}
	if (rq->ready)	/* a worker's answer, the connection resumed */
		return reply(c, rq, rq->status, rq->type, rq->out.p,
		    rq->out.len);
	if (*size) {
		/* A body is kept for POST only (up to --max-body). */
		if (rq->body.len + *size > (size_t)S.o.max_body)
			rq->too_big = 1;
		else if (post)
			buf_add(&rq->body, data, *size);
		*size = 0;
		return MHD_YES;
	}
	if (rq->refuse) {
		char m[160];

		snprintf(m, sizeof m, "the %s %zu bytes, at most %ld are "
		    "allowed (--max-header)", rq->refuse == 414 ? "URL is" :
		    "request line and headers are", rq->head_len,
		    S.o.max_header);
		return reply_err(c, rq, rq->refuse, m);
	}
	if (atomic_load(&S.conns) > S.o.max_conn)
		return reply_err(c, rq, 429, "too many connections");
	if (!strcmp(url, "/") && !post) {
		if (strcmp(method, MHD_HTTP_METHOD_GET) &&
		    strcmp(method, MHD_HTTP_METHOD_HEAD))
			return reply_err(c, rq, 405, "use GET");
		return reply(c, rq, 200, "text/html; charset=utf-8",
		    serve_page, serve_page_len);
	}
	if (!authorised(c))
		return reply_err(c, rq, 401, "a valid bearer token is needed");
	if (rq->too_big) {
		char m[80];

		snprintf(m, sizeof m, "the body is larger than %ld bytes",
		    S.o.max_body);
		return reply_err(c, rq, 413, m);
	}
	if (!strcmp(url, "/search")) {
		if (post)
			return search_post(c, rq);
		if (!strcmp(method, MHD_HTTP_METHOD_GET))
			return search_get(c, rq);
		return reply_err(c, rq, 405, "use GET or POST");
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET))
		return reply_err(c, rq, 405, "use GET");
	if (!strcmp(url, "/health"))
		return enqueue(c, rq, &S.hq);
	if (!strcmp(url, "/metrics"))
		return metrics(c, rq);
	return reply_err(c, rq, 404, "no such page (try /, /search, /health "
	    "or /metrics)");
}

static void
done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req *rq = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (rq) {
		buf_free(&rq->body);
		buf_free(&rq->out);
		qs_free(rq->qs, rq->nq);
		free(rq);
		*con_cls = NULL;
	}
}

/* uri_log: a request's state, made when its request line has come
 * (libmicrohttpd passes it to handle and done as *con_cls). */
static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	return req_new(strlen(uri));
}

static void
conn_note(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	(void)c;
	(void)socket_context;
	atomic_fetch_add(&S.conns, toe == MHD_CONNECTION_NOTIFY_STARTED ?
	    1 : -1);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char m[256];
	size_t n;

	(void)cls;
	vsnprintf(m, sizeof m, fmt, ap);
	n = strlen(m);
	while (n && m[n - 1] == '\n')
		m[--n] = '\0';
	info(3, "http: %s", m);
}

/* ---- start and stop ---- */

static void
load(void)
{
	char err[512];
	const char *p[1];
	struct cpe_meta *m;
	PGconn *pg;
	PGresult *r;
	int st;

	S.meta_path = store_meta_path(S.path);
	if (!(S.cur = ix_read(err, sizeof err, &st)))
		die(st, "%s", err);
	m = &S.cur->m;
	snprintf(like_sql, sizeof like_sql, "SELECT cpe_id, %s FROM"
	    " cpe_vectors_data v WHERE cpe_id = $1::uuid",
	    store_vector_cols(m->vector));
	/* The database must be the one the index belongs to. */
	pg = store_connect(S.o.db);
	p[0] = m->name;
	if (!store_has_table(pg, "cpe_index_state", "reading cpe_index_state"))
		die(EXIT_DATA, "%s: the database has no cpe_index_state table "
		    "(run cpe-index first)", S.path);
	r = store_query(pg, "SELECT token::text, vector FROM cpe_index_state"
	    " WHERE name = $1", 1, p, 0, "reading cpe_index_state");
	if (PQntuples(r) == 0 || strcmp(PQgetvalue(r, 0, 0), m->token) ||
	    strcmp(PQgetvalue(r, 0, 1), m->vector))
		die(EXIT_DATA, "%s does not belong to this database's index %s "
		    "(token or vector differs): rebuild it with cpe-index",
		    S.path, m->name);
	PQclear(r);
	PQfinish(pg);
	S.nw = (int)S.o.threads;
	S.w = ecalloc(S.nw, sizeof *S.w);
	for (int i = 0; i < S.nw; i++) {
		if ((st = store_embedder_open(m, S.path, S.o.embedder,
		    &S.w[i].e, err, sizeof err)))
			die(st, "%s", err);
		if (worker_db(&S.w[i]))
			die(EXIT_REMOTE, "cannot open the database connections");
	}
	if (worker_db(&S.hw))
		die(EXIT_REMOTE, "cannot open the database connections");
	atomic_store(&S.db_ok, 1);
}

/* workers_start: the worker threads and the health thread. */
static void
workers_start(void)
{
	pthread_mutex_init(&S.qmu, NULL);
	pthread_cond_init(&S.sq.cv, NULL);
	pthread_cond_init(&S.hq.cv, NULL);
	pthread_cond_init(&S.drain_cv, NULL);
	for (int i = 0; i < S.nw; i++)
		if ((errno = pthread_create(&S.w[i].t, NULL, search_thread,
		    &S.w[i])))
			die(EXIT_IO, "cannot start a thread:");
	if ((errno = pthread_create(&S.hw.t, NULL, health_thread, &S.hw)))
		die(EXIT_IO, "cannot start a thread:");
}

/* workers_stop: queue no more, let the workers answer what is queued
 * (so that no connection is left suspended), stop libmicrohttpd d,
 * then end the workers and close what they hold. */
static void
workers_stop(struct MHD_Daemon *d)
{
	pthread_mutex_lock(&S.qmu);
	S.closing = 1;
	while (S.inflight > 0)
		pthread_cond_wait(&S.drain_cv, &S.qmu);
	pthread_mutex_unlock(&S.qmu);
	MHD_stop_daemon(d);
	pthread_mutex_lock(&S.qmu);
	S.wstop = 1;
	pthread_cond_broadcast(&S.sq.cv);
	pthread_cond_broadcast(&S.hq.cv);
	pthread_mutex_unlock(&S.qmu);
	for (int i = 0; i < S.nw; i++) {
		pthread_join(S.w[i].t, NULL);
		if (S.w[i].pg)
			PQfinish(S.w[i].pg);
		embed_close(S.w[i].e);
	}
	pthread_join(S.hw.t, NULL);
	if (S.hw.pg)
		PQfinish(S.hw.pg);
	free(S.w);
}

int
main(int argc, char **argv)
{
	struct sockaddr_storage sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *di;
	pthread_t watcher;
	sigset_t ss;
	int loop, sig;

	log_init(argv[0]);
	parse_args(argc, argv);
	parse_listen(S.o.listen, &sa, &loop);
	if (S.o.token_file)
		read_token(S.o.token_file);
	else if (!loop)
		die(EXIT_USAGE, "--listen %s is not a loopback address: give "
		    "--token-file", S.o.listen);
	pthread_mutex_init(&S.mu, NULL);
	pthread_cond_init(&S.stop_cv, NULL);
	cfx_set_threads(1);
	load();
	/* The threads libmicrohttpd starts inherit this mask: only the
	 * main thread takes SIGTERM and SIGINT, in sigwait. */
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigaddset(&ss, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &ss, NULL);
	signal(SIGPIPE, SIG_IGN);
	workers_start();
	/* One thread for HTTP; the searches go to the workers' queue.  A
	 * connection's memory holds its request line and headers: 4 times
	 * --max-header, so that one past the limit reaches handle (and its
	 * JSON 414 or 431) unless it is more than 4 times past. */
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
	    (sa.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
	    0, NULL, NULL, handle, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)(S.o.max_conn + 16),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)S.o.timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(S.o.max_header * 4 <
	    64 * 1024 ? 64 * 1024 : S.o.max_header * 4),
	    MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, conn_note, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_END);
	if (!d)
		die(EXIT_IO, "cannot listen on %s:", S.o.listen);
	if ((errno = pthread_create(&watcher, NULL, watch, NULL)))
		die(EXIT_IO, "cannot start a thread:");
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	info(2, "listening on %.*s:%u (%s, %s index, %lld rows)",
	    (int)(strrchr(S.o.listen, ':') - S.o.listen), S.o.listen,
	    di ? di->port : 0, S.path, S.cur->m.kind,
	    (long long)cfx_ntotal(S.cur->idx));
	do {
		if (sigwait(&ss, &sig))
			sig = SIGTERM;
	} while (sig == SIGHUP);
	info(2, "signal %d: stopping", sig);
	workers_stop(d);
	pthread_mutex_lock(&S.mu);
	S.stop = 1;
	pthread_cond_broadcast(&S.stop_cv);
	pthread_mutex_unlock(&S.mu);
	pthread_join(watcher, NULL);
	free(S.token);
	ix_put(S.cur);
	free(S.meta_path);
	return EXIT_OK;
}
