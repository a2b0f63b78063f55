/* SPDX-License-Identifier: ISC */
/*
 * cpe-search: query a cpe-index FAISS index and print the passages.
 *
 * The query text is embedded with the embedder recorded in INDEX.meta
 * (a fused index gets the query as normalise(0^16 || q)), searched, and
 * the hits are joined back to cpe_entry through cpe_index_row.row_id.
 * Filters by TMD lane or domain become an id filter inside the search,
 * so k hits come back whenever k rows match.  --exact searches every
 * stored vector; --recall runs both and reports recall@k.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "common/embed.h"
#include "common/id.h"
#include "common/json.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/stats.h"
#include "common/util.h"
#include "common/vec.h"
#include "cpe-faiss.h"
#include "cpe-store.h"

/* One query: its label (text or id) and vector. */
struct query {
	char *label;
	float *v;
};

struct srch {
	struct store_opts *o;
	const char *path;
	struct cpe_meta m;
	struct cfx *idx;
	PGconn *pg;
	FILE *out;
	struct query *q;
	size_t nq;
	int64_t *sel;		/* filter ids, NULL for none */
	int64_t nsel;
	double *lat;		/* wall seconds per query */
	double *cpu;		/* thread CPU seconds per query */
	double recall_sum;
	size_t nhits, nstale;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: cpe-search [-hjqVv] [-k N] [--db CONNINFO] [--domain D] "
	    "[--embedder SPEC]\n"
	    "                  [--ef-search N] [--exact] [--lane LANE] "
	    "[--like CPE_ID]\n"
	    "                  [--nprobe N] [-o FILE] [--queries FILE] "
	    "[--recall]\n"
	    "                  [--rerank N] [--sample N] [--stats FILE] "
	    "[--threads N] [--width N]\n"
	    "                  INDEX [TEXT ...]\n"
	    "Search the cpe-index INDEX for each TEXT and print the passages.\n\n"
	    "      --db CONNINFO    libpq conninfo or URI (default: PG* "
	    "variables)\n"
	    "      --db-file FILE   read the conninfo from FILE's first line "
	    "(not argv)\n"
	    "      --domain D       only rows with domain_code D (0-15)\n"
	    "      --ef-search N    HNSW search breadth (recorded value)\n"
	    "      --embedder SPEC  must give the recorded embedder's model "
	    "(recorded SPEC)\n"
	    "      --exact          compare with every stored vector (brute "
	    "force)\n"
	    "  -h, --help           print this help and exit\n"
	    "  -j, --json           JSON lines instead of a table\n"
	    "  -k N                 hits per query (10)\n"
	    "      --lane LANE      only rows of TMD lane LANE (lane_3 or 3)\n"
	    "      --like CPE_ID    use that row's stored vector as the query\n"
	    "      --nprobe N       IVF lists to search (recorded value)\n"
	    "  -o, --output FILE    write the results to FILE\n"
	    "  -q, --quiet          print errors only\n"
	    "      --queries FILE   one query text per line ('-' for stdin)\n"
	    "      --recall         also search exactly and report recall@k\n"
	    "      --rerank N       ivfpq candidates re-ranked exactly "
	    "(recorded value)\n"
	    "      --sample N       use N stored vectors as queries "
	    "(benchmarks)\n"
	    "      --stats FILE     write run figures as JSON to FILE\n"
	    "      --threads N      FAISS threads (OpenMP default)\n"
	    "  -V, --version        print the version and exit\n"
	    "  -v, --verbose        say more (repeatable)\n"
	    "      --width N        table width in characters (100)\n"
	    "      --with-none      with --lane/--domain, keep rows with no "
	    "TMD evidence\n");
	exit(status);
}

/* ---- database ---- */

/* check_db: the database must be the one the index belongs to. */
static void
check_db(struct srch *s)
{
	const char *p[1] = { s->m.name };
	PGresult *r;

	s->pg = store_connect(s->o->db);
	if (!store_has_table(s->pg, "cpe_index_state",
	    "reading cpe_index_state"))
		die(EXIT_DATA, "%s: the database has no cpe_index_state table "
		    "(run cpe-index first)", s->path);
	r = store_query(s->pg, "SELECT token::text, vector, dim"
	    " FROM cpe_index_state WHERE name = $1", 1, p, 0,
	    "reading cpe_index_state");
	if (PQntuples(r) == 0)
		die(EXIT_DATA, "%s: the database has no index named %s",
		    s->path, s->m.name);
	if (strcmp(PQgetvalue(r, 0, 0), s->m.token) ||
	    strcmp(PQgetvalue(r, 0, 1), s->m.vector))
		die(EXIT_DATA, "%s does not belong to this database's index %s "
		    "(token or vector differs): rebuild it with cpe-index",
		    s->path, s->m.name);
	PQclear(r);
}

/* load_filter: the row ids that pass --lane and --domain. */
static void
load_filter(struct srch *s)
{
	char a[24], b[24];
	const char *p[3] = { a, b, s->o->with_none ? "t" : "f" };

	if (s->o->lane < 0 && s->o->domain < 0)
		return;
	snprintf(a, sizeof a, "%ld", s->o->lane);
	snprintf(b, sizeof b, "%ld", s->o->domain);
	s->sel = store_ids(s->pg, STORE_FILTER_SQL, 3, p,
	    "reading the filter rows", &s->nsel);
	info(3, "%s: filter keeps %lld rows", s->path, (long long)s->nsel);
}

/* ---- queries ---- */

static void
add_query(struct srch *s, const char *label, float *v)
{
	s->q = erealloc(s->q, (s->nq + 1) * sizeof *s->q);
	s->q[s->nq].label = estrdup(label);
	s->q[s->nq].v = v;
	s->nq++;
}

/* vec_query: a stored vector as a query (--like, --sample). */
static void
vec_queries(struct srch *s, const char *sql, int n, const char *const *p,
    const char *what)
{
	PGresult *r = store_query(s->pg, sql, n, p, 1, what);
	size_t dim = s->m.dim;
	char uu[37];

	for (int i = 0; i < PQntuples(r); i++) {
		float *v = emalloc(dim * sizeof *v);

		store_vector(r, i, 0, 1, s->m.vector, dim, v, uu);
		add_query(s, uu, v);
	}
	PQclear(r);
}

static void
text_queries(struct srch *s, char **texts, size_t n)
{
	struct embedder *e;
	char err[512];
	size_t cd, dim = s->m.dim, off;
	size_t *len = emalloc((n + 1) * sizeof *len);
	float *ev;
	int st;

	if ((st = store_embedder_open(&s->m, s->path, s->o->embedder, &e, err,
	    sizeof err)))
		die(st, "%s", err);
	cd = embed_dim(e);
	off = store_meta_offset(&s->m);
	for (size_t i = 0; i < n; i++)
		len[i] = strlen(texts[i]);
	ev = emalloc((n * cd + 1) * sizeof *ev);
	if (n && (st = embed_texts(e, n, (const char *const *)texts, len, ev)))
		die(st, "embedder %s: %s", embed_model(e), embed_errmsg(e));
	for (size_t i = 0; i < n; i++) {
		float *v = ecalloc(dim, sizeof *v);

		memcpy(v + off, ev + i * cd, cd * sizeof *v);
		if (vec_norm(v, dim) == 0)
			die(EXIT_DATA, "query %zu (\"%.40s\"): the embedder "
			    "finds no features in it", i + 1, texts[i]);
		add_query(s, texts[i], v);
	}
	free(ev);
	free(len);
	embed_close(e);
}

/* read_lines: the lines of path ("-" stdin), empty lines skipped. */
static char **
read_lines(const char *path, size_t *n)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char **v = NULL, *line = NULL;
	size_t cap = 0;
	ssize_t len;

	*n = 0;
	if (!fp)
		die(EXIT_IO, "%s:", path);
	while ((len = getline(&line, &cap, fp)) != -1) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		v = erealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = estrdup(line);
	}
	if (ferror(fp))
		die(EXIT_IO, "%s: read error:", path);
	if (fp != stdin)
		fclose(fp);
	free(line);
	return v;
}

static void
collect_queries(struct srch *s, int argc, char **argv)
{
	struct store_opts *o = s->o;
	char sql[320];

	if (o->like) {
		const char *p[1] = { o->like };

		snprintf(sql, sizeof sql, "SELECT cpe_id, %s FROM"
		    " cpe_vectors_data v WHERE cpe_id = $1::uuid",
		    store_vector_cols(s->m.vector));
		vec_queries(s, sql, 1, p, "reading the --like row");
		if (s->nq == 0)
			die(EXIT_DATA, "--like %s: no such row in cpe_vectors",
			    o->like);
	}
	if (o->sample) {
		snprintf(sql, sizeof sql, "SELECT v.cpe_id, %s FROM"
		    " (SELECT cpe_id, hashint8(row_id + 7) AS h, row_id"
		    " FROM cpe_index_row WHERE NOT deleted ORDER BY 2, 3"
		    " LIMIT %ld) r JOIN cpe_vectors_data v USING (cpe_id)"
		    " ORDER BY r.h, r.row_id", store_vector_cols(s->m.vector),
		    o->sample);
		vec_queries(s, sql, 0, NULL, "sampling query rows");
	}
	if (o->queries || argc > 0) {
		size_t n = argc;
		char **t = argv;

		if (o->queries)
			t = read_lines(o->queries, &n);
		text_queries(s, t, n);
		for (size_t i = 0; o->queries && i < n; i++)
			free(t[i]);
		if (o->queries)
			free(t);
	}
}

/* ---- output ---- */

/* put_cut: s cut to at most w code points (a cut ends in "~"), padded
 * to w when pad is set; newlines become spaces. */
static void
put_cut(FILE *fp, const char *s, size_t w, int pad)
{
	size_t cp = 0, i = 0, n = strlen(s);

	while (i < n && cp < w) {
		size_t j = i + 1;

		while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
			j++;
		if (cp == w - 1 && j < n) {
			fputc('~', fp);
			cp++;
			break;
		}
		if (s[i] == '\n' || s[i] == '\t' || s[i] == '\r')
			fputc(' ', fp);
		else
			fwrite(s + i, 1, j - i, fp);
		cp++;
		i = j;
	}
	while (pad && cp++ < w)
		fputc(' ', fp);
}

static void
put_table(struct srch *s, size_t qi, const struct store_hit *h, size_t nh)
{
	long w = s->o->width, tw = w - 8 - 24 - 16 - 4 - 4;

	if (tw < 10)
		tw = 10;
	fprintf(s->out, "%squery %zu: ", qi ? "\n" : "", qi + 1);
	put_cut(s->out, s->q[qi].label, w - 12, 0);
	fprintf(s->out, "\n rank  score   %-24s  %-16s  text\n", "title",
	    "section");
	if (nh == 0)
		fprintf(s->out, "  (no hits)\n");
	for (size_t i = 0; i < nh; i++) {
		fprintf(s->out, "%5zu  %6.4f  ", i + 1, h[i].score);
		put_cut(s->out, h[i].title, 24, 1);
		fputs("  ", s->out);
		put_cut(s->out, h[i].section, 16, 1);
		fputs("  ", s->out);
		put_cut(s->out, h[i].text, tw, 0);
		fputc('\n', s->out);
	}
}

static void
put_json(struct srch *s, size_t qi, const struct store_hit *h, size_t nh)
{
	struct buf b = {0};

	for (size_t i = 0; i < nh; i++) {
		b.len = 0;
		store_hit_json(&b, qi, s->q[qi].label, i + 1, &h[i]);
		buf_adds(&b, "\n");
		fwrite(b.p, 1, b.len, s->out);
	}
	buf_free(&b);
}

/* show: join the hits of query qi to their rows and print them. */
static void
show(struct srch *s, size_t qi, const float *dist, const int64_t *lab)
{
	int k = (int)s->o->k;
	struct store_hit *h = ecalloc(k + 1, sizeof *h);
	PGresult *r;
	size_t nh = 0;

	if (store_hits(s->pg, NULL, k, dist, lab, h, &nh, &s->nstale, &r))
		store_die(s->pg, r, "reading the rows of the hits");
	s->nhits += nh;
	if (s->o->json)
		put_json(s, qi, h, nh);
	else
		put_table(s, qi, h, nh);
	PQclear(r);
	free(h);
}

/* ---- search ---- */

/* cpu_now: this thread's CPU time, immune to other load on the machine
 * (FAISS searches one query in the calling thread). */
static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
recall_of(const int64_t *got, const int64_t *truth, int k)
{
	int n = 0, hit = 0;

	for (int i = 0; i < k; i++) {
		if (truth[i] < 0)
			continue;
		n++;
		for (int j = 0; j < k; j++)
			if (got[j] == truth[i]) {
				hit++;
				break;
			}
	}
	return n ? (double)hit / n : 1.0;
}

static void
search_all(struct srch *s)
{
	struct store_opts *o = s->o;
	int k = (int)o->k, probe;
	float *dist = emalloc(k * sizeof *dist), *edist = NULL;
	int64_t *lab = emalloc(k * sizeof *lab), *elab = NULL;

	probe = store_probe(&s->m, o->nprobe, o->efs);
	if (!strcmp(s->m.kind, "ivfpq"))
		cfx_set_rerank(s->idx, (int)(o->rerank ? o->rerank :
		    s->m.rerank));
	s->lat = emalloc((s->nq + 1) * sizeof *s->lat);
	s->cpu = emalloc((s->nq + 1) * sizeof *s->cpu);
	if (o->recall) {
		edist = emalloc(k * sizeof *edist);
		elab = emalloc(k * sizeof *elab);
	}
	for (size_t i = 0; i < s->nq; i++) {
		double t0 = now_sec(), c0 = cpu_now();

		if (cfx_search(s->idx, 1, s->q[i].v, k, probe, o->exact,
		    s->sel, s->nsel, dist, lab))
			die(EXIT_IO, "%s: search: %s", s->path, cfx_error());
		s->lat[i] = now_sec() - t0;
		s->cpu[i] = cpu_now() - c0;
		if (o->recall) {
			if (cfx_search(s->idx, 1, s->q[i].v, k, probe, 1,
			    s->sel, s->nsel, edist, elab))
				die(EXIT_IO, "%s: search: %s", s->path,
				    cfx_error());
			s->recall_sum += recall_of(lab, elab, k);
		}
		show(s, i, dist, lab);
	}
	free(dist);
	free(lab);
	free(edist);
	free(elab);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
report(struct srch *s, struct stats *st)
{
	double med = 0, p95 = 0, rec = 0, cmed = 0, cp95 = 0;

	if (s->nq) {
		size_t m = (s->nq - 1) / 2, p = (size_t)ceil(0.95 * s->nq) - 1;

		qsort(s->lat, s->nq, sizeof *s->lat, cmp_double);
		qsort(s->cpu, s->nq, sizeof *s->cpu, cmp_double);
		med = s->lat[m];
		p95 = s->lat[p];
		cmed = s->cpu[m];
		cp95 = s->cpu[p];
		rec = s->recall_sum / s->nq;
	}
	stats_str(st, "kind", s->m.kind);
	stats_int(st, "ntotal", cfx_ntotal(s->idx));
	stats_int(st, "ram_bytes", cfx_ram_bytes(s->idx));
	stats_int(st, "disk_bytes", cfx_disk_bytes(s->idx));
	stats_int(st, "queries", s->nq);
	stats_int(st, "k", s->o->k);
	stats_int(st, "hits", s->nhits);
	stats_int(st, "stale", s->nstale);
	stats_num(st, "search_ms_median", med * 1e3);
	stats_num(st, "search_ms_p95", p95 * 1e3);
	stats_num(st, "search_cpu_ms_median", cmed * 1e3);
	stats_num(st, "search_cpu_ms_p95", cp95 * 1e3);
	if (s->o->recall)
		stats_num(st, "recall_at_k", rec);
	if (s->nstale)
		info(1, "%s: %zu hits are no longer in the database (run "
		    "cpe-index to update the index)", s->path, s->nstale);
	if (s->o->recall)
		info(1, "%s: %zu queries, recall@%ld %.4f, search median %.3f ms,"
		    " p95 %.3f ms", s->path, s->nq, s->o->k, rec, med * 1e3,
		    p95 * 1e3);
	else
		info(3, "%s: %zu queries, search median %.3f ms, p95 %.3f ms",
		    s->path, s->nq, med * 1e3, p95 * 1e3);
}

static void
load_index(struct srch *s)
{
	char *mp = store_meta_path(s->path);

	if (store_meta_load(mp, &s->m) == -1)
		die(EXIT_IO, "%s: no such index (%s is missing; build it with "
		    "cpe-index)", s->path, mp);
	if (access(s->path, R_OK) == -1)
		die(EXIT_IO, "%s:", s->path);
	s->idx = store_index_read(s->path);
	if (cfx_dim(s->idx) != s->m.dim)
		die(EXIT_DATA, "%s is %d-D but %s says %lld-D: rebuild it",
		    s->path, cfx_dim(s->idx), mp, (long long)s->m.dim);
	free(mp);
}

static void
parse_args(int argc, char **argv, struct store_opts *o)
{
	store_parse(argc, argv, STORE_SEARCH, o, usage);
	if (optind == argc) {
		error("no INDEX given");
		usage(stderr, EXIT_USAGE);
	}
	if (optind + 1 == argc && !o->like && !o->queries && !o->sample) {
		error("no query: give TEXT, --queries, --like or --sample");
		usage(stderr, EXIT_USAGE);
	}
}

static void
free_all(struct srch *s)
{
	for (size_t i = 0; i < s->nq; i++) {
		free(s->q[i].label);
		free(s->q[i].v);
	}
	free(s->q);
	free(s->sel);
	free(s->lat);
	free(s->cpu);
}

static void
open_output(struct srch *s)
{
	s->out = stdout;
	if (s->o->co.output && !(s->out = fopen(s->o->co.output, "w")))
		die(EXIT_IO, "%s:", s->o->co.output);
}

static void
close_output(struct srch *s)
{
	const char *name = s->o->co.output ? s->o->co.output : "stdout";

	if (fflush(s->out) == EOF || ferror(s->out))
		die(EXIT_IO, "%s: write error:", name);
	if (s->out != stdout && fclose(s->out) == EOF)
		die(EXIT_IO, "%s: write error:", name);
}

int
main(int argc, char **argv)
{
	struct store_opts o = {0};
	struct srch s = {0};
	struct stats st;

	log_init(argv[0]);
	parse_args(argc, argv, &o);
	stats_begin(&st);
	s.o = &o;
	s.path = argv[optind];
	cfx_set_threads((int)o.threads);
	load_index(&s);
	check_db(&s);
	load_filter(&s);
	collect_queries(&s, argc - optind - 1, argv + optind + 1);
	open_output(&s);
	search_all(&s);
	close_output(&s);
	report(&s, &st);
	PQfinish(s.pg);
	cfx_free(s.idx);
	free_all(&s);
	return stats_write(&st, o.co.stats) ? EXIT_IO : EXIT_OK;
}
