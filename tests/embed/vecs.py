#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""vecs.py: look at the concept vectors of rec-dump output (JSON lines).

  vecs.py info FILE       per record: dimension, norm (4 decimals), model
  vecs.py nearest FILE    per record: the index of the most similar other
                          record (cosine), 0-based
  vecs.py cos FILE I J    the cosine of records I and J
"""
import base64
import json
import math
import struct
import sys


def load(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            raw = base64.b64decode(rec["concept_vec"]["$bin"])
            out.append((rec, struct.unpack("<%df" % (len(raw) // 4), raw)))
    return out


def cos(a, b):
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(x * x for x in b))
    return sum(x * y for x, y in zip(a, b)) / (na * nb) if na and nb else 0.0


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    recs = load(path)
    if cmd == "info":
        for rec, v in recs:
            print(len(v), "%.4f" % math.sqrt(sum(x * x for x in v)),
                  rec.get("embed_model"))
    elif cmd == "nearest":
        for i, (_, v) in enumerate(recs):
            best = max((j for j in range(len(recs)) if j != i),
                       key=lambda j: cos(v, recs[j][1]))
            print(best)
    elif cmd == "cos":
        print("%.6f" % cos(recs[int(sys.argv[3])][1], recs[int(sys.argv[4])][1]))
    else:
        sys.exit("vecs.py: unknown command " + cmd)


if __name__ == "__main__":
    main()
