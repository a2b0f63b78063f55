#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""gen-corpus.py [N]: a training corpus for the wordvec tests, written for
this project: N (default 4000) sentences, each about one of six topics,
built from hand-picked topic words and shared function words.  Words of a
topic share contexts, so vectors trained on it (fastText skipgram) put
topic mates next to each other.  Deterministic (fixed seed); lower case,
words separated by single spaces, one sentence per line."""
import random
import sys

TOPICS = {
    "animals": "cat dog horse cow sheep goat rabbit puppy kitten pony "
               "barn fur tail paws meadow graze bark purr feed herd",
    "music": "guitar piano violin drum song melody chord rhythm band "
             "concert singer orchestra tune note choir stage album "
             "lyrics tempo harmony",
    "weather": "rain snow wind storm cloud sunshine thunder fog frost "
               "drizzle forecast temperature humid breeze hail "
               "lightning cold warm sky season",
    "cooking": "bread soup oven flour butter salt pepper garlic onion "
               "recipe kitchen bake boil fry sauce dough knife spoon "
               "pan dinner",
    "computing": "computer software program keyboard screen server "
                 "network code compiler memory processor database file "
                 "disk byte kernel laptop internet algorithm data",
    "sport": "football tennis goal team player match referee ball "
             "stadium coach score league race runner medal trophy "
             "tournament champion training pitch",
}
FUNC = "the a of and in on with for to is was are at by from".split()
TEMPLATES = [
    "the {0} and the {1} {f} the {2}",
    "a {0} {f} {1} with {2} and {3}",
    "{0} {1} {f} the {2} in the {3}",
    "we saw the {0} near the {1} and the {2}",
    "the {0} is {f} {1} {2} and {3} {4}",
    "every {0} needs {1} {2} and a {3}",
]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    rnd = random.Random(20261128)
    topics = sorted(TOPICS)
    words = {t: TOPICS[t].split() for t in topics}
    out = []
    for _ in range(n):
        t = rnd.choice(topics)
        ws = [rnd.choice(words[t]) for _ in range(5)]
        s = rnd.choice(TEMPLATES).format(*ws, f=rnd.choice(FUNC))
        out.append(s)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
