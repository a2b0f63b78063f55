# -z: COBS+NUL framing in and out gives the same records.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/articles.jsonl" | chunk-episode > in.mp
chunk-semantic in.mp | dump > plain.jsonl
rec-dump --copy --to nul in.mp | chunk-semantic -z | dump -z > nul.jsonl
expect_same plain.jsonl nul.jsonl
