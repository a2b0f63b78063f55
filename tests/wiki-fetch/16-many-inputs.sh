# Several inputs in one run: article_index continues, each input keeps
# its own source; --limit counts across inputs.
. "$TESTS/lib/lib.sh"
wiki-fetch -q "$DATA/wiki-fetch/basic.xml" "$DATA/wiki-fetch/vi.xml" - <"$DATA/wiki-fetch/articles.jsonl" | rec-dump >all.jsonl
expect_eq "$(wc -l <all.jsonl)" 9 records
expect_grep all.jsonl '"doc_id":"vitestwiki:1",.*"article_index":8,'
expect_grep all.jsonl '"doc_id":"wiki:11",.*"article_index":11,'
expect_eq "$(wiki-fetch -q -n 5 "$DATA/wiki-fetch/basic.xml" "$DATA/wiki-fetch/vi.xml" | rec-dump -c)" 5 "--limit across inputs"
