//! The titles, whys and open questions of the four stages' items (goal review,
//! process, strengths and gaps, development and support) in Chinese and English, by
//! the kind of conversation and the performance level; the rules of `wording.rs`
//! hold here too.

use crate::domain::{ConversationKind, PerformanceLevel};
use crate::store::IsoWeek;

use super::PastConversation;
use super::wording::{BlockerFacts, GapSubject, Texts, Words, capitalise, snippet};

impl Words {
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
        Texts::new(
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
        Texts::new(
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
        Texts::new(
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
        Texts::new(
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
        Texts::new(
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
        Texts::new(
            title.to_owned(),
            why.to_owned(),
            questions.iter().map(|&q| q.to_owned()).collect(),
        )
    }

    // --- development and support -----------------------------------------------------

    pub fn improvement_plan(&self) -> Texts {
        Texts::new(
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
        Texts::new(
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
        Texts::new(
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
        Texts::new(
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
        Texts::new(
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
}
