# Records of one document are contiguous: a document that comes back is a
# data error, not renumbered.
. "$TESTS/lib/lib.sh"
printf '%s\n' '{"doc_id":"d:1","text":"One."}' '{"doc_id":"d:2","text":"Two."}' \
    '{"doc_id":"d:1","text":"One again."}' | pack > in.mp
expect_exit 1 chunk-episode in.mp
expect_grep err '^chunk-episode: in.mp: record 3 .*key "doc_id": document "d:1" seen before'
expect_eq "$(dump -c out)" 2 "episodes before the error"
