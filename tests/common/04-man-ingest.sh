# pipelines/ingest has its man page (man/wikipipe-ingest.1) with INPUT,
# OUTPUT and EXIT STATUS sections, and every long option of its --help is
# in that page.
. "$TESTS/lib/lib.sh"
page=$ROOT/man/wikipipe-ingest.1
for sec in INPUT OUTPUT "EXIT STATUS"; do
	grep -q "^\.Sh $sec\$" "$page" || fail "$page has no $sec section"
done
bash "$ROOT/pipelines/ingest" --help > help.txt 2>&1 || fail "ingest --help exited non-zero"
# (options of the help's own examples, after "=", are the stages'.)
for o in $(grep -oE -- '(^|[ ,[])--[a-z][a-z0-9-]*' help.txt | sed 's/^[ ,[]//' | sort -u); do
	re=$(printf '%s' "${o#-}" | sed 's/-/\\\\?-/g')
	grep -qE -- "(Fl |, )$re( |\$)" "$page" || fail "ingest --help lists $o, man/wikipipe-ingest.1 does not"
done
grep -q 'man/wikipipe-ingest.1' "$ROOT/pipelines/ingest" || fail "ingest does not point to its page"
