# --shard with the other options: --limit and --skip count the shard's
# pages, --exclude and --known act as without shards, --seen lists the
# shard's pages kept (when the whole shard was read), --stats counts the
# shard's pages; as many records as without shards, all told.
. "$TESTS/lib/lib.sh"
. "$TESTS/wiki-fetch/lib.sh"
need_cmd python3
ms_fixture
W=w-multistream.xml.bz2
shards 4 w $O $W
[ "$(wc -l <w.2)" -ge 6 ] || fail "shard 2/4 has too few records"
# --limit N: the shard's first N records; --skip N: all but its first N.
wiki-fetch -q --shard 2/4 -n 3 $O $W | rec-dump >lim.jsonl
head -n 3 w.2 >want
expect_same lim.jsonl want
wiki-fetch -q --shard 2/4 --skip 2 --stats sk.json $O $W | rec-dump >skip.jsonl
tail -n +3 w.2 >want
expect_same skip.jsonl want
expect_eq "$(sfield sk.json pages_read)" "$(wc -l <w.2)" "pages read with --skip"
# On pages split by hash too.
wiki-fetch -q --shard 3/4 $O d.xml | rec-dump >h3.jsonl
wiki-fetch -q --shard 3/4 -n 2 $O d.xml | rec-dump >lim.jsonl
head -n 2 h3.jsonl >want
expect_same lim.jsonl want
wiki-fetch -q --shard 3/4 --skip 1 $O d.xml | rec-dump >skip.jsonl
tail -n +2 h3.jsonl >want
expect_same skip.jsonl want
# --exclude and --known: the shards together give the unsharded output.
ids w | awk 'NR % 4 == 1' >ex.txt
wiki-fetch -q --exclude ex.txt $O d.xml | rec-dump >all.ex
ids w | awk 'NR % 5 == 2 { printf "%s\t%d\t\n", $0, 5000 + NR - 1 }' >known.txt
wiki-fetch -q --known known.txt $O d.xml | rec-dump >all.kn
for f in "$W" "--index p-index.txt p.xml.bz2" d.xml; do
	shards 3 e --exclude ex.txt $O $f
	sort e >e.sorted; sort all.ex >want
	expect_same e.sorted want
	shards 3 k --known known.txt $O $f
	sort k >k.sorted; sort all.kn >want
	expect_same k.sorted want
done
shards 3 e --exclude ex.txt $O $W
expect_same e all.ex
# --seen: each shard lists its pages kept; in shard order, the lists of a
# multistream file are the unsharded list.
wiki-fetch -q --seen all.seen --exclude ex.txt $O d.xml >/dev/null
for f in "$W" "--index p-index.txt p.xml.bz2" p.xml.bz2 d.xml; do
	: >cat.seen
	for i in 1 2 3; do
		wiki-fetch -q --shard $i/3 --seen s$i.seen --exclude ex.txt $O $f >/dev/null
		[ -e s$i.seen ] || fail "$f: no --seen list for shard $i/3"
		cat s$i.seen >>cat.seen
	done
	if [ "$f" = d.xml ]; then
		sort cat.seen >a; sort all.seen >b
		expect_same a b
	else
		expect_same cat.seen all.seen
	fi
done
wiki-fetch --shard 2/3 -n 1 --seen s.seen $O $W 2>err >/dev/null
expect_grep err '^wiki-fetch: --seen: not written: --limit stopped reading$'
[ ! -e s.seen ] || fail "--seen written after a --limit stop"
# --stats: the shards' pages add up to the dump's.
wiki-fetch -q --stats all.json $O $W >/dev/null
total=$(sfield all.json pages_read)
sum=0 i=1
while [ $i -le 4 ]; do
	r=$(sfield w.$i.json pages_read)
	expect_eq "$r" "$(wc -l <w.$i)" "pages read by shard $i/4"
	expect_eq "$(sfield w.$i.json emitted)" "$r" "records of shard $i/4"
	sum=$((sum + r)) i=$((i + 1))
done
expect_eq "$sum" "$total" "pages of the 4 shards"
expect_eq "$(sfield w.2.json complete)" 1 "complete"
# Several inputs: each is split, and with the indexes beside them the
# article indexes run on across them.  Without, the records after the
# first range that is not a whole file carry none, said once.
ms gen 25 >e.xml
ms pages 10 e.xml e-multistream.xml.bz2 e-multistream-index.txt.bz2
wiki-fetch -q $O $W e-multistream.xml.bz2 d.xml | rec-dump | sort >two.sorted
shards 3 t $O $W e-multistream.xml.bz2 d.xml
sort t >t.sorted
expect_same t.sorted two.sorted
cp $W bare.xml.bz2
wiki-fetch --shard 1/3 $O bare.xml.bz2 e-multistream.xml.bz2 2>err | rec-dump >t1.jsonl
expect_grep err '^wiki-fetch: bare.xml.bz2: shard 1/3: without the index not all its pages are counted, so the records of the inputs after it carry no article_index \(its index beside it makes it exact\)$'
expect_eq "$(grep -c article_index err)" 1 "warnings"
wiki-fetch -q --shard 1/3 $O bare.xml.bz2 | rec-dump >b1.jsonl
[ -s b1.jsonl ] || fail "shard 1/3 of bare.xml.bz2 is empty"
expect_eq "$(grep -c '"article_index"' t1.jsonl)" "$(wc -l <b1.jsonl)" "records with article_index"
