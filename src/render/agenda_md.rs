//! The agenda as printable Markdown: a heading with the employee, kind, date and
//! length, the focus and the talk plan, then the items numbered through the sections
//! with their minutes, why, evidence (a report's week, or a link to the conversation's
//! turn) and questions; the signals and what was left out at the end. Text from the
//! reports and conversations has `<`, `>` and `&` escaped, so a Markdown viewer shows
//! it instead of rendering it as HTML.

use std::fmt::Write;

use crate::products::agenda::{Agenda, Evidence, Item, Section};

use super::agenda_labels::{AgendaLabels, conversation_link};

/// The agenda as one Markdown document.
pub fn render(agenda: &Agenda) -> String {
    let labels = AgendaLabels::for_language(agenda.language);
    let mut out = String::new();
    header(&mut out, agenda, labels);
    items(&mut out, agenda, labels);
    signals(&mut out, agenda, labels);
    left_out(&mut out, agenda, labels);
    out
}

/// Text made inert for Markdown viewers.
fn text(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn header(out: &mut String, agenda: &Agenda, labels: &AgendaLabels) {
    let colon = labels.colon;
    let _ = writeln!(out, "# {} · {}\n", labels.title, text(&agenda.employee));
    let mut facts = vec![
        format!("{}{colon}{}", labels.kind, labels.kind_name(agenda.kind)),
        format!("{}{colon}{}", labels.date, agenda.date),
        format!("{}{colon}{}", labels.length, labels.minutes(agenda.minutes)),
    ];
    if let Some(level) = agenda.performance_level {
        facts.push(format!(
            "{}{colon}{}",
            labels.level,
            labels.level_name(level)
        ));
    }
    let _ = writeln!(out, "- {}", facts.join(" · "));
    let _ = writeln!(out, "- **{}**{colon}{}", labels.focus, text(&agenda.focus));
    let plan = agenda.talk_plan;
    let _ = writeln!(
        out,
        "- **{}**{colon}{} ≥ {} · {} ≤ {}",
        labels.talk_plan,
        labels.employee,
        labels.minutes(plan.employee_minutes),
        labels.manager,
        labels.minutes(plan.manager_minutes)
    );
    let _ = writeln!(
        out,
        "- {}{colon}{}",
        labels.based_on,
        labels.sources(&agenda.based_on)
    );
}

fn items(out: &mut String, agenda: &Agenda, labels: &AgendaLabels) {
    let mut current: Option<Section> = None;
    for (number, item) in agenda.items.iter().enumerate() {
        if current != Some(item.section) {
            current = Some(item.section);
            let minutes: u32 = agenda
                .items
                .iter()
                .filter(|i| i.section == item.section)
                .map(|i| i.minutes)
                .sum();
            let _ = writeln!(
                out,
                "\n## {} ({})",
                labels.section(item.section),
                labels.minutes(minutes)
            );
        }
        one_item(out, number + 1, item, labels);
    }
}

fn one_item(out: &mut String, number: usize, item: &Item, labels: &AgendaLabels) {
    let colon = labels.colon;
    let _ = writeln!(
        out,
        "\n### {number}. {} ({})\n",
        text(&item.title),
        labels.minutes(item.minutes)
    );
    let _ = writeln!(out, "**{}**{colon}{}", labels.why, text(&item.why));
    if !item.evidence.is_empty() {
        let _ = writeln!(out, "\n**{}**{}\n", labels.evidence, colon.trim_end());
        for evidence in &item.evidence {
            let _ = writeln!(out, "- {}", evidence_line(evidence, labels));
        }
    }
    let _ = writeln!(out, "\n**{}**{}\n", labels.questions, colon.trim_end());
    for (i, question) in item.questions.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, text(question));
    }
}

fn evidence_line(evidence: &Evidence, labels: &AgendaLabels) -> String {
    let colon = labels.colon;
    let source = labels.source(evidence);
    let source = match conversation_link(evidence) {
        Some(link) => format!("[{source}]({link})"),
        None => source,
    };
    format!("{source}{colon}“{}”", text(&evidence.quote))
}

fn signals(out: &mut String, agenda: &Agenda, labels: &AgendaLabels) {
    let colon = labels.colon;
    let _ = writeln!(out, "\n## {}\n", labels.signals);
    if agenda.signals.is_empty() {
        let _ = writeln!(out, "{}", labels.no_signals);
        return;
    }
    for signal in &agenda.signals {
        let _ = writeln!(
            out,
            "- **{}**{colon}{}",
            labels.signal_kind(signal.kind),
            text(&signal.summary)
        );
    }
}

fn left_out(out: &mut String, agenda: &Agenda, labels: &AgendaLabels) {
    if agenda.left_out.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {}\n", labels.left_out);
    for item in &agenda.left_out {
        let _ = writeln!(
            out,
            "- {} · {}",
            labels.section(item.section),
            text(&item.title)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::agenda::tests::sample;

    #[test]
    fn every_item_title_is_numbered_with_its_minutes() {
        let agenda = sample();
        let md = render(&agenda);
        assert!(md.starts_with("# 面谈议程建议 · 张伟"), "{md}");
        for (i, item) in agenda.items.iter().enumerate() {
            let heading = format!(
                "### {}. {} ({} 分钟)",
                i + 1,
                text(&item.title),
                item.minutes
            );
            assert!(md.contains(&heading), "{heading}");
        }
        assert!(md.contains("2026-W38 周报：“"), "{md}");
        assert!(md.contains("(/ui/conversations/5/coaching#turn-8)"), "{md}");
        assert!(md.contains("## 跟进上次的行动项"));
    }

    #[test]
    fn quoted_text_cannot_become_html() {
        let mut agenda = sample();
        agenda.items[0].evidence[0].quote = "<script>alert(1)</script>".into();
        let md = render(&agenda);
        assert!(!md.contains("<script>"));
        assert!(md.contains("&lt;script&gt;"));
    }
}
