# char_start/char_end are code point offsets into the input text: the
# chunk's text is exactly that slice, also with text outside ASCII.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/hard.jsonl" > h.mp
pack "$DATA/chunk/sections.jsonl" | chunk-episode > s.mp
cat h.mp s.mp | chunk-semantic | dump > out.jsonl
cat h.mp s.mp | chunk-semantic -m semantic --max-chars 120 --min-chars 20 | dump >> out.jsonl
cat h.mp s.mp | dump > in.jsonl
python3 - <<'PY'
import json
src = {}
for l in open("in.jsonl"):
    r = json.loads(l)
    src[(r["doc_id"], r.get("episode_index", 0))] = r["text"]
n = 0
for l in open("out.jsonl"):
    c = json.loads(l)
    t = src[(c["doc_id"], c.get("episode_index", 0))]
    assert t[c["char_start"]:c["char_end"]] == c["text"], c
    assert c["word_count"] == len(c["text"].split())
    n += 1
assert n > 20
PY
