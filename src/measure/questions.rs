//! Questions: whether a sentence asks something, and whether it asks openly.
//!
//! DOMAIN.md wants open questions ("at least 3 open questions prepared") and no
//! scolding disguised as questions; this file owns the rules that tell them apart in
//! Chinese and English. Counting them per speaker is the caller's job.
//!
//! A sentence is a question when it ends with ? or ？, or when a rule recognises it
//! without one, because speech recognition often drops the mark. Strong forms ask on
//! their own: 吗 / 么 at the end, 呢 after 你 / 然后 / 觉得…, 你 + a sentence-final
//! question word (你觉得怎么样), a Chinese tag, an elicitation ("说说你的想法。", "Tell me
//! about…"), a rhetorical form. Weak forms, which statements share, ask only when the
//! sentence does not end in a full stop (。 or .), because a transcriber who wrote one
//! judged it a statement: an A-not-A form (有没有) outside an embedded clause
//! (我不知道他有没有…, 评估一下要不要…), an inverted English clause ("did you finish the
//! doc"; "Can you send it today." is a directive).
//!
//! Kinds, by precedence (the first rule that applies decides, across both languages
//! for mixed sentences):
//! 1. rhetorical: asks nothing (难道…, 凭什么, How many times do I have to…);
//! 2. tag: a statement plus a request for agreement (…，对吧？ …, right?);
//! 3. request: an elicitation or an indirect request to talk (能说说…吗？ Can you tell me…?)
//!    is open, although its wrapper has a closed form;
//! 4. closed: 吗, A-not-A, 是否; an English clause led by an auxiliary; "Any…?"; a
//!    question word that asks only for a short fact (几点, 多少, 什么时候, when, where,
//!    which, who, how many / long) with nothing asking for a view (觉得, 应该, think,
//!    see, should…): "How many pallets are left?" is answered in a word, as the
//!    training data labels it;
//! 5. open: a question word; 呢 with no closed marker; an English clause led by a
//!    question word, or one at the end ("You did what?"); "You?" turned back;
//! 6. anything else with a question mark is a declarative question, closed
//!    ("You finished the migration?").
//!
//! An English sentence is read by the last clause (between commas or sentence marks)
//! that a question word or an auxiliary leads: "Before I say anything, how do you
//! feel?" is open, "When you joined, did you get onboarding?" closed, "What do you
//! think, Jordan?" open, "Busy. How about you?" open; an appended "do you know?" leaves
//! the asking to the clause before it. A Chinese request to talk counts in the last
//! clause too (…，你能展开讲讲吗？).
//!
//! Decisions the tests pin down:
//! - "who do you think" is rhetorical only as "who do you think you are"; "how many
//!   times" only with I / we and a verb of telling or having to ("How many times do we
//!   have to…", "…have I told you"): "How many times did we deploy?" asks.
//! - (这|你)不是…吗 is rhetorical only when 不是 is followed by a word that asserts
//!   (说, 很, 明明, 已经, 答应…): 你不是说好周五交吗 scolds, 这不是你的文件吗 checks.
//! - 怎么能 is rhetorical only with 你 before it or 这样 / 这么 after it: 我们怎么能做得
//!   更好呢 is a real question. 有什么用 only after 这 / 那 / 些 / 了 / 又 / 还 / 再
//!   (说这些有什么用); 这个工具有什么用 asks.
//! - A bare 说说 / 聊聊 elicits only when it goes on to 你 / 您 or ends in 吧; a bare
//!   说一下 announces ("说一下明天的安排") and is not a question. Whether an unmarked
//!   elicitation hands the floor over is the caller's call ([`Asked`]).
//! - 呢 without ？ asks only after a person or a follow-up word (你呢, 然后呢, 你觉得呢)
//!   or with a question word; 还没做完呢 is a statement.
//! - English tags need the question mark ("We agreed, right." is not a question);
//!   Chinese tags do not, except 好吧 / 行吧, which without ？ concede rather than ask.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::Language;

/// The kind of a question, as the coaching report counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Invites an answer in the listener's own words: 你觉得呢？ What went well?
    Open,
    /// Asks for yes / no or a pick: 做完了吗？ Did you ship it?
    Closed,
    /// A statement with a request for agreement appended: …，对吧？ …, right?
    /// Counted as closed in totals.
    Tag,
    /// Not a real question: it asserts or scolds. Reported separately.
    Rhetorical,
}

/// A question found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub kind: QuestionKind,
    /// Only an elicitation without a question mark makes it a question ("说说你的
    /// 想法。", "Tell me more."). Such a sentence hands the floor over only when it
    /// ends the speaker's turn; mid-turn, "然后说说你做得好的地方。" announces what the
    /// speaker will talk about next.
    pub unmarked_elicitation: bool,
}

/// None when the sentence is not a question.
pub fn classify_question(sentence: &str, language: Language) -> Option<QuestionKind> {
    ask(sentence, language).map(|asked| asked.kind)
}

/// The question a sentence asks, with how it was recognised; None when it asks nothing.
pub fn ask(sentence: &str, language: Language) -> Option<Asked> {
    let shape = Shape::of(sentence);
    if shape.body.is_empty() {
        return None;
    }
    let mut findings = match language {
        Language::Zh => zh::findings(shape.body),
        Language::En => en::findings(shape.body),
        Language::Mixed => {
            let mut both = zh::findings(shape.body);
            both.extend(en::findings(shape.body));
            both
        }
    };
    let asks = shape.marked || findings.iter().any(|finding| shape.asks(finding.asks));
    let only_elicited = !shape.marked
        && !findings
            .iter()
            .any(|finding| finding.cue != Cue::Request && shape.asks(finding.asks));
    findings.sort_by_key(|finding| finding.cue);
    let top = findings.first().map(|finding| finding.cue);
    let kind = match top {
        Some(Cue::Rhetorical) => QuestionKind::Rhetorical,
        Some(Cue::Tag) => QuestionKind::Tag,
        Some(Cue::Request | Cue::Open) => QuestionKind::Open,
        Some(Cue::Closed) | None => QuestionKind::Closed,
    };
    asks.then_some(Asked {
        kind,
        unmarked_elicitation: only_elicited,
    })
}

/// Whether a question carries the words of a challenge: a repeat (又, again, still),
/// a demand (到底, actually, really), a generalisation (总是, 从来, always, never), a
/// "who let you", a "why didn't you", or asking the listener to judge what was done
/// (你觉得这样合适吗, "do you think that's okay"). Scolding put as a question carries one
/// ("这批货的标签怎么又贴反了？", "Did you actually read the customer's email?",
/// "Why is the dispute log still not updated?"); a question that only asks does not
/// ("你需要在这个房间住多少天？", "How often do you exercise?", "Anything else?"),
/// though the act head, trained where most questions with a negative word scold,
/// hears criticism in many of those.
pub fn challenges(sentence: &str, language: Language) -> bool {
    static ZH: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "又|到底|还没|还是没|怎么还|怎么会|怎么就|就这|真的|谁让|像话|\
             从来|总是|老是|每次|第[二三四五六七八九十几]次|第[二三四五六七八九十几]遍|\
             什么态度|这么|尽力|竟然|居然|至于|好意思|不是说|全是|\
             这样.{0,6}(?:合适|对|应该|妥当)吗|说得过去|就完了",
        )
    });
    static EN: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            r"(?i)\b(?:again|actually|even|really|always|never|still|seriously|exactly|supposed|too|without|how come|only|nobody|no one|keep|every time|why (?:didn't|don't|doesn't|isn't|aren't|wasn't|weren't|haven't|hasn't|can't|won't|wouldn't|couldn't|not)|who (?:told|said|signed|let|approved|decided|gave|allowed|authori[sz]ed)|(?:that|this|it)(?:'s| is) (?:okay|ok|acceptable|fair))\b",
        )
    });
    match language {
        Language::Zh => ZH.is_match(sentence),
        Language::En => EN.is_match(sentence),
        Language::Mixed => ZH.is_match(sentence) || EN.is_match(sentence),
    }
}

/// Whether a sentence ends as a statement: a full stop or an exclamation mark, and no
/// question mark anywhere. A transcriber who wrote one judged it a statement, so where
/// the rules find no question in it the act head's reading of one ("希望您在这里过得
/// 愉快！", "按模块拆开的那种。") is not taken.
pub fn stated(sentence: &str) -> bool {
    let shape = Shape::of(sentence);
    (shape.stopped || shape.exclaimed) && !sentence.contains(['?', '？'])
}

/// A sentence without the punctuation, quotes and symbols around it.
struct Shape<'a> {
    body: &'a str,
    /// Whether the trailing punctuation holds a question mark.
    marked: bool,
    /// Whether the trailing punctuation holds a full stop (not an ellipsis).
    stopped: bool,
    /// Whether the trailing punctuation holds an exclamation mark.
    exclaimed: bool,
}

impl Shape<'_> {
    fn of(sentence: &str) -> Shape<'_> {
        let start = sentence.trim_start_matches(|c: char| !c.is_alphanumeric());
        let body = start.trim_end_matches(|c: char| !c.is_alphanumeric());
        let tail = &start[body.len()..];
        Shape {
            body,
            marked: tail.contains(['?', '？']),
            stopped: tail.contains('。') || (tail.contains('.') && !tail.contains("..")),
            exclaimed: tail.contains(['!', '！']),
        }
    }

    /// Whether a cue of this strength makes this sentence a question without a mark.
    fn asks(&self, strength: Strength) -> bool {
        match strength {
            Strength::Strong => true,
            Strength::Weak => !self.stopped,
            Strength::NeedsMark => false,
        }
    }
}

/// What a rule recognised, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cue {
    Rhetorical,
    Tag,
    Request,
    Closed,
    Open,
}

/// How far a cue makes a sentence a question when it has no question mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// It asks on its own: 吗, 然后呢, 说说你的想法, 难道….
    Strong,
    /// It asks unless the sentence ends in a full stop: forms that statements share.
    Weak,
    /// It only says what kind of question a marked sentence is: 是否, "Any…", a tag.
    NeedsMark,
}

/// A recognised cue and how far it makes the sentence a question on its own.
#[derive(Debug, Clone, Copy)]
struct Finding {
    cue: Cue,
    asks: Strength,
}

impl Finding {
    fn new(cue: Cue, asks: Strength) -> Finding {
        Finding { cue, asks }
    }
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("question patterns are valid; this is a bug")
}

/// The Chinese rules.
mod zh {
    use super::{Cue, Finding, LazyLock, Regex, Strength, compile};
    use crate::normalize::{is_cjk, speech_units};

    pub(super) fn findings(body: &str) -> Vec<Finding> {
        [
            rhetorical(body),
            tag(body),
            request(body),
            closed(body),
            open(body),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    static RHETORICAL: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "难道|凭什么|何必|[这那些了又还再]有什么用|你们?怎么又|(?:你们?|您)怎么(?:能|可以)|\
             怎么(?:能|可以)(?:这样|这么)|\
             (?:这|那|你们?)不是(?:说|很|明明|早|已经|都|刚|答应|保证|讲好|讲过|告诉|知道|挺|太|一直).*[吗么]$",
        )
    });

    fn rhetorical(body: &str) -> Option<Finding> {
        RHETORICAL
            .is_match(body)
            .then_some(Finding::new(Cue::Rhetorical, Strength::Strong))
    }

    /// Tags that ask agreement with or without ？.
    const TAGS: [&str; 20] = [
        "对吧",
        "是吧",
        "对不对",
        "是不是",
        "好不好",
        "行不行",
        "可不可以",
        "可以吗",
        "好吗",
        "行吗",
        "对吗",
        "是吗",
        "成吗",
        "对么",
        "是么",
        "好么",
        "行么",
        "没问题吧",
        "可以吧",
        "没错吧",
    ];

    /// Tags that, without ？, concede rather than ask ("那就这样，好吧。").
    const CONCEDING_TAGS: [&str; 2] = ["好吧", "行吧"];

    /// A statement of two units or more, a comma, and a tag.
    fn tag(body: &str) -> Option<Finding> {
        let (statement, tail) = body.rsplit_once(['，', ','])?;
        let tail = tail.trim();
        let asks = if TAGS.contains(&tail) {
            Strength::Strong
        } else if CONCEDING_TAGS.contains(&tail) {
            Strength::NeedsMark
        } else {
            return None;
        };
        (speech_units(statement) >= 2).then_some(Finding::new(Cue::Tag, asks))
    }

    static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
        let lead = "(?:(?:那么|那|好的|好|嗯|所以|然后|接下来|最后|另外|(?i:okay|ok))[，,、\\s]*)*";
        let you = "(?:请(?:你|您)?|你|您)";
        let manner = "(?:先|再|具体|详细|简单|展开|跟我|给我|和我|跟大家|给大家|地)*";
        let elicit = "(?:说说|讲讲|谈谈|聊聊|说一下|讲一下|谈一下|聊一下|介绍一下|分享一下)";
        let reduplicated = "(?:说说|讲讲|谈谈|聊聊|介绍一下|分享一下)";
        let talk = "(?:说说|讲讲|谈谈|聊聊|说一下|讲一下|谈一下|聊一下|介绍|分享|描述|解释|展开|说明|透露|\
             带我(?:过|走|捋|理|看)一?(?:遍|下))";
        let ask_whether = "(?:能不能|可不可以|能否|可否)";
        let may = "(?:能|可以|愿意|方便)";
        compile(&format!(
            "^{lead}(?:\
             {you}{manner}{elicit}|\
             {manner}{reduplicated}(?:[^，,、：:；;…]*?[你您]|.*吧$)|\
             {you}?{ask_whether}{manner}{talk}|\
             {you}{may}{manner}{talk}|\
             (?:能|可以){manner}{talk}.*[吗么]$)"
        ))
    });

    /// An elicitation addressed to the listener (说说你的想法, 你展开讲讲) or an indirect
    /// request to talk (你能说说…吗, 能不能讲一下…). 我来说说 does not match.
    /// The last clause counts too: "这个差异从哪来的，你能展开讲讲吗？" asks to explain.
    fn request(body: &str) -> Option<Finding> {
        let last_clause = body.rsplit(CLAUSE_MARKS).next().unwrap_or(body).trim();
        (REQUEST.is_match(body) || REQUEST.is_match(last_clause) || wants_to_know(body))
            .then_some(Finding::new(Cue::Request, Strength::Strong))
    }

    /// Asking to be told, or saying one wants to know, what a question word asks:
    /// 讲讲那天现场是怎么分工的, 站长每天最花时间的是哪些事，我想提前了解一下. A bare 说说
    /// 明天的安排 announces, so the question word is what makes it ask.
    fn wants_to_know(body: &str) -> bool {
        static WANTS: LazyLock<Regex> = LazyLock::new(|| {
            compile(
                "^(?:讲讲|说说|聊聊|谈谈)|我(?:想|很想|挺想)(?:先|提前|再)?(?:知道|了解|问问|听听|请教)",
            )
        });
        WANTS.is_match(body) && QUESTION_WORD.is_match(&asking_words(body))
    }

    /// Words that embed a question in a statement: 我不知道他有没有…, 不管是不是…,
    /// 我们评估一下要不要….
    static EMBEDDED: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "知道|清楚|确定|明白|记得|问|告诉|不管|无论|看情况|取决|评估|考虑|决定|讨论|商量|\
             研究|确认|判断|看看|想想",
        )
    });

    fn closed(body: &str) -> Option<Finding> {
        let a_not_a_clause = asking_clause(body).filter(|clause| has_a_not_a(clause));
        let asks = if ends_with_particle(body) || body.ends_with("了没") || body.ends_with("了没有")
        {
            Strength::Strong
        } else if let Some(clause) = a_not_a_clause {
            if EMBEDDED.is_match(clause) {
                Strength::NeedsMark
            } else {
                Strength::Weak
            }
        } else if body.contains("是否") {
            Strength::NeedsMark
        } else {
            return None;
        };
        Some(Finding::new(Cue::Closed, asks))
    }

    /// Marks between the clauses of a sentence.
    const CLAUSE_MARKS: [char; 6] = ['，', ',', '；', ';', '：', ':'];

    /// The last clause with an A-not-A form or a question word: the clause that asks.
    /// "你先别急着说能不能做到，…，需要哪些条件？" asks for conditions, openly.
    fn asking_clause(body: &str) -> Option<&str> {
        body.rsplit(CLAUSE_MARKS)
            .find(|clause| has_a_not_a(clause) || QUESTION_WORD.is_match(&asking_words(clause)))
    }

    /// Sentence-final 吗, or 么 as a particle (是么, 好么) rather than the end of 什么 / 怎么.
    fn ends_with_particle(body: &str) -> bool {
        let mut last = body.chars().rev();
        match last.next() {
            Some('吗') => true,
            Some('么') => last.next().is_some_and(|c| !"什这那怎多要".contains(c)),
            _ => false,
        }
    }

    /// A-not-A forms that are idioms, not questions: 动不动 (at every turn), 时不时 (now and then).
    const A_NOT_A_IDIOMS: [&str; 2] = ["动不动", "时不时"];

    /// 有没有, 是不是, 去不去, 喜不喜欢…: a character, 不 or 没, the same character. Not in
    /// a repeated negation: 没事没事, 不行不行.
    fn has_a_not_a(body: &str) -> bool {
        let chars: Vec<char> = body.chars().collect();
        (0..chars.len().saturating_sub(2)).any(|i| {
            let (a, not, again) = (chars[i], chars[i + 1], chars[i + 2]);
            let form: String = chars[i..i + 3].iter().collect();
            let repeated_negation = i > 0 && chars[i - 1] == not;
            a == again
                && matches!(not, '不' | '没')
                && !matches!(a, '不' | '没')
                && is_cjk(a)
                && !repeated_negation
                && !A_NOT_A_IDIOMS.contains(&form.as_str())
        })
    }

    /// 几 as a question word: only before a measure word (几个, 几天; not 几乎).
    const HOW_MANY: &str = "几(?:个|位|天|次|点|号|年|月|周|种|项|条|分|小时|页|件|家|回|遍|步|轮|岁|\
                            名|人|张|本|版|期|组|季度|星期|礼拜|倍|成)";

    /// Question words.
    static QUESTION_WORD: LazyLock<Regex> = LazyLock::new(|| {
        compile(&format!(
            "为什么|为何|什么|怎么|怎样|如何|哪|谁|多少|多久|多长|多大|{HOW_MANY}"
        ))
    });

    /// Compounds in which a question word asks nothing: 哪怕, 不怎么, 好几个, 这几天, 几十,
    /// 或多或少, 什么的 (and so on), 没什么, 无论如何, 不管怎样.
    static NOT_ASKING: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "哪怕|不怎么|[好这那前后十没]几|几[十百千万]|或多或少|多多少少|什么的|没什么|\
             (?:无论|不管)(?:如何|什么|怎样|怎么|多少|谁|哪)",
        )
    });

    /// Who or what a bare sentence-final 呢 asks about: 你呢, 你们呢, 然后呢, 你觉得呢.
    static ASKING_NE: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "(?:你|您|们|他|她|大家|团队|然后|后来|结果|其他|其它|别的|其余|觉得|认为|看法|想法|意见|你说|你看)呢$",
        )
    });

    /// Question words at the end of a sentence addressed to 你: 你觉得怎么样.
    static ADDRESSED_TAIL: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "[你您].*(?:怎么样|如何|什么|为什么|哪些|哪个|哪里|哪儿|多少|多久|怎么办|怎么看|怎么想|谁)$",
        )
    });

    /// `text` with the compounds in which question words ask nothing blanked out.
    fn asking_words(text: &str) -> std::borrow::Cow<'_, str> {
        NOT_ASKING.replace_all(text, "·")
    }

    /// Question words that ask for a short fact: a number, a time, a date.
    static FACT_WORD: LazyLock<Regex> = LazyLock::new(|| {
        compile(&format!(
            "多少|多久|多长时间|什么时候|几时|哪天|哪一天|哪年|{HOW_MANY}"
        ))
    });

    /// Words that turn a question for a fact into one for a judgement: 你觉得要多久.
    static JUDGEMENT: LazyLock<Regex> = LazyLock::new(|| compile("觉得|认为|建议|应该|合适|理想"));

    /// Whether every question word asks for a short fact (几点到仓, 多少用户受影响) and
    /// nothing asks for a judgement: such a question is closed.
    fn asks_for_a_fact(asking: &str) -> bool {
        FACT_WORD.is_match(asking)
            && !QUESTION_WORD.is_match(&FACT_WORD.replace_all(asking, "·"))
            && !JUDGEMENT.is_match(asking)
    }

    /// A question word (closed when it asks only for a fact), or a bare 呢.
    fn open(body: &str) -> Option<Finding> {
        let asking = asking_words(body);
        let has_question_word = QUESTION_WORD.is_match(&asking);
        let asking_ne = body.ends_with('呢') && (has_question_word || ASKING_NE.is_match(body));
        let addressed =
            has_question_word && ADDRESSED_TAIL.is_match(&asking) && !EMBEDDED.is_match(body);
        let asks = if asking_ne || addressed {
            Strength::Strong
        } else if has_question_word || body.ends_with('呢') {
            Strength::NeedsMark
        } else {
            return None;
        };
        let cue = if asks_for_a_fact(&asking) {
            Cue::Closed
        } else {
            Cue::Open
        };
        Some(Finding::new(cue, asks))
    }
}

/// The English rules.
mod en {
    use super::{Cue, Finding, LazyLock, Regex, Strength, compile};

    pub(super) fn findings(body: &str) -> Vec<Finding> {
        let text = body.to_lowercase().replace('’', "'");
        let sentence = English::new(&text);
        [
            rhetorical(&sentence),
            tag(&sentence),
            request(&sentence),
            closed(&sentence),
            open(&sentence),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Words that open a clause without changing what it asks.
    const DISCOURSE: [&str; 19] = [
        "so", "and", "but", "or", "ok", "okay", "well", "now", "then", "alright", "right", "um",
        "uh", "yeah", "yes", "also", "please", "hey", "oh",
    ];

    const QUESTION_WORDS: [&str; 9] = [
        "what", "how", "why", "where", "when", "which", "who", "whom", "whose",
    ];

    const AUXILIARIES: [&str; 34] = [
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "am",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "have",
        "has",
        "had",
        "may",
        "might",
        "must",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "can't",
        "couldn't",
        "won't",
        "wouldn't",
        "shouldn't",
        "haven't",
        "hasn't",
    ];

    /// Auxiliaries that start a question when a person follows ("did you…"), but also start
    /// commands when a thing does ("Do it now.", "Have this done by Friday.").
    const DO_HAVE: [&str; 10] = [
        "do", "does", "did", "don't", "doesn't", "didn't", "have", "has", "haven't", "hasn't",
    ];

    /// Auxiliaries that start a question with any subject ("is it…", "can this…").
    /// Should and had are left out: they also open conditions ("Should you need…",
    /// "Had we known…").
    const BE_AND_MODALS: [&str; 16] = [
        "is", "are", "was", "were", "isn't", "aren't", "wasn't", "weren't", "can", "could", "will",
        "would", "can't", "couldn't", "won't", "wouldn't",
    ];

    const PERSONS: [&str; 6] = ["you", "we", "they", "he", "she", "i"];

    /// Clauses appended to a question that ask nothing of their own.
    const APPENDICES: [&str; 8] = [
        "do you know",
        "do we know",
        "does anyone know",
        "any idea",
        "do you think",
        "you think",
        "do you reckon",
        "you reckon",
    ];

    /// Question words that ask for a short fact: a number, a time, a place, a pick.
    const FACT_WORDS: [&str; 4] = ["when", "where", "which", "who"];

    /// Words after "how" that ask for a number: "how many", "how long".
    const HOW_MUCH: [&str; 6] = ["many", "much", "long", "often", "soon", "far"];

    /// Words that turn a question for a fact into one for a view or a judgement
    /// ("Where do you see the biggest risk?", "Who do you think should lead?", "Where
    /// did you land on pricing?").
    const JUDGEMENT: [&str; 20] = [
        "think",
        "feel",
        "see",
        "reckon",
        "suggest",
        "recommend",
        "prefer",
        "want",
        "like",
        "enjoy",
        "should",
        "would",
        "could",
        "might",
        "best",
        "most",
        "hardest",
        "biggest",
        "land",
        "stand",
    ];

    const THINGS: [&str; 4] = ["it", "this", "that", "there"];

    /// Determiners and pronouns that can follow "what is" / "how does" as a subject.
    const DETERMINERS: [&str; 8] = [
        "the",
        "your",
        "our",
        "their",
        "his",
        "her",
        "everyone",
        "everybody",
    ];

    /// A lowercase English sentence as words and comma-separated clauses.
    struct English<'a> {
        /// The sentence, lowercase, apostrophes straightened, commas kept.
        text: &'a str,
        /// Its words, "what's" split into "what is".
        words: Vec<&'a str>,
        /// Where each clause's content starts in `words`, after its discourse openers
        /// ("Okay, so what…"); clauses of discourse words only are left out.
        heads: Vec<usize>,
    }

    impl<'a> English<'a> {
        fn new(text: &'a str) -> English<'a> {
            let mut words = Vec::new();
            let mut heads = Vec::new();
            for clause in text.split([',', '，', '.', '!', ';', ':', '?']) {
                let start = words.len();
                words.extend(
                    clause
                        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
                        .filter(|word| !word.is_empty())
                        .flat_map(split_contraction),
                );
                let head = start + discourse_len(&words[start..]);
                if head < words.len() {
                    heads.push(head);
                }
            }
            English { text, words, heads }
        }

        fn word(&self, i: usize) -> &str {
            self.words.get(i).copied().unwrap_or("")
        }

        /// How many words follow the discourse openers of the sentence.
        fn content_len(&self) -> usize {
            self.heads
                .first()
                .map_or(0, |&head| self.words.len() - head)
        }

        /// The words from `head` on, joined by single spaces, for phrase patterns.
        fn joined_from(&self, head: usize) -> String {
            self.words[head..].join(" ")
        }

        /// The head of the last clause that a question word, an auxiliary or "any" leads:
        /// the clause that asks. An appendix after a question-word clause ("Why did they
        /// push back, do you know?") leaves the asking to that clause.
        fn asking_head(&self) -> Option<usize> {
            let mut asking = self.heads.iter().rev().copied().filter(|&head| {
                let word = self.word(head);
                QUESTION_WORDS.contains(&word) || AUXILIARIES.contains(&word) || word == "any"
            });
            let last = asking.next()?;
            if !APPENDICES.contains(&self.joined_from(last).as_str()) {
                return Some(last);
            }
            let earlier = asking.find(|&head| QUESTION_WORDS.contains(&self.word(head)));
            Some(earlier.unwrap_or(last))
        }

        /// Whether the last clause is "you" alone: small talk turned back ("And you?").
        fn turns_back(&self) -> bool {
            self.heads
                .last()
                .is_some_and(|&head| self.joined_from(head) == "you")
        }
    }

    /// "what's" → "what is"; other words unchanged.
    fn split_contraction(word: &str) -> Vec<&str> {
        let Some((base, suffix)) = word.split_once('\'') else {
            return vec![word];
        };
        let expanded = match suffix {
            "s" => "is",
            "re" => "are",
            "d" => "did",
            "ll" => "will",
            "ve" => "have",
            _ => return vec![word],
        };
        if QUESTION_WORDS.contains(&base) {
            vec![base, expanded]
        } else {
            vec![word]
        }
    }

    /// How many words open a clause as discourse markers ("so", "all right", "ok").
    fn discourse_len(words: &[&str]) -> usize {
        let mut len = 0;
        loop {
            match &words[len..] {
                [word, ..] if DISCOURSE.contains(word) => len += 1,
                ["all", "right", ..] => len += 2,
                _ => return len,
            }
        }
    }

    static RHETORICAL: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "\\b(?:how many times (?:do|does|must|should|will|would) (?:i|we) \
             (?:have to|need to|tell|say|ask|remind|explain)|\
             how many times (?:have|has|did) (?:i|we) \
             (?:told|tell|said|say|asked|ask|reminded|remind|explained|explain|talked|discussed)|\
             what were you thinking|who do you think you are|isn't it obvious|why would you ever|\
             do you even|what is wrong with you|are you kidding)\\b",
        )
    });

    /// Rhetorical phrases; leading a clause they ask even without "?" ("How many times do
    /// I have to tell you.").
    fn rhetorical(sentence: &English) -> Option<Finding> {
        let leads = |&head: &usize| {
            RHETORICAL
                .find(&sentence.joined_from(head))
                .is_some_and(|found| found.start() == 0)
        };
        let asks = if sentence.heads.iter().any(leads) {
            Strength::Strong
        } else if RHETORICAL.is_match(&sentence.joined_from(0)) {
            Strength::NeedsMark
        } else {
            return None;
        };
        Some(Finding::new(Cue::Rhetorical, asks))
    }

    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "^(?:right|okay|ok|correct|yeah|yes|no|eh|huh|agreed|alright|true|fair|got it|\
             you know|sounds? good|makes? sense|\
             (?:(?:is|are|was|were|do|does|did|will|would|can|could|should|have|has|had)(?:n't)?|won't|can't|ain't) \
             (?:i|you|we|they|he|she|it|there|that))$",
        )
    });

    /// A statement of two words or more, a comma and a tag: "…, right?", "…, isn't it?".
    fn tag(sentence: &English) -> Option<Finding> {
        let (statement, tail) = sentence.text.rsplit_once([',', '，'])?;
        let is_tag = TAG.is_match(tail.trim()) && English::new(statement).content_len() >= 2;
        is_tag.then_some(Finding::new(Cue::Tag, Strength::NeedsMark))
    }

    static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "^(?:(?:can|could|would|will) you (?:please )?(?:tell me|walk me through|talk me through|\
             take me through|describe|explain|share|talk about|say more|elaborate|\
             help me understand|give me an example)|\
             would you mind (?:telling|walking|talking|explaining|sharing|describing|elaborating)|\
             tell me (?:a (?:bit|little) (?:more )?)?(?:about|more|how|what|why|where|when|which|who)|\
             show me how|walk me through|\
             talk me through|take me through|help me understand|describe)\\b",
        )
    });

    /// Wanting to know what a question word asks: "I wonder why it slipped", "I'd like
    /// to know how you split the work", "I'm curious what you'd change". "I wonder if we
    /// should…" proposes, a bare "I wonder why." muses, "I'd like to understand how the
    /// decisions get made" wishes and "then I want to hear how the move is going"
    /// announces, so none of those is here.
    static WANTS_TO_KNOW: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            "\\b(?:i wonder|i'm curious|i am curious|i'd (?:like|love) to (?:know|hear)) \
             (?:about |more about )?\
             (?:how|what|why|where|when|which|who) \\w",
        )
    });

    /// A clause led by "Tell me about…", "Walk me through…", "Can you tell me…", or
    /// wanting to know what a question word asks: open, with or without "?".
    fn request(sentence: &English) -> Option<Finding> {
        let requests = sentence
            .heads
            .iter()
            .any(|&head| REQUEST.is_match(&sentence.joined_from(head)))
            || WANTS_TO_KNOW.is_match(sentence.text);
        requests.then_some(Finding::new(Cue::Request, Strength::Strong))
    }

    /// A clause led by an auxiliary ("Did you…", "Is it…") or "Any…?". An auxiliary
    /// followed by its subject asks without "?".
    fn closed(sentence: &English) -> Option<Finding> {
        let head = sentence.asking_head()?;
        let (first, second) = (sentence.word(head), sentence.word(head + 1));
        let person_follows = PERSONS.contains(&second);
        let inverted = (DO_HAVE.contains(&first) && person_follows)
            || (BE_AND_MODALS.contains(&first) && (person_follows || THINGS.contains(&second)));
        let asks = if inverted {
            Strength::Weak
        } else {
            Strength::NeedsMark
        };
        (AUXILIARIES.contains(&first) || first == "any").then_some(Finding::new(Cue::Closed, asks))
    }

    /// Whether the clause at `head` asks for a short fact ("How many pallets are left?",
    /// "When does the new carrier start?") rather than a view: such a question is closed.
    fn asks_for_a_fact(sentence: &English, head: usize) -> bool {
        let word = sentence.word(head);
        if word == "where" && asks_for_status(sentence, head) {
            return false;
        }
        let fact = FACT_WORDS.contains(&word)
            || (word == "how" && HOW_MUCH.contains(&sentence.word(head + 1)))
            || (word == "what" && sentence.word(head + 1) == "time");
        fact && !sentence.words[head..]
            .iter()
            .any(|word| JUDGEMENT.contains(word))
    }

    /// "Where are we?", "Where is it at?", "Where are things with Halvorsen?": a request
    /// for a status in the listener's words, not for a place.
    fn asks_for_status(sentence: &English, where_: usize) -> bool {
        let word = |offset| sentence.word(where_ + offset);
        ["are", "is"].contains(&word(1))
            && ["we", "things", "it", "you"].contains(&word(2))
            && ["", "on", "with", "at"].contains(&word(3))
    }

    /// A clause led by a question word ("What went well?"; asks without "?" when an
    /// auxiliary and a subject follow: "what do you think"), a question word at the
    /// end ("You did what?", "…how much?"), or small talk turned back ("You?"). A
    /// question for a short fact is closed.
    fn open(sentence: &English) -> Option<Finding> {
        let Some(head) = sentence
            .asking_head()
            .filter(|&head| QUESTION_WORDS.contains(&sentence.word(head)))
        else {
            let echoes = sentence
                .words
                .iter()
                .rev()
                .take(2)
                .any(|word| QUESTION_WORDS.contains(word));
            return (echoes || sentence.turns_back())
                .then_some(Finding::new(Cue::Open, Strength::NeedsMark));
        };
        let subject = sentence.word(head + 2);
        let inverted = AUXILIARIES.contains(&sentence.word(head + 1))
            && [&PERSONS[..], &THINGS, &DETERMINERS]
                .iter()
                .any(|set| set.contains(&subject));
        let asks = if inverted {
            Strength::Weak
        } else {
            Strength::NeedsMark
        };
        let cue = if asks_for_a_fact(sentence, head) {
            Cue::Closed
        } else {
            Cue::Open
        };
        Some(Finding::new(cue, asks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuestionKind::{Closed, Open, Rhetorical, Tag};

    /// One test per sentence: `name: language "sentence" => expected kind;`
    macro_rules! cases {
        ($($name:ident: $language:ident $sentence:literal => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(classify_question($sentence, Language::$language), $expected);
            }
        )*};
    }

    cases! {
        // Chinese, open.
        zh_where_is_open: Zh "你觉得这次项目哪里做得好？" => Some(Open);
        zh_why_is_open: Zh "为什么延期了？" => Some(Open);
        zh_how_do_you_see_is_open: Zh "你怎么看这个方案？" => Some(Open);
        zh_how_long_you_think_is_open: Zh "你觉得要多久才能上手？" => Some(Open);
        zh_how_many_and_why_is_open: Zh "多少用户受影响，为什么没早点发现？" => Some(Open);
        zh_ne_after_you_think_is_open: Zh "你觉得呢？" => Some(Open);
        zh_ne_after_then_is_open_without_mark: Zh "然后呢" => Some(Open);
        zh_ne_after_you_plural_is_open_without_mark: Zh "你们呢" => Some(Open);
        zh_ne_with_question_word_is_open_without_mark: Zh "你在担心什么呢" => Some(Open);
        zh_addressed_how_is_open_without_mark: Zh "这个方案你觉得怎么样" => Some(Open);
        zh_half_width_mark_counts: Zh "你觉得呢?" => Some(Open);
        zh_quoted_question_counts: Zh "“你觉得这样安排怎么样？”" => Some(Open);

        // Chinese, closed.
        zh_ma_with_question_word_is_closed: Zh "你有什么想法吗？" => Some(Closed);
        zh_how_many_with_measure_word_asks_a_fact: Zh "有几个人参与？" => Some(Closed);
        zh_how_many_users_asks_a_fact: Zh "多少用户受影响？" => Some(Closed);
        zh_what_time_asks_a_fact: Zh "明天几点到仓？" => Some(Closed);
        zh_which_day_asks_a_fact: Zh "那个客户的合同是哪天到期来着？" => Some(Closed);
        zh_ma_is_closed: Zh "这个需求做完了吗？" => Some(Closed);
        zh_ma_is_a_question_without_mark: Zh "这个需求做完了吗" => Some(Closed);
        zh_me_particle_is_closed: Zh "是么" => Some(Closed);
        zh_a_not_a_is_closed: Zh "你是不是还没开始？" => Some(Closed);
        zh_a_not_a_is_a_question_without_mark: Zh "你这周有没有时间" => Some(Closed);
        zh_a_not_a_with_two_characters_is_closed: Zh "你喜不喜欢这个方向？" => Some(Closed);
        zh_ke_bu_ke_yi_is_closed: Zh "可不可以提前一天？" => Some(Closed);
        zh_shifou_is_closed: Zh "我们是否需要更多资源？" => Some(Closed);
        zh_le_mei_you_is_closed_without_mark: Zh "文档写完了没有" => Some(Closed);
        zh_declarative_question_is_closed: Zh "你做完了？" => Some(Closed);
        zh_one_word_question_is_closed: Zh "周五？" => Some(Closed);
        zh_exclamation_after_mark_still_asks: Zh "真的吗？！" => Some(Closed);
        zh_jihu_is_not_a_question_word: Zh "我们几乎做完了？" => Some(Closed);
        zh_haoji_is_not_a_question_word: Zh "好几个模块都延期了？" => Some(Closed);
        zh_napa_is_not_a_question_word: Zh "哪怕晚一天也行？" => Some(Closed);
        zh_shenmede_is_not_a_question_word: Zh "文档什么的都写了？" => Some(Closed);
        zh_huoduohuoshao_is_not_a_question_word: Zh "或多或少有影响吧？" => Some(Closed);
        zh_persuade_is_not_a_request_to_talk: Zh "你能说服他吗？" => Some(Closed);

        // Chinese, not questions.
        zh_statement_with_why_is_not_a_question: Zh "我不知道为什么。" => None;
        zh_statement_with_why_without_mark_is_not_a_question: Zh "我不知道为什么" => None;
        zh_embedded_a_not_a_is_not_a_question: Zh "我不知道他有没有时间。" => None;
        zh_statement_ne_is_not_a_question: Zh "还没做完呢。" => None;
        zh_progressive_ne_is_not_a_question: Zh "我还在想呢" => None;
        zh_idiom_dongbudong_is_not_a_question: Zh "他动不动就请假。" => None;
        zh_repeated_negation_is_not_a_not_a: Zh "没事没事。" => None;
        zh_repeated_bu_xing_is_not_a_not_a: Zh "不行不行" => None;
        zh_evaluating_whether_is_not_a_question: Zh "我们下周一起评估要不要放进这一期" => None;
        zh_the_last_asking_clause_decides: Zh "你先别急着说能不能做到，你觉得要做到这个数，需要哪些条件？" => Some(Open);
        zh_a_not_a_in_the_last_clause_is_closed: Zh "为什么延期，你有没有想过？" => Some(Closed);
        zh_full_stop_defeats_a_not_a: Zh "你这周有没有时间。" => None;
        zh_full_stop_does_not_defeat_ma: Zh "这个需求做完了吗。" => Some(Closed);
        zh_addressed_question_word_asks_despite_full_stop: Zh "你觉得怎么样。" => Some(Open);
        zh_embedded_addressed_question_word_is_not_a_question: Zh "我不知道你觉得怎么样" => None;
        zh_plain_statement_is_not_a_question: Zh "我们下周再聊。" => None;

        // Chinese, tags.
        zh_dui_ba_is_a_tag: Zh "周五交，对吧？" => Some(Tag);
        zh_dui_ba_is_a_tag_without_mark: Zh "周五交，对吧" => Some(Tag);
        zh_hao_ma_after_comma_is_a_tag: Zh "我们就这样安排，好吗？" => Some(Tag);
        zh_shi_bu_shi_after_comma_is_a_tag: Zh "你上周请假了，是不是？" => Some(Tag);
        zh_mei_wen_ti_ba_is_a_tag: Zh "你负责这个，没问题吧？" => Some(Tag);
        zh_hao_ba_with_mark_is_a_tag: Zh "就这样定了，好吧？" => Some(Tag);
        zh_hao_ba_without_mark_concedes: Zh "那就这样定了，好吧。" => None;
        zh_tag_alone_is_closed: Zh "对吧？" => Some(Closed);
        zh_ke_yi_ma_without_comma_is_closed: Zh "这样可以吗？" => Some(Closed);

        // Chinese, elicitations and requests.
        zh_shuoshuo_your_idea_is_open: Zh "说说你的想法。" => Some(Open);
        zh_you_elaborate_is_open: Zh "你展开讲讲。" => Some(Open);
        zh_request_in_the_last_clause_is_open: Zh "这个差异是从哪几笔来的，你能展开讲讲吗？" => Some(Open);
        zh_walk_me_through_is_open: Zh "你能带我过一遍年终考核的流程吗" => Some(Open);
        zh_then_you_talk_is_open: Zh "那你说说看。" => Some(Open);
        zh_chat_ending_ba_is_open: Zh "聊聊最近的状态吧" => Some(Open);
        zh_can_you_talk_ma_is_open_not_closed: Zh "你能说说你的想法吗？" => Some(Open);
        zh_neng_bu_neng_explain_is_open: Zh "能不能讲一下背景？" => Some(Open);
        zh_bare_can_with_ma_is_open: Zh "可以介绍一下吗" => Some(Open);
        zh_i_will_talk_is_not_a_question: Zh "我来说说我的想法。" => None;
        zh_introducing_someone_is_not_a_question: Zh "介绍一下，这位是新同事。" => None;
        zh_announcing_is_not_a_question: Zh "说一下明天的安排。" => None;
        zh_one_could_say_is_not_a_question: Zh "可以说是今年最好的一个季度。" => None;

        // Chinese, rhetorical.
        zh_nandao_is_rhetorical: Zh "难道你不知道吗？" => Some(Rhetorical);
        zh_nandao_is_rhetorical_without_mark: Zh "难道你不知道这个规定" => Some(Rhetorical);
        zh_pingshenme_is_rhetorical: Zh "凭什么让我来做？" => Some(Rhetorical);
        zh_hebi_is_rhetorical: Zh "何必呢" => Some(Rhetorical);
        zh_what_use_saying_is_rhetorical: Zh "现在说这些有什么用？" => Some(Rhetorical);
        zh_what_use_is_this_tool_is_open: Zh "这个工具有什么用？" => Some(Open);
        zh_you_again_is_rhetorical: Zh "你怎么又迟到了" => Some(Rhetorical);
        zh_how_can_you_is_rhetorical: Zh "你怎么能这样呢？" => Some(Rhetorical);
        zh_how_can_we_improve_is_open: Zh "我们怎么能做得更好呢？" => Some(Open);
        zh_didnt_you_say_is_rhetorical: Zh "你不是说好周五交吗？" => Some(Rhetorical);
        zh_isnt_it_obvious_is_rhetorical: Zh "这不是很明显吗？" => Some(Rhetorical);
        zh_isnt_this_your_file_is_closed: Zh "这不是你的文件吗？" => Some(Closed);

        // English, open.
        en_what_is_open: En "What went well this quarter?" => Some(Open);
        en_how_is_open: En "How did the launch go?" => Some(Open);
        en_why_alone_is_open: En "Why?" => Some(Open);
        en_discourse_word_before_what_is_open: En "So, what do you think?" => Some(Open);
        en_how_about_is_open: En "And how about the budget?" => Some(Open);
        en_what_about_is_open: En "What about the timeline?" => Some(Open);
        en_all_right_before_whats_is_open: En "All right, what's next?" => Some(Open);
        en_who_do_you_think_should_is_open: En "Who do you think should lead?" => Some(Open);
        en_how_many_times_we_asks_a_count: En "How many times did we deploy last week?" => Some(Closed);
        en_how_long_asks_a_fact: En "How long have you been on the Berlin account?" => Some(Closed);
        en_when_asks_a_fact: En "When does the new carrier start?" => Some(Closed);
        en_where_asks_a_fact: En "Where did the spare van keys end up?" => Some(Closed);
        en_where_do_you_see_is_open: En "Where do you see the biggest risk?" => Some(Open);
        en_where_do_you_stand_is_open: En "Where do you stand on the pricing change?" => Some(Open);
        en_where_are_we_asks_a_status: En "Where are we?" => Some(Open);
        en_where_are_we_on_asks_a_status: En "Where are we on the Halvorsen renewal?" => Some(Open);
        en_where_are_we_keeping_asks_a_place: En "Where are we keeping the spare handsets now?" => Some(Closed);
        en_how_about_you_after_a_sentence_is_open: En "Not bad, busy. How about you?" => Some(Open);
        en_turned_back_you_is_open: En "Yeah, pretty good. You?" => Some(Open);
        en_do_you_know_after_why_is_open: En "Why did they push back on the terms, do you know?" => Some(Open);
        en_echo_question_is_open: En "You did what?" => Some(Open);
        en_echo_how_much_is_open: En "You spent how much?" => Some(Open);
        en_you_know_alone_is_closed: En "Do you know?" => Some(Closed);
        en_inverted_wh_is_open_without_mark: En "what do you think" => Some(Open);
        en_hows_it_going_is_open_without_mark: En "how's it going" => Some(Open);
        en_clause_after_an_introduction_is_read: En "Before I say anything, how do you feel the year went overall?" => Some(Open);
        en_question_word_before_a_vocative_is_read: En "What do you think, Jordan?" => Some(Open);
        en_auxiliary_after_a_subordinate_clause_is_read: En "When you joined, did you get onboarding?" => Some(Closed);
        en_vocative_before_a_request_is_open: En "Jordan, tell me about the outage." => Some(Open);

        // English, closed.
        en_did_you_is_closed: En "Did you finish the migration?" => Some(Closed);
        en_is_the_build_is_closed: En "Is the build green?" => Some(Closed);
        en_can_you_send_is_closed: En "Can you send it by Friday?" => Some(Closed);
        en_negative_auxiliary_is_closed: En "Don't you think it's late?" => Some(Closed);
        en_discourse_word_before_auxiliary_is_closed: En "Okay, are we aligned?" => Some(Closed);
        en_any_questions_is_closed: En "Any questions?" => Some(Closed);
        en_declarative_question_is_closed: En "You finished the migration?" => Some(Closed);
        en_when_inside_is_not_an_echo: En "You'll send it when it's done?" => Some(Closed);
        en_full_width_mark_counts: En "Did you finish？" => Some(Closed);
        en_inverted_is_closed_without_mark: En "did you finish the doc" => Some(Closed);
        en_right_alone_is_closed: En "Right?" => Some(Closed);

        // English, not questions.
        en_wonder_why_is_not_a_question: En "I wonder why." => None;
        en_how_we_do_it_is_not_a_question: En "How we do it matters." => None;
        en_what_i_did_is_not_a_question: En "What I did was fine." => None;
        en_imperative_do_is_not_a_question: En "Do it now." => None;
        en_imperative_have_is_not_a_question: En "Have this done by Friday." => None;
        en_conditional_should_is_not_a_question: En "Should you need help, call me." => None;
        en_tell_someone_else_is_not_a_question: En "Tell him the date." => None;
        en_statement_is_not_a_question: En "We shipped it on Friday." => None;
        en_full_stop_defeats_inversion: En "Did you finish the doc." => None;
        en_ellipsis_does_not_defeat_inversion: En "did you finish the doc..." => Some(Closed);

        // English, tags.
        en_right_tag: En "We agreed on Friday, right?" => Some(Tag);
        en_isnt_it_tag: En "It's done, isn't it?" => Some(Tag);
        en_curly_apostrophe_tag: En "It’s done, isn’t it?" => Some(Tag);
        en_wont_you_tag: En "You'll do it, won't you?" => Some(Tag);
        en_okay_tag: En "Ship it Monday, okay?" => Some(Tag);
        en_correct_tag: En "That's the plan, correct?" => Some(Tag);
        en_werent_you_tag: En "You were there, weren't you?" => Some(Tag);
        en_yeah_tag: En "It works, yeah?" => Some(Tag);
        en_no_tag: En "The deadline is fixed, no?" => Some(Tag);
        en_tag_needs_the_mark: En "We agreed on Friday, right." => None;

        // English, requests and elicitations.
        en_can_you_tell_me_is_open: En "Can you tell me about the outage?" => Some(Open);
        en_could_you_walk_me_through_is_open: En "Could you walk me through the plan?" => Some(Open);
        en_would_you_mind_explaining_is_open: En "Would you mind explaining it?" => Some(Open);
        en_tell_me_about_is_open: En "Tell me about the project." => Some(Open);
        en_please_walk_me_through_is_open: En "Please walk me through your approach." => Some(Open);
        en_help_me_understand_is_open: En "Help me understand the delay." => Some(Open);
        en_describe_is_open: En "Describe the issue." => Some(Open);
        en_tell_me_more_is_open: En "Tell me more" => Some(Open);

        // English, rhetorical.
        en_how_many_times_do_i_is_rhetorical: En "How many times do I have to tell you?" => Some(Rhetorical);
        en_how_many_times_is_rhetorical_without_mark: En "How many times have I told you." => Some(Rhetorical);
        en_how_many_times_do_we_have_to_is_rhetorical: En "How many times do we have to have this conversation about logging calls?" => Some(Rhetorical);
        en_what_were_you_thinking_is_rhetorical: En "What were you thinking?" => Some(Rhetorical);
        en_who_do_you_think_you_are_is_rhetorical: En "Who do you think you are?" => Some(Rhetorical);
        en_isnt_it_obvious_is_rhetorical: En "Isn’t it obvious?" => Some(Rhetorical);
        en_why_would_you_ever_is_rhetorical: En "Why would you ever do that?" => Some(Rhetorical);
        en_do_you_even_is_rhetorical: En "Do you even care?" => Some(Rhetorical);
        en_rhetorical_after_another_word: En "Honestly, what were you thinking?" => Some(Rhetorical);
        en_rhetorical_phrase_inside_a_statement_is_not_a_question: En "I asked what were you thinking." => None;

        // Mixed sentences apply both languages' rules.
        mixed_chinese_particle_is_closed: Mixed "这个 PR 你 review 了吗" => Some(Closed);
        mixed_english_opener_chinese_ne_is_open: Mixed "So 你觉得呢？" => Some(Open);
        mixed_english_tag_after_full_width_comma: Mixed "我们 next week 再 sync 一下，OK？" => Some(Tag);
        mixed_english_auxiliary_beats_chinese_question_word: Mixed "Do you 觉得这个方案怎么样?" => Some(Closed);
        only_the_given_language_is_read: En "你觉得呢" => None;
        punctuation_alone_is_not_a_question: Zh "？！" => None;
        en_conditional_had_is_not_a_question: En "Had we known, we would have moved it." => None;
        en_were_you_is_closed_without_mark: En "were you at the review" => Some(Closed);

        // Asking to be told, or wanting to know, what a question word asks.
        zh_tell_with_a_question_word_is_open: Zh "讲讲那天爆仓的时候，现场是怎么分工的。" => Some(Open);
        zh_wanting_to_know_which_is_open: Zh "站长每天最花时间的是哪些事，我想提前了解一下。" => Some(Open);
        zh_telling_the_plan_announces: Zh "说说明天的安排。" => None;
        en_tell_me_a_bit_about_is_open: En "Tell me a bit about what they decided at the offsite." => Some(Open);
        en_show_me_how_is_open: En "Show me how you'd set up the new shift pattern." => Some(Open);
        en_i_wonder_why_is_open: En "I wonder why the second run slipped." => Some(Open);
        en_i_wonder_if_we_should_proposes: En "I wonder if we should move the demo." => None;
        en_wanting_to_understand_wishes: En "I'd like to understand how the decisions upstairs get made." => None;
        en_wanting_to_hear_announces: En "Then I want to hear how the move is going." => None;
    }

    #[test]
    fn a_statement_ends_in_a_stop_or_an_exclamation() {
        for (sentence, is_stated) in [
            ("按模块拆开的那种。", true),
            ("希望您在这里过得愉快！", true),
            ("他说“这次一定改！”", true),
            ("\"Ship it!\" was all he said.", true),
            ("You shipped it already!?", false),
            ("那你的想法是……", false),
            ("你下周有空吗", false),
        ] {
            assert_eq!(stated(sentence), is_stated, "{sentence}");
        }
    }

    #[test]
    fn a_challenge_is_in_its_words() {
        for (sentence, language, challenging) in [
            ("这批货的标签怎么又贴反了？", Language::Zh, true),
            ("这份合同你到底有没有从头看过", Language::Zh, true),
            ("你觉得你这个月真的尽力了吗？", Language::Zh, true),
            ("你需要在这个房间住多少天？", Language::Zh, false),
            ("你觉得够不够？", Language::Zh, false),
            ("高峰期跳过复核，你觉得这样合适吗？", Language::Zh, true),
            (
                "Six weeks of silence, do you think that's okay?",
                Language::En,
                true,
            ),
            ("I'll send it Friday. Is that okay?", Language::En, false),
            (
                "Did you actually read the customer's email?",
                Language::En,
                true,
            ),
            (
                "Why is the dispute log still not updated?",
                Language::En,
                true,
            ),
            ("Why didn't you tell me?", Language::En, true),
            ("Why did you pick that vendor?", Language::En, false),
            ("How often do you exercise?", Language::En, false),
            (
                "Is there anything getting in your way that I'm not seeing?",
                Language::En,
                false,
            ),
            ("这个 PR 你 review 了吗？Again?", Language::Mixed, true),
        ] {
            assert_eq!(challenges(sentence, language), challenging, "{sentence}");
        }
    }
}
