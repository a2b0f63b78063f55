# Empty input: empty output.  An empty text yields no chunk but is
# counted, and does not count in chunk_count.
. "$TESTS/lib/lib.sh"
chunk-semantic < /dev/null > out.mp
[ ! -s out.mp ] || fail "output not empty"
printf '%s\n' '{"doc_id":"e:1","episode_index":0,"episode_count":2,"text":""}' \
    '{"doc_id":"e:1","episode_index":1,"episode_count":2,"text":"One short sentence here. And another one follows it."}' |
    pack | chunk-semantic --stats st.json | dump > out.jsonl
expect_grep st.json '"empty": *1'
expect_grep st.json '"documents": *1'
expect_eq "$(wc -l < out.jsonl)" 1 "chunks"
expect_grep out.jsonl '"chunk_index":0,"chunk_count":1,"chunk_in_episode":0'
