//! The agenda as one self-contained HTML page: inline CSS, no scripts, no external
//! assets, so it opens offline and prints. It shows the heading (employee, kind,
//! date, length, focus), an inline SVG of the minutes per section and of the talk plan
//! (employee against manager), the items by section with their minutes, why,
//! evidence and questions, the signals and what did not fit. Evidence from a
//! conversation links to its turn on the coaching page
//! (`/ui/conversations/{id}/coaching#turn-{n}`).
//!
//! Everything that comes from the agenda is HTML-escaped by
//! [`escape`](super::coaching_html::escape); the page's `lang` is the agenda's language.

use std::fmt::Write;

use crate::products::agenda::{Agenda, Evidence, Item, Section};

use super::agenda_labels::{AgendaLabels, conversation_link};
use super::coaching_html::{escape, page_start};

/// The chart's drawing: total width, one bar's height and the gap between the bars.
const SVG_WIDTH: f64 = 760.0;
const SVG_BAR: f64 = 26.0;
const SVG_GAP: f64 = 30.0;
/// Narrower segments than this carry no text inside.
const SVG_MIN_LABEL: f64 = 44.0;

const STYLE: &str = "\
:root{--ink:#1d2329;--muted:#5f6b76;--line:#d8dde2;--employee:#2f6fb3;--manager:#c8702a}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;color:var(--ink);background:#f6f7f9}
main{max-width:860px;margin:0 auto;padding:24px 20px 64px;background:#fff}
h1{font-size:1.6em;margin:0 0 .3em}
h2{font-size:1.2em;margin:1.8em 0 .6em;border-bottom:1px solid var(--line);padding-bottom:.2em;display:flex;justify-content:space-between}
h3{font-size:1.05em;margin:0 0 .3em;display:flex;justify-content:space-between;gap:12px}
.meta{color:var(--muted);margin:.2em 0}.focus{margin:.6em 0}
.minutes{color:var(--muted);font-weight:normal;white-space:nowrap}
article.item{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:10px 14px;margin:10px 0}
.why{margin:.2em 0 .5em}
ul.evidence{list-style:none;padding-left:0;margin:.3em 0}
ul.evidence li{margin:.2em 0;padding-left:.8em;border-left:3px solid var(--line)}
ul.evidence small{color:var(--muted);margin-right:6px}
ol.questions{margin:.3em 0 .2em 1.2em;padding:0}
.label{font-size:.85em;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;margin-top:.4em}
a{color:var(--employee)}
svg text{font-size:12px;fill:#fff}svg text.out{fill:var(--ink)}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.9em;margin:.4em 0}
.legend span i{display:inline-block;width:10px;height:10px;margin-right:5px;border-radius:2px}
ul.signals li,ul.left-out li{margin:.2em 0}
.kind{color:var(--muted);font-size:.9em}
footer{margin-top:3em;color:var(--muted);font-size:.85em}
@media print{body{background:#fff}main{padding:0}article.item{break-inside:avoid}}
";

/// A colour for each section, in the chart and on the items' left edge.
fn colour(section: Section) -> &'static str {
    match section {
        Section::FollowUp => "#7a8793",
        Section::Recognition => "#2e8b57",
        Section::GoalReview => "#2f6fb3",
        Section::Process => "#c8702a",
        Section::StrengthsAndGaps => "#8e44ad",
        Section::DevelopmentAndSupport => "#16a085",
        Section::Closing => "#4a5560",
    }
}

/// The section's id in the page (`follow_up`, …), as in the JSON.
fn section_id(section: Section) -> String {
    match serde_json::to_value(section) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The page for `agenda`.
pub fn render(agenda: &Agenda) -> String {
    let labels = AgendaLabels::for_language(agenda.language);
    let mut out = String::new();
    let title = format!("{} · {}", labels.title, agenda.employee);
    page_start(&mut out, labels.lang, &title, STYLE);
    header(&mut out, agenda, labels);
    chart(&mut out, agenda, labels);
    items(&mut out, agenda, labels);
    signals(&mut out, agenda, labels);
    left_out(&mut out, agenda, labels);
    let _ = write!(
        out,
        "<footer>{} · {}</footer>\n</main>\n</body>\n</html>\n",
        escape(labels.generated),
        agenda.schema
    );
    out
}

fn header(out: &mut String, agenda: &Agenda, labels: &AgendaLabels) {
    let colon = labels.colon;
    let _ = writeln!(
        out,
        "<header>\n<h1>{} · {}</h1>",
        escape(labels.title),
        escape(&agenda.employee)
    );
    let _ = write!(
        out,
        "<p class=\"meta\">{}{colon}<b>{}</b> · {}{colon}<b>{}</b> · {}{colon}<b>{}</b>",
        escape(labels.kind),
        escape(labels.kind_name(agenda.kind)),
        escape(labels.date),
        agenda.date,
        escape(labels.length),
        escape(&labels.minutes(agenda.minutes))
    );
    if let Some(level) = agenda.performance_level {
        let _ = write!(
            out,
            " · {}{colon}<b>{}</b>",
            escape(labels.level),
            escape(labels.level_name(level))
        );
    }
    out.push_str("</p>\n");
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}{colon}{}</p>\n<p class=\"focus\"><b>{}</b>{colon}{}</p>\n</header>",
        escape(labels.based_on),
        escape(&labels.sources(&agenda.based_on)),
        escape(labels.focus),
        escape(&agenda.focus)
    );
}

/// One horizontal bar of segments, each `(minutes, colour, label, title)`, at `y`.
fn bar(out: &mut String, y: f64, total: u32, segments: &[(u32, &str, String, String)]) {
    let mut x = 0.0;
    for (minutes, fill, label, title) in segments {
        let width = f64::from(*minutes) / f64::from(total.max(1)) * SVG_WIDTH;
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{SVG_BAR}\" fill=\"{fill}\"><title>{}</title></rect>",
            escape(title)
        );
        if width >= SVG_MIN_LABEL {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                x + 6.0,
                y + SVG_BAR / 2.0 + 4.0,
                escape(label)
            );
        }
        x += width;
    }
}

/// The minutes per section and the talk plan, as two bars over the agenda's length.
fn chart(out: &mut String, agenda: &Agenda, labels: &AgendaLabels) {
    let colon = labels.colon;
    let total = agenda.minutes;
    let by_section: Vec<(Section, u32)> = Section::ALL
        .iter()
        .map(|&s| {
            let minutes = agenda
                .items
                .iter()
                .filter(|i| i.section == s)
                .map(|i| i.minutes)
                .sum();
            (s, minutes)
        })
        .filter(|&(_, minutes)| minutes > 0)
        .collect();
    let height = SVG_BAR * 2.0 + SVG_GAP + 18.0;
    let _ = writeln!(
        out,
        "<section id=\"chart\">\n<h2>{}</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {SVG_WIDTH} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        escape(labels.minutes_by_section),
        escape(labels.minutes_by_section)
    );
    let segments: Vec<(u32, &str, String, String)> = by_section
        .iter()
        .map(|&(s, minutes)| {
            let label = labels.minutes(minutes);
            let title = format!("{}{colon}{label}", labels.section(s));
            (minutes, colour(s), label, title)
        })
        .collect();
    bar(out, 0.0, total, &segments);
    let plan = agenda.talk_plan;
    let talk = [
        (
            plan.employee_minutes,
            "#2f6fb3",
            format!(
                "{} {}",
                labels.employee,
                labels.minutes(plan.employee_minutes)
            ),
            format!(
                "{}{colon}{}",
                labels.employee,
                labels.minutes(plan.employee_minutes)
            ),
        ),
        (
            plan.manager_minutes,
            "#c8702a",
            format!(
                "{} {}",
                labels.manager,
                labels.minutes(plan.manager_minutes)
            ),
            format!(
                "{}{colon}{}",
                labels.manager,
                labels.minutes(plan.manager_minutes)
            ),
        ),
    ];
    let talk_y = SVG_BAR + SVG_GAP;
    let _ = writeln!(
        out,
        "<text class=\"out\" x=\"0\" y=\"{:.1}\">{}</text>",
        talk_y - 8.0,
        escape(labels.talk_plan)
    );
    bar(out, talk_y, total, &talk);
    out.push_str("</svg>\n<div class=\"legend\">");
    for &(s, minutes) in &by_section {
        let _ = write!(
            out,
            "<span><i style=\"background:{}\"></i>{} · {}</span>",
            colour(s),
            escape(labels.section(s)),
            escape(&labels.minutes(minutes))
        );
    }
    out.push_str("</div>\n</section>\n");
}

fn items(out: &mut String, agenda: &Agenda, labels: &AgendaLabels) {
    let mut number = 0;
    for section in Section::ALL {
        let in_section: Vec<&Item> = agenda
            .items
            .iter()
            .filter(|i| i.section == section)
            .collect();
        if in_section.is_empty() {
            continue;
        }
        let minutes: u32 = in_section.iter().map(|i| i.minutes).sum();
        let _ = writeln!(
            out,
            "<section id=\"{}\">\n<h2><span>{}</span><span class=\"minutes\">{}</span></h2>",
            section_id(section),
            escape(labels.section(section)),
            escape(&labels.minutes(minutes))
        );
        for item in in_section {
            number += 1;
            one_item(out, number, item, labels);
        }
        out.push_str("</section>\n");
    }
}

fn one_item(out: &mut String, number: usize, item: &Item, labels: &AgendaLabels) {
    let _ = writeln!(
        out,
        "<article class=\"item\" id=\"item-{number}\" style=\"border-left-color:{}\">\n\
         <h3><span>{number}. {}</span><span class=\"minutes\">{}</span></h3>\n\
         <p class=\"why\"><b>{}</b>{}{}</p>",
        colour(item.section),
        escape(&item.title),
        escape(&labels.minutes(item.minutes)),
        escape(labels.why),
        labels.colon,
        escape(&item.why)
    );
    if !item.evidence.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"label\">{}</div>\n<ul class=\"evidence\">",
            escape(labels.evidence)
        );
        for evidence in &item.evidence {
            evidence_line(out, evidence, labels);
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(
        out,
        "<div class=\"label\">{}</div>\n<ol class=\"questions\">",
        escape(labels.questions)
    );
    for question in &item.questions {
        let _ = writeln!(out, "<li>{}</li>", escape(question));
    }
    out.push_str("</ol>\n</article>\n");
}

fn evidence_line(out: &mut String, evidence: &Evidence, labels: &AgendaLabels) {
    let source = escape(&labels.source(evidence));
    let source = match conversation_link(evidence) {
        Some(link) => format!("<a href=\"{}\">{source}</a>", escape(&link)),
        None => source,
    };
    let _ = writeln!(
        out,
        "<li><small>{source}</small><q>{}</q></li>",
        escape(&evidence.quote)
    );
}

fn signals(out: &mut String, agenda: &Agenda, labels: &AgendaLabels) {
    let _ = writeln!(
        out,
        "<section id=\"signals\">\n<h2>{}</h2>",
        escape(labels.signals)
    );
    if agenda.signals.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(labels.no_signals));
    } else {
        out.push_str("<ul class=\"signals\">\n");
        for signal in &agenda.signals {
            let _ = writeln!(
                out,
                "<li><span class=\"kind\">{}</span> · {}</li>",
                escape(labels.signal_kind(signal.kind)),
                escape(&signal.summary)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn left_out(out: &mut String, agenda: &Agenda, labels: &AgendaLabels) {
    if agenda.left_out.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"left-out\">\n<h2>{}</h2>\n<ul class=\"left-out\">",
        escape(labels.left_out)
    );
    for item in &agenda.left_out {
        let _ = writeln!(
            out,
            "<li>{} · {}</li>",
            escape(labels.section(item.section)),
            escape(&item.title)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::agenda::tests::{sample, sample_en};

    #[test]
    fn the_page_is_whole_escaped_and_in_the_agendas_language() {
        let mut agenda = sample();
        agenda.items[0].evidence[0].quote = "<script>alert('x')</script>".into();
        agenda.items[0].title = "A & B <b>".into();
        let html = render(&agenda);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<html lang=\"zh\">"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(html.contains("A &amp; B &lt;b&gt;"));
        assert!(html.contains("<svg") && html.contains("</svg>"));
        assert!(html.trim_end().ends_with("</html>"));
        // No external assets.
        assert!(!html.contains("src=\"http") && !html.contains("<link"));
    }

    #[test]
    fn conversation_evidence_links_to_its_turn_and_every_item_is_shown() {
        let agenda = sample();
        let html = render(&agenda);
        assert!(
            html.contains("href=\"/ui/conversations/5/coaching#turn-8\""),
            "{html}"
        );
        for item in &agenda.items {
            assert!(html.contains(&escape(&item.title)), "{}", item.title);
            for question in &item.questions {
                assert!(html.contains(&escape(question)), "{question}");
            }
        }
        for section in Section::ALL {
            if agenda.items.iter().any(|i| i.section == section) {
                assert!(html.contains(&format!("<section id=\"{}\">", section_id(section))));
            }
        }
    }

    #[test]
    fn an_english_agenda_gets_an_english_page() {
        let html = render(&sample_en());
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("Suggested agenda · Emily Carter"));
        assert!(html.contains("Minutes by section"));
        assert!(html.contains("ShipBridge"));
    }
}
