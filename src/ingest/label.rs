//! Speaker labels written into the text: `Name: text`, `姓名：内容`,
//! `[SPEAKER_00]: text` (WhisperX) and a lone `(Name)` line.
//!
//! A label is only a label when it looks like a name: short, no sentence
//! punctuation, not a clock time or a URL, not a heading word such as "Note".

/// Longest speaker name accepted, in characters.
const MAX_NAME_CHARS: usize = 40;
/// Longest parenthetical note after a name ("(Minister of Public Safety and …)").
const MAX_NOTE_CHARS: usize = 80;
/// Most words in a Latin-script speaker name ("Mary Ann de Vries").
const MAX_NAME_WORDS: usize = 4;

/// Words that end in a colon at the start of a line without being speakers.
const NOT_SPEAKERS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "ps",
    "todo",
    "action",
    "action items",
    "actions",
    "agenda",
    "summary",
    "date",
    "time",
    "location",
    "attendees",
    "participants",
    "subject",
    "re",
    "http",
    "https",
    "备注",
    "注",
    "注意",
    "时间",
    "日期",
    "地点",
    "主题",
    "议程",
    "总结",
    "参会人",
    "参会人员",
    "记录人",
    "待办",
    "行动项",
];

/// Most CJK characters in a speaker name (张经理, 欧阳娜娜, 华东区销售总监).
const MAX_CJK_NAME_CHARS: usize = 8;

/// Function words, and words that open a statement (一句话, 重点, 问题, 结论,
/// 结果), that make "总之一句话：" or "我的想法是：" a sentence, not a name.
/// Chinese names and titles practically never contain them.
const NOT_IN_CJK_NAMES: &str =
    "的是了我你他她们这那就要在有说想吧呢吗啊和也都还把被让给对会能话句点题论果";

/// Words that start sentences but never names, so "So the plan: …" is no label
/// (unless every word is capitalised, as in "The Chair").
const SENTENCE_STARTERS: &[&str] = &[
    "the", "a", "an", "we", "i", "so", "and", "but", "it", "this", "that", "our", "my", "your",
    "what", "then", "if", "when", "there", "here",
];

/// Splits `Name: text` (half- or full-width colon) or `[Name]: text` into the
/// speaker and the rest. `None` when the line does not start with a speaker label.
pub fn split_label(line: &str) -> Option<(String, &str)> {
    let line = line.trim_start();
    let colon = line.find([':', '：'])?;
    let (head, tail) = line.split_at(colon);
    let rest = &tail[tail.chars().next().map_or(0, char::len_utf8)..];
    let name = head.trim();
    let name = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name)
        .trim();
    if rest.starts_with("//")
        || rest.starts_with(|c: char| c.is_ascii_digit()) && is_clock_like(name)
    {
        return None;
    }
    is_name(name).then(|| (name.to_owned(), rest.trim_start()))
}

/// The name in a line that is only `(Name)`, as some WebVTT exports write it.
pub fn paren_speaker(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix('(')?.strip_suffix(')')?.trim();
    is_name(inner).then(|| inner.to_owned())
}

fn is_clock_like(name: &str) -> bool {
    name.chars().last().is_some_and(|c| c.is_ascii_digit())
}

/// Whether `name` can be a speaker's name. A trailing parenthetical, as in
/// "Alice Wang (she/her)" or "张伟（产品经理）", is a note on the name: only the
/// name before it is held to the shape of a name.
pub fn is_name(name: &str) -> bool {
    let (core, note) = split_note(name);
    let chars = core.chars().count();
    let shaped = chars > 0
        && chars <= MAX_NAME_CHARS
        && note.chars().count() <= MAX_NOTE_CHARS
        && !core
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace())
        && !core
            .chars()
            .any(|c| "。，,！!？?；;\"“”<>{}|\\()（）".contains(c))
        && core.split_whitespace().count() <= MAX_NAME_WORDS
        && is_cjk_name(core);
    if !shaped {
        return false;
    }
    let lower = core.to_lowercase();
    let first_word = lower.split_whitespace().next().unwrap_or("");
    let title_case = core
        .split_whitespace()
        .all(|word| word.chars().next().is_some_and(char::is_uppercase));
    let sentence_like =
        core.contains(' ') && SENTENCE_STARTERS.contains(&first_word) && !title_case;
    !sentence_like && !NOT_SPEAKERS.contains(&lower.as_str())
}

/// Splits "Name (note)" into the name and the note ("" when there is none); the
/// note may nest: "The Chair (Hon. Anthony Rota (Nipissing, Lib.))".
fn split_note(name: &str) -> (&str, &str) {
    let name = name.trim();
    if !(name.ends_with(')') || name.ends_with('）')) {
        return (name, "");
    }
    let mut depth = 0usize;
    for (at, c) in name.char_indices().rev() {
        match c {
            ')' | '）' => depth += 1,
            '(' | '（' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (name[..at].trim_end(), &name[at..]);
                }
            }
            _ => {}
        }
    }
    (name, "")
}

/// The CJK part of a name must be short and free of function words; a Latin or
/// mixed name ("HRBP 周敏") is judged by its CJK characters alone.
fn is_cjk_name(name: &str) -> bool {
    let cjk: Vec<char> = name
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect();
    cjk.len() <= MAX_CJK_NAME_CHARS && !cjk.iter().any(|c| NOT_IN_CJK_NAMES.contains(*c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(line: &str) -> Option<(String, String)> {
        split_label(line).map(|(name, rest)| (name, rest.to_owned()))
    }

    #[test]
    fn half_and_full_width_colons() {
        assert_eq!(
            label("Alice Wang: Hello Bob!"),
            Some(("Alice Wang".into(), "Hello Bob!".into()))
        );
        assert_eq!(
            label("张经理：这周的周报我看了。"),
            Some(("张经理".into(), "这周的周报我看了。".into()))
        );
        assert_eq!(label("李娜: 好的"), Some(("李娜".into(), "好的".into())));
    }

    #[test]
    fn chinese_names_with_titles_and_mixed_names() {
        for name in [
            "欧阳娜娜",
            "华东区销售总监",
            "HRBP 周敏",
            "王总",
            "李娜（产品）",
        ] {
            assert_eq!(
                label(&format!("{name}：好的。")).map(|l| l.0),
                Some(name.to_owned()),
                "{name}"
            );
        }
    }

    #[test]
    fn whisperx_bracketed_speaker() {
        assert_eq!(
            label("[SPEAKER_00]: Jane? Mark? Hi!"),
            Some(("SPEAKER_00".into(), "Jane? Mark? Hi!".into()))
        );
    }

    #[test]
    fn anonymised_email_names_are_names() {
        assert_eq!(
            label("jordan.lee@contoso.com: thanks").map(|l| l.0),
            Some("jordan.lee@contoso.com".into())
        );
    }

    #[test]
    fn sentences_times_urls_and_headings_are_not_labels() {
        for line in [
            "We met at 10:30 and agreed on the plan.",
            "The meeting is at 10: be on time",
            "https://example.com/path",
            "Note: the numbers are from Q3",
            "备注：以上为初稿",
            "我觉得，这个问题：还需要再看看",
            "总之一句话：要快。",
            "我的想法是：先做灰度",
            "这次复盘的结论：流程要改",
            "So what I was saying, basically, is this: we ship.",
            "12: something",
        ] {
            assert_eq!(label(line), None, "{line}");
        }
    }

    #[test]
    fn names_with_a_note_in_parentheses() {
        for name in [
            "Alice Wang (she/her)",
            "Hon. Bill Blair (Minister of Public Safety and Emergency Preparedness)",
            "Hon. Anita Anand (Oakville, Lib.)",
            "The Chair (Hon. Anthony Rota (Nipissing, Lib.))",
            "张伟（产品经理）",
        ] {
            assert_eq!(
                label(&format!("{name}: Thanks.")).map(|l| l.0),
                Some(name.to_owned()),
                "{name}"
            );
        }
        assert_eq!(label("So I said (to him): no"), None);
    }

    #[test]
    fn paren_line() {
        assert_eq!(
            paren_speaker("(Danyel Fisher)"),
            Some("Danyel Fisher".into())
        );
        assert_eq!(paren_speaker("(laughs, then continues)"), None);
        assert_eq!(paren_speaker("I wanted to start (briefly)"), None);
    }
}
