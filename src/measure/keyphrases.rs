//! Keyphrases: the words and short phrases that say what a text is about.
//!
//! Chinese text is segmented by jieba with Candor's workplace dictionary
//! (`keyphrases/workplace_zh.dict`) loaded on top of jieba's own, and each word is
//! scored twice, by TF-IDF (jieba's IDF table) and by TextRank (co-occurrence within
//! five words); each score is divided by its best, and a phrase's score is the mean
//! of the two. English text is not ranked here: [`english_candidates`] lists the
//! phrases, the caller embeds them and the document with the encoder and [`mmr`]
//! chooses among them (KeyBERT's method), since a frequency count over a short
//! English update ranks little but its filler.
//!
//! Decisions:
//! - A keyphrase is one segmenter word: workplace terms in the dictionary (测试环境,
//!   绩效面谈, 8D报告) stay whole, anything else that jieba splits stays split.
//! - Left out: stopwords (`keyphrases/stopwords_zh.txt`, `keyphrases/stopwords_en.txt`,
//!   the generic words of weekly reports such as 本周, 进行, 完成, 工作 among them),
//!   single characters, and anything without a letter (numbers, percentages,
//!   punctuation); numbers and stopwords still count as neighbours in TextRank.
//!   English words inside Chinese text (PR, UAT, bug) are phrases like any other,
//!   kept in the case they were written in.
//! - Quantities (两天, 一批, 180万元) are no keyphrases, nor are numbers with a unit.
//! - Words outside both dictionaries are found by jieba's HMM, as jieba's own keyword
//!   extraction does (运维, 差评 would otherwise fall apart into single characters).
//! - English candidates are runs of up to three consecutive content words inside one
//!   clause: a stopword, a number, a single letter, punctuation or a CJK character
//!   ends a run, so no candidate starts or ends with a stopword or spans a clause.
//!
//! Not here: which text is Chinese (`normalize::language`) and embedding (`inference`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use jieba_rs::{Jieba, Keyword, KeywordExtract, KeywordExtractConfig, TextRank, TfIdf};

use crate::inference::Embedding;
use crate::normalize::is_cjk;

/// Chinese stopwords, one a line.
const STOPWORDS_ZH: &str = include_str!("keyphrases/stopwords_zh.txt");

/// English stopwords, lower case, one a line.
const STOPWORDS_EN: &str = include_str!("keyphrases/stopwords_en.txt");

/// Workplace terms kept whole, one `term tag` a line.
const WORKPLACE_ZH: &str = include_str!("keyphrases/workplace_zh.dict");

/// The least dictionary frequency of a workplace term. jieba's suggestion keeps a term
/// whole on its own, but in context a frequent neighbour wins (里的话术 → 的话 + 术); at
/// 1,000 (a word of everyday frequency) every term stays whole in the contexts the
/// tests try, and the term cannot outweigh a common word it overlaps.
const WORKPLACE_FREQUENCY: usize = 1_000;

/// Leading characters of a quantity: digits and Chinese numerals, 每 and 几 included.
const NUMERALS: &str = "0123456789.%零〇一二两三四五六七八九十百千万亿几半每多数";

/// Classifiers and units after a numeral that make the word a quantity (两天, 一批,
/// 180万元, 4.6分), not a subject.
const UNITS: [&str; 34] = [
    "个", "次", "批", "家", "轮", "天", "周", "月", "年", "季", "日", "号", "点", "分", "秒", "元",
    "块", "单", "笔", "台", "套", "张", "件", "条", "项", "种", "位", "名", "人", "遍", "个月",
    "小时", "分钟", "星期",
];

/// Words either side of a word that count as co-occurring with it in TextRank
/// (jieba's default, as in the TextRank paper).
const TEXTRANK_WINDOW: usize = 5;

static ENGLISH_STOPWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(STOPWORDS_EN).collect());

/// Both stopword lists, as the Chinese extractors are configured with them.
static ALL_STOPWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(STOPWORDS_ZH).chain(entries(STOPWORDS_EN)).collect());

/// A phrase that says what a text is about, with its weight (higher first); equal
/// weights are ordered by where the phrases first occur.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Keyphrase {
    pub phrase: String,
    pub score: f32,
}

/// The segmenter with Candor's workplace dictionary loaded once; cheap to share (Sync).
///
/// Building one loads jieba's dictionary and IDF table (~0.3 s and ~70 MB on our
/// machines); an extraction then takes well under a millisecond per paragraph. So
/// build it once and keep it, e.g. in a `LazyLock` where it is used:
/// `static KEYPHRASES: LazyLock<ChineseKeyphrases> = LazyLock::new(ChineseKeyphrases::new);`.
/// [`ChineseKeyphrases::extract`] takes `&self` and loads nothing.
#[derive(Debug)]
pub struct ChineseKeyphrases {
    jieba: Jieba,
    tfidf: TfIdf,
    textrank: TextRank,
}

impl Default for ChineseKeyphrases {
    fn default() -> Self {
        ChineseKeyphrases::new()
    }
}

impl ChineseKeyphrases {
    pub fn new() -> ChineseKeyphrases {
        let mut jieba = Jieba::new();
        for line in entries(WORKPLACE_ZH) {
            let mut fields = line.split_whitespace();
            if let Some(term) = fields.next() {
                let freq = jieba.suggest_freq(term).max(WORKPLACE_FREQUENCY);
                jieba.add_word(term, Some(freq), fields.next());
            }
        }
        let stopwords: BTreeSet<String> = entries(STOPWORDS_ZH)
            .chain(entries(STOPWORDS_EN))
            .map(str::to_owned)
            .collect();
        let config = KeywordExtractConfig::builder()
            .set_stop_words(stopwords)
            .min_keyword_length(2)
            .use_hmm(true)
            .build();
        let mut tfidf = TfIdf::default();
        *tfidf.config_mut() = config.clone();
        ChineseKeyphrases {
            jieba,
            tfidf,
            textrank: TextRank::new(TEXTRANK_WINDOW, config),
        }
    }

    /// Top `k` keyphrases of Chinese (or zh-dominant mixed) text: TF-IDF and TextRank
    /// scores, each normalised to [0,1], averaged; stopwords, single characters, pure
    /// numbers and punctuation left out; workplace terms (复盘, 联调, 测试环境, 上线, 闭环,
    /// 对齐, 颗粒度, OKR, KPI, 周报, 绩效面谈, 需求评审, 排期, 回款, 良品率, 客诉, 工单 …
    /// across tech, manufacturing, sales, customer service, operations, retail, finance,
    /// HR) kept whole; English words inside Chinese text (PR, UAT, bug) allowed as phrases.
    pub fn extract(&self, text: &str, k: usize) -> Vec<Keyphrase> {
        if k == 0 || text.trim().is_empty() {
            return Vec::new();
        }
        let tfidf = self.weights(&self.tfidf, text);
        let textrank = self.weights(&self.textrank, text);
        let words: BTreeSet<&str> = tfidf
            .keys()
            .chain(textrank.keys())
            .map(String::as_str)
            .collect();
        let mut scored: Vec<(usize, Keyphrase)> = words
            .into_iter()
            .map(|word| {
                let score = f32::midpoint(
                    tfidf.get(word).copied().unwrap_or(0.0),
                    textrank.get(word).copied().unwrap_or(0.0),
                );
                let first = text.find(word).unwrap_or(text.len());
                let phrase = word.to_owned();
                (first, Keyphrase { phrase, score })
            })
            .collect();
        scored.sort_by(|(first_a, a), (first_b, b)| {
            b.score
                .total_cmp(&a.score)
                .then(first_a.cmp(first_b))
                .then_with(|| a.phrase.cmp(&b.phrase))
        });
        scored.truncate(k);
        scored.into_iter().map(|(_, keyphrase)| keyphrase).collect()
    }

    /// The words of `text` that could be keyphrases, in order, repeats kept: jieba's
    /// segmentation with the workplace dictionary (HMM on), without stopwords, single
    /// characters, numbers and quantities. For callers that count terms themselves, such
    /// as the weeks of a report series that name one (`products::signals`).
    pub fn content_words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|token| token.word.trim())
            .filter(|word| {
                word.chars().nth(1).is_some()
                    && !ALL_STOPWORDS.contains(word)
                    && can_be_keyphrase(word)
            })
            .collect()
    }

    /// The words of `text` that can be keyphrases, with the weights `extractor` gives
    /// them divided by the best of those weights, so in [0, 1].
    fn weights(&self, extractor: &impl KeywordExtract, text: &str) -> HashMap<String, f32> {
        let keywords: Vec<Keyword> = extractor
            .extract_keywords(&self.jieba, text, usize::MAX, Vec::new())
            .into_iter()
            .filter(|k| can_be_keyphrase(&k.keyword))
            .collect();
        let best = keywords.iter().map(|k| k.weight).fold(0.0, f64::max);
        keywords
            .into_iter()
            .map(|k| {
                let weight = if best > 0.0 { k.weight / best } else { 0.0 };
                (k.keyword, weight as f32)
            })
            .collect()
    }
}

/// Whether a segmenter word (already past the stopwords and the length limit) can be
/// a keyphrase: it has a letter and is not a quantity.
fn can_be_keyphrase(word: &str) -> bool {
    let units = word.trim_start_matches(|c| NUMERALS.contains(c));
    let is_quantity = units.len() < word.len() && (units.is_empty() || UNITS.contains(&units));
    word.chars().any(char::is_alphabetic) && !is_quantity
}

/// Candidate phrases of English (or mixed) text for embedding-based ranking: runs of
/// 1–3 non-stopword words (lower-cased, no leading/trailing stopword, no pure numbers),
/// deduplicated, in order of first occurrence, at most `max` of them.
///
/// Phrases starting at the same word come shortest first; a possessive `'s` is
/// dropped ("the team's deadline" gives "team", "team deadline", "deadline").
pub fn english_candidates(text: &str, max: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut candidates = Vec::new();
    if max == 0 {
        return candidates;
    }
    for run in content_runs(text) {
        for start in 0..run.len() {
            for end in start + 1..=(start + 3).min(run.len()) {
                let phrase = run[start..end].join(" ");
                if seen.insert(phrase.clone()) {
                    candidates.push(phrase);
                    if candidates.len() == max {
                        return candidates;
                    }
                }
            }
        }
    }
    candidates
}

/// Maximal runs of consecutive content words, lower-cased.
fn content_runs(text: &str) -> Vec<Vec<String>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for (word, clause_ends) in words(text) {
        match content_word(&word) {
            Some(word) => run.push(word),
            None => runs.extend((!run.is_empty()).then(|| std::mem::take(&mut run))),
        }
        if clause_ends {
            runs.extend((!run.is_empty()).then(|| std::mem::take(&mut run)));
        }
    }
    runs.extend((!run.is_empty()).then_some(run));
    runs
}

/// `word` lower-cased without a possessive `'s`, or `None` for a stopword, a number
/// or a single character.
fn content_word(word: &str) -> Option<String> {
    let word = word.to_lowercase();
    if ENGLISH_STOPWORDS.contains(word.as_str()) {
        return None;
    }
    let word = word.strip_suffix("'s").unwrap_or(&word);
    if ENGLISH_STOPWORDS.contains(word) {
        return None;
    }
    let is_number = word.chars().all(|c| !c.is_alphabetic());
    (!is_number && word.chars().nth(1).is_some()).then(|| word.to_owned())
}

/// The Latin-script words of `text` (letters and digits, joined by an apostrophe,
/// hyphen or underscore between two of them, or by `.` or `,` between two digits), each
/// with whether a clause ends after it: anything but whitespace between two words
/// ends the clause.
fn words(text: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .collect();
    let is_word_char = |c: char| c.is_alphanumeric() && !is_cjk(c);
    let joins = |i: usize| {
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let (Some(&before), Some(&after)) = (before, chars.get(i + 1)) else {
            return false;
        };
        match chars[i] {
            '\'' | '-' | '_' => is_word_char(before) && is_word_char(after),
            '.' | ',' => before.is_ascii_digit() && after.is_ascii_digit(),
            _ => false,
        }
    };
    let mut words: Vec<(String, bool)> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if is_word_char(c) || (!word.is_empty() && joins(i)) {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            words.push((std::mem::take(&mut word), false));
        }
        if !c.is_whitespace()
            && let Some(last) = words.last_mut()
        {
            last.1 = true;
        }
    }
    if !word.is_empty() {
        words.push((word, true));
    }
    words
}

/// KeyBERT-style selection with Maximal Marginal Relevance: from candidates with
/// embeddings, choose `k` that are similar to the document embedding but not to each
/// other; `diversity` in [0,1] (0 = pure relevance). Returns (candidate index,
/// relevance = cosine to document) in selection order. Deterministic (ties by lower
/// index).
///
/// Each step takes the candidate with the best
/// `(1 − diversity) · relevance − diversity · (highest cosine to one already chosen)`;
/// the first is the most relevant. `diversity` outside [0, 1] is clamped, NaN is 0.
pub fn mmr(
    document: &Embedding,
    candidates: &[Embedding],
    k: usize,
    diversity: f32,
) -> Vec<(usize, f32)> {
    let diversity = if diversity.is_nan() {
        0.0
    } else {
        diversity.clamp(0.0, 1.0)
    };
    let relevance: Vec<f32> = candidates.iter().map(|c| c.cosine(document)).collect();
    // Per candidate, its highest cosine to a chosen one; None once it is chosen.
    let mut redundancy: Vec<Option<f32>> = vec![Some(f32::NEG_INFINITY); candidates.len()];
    let mut chosen = Vec::with_capacity(k.min(candidates.len()));
    while chosen.len() < k {
        let mut best: Option<(usize, f32)> = None;
        for (index, redundant) in redundancy.iter().enumerate() {
            let Some(redundant) = *redundant else {
                continue;
            };
            let score = if chosen.is_empty() {
                relevance[index]
            } else {
                (1.0 - diversity) * relevance[index] - diversity * redundant
            };
            let score = if score.is_nan() {
                f32::NEG_INFINITY
            } else {
                score
            };
            if best.is_none_or(|(_, best_score)| score > best_score) {
                best = Some((index, score));
            }
        }
        let Some((index, _)) = best else {
            break;
        };
        redundancy[index] = None;
        for (other, redundant) in redundancy.iter_mut().enumerate() {
            if let Some(redundant) = redundant {
                *redundant = redundant.max(candidates[other].cosine(&candidates[index]));
            }
        }
        chosen.push((index, relevance[index]));
    }
    chosen
}

/// The entries of a data file: trimmed lines, without blanks and `#` comments.
fn entries(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    static KEYPHRASES: LazyLock<ChineseKeyphrases> = LazyLock::new(ChineseKeyphrases::new);

    const TECH: &str = "本周主要完成了支付模块的联调，测试环境在周三恢复后，我们进行了两轮回归测试，\
        修复了5个bug，其中2个是接口超时问题。订单服务的PR已经合并，预计下周二提测，周四上线。\
        上线前需要和产品对齐需求评审的结论，并把灰度发布的方案排期。\
        联调中发现测试环境的数据库配置和生产环境不一致，已经同步运维处理。";

    const MANUFACTURING: &str = "这周二号线的良品率从94%提升到97.5%，主要是调整了回流焊的工艺参数，\
        并更换了一批治具。周四来料检验发现一批电容不良，已经发起8D报告，供应商在做根因分析。\
        受缺料影响，A客户订单的交期推迟两天，下周需要和计划部重新排产，同时安排设备保养，\
        减少非计划停机。良品率要在月底前稳定在97%以上。";

    const SALES: &str = "本周华东区回款180万元，回款率85%，还有两家经销商的应收账款超过90天，\
        已经和财务一起上门催收，争取月底前回款。新签约客户3家，续约1家，\
        其中B公司的合同下周走完法务审核。月度销售额目标达成率72%，主要差距在大客户这块，\
        下周重点跟进两个商机的报价和招投标。";

    const SERVICE: &str = "这周客服组一共处理工单1260张，客诉比上周下降了12%，主要集中在物流延迟和退换货。\
        首次响应时长平均45秒，一次解决率88%，客户满意度4.6分。积压的升级工单已经清零，\
        下周计划更新知识库里的话术，并且和质检同学一起复盘差评较多的几个会话。";

    /// Generic words of weekly reports that must never be a keyphrase.
    const GENERIC: [&str; 14] = [
        "我们", "这周", "本周", "下周", "一下", "进行", "工作", "完成", "主要", "已经", "需要",
        "问题", "情况", "月度",
    ];

    fn top(text: &str, k: usize) -> Vec<String> {
        KEYPHRASES
            .extract(text, k)
            .into_iter()
            .map(|k| k.phrase)
            .collect()
    }

    fn assert_top5_has(text: &str, expected: &[&str]) {
        let found = top(text, 5);
        for term in expected {
            assert!(found.iter().any(|f| f == term), "{term} not in {found:?}");
        }
    }

    #[test]
    fn tech_report_is_about_the_integration_and_the_test_environment() {
        assert_top5_has(TECH, &["联调", "测试环境", "上线"]);
    }

    #[test]
    fn manufacturing_report_is_about_yield_and_scheduling() {
        assert_top5_has(MANUFACTURING, &["良品率", "来料检验", "交期"]);
    }

    #[test]
    fn sales_report_is_about_collections() {
        assert_top5_has(SALES, &["回款", "回款率"]);
        assert!(top(SALES, 8).iter().any(|f| f == "应收账款"));
    }

    #[test]
    fn service_report_is_about_tickets_and_complaints() {
        assert_top5_has(SERVICE, &["工单"]);
        let found = top(SERVICE, 8);
        for term in ["客诉", "话术", "一次解决率"] {
            assert!(found.iter().any(|f| f == term), "{term} not in {found:?}");
        }
    }

    #[test]
    fn no_stopword_quantity_number_or_single_character_is_a_keyphrase() {
        for text in [TECH, MANUFACTURING, SALES, SERVICE] {
            for keyphrase in KEYPHRASES.extract(text, usize::MAX) {
                let phrase = keyphrase.phrase.as_str();
                assert!(!GENERIC.contains(&phrase), "{phrase}");
                assert!(phrase.chars().count() >= 2, "{phrase}");
                assert!(phrase.chars().any(char::is_alphabetic), "{phrase}");
                for quantity in ["两轮", "两天", "一批", "两家", "180万元", "两个", "几个"]
                {
                    assert_ne!(phrase, quantity);
                }
            }
        }
    }

    #[test]
    fn workplace_terms_are_kept_whole() {
        let found = top(TECH, usize::MAX);
        for term in ["测试环境", "回归测试", "需求评审", "灰度发布", "生产环境"]
        {
            assert!(found.iter().any(|f| f == term), "{term} not in {found:?}");
        }
        assert!(
            !found.iter().any(|f| f == "测试" || f == "环境"),
            "{found:?}"
        );
    }

    #[test]
    fn every_workplace_term_stays_whole_in_context() {
        let contexts = [
            "{}",
            "我们的{}的情况",
            "里的{}，",
            "把{}和",
            "完成{}后上线",
            "提升{}",
            "一次{}还",
        ];
        let mut split = Vec::new();
        for term in entries(WORKPLACE_ZH).filter_map(|l| l.split_whitespace().next()) {
            for context in contexts {
                let text = context.replace("{}", term);
                if !KEYPHRASES
                    .jieba
                    .cut(&text, true)
                    .iter()
                    .any(|t| t.word == term)
                {
                    split.push(text);
                }
            }
        }
        assert!(split.is_empty(), "{split:?}");
    }

    #[test]
    fn english_words_inside_chinese_text_are_phrases() {
        let found = top(
            "这周UAT发现3个bug，PR还在review，OKR里的接口重构要延期。bug主要在登录模块，UAT下周再测。",
            8,
        );
        for term in ["UAT", "bug", "PR"] {
            assert!(found.iter().any(|f| f == term), "{term} not in {found:?}");
        }
    }

    #[test]
    fn scores_are_in_unit_range_and_descending() {
        let found = KEYPHRASES.extract(SALES, usize::MAX);
        assert!(found.len() > 5);
        assert!((found[0].score - 1.0).abs() <= 0.5);
        for pair in found.windows(2) {
            assert!(pair[0].score >= pair[1].score, "{pair:?}");
        }
        assert!(found.iter().all(|k| (0.0..=1.0).contains(&k.score)));
    }

    #[test]
    fn k_limits_the_count_and_nothing_comes_of_nothing() {
        assert_eq!(KEYPHRASES.extract(TECH, 3).len(), 3);
        assert!(KEYPHRASES.extract(TECH, 0).is_empty());
        assert!(KEYPHRASES.extract("", 5).is_empty());
        assert!(KEYPHRASES.extract("  \n ", 5).is_empty());
        assert!(KEYPHRASES.extract("我们这周进行了一下工作。", 5).is_empty());
        assert!(KEYPHRASES.extract("12, 34.5%！", 5).is_empty());
    }

    #[test]
    fn extraction_is_deterministic() {
        let first = KEYPHRASES.extract(SERVICE, 10);
        for _ in 0..3 {
            assert_eq!(KEYPHRASES.extract(SERVICE, 10), first);
        }
    }

    #[test]
    fn quantities_are_told_from_terms() {
        for quantity in [
            "两天",
            "一批",
            "180万元",
            "4.6分",
            "每周",
            "三个月",
            "85%",
            "千万",
        ] {
            assert!(!can_be_keyphrase(quantity), "{quantity}");
        }
        for term in [
            "二号线",
            "一次解决率",
            "8D报告",
            "一对一",
            "数据",
            "六西格玛",
            "Q3",
        ] {
            assert!(can_be_keyphrase(term), "{term}");
        }
    }

    #[test]
    fn content_words_keep_terms_whole_and_drop_stopwords_and_quantities() {
        let words = KEYPHRASES.content_words("测试环境本周被压测组占了三天，联调只能晚上做。");
        assert!(words.contains(&"测试环境"), "{words:?}");
        assert!(words.contains(&"联调"), "{words:?}");
        for dropped in ["本周", "三天", "测试", "环境"] {
            assert!(!words.contains(&dropped), "{dropped} in {words:?}");
        }
    }

    #[test]
    fn the_extractor_can_be_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<ChineseKeyphrases>();
    }

    #[test]
    fn data_files_are_consistent() {
        let terms: Vec<&str> = entries(WORKPLACE_ZH)
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        let stopwords: HashSet<&str> = entries(STOPWORDS_ZH).chain(entries(STOPWORDS_EN)).collect();
        assert!(terms.len() >= 150, "{}", terms.len());
        assert_eq!(terms.iter().collect::<HashSet<_>>().len(), terms.len());
        assert!(terms.iter().all(|t| !stopwords.contains(t)));
        assert!(entries(WORKPLACE_ZH).all(|l| l.split_whitespace().count() == 2));
        let zh: Vec<&str> = entries(STOPWORDS_ZH).collect();
        assert_eq!(zh.iter().collect::<HashSet<_>>().len(), zh.len());
        assert!(zh.iter().all(|w| w.chars().count() >= 2));
        let en: Vec<&str> = entries(STOPWORDS_EN).collect();
        assert_eq!(en.iter().collect::<HashSet<_>>().len(), en.len());
        assert!(
            en.iter()
                .all(|w| *w == w.to_lowercase() && !w.contains('’'))
        );
    }

    #[test]
    fn english_candidates_are_runs_of_content_words_in_order() {
        assert_eq!(
            english_candidates("We shipped the billing migration on time.", 20),
            [
                "shipped",
                "billing",
                "billing migration",
                "migration",
                "time"
            ]
        );
    }

    #[test]
    fn english_candidates_have_at_most_three_words() {
        assert_eq!(
            english_candidates("quarterly revenue forecast model review", 20),
            [
                "quarterly",
                "quarterly revenue",
                "quarterly revenue forecast",
                "revenue",
                "revenue forecast",
                "revenue forecast model",
                "forecast",
                "forecast model",
                "forecast model review",
                "model",
                "model review",
                "review",
            ]
        );
    }

    #[test]
    fn english_candidates_never_start_or_end_with_a_stopword() {
        let candidates = english_candidates(
            "I think that the onboarding of new hires is really slow and the documentation is out of date.",
            50,
        );
        assert_eq!(
            candidates,
            ["onboarding", "hires", "slow", "documentation", "date"]
        );
        for candidate in english_candidates(
            "Honestly, the customer escalation process was a mess, but we fixed the root cause.",
            50,
        ) {
            let words: Vec<&str> = candidate.split(' ').collect();
            for edge in [words[0], words[words.len() - 1]] {
                assert!(!ENGLISH_STOPWORDS.contains(edge), "{candidate}");
            }
        }
    }

    #[test]
    fn english_candidates_are_lower_cased_and_deduplicated() {
        assert_eq!(
            english_candidates("Code review. code Review! CODE REVIEW", 20),
            ["code", "code review", "review"]
        );
    }

    #[test]
    fn numbers_are_not_candidates_but_words_with_digits_are() {
        assert_eq!(
            english_candidates("Revenue grew 12% to 3.5 million in Q3 2024.", 20),
            ["revenue", "revenue grew", "grew", "million", "q3"]
        );
    }

    #[test]
    fn punctuation_and_chinese_characters_end_a_run() {
        assert_eq!(
            english_candidates("deadline, budget; 绩效review scope", 20),
            ["deadline", "budget", "review", "review scope", "scope"]
        );
    }

    #[test]
    fn contractions_are_stopwords_and_possessives_are_dropped() {
        assert_eq!(
            english_candidates("We don’t own the team’s roadmap; it's Sarah's call.", 20),
            [
                "team",
                "team roadmap",
                "roadmap",
                "sarah",
                "sarah call",
                "call"
            ]
        );
        assert_eq!(
            english_candidates("a follow-up on the year-end review", 20),
            ["follow-up", "year-end", "year-end review", "review",]
        );
    }

    #[test]
    fn english_candidates_stop_at_max() {
        assert_eq!(
            english_candidates("budget review deadline", 2),
            ["budget", "budget review"]
        );
        assert!(english_candidates("budget review deadline", 0).is_empty());
        assert!(english_candidates("", 10).is_empty());
        assert!(english_candidates("the of and 2024", 10).is_empty());
    }

    /// A unit vector along `angle` degrees in the plane.
    fn at(angle: f32) -> Embedding {
        let radians = angle.to_radians();
        Embedding(vec![radians.cos(), radians.sin()])
    }

    fn indices(selected: &[(usize, f32)]) -> Vec<usize> {
        selected.iter().map(|&(index, _)| index).collect()
    }

    #[test]
    fn mmr_without_diversity_ranks_by_relevance() {
        let document = at(0.0);
        let candidates = [at(40.0), at(5.0), at(-20.0), at(10.0)];
        let selected = mmr(&document, &candidates, 4, 0.0);
        assert_eq!(indices(&selected), [1, 3, 2, 0]);
        for (index, relevance) in selected {
            assert!((relevance - candidates[index].cosine(&document)).abs() < 1e-6);
        }
    }

    #[test]
    fn mmr_with_diversity_picks_the_dissimilar_one_second() {
        let document = at(0.0);
        // 0 and 1 say nearly the same thing; 2 is a little less relevant but different.
        let candidates = [at(5.0), at(6.0), at(-30.0)];
        assert_eq!(indices(&mmr(&document, &candidates, 2, 0.0)), [0, 1]);
        assert_eq!(indices(&mmr(&document, &candidates, 2, 0.7)), [0, 2]);
    }

    #[test]
    fn mmr_returns_every_candidate_when_k_is_larger() {
        let document = at(0.0);
        let candidates = [at(20.0), at(10.0)];
        let selected = mmr(&document, &candidates, 5, 0.5);
        assert_eq!(indices(&selected), [1, 0]);
    }

    #[test]
    fn mmr_of_nothing_is_nothing() {
        let document = at(0.0);
        assert!(mmr(&document, &[], 3, 0.5).is_empty());
        assert!(mmr(&document, &[at(10.0)], 0, 0.5).is_empty());
    }

    #[test]
    fn mmr_breaks_ties_by_lower_index() {
        let document = at(0.0);
        let candidates = [at(10.0), at(-10.0), at(10.0)];
        assert_eq!(indices(&mmr(&document, &candidates, 3, 0.0)), [0, 1, 2]);
        assert_eq!(indices(&mmr(&document, &candidates, 3, 0.5)), [0, 1, 2]);
    }

    #[test]
    fn mmr_clamps_diversity() {
        let document = at(0.0);
        let candidates = [at(5.0), at(6.0), at(-30.0)];
        assert_eq!(
            mmr(&document, &candidates, 3, -1.0),
            mmr(&document, &candidates, 3, 0.0)
        );
        assert_eq!(
            mmr(&document, &candidates, 3, 7.0),
            mmr(&document, &candidates, 3, 1.0)
        );
    }
}
