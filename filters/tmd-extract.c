/* SPDX-License-Identifier: ISC */
/*
 * tmd-extract: label each chunk with schema v1 TMD codes, 1:1.
 *
 * Reads:  text (str); optional domain_code, task_code, modifier_code
 *         (int, all three or none; nil counts as absent) and
 *         tmd_confidence (number), which are kept as they are.
 * Writes: every input key it does not own, then domain_code, task_code,
 *         modifier_code, tmd_bits, tmd_lane, lane_index, tmd_source
 *         ("input", "heuristic", "llm", "cache", "fallback", or "none":
 *         the heuristic found no domain evidence) and
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
#include "filters/tmd-extract.h"

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
	    COMMON_USAGE FILTER_USAGE);
	exit(status);
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
	static const struct opt_word modes[] = {
		{"heuristic", MODE_HEURISTIC}, {"llm", MODE_LLM},
		{"hybrid", MODE_HYBRID}, {NULL, 0}
	};
	static const struct opt_word fallbacks[] = {
		{"none", 0}, {"heuristic", 1}, {NULL, 0}
	};
	static const struct opt_word lists[] = {
		{"text", 1}, {"json", 2}, {NULL, 0}
	};
	static const struct opt_word malformed[] = {
		{"heuristic", 0}, {"fail", 1}, {NULL, 0}
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
	if ((s = getenv("WIKIPIPE_LLM_API")) && *s)
		o->llm.api = opt_keyword(s, "WIKIPIPE_LLM_API", llm_apis,
		    usage);
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "j:m:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'j':
			o->llm.http.parallel = (int)estrtonum(optarg, 1, 256,
			    "--parallel");
			break;
		case 'm':
			o->mode = opt_keyword(optarg, "--mode", modes, usage);
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
			o->fallback = opt_keyword(optarg, "--fallback",
			    fallbacks, usage);
			break;
		case OPT_IGNORE_INPUT:
			o->ignore_input = 1;
			break;
		case OPT_LIST:
			o->list = optarg ? opt_keyword(optarg, "--list", lists,
			    usage) : 1;
			break;
		case OPT_MODEL:
			o->llm.model = optarg;
			break;
		case OPT_NO_CACHE:
			no_cache = 1;
			break;
		case OPT_ON_MALFORMED:
			o->malformed_fail = opt_keyword(optarg,
			    "--on-malformed", malformed, usage);
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
				o->llm.http.connect_timeout =
				    o->llm.http.timeout;
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
	tx_flush_batch(r);
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
	const msgpack_object *obj;

	for (k = 0; k < 3; k++) {
		if ((obj = rec_get(rec, keys[k])) == NULL ||
		    obj->type == MSGPACK_OBJECT_NIL)
			continue;
		if (rec_get_int(rec, keys[k], &v[k]) != REC_OK)
			stop_at(r, rec, keys[k], "expected int, got %s",
			    mp_type_name(obj->type));
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
process(struct run *r, const struct rec *rec)
{
	const struct opts *o = r->o;
	struct item it = {0};
	const char *text;
	size_t n, i;

	const msgpack_object *obj;

	if (rec_get_str(rec, "text", &text, &n) != REC_OK) {
		if ((obj = rec_get(rec, "text")) == NULL)
			stop_at(r, rec, "text", "missing");
		stop_at(r, rec, "text", "expected str, got %s",
		    mp_type_name(obj->type));
	}
	it.dup_of = -1;
	if (!o->ignore_input && input_codes(r, rec, &it.d, &it.t, &it.m,
	    &it.conf)) {
		it.source = "input";
	} else if (o->mode == MODE_HEURISTIC) {
		tx_set_heur(&it, text, n, "heuristic");
	} else {
		if (o->mode == MODE_HYBRID)
			tx_set_heur(&it, text, n, "heuristic");
		if (o->mode == MODE_LLM || it.conf < o->threshold) {
			kvcache_key(it.key, r->key_parts, 3, text, n, 0);
			if (tx_cache_get(r, &it))
				;
			else if (r->llm_down)
				tx_set_heur(&it, text, n, "fallback");
			else
				it.pending = 1;
		}
	}
	if (!it.pending && r->nitem == 0) {	/* nothing held: stream */
		tx_count_source(r, it.source);
		tx_put_record(r, rec, &it);
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
		tx_flush_batch(r);
}

/* ---- set-up and summary ---- */

static void
summary(struct run *r, struct stats *st)
{
	struct buf b = {0};
	uint64_t looks = r->hits + r->misses;
	double rate = looks ? (double)r->hits / (double)looks : 0;
	int d;

	info(2, "%llu records: %llu input, %llu heuristic, %llu llm, "
	    "%llu cache, %llu fallback, %llu none",
	    (unsigned long long)r->records,
	    (unsigned long long)r->n_input, (unsigned long long)r->n_heur,
	    (unsigned long long)r->n_llm, (unsigned long long)r->n_cache,
	    (unsigned long long)r->n_fallback, (unsigned long long)r->n_none);
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
	stats_int(st, "none", (int64_t)r->n_none);
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
	tx_open_llm(&r, &o);
	if ((r.in = rr_open(optind < argc ? argv[optind] : NULL,
	    (o.co.nul & NUL_IN) ? RR_NUL : 0, o.co.max_record)) == NULL)
		return EXIT_IO;
	r.out = rw_open(o.co.output, ((o.co.nul & NUL_OUT) ? RW_NUL : 0) |
	    (o.co.force ? RW_FORCE : 0) |
	    (o.co.unbuffered ? RW_UNBUFFERED : 0));

	while ((rv = rr_next(r.in, &rec)) > 0) {
		r.records++;
		process(&r, &rec);
	}
	if (rv < 0)
		status = rr_status(r.in);
	/* Records read before a bad one are still labelled and written. */
	tx_flush_batch(&r);
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
