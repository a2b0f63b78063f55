# --max-page: a page over the cap is skipped and counted, memory stays
# bounded, the next page is read.
. "$TESTS/lib/lib.sh"
{
	printf '<mediawiki><page><title>Big</title><ns>0</ns><id>1</id><revision><id>1</id><text>'
	i=0; while [ $i -lt 300 ]; do printf 'A line of filler text for the big page. '; i=$((i + 1)); done
	printf '</text></revision></page><page><title>Small</title><ns>0</ns><id>2</id><revision><id>2</id><text>Small page.</text></revision></page></mediawiki>'
} >big.xml
wiki-fetch --max-page 4K --stats st.json big.xml 2>err | rec-dump >out.jsonl
expect_eq "$(wc -l <out.jsonl)" 1 records
expect_grep out.jsonl '"title":"Small"'
expect_grep st.json '"too_large": 1,'
expect_grep err 'page 1 "Big": text larger than --max-page, skipped'
# JSON lines: a line longer than the cap allows (2 x --max-page + 4 KiB,
# checked when a read ends inside the line) is a data error naming the
# line; the records before it are out.
{
	printf '{"title":"Short","text":"A short article.","page_id":1}\n'
	printf '{"title":"Long","text":"'
	head -c 20000000 /dev/zero | tr '\0' a
	printf '","page_id":2}\n'
} >long.jsonl
expect_exit 1 wiki-fetch --max-page 4K --min-chars 0 long.jsonl
expect_grep err '^wiki-fetch: long.jsonl: line 2: longer than --max-page allows$'
rec-dump <out >long-out.jsonl
expect_grep long-out.jsonl '"title":"Short"'
