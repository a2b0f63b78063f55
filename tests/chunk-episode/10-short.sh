# Articles of zero, one and two paragraphs (fewer than the minimum): no
# episode, or one episode holding everything; one paragraph has
# coherence 1.
. "$TESTS/lib/lib.sh"
printf '%s\n' '{"doc_id":"s:0","text":"  \n\n  "}' \
    '{"doc_id":"s:1","text":"Only one paragraph here."}' \
    '{"doc_id":"s:2","text":"First paragraph.\n\nSecond paragraph."}' |
    pack | chunk-episode | dump > out.jsonl
python3 - <<'PY'
import json
eps = [json.loads(l) for l in open("out.jsonl")]
assert [e["doc_id"] for e in eps] == ["s:1", "s:2"]
a, b = eps
assert a["coherence"] == 1.0 and a["para_start"] == 0 and a["para_end"] == 0
assert a["text"] == "Only one paragraph here." and a["episode_count"] == 1
assert b["para_end"] == 1 and b["text"] == "First paragraph.\n\nSecond paragraph."
assert b["episode_id"] == "s:2_ep0"
PY
