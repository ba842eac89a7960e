"""How fragile the paraphrase reading is on the tuning corpora: knife edges and alias churn.

    python tests/corpora/paraphrase_edges.py            # counts
    python tests/corpora/paraphrase_edges.py --list     # also the texts on an edge

Every call the matcher makes to :meth:`Paraphrases.read` on the six tuning corpora is
recorded (the sealed corpora are never read).  Two measures of fragility:

* *knife edges*: calls whose outcome (the node read, or none) changes when :data:`FLOOR` or
  :data:`MARGIN` alone moves by 10 % either way; such a reading hangs on the third decimal;
* *alias churn*: calls whose outcome changes when a random 5 % of the curriculum's aliases
  are left out of the reading's curriculum (five seeds, summed): what an alias audit elsewhere
  does to a reading that did not ask for it.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPORA = ("matching.toml", "matching-paraphrase.toml", "matching-wild.toml", "matching-round5.toml",
           "matching-round6.toml", "matching-round7.toml")


def _calls(graph):
    """``(text, tokens, beside_elsewhere)`` of every reading the matcher asks for on the tuning corpora."""
    from recommender import matching_paraphrase as mp
    from recommender.matching import matcher_for
    from tests.corpora.matching_figures import load

    calls = []
    original = mp.Paraphrases.read
    text = None

    def recording(self, tokens, *, beside_elsewhere=False):
        calls.append((text, list(tokens), beside_elsewhere))
        return original(self, tokens, beside_elsewhere=beside_elsewhere)

    mp.Paraphrases.read = recording
    try:
        matcher = matcher_for(graph)
        for name in CORPORA:
            for phrase in load(HERE / name):
                text = phrase.text
                matcher.match(phrase.text)
    finally:
        mp.Paraphrases.read = original
    return calls


def _outcomes(paraphrases, calls):
    return [getattr(paraphrases.read(tokens, beside_elsewhere=b), "node_id", None) for _, tokens, b in calls]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the texts on a knife edge")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from graph.curriculum import load_graph
    from recommender import matching_paraphrase as mp

    graph = load_graph(ROOT / "seed_data")
    calls = _calls(graph)
    paraphrases = mp.Paraphrases(graph)
    base = _outcomes(paraphrases, calls)
    edges = {}
    for name in ("FLOOR", "MARGIN"):
        value = getattr(mp, name)
        for factor in (0.9, 1.1):
            setattr(mp, name, value * factor)
            try:
                moved = _outcomes(paraphrases, calls)
            finally:
                setattr(mp, name, value)
            for k, (a, b) in enumerate(zip(base, moved)):
                if a != b:
                    edges.setdefault(k, set()).add(f"{name}x{factor}")
    churn = 0
    aliases = [(node_id, a) for node_id, node in graph.nodes.items() for a in node.aliases]
    for seed in range(5):
        dropped = set(random.Random(seed).sample(aliases, len(aliases) // 20))
        nodes = {node_id: node.model_copy(update={"aliases": tuple(a for a in node.aliases if (node_id, a) not in dropped)})
                 for node_id, node in graph.nodes.items()}
        churned = _outcomes(mp.Paraphrases(SimpleNamespace(nodes=nodes)), calls)
        churn += sum(a != b for a, b in zip(base, churned))
    print(f"paraphrase calls {len(calls)}, readings {sum(b is not None for b in base)}; "
          f"knife edges (FLOOR or MARGIN +-10 %) {len(edges)}; alias churn (5 % of aliases out, 5 seeds) {churn}")
    if args.list:
        for k in sorted(edges):
            print(f"  {calls[k][0]!r}: {base[k]} ({', '.join(sorted(edges[k]))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
