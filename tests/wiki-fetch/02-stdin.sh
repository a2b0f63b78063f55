# '-' and no operand read standard input; the output equals a file read.
. "$TESTS/lib/lib.sh"
wiki-fetch -q "$DATA/wiki-fetch/basic.xml" | rec-dump >file.jsonl
wiki-fetch -q - <"$DATA/wiki-fetch/basic.xml" | rec-dump >dash.jsonl
wiki-fetch -q <"$DATA/wiki-fetch/basic.xml" | rec-dump >none.jsonl
expect_same file.jsonl dash.jsonl
expect_same file.jsonl none.jsonl
