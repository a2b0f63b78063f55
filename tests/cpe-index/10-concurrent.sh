#!/bin/sh
# A sync never skips rows of a transaction that is still open when it
# starts: it waits for the writer, so the watermark covers only committed
# changes and nothing is lost.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 99
expect_exit 0 cpe-index --kind flat --embedder "$EMB" idx
# A writer holds uncommitted rows for a while...
psql -qAtX -v ON_ERROR_STOP=1 >writer.out 2>&1 <<'SQL' &
BEGIN;
SELECT cpx_gen(100, 149, 64, 20);
SELECT pg_sleep(1.5);
COMMIT;
SQL
wpid=$!
sleep 0.5
# ...while others commit after it began.
gen 150 159
expect_exit 0 cpe-index idx
wait $wpid || { cat writer.out >&2; fail "writer failed"; }
expect_grep idx.meta '"ntotal":160,'
expect_exit 0 cpe-index idx
expect_grep err '0 added, 0 removed'
