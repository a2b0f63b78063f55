# Never an empty episode, never one below the minimum: a short tail joins
# the episode before it, or, when that would pass the maximum, the cut
# moves back so that the tail has the minimum.
. "$TESTS/lib/lib.sh"
python3 "$DATA/chunk/gen.py" -n 1 -p 9 > a.jsonl
pack a.jsonl > a.mp
# min 2, max 4, never by cosine: 4 | 4 | 1 -> 4 | 3 | 2 (rebalanced).
chunk-episode -t -1 --min 2 --max 4 a.mp | dump > r.jsonl
# min 3, max 4: 4 | 4 | 1 -> merged would be 5 > 4, rebalancing would
# leave 2 < 3, so the merge wins: 4 | 5.
chunk-episode -t -1 --min 3 --max 4 a.mp | dump > m.jsonl
# min 3 at every cut: 3 | 3 | 3.
chunk-episode -t 1 --min 3 --max 20 a.mp | dump > e.jsonl
python3 - <<'PY'
import json
def sizes(f):
    return [e["para_end"] - e["para_start"] + 1 for e in map(json.loads, open(f))]
assert sizes("r.jsonl") == [4, 3, 2], sizes("r.jsonl")
assert sizes("m.jsonl") == [4, 5], sizes("m.jsonl")
assert sizes("e.jsonl") == [3, 3, 3], sizes("e.jsonl")
for f in ("r.jsonl", "m.jsonl", "e.jsonl"):
    for e in map(json.loads, open(f)):
        assert e["text"].strip(), "empty episode"
PY
