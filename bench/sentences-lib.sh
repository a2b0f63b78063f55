# SPDX-License-Identifier: ISC
# bench/sentences-lib.sh: the scoring that bench/sentences.sh and the tests
# tests/chunk-semantic/23-ud.sh and 24-dump-words.sh share, sourced.  The
# caller puts wiki-fetch, chunk-episode, chunk-semantic and rec-dump on
# PATH and sets ICUSEG to the built icu-seg (bench/icu-seg.c).
#
# Sentences (ud_f1).  A Universal Dependencies .conllu file gives its
# sentences as "# text = ..." lines (the token lines are read only for
# SpaceAfter, see below, and to rebuild a sentence that has no text line).
#  - Paragraphs: "# newdoc" and "# newpar" start one.  A treebank that
#    marks none (fa, ko, mr, ur, zh) or that makes every sentence its own
#    document (ja) holds isolated sentences; they are taken in blocks of
#    10 consecutive sentences, as artificial there as any other grouping.
#  - Between two sentences of a paragraph: a space, or nothing where the
#    language writes no space.  That is decided from the data: a treebank
#    whose tokens inside a sentence are followed by no space (SpaceAfter=No
#    on the token, or on its multi-word range line, whose words are then
#    skipped) more often than not writes none between sentences either.
#    On the dev sets this is 0.999 of ja's and 0.998 of zh's tokens and at
#    most 0.28 elsewhere; zh's sentence-final tokens agree (all carry
#    SpaceAfter=No), ja's carry nothing (isolated sentences).
#  - Each paragraph is one record {"doc_id","text"} through
#    `chunk-semantic --min-words 1 --max-words 10000000 --headings none`
#    (one sentence a chunk, no long-sentence cut, no heading guess), and
#    one line through `icu-seg sentences LANG`.
#  - A boundary is a sentence end inside a paragraph, placed by the number
#    of non-white-space characters before it, so that where a system puts
#    the white space between two sentences does not matter.  Paragraph ends
#    are excluded: every system gets them for free.  Precision, recall and
#    F1 are over all the boundaries of a file.
#
# Chunk sizes (dump_sizes).  The default pipeline wiki-fetch |
# chunk-episode | chunk-semantic on the first LIMIT articles of a dump;
# each chunk's words counted by `icu-seg words` and by its word_count key;
# percentiles are nearest-rank (the smallest value with at least p% of the
# chunks at or below it).

# ud_lang FILE: the language code of a UD file name (en_ewt-ud-dev -> en).
ud_lang() { basename "$1" | sed 's/_.*//'; }

# ud_f1 CONLLU DIR: score one treebank, working files in DIR (made).
# Prints one line: lang sentences boundaries joiner paragraphs
# wp_P wp_R wp_F1 icu_P icu_R icu_F1 (F1 "nan" when there is no boundary).
ud_f1() {
	_l=$(ud_lang "$1")
	mkdir -p "$2"
	_sent_py prepare "$1" "$2" || return 1
	rec-dump --pack "$2/para.jsonl" |
	    chunk-semantic --min-words 1 --max-words 10000000 --headings none |
	    rec-dump > "$2/wp.jsonl" || return 1
	_sent_py chunks "$2/para.txt" "$2/wp.jsonl" "$2/wp.seg" || return 1
	"$ICUSEG" sentences "$_l" < "$2/para.txt" > "$2/icu.seg" || return 1
	_sent_py score "$_l" "$2" || return 1
}

# dump_sizes DUMP LANG LIMIT MAXW DIR: chunk the first LIMIT articles of
# DUMP (0: all) and print one line: articles, chunks, then p50 p90 max of
# ICU words, p50 p90 max of word_count, and the chunks over MAXW by ICU's
# count.
# A truncated dump (the multilingual ones) makes wiki-fetch exit 1 after
# its last whole page, so its status is not checked: the chunks are.
dump_sizes() {
	mkdir -p "$5"
	_lim=; [ "$3" -gt 0 ] && _lim="-n $3"
	{ wiki-fetch -q -j1 $_lim "$1" 2>"$5/wiki-fetch.err" || :; } |
	    chunk-episode | chunk-semantic --max-words "$4" |
	    rec-dump > "$5/ch.jsonl" || return 1
	[ -s "$5/ch.jsonl" ] || { echo "dump_sizes: no chunks from $1:" \
	    "$(tail -n 1 "$5/wiki-fetch.err")" >&2; return 1; }
	_sizes "$5" "$2" "$4"
}

# ud_sizes DIR LANG MAXW: the same figures for the paragraphs ud_f1 made
# in DIR, chunked by chunk-semantic's defaults (the only Chinese and
# Japanese running text at hand; a chunk cannot pass its paragraph).
ud_sizes() {
	rec-dump --pack "$1/para.jsonl" | chunk-semantic --max-words "$3" |
	    rec-dump > "$1/ch.jsonl" || return 1
	_sizes "$1" "$2" "$3"
}

# _sizes DIR LANG MAXW: the line of dump_sizes for the chunks DIR/ch.jsonl.
_sizes() {
	_sent_py texts "$1/ch.jsonl" "$1/ch.txt" || return 1
	"$ICUSEG" -z words "$2" < "$1/ch.txt" > "$1/ch.icu" || return 1
	_sent_py sizes "$1/ch.jsonl" "$1/ch.icu" "$3" || return 1
}

_sent_py() {
	python3 - "$@" <<'PY'
import json, sys

def surface(tokens):
    """The surface tokens of a sentence: a multi-word range line stands
    for its words (which are skipped); empty nodes (5.1) are not text."""
    out, end = [], 0
    for cols in tokens:
        i = cols[0]
        if "-" in i:
            a, b = i.split("-", 1)
            out.append(cols); end = int(b)
        elif "." in i:
            continue
        elif int(i) > end:
            out.append(cols)
    return out

def no_space(cols):
    return "SpaceAfter=No" in cols[9].split("|") if len(cols) > 9 else False

def read_conllu(path):
    """Sentences as (text, starts_paragraph, surface tokens)."""
    sents, text, mark, toks = [], None, False, []
    def flush():
        nonlocal text, mark, toks
        if text is not None or toks:
            surf = surface(toks)
            if text is None:	# rebuild it from the tokens
                text = "".join(c[1] + ("" if no_space(c) else " ") for c in surf)
            sents.append((text.strip(), mark, surf))
        text, mark, toks = None, False, []
    for line in open(path, encoding="utf-8-sig", newline="\n"):
        line = line.rstrip("\r\n")
        if not line:
            flush()
        elif line.startswith("#"):
            body = line[1:].strip()
            if body.startswith("newdoc") or body.startswith("newpar"):
                mark = True
            elif body.startswith("text") and body[4:].lstrip().startswith("="):
                text = body[4:].lstrip()[1:]
        else:
            toks.append(line.split("\t"))
    flush()
    return [s for s in sents if s[0]]

def prepare(path, d):
    sents = read_conllu(path)
    inner = nos = 0
    for _, _, surf in sents:
        inner += len(surf[:-1]); nos += sum(no_space(c) for c in surf[:-1])
    joiner = "" if inner and nos / inner > 0.5 else " "
    starts = sum(m for _, m, _ in sents)
    paras = []
    if starts == 0 or starts > 0.9 * len(sents):
        how = "blocks of 10"
        for i in range(0, len(sents), 10):
            paras.append([s[0] for s in sents[i:i + 10]])
    else:
        how = "newpar/newdoc"
        for t, m, _ in sents:
            if m or not paras:
                paras.append([])
            paras[-1].append(t)
    with open(d + "/para.txt", "w", encoding="utf-8", newline="\n") as pt, \
         open(d + "/para.jsonl", "w", encoding="utf-8") as pj, \
         open(d + "/gold.seg", "w", encoding="utf-8", newline="\n") as g:
        for k, p in enumerate(paras):
            text = joiner.join(p)
            pt.write(text + "\n")
            pj.write(json.dumps({"doc_id": "p%d" % k, "text": text}, ensure_ascii=False) + "\n")
            g.write("".join(s + "\n" for s in p) + "\n")
    with open(d + "/meta", "w") as m:
        m.write("%d %s %s\n" % (len(sents), "none" if joiner == "" else "space", how.replace(" ", "-")))

def chunks(para, chunkfile, out):
    """chunk-semantic's chunks, per paragraph, in the segments format of
    icu-seg (one a line, an empty line after each paragraph)."""
    n = sum(1 for _ in open(para, encoding="utf-8", newline="\n"))
    by = [[] for _ in range(n)]
    for l in open(chunkfile, encoding="utf-8"):
        c = json.loads(l)
        by[int(c["doc_id"][1:])].append((c["chunk_index"], c["text"]))
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for cs in by:
            f.write("".join(t.replace("\n", " ") + "\n" for _, t in sorted(cs)) + "\n")

def read_seg(path):
    paras, cur = [], []
    for l in open(path, encoding="utf-8", errors="surrogateescape", newline="\n"):
        l = l.rstrip("\n")
        if l == "":
            paras.append(cur); cur = []
        else:
            cur.append(l)
    return paras

def nonspace(s):
    return sum(1 for ch in s if not ch.isspace())

def bounds(segs, total):
    """Sentence ends as counts of non-space characters before them,
    the paragraph's own start and end left out."""
    b, n = set(), 0
    for s in segs:
        n += nonspace(s)
        b.add(n)
    return b - {0, total}

def score(lang, d):
    paras = [l.rstrip("\n") for l in open(d + "/para.txt", encoding="utf-8", newline="\n")]
    gold = read_seg(d + "/gold.seg")
    res = []
    for name in ("wp", "icu"):
        got = read_seg(d + "/" + name + ".seg")
        if len(got) != len(paras):
            sys.exit("ud_f1: %s: %s gives %d paragraphs for %d" % (lang, name, len(got), len(paras)))
        tp = fp = fn = 0
        for k, p in enumerate(paras):
            total = nonspace(p)
            # A paragraph with no letter nor digit ("_____") gives no chunk
            # (chunk-semantic(1), INPUT): it is one segment.  Otherwise a
            # system that lost or invented text cannot be scored.
            if not got[k]:
                got[k] = [p]
            if nonspace("".join(got[k])) != total:
                sys.exit("ud_f1: %s: %s's segments of paragraph %d are not its text" % (lang, name, k))
            g, s = bounds(gold[k], total), bounds(got[k], total)
            tp += len(g & s); fp += len(s - g); fn += len(g - s)
        P = tp / (tp + fp) if tp + fp else float("nan")
        R = tp / (tp + fn) if tp + fn else float("nan")
        F = 2 * P * R / (P + R) if P + R > 0 else (0.0 if tp + fn else float("nan"))
        res.append((P, R, F, tp + fn))
    meta = open(d + "/meta").read().split()
    print("%s %s %d %s %s %.3f %.3f %.3f %.3f %.3f %.3f" % (lang, meta[0], res[0][3], meta[1], meta[2],
          res[0][0], res[0][1], res[0][2], res[1][0], res[1][1], res[1][2]))

def texts(chunkfile, out):
    with open(out, "wb") as f:
        for l in open(chunkfile, encoding="utf-8"):
            f.write(json.loads(l)["text"].encode("utf-8", "surrogatepass") + b"\0")

def pct(v, p):
    import math
    return v[max(0, math.ceil(p * len(v)) - 1)]

def sizes(chunkfile, icufile, maxw):
    ch = [json.loads(l) for l in open(chunkfile, encoding="utf-8")]
    wc = [c["word_count"] for c in ch]
    icu = [int(x) for x in open(icufile, "rb").read().split(b"\0") if x]
    if len(icu) != len(wc):
        sys.exit("dump_sizes: %d ICU counts for %d chunks" % (len(icu), len(wc)))
    over = sum(1 for x in icu if x > int(maxw))
    a, b = sorted(icu), sorted(wc)
    print(len({c.get("doc_id") for c in ch}), len(a), pct(a, .5), pct(a, .9), a[-1], pct(b, .5), pct(b, .9), b[-1], over)

cmd = sys.argv[1]
{"prepare": prepare, "chunks": chunks, "score": score, "texts": texts,
 "sizes": sizes}[cmd](*sys.argv[2:])
PY
}
