# -o FILE is written atomically: on a data error no file (and no
# temporary file) is left; "-" reads standard input like no operand.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/articles.jsonl" > in.mp
head -c $(($(wc -c < in.mp) - 5)) in.mp > cut.mp
expect_exit 1 chunk-episode -o got.mp cut.mp
[ ! -e got.mp ] || fail "-o left a file after an error"
ls | grep -q 'tmp' && fail "a temporary file was left: $(ls)"
expect_exit 0 chunk-episode -o got.mp in.mp
chunk-episode - < in.mp > stdin.mp
chunk-episode < in.mp > none.mp
expect_same got.mp stdin.mp
expect_same got.mp none.mp
