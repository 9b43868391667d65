"""Precision and recall of near-duplicate detection on a labelled set.

    .venv/bin/python benchmarks/near_duplicates.py [--originals N] [--negatives N]

See benchmarks/near_duplicate_set.py for how the set is made. Prints one
line per threshold, with recall for each kind of copy.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.near_duplicate_set import KINDS, build, score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=200)
    parser.add_argument("--negatives", type=int, default=1500)
    args = parser.parse_args()
    labelled = build(originals=args.originals, negatives=args.negatives)
    print(f"articles: {len(labelled.articles)}  copies (known duplicates): {len(labelled.copy_of)}")
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        started = time.perf_counter()
        result = score(labelled, threshold=threshold)
        seconds = time.perf_counter() - started
        kinds = "  ".join(f"{kind} {result.found_by_kind[kind][0]}/{result.found_by_kind[kind][1]}" for kind in KINDS)
        print(
            f"threshold {threshold:.1f}: precision {result.precision:.3f}  recall {result.recall:.3f}  "
            f"(flagged {result.flagged}, correct {result.correct})  {kinds}  "
            f"{1000 * seconds / len(labelled.articles):.2f} ms/article"
        )


if __name__ == "__main__":
    main()
