# A missing or ill-typed text, or a bad sections key, is a data error
# naming the record and the key.
. "$TESTS/lib/lib.sh"
printf '{"doc_id":"a","text":"Fine."}\n{"doc_id":"b","text":5}\n' | pack > in.mp
expect_exit 1 chunk-episode in.mp
expect_grep err '^chunk-episode: in.mp: record 2 .*key "text": expected str, got'
printf '{"doc_id":"a","title":"x"}\n' | pack > in.mp
expect_exit 1 chunk-episode in.mp
expect_grep err 'record 1 .*key "text": missing'
printf '{"doc_id":"a","text":"A.\\n\\nB.","sections":"History"}\n' | pack > in.mp
expect_exit 1 chunk-episode in.mp
expect_grep err 'record 1 .*key "sections": expected an array'
printf '{"doc_id":"a","text":"A.","sections":[{"para":"1","title":"x"}]}\n' | pack > in.mp
expect_exit 1 chunk-episode in.mp
