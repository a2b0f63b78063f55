# src_hash: XXH3-64 of the source text as read, 16 lowercase hex digits,
# on articles and emitted redirects; stable across runs and options, and
# different only for the page whose text changed.
. "$TESTS/lib/lib.sh"
f=$DATA/wiki-fetch/basic.xml
wiki-fetch -q --redirects emit "$f" | rec-dump >a.jsonl
wiki-fetch -q --redirects emit "$f" | rec-dump >b.jsonl
expect_same a.jsonl b.jsonl
n=$(wc -l <a.jsonl)
expect_eq "$(grep -Ec '"rev_id":[0-9]+,"src_hash":"[0-9a-f]{16}","ns":' a.jsonl)" "$n" "records with src_hash"
expect_grep a.jsonl '"doc_id":"testwiki:102",.*"src_hash":"[0-9a-f]{16}",.*"redirect":'
# Cleaning options change the text, not the hash of the source.
wiki-fetch -q --headings drop --tables "$f" | rec-dump >c.jsonl
hashes() { grep -o '"doc_id":"[^"]*".*"src_hash":"[0-9a-f]*"' "$1" | sed 's/,"page_id.*"src_hash":/ /'; }
hashes c.jsonl >c.h
grep -v '"redirect":' a.jsonl | hashes /dev/stdin >a.h
expect_same a.h c.h
# An edited page: only its hash changes.
sed 's/is a small town\./is a small market town./' "$f" >edited.xml
wiki-fetch -q edited.xml | rec-dump >e.jsonl
hashes e.jsonl >e.h
diff a.h e.h >d.txt || :
expect_eq "$(grep -c '^[<>]' d.txt)" 2 "changed hash lines"
expect_grep d.txt '^> "doc_id":"testwiki:108"'
# JSON lines: the hash of the text as given (XXH3-64 of these bytes).
wiki-fetch -q "$DATA/wiki-fetch/articles.jsonl" | rec-dump >j.jsonl
expect_grep j.jsonl '"doc_id":"articles:12","page_id":12,"src_hash":"f70ad9edeeeec297",'
