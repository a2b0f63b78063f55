# kill -9 of cpe-commit at random points, then a resumed run: committed
# articles are always whole, and the database ends identical to an
# uninterrupted run; both a plain re-run and an exact resume (skipping
# the doc ids of --list-committed) are checked.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen in.mp --articles 400 --chunks 6 --vary --dim 64 --text-bytes 200
dump in.mp > in.jsonl
ref=$PGDATABASE
cpe-commit in.mp
want=$(cksum)
for i in 1 2 3; do
	PGDATABASE=${ref}_k$i; export PGDATABASE
	createdb "$PGDATABASE"
	cpe-commit < /dev/null 2>/dev/null	# the schema, so the kill hits the load
	cpe-commit --batch-articles 3 in.mp 2>/dev/null &
	pid=$!
	sleep 0.$(( (i * 37) % 9 + 1 ))
	kill -9 $pid 2>/dev/null || :
	wait $pid 2>/dev/null || :
	expect_eq "$(whole)" 0 "articles not whole after kill $i"
	done_n=$(sql 'SELECT count(*) FROM cpe_ledger')
	if [ $i = 2 ]; then
		# Plain re-run of everything.
		cpe-commit in.mp
	else
		# Exact resume: only what the ledger does not have.
		cpe-commit --list-committed > done.txt
		[ "$(wc -l < done.txt)" -eq "$done_n" ] || fail "--list-committed count"
		python3 -c '
import json, sys
done = set(open("done.txt").read().split())
for l in open("in.jsonl"):
    if json.loads(l)["doc_id"] not in done:
        sys.stdout.write(l)' | pack > rest.mp
		cpe-commit rest.mp
	fi
	expect_eq "$(cksum)" "$want" "checksum after kill $i ($done_n articles committed before it)"
	echo "kill $i: $done_n of 400 articles were committed" >&2
done
