# Semantic mode, the minimum: with a break at nearly every gap
# (--percentile 0) the short pieces join a neighbour until each chunk has
# --min-chars, within the cap; nothing is dropped or repeated.  --buffer
# changes the windows, and the same input always gives the same chunks.
. "$TESTS/lib/lib.sh"
python3 "$DATA/chunk/gen.py" -n 4 -p 12 -s 5 > a.jsonl
pack a.jsonl > a.mp
chunk-semantic -m semantic --percentile 0 --min-chars 0 --max-chars 2000 a.mp | dump > p0.jsonl
chunk-semantic -m semantic --percentile 0 --min-chars 250 --max-chars 2000 a.mp | dump > m.jsonl
chunk-semantic -m semantic --percentile 0 --min-chars 250 --max-chars 2000 a.mp | dump > m2.jsonl
expect_same m.jsonl m2.jsonl
chunk-semantic -m semantic --buffer 0 a.mp | dump > b0.jsonl
chunk-semantic -m semantic --buffer 2 a.mp | dump > b2.jsonl
cmp -s b0.jsonl b2.jsonl && fail "--buffer changed nothing"
python3 - <<'PY'
import json
arts = {json.loads(l)["doc_id"]: json.loads(l)["text"] for l in open("a.jsonl")}
p0 = [json.loads(l) for l in open("p0.jsonl")]
m = [json.loads(l) for l in open("m.jsonl")]
assert len(m) < len(p0) / 2, (len(m), len(p0))
for d, t in arts.items():
    cs = [c for c in m if c["doc_id"] == d]
    assert all(len(c["text"]) >= 250 for c in cs), [len(c["text"]) for c in cs]
    assert all(len(c["text"]) <= 2000 for c in cs)
    # Chunks tile the text: each starts where the text after the last
    # one's end, past white space, starts.
    pos = 0
    for c in cs:
        assert t[pos:c["char_start"]].strip() == "", (d, pos, c["char_start"])
        pos = c["char_end"]
    assert t[pos:].strip() == ""
PY
