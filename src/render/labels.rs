//! The words of the human-readable output, in the conversation's language.

use crate::domain::{Language, Role};
use crate::measure::dominance::{DominancePattern, Side};
use crate::measure::norms::{Bound, Norm};
use crate::measure::roles::Basis;

/// All fixed wording of a text report in one language.
#[derive(Debug)]
pub struct Labels {
    /// Whether these are the Chinese labels; sentences built from parts ask it.
    pub zh: bool,
    pub speaker_header: [&'static str; 11],
    pub manager: &'static str,
    pub employee: &'static str,
    pub other: &'static str,
    pub inferred: &'static str,
    pub confidence: &'static str,
    pub given: &'static str,
    pub duration: &'static str,
    pub untimed: &'static str,
    pub start_only: &'static str,
    pub rhythm: &'static str,
    pub switches_per_minute: &'static str,
    pub patience: &'static str,
    pub interruptions: &'static str,
    pub silences: &'static str,
    pub dominance: &'static str,
    pub windows: &'static str,
    pub longest_story: &'static str,
    pub norms: &'static str,
    pub actual: &'static str,
    pub seconds: &'static str,
    /// "Feedback": praise and criticism per speaker.
    pub feedback: &'static str,
    pub feedback_line: [&'static str; 4],
    pub action_items: &'static str,
    pub no_owner: &'static str,
    pub no_due: &'static str,
    pub measurable: [&'static str; 2],
    pub stages: &'static str,
    pub stage_names: [&'static str; 4],
    pub not_covered: &'static str,
    pub employee_mood: &'static str,
}

pub const ZH: Labels = Labels {
    zh: true,
    speaker_header: [
        "说话人",
        "角色",
        "轮次",
        "时长(秒)",
        "时长占比",
        "字词",
        "字词占比",
        "最长独白(秒/字词)",
        "开放/封闭问题",
        "贴标签",
        "口头语",
    ],
    manager: "经理",
    employee: "员工",
    other: "其他",
    inferred: "推断",
    confidence: "置信度",
    given: "指定",
    duration: "时长",
    untimed: "无时间戳",
    start_only: "只有发言开始时间，结束时间为推算",
    rhythm: "节奏",
    switches_per_minute: "每分钟换人次数",
    patience: "经理接话前停顿（中位数）",
    interruptions: "打断",
    silences: "沉默",
    dominance: "话语主导",
    windows: "个窗口",
    longest_story: "员工最长的一段叙述",
    norms: "规范检查",
    actual: "实际",
    seconds: "秒",
    feedback: "表扬与批评",
    feedback_line: ["表扬", "批评", "先表扬后批评", "具体/笼统"],
    action_items: "行动项",
    no_owner: "共同",
    no_due: "未定时间",
    measurable: ["具体可衡量", "不够具体"],
    stages: "面谈阶段覆盖",
    stage_names: ["目标回顾", "过程分析", "优点与不足", "发展与支持"],
    not_covered: "未覆盖",
    employee_mood: "员工情绪（前半 → 后半）",
};

pub const EN: Labels = Labels {
    zh: false,
    speaker_header: [
        "speaker",
        "role",
        "turns",
        "talk (s)",
        "time share",
        "units",
        "unit share",
        "longest (s/units)",
        "open/closed q",
        "labelling",
        "fillers",
    ],
    manager: "manager",
    employee: "employee",
    other: "other",
    inferred: "inferred",
    confidence: "confidence",
    given: "given",
    duration: "duration",
    untimed: "no timings",
    start_only: "start times only; turn ends inferred",
    rhythm: "Rhythm",
    switches_per_minute: "speaker switches per minute",
    patience: "manager's pause before answering (median)",
    interruptions: "interruptions",
    silences: "silences",
    dominance: "Talk dominance",
    windows: "windows",
    longest_story: "Employee's longest story",
    norms: "Norms",
    actual: "actual",
    seconds: "s",
    feedback: "Feedback",
    feedback_line: ["praise", "criticism", "praise first", "specific/vague"],
    action_items: "Action items",
    no_owner: "joint",
    no_due: "no date",
    measurable: ["specific and measurable", "not specific"],
    stages: "Interview stages covered",
    stage_names: [
        "goal review",
        "process",
        "strengths and gaps",
        "development and support",
    ],
    not_covered: "not covered",
    employee_mood: "Employee's mood (first half → second half)",
};

impl Labels {
    /// Chinese for Chinese conversations; English otherwise.
    pub fn for_language(language: Option<Language>) -> &'static Labels {
        match language {
            Some(Language::Zh) => &ZH,
            _ => &EN,
        }
    }

    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Manager => self.manager,
            Role::Employee => self.employee,
            Role::Other => self.other,
        }
    }

    pub fn norm(&self, norm: Norm, bound: Bound) -> String {
        let (zh, en) = match norm {
            Norm::ManagerTalkShare => ("经理说话占比", "manager talk share"),
            Norm::EmployeeTalkShare => ("员工说话占比", "employee talk share"),
            Norm::ManagerOpenQuestions => ("经理的开放式问题", "manager's open questions"),
            Norm::ManagerLabelling => ("经理贴标签的说法", "manager's labelling phrases"),
        };
        let op = match bound {
            Bound::AtMost => "≤",
            Bound::AtLeast => "≥",
        };
        format!("{} {op}", if self.zh { zh } else { en })
    }

    pub fn basis(&self, basis: Basis) -> String {
        match (basis, self.zh) {
            (Basis::AskedQuestions { asked, of }, true) => {
                format!("提了 {of} 个问题中的 {asked} 个")
            }
            (Basis::AskedQuestions { asked, of }, false) => {
                format!("asked {asked} of {of} questions")
            }
            (Basis::OpenedConversation, true) => "开场".to_owned(),
            (Basis::OpenedConversation, false) => "opened the conversation".to_owned(),
            (Basis::ManagerTitle, true) => "名字带管理职务".to_owned(),
            (Basis::ManagerTitle, false) => "a manager's title in the name".to_owned(),
            (Basis::OnlyCandidate, true) => "唯一可能是经理的人".to_owned(),
            (Basis::OnlyCandidate, false) => "the only speaker who could be the manager".to_owned(),
        }
    }

    pub fn pattern(&self, pattern: DominancePattern) -> &'static str {
        match (pattern, self.zh) {
            (DominancePattern::DominatedThroughout { by: Side::Manager }, true) => {
                "经理自始至终主导"
            }
            (DominancePattern::DominatedThroughout { by: Side::Others }, true) => {
                "员工一方自始至终主导"
            }
            (DominancePattern::BackAndForth, true) => "来回交流",
            (DominancePattern::Alternating, true) => "轮流主导",
            (DominancePattern::DominatedThroughout { by: Side::Manager }, false) => {
                "manager dominated throughout"
            }
            (DominancePattern::DominatedThroughout { by: Side::Others }, false) => {
                "employee side dominated throughout"
            }
            (DominancePattern::BackAndForth, false) => "back and forth",
            (DominancePattern::Alternating, false) => "alternating",
        }
    }
}
