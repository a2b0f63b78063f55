# --shard I/N on multistream files without an index: the ranges come from
# the stream headers.  Shard 1 starts at byte 0 and knows every
# article_index; a later shard cannot, so its records carry none and
# wiki-fetch warns once (not at -q).  Apart from article_index, the
# shards concatenated are the unsharded output.
. "$TESTS/lib/lib.sh"
. "$TESTS/wiki-fetch/lib.sh"
need_cmd python3
ms gen 60 >d.xml
ms pages 10 d.xml w.xml.bz2 w-index.txt
ms cut 701 d.xml p.xml.bz2 p-index.txt
ms cut 97 d.xml q.xml.bz2 q-index.txt
O="-N all --redirects emit --min-chars 0"
wiki-fetch -q $O d.xml | rec-dump >all.jsonl
noai all.jsonl >all.noai
for f in w p q; do
	for N in 2 3 4 7 13; do
		shards $N $f -j 2 $O $f.xml.bz2
		noai $f >$f.noai
		expect_same $f.noai all.noai
		disjoint $f $N
		# Shard 1: exact indexes, as the unsharded run's first records.
		n=$(wc -l <$f.1)
		head -n "$n" all.jsonl >head.jsonl
		expect_same $f.1 head.jsonl
		expect_no_grep $f.1.err article_index
		i=2
		while [ $i -le $N ]; do
			expect_no_grep $f.$i '"article_index"'
			if [ -s $f.$i ]; then
				expect_eq "$(grep -c 'carry no article_index' $f.$i.err)" 1 "$f $i/$N warnings"
				expect_grep $f.$i.err "^wiki-fetch: $f.xml.bz2: shard $i/$N: without the index the pages before the shard are not counted, so its records carry no article_index \\(--index FILE makes it exact\\)\$"
			fi
			i=$((i + 1))
		done
	done
done
# Shards of one stream or less: some own only the end of a page, and one
# ends on a stream that ends in the middle of a <page> tag, whose '<' it
# owns: that page is its own.
for f in p q; do
	shards 60 $f $O $f.xml.bz2
	noai $f >$f.noai
	expect_same $f.noai all.noai
done
# -j 1 gives the same; -q silences the warning.
wiki-fetch -q -j 1 --shard 3/4 $O p.xml.bz2 2>err | rec-dump >j1.jsonl
[ ! -s err ] || fail "-q printed: $(cat err)"
wiki-fetch --shard 3/4 $O p.xml.bz2 2>/dev/null | rec-dump >j2.jsonl
expect_same j1.jsonl j2.jsonl
[ -s j1.jsonl ] || fail "shard 3/4 of p is empty"
# The same files with their index: every shard knows its indexes.
shards 4 q -j 2 $O --index q-index.txt q.xml.bz2
expect_same q all.jsonl
