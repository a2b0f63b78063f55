#!/bin/sh
# A killed build leaves the previous index and its metadata intact and
# usable; the next run finishes the job.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 199

expect_exit 0 cpe-index --kind hnsw --embedder "$EMB" idx
cp idx idx.0; cp idx.meta meta.0
gen 200 2999
# HNSW over 3000 rows takes well over a second; kill it at several points.
for t in 0.05 0.2 0.5; do
	cpe-index --rebuild --kind hnsw --embedder "$EMB" idx 2>kill.err &
	pid=$!
	sleep $t
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	if cmp -s idx idx.0; then
		expect_same idx.meta meta.0
	else
		# It finished before the kill: then the new pair is complete.
		expect_grep idx.meta '"ntotal":3000,'
	fi
	expect_exit 0 cpe-search -j -k 1 --like "$(uuid 5)" idx
	expect_grep out "\"score\":1,.*\"cpe_id\":\"$(uuid 5)\""
done
expect_exit 0 cpe-index idx
expect_grep idx.meta '"ntotal":3000,'
[ ! -e idx.tmp ] || fail "idx.tmp left behind"
expect_exit 0 cpe-search -j -k 1 --like "$(uuid 2500)" idx
expect_grep out "\"score\":1,.*\"cpe_id\":\"$(uuid 2500)\""

# ivfpq: a sync killed while it appends to the vector file leaves the
# previous index usable (it refers only to slots written before it); the
# next sync drops the partial tail, appends again and equals a rebuild.
gen 3000 3199
expect_exit 0 cpe-index --rebuild --kind ivfpq --embedder "$EMB" pq
cp pq pq.0; cp pq.meta pqmeta.0
gen 3200 5999
sql "DELETE FROM cpe_entry WHERE cpe_id IN
     (SELECT cpx_uuid(i) FROM generate_series(10, 19) AS i)"
vb=$(wc -c <pq.vec.1 | tr -d ' ')
for n in 1 700 1400; do
	# One row a round trip, killed once it has appended n rows (of
	# 2800; 256 bytes each) or has finished.
	cpe-index --batch 1 pq 2>kill.err &
	pid=$!
	while kill -0 $pid 2>/dev/null &&
	    [ "$(wc -c <pq.vec.1 | tr -d ' ')" -lt $((vb + 256 * n)) ]; do
		:
	done
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	if cmp -s pq pq.0; then
		expect_same pq.meta pqmeta.0
		killed=1
	else
		expect_grep pq.meta '"ntotal":5990,'
	fi
	expect_exit 0 cpe-search -j -k 1 --like "$(uuid 3005)" pq
	expect_grep out "\"score\":1,.*\"cpe_id\":\"$(uuid 3005)\""
	expect_exit 0 cpe-search -j -k 3200 --like "$(uuid 5)" --exact pq
	expect_no_grep out "\"text\":\"passage 1[0-9] about"
done
[ -n "${killed:-}" ] || fail "no sync was killed before it finished"
expect_exit 0 cpe-index pq
expect_grep pq.meta '"ntotal":5990,'
[ ! -e pq.tmp ] || fail "pq.tmp left behind"
expect_exit 0 cpe-index --rebuild --kind ivfpq --embedder "$EMB" --name pqfull pqfull
expect_exit 0 cpe-search -j -k 10 --sample 40 --exact pq; mv out inc.out
expect_exit 0 cpe-search -j -k 10 --sample 40 --exact pqfull
expect_same inc.out out
expect_exit 0 cpe-search -j -k 1 --like "$(uuid 5500)" pq
expect_grep out "\"score\":1,.*\"cpe_id\":\"$(uuid 5500)\""
