# Semantic mode: windows of sentences, breaks above the percentile, a cap
# in characters that cuts at sentence boundaries and keeps punctuation, a
# minimum that merges short pieces, and no heading in any chunk.
. "$TESTS/lib/lib.sh"
python3 "$DATA/chunk/gen.py" -n 10 -p 30 --headings -s 3 > a.jsonl
pack a.jsonl | chunk-episode > ep.mp
chunk-semantic -m semantic ep.mp | dump > out.jsonl
chunk-semantic -m semantic --percentile 100 --max-chars 100000 --min-chars 0 ep.mp | dump > p100.jsonl
chunk-semantic -m semantic --percentile 0 --min-chars 0 ep.mp | dump > p0.jsonl
python3 - <<'PY'
import json
arts = {json.loads(l)["doc_id"]: json.loads(l) for l in open("a.jsonl")}
ch = [json.loads(l) for l in open("out.jsonl")]
for c in ch:
    assert c["chunk_mode"] == "semantic"
    assert len(c["text"]) <= 500, len(c["text"])
    assert c["text"].endswith("."), c["text"][-30:]
    heads = {s["title"] for s in arts[c["doc_id"]]["sections"]}
    assert not heads & set(c["text"].split("\n\n"))
short = [c for c in ch if len(c["text"]) < 100]
assert len(short) < len(ch) / 10, (len(short), len(ch))
p100 = [json.loads(l) for l in open("p100.jsonl")]
p0 = [json.loads(l) for l in open("p0.jsonl")]
# At the 100th percentile nothing is above the threshold: one chunk per
# section run; at the 0th nearly every gap breaks.
assert len(p100) < len(ch) < len(p0), (len(p100), len(ch), len(p0))
PY
