# A truncated dump: the complete pages are emitted, then exit 1.
. "$TESTS/lib/lib.sh"
rc=0
wiki-fetch "$DATA/wiki-fetch/truncated.xml" >out.mp || rc=$?
rec-dump out.mp
exit $rc
