//! The HR audit as one self-contained HTML page: inline CSS, no scripts, no external
//! assets, so it opens offline. It shows the scope's totals, two inline SVG charts
//! (each manager's median talk share against the 40% line, each manager's
//! open-question rate), a table per manager and per department with the outliers
//! highlighted, the outliers and cadence gaps as lists, and every conversation with
//! a link to its coaching report (`/ui/conversations/{id}/coaching`).
//!
//! Everything that comes from the data (names, departments, quotes) is HTML-escaped
//! by [`escape`]; the page is in Chinese when most conversations are (`lang`).

use std::collections::HashSet;
use std::fmt::Write;

use crate::products::audit::{
    Audit, CadenceGap, ConversationRow, Group, GroupKind, Metric, Outlier, Unit,
};

use super::audit_labels::AuditLabels;
use super::coaching_html::{escape, page_start};

/// The charts' drawing: total width, the name column, one row's height.
const SVG_WIDTH: f64 = 760.0;
const SVG_LABEL: f64 = 170.0;
const SVG_VALUE: f64 = 50.0;
const SVG_ROW: f64 = 24.0;
const SVG_BAR: f64 = 16.0;
const SVG_AXIS: f64 = 22.0;
/// A name longer than this many display columns is cut in the charts.
const LABEL_COLUMNS: usize = 22;

const STYLE: &str = "\
:root{--ink:#1d2329;--muted:#5f6b76;--line:#d8dde2;--bar:#2f6fb3;--over:#c0392b;--flag:#fff1b8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;color:var(--ink);background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px 20px 64px;background:#fff}
h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.2em;margin:1.8em 0 .6em;border-bottom:1px solid var(--line);padding-bottom:.2em}
.meta,.note{color:var(--muted)}.note{font-size:.9em}
.numbers{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
.number{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:150px}
.number b{display:block;font-size:1.4em}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap}th.num{text-align:right}
td.outlier{background:var(--flag);font-weight:600}
td:first-child,td.date{white-space:nowrap}th{font-weight:600;vertical-align:bottom;max-width:9em;overflow-wrap:anywhere}h3{font-size:1em;margin:1em 0 .3em}
ul.list{padding-left:1.2em}ul.list li{margin:.25em 0}
q{color:var(--muted)}
a{color:var(--bar)}
svg text{font-size:12px;fill:var(--ink)}svg .axis{stroke:var(--line)}
svg .bar{fill:var(--bar)}svg .over{fill:var(--over)}svg .track{fill:#e9edf1}
svg .norm{stroke:var(--over);stroke-dasharray:4 3}svg .dot{fill:var(--bar)}svg .org{stroke:var(--muted);stroke-dasharray:2 3}
footer{margin-top:3em;color:var(--muted);font-size:.85em}
";

/// The page for `audit`.
pub fn render(audit: &Audit) -> String {
    let labels = AuditLabels::for_language(audit.language);
    let flagged: HashSet<(GroupKind, &str, Metric)> = audit
        .outliers
        .iter()
        .map(|o| (o.group, o.name.as_str(), o.metric))
        .collect();
    let mut out = String::new();
    let title = format!("{} · {} – {}", labels.title, audit.from, audit.to);
    page_start(&mut out, labels.lang, &title, STYLE);
    header(&mut out, audit, labels);
    charts(&mut out, audit, labels);
    let tables = [
        (
            "managers",
            labels.managers,
            GroupKind::Manager,
            &audit.managers,
        ),
        (
            "departments",
            labels.departments,
            GroupKind::Department,
            &audit.departments,
        ),
    ];
    for (id, title, kind, groups) in tables {
        let _ = writeln!(out, "<section id=\"{id}\">\n<h2>{}</h2>", escape(title));
        group_table(&mut out, groups, kind, &flagged, labels);
        out.push_str("</section>\n");
    }
    outliers(&mut out, &audit.outliers, labels);
    gaps(&mut out, &audit.cadence_gaps, labels);
    conversations(&mut out, &audit.conversations, labels);
    let _ = write!(
        out,
        "<footer>{} · {}</footer>\n</main>\n</body>\n</html>\n",
        escape(labels.generated),
        audit.schema
    );
    out
}

fn percent(share: Option<f64>, labels: &AuditLabels) -> String {
    share.map_or_else(
        || labels.unknown.to_owned(),
        |s| format!("{:.0}%", s * 100.0),
    )
}

fn decimal(value: Option<f64>, labels: &AuditLabels) -> String {
    value.map_or_else(|| labels.unknown.to_owned(), |v| format!("{v:.2}"))
}

fn count(value: Option<u32>, labels: &AuditLabels) -> String {
    value.map_or_else(|| labels.unknown.to_owned(), |v| v.to_string())
}

fn header(out: &mut String, audit: &Audit, labels: &AuditLabels) {
    let org = &audit.organisation;
    let _ = writeln!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">{}: {} – {} · {}: {}</p>\n<div class=\"numbers\">",
        escape(labels.title),
        escape(labels.period),
        audit.from,
        audit.to,
        escape(labels.scope),
        escape(&labels.scope_text(&audit.scope))
    );
    let numbers = [
        (labels.conversations, org.conversations.to_string()),
        (labels.employees, org.employees.to_string()),
        (
            labels.median_talk_share,
            percent(org.median_manager_talk_share, labels),
        ),
        (labels.over_norm, org.over_40_percent.to_string()),
        (
            labels.open_question_rate,
            percent(org.open_question_rate, labels),
        ),
        (
            labels.praise_criticism,
            format!(
                "{}/{}",
                count(org.praise, labels),
                count(org.criticism, labels)
            ),
        ),
        (
            labels.completeness,
            percent(org.record_completeness, labels),
        ),
        (labels.cadence_gaps, org.cadence_gaps.to_string()),
    ];
    for (name, value) in numbers {
        let _ = writeln!(
            out,
            "<div class=\"number\">{}<b>{}</b></div>",
            escape(name),
            escape(&value)
        );
    }
    out.push_str("</div>\n");
    let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(labels.models_note));
    if audit.undated_conversations > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\" id=\"undated\">{}: {}</p>",
            escape(labels.undated),
            audit.undated_conversations
        );
    }
    out.push_str("</header>\n");
}

/// A name cut with "…" to fit the charts' name column (CJK counts two columns).
fn fit(name: &str) -> String {
    let mut shown = String::new();
    let mut columns = 0;
    for c in name.chars() {
        columns += if c.len_utf8() > 2 { 2 } else { 1 };
        if columns > LABEL_COLUMNS {
            shown.push('…');
            return shown;
        }
        shown.push(c);
    }
    shown
}

fn charts(out: &mut String, audit: &Audit, labels: &AuditLabels) {
    let _ = writeln!(out, "<section id=\"charts\">");
    share_chart(out, audit, labels);
    question_chart(out, audit, labels);
    out.push_str("</section>\n");
}

/// The plot's x for a share 0–1.
fn x_of(share: f64) -> f64 {
    SVG_LABEL + share.clamp(0.0, 1.0) * (SVG_WIDTH - SVG_LABEL - SVG_VALUE)
}

fn svg_open(out: &mut String, id: &str, rows: usize, title: &str) -> f64 {
    let height = rows as f64 * SVG_ROW + SVG_AXIS;
    let _ = writeln!(
        out,
        "<h2>{t}</h2>\n<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {SVG_WIDTH} {height}\" \
         width=\"100%\" role=\"img\" aria-label=\"{t}\">",
        t = escape(title)
    );
    height
}

/// The axis under the rows, from 0% to 100%.
fn svg_axis(out: &mut String, rows: usize) {
    let y = rows as f64 * SVG_ROW + 2.0;
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{SVG_LABEL}\" y1=\"{y}\" x2=\"{x1:.1}\" y2=\"{y}\"></line>\n\
         <text x=\"{SVG_LABEL}\" y=\"{ty:.1}\">0%</text>\n\
         <text x=\"{x1:.1}\" y=\"{ty:.1}\" text-anchor=\"end\">100%</text>\n</svg>",
        x1 = x_of(1.0),
        ty = y + 16.0
    );
}

fn row_name(out: &mut String, y: f64, name: &str) {
    let shown = fit(name);
    let title = if shown == name {
        String::new()
    } else {
        format!("<title>{}</title>", escape(name))
    };
    let _ = writeln!(
        out,
        "<text x=\"0\" y=\"{:.1}\">{title}{}</text>",
        y + SVG_BAR - 3.0,
        escape(&shown)
    );
}

fn share_chart(out: &mut String, audit: &Audit, labels: &AuditLabels) {
    let managers = &audit.managers;
    let height = svg_open(out, "talk-share-chart", managers.len(), labels.talk_chart);
    for (i, g) in managers.iter().enumerate() {
        let y = i as f64 * SVG_ROW;
        row_name(out, y, &g.name);
        let Some(share) = g.median_manager_talk_share else {
            let _ = writeln!(
                out,
                "<text x=\"{SVG_LABEL}\" y=\"{:.1}\">{}</text>",
                y + SVG_BAR - 3.0,
                escape(labels.unknown)
            );
            continue;
        };
        let over = share > audit.norms.manager_max_talk_share;
        let _ = writeln!(
            out,
            "<rect class=\"{}\" x=\"{SVG_LABEL}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{SVG_BAR}\">\
             <title>{}: {}</title></rect>\n<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            if over { "over" } else { "bar" },
            x_of(share) - SVG_LABEL,
            escape(&g.name),
            percent(Some(share), labels),
            x_of(share) + 4.0,
            y + SVG_BAR - 3.0,
            percent(Some(share), labels)
        );
    }
    let norm = x_of(audit.norms.manager_max_talk_share);
    let _ = writeln!(
        out,
        "<line class=\"norm\" x1=\"{norm:.1}\" y1=\"0\" x2=\"{norm:.1}\" y2=\"{:.1}\">\
         <title>{} {}</title></line>",
        height - SVG_AXIS + 2.0,
        escape(labels.norm),
        percent(Some(audit.norms.manager_max_talk_share), labels)
    );
    svg_axis(out, managers.len());
}

fn question_chart(out: &mut String, audit: &Audit, labels: &AuditLabels) {
    let managers = &audit.managers;
    let height = svg_open(
        out,
        "open-question-chart",
        managers.len(),
        labels.question_chart,
    );
    for (i, g) in managers.iter().enumerate() {
        let y = i as f64 * SVG_ROW;
        row_name(out, y, &g.name);
        let _ = writeln!(
            out,
            "<rect class=\"track\" x=\"{SVG_LABEL}\" y=\"{:.1}\" width=\"{:.1}\" height=\"4\"></rect>",
            y + SVG_BAR / 2.0 - 2.0,
            x_of(1.0) - SVG_LABEL
        );
        if let Some(rate) = g.open_question_rate {
            let _ = writeln!(
                out,
                "<circle class=\"dot\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"6\"><title>{}: {}</title></circle>\n\
                 <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                x_of(rate),
                y + SVG_BAR / 2.0,
                escape(&g.name),
                percent(Some(rate), labels),
                x_of(1.0) + 6.0,
                y + SVG_BAR - 3.0,
                percent(Some(rate), labels)
            );
        }
    }
    if let Some(rate) = audit.organisation.open_question_rate {
        let x = x_of(rate);
        let _ = writeln!(
            out,
            "<line class=\"org\" x1=\"{x:.1}\" y1=\"0\" x2=\"{x:.1}\" y2=\"{:.1}\">\
             <title>{}: {}</title></line>",
            height - SVG_AXIS + 2.0,
            escape(labels.organisation),
            percent(Some(rate), labels)
        );
    }
    svg_axis(out, managers.len());
}

/// One table cell of a metric, highlighted when it is an outlier.
fn metric_cell(
    value: &str,
    group: &Group,
    metric: Metric,
    kind: GroupKind,
    flagged: &HashSet<(GroupKind, &str, Metric)>,
) -> String {
    if flagged.contains(&(kind, group.name.as_str(), metric)) {
        format!("<td class=\"num outlier\">{}</td>", escape(value))
    } else {
        format!("<td class=\"num\">{}</td>", escape(value))
    }
}

fn group_table(
    out: &mut String,
    groups: &[Group],
    kind: GroupKind,
    flagged: &HashSet<(GroupKind, &str, Metric)>,
    labels: &AuditLabels,
) {
    let name = match kind {
        GroupKind::Manager => labels.manager,
        GroupKind::Department => labels.group_kind(GroupKind::Department),
    };
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table>\n<thead><tr><th>{}</th>{}</tr></thead>\n<tbody>",
        escape(name),
        [
            labels.employees,
            labels.conversations,
            labels.by_kind,
            labels.median_talk_share,
            labels.over_norm,
            labels.praise_criticism,
            labels.praise_per_criticism,
            labels.open_question_rate,
            labels.items,
            labels.completeness,
            labels.per_employee,
            labels.cadence_gaps,
        ]
        .iter()
        .fold(String::new(), |mut cells, h| {
            let _ = write!(cells, "<th class=\"num\">{}</th>", escape(h));
            cells
        })
    );
    for g in groups {
        let k = &g.by_kind;
        let cell = |value: String, metric: Metric| metric_cell(&value, g, metric, kind, flagged);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}/{}/{}/{}/{}</td>{}\
             <td class=\"num\">{}/{}</td><td class=\"num\">{}/{}</td>{}{}<td class=\"num\">{}/{}</td>{}\
             {}<td class=\"num\">{}</td></tr>",
            escape(&g.name),
            g.employees,
            g.conversations,
            k.plan,
            k.coaching,
            k.review,
            k.feedback,
            k.unknown,
            cell(
                percent(g.median_manager_talk_share, labels),
                Metric::MedianManagerTalkShare
            ),
            g.over_40_percent,
            g.talk_share_known,
            count(g.praise, labels),
            count(g.criticism, labels),
            cell(
                decimal(g.praise_per_criticism, labels),
                Metric::PraisePerCriticism
            ),
            cell(
                percent(g.open_question_rate, labels),
                Metric::OpenQuestionRate
            ),
            g.action_items_agreed,
            g.action_items_followed_up,
            cell(
                percent(g.record_completeness, labels),
                Metric::RecordCompleteness
            ),
            cell(
                decimal(g.conversations_per_employee, labels),
                Metric::ConversationsPerEmployee
            ),
            g.cadence_gaps,
        );
    }
    out.push_str("</tbody></table></div>\n");
    if !flagged.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            escape(labels.legend_outlier)
        );
    }
    quotes(out, groups, labels);
}

/// Each group's short quotes, linked to the turn in the conversation's coaching report.
fn quotes(out: &mut String, groups: &[Group], labels: &AuditLabels) {
    if groups.iter().all(|g| g.evidence.is_empty()) {
        return;
    }
    let _ = writeln!(
        out,
        "<h3>{}</h3>\n<ul class=\"list quotes\">",
        escape(labels.evidence)
    );
    for g in groups {
        for q in &g.evidence {
            let link = format!(
                "{}#turn-{}",
                crate::products::audit::coaching_link(q.conversation_id),
                q.turn_id.0
            );
            let _ = writeln!(
                out,
                "<li><b>{}</b> · {}: <q>{}</q> <a href=\"{}\">#{}</a></li>",
                escape(&g.name),
                escape(labels.signal(q.signal)),
                escape(&q.text),
                escape(&link),
                q.conversation_id
            );
        }
    }
    out.push_str("</ul>\n");
}

fn value_text(outlier: &Outlier, value: f64, labels: &AuditLabels) -> String {
    match outlier.unit {
        Unit::Share => percent(Some(value), labels),
        Unit::PraisePerCriticism | Unit::ConversationsPerEmployee => decimal(Some(value), labels),
    }
}

fn outliers(out: &mut String, outliers: &[Outlier], labels: &AuditLabels) {
    let _ = writeln!(
        out,
        "<section id=\"outliers\">\n<h2>{}</h2>",
        escape(labels.outliers)
    );
    if outliers.is_empty() {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(labels.no_outliers));
    } else {
        out.push_str("<ul class=\"list\">\n");
        for o in outliers {
            let _ = writeln!(
                out,
                "<li>{} <b>{}</b>: {} {} ({}), {} {}</li>",
                escape(labels.group_kind(o.group)),
                escape(&o.name),
                escape(labels.metric(o.metric)),
                escape(&value_text(o, o.value, labels)),
                escape(labels.direction(o.direction)),
                escape(labels.median),
                escape(&value_text(o, o.median, labels))
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn gaps(out: &mut String, gaps: &[CadenceGap], labels: &AuditLabels) {
    let _ = writeln!(
        out,
        "<section id=\"cadence-gaps\">\n<h2>{}</h2>",
        escape(labels.cadence_gaps)
    );
    if gaps.is_empty() {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(labels.no_gaps));
    } else {
        out.push_str("<ul class=\"list\">\n");
        for g in gaps {
            let department = g
                .department
                .as_ref()
                .map(|d| format!(" · {}", escape(d)))
                .unwrap_or_default();
            let last = g
                .last_conversation_id
                .map(|id| {
                    format!(
                        " · <a href=\"{}\">#{id}</a>",
                        escape(&crate::products::audit::coaching_link(id))
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li><b>{}</b> ({} {}{department}): {}, {} {} ({} – {}){last}</li>",
                escape(&g.employee),
                escape(labels.manager),
                escape(&g.manager),
                escape(labels.gap(g.kind)),
                g.days,
                escape(labels.days),
                g.from,
                g.to
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn conversations(out: &mut String, rows: &[ConversationRow], labels: &AuditLabels) {
    let _ = writeln!(
        out,
        "<section id=\"conversations\">\n<h2>{}</h2>",
        escape(labels.conversations)
    );
    if rows.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            escape(labels.no_conversations)
        );
        out.push_str("</section>\n");
        return;
    }
    let header: String = [
        labels.id,
        labels.date,
        labels.manager,
        labels.employee,
        labels.group_kind(GroupKind::Department),
        labels.kind,
        labels.talk_share,
        labels.praise_criticism,
        labels.open_question_rate,
        labels.action_items,
        labels.completeness,
    ]
    .iter()
    .fold(String::new(), |mut cells, h| {
        let _ = write!(cells, "<th>{}</th>", escape(h));
        cells
    });
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table>\n<thead><tr>{header}</tr></thead>\n<tbody>"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "<tr><td><a href=\"{}\" title=\"{}\">#{}</a></td><td class=\"date\">{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}/{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&r.coaching_link),
            escape(labels.coaching),
            r.id,
            r.held_on,
            escape(r.manager.as_deref().unwrap_or(labels.unknown)),
            escape(&r.employee),
            escape(r.department.as_deref().unwrap_or(labels.unknown)),
            escape(labels.kind_name(r.kind)),
            percent(r.manager_talk_share, labels),
            count(r.praise, labels),
            count(r.criticism, labels),
            percent(r.open_question_rate, labels),
            r.action_items,
            percent(Some(r.completeness), labels)
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

#[cfg(test)]
pub(super) mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::{ConversationKind, TurnId};
    use crate::products::audit::{AuditConversation, AuditPerson, AuditRequest, AuditScope, audit};
    use crate::products::facts::{ConversationFacts, Quote};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 9, d).expect("a date")
    }

    /// An audit of five managers, one of them far off and with a hostile name.
    pub(crate) fn sample(language_zh: bool) -> Audit {
        let names = ["<script>alert(1)</script>", "王磊", "Ann", "Bo", "陈静"];
        let mut people = Vec::new();
        let mut conversations = Vec::new();
        for (i, name) in (0_u32..).zip(names) {
            let employee = format!("E{i}");
            people.push(AuditPerson {
                name: employee.clone(),
                manager: Some(name.to_owned()),
                department: Some(if i % 2 == 0 { "R&D" } else { "销售" }.to_owned()),
            });
            let share = if i == 0 {
                0.9
            } else {
                0.3 + f64::from(i) / 100.0
            };
            let mut facts =
                ConversationFacts::for_test(Some(ConversationKind::Coaching), share, 2, 1, (2, 1));
            if !language_zh {
                facts.language = Some(crate::domain::Language::En);
            }
            facts.employee_criticism_received = vec![Quote {
                turn_id: TurnId(3),
                text: "\"quoted\" & <b>bold</b>".into(),
            }];
            conversations.push(AuditConversation {
                id: i64::from(i) + 10,
                manager: Some(name.to_owned()),
                employee,
                department: None,
                kind: Some(ConversationKind::Coaching),
                held_on: Some(day(3 + i)),
                facts,
                items_agreed: 2,
                items_followed_up: 1,
            });
        }
        let request = AuditRequest {
            from: day(1),
            to: NaiveDate::from_ymd_opt(2026, 10, 31).expect("a date"),
            scope: AuditScope::Everyone,
        };
        audit(&request, &people, &conversations).expect("audits")
    }

    #[test]
    fn the_page_escapes_the_data_and_has_charts_links_and_highlights() {
        let audit = sample(true);
        assert_eq!(audit.outliers.len(), 1, "{:?}", audit.outliers);
        let page = render(&audit);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<html lang=\"zh\">"));
        assert!(!page.contains("<script>"), "unescaped");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"));
        assert!(page.contains("R&amp;D"));
        assert_eq!(page.matches("<svg").count(), 2);
        assert!(page.contains("class=\"norm\""));
        for id in 10..15 {
            assert!(
                page.contains(&format!("href=\"/ui/conversations/{id}/coaching\"")),
                "{id}"
            );
        }
        assert!(page.contains("class=\"num outlier\""));
        // Every row has as many cells as its table has columns.
        for table in page.split("<table>").skip(1) {
            let table = &table[..table.find("</table>").expect("closed")];
            let columns = table.matches("<th>").count() + table.matches("<th ").count();
            for row in table.split("<tr>").skip(2) {
                assert_eq!(row.matches("<td").count(), columns, "{row}");
            }
        }
        assert!(page.contains("id=\"cadence-gaps\""));
        assert!(page.contains("超过31天没有面谈"));
        assert!(
            !page.contains("http://") || page.matches("http://").count() == 2,
            "only the SVG namespace"
        );
        assert!(!page.contains("<link") && !page.contains("src="));
    }

    #[test]
    fn an_english_audit_gets_an_english_page_and_an_empty_one_still_renders() {
        let page = render(&sample(false));
        assert!(page.contains("<html lang=\"en\">"));
        assert!(page.contains("Median manager talk share"));
        let mut empty = sample(false);
        empty.managers.clear();
        empty.departments.clear();
        empty.outliers.clear();
        empty.cadence_gaps.clear();
        empty.conversations.clear();
        let page = render(&empty);
        assert!(page.contains("No conversations in the period."));
        assert!(page.contains("No outliers"));
        assert!(page.ends_with("</html>\n"));
    }

    #[test]
    fn long_names_are_cut_in_the_charts() {
        assert_eq!(fit("Ann"), "Ann");
        assert_eq!(fit(&"很".repeat(20)), format!("{}…", "很".repeat(11)));
    }
}
