# valgrind memcheck over wiki-fetch: XML plain and bzip2, JSONL articles,
# a truncated dump (data error).
. "$TESTS/lib/lib.sh"
. "$TESTS/valgrind/lib.sh"
need_prog wiki-fetch
D=$DATA/wiki-fetch
[ -f "$D/basic.xml" ] || skip "no wiki-fetch fixtures yet"
vg 0 wiki-fetch -q -o a.mp "$D/basic.xml"
bzip2 -c "$D/basic.xml" > basic.xml.bz2
vg 0 wiki-fetch -q -j 2 -o b.mp basic.xml.bz2
expect_same a.mp b.mp
vg 0 wiki-fetch -q --headings mark --tables -o c.mp "$D/basic.xml"
[ -f "$D/articles.jsonl" ] && vg 0 wiki-fetch -q -o d.mp "$D/articles.jsonl"
[ -f "$D/truncated.xml" ] && vg 1 wiki-fetch -q -o e.mp "$D/truncated.xml"

# --exclude with a list long enough to make the id set grow (rehash):
# the ids of the first copy's pages plus many that match nothing.
wiki-fetch -q "$D/basic.xml" | rec-dump | sed -n 's/.*"doc_id":"\([^"]*\)".*/\1/p' > ex.txt
i=0; while [ $i -lt 300 ]; do echo "nosuch:$i"; i=$((i + 1)); done >> ex.txt
vg 0 wiki-fetch -q --exclude ex.txt -o f.mp "$D/basic.xml"
