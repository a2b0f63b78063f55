# http:// input is streamed with libcurl from a local server the test
# starts (python3 -m http.server); an HTTP error is a remote failure (4).
. "$TESTS/lib/lib.sh"
need_cmd python3 bzip2
mkdir www
cp "$DATA/wiki-fetch/basic.xml" www/testwiki-20260101-pages-articles.xml
bzip2 -c www/testwiki-20260101-pages-articles.xml >www/dump.xml.bz2
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory www "$port" >server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
i=0
until python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/')" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 50 ] || fail "http.server did not start"; sleep 0.1
done
url=http://127.0.0.1:$port
wiki-fetch -q "$DATA/wiki-fetch/basic.xml" | rec-dump >want.jsonl
wiki-fetch -q "$url/testwiki-20260101-pages-articles.xml" | rec-dump >got.jsonl
sed 's/"testwiki:/"testwiki-20260101:/; s/"source":"testwiki"/"source":"testwiki-20260101"/' want.jsonl >want-dated.jsonl
expect_same want-dated.jsonl got.jsonl
wiki-fetch -q --source testwiki "$url/dump.xml.bz2" | rec-dump >bz.jsonl
expect_same want.jsonl bz.jsonl
expect_exit 4 wiki-fetch -q "$url/missing.xml"
expect_grep err "missing.xml: .*404"
