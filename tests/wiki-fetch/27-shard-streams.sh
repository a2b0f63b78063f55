# --shard I/N on multistream bzip2 files: Wikimedia's layout (a header
# stream, 10 pages a stream, a closing stream) with its index found
# beside it, and a pbzip2-like file whose streams cut pages and <page>
# tags in two, with --index.  The shards' outputs, concatenated in shard
# order, are the unsharded output byte for byte, article_index included,
# on threads and at -j 1; no page is in two shards; the ranges tile the
# file at stream starts.
. "$TESTS/lib/lib.sh"
. "$TESTS/wiki-fetch/lib.sh"
need_cmd python3
ms_fixture
wiki-fetch -q $O d.xml | rec-dump >all.jsonl
expect_eq "$(wc -l <all.jsonl)" 60 "unsharded records"
expect_eq "$(grep -c '"article_index"' all.jsonl)" 60 "article indexes"
sort all.jsonl >all.sorted
for N in 1 2 3 4 7; do
	for j in 1 2; do
		shards $N w -j $j $O w-multistream.xml.bz2
		expect_same w all.jsonl
		shards $N p -j $j $O --index p-index.txt p.xml.bz2
		expect_same p all.jsonl
	done
	sort w >w.sorted
	expect_same w.sorted all.sorted
	disjoint w $N
	disjoint p $N
	# The ranges tile the file, each starting where a stream starts.
	size=$(wc -c <p.xml.bz2)
	prev=0 i=1
	while [ $i -le $N ]; do
		expect_eq "$(sfield p.$i.json shard)" "$i/$N" "shard"
		expect_eq "$(sfield p.$i.json shard_by)" streams "shard_by"
		start=$(sfield p.$i.json shard_start) end=$(sfield p.$i.json shard_end)
		expect_eq "$start" "$prev" "p $i/$N: shard_start"
		[ "$start" -eq "$size" ] || [ "$start" -eq 0 ] ||
			cut -d: -f1 p-index.txt | grep -qx "$start" ||
			fail "p $i/$N: shard_start $start is no page stream"
		prev=$end i=$((i + 1))
	done
	expect_eq "$prev" "$size" "the last shard's end"
done
# The index beside the dump is used, and -v says so.
wiki-fetch -v --shard 2/3 w-multistream.xml.bz2 2>err >/dev/null
expect_grep err '^wiki-fetch: w-multistream.xml.bz2: using the index w-multistream-index.txt.bz2 beside it$'
expect_grep err '^wiki-fetch: w-multistream.xml.bz2: shard 2/3: streams in compressed bytes \[[0-9]+, [0-9]+\) of [0-9]+, index w-multistream-index.txt.bz2$'
# More shards than streams: the extra ones own no stream, are empty and
# read nothing (shard 1 owns the header stream alone).
shards 50 w $O w-multistream.xml.bz2
expect_same w all.jsonl
empty=0 i=1
while [ $i -le 50 ]; do
	if [ "$(sfield w.$i.json shard_start)" = "$(sfield w.$i.json shard_end)" ]; then
		empty=$((empty + 1))
		[ ! -s w.$i ] || fail "shard $i/50 owns no stream but has records"
		expect_eq "$(sfield w.$i.json input_bytes)" 0 "input bytes of empty shard $i/50"
	fi
	i=$((i + 1))
done
[ $empty -ge 40 ] || fail "only $empty of 50 shards empty"
[ ! -s w.1 ] || fail "shard 1/50 has records"
