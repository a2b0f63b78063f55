# Each pipeline make install installs (pipelines/NAME as wikipipe-NAME)
# has its man page, man/wikipipe-NAME.1, with INPUT, OUTPUT and EXIT
# STATUS sections, named wikipipe-NAME, and every long option of its
# --help is in that page.
. "$TESTS/lib/lib.sh"
for name in ingest metrics reembed chunks-jsonl; do
	page=$ROOT/man/wikipipe-$name.1
	[ -f "$page" ] || fail "pipelines/$name has no man page man/wikipipe-$name.1"
	for sec in INPUT OUTPUT "EXIT STATUS"; do
		grep -q "^\.Sh $sec\$" "$page" || fail "$page has no $sec section"
	done
	grep -q "^\.Nm wikipipe-$name\$" "$page" || fail "$page: NAME is not wikipipe-$name"
	case $(head -n 1 "$ROOT/pipelines/$name") in
	*python3*) python3 "$ROOT/pipelines/$name" --help > help.txt 2>&1 ;;
	*) bash "$ROOT/pipelines/$name" --help > help.txt 2>&1 ;;
	esac || fail "$name --help exited non-zero"
	grep -q "^usage: $name " help.txt || fail "$name --help has no 'usage: $name' line"
	# (options of the help's own examples, after "=", are the stages'.)
	for o in $(grep -oE -- '(^|[ ,[])--[a-z][a-z0-9-]*' help.txt | sed 's/^[ ,[]//' | sort -u); do
		re=$(printf '%s' "${o#-}" | sed 's/-/\\\\?-/g')
		grep -qE -- "(Fl |, )$re( |\$)" "$page" || fail "$name --help lists $o, man/wikipipe-$name.1 does not"
	done
done
grep -q 'man/wikipipe-ingest.1' "$ROOT/pipelines/ingest" || fail "ingest does not point to its page"
