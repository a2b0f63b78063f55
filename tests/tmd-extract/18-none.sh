# A chunk with no domain evidence gets the default codes with confidence
# 0, marked tmd_source "none" (not "heuristic"), counted as such; the store
# keeps the mark (cpe_entry.tmd_source) for cpe-search's lane filters.
. "$TESTS/lib/lib.sh"
printf '%s\n' \
    '{"doc_id":"t:1","chunk_index":0,"text":"Zorp blick vandy quom, trell ixo fenna."}' \
    '{"doc_id":"t:1","chunk_index":1,"text":"The compiler emits machine code for the processor from the source program."}' |
    pack > in.mp
tmd-extract --stats st.json in.mp 2> err | dump > out.jsonl
expect_grep err '2 records: 0 input, 1 heuristic, 0 llm, 0 cache, 0 fallback, 1 none'
expect_grep st.json '"none": 1'
expect_eq "$(sed -n 1p out.jsonl | grep -o '"tmd_source":"[a-z]*","tmd_confidence":[0-9.]*')" \
    '"tmd_source":"none","tmd_confidence":0.0' "no evidence"
expect_grep out.jsonl '"chunk_index":1,.*"tmd_source":"heuristic"'
