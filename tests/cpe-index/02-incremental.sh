#!/bin/sh
# An incrementally updated index gives the same results as a full rebuild
# on the same rows, for every kind; inserts, vector updates and deletes
# (also cpe_entry deletes cascading to cpe_vectors) are all reflected.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 1199

for k in flat ivf hnsw; do
	expect_exit 0 cpe-index --kind $k --nlist 8 --embedder "$EMB" inc-$k
done
expect_grep inc-ivf.meta '"nlist":8,'

churn

for k in flat ivf hnsw; do
	expect_exit 0 cpe-index inc-$k
	case $k in
	hnsw) expect_grep err 'HNSW cannot remove rows' ;;
	*) expect_grep err 'incremental\), 340 added, 100 removed' ;;
	esac
	expect_grep inc-$k.meta '"ntotal":1440,'
	expect_exit 0 cpe-index --rebuild --kind $k --nlist 8 --embedder "$EMB" --name full-$k full-$k
done

# Queries: stored rows, some of them updated ones.
q="--sample 40 --like $(uuid 7) --like $(uuid 1250)"
for k in flat ivf hnsw; do
	expect_exit 0 cpe-search -j -k 10 --sample 40 inc-$k; mv out inc-$k.out
	expect_exit 0 cpe-search -j -k 10 --sample 40 full-$k; mv out full-$k.out
	expect_exit 0 cpe-search -j -k 10 --sample 40 --exact inc-$k; mv out exact-$k.out
done
expect_same inc-flat.out full-flat.out
expect_same exact-ivf.out inc-flat.out
expect_same exact-hnsw.out inc-flat.out
# IVF at the default nprobe (all 8 lists here) equals the rebuild too.
expect_same inc-ivf.out full-ivf.out

# Deleted rows never come back; updated rows carry their new vector.
for k in flat ivf hnsw; do
	for i in 0 17 49; do
		expect_exit 0 cpe-search -j -k 1 --like "$(uuid $i)" inc-$k
		expect_grep out "\"score\":1,.*\"cpe_id\":\"$(uuid $i)\""
	done
	expect_exit 0 cpe-search -j -k 1500 --like "$(uuid 7)" --exact inc-$k
	expect_eq "$(wc -l <out | tr -d ' ')" 1440 "$k rows"
	expect_no_grep out "\"text\":\"passage (1[0-4][0-9]|130[0-9]) about"
	expect_no_grep err .
done

# --rebuild keeps the old index's settings unless told otherwise, and
# recovers from damaged metadata.
expect_exit 0 cpe-index --rebuild inc-hnsw
expect_grep inc-hnsw.meta '"kind":"hnsw","vector":"fused_vec","dim":64,"embedder":"hash:dim=48"'
echo garbage >inc-flat.meta
expect_exit 1 cpe-index inc-flat
expect_exit 0 cpe-index --rebuild --kind flat --embedder "$EMB" inc-flat
expect_exit 0 cpe-search -j -k 10 --sample 40 inc-flat
expect_same out inc-flat.out
