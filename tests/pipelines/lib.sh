# SPDX-License-Identifier: ISC
# tests/pipelines/lib.sh: helpers sourced by the pipeline cases.
# The stages land one by one: a case that needs a program not built yet
# skips (exit 77) with the program's name, so main stays green meanwhile.

INGEST=$ROOT/pipelines/ingest
SAMPLE=$DATA/sample/samplewiki-20260301-pages-articles.xml
STAGES="wiki-fetch chunk-episode chunk-semantic tmd-extract embed cpe-prep cpe-commit rec-dump"

# need_stages [PROG...]: skip unless every stage (or PROG) is built.
need_stages() {
	for _p in ${*:-$STAGES}; do
		[ -x "$WIKIPIPE_BIN/$_p" ] || skip "$_p is not built yet"
	done
	need_cmd parallel bash python3
}

# cksum / whole / sql: the ordered checksum of the store and the
# whole-article check of the cpe-commit tests.
. "$TESTS/cpe-commit/lib.sh"

# cksum_sync: cksum without article_index (also inside chunk_position)
# and the ledger's content_hash: the ordinal in the dump an article was
# last loaded from, and the hash of the records it was loaded from, which
# hold that ordinal; a sync leaves them alone on unchanged articles.
cksum_sync() {
	sql "SELECT md5(string_agg(r, E'\n' ORDER BY k)) FROM (
	  SELECT e.cpe_id::text AS k, row(e.cpe_id, mission_text, source_chunk,
	    concept_text, probe_question, expected_answer, soft_negatives,
	    hard_negatives, domain_code, task_code, modifier_code, content_type,
	    dataset_source, chunk_position - 'article_index', relations_text,
	    echo_score, validation_status, batch_id, tmd_bits, tmd_lane,
	    lane_index, confidence_score, quality_metrics, access_count,
	    parent_cpe_ids, child_cpe_ids, doc_id, page_id, chunk_index,
	    chunk_count, episode_id,
	    section, parent_cpe_id, child_cpe_id, tmd_source, v.fused_vec,
	    v.question_vec, v.concept_vec, v.tmd_dense, v.fused_norm)::text AS r
	  FROM cpe_entry e LEFT JOIN cpe_vectors v USING (cpe_id)
	  UNION ALL
	  SELECT 'ledger ' || doc_id, row(doc_id, source, page_id, title,
	    chunk_count, rev_id, src_hash)::text FROM cpe_ledger) x"
}

# replicate N OUT: the sample's articles copied to N articles, fresh ids.
replicate() { python3 "$TESTS/pipelines/replicate.py" --articles "$1" --source rep "$SAMPLE" > "$2"; }

# ingest ARGS...: the script under test, with the built programs.
ingest() { bash "$INGEST" --bin "$WIKIPIPE_BIN" "$@"; }

# pw_cluster DIR PASSWORD: a private PostgreSQL that checks passwords
# (scram-sha-256) on 127.0.0.1 only, at a free port; sets PW_PORT.  The
# caller stops it with pg_stop DIR (tests/lib/pg.sh).
pw_cluster() {
	. "$TESTS/lib/pg.sh"
	_d=$1 _bin=$(pg_bindir) || skip "initdb not found"
	mkdir -p "$_d" && chmod 755 "$_d"
	printf '%s\n' "$2" > "$_d/pw"
	chmod 644 "$_d/pw"
	_u=$(id -un)
	if [ "$(id -u)" -eq 0 ]; then chown postgres: "$_d" "$_d/pw"; _u=postgres; fi
	_pg_as "$_bin/initdb" -D "$_d/data" -U "$_u" --auth=scram-sha-256 \
	    --pwfile="$_d/pw" -E UTF8 --no-locale --no-sync > "$_d/initdb.log" 2>&1 ||
		{ cat "$_d/initdb.log" >&2; fail "initdb with scram-sha-256"; }
	rm -f "$_d/pw"
	PW_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	PW_USER=$_u
	_pg_as "$_bin/pg_ctl" -D "$_d/data" -l "$_d/log" -w -s -o "-c listen_addresses=127.0.0.1 \
-p $PW_PORT -c unix_socket_directories='$_d' -c fsync=off -c password_encryption=scram-sha-256" start ||
		{ cat "$_d/log" >&2; fail "pg_ctl start (password cluster)"; }
}

# watch_cmdlines FILE: in the background, read every /proc/*/cmdline
# until the file FILE.stop exists, and write to FILE each process whose
# command line holds $SECRET (given in the environment, so the watcher's
# own command line does not), as "pid: arg arg ...".  Sets WATCH_PID.
watch_cmdlines() {
	SECRET=$SECRET python3 - "$1" <<'PY' &
import os, sys, time
out, secret = sys.argv[1], os.environ["SECRET"].encode()
seen = {}
while not os.path.exists(out + ".stop"):
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or pid in seen:
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                c = f.read()
        except OSError:
            continue
        if secret in c:
            seen[pid] = c
    time.sleep(0.002)
with open(out, "w") as f:
    for pid, c in sorted(seen.items()):
        f.write("%s: %s\n" % (pid, c.rstrip(b"\0").replace(b"\0", b" ").decode("utf-8", "replace")))
PY
	WATCH_PID=$!
}

# start_sshd: a real sshd on 127.0.0.1 at a free port, in this directory,
# that lets this user in by a key of its own; GNU parallel reaches it as
# -S 127.0.0.1 (PARALLEL_SSH).  Skips when there is no sshd or it cannot
# start.  Sets sshd_pid; an EXIT trap stops it (a caller that sets its
# own EXIT trap stops it there).
start_sshd() {
	need_cmd ssh ssh-keygen rsync perl
	_sshd=$(command -v sshd || echo /usr/sbin/sshd)
	[ -x "$_sshd" ] || skip "sshd not installed (apt-get install openssh-server)"
	if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then
		mkdir -p /run/sshd 2>/dev/null || skip "cannot make /run/sshd (sshd privilege separation)"
	fi
	_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	ssh-keygen -q -t ed25519 -N '' -f hostkey
	ssh-keygen -q -t ed25519 -N '' -f userkey
	cp userkey.pub authorized_keys
	chmod 600 authorized_keys
	cat > sshd_config <<CONF
Port $_port
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
  Port $_port
  IdentityFile $PWD/userkey
  IdentitiesOnly yes
  UserKnownHostsFile /dev/null
  StrictHostKeyChecking no
  BatchMode yes
  LogLevel ERROR
CONF
	"$_sshd" -D -e -f "$PWD/sshd_config" 2>sshd.log &
	sshd_pid=$!
	# (|| : because set -e holds in the trap too, and sshd may be gone.)
	trap 'kill $sshd_pid 2>/dev/null || :' EXIT
	_i=0
	until ssh -F ssh_config 127.0.0.1 true 2>ssh.err; do
		_i=$((_i + 1))
		if [ $_i -ge 50 ] || ! kill -0 $sshd_pid 2>/dev/null; then
			skip "could not start or reach sshd on 127.0.0.1:$_port: $(tail -n 1 sshd.log) $(tail -n 1 ssh.err)"
		fi
		sleep 0.1
	done
	PARALLEL_SSH="ssh -F $PWD/ssh_config"; export PARALLEL_SSH
}

# multistream pages K XML OUT INDEX | cut BYTES XML OUT INDEX: XML as a
# multistream bzip2 dump, Wikimedia's or cut anywhere (tests/data/wiki-fetch/multistream.py).
multistream() { python3 "$DATA/wiki-fetch/multistream.py" "$@"; }

# watch_end FILE: stop the watch_cmdlines watcher of FILE, then fail if
# the password was on any command line but the ingest the test typed.
watch_end() {
	touch "$1.stop"
	wait $WATCH_PID
	_bad=$(grep -v "^[0-9]*: bash $INGEST " "$1" || :)
	[ -z "$_bad" ] || fail "the password was on these command lines: $_bad"
}

# wait_ledger N: until N articles are committed (10 s at most).
wait_ledger() {
	_i=0
	while [ "$(sql 'SELECT count(*) FROM cpe_ledger' 2>/dev/null || echo 0)" -lt "$1" ]; do
		_i=$((_i + 1)); [ $_i -lt 400 ] || fail "never reached $1 committed articles"
		sleep 0.025
	done
}

# kill_under PID NAME: kill -9 a process NAME that descends from PID and
# print its pid.  One found may end before the signal reaches it (a
# shard's last batch): then the next one found is taken.  Status 1 if
# none could be killed.
kill_under() {
	for _t in 1 2 3 4 5; do
		_k=$(proc_under "$1" "$2") || return 1
		kill -9 "$_k" 2>/dev/null && { echo "$_k"; return 0; }
	done
	return 1
}

# proc_under PID NAME: the pid of a process NAME that descends from PID
# (none printed, status 1, if there is none).
proc_under() {
	for _p in $(ps -o pid= -C "$2"); do
		_q=$_p
		while [ "$_q" -gt 1 ] && [ "$_q" != "$1" ]; do
			_q=$(ps -o ppid= -p "$_q" | tr -d ' '); [ -n "$_q" ] || _q=1
		done
		[ "$_q" = "$1" ] && { echo "$_p"; return 0; }
	done
	return 1
}

# newdb NAME: a fresh database, the case's own name plus _NAME, made the
# current one (PGDATABASE).
newdb() {
	: "${_newdb_base:=$PGDATABASE}"
	PGDATABASE=${_newdb_base}_$1; export PGDATABASE
	createdb "$PGDATABASE"
}
