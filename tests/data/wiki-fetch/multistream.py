#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""tests/data/wiki-fetch/multistream.py: dumps for the wiki-fetch --shard tests.

  multistream.py gen PAGES              a synthetic MediaWiki dump, stdout
  multistream.py pages K IN OUT INDEX   Wikimedia's layout: one bzip2
        stream for the header (up to the first <page>), one per K pages,
        one for the rest (</mediawiki>); INDEX is its offset:page_id:title
        index (bzip2-compressed when the name ends in .bz2)
  multistream.py shardof N ID...        the shard (1..N) of each page id
        when pages are split by hash: XXH3-64 of the id as 8 little-endian
        bytes, mod N, plus 1 (XXH3 written out here for 8-byte inputs)
  multistream.py cut BYTES IN OUT INDEX a pbzip2-like file: a stream per
        BYTES decoded bytes, streams cut mid-page, and two <page> tags in
        three cut in two by a stream end (after "<pa" or "<"); INDEX as
        above, each page at the stream holding the '<' of its tag

The XML is read and written as bytes: decompressed, OUT is IN.
"""
import bz2
import html
import re
import sys

TAG = re.compile(rb"<page[\s>/]")


M64 = (1 << 64) - 1


def xxh3_8(b):
    """XXH3_64bits of 8 bytes, default secret, seed 0 (XXH3_len_4to8_64b)."""
    def rotl(x, r):
        return ((x << r) | (x >> (64 - r))) & M64
    s8 = int.from_bytes(bytes([0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad,
                               0x1c]), "little")
    s16 = int.from_bytes(bytes([0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97,
                                0xdb]), "little")
    in1 = int.from_bytes(b[0:4], "little")
    in2 = int.from_bytes(b[4:8], "little")
    h = (in2 + (in1 << 32)) ^ (s8 ^ s16)
    h ^= rotl(h, 49) ^ rotl(h, 24)
    h = (h * 0x9FB21C651E98DF25) & M64
    h ^= (h >> 35) + 8
    h = (h * 0x9FB21C651E98DF25) & M64
    return h ^ (h >> 28)


def gen(n):
    out = [b"""<?xml version="1.0" encoding="utf-8"?>
<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">
  <siteinfo>
    <sitename>Shardpedia</sitename>
    <dbname>shardwiki</dbname>
    <base>https://shard.example.org/wiki/Main_Page</base>
    <namespaces>
      <namespace key="-2" case="first-letter">Media</namespace>
      <namespace key="0" case="first-letter" />
      <namespace key="4" case="first-letter">Shardpedia</namespace>
      <namespace key="6" case="first-letter">File</namespace>
      <namespace key="14" case="first-letter">Category</namespace>
    </namespaces>
  </siteinfo>
"""]
    pid = 10
    for i in range(n):
        pid += 1 + (i * 7) % 5
        ns = 4 if i % 11 == 5 else 14 if i % 13 == 7 else 0
        prefix = {0: "", 4: "Shardpedia:", 14: "Category:"}[ns]
        title = "%sPage %d &amp; co" % (prefix, i)
        if i % 6 == 3:
            body = "#REDIRECT [[Page %d]]" % (i - 1)
            redirect = '    <redirect title="Page %d" />\n' % (i - 1)
        else:
            redirect = ""
            paras = []
            for k in range(1 + i % 4):
                paras.append(
                    "'''Page %d''' paragraph %d: the word &lt;page&gt; in "
                    "text is escaped, so is &lt;page id=\"1\"&gt; and "
                    "[[Link %d|a link]] with {{convert|%d|m|ft}}."
                    % (i, k, k, i + k) + " Filler text." * (i % 9))
            if i % 5 == 0:
                paras.append("== Section %d ==" % i)
                paras.append("Text under the section, " * 8)
            body = "\n\n".join(paras)
        out.append(("""  <page>
    <title>%s</title>
    <ns>%d</ns>
    <id>%d</id>
%s    <revision>
      <id>%d</id>
      <timestamp>2026-01-%02dT00:00:00Z</timestamp>
      <text xml:space="preserve">%s</text>
    </revision>
  </page>
""" % (title, ns, pid, redirect, 5000 + i, 1 + i % 28, body)).encode())
    out.append(b"</mediawiki>\n")
    sys.stdout.buffer.write(b"".join(out))


def pages_of(xml):
    """(tag offset, page_id, title) of every page, in order."""
    res = []
    for m in TAG.finditer(xml):
        end = xml.index(b"</page>", m.start())
        body = xml[m.start():end]
        t = re.search(rb"<title>(.*?)</title>", body, re.S).group(1)
        i = re.search(rb"<id>(\d+)</id>", body).group(1)
        res.append((m.start(), int(i), html.unescape(t.decode())))
    return res


def write(out, index, pieces, pages):
    """pieces: decoded byte ranges [a, b) of xml, one stream each."""
    offs, pos = [], 0
    with open(out, "wb") as f:
        for a, b in pieces:
            offs.append((a, b, pos))
            z = bz2.compress(xml[a:b], 9)
            f.write(z)
            pos += len(z)
    lines = []
    for tag, pid, title in pages:
        at = next(o for a, b, o in offs if a <= tag < b)
        lines.append("%d:%d:%s\n" % (at, pid, title))
    data = "".join(lines).encode()
    with open(index, "wb") as f:
        f.write(bz2.compress(data) if index.endswith(".bz2") else data)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        gen(int(sys.argv[2]))
        sys.exit(0)
    if cmd == "shardof":
        n = int(sys.argv[2])
        for i in sys.argv[3:]:
            print(i, xxh3_8(int(i).to_bytes(8, "little")) % n + 1)
        sys.exit(0)
    k, src, out, index = int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    xml = open(src, "rb").read()
    pages = pages_of(xml)
    cuts = set()
    if cmd == "pages":
        tags = [p[0] for p in pages]
        cuts = set(tags[::k])
        cuts.add(xml.rindex(b"</page>") + len(b"</page>\n"))
    elif cmd == "cut":
        cuts = set(range(k, len(xml), k))
        cuts |= {p[0] + 3 for p in pages[1::3]}
        cuts |= {p[0] + 1 for p in pages[2::3]}
    else:
        sys.exit("usage: multistream.py gen|pages|cut ...")
    cuts = sorted(c for c in cuts if 0 < c < len(xml))
    bounds = [0] + cuts + [len(xml)]
    write(out, index, list(zip(bounds, bounds[1:])), pages)
