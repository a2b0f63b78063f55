# Namespace names as MediaWiki matches them, in several scripts: the
# dump's own names and the language's aliases (Armenian Ֆայլ, Greek
# Εικόνα, Hindi फ़ाइल, Japanese 画像) in any case (Unicode simple case
# folding: պատկեր, ՊԱՏԿԵՐ, ΑΡΧΕΊΟ), '_' as ' ', blanks around; the
# Template namespace's local names before a template name; and no bare
# table markup (|- |} left by {{s-start}} ... {{s-end}} and the like).
# The old cleaner leaked "thumb|..." captions and "|-" lines on every
# one of these pages.
. "$TESTS/lib/lib.sh"
D=$DATA/wiki-fetch
for l in "" -el -hi -ja; do
	wiki-fetch -q "$D/scripts$l.xml" | rec-dump >>all.jsonl
done
expect_eq "$(wc -l <all.jsonl)" 4 "records"
expect_no_grep all.jsonl 'thumb|\.jpg|ձմռանը|Երկրորդ նկարը|Երրորդ նկարը|χειμώνα|καλοκαίρι|सर्दियों|गर्मियों|冬の橋|夏の橋'
expect_no_grep all.jsonl '\\n\|[-}]|\|-|\|}|\{\||s-start|style='
# hy: lower-case and capital local name, the alias Ֆայլ, the category.
expect_grep all.jsonl '"text":"Փետուրի կամուրջը քարե կամուրջ է։\\n\\nԱյն կոչվում է Փետուր գետի անունով։\\n\\nՊահապաններ\\n\\nԿամուրջն ունեցել է երեք պահապան։",.*"categories":\["Կամուրջներ"\]'
# el: alias Εικόνα in lower case, ΑΡΧΕΊΟ, ΠΡΌΤΥΠΟ:, cells of an orphan
# table kept as text, its row and end lines gone.
expect_grep all.jsonl '"text":"Η Γέφυρα Φτερού είναι πέτρινη γέφυρα.\\n\\nΦτερό λέγεται το ρέμα.\\n\\nΠρώτη όχθη\\n\\nΔεύτερη όχθη\\n\\nΗ γέφυρα έχει τρία τόξα.",.*"categories":\["Γέφυρες"\]'
# hi: alias फ़ाइल, "चित्र_", साँचा:, an indented table (::{|) dropped.
expect_grep all.jsonl '"text":"पंख पुल पत्थर का एक पुल है।\\n\\nयह पंख नदी पर है।\\n\\nपुल के तीन मेहराब हैं।",.*"categories":\["पुल"\]'
# ja: alias 画像, English image in lower case, テンプレート:, カテゴリ.
expect_grep all.jsonl '"text":"羽根橋は石の橋である。\\n\\n羽根川に架かる。",.*"categories":\["橋"\]'
# The same names without <siteinfo> language: the aliases are those of
# the dump's language only (no Armenian alias on a German dump).
sed 's/xml:lang="hy"/xml:lang="de"/; s/hytestwiki/detestwiki/' "$D/scripts.xml" >de.xml
wiki-fetch -q de.xml | rec-dump >de.jsonl
expect_grep de.jsonl 'Երրորդ նկարը'
expect_no_grep de.jsonl 'ձմռանը|Երկրորդ նկարը'
