//! The fixed words of the audit's HTML page and terminal table, in Chinese when most
//! of the audited conversations are Chinese and in English otherwise (the audit's
//! `language`).

use crate::domain::{ConversationKind, Language};
use crate::products::audit::{AuditScope, Direction, GapKind, GroupKind, Metric, QuoteSignal};

/// All fixed wording of the audit views in one language.
#[derive(Debug)]
pub struct AuditLabels {
    /// The page's `lang` attribute.
    pub lang: &'static str,
    pub title: &'static str,
    pub period: &'static str,
    pub scope: &'static str,
    pub everyone: &'static str,
    pub department: &'static str,
    pub manager: &'static str,
    pub employee: &'static str,
    pub organisation: &'static str,
    pub managers: &'static str,
    pub departments: &'static str,
    pub employees: &'static str,
    pub conversations: &'static str,
    pub by_kind: &'static str,
    pub median_talk_share: &'static str,
    pub talk_share: &'static str,
    pub over_norm: &'static str,
    pub praise_criticism: &'static str,
    pub praise_per_criticism: &'static str,
    pub open_question_rate: &'static str,
    pub items: &'static str,
    pub action_items: &'static str,
    pub completeness: &'static str,
    pub per_employee: &'static str,
    pub cadence_gaps: &'static str,
    pub outliers: &'static str,
    pub no_outliers: &'static str,
    pub no_gaps: &'static str,
    pub no_conversations: &'static str,
    pub median: &'static str,
    pub date: &'static str,
    pub kind: &'static str,
    pub id: &'static str,
    pub days: &'static str,
    pub talk_chart: &'static str,
    pub question_chart: &'static str,
    pub norm: &'static str,
    pub unknown: &'static str,
    pub models_note: &'static str,
    pub undated: &'static str,
    pub evidence: &'static str,
    pub coaching: &'static str,
    pub legend_outlier: &'static str,
    pub generated: &'static str,
    /// The terminal table's short column names after the group's name: employees,
    /// conversations, kinds, median talk share, over 40%, praise/criticism, open
    /// questions, action items, completeness, cadence gaps.
    pub text_group_header: [&'static str; 10],
    /// The terminal's conversation columns.
    pub text_conversation_header: [&'static str; 10],
}

pub const ZH: AuditLabels = AuditLabels {
    lang: "zh",
    title: "绩效面谈质量审计",
    period: "期间",
    scope: "范围",
    everyone: "全部",
    department: "部门",
    manager: "经理",
    employee: "员工",
    organisation: "合计",
    managers: "按经理",
    departments: "按部门",
    employees: "员工数",
    conversations: "面谈数",
    by_kind: "计划/辅导/考评/反馈/未注明",
    median_talk_share: "经理发言占比中位数",
    talk_share: "经理发言占比",
    over_norm: "超过40%",
    praise_criticism: "表扬/批评",
    praise_per_criticism: "表扬/批评比",
    open_question_rate: "开放式问题占比",
    items: "行动项 约定/已跟进",
    action_items: "行动项",
    completeness: "记录完整度",
    per_employee: "人均面谈数",
    cadence_gaps: "面谈间隔缺口",
    outliers: "异常值",
    no_outliers: "没有异常值（至少需要4位有数据的经理，偏离中位数超过2.5倍MAD）。",
    no_gaps: "没有面谈间隔缺口。",
    no_conversations: "期间内没有面谈。",
    median: "中位数",
    date: "日期",
    kind: "类型",
    id: "编号",
    days: "天",
    talk_chart: "各经理发言占比中位数（虚线为40%上限）",
    question_chart: "各经理开放式问题占比",
    norm: "上限",
    unknown: "—",
    models_note: "表扬与批评只统计经模型分析过的面谈；“—”表示未知。",
    undated: "没有日期、无法归入期间的面谈",
    evidence: "摘录（各组最近一次的批评与表扬）",
    coaching: "辅导报告",
    legend_outlier: "标黄的数值为异常值",
    generated: "由 Candor 本地生成；只含指标与简短摘录，不含完整记录",
    text_group_header: [
        "员工",
        "面谈",
        "计/辅/考/反/?",
        "发言中位",
        ">40%",
        "表扬/批评",
        "开放问题",
        "行动项/跟进",
        "完整度",
        "缺口",
    ],
    text_conversation_header: [
        "编号",
        "日期",
        "经理",
        "员工",
        "类型",
        "发言",
        "表扬/批评",
        "开放问题",
        "行动项",
        "完整度",
    ],
};

pub const EN: AuditLabels = AuditLabels {
    lang: "en",
    title: "Conversation quality audit",
    period: "Period",
    scope: "Scope",
    everyone: "everyone",
    department: "department",
    manager: "Manager",
    employee: "Employee",
    organisation: "All in scope",
    managers: "By manager",
    departments: "By department",
    employees: "Employees",
    conversations: "Conversations",
    by_kind: "Plan/coaching/review/feedback/unknown",
    median_talk_share: "Median manager talk share",
    talk_share: "Manager talk share",
    over_norm: "Over 40%",
    praise_criticism: "Praise/criticism",
    praise_per_criticism: "Praise per criticism",
    open_question_rate: "Open-question rate",
    items: "Action items agreed/followed up",
    action_items: "Action items",
    completeness: "Record completeness",
    per_employee: "Conversations per employee",
    cadence_gaps: "Cadence gaps",
    outliers: "Outliers",
    no_outliers: "No outliers (they need at least 4 managers with a value and a value over 2.5 MADs from the median).",
    no_gaps: "No cadence gaps.",
    no_conversations: "No conversations in the period.",
    median: "median",
    date: "Date",
    kind: "Kind",
    id: "Id",
    days: "days",
    talk_chart: "Median manager talk share per manager (dashed line: the 40% limit)",
    question_chart: "Open-question rate per manager",
    norm: "limit",
    unknown: "—",
    models_note: "Praise and criticism count only conversations the models read; \"—\" means unknown.",
    undated: "Conversations without a date, which no period can hold",
    evidence: "Quotes (each group's latest criticism and praise)",
    coaching: "coaching report",
    legend_outlier: "Highlighted values are outliers",
    generated: "Generated locally by Candor; numbers and short quotes only, no transcripts",
    text_group_header: [
        "empl.",
        "conv.",
        "p/c/r/f/?",
        "talk",
        ">40%",
        "praise/crit.",
        "open q.",
        "items/followed",
        "record",
        "gaps",
    ],
    text_conversation_header: [
        "id",
        "date",
        "manager",
        "employee",
        "kind",
        "talk",
        "praise/crit.",
        "open q.",
        "items",
        "record",
    ],
};

impl AuditLabels {
    pub fn for_language(language: Language) -> &'static AuditLabels {
        match language {
            Language::Zh => &ZH,
            _ => &EN,
        }
    }

    fn zh(&self) -> bool {
        self.lang == "zh"
    }

    pub fn kind_name(&self, kind: Option<ConversationKind>) -> &'static str {
        let zh = self.zh();
        match kind {
            Some(ConversationKind::Plan) => pick(zh, "计划", "plan"),
            Some(ConversationKind::Coaching) => pick(zh, "辅导", "coaching"),
            Some(ConversationKind::Review) => pick(zh, "考评", "review"),
            Some(ConversationKind::Feedback) => pick(zh, "反馈", "feedback"),
            None => pick(zh, "未注明", "unknown"),
        }
    }

    pub fn scope_text(&self, scope: &AuditScope) -> String {
        match scope {
            AuditScope::Everyone => self.everyone.to_owned(),
            AuditScope::Department(d) => format!("{} {d}", self.department),
            AuditScope::Manager(m) => format!("{} {m}", self.manager),
        }
    }

    pub fn group_kind(&self, kind: GroupKind) -> &'static str {
        match kind {
            GroupKind::Manager => self.manager,
            GroupKind::Department => pick(self.zh(), "部门", "Department"),
        }
    }

    pub fn metric(&self, metric: Metric) -> &'static str {
        match metric {
            Metric::MedianManagerTalkShare => self.median_talk_share,
            Metric::OpenQuestionRate => self.open_question_rate,
            Metric::PraisePerCriticism => self.praise_per_criticism,
            Metric::RecordCompleteness => self.completeness,
            Metric::ConversationsPerEmployee => self.per_employee,
        }
    }

    pub fn signal(&self, signal: QuoteSignal) -> &'static str {
        match signal {
            QuoteSignal::Praise => pick(self.zh(), "表扬", "praise"),
            QuoteSignal::Criticism => pick(self.zh(), "批评", "criticism"),
        }
    }

    pub fn direction(&self, direction: Direction) -> &'static str {
        match direction {
            Direction::High => pick(self.zh(), "偏高", "high"),
            Direction::Low => pick(self.zh(), "偏低", "low"),
        }
    }

    pub fn gap(&self, kind: GapKind) -> &'static str {
        match kind {
            GapKind::NoConversation31Days => pick(
                self.zh(),
                "超过31天没有面谈",
                "no conversation for over 31 days",
            ),
            GapKind::NoFormalInterviewInQuarter => pick(
                self.zh(),
                "一个季度内没有正式考评/反馈面谈",
                "no review or feedback interview within a quarter",
            ),
        }
    }
}

fn pick(zh: bool, chinese: &'static str, english: &'static str) -> &'static str {
    if zh { chinese } else { english }
}
