# --shard and --index misuse: a bad I/N is a usage error (exit 2, the
# reason and the usage); an index that does not fit the dump stops the
# shard with a data error (exit 1), an unreadable one with exit 3.
. "$TESTS/lib/lib.sh"
. "$TESTS/wiki-fetch/lib.sh"
need_cmd python3
f=$DATA/wiki-fetch/basic.xml
for v in 0/3 4/3 1/0 0/0 x 3 1/ /3 1/3/4 -1/3 1/5000 1/4097 " 1/3" 1/3x ""; do
	expect_exit 2 wiki-fetch --shard "$v" "$f"
	expect_grep err "^wiki-fetch: --shard: want I/N with 1 <= I <= N <= 4096, not \"$v\"\$"
	expect_grep err '^usage: wiki-fetch '
done
expect_exit 2 wiki-fetch "$f" --shard
expect_grep err "^wiki-fetch: option '--shard' requires an argument"
expect_grep err '^usage: wiki-fetch '
expect_exit 0 wiki-fetch -q --shard 4096/4096 "$f"
expect_exit 0 wiki-fetch -q --shard 1/1 "$f"
expect_exit 2 wiki-fetch --decompress --shard 1/2 "$f"
expect_grep err '^wiki-fetch: --decompress copies whole inputs: no --shard$'
expect_exit 2 wiki-fetch --shard 1/2 --index i.txt "$f" "$f"
expect_grep err '^wiki-fetch: --index is the index of one dump: give one file$'
# Indexes that are not the dump's.
ms gen 60 >d.xml
ms pages 10 d.xml w.xml.bz2 w-index.txt
ms cut 701 d.xml p.xml.bz2 p-index.txt
O="-N all --redirects emit --min-chars 0"
expect_exit 3 wiki-fetch --shard 1/2 --index nosuch.txt w.xml.bz2
expect_grep err '^wiki-fetch: nosuch.txt: No such file'
expect_exit 1 wiki-fetch --shard 2/3 --index p-index.txt w.xml.bz2
expect_grep err '^wiki-fetch: w.xml.bz2: no bzip2 stream starts at byte [0-9]+, where p-index.txt says one does: not the index of this dump$'
# The first page of shard 2/3 with another id.
wiki-fetch -q --shard 2/3 --index w-index.txt $O w.xml.bz2 | rec-dump >s2.jsonl
first=$(head -n 1 s2.jsonl | sed 's/.*"page_id":\([0-9]*\),.*/\1/')
sed "s/^\([0-9]*\):$first:/\1:7$first:/" w-index.txt >bad-id.txt
cmp -s bad-id.txt w-index.txt && fail "no line changed"
expect_exit 1 wiki-fetch --shard 2/3 --index bad-id.txt --seen s.txt w.xml.bz2
expect_grep err "^wiki-fetch: w.xml.bz2: the first page of shard 2/3 has id $first, the index says 7$first: not the index of this dump\$"
expect_grep err '^wiki-fetch: --seen: not written: the run stopped on an error$'
[ ! -e s.txt ] || fail "--seen list written"
# A line missing in the range: the counts differ.
second=$(sed -n 2p s2.jsonl | sed 's/.*"page_id":\([0-9]*\),.*/\1/')
grep -v "^[0-9]*:$second:" w-index.txt >missing.txt
expect_exit 1 wiki-fetch --shard 2/3 --index missing.txt $O w.xml.bz2
expect_grep err "^wiki-fetch: w.xml.bz2: shard 2/3 has $(wc -l <s2.jsonl) pages, the index lists $(($(wc -l <s2.jsonl) - 1)): not the index of this dump\$"
# Malformed indexes.
{ head -n 3 w-index.txt; echo 'garbage'; } >bad.txt
expect_exit 1 wiki-fetch --shard 1/2 --index bad.txt w.xml.bz2
expect_grep err '^wiki-fetch: bad.txt: line 4: not OFFSET:PAGE_ID:TITLE$'
{ tail -n 1 w-index.txt; head -n 1 w-index.txt; } >back.txt
expect_exit 1 wiki-fetch --shard 2/2 --index back.txt w.xml.bz2
expect_grep err '^wiki-fetch: back.txt: line 2: offset [0-9]+ goes back: not the index of w.xml.bz2$'
echo '99999999:1:Far' >far.txt
expect_exit 1 wiki-fetch --shard 1/2 --index far.txt w.xml.bz2
expect_grep err '^wiki-fetch: far.txt: line 1: offset 99999999 is beyond the end of the dump: not the index of w.xml.bz2$'
# A line over 64 KiB (no newline in sight): a data error, not a read
# of the whole file into memory.
{ head -n 1 w-index.txt; head -c 70000 /dev/zero | tr '\0' 7; } >long.txt
expect_exit 1 wiki-fetch --shard 1/2 --index long.txt w.xml.bz2
expect_grep err '^wiki-fetch: long.txt: line 2: longer than 65536 bytes$'
