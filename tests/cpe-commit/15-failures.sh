# Failures injected by a trigger on the ledger: a serialization failure
# and a deadlock (once each) are retried and the load completes; a
# permanent error stops with exit 4, a constraint-class error with exit 1,
# both naming the batch's articles, with every earlier batch committed and
# nothing of the failed one.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen in.mp --articles 12 --chunks 2
cpe-commit < /dev/null
inject() {	# SQLSTATE DOC_ID ONCE(0|1)
	sql "DROP TRIGGER IF EXISTS inject ON cpe_ledger;
	DROP SEQUENCE IF EXISTS inject_n; CREATE SEQUENCE inject_n;
	CREATE OR REPLACE FUNCTION inject() RETURNS trigger LANGUAGE plpgsql AS \$\$
	BEGIN
	  IF NEW.doc_id = '$2' AND ($3 = 0 OR nextval('inject_n') = 1) THEN
	    RAISE EXCEPTION 'injected %', '$1' USING ERRCODE = '$1';
	  END IF;
	  RETURN NEW;
	END \$\$;
	CREATE TRIGGER inject BEFORE INSERT OR UPDATE ON cpe_ledger
	  FOR EACH ROW EXECUTE FUNCTION inject();"
}
inject 40001 testwiki-20260101:105 1
expect_exit 0 cpe-commit --batch-articles 4 --stats st.json in.mp
expect_grep st.json '"retries": 1'
ref=$(cksum)
inject 40P01 testwiki-20260101:109 1
expect_exit 0 cpe-commit --batch-articles 4 --stats st.json in.mp
expect_grep st.json '"retries": 1'
expect_eq "$(cksum)" "$ref" "checksum after retries"
# Permanent: exit 4, earlier batches stay, nothing of the failed one.
PGDATABASE=${PGDATABASE}_p; export PGDATABASE
createdb "$PGDATABASE"
cpe-commit < /dev/null
inject 42501 testwiki-20260101:106 0
expect_exit 4 cpe-commit --batch-articles 4 in.mp
expect_grep err '^cpe-commit: batch of 4 articles \("testwiki-20260101:104" to "testwiki-20260101:107"\) not committed: ERROR: injected 42501 .*\(SQLSTATE 42501\)$'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 4 "articles of the first batch"
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry')" 8 "rows of the first batch"
expect_eq "$(whole)" 0 "articles not whole"
expect_eq "$(sql "SELECT status FROM cpe_run ORDER BY run_id DESC LIMIT 1")" failed "run status"
# A data-class error (check_violation): exit 1.
inject 23514 testwiki-20260101:106 0
expect_exit 1 cpe-commit --batch-articles 4 in.mp
expect_grep err '\(SQLSTATE 23514\)$'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 4 "still the first batch only"
# Retries used up: exit 4.
inject 40001 testwiki-20260101:100 0
expect_exit 4 cpe-commit --retries 2 --batch-articles 4 in.mp
expect_grep err 'SQLSTATE 40001'
