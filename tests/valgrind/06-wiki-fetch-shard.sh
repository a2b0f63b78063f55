# valgrind memcheck over wiki-fetch --shard: a range of streams on threads
# and at -j 1, with an index and without, one cut mid-page, a shard past
# the last stream, a split by page_id, and an index of another dump.
. "$TESTS/lib/lib.sh"
. "$TESTS/valgrind/lib.sh"
need_prog wiki-fetch rec-dump
need_cmd python3
MS=$DATA/wiki-fetch/multistream.py
python3 "$MS" gen 40 >d.xml
python3 "$MS" pages 10 d.xml w-multistream.xml.bz2 w-multistream-index.txt.bz2
python3 "$MS" cut 701 d.xml p.xml.bz2 p-index.txt
O="-N all --redirects emit --min-chars 0"
wiki-fetch -q $O -o all.mp d.xml
: >cat.mp
for i in 1 2 3; do
	vg 0 wiki-fetch -q -j 2 --shard $i/3 $O -o w$i.mp w-multistream.xml.bz2
	cat w$i.mp >>cat.mp
done
expect_same cat.mp all.mp
vg 0 wiki-fetch -q -j 1 --shard 2/3 --index p-index.txt $O -o a.mp p.xml.bz2
vg 0 wiki-fetch -j 2 --shard 2/3 --seen s.txt --stats st.json $O -o b.mp p.xml.bz2
expect_grep err 'carry no article_index'
vg 0 wiki-fetch -q --shard 40/40 $O -o c.mp w-multistream.xml.bz2
vg 0 wiki-fetch -q --shard 2/3 $O -o d.mp d.xml
vg 1 wiki-fetch -q --shard 2/3 --index p-index.txt -o e.mp w-multistream.xml.bz2
