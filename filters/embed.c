/* SPDX-License-Identifier: ISC */
/*
 * embed: add the concept vector to every chunk record.
 * Reads:  {text:str, [concept_vec:bin], ...}
 * Writes: {..., concept_vec:bin (float32 LE), embed_model:str}   (1:1)
 *
 * Records are gathered into batches (bounded in count and bytes) and the
 * texts of a batch are embedded together, so HTTP backends get full
 * requests.  A record that already carries a concept_vec of the run's
 * dimension is written unchanged.  An empty text, or one the embedder
 * finds nothing in (a zero vector), is a data error unless --reject is
 * given.  On any failure the records of earlier batches have been
 * written whole, and nothing of the failed batch.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/embed.h"
#include "common/kvcache.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/record.h"
#include "common/stats.h"
#include "common/util.h"
#include "common/vec.h"

#define BATCH_BYTES	((size_t)16 << 20)	/* a batch ends past this */
#define BATCH_CAP	4096

enum { OPT_CACHE = OPT_FIRST_PRIVATE, OPT_REJECT };

struct opts {
	struct common_opts co;
	const char *spec;	/* -e: embedder SPEC */
	long batch;		/* -b: records per batch, 0 = embedder's */
	int replace;		/* -R: re-embed records that have a vector */
	const char *cache;	/* --cache FILE */
	const char *reject;	/* --reject FILE */
};

/* What happens to one record of a batch. */
enum { ACT_PASS, ACT_EMBED, ACT_CACHED };

struct item {
	size_t off, len;	/* the raw record in the arena */
	size_t toff, tlen;	/* its text, also in the arena */
	uint64_t recno, offset;	/* for messages */
	const char *src;
	int act;
	size_t vi;		/* ACT_EMBED/ACT_CACHED: row in vecs */
};

struct run {
	const struct opts *o;
	struct embedder *e;
	struct kvcache *kc;
	struct rw *out, *rej;
	size_t dim, batch;
	struct buf arena;
	struct item *it;
	size_t nit, nemb;
	float *vecs;		/* batch * dim */
	const char **tp;	/* texts to embed */
	size_t *tl;
	size_t *tix;		/* which item each text belongs to */
	struct rec rec;		/* reparsed record when writing */
	struct rb rb;
	uint64_t nrec;		/* records read */
	uint64_t nembedded;	/* written with a new vector */
	uint64_t npass;		/* written unchanged (had a vector) */
	uint64_t nreject;	/* set aside (--reject) */
	uint64_t ncalls;	/* texts handed to the embedder */
	uint64_t nhit, nmiss, nbatch;
	double tembed;
	struct stats st;	/* --stats, started at open */
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: embed [-fhqRuVvz] [-b N] [--cache file] [-e spec] "
	    "[--max-record size]\n"
	    "             [-o file] [--reject file] [--stats file] "
	    "[file ...]\n"
	    "Add concept_vec and embed_model to every chunk record.\n\n"
	    "  -b, --batch N        records per batch (default: the "
	    "embedder's, at most 4096)\n"
	    "      --cache FILE     reuse vectors from, and add them to, the "
	    "cache FILE\n"
	    "  -e, --embedder SPEC  the embedder (default \"hash\"); SPEC is "
	    "NAME[:KEY=VALUE,...]\n"
	    "  -R, --replace        re-embed records that already carry a "
	    "concept_vec\n"
	    "      --reject FILE    set records with an empty or featureless "
	    "text aside in FILE\n"
	    COMMON_USAGE FILTER_USAGE
	    "\nEmbedders:\n");
	embed_help(fp);
	exit(status);
}

/* "embed: SRC: record N (byte B): key "KEY": message" for an item. */
static int
item_error(const struct item *it, const char *key, const char *msg)
{
	error("%s: record %llu (byte %llu): key \"%s\": %s", it->src,
	    (unsigned long long)it->recno, (unsigned long long)it->offset,
	    key, msg);
	return EXIT_DATA;
}

/* "expected WANT, got TYPE" for the value of key in rec. */
static const char *
type_msg(const struct rec *rec, const char *key, const char *want)
{
	static char msg[80];
	const msgpack_object *ob = rec_get(rec, key);

	if (ob == NULL)
		snprintf(msg, sizeof msg, "expected %s", want);
	else
		snprintf(msg, sizeof msg, "expected %s, got %s", want,
		    mp_type_name(ob->type));
	return msg;
}

/* Would this batch overflow if a record of len bytes joined it? */
static int
batch_full(const struct run *r)
{
	return r->nit >= r->batch || r->arena.len >= BATCH_BYTES;
}

/* Look the text up in the cache; 1 and the vector in out on a hit. */
static int
cache_get(struct run *r, const char *t, size_t n, float *out, int *status)
{
	static struct buf val;
	unsigned char key[16];
	const char *parts[2] = { "embed", embed_model(r->e) };
	int g;

	kvcache_key(key, parts, 2, t, n, 0);
	g = kvcache_get(r->kc, key, &val);
	if (g < 0) {
		error("--cache %s: %s", r->o->cache, kvcache_error(r->kc));
		*status = EXIT_IO;
		return 0;
	}
	if (g == 0 || val.len != r->dim * 4) {
		r->nmiss++;
		return 0;
	}
	vec_from_le(val.p, r->dim, out);
	r->nhit++;
	return 1;
}

static int
cache_put(struct run *r, const char *t, size_t n, const float *v)
{
	static struct buf le;
	unsigned char key[16];
	const char *parts[2] = { "embed", embed_model(r->e) };

	le.len = 0;
	buf_reserve(&le, r->dim * 4);
	vec_to_le(v, r->dim, le.p);
	kvcache_key(key, parts, 2, t, n, 0);
	if (kvcache_put(r->kc, key, le.p, r->dim * 4) < 0) {
		error("--cache %s: %s", r->o->cache, kvcache_error(r->kc));
		return EXIT_IO;
	}
	return EXIT_OK;
}

/* Is the text empty or only white space? */
static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
		    s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
			return 0;
	return 1;
}

/* Set a record aside (--reject), or stop with a data error. */
static int
refuse(struct run *r, struct item *it, const char *why)
{
	char msg[200];

	if (r->rej == NULL) {
		snprintf(msg, sizeof msg, "%s: no vector (a zero vector is "
		    "refused; --reject FILE sets such records aside)", why);
		return item_error(it, "text", msg);
	}
	if (rw_put(r->rej, r->arena.p + it->off, it->len) < 0)
		return EXIT_IO;
	r->nreject++;
	return EXIT_OK;
}

/*
 * Add one input record to the batch: copy it, decide what to do with it.
 * A bad record is reported here; the caller still writes the batch so far.
 */
static int
take(struct run *r, const struct rec *rec)
{
	struct item *it = &r->it[r->nit];
	const char *t;
	size_t n, d;
	int g;

	memset(it, 0, sizeof *it);
	r->nrec++;
	it->src = rec->src;
	it->recno = rec->recno;
	it->offset = rec->offset;
	it->off = r->arena.len;
	it->len = rec->len;
	if (!r->o->replace) {
		g = rec_get_vec(rec, "concept_vec", NULL, 0, &d);
		if (g == REC_OK && d == r->dim) {
			buf_add(&r->arena, rec->raw, rec->len);
			it->act = ACT_PASS;
			r->nit++;
			return EXIT_OK;
		}
		if (g == REC_TYPE)
			return item_error(it, "concept_vec", type_msg(rec,
			    "concept_vec", "bin (float32 vector)"));
		if (g == REC_OK) {
			char msg[160];

			snprintf(msg, sizeof msg, "dimension %zu, but this "
			    "run's embedder gives %zu (-R re-embeds)", d,
			    r->dim);
			return item_error(it, "concept_vec", msg);
		}
	}
	g = rec_get_str(rec, "text", &t, &n);
	if (g != REC_OK)
		return item_error(it, "text", g == REC_MISSING ? "missing" :
		    type_msg(rec, "text", "str"));
	buf_add(&r->arena, rec->raw, rec->len);
	it->toff = it->off + (size_t)((const unsigned char *)t - rec->raw);
	it->tlen = n;
	if (blank(t, n)) {
		int st = refuse(r, it, n ? "blank text" : "empty text");

		r->arena.len = it->off;
		return st;
	}
	it->act = ACT_EMBED;
	it->vi = r->nemb++;
	r->nit++;
	return EXIT_OK;
}

/* Embed the texts of the batch that the cache does not have. */
static int
embed_batch(struct run *r)
{
	size_t i, nt = 0;
	int st = EXIT_OK;
	double t0;

	for (i = 0; i < r->nit; i++) {
		struct item *it = &r->it[i];
		const char *t = (const char *)r->arena.p + it->toff;

		if (it->act != ACT_EMBED)
			continue;
		if (r->kc != NULL && cache_get(r, t, it->tlen,
		    r->vecs + it->vi * r->dim, &st)) {
			it->act = ACT_CACHED;
			continue;
		}
		if (st != EXIT_OK)
			return st;
		r->tp[nt] = t;
		r->tl[nt] = it->tlen;
		r->tix[nt++] = i;
	}
	r->ncalls += nt;
	if (nt == 0)
		return EXIT_OK;
	/* Embedded vectors land in a scratch area past the batch rows,
	 * then move to their items' rows. */
	t0 = now_sec();
	st = embed_texts(r->e, nt, r->tp, r->tl, r->vecs + r->batch * r->dim);
	r->tembed += now_sec() - t0;
	if (st != EXIT_OK) {
		error("embedder %s: %s", embed_model(r->e), embed_errmsg(r->e));
		return st;
	}
	for (i = 0; i < nt; i++) {
		struct item *it = &r->it[r->tix[i]];

		memcpy(r->vecs + it->vi * r->dim, r->vecs + (r->batch + i) *
		    r->dim, r->dim * sizeof *r->vecs);
	}
	return EXIT_OK;
}

/* Write the batch: every record, in order, whole. */
static int
write_batch(struct run *r)
{
	static const char *const skip[] = { "concept_vec", "embed_model",
		NULL };
	size_t i;
	int st;

	for (i = 0; i < r->nit; i++) {
		struct item *it = &r->it[i];
		const unsigned char *raw = r->arena.p + it->off;
		const float *v = r->vecs + it->vi * r->dim;

		if (it->act == ACT_PASS) {
			if (rw_put(r->out, raw, it->len) < 0)
				return EXIT_IO;
			r->npass++;
			continue;
		}
		if (vec_is_zero(v, r->dim)) {
			if ((st = refuse(r, it, "text without features")))
				return st;
			continue;
		}
		if (it->act == ACT_EMBED && r->kc != NULL &&
		    (st = cache_put(r, (const char *)r->arena.p + it->toff,
		    it->tlen, v)))
			return st;
		if (rec_parse(&r->rec, raw, it->len) < 0)
			return item_error(it, "", "record changed in memory");
		rb_reset(&r->rb);
		rb_copy(&r->rb, &r->rec, skip);
		rb_vec(&r->rb, "concept_vec", v, r->dim);
		rb_cstr(&r->rb, "embed_model", embed_model(r->e));
		if (rw_put_rb(r->out, &r->rb) < 0)
			return EXIT_IO;
		r->nembedded++;
	}
	return EXIT_OK;
}

static int
flush_batch(struct run *r)
{
	int st = EXIT_OK;

	if (r->nit > 0) {
		r->nbatch++;
		if ((st = embed_batch(r)) == EXIT_OK)
			st = write_batch(r);
	}
	r->nit = r->nemb = 0;
	r->arena.len = 0;
	if (st == EXIT_OK && progress_enabled())
		progress(0, "%llu records, %llu embedded",
		    (unsigned long long)r->nrec,
		    (unsigned long long)r->nembedded);
	return st;
}

static int
embed_file(struct run *r, const char *path)
{
	struct rr *in;
	struct rec rec = { 0 };
	int got, st = EXIT_OK, fst;

	in = rr_open(path, (r->o->co.nul & NUL_IN) ? RR_NUL : 0, r->o->co.max_record);
	if (in == NULL)
		return EXIT_IO;
	while ((got = rr_next(in, &rec)) > 0) {
		if ((st = take(r, &rec)) != EXIT_OK)
			break;
		if (batch_full(r) && (st = flush_batch(r)) != EXIT_OK)
			break;
	}
	if (got < 0)
		st = rr_status(in);
	/* The records before a bad one still go out (whole). */
	fst = flush_batch(r);
	if (st == EXIT_OK)
		st = fst;
	rec_free(&rec);
	rr_close(in);
	return st;
}

static void
run_open(struct run *r, const struct opts *o)
{
	char err[256];
	int st;

	memset(r, 0, sizeof *r);
	r->o = o;
	stats_begin(&r->st);
	st = embed_open(o->spec, &r->e, err, sizeof err);
	if (st != EXIT_OK)
		die(st, "--embedder %s: %s", o->spec ? o->spec :
		    EMBED_DEFAULT_SPEC, err);
	r->dim = embed_dim(r->e);
	r->batch = o->batch ? (size_t)o->batch : r->e->batch_max;
	if (r->batch > BATCH_CAP)
		r->batch = BATCH_CAP;
	r->it = emalloc(r->batch * sizeof *r->it);
	r->vecs = emalloc(2 * r->batch * r->dim * sizeof *r->vecs);
	r->tp = emalloc(r->batch * sizeof *r->tp);
	r->tl = emalloc(r->batch * sizeof *r->tl);
	r->tix = emalloc(r->batch * sizeof *r->tix);
	if (o->cache != NULL) {
		r->kc = kvcache_open(o->cache, "embed", 0, 0, err, sizeof err);
		if (r->kc == NULL)
			die(EXIT_IO, "--cache: %s", err);
	}
}

static int
run_close(struct run *r, int status)
{
	char err[256];
	struct stats *st = &r->st;

	if (r->kc != NULL && kvcache_close(r->kc, err, sizeof err) < 0) {
		error("--cache: %s", err);
		if (status == EXIT_OK)
			status = EXIT_IO;
	}
	progress_end();
	if (r->kc != NULL && r->nhit + r->nmiss > 0)
		info(2, "cache %s: %llu hits, %llu misses (%.1f%%)",
		    r->o->cache, (unsigned long long)r->nhit,
		    (unsigned long long)r->nmiss,
		    100.0 * r->nhit / (double)(r->nhit + r->nmiss));
	info(3, "%llu records: %llu embedded, %llu passed through, "
	    "%llu rejected; %s, %zu-D", (unsigned long long)r->nrec,
	    (unsigned long long)r->nembedded, (unsigned long long)r->npass,
	    (unsigned long long)r->nreject, embed_model(r->e), r->dim);
	if (r->o->co.stats != NULL) {
		stats_int(st, "records", (int64_t)r->nrec);
		stats_int(st, "embedded", (int64_t)r->nembedded);
		stats_int(st, "passed_through", (int64_t)r->npass);
		stats_int(st, "rejected", (int64_t)r->nreject);
		stats_int(st, "batches", (int64_t)r->nbatch);
		stats_int(st, "texts_embedded", (int64_t)r->ncalls);
		stats_int(st, "cache_hits", (int64_t)r->nhit);
		stats_int(st, "cache_misses", (int64_t)r->nmiss);
		stats_num(st, "cache_hit_rate", r->nhit + r->nmiss ?
		    (double)r->nhit / (double)(r->nhit + r->nmiss) : 0.0);
		stats_num(st, "embed_seconds", r->tembed);
		stats_str(st, "embed_model", embed_model(r->e));
		stats_int(st, "dim", (int64_t)r->dim);
		if (stats_write(st, r->o->co.stats) < 0 && status == EXIT_OK)
			status = EXIT_IO;
	}
	embed_close(r->e);
	free(r->it);
	free(r->vecs);
	free(r->tp);
	free(r->tl);
	free(r->tix);
	buf_free(&r->arena);
	rec_free(&r->rec);
	rb_free(&r->rb);
	return status;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		FILTER_LONGOPTS,
		{"batch", required_argument, NULL, 'b'},
		{"cache", required_argument, NULL, OPT_CACHE},
		{"embedder", required_argument, NULL, 'e'},
		{"reject", required_argument, NULL, OPT_REJECT},
		{"replace", no_argument, NULL, 'R'},
		{NULL, 0, NULL, 0}
	};
	struct opts o = { 0 };
	struct run r;
	int c, i, nfiles, status = EXIT_OK, wflags;

	log_init(argv[0]);
	opt_init(&o.co);
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "Rb:e:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'R': o.replace = 1; break;
		case 'b': o.batch = (long)estrtonum(optarg, 1, BATCH_CAP,
		    "--batch"); break;
		case 'e': o.spec = optarg; break;
		case OPT_CACHE: o.cache = optarg; break;
		case OPT_REJECT: o.reject = optarg; break;
		default: opt_common(c, optarg, &o.co, usage);
		}
	}
	nfiles = argc - optind;
	opt_refuse_tty_stdin(nfiles, usage);

	run_open(&r, &o);
	wflags = ((o.co.nul & NUL_OUT) ? RW_NUL : 0) | (o.co.force ? RW_FORCE : 0) |
	    (o.co.unbuffered ? RW_UNBUFFERED : 0);
	r.out = rw_open(o.co.output, wflags);
	if (o.reject != NULL)
		r.rej = rw_open(o.reject, (wflags & ~RW_NUL) | RW_FORCE);
	for (i = 0; (i < nfiles || (nfiles == 0 && i == 0)) &&
	    status == EXIT_OK; i++)
		status = embed_file(&r, nfiles ? argv[optind + i] : "-");
	if (status == EXIT_OK) {
		if (rw_close(r.out) < 0) {
			status = EXIT_IO;
			rw_abort(r.rej);
		} else if (r.rej != NULL && rw_close(r.rej) < 0) {
			status = EXIT_IO;
		}
	} else {
		rw_abort(r.out);
		rw_abort(r.rej);
	}
	return run_close(&r, status);
}
