//! The lines of a weekly report as people lay them out: list markers (`1.`, `-`,
//! `（2）`) and heading labels (`【本周完成】`, `问题与风险：`, `Blockers:`) around what
//! was written. The heads were trained on sentences without either, and the products
//! read the labels as sections, so both are split off here, once.

use std::sync::LazyLock;

use regex::Regex;

/// A list marker: `-`, `1.`, `2）`, `(3)`.
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*•·]|\d{1,2}[.)）、]|[（(]\d{1,2}[)）])\s*").expect("valid regex")
});

/// A heading label: `【风险】`, `问题与风险：`, `In progress:`.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:【([^】]{1,8})】|([^\s：:，,。；;!！?？]{1,8})[：:]|([A-Za-z][A-Za-z /]{0,15}):)\s*",
    )
    .expect("valid regex")
});

/// One non-blank line of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportLine<'a> {
    /// The heading label without its brackets or colon; empty when the line has none.
    pub label: &'a str,
    /// The rest of the line, trimmed; empty for a heading that stands alone and so
    /// opens a section for the lines below it.
    pub content: &'a str,
}

/// The non-blank lines of `text`. A listed line (`1. 注意：…`) is content, never a
/// heading.
pub fn report_lines(text: &str) -> Vec<ReportLine<'_>> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            if let Some(marker) = LIST_MARKER.find(line) {
                return ReportLine {
                    label: "",
                    content: line[marker.end()..].trim(),
                };
            }
            match HEADING.captures(line) {
                Some(caps) => {
                    let label = caps
                        .get(1)
                        .or_else(|| caps.get(2))
                        .or_else(|| caps.get(3))
                        .map_or("", |m| m.as_str());
                    let end = caps.get(0).map_or(0, |m| m.end());
                    ReportLine {
                        label,
                        content: line[end..].trim(),
                    }
                }
                None => ReportLine {
                    label: "",
                    content: line,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_labels_come_off_and_lone_headings_stay() {
        let found = report_lines(
            "【本周完成】\n1）上线\n\n问题与风险：\n- 被占\nIn progress: the rest.\n2. 注意：周五停机\n好！今天",
        );
        let pairs: Vec<(&str, &str)> = found.iter().map(|l| (l.label, l.content)).collect();
        assert_eq!(
            pairs,
            [
                ("本周完成", ""),
                ("", "上线"),
                ("问题与风险", ""),
                ("", "被占"),
                ("In progress", "the rest."),
                ("", "注意：周五停机"),
                ("", "好！今天"),
            ]
        );
    }
}
