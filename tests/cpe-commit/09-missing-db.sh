# A database that does not exist, or no server at all: exit 4 at once
# with libpq's reason; a password given in --db never appears in
# messages, stats or the run table.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
pack "$DATA/cpe/chunks.jsonl" | cpe-prep --dim 8 > in.mp
expect_exit 4 cpe-commit --db "dbname=no_such_db password=Sekr1tPw" in.mp
expect_grep err '^cpe-commit: cannot connect: .*database "no_such_db" does not exist'
expect_no_grep err Sekr1tPw
expect_exit 4 cpe-commit --db "postgresql://u:Sekr1tPw@/no_such_db?host=$PGHOST" in.mp
expect_no_grep err Sekr1tPw
expect_exit 4 cpe-commit --db "host=$PWD/nowhere" in.mp
expect_grep err '^cpe-commit: cannot connect: '
expect_exit 2 cpe-commit --db "host=" --db "dbname='unterminated" in.mp
expect_grep err -- '--db: '
# With a good database the password is redacted from the run table.
expect_exit 0 cpe-commit --stats st.json --db "dbname=$PGDATABASE password=Sekr1tPw" in.mp
expect_no_grep st.json Sekr1tPw
sql 'SELECT cmdline FROM cpe_run' > cmd.txt
expect_no_grep cmd.txt Sekr1tPw
expect_grep cmd.txt "dbname='$PGDATABASE'"
