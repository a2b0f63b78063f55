# The throwaway PostgreSQL cluster of tests/run.sh answers through libpq.
. "$TESTS/lib/lib.sh"
need_pg
need_cmd psql
v=$(psql -XAtc 'select current_setting($$server_version_num$$)::int >= 150000, current_database()')
expect_eq "$v" "t|$PGDATABASE" "server"
# A private cluster can be started, restarted and stopped too.
. "$TESTS/lib/pg.sh"
pg_start "$PWD/own" || fail "pg_start"
psql -XAtc 'create table t(x int); insert into t values (1)' >/dev/null
pg_restart "$PWD/own" || fail "pg_restart"
expect_eq "$(psql -XAtc 'select count(*) from t')" 1 "after restart"
pg_stop "$PWD/own"
[ -d own ] && fail "pg_stop left its directory"
exit 0
