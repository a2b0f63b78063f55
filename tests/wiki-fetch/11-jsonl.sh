# JSON lines of articles: plain text by default, --wikitext cleans it;
# missing or mistyped keys are data errors naming the line.
. "$TESTS/lib/lib.sh"
wiki-fetch -q "$DATA/wiki-fetch/articles.jsonl" | rec-dump >plain.jsonl
expect_eq "$(wc -l <plain.jsonl)" 3 records
expect_grep plain.jsonl '^\{"source":"articles","doc_id":"articles:11","page_id":11,"src_hash":"63e62b6fabab086b","ns":0,"title":"Plain One","url":"https://example.org/Plain_One","article_index":0,"text":"First paragraph of a plain article.\\n\\nSecond paragraph."'
expect_grep plain.jsonl '"doc_id":"articles:12","page_id":12,'
expect_grep plain.jsonl '"doc_id":"articles:4","page_id":4,.*"article_index":2,'
wiki-fetch -q --wikitext "$DATA/wiki-fetch/wikitext.jsonl" | rec-dump >wt.jsonl
expect_grep wt.jsonl '"text":"Marked Up has 3 km of roads.\\n\\nPart\\n\\nMore.","sections":\[\{"level":2,"title":"Part"'
printf '{"title": "A", "text": "ok"}\n{"title": 5, "text": "x"}\n' >badtype.jsonl
expect_exit 1 wiki-fetch -q badtype.jsonl
expect_grep err 'badtype.jsonl: line 2: key "title": wrong type'
printf '{"title": "A"}\n' >missing.jsonl
expect_exit 1 wiki-fetch -q missing.jsonl
expect_grep err 'missing.jsonl: line 1: key "text": missing'
printf '{"title": "A", "text": "ok"}\n{"title": "B", "te' >cut.jsonl
expect_exit 1 wiki-fetch -q cut.jsonl
expect_grep err 'cut.jsonl: line 2, column [0-9]+: '
expect_eq "$(rec-dump -c out)" 1 "records before the error"
# Invalid UTF-8 in a line is replaced and counted, not an error.
printf '{"title": "Caf\351", "text": "Bad \377 byte and ok \303\251."}\n' >bad.jsonl
wiki-fetch --stats st.json bad.jsonl 2>err | rec-dump >bad.out
r=$(printf '\357\277\275')
expect_grep bad.out "\"title\":\"Caf$r\",.*\"text\":\"Bad $r byte and ok $(printf '\303\251')."
expect_grep st.json '"invalid_utf8": 2,'
