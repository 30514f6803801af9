//! The agenda's sentences in Chinese and English: each item's title, why and open
//! questions, the focus line and the summaries of the agenda's own signals.
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
fn snippet(text: &str) -> String {
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

    fn pick(&self, zh: String, en: String) -> String {
        if self.zh { zh } else { en }
    }

    fn texts(&self, title: String, why: String, questions: Vec<String>) -> Texts {
        Texts {
            title,
            why,
            questions,
        }
    }

    fn weeks(&self, weeks: &[IsoWeek]) -> String {
        let listed: Vec<String> = weeks.iter().map(ToString::to_string).collect();
        listed.join(if self.zh { "、" } else { ", " })
    }

    fn kind_name(&self, kind: Option<ConversationKind>) -> &'static str {
        match (kind, self.zh) {
            (Some(ConversationKind::Plan), true) => "绩效计划面谈",
            (Some(ConversationKind::Coaching), true) => "过程辅导面谈",
            (Some(ConversationKind::Review), true) => "绩效考评面谈",
            (Some(ConversationKind::Feedback), true) => "绩效反馈面谈",
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
    fn conversations(&self, list: &[&PastConversation]) -> String {
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
        self.texts(title, why, questions)
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
        self.texts(
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
        self.texts(
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

    // --- goal review ------------------------------------------------------------------

    pub fn goals(&self, kind: ConversationKind) -> Texts {
        let (title, why, questions): (&str, &str, [&str; 3]) = match (kind, self.zh) {
            (ConversationKind::Plan, true) => (
                "目标与衡量标准",
                "计划面谈的核心：5–7 个目标覆盖约 80% 的核心工作，每个目标有衡量标准（SMART）、需要的资源和风险。",
                [
                    "接下来这个周期，你觉得最重要的三件事是什么？",
                    "每件事做到什么程度、用什么数据衡量算达成？",
                    "要达成这些目标，你预见到哪些风险，需要哪些资源？",
                ],
            ),
            (ConversationKind::Coaching, true) => (
                "目标进展",
                "辅导面谈看进展、卡点和需要的调整：先请员工对照目标说说现在的位置。",
                [
                    "对照期初定的目标，你觉得目前进展到什么程度？",
                    "哪个目标最需要调整节奏或方法，为什么？",
                    "按现在的进度，到周期末你预计会是什么结果？",
                ],
            ),
            (ConversationKind::Review, true) => (
                "结果对照目标",
                "考评面谈要用事实和数据对照目标谈结果，再谈原因和经验；先请员工自评。",
                [
                    "先请你自评：每个目标完成得怎么样，依据是什么？",
                    "超出预期或没达到的地方，你觉得原因分别是什么？",
                    "这个周期最值得带到下个周期的经验是什么？",
                ],
            ),
            (ConversationKind::Feedback, true) => (
                "评级及其依据",
                "反馈面谈要讲清评级和依据（事实、数据），并给员工解释和提出不同看法的空间。",
                [
                    "听完评级和依据，你自己的看法是什么？",
                    "哪些依据你觉得还需要补充事实，或者有不同的理解？",
                    "你觉得哪一两项改进最能影响下一次的结果？",
                ],
            ),
            (ConversationKind::Plan, false) => (
                "Goals and how they are measured",
                "The heart of a planning conversation: 5–7 goals covering about 80% of the core work, each with a measure (SMART), the resources it needs and its risks.",
                [
                    "What are the three most important things for you in the coming cycle?",
                    "For each one, what result, and what data, would tell us it is achieved?",
                    "Which risks do you see, and what resources will these goals need?",
                ],
            ),
            (ConversationKind::Coaching, false) => (
                "Progress against goals",
                "A coaching conversation looks at progress, blockers and course corrections: let the employee say where things stand against the goals first.",
                [
                    "Against the goals we set, where do you feel things stand now?",
                    "Which goal most needs a change of pace or approach, and why?",
                    "At the current pace, what result do you expect by the end of the cycle?",
                ],
            ),
            (ConversationKind::Review, false) => (
                "Results against goals",
                "A review weighs the results against the goals with facts and data, then the causes and lessons; start with the employee's own assessment.",
                [
                    "How would you assess each goal yourself, and what is that based on?",
                    "Where results beat or missed the goal, what were the causes?",
                    "What lesson from this cycle is most worth carrying into the next?",
                ],
            ),
            (ConversationKind::Feedback, false) => (
                "The rating and its basis",
                "A feedback conversation states the rating and the facts behind it, and leaves room for the employee to explain and disagree.",
                [
                    "Having heard the rating and its basis, how do you see it?",
                    "Which part of the basis would you add facts to, or read differently?",
                    "Which one or two improvements would most change the next result?",
                ],
            ),
        };
        self.texts(
            title.to_owned(),
            why.to_owned(),
            questions.iter().map(|&q| q.to_owned()).collect(),
        )
    }

    // --- process ----------------------------------------------------------------------

    /// `weeks`: the falling weeks; `latest`: the latest week's most strained line.
    pub fn wellbeing(&self, weeks: &[IsoWeek], latest: Option<&str>) -> Texts {
        let from = weeks.first().map(ToString::to_string).unwrap_or_default();
        let n = weeks.len();
        let second = match (latest, self.zh) {
            (Some(line), true) => format!(
                "周报里写到“{}”，这段时间最消耗你精力的是哪部分？",
                snippet(line)
            ),
            (Some(line), false) => format!(
                "You wrote “{}”: what has been taking the most out of you?",
                snippet(line)
            ),
            (None, true) => "这段时间最消耗你精力的是哪部分？".into(),
            (None, false) => "What has been taking the most out of you lately?".into(),
        };
        self.texts(
            self.pick("状态与工作量：先关心人".into(), "Wellbeing and workload check-in".into()),
            self.pick(
                format!(
                    "周报的情绪从 {from} 起连续 {n} 周走低。先关心状态和工作量：多听，不评判，不归因到个人。"
                ),
                format!(
                    "Report sentiment has fallen {n} weeks in a row since {from}. Ask about wellbeing and workload first: listen, don't judge, don't assign blame."
                ),
            ),
            vec![
                self.pick(
                    "最近几周工作下来，你自己感觉状态怎么样？".into(),
                    "How have the last few weeks felt for you?".into(),
                ),
                second,
                self.pick(
                    "工作安排上做哪些调整，会让接下来几周轻松一些？".into(),
                    "What change to your workload would make the next few weeks more manageable?"
                        .into(),
                ),
            ],
        )
    }

    pub fn workload(&self, weeks: &[IsoWeek], latest: &str) -> Texts {
        let n = weeks.len();
        let listed = self.weeks(weeks);
        let line = snippet(latest);
        self.texts(
            self.pick("工作量与节奏".into(), "Workload and pace".into()),
            self.pick(
                format!("有 {n} 周的周报提到晚上、周末加班或累（{listed}）。不是抱怨，但值得问一问节奏能不能持续。"),
                format!(
                    "{n} reports mention evenings, late nights or a stretched week ({listed}). None is a complaint, but the pace is worth a question."
                ),
            ),
            vec![
                self.pick(
                    format!("周报里写到“{line}”，这种情况现在多久出现一次？"),
                    format!("You wrote “{line}”: how often is that happening now?"),
                ),
                self.pick(
                    "哪些事情可以换人做、延后或者不做，让节奏回到可持续？".into(),
                    "What could be handed off, delayed or dropped to make the pace sustainable?"
                        .into(),
                ),
                self.pick(
                    "接下来几周，你最担心哪一段时间又会紧张起来？".into(),
                    "Which part of the coming weeks worries you most?".into(),
                ),
            ],
        )
    }

    pub fn blocker(&self, b: &BlockerFacts<'_>) -> Texts {
        let subject = b.subject;
        let count = b.weeks.len();
        let listed = self.weeks(b.weeks);
        let total = b.total;
        let mut why = self.pick(
            format!(
                "“{subject}”在近 {total} 周里有 {count} 周作为问题或风险出现（{listed}）。当作需要支持的事来谈，而不是进度问题。"
            ),
            format!(
                "“{subject}” comes up as a blocker in {count} of the last {total} weeks ({listed}). Treat it as a question of support, not of progress."
            ),
        );
        for (conversation, what) in b.promises {
            why.push_str(&self.pick(
                format!(
                    "{}约定过“{}”，还没有关闭。",
                    self.conversation(conversation),
                    snippet(what)
                ),
                format!(
                    " {} agreed “{}”, still open.",
                    capitalise(&self.conversation(conversation)),
                    snippet(what)
                ),
            ));
        }
        self.texts(
            self.pick(
                format!("反复出现的卡点：{subject}"),
                format!("Recurring blocker: {subject}"),
            ),
            why,
            vec![
                self.pick(
                    format!("{subject}这件事，从你的角度看卡在哪一环？"),
                    format!("From where you sit, where exactly does {subject} get stuck?"),
                ),
                self.pick(
                    format!("{subject}反复出现，对你的进度和安排具体有什么影响？"),
                    format!("What has {subject} cost you each time it came back?"),
                ),
                self.pick(
                    format!("要彻底解决{subject}的问题，你希望我或者其他团队提供什么支持？"),
                    format!("What support from me or another team would fix {subject} for good?"),
                ),
            ],
        )
    }

    pub fn progress(&self) -> Texts {
        self.texts(
            self.pick("过程与关键事件".into(), "Process and key events".into()),
            self.pick(
                "用这段时间的具体事件谈做法和影响（对事不对人），给员工充分解释的空间。".into(),
                "Talk through concrete events of the period, how they were handled and what they led to (the event, not the person), with room to explain.".into(),
            ),
            vec![
                self.pick(
                    "这段时间哪件事最能代表你的工作方式，当时是怎么处理的？".into(),
                    "Which piece of work best shows how you work, and how did you handle it?".into(),
                ),
                self.pick(
                    "回头看，哪个关键节点如果重来，你会换一种做法？".into(),
                    "Looking back, which key moment would you handle differently, and how?".into(),
                ),
                self.pick(
                    "和其他团队的配合里，哪一次最顺、哪一次最费劲，差别在哪？".into(),
                    "Which cross-team handoff went smoothest and which was hardest, and what made the difference?".into(),
                ),
            ],
        )
    }

    // --- strengths and gaps -------------------------------------------------------------

    pub fn strengths_and_gaps(&self, level: Option<PerformanceLevel>) -> Texts {
        let (title, why, questions): (&str, &str, [&str; 3]) = match (level, self.zh) {
            (Some(PerformanceLevel::High), true) => (
                "关键贡献与下一个台阶",
                "先认可关键贡献和它的影响，再谈更高一级的标准；差距只挑一两点，说具体。",
                [
                    "这段时间你自己最看重的贡献是哪一项，它带来了什么影响？",
                    "对照更高一级的要求，你觉得自己还差的一两件事是什么？",
                    "哪些事情如果给你更多自主权，你会做得更好？",
                ],
            ),
            (Some(PerformanceLevel::Low), true) => (
                "事实与标准的差距",
                "用事实和明确的标准说明差距，把态度、能力和资源三类原因分开谈；不带情绪、不指责，先请员工说。",
                [
                    "对照岗位的要求，你自己怎么看这段时间的结果？",
                    "造成差距的原因里，哪些和方法、能力有关，哪些和资源或外部条件有关？",
                    "哪一项你最有把握先改进，需要什么条件？",
                ],
            ),
            (_, true) => (
                "优点与差距：把“差一点”说具体",
                "先说两点具体的优点，再用一件具体的事（情境—行为—影响）说明差一点的地方，给一到两个可操作的方向。",
                [
                    "你觉得自己这段时间最突出的两个优点是什么，哪件事最能体现？",
                    "哪件事你觉得离预期还差一点，差在哪一步？",
                    "下次遇到类似的情况，你打算先做哪件不一样的事？",
                ],
            ),
            (Some(PerformanceLevel::High), false) => (
                "Key contributions and the next level",
                "Recognise the key contributions and their impact, then talk about the standard of the next level; pick one or two gaps at most, and make them concrete.",
                [
                    "Which of your contributions this period do you value most, and what did it change?",
                    "Against the expectations of the next level, which one or two things are still missing?",
                    "Where would more autonomy let you do even better work?",
                ],
            ),
            (Some(PerformanceLevel::Low), false) => (
                "Facts against the standard",
                "State the gap with facts and a clear standard, and separate attitude, ability and resource causes; no emotion, no blame, and the employee speaks first.",
                [
                    "Against what the role expects, how do you see the results of this period?",
                    "Which causes of the gap have to do with approach or skills, and which with resources or circumstances?",
                    "Which improvement are you most confident you can make first, and what would it take?",
                ],
            ),
            (_, false) => (
                "Strengths and gaps: make the “almost there” concrete",
                "Name two specific strengths, then one concrete example (situation, behaviour, impact) of where it fell a little short, and one or two actionable directions.",
                [
                    "Which two strengths stood out most this period, and which piece of work shows them best?",
                    "Where do you feel you fell a little short of what you aimed for, and at which step?",
                    "Next time a similar situation comes up, what will you do differently first?",
                ],
            ),
        };
        self.texts(
            title.to_owned(),
            why.to_owned(),
            questions.iter().map(|&q| q.to_owned()).collect(),
        )
    }

    // --- development and support -----------------------------------------------------

    pub fn improvement_plan(&self) -> Texts {
        self.texts(
            self.pick(
                "改进计划：事实、标准和支持".into(),
                "Improvement plan: facts, standards and support".into(),
            ),
            self.pick(
                "需要一个结构化的改进计划：事实、标准和要求讲清楚，约定 2–3 个可衡量的改进项、检查时间和需要的支持。".into(),
                "A structured improvement plan: state the facts, the standard and what is expected, and agree 2–3 measurable improvements, when they are checked and the support they need.".into(),
            ),
            vec![
                self.pick(
                    "接下来 4–6 周，你觉得最先要改进的一两件事是什么？".into(),
                    "Which one or two things should improve first in the next 4–6 weeks?".into(),
                ),
                self.pick(
                    "每一项做到什么程度算达标，用什么来衡量？".into(),
                    "What would meeting the standard look like for each, and how will we measure it?".into(),
                ),
                self.pick(
                    "为了做到这些，你需要我提供哪些支持和资源？".into(),
                    "What support and resources do you need from me to get there?".into(),
                ),
            ],
        )
    }

    /// `terms`: growth words the reports use (晋升, mentoring); `gap`: the last
    /// conversations that left development out.
    pub fn growth(
        &self,
        weeks: &[IsoWeek],
        terms: &[String],
        gap: &[&PastConversation],
        high: bool,
    ) -> Texts {
        let n = weeks.len();
        let listed = self.weeks(weeks);
        let from = weeks.first().map(ToString::to_string).unwrap_or_default();
        let mut why = self.pick(
            format!("从 {from} 起有 {n} 周的周报提到成长方面的想法（{listed}）"),
            format!("Growth comes up in {n} reports since {from} ({listed})"),
        );
        if !gap.is_empty() {
            why.push_str(&self.pick(
                format!(
                    "，而最近的面谈（{}）都没有谈到发展和职业",
                    self.conversations(gap)
                ),
                format!(
                    ", yet the last conversations ({}) did not discuss development or career",
                    self.conversations(gap)
                ),
            ));
        }
        why.push_str(&match (high, self.zh) {
            (true, true) => "。作为这次的重点之一：认可贡献，谈晋升、更有挑战的工作和带人的机会。".to_owned(),
            (false, true) => "。认真回应，约定具体的下一步。".to_owned(),
            (true, false) => ". Make it a main topic: recognise the contribution, then talk about promotion, stretch work and leading others.".to_owned(),
            (false, false) => ". Take it seriously and agree a concrete next step.".to_owned(),
        });
        let named = terms.join(if self.zh { "、" } else { ", " });
        let first = match (terms.len(), self.zh) {
            (0, true) => "周报里几次提到成长方面的想法，你最想先从哪一块聊起？".to_owned(),
            (1, true) => format!("周报里提到{named}，你理想中的第一步是什么样的？"),
            (_, true) => format!("周报里提到{named}，你最想先从哪一块聊起？"),
            (0, false) => {
                "Your reports come back to growth several times: where would you like to start?"
                    .to_owned()
            }
            (1, false) => {
                format!("Your reports mention {named}: what would a good first step look like?")
            }
            (_, false) => {
                format!("Your reports mention {named}: which would you like to start with?")
            }
        };
        self.texts(
            self.pick("成长与发展方向".into(), "Growth and development".into()),
            why,
            vec![
                first,
                self.pick(
                    "未来一两年你希望自己在哪个方向上更进一步，为什么是这个方向？".into(),
                    "Where do you want to be in a year or two, and why that direction?".into(),
                ),
                self.pick(
                    "要往那个方向走，你觉得还缺哪些经历或机会，我可以怎么帮你？".into(),
                    "What experience or opportunity is missing to get there, and how can I help?"
                        .into(),
                ),
            ],
        )
    }

    pub fn career(&self, gap: &[&PastConversation]) -> Texts {
        self.texts(
            self.pick("发展与职业方向".into(), "Development and career".into()),
            self.pick(
                format!(
                    "{}。留出时间专门谈发展：员工想往哪里走，需要什么机会。",
                    self.gap_summary(GapSubject::Career, gap)
                ),
                format!(
                    "{}. Make time for it: where the employee wants to go and what opportunities would help.",
                    self.gap_summary(GapSubject::Career, gap)
                ),
            ),
            vec![
                self.pick(
                    "接下来半年到一年，你最想在哪方面多成长一些？".into(),
                    "Over the next six to twelve months, where would you most like to grow?".into(),
                ),
                self.pick(
                    "现在的工作里，哪些部分你想多做，哪些想少做？".into(),
                    "Which parts of your work would you like more of, and which less?".into(),
                ),
                self.pick(
                    "为了往那个方向走，你希望我提供哪些机会或支持？".into(),
                    "What opportunities or support from me would help you move that way?".into(),
                ),
            ],
        )
    }

    pub fn development(&self, high: bool) -> Texts {
        let (title, why, questions): (&str, &str, [&str; 3]) = match (high, self.zh) {
            (true, true) => (
                "挑战与成长",
                "高绩效：谈接下来的挑战、晋升和带人的机会，让成长有具体的下一步。",
                [
                    "接下来你最想挑战的一件事是什么？",
                    "哪类更有难度的工作最能让你成长，为什么？",
                    "在机会和资源上，你希望我怎么支持你？",
                ],
            ),
            (false, true) => (
                "发展重点",
                "回顾之前谈到的发展方向，约定接下来一段时间的成长重点。",
                [
                    "之前聊到的发展方向，这段时间有了哪些进展？",
                    "接下来一个季度，你最想练好的一项能力是什么？",
                    "为此你需要哪些机会或支持？",
                ],
            ),
            (true, false) => (
                "Stretch and growth",
                "High performance: talk about the next challenge, promotion and chances to lead, so growth has a concrete next step.",
                [
                    "What is the one challenge you would most like to take on next?",
                    "Which kind of harder work would help you grow most, and why?",
                    "How can I support you with opportunities and resources?",
                ],
            ),
            (false, false) => (
                "Development focus",
                "Revisit the development direction discussed before and agree the focus for the coming months.",
                [
                    "What progress have you made on the development direction we discussed?",
                    "Which skill would you most like to strengthen next quarter?",
                    "What opportunities or support would that need?",
                ],
            ),
        };
        self.texts(
            title.to_owned(),
            why.to_owned(),
            questions.iter().map(|&q| q.to_owned()).collect(),
        )
    }

    pub fn support(&self, gap: &[&PastConversation]) -> Texts {
        let ask = self.pick(
            "问清楚员工需要什么资源和支持，并当场约定由谁来做、什么时候做。".into(),
            "Ask what resources and support the employee needs, and agree there and then who does what by when.".into(),
        );
        let why = if gap.is_empty() {
            ask
        } else {
            self.pick(
                format!("{}。{ask}", self.gap_summary(GapSubject::Support, gap)),
                format!("{}. {ask}", self.gap_summary(GapSubject::Support, gap)),
            )
        };
        self.texts(
            self.pick("需要的支持".into(), "Support needed".into()),
            why,
            vec![
                self.pick(
                    "为了把接下来的事做好，你最需要我提供什么支持？".into(),
                    "What support from me would help you most with what's ahead?".into(),
                ),
                self.pick(
                    "哪些事情你一个人推不动，需要其他团队配合？".into(),
                    "What can't you move on your own, and which team would you need?".into(),
                ),
                self.pick(
                    "我这边的哪些做法调整一下，会让你的工作更顺？".into(),
                    "What could I change in how I work with you to make things easier?".into(),
                ),
            ],
        )
    }

    // --- closing --------------------------------------------------------------------------

    pub fn closing(&self) -> Texts {
        self.texts(
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
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
