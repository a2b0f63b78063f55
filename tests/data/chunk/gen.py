# SPDX-License-Identifier: ISC
# gen.py: synthetic articles for the chunker tests and benches.
#   python3 gen.py [-n ARTICLES] [-p PARAGRAPHS] [-s SEED] [--headings]
# Writes JSONL article records (doc_id, title, text[, sections]) whose
# paragraphs are made of a few sentences from one of several topics, so
# that neighbouring paragraphs are sometimes close and sometimes not.
import json, random, sys

TOPICS = {
    "harbour": "harbour boats fishing nets quay ferry tide crab lobster pier sailors cargo".split(),
    "geology": "granite rock cliffs erosion glacier valley moorland peat limestone fossils strata".split(),
    "church": "chapel bishop parish tower bells altar monks abbey choir organ nave".split(),
    "rail": "railway station locomotive track viaduct goods passengers signal junction carriages".split(),
    "music": "orchestra symphony composer violin concert opera choir score tenor rehearsal".split(),
    "farming": "sheep pasture harvest barley cattle orchard plough hay dairy fields".split(),
}
VERBS = "built moved carried reached opened closed replaced served followed crossed".split()

def sentence(rng, words):
    w = rng.sample(words, 4)
    y = rng.randint(1100, 2020)
    return "The %s %s the %s near the %s in %d, and the %s stayed." % (
        w[0], rng.choice(VERBS), w[1], w[2], y, w[3])

def main(argv):
    n, p, seed, heads = 1, 12, 1, False
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "-n": n = int(argv[i + 1]); i += 1
        elif a == "-p": p = int(argv[i + 1]); i += 1
        elif a == "-s": seed = int(argv[i + 1]); i += 1
        elif a == "--headings": heads = True
        i += 1
    rng = random.Random(seed)
    names = sorted(TOPICS)
    for k in range(n):
        paras, secs = [], []
        topic = rng.choice(names)
        for j in range(p):
            if rng.random() < 0.3:
                topic = rng.choice(names)
                if heads and j > 0:
                    secs.append({"level": 2, "title": topic.title(), "para": len(paras)})
                    paras.append(topic.title())
            paras.append(" ".join(sentence(rng, TOPICS[topic]) for _ in range(rng.randint(2, 5))))
        rec = {"source": "gen", "doc_id": "gen:%d" % k, "page_id": k, "title": "Article %d" % k,
               "article_index": k, "text": "\n\n".join(paras)}
        if heads:
            rec["sections"] = secs
        sys.stdout.write(json.dumps(rec) + "\n")

main(sys.argv[1:])
