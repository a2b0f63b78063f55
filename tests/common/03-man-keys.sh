# man/wikipipe.7's KEYS table renders cleanly at 80 columns: no line
# wider, and every row's three cells (key, written by, type) apart.
. "$TESTS/lib/lib.sh"
need_cmd mandoc
mandoc -Tascii -Owidth=80 "$ROOT/man/wikipipe.7" | sed 's/.\x08//g' | expand > page.txt
sed -n '/^KEYS/,/^ *Notes:/p' page.txt | sed '1d;$d' | sed '/^ *$/d' > keys.txt
[ "$(wc -l < keys.txt)" -gt 40 ] || fail "KEYS table not found ($(wc -l < keys.txt) lines)"
awk 'length($0) > 80 { print "too wide: " $0; bad = 1 } END { exit bad }' keys.txt >&2 ||
    fail "KEYS lines over 80 columns"
grep -Ev '^ +[a-z_]+ {2,}[a-z-]+ {2,}[A-Za-z0-9 ()]+$' keys.txt | grep -v '^ *key  *written by  *type$' > odd.txt || :
[ ! -s odd.txt ] || fail "KEYS rows not in three columns: $(head -3 odd.txt)"
