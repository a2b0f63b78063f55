# SPDX-License-Identifier: ISC
# bench/wiki-fetch-sections.py: chunks by section heading, for the
# reference and link sections wiki-fetch drops.
#
#   python3 bench/wiki-fetch-sections.py [--check] NAME STATS DEFAULT KEEP
#
# STATS is wiki-fetch's --stats of the default run (its
# sections_dropped_by_heading names the headings dropped), DEFAULT and
# KEEP the chunks (rec-dump JSON lines of chunk-semantic's output) of the
# default run and of a run with --keep-sections.  A chunk belongs to a
# heading if any heading of its section path is that heading (compared
# case-folded, '_' as ' ').  Prints, per dropped heading, the chunks of
# both runs, then the most frequent headings of the default run's
# chunks.  With --check, exits 1 if a default chunk has a dropped
# heading, or if the KEEP run has none (nothing was measured).
import collections
import json
import re
import sys


def norm(h):
    return re.sub(r'[\s_]+', ' ', h).strip().casefold()


def count(path, dropped):
    by, top, total = collections.Counter(), collections.Counter(), 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            total += 1
            parts = [p for p in d.get('section', '').split(' > ') if p]
            top[parts[0] if parts else '(lead)'] += 1
            for p in parts:
                if norm(p) in dropped:
                    by[dropped[norm(p)]] += 1
                    break
    return by, top, total


def main():
    args = sys.argv[1:]
    check = args and args[0] == '--check'
    if check:
        args = args[1:]
    name, stats, default, keep = args
    st = json.load(open(stats, encoding='utf-8'))
    heads = st.get('sections_dropped_by_heading', {})
    dropped = {norm(h): h for h in heads}
    bd, top, nd = count(default, dropped)
    bk, _, nk = count(keep, dropped)
    print('%s: %d chunks (%d with --keep-sections); sections dropped %d, '
          '%d bytes of wikitext' % (name, nd, nk, st.get('sections_dropped', 0),
                                   st.get('section_bytes_dropped', 0)))
    print('  %-32s %8s %8s %8s' % ('heading', 'sections', 'default', 'keep'))
    for h in sorted(heads, key=lambda h: -bk[h]):
        print('  %-32s %8d %8d %8d' % (h, heads[h], bd[h], bk[h]))
    print('  %-32s %8s %8d %8d' % ('all dropped headings', '',
                                   sum(bd.values()), sum(bk.values())))
    print('  default run, chunks by top heading: ' + ', '.join(
        '%s %d' % hc for hc in top.most_common(12)))
    if check and (sum(bd.values()) or not sum(bk.values())):
        sys.exit(1)


main()
