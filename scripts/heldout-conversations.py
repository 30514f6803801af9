#!/usr/bin/env python3
"""Score `candor analyze` on the blind held-out conversations in fixtures/heldout/.

Usage: python3 scripts/heldout-conversations.py [BIN] [--show]

For each labelled file it runs `BIN analyze --json` with the file's date, manager and
employee, and compares what the analyser read with the hand labels
(fixtures/heldout/README.md says what they mean):

- acts: each (turn, act) pair, an act being present in any sentence of the turn;
- employee sentiment: the turn's tone, for the employee's turns;
- action items: an item matches a label with the same owner at the same turn
  (or one turn either side); dues are compared on the matched pairs;
- stages: each (stage, turn) pair, and whether each stage is covered at all.

--show prints every disagreement, for reading.
"""

import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "fixtures" / "heldout"
ACTS = ["praise", "criticism", "suggestion", "open_question", "closed_question"]
STAGES = ["goal_review", "process", "strengths_and_gaps", "development_and_support"]


def analyze(binary, label):
    command = [
        binary, "analyze", "--json", "--date", label["date"],
        "--manager", label["manager"], "--employee", label["employee"],
        str(HELDOUT / label["file"]),
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class Tally:
    def __init__(self):
        self.counts = defaultdict(Counter)

    def add(self, key, truth, predicted):
        c = self.counts[key]
        c["tp"] += truth and predicted
        c["fp"] += predicted and not truth
        c["fn"] += truth and not predicted

    def line(self, key):
        c = self.counts[key]
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        return f"{key:<26} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {c['tp']}, fp {c['fp']}, fn {c['fn']})"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--show" in sys.argv
    binary = args[0] if args else str(ROOT / "target" / "release" / "candor")
    labels = json.loads((HELDOUT / "labels.json").read_text())
    acts, items, stages, covered = Tally(), Tally(), Tally(), Tally()
    tones = Counter()
    due_right = due_total = 0
    for label in labels:
        by_language = label["language"]
        doc = analyze(binary, label)
        read_acts = defaultdict(set)
        for s in doc["understanding"]["sentences"]:
            if s["act"] in ACTS:
                read_acts[s["turn_id"]].add(s["act"])
        read_tone = {t["turn_id"]: t["sentiment"] for t in doc["understanding"]["turns"]}
        for turn in label["turns"]:
            n = turn["turn"]
            for act in ACTS:
                truth, predicted = act in turn["acts"], act in read_acts[n]
                for key in (act, f"{act} {by_language}", "all acts"):
                    acts.add(key, truth, predicted)
                if show and truth != predicted:
                    print(f"act  {label['file']}#{n} {'missed' if truth else 'extra'} {act}")
            if turn["speaker"] == label["employee"]:
                tones[(turn["sentiment"], read_tone.get(n))] += 1
                if show and turn["sentiment"] != read_tone.get(n):
                    print(f"tone {label['file']}#{n} {turn['sentiment']} read {read_tone.get(n)}")
        found = [
            (i["evidence"]["turn_id"], i["owner"], i["what"], (i.get("due") or {}).get("date"))
            for i in doc["metrics"]["action_items"]
        ]
        unmatched = list(found)
        for want in label["action_items"]:
            match = next(
                (f for f in unmatched
                 if f[1] == want["owner"] and abs(f[0] - want["turn"]) <= 1),
                None,
            )
            items.add(f"items {by_language}", True, match is not None)
            items.add("items", True, match is not None)
            if match is None:
                if show:
                    print(f"item {label['file']}#{want['turn']} missed {want['owner']}: {want['what']} ({want['due']})")
                continue
            unmatched.remove(match)
            if not want.get("recurring"):
                due_total += 1
                due_right += match[3] == want["due"]
                if show and match[3] != want["due"]:
                    print(f"due  {label['file']}#{want['turn']} {want['what']}: {want['due']} read {match[3]} ({match[2]})")
        for extra in unmatched:
            items.add(f"items {by_language}", False, True)
            items.add("items", False, True)
            if show:
                print(f"item {label['file']}#{extra[0]} extra {extra[1]}: {extra[2]} ({extra[3]})")
        read_stages = {s["stage"]: set(s["turns"]) for s in doc["understanding"]["stages"]}
        for stage in STAGES:
            truth_turns = set(label["stages"].get(stage, []))
            got = read_stages.get(stage, set())
            covered.add("stage covered", bool(truth_turns), bool(got))
            for turn in label["turns"]:
                n = turn["turn"]
                stages.add(stage, n in truth_turns, n in got)
                stages.add("all stages", n in truth_turns, n in got)
    print("== acts per turn (held-out conversations)")
    for key in ACTS + [f"{a} {l}" for l in ("zh", "en") for a in ACTS] + ["all acts"]:
        print(acts.line(key))
    right = sum(v for (t, p), v in tones.items() if t == p)
    print(f"== employee tone per turn: {right}/{sum(tones.values())} right")
    print("== action items (owner and turn ±1)")
    for key in ("items zh", "items en", "items"):
        print(items.line(key))
    print(f"dues right on matched one-off items: {due_right}/{due_total}")
    print("== stages per turn")
    for key in STAGES + ["all stages"]:
        print(stages.line(key))
    print(covered.line("stage covered"))


if __name__ == "__main__":
    main()
