# SIGINT (^C) in the middle of a run leaves no temporary file behind:
# each stage writing -o FILE (and --stats FILE) is interrupted while it
# waits for more input; neither FILE nor FILE.tmp.* may exist afterwards,
# and the stage ends by the signal (status 130) or with a status it
# documents, never 0.  cpe-commit interrupted mid-load leaves whole
# articles only.
. "$TESTS/lib/lib.sh"
. "$TESTS/faults/lib.sh"
need_stages
need_cmd mkfifo
make_dump dump.xml 3
wiki-fetch -q dump.xml > art.mp
chunk-episode -q art.mp > ep.mp
chunk-semantic -q ep.mp > ch.mp
tmd-extract -q ch.mp > tm.mp
embed -q tm.mp > em.mp
cpe-prep -q em.mp > cp.mp
in_wiki_fetch=dump.xml in_chunk_episode=art.mp in_chunk_semantic=ep.mp
in_tmd_extract=ch.mp in_embed=tm.mp in_cpe_prep=em.mp in_rec_dump=em.mp

# interrupt STAGE INPUT ARGS...: feed the first 8 KiB of INPUT through a
# FIFO held open, SIGINT the stage, and check what it left.  The stage is
# started with SIGINT at its default (a background job of a script
# inherits it ignored), as from an interactive shell.
dfl='import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])'
interrupt() {
	_s=$1 _in=$2; shift 2
	rm -rf d; mkdir d; rm -f fifo; mkfifo fifo
	( exec python3 -c "$dfl" "$WIKIPIPE_BIN/$_s" -q "$@" < fifo 2> d.err ) &
	_pid=$!
	exec 3> fifo
	head -c 8192 "$_in" >&3
	# (a SIGINT that reaches python before its exec would be lost)
	_n=0
	while _e=$(readlink /proc/$_pid/exe 2>/dev/null || :); [ "${_e##*/}" != "$_s" ] &&
	    [ $_n -lt 100 ]; do
		sleep 0.1; _n=$((_n + 1))
	done
	sleep 0.3
	kill -INT $_pid 2>/dev/null || fail "$_s $*: ended before SIGINT: $(cat d.err)"
	_n=0
	while kill -0 $_pid 2>/dev/null && [ $_n -lt 50 ]; do
		sleep 0.1; _n=$((_n + 1))
	done
	_alive=0; kill -0 $_pid 2>/dev/null && _alive=1
	exec 3>&-
	_rc=0; wait $_pid || _rc=$?
	[ $_alive = 0 ] || fail "$_s $*: still running 5 s after SIGINT"
	[ $_rc != 0 ] || fail "$_s $*: exit 0 after SIGINT"
	_left=$(ls -A d)
	[ -z "$_left" ] || fail "$_s $*: left behind after SIGINT (exit $_rc): $_left"
	echo "$_s $*: exit $_rc, nothing left" >&2
}
for s in wiki-fetch chunk-episode chunk-semantic tmd-extract embed cpe-prep rec-dump; do
	eval "in=\$in_$(echo $s | tr - _)"
	interrupt $s "$in" -o d/out
	[ $s = rec-dump ] && continue
	interrupt $s "$in" -o d/out --stats d/stats.json
done
interrupt rec-dump "$in_rec_dump" --copy -o d/out
rec-dump em.mp > em.jsonl
interrupt rec-dump em.jsonl --pack -o d/out

need_pg
interrupt cpe-commit cp.mp --batch-articles 1 --stats d/stats.json
expect_eq "$(whole)" 0 "articles not whole after SIGINT of cpe-commit"

# Under nohup (SIGHUP ignored) a hangup changes nothing: the output is
# published at the end as usual.
rm -rf d; mkdir d; rm -f fifo; mkfifo fifo
nohup chunk-episode -q -o d/out < fifo > /dev/null 2> d.err &
pid=$!
exec 3> fifo
cat art.mp >&3
sleep 0.3
kill -HUP $pid
sleep 0.2
kill -0 $pid 2>/dev/null || fail "chunk-episode under nohup died of SIGHUP"
exec 3>&-
wait $pid || fail "chunk-episode under nohup: exit $?"
[ -s d/out ] || fail "chunk-episode under nohup: no output"
