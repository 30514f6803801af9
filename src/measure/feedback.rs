//! What was said in a conversation, as the models read it: every sentence's act
//! and sentiment, each turn's, the praise and criticism each speaker gave and in
//! which order, how specific it was, how the employee's mood moved, and which of
//! the four stages of a good interview (DOMAIN.md) the conversation covered.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::domain::{CharSpan, Conversation, DialogueAct, Role, Sentiment, Specificity, TurnId};

use super::Analysis;
use super::actions::{ActionItem, accepts};
use super::classify::{Classifier, ClassifyError, TextAnalysis};
use super::evidence::Evidence;
use super::stages::{StageCoverage, stages};

/// One sentence as read, with where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceReading {
    pub turn_id: TurnId,
    pub span: CharSpan,
    pub speaker: String,
    #[serde(flatten)]
    pub reading: TextAnalysis,
}

#[cfg(test)]
impl SentenceReading {
    /// `sentence` of `turn` read with certainty as `act`, neutral in tone: for tests of
    /// what is built on readings.
    pub(crate) fn for_test(
        turn: &crate::domain::Turn,
        sentence: &crate::domain::Sentence,
        act: DialogueAct,
        specificity: Option<Specificity>,
    ) -> SentenceReading {
        use super::understanding::{Reading, Scores};
        SentenceReading {
            turn_id: turn.id,
            span: sentence.span,
            speaker: turn.speaker.clone(),
            reading: TextAnalysis {
                text: sentence.text.clone(),
                language: Some(sentence.language),
                reading: Reading {
                    act,
                    act_scores: Scores(vec![(act, 1.0)]),
                    sentiment: Sentiment::Neutral,
                    sentiment_scores: Scores(vec![(Sentiment::Neutral, 1.0)]),
                    specificity,
                    labelling: false,
                    figure: None,
                },
                specific: None,
                topics: Vec::new(),
                trackers: Vec::new(),
                keyphrases: None,
            },
        }
    }
}

/// A turn's act and sentiment, from its sentences: the most confident act other
/// than `other` (a turn that praises and then chats is praise), and the mean
/// polarity weighted by length.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnReading {
    pub turn_id: TurnId,
    pub speaker: String,
    pub act: DialogueAct,
    pub act_score: f32,
    pub sentiment: Sentiment,
    /// P(positive) − P(negative), in [−1, 1].
    pub polarity: f32,
}

/// The feedback one speaker gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedbackBalance {
    pub speaker: String,
    pub role: Role,
    pub praise: u32,
    pub criticism: u32,
    /// Praise per criticism; null without criticism.
    pub praise_per_criticism: Option<f64>,
    /// Whether the first praise came before the first criticism; null without both.
    pub praise_before_criticism: Option<bool>,
    pub specific: u32,
    pub vague: u32,
    pub first_praise: Option<Evidence>,
    pub first_criticism: Option<Evidence>,
}

/// The employee's sentiment across the conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentimentTrend {
    /// Mean polarity of the employee's turns in the first and second half of them.
    pub first_half: f32,
    pub second_half: f32,
    /// second − first: above 0 the employee ended in better spirits.
    pub change: f32,
    pub turns: Vec<(TurnId, f32)>,
}

/// Everything the models read in one conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConversationReading {
    pub sentences: Vec<SentenceReading>,
    pub turns: Vec<TurnReading>,
    pub feedback: Vec<FeedbackBalance>,
    pub employee_sentiment: Option<SentimentTrend>,
    pub stages: Vec<StageCoverage>,
}

/// Reads every sentence of `conversation` and summarises.
pub fn read_conversation(
    conversation: &Conversation,
    analysis: &Analysis,
    classifier: &Classifier,
) -> Result<ConversationReading, ClassifyError> {
    let mut located = Vec::new();
    for (index, (turn, utterance)) in conversation
        .turns
        .iter()
        .zip(&analysis.utterances)
        .enumerate()
    {
        for sentence in &utterance.sentences {
            located.push((index, turn, sentence));
        }
    }
    let texts: Vec<&str> = located.iter().map(|(_, _, s)| s.text.as_str()).collect();
    let roles: Vec<Option<Role>> = located
        .iter()
        .map(|(_, turn, _)| Some(analysis.roles.role_of(&turn.speaker)))
        .collect();
    let readings = classifier.classify(&texts, &roles)?;
    let sentences: Vec<SentenceReading> = located
        .iter()
        .zip(readings)
        .map(|(&(index, turn, sentence), reading)| {
            let read = SentenceReading {
                turn_id: turn.id,
                span: sentence.span,
                speaker: turn.speaker.clone(),
                reading,
            };
            in_context(read, index, conversation, analysis)
        })
        .collect();
    let turns = turn_readings(&sentences);
    let feedback = analysis
        .roles
        .speakers
        .iter()
        .map(|s| balance(&s.name, s.role, &sentences, conversation))
        .collect();
    let employee = analysis.roles.employee.as_deref();
    Ok(ConversationReading {
        employee_sentiment: employee.and_then(|name| trend(&turns, name)),
        stages: stages(&sentences, analysis),
        sentences,
        turns,
        feedback,
    })
}

/// What the conversation says of a sentence the heads read alone: a plan item set for
/// the listener is a suggestion ([`share_outside_items`]), an acknowledgement no praise
/// ([`acknowledges`]).
fn in_context(
    mut read: SentenceReading,
    turn_index: usize,
    conversation: &Conversation,
    analysis: &Analysis,
) -> SentenceReading {
    let act = read.reading.reading.act;
    if !(act.is_feedback() || act == DialogueAct::Other) {
        return read;
    }
    let turn_text = &conversation.turns[turn_index].text;
    if share_outside_items(&read, &analysis.action_items, turn_text) <= OUTSIDE_ITEMS {
        read.reading = read.reading.with_act(DialogueAct::Suggestion);
    } else if act == DialogueAct::Praise && acknowledges(&read, turn_index, conversation, analysis)
    {
        read.reading = read.reading.with_act(DialogueAct::Other);
    }
    read
}

/// A bare word of approval: "Great.", "OK, perfect.", 嗯，很好。
static APPROVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:ok(?:ay)?|oh|right|yeah|yes|alright|all\s+right|嗯|好|那)[,，、]?\s*)*(?:great|good|perfect|excellent|nice|awesome|lovely|brilliant|wonderful|fantastic|cool|super|很好|不错|太好了|挺好|非常好|真棒|漂亮|棒)[.!。！~～]*$",
    )
    .expect("the approval pattern compiles")
});

/// Whether a bare word of approval only acknowledges: "Great." after an agreement ("Yep,
/// loud and clear.", "Sure, I can have it ready by the end of next week.") or after a
/// turn that sets an action praises no work. After an account ("I closed forty tickets
/// this week.", …我把锁改成了自动续期… — 嗯，很好。) it is praise, as it is within one's
/// own turn.
fn acknowledges(
    read: &SentenceReading,
    turn_index: usize,
    conversation: &Conversation,
    analysis: &Analysis,
) -> bool {
    if !APPROVAL.is_match(read.reading.text.trim()) {
        return false;
    }
    let Some(previous) = turn_index.checked_sub(1) else {
        return true;
    };
    let before = &conversation.turns[previous];
    let reply = &analysis.utterances[previous];
    before.speaker != read.speaker && (accepts(reply) || analysis.sets_an_action(before.id))
}

/// The share of a sentence's characters that may lie outside the action items said in
/// it for another (the listener, or both) and it still be read as those items'
/// suggestion.
const OUTSIDE_ITEMS: f32 = 0.3;

/// How much of `sentence` (letters and digits) lies outside the action items its speaker
/// set for another in it; 1 without any. A sentence the heads read as praise, criticism
/// or other that is, but for a few words, such an item ("Three, you finish
/// cross-training the last two operators by the end of February.", 你先把这个硬骨头啃下来。,
/// 周五前把整改报告发我, "New pars up on the wall by Wednesday.") is a directive, which the
/// data labels suggestion, whatever tone the act head heard in it: a plan is no
/// judgement. On our labelled utterances, each said as a turn and agreed to
/// (`scripts/action-items-on-acts.py`), 205 are such items: 189 suggestions, 8 closed
/// questions (which the heads read as questions), 5 praise or criticism, 1 open question
/// and 2 of the 2,960 labelled other (周末值班怎么排你来定; 下周一你正式转正，手续我来走).
/// On the conversation fixtures five praise or criticism sentences are such items, and a
/// reader calls each a suggestion.
fn share_outside_items(sentence: &SentenceReading, items: &[ActionItem], turn_text: &str) -> f32 {
    let spans: Vec<CharSpan> = items
        .iter()
        .filter(|i| {
            i.evidence.turn_id == sentence.turn_id && i.owner.as_deref() != Some(&sentence.speaker)
        })
        .filter_map(|i| i.evidence.span)
        .collect();
    let (mut counted, mut outside) = (0u32, 0u32);
    for (k, c) in sentence.span.slice(turn_text).chars().enumerate() {
        if c.is_alphanumeric() {
            counted += 1;
            let at = sentence.span.start + k;
            outside += u32::from(!spans.iter().any(|s| s.start <= at && at < s.end));
        }
    }
    if counted == 0 {
        1.0
    } else {
        outside as f32 / counted as f32
    }
}

fn turn_readings(sentences: &[SentenceReading]) -> Vec<TurnReading> {
    let mut out: Vec<TurnReading> = Vec::new();
    for group in sentences.chunk_by(|a, b| a.turn_id == b.turn_id) {
        let best = group
            .iter()
            .filter(|s| s.reading.reading.act != DialogueAct::Other)
            .max_by(|a, b| act_score(a).total_cmp(&act_score(b)));
        let (act, act_score) = best.map_or_else(
            || (DialogueAct::Other, mean(group.iter().map(act_score))),
            |s| (s.reading.reading.act, act_score(s)),
        );
        let weights: Vec<f32> = group.iter().map(|s| s.span.len().max(1) as f32).collect();
        let total: f32 = weights.iter().sum();
        let polarity = group
            .iter()
            .zip(&weights)
            .map(|(s, w)| s.reading.reading.polarity() * w)
            .sum::<f32>()
            / total;
        out.push(TurnReading {
            turn_id: group[0].turn_id,
            speaker: group[0].speaker.clone(),
            act,
            act_score,
            sentiment: sentiment_of(polarity),
            polarity,
        });
    }
    out
}

fn act_score(s: &SentenceReading) -> f32 {
    s.reading.reading.act_scores.get(s.reading.reading.act)
}

fn mean(values: impl Iterator<Item = f32>) -> f32 {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f32 }
}

/// A turn's sentiment from its polarity: neutral within ±1/3.
fn sentiment_of(polarity: f32) -> Sentiment {
    if polarity > 1.0 / 3.0 {
        Sentiment::Positive
    } else if polarity < -1.0 / 3.0 {
        Sentiment::Negative
    } else {
        Sentiment::Neutral
    }
}

fn evidence_of(s: &SentenceReading, conversation: &Conversation) -> Option<Evidence> {
    let turn = conversation.turns.iter().find(|t| t.id == s.turn_id)?;
    Some(Evidence::span(s.turn_id, s.span, &turn.text))
}

fn balance(
    speaker: &str,
    role: Role,
    sentences: &[SentenceReading],
    conversation: &Conversation,
) -> FeedbackBalance {
    let own: Vec<&SentenceReading> = sentences.iter().filter(|s| s.speaker == speaker).collect();
    let of_act = |act: DialogueAct| {
        own.iter()
            .copied()
            .filter(move |s| s.reading.reading.act == act)
    };
    let praise = of_act(DialogueAct::Praise).count() as u32;
    let criticism = of_act(DialogueAct::Criticism).count() as u32;
    let first_praise = of_act(DialogueAct::Praise).next();
    let first_criticism = of_act(DialogueAct::Criticism).next();
    let position = |s: &SentenceReading| sentences.iter().position(|x| std::ptr::eq(x, s));
    let specificity = |wanted: Specificity| {
        own.iter()
            .filter(|s| s.reading.reading.specificity == Some(wanted))
            .count() as u32
    };
    FeedbackBalance {
        speaker: speaker.to_owned(),
        role,
        praise,
        criticism,
        praise_per_criticism: (criticism > 0).then(|| f64::from(praise) / f64::from(criticism)),
        praise_before_criticism: first_praise
            .zip(first_criticism)
            .map(|(p, c)| position(p) < position(c)),
        specific: specificity(Specificity::Specific),
        vague: specificity(Specificity::Vague),
        first_praise: first_praise.and_then(|s| evidence_of(s, conversation)),
        first_criticism: first_criticism.and_then(|s| evidence_of(s, conversation)),
    }
}

fn trend(turns: &[TurnReading], employee: &str) -> Option<SentimentTrend> {
    let points: Vec<(TurnId, f32)> = turns
        .iter()
        .filter(|t| t.speaker == employee)
        .map(|t| (t.turn_id, t.polarity))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let half = points.len() / 2;
    let first_half = mean(points[..half].iter().map(|p| p.1));
    let second_half = mean(points[half..].iter().map(|p| p.1));
    Some(SentimentTrend {
        first_half,
        second_half,
        change: second_half - first_half,
        turns: points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Norms;
    use crate::domain::Metadata;
    use crate::measure::analyze;

    /// One turn: (speaker, text).
    type Line = (&'static str, &'static str);

    /// A conversation between manager M and employee E, measured by the rules.
    fn measured(lines: &[Line]) -> (Conversation, Analysis) {
        let metadata = Metadata {
            manager: Some("M".into()),
            employee: Some("E".into()),
            ..Metadata::default()
        };
        let conversation = Conversation::for_test(metadata, lines);
        let analysis = analyze(&conversation, &Norms::default()).expect("measures");
        (conversation, analysis)
    }

    /// What the conversation makes of the last turn's first sentence, read by the heads
    /// as `act` with certainty.
    fn in_context_of(lines: &[Line], act: DialogueAct) -> DialogueAct {
        let (conversation, analysis) = measured(lines);
        let index = conversation.turns.len() - 1;
        let turn = &conversation.turns[index];
        let sentence = &analysis.utterances[index].sentences[0];
        let read = SentenceReading::for_test(turn, sentence, act, Some(Specificity::Vague));
        in_context(read, index, &conversation, &analysis)
            .reading
            .reading
            .act
    }

    #[test]
    fn an_action_item_set_for_the_listener_is_a_suggestion_not_criticism() {
        let plan = [
            ("E", "好的。"),
            ("M", "I need you to send me the revised forecast by Friday."),
        ];
        assert_eq!(
            in_context_of(&plan, DialogueAct::Criticism),
            DialogueAct::Suggestion
        );
        let lapse = [
            ("E", "好的。"),
            (
                "M",
                "You missed the cut-off again and finance had to redo the deck, so fix the model by Friday.",
            ),
        ];
        assert_eq!(
            in_context_of(&lapse, DialogueAct::Criticism),
            DialogueAct::Criticism
        );
    }

    #[test]
    fn a_directive_the_heads_call_other_is_a_suggestion_and_a_commitment_stays_other() {
        use DialogueAct::{ClosedQuestion, Other, Suggestion};
        let cases: [(&[Line], DialogueAct, DialogueAct); 3] = [
            (
                &[("E", "好的。"), ("M", "周五前把整改报告发我。")],
                Other,
                Suggestion,
            ),
            (
                &[("M", "好的。"), ("E", "周五前我把整改报告发你。")],
                Other,
                Other,
            ),
            (
                &[
                    ("E", "好的。"),
                    ("M", "Can you send me the deck by Friday?"),
                ],
                ClosedQuestion,
                ClosedQuestion,
            ),
        ];
        for (lines, heard, read) in cases {
            assert_eq!(in_context_of(lines, heard), read, "{lines:?}");
        }
    }

    #[test]
    fn approval_after_an_agreement_acknowledges_and_after_an_account_praises() {
        let agreed = [
            ("M", "Can you have the forecast ready by Friday?"),
            ("E", "Sure, I can have it ready by Friday."),
            ("M", "Great."),
        ];
        assert_eq!(
            in_context_of(&agreed, DialogueAct::Praise),
            DialogueAct::Other
        );
        let account = [
            ("M", "How did the quarter go?"),
            ("E", "I closed forty tickets this week."),
            ("M", "Great."),
        ];
        assert_eq!(
            in_context_of(&account, DialogueAct::Praise),
            DialogueAct::Praise
        );
        let fix = [
            ("E", "根因是锁的超时设得太短，我把锁改成了自动续期。"),
            ("M", "嗯，很好。"),
        ];
        assert_eq!(
            in_context_of(&fix, DialogueAct::Praise),
            DialogueAct::Praise
        );
    }
}
