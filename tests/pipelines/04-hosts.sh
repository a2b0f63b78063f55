# --hosts: the fan-out (by default embed..cpe-prep: chunks without
# vectors go out, rows come back) runs on another host through GNU
# parallel -S, here a
# real sshd on 127.0.0.1 that the test starts (and stops), both with the
# binary copied by --basefile and with an installed --remote-bin.  The
# store must be the same as a local run's.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_pg
start_sshd

base=$PGDATABASE
expect_exit 0 ingest -q "$SAMPLE"
ref=$(cksum)

# The binary travels with --basefile (to the same absolute path: here the
# very same file, which rsync leaves alone).
PGDATABASE=${base}_s; export PGDATABASE; createdb "$PGDATABASE"
expect_exit 0 ingest -q --hosts 127.0.0.1 -j 2 --block 256k "$SAMPLE"
expect_eq "$(cksum)" "$ref" "checksum with --hosts 127.0.0.1"
grep -q 'Accepted publickey' sshd.log || fail "no job logged in over ssh"
ls "$WIKIPIPE_BIN/cpe-prep" "$WIKIPIPE_BIN/embed" >/dev/null || fail "--basefile removed a binary"
# One stage alone on the host, chosen with --fanout.
PGDATABASE=${base}_c; export PGDATABASE; createdb "$PGDATABASE"
expect_exit 0 ingest -q --hosts 127.0.0.1 --fanout cpe-prep -j 2 --block 256k "$SAMPLE"
expect_eq "$(cksum)" "$ref" "checksum with --hosts 127.0.0.1 --fanout cpe-prep"
# --hosts with no fan-out is a usage error.
expect_exit 2 ingest --hosts 127.0.0.1 --fanout none "$SAMPLE"
expect_grep err '^ingest: --hosts needs a fan-out' 

# An installed binary on the hosts, and this machine too (':').
PGDATABASE=${base}_r; export PGDATABASE; createdb "$PGDATABASE"
expect_exit 0 ingest -q --hosts 127.0.0.1,: --remote-bin "$WIKIPIPE_BIN" -j 1 --block 256k "$SAMPLE"
expect_eq "$(cksum)" "$ref" "checksum with --remote-bin"

# A password in --db stays off every command line here too (the ssh and
# parallel commands, the remote jobs): only the user's ingest shows it.
SECRET=Pw-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
trap 'kill $sshd_pid 2>/dev/null || :; pg_stop "$PWD/pwc" 2>/dev/null || :' EXIT
pw_cluster "$PWD/pwc" "$SECRET"
watch_cmdlines seen
expect_exit 0 ingest -q --hosts 127.0.0.1 -j 2 --block 256k \
    --db "host=127.0.0.1 port=$PW_PORT user=$PW_USER dbname=postgres password=$SECRET" "$SAMPLE"
watch_end seen
n=$(PGPASSWORD=$SECRET psql -X -At -h 127.0.0.1 -p "$PW_PORT" -U "$PW_USER" -d postgres -c 'SELECT count(*) FROM cpe_ledger')
expect_eq "$n" 20 "articles committed over the password login with --hosts"

# A failing remote job fails the run, naming the fan-out (the stage's
# own message comes back on the job's stderr when parallel shows it).
expect_exit 1 ingest --hosts 127.0.0.1 -A cpe-prep=--dim=5 "$SAMPLE"
expect_grep err 'cpe-prep'
expect_grep err '^ingest: embed\.\.cpe-prep \(parallel\) failed'
exit 0
