# Records of one document must be contiguous and complete: a document
# that comes back later, episodes out of order, or an article that ends
# before its episode_count are data errors; whole documents before them
# are written.
. "$TESTS/lib/lib.sh"
ep() { printf '{"doc_id":"%s","episode_index":%d,"episode_count":%d,"text":"Some text in episode %d of %s."}\n' "$1" "$2" "$3" "$2" "$1"; }
{ ep d:1 0 1; ep d:2 0 1; ep d:1 0 1; } | pack > back.mp
expect_exit 1 chunk-semantic back.mp
expect_grep err '^chunk-semantic: back.mp: record 3 .*key "doc_id": document "d:1" seen before'
expect_eq "$(dump -c out)" 2 "chunks of the whole documents before"
{ ep d:1 0 2; ep d:1 2 2; } | pack > order.mp
expect_exit 1 chunk-semantic order.mp
expect_grep err 'record 2 .*key "episode_index": 2, expected 1'
{ ep d:1 0 3; ep d:1 1 3; ep d:2 0 1; } | pack > short.mp
expect_exit 1 chunk-semantic short.mp
expect_grep err 'record 2 .*key "episode_count": document ended after 2 of 3 episodes'
expect_eq "$(dump -c out)" 0 "chunks of an incomplete document"
# Article records without episode keys: each one is a document.
printf '%s\n' '{"doc_id":"x:1","text":"First article text."}' '{"doc_id":"x:2","text":"Second article text."}' |
    pack | chunk-semantic | dump > art.jsonl
expect_eq "$(grep -c '"chunk_index":0,"chunk_count":1' art.jsonl)" 2 "articles"
