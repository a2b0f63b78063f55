# ingest --shards N --hosts: the shards' whole pipelines run on another
# host through GNU parallel -S (a real sshd on 127.0.0.1 that the test
# starts), the programs copied by --basefile or installed (--remote-bin),
# each shard committing to the one database, its stats brought back: the
# store equals one pipeline's.  The database's password reaches the hosts
# on the jobs' stdin, never on a command line.  A shard's cpe-commit
# killed on the host, then --resume: the same store.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_pg
need_cmd ps bzip2
start_sshd
TMPDIR=$PWD; export TMPDIR
replicate 200 rep.xml
multistream pages 10 rep.xml rep-multistream.xml.bz2 rep-multistream-index.txt.bz2

expect_exit 0 ingest -q rep-multistream.xml.bz2
ref=$(cksum)

# Copied by --basefile; every shard on the host at once (-j 3); the
# database named by our PG* variables.
newdb b
expect_exit 0 ingest -q --shards 3 --hosts 127.0.0.1 -j 3 -s stats rep-multistream.xml.bz2
expect_eq "$(cksum)" "$ref" "checksum of --shards 3 --hosts 127.0.0.1"
grep -q 'Accepted publickey' sshd.log || fail "no job logged in over ssh"
for j in 1 2 3; do [ -s "stats/cpe-commit.$j.json" ] || fail "shard $j's stats did not come back"; done
n=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["articles_processed"])' stats/pipeline_metrics.json)
expect_eq "$n" 200 "articles_processed of the shards on the host"
ls "$WIKIPIPE_BIN/cpe-commit" "$WIKIPIPE_BIN/wiki-fetch" >/dev/null || fail "--basefile removed a binary"

# Installed programs, the host and this machine (":"), one shard each.
newdb r
expect_exit 0 ingest -q --shards 4 --hosts 127.0.0.1,: --remote-bin "$WIKIPIPE_BIN" rep-multistream.xml.bz2
expect_eq "$(cksum)" "$ref" "checksum of --shards 4 --hosts 127.0.0.1,: --remote-bin"

# A failing shard on the host: named, with its stage.
newdb bad
expect_exit 1 ingest --shards 2 --hosts 127.0.0.1 -j 2 -A cpe-prep=--dim=5 rep-multistream.xml.bz2
expect_grep err '^ingest: shard [12]/2 cpe-prep failed'

# kill -9 of a shard's cpe-commit on the host, then --resume.
newdb kill
bash "$INGEST" --bin "$WIKIPIPE_BIN" -q --shards 3 --hosts 127.0.0.1 -j 3 \
    -A cpe-commit=--batch-articles=2 rep-multistream.xml.bz2 2>err1 &
pid=$!
wait_ledger 2
kill_under $sshd_pid cpe-commit >/dev/null || fail "no cpe-commit under the test sshd to kill (ended before the kill?)"
rc=0; wait $pid || rc=$?
[ $rc -ne 0 ] || fail "the run exited 0 after a shard's cpe-commit was killed"
grep -q '^ingest: shard [123]/3 cpe-commit failed' err1 || { cat err1 >&2; fail "no message naming the shard's cpe-commit"; }
n=$(sql 'SELECT count(*) FROM cpe_ledger')
expect_eq "$(whole)" 0 "articles not whole after kill -9 of a shard on the host"
expect_exit 0 ingest -q --shards 3 --hosts 127.0.0.1 -j 3 --resume -A cpe-commit=--batch-articles=2 rep-multistream.xml.bz2
expect_eq "$(cksum)" "$ref" "checksum after kill -9 of a shard on the host at $n and --resume"

# A password in --db: on the jobs' stdin only, never a command line (ssh,
# parallel, the jobs on the host); nothing of it left in a file there.
SECRET=Pw-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
trap 'kill $sshd_pid 2>/dev/null || :; pg_stop "$PWD/pwc" 2>/dev/null || :' EXIT
pw_cluster "$PWD/pwc" "$SECRET"
watch_cmdlines seen
expect_exit 0 ingest -q --shards 2 --hosts 127.0.0.1 -j 2 \
    --db "host=127.0.0.1 port=$PW_PORT user=$PW_USER dbname=postgres password=$SECRET" rep-multistream.xml.bz2
watch_end seen
n=$(PGPASSWORD=$SECRET psql -X -At -h 127.0.0.1 -p "$PW_PORT" -U "$PW_USER" -d postgres -c 'SELECT count(*) FROM cpe_ledger')
expect_eq "$n" 200 "articles committed over the password login by 2 shards on the host"
if grep -rlF "$SECRET" "$TMPDIR" "$HOME/.parallel" 2>/dev/null | grep -v '/seen$'; then
	fail "the password was left in a file"
fi
exit 0
