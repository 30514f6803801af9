//! The fixed words of the coaching report's Markdown and HTML views, in Chinese for
//! Chinese conversations and in English otherwise (as `labels.rs` does for
//! `candor analyze`). The report's own sentences come from `products::coaching`.

use crate::domain::{ConversationKind, Language, Role};
use crate::products::coaching::{DimensionName, Phase, Signal, Status, TimelineBasis};

/// All fixed wording of the coaching views in one language.
#[derive(Debug)]
pub struct CoachingLabels {
    /// The page's `lang` attribute.
    pub lang: &'static str,
    pub title: &'static str,
    pub manager: &'static str,
    pub employee: &'static str,
    pub other: &'static str,
    pub inferred: &'static str,
    pub date: &'static str,
    pub kind: &'static str,
    pub language: &'static str,
    pub talk_share: &'static str,
    pub norm: &'static str,
    pub by_time: &'static str,
    pub by_units: &'static str,
    pub praise_first: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub not_judged: &'static str,
    pub no_models: &'static str,
    pub dimensions: &'static str,
    pub dimension: &'static str,
    pub score: &'static str,
    pub formula: &'static str,
    pub checklist: &'static str,
    pub phase: &'static str,
    pub question: &'static str,
    pub status: &'static str,
    pub note: &'static str,
    pub strengths: &'static str,
    pub changes: &'static str,
    pub nothing_supported: &'static str,
    pub action_items: &'static str,
    pub owner: &'static str,
    pub what: &'static str,
    pub due: &'static str,
    pub specific: &'static str,
    pub joint: &'static str,
    pub no_actions: &'static str,
    pub timeline: &'static str,
    pub untimed: &'static str,
    pub transcript: &'static str,
    pub generated: &'static str,
}

pub const ZH: CoachingLabels = CoachingLabels {
    lang: "zh",
    title: "绩效面谈辅导报告",
    manager: "经理",
    employee: "员工",
    other: "其他",
    inferred: "推断",
    date: "日期",
    kind: "类型",
    language: "语言",
    talk_share: "经理说话占比",
    norm: "标准",
    by_time: "按说话时长",
    by_units: "按字词",
    praise_first: "先肯定后批评",
    yes: "是",
    no: "否",
    not_judged: "未评估",
    no_models: "本次没有运行模型：表扬与批评（“肯定”维度、先肯定后批评）未评估。",
    dimensions: "四个维度",
    dimension: "维度",
    score: "分数",
    formula: "公式",
    checklist: "管理者行为自检清单（文章 001 表 2）",
    phase: "阶段",
    question: "自检问题",
    status: "结果",
    note: "依据",
    strengths: "做得好的地方",
    changes: "下次要改的地方",
    nothing_supported: "记录中没有足够的依据。",
    action_items: "行动项",
    owner: "负责人",
    what: "事项",
    due: "期限",
    specific: "具体可衡量",
    joint: "双方",
    no_actions: "没有找到达成一致的行动项。",
    timeline: "说话时间轴",
    untimed: "这份记录没有时间戳：按发言顺序排列，每段的长度按字词数计，不是真实时间。",
    transcript: "对话记录",
    generated: "由 Candor 在本机生成",
};

pub const EN: CoachingLabels = CoachingLabels {
    lang: "en",
    title: "Coaching report",
    manager: "Manager",
    employee: "Employee",
    other: "Other",
    inferred: "inferred",
    date: "Date",
    kind: "Kind",
    language: "Language",
    talk_share: "Manager talk share",
    norm: "norm",
    by_time: "of speaking time",
    by_units: "of speech units",
    praise_first: "Praise before criticism",
    yes: "yes",
    no: "no",
    not_judged: "not judged",
    no_models: "The models did not run: praise and criticism (affirmation, praise before criticism) are not judged.",
    dimensions: "The four dimensions",
    dimension: "Dimension",
    score: "Score",
    formula: "Formula",
    checklist: "Manager self-check (article 001, table 2)",
    phase: "When",
    question: "Check",
    status: "Result",
    note: "Basis",
    strengths: "Strengths",
    changes: "Changes for next time",
    nothing_supported: "Nothing the transcript supports.",
    action_items: "Action items",
    owner: "Owner",
    what: "What",
    due: "Due",
    specific: "Specific",
    joint: "both",
    no_actions: "No agreed action items found.",
    timeline: "Talk-time timeline",
    untimed: "The transcript has no timings: turns are shown in order, each as long as its speech units, not in real time.",
    transcript: "Transcript",
    generated: "Made by Candor on this machine",
};

impl CoachingLabels {
    /// Chinese for Chinese conversations; English otherwise.
    pub fn for_language(language: Option<Language>) -> &'static CoachingLabels {
        match language {
            Some(Language::Zh) => &ZH,
            _ => &EN,
        }
    }

    fn zh(&self) -> bool {
        self.lang == "zh"
    }

    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Manager => self.manager,
            Role::Employee => self.employee,
            Role::Other => self.other,
        }
    }

    pub fn dimension_name(&self, name: DimensionName) -> &'static str {
        match (name, self.zh()) {
            (DimensionName::Questioning, true) => "提问",
            (DimensionName::Listening, true) => "倾听",
            (DimensionName::Affirmation, true) => "肯定",
            (DimensionName::Summarising, true) => "总结",
            (DimensionName::Questioning, false) => "Questioning",
            (DimensionName::Listening, false) => "Listening",
            (DimensionName::Affirmation, false) => "Affirmation",
            (DimensionName::Summarising, false) => "Summarising",
        }
    }

    pub fn phase(&self, phase: Phase) -> &'static str {
        match (phase, self.zh()) {
            (Phase::Before, true) => "面谈前",
            (Phase::During, true) => "面谈中",
            (Phase::After, true) => "面谈后",
            (Phase::Before, false) => "before",
            (Phase::During, false) => "during",
            (Phase::After, false) => "after",
        }
    }

    /// A mark and a word for a status.
    pub fn status(&self, status: Status) -> (&'static str, &'static str) {
        match (status, self.zh()) {
            (Status::Met, true) => ("✓", "是"),
            (Status::NotMet, true) => ("✗", "否"),
            (Status::NotVisible, true) => ("–", "看不出"),
            (Status::Met, false) => ("✓", "met"),
            (Status::NotMet, false) => ("✗", "not met"),
            (Status::NotVisible, false) => ("–", "not visible"),
        }
    }

    pub fn kind_name(&self, kind: ConversationKind) -> &'static str {
        match (kind, self.zh()) {
            (kind, true) => kind.chinese_name(),
            (ConversationKind::Plan, false) => "plan",
            (ConversationKind::Coaching, false) => "coaching",
            (ConversationKind::Review, false) => "review",
            (ConversationKind::Feedback, false) => "feedback",
        }
    }

    pub fn timeline_note(&self, basis: TimelineBasis) -> Option<&'static str> {
        (basis == TimelineBasis::TurnOrder).then_some(self.untimed)
    }

    /// What a quote shows, in a few words.
    pub fn signal(&self, signal: Signal) -> &'static str {
        let (zh, en) = match signal {
            Signal::OpenQuestion => ("开放式问题", "open question"),
            Signal::ClosedQuestion => ("封闭式问题", "closed question"),
            Signal::RhetoricalQuestion => ("反问", "rhetorical question"),
            Signal::EmployeeStory => ("员工最长的一段", "employee's longest turn"),
            Signal::ManagerMonologue => ("经理最长的一段", "manager's longest turn"),
            Signal::Interruption => ("打断", "interruption"),
            Signal::Praise => ("肯定", "praise"),
            Signal::SpecificPraise => ("具体的肯定", "specific praise"),
            Signal::VaguePraise => ("笼统的肯定", "vague praise"),
            Signal::Criticism => ("批评", "criticism"),
            Signal::VagueCriticism => ("笼统的批评", "vague criticism"),
            Signal::Labelling => ("贴标签", "labelling"),
            Signal::ClosingSummary => ("结尾总结", "closing summary"),
            Signal::Reflection => ("复述", "restating"),
            Signal::ActionItem => ("行动项", "action item"),
            Signal::VagueActionItem => ("不够具体的行动项", "action item, not specific"),
            Signal::Pushback => ("员工的不同意见", "employee disagrees"),
            Signal::Reply => ("经理的回应", "manager's reply"),
            Signal::LastWord => ("经理最后一段", "manager's last turn"),
        };
        if self.zh() { zh } else { en }
    }
}
