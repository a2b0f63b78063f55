/* SPDX-License-Identifier: ISC */
/*
 * test_kvcache: the LMDB cache: keys and normalisation, put/get, reopen,
 * two processes writing at once, growth of the map, corrupt and
 * unwritable files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lmdb.h>

#include "common/kvcache.h"
#include "common/util.h"

static int failed;

#define CHECK(c) do { if (!(c)) { \
	printf("%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
	failed++; } } while (0)

static char dir[] = "/tmp/test_kvcache.XXXXXX";
static char path[256];

static void
key_of(unsigned char k[16], const char *text)
{
	static const char *const parts[] = {"test", "model", "v1"};

	kvcache_key(k, parts, 3, text, strlen(text), 1);
}

static void
test_keys(void)
{
	static const char *const a[] = {"ollama", "m"};
	static const char *const b[] = {"openai", "m"};
	static const char *const c[] = {"ollam", "am"};
	unsigned char k1[16], k2[16];

	key_of(k1, "Hello  World");
	key_of(k2, " \thello\nworld\r\n");
	CHECK(memcmp(k1, k2, 16) == 0);
	key_of(k2, "hello world!");
	CHECK(memcmp(k1, k2, 16) != 0);
	/* The fast path (text already normalised) and the slow one agree. */
	kvcache_key(k1, a, 2, "one two three", strlen("one two three"), 0);
	kvcache_key(k2, a, 2, "  one\ttwo \n\n three ", strlen("  one\ttwo \n\n three "), 0);
	CHECK(memcmp(k1, k2, 16) == 0);
	kvcache_key(k2, a, 2, "one two three", strlen("one two three"), 1);
	CHECK(memcmp(k1, k2, 16) == 0);
	kvcache_key(k2, a, 2, "One two three", strlen("One two three"), 1);
	CHECK(memcmp(k1, k2, 16) == 0);
	kvcache_key(k2, a, 2, "one two  three", strlen("one two  three"), 0);
	CHECK(memcmp(k1, k2, 16) == 0);
	kvcache_key(k2, a, 2, "one two thre", strlen("one two thre"), 0);
	CHECK(memcmp(k1, k2, 16) != 0);
	/* Without folding, case counts. */
	kvcache_key(k1, a, 2, "Hello", strlen("Hello"), 0);
	kvcache_key(k2, a, 2, "hello", strlen("hello"), 0);
	CHECK(memcmp(k1, k2, 16) != 0);
	/* Every part counts, and parts cannot run into each other. */
	kvcache_key(k2, b, 2, "Hello", 5, 0);
	CHECK(memcmp(k1, k2, 16) != 0);
	kvcache_key(k1, c, 2, "Hello", 5, 0);
	kvcache_key(k2, a, 2, "Hello", strlen("Hello"), 0);
	CHECK(memcmp(k1, k2, 16) != 0);
}

static void
test_basic(void)
{
	char err[300];
	struct kvcache *c;
	struct buf v = {0};
	unsigned char k[16];

	c = kvcache_open(path, "tmd", 0, 0, err, sizeof err);
	CHECK(c != NULL);
	if (!c) {
		printf("open: %s\n", err);
		return;
	}
	key_of(k, "alpha");
	CHECK(kvcache_get(c, k, &v) == 0);
	CHECK(kvcache_put(c, k, "\x07\x12\x05", 3) == 0);
	/* Pending puts are visible before the flush. */
	CHECK(kvcache_get(c, k, &v) == 1 && v.len == 3 && v.p[1] == 0x12);
	CHECK(kvcache_flush(c) == 0);
	CHECK(kvcache_get(c, k, &v) == 1 && v.len == 3 && v.p[2] == 0x05);
	CHECK(kvcache_put(c, k, "", 0) == 0);	/* empty payload, replaced */
	CHECK(kvcache_close(c, err, sizeof err) == 0);
	c = kvcache_open(path, "tmd", 0, KVC_RDONLY, err, sizeof err);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(kvcache_get(c, k, &v) == 1 && v.len == 0);
	CHECK(kvcache_count(c) == 1);
	CHECK(kvcache_put(c, k, "x", 1) < 0);
	CHECK(kvcache_close(c, err, sizeof err) == 0);
	/* Another namespace in the same file is separate. */
	c = kvcache_open(path, "embed", 0, 0, err, sizeof err);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(kvcache_get(c, k, &v) == 0);
	CHECK(kvcache_close(c, err, sizeof err) == 0);
	buf_free(&v);
}

/* Child: write n entries "w<id>-<i>" in small flushes, and also shared
 * keys "s-<i>" that both children write with the same value. */
static int
writer(int id, int n)
{
	char err[300], text[64];
	struct kvcache *c = kvcache_open(path, "tmd", 0, 0, err, sizeof err);
	unsigned char k[16];
	int i;

	if (!c) {
		printf("child %d: %s\n", id, err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		unsigned char val[32];
		memset(val, (unsigned char)(i & 0xff), sizeof val);
		val[0] = (unsigned char)id;
		snprintf(text, sizeof text, "w%d-%d", id, i);
		key_of(k, text);
		if (kvcache_put(c, k, val, sizeof val) < 0)
			goto bad;
		snprintf(text, sizeof text, "s-%d", i);
		key_of(k, text);
		val[0] = 0xee;
		if (kvcache_put(c, k, val, sizeof val) < 0)
			goto bad;
		if (i % 97 == 0 && kvcache_flush(c) < 0)
			goto bad;
	}
	if (kvcache_close(c, err, sizeof err) < 0) {
		printf("child %d: %s\n", id, err);
		return 1;
	}
	return 0;
bad:
	printf("child %d: %s\n", id, kvcache_error(c));
	return 1;
}

static void
test_two_writers(void)
{
	enum { N = 5000 };
	char err[300], text[64];
	struct kvcache *c;
	struct buf v = {0};
	unsigned char k[16];
	pid_t pid[2];
	int i, id, st, bad = 0;

	for (id = 0; id < 2; id++) {
		pid[id] = fork();
		if (pid[id] == 0) {
			fflush(stdout);
			_exit(writer(id + 1, N));
		}
	}
	for (id = 0; id < 2; id++) {
		CHECK(waitpid(pid[id], &st, 0) == pid[id]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	c = kvcache_open(path, "tmd", 0, KVC_RDONLY, err, sizeof err);
	CHECK(c != NULL);
	if (!c)
		return;
	for (id = 1; id <= 2; id++)
		for (i = 0; i < N; i++) {
			snprintf(text, sizeof text, "w%d-%d", id, i);
			key_of(k, text);
			if (kvcache_get(c, k, &v) != 1 || v.len != 32 ||
			    v.p[0] != id || v.p[1] != (unsigned char)(i & 0xff))
				bad++;
		}
	for (i = 0; i < N; i++) {
		snprintf(text, sizeof text, "s-%d", i);
		key_of(k, text);
		if (kvcache_get(c, k, &v) != 1 || v.p[0] != 0xee)
			bad++;
	}
	CHECK(bad == 0);
	/* 1 from test_basic plus 2N own plus N shared. */
	CHECK(kvcache_count(c) == 3 * N + 1);
	CHECK(kvcache_close(c, err, sizeof err) == 0);
	buf_free(&v);
}

static void
test_grow(void)
{
	char err[300], p2[300], text[32];
	struct kvcache *c;
	static unsigned char big[60000];
	unsigned char k[16];
	struct buf v = {0};
	int i;

	snprintf(p2, sizeof p2, "%s/grow.mdb", dir);
	c = kvcache_open(p2, "embed", 1 << 20, 0, err, sizeof err);
	CHECK(c != NULL);
	if (!c)
		return;
	/* 3 MiB into a 1 MiB map: it must grow, not fail. */
	for (i = 0; i < 50; i++) {
		snprintf(text, sizeof text, "big-%d", i);
		key_of(k, text);
		big[0] = (unsigned char)i;
		CHECK(kvcache_put(c, k, big, sizeof big) == 0);
	}
	CHECK(kvcache_flush(c) == 0);
	key_of(k, "big-49");
	CHECK(kvcache_get(c, k, &v) == 1 && v.len == sizeof big && v.p[0] == 49);
	CHECK(kvcache_close(c, err, sizeof err) == 0);
	/* Beyond 64 x the first size it reports "full". */
	c = kvcache_open(p2, "other", 1 << 16, 0, err, sizeof err);
	CHECK(c != NULL);
	if (!c)
		return;
	for (i = 0; i < 200; i++) {
		snprintf(text, sizeof text, "full-%d", i);
		key_of(k, text);
		if (kvcache_put(c, k, big, sizeof big) < 0)
			break;
	}
	if (i == 200)
		CHECK(kvcache_flush(c) < 0);
	CHECK(strstr(kvcache_error(c), "full") != NULL);
	kvcache_close(c, err, sizeof err);
	buf_free(&v);
}

static void
test_errors(void)
{
	char err[300], p2[300];
	struct kvcache *c;
	FILE *fp;

	/* Not an LMDB file. */
	snprintf(p2, sizeof p2, "%s/garbage.mdb", dir);
	fp = fopen(p2, "w");
	fputs("this is not a database, just some text that is long enough "
	    "to look like a page header to nobody at all\n", fp);
	for (int i = 0; i < 200; i++)
		fputs("garbage garbage garbage garbage garbage garbage\n", fp);
	fclose(fp);
	c = kvcache_open(p2, "tmd", 0, 0, err, sizeof err);
	CHECK(c == NULL);
	CHECK(strstr(err, "corrupt") != NULL);
	CHECK(strstr(err, "garbage.mdb") != NULL);
	/* A truncated cache file. */
	snprintf(p2, sizeof p2, "%s/trunc.mdb", dir);
	c = kvcache_open(p2, "tmd", 0, 0, err, sizeof err);
	CHECK(c != NULL);
	if (c) {
		static unsigned char big[20000];
		unsigned char k[16];
		char text[32];
		for (int i = 0; i < 20; i++) {
			snprintf(text, sizeof text, "t-%d", i);
			key_of(k, text);
			CHECK(kvcache_put(c, k, big, sizeof big) == 0);
		}
		CHECK(kvcache_close(c, err, sizeof err) == 0);
	}
	CHECK(truncate(p2, 16384) == 0);
	c = kvcache_open(p2, "tmd", 0, 0, err, sizeof err);
	CHECK(c == NULL);
	CHECK(strstr(err, "corrupt") != NULL);
	/* A damaged entry, written behind the cache's back: an error, never
	 * a value. */
	snprintf(p2, sizeof p2, "%s/entry.mdb", dir);
	c = kvcache_open(p2, "tmd", 0, 0, err, sizeof err);
	CHECK(c != NULL);
	if (c) {
		MDB_env *env;
		MDB_txn *txn;
		MDB_dbi dbi;
		unsigned char k[16];
		struct buf v = {0};
		MDB_val mk = {16, k}, mv = {8, "\001abc\0\0\0\0"};

		CHECK(kvcache_close(c, err, sizeof err) == 0);
		key_of(k, "damaged");
		CHECK(mdb_env_create(&env) == 0);
		mdb_env_set_maxdbs(env, 4);
		CHECK(mdb_env_open(env, p2, MDB_NOSUBDIR, 0644) == 0);
		CHECK(mdb_txn_begin(env, NULL, 0, &txn) == 0);
		CHECK(mdb_dbi_open(txn, "tmd", 0, &dbi) == 0);
		CHECK(mdb_put(txn, dbi, &mk, &mv, 0) == 0);
		CHECK(mdb_txn_commit(txn) == 0);
		mdb_env_close(env);
		c = kvcache_open(p2, "tmd", 0, 0, err, sizeof err);
		CHECK(c != NULL);
		if (c) {
			CHECK(kvcache_get(c, k, &v) < 0);
			CHECK(strstr(kvcache_error(c), "checksum") != NULL);
			kvcache_close(c, err, sizeof err);
		}
		buf_free(&v);
	}
	/* A place where no file can be created. */
	snprintf(p2, sizeof p2, "%s/garbage.mdb/sub.mdb", dir);
	c = kvcache_open(p2, "tmd", 0, 0, err, sizeof err);
	CHECK(c == NULL);
	CHECK(strstr(err, "cannot open") != NULL);
}

int
main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/cache.mdb", dir);
	test_keys();
	test_basic();
	test_two_writers();
	test_grow();
	test_errors();
	if (!failed) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("could not remove %s\n", dir);
	} else {
		printf("test_kvcache: %d checks failed (files in %s)\n",
		    failed, dir);
	}
	return failed != 0;
}
