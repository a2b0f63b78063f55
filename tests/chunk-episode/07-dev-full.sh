# Output to /dev/full: exit 3.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/articles.jsonl" > in.mp
expect_exit 3 chunk-episode -f -o /dev/full in.mp
expect_exit 3 sh -c 'chunk-episode -f in.mp > /dev/full'
