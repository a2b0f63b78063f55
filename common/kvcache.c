/* SPDX-License-Identifier: ISC */
/*
 * kvcache.c: the persistent LMDB cache.  See kvcache.h for the layout,
 * the concurrency rules and the error contract.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lmdb.h>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "id.h"
#include "kvcache.h"
#include "util.h"

enum {
	VAL_TAG = 0x01,		/* value framing version */
	PEND_MAX_ENTRIES = 1024,
	PEND_MAX_BYTES = 1 << 20,
	GROW_MAX = 64		/* the map grows to 64 x its first size */
};

struct kvcache {
	MDB_env *env;
	MDB_dbi dbi;
	int have_dbi;		/* 0: read-only, namespace absent */
	int rdonly;
	MDB_txn *rtxn;		/* reset read transaction, renewed per get */
	size_t map, map_max;
	struct buf pend;	/* pending puts: key[16] len[4] payload */
	size_t npend;
	char *path;
	char err[256];
};

/* ---- keys ---- */

/* The white space that normalisation collapses: space, \t \n \v \f \r. */
static const unsigned char ws[256] = {
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1
};

/* Append n bytes to the hash through the staging buffer tmp (*k used). */
static void
feed(XXH3_state_t *st, unsigned char *tmp, size_t cap, size_t *k,
    const unsigned char *p, size_t n, int fold)
{
	size_t i;

	if (*k + n > cap) {
		XXH3_128bits_update(st, tmp, *k);
		*k = 0;
	}
	if (n > cap) {		/* a huge word: no staging */
		if (!fold) {
			XXH3_128bits_update(st, p, n);
			return;
		}
		for (i = 0; i < n; i += cap)
			feed(st, tmp, cap, k, p + i, n - i < cap ? n - i : cap,
			    fold);
		return;
	}
	if (!fold) {
		memcpy(tmp + *k, p, n);
	} else {
		for (i = 0; i < n; i++)
			tmp[*k + i] = p[i] >= 'A' && p[i] <= 'Z' ?
			    p[i] | 0x20 : p[i];
	}
	*k += n;
}

void
kvcache_key(unsigned char key[16], const char *const *parts, size_t nparts,
    const char *text, size_t n, int fold)
{
	const unsigned char *p = (const unsigned char *)text;
	XXH3_state_t st;
	XXH128_canonical_t can;
	unsigned char tmp[4096];
	size_t i = 0, j, k = 0;
	int started = 0;

	XXH3_128bits_reset(&st);
	for (j = 0; j < nparts; j++)
		XXH3_128bits_update(&st, parts[j], strlen(parts[j]) + 1);
	/* Most texts are normalised already (single spaces, no control
	 * white space, nothing to fold): check that without branches and
	 * hash the text in one go. */
	if (n > 0) {
		unsigned bad = ws[p[0]] | ws[p[n - 1]], prev = 0;
		for (j = 0; j < n; j++) {
			unsigned c = p[j], sp = c == ' ';
			bad |= (sp & prev) | (ws[c] & !sp) |
			    (unsigned)(fold && c - 'A' < 26u);
			prev = sp;
		}
		if (!bad) {
			XXH3_128bits_update(&st, p, n);
			i = n;
		}
	}
	/* Otherwise words joined by single spaces: runs of non-space bytes
	 * are copied whole. */
	while (i < n) {
		while (i < n && ws[p[i]])
			i++;
		if (i == n)
			break;
		for (j = i; j < n && !ws[p[j]]; j++)
			;
		if (started)
			feed(&st, tmp, sizeof tmp, &k,
			    (const unsigned char *)" ", 1, 0);
		started = 1;
		feed(&st, tmp, sizeof tmp, &k, p + i, j - i, fold);
		i = j;
	}
	XXH3_128bits_update(&st, tmp, k);
	XXH128_canonicalFromHash(&can, XXH3_128bits_digest(&st));
	memcpy(key, can.digest, 16);
}

/* ---- helpers ---- */

static int
fail(struct kvcache *c, const char *what, int rc)
{
	snprintf(c->err, sizeof c->err, "%s: %s: %s", c->path, what,
	    rc == MDB_INVALID || rc == MDB_CORRUPTED || rc == MDB_PAGE_NOTFOUND
	    || rc == MDB_VERSION_MISMATCH ? "cache file is corrupt or not an "
	    "LMDB cache" : mdb_strerror(rc));
	return -1;
}

static uint32_t
check_of(const unsigned char key[16], const unsigned char *p, size_t n)
{
	uint64_t seed;

	memcpy(&seed, key, 8);
	return (uint32_t)id_hash64(p, n, seed);
}

/* Another process grew the map: adopt its size. */
static int
adopt_size(struct kvcache *c)
{
	MDB_envinfo info;
	int rc;

	if (c->rtxn) {
		mdb_txn_abort(c->rtxn);
		c->rtxn = NULL;
	}
	if ((rc = mdb_env_set_mapsize(c->env, 0)) != 0)
		return fail(c, "resize", rc);
	if (mdb_env_info(c->env, &info) == 0 && info.me_mapsize > c->map)
		c->map = info.me_mapsize;
	return 0;
}

/* The data file must hold every page its meta page claims. */
static int
check_size(struct kvcache *c)
{
	MDB_envinfo info;
	MDB_stat ms;
	struct stat sb;
	int rc;

	if ((rc = mdb_env_info(c->env, &info)) != 0)
		return fail(c, "info", rc);
	if ((rc = mdb_env_stat(c->env, &ms)) != 0)
		return fail(c, "stat", rc);
	if (stat(c->path, &sb) < 0) {
		snprintf(c->err, sizeof c->err, "%s: %s", c->path,
		    strerror(errno));
		return -1;
	}
	if ((uint64_t)sb.st_size < ((uint64_t)info.me_last_pgno + 1) *
	    ms.ms_psize) {
		snprintf(c->err, sizeof c->err, "%s: cache file is corrupt "
		    "(truncated: %lld bytes, its pages need %llu)", c->path,
		    (long long)sb.st_size, (unsigned long long)
		    (info.me_last_pgno + 1) * ms.ms_psize);
		return -1;
	}
	if (info.me_mapsize > c->map)
		c->map = info.me_mapsize;
	return 0;
}

static int
open_dbi(struct kvcache *c, const char *ns)
{
	MDB_txn *txn;
	int rc;

	for (;;) {
		rc = mdb_txn_begin(c->env, NULL, c->rdonly ? MDB_RDONLY : 0,
		    &txn);
		if (rc == MDB_MAP_RESIZED) {
			if (adopt_size(c) < 0)
				return -1;
			continue;
		}
		if (rc)
			return fail(c, "begin", rc);
		break;
	}
	rc = mdb_dbi_open(txn, ns, c->rdonly ? 0 : MDB_CREATE, &c->dbi);
	if (rc == MDB_NOTFOUND && c->rdonly) {
		mdb_txn_abort(txn);
		return 0;
	}
	if (rc) {
		mdb_txn_abort(txn);
		return fail(c, "open namespace", rc);
	}
	if ((rc = mdb_txn_commit(txn)) != 0)
		return fail(c, "open namespace", rc);
	c->have_dbi = 1;
	return 0;
}

struct kvcache *
kvcache_open(const char *path, const char *ns, size_t map_size, int flags,
    char *err, size_t errlen)
{
	struct kvcache *c = ecalloc(1, sizeof *c);
	int rc;

	c->path = estrdup(path);
	c->rdonly = (flags & KVC_RDONLY) != 0;
	c->map = map_size ? map_size : KVCACHE_DEFAULT_MAP;
	c->map_max = c->map * GROW_MAX;
	if ((rc = mdb_env_create(&c->env)) != 0) {
		fail(c, "create", rc);
		goto bad;
	}
	mdb_env_set_maxdbs(c->env, 16);
	mdb_env_set_mapsize(c->env, c->map);
	rc = mdb_env_open(c->env, path, MDB_NOSUBDIR | MDB_NOSYNC |
	    (c->rdonly ? MDB_RDONLY : 0), 0644);
	if (rc) {
		fail(c, c->rdonly ? "cannot open cache" :
		    "cannot open or create cache", rc);
		goto bad;
	}
	/* Free the reader slots of processes that died holding them. */
	mdb_reader_check(c->env, NULL);
	if (check_size(c) < 0 || open_dbi(c, ns) < 0)
		goto bad;
	if (c->map_max < c->map * 2)
		c->map_max = c->map * 2;
	return c;
bad:
	snprintf(err, errlen, "%s", c->err);
	if (c->env)
		mdb_env_close(c->env);
	free(c->path);
	free(c);
	return NULL;
}

/* Decode a framed value into val; -1 if damaged. */
static int
unframe(struct kvcache *c, const unsigned char key[16],
    const unsigned char *p, size_t n, struct buf *val)
{
	uint32_t chk;

	if (n < 5 || p[0] != VAL_TAG) {
		snprintf(c->err, sizeof c->err, "%s: cache file is corrupt "
		    "(entry of %zu bytes with a bad header)", c->path, n);
		return -1;
	}
	chk = (uint32_t)p[n - 4] | (uint32_t)p[n - 3] << 8 |
	    (uint32_t)p[n - 2] << 16 | (uint32_t)p[n - 1] << 24;
	if (chk != check_of(key, p + 1, n - 5)) {
		snprintf(c->err, sizeof c->err, "%s: cache file is corrupt "
		    "(entry checksum mismatch)", c->path);
		return -1;
	}
	val->len = 0;
	buf_add(val, p + 1, n - 5);
	return 0;
}

static int
find_pending(struct kvcache *c, const unsigned char key[16], struct buf *val)
{
	size_t off = 0, i;
	int found = 0;

	/* The latest put wins, so scan them all. */
	for (i = 0; i < c->npend; i++) {
		const unsigned char *e = c->pend.p + off;
		uint32_t len;

		memcpy(&len, e + 16, 4);
		if (memcmp(e, key, 16) == 0) {
			val->len = 0;
			buf_add(val, e + 20, len);
			found = 1;
		}
		off += 20 + len;
	}
	return found;
}

int
kvcache_get(struct kvcache *c, const unsigned char key[16], struct buf *val)
{
	MDB_val k = {16, (void *)key}, v;
	int rc, r;

	if (c->npend && find_pending(c, key, val))
		return 1;
	if (!c->have_dbi)
		return 0;
	for (;;) {
		if (c->rtxn)
			rc = mdb_txn_renew(c->rtxn);
		else
			rc = mdb_txn_begin(c->env, NULL, MDB_RDONLY, &c->rtxn);
		if (rc == MDB_MAP_RESIZED) {
			if (c->rtxn) {
				mdb_txn_abort(c->rtxn);
				c->rtxn = NULL;
			}
			if (adopt_size(c) < 0)
				return -1;
			continue;
		}
		if (rc) {
			if (c->rtxn) {
				mdb_txn_abort(c->rtxn);
				c->rtxn = NULL;
			}
			return fail(c, "read", rc);
		}
		break;
	}
	rc = mdb_get(c->rtxn, c->dbi, &k, &v);
	if (rc == MDB_NOTFOUND)
		r = 0;
	else if (rc)
		r = fail(c, "read", rc);
	else
		r = unframe(c, key, v.mv_data, v.mv_size, val) < 0 ? -1 : 1;
	mdb_txn_reset(c->rtxn);
	return r;
}

int
kvcache_put(struct kvcache *c, const unsigned char key[16], const void *p,
    size_t n)
{
	uint32_t len = (uint32_t)n;

	if (c->rdonly) {
		snprintf(c->err, sizeof c->err, "%s: cache opened read-only",
		    c->path);
		return -1;
	}
	buf_add(&c->pend, key, 16);
	buf_add(&c->pend, &len, 4);
	buf_add(&c->pend, p, n);
	c->npend++;
	if (c->npend >= PEND_MAX_ENTRIES || c->pend.len >= PEND_MAX_BYTES)
		return kvcache_flush(c);
	return 0;
}

/* Double the map after MDB_MAP_FULL; -1 when the limit is reached. */
static int
grow(struct kvcache *c)
{
	int rc;

	if (c->map * 2 > c->map_max) {
		snprintf(c->err, sizeof c->err, "%s: cache is full (%zu MiB "
		    "map; use a larger cache size)", c->path, c->map >> 20);
		return -1;
	}
	if (c->rtxn) {
		mdb_txn_abort(c->rtxn);
		c->rtxn = NULL;
	}
	if ((rc = mdb_env_set_mapsize(c->env, c->map * 2)) != 0)
		return fail(c, "grow", rc);
	c->map *= 2;
	return 0;
}

int
kvcache_flush(struct kvcache *c)
{
	struct buf frame = {0};
	MDB_txn *txn;
	size_t i, off;
	int rc;

	if (!c->npend)
		return 0;
again:
	rc = mdb_txn_begin(c->env, NULL, 0, &txn);
	if (rc == MDB_MAP_RESIZED) {
		if (adopt_size(c) < 0)
			goto bad;
		goto again;
	}
	if (rc) {
		fail(c, "write", rc);
		goto bad;
	}
	for (i = off = 0; i < c->npend; i++) {
		const unsigned char *e = c->pend.p + off;
		uint32_t len, chk;
		MDB_val k, v;

		memcpy(&len, e + 16, 4);
		frame.len = 0;
		buf_addc(&frame, VAL_TAG);
		buf_add(&frame, e + 20, len);
		chk = check_of(e, e + 20, len);
		buf_addc(&frame, chk & 0xff);
		buf_addc(&frame, chk >> 8 & 0xff);
		buf_addc(&frame, chk >> 16 & 0xff);
		buf_addc(&frame, chk >> 24 & 0xff);
		k.mv_size = 16;
		k.mv_data = (void *)e;
		v.mv_size = frame.len;
		v.mv_data = frame.p;
		if ((rc = mdb_put(txn, c->dbi, &k, &v, 0)) != 0)
			break;
		off += 20 + len;
	}
	if (rc == 0)
		rc = mdb_txn_commit(txn);
	else
		mdb_txn_abort(txn);
	if (rc == MDB_MAP_FULL) {
		if (grow(c) < 0)
			goto bad;
		goto again;
	}
	if (rc) {
		fail(c, "write", rc);
		goto bad;
	}
	c->pend.len = 0;
	c->npend = 0;
	buf_free(&frame);
	return 0;
bad:
	buf_free(&frame);
	return -1;
}

const char *
kvcache_error(const struct kvcache *c)
{
	return c->err;
}

const char *
kvcache_path(const struct kvcache *c)
{
	return c->path;
}

int64_t
kvcache_count(struct kvcache *c)
{
	MDB_txn *txn;
	MDB_stat ms;
	int rc;

	if (!c->have_dbi)
		return 0;
	if (c->rtxn) {
		mdb_txn_abort(c->rtxn);
		c->rtxn = NULL;
	}
	if ((rc = mdb_txn_begin(c->env, NULL, MDB_RDONLY, &txn)) != 0)
		return fail(c, "read", rc);
	rc = mdb_stat(txn, c->dbi, &ms);
	mdb_txn_abort(txn);
	if (rc)
		return fail(c, "stat", rc);
	return (int64_t)ms.ms_entries;
}

int
kvcache_close(struct kvcache *c, char *err, size_t errlen)
{
	int r = 0, rc;

	if (!c)
		return 0;
	if (kvcache_flush(c) < 0)
		r = -1;
	if (c->rtxn)
		mdb_txn_abort(c->rtxn);
	if (r == 0 && !c->rdonly && (rc = mdb_env_sync(c->env, 1)) != 0)
		r = fail(c, "sync", rc);
	if (r < 0)
		snprintf(err, errlen, "%s", c->err);
	mdb_env_close(c->env);
	buf_free(&c->pend);
	free(c->path);
	free(c);
	return r;
}
