# Bad options and operands are usage errors (exit 2, usage on stderr).
. "$TESTS/lib/lib.sh"
expect_exit 2 chunk-semantic --no-such-option
expect_grep err '^usage: chunk-semantic'
expect_exit 2 chunk-semantic -m fancy
expect_grep err '^chunk-semantic: --mode: want simple or semantic, not "fancy"$'
expect_exit 2 chunk-semantic --min-words 0
expect_exit 2 chunk-semantic --min-words 50 --max-words 40
expect_exit 2 chunk-semantic --min-chars 600 --max-chars 500
expect_exit 2 chunk-semantic --percentile 101
expect_exit 2 chunk-semantic --overlap -1
expect_exit 2 chunk-semantic --headings sometimes
expect_grep err '^chunk-semantic: --headings: want auto, guess or none, not "sometimes"$'
expect_exit 2 chunk-semantic -m semantic --embedder nosuch
expect_grep err 'unknown embedder'
expect_exit 2 chunk-semantic a b
