//! The coaching report as Markdown: the header numbers, the four dimensions with
//! their formulas and quotes, the self-check list, strengths, changes and action
//! items, in the conversation's language. Text from the transcript has `<`, `>`
//! and `&` escaped (a Markdown viewer would otherwise render it as HTML) and `|`
//! escaped in table cells.

use std::fmt::Write;

use crate::products::coaching::{CoachingReport, Point, Quote, ShareBasis};

use super::coaching_labels::CoachingLabels;

/// The report as one Markdown document.
pub fn render(report: &CoachingReport) -> String {
    let labels = CoachingLabels::for_language(report.language);
    let mut out = String::new();
    header(&mut out, report, labels);
    dimensions(&mut out, report, labels);
    checklist(&mut out, report, labels);
    points(&mut out, labels.strengths, &report.strengths, labels);
    points(&mut out, labels.changes, &report.changes, labels);
    actions(&mut out, report, labels);
    out
}

/// Transcript text made inert for Markdown viewers.
fn text(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Text for a table cell.
fn cell(raw: &str) -> String {
    text(raw).replace('|', "\\|").replace('\n', " ")
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn header(out: &mut String, report: &CoachingReport, labels: &CoachingLabels) {
    let _ = writeln!(out, "# {}\n", labels.title);
    let inferred = if report.manager_inferred {
        format!(" ({})", labels.inferred)
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "- {}: {}{inferred}",
        labels.manager,
        text(&report.manager)
    );
    if let Some(employee) = &report.employee {
        let _ = write!(out, " · {}: {}", labels.employee, text(employee));
    }
    out.push('\n');
    let mut facts = Vec::new();
    if let Some(date) = report.date {
        facts.push(format!("{}: {date}", labels.date));
    }
    if let Some(kind) = report.kind {
        facts.push(format!("{}: {}", labels.kind, labels.kind_name(kind)));
    }
    if let Some(language) = report.language {
        facts.push(format!(
            "{}: {}",
            labels.language,
            format!("{language:?}").to_lowercase()
        ));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "- {}", facts.join(" · "));
    }
    let basis = match report.talk_share_basis {
        ShareBasis::SpeakingTime => labels.by_time,
        ShareBasis::SpeechUnits => labels.by_units,
    };
    let _ = writeln!(
        out,
        "- **{}**: {} {basis} ({} ≤ {})",
        labels.talk_share,
        percent(report.manager_talk_share),
        labels.norm,
        percent(report.manager_talk_share_norm)
    );
    let order = match report.praise_before_criticism {
        Some(true) => labels.yes,
        Some(false) => labels.no,
        None => labels.not_judged,
    };
    let _ = writeln!(out, "- **{}**: {order}", labels.praise_first);
    if !report.models {
        let _ = writeln!(out, "\n> {}", labels.no_models);
    }
}

fn quote_line(quote: &Quote, labels: &CoachingLabels) -> String {
    format!(
        "#{} “{}” ({})",
        quote.turn_id.0,
        text(&quote.quote),
        labels.signal(quote.signal)
    )
}

fn dimensions(out: &mut String, report: &CoachingReport, labels: &CoachingLabels) {
    let _ = writeln!(out, "\n## {}\n", labels.dimensions);
    let _ = writeln!(
        out,
        "| {} | {} | {} |\n|---|---|---|",
        labels.dimension, labels.score, labels.formula
    );
    for (name, dimension) in report.dimensions.named() {
        let score = dimension
            .score
            .map_or(labels.not_judged.to_owned(), |s| s.to_string());
        let _ = writeln!(
            out,
            "| {} | {score} | {} |",
            labels.dimension_name(name),
            cell(&dimension.formula)
        );
    }
    for (name, dimension) in report.dimensions.named() {
        if dimension.evidence.is_empty()
            && dimension.not_judged.is_none()
            && dimension.note.is_none()
        {
            continue;
        }
        let _ = writeln!(out, "\n**{}**\n", labels.dimension_name(name));
        if let Some(why) = &dimension.not_judged {
            let _ = writeln!(out, "- {}: {}", labels.not_judged, text(why));
        }
        if let Some(note) = &dimension.note {
            let _ = writeln!(out, "- {}", text(note));
        }
        for quote in &dimension.evidence {
            let _ = writeln!(out, "- {}", quote_line(quote, labels));
        }
    }
}

fn checklist(out: &mut String, report: &CoachingReport, labels: &CoachingLabels) {
    let _ = writeln!(out, "\n## {}\n", labels.checklist);
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |\n|---|---|---|---|",
        labels.phase, labels.question, labels.status, labels.note
    );
    for item in &report.checklist {
        let (mark, word) = labels.status(item.status);
        let turns: Vec<String> = item
            .evidence
            .iter()
            .map(|q| format!("#{}", q.turn_id.0))
            .collect();
        let note = if turns.is_empty() {
            cell(&item.note)
        } else {
            format!("{} ({})", cell(&item.note), turns.join(", "))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {mark} {word} | {note} |",
            labels.phase(item.phase),
            cell(&item.item)
        );
    }
}

fn points(out: &mut String, title: &str, points: &[Point], labels: &CoachingLabels) {
    let _ = writeln!(out, "\n## {title}\n");
    if points.is_empty() {
        let _ = writeln!(out, "{}", labels.nothing_supported);
        return;
    }
    for (i, point) in points.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, text(&point.text));
        for quote in &point.quotes {
            let _ = writeln!(out, "   > {}", quote_line(quote, labels));
        }
    }
}

fn actions(out: &mut String, report: &CoachingReport, labels: &CoachingLabels) {
    let _ = writeln!(out, "\n## {}\n", labels.action_items);
    if report.action_items.is_empty() {
        let _ = writeln!(out, "{}", labels.no_actions);
        return;
    }
    let _ = writeln!(
        out,
        "| # | {} | {} | {} | {} |\n|---|---|---|---|---|",
        labels.owner, labels.what, labels.due, labels.specific
    );
    for item in &report.action_items {
        let due = match (&item.due, item.due_date) {
            (Some(said), Some(date)) => format!("{} ({date})", cell(said)),
            (Some(said), None) => cell(said),
            (None, _) => "–".to_owned(),
        };
        let _ = writeln!(
            out,
            "| #{} | {} | {} | {due} | {} |",
            item.turn_id.0,
            cell(item.owner.as_deref().unwrap_or(labels.joint)),
            cell(&item.what),
            if item.specific { labels.yes } else { labels.no }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcript_text_cannot_become_html_or_break_a_table() {
        assert_eq!(text("<b>&"), "&lt;b&gt;&amp;");
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
