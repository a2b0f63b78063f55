# --overlap N repeats exactly N sentences between neighbouring chunks,
# only when asked, and never emits a tail chunk already contained in the
# one before.
. "$TESTS/lib/lib.sh"
printf '%s\n' '{"doc_id":"o:1","text":"One two three four five six. Seven eight nine ten eleven twelve. Thirteen fourteen fifteen sixteen seventeen. Eighteen nineteen twenty twenty-one. Last one here now."}' |
    pack > in.mp
chunk-semantic --overlap 1 in.mp | dump > out.jsonl
python3 - <<'PY'
import json
t = [json.loads(l)["text"] for l in open("out.jsonl")]
assert t == ["One two three four five six. Seven eight nine ten eleven twelve.",
             "Seven eight nine ten eleven twelve. Thirteen fourteen fifteen sixteen seventeen.",
             "Thirteen fourteen fifteen sixteen seventeen. Eighteen nineteen twenty twenty-one. Last one here now."], t
PY
chunk-semantic in.mp | dump > plain.jsonl
expect_eq "$(wc -l < plain.jsonl)" 2 "chunks without overlap"
