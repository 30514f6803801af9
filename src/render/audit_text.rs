//! `candor audit` for people: the period and scope, the totals, a table per manager
//! and per department, the outliers, the cadence gaps and the conversations with
//! their ids (for `candor report`), in the audit's language. Shares are shown as
//! percentages, unknown values as "—".

use std::fmt::Write;

use crate::products::audit::{Audit, CadenceGap, ConversationRow, Group, Outlier, Unit};

use super::audit_labels::AuditLabels;
use super::table::Table;

/// The audit as text for a terminal.
pub fn render(audit: &Audit) -> String {
    let labels = AuditLabels::for_language(audit.language);
    let mut out = String::new();
    let org = &audit.organisation;
    let _ = writeln!(
        out,
        "{} — {}: {} – {} · {}: {}",
        labels.title,
        labels.period,
        audit.from,
        audit.to,
        labels.scope,
        labels.scope_text(&audit.scope)
    );
    let _ = writeln!(
        out,
        "{}: {} {}, {} {}, {} {}, {} {}/{}, {} {}\n",
        labels.organisation,
        labels.conversations,
        org.conversations,
        labels.employees,
        org.employees,
        labels.median_talk_share,
        percent(org.median_manager_talk_share, labels),
        labels.over_norm,
        org.over_40_percent,
        org.talk_share_known,
        labels.cadence_gaps,
        org.cadence_gaps
    );
    let _ = writeln!(out, "{}", labels.managers);
    out.push_str(&group_table(&audit.managers, labels.manager, labels).render());
    let _ = writeln!(out, "\n{}", labels.departments);
    out.push_str(&group_table(&audit.departments, labels.department, labels).render());
    let _ = writeln!(out, "\n{}", labels.outliers);
    outlier_lines(&mut out, &audit.outliers, labels);
    let _ = writeln!(out, "\n{}", labels.cadence_gaps);
    gap_lines(&mut out, &audit.cadence_gaps, labels);
    let _ = writeln!(out, "\n{}", labels.conversations);
    if audit.conversations.is_empty() {
        let _ = writeln!(out, "  {}", labels.no_conversations);
    } else {
        out.push_str(&conversation_table(&audit.conversations, labels).render());
    }
    if audit.undated_conversations > 0 {
        let _ = writeln!(out, "\n{}: {}", labels.undated, audit.undated_conversations);
    }
    let _ = writeln!(out, "\n{}", labels.models_note);
    out
}

fn percent(share: Option<f64>, labels: &AuditLabels) -> String {
    share.map_or_else(
        || labels.unknown.to_owned(),
        |s| format!("{:.0}%", s * 100.0),
    )
}

fn count(value: Option<u32>, labels: &AuditLabels) -> String {
    value.map_or_else(|| labels.unknown.to_owned(), |v| v.to_string())
}

fn group_table(groups: &[Group], first: &str, labels: &AuditLabels) -> Table {
    let mut header = vec![first];
    header.extend(labels.text_group_header);
    let mut table = Table::new(&header);
    for g in groups {
        let k = &g.by_kind;
        table.row(vec![
            g.name.clone(),
            g.employees.to_string(),
            g.conversations.to_string(),
            format!(
                "{}/{}/{}/{}/{}",
                k.plan, k.coaching, k.review, k.feedback, k.unknown
            ),
            percent(g.median_manager_talk_share, labels),
            format!("{}/{}", g.over_40_percent, g.talk_share_known),
            format!("{}/{}", count(g.praise, labels), count(g.criticism, labels)),
            percent(g.open_question_rate, labels),
            format!("{}/{}", g.action_items_agreed, g.action_items_followed_up),
            percent(g.record_completeness, labels),
            g.cadence_gaps.to_string(),
        ]);
    }
    table
}

fn value_text(unit: Unit, value: f64, labels: &AuditLabels) -> String {
    match unit {
        Unit::Share => percent(Some(value), labels),
        Unit::PraisePerCriticism | Unit::ConversationsPerEmployee => format!("{value:.2}"),
    }
}

fn outlier_lines(out: &mut String, outliers: &[Outlier], labels: &AuditLabels) {
    if outliers.is_empty() {
        let _ = writeln!(out, "  {}", labels.no_outliers);
    }
    for o in outliers {
        let _ = writeln!(
            out,
            "  {} {}: {} {} ({}; {} {})",
            labels.group_kind(o.group),
            o.name,
            labels.metric(o.metric),
            value_text(o.unit, o.value, labels),
            labels.direction(o.direction),
            labels.median,
            value_text(o.unit, o.median, labels)
        );
    }
}

fn gap_lines(out: &mut String, gaps: &[CadenceGap], labels: &AuditLabels) {
    if gaps.is_empty() {
        let _ = writeln!(out, "  {}", labels.no_gaps);
    }
    for g in gaps {
        let department = g
            .department
            .as_ref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        let last = g
            .last_conversation_id
            .map(|id| format!(" #{id}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} ({} {}{department}): {}, {} {}, {} – {}{last}",
            g.employee,
            labels.manager,
            g.manager,
            labels.gap(g.kind),
            g.days,
            labels.days,
            g.from,
            g.to
        );
    }
}

fn conversation_table(rows: &[ConversationRow], labels: &AuditLabels) -> Table {
    let mut table = Table::new(&labels.text_conversation_header);
    for r in rows {
        table.row(vec![
            r.id.to_string(),
            r.held_on.to_string(),
            r.manager
                .clone()
                .unwrap_or_else(|| labels.unknown.to_owned()),
            r.employee.clone(),
            labels.kind_name(r.kind).to_owned(),
            percent(r.manager_talk_share, labels),
            format!("{}/{}", count(r.praise, labels), count(r.criticism, labels)),
            percent(r.open_question_rate, labels),
            r.action_items.to_string(),
            percent(Some(r.completeness), labels),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::audit_html::tests::sample;

    #[test]
    fn the_text_names_every_manager_and_department_and_lists_gaps_and_outliers() {
        let audit = sample(true);
        let text = render(&audit);
        for g in audit.managers.iter().chain(&audit.departments) {
            assert!(text.contains(&g.name), "no {}", g.name);
        }
        assert!(text.starts_with("绩效面谈质量审计"));
        assert!(text.contains("超过31天没有面谈"));
        assert!(
            text.contains("经理发言占比中位数 90% (偏高; 中位数 33%)"),
            "{text}"
        );
        for id in 10..15 {
            assert!(
                text.lines()
                    .any(|l| l.trim_start().starts_with(&format!("{id}  2026-09"))),
                "{id}"
            );
        }
    }

    #[test]
    fn an_english_audit_reads_in_english() {
        let text = render(&sample(false));
        assert!(text.starts_with("Conversation quality audit"));
        assert!(text.contains("By manager") && text.contains("By department"));
        assert!(text.contains("Ann"));
    }
}
