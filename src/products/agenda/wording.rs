//! The agenda's sentences in Chinese and English: the focus line, the summaries of
//! the agenda's own signals, and the titles, whys and open questions of the follow-up,
//! recognition and closing items (the four stages' items are in `stage_words.rs`).
//!
//! The questions follow BEST/SBI: about the event, not the person; open (never
//! 吗 / 是不是 / 有没有 forms, never "Do/Is/Can…" openings); naming what the evidence
//! names (the blocker, the promise, the report line). No blame: a falling mood is met
//! with "how are you", never with "why".

use chrono::NaiveDate;

use crate::domain::{ConversationKind, Language, PerformanceLevel};
use crate::normalize::is_cjk;
use crate::store::IsoWeek;

use super::{PastConversation, clip};

/// Characters of a quote or an action kept inside a question or title: about a
/// clause of Chinese, a short sentence of English.
const SNIPPET_CHARS_ZH: usize = 28;
const SNIPPET_CHARS_EN: usize = 60;

/// A title, why and questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    pub title: String,
    pub why: String,
    pub questions: Vec<String>,
}

impl Texts {
    pub(super) fn new(title: String, why: String, questions: Vec<String>) -> Texts {
        Texts {
            title,
            why,
            questions,
        }
    }
}

/// A topic a conversation may leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapSubject {
    Career,
    Support,
}

impl GapSubject {
    /// The signal's `subject`.
    pub fn key(self) -> &'static str {
        match self {
            GapSubject::Career => "career",
            GapSubject::Support => "support",
        }
    }
}

/// An open action item as its item words it.
#[derive(Debug, Clone, Copy)]
pub struct ActionFacts<'a> {
    pub what: &'a str,
    pub owner: &'a str,
    pub by_employee: bool,
    pub conversation: &'a PastConversation,
    pub due_text: Option<&'a str>,
    pub due_date: Option<NaiveDate>,
    /// Days past the due date on the conversation's day.
    pub overdue_days: Option<i64>,
    /// The same promise in a report, never mentioned again.
    pub commitment: Option<(IsoWeek, &'a str)>,
}

/// A recurring blocker as its item words it.
#[derive(Debug, Clone, Copy)]
pub struct BlockerFacts<'a> {
    pub subject: &'a str,
    pub weeks: &'a [IsoWeek],
    /// Reports read in the signal's window.
    pub total: usize,
    /// Open action items about it.
    pub promises: &'a [(&'a PastConversation, &'a str)],
}

/// The fixed words of one language.
#[derive(Debug)]
pub struct Words {
    pub zh: bool,
}

const ZH: Words = Words { zh: true };
const EN: Words = Words { zh: false };

/// `text` without its final punctuation, cut for a question or title: Chinese after
/// [`SNIPPET_CHARS_ZH`] characters, English at the last word boundary before
/// [`SNIPPET_CHARS_EN`].
pub(super) fn snippet(text: &str) -> String {
    let text = text
        .trim()
        .trim_end_matches(['。', '.', '；', ';', '，', ',', '：', ':']);
    if text.chars().any(is_cjk) {
        return clip(text, SNIPPET_CHARS_ZH);
    }
    let clipped = clip(text, SNIPPET_CHARS_EN);
    match clipped.strip_suffix('…') {
        Some(cut) => match cut.rfind(' ') {
            Some(space) if space > SNIPPET_CHARS_EN / 2 => {
                format!("{}…", cut[..space].trim_end_matches([',', ';', ':']))
            }
            _ => clipped,
        },
        None => clipped,
    }
}

impl Words {
    pub fn for_language(language: Language) -> &'static Words {
        match language {
            Language::En => &EN,
            Language::Zh | Language::Mixed => &ZH,
        }
    }

    pub(super) fn pick(&self, zh: String, en: String) -> String {
        if self.zh { zh } else { en }
    }

    pub(super) fn weeks(&self, weeks: &[IsoWeek]) -> String {
        let listed: Vec<String> = weeks.iter().map(ToString::to_string).collect();
        listed.join(if self.zh { "、" } else { ", " })
    }

    fn kind_name(&self, kind: Option<ConversationKind>) -> &'static str {
        match (kind, self.zh) {
            (Some(kind), true) => kind.chinese_name(),
            (None, true) => "面谈",
            (Some(ConversationKind::Plan), false) => "planning conversation",
            (Some(ConversationKind::Coaching), false) => "coaching conversation",
            (Some(ConversationKind::Review), false) => "review",
            (Some(ConversationKind::Feedback), false) => "feedback conversation",
            (None, false) => "conversation",
        }
    }

    /// "2026-09-25 绩效考评面谈（#6）", "the 2026-09-24 review (#10)".
    pub fn conversation(&self, c: &PastConversation) -> String {
        let kind = self.kind_name(c.kind);
        match (c.held_on, self.zh) {
            (Some(date), true) => format!("{date} {kind}（#{}）", c.id),
            (None, true) => format!("{kind}（#{}）", c.id),
            (Some(date), false) => format!("the {date} {kind} (#{})", c.id),
            (None, false) => format!("{kind} #{}", c.id),
        }
    }

    /// "#3 2026-08-19、#4 2026-09-23".
    pub(super) fn conversations(&self, list: &[&PastConversation]) -> String {
        let named: Vec<String> = list
            .iter()
            .map(|c| match c.held_on {
                Some(date) => format!("#{} {date}", c.id),
                None => format!("#{}", c.id),
            })
            .collect();
        named.join(if self.zh { "、" } else { ", " })
    }

    // --- the agenda as a whole ---------------------------------------------------

    pub fn focus(&self, kind: ConversationKind, level: Option<PerformanceLevel>) -> String {
        let kind = match (kind, self.zh) {
            (ConversationKind::Plan, true) => "绩效计划面谈：重点是目标、衡量标准、资源和风险。",
            (ConversationKind::Coaching, true) => {
                "过程辅导面谈：重点是进展、卡点、需要的支持和调整。"
            }
            (ConversationKind::Review, true) => {
                "绩效考评面谈：重点是用事实对照目标，谈结果、原因和经验。"
            }
            (ConversationKind::Feedback, true) => {
                "绩效反馈面谈：重点是评级及其依据、差距和发展计划。"
            }
            (ConversationKind::Plan, false) => {
                "Planning conversation: goals, how they are measured, resources and risks."
            }
            (ConversationKind::Coaching, false) => {
                "Coaching conversation: progress, blockers, the support needed and any course correction."
            }
            (ConversationKind::Review, false) => {
                "Review: results against the goals, with facts, their causes and the lessons."
            }
            (ConversationKind::Feedback, false) => {
                "Feedback conversation: the rating and its basis, the gaps and the development plan."
            }
        };
        let level = match (level, self.zh) {
            (Some(PerformanceLevel::High), true) => {
                "绩效水平高：先认可关键贡献，再谈成长、晋升和更有挑战的工作。"
            }
            (Some(PerformanceLevel::Middle), true) => {
                "绩效水平中：把“差一点”的地方用具体事例说清楚。"
            }
            (Some(PerformanceLevel::Low), true) => {
                "绩效水平偏低：用事实、标准和支持制定结构化的改进计划，不带情绪、不指责。"
            }
            (Some(PerformanceLevel::High), false) => {
                " High performance: recognise the key contributions, then talk about growth, promotion and stretch work."
            }
            (Some(PerformanceLevel::Middle), false) => {
                " Middle performance: make the “almost there” gaps concrete with examples."
            }
            (Some(PerformanceLevel::Low), false) => {
                " Low performance: a structured improvement plan with facts, standards and support, without blame."
            }
            (None, _) => "",
        };
        format!("{kind}{level}")
    }

    pub fn workload_summary(&self, weeks: &[IsoWeek]) -> String {
        self.pick(
            format!(
                "有 {} 周的周报提到晚上、周末加班或累（{}）",
                weeks.len(),
                self.weeks(weeks)
            ),
            format!(
                "{} reports mention evenings, weekends, late nights or a stretched week ({})",
                weeks.len(),
                self.weeks(weeks)
            ),
        )
    }

    pub fn gap_summary(&self, subject: GapSubject, latest: &[&PastConversation]) -> String {
        let listed = self.conversations(latest);
        let both = latest.len() > 1;
        match (subject, self.zh, both) {
            (GapSubject::Career, true, true) => {
                format!("近两次面谈（{listed}）都没有谈到发展和职业方向")
            }
            (GapSubject::Career, true, false) => {
                format!("上次面谈（{listed}）没有谈到发展和职业方向")
            }
            (GapSubject::Support, true, true) => {
                format!("近两次面谈（{listed}）都没有问过员工需要什么支持")
            }
            (GapSubject::Support, true, false) => {
                format!("上次面谈（{listed}）没有问过员工需要什么支持")
            }
            (GapSubject::Career, false, true) => {
                format!(
                    "Neither of the last two conversations ({listed}) discussed development or career"
                )
            }
            (GapSubject::Career, false, false) => {
                format!("The last conversation ({listed}) did not discuss development or career")
            }
            (GapSubject::Support, false, true) => format!(
                "Neither of the last two conversations ({listed}) asked what support the employee needs"
            ),
            (GapSubject::Support, false, false) => format!(
                "The last conversation ({listed}) did not ask what support the employee needs"
            ),
        }
    }

    /// What a gap's evidence says about one conversation.
    pub fn gap_note(&self, subject: GapSubject, c: &PastConversation) -> String {
        let what = match (subject, self.zh) {
            (GapSubject::Career, true) => "没有谈到发展和职业",
            (GapSubject::Support, true) => "没有问需要什么支持",
            (GapSubject::Career, false) => "development and career not discussed",
            (GapSubject::Support, false) => "support needed not asked about",
        };
        let kind = self.kind_name(c.kind);
        match (c.held_on, self.zh) {
            (Some(date), true) => format!("{date} {kind}：{what}"),
            (None, true) => format!("{kind} #{}：{what}", c.id),
            (Some(date), false) => format!("{date} {kind}: {what}"),
            (None, false) => format!("{kind} #{}: {what}", c.id),
        }
    }

    /// Added to a stage item's why when the last conversation skipped the stage.
    pub fn stage_skipped(&self, c: &PastConversation) -> String {
        self.pick(
            format!("上次面谈（#{}）没有覆盖这一阶段。", c.id),
            format!(
                " The last conversation (#{}) did not cover this stage.",
                c.id
            ),
        )
    }

    // --- follow-up ------------------------------------------------------------------

    pub fn open_action(&self, a: &ActionFacts<'_>) -> Texts {
        let what = snippet(a.what);
        let title = match (a.by_employee, self.zh) {
            (true, true) => format!("跟进行动项：{what}"),
            (false, true) => format!("跟进行动项（{}）：{what}", a.owner),
            (true, false) => format!("Follow up: {what}"),
            (false, false) => format!("Follow up ({}): {what}", a.owner),
        };
        let due = match (a.due_text, a.due_date) {
            (Some(said), Some(date)) if self.zh => Some(format!("{said}（{date}）")),
            (Some(said), Some(date)) => Some(format!("{said} ({date})")),
            (Some(said), None) => Some(said.to_owned()),
            (None, Some(date)) => Some(date.to_string()),
            (None, None) => None,
        };
        let conversation = self.conversation(a.conversation);
        let mut why = match (due, self.zh) {
            (Some(due), true) => format!(
                "{conversation}约定的行动项，负责人：{}，期限：{due}，记录里还没有关闭",
                a.owner
            ),
            (None, true) => format!(
                "{conversation}约定的行动项，负责人：{}，没有约定期限，记录里还没有关闭",
                a.owner
            ),
            (Some(due), false) => format!(
                "Agreed in {conversation}; owner {}, due {due}; still open",
                a.owner
            ),
            (None, false) => format!(
                "Agreed in {conversation}; owner {}, no due date; still open",
                a.owner
            ),
        };
        if let Some(days) = a.overdue_days {
            why.push_str(&self.pick(
                format!("，已过期 {days} 天"),
                format!(", {days} days overdue"),
            ));
        }
        why.push_str(if self.zh { "。" } else { "." });
        if let Some((week, quote)) = a.commitment {
            why.push_str(&self.pick(
                format!(
                    "{week} 周报里也写了“{}”，之后的周报再没提到。",
                    snippet(quote)
                ),
                format!(
                    " The {week} report also promised “{}”, and no later report mentions it.",
                    snippet(quote)
                ),
            ));
        }
        let late = a.overdue_days.is_some() || a.commitment.is_some();
        let questions = if a.by_employee {
            self.employee_action_questions(&what, late)
        } else {
            self.manager_action_questions(&what)
        };
        Texts::new(title, why, questions)
    }

    fn employee_action_questions(&self, what: &str, late: bool) -> Vec<String> {
        let third = match (late, self.zh) {
            (true, true) => "如果重新定一个完成时间，什么时候比较现实，需要我这边提供什么？",
            (false, true) => "做到什么程度，你觉得可以算完成？",
            (true, false) => {
                "What would be a realistic new date, and what do you need from me to meet it?"
            }
            (false, false) => "What will “done” look like for it?",
        };
        vec![
            self.pick(
                format!("「{what}」现在进展到哪一步了？"),
                format!("Where does “{what}” stand now?"),
            ),
            self.pick(
                "推进过程中遇到了什么，让它比预想的慢或者快？".into(),
                "What got in the way, or helped, along the way?".into(),
            ),
            third.to_owned(),
        ]
    }

    fn manager_action_questions(&self, what: &str) -> Vec<String> {
        vec![
            self.pick(
                format!("我这边的「{what}」还没有落实，这对你的工作有什么影响？"),
                format!("“{what}” is still open on my side: how has that affected your work?"),
            ),
            self.pick(
                "你希望我先从哪一步做起，什么时候给你反馈比较合适？".into(),
                "What should I do first, and when would an update be most useful to you?".into(),
            ),
        ]
    }

    pub fn commitment(&self, subject: &str, week: IsoWeek, quote: &str) -> Texts {
        let quoted = snippet(quote);
        Texts::new(
            self.pick(
                format!("跟进周报里的承诺：{subject}"),
                format!("Follow up the {subject} commitment"),
            ),
            self.pick(
                format!(
                    "{week} 周报写了“{quoted}”，之后的周报再没提到“{subject}”。先问进展，不预设没有做。"
                ),
                format!(
                    "The {week} report said “{quoted}”, and no later report mentions the {subject}. Ask where it stands rather than assume it was dropped."
                ),
            ),
            vec![
                self.pick(
                    format!("{subject}这件事后来进展到哪一步了？"),
                    format!("Where did the {subject} end up after {week}?"),
                ),
                self.pick(
                    "当时计划的做法，实际做下来和预想的有什么不一样？".into(),
                    format!(
                        "What changed between the plan for the {subject} and what actually happened?"
                    ),
                ),
                self.pick(
                    format!("如果{subject}还要继续，什么时间、做到什么程度算完成？"),
                    format!(
                        "If the {subject} is still worth doing, what date and what “done” would you commit to?"
                    ),
                ),
            ],
        )
    }

    // --- recognition ----------------------------------------------------------------

    /// `wins`: report weeks with a win; `latest`: the latest win's line; `praised`:
    /// whether the last conversation's praise is quoted.
    pub fn recognition(&self, wins: &[IsoWeek], latest: Option<&str>, praised: bool) -> Texts {
        let title = self.pick(
            "先肯定：近期的亮点".into(),
            "Recognition: recent wins".into(),
        );
        let rule = self.pick(
            "先谈做得好的地方，再谈不足；至少说出两点具体的肯定。".into(),
            "Start with what went well, before any gap, and name at least two specific positives."
                .into(),
        );
        let basis = match (wins.is_empty(), praised, self.zh) {
            (false, _, true) => format!("{} 的周报里有明确的成果。", self.weeks(wins)),
            (false, _, false) => {
                format!(" The reports of {} show clear results.", self.weeks(wins))
            }
            (true, true, true) => "上次面谈肯定过的事，可以接着说它后来的影响。".into(),
            (true, true, false) => {
                " Build on what the last conversation praised and what it led to.".into()
            }
            (true, false, true) => "记录里没有找到明确的亮点：先请员工自己说说做得好的事。".into(),
            (true, false, false) => {
                " No clear win is on record: ask the employee what went well first.".into()
            }
        };
        let first = match (latest, self.zh) {
            (Some(line), true) => {
                format!("“{}”这件事，你是怎么做到的，哪一步最关键？", snippet(line))
            }
            (Some(line), false) => format!(
                "How did you pull off “{}”, and which step made the difference?",
                snippet(line)
            ),
            (None, true) => "这段时间你自己最满意的一件事是什么？".into(),
            (None, false) => "What are you most pleased with from this period?".into(),
        };
        Texts::new(
            title,
            format!("{rule}{basis}"),
            vec![
                first,
                self.pick(
                    "这些成果里，你自己最看重哪一个，为什么？".into(),
                    "Which of these results matters most to you, and why?".into(),
                ),
                self.pick(
                    "这个做法里，哪些地方可以分享给团队其他人？".into(),
                    "What from that approach could the rest of the team reuse?".into(),
                ),
            ],
        )
    }

    // --- closing --------------------------------------------------------------------------

    pub fn closing(&self) -> Texts {
        Texts::new(
            self.pick("总结与约定行动".into(), "Summary and agreed actions".into()),
            self.pick(
                "请员工先总结，再一起约定 2–3 个具体、可衡量、有完成日期的行动项，记录下来，下次面谈跟进。".into(),
                "Let the employee summarise first, then agree 2–3 specific, measurable actions with dates, write them down and follow them up next time.".into(),
            ),
            vec![
                self.pick(
                    "今天聊下来，你觉得最重要的两三件事是什么？".into(),
                    "Looking back on today, what are the two or three things that matter most?".into(),
                ),
                self.pick(
                    "这几件事分别由谁来做、什么时候完成、做到什么程度算完成？".into(),
                    "Who does each of them, by when, and what will “done” look like?".into(),
                ),
                self.pick(
                    "下次面谈之前，我们用什么方式同步进展？".into(),
                    "How shall we keep each other posted before the next conversation?".into(),
                ),
            ],
        )
    }
}

/// `text` with its first letter upper-cased ("the 2026-09-24 review" → "The …").
pub(super) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
