# A full disk: every stage writing to /dev/full (as stdout and as -o)
# stops with exit 3 and a message naming the output; a pipeline whose
# last stage writes to /dev/full ends with that stage's 3, and the stages
# upstream end quietly (0, or killed by SIGPIPE: 141).  cpe-commit's only
# output is --list-committed (and --stats).
. "$TESTS/lib/lib.sh"
. "$TESTS/faults/lib.sh"
need_stages
wiki-fetch -q "$SAMPLE" > art.mp
chunk-episode -q art.mp > ep.mp
chunk-semantic -q ep.mp > ch.mp
tmd-extract -q ch.mp > tm.mp
embed -q tm.mp > em.mp
in_wiki_fetch=$SAMPLE in_chunk_episode=art.mp in_chunk_semantic=ep.mp
in_tmd_extract=ch.mp in_embed=tm.mp in_cpe_prep=em.mp in_rec_dump=em.mp
for s in wiki-fetch chunk-episode chunk-semantic tmd-extract embed cpe-prep rec-dump; do
	eval "in=\$in_$(echo $s | tr - _)"
	rc=0; $s -q "$in" > /dev/full 2> err || rc=$?
	[ $rc = 3 ] || fail "$s > /dev/full: exit $rc, wanted 3: $(cat err)"
	expect_grep err "^$s: .*(<stdout>|/dev/full|write|space)"
	rc=0; $s -q -o /dev/full "$in" 2> err || rc=$?
	[ $rc = 3 ] || fail "$s -o /dev/full: exit $rc, wanted 3: $(cat err)"
	expect_grep err "^$s: "
done
need_pg
cpe-prep -q em.mp | cpe-commit -q
rc=0; cpe-commit --list-committed > /dev/full 2> err || rc=$?
[ $rc = 3 ] || fail "cpe-commit --list-committed > /dev/full: exit $rc, wanted 3"
expect_grep err '^cpe-commit: '
# The whole pipeline into /dev/full.  (st N CMD...: run CMD, keep its
# status in rc.N; set -e must not end the pipeline's subshells early.)
st() { _n=$1; shift; _r=0; "$@" || _r=$?; echo $_r > rc.$_n; }
st 1 wiki-fetch -q "$SAMPLE" | st 2 chunk-episode -q | st 3 chunk-semantic -q |
    st 4 tmd-extract -q | st 5 embed -q | st 6 cpe-prep -q -o /dev/full 2> err.6
expect_eq "$(cat rc.6)" 3 "cpe-prep at the end of the pipeline"
for i in 1 2 3 4 5; do
	case $(cat rc.$i) in 0|141) ;; *) fail "stage $i of the pipeline: exit $(cat rc.$i)" ;; esac
done
