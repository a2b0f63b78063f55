# SPDX-License-Identifier: ISC
# tests/faults/lib.sh: helpers of the fault suite, sourced after
# tests/lib/lib.sh.  The suite runs the real pipeline
#
#   wiki-fetch DUMP | chunk-episode | chunk-semantic | tmd-extract | embed
#     | cpe-prep | cpe-commit
#
# on a dump made from the sample (tests/data/sample), into a real
# database, and disturbs it.  Every case skips while a stage it needs is
# not built.
#
#   need_stages          skip unless all seven stages (and rec-dump) exist
#   make_dump OUT N      a dump of N copies of the sample's pages, each copy
#                        with its own page ids and titles
#   start_pipeline DUMP [cpe-commit args]
#                        start the seven stages as background processes
#                        joined by FIFOs; sets PIDS (in stage order) and
#                        leaves each stage's exit status in rc.STAGE and
#                        stderr in err.STAGE
#   wait_pipeline        wait for all of them
#   resume DUMP          the documented resume: the doc ids the ledger has
#                        (cpe-commit --list-committed) are excluded from a
#                        new run (wiki-fetch --exclude)
#   fault_seed           pick FAULT_SEED (or take it from the environment)
#                        and print it, so a failure can be replayed
#   fault_rand N         RAND = the next pseudo-random number in [0, N)
#   stage_pid STAGE      the running program's pid (empty once it ended)
# sql, cksum (an ordered checksum of everything stored except times and
# run ids) and whole (articles not whole) come from tests/cpe-commit/lib.sh.
. "$TESTS/cpe-commit/lib.sh"

STAGES="wiki-fetch chunk-episode chunk-semantic tmd-extract embed cpe-prep cpe-commit"
SAMPLE=$DATA/sample/samplewiki-20260301-pages-articles.xml

need_stages() {
	for _s in rec-dump $STAGES; do
		[ -x "$WIKIPIPE_BIN/$_s" ] || skip "$_s is not built yet"
	done
	[ -f "$SAMPLE" ] || skip "no sample dump"
	need_cmd python3
}

make_dump() {
	python3 - "$SAMPLE" "$2" > "$1" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
n = int(sys.argv[2])
head = src[:src.index("<page>")]
tail = src[src.rindex("</page>") + len("</page>"):]
pages = re.findall(r"<page>.*?</page>", src, re.S)
out = [head]
for k in range(n):
    for p in pages:
        if k:
            # page id (the first <id>), revision id, title: all unique
            p = re.sub(r"<id>(\d+)</id>", lambda m: "<id>%d</id>" % (int(m.group(1)) + 100000 * k), p)
            p = re.sub(r"<title>(.*?)</title>", lambda m: "<title>%s %d</title>" % (m.group(1), k), p, count=1)
        out.append("  " + p + "\n")
out.append(tail)
sys.stdout.write("".join(out))
PY
}

fault_seed() {
	: "${FAULT_SEED:=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}"
	echo "FAULT_SEED=$FAULT_SEED" >&2
	_fr=$FAULT_SEED
}

fault_rand() {	# N: RAND = the next number in [0, N) (a 31-bit LCG)
	_fr=$(( (_fr * 1103515245 + 12345) % 2147483648 ))
	RAND=$(( (_fr / 65536) % $1 ))
}

start_pipeline() {
	rm -f f.* rc.* err.* end.*
	_prev=/dev/null PIDS=""
	T0=$(date +%s%N)
	for _s in $STAGES; do
		case $_s in
		wiki-fetch) _a="$FETCH_ARGS $1" ;;
		cpe-commit) _a="$COMMIT_ARGS" ;;
		*) _a="" ;;
		esac
		if [ $_s = cpe-commit ]; then
			_out=/dev/null
		else
			mkfifo f.$_s
			_out=f.$_s
		fi
		# $_a is split on purpose (options, then the dump's path).
		( _rc=0
		  "$WIKIPIPE_BIN/$_s" -q $_a < "$_prev" > "$_out" 2> err.$_s || _rc=$?
		  echo $_rc > rc.$_s; date +%s%N > end.$_s ) &
		PIDS="$PIDS $!"
		_prev=f.$_s
	done
}

# stage_pid STAGE: the pid of the program itself (the child of the
# subshell that records its status).
stage_pid() {
	_i=0
	for _s in $STAGES; do
		_i=$((_i + 1))
		[ "$_s" = "$1" ] || continue
		_sub=$(echo $PIDS | cut -d' ' -f$_i)
		pgrep -P "$_sub" -x "$1" 2>/dev/null || pgrep -P "$_sub" 2>/dev/null | head -n 1
		return 0
	done
}

wait_pipeline() {
	for _p in $PIDS; do wait "$_p" 2>/dev/null || :; done
	# (a wait interrupted early must not leave a status unread)
	_n=0
	for _s in $STAGES; do
		while [ ! -s rc.$_s ] && [ $_n -lt 300 ]; do sleep 0.1; _n=$((_n + 1)); done
	done
}

# stage_ms STAGE: how long STAGE ran in the last pipeline, in ms.
stage_ms() { echo $(( ($(cat end.$1) - T0) / 1000000 )); }

resume() {
	cpe-commit --list-committed > done.txt || return 1
	rm -f rrc.*
	_st 1 wiki-fetch -q $FETCH_ARGS --exclude done.txt "$1" | _st 2 chunk-episode -q |
	    _st 3 chunk-semantic -q | _st 4 tmd-extract -q | _st 5 embed -q |
	    _st 6 cpe-prep -q | _st 7 cpe-commit -q $COMMIT_ARGS
	# every stage must succeed, not only the last one
	for _i in 1 2 3 4 5 6 7; do
		[ "$(cat rrc.$_i 2>/dev/null)" = 0 ] || {
			echo "resume: stage $_i exit $(cat rrc.$_i 2>/dev/null)" >&2; return 1; }
	done
}

# _st N CMD...: run CMD, keep its status in rrc.N (set -e must not end a
# pipeline's subshell before the status is written).
_st() { _n=$1; shift; _r=0; "$@" || _r=$?; echo $_r > rrc.$_n; }

COMMIT_ARGS=${COMMIT_ARGS:-}
FETCH_ARGS=${FETCH_ARGS:-}
