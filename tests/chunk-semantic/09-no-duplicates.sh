# Simple mode repeats nothing: neighbouring chunks never share a sentence
# and there is no extra tail chunk (the original's example gave two chunks
# and repeated its last sentence).  Chunks cover every sentence once.
. "$TESTS/lib/lib.sh"
printf '%s\n' '{"doc_id":"t:1","text":"Short one. Another short. Third bit here. And the last."}' |
    pack | chunk-semantic | dump > one.jsonl
expect_eq "$(wc -l < one.jsonl)" 1 "chunks of the original's example"
expect_grep one.jsonl '"text":"Short one. Another short. Third bit here. And the last."'
python3 "$DATA/chunk/gen.py" -n 30 -p 25 --headings > a.jsonl
pack a.jsonl | chunk-episode | chunk-semantic --min-words 25 --max-words 60 | dump > out.jsonl
python3 - <<'PY'
import json
arts = {json.loads(l)["doc_id"]: json.loads(l) for l in open("a.jsonl")}
ch = [json.loads(l) for l in open("out.jsonl")]
for a, b in zip(ch, ch[1:]):
    if a["doc_id"] == b["doc_id"] and a["episode_index"] == b["episode_index"]:
        assert b["char_start"] >= a["char_end"], (a["text"], b["text"])
        sa = set(s.strip() for s in a["text"].split(". "))
        sb = set(s.strip() for s in b["text"].split(". "))
        assert not (sa & sb), (a["text"], b["text"])
# Every sentence of every article is in exactly one chunk.
for d, art in arts.items():
    heads = {s["title"] for s in art["sections"]}
    body = [p for p in art["text"].split("\n\n") if p not in heads]
    want = " ".join(body).split(". ")
    got = " ".join(c["text"].replace("\n\n", " ") for c in ch if c["doc_id"] == d).split(". ")
    assert got == want, d
assert all(c["word_count"] <= 60 for c in ch)
PY
