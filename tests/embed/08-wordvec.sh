# The wordvec backend on vectors trained here with Debian's fastText on a
# corpus written for the project (tests/data/embed/gen-corpus.py): the
# .vec text format and the word2vec binary format give the same vectors;
# nearest neighbours make sense for words and for chunks, with and
# without SIF weights and the removal of the first principal component.
. "$TESTS/lib/lib.sh"
need_cmd fasttext python3
V="python3 $TESTS/embed/vecs.py"
python3 "$DATA/embed/gen-corpus.py" > corpus.txt
fasttext skipgram -input corpus.txt -output wv -dim 24 -epoch 50 -lr 0.1 \
	-neg 10 -minCount 1 -minn 0 -maxn 0 -thread 1 -seed 1 > ft.log 2>&1 ||
	fail "fasttext: $(tail -3 ft.log)"
[ -s wv.vec ] || fail "fasttext wrote no wv.vec"
# The same vectors in word2vec's binary format.
python3 - wv.vec wv.w2v <<'PY'
import struct, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f, open(dst, "wb") as o:
    n, d = f.readline().split()
    o.write(("%s %s\n" % (n, d)).encode())
    for line in f:
        w, *xs = line.rstrip(" \n").split(" ")
        o.write(w.encode() + b" " + struct.pack("<%df" % len(xs), *map(float, xs)) + b"\n")
PY
pack < "$DATA/embed/chunks.jsonl" > in.mp
embed -e wordvec:file=wv.vec in.mp | dump > t.jsonl
embed -e wordvec:file=wv.w2v in.mp | dump > b.jsonl
$V info t.jsonl | sort -u > info
expect_eq "$(wc -l < info | tr -d ' ')" 1 "one model, one dimension"
expect_grep info '^24 1.0000 wordvec-wv.vec-d24-[0-9a-f]{8}$'
sed 's/wv\.w2v/wv.vec/' b.jsonl > b2.jsonl
expect_same t.jsonl b2.jsonl
embed -e wordvec:file=wv.w2v,format=bin in.mp | dump | sed 's/wv\.w2v/wv.vec/' > b3.jsonl
expect_same t.jsonl b3.jsonl
# Chunks come in topic pairs (0,1), (2,3)...: each one's nearest
# neighbour is its mate.
pairs=$(seq 0 11 | awk '{ print $1 % 2 ? $1 - 1 : $1 + 1 }')
expect_eq "$($V nearest t.jsonl)" "$pairs" "chunk neighbours (SIF)"
embed -e wordvec:file=wv.vec,a=0 in.mp | dump > plain.jsonl
expect_eq "$($V nearest plain.jsonl)" "$pairs" "chunk neighbours (plain average)"
# With the first principal component of a sample of the corpus removed.
head -n 500 corpus.txt > sample.txt
embed -e wordvec:file=wv.vec,pc=sample.txt in.mp | dump > pc.jsonl
expect_grep pc.jsonl '"embed_model":"wordvec-wv.vec-d24-pc-[0-9a-f]{8}"'
expect_eq "$($V nearest pc.jsonl)" "$pairs" "chunk neighbours (SIF + pc)"
# Batch cuts and -z framing change nothing.
embed -e wordvec:file=wv.vec,pc=sample.txt -b 1 in.mp | dump > pc1.jsonl
expect_same pc.jsonl pc1.jsonl
dump in.mp | pack -z | embed -z -e wordvec:file=wv.vec,pc=sample.txt | dump -z > pcz.jsonl
expect_same pc.jsonl pcz.jsonl
# Words: each one's nearest is its topic mate; case does not matter.
for w in cat Dog guitar violin rain snow bread soup laptop server goal referee; do
	printf '{"text":"%s"}\n' "$w"
done | pack | embed -e wordvec:file=wv.vec | dump > words.jsonl
expect_eq "$($V nearest words.jsonl)" "$pairs" "word neighbours"
# A text with no known word has no vector.
printf '{"text":"zzz qqq"}\n' | pack > unk.mp
expect_exit 1 embed -e wordvec:file=wv.vec unk.mp
expect_grep err 'key "text": text without features: no vector'
# A damaged model file is refused (data error), not read half-way.
head -c 3000 wv.w2v > cut.w2v
expect_exit 1 embed -e wordvec:file=cut.w2v in.mp
expect_grep err 'truncated'
