//! Property tests: whatever the bytes, ingest answers with a conversation or a typed
//! error, never a panic; every conversation it returns keeps the domain invariants;
//! and measuring it never panics either.

use candor::config::Norms;
use candor::domain::Conversation;
use candor::ingest::{self, Format, IngestOptions};
use candor::measure;
use proptest::prelude::*;

fn options(format: Option<Format>) -> IngestOptions {
    IngestOptions {
        format,
        ..IngestOptions::default()
    }
}

/// The invariants `ingest` promises (domain::Conversation's doc).
fn assert_invariants(conversation: &Conversation) {
    assert!(!conversation.turns.is_empty());
    for (index, turn) in conversation.turns.iter().enumerate() {
        assert_eq!(turn.id.0 as usize, index + 1);
        assert!(!turn.text.trim().is_empty());
        for span in &turn.segments {
            assert!(span.start.get() >= 0.0 && span.end >= span.start);
        }
    }
    let timed = conversation.turns.iter().filter(|t| t.is_timed()).count();
    assert!(
        timed == 0 || timed == conversation.turns.len(),
        "timed throughout or not at all"
    );
    for pair in conversation.turns.windows(2) {
        assert_ne!(pair[0].speaker, pair[1].speaker);
        if let (Some(a), Some(b)) = (pair[0].start(), pair[1].start()) {
            assert!(a <= b, "timed turns are sorted by start");
        }
    }
}

fn check(bytes: &[u8], format: Option<Format>) {
    if let Ok(transcript) = ingest::read(bytes, "prop", &options(format)) {
        assert_invariants(&transcript.conversation);
        let analysis = measure::analyze(&transcript.conversation, &Norms::default());
        assert!(
            analysis.is_ok(),
            "no metadata names anyone, so roles always resolve"
        );
    }
}

/// Lines that look like pieces of real transcripts, so that the parsers get past
/// their first checks and into the interesting paths.
fn transcript_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("WEBVTT".to_owned()),
        Just(String::new()),
        "[0-9]{1,3}",
        "[0-9]{1,2}:[0-9]{2}:[0-9]{2}[.,][0-9]{3} --> [0-9]{1,2}:[0-9]{2}:[0-9]{2}[.,][0-9]{3}",
        "[0-9]{2}:[0-9]{2}\\.[0-9]{3} --> [0-9]{2}:[0-9]{2}\\.[0-9]{3}( align:start)?",
        "<v [A-Za-z张李王 ]{0,8}>[a-z 你好吗？。!?&;<>]{0,20}(</v>)?",
        "[A-Z][a-z]{1,6}( [A-Z][a-z]{1,6})?[:：] ?[a-z你好吗？。,， ]{0,30}",
        "\\[SPEAKER_0[0-9]\\]: [a-z ?]{0,20}",
        "\\([A-Z][a-z]{2,6} [A-Z][a-z]{2,6}\\)",
        "[A-Z][a-z]{2,6}  [0-9]{1,2}:[0-9]{2}",
        "\\[[A-Z][a-z]{2,6}\\] [0-9]{2}:[0-9]{2}:[0-9]{2}",
        "NOTE [a-z ]{0,10}",
        "[\\PC]{0,40}",
    ]
}

fn json_document() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        Just("1.5".to_owned()),
        Just("-3".to_owned()),
        Just("\"12.3\"".to_owned()),
        Just("null".to_owned()),
        Just("1e308".to_owned())
    ];
    let segment = (number.clone(), number, "[A-Z_0-9]{0,6}", "[a-z 你好？]{0,12}").prop_map(|(s, e, who, text)| {
        format!(r#"{{"start":{s},"end":{e},"speaker":"{who}","speaker_name":"{who}","start_time":{s},"end_time":{e},"text":"{text}"}}"#)
    });
    (prop::collection::vec(segment, 0..6), 0..4usize).prop_map(|(segments, wrapper)| {
        let list = segments.join(",");
        match wrapper {
            0 => format!(r#"{{"segments":[{list}]}}"#),
            1 => format!(r#"{{"data":{{"transcript":{{"sentences":[{list}]}}}}}}"#),
            2 => format!(r#"{{"schema":"candor.conversation/1","turns":[{list}]}}"#),
            _ => format!(r#"{{"sentences":[{list}]"#),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes, None);
        for format in Format::ALL {
            check(&bytes, Some(format));
        }
    }

    #[test]
    fn transcript_like_text_never_panics(lines in prop::collection::vec(transcript_line(), 0..40)) {
        let text = lines.join("\n");
        check(text.as_bytes(), None);
        check(text.as_bytes(), Some(Format::Srt));
        check(text.as_bytes(), Some(Format::TimedText));
    }

    #[test]
    fn json_like_documents_never_panic(text in json_document()) {
        check(text.as_bytes(), None);
    }

    #[test]
    fn utf16_encodings_of_text_never_panic(lines in prop::collection::vec(transcript_line(), 0..20), big_endian in any::<bool>()) {
        let text = lines.join("\r\n");
        let mut bytes = vec![];
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        check(&bytes, None);
    }
}
