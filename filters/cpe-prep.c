/* SPDX-License-Identifier: ISC */
/*
 * cpe-prep: turn chunk records into CPE rows, 1:1, stateless (DESIGN 4).
 *
 * Reads:  source, page_id, chunk_index, chunk_count, text, domain_code,
 *         task_code, modifier_code, concept_vec (bin float32); optional
 *         doc_id, title, article_index, episode_id, section, char_start,
 *         char_end.
 * Writes: every input key it does not own, then cpe_id, parent_cpe_id,
 *         child_cpe_id, concept_text, probe_question, expected_answer,
 *         soft_negatives, hard_negatives, tmd_dense, fused_vec, fused_norm,
 *         quality_metrics, confidence_score, content_type, chunk_position.
 *
 * Ids derive from the natural key, so the links to the previous and next
 * chunk need no state and the program can be fanned out with GNU parallel.
 * With --cpesh the concept, probe, expected answer and negatives come from
 * an LLM (cpe-prep-cpesh.c), asked for --batch records at a time.
 */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cpe.h"
#include "common/tmd.h"
#include "filters/cpe-prep.h"
#include "common/id.h"
#include "common/json.h"
#include "common/llm.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/record.h"
#include "common/stats.h"
#include "common/vec.h"

enum {
	OPT_ANSWER_RETRIES = OPT_FIRST_PRIVATE,
	OPT_API,
	OPT_BATCH,
	OPT_CONTENT_TYPE,
	OPT_CPESH,
	OPT_DIM,
	OPT_ENDPOINT,
	OPT_MODEL,
	OPT_REJECT,
	OPT_RETRIES,
	OPT_TIMEOUT
};

#define DEFAULT_MODEL "qwen2.5:1.5b"


struct opts {
	struct common_opts co;	/* the shared options */
	const char *reject;	/* --reject FILE, NULL to stop at a bad record */
	const char *content_type; /* --content-type */
	size_t dim;		/* --dim: concept_vec dimension required */
	int cpesh;		/* --cpesh: ask an LLM */
	int batch;		/* --batch: records per LLM round */
	int answer_retries;	/* --answer-retries */
	struct llm_opts llm;	/* --api, --endpoint, --model, -j, ... */
};

/* Per-run state. */
struct prep {
	const struct opts *o;
	struct rw *out, *rej;
	struct rb rb;		/* the output record */
	float *concept, *fused;
	uint64_t records, rejected;
	struct cpesh_client *cpesh;
	struct buf *pend;	/* --cpesh: raw records waiting for answers */
	struct rec *pend_rec;	/* ... their places, for messages */
	size_t npend;
};

/* Keys this program writes; an input copy of any of them is replaced. */
static const char *const owned[] = {
	"cpe_id", "parent_cpe_id", "child_cpe_id", "concept_text",
	"probe_question", "expected_answer", "soft_negatives",
	"hard_negatives", "tmd_dense", "fused_vec", "fused_norm",
	"quality_metrics", "confidence_score", "content_type",
	"chunk_position", NULL
};

static const struct opt_word content_types[] = {
	{"factual", 0}, {"math", 1}, {"instruction", 2}, {"narrative", 3},
	{NULL, 0}
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: cpe-prep [-fhquVvz] [--content-type TYPE] [--dim N] "
	    "[--max-record SIZE]\n"
	    "                [-o FILE] [--reject FILE] [--stats FILE] "
	    "[FILE]\n"
	    "       cpe-prep --cpesh [-j N] [--answer-retries N] [--api API] "
	    "[--batch N]\n"
	    "                [--endpoint URL] [--model NAME] [--retries N] "
	    "[--timeout SEC] ...\n"
	    "  Turn chunk records into CPE rows (ids, links, tmd_dense, "
	    "fused_vec,\n"
	    "  quality metrics), one out per record in.\n"
	    "      --answer-retries N  ask again after a malformed answer (2)\n"
	    "      --api API        ollama (/api/generate), ollama-chat or "
	    "openai\n"
	    "      --batch N        records per LLM round with --cpesh (64)\n"
	    "      --content-type TYPE  factual (default), math, instruction "
	    "or narrative\n"
	    "      --cpesh          concept, probe, answer and negatives from "
	    "an LLM\n"
	    "      --dim N          concept_vec dimension required (768)\n"
	    "      --endpoint URL   LLM server (http://127.0.0.1:11434, openai "
	    ":8000)\n"
	    "  -j, --parallel N     LLM requests in flight (8)\n"
	    "      --model NAME     LLM model (" DEFAULT_MODEL ")\n"
	    "      --reject FILE    write bad records to FILE and go on\n"
	    "      --retries N      HTTP retries on 429, 5xx, lost connections "
	    "(4)\n"
	    "      --timeout SEC    per LLM request (60)\n"
	    COMMON_USAGE FILTER_USAGE);
	exit(status);
}

/*
 * A bad record: stop with exit 1, or with --reject copy it (plus a
 * reject_reason key) to the reject file, warn, and go on.  Returns -1.
 */
static int PRINTF(4, 5)
bad(struct prep *p, const struct rec *rec, const char *key,
    const char *fmt, ...)
{
	static const char *const skip[] = { "reject_reason", NULL };
	char msg[512];
	struct rb rb = { 0 };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!p->rej)
		die_rec(rec, key, "%s", msg);
	warn_rec(rec, key, "%s (rejected)", msg);
	rb_copy(&rb, rec, skip);
	rb_cstr(&rb, "reject_reason", msg);
	ewput_rb(p->rej, &rb);
	rb_free(&rb);
	p->rejected++;
	return -1;
}

static const char *
getter_problem(int st)
{
	return st == REC_MISSING ? "missing" : "wrong type";
}

/* A required int key in [min, max]. */
static int
need_int(struct prep *p, const struct rec *rec, const char *key,
    int64_t min, int64_t max, int64_t *v)
{
	int st;

	if ((st = rec_get_int(rec, key, v)) != REC_OK)
		return bad(p, rec, key, "%s, expected int", getter_problem(st));
	if (*v < min || *v > max)
		return bad(p, rec, key, "%lld out of range %lld..%lld",
		    (long long)*v, (long long)min, (long long)max);
	return 0;
}

/* An optional key of the given type: absent or nil-free and well typed. */
static int
opt_str(struct prep *p, const struct rec *rec, const char *key,
    const char **s, size_t *n)
{
	int st = rec_get_str(rec, key, s, n);

	if (st == REC_MISSING) {
		*s = NULL;
		return 0;
	}
	if (st != REC_OK)
		return bad(p, rec, key, "wrong type, expected str");
	if (!json_valid_utf8(*s, *n))
		return bad(p, rec, key, "invalid UTF-8");
	return 0;
}

static int
opt_int(struct prep *p, const struct rec *rec, const char *key, int *have,
    int64_t *v)
{
	int st = rec_get_int(rec, key, v);

	*have = st == REC_OK;
	if (st == REC_TYPE || (st == REC_OK && *v < 0))
		return bad(p, rec, key, st == REC_OK ? "negative" :
		    "wrong type, expected int");
	return 0;
}

static void
put_uuid(struct rb *rb, const char *key, const char *source, size_t slen,
    int64_t page_id, int64_t chunk_index)
{
	unsigned char u[16];
	char s[37];

	id_cpe_uuid(source, slen, page_id, chunk_index, u);
	id_uuid_str(u, s);
	rb_str(rb, key, s, 36);
}

/* The chunk's place: {article_title, article_index, chunk_index, source}
 * as the original, plus episode_id, section and offsets when known. */
static void
put_position(struct rb *rb, const struct rec *rec, const char *source,
    size_t slen, int64_t chunk_index)
{
	static const char *const extra_str[] = { "episode_id", "section" };
	static const char *const extra_int[] = { "char_start", "char_end" };
	const char *s;
	size_t n, i;
	int64_t v;
	uint32_t pairs = 4;

	for (i = 0; i < 2; i++)
		pairs += rec_get_str(rec, extra_str[i], &s, &n) == REC_OK;
	for (i = 0; i < 2; i++)
		pairs += rec_get_int(rec, extra_int[i], &v) == REC_OK;
	rb_key(rb, "chunk_position");
	mp_put_map(&rb->body, pairs);
	mp_put_cstr(&rb->body, "article_title");
	if (rec_get_str(rec, "title", &s, &n) == REC_OK)
		mp_put_str(&rb->body, s, n);
	else
		mp_put_nil(&rb->body);
	mp_put_cstr(&rb->body, "article_index");
	if (rec_get_int(rec, "article_index", &v) == REC_OK)
		mp_put_int(&rb->body, v);
	else
		mp_put_nil(&rb->body);
	mp_put_cstr(&rb->body, "chunk_index");
	mp_put_int(&rb->body, chunk_index);
	mp_put_cstr(&rb->body, "source");
	mp_put_str(&rb->body, source, slen);
	for (i = 0; i < 2; i++)
		if (rec_get_str(rec, extra_str[i], &s, &n) == REC_OK) {
			mp_put_cstr(&rb->body, extra_str[i]);
			mp_put_str(&rb->body, s, n);
		}
	for (i = 0; i < 2; i++)
		if (rec_get_int(rec, extra_int[i], &v) == REC_OK) {
			mp_put_cstr(&rb->body, extra_int[i]);
			mp_put_int(&rb->body, v);
		}
}

static void
put_quality(struct rb *rb, const struct cpe_quality *q)
{
	rb_key(rb, "quality_metrics");
	mp_put_map(&rb->body, 8);
	mp_put_cstr(&rb->body, "cpesh_completeness");
	mp_put_f64(&rb->body, q->completeness);
	mp_put_cstr(&rb->body, "vector_norm");
	mp_put_f64(&rb->body, q->vector_norm);
	mp_put_cstr(&rb->body, "vector_dimension");
	mp_put_uint(&rb->body, q->vector_dimension);
	mp_put_cstr(&rb->body, "text_length");
	mp_put_uint(&rb->body, q->text_length);
	mp_put_cstr(&rb->body, "concept_length");
	mp_put_uint(&rb->body, q->concept_length);
	mp_put_cstr(&rb->body, "soft_negatives_count");
	mp_put_uint(&rb->body, q->soft_negatives);
	mp_put_cstr(&rb->body, "hard_negatives_count");
	mp_put_uint(&rb->body, q->hard_negatives);
	mp_put_cstr(&rb->body, "total_negatives");
	mp_put_uint(&rb->body, q->total_negatives);
}

static void
put_list(struct rb *rb, const char *key, char *const *v, size_t n)
{
	size_t i;

	rb_key(rb, key);
	mp_put_array(&rb->body, (uint32_t)n);
	for (i = 0; i < n; i++)
		mp_put_cstr(&rb->body, v[i]);
}

/*
 * Validate one chunk record and, unless check_only, write its CPE row
 * with the CPESH fields of x (NULL: CPESH off).  Returns 0 or -1 (the
 * record was rejected).
 */
static int
prep_one(struct prep *p, const struct rec *rec, const struct cpesh *x,
    int check_only)
{
	const char *source, *text, *s;
	size_t slen, tlen, n, dim, i;
	int64_t page_id, ci, cc, d, t, m, v;
	float tmd[CPE_TMD_DIM];
	struct cpe_quality q;
	double fnorm, cnorm;
	int st, have;

	if ((st = rec_get_str(rec, "source", &source, &slen)) != REC_OK)
		return bad(p, rec, "source", "%s, expected str",
		    getter_problem(st));
	if (slen == 0 || !json_valid_utf8(source, slen))
		return bad(p, rec, "source", slen ? "invalid UTF-8" : "empty");
	if (need_int(p, rec, "page_id", 0, INT64_MAX, &page_id) ||
	    need_int(p, rec, "chunk_count", 1, INT32_MAX, &cc) ||
	    need_int(p, rec, "chunk_index", 0, cc - 1, &ci) ||
	    need_int(p, rec, "domain_code", 0, TMD_NDOMAIN - 1, &d) ||
	    need_int(p, rec, "task_code", 0, TMD_NTASK - 1, &t) ||
	    need_int(p, rec, "modifier_code", 0, TMD_NMODIFIER - 1, &m))
		return -1;
	if ((st = rec_get_str(rec, "text", &text, &tlen)) != REC_OK)
		return bad(p, rec, "text", "%s, expected str",
		    getter_problem(st));
	if (tlen == 0 || !json_valid_utf8(text, tlen))
		return bad(p, rec, "text", tlen ? "invalid UTF-8" : "empty");
	if (opt_str(p, rec, "doc_id", &s, &n) ||
	    opt_str(p, rec, "title", &s, &n) ||
	    opt_str(p, rec, "episode_id", &s, &n) ||
	    opt_str(p, rec, "section", &s, &n) ||
	    opt_int(p, rec, "article_index", &have, &v) ||
	    opt_int(p, rec, "char_start", &have, &v) ||
	    opt_int(p, rec, "char_end", &have, &v))
		return -1;
	st = rec_get_vec(rec, "concept_vec", NULL, 0, &dim);
	if (st != REC_OK)
		return bad(p, rec, "concept_vec", "%s, expected bin of float32",
		    getter_problem(st));
	if (dim != p->o->dim)
		return bad(p, rec, "concept_vec", "dimension %zu, expected %zu",
		    dim, p->o->dim);
	st = rec_get_vec(rec, "concept_vec", p->concept, dim, &dim);
	for (i = 0; i < dim; i++)
		if (!isfinite(p->concept[i]))
			return bad(p, rec, "concept_vec",
			    "element %zu is not finite", i);

	if (check_only)
		return 0;

	cpe_tmd16((int)d, (int)t, (int)m, tmd);
	fnorm = cpe_fuse_norms(tmd, p->concept, dim, p->fused, &cnorm);
	/* CPESH off: concept = text, no probe, no answer, no negatives. */
	if (x)
		cpe_quality_compute(&q, text, tlen, x->concept,
		    strlen(x->concept), strlen(x->probe), strlen(x->expected),
		    x->nsoft, x->nhard, cnorm, dim);
	else
		cpe_quality_compute(&q, text, tlen, text, tlen, 0, 0, 0, 0,
		    cnorm, dim);

	rb_reset(&p->rb);
	rb_copy(&p->rb, rec, owned);
	put_uuid(&p->rb, "cpe_id", source, slen, page_id, ci);
	if (ci > 0)
		put_uuid(&p->rb, "parent_cpe_id", source, slen, page_id,
		    ci - 1);
	else
		rb_nil(&p->rb, "parent_cpe_id");
	if (ci + 1 < cc)
		put_uuid(&p->rb, "child_cpe_id", source, slen, page_id,
		    ci + 1);
	else
		rb_nil(&p->rb, "child_cpe_id");
	if (x) {
		rb_cstr(&p->rb, "concept_text", x->concept);
		rb_cstr(&p->rb, "probe_question", x->probe);
		rb_cstr(&p->rb, "expected_answer", x->expected);
		put_list(&p->rb, "soft_negatives", x->soft, x->nsoft);
		put_list(&p->rb, "hard_negatives", x->hard, x->nhard);
	} else {
		rb_str(&p->rb, "concept_text", text, tlen);
		rb_cstr(&p->rb, "probe_question", "");
		rb_cstr(&p->rb, "expected_answer", "");
		put_list(&p->rb, "soft_negatives", NULL, 0);
		put_list(&p->rb, "hard_negatives", NULL, 0);
	}
	rb_vec(&p->rb, "tmd_dense", tmd, CPE_TMD_DIM);
	rb_vec(&p->rb, "fused_vec", p->fused, CPE_TMD_DIM + dim);
	rb_f64(&p->rb, "fused_norm", fnorm);
	put_quality(&p->rb, &q);
	rb_f64(&p->rb, "confidence_score", q.confidence);
	rb_cstr(&p->rb, "content_type", p->o->content_type);
	put_position(&p->rb, rec, source, slen, ci);
	ewput_rb(p->out, &p->rb);
	return 0;
}

/* --cpesh: ask the LLM about the waiting records, then write them in
 * order.  An unreachable LLM ends the run (exit 4) naming the first. */
static void
flush_cpesh(struct prep *p)
{
	const char **text = ecalloc(p->npend + 1, sizeof *text);
	size_t *tlen = ecalloc(p->npend + 1, sizeof *tlen), i;
	struct cpesh *x = ecalloc(p->npend + 1, sizeof *x);
	struct rec r = { 0 };
	char err[400];
	int rc;

	for (i = 0; i < p->npend; i++) {
		if (rec_parse(&r, p->pend[i].p, p->pend[i].len) < 0 ||
		    rec_get_str(&r, "text", &text[i], &tlen[i]) != REC_OK)
			die(EXIT_IO, "internal error: a held record changed");
	}
	/* The text pointers point into p->pend[i], which stays put. */
	if ((rc = cpesh_ask(p->cpesh, text, tlen, p->npend, x, err,
	    sizeof err)) < 0)
		die(EXIT_REMOTE, "%s: records %llu-%llu: CPESH: %s",
		    p->pend_rec[0].src, (unsigned long long)p->pend_rec[0].recno,
		    (unsigned long long)p->pend_rec[p->npend - 1].recno, err);
	for (i = 0; i < p->npend; i++) {
		if (rec_parse(&r, p->pend[i].p, p->pend[i].len) < 0)
			die(EXIT_IO, "internal error: a held record changed");
		r.src = p->pend_rec[i].src;
		r.recno = p->pend_rec[i].recno;
		r.offset = p->pend_rec[i].offset;
		(void)prep_one(p, &r, &x[i], 0);
		cpesh_item_free(&x[i]);
	}
	p->npend = 0;
	rec_free(&r);
	free(text);
	free(tlen);
	free(x);
}

/* One input record: straight through, or held for the LLM. */
static void
take(struct prep *p, const struct rec *rec)
{
	if (!p->cpesh) {
		(void)prep_one(p, rec, NULL, 0);
		return;
	}
	if (prep_one(p, rec, NULL, 1) < 0)
		return;
	p->pend[p->npend].len = 0;
	buf_add(&p->pend[p->npend], rec->raw, rec->len);
	p->pend_rec[p->npend].src = rec->src;
	p->pend_rec[p->npend].recno = rec->recno;
	p->pend_rec[p->npend].offset = rec->offset;
	if (++p->npend == (size_t)p->o->batch)
		flush_cpesh(p);
}

static void
parse_opts(struct opts *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		FILTER_LONGOPTS,
		{"answer-retries", required_argument, NULL, OPT_ANSWER_RETRIES},
		{"api", required_argument, NULL, OPT_API},
		{"batch", required_argument, NULL, OPT_BATCH},
		{"content-type", required_argument, NULL, OPT_CONTENT_TYPE},
		{"cpesh", no_argument, NULL, OPT_CPESH},
		{"dim", required_argument, NULL, OPT_DIM},
		{"endpoint", required_argument, NULL, OPT_ENDPOINT},
		{"model", required_argument, NULL, OPT_MODEL},
		{"parallel", required_argument, NULL, 'j'},
		{"reject", required_argument, NULL, OPT_REJECT},
		{"retries", required_argument, NULL, OPT_RETRIES},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{0}
	};
	const char *s;
	int c;

	opt_init(&o->co);
	o->reject = NULL;
	o->content_type = "factual";
	o->dim = CPE_CONCEPT_DIM;
	o->cpesh = 0;
	o->batch = 64;
	o->answer_retries = 2;
	llm_opts_init(&o->llm);
	o->llm.max_tokens = 256;
	o->llm.endpoint = getenv("WIKIPIPE_LLM_ENDPOINT");
	o->llm.model = getenv("WIKIPIPE_LLM_MODEL");
	o->llm.api_key = getenv("WIKIPIPE_LLM_API_KEY");
	if ((s = getenv("WIKIPIPE_LLM_API")) && *s)
		o->llm.api = opt_keyword(s, "WIKIPIPE_LLM_API", llm_apis,
		    usage);
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "j:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'j':
			o->llm.http.parallel = (int)estrtonum(optarg, 1, 256,
			    "--parallel");
			break;
		case OPT_ANSWER_RETRIES:
			o->answer_retries = (int)estrtonum(optarg, 0, 10,
			    "--answer-retries");
			break;
		case OPT_API:
			o->llm.api = opt_keyword(optarg, "--api", llm_apis,
			    usage);
			break;
		case OPT_BATCH:
			o->batch = (int)estrtonum(optarg, 1, 100000, "--batch");
			break;
		case OPT_CPESH:
			o->cpesh = 1;
			break;
		case OPT_ENDPOINT:
			o->llm.endpoint = optarg;
			break;
		case OPT_MODEL:
			o->llm.model = optarg;
			break;
		case OPT_RETRIES:
			o->llm.http.retries = (int)estrtonum(optarg, 0, 100,
			    "--retries");
			break;
		case OPT_TIMEOUT:
			o->llm.http.timeout = estrtod(optarg, 0.001, 86400,
			    "--timeout");
			if (o->llm.http.connect_timeout > o->llm.http.timeout)
				o->llm.http.connect_timeout =
				    o->llm.http.timeout;
			break;
		case OPT_CONTENT_TYPE:
			o->content_type = content_types[opt_keyword(optarg,
			    "--content-type", content_types, usage)].name;
			break;
		case OPT_DIM:
			o->dim = (size_t)estrtonum(optarg, 1, 65536, "--dim");
			break;
		case OPT_REJECT:
			o->reject = optarg;
			break;
		default:
			opt_common(c, optarg, &o->co, usage);
		}
	}
	if (!o->llm.model || !*o->llm.model)
		o->llm.model = DEFAULT_MODEL;
	if (argc - optind > 1) {
		error("too many operands");
		usage(stderr, EXIT_USAGE);
	}
	opt_refuse_tty_stdin(argc - optind, usage);
}

static void
start_cpesh(struct prep *p)
{
	char err[300];

	if ((p->cpesh = cpesh_new(&p->o->llm, p->o->answer_retries, err,
	    sizeof err)) == NULL)
		die(EXIT_USAGE, "--cpesh: %s", err);
	p->pend = ecalloc((size_t)p->o->batch, sizeof *p->pend);
	p->pend_rec = ecalloc((size_t)p->o->batch, sizeof *p->pend_rec);
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct prep p = { 0 };
	struct rec rec = { 0 };
	struct stats st;
	struct rr *in;
	int r, status = EXIT_OK;

	log_init(argv[0]);
	stats_begin(&st);
	parse_opts(&o, argc, argv);
	p.o = &o;
	p.concept = ecalloc(o.dim, sizeof(float));
	p.fused = ecalloc(CPE_TMD_DIM + o.dim, sizeof(float));
	if ((in = rr_open(optind < argc ? argv[optind] : NULL,
	    (o.co.nul & NUL_IN) ? RR_NUL : 0, o.co.max_record)) == NULL)
		return EXIT_IO;
	p.out = rw_open(o.co.output, ((o.co.nul & NUL_OUT) ? RW_NUL : 0) |
	    (o.co.force ? RW_FORCE : 0) | (o.co.unbuffered ? RW_UNBUFFERED : 0));
	if (o.reject)
		p.rej = rw_open(o.reject, RW_FORCE);
	if (o.cpesh)
		start_cpesh(&p);

	while ((r = rr_next(in, &rec)) > 0) {
		p.records++;
		take(&p, &rec);
	}
	if (r < 0)
		status = rr_status(in);
	if (p.npend)
		flush_cpesh(&p);
	if (p.rej && rw_close(p.rej) < 0)
		status = EXIT_IO;
	/* On stdout the rows before a bad record are still whole records
	 * worth passing on; an -o FILE is never published half done. */
	if (status == EXIT_OK || !o.co.output)
		ewclose(p.out);
	else
		rw_abort(p.out);
	if (p.rejected)
		info(2, "%llu of %llu records rejected to %s",
		    (unsigned long long)p.rejected,
		    (unsigned long long)p.records, o.reject);
	stats_int(&st, "records", (int64_t)p.records);
	stats_int(&st, "records_out", (int64_t)(p.records - p.rejected));
	stats_int(&st, "rejected", (int64_t)p.rejected);
	if (p.cpesh) {
		stats_int(&st, "cpesh_requests",
		    (int64_t)cpesh_requests(p.cpesh));
		stats_int(&st, "cpesh_malformed",
		    (int64_t)cpesh_malformed(p.cpesh));
		if (cpesh_malformed(p.cpesh))
			warn("CPESH: %llu malformed answers replaced by the "
			    "fallback", (unsigned long long)
			    cpesh_malformed(p.cpesh));
	}
	if (stats_write(&st, o.co.stats) < 0 && status == EXIT_OK)
		status = EXIT_IO;
	rr_close(in);
	rec_free(&rec);
	rb_free(&p.rb);
	cpesh_free(p.cpesh);
	for (size_t i = 0; p.pend && i < (size_t)o.batch; i++)
		buf_free(&p.pend[i]);
	free(p.pend);
	free(p.pend_rec);
	free(p.concept);
	free(p.fused);
	return status;
}
