# A truncated stream: whole documents before it are written, the one cut
# short is not; exit 1, the message names the record.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/articles.jsonl" | chunk-episode > ep.mp
head -c $(($(wc -c < ep.mp) - 5)) ep.mp > cut.mp
expect_exit 1 chunk-semantic cut.mp
expect_grep err '^chunk-semantic: cut.mp: record 7 .*truncated'
dump out > got.jsonl
python3 - <<'PY'
import json
docs = [json.loads(l)["doc_id"] for l in open("got.jsonl")]
assert set(docs) == {"fixture:101", "fixture:102"}, set(docs)
PY
