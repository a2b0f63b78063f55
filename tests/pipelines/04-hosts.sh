# --hosts: the fan-out (by default embed..cpe-prep: chunks without
# vectors go out, rows come back) runs on another host through GNU
# parallel -S, here a
# real sshd on 127.0.0.1 that the test starts (and stops), both with the
# binary copied by --basefile and with an installed --remote-bin.  The
# store must be the same as a local run's.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_cmd ssh ssh-keygen rsync perl
sshd=$(command -v sshd || echo /usr/sbin/sshd)
[ -x "$sshd" ] || skip "sshd not installed (apt-get install openssh-server)"
need_pg
if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then
	mkdir -p /run/sshd 2>/dev/null || skip "cannot make /run/sshd (sshd privilege separation)"
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ssh-keygen -q -t ed25519 -N '' -f hostkey
ssh-keygen -q -t ed25519 -N '' -f userkey
cp userkey.pub authorized_keys
chmod 600 authorized_keys
cat > sshd_config <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $PWD/hostkey
AuthorizedKeysFile $PWD/authorized_keys
PidFile $PWD/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowUsers $(id -un)
CONF
cat > ssh_config <<CONF
Host 127.0.0.1
  Port $port
  IdentityFile $PWD/userkey
  IdentitiesOnly yes
  UserKnownHostsFile /dev/null
  StrictHostKeyChecking no
  BatchMode yes
  LogLevel ERROR
CONF
"$sshd" -D -e -f "$PWD/sshd_config" 2>sshd.log &
sshd_pid=$!
# (|| : because set -e holds in the trap too, and sshd may be gone.)
trap 'kill $sshd_pid 2>/dev/null || :' EXIT
i=0
until ssh -F ssh_config 127.0.0.1 true 2>ssh.err; do
	i=$((i + 1))
	if [ $i -ge 50 ] || ! kill -0 $sshd_pid 2>/dev/null; then
		skip "could not start or reach sshd on 127.0.0.1:$port: $(tail -n 1 sshd.log) $(tail -n 1 ssh.err)"
	fi
	sleep 0.1
done
PARALLEL_SSH="ssh -F $PWD/ssh_config"; export PARALLEL_SSH

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
touch seen.stop
wait $WATCH_PID
bad=$(grep -v "^[0-9]*: bash $INGEST " seen || :)
[ -z "$bad" ] || fail "the password was on these command lines: $bad"
n=$(PGPASSWORD=$SECRET psql -X -At -h 127.0.0.1 -p "$PW_PORT" -U "$PW_USER" -d postgres -c 'SELECT count(*) FROM cpe_ledger')
expect_eq "$n" 20 "articles committed over the password login with --hosts"

# A failing remote job fails the run, naming the fan-out (the stage's
# own message comes back on the job's stderr when parallel shows it).
expect_exit 1 ingest --hosts 127.0.0.1 -A cpe-prep=--dim=5 "$SAMPLE"
expect_grep err 'cpe-prep'
expect_grep err '^ingest: embed\.\.cpe-prep \(parallel\) failed'
exit 0
