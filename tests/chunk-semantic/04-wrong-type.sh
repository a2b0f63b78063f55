# A missing or ill-typed text, or a bad sections key, is a data error
# naming the record and the key; whole documents before it are written.
. "$TESTS/lib/lib.sh"
printf '%s\n' '{"doc_id":"a","text":"Fine text here."}' '{"doc_id":"b","text":["no"]}' | pack > in.mp
expect_exit 1 chunk-semantic in.mp
expect_grep err '^chunk-semantic: in.mp: record 2 .*key "text": expected str, got array'
printf '%s\n' '{"doc_id":"a","title":"x"}' | pack > in.mp
expect_exit 1 chunk-semantic in.mp
expect_grep err 'record 1 .*key "text": missing'
printf '%s\n' '{"doc_id":"a","text":"A b.\n\nC d.","sections":[{"title":"x"}]}' | pack > in.mp
expect_exit 1 chunk-semantic in.mp
expect_grep err 'record 1 .*key "sections"'
