#!/bin/sh
# ivfpq: compressed codes, candidates re-ranked by the exact vectors of
# the side files.  An incremental sync (inserts, vector updates, deletes
# of cpe_entry and of cpe_vectors) equals a full rebuild; only the
# changed rows are appended to the vector file; deleted rows never come
# back; a build starts a new generation of side files and drops the old.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 1199

expect_exit 0 cpe-index --kind ivfpq --nlist 8 --embedder "$EMB" --stats b.json inc
expect_grep inc.meta '"kind":"ivfpq",.*"nlist":8,"nprobe":8,.*"trained_rows":1200,"ntotal":1200,.*"pq_m":8,"pq_nbits":8,"rerank":64\}$'
expect_grep b.json '"slots": 1200,'
expect_grep b.json '"disk_bytes": 307200,'
[ -s inc.vec.1 ] && [ -s inc.ids.1 ] || fail "no generation 1 side files"
expect_eq "$(wc -c <inc.vec.1 | tr -d ' ')" 307200 "vector file bytes"
expect_eq "$(wc -c <inc.ids.1 | tr -d ' ')" 9600 "id file bytes"

churn

expect_exit 0 cpe-index --stats s.json inc
expect_grep err 'incremental\), 340 added, 100 removed'
expect_grep inc.meta '"ntotal":1440,'
# The sync appended its 340 rows; the 100 old slots stay as garbage.
expect_grep s.json '"slots": 1540,'
expect_eq "$(wc -c <inc.ids.1 | tr -d ' ')" $((1540 * 8)) "id file bytes"
expect_exit 0 cpe-index --rebuild --kind ivfpq --nlist 8 --embedder "$EMB" --name full full

# Exact search, and a re-rank of every row, equal the rebuild's.
for m in "--exact" "--rerank 1500"; do
	expect_exit 0 cpe-search -j -k 10 --sample 40 $m inc; mv out inc.out
	expect_exit 0 cpe-search -j -k 10 --sample 40 $m full; mv out full.out
	expect_same inc.out full.out
done
# The default search goes through codebooks trained on other rows (the
# sync keeps those of the first build), so it may differ in the tail;
# both stay close to exact.
for i in inc full; do
	expect_exit 0 cpe-search --sample 200 --recall --stats r.json $i
	r=$(sed -n 's/.*"recall_at_k": *\([0-9.]*\).*/\1/p' r.json)
	awk -v r="$r" 'BEGIN { exit !(r >= 0.95) }' || fail "$i: recall@10 $r < 0.95"
done
expect_exit 0 cpe-search -j -k 10 --sample 40 --exact full; mv out full.out

# Deleted rows never come back; updated rows carry their new vector.
for i in 0 17 49 1250; do
	expect_exit 0 cpe-search -j -k 1 --like "$(uuid $i)" inc
	expect_grep out "\"score\":1,.*\"cpe_id\":\"$(uuid $i)\""
done
expect_exit 0 cpe-search -j -k 1500 --like "$(uuid 7)" --exact inc
expect_eq "$(wc -l <out | tr -d ' ')" 1440 "rows"
expect_no_grep out "\"text\":\"passage (1[0-4][0-9]|130[0-9]) about"
expect_exit 0 cpe-search -j -k 1500 --like "$(uuid 7)" --rerank 1500 inc
expect_eq "$(wc -l <out | tr -d ' ')" 1440 "rows"
expect_no_grep out "\"text\":\"passage (1[0-4][0-9]|130[0-9]) about"
# Filters reach the codes' search: lane 3 only.
expect_exit 0 cpe-search -j -k 5 --lane 3 --like "$(uuid 7)" inc
expect_eq "$(grep -c '"tmd_lane":"lane_3"' out)" 5 "lane 3 hits"

# Updated vectors leave their old slots as garbage; once the garbage
# outnumbers the live rows by 4096 slots the sync is a full build of a
# new generation, and the result is still a rebuild's.
for r in 1 2 3 4 5; do
	sql "UPDATE cpe_vectors_data SET tmd_dense = cpx_tmd(v), concept_vec = cpx_concept(v)
	     FROM (SELECT i, cpx_vec(20000 * $r + i, 64, 20, 0.6) AS v
	     FROM generate_series(0, 1499) AS i) g WHERE cpe_id = cpx_uuid(i)"
	expect_exit 0 cpe-index --stats c.json inc
	case $r in
	5) expect_grep err 'vector file compacted'
	   expect_grep c.json '"slots": 1440,'
	   [ -s inc.vec.2 ] && [ ! -e inc.vec.1 ] || fail "no new generation" ;;
	*) expect_grep err 'incremental\), 1440 added, 1440 removed'
	   expect_grep c.json "\"slots\": $((1540 + 1440 * r))," ;;
	esac
done
expect_exit 0 cpe-index --rebuild --kind ivfpq --nlist 8 --embedder "$EMB" --name full full
expect_exit 0 cpe-search -j -k 10 --sample 40 --exact full; mv out full.out
expect_exit 0 cpe-search -j -k 10 --sample 40 --exact inc
expect_same out full.out

# A rebuild is generation 3; generation 2 goes once it is in place.
expect_exit 0 cpe-index --rebuild inc
expect_grep inc.meta '"kind":"ivfpq",.*"pq_m":8,'
[ -s inc.vec.3 ] && [ ! -e inc.vec.2 ] && [ ! -e inc.ids.2 ] ||
	fail "generation 2 not replaced by 3: $(ls inc.*)"
expect_exit 0 cpe-search -j -k 10 --sample 40 --exact inc
expect_same out full.out
# Another kind drops the side files.
expect_exit 0 cpe-index --rebuild --kind flat inc
[ ! -e inc.vec.3 ] && [ ! -e inc.ids.3 ] || fail "side files left: $(ls inc.*)"

# --pq-m must divide the dimension; --pq-m and --rerank are ivfpq's.
expect_exit 2 cpe-index --kind ivfpq --pq-m 7 --embedder "$EMB" bad
expect_grep err 'pq-m 7 does not divide the dimension 64'
expect_exit 2 cpe-index --kind ivf --rerank 10 --embedder "$EMB" bad2
expect_grep err 'pq-m and --rerank are for --kind ivfpq, not ivf'
