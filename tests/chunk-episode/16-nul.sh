# -z: COBS+NUL framing in and out gives the same records.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/articles.jsonl" > in.mp
chunk-episode in.mp | dump > plain.jsonl
rec-dump --copy --to nul in.mp | chunk-episode -z | dump -z > nul.jsonl
expect_same plain.jsonl nul.jsonl
