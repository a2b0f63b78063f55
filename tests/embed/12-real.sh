# Real text (shared/wikidata, when present): every chunk of a real dump
# gets a unit 768-D vector or, with --reject, is set aside whole; nothing
# is lost, nothing is reordered, and a second pass leaves it unchanged.
. "$TESTS/lib/lib.sh"
need_wikidata
need_cmd python3
f=$WIKIDATA/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2
[ -f "$f" ] || skip "$f absent"
wiki-fetch -q "$f" | chunk-episode -q | chunk-semantic -q > chunks.mp ||
	fail "the stages before embed failed"
n=$(dump -c chunks.mp)
[ "$n" -gt 100 ] || fail "only $n chunks"
expect_exit 0 embed --reject rej.mp --stats st.json chunks.mp
mv out emb.mp
kept=$(dump -c emb.mp)
rej=$(dump -c rej.mp)
expect_eq $((kept + rej)) "$n" "records kept + rejected"
dump emb.mp > emb.jsonl
python3 "$TESTS/embed/vecs.py" info emb.jsonl | sort -u > info
expect_eq "$(cat info)" "768 1.0000 hash-v2-d768-c3-4-b1" "every vector"
# Order and keys: the input minus the rejected, keys unchanged.
dump chunks.mp | sed 's/}$//' > in.keys
dump rej.mp | sed 's/}$//' > rej.keys
sed 's/,"concept_vec".*//' emb.jsonl > out.keys
grep -vxF -f rej.keys in.keys > want.keys || true
expect_same out.keys want.keys
# A second pass passes every record through untouched.
embed emb.mp > again.mp
expect_same emb.mp again.mp
