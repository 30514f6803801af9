//! `candor analyze` on whole conversations nobody tuned it on: fixtures/heldout/ holds six
//! conversations written blind to the training data and the rules, with a careful
//! reader's labels (its README). This is the measure of what a manager would see; the
//! dev split measures sentences from the same writers as the training data and reads
//! higher. `scripts/heldout-conversations.py --show` prints every disagreement.
//!
//! The floors sit a little under what the shipped heads measured on 2026-11-30, so a
//! regression fails and a better model can raise them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

use crate::support::{candor_with_models, fixture};

const ACTS: [&str; 5] = [
    "praise",
    "criticism",
    "suggestion",
    "open_question",
    "closed_question",
];

/// (turn, act) pairs over all six conversations: F1 0.682 measured (P 0.632, R 0.742).
const MIN_ACT_F1: f64 = 0.65;
/// Praise is what the coaching report counts first: F1 0.800 measured.
const MIN_PRAISE_F1: f64 = 0.75;
/// Criticism read where there is none is the worst error the report can make: precision
/// 0.333 measured (11 of 33). The floor only keeps it from falling further; see the
/// README's "Where they fall short".
const MIN_CRITICISM_PRECISION: f64 = 0.30;
/// Action items matched by owner at the turn (±1): F1 0.712 measured (P 0.765, R 0.667),
/// 0.703 before three shapes this set showed were mended.
const MIN_ITEM_F1: f64 = 0.65;
/// (stage, turn) pairs: F1 0.539 measured; every stage covered or not as labelled.
const MIN_STAGE_TURN_F1: f64 = 0.50;

#[derive(Deserialize)]
struct Labelled {
    file: String,
    date: String,
    manager: String,
    employee: String,
    turns: Vec<LabelledTurn>,
    action_items: Vec<LabelledItem>,
    stages: BTreeMap<String, Vec<u64>>,
}

#[derive(Deserialize)]
struct LabelledTurn {
    turn: u64,
    acts: Vec<String>,
}

#[derive(Deserialize)]
struct LabelledItem {
    turn: u64,
    owner: String,
}

#[derive(Default, Debug)]
struct Counts {
    true_positive: u32,
    false_positive: u32,
    false_negative: u32,
}

impl Counts {
    fn add(&mut self, truth: bool, predicted: bool) {
        match (truth, predicted) {
            (true, true) => self.true_positive += 1,
            (false, true) => self.false_positive += 1,
            (true, false) => self.false_negative += 1,
            (false, false) => {}
        }
    }

    fn precision(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_positive)
    }

    fn f1(&self) -> f64 {
        let recall = ratio(self.true_positive, self.true_positive + self.false_negative);
        let precision = self.precision();
        if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        }
    }
}

fn ratio(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}

fn analyze(label: &Labelled) -> Value {
    let path = fixture(&format!("heldout/{}", label.file));
    let path = path.to_str().expect("UTF-8 path");
    let output = candor_with_models(&[
        "analyze",
        "--json",
        "--date",
        &label.date,
        "--manager",
        &label.manager,
        "--employee",
        &label.employee,
        path,
    ]);
    assert!(
        output.status.success(),
        "{}: {}",
        label.file,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one document")
}

fn list<'a>(document: &'a Value, pointer: &str) -> &'a [Value] {
    document
        .pointer(pointer)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The acts the analyser read in each turn, from its sentences.
fn acts_read(document: &Value) -> BTreeMap<u64, BTreeSet<String>> {
    let mut read: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for sentence in list(document, "/understanding/sentences") {
        if let (Some(turn), Some(act)) = (sentence["turn_id"].as_u64(), sentence["act"].as_str()) {
            read.entry(turn).or_default().insert(act.to_owned());
        }
    }
    read
}

/// Matches the labelled items to the ones read, one to one, by owner at the turn or
/// one turn either side (an offer in one turn is often taken up in the next).
fn count_items(label: &Labelled, document: &Value, counts: &mut Counts) {
    let mut read: Vec<(u64, String)> = list(document, "/metrics/action_items")
        .iter()
        .filter_map(|item| {
            // An item with no owner read is still an item read.
            let owner = item["owner"].as_str().unwrap_or_default().to_owned();
            Some((item["evidence"]["turn_id"].as_u64()?, owner))
        })
        .collect();
    for want in &label.action_items {
        let found = read
            .iter()
            .position(|(turn, owner)| *owner == want.owner && turn.abs_diff(want.turn) <= 1);
        counts.add(true, found.is_some());
        if let Some(index) = found {
            read.swap_remove(index);
        }
    }
    for _ in read {
        counts.add(false, true);
    }
}

fn count_stages(label: &Labelled, document: &Value, turns: &mut Counts, covered: &mut Counts) {
    let read: BTreeMap<String, BTreeSet<u64>> = list(document, "/understanding/stages")
        .iter()
        .filter_map(|stage| {
            let name = stage["stage"].as_str()?.to_owned();
            let ids = list(stage, "/turns").iter().filter_map(Value::as_u64);
            Some((name, ids.collect()))
        })
        .collect();
    for (stage, labelled) in &label.stages {
        let got = read.get(stage).cloned().unwrap_or_default();
        covered.add(!labelled.is_empty(), !got.is_empty());
        for turn in &label.turns {
            turns.add(labelled.contains(&turn.turn), got.contains(&turn.turn));
        }
    }
}

#[test]
fn analyze_reads_the_blind_conversations_as_their_labels_say() {
    let labels: Vec<Labelled> = serde_json::from_str(
        &std::fs::read_to_string(fixture("heldout/labels.json")).expect("labels.json"),
    )
    .expect("labels.json parses");
    assert_eq!(labels.len(), 6);
    let mut acts: BTreeMap<&str, Counts> = BTreeMap::new();
    let (mut all_acts, mut items) = (Counts::default(), Counts::default());
    let (mut stage_turns, mut covered) = (Counts::default(), Counts::default());
    for label in &labels {
        let document = analyze(label);
        let read = acts_read(&document);
        for turn in &label.turns {
            let got = read.get(&turn.turn).cloned().unwrap_or_default();
            for act in ACTS {
                let truth = turn.acts.iter().any(|a| a == act);
                acts.entry(act).or_default().add(truth, got.contains(act));
                all_acts.add(truth, got.contains(act));
            }
        }
        count_items(label, &document, &mut items);
        count_stages(label, &document, &mut stage_turns, &mut covered);
    }
    let report = format!(
        "acts {all_acts:?} per act {acts:?}\nitems {items:?}\nstage turns {stage_turns:?} covered {covered:?}"
    );
    assert!(
        all_acts.f1() >= MIN_ACT_F1,
        "act F1 {:.3}\n{report}",
        all_acts.f1()
    );
    assert!(acts["praise"].f1() >= MIN_PRAISE_F1, "{report}");
    assert!(
        acts["criticism"].precision() >= MIN_CRITICISM_PRECISION,
        "{report}"
    );
    assert!(
        items.f1() >= MIN_ITEM_F1,
        "item F1 {:.3}\n{report}",
        items.f1()
    );
    assert!(stage_turns.f1() >= MIN_STAGE_TURN_F1, "{report}");
    assert_eq!(
        covered.false_positive + covered.false_negative,
        0,
        "{report}"
    );
}
