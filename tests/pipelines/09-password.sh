# A password in --db stays off every command line but the user's own
# (issue 14): a real password-checked login (scram-sha-256 on
# 127.0.0.1), a whole ingest while a watcher reads every
# /proc/PID/cmdline, and no process but the ingest script itself (and
# its bash subshells, which share its command line) may show the
# password.  A wrong password fails as a remote error without showing it;
# cpe-commit masks a password given to it directly; server notices come
# through our log channel, at -v only.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_pg
SECRET=Pw-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
trap 'pg_stop "$PWD/pwc" 2>/dev/null || :' EXIT
pw_cluster "$PWD/pwc" "$SECRET"
db="host=127.0.0.1 port=$PW_PORT user=$PW_USER dbname=postgres sslmode=disable"

# Wrong or no password: refused by the server (exit 4), nothing shown.
expect_exit 4 cpe-commit --db "$db password=Wrong-$SECRET" /dev/null
expect_grep err 'password authentication failed'
expect_no_grep err "$SECRET"
PGPASSFILE=/nonexistent expect_exit 4 cpe-commit --db "$db" /dev/null

# The whole ingest, watched, with every program behind a wrapper that
# logs the arguments it was given (a program masking its own argv at
# once would hide them from the watcher, not from this log).
mkdir wrap
for p in $STAGES; do
	printf '#!/bin/sh\nprintf "%%s\\n" "$0 $*" >> %s/argv.log\nexec %s/%s "$@"\n' \
	    "$PWD" "$WIKIPIPE_BIN" "$p" > wrap/$p
	chmod +x wrap/$p
done
watch_cmdlines seen
expect_exit 0 bash "$INGEST" --bin "$PWD/wrap" -q --db "$db password=$SECRET" -s st "$SAMPLE"
watch_end seen
expect_grep argv.log '/cpe-commit .*--db-file /dev/fd/[0-9]+'
expect_no_grep argv.log "$SECRET"
grep -q "^[0-9]*: bash $INGEST " seen || fail "the watcher never saw the ingest itself (is it watching?)"
n=$(PGPASSWORD=$SECRET psql -X -At -d "$db" -c 'SELECT count(*) FROM cpe_ledger')
expect_eq "$n" 20 "articles committed over the password login"
for f in st/*.json; do expect_no_grep "$f" "$SECRET"; done
PGPASSWORD=$SECRET psql -X -At -d "$db" -c 'SELECT * FROM cpe_run' > runs
expect_no_grep runs "$SECRET"
ls "${TMPDIR:-/tmp}"/wikipipe-ingest.* 2>/dev/null | while read -r d; do
	[ ! -e "$d/db" ] || fail "a connection file was left in $d"
done

# cpe-commit given the password directly hides it in its own argv while
# it runs (a slow input keeps it running).
mkfifo slow
cpe-commit --db "$db password=$SECRET" slow 2> err &
pid=$!
exec 7> slow
i=0
until grep -q 'sslmode' "/proc/$pid/cmdline" 2>/dev/null || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
tr '\0' ' ' < "/proc/$pid/cmdline" > own
expect_no_grep own "$SECRET"
expect_grep own "--db .*host='?127.0.0.1'? "
kill -0 $pid 2>/dev/null || fail "cpe-commit ended before the input did"
exec 7>&-
wait $pid || fail "cpe-commit on an empty input failed: $(cat err)"
expect_no_grep err "$SECRET"

# --db-file: the conninfo from a file; an empty or missing one is a usage error.
printf '%s\n' "$db password=$SECRET" > dbfile
chmod 600 dbfile
expect_exit 0 cpe-commit --list-committed --db-file dbfile
expect_eq "$(wc -l < out | tr -d ' ')" 20 "--list-committed over --db-file"
: > empty
expect_exit 2 cpe-commit --db-file empty /dev/null
expect_grep err '^cpe-commit: --db-file empty: empty'
expect_exit 2 cpe-commit --db-file nonexistent /dev/null

# Server notices (a trigger that raises a notice and a warning on every
# new run) come through cpe-commit's log, named, never raw: the warning
# as a warning (not with -q), the notice at -v only.
PGPASSWORD=$SECRET psql -X -q -d "$db" -c "CREATE FUNCTION tell() RETURNS trigger LANGUAGE plpgsql AS
    \$\$ BEGIN SET LOCAL client_min_messages = notice;
    RAISE NOTICE 'a word from the server'; RAISE WARNING 'a warning from the server';
    RETURN NEW; END \$\$;
    CREATE TRIGGER tell BEFORE INSERT ON cpe_run FOR EACH ROW EXECUTE FUNCTION tell()"
expect_exit 0 cpe-commit --db-file dbfile /dev/null
expect_no_grep err 'a word from the server'
expect_grep err '^cpe-commit: server: WARNING:  a warning from the server$'
expect_exit 0 cpe-commit -q --db-file dbfile /dev/null
expect_no_grep err 'from the server'
expect_exit 0 cpe-commit -v --db-file dbfile /dev/null
expect_grep err '^cpe-commit: server: NOTICE:  a word from the server$'
expect_no_grep err '^(NOTICE|WARNING)'
exit 0
