# -o FILE is written atomically: on a data error no file (and no
# temporary file) is left; "-" reads standard input like no operand.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/articles.jsonl" > in.mp
[ chunk-semantic = chunk-semantic ] && { chunk-episode in.mp > ep.mp; mv ep.mp in.mp; }
head -c $(($(wc -c < in.mp) - 5)) in.mp > cut.mp
expect_exit 1 chunk-semantic -o got.mp cut.mp
[ ! -e got.mp ] || fail "-o left a file after an error"
ls | grep -q 'tmp' && fail "a temporary file was left: $(ls)"
expect_exit 0 chunk-semantic -o got.mp in.mp
chunk-semantic - < in.mp > stdin.mp
chunk-semantic < in.mp > none.mp
expect_same got.mp stdin.mp
expect_same got.mp none.mp
