/* SPDX-License-Identifier: ISC */
/*
 * tmd-extract: label each chunk with schema v1 TMD codes, 1:1.
 *
 * Reads:  text (str); optional domain_code, task_code, modifier_code
 *         (int, all three or none; nil counts as absent) and
 *         tmd_confidence (number), which are kept as they are.
 * Writes: every input key it does not own, then domain_code, task_code,
 *         modifier_code, tmd_bits, tmd_lane, lane_index, tmd_source
 *         ("input", "heuristic", "llm", "cache" or "fallback") and
 *         tmd_confidence.
 *
 * Modes: heuristic (built-in lexicons, the default), llm (every chunk
 * asked of an LLM over HTTP, through a persistent cache), hybrid (the
 * heuristic where its confidence reaches --threshold, the LLM
 * elsewhere).  LLM work is batched: records are held until a batch of
 * questions is answered, many requests in flight, then written in input
 * order.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/kvcache.h"
#include "common/llm.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/record.h"
#include "common/stats.h"
#include "common/tmd.h"

enum {
	OPT_ANSWER_RETRIES = OPT_FIRST_PRIVATE,
	OPT_API,
	OPT_BATCH,
	OPT_CACHE,
	OPT_CACHE_SIZE,
	OPT_ENDPOINT,
	OPT_FALLBACK,
	OPT_IGNORE_INPUT,
	OPT_LIST,
	OPT_MODEL,
	OPT_NO_CACHE,
	OPT_ON_MALFORMED,
	OPT_RETRIES,
	OPT_THRESHOLD,
	OPT_TIMEOUT
};

enum mode { MODE_HEURISTIC, MODE_LLM, MODE_HYBRID };

/* The confidence given to an LLM label (a model's answer carries none). */
#define LLM_CONFIDENCE 0.9
#define DEFAULT_MODEL "qwen2.5:1.5b"

struct opts {
	struct common_opts co;	/* the shared options */
	enum mode mode;		/* -m */
	double threshold;	/* --threshold: hybrid's heuristic cut-off */
	const char *cache;	/* --cache FILE, NULL for none */
	size_t cache_size;	/* --cache-size: LMDB map size */
	struct llm_opts llm;	/* --api, --endpoint, --model, -j, ... */
	int batch;		/* --batch: LLM questions per round */
	int answer_retries;	/* --answer-retries: re-asks after bad answers */
	int malformed_fail;	/* --on-malformed fail */
	int fallback;		/* --fallback heuristic */
	int ignore_input;	/* --ignore-input */
	int list;		/* --list: 1 text, 2 json */
};

/* One held record of the current batch. */
struct item {
	size_t off, len;	/* raw record in t->held */
	uint64_t recno, offset;	/* where it came from, for messages */
	size_t toff, tlen;	/* its text, as an offset into held */
	int pending;		/* waiting for the LLM */
	long dup_of;		/* same question as an earlier item, or -1 */
	int d, t, m;
	double conf;
	const char *source;
	unsigned char key[16];
};

struct run {
	const struct opts *o;
	struct rr *in;
	struct rw *out;
	struct rb rb;
	struct kvcache *cache;
	struct llm *llm;
	int llm_down;		/* gave up on the LLM (fallback mode) */
	const char *key_parts[3];
	struct buf held;	/* raw bytes of held records */
	struct item *item;
	size_t nitem, capitem, npending;
	struct buf val;
	/* counters */
	uint64_t records, n_input, n_heur, n_llm, n_cache, n_fallback;
	uint64_t hits, misses, malformed, requests, attempts;
	uint64_t dom[TMD_NDOMAIN];
};

static const char *const owned[] = {
	"domain_code", "task_code", "modifier_code", "tmd_bits", "tmd_lane",
	"lane_index", "tmd_source", "tmd_confidence", NULL
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: tmd-extract [-fhquVvz] [-j N] [-m MODE] [--answer-retries N]"
	    " [--api API]\n"
	    "                   [--batch N] [--cache FILE] [--cache-size SIZE]"
	    " [--endpoint URL]\n"
	    "                   [--fallback POLICY] [--ignore-input] "
	    "[--max-record SIZE]\n"
	    "                   [--model NAME] [--no-cache] [-o FILE] "
	    "[--on-malformed POLICY]\n"
	    "                   [--retries N] [--stats FILE] [--threshold X] "
	    "[--timeout SEC] [FILE]\n"
	    "       tmd-extract --list[=FORMAT]\n"
	    "  Label chunk records with Domain, Task and Modifier codes "
	    "(schema v1).\n"
	    "      --answer-retries N  ask again after a malformed answer (2)\n"
	    "      --api API        ollama (/api/generate), ollama-chat or "
	    "openai\n"
	    "      --batch N        LLM questions per round (64)\n"
	    "      --cache FILE     persistent LMDB cache of LLM labels\n"
	    "      --cache-size SIZE  cache map size (1G), grows when full\n"
	    "      --endpoint URL   LLM server (http://127.0.0.1:11434, "
	    "openai :8000)\n"
	    "      --fallback POLICY  LLM unreachable: none (exit 4) or "
	    "heuristic\n"
	    "      --ignore-input   relabel records that already carry codes\n"
	    "  -j, --parallel N     LLM requests in flight (8)\n"
	    "      --list[=FORMAT]  print the taxonomy (text or json) and exit\n"
	    "  -m, --mode MODE      heuristic (default), llm or hybrid\n"
	    "      --model NAME     LLM model (" DEFAULT_MODEL ")\n"
	    "      --no-cache       do not use a cache even if "
	    "WIKIPIPE_TMD_CACHE is set\n"
	    "      --on-malformed POLICY  after the retries: heuristic "
	    "(default) or fail\n"
	    "      --retries N      HTTP retries on 429, 5xx, lost "
	    "connections (4)\n"
	    "      --threshold X    hybrid: heuristic confidence needed (0.5)\n"
	    "      --timeout SEC    per request (60)\n"
	    COMMON_USAGE);
	exit(status);
}

static void
bad_usage(const char *what, const char *arg)
{
	error("%s: invalid value \"%s\"", what, arg);
	usage(stderr, EXIT_USAGE);
}

static void
parse_opts(struct opts *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"answer-retries", required_argument, NULL, OPT_ANSWER_RETRIES},
		{"api", required_argument, NULL, OPT_API},
		{"batch", required_argument, NULL, OPT_BATCH},
		{"cache", required_argument, NULL, OPT_CACHE},
		{"cache-size", required_argument, NULL, OPT_CACHE_SIZE},
		{"endpoint", required_argument, NULL, OPT_ENDPOINT},
		{"fallback", required_argument, NULL, OPT_FALLBACK},
		{"ignore-input", no_argument, NULL, OPT_IGNORE_INPUT},
		{"list", optional_argument, NULL, OPT_LIST},
		{"mode", required_argument, NULL, 'm'},
		{"model", required_argument, NULL, OPT_MODEL},
		{"no-cache", no_argument, NULL, OPT_NO_CACHE},
		{"on-malformed", required_argument, NULL, OPT_ON_MALFORMED},
		{"parallel", required_argument, NULL, 'j'},
		{"retries", required_argument, NULL, OPT_RETRIES},
		{"threshold", required_argument, NULL, OPT_THRESHOLD},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{0}
	};
	const char *s;
	int c, no_cache = 0;

	memset(o, 0, sizeof *o);
	opt_init(&o->co);
	llm_opts_init(&o->llm);
	o->mode = MODE_HEURISTIC;
	o->threshold = 0.5;
	o->batch = 64;
	o->answer_retries = 2;
	o->llm.max_tokens = 16;
	o->llm.endpoint = getenv("WIKIPIPE_LLM_ENDPOINT");
	o->llm.model = getenv("WIKIPIPE_LLM_MODEL");
	o->llm.api_key = getenv("WIKIPIPE_LLM_API_KEY");
	o->cache = getenv("WIKIPIPE_TMD_CACHE");
	if ((s = getenv("WIKIPIPE_LLM_API")) && *s &&
	    llm_api_parse(s, &o->llm.api) < 0)
		bad_usage("WIKIPIPE_LLM_API", s);
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "j:m:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'j':
			o->llm.http.parallel = (int)estrtonum(optarg, 1, 256,
			    "--parallel");
			break;
		case 'm':
			if (strcmp(optarg, "heuristic") == 0)
				o->mode = MODE_HEURISTIC;
			else if (strcmp(optarg, "llm") == 0)
				o->mode = MODE_LLM;
			else if (strcmp(optarg, "hybrid") == 0)
				o->mode = MODE_HYBRID;
			else
				bad_usage("--mode", optarg);
			break;
		case OPT_ANSWER_RETRIES:
			o->answer_retries = (int)estrtonum(optarg, 0, 10,
			    "--answer-retries");
			break;
		case OPT_API:
			if (llm_api_parse(optarg, &o->llm.api) < 0)
				bad_usage("--api", optarg);
			break;
		case OPT_BATCH:
			o->batch = (int)estrtonum(optarg, 1, 100000, "--batch");
			break;
		case OPT_CACHE:
			o->cache = optarg;
			break;
		case OPT_CACHE_SIZE:
			o->cache_size = estrtosize(optarg, 1 << 20,
			    (size_t)1 << 40, "--cache-size");
			break;
		case OPT_ENDPOINT:
			o->llm.endpoint = optarg;
			break;
		case OPT_FALLBACK:
			if (strcmp(optarg, "none") == 0)
				o->fallback = 0;
			else if (strcmp(optarg, "heuristic") == 0)
				o->fallback = 1;
			else
				bad_usage("--fallback", optarg);
			break;
		case OPT_IGNORE_INPUT:
			o->ignore_input = 1;
			break;
		case OPT_LIST:
			if (!optarg || strcmp(optarg, "text") == 0)
				o->list = 1;
			else if (strcmp(optarg, "json") == 0)
				o->list = 2;
			else
				bad_usage("--list", optarg);
			break;
		case OPT_MODEL:
			o->llm.model = optarg;
			break;
		case OPT_NO_CACHE:
			no_cache = 1;
			break;
		case OPT_ON_MALFORMED:
			if (strcmp(optarg, "heuristic") == 0)
				o->malformed_fail = 0;
			else if (strcmp(optarg, "fail") == 0)
				o->malformed_fail = 1;
			else
				bad_usage("--on-malformed", optarg);
			break;
		case OPT_RETRIES:
			o->llm.http.retries = (int)estrtonum(optarg, 0, 20,
			    "--retries");
			break;
		case OPT_THRESHOLD:
			o->threshold = estrtod(optarg, 0, 1, "--threshold");
			break;
		case OPT_TIMEOUT:
			o->llm.http.timeout = estrtod(optarg, 0.001, 86400,
			    "--timeout");
			if (o->llm.http.connect_timeout > o->llm.http.timeout)
				o->llm.http.connect_timeout = o->llm.http.timeout;
			break;
		default:
			opt_common(c, optarg, &o->co, usage);
		}
	}
	if (no_cache || (o->cache && !*o->cache))
		o->cache = NULL;
	if (!o->llm.model || !*o->llm.model)
		o->llm.model = DEFAULT_MODEL;
	if (o->list)
		return;
	if (argc - optind > 1) {
		error("too many operands");
		usage(stderr, EXIT_USAGE);
	}
	opt_refuse_tty_stdin(argc - optind, usage);
}

/* ---- one record ---- */

static void flush_batch(struct run *r);

/*
 * A bad record: label and write what was read before it (so nothing
 * good is held back), then stop with the standard message.
 */
static void NORETURN PRINTF(4, 5)
stop_at(struct run *r, const struct rec *rec, const char *key,
    const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	flush_batch(r);
	if (rw_flush(r->out) < 0)
		die(EXIT_IO, "write error");
	die_rec(rec, key, "%s", msg);
}

/*
 * The codes a record already carries: 1 with *d, *t, *m (and *conf when
 * tmd_confidence is a number) set, 0 when it has none.  Partial or
 * ill-typed codes are a data error.
 */
static int
input_codes(struct run *r, const struct rec *rec, int *d, int *t, int *m,
    double *conf)
{
	static const char *const keys[3] = {"domain_code", "task_code",
	    "modifier_code"};
	int64_t v[3];
	int k, have = 0;
	struct mp_obj obj;

	for (k = 0; k < 3; k++) {
		if (rec_get_obj(rec, keys[k], &obj) == REC_MISSING ||
		    obj.type == MP_NIL)
			continue;
		if (rec_get_int(rec, keys[k], &v[k]) != REC_OK)
			stop_at(r, rec, keys[k], "expected int, got %s",
			    mp_type_name(obj.type));
		if (v[k] < 0 || v[k] >= tmd_count((enum tmd_field)k))
			stop_at(r, rec, keys[k], "%lld out of range 0..%d",
			    (long long)v[k], tmd_count((enum tmd_field)k) - 1);
		have |= 1 << k;
	}
	if (have == 0)
		return 0;
	if (have != 7)
		stop_at(r, rec, keys[!(have & 1) ? 0 : !(have & 2) ? 1 : 2],
		    "missing while other TMD codes are present");
	*d = (int)v[0];
	*t = (int)v[1];
	*m = (int)v[2];
	if (rec_get_num(rec, "tmd_confidence", conf) != REC_OK)
		*conf = 1.0;
	return 1;
}

static void
put_record(struct run *r, const struct rec *rec, const struct item *it)
{
	char lane[16];

	rb_reset(&r->rb);
	rb_copy(&r->rb, rec, owned);
	rb_int(&r->rb, "domain_code", it->d);
	rb_int(&r->rb, "task_code", it->t);
	rb_int(&r->rb, "modifier_code", it->m);
	rb_int(&r->rb, "tmd_bits", tmd_pack(it->d, it->t, it->m));
	tmd_lane(it->d, lane, sizeof lane);
	rb_cstr(&r->rb, "tmd_lane", lane);
	rb_int(&r->rb, "lane_index", it->d);
	rb_cstr(&r->rb, "tmd_source", it->source);
	rb_f64(&r->rb, "tmd_confidence", it->conf);
	ewput_rb(r->out, &r->rb);
	r->dom[it->d]++;
}

static void
set_heur(struct item *it, const char *text, size_t n, const char *source)
{
	struct tmd_label l;

	tmd_heur(text, n, &l);
	it->d = l.d;
	it->t = l.t;
	it->m = l.m;
	it->conf = l.confidence;
	it->source = source;
}

/* Look the item up in the cache; 1 on a hit. */
static int
cache_get(struct run *r, struct item *it)
{
	int g;

	if (!r->cache)
		return 0;
	if ((g = kvcache_get(r->cache, it->key, &r->val)) < 0)
		die(EXIT_IO, "%s", kvcache_error(r->cache));
	if (g == 1 && r->val.len == 4 &&
	    tmd_valid(r->val.p[0], r->val.p[1], r->val.p[2]) &&
	    r->val.p[3] <= 100) {
		it->d = r->val.p[0];
		it->t = r->val.p[1];
		it->m = r->val.p[2];
		it->conf = r->val.p[3] / 100.0;
		it->source = "cache";
		r->hits++;
		return 1;
	}
	if (g == 1)
		die(EXIT_IO, "%s: cache file is corrupt (a TMD entry of %zu "
		    "bytes with invalid codes)", kvcache_path(r->cache),
		    r->val.len);
	r->misses++;
	return 0;
}

static void
cache_put(struct run *r, const struct item *it)
{
	unsigned char v[4];

	if (!r->cache)
		return;
	v[0] = (unsigned char)it->d;
	v[1] = (unsigned char)it->t;
	v[2] = (unsigned char)it->m;
	v[3] = (unsigned char)(it->conf * 100 + 0.5);
	if (kvcache_put(r->cache, it->key, v, sizeof v) < 0)
		die(EXIT_IO, "%s", kvcache_error(r->cache));
}

/* ---- the LLM round ---- */

static void
finish_item(struct run *r, struct item *it, int d, int t, int m)
{
	it->d = d;
	it->t = t;
	it->m = m;
	it->conf = LLM_CONFIDENCE;
	it->source = "llm";
	it->pending = 0;
	cache_put(r, it);
}

static void
fall_back(struct run *r, struct item *it)
{
	set_heur(it, (const char *)r->held.p + it->toff, it->tlen, "fallback");
	it->pending = 0;
}

/* Ask the LLM about every pending item that is not a duplicate. */
static void
ask_llm(struct run *r)
{
	const struct opts *o = r->o;
	size_t *idx = ecalloc(r->nitem, sizeof *idx);
	const char **prompt = ecalloc(r->nitem, sizeof *prompt);
	size_t *plen = ecalloc(r->nitem, sizeof *plen);
	struct buf *pb = ecalloc(r->nitem, sizeof *pb);
	struct llm_reply *rep = ecalloc(r->nitem, sizeof *rep);
	size_t i, n = 0;
	int round;

	for (i = 0; i < r->nitem; i++)
		if (r->item[i].pending && r->item[i].dup_of < 0)
			idx[n++] = i;
	for (round = 0; n > 0 && !r->llm_down; round++) {
		size_t k, left = 0, down = 0;

		for (k = 0; k < n; k++) {
			struct item *it = &r->item[idx[k]];
			pb[k].len = 0;
			tmd_prompt(&pb[k], (const char *)r->held.p + it->toff,
			    it->tlen);
			if (round > 0)
				buf_adds(&pb[k], "Your previous answer was not "
				    "in the required form. Reply with only "
				    "three numbers, for example 7,18,5\n");
			prompt[k] = (const char *)pb[k].p;
			plen[k] = pb[k].len;
		}
		llm_batch(r->llm, prompt, plen, n, rep);
		for (k = 0; k < n; k++) {
			struct item *it = &r->item[idx[k]];
			char why[120];
			int d, t, m;

			r->requests++;
			r->attempts += (uint64_t)rep[k].attempts;
			switch (rep[k].status) {
			case LLM_OK:
				if (tmd_parse_answer((const char *)rep[k].text.p,
				    rep[k].text.len, &d, &t, &m, why,
				    sizeof why) == 0) {
					finish_item(r, it, d, t, m);
					continue;
				}
				r->malformed++;
				info(3, "record %llu: malformed answer \"%.*s\": "
				    "%s", (unsigned long long)it->recno,
				    (int)(rep[k].text.len > 80 ? 80 :
				    rep[k].text.len), rep[k].text.p, why);
				break;
			case LLM_BADREPLY:
				r->malformed++;
				info(3, "record %llu: %s",
				    (unsigned long long)it->recno, rep[k].err);
				break;
			case LLM_PERMANENT:
				die(EXIT_REMOTE, "%s: record %llu: %s",
				    rr_name(r->in), (unsigned long long)it->recno,
				    rep[k].err);
			case LLM_TRANSIENT:
				if (!o->fallback)
					die(EXIT_REMOTE, "%s: record %llu: %s "
					    "(after %d attempts; --fallback "
					    "heuristic labels such records with "
					    "the heuristic)", rr_name(r->in),
					    (unsigned long long)it->recno,
					    rep[k].err, rep[k].attempts);
				fall_back(r, it);
				down++;
				continue;
			}
			idx[left++] = idx[k];
		}
		/* Every question of the round failed for want of a server:
		 * stop asking for the rest of the run. */
		if (down == n) {
			warn("%s: LLM unreachable (%s); labelling the rest of "
			    "the input with the heuristic", llm_url(r->llm),
			    rep[0].err);
			r->llm_down = 1;
		}
		n = left;
		if (round >= o->answer_retries)
			break;
	}
	for (i = 0; i < n; i++) {
		struct item *it = &r->item[idx[i]];
		if (!r->llm_down && o->malformed_fail)
			die(EXIT_REMOTE, "%s: record %llu: no well-formed "
			    "answer after %d tries (--on-malformed heuristic "
			    "would label it with the heuristic)",
			    rr_name(r->in), (unsigned long long)it->recno,
			    o->answer_retries + 1);
		fall_back(r, it);
	}
	for (i = 0; i < r->nitem; i++) {
		struct item *it = &r->item[i];
		if (it->pending && r->llm_down) {
			fall_back(r, it);
		} else if (it->pending && it->dup_of >= 0) {
			const struct item *first = &r->item[it->dup_of];
			it->d = first->d;
			it->t = first->t;
			it->m = first->m;
			it->conf = first->conf;
			it->source = first->source;
			it->pending = 0;
		}
	}
	for (i = 0; i < r->nitem; i++) {
		llm_reply_free(&rep[i]);
		buf_free(&pb[i]);
	}
	free(idx);
	free(prompt);
	free(plen);
	free(pb);
	free(rep);
}

static void
count_source(struct run *r, const char *source)
{
	if (strcmp(source, "input") == 0)
		r->n_input++;
	else if (strcmp(source, "heuristic") == 0)
		r->n_heur++;
	else if (strcmp(source, "llm") == 0)
		r->n_llm++;
	else if (strcmp(source, "cache") == 0)
		r->n_cache++;
	else
		r->n_fallback++;
}

/* Answer the pending questions and write every held record in order. */
static void
flush_batch(struct run *r)
{
	struct rec rec = {0};
	size_t i;

	if (r->npending)
		ask_llm(r);
	for (i = 0; i < r->nitem; i++) {
		struct item *it = &r->item[i];
		if (rec_parse(&rec, r->held.p + it->off, it->len) < 0)
			die(EXIT_IO, "internal error: held record %llu "
			    "unreadable", (unsigned long long)it->recno);
		count_source(r, it->source);
		put_record(r, &rec, it);
	}
	if (r->cache && kvcache_flush(r->cache) < 0)
		die(EXIT_IO, "%s", kvcache_error(r->cache));
	rec_free(&rec);
	r->held.len = 0;
	r->nitem = r->npending = 0;
}

/* Label one record, or hold it for the LLM. */
static void
process(struct run *r, const struct rec *rec)
{
	const struct opts *o = r->o;
	struct item it = {0};
	const char *text;
	size_t n, i;

	struct mp_obj obj;

	if (rec_get_str(rec, "text", &text, &n) != REC_OK) {
		if (rec_get_obj(rec, "text", &obj) == REC_MISSING)
			stop_at(r, rec, "text", "missing");
		stop_at(r, rec, "text", "expected str, got %s",
		    mp_type_name(obj.type));
	}
	it.dup_of = -1;
	if (!o->ignore_input && input_codes(r, rec, &it.d, &it.t, &it.m,
	    &it.conf)) {
		it.source = "input";
	} else if (o->mode == MODE_HEURISTIC) {
		set_heur(&it, text, n, "heuristic");
	} else {
		if (o->mode == MODE_HYBRID)
			set_heur(&it, text, n, "heuristic");
		if (o->mode == MODE_LLM || it.conf < o->threshold) {
			kvcache_key(it.key, r->key_parts, 3, text, n, 0);
			if (cache_get(r, &it))
				;
			else if (r->llm_down)
				set_heur(&it, text, n, "fallback");
			else
				it.pending = 1;
		}
	}
	if (!it.pending && r->nitem == 0) {	/* nothing held: stream */
		count_source(r, it.source);
		put_record(r, rec, &it);
		return;
	}
	it.off = r->held.len;
	it.len = rec->len;
	it.recno = rec->recno;
	it.offset = rec->offset;
	it.toff = it.off + (size_t)((const unsigned char *)text - rec->raw);
	it.tlen = n;
	buf_add(&r->held, rec->raw, rec->len);
	if (it.pending) {
		for (i = 0; i < r->nitem; i++)
			if (r->item[i].pending && r->item[i].dup_of < 0 &&
			    memcmp(r->item[i].key, it.key, 16) == 0) {
				it.dup_of = (long)i;
				break;
			}
		if (it.dup_of < 0)
			r->npending++;
	}
	if (r->nitem == r->capitem) {
		r->capitem = r->capitem ? r->capitem * 2 : 64;
		r->item = erealloc(r->item, r->capitem * sizeof *r->item);
	}
	r->item[r->nitem++] = it;
	if (r->npending >= (size_t)o->batch || r->held.len >= (16u << 20) ||
	    r->nitem >= (size_t)o->batch * 16)
		flush_batch(r);
}

/* ---- set-up and summary ---- */

static void
open_llm(struct run *r, const struct opts *o)
{
	char err[300];

	if (o->mode == MODE_HEURISTIC)
		return;
	if ((r->llm = llm_new(&o->llm, err, sizeof err)) == NULL)
		die(EXIT_USAGE, "%s", err);
	r->key_parts[0] = llm_api_name(o->llm.api);
	r->key_parts[1] = o->llm.model;
	r->key_parts[2] = TMD_PROMPT_VERSION;
	if (o->cache && (r->cache = kvcache_open(o->cache, "tmd",
	    o->cache_size, 0, err, sizeof err)) == NULL)
		die(EXIT_IO, "%s", err);
}

static void
summary(struct run *r, struct stats *st)
{
	struct buf b = {0};
	uint64_t looks = r->hits + r->misses;
	double rate = looks ? (double)r->hits / (double)looks : 0;
	int d;

	info(2, "%llu records: %llu input, %llu heuristic, %llu llm, "
	    "%llu cache, %llu fallback", (unsigned long long)r->records,
	    (unsigned long long)r->n_input, (unsigned long long)r->n_heur,
	    (unsigned long long)r->n_llm, (unsigned long long)r->n_cache,
	    (unsigned long long)r->n_fallback);
	if (r->cache)
		info(2, "cache %s: %llu hits, %llu misses, hit rate %.1f%%",
		    kvcache_path(r->cache), (unsigned long long)r->hits,
		    (unsigned long long)r->misses, rate * 100);
	if (r->requests)
		info(2, "llm %s: %llu questions, %llu HTTP attempts, %llu "
		    "malformed answers", llm_url(r->llm),
		    (unsigned long long)r->requests,
		    (unsigned long long)r->attempts,
		    (unsigned long long)r->malformed);
	stats_str(st, "mode", r->o->mode == MODE_LLM ? "llm" :
	    r->o->mode == MODE_HYBRID ? "hybrid" : "heuristic");
	stats_int(st, "records", (int64_t)r->records);
	stats_int(st, "input", (int64_t)r->n_input);
	stats_int(st, "heuristic", (int64_t)r->n_heur);
	stats_int(st, "llm", (int64_t)r->n_llm);
	stats_int(st, "cache", (int64_t)r->n_cache);
	stats_int(st, "fallback", (int64_t)r->n_fallback);
	stats_int(st, "cache_hits", (int64_t)r->hits);
	stats_int(st, "cache_misses", (int64_t)r->misses);
	stats_num(st, "cache_hit_rate", rate);
	stats_int(st, "llm_questions", (int64_t)r->requests);
	stats_int(st, "llm_attempts", (int64_t)r->attempts);
	stats_int(st, "llm_malformed", (int64_t)r->malformed);
	buf_addc(&b, '{');
	for (d = 0; d < TMD_NDOMAIN; d++) {
		const char *name = tmd_name(TMD_DOMAIN, d);
		if (d)
			buf_addc(&b, ',');
		json_put_str(&b, name, strlen(name));
		buf_printf(&b, ":%llu", (unsigned long long)r->dom[d]);
	}
	buf_addc(&b, '}');
	stats_raw(st, "domains", buf_cstr(&b));
	buf_free(&b);
}

static int
list(int json)
{
	struct buf b = {0};
	int r = 0;

	tmd_list(&b, json);
	if (fwrite(b.p, 1, b.len, stdout) != b.len || fflush(stdout) != 0)
		r = -1;
	buf_free(&b);
	if (r < 0)
		die(EXIT_IO, "stdout:");
	return EXIT_OK;
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct run r = {0};
	struct rec rec = {0};
	struct stats st;
	char err[300];
	int rv, status = EXIT_OK;

	log_init(argv[0]);
	stats_begin(&st);
	parse_opts(&o, argc, argv);
	if (o.list)
		return list(o.list == 2);
	r.o = &o;
	open_llm(&r, &o);
	if ((r.in = rr_open(optind < argc ? argv[optind] : NULL,
	    o.co.nul ? RR_NUL : 0, o.co.max_record)) == NULL)
		return EXIT_IO;
	r.out = rw_open(o.co.output, (o.co.nul ? RW_NUL : 0) |
	    (o.co.force ? RW_FORCE : 0) | (o.co.unbuffered ? RW_UNBUFFERED : 0));

	while ((rv = rr_next(r.in, &rec)) > 0) {
		r.records++;
		process(&r, &rec);
	}
	if (rv < 0)
		status = rr_status(r.in);
	/* Records read before a bad one are still labelled and written. */
	flush_batch(&r);
	summary(&r, &st);
	if (kvcache_close(r.cache, err, sizeof err) < 0)
		die(EXIT_IO, "%s", err);
	if (status == EXIT_OK || !o.co.output)
		ewclose(r.out);
	else
		rw_abort(r.out);
	if (stats_write(&st, o.co.stats) < 0 && status == EXIT_OK)
		status = EXIT_IO;
	rr_close(r.in);
	rec_free(&rec);
	rb_free(&r.rb);
	buf_free(&r.held);
	buf_free(&r.val);
	free(r.item);
	llm_free(r.llm);
	return status;
}
