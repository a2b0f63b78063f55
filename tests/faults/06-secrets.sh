# A password in a connection string is never printed: not in messages
# (failed connections, bad conninfo, verbose runs), not in the run table's
# command line.  The test cluster trusts local users, so a password given
# in --db is accepted and ignored, which lets a real load carry one.
. "$TESTS/lib/lib.sh"
. "$TESTS/faults/lib.sh"
need_prog() { [ -x "$WIKIPIPE_BIN/$1" ] || skip "$1 is not built yet"; }
need_prog rec-dump
need_prog cpe-prep
need_prog cpe-commit
S=Sekr1tPassw0rd
for db in "host=/nonexistent password=$S dbname=x" "password=$S bogus" \
    "postgresql://u:$S@/x?host=/nonexistent" "host=/nonexistent password='$S' connect_timeout=1"; do
	run cpe-commit -v --db "$db" /dev/null
	[ "$rc" -ne 0 ] || fail "cpe-commit --db '$db' succeeded"
	expect_no_grep err "$S"
	for p in cpe-index cpe-search; do
		[ -x "$WIKIPIPE_BIN/$p" ] || continue
		run $p --db "$db" --help
		run $p -v --db "$db"
		expect_no_grep err "$S"
	done
done
need_pg
pack "$DATA/cpe/chunks.jsonl" | cpe-prep --dim 8 > in.mp
db="host=$PGHOST port=$PGPORT user=$PGUSER dbname=$PGDATABASE password=$S"
cpe-commit -vv --db "$db" --stats st.json in.mp 2> err
expect_no_grep err "$S"
expect_no_grep st.json "$S"
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 3 "articles loaded with a password in --db"
sql 'SELECT * FROM cpe_run' > runs
expect_no_grep runs "$S"
uri="postgresql://$PGUSER:$S@/$PGDATABASE?host=$PGHOST&port=$PGPORT"
cpe-commit -v --db "$uri" in.mp 2> err
expect_no_grep err "$S"
sql 'SELECT * FROM cpe_run' > runs
expect_no_grep runs "$S"
