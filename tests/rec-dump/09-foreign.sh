# A foreign producer's non-canonical encodings (str8 for a short string,
# uint16 for 7, int8 for 5, array16, map16, a str8 key): values read the
# same; rec-dump shows and packs them in the smallest encoding; a stage
# passing the keys through copies their bytes exactly.  Old JSON with
# width tags ({"$uint16": 7}) packs to the same canonical bytes.
. "$TESTS/lib/lib.sh"
need_cmd python3
python3 - <<'PY'
import struct
def s8(b): return b"\xd9" + bytes([len(b)]) + b
def fix(b): return bytes([0xa0 | len(b)]) + b if len(b) < 32 else s8(b)
foreign = {  # key -> (non-canonical bytes, canonical bytes)
    b"u16": (b"\xcd\x00\x07", b"\x07"),
    b"i8": (b"\xd0\x05", b"\x05"),
    b"s8": (s8(b"short"), fix(b"short")),
    b"arr": (b"\xdc\x00\x02\x01\x02", b"\x92\x01\x02"),
    b"map": (b"\xde\x00\x01" + s8(b"k") + b"\xc0", b"\x81" + fix(b"k") + b"\xc0"),
}
text = "A sentence of the record. Another sentence follows it here."
def rec(canon):
    out = b"\xde\x00\x07" if not canon else bytes([0x80 | 7])
    out += fix(b"source") + fix(b"t") + fix(b"text") + fix(text.encode())
    for k, (nc, c) in foreign.items():
        out += (fix(k) if canon else s8(k)) + (c if canon else nc)
    return out
open("foreign.mp", "wb").write(rec(False))
open("canon.mp", "wb").write(rec(True))
open("pairs", "wb").write(b"".join(s8(k) + nc for k, (nc, c) in foreign.items()))
PY
dump foreign.mp > f.jsonl || fail "dump of a foreign record"
expect_no_grep f.jsonl '\$(uint|str8|array16|map16|int8)'
expect_grep f.jsonl '"u16":7,"i8":5,"s8":"short","arr":\[1,2\],"map":\{"k":null\}'
pack f.jsonl > back.mp
expect_same back.mp canon.mp
dump canon.mp > c.jsonl
expect_same c.jsonl f.jsonl
# Pass-through: rec-dump --copy and a real stage keep the foreign pairs'
# bytes (the record's own map header is the writer's).
has_pairs() {
	python3 -c 'import sys; sys.exit(open("pairs","rb").read() not in open(sys.argv[1],"rb").read())' "$1" ||
		fail "$2 re-encoded the foreign pairs"
}
rec-dump --copy foreign.mp > copy.mp
has_pairs copy.mp "rec-dump --copy"
tmd-extract -q foreign.mp > tmd.mp || fail "tmd-extract on a foreign record"
has_pairs tmd.mp tmd-extract
expect_eq "$(dump tmd.mp | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(r["u16"], r["s8"], r["arr"])')" \
	"7 short [1, 2]" "values after the stage"
# Width tags written by an older rec-dump: the value must fit, the
# encoding is the smallest.
printf '{"a":{"$uint16":7},"b":{"$str8":"short"},"c":{"$array16":[1,2]},"d":{"$map16":[["k",null]]},"e":{"$fixext4":[1,"AAECAw=="]}}\n' > old.jsonl
pack old.jsonl > old.mp
printf '{"a":7,"b":"short","c":[1,2],"d":{"k":null},"e":{"$ext":[1,"AAECAw=="]}}\n' > new.jsonl
pack new.jsonl > new.mp
expect_same old.mp new.mp
expect_eq "$(od -An -tx1 -N7 new.mp | tr -d ' \n')" "85a16107a162a5" "canonical bytes"
printf '{"a":{"$fixext4":[1,"AAEC"]}}\n' | rec-dump --pack > /dev/null 2>err &&
	fail "a fixext4 of 2 bytes was packed"
expect_grep err 'length does not fit its tag'
