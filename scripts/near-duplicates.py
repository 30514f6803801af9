#!/usr/bin/env python3
"""Near-duplicate check for fixtures/train (the rule its README states).

Two items are near-duplicates when their character-trigram Jaccard is above 0.6
(Chinese) or their word-bigram Jaccard is above 0.5 (English). Prints each such
pair with both files and lines and exits 1 when there is any; prints the highest
remaining similarity either way.

Usage: scripts/near-duplicates.py [fixtures/train] [--only FILE]
  --only FILE  report only pairs that involve FILE (checking a new file against all)
"""

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

LIMITS = {"zh": 0.6, "en": 0.5}


def grams(text, language):
    if language == "zh":
        chars = re.sub(r"\s+", "", text)
        return {chars[i : i + 3] for i in range(max(1, len(chars) - 2))}
    words = re.findall(r"[a-z0-9']+", text.lower())
    if len(words) < 2:
        return set(words)
    return {(a, b) for a, b in zip(words, words[1:])}


def main(argv):
    only = None
    if "--only" in argv:
        at = argv.index("--only")
        only = Path(argv[at + 1]).resolve()
        if not only.is_file():
            # A name that matched no file would silently report no pairs at all.
            sys.exit(f"--only {argv[at + 1]}: no such file (give its path, not its name)")
        argv = argv[:at] + argv[at + 2 :]
    folder = Path(argv[0] if argv else "fixtures/train")
    items = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                item = json.loads(line)
                language = item["language"]
                items.append((str(path), number, language, item["text"], grams(item["text"], language)))
    index = defaultdict(set)
    for i, item in enumerate(items):
        for gram in item[4]:
            index[(item[2], gram)].add(i)
    found, highest = 0, 0.0
    for i, (path, number, language, text, mine) in enumerate(items):
        others = set()
        for gram in mine:
            others |= index[(language, gram)]
        for j in sorted(o for o in others if o > i):
            if only and only not in (Path(path).resolve(), Path(items[j][0]).resolve()):
                continue
            theirs = items[j][4]
            score = len(mine & theirs) / max(1, len(mine | theirs))
            if score > LIMITS[language]:
                found += 1
                print(f"{score:.2f}  {path}:{number}  {text}\n      {items[j][0]}:{items[j][1]}  {items[j][3]}")
            else:
                highest = max(highest, score)
    print(f"{len(items)} items, {found} near-duplicate pairs, highest other pair {highest:.2f}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
