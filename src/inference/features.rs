//! What the heads read: the sentence embedding, and beside it the text's own
//! characters and words as hashed n-grams.
//!
//! The embedding (e5, trained for retrieval) knows what a text is about but
//! hardly whether it praises or criticises: on our dev split heads on the
//! embedding alone confused praise and criticism in a third of the cases. Polarity
//! lives in words (不错, 太慢, sloppy, nailed), which n-grams carry directly. Chinese
//! gives character unigrams and bigrams, other scripts lower-cased word unigrams and
//! bigrams; each is hashed (FNV-1a) into a fixed number of signed buckets, counts are
//! log-scaled and the vector is L2-normalised, then weighted against the embedding.

use super::encoder::Embedding;
use crate::domain::Role;

/// Buckets of the hashed n-gram half.
pub const NGRAM_BUCKETS: usize = 4096;

/// The n-gram half's length relative to the unit-length embedding, for heads whose
/// card does not say (`TrainOptions::ngram_weight`). Measured on the dev split with
/// heads on the frozen embedding (MLP, 256 hidden): at 1.0 the n-grams overfit (act
/// macro-F1 zh 0.75, en 0.74); at 0.5, 0.77 / 0.79; at 0.3, 0.81 / 0.84; the
/// embedding alone gives 0.75 / 0.81.
pub const NGRAM_WEIGHT: f32 = 0.3;

/// The features of one text: embedding, hashed n-grams, then who said it (one-hot
/// manager, employee; zeros when unknown). The same words are criticism from a
/// manager and an account of a problem from the employee who had it.
/// The n-grams are scaled by `ngram_weight`.
pub fn features(
    embedding: &Embedding,
    text: &str,
    role: Option<Role>,
    ngram_weight: f32,
) -> Vec<f32> {
    let mut out = Vec::with_capacity(embedding.as_slice().len() + EXTRAS);
    out.extend_from_slice(embedding.as_slice());
    out.extend(extras(text, role, ngram_weight));
    out
}

/// Features beside the embedding: weighted n-grams, then the role.
pub const EXTRAS: usize = NGRAM_BUCKETS + 2;

/// The features that follow the embedding (see [`features`]).
pub fn extras(text: &str, role: Option<Role>, ngram_weight: f32) -> Vec<f32> {
    let mut out = Vec::with_capacity(EXTRAS);
    out.extend(ngrams(text).into_iter().map(|x| x * ngram_weight));
    out.push(f32::from(u8::from(role == Some(Role::Manager))));
    out.push(f32::from(u8::from(role == Some(Role::Employee))));
    out
}

/// The hashed n-gram vector of `text`, unit length (all zeros for no n-grams).
pub fn ngrams(text: &str) -> Vec<f32> {
    let mut buckets = vec![0f32; NGRAM_BUCKETS];
    let mut add = |gram: &str| {
        let hash = fnv1a(gram.as_bytes());
        let index = (hash % NGRAM_BUCKETS as u64) as usize;
        let sign = if hash >> 63 == 0 { 1.0 } else { -1.0 };
        buckets[index] += sign;
    };
    for token_run in runs(text) {
        match token_run {
            Run::Han(chars) => {
                for (i, c) in chars.iter().enumerate() {
                    add(&c.to_string());
                    if let Some(next) = chars.get(i + 1) {
                        add(&format!("{c}{next}"));
                    }
                }
            }
            Run::Words(words) => {
                for (i, w) in words.iter().enumerate() {
                    add(w);
                    if let Some(next) = words.get(i + 1) {
                        add(&format!("{w} {next}"));
                    }
                }
            }
        }
    }
    for b in &mut buckets {
        *b = b.signum() * b.abs().ln_1p();
    }
    let norm = buckets.iter().map(|b| b * b).sum::<f32>().sqrt();
    if norm > 0.0 {
        for b in &mut buckets {
            *b /= norm;
        }
    }
    buckets
}

/// Consecutive Han characters, or consecutive words of other scripts; punctuation
/// and spaces end a run.
enum Run {
    Han(Vec<char>),
    Words(Vec<String>),
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let flush_word = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    for c in text.chars() {
        if is_han(c) {
            flush_word(&mut word, &mut words);
            if !words.is_empty() {
                out.push(Run::Words(std::mem::take(&mut words)));
            }
            han.push(c);
            continue;
        }
        if !han.is_empty() {
            out.push(Run::Han(std::mem::take(&mut han)));
        }
        if c.is_alphanumeric() || c == '\'' {
            word.extend(c.to_lowercase());
        } else {
            flush_word(&mut word, &mut words);
            if !c.is_whitespace() && !words.is_empty() {
                out.push(Run::Words(std::mem::take(&mut words)));
            }
        }
    }
    flush_word(&mut word, &mut words);
    if !words.is_empty() {
        out.push(Run::Words(words));
    }
    if !han.is_empty() {
        out.push(Run::Han(han));
    }
    out
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(text: &str) -> Vec<String> {
        runs(text)
            .into_iter()
            .flat_map(|run| match run {
                Run::Han(chars) => chars.iter().map(char::to_string).collect::<Vec<_>>(),
                Run::Words(words) => words,
            })
            .collect()
    }

    #[test]
    fn chinese_runs_are_characters_and_other_scripts_are_words() {
        assert_eq!(
            grams("这个PR的review很细"),
            ["这", "个", "pr", "的", "review", "很", "细"]
        );
        assert_eq!(grams("Don't ship it, Bob."), ["don't", "ship", "it", "bob"]);
    }

    #[test]
    fn the_vector_is_unit_length_and_deterministic() {
        let v = ngrams("做得不错，但是测试要再细一点。");
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5);
        assert_eq!(v, ngrams("做得不错，但是测试要再细一点。"));
        assert!(ngrams("。。。").iter().all(|&x| x == 0.0));
    }

    #[test]
    fn features_put_the_embedding_first() {
        let e = Embedding(vec![0.6, 0.8]);
        let f = features(&e, "good job", Some(Role::Employee), NGRAM_WEIGHT);
        assert_eq!(f.len(), 2 + NGRAM_BUCKETS + 2);
        assert_eq!(&f[..2], &[0.6, 0.8]);
        assert_eq!(&f[f.len() - 2..], &[0.0, 1.0]);
        let unknown = features(&e, "good job", None, NGRAM_WEIGHT);
        assert_eq!(&unknown[unknown.len() - 2..], &[0.0, 0.0]);
    }
}
