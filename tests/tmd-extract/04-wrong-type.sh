# Ill-typed or inconsistent keys are data errors naming record and key.
. "$TESTS/lib/lib.sh"
printf '%s\n' '{"text":"fine"}' '{"text":42}' | pack >a.mp
expect_exit 1 tmd-extract a.mp
expect_grep err 'record 2 .*key "text": expected str, got uint'
[ "$(dump out | wc -l)" -eq 1 ] || fail "the good record before the bad one is missing"
printf '%s\n' '{"title":"no text"}' | pack >b.mp
expect_exit 1 tmd-extract b.mp
expect_grep err 'record 1 .*key "text": missing'
printf '%s\n' '{"text":"x","domain_code":"7","task_code":1,"modifier_code":2}' | pack >c.mp
expect_exit 1 tmd-extract c.mp
expect_grep err 'key "domain_code": expected int, got str'
printf '%s\n' '{"text":"x","domain_code":16,"task_code":1,"modifier_code":2}' | pack >d.mp
expect_exit 1 tmd-extract d.mp
expect_grep err 'key "domain_code": 16 out of range 0\.\.15'
printf '%s\n' '{"text":"x","domain_code":3,"modifier_code":2}' | pack >e.mp
expect_exit 1 tmd-extract e.mp
expect_grep err 'key "task_code": missing while other TMD codes are present'
printf '%s\n' '{"text":"x","domain_code":3,"task_code":1,"modifier_code":64}' | pack >f.mp
expect_exit 1 tmd-extract f.mp
expect_grep err 'key "modifier_code": 64 out of range 0\.\.63'
