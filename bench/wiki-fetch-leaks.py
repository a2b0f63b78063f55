# SPDX-License-Identifier: ISC
# bench/wiki-fetch-leaks.py: markup leaks per 10,000 characters of
# wiki-fetch's text, for bench/wiki-fetch.sh and tests/wiki-fetch.
#
#   python3 bench/wiki-fetch-leaks.py LABEL=FILE.jsonl ...
#
# FILE.jsonl is rec-dump's output.  A leak is one occurrence of a pattern
# below in the text; the table lines (|- |} {| |+ at a line start) are
# counted as lines.  Prints one line per file: documents, characters,
# leaks per 10,000 characters and the count of each pattern seen.
import json
import re
import sys

PATS = ['{{', '}}', '[[', ']]', '<ref', '</', 'colspan=', '&amp;', "'''",
        'thumb|', 'px|']
LINES = {'|-': re.compile(r'^[ \t]*\|-', re.M),
         '|}': re.compile(r'^[ \t]*\|\}', re.M),
         '{|': re.compile(r'^[ \t]*\{\|', re.M),
         '|+': re.compile(r'^[ \t]*\|\+', re.M)}


def main():
    for arg in sys.argv[1:]:
        label, path = arg.split('=', 1)
        docs = chars = 0
        counts = dict.fromkeys(PATS + list(LINES), 0)
        with open(path, encoding='utf-8') as f:
            for line in f:
                if not line.strip():
                    continue
                d = json.loads(line)
                t = d.get('text', '')
                docs += 1
                chars += len(t)
                for p in PATS:
                    counts[p] += t.count(p)
                for p, rx in LINES.items():
                    counts[p] += len(rx.findall(t))
        total = sum(counts.values())
        detail = ' '.join('%s:%d' % (p, c) for p, c in counts.items() if c)
        print('  %-28s %6d docs %10d chars %6.3f /10k chars  %s' %
              (label, docs, chars, total * 1e4 / max(chars, 1), detail))


main()
