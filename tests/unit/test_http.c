/* SPDX-License-Identifier: ISC */
/*
 * test_http: the batch HTTP client and the LLM clients, against the fake
 * server tests/lib/fake-llm.py ($TESTS must point at tests/; without it,
 * or without python3, only the offline checks run).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/http.h"
#include "common/llm.h"
#include "common/util.h"

static int failed;

#define CHECK(c) do { if (!(c)) { \
	printf("%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
	failed++; } } while (0)

static pid_t server;
static char endpoint[64];
static char portfile[] = "/tmp/test_http.port.XXXXXX";

static void
test_offline(void)
{
	struct buf t = {0};
	char err[200];
	const char *gen = "{\"model\":\"m\",\"response\":\"7,18,5\",\"done\":true}";
	const char *chat = "{\"message\":{\"role\":\"assistant\",\"content\":"
	    "\"1,2,3\"},\"done\":true}";
	const char *oai = "{\"choices\":[{\"index\":0,\"message\":{\"role\":"
	    "\"assistant\",\"content\":\" 4,5,6\\n\"}}]}";
	const char *oerr = "{\"error\":\"model \\\"x\\\" not found\"}";
	enum llm_api api;

	CHECK(http_retryable(429) && http_retryable(500) &&
	    http_retryable(503) && http_retryable(408));
	CHECK(!http_retryable(400) && !http_retryable(404) &&
	    !http_retryable(501) && !http_retryable(200));
	CHECK(llm_parse_reply(LLM_OLLAMA, gen, strlen(gen), &t, err,
	    sizeof err) == 0 && t.len == 6 && memcmp(t.p, "7,18,5", 6) == 0);
	CHECK(llm_parse_reply(LLM_OLLAMA_CHAT, chat, strlen(chat), &t, err,
	    sizeof err) == 0 && t.len == 5 && memcmp(t.p, "1,2,3", 5) == 0);
	CHECK(llm_parse_reply(LLM_OPENAI, oai, strlen(oai), &t, err,
	    sizeof err) == 0 && t.len == 7 && memcmp(t.p, " 4,5,6\n", 7) == 0);
	/* The wrong shape, not JSON, an error object. */
	CHECK(llm_parse_reply(LLM_OPENAI, gen, strlen(gen), &t, err,
	    sizeof err) < 0 && strstr(err, "choices") != NULL);
	CHECK(llm_parse_reply(LLM_OLLAMA, "<html>", 6, &t, err, sizeof err) < 0
	    && strstr(err, "not JSON") != NULL);
	CHECK(llm_parse_reply(LLM_OLLAMA, oerr, strlen(oerr), &t, err,
	    sizeof err) < 0 && strstr(err, "not found") != NULL);
	CHECK(llm_parse_reply(LLM_OLLAMA_CHAT, "[]", 2, &t, err, sizeof err)
	    < 0);
	CHECK(llm_api_parse("openai", &api) == 0 && api == LLM_OPENAI);
	CHECK(llm_api_parse("ollama-chat", &api) == 0 && api == LLM_OLLAMA_CHAT);
	CHECK(llm_api_parse("grpc", &api) < 0);
	buf_free(&t);
}

static void
test_urls(void)
{
	static const struct {
		enum llm_api api;
		const char *ep, *url;
	} cases[] = {
		{LLM_OLLAMA, "localhost:11434", "http://localhost:11434/api/generate"},
		{LLM_OLLAMA_CHAT, "http://h:1/", "http://h:1/api/chat"},
		{LLM_OPENAI, "https://h/v1", "https://h/v1/chat/completions"},
		{LLM_OPENAI, "h:8000", "http://h:8000/v1/chat/completions"},
		{LLM_OPENAI, "http://h/v1/chat/completions",
		    "http://h/v1/chat/completions"},
	};
	struct llm_opts o;
	char err[200];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct llm *l;
		llm_opts_init(&o);
		o.api = cases[i].api;
		o.endpoint = cases[i].ep;
		o.model = "m";
		l = llm_new(&o, err, sizeof err);
		CHECK(l != NULL);
		if (!l)
			continue;
		if (strcmp(llm_url(l), cases[i].url) != 0) {
			printf("url %s: got %s\n", cases[i].ep, llm_url(l));
			failed++;
		}
		llm_free(l);
	}
	llm_opts_init(&o);
	o.endpoint = "ftp://x";
	o.model = "m";
	CHECK(llm_new(&o, err, sizeof err) == NULL);
	o.endpoint = NULL;
	o.model = NULL;
	CHECK(llm_new(&o, err, sizeof err) == NULL);
}

static int
start_server(const char *tests)
{
	char script[512];
	int fd, i;

	snprintf(script, sizeof script, "%s/lib/fake-llm.py", tests);
	if (access(script, R_OK) < 0 || system("python3 -c 1 2>/dev/null"))
		return -1;
	if ((fd = mkstemp(portfile)) < 0)
		return -1;
	close(fd);
	unlink(portfile);
	if ((server = fork()) == 0) {
		execlp("python3", "python3", script, "--port-file", portfile,
		    "--models", "m", "--delay", "0.05", "--hang", "3",
		    "--idle", "10", "--lifetime", "60", (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200; i++) {
		FILE *fp = fopen(portfile, "r");
		int port;
		if (fp && fscanf(fp, "%d", &port) == 1) {
			fclose(fp);
			unlink(portfile);
			snprintf(endpoint, sizeof endpoint, "127.0.0.1:%d", port);
			return 0;
		}
		if (fp)
			fclose(fp);
		usleep(50000);
	}
	return -1;
}

static struct llm *
client(enum llm_api api, const char *ep, const char *model, int retries,
    double timeout, size_t cap)
{
	struct llm_opts o;
	char err[200];
	struct llm *l;

	llm_opts_init(&o);
	o.api = api;
	o.endpoint = ep;
	o.model = model;
	o.http.retries = retries;
	o.http.backoff = 0.05;
	o.http.timeout = timeout;
	if (cap)
		o.http.max_response = cap;
	l = llm_new(&o, err, sizeof err);
	if (!l)
		printf("llm_new: %s\n", err);
	return l;
}

/* Send n prompts "<passage>\nPassage i EXTRA CODES=..\n</passage>". */
static size_t
ask(struct llm *l, size_t n, const char *extra, struct llm_reply *rep)
{
	char **p = ecalloc(n, sizeof *p);
	size_t *len = ecalloc(n, sizeof *len), i, bad;

	for (i = 0; i < n; i++) {
		struct buf b = {0};
		buf_printf(&b, "<passage>\nPassage %zu %s CODES=%zu,%zu,%zu\n"
		    "</passage>\n", i, extra, i % 16, i % 32, i % 64);
		p[i] = estrdup(buf_cstr(&b));
		len[i] = b.len;
		buf_free(&b);
	}
	bad = llm_batch(l, (const char *const *)p, len, n, rep);
	for (i = 0; i < n; i++)
		free(p[i]);
	free(p);
	free(len);
	return bad;
}

static void
test_live(void)
{
	enum { N = 48 };
	struct llm_reply rep[N];
	enum llm_api api;
	struct llm *l;
	size_t i;
	int order_ok = 1;
	double t0;

	memset(rep, 0, sizeof rep);
	/* Order kept with answers arriving in random order, every API. */
	for (api = LLM_OLLAMA; api <= LLM_OPENAI; api++) {
		l = client(api, endpoint, "m", 2, 10, 0);
		if (!l)
			continue;
		CHECK(ask(l, N, "MODE=jitter", rep) == 0);
		for (i = 0; i < N; i++) {
			char want[32];
			snprintf(want, sizeof want, "%zu,%zu,%zu", i % 16,
			    i % 32, i % 64);
			if (rep[i].status != LLM_OK || rep[i].text.len !=
			    strlen(want) || memcmp(rep[i].text.p, want,
			    rep[i].text.len) != 0)
				order_ok = 0;
		}
		llm_free(l);
	}
	CHECK(order_ok);
	/* 48 requests of 50 ms each, 8 at a time: about 0.3 s, far less
	 * than the 2.4 s they take one by one. */
	l = client(LLM_OLLAMA, endpoint, "m", 2, 10, 0);
	t0 = now_sec();
	CHECK(ask(l, N, "MODE=slow", rep) == 0);
	CHECK(now_sec() - t0 < 1.6);
	llm_free(l);
	/* A 500, then an answer: one retry. */
	l = client(LLM_OLLAMA, endpoint, "m", 2, 10, 0);
	CHECK(ask(l, 4, "MODE=500-once", rep) == 0);
	CHECK(rep[0].attempts == 2 && rep[3].attempts == 2);
	/* 429 with Retry-After, then an answer. */
	CHECK(ask(l, 4, "MODE=429-once", rep) == 0);
	CHECK(rep[1].attempts == 2);
	/* Always 503: transient once the retries are spent. */
	CHECK(ask(l, 2, "MODE=503", rep) == 2);
	CHECK(rep[0].status == LLM_TRANSIENT && rep[0].attempts == 3 &&
	    rep[0].http_status == 503);
	/* A 2xx that is not the protocol's JSON. */
	CHECK(ask(l, 1, "MODE=badjson", rep) == 1);
	CHECK(rep[0].status == LLM_BADREPLY && rep[0].attempts == 1);
	llm_free(l);
	/* Unknown model: permanent, not retried, reason passed on. */
	l = client(LLM_OLLAMA_CHAT, endpoint, "nope", 3, 10, 0);
	CHECK(ask(l, 1, "", rep) == 1);
	CHECK(rep[0].status == LLM_PERMANENT && rep[0].attempts == 1 &&
	    rep[0].http_status == 404 && strstr(rep[0].err, "not found"));
	llm_free(l);
	/* A response over the cap: permanent. */
	l = client(LLM_OPENAI, endpoint, "m", 3, 10, 40);
	CHECK(ask(l, 1, "", rep) == 1);
	CHECK(rep[0].status == LLM_PERMANENT &&
	    strstr(rep[0].err, "larger than 40 bytes"));
	llm_free(l);
	/* Too slow: the timeout fires on every attempt. */
	l = client(LLM_OLLAMA, endpoint, "m", 1, 0.2, 0);
	t0 = now_sec();
	CHECK(ask(l, 2, "MODE=timeout", rep) == 2);
	CHECK(rep[0].status == LLM_TRANSIENT && rep[0].attempts == 2);
	CHECK(now_sec() - t0 < 2.0);
	llm_free(l);
	/* Nobody listening. */
	l = client(LLM_OLLAMA, "127.0.0.1:1", "m", 1, 5, 0);
	CHECK(ask(l, 3, "", rep) == 3);
	CHECK(rep[2].status == LLM_TRANSIENT && rep[2].attempts == 2);
	llm_free(l);
	for (i = 0; i < N; i++)
		llm_reply_free(&rep[i]);
}

int
main(void)
{
	const char *tests = getenv("TESTS");

	test_offline();
	test_urls();
	if (tests && start_server(tests) == 0) {
		test_live();
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
	} else {
		printf("test_http: fake-llm not available, live checks "
		    "skipped\n");
	}
	if (failed)
		printf("test_http: %d checks failed\n", failed);
	return failed != 0;
}
