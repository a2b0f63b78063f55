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
