# Output to /dev/full: exit 3.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/articles.jsonl" | chunk-episode > in.mp
expect_exit 3 chunk-semantic -f -o /dev/full in.mp
expect_exit 3 sh -c 'chunk-semantic -f in.mp > /dev/full'
