# chunk_index counts across the whole article from 0, chunk_count is the
# same on every chunk of the article, chunk_in_episode restarts with each
# episode; foreign keys pass through.
. "$TESTS/lib/lib.sh"
python3 "$DATA/chunk/gen.py" -n 5 -p 40 --headings > a.jsonl
pack a.jsonl | chunk-episode | chunk-semantic | dump > out.jsonl
python3 - <<'PY'
import json
ch = [json.loads(l) for l in open("out.jsonl")]
docs = {}
for c in ch:
    docs.setdefault(c["doc_id"], []).append(c)
assert len(docs) == 5
for d, cs in docs.items():
    assert [c["chunk_index"] for c in cs] == list(range(len(cs)))
    assert {c["chunk_count"] for c in cs} == {len(cs)}
    last = None
    for c in cs:
        if c["episode_index"] != last:
            assert c["chunk_in_episode"] == 0
            last, k = c["episode_index"], 0
        assert c["chunk_in_episode"] == k
        k += 1
        assert c["chunk_mode"] == "simple" and c["source"] == "gen"
        assert c["title"].startswith("Article ")
        assert c["episode_id"].startswith(d + "_ep")
PY
