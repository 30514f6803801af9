//! The fixed words of the agenda's Markdown and HTML views, in the agenda's language
//! (Chinese or English), as `coaching_labels.rs` does for the coaching report. The
//! items' own sentences come from `products::agenda`.

use crate::domain::{ConversationKind, Language, PerformanceLevel};
use crate::products::agenda::{AgendaSignalKind, BasedOn, Evidence, Section, Source};

/// All fixed wording of the agenda views in one language.
#[derive(Debug)]
pub struct AgendaLabels {
    /// The page's `lang` attribute.
    pub lang: &'static str,
    pub title: &'static str,
    /// What follows a field's name: "：" in Chinese, ": " in English.
    pub colon: &'static str,
    pub kind: &'static str,
    pub date: &'static str,
    pub length: &'static str,
    pub level: &'static str,
    pub focus: &'static str,
    pub based_on: &'static str,
    pub talk_plan: &'static str,
    pub employee: &'static str,
    pub manager: &'static str,
    pub minutes_by_section: &'static str,
    pub why: &'static str,
    pub evidence: &'static str,
    pub questions: &'static str,
    pub signals: &'static str,
    pub no_signals: &'static str,
    pub left_out: &'static str,
    pub generated: &'static str,
}

pub const ZH: AgendaLabels = AgendaLabels {
    lang: "zh",
    title: "面谈议程建议",
    colon: "：",
    kind: "类型",
    date: "日期",
    length: "时长",
    level: "绩效水平",
    focus: "重点",
    based_on: "依据",
    talk_plan: "说话时间",
    employee: "员工",
    manager: "经理",
    minutes_by_section: "各部分时间",
    why: "为什么",
    evidence: "依据",
    questions: "可以这样问",
    signals: "周报与面谈记录里的信号",
    no_signals: "没有发现需要特别留意的信号。",
    left_out: "时间不够、没有排入的议题",
    generated: "由 Candor 在本机生成",
};

pub const EN: AgendaLabels = AgendaLabels {
    lang: "en",
    title: "Suggested agenda",
    colon: ": ",
    kind: "Kind",
    date: "Date",
    length: "Length",
    level: "Performance level",
    focus: "Focus",
    based_on: "Based on",
    talk_plan: "Talk plan",
    employee: "Employee",
    manager: "Manager",
    minutes_by_section: "Minutes by section",
    why: "Why",
    evidence: "Evidence",
    questions: "Questions to ask",
    signals: "Signals in the reports and conversations",
    no_signals: "No signal that needs special attention.",
    left_out: "Left out for lack of time",
    generated: "Made by Candor on this machine",
};

impl AgendaLabels {
    /// Chinese for a Chinese agenda, English otherwise.
    pub fn for_language(language: Language) -> &'static AgendaLabels {
        match language {
            Language::Zh => &ZH,
            Language::En | Language::Mixed => &EN,
        }
    }

    fn zh(&self) -> bool {
        self.lang == "zh"
    }

    /// "5 分钟", "5 min".
    pub fn minutes(&self, minutes: u32) -> String {
        if self.zh() {
            format!("{minutes} 分钟")
        } else {
            format!("{minutes} min")
        }
    }

    pub fn section(&self, section: Section) -> &'static str {
        let (zh, en) = match section {
            Section::FollowUp => ("跟进上次的行动项", "Follow-up"),
            Section::Recognition => ("肯定与认可", "Recognition"),
            Section::GoalReview => ("目标回顾", "Goal review"),
            Section::Process => ("过程分析", "Process and key behaviours"),
            Section::StrengthsAndGaps => ("优点与不足", "Strengths and gaps"),
            Section::DevelopmentAndSupport => ("发展与支持", "Development and support"),
            Section::Closing => ("总结与约定", "Summary and actions"),
        };
        if self.zh() { zh } else { en }
    }

    pub fn kind_name(&self, kind: ConversationKind) -> &'static str {
        match (kind, self.zh()) {
            (kind, true) => kind.chinese_name(),
            (ConversationKind::Plan, false) => "planning",
            (ConversationKind::Coaching, false) => "coaching",
            (ConversationKind::Review, false) => "review",
            (ConversationKind::Feedback, false) => "feedback",
        }
    }

    pub fn level_name(&self, level: PerformanceLevel) -> &'static str {
        match (level, self.zh()) {
            (PerformanceLevel::High, true) => "高",
            (PerformanceLevel::Middle, true) => "中",
            (PerformanceLevel::Low, true) => "偏低",
            (PerformanceLevel::High, false) => "high",
            (PerformanceLevel::Middle, false) => "middle",
            (PerformanceLevel::Low, false) => "low",
        }
    }

    pub fn signal_kind(&self, kind: AgendaSignalKind) -> &'static str {
        let (zh, en) = match kind {
            AgendaSignalKind::DecliningSentiment => ("情绪走低", "falling mood"),
            AgendaSignalKind::RecurringTopic => ("反复出现的问题", "recurring blocker"),
            AgendaSignalKind::OpenCommitment => ("没有下文的承诺", "commitment not followed up"),
            AgendaSignalKind::GrowthInterest => ("成长意愿", "growth interest"),
            AgendaSignalKind::Highlight => ("亮点", "win"),
            AgendaSignalKind::Workload => ("工作量", "workload"),
            AgendaSignalKind::TopicGap => ("面谈没有谈到的话题", "topic not discussed"),
        };
        if self.zh() { zh } else { en }
    }

    /// Where a piece of evidence is from: "2026-W38 周报", "conversation #5, turn 8".
    pub fn source(&self, evidence: &Evidence) -> String {
        let week = evidence.week.map(|w| w.to_string()).unwrap_or_default();
        let id = evidence.conversation_id.unwrap_or_default();
        match (evidence.source, evidence.turn_id, self.zh()) {
            (Source::Report, _, true) => format!("{week} 周报"),
            (Source::Report, _, false) => format!("{week} report"),
            (Source::Conversation, Some(turn), true) => format!("面谈 #{id} 第 {turn} 轮"),
            (Source::Conversation, None, true) => format!("面谈 #{id}"),
            (Source::Conversation, Some(turn), false) => {
                format!("conversation #{id}, turn {turn}")
            }
            (Source::Conversation, None, false) => format!("conversation #{id}"),
        }
    }

    /// "8 份周报（2026-W33 – 2026-W40）", "8 reports (2026-W33 – 2026-W40)".
    /// What the agenda was built from: the reports' count and weeks, then the
    /// conversations, joined with " · ".
    pub fn sources(&self, based: &BasedOn) -> String {
        let span = based
            .first_week
            .zip(based.last_week)
            .map(|(from, to)| (from.to_string(), to.to_string()));
        let mut sources = vec![self.reports(based.reports, span)];
        let conversations = self.conversations(&based.conversations);
        if !conversations.is_empty() {
            sources.push(conversations);
        }
        sources.join(" · ")
    }

    pub fn reports(&self, count: usize, span: Option<(String, String)>) -> String {
        let span = span.map_or(String::new(), |(from, to)| {
            if self.zh() {
                format!("（{from} – {to}）")
            } else {
                format!(" ({from} – {to})")
            }
        });
        if self.zh() {
            format!("{count} 份周报{span}")
        } else {
            format!("{count} report{}{span}", if count == 1 { "" } else { "s" })
        }
    }

    /// "面谈 #5、#6", "conversations #5, #6"; empty without any.
    pub fn conversations(&self, ids: &[i64]) -> String {
        if ids.is_empty() {
            return String::new();
        }
        let listed: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
        if self.zh() {
            format!("面谈 {}", listed.join("、"))
        } else {
            format!(
                "conversation{} {}",
                if ids.len() == 1 { "" } else { "s" },
                listed.join(", ")
            )
        }
    }
}

/// The coaching page a conversation's evidence links to.
pub fn conversation_link(evidence: &Evidence) -> Option<String> {
    let id = evidence.conversation_id?;
    Some(match evidence.turn_id {
        Some(turn) => format!("/ui/conversations/{id}/coaching#turn-{turn}"),
        None => format!("/ui/conversations/{id}/coaching"),
    })
}
