//! Markers: the words that open an action item (我来, 你把, 咱们…再, "I'll", "can you",
//! "let's"), who they make the owner, and the subjects they must not be mistaken for.

use std::sync::LazyLock;

use regex::Regex;

use super::due::DueGroup;
use super::{
    CLAUSE_BREAKS, Form, Kind, Marker, STANDING_RULE, clause_break, compile, ends_with_any,
    skip_words, starts_with_any, strip_word_suffix,
};

/// Words that, just before 我 / 你 / 我们, make it an object or a reported subject
/// (跟我说, 给你, 他说我会…, 如果你…).
const OBJECT_BEFORE: [&str; 47] = [
    "跟", "和", "与", "同", "给", "帮", "对", "让", "向", "找", "被", "把", "替", "叫", "问", "教",
    "带", "陪", "等", "请", "的", "是", "告诉", "通知", "提醒", "要", "为", "比", "像", "使", "令",
    "说", "听", "催", "约", "及", "或", "自", "连", "怪", "谢", "觉得", "认为", "知道", "如果",
    "要是", "假如",
];

/// Words whose last character is one of [`OBJECT_BEFORE`] but which end a noun or an
/// adverb (合同你周五前发我, 主要你来负责): the 我 / 你 after them is a subject.
const NOT_OBJECT_BEFORE: [&str; 5] = ["合同", "共同", "相同", "不同", "主要"];

/// Whether `before` ends with a word that makes the 我 / 你 / 我们 after it an object.
fn object_before(before: &str) -> bool {
    ends_with_any(before, &OBJECT_BEFORE) && !ends_with_any(before, &NOT_OBJECT_BEFORE)
}

/// `occasion` without the request that ends it (我想请 of 我想请您出面): the request
/// made the marker, and is no part of the occasion the action is done on.
pub(super) fn without_request(occasion: &str) -> &str {
    ZH_DIRECTIVE_PREFIXES
        .iter()
        .filter_map(|prefix| occasion.strip_suffix(prefix))
        .min_by_key(|rest| rest.len())
        .unwrap_or(occasion)
}

/// Adverbs between a subject and its verb (我就来, 你先把…).
const ZH_ADVERBS: [&str; 10] = [
    "这边", "就", "也", "先", "再", "还", "一定", "肯定", "都", "务必",
];

/// Adverbs after 你 that tell the listener what to do first or again (你先起草, 你再改一版),
/// unlike 就 / 也 / 还 / 都, which also narrate.
const INSTRUCTING_ADVERBS: [&str; 4] = ["先", "再", "一定", "务必"];

/// A word after 我 / 你 that makes a marker.
struct Lead {
    word: &'static str,
    /// Whether the word stays in `what` (我负责整理… → "负责整理…").
    keep: bool,
    form: Form,
    /// What may not follow the word: 我来自…, 我会议…, 你去年….
    not_before: &'static [&'static str],
}

const fn lead(
    word: &'static str,
    keep: bool,
    form: Form,
    not_before: &'static [&'static str],
) -> Lead {
    Lead {
        word,
        keep,
        form,
        not_before,
    }
}

/// 以后, 下次, 尽量 and 回头 make vague promises (我以后注意点吧, 我下次放慢点): items
/// still, marked not specific, which is what the coaching report has to say about them.
const ZH_COMMITMENT_LEADS: [Lead; 16] = [
    lead("负责", true, Form::Firm, &["的", "人"]),
    lead("以后", true, Form::Firm, &["的", "再"]),
    lead("今后", true, Form::Firm, &["的", "再"]),
    lead("下次", true, Form::Firm, &["的", "再"]),
    lead("尽量", true, Form::Firm, &[]),
    lead("回头", false, Form::Firm, &["的", "再", "看了"]),
    lead("争取", false, Form::Firm, &[]),
    lead("保证", false, Form::Firm, &[]),
    lead("回去", false, Form::Firm, &["了", "的"]),
    lead(
        "去",
        true,
        Form::Firm,
        &["年", "了", "过", "的", "世", "掉", "除"],
    ),
    lead("尽快", true, Form::Firm, &[]),
    lead("马上", true, Form::Firm, &[]),
    lead(
        "来",
        false,
        Form::Firm,
        &["自", "的", "了", "过", "说", "讲", "看", "公司"],
    ),
    lead(
        "会",
        false,
        Form::Firm,
        &["议", "计", "场", "上", "儿", "的", "不会"],
    ),
    lead("可以", false, Form::NeedsDue, &["吗", "的"]),
    lead("把", true, Form::NeedsDue, &[]),
];

const ZH_DIRECTIVE_LEADS: [Lead; 21] = [
    lead("负责", true, Form::Firm, &["的", "人"]),
    lead(
        "来",
        false,
        Form::Firm,
        &["自", "的", "了", "过", "说", "讲", "看"],
    ),
    lead("回去", false, Form::Firm, &["了", "的"]),
    lead("去", false, Form::Firm, &["年", "了", "过"]),
    lead("把", true, Form::Firm, &[]),
    lead("争取", false, Form::Firm, &[]),
    lead("记得", false, Form::Firm, &["比", "很", "挺", "清楚"]),
    lead("尽快", true, Form::Firm, &[]),
    lead("抽空", true, Form::Firm, &[]),
    lead("帮我", true, Form::Firm, &[]),
    lead("帮忙", true, Form::Firm, &[]),
    lead("能不能", false, Form::Request, &[]),
    lead("能否", false, Form::Request, &[]),
    lead("可不可以", false, Form::Request, &[]),
    lead("可以", false, Form::Request, &["吗"]),
    lead("能", false, Form::Request, &["力"]),
    lead("需要", false, Form::NeedsDue, &[]),
    lead("应该", false, Form::NeedsDue, &[]),
    lead("必须", false, Form::NeedsDue, &[]),
    lead("得", false, Form::NeedsDue, &["到", "了", "出"]),
    lead("要", false, Form::NeedsDue, &["不要", "是", "求"]),
];

/// Words before 你 that turn what follows into a request (麻烦你…, 希望你…).
const ZH_DIRECTIVE_PREFIXES: [&str; 12] = [
    "麻烦",
    "请",
    "我希望",
    "希望",
    "我需要",
    "需要",
    "我想请",
    "想请",
    "我想让",
    "想让",
    "我要",
    "拜托",
];

/// 我们 and its kin: a joint follow-up.
const ZH_WE: [&str; 4] = ["我们", "咱们", "咱俩", "我俩"];

/// Every marker in a sentence, by position; at one position a directive comes before a
/// commitment ("let me know" before "let me"), which comes before a joint marker.
pub(super) fn markers(text: &str, dues: &[DueGroup]) -> Vec<Marker> {
    let mut found = Vec::new();
    zh_first_person(text, dues, &mut found);
    zh_second_person(text, dues, &mut found);
    zh_joint(text, &mut found);
    en_markers(text, &mut found);
    en_time_then_you(text, dues, &mut found);
    en_you_then_to_me(text, dues, &mut found);
    standing_orders(text, &mut found);
    found.retain(|m| !quoted(text, m.start));
    found.sort_by_key(|m| (m.start, m.kind));
    found
}

/// How a clause opens that orders under a rule laid down for good: 先打我电话, 当场在系统里
/// 写理由, 你提前两天跟我说, "email me the same day", "you come and find me". ("tell me"
/// opens one too, but `DIRECTIVE_META` then reads it as talk in the meeting.)
static STANDING_ORDER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:(?:你|您)?(?:先|当场|马上|立刻|立即|第一时间|必须|一律|都要|提前)|(?:you\s+)?(?:tell|call|ring|email|message|text|come|find|let|send|check|ask|write|log|flag|put|report|copy)\b)",
    )
});

/// The clauses after a rule laid down for good (以后只要需要把客人转出去，不管几点，先打我电话;
/// "from now on, if a customer mentions a complaint, email me the same day") that order
/// something: the rule names no task in the usual words, so the opening of the clause
/// must. Like any directive, it counts only when the listener accepts it.
fn standing_orders(text: &str, out: &mut Vec<Marker>) {
    let Some(rule) = STANDING_RULE.find(text) else {
        return;
    };
    // 以后防护谁要拆，先找你签字: the rule binds whoever does it, not the listener.
    if ["谁", "anyone", "anybody", "whoever"]
        .iter()
        .any(|w| text[rule.end()..].contains(w))
    {
        return;
    }
    let breaks = text[rule.end()..]
        .char_indices()
        .filter(|&(_, c)| CLAUSE_BREAKS.contains(&c) || "：:".contains(c))
        .map(|(i, c)| rule.end() + i + c.len_utf8());
    for start in breaks {
        let clause = &text[start..];
        let skipped = clause.len() - clause.trim_start().len();
        if STANDING_ORDER.is_match(clause.trim_start()) {
            out.push(Marker {
                kind: Kind::Directive,
                start: start + skipped,
                what_start: start + skipped,
                form: Form::Firm,
            });
        }
    }
}

/// Whether byte `pos` of `text` lies inside a quotation: what someone else said ("Your
/// feedback was \"I'll know it when I see it\"") promises nothing here.
fn quoted(text: &str, pos: usize) -> bool {
    let before = &text[..pos];
    let open = |o: char, c: char| before.matches(o).count() > before.matches(c).count();
    before.matches('"').count() % 2 == 1 || open('“', '”') || open('「', '」')
}

fn zh_first_person(text: &str, dues: &[DueGroup], out: &mut Vec<Marker>) {
    for (i, c) in text.char_indices().filter(|&(_, c)| c == '我') {
        let after = i + c.len_utf8();
        let before = &text[..i];
        // 我的 and 我这边的 are possessives (我的想法是这个项目你来牵头): the action, if any,
        // is another's.
        if starts_with_any(&text[after..], &["们", "俩", "的", "这边的"]) || object_before(before)
        {
            continue;
        }
        let then = ends_with_any(before, &["那", "那么"]);
        let here = text[after..].starts_with("这边");
        let head = before.trim_end_matches(|c: char| c.is_whitespace() || c == '，' || c == ',');
        let time_before = dues.iter().any(|d| d.range.end == head.len());
        let j = skip_words(text, after, &ZH_ADVERBS);
        let rest = &text[j..];
        let found = ZH_COMMITMENT_LEADS.iter().find(|l| {
            rest.starts_with(l.word) && !starts_with_any(&rest[l.word.len()..], l.not_before)
        });
        let (what_start, form) = match found {
            Some(l) => {
                let what_start = if l.keep { j } else { j + l.word.len() };
                if l.word == "会" && is_ability(&text[what_start..]) {
                    continue;
                }
                // 那我把… / 我这边把… commit without a due.
                (what_start, if then || here { Form::Firm } else { l.form })
            }
            None if then || here || time_before || dues.iter().any(|d| d.range.start == j) => {
                (j, Form::Firm)
            }
            None => continue,
        };
        out.push(Marker {
            kind: Kind::Commitment,
            start: i,
            what_start,
            form,
        });
    }
}

/// 我会Python: a skill, not a promise.
fn is_ability(what: &str) -> bool {
    let word = what.trim_end_matches(|c: char| !c.is_alphanumeric());
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+#.".contains(c))
}

fn zh_second_person(text: &str, dues: &[DueGroup], out: &mut Vec<Marker>) {
    for (i, c) in text.char_indices().filter(|&(_, c)| c == '你' || c == '您') {
        let after = i + c.len_utf8();
        let before = &text[..i];
        let prefixed = ends_with_any(before, &ZH_DIRECTIVE_PREFIXES);
        // 你们 is a group, 你的 a possessive (三季度你的考评结果是B): neither is the
        // listener told to act.
        if starts_with_any(&text[after..], &["们", "的"]) || (!prefixed && object_before(before))
        {
            continue;
        }
        // 月底前你整理…: a time just before 你 makes a directive, as it does for 我.
        let head = before.trim_end_matches(|c: char| c.is_whitespace() || c == '，' || c == ',');
        let time_before = dues.iter().any(|d| d.range.end == head.len());
        let j = skip_words(text, after, &ZH_ADVERBS);
        let rest = &text[j..];
        let found = ZH_DIRECTIVE_LEADS.iter().find(|l| {
            rest.starts_with(l.word) && !starts_with_any(&rest[l.word.len()..], l.not_before)
        });
        // 你可以在系统里发起申诉，五个工作日之内都可以: a right, not a task.
        if found.is_some_and(|l| l.word == "可以")
            && ["都可以", "也可以", "都行", "随时"]
                .iter()
                .any(|w| rest.contains(w))
        {
            continue;
        }
        // 您还记得我孩子那天考试: a memory, not a reminder.
        if found.is_some_and(|l| l.word == "记得") && text[after..j].ends_with('还') {
            continue;
        }
        let (what_start, form) = match found {
            Some(l) => (if l.keep { j } else { j + l.word.len() }, l.form),
            None if prefixed || time_before || dues.iter().any(|d| d.range.start == j) => {
                (j, Form::Firm)
            }
            // 分期方案你先起草，周五前给我看: an order of steps is an instruction, an
            // action once it has a later due (你先看一下第三页 is about the meeting itself).
            None if INSTRUCTING_ADVERBS
                .iter()
                .any(|a| text[after..j].contains(a))
                && dues.iter().any(|d| d.range.start > j && !d.when.is_today()) =>
            {
                (j, Form::NeedsDue)
            }
            None => match OCCASION_THEN_BA.find(rest) {
                Some(occasion) => (j + occasion.end() - '把'.len_utf8(), Form::Firm),
                None => continue,
            },
        };
        out.push(Marker {
            kind: Kind::Directive,
            start: i,
            what_start,
            form,
        });
    }
    zh_bare_order(text, dues, out);
    // 请 opening a clause: 请在周五前提交报告.
    for (i, _) in text.match_indices('请') {
        let after = i + '请'.len_utf8();
        if at_clause_start(text, i)
            && !starts_with_any(&text[after..], &["假", "教", "问", "客", "你", "您"])
        {
            out.push(Marker {
                kind: Kind::Directive,
                start: i,
                what_start: after,
                form: Form::Firm,
            });
        }
    }
}

/// Words between a clause's start (or its time) and a bare 把 that keep it an order:
/// 明天记得把合同签了, 先把数据补齐.
const ZH_ORDER_ADVERBS: [&str; 10] = [
    "记得",
    "先",
    "再",
    "赶紧",
    "尽快",
    "马上",
    "务必",
    "一定要",
    "抓紧",
    "麻烦",
];

/// 把 opening a clause with no subject, after at most a time and an adverb: an order to
/// the listener (周五前把报告发我, 明天记得把合同签了), as 你把… is. After another clause only
/// when that one forbids (别跟我解释了，先把错的改过来) or sets the occasion (回电话之前，先把…):
/// after anything else the subject may be the speaker's, dropped (节后一周多，把 UAT 剩下的
/// 问题都关掉, an employee's plan) or the one before (你调了排班，把最强的两个导购放在周六下午).
fn zh_bare_order(text: &str, dues: &[DueGroup], out: &mut Vec<Marker>) {
    for (i, _) in text.match_indices('把') {
        let mut head = text[..i].trim_end();
        while let Some(rest) = ZH_ORDER_ADVERBS.iter().find_map(|a| head.strip_suffix(a)) {
            head = rest.trim_end();
        }
        if let Some(due) = dues.iter().find(|d| d.range.end == head.len()) {
            head = text[..due.range.start].trim_end();
        }
        let clause = &text[i..clause_break(text, i)];
        if at_clause_start(text, head.len())
            && (opens_an_order(head)
                || (TO_THE_SPEAKER.is_match(clause) && !has_subject(previous_clause(head))))
        {
            out.push(Marker {
                kind: Kind::Directive,
                start: head.len(),
                what_start: i,
                form: Form::Firm,
            });
        }
    }
}

/// After 你, an occasion and then 把 (你放假前把交接文档写好, 你走之前把门锁好): the
/// listener is told what to have done by then, as 周五前你… does. A manner works the
/// same way (你对着执行单把高危药再核一遍, 你按模板把周报改一下): it says how to do
/// what the 把 clause asks.
static OCCASION_THEN_BA: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        "^(?:[^，,。！？!?；;把了]{1,8}(?:前|之前|以前|的时候)|(?:对着|照着|按照|按着|按|参照|根据)[^，,。！？!?；;把了]{1,10})把",
    )
});

/// A 把 clause that hands a thing to the speaker (把记录发给我, 把数字报我一下): the speaker
/// does not send to themselves, so the listener is told to, whatever came before.
static TO_THE_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    compile("(?:发|交|报|传|转|抄送|给)(?:给|到)?我(?:$|看|过目|确认|一份|一版|一下)")
});

/// Whether what comes before a bare 把's clause (`head`) leaves it an order: no clause, or
/// one that forbids or sets the occasion, with no subject of its own.
fn opens_an_order(head: &str) -> bool {
    if !head.ends_with(CLAUSE_BREAKS) {
        return true;
    }
    let previous = previous_clause(head);
    !has_subject(previous)
        && (starts_with_any(previous, &["别", "不要", "先别"])
            || ends_with_any(previous, &["前", "之前", "以前", "的时候", "时"]))
}

/// The clause `head` ends with, without its break.
fn previous_clause(head: &str) -> &str {
    head.trim_end_matches(CLAUSE_BREAKS)
        .rsplit(|c: char| CLAUSE_BREAKS.contains(&c) || "。！？!?".contains(c))
        .next()
        .unwrap_or_default()
        .trim()
}

/// Whether `clause` has 你, 您 or 我 for a subject (not 跟你, 给我).
fn has_subject(clause: &str) -> bool {
    clause.char_indices().any(|(i, c)| {
        let before = &clause[..i];
        "你您我".contains(c)
            && (!object_before(before) || ends_with_any(before, &["要不要", "要不"]))
    })
}

fn zh_joint(text: &str, out: &mut Vec<Marker>) {
    for word in ZH_WE {
        for (i, _) in text.match_indices(word) {
            // 咱们的绩效面谈挪到周四: a possessive, as 我的 is.
            if object_before(&text[..i]) || text[i + word.len()..].starts_with('的') {
                continue;
            }
            out.push(Marker {
                kind: Kind::Joint,
                start: i,
                what_start: skip_words(text, i + word.len(), &["就", "也", "还", "都", "这边"]),
                form: Form::Together,
            });
        }
    }
}

/// English markers: a pattern, what it announces, and whether `what` keeps the marker.
struct EnMarker {
    regex: Regex,
    kind: Kind,
    form: Form,
    keep: bool,
    /// Only at the start of a clause ("please…", not "…, please").
    opens_clause: bool,
    /// Words that, right after the marker, make it no action ("you'll see").
    not_before: &'static [&'static str],
}

/// What "you'll" forecasts rather than plans: "you'll see", "you'll be fine".
const YOU_WILL_FORECASTS: [&str; 16] = [
    "be", "see", "feel", "get", "have", "find", "hear", "notice", "love", "like", "need", "want",
    "know", "probably", "never", "still",
];

static EN_MARKERS: LazyLock<Vec<EnMarker>> = LazyLock::new(|| {
    let marker = |pattern: &str, kind: Kind, form: Form| EnMarker {
        regex: compile(&format!(r"(?i)\b(?:{pattern})")),
        kind,
        form,
        keep: false,
        opens_clause: false,
        not_before: &[],
    };
    vec![
        marker(
            r"(?:i\s+need|i['’]d\s+(?:like|love)|i\s+would\s+(?:like|love)|i\s+want|i['’]ll\s+need)\s+you\s+to\s+|let['’]s\s+have\s+you\s+|let\s+us\s+have\s+you\s+|make\s+sure\s+(?:that\s+)?you\s+",
            Kind::Directive,
            Form::Firm,
        ),
        marker(
            r"your\s+(?:action(?:\s+items?)?|next\s+steps?|to-?dos?|tasks?)\s*(?:is|are|:|-|–|—)\s*",
            Kind::Directive,
            Form::Firm,
        ),
        marker(
            r"(?:can|could|would|will)\s+you\s+(?:please\s+)?",
            Kind::Directive,
            Form::Request,
        ),
        EnMarker {
            opens_clause: true,
            ..marker(r"please\s+", Kind::Directive, Form::Firm)
        },
        // "Let me know if you want the numbers by plan": an offer or a condition, no task.
        EnMarker {
            keep: true,
            not_before: &["if"],
            ..marker(r"let\s+me\s+know\b", Kind::Directive, Form::Firm)
        },
        // A bare order that opens its clause ("Send me the numbers by Friday."): only
        // verbs of a task, so "Take a seat" and "Keep it up" give nothing.
        EnMarker {
            keep: true,
            opens_clause: true,
            not_before: &TASK_NOUN_AS_SUBJECT,
            ..marker(EN_TASK_VERBS, Kind::Directive, Form::Firm)
        },
        marker(
            r"you\s+(?:need\s+to|should|must|have\s+to|['’]ll\s+need\s+to|will\s+need\s+to|['’]ve\s+got\s+to)\s+",
            Kind::Directive,
            Form::NeedsDue,
        ),
        // "…, and you'll shadow Ray on the budget review in March": the plan for the
        // listener, once it has a due; not a forecast of what they will see or feel.
        EnMarker {
            not_before: &YOU_WILL_FORECASTS,
            ..marker(
                r"you(?:['’]ll|\s+will)\s+(?:(?:also|then|first)\s+)?",
                Kind::Directive,
                Form::NeedsDue,
            )
        },
        marker(
            r"i['’]ll\s+|i\s+will\s+|i['’]m\s+going\s+to\s+|i\s+am\s+going\s+to\s+|i['’]m\s+gonna\s+",
            Kind::Commitment,
            Form::Firm,
        ),
        EnMarker {
            not_before: &["know"],
            ..marker(r"let\s+me\s+", Kind::Commitment, Form::Firm)
        },
        marker(r"i\s+can\s+", Kind::Commitment, Form::NeedsDue),
        marker(r"let['’]s\s+|let\s+us\s+", Kind::Joint, Form::Firm),
        marker(
            r"we['’]ll\s+|we\s+will\s+|we['’]re\s+going\s+to\s+|we\s+are\s+going\s+to\s+|we\s+can\s+|we\s+should\s+",
            Kind::Joint,
            Form::Together,
        ),
    ]
});

/// Verbs that open an order to do a task, said bare: "Send me the deck", "Loop in
/// legal", "Get the numbers to me by Friday".
pub(super) const EN_TASK_VERBS: &str = r"(?:send|e-?mail|forward|book|schedule|reschedule|set\s+up|loop\s+in|cc|finish|update|draft|write\s+up|prepare|share|ping|call|ring|phone|chase|submit|file|upload|circulate|fix|review|check|double-check|confirm|follow\s+up|reach\s+out|put\s+together|pull\s+together|sort\s+out|hand\s+over|pick\s+up|invite|order|clean\s+up|tidy\s+up|raise|flag|escalate|block\s+out|get\s+(?:me|back\s+to|the|that|this|it|them|those|your))\s";

/// Words after a task verb that make it a noun, the subject of a report ("Review went
/// well", "Draft looks good", "Order of play").
const TASK_NOUN_AS_SUBJECT: [&str; 20] = [
    "is", "was", "are", "were", "went", "looks", "looked", "seems", "seemed", "has", "had", "got",
    "feels", "felt", "ran", "took", "came", "did", "of", "and",
];

/// Words before "I'll" that make it something other than a promise: "what I'll say",
/// "if I'll", "he said I'll", "I hope I'll".
const EN_NOT_A_PROMISE_AFTER: [&str; 16] = [
    "what", "how", "why", "where", "when", "whether", "if", "unless", "as", "said", "says", "told",
    "promised", "hope", "hoped", "wish",
];

fn en_markers(text: &str, out: &mut Vec<Marker>) {
    for marker in EN_MARKERS.iter() {
        for m in marker.regex.find_iter(text) {
            if marker.opens_clause && !at_clause_start(text, m.start()) {
                continue;
            }
            let next_word = text[m.end()..]
                .trim_start()
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if marker.not_before.contains(&next_word.as_str()) {
                continue;
            }
            if marker.kind == Kind::Commitment
                && previous_word(&text[..m.start()])
                    .is_some_and(|w| EN_NOT_A_PROMISE_AFTER.contains(&w.as_str()))
            {
                continue;
            }
            out.push(Marker {
                kind: marker.kind,
                start: m.start(),
                what_start: if marker.keep { m.start() } else { m.end() },
                form: marker.form,
            });
        }
    }
}

/// "Friday morning you tell me in writing…": a day just before "you" sets the listener a
/// task, as 周五前你… does. Only a day or a weekday: "this quarter you hit 102%" reviews.
fn en_time_then_you(text: &str, dues: &[DueGroup], out: &mut Vec<Marker>) {
    for due in dues.iter().filter(|d| d.when.is_day()) {
        let after = &text[due.range.end..];
        let rest = after.trim_start_matches([',', ' ']);
        let rest = ["morning", "afternoon", "evening", "night"]
            .iter()
            .find_map(|part| rest.strip_prefix(part))
            .unwrap_or(rest)
            .trim_start_matches([',', ' ']);
        let gap = after.len() - rest.len();
        let Some(verb) = rest
            .strip_prefix("you ")
            .or_else(|| rest.strip_prefix("You "))
        else {
            continue;
        };
        let word = verb
            .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
            .next();
        if word.is_none_or(|w| w.is_empty() || NOT_AN_ORDER.contains(&w.to_lowercase().as_str())) {
            continue;
        }
        let start = due.range.end + gap;
        out.push(Marker {
            kind: Kind::Directive,
            start,
            what_start: start + "you ".len(),
            form: Form::Firm,
        });
    }
}

/// "…, you redo Saturday using the traffic report and send it to me by Thursday": a bare
/// "you" and a verb is an order when its sentence hands the work to the speaker by a
/// due, as 把…发给我 does in Chinese. Told as news ("you sent it to me by Friday") or as
/// a habit ("you always send me the numbers by Friday") it is left alone.
fn en_you_then_to_me(text: &str, dues: &[DueGroup], out: &mut Vec<Marker>) {
    static YOU_THEN_TO_ME: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            r"(?i)(?:^|[,;:]\s*|\b(?:so|and|then)\s+)(you)\s+([a-z]+)\b[^.;!?]*?\b(?:send|give|get|email|hand|bring|forward|pass|show)\s+(?:(?:it|them|that|this|those|these)\s+(?:over\s+|back\s+)?to\s+me|me\s+(?:the|a|an|your)\b)",
        )
    });
    for caps in YOU_THEN_TO_ME.captures_iter(text) {
        let (Some(you), Some(verb), Some(whole)) = (caps.get(1), caps.get(2), caps.get(0)) else {
            continue;
        };
        let verb = verb.as_str().to_lowercase();
        let habit = [
            "always",
            "usually",
            "often",
            "normally",
            "never",
            "sometimes",
            "typically",
        ];
        let reported = verb.ends_with("ed")
            || NOT_AN_ORDER.contains(&verb.as_str())
            || habit.contains(&verb.as_str());
        let due_after = dues
            .iter()
            .any(|d| d.range.start >= whole.end() && d.when.is_day());
        if !reported && due_after {
            out.push(Marker {
                kind: Kind::Directive,
                start: you.start(),
                what_start: you.end() + 1,
                form: Form::Firm,
            });
        }
    }
}

/// Words after "<day> you" that report or judge rather than set a task: auxiliaries,
/// past forms, verbs of thinking.
const NOT_AN_ORDER: [&str; 27] = [
    "are", "were", "was", "did", "had", "have", "said", "told", "got", "went", "made", "know",
    "knew", "think", "thought", "seem", "seemed", "look", "looked", "might", "may", "could",
    "would", "should", "can", "won't", "don't",
];

/// The word before `before`'s end, lowercase.
pub(super) fn previous_word(before: &str) -> Option<String> {
    before
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .rfind(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Discourse words that may stand before a clause's first word (那就请…, "OK so please…").
const OPENING_WORDS: [&str; 17] = [
    "那么", "那就", "那", "好的", "好", "行", "嗯", "然后", "所以", "另外", "还有", "ok", "okay",
    "so", "and", "then", "also",
];

/// Whether `pos` opens a clause, discourse words aside.
fn at_clause_start(text: &str, pos: usize) -> bool {
    let mut before = text[..pos].trim_end();
    while let Some(rest) = OPENING_WORDS
        .iter()
        .find_map(|w| strip_word_suffix(before, w))
    {
        before = rest.trim_end();
    }
    before.is_empty()
        || before.ends_with(|c: char| CLAUSE_BREAKS.contains(&c) || "。！？!?.：:".contains(c))
}
