//! Signals in one employee's series of weekly reports (周报): what a careful manager
//! would notice reading eight weeks of them side by side, each with the weeks and the
//! lines it comes from. The agenda turns them into items and the alerts into
//! notifications (issue 6); this module only finds them.
//!
//! Five kinds, all rules over the text (and, for the mood, the stored sentiment score):
//! - [`SignalKind::DecliningSentiment`]: the report's polarity falls for
//!   [`MIN_FALLING_WEEKS`] reports in a row, ending in the latest one, by at least
//!   [`MIN_TOTAL_FALL`] in all. Evidence: each falling week's most negative line (by a
//!   small lexicon of strain: 累, 睡不好, 原地打转, late nights, stretched…).
//! - [`SignalKind::RecurringTopic`]: a term named in problem lines (under a 问题 / 风险 /
//!   阻塞 / "Blockers" heading, or with a word such as 阻塞, 被占, 延期, blocked) in at
//!   least [`MIN_RECURRING_WEEKS`] of the weeks. Chinese terms are the words of the
//!   keyphrase segmenter (jieba with the workplace dictionary, stopwords out); English
//!   terms are runs of one to three content words, lower-cased. A term found in every
//!   week of the series is the employee's everyday vocabulary (their project, their
//!   customer), not a signal.
//! - [`SignalKind::OpenCommitment`]: a promise with a time (下周把…补齐, 月底前完成…,
//!   "I'll … by …") whose object is never named again in a later report. The object's
//!   key terms are those the employee had not used before the promise, so a word of
//!   their daily work ("on-call") does not count as a follow-up.
//! - [`SignalKind::GrowthInterest`]: a line wishing for growth: a growth term (晋升,
//!   技术路线, 带人, 想多接触…, mentor, promotion, career…) with a wish (想, 希望, 愿意,
//!   "I'd", keen…). One signal, one evidence line per week.
//! - [`SignalKind::Highlight`]: a clear win outside the problem lines: a number moving
//!   (40 → 6, 从 1.8s 降到 650ms, 下降 12%, "down from ~40 a week to 6"), a goal beaten
//!   (超过…目标, 提前完成, "target was 300"), praise (表扬, "praised"), something shipped
//!   to everyone (全量上线, "100% of tenants", "shipped"). One signal per week.
//!
//! Only the last [`WINDOW_WEEKS`] weeks before the latest report are read. Summaries are
//! in the series' language (English when the reports are English, Chinese otherwise).
//! Deterministic: the same series gives the same signals in the same order (mood,
//! recurring topics, commitments, growth, highlights; weeks ascending within each).
//!
//! Not here: conversations (a topic never discussed is the agenda's `topic_gap`), action
//! items agreed in a conversation (`measure::actions`), and the sentiment model
//! (`measure::report` gives the polarity this module is handed).

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::measure::keyphrases::{ChineseKeyphrases, english_candidates};
use crate::normalize::{contains_word, report_lines};
use crate::store::IsoWeek;

use super::Lang;

/// Weeks read, counting back from the latest report: the agenda's default look-back
/// (issue 6), two months, long enough for a pattern and short enough to be current.
pub const WINDOW_WEEKS: i64 = 8;

/// Reports in a row, each with a lower polarity than the one before, that make a
/// decline: three, as issue 6 and the articles put it ("declining for several weeks in
/// a row"); two falls are ordinary week-to-week noise. One better week may sit inside
/// the run when it stays below where the run started (`falling_run`).
pub const MIN_FALLING_WEEKS: usize = 3;

/// Least fall from one report to the next that counts: a step of a hundredth is
/// rounding. A mood sliding slowly moves by only a few hundredths in some weeks
/// (the demo's 王磊, −0.145 → −0.160 in W38), so the step is small and the whole
/// run's fall, [`MIN_TOTAL_FALL`], is what keeps week-to-week noise out.
pub const MIN_WEEKLY_FALL: f32 = 0.01;

/// Least fall over the whole run (polarity is in [−1, 1]): three tiny steps down are
/// not a change of mood worth a manager's attention.
pub const MIN_TOTAL_FALL: f32 = 0.3;

/// Weeks of the window a problem term must appear in to recur: half of eight, so a
/// blocker named every other week counts, one named in a bad fortnight does not.
pub const MIN_RECURRING_WEEKS: usize = 4;

/// Most recurring topics reported for one series: the agenda has room for a few, and
/// past three they are usually facets of the same trouble.
pub const MAX_RECURRING_TOPICS: usize = 3;

/// Most lines quoted for one week of a highlight: the win, and perhaps a second one.
pub const MAX_HIGHLIGHT_LINES: usize = 2;

/// Everyday words of English reports that are not topics: days, months, time units.
const ENGLISH_TIME_WORDS: [&str; 24] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "week",
    "weeks",
    "weekend",
    "day",
    "days",
    "today",
    "tomorrow",
    "yesterday",
    "month",
    "months",
    "morning",
    "afternoon",
    "evening",
    "night",
    "hour",
    "hours",
    "time",
];

static KEYPHRASES: LazyLock<ChineseKeyphrases> = LazyLock::new(ChineseKeyphrases::new);

/// One week's report as the signals read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekReport<'a> {
    pub week: IsoWeek,
    pub text: &'a str,
    /// The stored reading's sentiment score in [−1, 1] when the models ran.
    pub polarity: Option<f32>,
}

/// What a signal is about; serialised in snake_case (`declining_sentiment`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    DecliningSentiment,
    RecurringTopic,
    OpenCommitment,
    GrowthInterest,
    Highlight,
}

/// One line of one report that a signal rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignalEvidence {
    pub week: IsoWeek,
    pub quote: String,
}

/// Something in the series a manager should see, with where it was written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    pub kind: SignalKind,
    /// One sentence in the reports' language.
    pub summary: String,
    /// The term a recurring topic or an open commitment is about, as written
    /// (测试环境, ShipBridge, 接口文档, runbook); for keys and de-duplication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Weeks ascending.
    pub evidence: Vec<SignalEvidence>,
}

/// The signals in one employee's weekly reports, in any order of weeks.
pub fn report_signals(reports: &[WeekReport<'_>]) -> Vec<Signal> {
    let Some(latest) = reports.iter().map(|r| r.week).max() else {
        return Vec::new();
    };
    let first_day = latest.monday() - chrono::Duration::weeks(WINDOW_WEEKS - 1);
    let mut window: Vec<&WeekReport<'_>> = reports
        .iter()
        .filter(|r| r.week.monday() >= first_day)
        .collect();
    window.sort_by_key(|r| r.week);
    let all_text: String = window.iter().map(|r| r.text).collect::<Vec<_>>().join("\n");
    let language = Lang::of_text_or(&all_text, Lang::Zh);
    let series = Series {
        language,
        weeks: window
            .iter()
            .map(|r| Report {
                week: r.week,
                text: r.text,
                polarity: r.polarity,
                lines: lines(r.text),
            })
            .collect(),
    };
    let mut signals = Vec::new();
    signals.extend(declining_sentiment(&series));
    signals.extend(recurring_topics(&series));
    signals.extend(open_commitments(&series));
    signals.extend(growth_interest(&series));
    signals.extend(highlights(&series));
    signals
}

/// The window, weeks ascending, each split into lines.
struct Series<'a> {
    language: Lang,
    weeks: Vec<Report<'a>>,
}

/// One week of the window: its report and the report's lines.
struct Report<'a> {
    week: IsoWeek,
    text: &'a str,
    polarity: Option<f32>,
    lines: Vec<Line<'a>>,
}

/// The part of a report a line sits in, by its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Done,
    InProgress,
    Problems,
    Plan,
    Thoughts,
    Other,
}

/// One line of a report without its heading label or list marker.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    content: &'a str,
    section: Section,
}

impl Line<'_> {
    /// Under a problems heading or naming a problem, and not "none".
    fn is_problem(&self) -> bool {
        !NONE.is_match(self.content)
            && (self.section == Section::Problems || PROBLEM_WORDS.is_match(self.content))
    }
}

/// A problems line that says there is none.
static NONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:暂无|无|没有|none|nothing|n/?a)(?:\s*(?:this week|本周|这周))?\s*[。.!！]?$",
    )
    .expect("valid regex")
});

/// Words that make a line a problem wherever it stands.
static PROBLEM_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)阻塞|卡住|卡在|被占|风险|延期|推迟|来不及|拖慢|\bblock(?:ed|er|ers|ing)\b|\bstuck\b|\bdelayed\b|\bat risk\b")
        .expect("valid regex")
});

/// The lines of a report with the section each belongs to. A heading with nothing after
/// it (`问题与风险：`) opens a section for the lines below it; a heading with text on
/// the same line (`Blockers: …`) covers that line only.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut open: Option<Section> = None;
    for line in report_lines(text) {
        let section = if line.label.is_empty() {
            open.unwrap_or(Section::Other)
        } else {
            let section = section_of(line.label);
            open = line.content.is_empty().then_some(section);
            section
        };
        if !line.content.is_empty() {
            out.push(Line {
                content: line.content,
                section,
            });
        }
    }
    out
}

fn section_of(label: &str) -> Section {
    let label = label.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| label.contains(w));
    if has(&[
        "问题", "风险", "阻塞", "困难", "blocker", "risk", "issue", "concern",
    ]) {
        Section::Problems
    } else if has(&["计划", "next", "plan"]) {
        Section::Plan
    } else if has(&["进行中", "progress"]) {
        Section::InProgress
    } else if has(&["完成", "done", "shipped"]) {
        Section::Done
    } else if has(&["想法", "想聊", "thought", "idea"]) {
        Section::Thoughts
    } else {
        Section::Other
    }
}

// ---------------------------------------------------------------------------------
// Declining sentiment

/// Words of strain that make a line the most negative of its week.
static STRAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)累|睡不|原地打转|看不到|不知道什么时候|没把握|不太有把握|状态不|晚上|十点|\d+\s*点多|周末|加班|推倒|改了[一二三四五六两\d]+次|抽不出|搁着|顾不过来|压力|焦虑|担心|反复|又被|延期|风险|\btired\b|exhaust|stretched|late nights?|evenings?|weekend|long week|\bstuck\b|frustrat|worr|no answer|no reply|at risk|\brisk\b|honestly|pages?\b",
    )
    .expect("valid regex")
});

/// A run of weekly polarities that ends in the latest week.
struct FallingRun {
    /// Index of the week the run falls from.
    start: usize,
    /// Indices of the weeks that fell from the week before.
    falling: Vec<usize>,
}

impl FallingRun {
    /// Weeks inside the run that rose or held.
    fn bumps(&self, weeks: usize) -> usize {
        weeks - 1 - self.start - self.falling.len()
    }
}

/// Counting back from the latest week: the falls in a row, letting up to `bumps`
/// weeks rise or hold inside the run, as long as the run starts at its highest week
/// and ends at its lowest. One better week does not end a slide (the demo's 王磊:
/// +0.18, −0.26, −0.32, −0.14, −0.61); a recovery does.
fn falling_run(scored: &[(&Report<'_>, f32)], bumps: usize) -> Option<FallingRun> {
    let fell = |i: usize| scored[i].1 <= scored[i - 1].1 - MIN_WEEKLY_FALL;
    let mut start = scored.len().checked_sub(1)?;
    let mut held = 0;
    while start > 0 {
        if !fell(start) {
            if held == bumps {
                break;
            }
            held += 1;
        }
        start -= 1;
    }
    let highest_from = |i: usize| scored[i + 1..].iter().all(|(_, p)| *p < scored[i].1);
    while start + 1 < scored.len() && !(fell(start + 1) && highest_from(start)) {
        start += 1;
    }
    let latest = scored[scored.len() - 1].1;
    if scored[start..].iter().any(|(_, p)| *p < latest) {
        return None;
    }
    Some(FallingRun {
        start,
        falling: (start + 1..scored.len()).filter(|&i| fell(i)).collect(),
    })
}

fn declining_sentiment(series: &Series<'_>) -> Option<Signal> {
    let scored: Vec<(&Report<'_>, f32)> = series
        .weeks
        .iter()
        .filter_map(|w| w.polarity.map(|p| (w, p)))
        .collect();
    let (last, _) = scored.last()?;
    if last.week != series.weeks.last()?.week {
        return None;
    }
    let run = falling_run(&scored, 0)
        .filter(|run| run.falling.len() >= MIN_FALLING_WEEKS)
        .or_else(|| falling_run(&scored, 1))?;
    let start = run.start;
    let falls = run.falling.len();
    let total = scored[start].1 - scored[scored.len() - 1].1;
    if falls < MIN_FALLING_WEEKS || total < MIN_TOTAL_FALL {
        return None;
    }
    let falling: Vec<&(&Report<'_>, f32)> = run.falling.iter().map(|&i| &scored[i]).collect();
    let evidence: Vec<SignalEvidence> = falling
        .iter()
        .filter_map(|(week, _)| {
            most_negative_line(week).map(|line| SignalEvidence {
                week: week.week,
                quote: line.content.to_owned(),
            })
        })
        .collect();
    let (from, to) = (falling[0].0.week, last.week);
    let (first, latest) = (scored[start].1, scored[scored.len() - 1].1);
    let weeks = scored.len() - 1 - start;
    let summary = match (series.language, run.bumps(scored.len())) {
        (Lang::Zh, 0) => format!(
            "周报情绪从 {from} 到 {to} 连续 {falls} 周走低（{first:+.2} → {latest:+.2}），值得关心一下状态和工作量"
        ),
        (Lang::Zh, _) => format!(
            "周报情绪从 {from} 到 {to} 的 {weeks} 周里有 {falls} 周走低（{first:+.2} → {latest:+.2}），值得关心一下状态和工作量"
        ),
        (Lang::En, 0) => format!(
            "Report sentiment fell {falls} weeks in a row, {from} to {to} ({first:+.2} → {latest:+.2}); worth a wellbeing and workload check-in"
        ),
        (Lang::En, _) => format!(
            "Report sentiment fell in {falls} of the {weeks} weeks from {from} to {to} ({first:+.2} → {latest:+.2}); worth a wellbeing and workload check-in"
        ),
    };
    Some(Signal {
        kind: SignalKind::DecliningSentiment,
        summary,
        subject: None,
        evidence,
    })
}

/// The line of a week with the most strain: most strain words, problem lines first on a
/// tie, then lines that are no win, then the earliest; without any strain word, the
/// first problem line, else the first line that is no win.
fn most_negative_line<'a>(week: &Report<'a>) -> Option<Line<'a>> {
    week.lines
        .iter()
        .enumerate()
        .filter(|(_, line)| !NONE.is_match(line.content))
        .max_by_key(|&(index, line)| {
            (
                STRAIN.find_iter(line.content).count(),
                line.is_problem(),
                !WIN.is_match(line.content),
                std::cmp::Reverse(index),
            )
        })
        .map(|(_, line)| *line)
}

// ---------------------------------------------------------------------------------
// Recurring topics

/// The terms of a piece of text in the series' language: jieba content words, or
/// English runs of content words without time words; lower-cased for English.
fn terms(language: Lang, text: &str) -> BTreeSet<String> {
    match language {
        Lang::Zh => KEYPHRASES
            .content_words(text)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        Lang::En => english_candidates(text, usize::MAX)
            .into_iter()
            .filter(|c| !c.split(' ').any(|w| ENGLISH_TIME_WORDS.contains(&w)))
            .collect(),
    }
}

fn recurring_topics(series: &Series<'_>) -> Vec<Signal> {
    let everyday: Option<BTreeSet<String>> = series
        .weeks
        .iter()
        .map(|w| terms(series.language, w.text))
        .reduce(|a, b| a.intersection(&b).cloned().collect());
    let everyday = everyday.unwrap_or_default();
    // term → per week (index into series.weeks) the first problem line naming it.
    let mut named: HashMap<String, Vec<(usize, Line<'_>)>> = HashMap::new();
    for (index, week) in series.weeks.iter().enumerate() {
        for line in week.lines.iter().filter(|l| l.is_problem()) {
            for term in terms(series.language, line.content) {
                if everyday.contains(&term) {
                    continue;
                }
                let weeks = named.entry(term).or_default();
                if weeks.last().is_none_or(|&(last, _)| last != index) {
                    weeks.push((index, *line));
                }
            }
        }
    }
    let mut candidates: Vec<(String, Vec<(usize, Line<'_>)>)> = named
        .into_iter()
        .filter(|(_, weeks)| weeks.len() >= MIN_RECURRING_WEEKS)
        .collect();
    // Most weeks first, then the more specific (longer) phrase, then the earliest.
    candidates.sort_by(|(a, wa), (b, wb)| {
        wb.len()
            .cmp(&wa.len())
            .then(b.split(' ').count().cmp(&a.split(' ').count()))
            .then(wa[0].0.cmp(&wb[0].0))
            .then(a.cmp(b))
    });
    let mut quoted: Vec<(usize, &str)> = Vec::new();
    let mut signals = Vec::new();
    for (term, weeks) in candidates {
        // A term whose every line is already quoted adds nothing to the topic before it.
        if weeks
            .iter()
            .all(|(index, line)| quoted.contains(&(*index, line.content)))
        {
            continue;
        }
        quoted.extend(weeks.iter().map(|(index, line)| (*index, line.content)));
        let subject = as_written(&term, weeks[0].1.content);
        let listed: Vec<String> = weeks
            .iter()
            .map(|(index, _)| series.weeks[*index].week.to_string())
            .collect();
        let (count, total) = (weeks.len(), series.weeks.len());
        let summary = match series.language {
            Lang::Zh => format!(
                "“{subject}”在近 {total} 周里有 {count} 周作为问题或风险出现（{}）",
                listed.join("、")
            ),
            Lang::En => format!(
                "“{subject}” comes up as a blocker or problem in {count} of the last {total} weeks ({})",
                listed.join(", ")
            ),
        };
        signals.push(Signal {
            kind: SignalKind::RecurringTopic,
            summary,
            subject: Some(subject),
            evidence: weeks
                .iter()
                .map(|(index, line)| SignalEvidence {
                    week: series.weeks[*index].week,
                    quote: line.content.to_owned(),
                })
                .collect(),
        });
        if signals.len() == MAX_RECURRING_TOPICS {
            break;
        }
    }
    signals
}

/// `term` (lower-cased English) in the case `line` writes it, when it can be found.
fn as_written(term: &str, line: &str) -> String {
    let lower = line.to_lowercase();
    match lower.find(term) {
        Some(at) if lower.len() == line.len() => line[at..at + term.len()].to_owned(),
        _ => term.to_owned(),
    }
}

// ---------------------------------------------------------------------------------
// Open commitments

/// A Chinese promise with a time: the time, then 把 or a verb of finishing, then what.
static COMMITMENT_ZH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:下周[一二三四五六日天]?|本周[一二三四五六日天]?|这周[一二三四五六日天]?|月底前?|月中前?|周[一二三四五六日天]前|\d{1,2}\s*月\s*\d{1,2}\s*[日号]前|节后)(?:之前|以前)?[^，,。；;]{0,6}?(?:把([^，,。；;]+)|(?:补齐|完成|整理好?|写完|补上)([^，,。；;]+))",
    )
    .expect("valid regex")
});

/// An English promise with a due: "I'll … by …".
static COMMITMENT_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:I'll|I’ll|I will|I'm going to|I’m going to|I am going to|I plan to)\s+(.+?)\s+by\s+[^.;!?]+",
    )
    .expect("valid regex")
});

/// Verbs that end the object of a Chinese promise (接口文档|补齐).
static FINISHING_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"补齐|补上|完成|整理|写完|写好|拆成|拆分|发给|过一遍|对一遍|做完|梳理|定死|上线|提测",
    )
    .expect("valid regex")
});

/// The verb (and particle) leading an English promise's object ("write up").
static LEADING_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\w+(?:\s+(?:up|out|down|through|over|together|in))?\s+").expect("valid regex")
});

/// A promise found in a report: the sentence and the words of what was promised.
struct Commitment {
    quote: String,
    object: String,
}

fn commitments_in(language: Lang, line: &str) -> Vec<Commitment> {
    let mut found = Vec::new();
    for sentence in sentences(line) {
        match language {
            Lang::Zh => {
                for caps in COMMITMENT_ZH.captures_iter(sentence) {
                    let Some(what) = caps.get(1).or_else(|| caps.get(2)) else {
                        continue;
                    };
                    let clause = caps.get(0).map_or("", |m| m.as_str());
                    // Reported, not promised: 已经…, …了.
                    if clause.contains('已') || clause.contains('了') {
                        continue;
                    }
                    let what = what.as_str();
                    let object = FINISHING_VERB
                        .find(what)
                        .map(|verb| &what[..verb.start()])
                        .filter(|object| !KEYPHRASES.content_words(object).is_empty())
                        .unwrap_or(what);
                    found.push(Commitment {
                        quote: sentence.to_owned(),
                        object: object.trim().to_owned(),
                    });
                }
            }
            Lang::En => {
                for caps in COMMITMENT_EN.captures_iter(sentence) {
                    let Some(what) = caps.get(1) else { continue };
                    let object = LEADING_VERB.replace(what.as_str(), "");
                    found.push(Commitment {
                        quote: sentence.to_owned(),
                        object: object.trim().to_owned(),
                    });
                }
            }
        }
    }
    found
}

/// The sentences of a line: split after 。！？；, or after . ! ? ; followed by a space.
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let end = at + c.len_utf8();
        let ends = match c {
            '。' | '！' | '？' | '；' => true,
            '.' | '!' | '?' | ';' => chars.peek().is_none_or(|&(_, next)| next.is_whitespace()),
            _ => false,
        };
        if ends {
            let sentence = line[start..end].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = end;
        }
    }
    let rest = line[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Whether `text` names `term`: as a substring in Chinese, as whole words (any case) in
/// English.
fn mentions(language: Lang, text: &str, term: &str) -> bool {
    match language {
        Lang::Zh => text.contains(term),
        Lang::En => contains_word(text, term),
    }
}

/// Single words of a promise's object (no phrases: a follow-up may word it differently).
fn object_words(language: Lang, object: &str) -> Vec<String> {
    match language {
        Lang::Zh => KEYPHRASES
            .content_words(object)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        Lang::En => terms(language, object)
            .into_iter()
            .filter(|t| !t.contains(' '))
            .collect(),
    }
}

fn open_commitments(series: &Series<'_>) -> Vec<Signal> {
    let language = series.language;
    let mut signals = Vec::new();
    // The latest week has no later one to follow a promise up in.
    let Some((_, earlier)) = series.weeks.split_last() else {
        return signals;
    };
    for (index, week) in earlier.iter().enumerate() {
        let before = &series.weeks[..index];
        let after = &series.weeks[index + 1..];
        for line in &week.lines {
            for commitment in commitments_in(language, line.content) {
                let words = object_words(language, &commitment.object);
                if words.is_empty() {
                    continue;
                }
                // Key terms: the object's words new in this week; its words of daily work
                // (named in earlier weeks) would pass for a follow-up they are not.
                let new: Vec<&String> = words
                    .iter()
                    .filter(|w| !before.iter().any(|b| mentions(language, b.text, w)))
                    .collect();
                let keys: Vec<&String> = if new.is_empty() {
                    words.iter().collect()
                } else {
                    new
                };
                let followed = keys
                    .iter()
                    .any(|k| after.iter().any(|a| mentions(language, a.text, k)));
                if followed {
                    continue;
                }
                let subject = as_written(keys[0], &commitment.quote);
                let summary = match language {
                    Lang::Zh => format!(
                        "{} 周报里的承诺“{}”，之后的周报再没提到“{subject}”",
                        week.week, commitment.quote
                    ),
                    Lang::En => format!(
                        "A commitment in the {} report, “{}”, is not mentioned in any later report (“{subject}”)",
                        week.week, commitment.quote
                    ),
                };
                signals.push(Signal {
                    kind: SignalKind::OpenCommitment,
                    summary,
                    subject: Some(subject),
                    evidence: vec![SignalEvidence {
                        week: week.week,
                        quote: commitment.quote,
                    }],
                });
            }
        }
    }
    signals
}

// ---------------------------------------------------------------------------------
// Growth interest

/// Terms of growth and development.
static GROWTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)晋升|升职|职级|资深|技术路线|管理路线|发展方向|职业|成长|带人|带新人|多带|带一个|带团队|带项目|想多接触|多接触|架构设计|转岗|导师|\bmentor\w*|\bpromot\w*|\bcareer\b|\bgrowth\b|\bgrow\b|\btech lead\b|\bteam lead\b|\blead (?:a|the|more)\b|\bstretch\b|\bdevelopment plan\b|\blearn more about\b",
    )
    .expect("valid regex")
});

/// A wish or an ask: the line wants something, it does not report it.
static WISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)想|希望|愿意|有没有机会|能不能|期待|\bI'd\b|\bI’d\b|\bI would\b|\bkeen\b|\blike to\b|\bwant\w*\b|\binterested\b|\bglad to\b|\bhope\w*\b|\bwish\w*\b",
    )
    .expect("valid regex")
});

fn growth_interest(series: &Series<'_>) -> Option<Signal> {
    let evidence: Vec<SignalEvidence> = series
        .weeks
        .iter()
        .filter_map(|week| {
            week.lines
                .iter()
                .find(|l| GROWTH.is_match(l.content) && WISH.is_match(l.content))
                .map(|line| SignalEvidence {
                    week: week.week,
                    quote: line.content.to_owned(),
                })
        })
        .collect();
    let first = evidence.first()?.week;
    let count = evidence.len();
    let summary = match series.language {
        Lang::Zh => format!("从 {first} 起有 {count} 周的周报提到成长和发展方向的想法"),
        Lang::En => format!(
            "Growth or development comes up in {count} report{} since {first}",
            if count == 1 { "" } else { "s" }
        ),
    };
    Some(Signal {
        kind: SignalKind::GrowthInterest,
        summary,
        subject: None,
        evidence,
    })
}

// ---------------------------------------------------------------------------------
// Highlights

/// A clear win: a number moving, a goal beaten, praise, a full rollout.
static WIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \d[\d.]*\s*[%a-zA-Z\p{Han}/]{0,4}\s*(?:→|->|降到|降至|提到|提升到|提高到|缩短到|减少到|降低到)\s*[~约]?\d
        | (?:下降|降了|降低|缩短|提升|提高|提速|减少|少了|降)约?\s*\d[\d.]*\s*%
        | 超过了?[^，。；]{0,6}目标 | 超出预期 | 提前完成 | 比计划多 | 效果比预期好 | 零\s*P[01]
        | 表扬 | 点赞 | 好评 | 全量上线
        | \bfrom\s+~?\d[\d.,]*[^.;]{0,20}?\bto\s+~?\d
        | \b(?:down|up)\s+(?:about\s+|by\s+)?~?\d[\d.]*\s*%
        | \btarget\s+was\b | \bahead\s+of\s+schedule\b | \bshipped\b | \b100%\s+of\b
        | \bpassed\s+at\s+\d | \bpraised\b | \bthanked\b | \bkudos\b
        ",
    )
    .expect("valid regex")
});

fn highlights(series: &Series<'_>) -> Vec<Signal> {
    series
        .weeks
        .iter()
        .filter_map(|week| {
            let wins: Vec<&Line<'_>> = week
                .lines
                .iter()
                .filter(|l| !l.is_problem() && WIN.is_match(l.content))
                .take(MAX_HIGHLIGHT_LINES)
                .collect();
            let first = wins.first()?;
            let summary = match series.language {
                Lang::Zh => format!("{} 的亮点：{}", week.week, first.content),
                Lang::En => format!("A win in {}: {}", week.week, first.content),
            };
            Some(Signal {
                kind: SignalKind::Highlight,
                summary,
                subject: None,
                evidence: wins
                    .iter()
                    .map(|line| SignalEvidence {
                        week: week.week,
                        quote: line.content.to_owned(),
                    })
                    .collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORTS: &str = include_str!("../../fixtures/demo/reports.jsonl");

    #[derive(serde::Deserialize)]
    struct Row {
        employee: String,
        week: String,
        text: String,
    }

    fn rows() -> Vec<Row> {
        REPORTS
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("fixture line is JSON"))
            .collect()
    }

    fn week(text: &str) -> IsoWeek {
        text.parse().expect("fixture week")
    }

    /// One employee's signals with the polarity `polarity(week index)`.
    fn signals_of(employee: &str, polarity: impl Fn(usize) -> Option<f32>) -> Vec<Signal> {
        let rows: Vec<Row> = rows()
            .into_iter()
            .filter(|r| r.employee == employee)
            .collect();
        assert_eq!(rows.len(), 8, "{employee}");
        let reports: Vec<WeekReport<'_>> = rows
            .iter()
            .enumerate()
            .map(|(index, row)| WeekReport {
                week: week(&row.week),
                text: &row.text,
                polarity: polarity(index),
            })
            .collect();
        report_signals(&reports)
    }

    fn without_models(employee: &str) -> Vec<Signal> {
        signals_of(employee, |_| None)
    }

    fn of_kind(signals: &[Signal], kind: SignalKind) -> Vec<&Signal> {
        signals.iter().filter(|s| s.kind == kind).collect()
    }

    fn weeks_of(signal: &Signal) -> Vec<String> {
        signal.evidence.iter().map(|e| e.week.to_string()).collect()
    }

    #[test]
    fn zhang_wei_test_environment_recurs_and_the_api_docs_promise_is_left_open() {
        let signals = without_models("张伟");
        let recurring = of_kind(&signals, SignalKind::RecurringTopic);
        let environment = recurring
            .iter()
            .find(|s| s.summary.contains("测试环境"))
            .unwrap_or_else(|| panic!("{recurring:#?}"));
        assert_eq!(environment.subject.as_deref(), Some("测试环境"));
        assert_eq!(
            weeks_of(environment),
            ["2026-W33", "2026-W35", "2026-W36", "2026-W38", "2026-W40"]
        );
        assert!(
            environment
                .evidence
                .iter()
                .all(|e| e.quote.contains("测试环境"))
        );

        let open = of_kind(&signals, SignalKind::OpenCommitment);
        assert_eq!(open.len(), 1, "{open:#?}");
        assert_eq!(weeks_of(open[0]), ["2026-W34"]);
        assert!(
            open[0].evidence[0].quote.contains("下周把接口文档补齐"),
            "{open:#?}"
        );
        assert_eq!(open[0].subject.as_deref(), Some("接口文档"));
        assert!(open[0].summary.contains("接口文档"));

        assert!(of_kind(&signals, SignalKind::GrowthInterest).is_empty());
        let highlights = of_kind(&signals, SignalKind::Highlight);
        assert!(
            highlights
                .iter()
                .any(|h| h.evidence[0].quote.contains("99.6%")),
            "{highlights:#?}"
        );
    }

    #[test]
    fn li_na_asks_about_growth_and_has_wins() {
        let signals = without_models("李娜");
        let growth = of_kind(&signals, SignalKind::GrowthInterest);
        assert_eq!(growth.len(), 1);
        assert_eq!(
            weeks_of(growth[0]),
            ["2026-W37", "2026-W38", "2026-W39", "2026-W40"]
        );
        assert!(growth[0].evidence[2].quote.contains("晋升"));
        let highlights = of_kind(&signals, SignalKind::Highlight);
        assert!(highlights.len() >= 3, "{highlights:#?}");
        assert!(highlights.iter().any(|h| {
            h.evidence
                .iter()
                .any(|e| e.quote.contains("40 分钟降到 6 分钟"))
        }));
        assert!(of_kind(&signals, SignalKind::RecurringTopic).is_empty());
        assert!(of_kind(&signals, SignalKind::OpenCommitment).is_empty());
        assert!(of_kind(&signals, SignalKind::DecliningSentiment).is_empty());
    }

    #[test]
    fn liu_yang_the_control_shows_no_problem_signal() {
        let signals = without_models("刘洋");
        for kind in [
            SignalKind::RecurringTopic,
            SignalKind::OpenCommitment,
            SignalKind::GrowthInterest,
            SignalKind::DecliningSentiment,
        ] {
            assert!(of_kind(&signals, kind).is_empty(), "{signals:#?}");
        }
    }

    #[test]
    fn emily_carter_shipbridge_recurs_and_the_runbook_is_left_open() {
        let signals = without_models("Emily Carter");
        let recurring = of_kind(&signals, SignalKind::RecurringTopic);
        let vendor = recurring
            .iter()
            .find(|s| s.summary.contains("ShipBridge"))
            .unwrap_or_else(|| panic!("{recurring:#?}"));
        assert_eq!(vendor.subject.as_deref(), Some("ShipBridge"));
        assert_eq!(
            weeks_of(vendor),
            ["2026-W35", "2026-W36", "2026-W38", "2026-W39"]
        );

        let open = of_kind(&signals, SignalKind::OpenCommitment);
        assert_eq!(open.len(), 1, "{open:#?}");
        assert_eq!(weeks_of(open[0]), ["2026-W35"]);
        assert_eq!(
            open[0].evidence[0].quote,
            "I'll write up the on-call runbook by end of month."
        );
        assert_eq!(open[0].subject.as_deref(), Some("runbook"));
        assert!(
            open[0].summary.starts_with("A commitment"),
            "English summary"
        );

        let growth = of_kind(&signals, SignalKind::GrowthInterest);
        assert_eq!(growth.len(), 1);
        assert_eq!(weeks_of(growth[0]), ["2026-W37", "2026-W40"]);
        assert!(!of_kind(&signals, SignalKind::Highlight).is_empty());
    }

    #[test]
    fn wang_lei_declines_from_w37_with_his_most_strained_lines() {
        // Upbeat for four weeks, then lower each week: a made-up polarity.
        let signals = signals_of("王磊", |i| {
            Some(if i < 4 {
                0.5
            } else {
                0.4 - 0.25 * (i - 4) as f32
            })
        });
        let declining = of_kind(&signals, SignalKind::DecliningSentiment);
        assert_eq!(declining.len(), 1, "{signals:#?}");
        assert_eq!(
            weeks_of(declining[0]),
            ["2026-W37", "2026-W38", "2026-W39", "2026-W40"]
        );
        let quotes: Vec<&str> = declining[0]
            .evidence
            .iter()
            .map(|e| e.quote.as_str())
            .collect();
        assert!(quotes[1].contains("晚上十点以后"), "{quotes:?}");
        assert!(quotes[2].contains("原地打转"), "{quotes:?}");
        assert!(quotes[3].contains("有点累"), "{quotes:?}");
        assert!(
            declining[0].summary.contains("连续 4 周"),
            "{}",
            declining[0].summary
        );
        assert!(of_kind(&signals, SignalKind::OpenCommitment).is_empty());
        assert!(of_kind(&signals, SignalKind::GrowthInterest).is_empty());
    }

    #[test]
    fn zhang_weis_up_and_down_mood_is_no_decline() {
        // 张伟's up-and-down mood (README: 0 0 − − + − 0 −) has no run of falls.
        let mood = [0.0, 0.0, -0.4, -0.4, 0.5, -0.4, 0.0, -0.4];
        let signals = signals_of("张伟", |i| Some(mood[i]));
        assert!(of_kind(&signals, SignalKind::DecliningSentiment).is_empty());
    }

    fn synthetic(polarities: &[f32]) -> Vec<Signal> {
        let reports: Vec<WeekReport<'_>> = polarities
            .iter()
            .enumerate()
            .map(|(i, &p)| WeekReport {
                week: IsoWeek::new(2026, 33 + i as u32).expect("week exists"),
                text: "本周完成：接口开发。\n问题与风险：暂无。",
                polarity: Some(p),
            })
            .collect();
        report_signals(&reports)
            .into_iter()
            .filter(|s| s.kind == SignalKind::DecliningSentiment)
            .collect()
    }

    #[test]
    fn a_steady_fall_into_the_latest_week_is_a_decline() {
        let found = synthetic(&[0.6, 0.5, 0.2, -0.1, -0.4]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            weeks_of(&found[0]),
            ["2026-W34", "2026-W35", "2026-W36", "2026-W37"]
        );
        assert_eq!(synthetic(&[0.6, 0.3, 0.1, -0.2]).len(), 1, "three falls");
    }

    #[test]
    fn one_better_week_inside_a_slide_is_still_a_decline() {
        let found = synthetic(&[0.2, 0.2, -0.1, 0.18, -0.26, -0.32, -0.14, -0.61]);
        assert_eq!(found.len(), 1);
        assert_eq!(weeks_of(&found[0]), ["2026-W37", "2026-W38", "2026-W40"]);
        assert!(
            found[0].summary.contains("4 周里有 3 周走低"),
            "{}",
            found[0].summary
        );
        // Two better weeks, or one that climbs back over the start, end the slide.
        assert!(synthetic(&[0.2, -0.1, 0.0, -0.2, -0.1, -0.5]).is_empty());
        assert!(synthetic(&[0.2, -0.1, -0.2, 0.3, -0.3, -0.5]).is_empty());
    }

    #[test]
    fn flat_dipping_short_or_recovered_series_are_no_decline() {
        for series in [
            &[0.4, 0.4, 0.4, 0.4, 0.4][..],
            &[0.5, 0.5, -0.5, 0.5, 0.5],
            &[0.5, 0.5, 0.5, 0.1],
            &[0.6, 0.3, 0.0],
            &[0.6, 0.3, 0.0, -0.3, 0.2],
            &[0.40, 0.39, 0.38, 0.37, 0.36],
            &[],
        ] {
            assert!(synthetic(series).is_empty(), "{series:?}");
        }
    }

    #[test]
    fn a_latest_week_without_a_reading_ends_no_decline() {
        let mut reports: Vec<WeekReport<'_>> = [0.6, 0.4, 0.2, 0.0]
            .iter()
            .enumerate()
            .map(|(i, &p)| WeekReport {
                week: IsoWeek::new(2026, 33 + i as u32).expect("week exists"),
                text: "本周完成：接口开发。",
                polarity: Some(p),
            })
            .collect();
        assert_eq!(report_signals(&reports).len(), 1);
        reports.push(WeekReport {
            week: week("2026-W37"),
            text: "本周完成：接口开发。",
            polarity: None,
        });
        assert!(report_signals(&reports).is_empty());
    }

    #[test]
    fn order_of_input_does_not_matter_and_output_is_deterministic() {
        let rows: Vec<Row> = rows()
            .into_iter()
            .filter(|r| r.employee == "张伟")
            .collect();
        let mut reports: Vec<WeekReport<'_>> = rows
            .iter()
            .map(|row| WeekReport {
                week: week(&row.week),
                text: &row.text,
                polarity: None,
            })
            .collect();
        let first = report_signals(&reports);
        reports.reverse();
        assert_eq!(report_signals(&reports), first);
    }

    #[test]
    fn weeks_before_the_window_are_not_read() {
        let reports = [
            WeekReport {
                week: week("2026-W20"),
                text: "我想了解一下晋升需要什么。",
                polarity: None,
            },
            WeekReport {
                week: week("2026-W40"),
                text: "本周完成：接口开发。",
                polarity: None,
            },
        ];
        assert!(report_signals(&reports).is_empty());
        assert!(report_signals(&[]).is_empty());
    }

    #[test]
    fn kinds_serialise_in_snake_case() {
        let signal = Signal {
            kind: SignalKind::DecliningSentiment,
            summary: String::new(),
            subject: None,
            evidence: vec![SignalEvidence {
                week: week("2026-W40"),
                quote: "有点累".into(),
            }],
        };
        let json = serde_json::to_value(&signal).expect("serialises");
        assert_eq!(json["kind"], "declining_sentiment");
        assert_eq!(json["evidence"][0]["week"], "2026-W40");
        assert!(json.get("subject").is_none());
        for (kind, name) in [
            (SignalKind::RecurringTopic, "recurring_topic"),
            (SignalKind::OpenCommitment, "open_commitment"),
            (SignalKind::GrowthInterest, "growth_interest"),
            (SignalKind::Highlight, "highlight"),
        ] {
            assert_eq!(serde_json::to_value(kind).expect("serialises"), name);
        }
    }

    #[test]
    fn headings_open_sections_for_the_lines_below_them() {
        let found =
            lines("本周完成：\n1. 上线\n问题与风险：\n- 被占\nBlockers: none.\nHonestly tired.");
        let sections: Vec<(Section, &str)> = found.iter().map(|l| (l.section, l.content)).collect();
        assert_eq!(
            sections,
            [
                (Section::Done, "上线"),
                (Section::Problems, "被占"),
                (Section::Problems, "none."),
                (Section::Other, "Honestly tired."),
            ]
        );
        assert!(!found[2].is_problem());
    }
}
