# kill -9 in the middle of a run, then the same command plus --resume:
# the database ends identical (ordered checksum of every table) to an
# uninterrupted run.  Once the whole process group is killed, once only
# cpe-commit (the script must then fail naming it), with --limit; and
# once the script gets SIGTERM.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_pg
need_cmd setsid ps
TMPDIR=$PWD; export TMPDIR
replicate 400 rep.xml

small="-A cpe-commit=--batch-articles=2 -j 2 --block 256k"

# The reference runs.
expect_exit 0 ingest rep.xml
ref=$(cksum)
newdb lim
expect_exit 0 ingest --limit 250 rep.xml
ref_lim=$(cksum)
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 250 "--limit 250"

# 1. The whole process group, kill -9.
newdb pg
setsid bash "$INGEST" --bin "$WIKIPIPE_BIN" -q $small rep.xml 2>err1 &
pid=$!
wait_ledger 20
kill -9 -$pid 2>/dev/null || fail "the run ended before the kill (too fast a machine?)"
wait $pid 2>/dev/null || :
sleep 0.2
n=$(sql 'SELECT count(*) FROM cpe_ledger')
[ "$n" -lt 400 ] || fail "all 400 articles committed before the kill"
expect_eq "$(whole)" 0 "articles not whole after kill -9 of the group"
expect_exit 0 ingest --resume -v $small rep.xml
expect_grep err "^ingest: resume: $n articles are committed already"
expect_eq "$(cksum)" "$ref" "checksum after kill -9 of the group at $n and --resume"

# 2. Only cpe-commit dies, in a run with --limit.
newdb commit
bash "$INGEST" --bin "$WIKIPIPE_BIN" -q $small --limit 250 rep.xml 2>err2 &
pid=$!
wait_ledger 20
# The stages are children of the script's background run (a subshell).
sub=$(ps -o pid= --ppid $pid | tr -s ' \n' ',,' | sed 's/^,//; s/,$//')
c=$(ps -o pid=,comm= --ppid "$pid,$sub" | awk '$2 == "cpe-commit" { print $1 }')
[ -n "$c" ] || fail "no cpe-commit under the script"
kill -9 $c
rc=0; wait $pid || rc=$?
[ $rc -ne 0 ] || fail "the script exited 0 after cpe-commit was killed"
grep -q '^ingest: cpe-commit failed' err2 || { cat err2 >&2; fail "no message naming cpe-commit"; }
grep -q 'cpe-commit (killed by signal 9)' err2 || { cat err2 >&2; fail "no signal 9"; }
n=$(sql 'SELECT count(*) FROM cpe_ledger')
expect_eq "$(whole)" 0 "articles not whole after kill -9 of cpe-commit"
expect_exit 0 ingest --resume -v $small --limit 250 rep.xml
expect_grep err "^ingest: resume: $n of the first articles are committed"
expect_eq "$(cksum)" "$ref_lim" "checksum after kill -9 of cpe-commit at $n and --resume --limit 250"

# 3. --resume of a finished run does nothing and says so.
expect_exit 0 ingest --resume --limit 250 rep.xml
expect_grep err '^ingest: resume: nothing left to do'
expect_eq "$(cksum)" "$ref_lim" "checksum after a needless --resume"

# 4. SIGTERM to the script: it stops the stages at once (nothing goes on
# committing behind its back), says so, exits 143; --resume finishes.
newdb term
bash "$INGEST" --bin "$WIKIPIPE_BIN" -q $small rep.xml 2>err3 &
pid=$!
wait_ledger 20
kill -TERM $pid
rc=0; wait $pid || rc=$?
expect_eq "$rc" 143 "status after SIGTERM"
grep -q '^ingest: stopped by SIGTERM; .*--resume' err3 || { cat err3 >&2; fail "no message after SIGTERM"; }
n=$(sql 'SELECT count(*) FROM cpe_ledger')
sleep 1
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" "$n" "articles committed after the script stopped"
[ "$n" -lt 400 ] || fail "all 400 articles committed before SIGTERM"
expect_eq "$(whole)" 0 "articles not whole after SIGTERM"
expect_exit 0 ingest --resume -q $small rep.xml
expect_eq "$(cksum)" "$ref" "checksum after SIGTERM at $n and --resume"
exit 0
