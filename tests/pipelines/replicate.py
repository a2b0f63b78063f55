#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""replicate.py: a bigger dump from the pages of small ones, with fresh ids.

usage: replicate.py [--articles N] [--source NAME] DUMP... > OUT.xml

Copies the <page> elements of the MediaWiki XML dumps DUMP (plain or .bz2)
over and over, giving every copy a fresh page id and a title with " (k)"
added, until N pages of namespace 0 that are not redirects have been
written (default: one copy of everything).  The <siteinfo> of the first
dump is kept, with its dbname replaced by NAME when given.  Used by
tests/pipelines (a sample of a few hundred articles) and bench/e2e.sh
(20,000 and more); the output is never committed.
"""
import bz2
import re
import sys

PAGE = re.compile(r"<page>.*?</page>", re.S)


def read(path):
    op = bz2.open if path.endswith(".bz2") else open
    with op(path, "rt", encoding="utf-8") as f:
        return f.read()


def main(argv):
    n = None
    source = None
    files = []
    i = 0
    while i < len(argv):
        if argv[i] in ("--articles", "--source") and i + 1 < len(argv):
            if argv[i] == "--articles":
                n = int(argv[i + 1])
            else:
                source = argv[i + 1]
            i += 2
        elif argv[i].startswith("-"):
            print(__doc__.strip(), file=sys.stderr)
            return 2
        else:
            files.append(argv[i])
            i += 1
    if not files:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    head = None
    pages = []
    for f in files:
        text = read(f)
        m = PAGE.search(text)
        if head is None:
            head = text[:m.start()] if m else text
        for p in PAGE.findall(text):
            ns = re.search(r"<ns>(\d+)</ns>", p)
            art = (ns is None or ns.group(1) == "0") and "<redirect" not in p
            pages.append((p, art))
    if source:
        head = re.sub(r"<dbname>[^<]*</dbname>", "<dbname>%s</dbname>" % source, head)
    out = sys.stdout
    out.write(head)
    narts = sum(1 for _, a in pages if a)
    if n is None:
        n = narts
    if narts == 0:
        print("replicate.py: no articles in the input", file=sys.stderr)
        return 1
    written = 0
    copy = 0
    next_id = 1
    while written < n:
        for p, art in pages:
            if written >= n:
                break
            q = re.sub(r"(<title>)([^<]*)(</title>)",
                       lambda m: m.group(1) + m.group(2) +
                       (" (%d)" % copy if copy else "") + m.group(3), p, count=1)
            # The page id is the first <id> of the page (revision ids follow).
            q = re.sub(r"<id>\d+</id>", "<id>%d</id>" % next_id, q, count=1)
            next_id += 1
            out.write("  " + q + "\n")
            if art:
                written += 1
        copy += 1
    out.write("</mediawiki>\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
