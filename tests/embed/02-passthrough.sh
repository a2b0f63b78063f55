# A record that already has a concept_vec of the run's dimension passes
# through untouched (byte for byte, embed_model or not); another dimension
# is a data error naming the record; -R re-embeds; a concept_vec that is
# not bin is a type error.
. "$TESTS/lib/lib.sh"
pack < "$DATA/embed/chunks.jsonl" > in.mp
embed -e hash:dim=8 in.mp > once.mp
embed -e hash:dim=8 once.mp > twice.mp
expect_same once.mp twice.mp
# A foreign vector of the right dimension (and no embed_model) is kept.
printf '%s\n' '{"text":"abc","concept_vec":{"$bin":"AACAPwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}' \
	'{"text":"the cat"}' | pack > mixed.mp
embed -e hash:dim=8 mixed.mp | dump > o.jsonl
expect_eq "$(head -1 o.jsonl)" '{"text":"abc","concept_vec":{"$bin":"AACAPwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}'
expect_grep o.jsonl '^\{"text":"the cat","concept_vec":.*"embed_model":"hash-v2-d8'
# Another dimension: exit 1, earlier records written.
embed -e hash:dim=16 in.mp > first.mp
cat first.mp once.mp > both.mp
expect_exit 1 embed -e hash:dim=16 both.mp
expect_grep err '^embed: both.mp: record 13 \(byte [0-9]+\): key "concept_vec": dimension 8, but this run.s embedder gives 16'
expect_eq "$(dump -c out)" 12 "records before the bad one"
# -R re-embeds everything: the same as embedding from scratch.
expect_exit 0 embed -R -e hash:dim=16 both.mp
dump out > r.jsonl
embed -e hash:dim=16 in.mp in.mp | dump > want.jsonl
expect_same r.jsonl want.jsonl
# Not a bin.
printf '{"text":"x","concept_vec":[1,2]}\n' | pack > arr.mp
expect_exit 1 embed arr.mp
expect_grep err 'record 1 \(byte 0\): key "concept_vec": expected bin \(float32 vector\), got array'
