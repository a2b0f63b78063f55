# --exclude takes doc ids or page ids (resume); --source names the set.
. "$TESTS/lib/lib.sh"
f=$DATA/wiki-fetch/basic.xml
printf 'testwiki:101\n108\n# a comment\n\n' >ex.txt
wiki-fetch --exclude ex.txt --stats st.json "$f" 2>/dev/null | rec-dump >out.jsonl
expect_eq "$(wc -l <out.jsonl)" 2 records
expect_no_grep out.jsonl '"page_id":(101|108),'
expect_grep st.json '"excluded": 2,'
wiki-fetch -q --source mywiki-20260101 "$f" | rec-dump -n 1 >src.jsonl
expect_grep src.jsonl '^\{"source":"mywiki-20260101","doc_id":"mywiki-20260101:101",'
printf 'mywiki-20260101:101\n' >ex2.txt
expect_eq "$(wiki-fetch -q --source mywiki-20260101 --exclude ex2.txt "$f" | rec-dump -c)" 3 "source-specific exclude"
expect_exit 3 wiki-fetch --exclude /nonexistent/ex.txt "$f"
expect_grep err 'nonexistent'
