# The cosine threshold: -t 1 cuts at every allowed place (episodes of the
# minimum), -t -1 only when an episode is full (episodes of the maximum);
# the short tail is merged either way.
. "$TESTS/lib/lib.sh"
python3 "$DATA/chunk/gen.py" -n 1 -p 23 > a.jsonl
pack a.jsonl > a.mp
chunk-episode -t 1 a.mp | dump > hi.jsonl
chunk-episode -t -1 --max 10 a.mp | dump > lo.jsonl
python3 - <<'PY'
import json
hi = [json.loads(l) for l in open("hi.jsonl")]
lo = [json.loads(l) for l in open("lo.jsonl")]
n = lambda e: e["para_end"] - e["para_start"] + 1
# 23 paragraphs, min 3: 3 x 7 = 21, then a tail of 2 joins the last.
assert [n(e) for e in hi] == [3] * 6 + [5], [n(e) for e in hi]
# max 10: 10, 10, then 3 (>= min) stays on its own.
assert [n(e) for e in lo] == [10, 10, 3], [n(e) for e in lo]
for eps in (hi, lo):
    assert [e["episode_index"] for e in eps] == list(range(len(eps)))
    assert all(e["episode_count"] == len(eps) for e in eps)
    assert eps[0]["para_start"] == 0 and eps[-1]["para_end"] == 22
    for a, b in zip(eps, eps[1:]):
        assert b["para_start"] == a["para_end"] + 1
    assert all(-1 <= e["coherence"] <= 1 for e in eps)
PY
