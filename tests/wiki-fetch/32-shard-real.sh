# --shard on real dumps: the derived multistream file with its index
# beside it, the gensim dump recompressed 10 pages a stream (Wikimedia's
# layout) and cut every 100 kB (pbzip2's), and the single-stream gensim
# file (split by page_id).  Every split gives the unsharded records; a
# shard of a multistream file decodes only its share of the file.
. "$TESTS/lib/lib.sh"
. "$TESTS/wiki-fetch/lib.sh"
need_wikidata
need_cmd python3 bzip2
D=$WIKIDATA/derived/enwiki-shortened-multistream.xml.bz2
G=$WIKIDATA/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2
O="-N all --redirects emit --min-chars 0"
# The derived file and its index (found beside it): 206 pages in 3 page
# streams, so most of 7 shards are empty.
wiki-fetch -q $O "$D" | rec-dump >all.jsonl
expect_eq "$(wc -l <all.jsonl)" 206 "records"
for N in 1 2 3 4 7; do
	shards $N d -v $O "$D"
	expect_same d all.jsonl
	disjoint d $N
	expect_grep d.1.err 'using the index .*enwiki-shortened-multistream-index.txt.bz2 beside it$'
done
shards 2 d $O --index "$WIKIDATA/derived/enwiki-shortened-multistream-index.txt.bz2" "$D"
expect_same d all.jsonl
# Without its index (a link by another name): shard 1 exact, the others
# without article_index.
ln -s "$D" nameless.bz2
shards 3 n $O nameless.bz2
noai n >n.noai; noai all.jsonl >all.noai
expect_same n.noai all.noai
head -n "$(wc -l <n.1)" all.jsonl >want
expect_same n.1 want
expect_no_grep n.3 '"article_index"'
# The gensim dump in Wikimedia's layout and in pbzip2's.
bzip2 -dc "$G" >g.xml
ms pages 10 g.xml g10.xml.bz2 g10-index.txt
ms cut 100000 g.xml gcut.xml.bz2 gcut-index.txt
for N in 1 2 4 7; do
	shards $N g --index g10-index.txt $O g10.xml.bz2
	expect_same g all.jsonl
	shards $N c -j 1 --index gcut-index.txt $O gcut.xml.bz2
	expect_same c all.jsonl
	shards $N c $O gcut.xml.bz2
	noai c >c.noai
	expect_same c.noai all.noai
done
# A shard decodes its range, the header stream and one stream after it
# at most: input_bytes <= end - start + header + 2 * the largest stream.
size=$(wc -c <g10.xml.bz2)
cut -d: -f1 g10-index.txt | uniq >offs
hdr=$(head -n 1 offs)
big=$( (cat offs; echo "$size") | awk 'NR > 1 && $1 - p > m { m = $1 - p } { p = $1 } END { print m }')
shards 4 g -j 2 $O g10.xml.bz2
i=1 sum=0
while [ $i -le 4 ]; do
	s=$(sfield g.$i.json shard_start) e=$(sfield g.$i.json shard_end) in=$(sfield g.$i.json input_bytes)
	[ "$in" -ge $((e - s)) ] || fail "shard $i/4 read $in bytes of its $((e - s))"
	[ "$in" -le $((e - s + hdr + 2 * big)) ] ||
		fail "shard $i/4 read $in bytes for its $((e - s)) (header $hdr, largest stream $big)"
	[ "$in" -lt $((size * 2 / 3)) ] || fail "shard $i/4 read $in bytes of $size"
	sum=$((sum + in)) i=$((i + 1))
done
[ "$sum" -le $((size + 4 * (hdr + 2 * big))) ] || fail "4 shards read $sum bytes of $size"
# The single-stream file: split by page_id, each shard reads it whole.
wiki-fetch -q $O "$G" | rec-dump | sort >all.sorted
shards 3 s $O "$G"
sort s >s.sorted
expect_same s.sorted all.sorted
disjoint s 3
expect_eq "$(sfield s.2.json shard_by)" page_id "shard_by"
expect_eq "$(sfield s.2.json input_bytes)" "$(wc -c <"$G")" "bytes read by shard 2/3"
