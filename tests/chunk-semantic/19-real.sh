# On a real dump through wiki-fetch: no chunk holds a heading, neighbours
# share no text, indices and counts are whole; wiki-fetch's heading
# modes all give the same chunks.
. "$TESTS/lib/lib.sh"
need_wikidata
f=$WIKIDATA/wikidump-rs/simplewiki.xml.bz2
[ -f "$f" ] || skip "$f not found"
wiki-fetch -q "$f" > art.mp
dump art.mp > art.jsonl
chunk-episode art.mp | chunk-semantic | dump > ch.jsonl
python3 - <<'PY'
import json
arts = {json.loads(l)["doc_id"]: json.loads(l) for l in open("art.jsonl")}
ch = [json.loads(l) for l in open("ch.jsonl")]
assert len(ch) > 50
docs = {}
for c in ch:
    docs.setdefault(c["doc_id"], []).append(c)
for d, cs in docs.items():
    titles = {s["title"] for s in arts[d]["sections"]}
    assert [c["chunk_index"] for c in cs] == list(range(len(cs)))
    assert {c["chunk_count"] for c in cs} == {len(cs)}
    for c in cs:
        assert not titles & {p.strip() for p in c["text"].split("\n\n")}, c["text"]
    for a, b in zip(cs, cs[1:]):
        if a["episode_index"] == b["episode_index"]:
            assert b["char_start"] >= a["char_end"]
PY
# wiki-fetch's three heading modes (kept as paragraphs, marked "== T ==",
# dropped from the text) give the same chunks and sections.
for h in keep mark drop; do
	wiki-fetch -q --headings "$h" "$f" | chunk-episode | chunk-semantic |
	    dump | python3 -c '
import json, sys
for l in sys.stdin:
    c = json.loads(l)
    print(c["doc_id"], c["chunk_index"], c["section"], c["text"])' > "$h.txt"
done
expect_same keep.txt mark.txt
expect_same keep.txt drop.txt
