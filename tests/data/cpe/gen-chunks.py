#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# gen-chunks.py: synthetic chunk records (JSON lines for rec-dump --pack) of
# the shape cpe-prep reads, for the cpe-prep/cpe-commit tests and bench.
#
#   gen-chunks.py [--articles N] [--chunks K] [--dim D] [--source S]
#                 [--first-page P] [--seed X] [--text-bytes B] [--vary]
#
# Texts are made-up sentences (never Wikipedia), with quotes, backslashes,
# tabs, newlines and non-ASCII so that escaping bugs show.  Vectors are
# unit-norm float32 as {"$bin": base64}; a few dozen distinct vectors are
# cycled so that generating 100k rows stays fast.  Deterministic.
import argparse, base64, json, math, random, struct, sys

ap = argparse.ArgumentParser()
ap.add_argument("--articles", type=int, default=3)
ap.add_argument("--chunks", type=int, default=4)
ap.add_argument("--dim", type=int, default=768)
ap.add_argument("--source", default="testwiki-20260101")
ap.add_argument("--first-page", type=int, default=100)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--text-bytes", type=int, default=300)
ap.add_argument("--vary", action="store_true",
                help="chunks per article vary from 1 to --chunks")
a = ap.parse_args()
rng = random.Random(a.seed)

def unit_vec():
    v = [rng.gauss(0, 1) for _ in range(a.dim)]
    n = math.sqrt(sum(x * x for x in v)) or 1.0
    return base64.b64encode(struct.pack("<%df" % a.dim,
                                        *[x / n for x in v])).decode()

vecs = [unit_vec() for _ in range(min(64, a.articles * a.chunks) or 1)]
words = ("river stone \"quoted\" back\\slash caf\u00e9 na\u00efve \u00fcber "
         "tab\there line\nbreak \u65e5\u672c emoji\U0001F600 plain words "
         "about valleys and old mills near the coast").split(" ")
out = sys.stdout
k = 0
for ai in range(a.articles):
    page = a.first_page + ai
    n = rng.randint(1, a.chunks) if a.vary else a.chunks
    title = "Synthetic \"%d\" caf\u00e9" % page
    off = 0
    for ci in range(n):
        t = []
        while sum(len(w) + 1 for w in t) < a.text_bytes:
            t.append(rng.choice(words))
        text = "Chunk %d of page %d: " % (ci, page) + " ".join(t)
        rec = {
            "source": a.source, "doc_id": "%s:%d" % (a.source, page),
            "page_id": page, "article_index": ai, "title": title,
            "chunk_index": ci, "chunk_count": n, "chunk_mode": "simple",
            "episode_id": "%s:%d:e%d" % (a.source, page, ci // 3),
            "section": "Section %d" % (ci // 2),
            "char_start": off, "char_end": off + len(text),
            "text": text,
            "domain_code": (page + ci) % 16, "task_code": (page * 3 + ci) % 32,
            "modifier_code": (page * 7 + ci) % 64,
            "concept_vec": {"$bin": vecs[k % len(vecs)]},
        }
        off += len(text) + 2
        k += 1
        out.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
