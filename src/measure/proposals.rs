//! Requests, offers and proposals put as questions: "能不能周五前把周报发我？",
//! "要不要我帮你约一下法务？", "How about we move the demo to Thursday?", "Could you
//! send me the numbers?"; asking leave or offering ("我能看一下草稿吗？", "May I see
//! the draft?", "Would you like the notes?") and checking a plan ("Does that work
//! for you?") too. They have a question's shape but ask the listener to do
//! something, not to tell something, so the coaching report must not count them
//! as the manager's questions (DOMAIN.md: open questions invite the employee to
//! talk). The dialogue act is then a suggestion, DailyDialog's "directive".
//!
//! Elicitations stay questions: "你能说说当时怎么想的吗？", "Can you walk me
//! through it?" ask the listener to talk (`questions.rs`, the request cue). So the
//! verbs that make a request here are listed, not guessed: a verb of doing
//! (send, check, 发, 把…) makes one, a verb of telling or thinking does not.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::Language;
use crate::normalize::sentence_spans;

/// Whether `text` asks the listener to do something (or offers or proposes to)
/// in the form of a question. Every sentence of `text` that ends in a question
/// mark must do so (the last sentence when none does): "Could you check the
/// logs? And why did it fail?" still asks why.
pub fn proposes(text: &str, language: Language) -> bool {
    let sentences: Vec<&str> = sentence_spans(text)
        .into_iter()
        .map(|span| span.slice(text))
        .collect();
    let marked: Vec<&str> = sentences
        .iter()
        .filter(|s| s.ends_with(['?', '？']))
        .copied()
        .collect();
    let asking = if marked.is_empty() {
        sentences.last().into_iter().copied().collect()
    } else {
        marked
    };
    !asking.is_empty()
        && asking.iter().all(|sentence| {
            let body = sentence.trim_matches(|c: char| !c.is_alphanumeric());
            match language {
                Language::Zh => zh::proposes(body),
                Language::En => en::proposes(body),
                Language::Mixed => zh::proposes(body) || en::proposes(body),
            }
        })
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("proposal patterns are valid; this is a bug")
}

/// The Chinese forms.
mod zh {
    use super::{LazyLock, Regex, compile};

    /// Discourse openers before the request: 那, 好, 嗯, 小王，….
    const LEAD: &str = "^(?:(?:那么|那|好的|好|嗯|所以|对了|另外|这样)[，,、\\s]*)*";

    /// Verbs and adverbs of doing that follow 能不能 / 可以 in a request: 帮我, 把,
    /// 发, 先, 周五前…. Telling verbs (说说, 介绍) are not here: those elicit.
    const DOING: &str = "(?:帮我|帮忙|帮|替我|替|给我|把|借我|借|带|陪|发|寄|送|交|改|补|\
                         催|约|订|定|排|安排|跟进|盯|核|查|看一下|看看|过一下|过一遍|抽空|先|再|尽快|马上|\
                         今天|明天|后天|今晚|下周|这周|本周|周[一二三四五六日末]|月底|下班前|\
                         [一二三四五六七八九十两\\d]+[点号])";

    /// Asking leave to do something oneself: 我可以进来吗, 我能看看吗. Asking leave
    /// to ask (我可以问一下…) is a question and is not here.
    const PERMISSION: &str = "我(?:可以|能|能不能|可不可以)(?:先|再|现在)?\
                              (?:看看|看一下|进来|坐|借|用|试|拿|走|去|来|预约|预订|订|要|换|跟|和|请|\
                              帮|为|留|把|开|交|改|加|调)";

    /// Offering something or one's help: 您要我们帮您送过去吗, 需要帮忙吗, 要喝点什么吗,
    /// 有什么我能帮您的吗.
    const OFFER: &str = "(?:(?:你|您)?(?:要|需要)(?:我|我们)(?:帮|给|把|替|来|去|送)|\
                         需要帮忙|要(?:喝|吃)点|有什么(?:我|我们)?(?:能|可以)(?:帮|为)|\
                         (?:我|我们)(?:能|可以)为(?:你|您)效劳)";

    static PROPOSAL: LazyLock<Regex> = LazyLock::new(|| {
        compile(&format!(
            "{LEAD}(?:\
             (?:要不要|需不需要|要不|用不用)我|\
             (?:要不|不如|干脆|何不|要不要考虑)|\
             (?:请|麻烦)|\
             (?:你|您)?(?:能不能|能否|可不可以|可否|可以|能|方便)(?:你|您)?{DOING}|\
             (?:我们|咱们)(?:先|就|还是|要不|不如|干脆)?.+吧$|\
             (?:我们|咱们)(?:能|可以|能不能|可不可以)(?:先|再)?(?:换|改|订|约|要|各让|挪|调|把)|\
             我(?:来|帮你|帮您|替你|给你).*(?:吧|好吗|行吗|怎么样)$|\
             {PERMISSION}|{OFFER}|\
             (?:你|您)?(?:介意|介不介意)|\
             (?:这样)?(?:可以|好|行)(?:吗|不)$)"
        ))
    });

    /// A statement, a comma and a tag asking to agree to it: "周会改到周四，怎么样".
    /// Not after an opinion word, which asks for a view: "你觉得，怎么样".
    static AGREE_TAG: LazyLock<Regex> =
        LazyLock::new(|| compile("[，,]\\s*(?:怎么样|如何|好吗|行吗|好不好|可以吗|行不行|成吗)$"));

    /// A request closed by a tag without a comma: "请把它寄到日本好吗".
    static TAGGED_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
        compile(&format!(
            "{LEAD}(?:你|您)?(?:先|再)?(?:把|帮我|给我|替我).+(?:好吗|行吗|好不好|可以吗)$"
        ))
    });

    /// The whole sentence, or its last clause after a vocative or a remark:
    /// "凯特，我们能换个频道吗".
    pub(super) fn proposes(body: &str) -> bool {
        let clause_after_comma = body.rsplit_once(['，', ',']).map(|(_, last)| last);
        PROPOSAL.is_match(body)
            || clause_after_comma.is_some_and(|clause| PROPOSAL.is_match(clause))
            || TAGGED_REQUEST.is_match(body)
            || agrees_to_a_plan(body)
    }

    fn agrees_to_a_plan(body: &str) -> bool {
        let Some(found) = AGREE_TAG.find(body) else {
            return false;
        };
        let statement = &body[..found.start()];
        let opinion = ["觉得", "认为", "看", "你", "您", "想法", "意见"];
        statement.chars().count() >= 4 && !opinion.iter().any(|w| statement.ends_with(w))
    }
}

/// The English forms.
mod en {
    use super::{LazyLock, Regex, compile};

    /// Verbs of doing after "could you": a request. Verbs of telling, thinking and
    /// perceiving (tell, explain, think, remember, see) are left out: they ask.
    const DOING: &str = "(?:help|give|send|get|bring|lend|show|pass|hand|pick|put|take|make|\
                         check|look|call|email|e-mail|ping|text|book|move|fix|update|add|finish|review|\
                         cover|handle|hurry|wait|come|stop|keep|let|set|schedule|prepare|draft|write|\
                         forward|print|sign|fill|cc|loop|grab|drop|turn|open|close|read|pay|order|\
                         reserve|join|meet|run|try|follow|lead|own|step|pair|sync|double-check|leave|quote|\
                         double|clean|tidy|speak up|slow|speed|lower|raise|change|swap|switch|\
                         repeat|spell|weigh|wrap|pack|deliver|ship|push|merge|deploy|test|\
                         confirm|resend|reschedule|postpone|cancel|arrange|organi[sz]e|sort|\
                         find|buy|pick up|drive|carry|do me a favou?r|do me|be there|be on time)";

    static PROPOSAL: LazyLock<Regex> = LazyLock::new(|| {
        compile(&format!(
            "^(?:please )?(?:(?:can|could|would|will|won't) you (?:please |kindly |just |maybe |possibly |also |quickly )?{DOING}\\b|\
             would you (?:please|kindly)\\b|\
             (?:would|do) you mind\\b|\
             do you want me to\\b|\
             do you want (?:some|a|another|more)\\b|\
             why (?:don't|not) (?:you|we|i)\\b|\
             why not\\b|\
             (?:how|what) about (?:we|us|i|a|an|some|another|next|this|tomorrow|tonight|\
             monday|tuesday|wednesday|thursday|friday|saturday|sunday|\\w{{2,}}ing)\\b|\
             shall (?:we|i)\\b|\
             let's\\b|let us\\b|\
             (?:may|can|could) i (?:please )?(?:have|get|see|take|borrow|use|try|come|go|\
             speak to|speak with|talk to|leave|make|reserve|book|pay|sit|join|bring|offer|help|\
             put|change|open|call|drop|grab|pick)\\b|\
             (?:can|could) we (?:please )?(?:have|get|{DOING})\\b|\
             would you like\\b|\
             how (?:may|can) i help\\b|\
             (?:is|will) (?:that|this|it) (?:be )?(?:all right|alright|ok|okay|acceptable|suitable|fine)\\b|\
             (?:does|would) (?:that|this) work(?: for (?:you|everyone|the team|both of us))?$|\
             how does (?:that|this) sound\\b)"
        ))
    });

    /// Replies to a telling verb: "would you mind telling me…" elicits.
    static ELICITING: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "^(?:would|do) you mind (?:telling|walking|talking|explaining|sharing|describing|elaborating|\
             saying)\\b|^would you like to (?:tell|talk|share|say|explain|add|walk)\\b|^(?:how|what) about (?:anything|something|nothing|everything|morning|\
             evening|during|ceiling|thing)\\b",
        )
    });

    /// Words that may open the sentence before the request: "Tony,", "so", "ok".
    const OPENERS: [&str; 14] = [
        "so", "and", "but", "ok", "okay", "well", "now", "then", "alright", "oh", "hey", "um",
        "also", "yeah",
    ];

    pub(super) fn proposes(body: &str) -> bool {
        let text = body.to_lowercase().replace('’', "'");
        text.split([',', '，'])
            .map(|clause| without_openers(clause.trim()))
            .any(|clause| PROPOSAL.is_match(&clause) && !ELICITING.is_match(&clause))
    }

    /// The clause from its first word that is not an opener, single-spaced.
    fn without_openers(clause: &str) -> String {
        let words: Vec<&str> = clause.split_whitespace().collect();
        let start = words
            .iter()
            .position(|w| !OPENERS.contains(w))
            .unwrap_or(words.len());
        words[start..].join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(text: &str) -> bool {
        proposes(text, Language::Zh)
    }

    fn en(text: &str) -> bool {
        proposes(text, Language::En)
    }

    #[test]
    fn chinese_requests_offers_and_proposals() {
        for text in [
            "能不能周五前把周报发我？",
            "你帮我把这个表再核一下好吗？",
            "那么，请把它寄到日本好吗？",
            "周会改到周四下午，怎么样？",
            "要不要我帮你约一下法务？",
            "要不下个月我们再做一次试吃？",
            "咱们先把遗留的工单过一遍吧？",
            "你能不能先把测试补上再提交？",
            "麻烦你明天上午把合同发给客户，可以吗？",
            "我可以先看一下你的草稿吗？",
            "您要我们帮您把样品送过去吗？",
            "有什么我能帮您的吗？",
            "你介意下午跟我换个班吗？",
            "我们能把复盘挪到周四吗？",
            "好吧，我自己带走。可以吗？",
            "凯特，我们能换个频道吗？",
        ] {
            assert!(zh(text), "{text}");
        }
    }

    #[test]
    fn chinese_questions_that_ask_to_tell_stay_questions() {
        for text in [
            "你能说说当时是怎么想的吗？",
            "你觉得怎么样？",
            "这个方案你看，怎么样？",
            "你还会用什么别的工具？",
            "这个数据怎么算出来的？",
            "你能来吗？",
            "上线以后客户那边反馈怎么样？",
            "你喜欢独立做项目还是团队合作？",
            "我可以问一下你当时怎么想的吗？",
            "你想转岗吗？",
            "我能做得更好吗？",
            "小李，你能说说当时的情况吗？",
        ] {
            assert!(!zh(text), "{text}");
        }
    }

    #[test]
    fn english_requests_offers_and_proposals() {
        for text in [
            "Could you send me the numbers by Friday?",
            "Would you mind taking the Tuesday shift?",
            "How about we move the demo to Thursday?",
            "Why don't you pair with Sam on this?",
            "Shall we go through the open tickets first?",
            "Do you want me to loop in legal?",
            "Tony, could you give me an expense report? I need to attach the invoices.",
            "Waiter, we have been waiting for 20 minutes. Would you mind hurrying?",
            "What about going there to have a look now?",
            "Let's meet at three, shall we?",
            "May I see the draft before you send it?",
            "Can I have your login for the demo box?",
            "Can we move the one-on-one to Thursday?",
            "Do you mind if I sit in on your next call?",
            "Would you like the notes from the workshop?",
            "I'll take the late shift. Will that be all right?",
            "Friday at ten, does that work for you?",
            "Would you please quote the price for a thousand units?",
        ] {
            assert!(en(text), "{text}");
        }
    }

    #[test]
    fn english_questions_that_ask_to_tell_stay_questions() {
        for text in [
            "Can you walk me through what happened?",
            "Could you tell me more about the delay?",
            "Would you mind telling me why you chose that vendor?",
            "How about you, how was your week?",
            "What about the budget?",
            "Are you feeling any better?",
            "Can you remember who approved it?",
            "Could you check the logs? And why did it fail?",
            "Would you like to tell me more about it?",
            "May I ask what made you change your mind?",
            "Does this work on Android?",
            "Can I improve on that?",
        ] {
            assert!(!en(text), "{text}");
        }
    }

    #[test]
    fn statements_propose_nothing() {
        assert!(!en("I sent the numbers on Friday."));
        assert!(!zh("我周五前把周报发给你。"));
        assert!(!en(""));
    }
}
