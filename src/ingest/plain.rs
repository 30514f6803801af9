//! Plain text written by hand or copied from a chat: `Name: text` or `姓名：内容`
//! lines; a line without a label continues the turn before it.
//!
//! Lines before the first label (a title, a date) are a preamble and are left out.
//! A file with no labels at all is one cue without a speaker, which is an error
//! unless the caller says there is a single speaker.

use super::cue::Cue;
use super::label::split_label;

/// Reads labelled lines into cues (one cue per label; continuation lines join it).
pub fn parse(text: &str) -> Vec<Cue> {
    let mut cues: Vec<Cue> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some((name, rest)) = split_label(line) {
            cues.push(Cue {
                speaker: Some(name),
                span: None,
                text: rest.to_owned(),
                line: Some(index + 1),
            });
        } else if let Some(cue) = cues.last_mut() {
            append_line(&mut cue.text, line);
        }
    }
    if cues.is_empty() {
        cues.push(unlabelled(text));
    }
    cues
}

fn append_line(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

fn unlabelled(text: &str) -> Cue {
    let mut all = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        append_line(&mut all, line);
    }
    Cue {
        speaker: None,
        span: None,
        text: all,
        line: Some(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_continue_over_lines_and_the_preamble_is_dropped() {
        let cues = parse(
            "绩效计划面谈记录 2026-10-12\n\n张伟：今天我们定一下Q4的目标。\n先看看上季度的结果。\n李娜: 好的。\n\n我准备了三个目标。\n",
        );
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[0].speaker.as_deref(), Some("张伟"));
        assert_eq!(
            cues[0].text,
            "今天我们定一下Q4的目标。\n先看看上季度的结果。"
        );
        assert_eq!(cues[0].line, Some(3));
        assert_eq!(cues[1].text, "好的。\n我准备了三个目标。");
    }

    #[test]
    fn name_alone_on_its_line_takes_the_next_lines() {
        let cues = parse("Alice:\nHello Bob!\nBob: Hi.\n");
        assert_eq!(cues[0].text, "Hello Bob!");
    }

    #[test]
    fn prose_without_labels_is_one_unlabelled_cue() {
        let cues = parse("We had a long talk.\nIt went well overall.\n");
        assert_eq!(cues.len(), 1);
        assert_eq!(cues[0].speaker, None);
        assert_eq!(cues[0].text, "We had a long talk.\nIt went well overall.");
    }
}
