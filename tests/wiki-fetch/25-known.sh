# --known FILE: pages whose DOC_ID<TAB>REV_ID<TAB>SRC_HASH line matches are
# skipped as unchanged before cleaning; revision ids decide when both sides
# have one, else src_hash; emitted articles are counted changed or new.
. "$TESTS/lib/lib.sh"
f=$DATA/wiki-fetch/basic.xml
wiki-fetch -q "$f" | rec-dump >all.jsonl
# doc_id, rev_id and src_hash of every article, as a store would list them.
sed -E 's/.*"doc_id":"([^"]*)".*"rev_id":([0-9]+),"src_hash":"([0-9a-f]+)".*/\1	\2	\3/' all.jsonl >k.txt
expect_eq "$(wc -l <k.txt)" 4 "known lines"
expect_grep k.txt '^testwiki:101	9001	[0-9a-f]{16}$'
# All known at their revision: nothing emitted, all counted unchanged.
{ printf '# doc_id rev_id src_hash\n\n'; cat k.txt; } >all.txt
wiki-fetch --known all.txt --stats st.json "$f" 2>err | rec-dump -c >n
expect_eq "$(cat n)" 0 "records"
expect_grep st.json '"unchanged": 4\}'
expect_grep st.json '"sync_unchanged": 4,'
expect_grep st.json '"sync_changed": 0,'
expect_grep st.json '"sync_new": 0,'
expect_grep err '^wiki-fetch: sync: 4 unchanged, 0 changed, 0 new$'
# 105 at another revision (changed), 108 absent (new), 106 with its right
# hash but another revision: the revision decides (changed).
sed -e 's/^testwiki:105	9005	/testwiki:105	9004	/' \
    -e 's/^testwiki:106	9006	/testwiki:106	9999	/' \
    -e '/^testwiki:108	/d' k.txt >mixed.txt
wiki-fetch --known mixed.txt --stats st.json "$f" 2>err | rec-dump >out.jsonl
expect_eq "$(grep -o '"doc_id":"[^"]*"' out.jsonl | tr '\n' ' ')" \
    '"doc_id":"testwiki:105" "doc_id":"testwiki:106" "doc_id":"testwiki:108" ' "emitted"
expect_grep st.json '"sync_unchanged": 1,'
expect_grep st.json '"sync_changed": 2,'
expect_grep st.json '"sync_new": 1,'
expect_grep err 'sync: 1 unchanged, 2 changed, 1 new'
# No REV_ID in the line: the src_hash decides, even for an XML page with a
# revision id.  A line with neither matches nothing.
sed -E 's/^([^	]*)	[0-9]+	/\1		/' k.txt >norev.txt
sed -i 's/^\(testwiki:108		\).*/\1/' norev.txt
wiki-fetch -q --known norev.txt --stats st.json "$f" | rec-dump >out.jsonl
expect_eq "$(grep -c . out.jsonl)" 1 "records"
expect_grep out.jsonl '"doc_id":"testwiki:108"'
expect_grep st.json '"sync_changed": 1,'
# Redirects are matched too (before redirect detection).
wiki-fetch -q --redirects emit "$f" | rec-dump | grep '"redirect":' |
    sed -E 's/.*"doc_id":"([^"]*)".*"rev_id":([0-9]+),"src_hash":"([0-9a-f]+)".*/\1	\2	\3/' >redir.txt
expect_eq "$(wc -l <redir.txt)" 2 "redirect lines"
wiki-fetch -q --redirects emit --known redir.txt --stats st.json "$f" | rec-dump >out.jsonl
expect_no_grep out.jsonl '"redirect":'
expect_grep st.json '"unchanged": 2\}'
expect_grep st.json '"sync_new": 4,'
# JSON lines have no revision: the hash of the text decides.
j=$DATA/wiki-fetch/articles.jsonl
printf 'articles:11\t\t%s\narticles:12\t77\tf70ad9edeeeec297\narticles:4\t\t0000000000000000\n' \
    "$(wiki-fetch -q "$j" | rec-dump -n 1 | sed -E 's/.*"src_hash":"([0-9a-f]+)".*/\1/')" >j.txt
wiki-fetch -q --known j.txt --stats st.json "$j" | rec-dump >out.jsonl
expect_eq "$(grep -o '"doc_id":"[^"]*"' out.jsonl)" '"doc_id":"articles:4"' "emitted"
expect_grep st.json '"sync_unchanged": 2,'
expect_grep st.json '"sync_changed": 1,'
# Without --known there are no sync figures.
wiki-fetch -q --stats st.json "$f" >/dev/null
expect_no_grep st.json 'sync_'
# Malformed lines stop the run before any output (exit 1), naming the line.
for bad in 'testwiki:101' 'testwiki:101	9001' 'testwiki:101	x9	' \
    'testwiki:101		abc' 'testwiki:101		0123456789abcdef0' \
    '	1	' 'a	1	0123456789abcdef	x' 'a	-1	'; do
	printf '# ok\ntestwiki:102\t1\t\n%s\n' "$bad" >bad.txt
	expect_exit 1 wiki-fetch --known bad.txt "$f"
	expect_grep err '^wiki-fetch: bad.txt: line 3: '
	expect_eq "$(wc -c <out)" 0 "output before the error"
done
expect_exit 3 wiki-fetch --known /nonexistent/k.txt "$f"
expect_grep err 'nonexistent/k.txt'
expect_exit 2 wiki-fetch --decompress --known all.txt "$f"
