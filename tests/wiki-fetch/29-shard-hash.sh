# --shard I/N on inputs that are not multistream files (plain XML, a
# single-stream bzip2 file, standard input even of a multistream file,
# JSON lines): each page goes to shard XXH3-64(page_id as 8 little-endian
# bytes) mod N + 1, every shard reads the whole input, and article_index
# stays exact.  Sorted, the shards' records are the unsharded ones.
. "$TESTS/lib/lib.sh"
. "$TESTS/wiki-fetch/lib.sh"
need_cmd python3 bzip2
ms gen 60 >d.xml
bzip2 -c d.xml >single.xml.bz2
ms pages 10 d.xml w.xml.bz2 w-index.txt
J=$DATA/wiki-fetch/articles.jsonl
O="-N all --redirects emit --min-chars 0"
check() {	# N what ARGS...: the shards of ARGS against one run
	_n=$1 _w=$2; shift 2
	wiki-fetch -q --stats all.json $O "$@" <"$stdin" | rec-dump | sort >all.sorted
	[ -s all.sorted ] || fail "$_w: no records"
	_pages=$(sfield all.json pages_read)
	shards $_n h $O "$@"
	sort h >h.sorted
	expect_same h.sorted all.sorted
	disjoint h $_n
	expect_eq "$(grep -vc '"article_index"' h)" 0 "$_w: records without article_index"
	_i=1 _sum=0
	while [ $_i -le $_n ]; do
		expect_eq "$(sfield h.$_i.json shard_by)" page_id "$_w: shard_by"
		_r=$(sfield h.$_i.json pages_read) _o=$(sfield h.$_i.json pages_other_shards)
		_sum=$((_sum + _r))
		expect_eq $((_r + _o)) "$_pages" "$_w $_i/$_n: pages read + of other shards"
		# Each page is in the shard its id hashes to.
		sed -n 's/.*"page_id":\([0-9]*\),.*/\1/p' h.$_i >ids.$_i
		if [ -s ids.$_i ]; then
			ms shardof $_n $(cat ids.$_i) | awk -v i=$_i '$2 != i { print; bad = 1 } END { exit bad }' ||
				fail "$_w: pages of shard $_i/$_n hashed elsewhere"
		fi
		_i=$((_i + 1))
	done
	expect_eq $_sum "$_pages" "$_w: pages read by the $_n shards"
}
for N in 1 2 3 4 7; do
	stdin=/dev/null
	check $N xml d.xml
	check $N bz2 single.xml.bz2
	check $N jsonl "$J"
	stdin=d.xml
	check $N stdin -
	stdin=w.xml.bz2
	check $N stdin-multistream -
done
stdin=/dev/null
# Standard input is read whole, and -v says how the input is split.
wiki-fetch -v --shard 2/3 - <w.xml.bz2 2>err >/dev/null
expect_grep err '^wiki-fetch: <stdin>: shard 2/3 by page_id: the whole input is read$'
# The split is fixed: these ids of d.xml go to shard 1 of 3.
wiki-fetch -q --shard 1/3 $O d.xml | rec-dump | sed -n 's/.*"page_id":\([0-9]*\),.*/\1/p' | head -5 | tr '\n' ' ' >got
expect_eq "$(cat got)" "$(ms shardof 3 $(sed -n 's/^    <id>\([0-9]*\)<.*/\1/p' d.xml) | awk '$2 == 1 { print $1 }' | head -5 | tr '\n' ' ')" "shard 1/3 of d.xml"
# --index with such an input is not used, and said so.
ms pages 10 d.xml x.xml.bz2 x-index.txt
wiki-fetch --shard 1/2 --index x-index.txt d.xml 2>err >/dev/null
expect_grep err '^wiki-fetch: d.xml: not a multistream bzip2 dump file: --index not used$'
# A page without an id goes by its doc id: to one shard only.
sed '0,/^    <id>[0-9]*<\/id>$/{//d}' d.xml >noid.xml
wiki-fetch -q $O noid.xml | rec-dump | grep -c '"page_id":-1' >n
expect_eq "$(cat n)" 1 "pages without an id"
shards 3 n $O noid.xml
expect_eq "$(grep -c '"page_id":-1' n)" 1 "shards with the page without id"
