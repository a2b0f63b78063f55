# GNU parallel fan-out (INFRA-NOTES 1): -j1..-j4 over -z framing with
# small blocks (many jobs) gives output byte-identical to cpe-prep alone.
. "$TESTS/lib/lib.sh"
need_cmd parallel python3
python3 "$DATA/cpe/gen-chunks.py" --articles 150 --chunks 8 --vary --dim 768 \
    --text-bytes 200 | pack -z > in.z
cpe-prep -z < in.z > serial.z
[ "$(dump -z -c serial.z)" -gt 500 ] || fail "too few records"
for j in 1 2 3 4; do
	parallel --will-cite --pipe --recend '\0' -k --block 256k \
	    --halt now,fail=1 -j$j cpe-prep -z < in.z > par$j.z
	expect_same serial.z par$j.z
done
# A failing job makes the whole fan-out fail (never exit 0).
dump -z in.z | python3 "$DATA/cpe/jedit.py" 400 'r["domain_code"] = 99' | pack -z > bad.z
rc=0
parallel --will-cite --pipe --recend '\0' -k --block 256k --halt now,fail=1 \
    -j2 cpe-prep -z < bad.z > /dev/null 2>err || rc=$?
[ $rc -ne 0 ] || fail "parallel exited 0 with a failing job"
# With --halt now parallel may kill the job before its stderr is shown;
# what it always says is that a job failed.  The message itself comes
# from cpe-prep, checked alone.
expect_grep err 'This job failed|out of range'
expect_exit 1 cpe-prep -z bad.z
expect_grep err 'key "domain_code": 99 out of range'
