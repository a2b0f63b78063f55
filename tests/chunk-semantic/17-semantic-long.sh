# Semantic mode: a sentence longer than the cap is cut at word boundaries
# (a word longer than the cap stays whole); one-sentence episodes work.
. "$TESTS/lib/lib.sh"
python3 - <<'PY'
import json
long = " ".join("word%d" % i for i in range(300)) + "."
recs = [{"doc_id": "s:1", "text": "Just one sentence."},
        {"doc_id": "s:2", "text": long},
        {"doc_id": "s:3", "text": "x" * 700 + " tail."}]
open("in.jsonl", "w").write("".join(json.dumps(r) + "\n" for r in recs))
PY
pack in.jsonl | chunk-semantic -m semantic --min-chars 0 | dump > out.jsonl
python3 - <<'PY'
import json
ch = [json.loads(l) for l in open("out.jsonl")]
by = {}
for c in ch:
    by.setdefault(c["doc_id"], []).append(c["text"])
assert by["s:1"] == ["Just one sentence."]
assert all(len(t) <= 500 for t in by["s:2"]) and len(by["s:2"]) >= 5
assert " ".join(by["s:2"]) == json.loads(open("in.jsonl").readlines()[1])["text"]
assert by["s:3"] == ["x" * 700, "tail."], by["s:3"]
PY
