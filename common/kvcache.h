/* SPDX-License-Identifier: ISC */
/*
 * kvcache.h: a persistent key-value cache on LMDB, shared safely by
 * several processes at once (GNU parallel may run many tmd-extract or
 * embed jobs on the same cache file).
 *
 * Layout: one LMDB environment in a single file (MDB_NOSUBDIR; LMDB adds
 * FILE-lock beside it) holding one named database per namespace ("tmd"
 * for TMD labels, "embed" for vectors, ...).  Keys are 16 bytes, the
 * XXH3-128 of what determines the value (kvcache_key).  Values are framed
 * so a damaged entry is detected, never returned:
 *
 *   +------+--------------------+--------------------------------+
 *   | 0x01 | payload (n bytes)  | check: XXH3-64(key,payload) lo |
 *   +------+--------------------+--------------------------------+
 *     1 B                                   4 B, little endian
 *
 * Concurrency: LMDB allows any number of readers and one writer at a
 * time across processes; writes are buffered in the handle and committed
 * in one transaction by kvcache_flush (or when the buffer fills), so
 * writers take the lock rarely.  Commits are not fsynced one by one
 * (MDB_NOSYNC); kvcache_close syncs.  A crash of the machine may lose the
 * last entries, which is harmless for a cache.  Readers see other
 * processes' commits on their next get.
 *
 * Errors: every function that can fail returns -1 with a message in the
 * handle (kvcache_error) or in err; the library never exits.  A file
 * that is not an LMDB file, is truncated, or holds a damaged entry is
 * reported as corrupt; an unwritable file or directory as such.  One
 * handle per file per process (an LMDB rule).
 */
#ifndef WIKIPIPE_KVCACHE_H
#define WIKIPIPE_KVCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct kvcache;

enum { KVC_RDONLY = 1 };	/* kvcache_open flags */

/* The default map size (the most the file may grow to): 1 GiB. */
#define KVCACHE_DEFAULT_MAP ((size_t)1 << 30)

/*
 * kvcache_key: the 16-byte key XXH3-128 over the parts, each followed by
 * a NUL, then the normalised text: leading and trailing white space
 * dropped, every run of white space (space, tab, CR, LF, FF, VT) turned
 * into one space, and, when fold is set, ASCII letters lower-cased.
 * parts is an array of nparts C strings (backend, model, prompt
 * version...).  Pure; cannot fail.
 */
void kvcache_key(unsigned char key[16], const char *const *parts,
    size_t nparts, const char *text, size_t n, int fold);

/*
 * kvcache_open: open (creating if needed, unless KVC_RDONLY) the cache
 * file path and its namespace ns.  map_size 0 means the default; the map
 * grows by doubling when full, up to 64 times map_size.  Returns the
 * handle, or NULL with a message in err (errlen bytes) that names the
 * file and the reason.
 */
struct kvcache *kvcache_open(const char *path, const char *ns,
    size_t map_size, int flags, char *err, size_t errlen);

/*
 * kvcache_get: look key up.  Returns 1 and the payload in *val (replacing
 * its contents), 0 when absent, -1 on an error (a corrupt entry, an LMDB
 * failure).  Entries put but not yet flushed by this handle are found.
 */
int kvcache_get(struct kvcache *c, const unsigned char key[16],
    struct buf *val) RESULT_USED;

/*
 * kvcache_put: store payload p (n bytes) under key.  Buffered; committed
 * by kvcache_flush, by kvcache_close, or automatically when about 1 MiB
 * or 1024 entries are pending.  Returns 0, or -1 when an automatic flush
 * failed.  An existing entry is replaced.
 */
int kvcache_put(struct kvcache *c, const unsigned char key[16],
    const void *p, size_t n) RESULT_USED;

/* kvcache_flush: commit pending puts in one write transaction; 0 or -1. */
int kvcache_flush(struct kvcache *c) RESULT_USED;

/* kvcache_error: the message of the last failure ("" if none). */
const char *kvcache_error(const struct kvcache *c);

/* kvcache_path: the file name given to kvcache_open. */
const char *kvcache_path(const struct kvcache *c);

/* kvcache_count: the entries in the namespace (committed ones), or -1. */
int64_t kvcache_count(struct kvcache *c);

/*
 * kvcache_close: flush, sync, close, free.  Returns 0, or -1 with the
 * message copied to err (errlen bytes).  NULL is a no-op.
 */
int kvcache_close(struct kvcache *c, char *err, size_t errlen);

#endif
