#!/usr/bin/env python3
"""How often the action-item rules fire on utterances whose act we labelled.

Every act-labelled utterance of fixtures/train becomes one turn of a long conversation,
said by its role (manager or employee) and answered by the other with a bare agreement
(好的。 / "OK, will do."), the most permissive reply: a directive without a due counts
once it is agreed to. `candor analyze --no-models` then reads the whole conversation.

Items on praise, criticism and questions for facts are mostly false (a deed told as done,
a state, a question); items on suggestions and on "other" (where commitments are
labelled) are mostly right. The counts are what the rules are measured by; the listed
items are what to read.

Usage: scripts/action-items-on-acts.py [BINARY] [--list ACT ...]
"""

import collections
import glob
import json
import os
import subprocess
import sys
import tempfile

REPLY = {"zh": "好的。", "en": "OK, will do."}
BRIDGE = {"zh": "嗯。", "en": "Mm."}


def utterances(root):
    rows = []
    for path in sorted(glob.glob(os.path.join(root, "fixtures/train/*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            rows.extend(r for r in map(json.loads, f) if r.get("act"))
    return rows


def conversation(rows, language):
    """Turns whose ids map back to rows; consecutive turns never share a speaker."""
    chosen = [r for r in rows if r["language"] == language]
    chosen.sort(key=lambda r: r.get("role") == "employee")
    turns, sources, last = [], [], None
    for row in chosen:
        speaker = "E" if row.get("role") == "employee" else "M"
        other = "M" if speaker == "E" else "E"
        if last == speaker:
            turns.append({"speaker": other, "text": BRIDGE[language]})
            sources.append(None)
        turns.append({"speaker": speaker, "text": row["text"]})
        sources.append(row)
        turns.append({"speaker": other, "text": REPLY[language]})
        sources.append(None)
        last = other
    document = {
        "schema": "candor.conversation/1",
        "metadata": {"manager": "M", "employee": "E", "date": "2026-11-02"},
        "turns": turns,
    }
    return document, sources


def main():
    args = sys.argv[1:]
    binary = args.pop(0) if args and not args[0].startswith("--") else "target/release/candor"
    listed = set(args[args.index("--list") + 1:]) if "--list" in args else set()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rows = utterances(root)
    counts = collections.Counter()
    labelled = collections.Counter((r["language"], r["act"]) for r in rows)
    for language in ("zh", "en"):
        document, sources = conversation(rows, language)
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
            json.dump(document, f, ensure_ascii=False)
            f.flush()
            out = subprocess.run(
                [binary, "analyze", f.name, "--json", "--no-models"],
                check=True, capture_output=True, text=True,
            ).stdout
        for item in json.loads(out)["metrics"]["action_items"]:
            row = sources[item["evidence"]["turn_id"] - 1]
            if row is None:
                continue
            counts[(language, row["act"])] += 1
            if row["act"] in listed:
                due = (item.get("due") or {}).get("text")
                print(f"{language}\t{row['act']}\t{due}\t{item['what']}\t{row['text']}")
    print("language\tact\tutterances\twith an item")
    for (language, act), n in sorted(labelled.items()):
        print(f"{language}\t{act}\t{n}\t{counts[(language, act)]}")


if __name__ == "__main__":
    main()
