//! Which of the four stages of a good interview (DOMAIN.md: 目标回顾 goal review →
//! 过程分析 process → 优点与不足 strengths and gaps → 发展与支持 development and
//! support) a conversation covered, and by which turns.
//!
//! A sentence may serve several stages (三季度回款率目标是百分之九十，你是百分之七十八
//! reviews a goal and names a gap). Each stage has its own test:
//! - goal review: the sentence is about goals or results;
//! - process: it is about the process, skills or collaboration, or it asks how or why
//!   something went as it did (这两家你最近一次催款是什么时候？ "How did the deal slip?"),
//!   or it gives an account of what happened and why (主要是常州那家，他们资金紧张);
//! - strengths and gaps: the manager's praise and criticism;
//! - development and support: the sentence is about development, support or
//!   workload, or it holds an agreed action.
//!
//! Topics count when a keyword cue names them or the embedding stands out by at
//! least [`TOPIC_FLOOR`]: a two-word reply ("I know.", "好的。") always lands near some
//! topic, and a weak lift there is noise, not coverage.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::domain::{DialogueAct, TurnId};

use super::Analysis;
use super::feedback::SentenceReading;
use super::topics::{Topic, cue_matches};

/// The four stages of a good interview, in order (DOMAIN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    GoalReview,
    Process,
    StrengthsAndGaps,
    DevelopmentAndSupport,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::GoalReview,
        Stage::Process,
        Stage::StrengthsAndGaps,
        Stage::DevelopmentAndSupport,
    ];

    /// The name JSON gives it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::GoalReview => "goal_review",
            Stage::Process => "process",
            Stage::StrengthsAndGaps => "strengths_and_gaps",
            Stage::DevelopmentAndSupport => "development_and_support",
        }
    }
}

/// Whether a stage was covered, and by which turns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageCoverage {
    pub stage: Stage,
    pub covered: bool,
    pub turns: Vec<TurnId>,
}

/// The least topic score (a cue gives 0.5) that makes a sentence serve the topic's stage.
pub const TOPIC_FLOOR: f32 = 0.35;

/// A question about how or why things went as they did, or when they happened.
static ASKS_HOW_IT_WENT: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)为什么|为啥|怎么回事|怎么会|差在哪|卡在哪|问题出在|原因|什么时候|怎么(?:做|处理|跟|弄|搞|安排|推进|发现)的|发生了什么|当时|过程中|哪个环节|遇到了?(?:什么|哪些)|\bwhy\b|\bhow come\b|\bwhat happened\b|\bhow did\b|\bwhen did\b|\bwhat caused\b|\bwhat went\b|\bgot in the way\b|\b(?:walk|take) me through\b",
    )
});

/// An account of what happened and why: causes, obstacles, the course of events.
static ACCOUNT_OF_EVENTS: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)因为|由于|主要是|原因|卡在|导致|当时|那天|那次|一直在|发现|没来得及|顾不上|后来|拖|漏|换了|\bbecause\b|\bdue to\b|\bcaused\b|\bturned out\b|\bended up\b|\btook\b|\bgot stuck\b|\bblocked\b|\bslipped\b|\bat the time\b|\bthat day\b|\bdidn't\b|\bwasn't\b|\bmissed\b",
    )
});

/// Reassurance about the talk itself (你别有压力, "don't worry, this isn't a test") names
/// feelings without discussing how the employee is doing.
static REASSURES: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)别有?压力|别紧张|不用紧张|不要有压力|放轻松|\bdon['’]?t\s+(?:worry|stress)\b|\bno\s+pressure\b",
    )
});

/// Which stages the conversation covered, each with the turns that cover it.
pub fn stages(sentences: &[SentenceReading], analysis: &Analysis) -> Vec<StageCoverage> {
    let manager = analysis.roles.manager.as_str();
    Stage::ALL
        .into_iter()
        .map(|stage| {
            let mut turns: Vec<TurnId> = sentences
                .iter()
                .filter(|s| serves(s, stage, manager, analysis.sets_an_action(s.turn_id)))
                .map(|s| s.turn_id)
                .collect();
            turns.dedup();
            StageCoverage {
                stage,
                covered: !turns.is_empty(),
                turns,
            }
        })
        .collect()
}

/// Whether sentence `s` serves `stage`; `holds_action` when its turn agreed an action.
fn serves(s: &SentenceReading, stage: Stage, manager: &str, holds_action: bool) -> bool {
    let act = s.reading.reading.act;
    match stage {
        Stage::GoalReview => about(s, &[Topic::Goals, Topic::Results]),
        Stage::Process => {
            about(s, &[Topic::Process, Topic::Skills, Topic::Collaboration])
                || analyses_process(&s.reading.text, act)
        }
        Stage::StrengthsAndGaps => s.speaker == manager && act.is_feedback(),
        Stage::DevelopmentAndSupport => {
            holds_action
                || about(s, &[Topic::Development, Topic::Support])
                || (about(s, &[Topic::Wellbeing]) && of_those_talking(&s.reading.text))
        }
    }
}

/// Whether a sentence that names feelings or strain is about the people talking: not
/// reassurance about the talk itself, nor a customer's troubles (主要是常州那家，他们资金紧张,
/// "the client is under a lot of pressure").
fn of_those_talking(text: &str) -> bool {
    !REASSURES.is_match(text) && (PERSONAL.is_match(text) || !THIRD_PARTY.is_match(text))
}

/// Someone other than the speaker and the listener, by a pronoun (a Chinese sentence
/// often drops its subject: 八九月份跑客户太多，晚上回来实在顾不上 is the speaker's strain).
static THIRD_PARTY: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)他们|她们|他|她|对方|\b(?:they|them|their|he|she|his|her|the\s+(?:client|customer|vendor|supplier))\b",
    )
});

/// The speaker or the listener.
static PERSONAL: LazyLock<Regex> =
    LazyLock::new(|| compile(r"我|你|咱|\bI\b|(?i:\b(?:me|my|you|your|we|us|our)\b)"));

/// Whether `s` is about one of `topics`. Praise and criticism count only by a cue: the
/// embedding of a judgement is dominated by its tone, which lands near workload and
/// feelings ("That's a strong half." reads as wellbeing).
fn about(s: &SentenceReading, topics: &[Topic]) -> bool {
    let judges = s.reading.reading.act.is_feedback();
    s.reading.topics.iter().any(|t| {
        topics.contains(&t.topic)
            && t.score >= TOPIC_FLOOR
            && (!judges || cue_matches(t.topic, &s.reading.text))
    })
}

/// A question about how things went, or an account of it that judges no one.
fn analyses_process(text: &str, act: DialogueAct) -> bool {
    match act {
        DialogueAct::OpenQuestion | DialogueAct::ClosedQuestion => ASKS_HOW_IT_WENT.is_match(text),
        DialogueAct::Other => ACCOUNT_OF_EVENTS.is_match(text),
        _ => false,
    }
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("stage patterns are valid; this is a bug")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_about_how_it_went_analyse_the_process() {
        for text in [
            "这两家你最近一次催款是什么时候？",
            "你觉得这两个点主要差在哪里？",
            "How did the Contoso deal slip out of the quarter?",
            "Can you walk me through the outage?",
        ] {
            assert!(analyses_process(text, DialogueAct::OpenQuestion), "{text}");
        }
        for text in ["你接下来想往哪个方向发展？", "Where do you want to grow?"] {
            assert!(!analyses_process(text, DialogueAct::OpenQuestion), "{text}");
        }
    }

    #[test]
    fn an_account_of_causes_analyses_the_process_but_a_verdict_does_not() {
        for text in [
            "主要是常州那家，他们资金紧张，一直在拖。",
            "Legal review took three weeks longer than expected, and I didn't escalate.",
        ] {
            assert!(analyses_process(text, DialogueAct::Other), "{text}");
        }
        assert!(!analyses_process("好的。", DialogueAct::Other));
    }

    #[test]
    fn feelings_serve_development_only_when_they_are_of_those_talking() {
        assert!(!of_those_talking(
            "主要是常州那家，他们资金紧张，一直在拖。"
        ));
        assert!(!of_those_talking("The client is under a lot of pressure."));
        assert!(!of_those_talking("你别有压力，今天就是聊聊。"));
        assert!(of_those_talking("我最近压力挺大的，晚上睡不好。"));
        assert!(of_those_talking("Their churn has me worried, honestly."));
        assert!(of_those_talking("How are you holding up?"));
        assert!(!analyses_process(
            "主要是你没跟进，这个问题很严重。",
            DialogueAct::Criticism
        ));
    }
}
