# The eval set: heuristic domain accuracy stays at 75% or better.
. "$TESTS/lib/lib.sh"
tmd-extract --list >names
pack "$DATA/tmd/eval.jsonl" | tmd-extract --stats st.json | dump >got
awk -F'\t' 'NR == FNR { code[$1 "/" $3] = $2; next }
function val(k,   s) { s = $0; sub(".*\"" k "\":", "", s); sub(/[,}].*/, "", s); gsub(/"/, "", s); return s }
{
	n++
	gd = code["domain/" val("gold_domain")]; gt = code["task/" val("gold_task")]
	gm = code["modifier/" val("gold_modifier")]
	if (gd == "" || gt == "" || gm == "") { print "unknown gold label: " $0; exit 3 }
	d += val("domain_code") == gd; t += val("task_code") == gt; m += val("modifier_code") == gm
}
END { printf "domain %.1f%% task %.1f%% modifier %.1f%% (%d)\n", 100*d/n, 100*t/n, 100*m/n, n
      if (n < 300 || d / n < 0.75) exit 1 }' names got >acc || fail "accuracy: $(cat acc)"
cat acc >&2
