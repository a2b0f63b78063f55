#!/bin/sh
# With the real writer: rows loaded by cpe-commit are indexed; a re-run
# of changed articles (cpe-commit deletes and re-copies their vectors)
# and a re-chunked article (fewer chunks: rows deleted) reach the index
# on the next sync, which then equals a full rebuild.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
need_pg
need_cmd python3
command -v cpe-prep >/dev/null 2>&1 || skip "cpe-prep not built"
gen_mp() {
	_o=$1; shift
	python3 "$DATA/cpe/gen-chunks.py" --dim 8 "$@" | pack | cpe-prep --dim 8 >"$_o"
}
# synced N ADDED REMOVED: for each kind, an incremental sync adds and
# removes so many rows, leaves N, and searches as a full rebuild does.
synced() {
	for k in flat ivf ivfpq; do
		expect_exit 0 cpe-index $k
		expect_grep err "incremental\\), $2 added, $3 removed"
		expect_grep $k.meta "\"ntotal\":$1,"
		expect_exit 0 cpe-index --rebuild --kind $k --nlist 4 --embedder hash:dim=8 --name re-$k re-$k
		expect_exit 0 cpe-search -j -k "$1" --sample 10 --exact $k; mv out inc.out
		expect_exit 0 cpe-search -j -k "$1" --sample 10 --exact re-$k; mv out re.out
		expect_same inc.out re.out
	done
}
gen_mp all.mp --articles 20 --chunks 4
gen_mp two.mp --articles 1 --chunks 2 --seed 7
gen_mp new.mp --articles 3 --chunks 3 --first-page 500
expect_exit 0 cpe-commit all.mp
for k in flat ivf ivfpq; do
	expect_exit 0 cpe-index --kind $k --nlist 4 --embedder hash:dim=8 $k
	expect_grep $k.meta '"dim":24,.*"ntotal":80,'
done
expect_exit 0 cpe-commit two.mp
expect_exit 0 cpe-commit new.mp
expect_eq "$(sql 'SELECT count(*) FROM cpe_vectors')" 87 "stored vectors"
synced 87 11 4
# Every page-100 row in the index is one of its two new chunks.
expect_exit 0 cpe-search -j -k 87 --sample 1 flat
expect_eq "$(grep -c '"doc_id":"testwiki-20260101:100"' out)" 2 "page 100 rows"
# cpe-commit --delete (what ingest --sync does with the articles a newer
# dump no longer has): the next sync removes their rows, and equals a
# full rebuild again.
printf 'testwiki-20260101:101\ntestwiki-20260101:102\n' > gone.txt
expect_exit 0 cpe-commit --delete gone.txt
expect_eq "$(sql 'SELECT count(*) FROM cpe_vectors')" 79 "vectors after --delete"
synced 79 0 8
