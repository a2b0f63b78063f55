# A truncated stream: the articles before it are written, exit 1, the
# message names the record.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/articles.jsonl" > in.mp
head -c $(($(wc -c < in.mp) - 5)) in.mp > cut.mp
expect_exit 1 chunk-episode cut.mp
expect_grep err '^chunk-episode: cut.mp: record 4 .*truncated'
expect_eq "$(dump -c out)" 7 "episodes before the cut"
