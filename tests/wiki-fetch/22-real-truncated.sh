# The truncated viwiki dump (no </mediawiki>): every page is emitted or
# counted, then exit 1 with a clear message.
. "$TESTS/lib/lib.sh"
need_wikidata
expect_exit 1 wiki-fetch --stats st.json -N all --redirects emit --min-chars 0 "$WIKIDATA/wikiextractor-pr322/test.xml"
expect_grep err 'test.xml: line [0-9]+, column [0-9]+: unexpected end of input: <mediawiki> not closed \(truncated dump\?\)'
expect_grep st.json '"pages_read": 10,'
expect_grep st.json '"complete": 0'
expect_eq "$(rec-dump -c out)" 10 records
rec-dump out >out.jsonl
expect_grep out.jsonl '"redirect":"'
expect_no_grep out.jsonl 'templatestyles|__NOEDITSECTION__|__NOTOC__'
