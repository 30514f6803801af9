//! The report's sentences in Chinese and English: the self-check items of article
//! 001 (table 2, quoted as the article words them), the notes that say why an item
//! has its status, and the strengths and changes. Chinese for Chinese
//! conversations, English otherwise, as `render::labels` chooses.

use crate::domain::Language;

use super::ShareBasis;

/// Fixed words of one language; sentences with numbers are methods.
#[derive(Debug)]
pub struct Words {
    pub zh: bool,
    pub the_employee: &'static str,
    pub not_visible: &'static str,
    pub needs_models: &'static str,
    pub untimed_listening: &'static str,
    pub no_employee: &'static str,
}

const ZH: Words = Words {
    zh: true,
    the_employee: "员工",
    not_visible: "从记录中看不出",
    needs_models: "表扬与批评要由模型判断，本次没有运行模型",
    untimed_listening: "记录没有时间戳，看不出打断：说话占比按字词计，前两项从 80 分折算为 100 分",
    no_employee: "记录中没有员工发言，无从判断倾听",
};

const EN: Words = Words {
    zh: false,
    the_employee: "the employee",
    not_visible: "not visible in the transcript",
    needs_models: "praise and criticism are read by the models, which did not run",
    untimed_listening: "No timings, so interruptions cannot be seen: the talk share counts speech units, and the first two terms are scaled from 80 to 100",
    no_employee: "no employee speaks in this transcript, so listening cannot be judged",
};

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

impl Words {
    pub fn for_language(language: Option<Language>) -> &'static Words {
        match language {
            Some(Language::Zh) => &ZH,
            _ => &EN,
        }
    }

    fn pick(&self, zh: String, en: String) -> String {
        if self.zh { zh } else { en }
    }

    fn basis(&self, basis: ShareBasis) -> &'static str {
        match (basis, self.zh) {
            (ShareBasis::SpeakingTime, true) => "说话时长",
            (ShareBasis::SpeechUnits, true) => "字词",
            (ShareBasis::SpeakingTime, false) => "speaking time",
            (ShareBasis::SpeechUnits, false) => "speech units (words)",
        }
    }

    // --- the self-check list (article 001, table 2) -------------------------------

    pub fn item_notice(&self) -> String {
        self.pick(
            "是否提前至少3天约定面谈时间，并告知目的与议程？".into(),
            "Did you set the time at least 3 days ahead and share the purpose and agenda?".into(),
        )
    }

    pub fn item_self_review(&self) -> String {
        self.pick(
            "是否看过员工自评，并整理了3–5个具体案例？".into(),
            "Did you read the employee's self-review and gather 3–5 concrete examples?".into(),
        )
    }

    pub fn item_open_questions(&self, min: u32) -> String {
        self.pick(
            format!("是否准备了至少{min}个开放式问题，帮助员工复盘与反思？"),
            format!(
                "Did you prepare at least {min} open questions to help the employee review and reflect?"
            ),
        )
    }

    pub fn item_talk_share(&self, max: f64) -> String {
        let max = percent(max);
        self.pick(
            format!("自己的说话时间是否控制在整体的{max}以内？"),
            format!("Did you keep your own talk time within {max} of the whole?"),
        )
    }

    pub fn item_praise_first(&self) -> String {
        self.pick(
            "是否先肯定成绩，再谈不足，而非一上来就批评？".into(),
            "Did you recognise achievements first and then the gaps, rather than open with criticism?"
                .into(),
        )
    }

    pub fn item_room(&self) -> String {
        self.pick(
            "是否就关键分歧给了员工充分表达和解释的空间？".into(),
            "Did you give the employee full room to express and explain on key disagreements?"
                .into(),
        )
    }

    pub fn item_actions(&self) -> String {
        self.pick(
            "是否与员工共同确认了2–3条具体、可衡量的改进行动？".into(),
            "Did you and the employee confirm 2–3 specific, measurable improvement actions?".into(),
        )
    }

    pub fn item_record(&self) -> String {
        self.pick(
            "是否在系统中记录了面谈要点，并设置了后续跟进节点？".into(),
            "Did you record the key points in the system and set follow-up checkpoints?".into(),
        )
    }

    // --- notes ------------------------------------------------------------------

    pub fn note_open_questions(&self, asked: usize, min: u32) -> String {
        self.pick(
            format!("经理问了 {asked} 个开放式问题（标准 ≥ {min}）；是否事先准备从记录中看不出"),
            format!(
                "The manager asked {asked} open questions (norm ≥ {min}); whether they were prepared is not visible"
            ),
        )
    }

    pub fn note_talk_share(&self, share: f64, basis: ShareBasis, max: f64) -> String {
        let (share, max, basis) = (percent(share), percent(max), self.basis(basis));
        self.pick(
            format!("经理说话占 {share}（按{basis}计，标准 ≤ {max}）"),
            format!("The manager had {share} of the {basis} (norm ≤ {max})"),
        )
    }

    pub fn note_praise_first(&self, praise_first: bool, both: bool) -> String {
        match (praise_first, both, self.zh) {
            (true, true, true) => "先肯定了成绩，再谈不足".into(),
            (true, false, true) => "只有肯定，没有批评".into(),
            (false, true, true) => "第一条反馈就是批评".into(),
            (false, false, true) => "只有批评，没有肯定".into(),
            (true, true, false) => "Praise came first, then the gaps".into(),
            (true, false, false) => "Praise only, no criticism".into(),
            (false, true, false) => "The first feedback was criticism".into(),
            (false, false, false) => "Criticism only, no praise".into(),
        }
    }

    pub fn note_no_feedback(&self) -> String {
        self.pick(
            "经理既没有表扬也没有批评".into(),
            "The manager gave neither praise nor criticism".into(),
        )
    }

    pub fn note_room_given(&self, times: usize) -> String {
        self.pick(
            format!("员工提出不同意见 {times} 次，每次都有机会解释"),
            format!("The employee disagreed {times} time(s) and could explain each time"),
        )
    }

    pub fn note_room_cut_off(&self) -> String {
        self.pick(
            "员工提出不同意见时被打断".into(),
            "The manager cut in while the employee disagreed".into(),
        )
    }

    pub fn note_room_dismissed(&self) -> String {
        self.pick(
            "员工提出不同意见后，经理用反问或贴标签回应".into(),
            "The manager answered the employee's disagreement with a rhetorical question or a label"
                .into(),
        )
    }

    pub fn note_room_unexplained(&self) -> String {
        self.pick(
            "员工提出不同意见后没有展开，经理也没有追问".into(),
            "The employee disagreed briefly and was not asked to explain".into(),
        )
    }

    pub fn note_no_disagreement(&self) -> String {
        self.pick(
            "记录中没有看到员工提出不同意见".into(),
            "No disagreement from the employee in the transcript".into(),
        )
    }

    pub fn note_actions(&self, specific: usize, total: usize) -> String {
        self.pick(
            format!("共 {total} 条行动项，其中 {specific} 条具体、可衡量（有时间、有交付物）"),
            format!(
                "{total} action item(s), {specific} of them specific and measurable (a due time and a deliverable)"
            ),
        )
    }

    // --- strengths ------------------------------------------------------------------

    pub fn strength_talk_share(&self, e: &str, share: f64, basis: ShareBasis, max: f64) -> String {
        let (share, max, basis) = (percent(share), percent(max), self.basis(basis));
        self.pick(
            format!("你把说话的空间留给了{e}：你只占 {share} 的{basis}（标准 ≤ {max}）。"),
            format!("You left the floor to {e}: you had {share} of the {basis} (norm ≤ {max})."),
        )
    }

    pub fn strength_open_questions(&self, e: &str, asked: usize) -> String {
        self.pick(
            format!("你问了 {asked} 个开放式问题，让{e}自己复盘。"),
            format!("You asked {asked} open questions and let {e} do the reviewing."),
        )
    }

    pub fn strength_story(&self, e: &str, turn: u32, length: &str) -> String {
        self.pick(
            format!("你让{e}完整地讲了一大段（#{turn}，{length}），中间没有打断。"),
            format!("You let {e} tell a long story without cutting in (#{turn}, {length})."),
        )
    }

    pub fn strength_specific_praise(&self, praise_first: bool) -> String {
        match (praise_first, self.zh) {
            (true, true) => "你的肯定具体到事情和影响，而且放在谈不足之前。".into(),
            (false, true) => "你的肯定具体到事情和影响。".into(),
            (true, false) => {
                "Your praise named the event and its impact, and came before the gaps.".into()
            }
            (false, false) => "Your praise named the event and its impact.".into(),
        }
    }

    pub fn strength_summary(&self) -> String {
        self.pick(
            "你在结尾总结了达成的共识。".into(),
            "You closed by summarising what was agreed.".into(),
        )
    }

    pub fn strength_actions(&self, count: usize) -> String {
        self.pick(
            format!("双方确认了 {count} 条具体、有时间的行动项。"),
            format!("You agreed {count} specific actions with dates."),
        )
    }

    pub fn strength_room(&self, e: &str) -> String {
        self.pick(
            format!("{e}提出不同意见时，你让对方把话说完，并认真回应。"),
            format!("When {e} disagreed, you let them explain and took it on board."),
        )
    }

    pub fn strength_reflection(&self, e: &str) -> String {
        self.pick(
            format!("你复述了{e}的话，确认自己听懂了。"),
            format!("You restated what {e} said to check you had understood."),
        )
    }

    // --- changes ------------------------------------------------------------------

    pub fn change_talk_less(&self, e: &str, share: f64, basis: ShareBasis, max: f64) -> String {
        let (share, max, basis) = (percent(share), percent(max), self.basis(basis));
        self.pick(
            format!(
                "少说多问：你占了 {share} 的{basis}（标准 ≤ {max}）。每问一个问题，等{e}说完再开口。"
            ),
            format!(
                "Talk less, ask more: you had {share} of the {basis} (norm ≤ {max}). After each question, wait until {e} has finished."
            ),
        )
    }

    pub fn change_interruptions(&self, e: &str, times: usize) -> String {
        self.pick(
            format!("让{e}把话说完：你打断了 {times} 次。"),
            format!("Let {e} finish: you cut in {times} time(s)."),
        )
    }

    pub fn change_open_questions(&self, asked: usize, min: u32) -> String {
        self.pick(
            format!(
                "多问开放式问题（“你怎么看……？”“当时是什么情况？”）：这次只问了 {asked} 个，至少要 {min} 个。"
            ),
            format!(
                "Ask at least {min} open questions (“How do you see…?”, “What happened?”); you asked {asked}."
            ),
        )
    }

    pub fn change_rhetorical(&self) -> String {
        self.pick(
            "不要用反问句：改成真正的提问，比如“当时是什么卡住了？”".into(),
            "Drop rhetorical questions; ask a real one instead, such as “What got in the way?”"
                .into(),
        )
    }

    pub fn change_labelling(&self) -> String {
        self.pick(
            "不要贴标签（“你总是……”“你从来不……”）：说具体哪件事、带来了什么影响。".into(),
            "Drop labels (“you always…”, “you never…”): name the event and its impact.".into(),
        )
    }

    pub fn change_praise_first(&self) -> String {
        self.pick(
            "先肯定成绩，再谈不足：这次第一条反馈就是批评。".into(),
            "Recognise what went well before the gaps: this time the first feedback was criticism."
                .into(),
        )
    }

    pub fn change_more_praise(&self, praised: usize) -> String {
        if praised == 0 {
            return self.pick(
                "至少具体肯定两点成绩：这次没有肯定。".into(),
                "Name at least two specific things that went well: this time there was no praise."
                    .into(),
            );
        }
        self.pick(
            format!("至少具体肯定两点成绩：这次只肯定了 {praised} 处，而且要说清是哪件事、带来了什么影响。"),
            format!(
                "Name at least two specific things that went well, each with the event and its impact; you praised {praised} time(s)."
            ),
        )
    }

    pub fn change_specific_praise(&self) -> String {
        self.pick(
            "肯定要具体：说清是哪件事、带来了什么影响，而不只是“不错”。".into(),
            "Make praise specific: say which event and what it changed, not just “good job”."
                .into(),
        )
    }

    pub fn change_vague_criticism(&self) -> String {
        self.pick(
            "批评要具体：说清事实、影响和你期望的做法。".into(),
            "Make criticism specific: the fact, its impact and what you expect instead.".into(),
        )
    }

    pub fn change_summary(&self) -> String {
        self.pick(
            "结尾做个总结：达成了什么、谁在什么时间前做什么。".into(),
            "Close with a summary: what was agreed, who does what by when.".into(),
        )
    }

    pub fn change_actions(&self, specific: usize) -> String {
        self.pick(
            format!("确认 2–3 条具体、可衡量、有时间的行动项：这次只有 {specific} 条。"),
            format!(
                "Agree 2–3 specific, measurable actions with dates; this time there were {specific}."
            ),
        )
    }

    pub fn change_room(&self, e: &str, turn: u32) -> String {
        self.pick(
            format!("{e}提出不同意见时（#{turn}），先请对方解释，再回应。"),
            format!("When {e} disagreed (#{turn}), ask them to explain before you answer."),
        )
    }

    /// A story's length: seconds when timed, else speech units.
    pub fn length(&self, seconds: Option<f64>, units: u32) -> String {
        match (seconds, self.zh) {
            (Some(s), true) => format!("{s:.0} 秒"),
            (Some(s), false) => format!("{s:.0} s"),
            (None, true) => format!("{units} 字"),
            (None, false) => format!("{units} words"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_quote_the_article_with_the_default_norms() {
        assert_eq!(
            ZH.item_talk_share(0.40),
            "自己的说话时间是否控制在整体的40%以内？"
        );
        assert_eq!(
            ZH.item_open_questions(3),
            "是否准备了至少3个开放式问题，帮助员工复盘与反思？"
        );
        assert!(EN.item_talk_share(0.5).contains("within 50%"));
    }

    #[test]
    fn mixed_and_unknown_conversations_read_in_english() {
        assert!(!Words::for_language(Some(Language::Mixed)).zh);
        assert!(!Words::for_language(None).zh);
        assert!(Words::for_language(Some(Language::Zh)).zh);
    }
}
