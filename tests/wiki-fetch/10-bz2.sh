# bzip2, single stream and multistream (one stream per part, as
# Wikimedia builds them), recognised from content, from a file and stdin.
. "$TESTS/lib/lib.sh"
need_cmd bzip2
f=$DATA/wiki-fetch/basic.xml
wiki-fetch -q "$f" | rec-dump >plain.jsonl
bzip2 -c "$f" >single.dat
wiki-fetch -q single.dat | rec-dump >single.jsonl
expect_same plain.jsonl single.jsonl
n=$(grep -n '<page>' "$f" | sed -n 4p | cut -d: -f1)
head -n $((n - 1)) "$f" | bzip2 -c >multi.bz2
tail -n +"$n" "$f" | head -n 20 | bzip2 -c >>multi.bz2
tail -n +"$((n + 20))" "$f" | bzip2 -c >>multi.bz2
wiki-fetch -q multi.bz2 | rec-dump >multi.jsonl
expect_same plain.jsonl multi.jsonl
wiki-fetch -q - <multi.bz2 | rec-dump >stdin.jsonl
expect_same plain.jsonl stdin.jsonl
wiki-fetch -q -j 1 multi.bz2 | rec-dump >j1.jsonl
expect_same plain.jsonl j1.jsonl
# A corrupt or truncated stream is a data error.
head -c 300 single.dat >cut.bz2
expect_exit 1 wiki-fetch -q cut.bz2
expect_grep err 'cut.bz2: (truncated|corrupt) bzip2'
gzip -c "$f" >z.gz 2>/dev/null || skip "gzip missing"
expect_exit 1 wiki-fetch -q z.gz
expect_grep err 'gzip-compressed input is not supported'
# --decompress writes the decoded bytes, as bzcat does.
wiki-fetch -q --decompress multi.bz2 >dec.xml
expect_same "$f" dec.xml
wiki-fetch -q --decompress -j 1 - <multi.bz2 >dec1.xml
expect_same "$f" dec1.xml
