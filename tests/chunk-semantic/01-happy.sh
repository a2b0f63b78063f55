# The happy path: articles through chunk-episode into simple-mode chunks,
# golden through rec-dump.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/articles.jsonl" | chunk-episode | chunk-semantic | dump
