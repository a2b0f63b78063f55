# --embedder picks the backend: another dimension works; without doc_id
# the episode id falls back to page_id, then the record number.
. "$TESTS/lib/lib.sh"
printf '%s\n' '{"page_id":9,"text":"A b.\n\nC d.\n\nE f."}' '{"text":"G.\n\nH.\n\nI."}' |
    pack | chunk-episode --embedder hash:dim=64,char=0 | dump > out.jsonl
expect_grep out.jsonl '"episode_id":"9_ep0"'
expect_grep out.jsonl '"episode_id":"rec2_ep0"'
