# `| head` closes the pipe downstream: each stage, and the whole
# pipeline, ends quietly: no message, and status 141 (killed by SIGPIPE,
# left at its default: CONVENTIONS 6) or 0 if it had already written
# everything.  Never a write error (3) or a data error (1).  36 copies of
# the sample: every output is larger than a pipe, which the suite grows
# to 1 MiB.
. "$TESTS/lib/lib.sh"
. "$TESTS/faults/lib.sh"
need_stages
make_dump dump.xml 36
wiki-fetch -q dump.xml > art.mp
chunk-episode -q art.mp > ep.mp
chunk-semantic -q ep.mp > ch.mp
tmd-extract -q ch.mp > tm.mp
embed -q tm.mp > em.mp
in_wiki_fetch=dump.xml in_chunk_episode=art.mp in_chunk_semantic=ep.mp
in_tmd_extract=ch.mp in_embed=tm.mp in_cpe_prep=em.mp in_rec_dump=em.mp
st() { _n=$1; shift; _r=0; "$@" || _r=$?; echo $_r > rc.$_n; }
for s in wiki-fetch chunk-episode chunk-semantic tmd-extract embed cpe-prep rec-dump; do
	eval "in=\$in_$(echo $s | tr - _)"
	st x $s -q "$in" 2> err | head -c 1000 > /dev/null
	rc=$(cat rc.x)
	[ ! -s err ] || fail "$s | head: messages: $(head -c 500 err)"
	[ "$rc" = 141 ] || fail "$s | head: exit $rc, wanted 141 (its output is larger than a pipe)"
	# the same with -u (a flush per record)
	[ $s = wiki-fetch ] || [ $s = rec-dump ] && continue
	st x $s -q -u "$in" 2> err | head -c 1000 > /dev/null
	[ ! -s err ] && [ "$(cat rc.x)" = 141 ] || fail "$s -u | head: exit $(cat rc.x): $(head -c 300 err)"
done
# The whole pipeline, ending in rec-dump | head -n 2.
st 1 wiki-fetch -q dump.xml 2> err.1 | st 2 chunk-episode -q 2> err.2 |
    st 3 chunk-semantic -q 2> err.3 | st 4 tmd-extract -q 2> err.4 |
    st 5 embed -q 2> err.5 | st 6 cpe-prep -q 2> err.6 |
    st 7 rec-dump 2> err.7 | head -n 2 > two
expect_eq "$(wc -l < two | tr -d ' ')" 2 "lines through head"
for i in 1 2 3 4 5 6 7; do
	case $(cat rc.$i) in 0|141) ;; *) fail "stage $i of the pipeline: exit $(cat rc.$i): $(head -c 300 err.$i)" ;; esac
	[ ! -s err.$i ] || fail "stage $i of the pipeline printed: $(head -c 300 err.$i)"
done
