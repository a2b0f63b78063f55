# Headings: a heading paragraph is never the last of an episode (it goes
# with the paragraph after it), whether it comes from the sections key or
# from "== T ==" marks; with --headings none it is a paragraph like any
# other.  para_start/para_end count heading paragraphs.
. "$TESTS/lib/lib.sh"
python3 "$DATA/chunk/gen.py" -n 20 -p 30 --headings > a.jsonl
pack a.jsonl > a.mp
chunk-episode -t 1 a.mp | dump > keyed.jsonl
# The same articles with marked headings and no sections key.
python3 - <<'PY'
import json
with open("m.jsonl", "w") as f:
    for l in open("a.jsonl"):
        r = json.loads(l)
        ps = r["text"].split("\n\n")
        for s in r.pop("sections"):
            ps[s["para"]] = "== %s ==" % ps[s["para"]]
        r["text"] = "\n\n".join(ps)
        f.write(json.dumps(r) + "\n")
PY
pack m.jsonl | chunk-episode -t 1 | dump > marked.jsonl
pack "$DATA/chunk/articles.jsonl" | chunk-episode -t 1 --headings none | dump > none.jsonl
python3 - <<'PY'
import json
arts = {json.loads(l)["doc_id"]: json.loads(l) for l in open("a.jsonl")}
for f in ("keyed.jsonl", "marked.jsonl"):
    n = 0
    for e in map(json.loads, open(f)):
        a = arts[e["doc_id"]]
        heads = {s["para"] for s in a["sections"]}
        assert e["para_end"] not in heads, (f, e["episode_id"])
        ps = a["text"].split("\n\n")[e["para_start"]:e["para_end"] + 1]
        if f == "keyed.jsonl":
            assert e["text"] == "\n\n".join(ps)
        n += 1
    assert n > 40, n
k = [(e["doc_id"], e["para_start"], e["para_end"]) for e in map(json.loads, open("keyed.jsonl"))]
m = [(e["doc_id"], e["para_start"], e["para_end"]) for e in map(json.loads, open("marked.jsonl"))]
assert k == m
# Without headings, the fixture's 13 paragraphs are 13 units: 3,3,3,4.
none = [e for e in map(json.loads, open("none.jsonl")) if e["doc_id"] == "fixture:101"]
assert [e["para_end"] - e["para_start"] + 1 for e in none] == [3, 3, 3, 4]
PY
