# Bad options and operands are usage errors (exit 2, usage on stderr).
. "$TESTS/lib/lib.sh"
expect_exit 2 chunk-episode --no-such-option
expect_grep err '^usage: chunk-episode'
expect_exit 2 chunk-episode --min 0
expect_exit 2 chunk-episode --min 5 --max 3
expect_grep err 'larger than --max'
expect_exit 2 chunk-episode -t 1.5
expect_exit 2 chunk-episode -t x
expect_exit 2 chunk-episode --headings sometimes
expect_grep err '^chunk-episode: --headings: want auto, guess or none, not "sometimes"$'
expect_exit 2 chunk-episode --embedder nosuch
expect_grep err '^chunk-episode: --embedder nosuch: unknown embedder'
expect_exit 2 chunk-episode --embedder hash:dim=0
expect_exit 2 chunk-episode --embedder hash:colour=red
expect_exit 2 chunk-episode a b
