# The happy path: articles (sections key, marked headings, one paragraph,
# empty text) to episodes, golden through rec-dump.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/articles.jsonl" | chunk-episode | dump
