//! Topics: which of the subjects an interview spans (DOMAIN.md "Topics an interview
//! spans") a text is about, and the user's own trackers.
//!
//! Each topic is described by a handful of sentences in both languages; a text's
//! similarity to a topic is its best cosine to those descriptions. Cosines of e5
//! embeddings sit in a narrow band (0.7–0.9 for anything workplace), so what
//! counts is how far a topic stands above the text's mean over all topics: topics
//! within [`MARGIN`] of the best and above the mean by [`LIFT`] are kept. A keyword
//! cue (a term that names the topic outright: 晋升, burnout, 资源) keeps a topic
//! whatever the embedding says. Scores are in [0, 1].

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::inference::Embedding;

/// The eight topics of DOMAIN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Goals,
    Results,
    Process,
    Skills,
    Collaboration,
    Wellbeing,
    Development,
    Support,
}

/// How a topic is recognised: descriptions for the embedding and keyword cues.
struct TopicSpec {
    topic: Topic,
    descriptions: &'static [&'static str],
    cues: &'static str,
}

const SPECS: &[TopicSpec] = &[
    TopicSpec {
        topic: Topic::Goals,
        descriptions: &[
            "这个季度的目标和考核指标是什么，OKR怎么定",
            "目标要具体可衡量，定好完成标准和时间节点",
            "What are your goals and key results for this quarter",
            "Let's agree on measurable targets and the standard for success",
        ],
        cues: r"目标|指标|OKR|KPI|考核标准|\bgoals?\b|\btargets?\b|\bOKRs?\b|\bKPIs?\b|objectives?",
    },
    TopicSpec {
        topic: Topic::Results,
        descriptions: &[
            "这个月的业绩完成了多少，达成率和结果怎么样",
            "销售额、良品率、交付量这些数字的完成情况",
            "How did the numbers turn out, did you hit the target",
            "Results this period: revenue, delivery and quality figures",
        ],
        cues: r"业绩|达成率|完成率|销售额|回款|营收|\brevenue\b|\bquota\b|\bresults?\b|hit the (target|number)",
    },
    TopicSpec {
        topic: Topic::Process,
        descriptions: &[
            "项目推进过程中的关键事件和遇到的问题",
            "上线、联调、排期、交付过程中发生了什么",
            "Walk me through what happened during the project and the key events",
            "The rollout, the incident and how the work actually went day to day",
        ],
        cues: r"过程|进度|排期|上线|联调|事故|复盘|\bincident\b|\brollout\b|\bschedule\b|\bmilestone",
    },
    TopicSpec {
        topic: Topic::Skills,
        descriptions: &[
            "专业能力和技能还有哪些需要提升的地方",
            "数据分析、写方案、代码质量这些能力的表现",
            "Which skills are strong and which abilities need to improve",
            "Your technical depth, writing and analysis skills",
        ],
        cues: r"能力|技能|专业度|\bskills?\b|\bability\b|\bcompetenc",
    },
    TopicSpec {
        topic: Topic::Collaboration,
        descriptions: &[
            "和其他部门、同事之间的配合与沟通",
            "跨团队协作时产品、研发、销售之间的分歧",
            "How is working with the other teams and colleagues going",
            "Cross-functional collaboration and communication with stakeholders",
        ],
        cues: r"协作|配合|跨部门|跨团队|对齐|\bcollaborat|\bcross-functional|\bstakeholders?\b|other teams?",
    },
    TopicSpec {
        topic: Topic::Wellbeing,
        descriptions: &[
            "最近工作压力大不大，加班多不多，状态怎么样",
            "情绪、干劲和工作量是否还能承受",
            "How are you feeling, is the workload manageable, any burnout",
            "Motivation, stress and overtime lately",
        ],
        cues: r"压力|加班|累|状态|情绪|心态|工作量|\bburn ?out\b|\bstress|\bworkload\b|\bovertime\b|\btired\b|\bmotivat",
    },
    TopicSpec {
        topic: Topic::Development,
        descriptions: &[
            "未来的职业发展方向和晋升的想法",
            "想学什么新东西，希望承担什么样的挑战",
            "Where do you see your career going, promotion and growth",
            "Stretch assignments, learning and the next role",
        ],
        cues: r"晋升|发展|成长|职业|培训|学习|想学|多学|带人|\bcareer\b|\bpromotion\b|\bgrowth\b|\bgrow\b|\bstretch\b|\bnext role\b|\blearn|\bmentor|\bteam lead\b|\btraining\b",
    },
    TopicSpec {
        topic: Topic::Support,
        descriptions: &[
            "需要我这边提供什么资源和支持",
            "人手、预算、工具或者权限上有什么需要协调的",
            "What support or resources do you need from me",
            "Headcount, budget, tools or access that would unblock you",
        ],
        cues: r"支持|资源|协调|人手|预算|权限|\bsupport\b|\bresources?\b|\bheadcount\b|\bbudget\b|\bunblock",
    },
];

/// Topics within this much cosine of the text's best topic may be kept.
pub const MARGIN: f32 = 0.015;
/// …and only when they stand this far above the text's mean over all topics.
pub const LIFT: f32 = 0.02;
/// A keyword cue gives at least this score.
const CUE_SCORE: f32 = 0.5;

impl Topic {
    pub const ALL: [Topic; 8] = [
        Topic::Goals,
        Topic::Results,
        Topic::Process,
        Topic::Skills,
        Topic::Collaboration,
        Topic::Wellbeing,
        Topic::Development,
        Topic::Support,
    ];

    /// Every description of every topic, for embedding once.
    pub fn descriptions() -> Vec<(Topic, &'static str)> {
        SPECS
            .iter()
            .flat_map(|s| s.descriptions.iter().map(move |d| (s.topic, *d)))
            .collect()
    }
}

static CUES: LazyLock<Vec<(Topic, Regex)>> = LazyLock::new(|| {
    SPECS
        .iter()
        .map(|s| {
            let pattern = format!("(?i){}", s.cues);
            (
                s.topic,
                Regex::new(&pattern).expect("topic cues are valid regexes"),
            )
        })
        .collect()
});

/// A topic a text touches, with its score in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TopicScore {
    pub topic: Topic,
    pub score: f32,
}

/// The topics' descriptions embedded once.
#[derive(Debug, Clone)]
pub struct TopicModel {
    descriptions: Vec<(Topic, Embedding)>,
}

impl TopicModel {
    /// `embeddings` are those of [`Topic::descriptions`], in that order.
    pub fn new(embeddings: Vec<Embedding>) -> TopicModel {
        TopicModel {
            descriptions: Topic::descriptions()
                .into_iter()
                .map(|(t, _)| t)
                .zip(embeddings)
                .collect(),
        }
    }

    /// The topics of one text, best first.
    pub fn topics(&self, text: &str, embedding: &Embedding) -> Vec<TopicScore> {
        let similarity: Vec<(Topic, f32)> = Topic::ALL
            .iter()
            .map(|&topic| {
                let best = self
                    .descriptions
                    .iter()
                    .filter(|(t, _)| *t == topic)
                    .map(|(_, d)| d.cosine(embedding))
                    .fold(f32::MIN, f32::max);
                (topic, best)
            })
            .collect();
        let mean = similarity.iter().map(|(_, s)| s).sum::<f32>() / similarity.len() as f32;
        let top = similarity.iter().map(|(_, s)| *s).fold(f32::MIN, f32::max);
        let mut out: Vec<TopicScore> = similarity
            .iter()
            .filter_map(|&(topic, s)| {
                let lift = s - mean;
                let by_embedding =
                    (top - s <= MARGIN && lift >= LIFT).then(|| (lift / (4.0 * LIFT)).min(1.0));
                let by_cue = cue_matches(topic, text).then_some(CUE_SCORE);
                let score = by_embedding.into_iter().chain(by_cue).fold(0.0, f32::max);
                (score > 0.0).then_some(TopicScore { topic, score })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        out
    }
}

/// Whether a keyword cue in `text` names `topic` outright.
pub fn cue_matches(topic: Topic, text: &str) -> bool {
    CUES.iter().any(|(t, re)| *t == topic && re.is_match(text))
}

/// A user-defined tracker: a name and example phrases, matched by meaning.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct TrackerSpec {
    pub name: String,
    pub examples: Vec<String>,
    /// Cosine a text must reach with one example; e5 paraphrases sit above ~0.88.
    #[serde(default = "default_tracker_threshold")]
    pub threshold: f32,
}

fn default_tracker_threshold() -> f32 {
    0.88
}

/// Trackers with their examples embedded.
#[derive(Debug, Clone)]
pub struct Trackers {
    trackers: Vec<(TrackerSpec, Vec<Embedding>)>,
}

/// A tracker a text matched, with the example it matched best.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackerHit {
    pub tracker: String,
    pub example: String,
    pub similarity: f32,
}

impl Trackers {
    /// `embeddings[i]` are the embeddings of `specs[i].examples`.
    pub fn new(specs: Vec<TrackerSpec>, embeddings: Vec<Vec<Embedding>>) -> Trackers {
        Trackers {
            trackers: specs.into_iter().zip(embeddings).collect(),
        }
    }

    pub fn hits(&self, embedding: &Embedding) -> Vec<TrackerHit> {
        self.trackers
            .iter()
            .filter_map(|(spec, examples)| {
                let (best, similarity) = examples
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (i, e.cosine(embedding)))
                    .max_by(|a, b| a.1.total_cmp(&b.1))?;
                (similarity >= spec.threshold).then(|| TrackerHit {
                    tracker: spec.name.clone(),
                    example: spec.examples[best].clone(),
                    similarity,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model whose descriptions are axis vectors: topic i lies along axis i.
    fn axis_model() -> TopicModel {
        let embeddings = Topic::descriptions()
            .iter()
            .map(|(topic, _)| {
                let i = Topic::ALL.iter().position(|t| t == topic).expect("a topic");
                let mut v = vec![0.0; 8];
                v[i] = 1.0;
                Embedding(v)
            })
            .collect();
        TopicModel::new(embeddings)
    }

    fn unit(v: &[f32]) -> Embedding {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        Embedding(v.iter().map(|x| x / n).collect())
    }

    #[test]
    fn the_topic_standing_out_is_kept_and_the_rest_are_not() {
        let text = unit(&[0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1]);
        let topics = axis_model().topics("最近怎么样", &text);
        assert_eq!(topics.len(), 1, "{topics:?}");
        assert_eq!(topics[0].topic, Topic::Wellbeing);
    }

    #[test]
    fn a_keyword_cue_keeps_a_topic_the_embedding_missed() {
        let text = unit(&[0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1]);
        let topics = axis_model().topics("加班太多了，也想聊聊晋升", &text);
        let names: Vec<Topic> = topics.iter().map(|t| t.topic).collect();
        assert!(names.contains(&Topic::Wellbeing) && names.contains(&Topic::Development));
    }

    #[test]
    fn a_flat_text_has_no_topic_by_embedding() {
        let text = unit(&[1.0; 8]);
        assert!(axis_model().topics("好的。", &text).is_empty());
    }

    #[test]
    fn every_topic_has_descriptions_in_both_languages_and_cues() {
        for spec in SPECS {
            let zh = spec
                .descriptions
                .iter()
                .any(|d| d.chars().any(|c| c > '\u{2e80}'));
            let en = spec.descriptions.iter().any(|d| d.is_ascii());
            assert!(zh && en, "{:?}", spec.topic);
        }
        assert_eq!(CUES.len(), Topic::ALL.len());
    }

    #[test]
    fn trackers_match_by_their_closest_example() {
        let trackers = Trackers::new(
            vec![TrackerSpec {
                name: "test environment".into(),
                examples: vec!["测试环境又挂了".into(), "staging is down".into()],
                threshold: 0.9,
            }],
            vec![vec![unit(&[1.0, 0.0]), unit(&[0.0, 1.0])]],
        );
        let hits = trackers.hits(&unit(&[0.1, 1.0]));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].example, "staging is down");
        assert!(trackers.hits(&unit(&[1.0, 1.0])).is_empty());
    }
}
