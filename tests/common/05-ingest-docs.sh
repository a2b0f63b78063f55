# Every option of `ingest --help` is in pipelines/README's option list of
# ingest and in man/wikipipe-ingest.1's OPTIONS, with the same short and
# long names, once each, and neither lists an option --help lacks (a
# doubled -j with two meanings, or a short name that is not the
# program's, fails).
. "$TESTS/lib/lib.sh"
bash "$ROOT/pipelines/ingest" --help >help.txt 2>&1 || fail "ingest --help exited non-zero"
# One line "S --long" per option, S the short name or "-" if none.
sed -n -E 's/^  -([A-Za-z]), --([a-z][a-z0-9-]*).*/\1 --\2/p; s/^      --([a-z][a-z0-9-]*).*/- --\1/p' \
    help.txt | sort >help.opts
# README: the option lines of the ingest section (4 spaces, then the
# option; its continuation lines are indented further).
awk '/^ingest$/ { s = 1; next } s && /^-+$/ && prev != "ingest" && n { exit }
    s && /^    -/ { print; n++ } { prev = $0 }' "$ROOT/pipelines/README" |
    sed -n -E 's/^    -([A-Za-z]), --([a-z][a-z0-9-]*).*/\1 --\2/p; s/^    --([a-z][a-z0-9-]*).*/- --\1/p; t; s/^    -([A-Za-z]) .*/\1 ?/p' |
    sort >readme.opts
sed -n -E 's/\\-/-/g; s/^\.It Fl ([A-Za-z]) , Fl -([a-z][a-z0-9-]*).*/\1 --\2/p; s/^\.It Fl -([a-z][a-z0-9-]*).*/- --\1/p' \
    "$ROOT/man/wikipipe-ingest.1" | sort >man.opts
[ "$(wc -l <help.opts)" -ge 20 ] || fail "ingest --help: only $(wc -l <help.opts) options parsed"
for f in readme man; do
	dup=$(cut -d' ' -f1 "$f.opts" | grep -v '^-$' | sort | uniq -d | tr '\n' ' ')
	[ -z "$dup" ] || fail "$f lists the short option(s) $dup more than once"
	dup=$(cut -d' ' -f2 "$f.opts" | grep -v '^?$' | sort | uniq -d | tr '\n' ' ')
	[ -z "$dup" ] || fail "$f lists $dup more than once"
	if ! cmp -s help.opts "$f.opts"; then
		diff help.opts "$f.opts" >&2
		fail "the options of ingest --help (<) and of $f (>) differ"
	fi
done
exit 0
