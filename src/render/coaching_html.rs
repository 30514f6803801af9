//! The coaching report as one self-contained HTML page: inline CSS, no scripts, no
//! external assets, so it opens offline. It shows the header numbers, a talk-time
//! timeline per speaker as inline SVG, the four dimensions as bars with their
//! formulas, the self-check list, strengths and changes, the action items and the
//! transcript; every quote links to its turn (`#turn-N`) in the transcript below.
//!
//! Everything that comes from the transcript or the report is HTML-escaped by
//! [`escape`]; the page's `lang` is the conversation's language.

use std::fmt::Write;

use crate::domain::{Conversation, Role};
use crate::products::coaching::{
    CoachingReport, Point, Quote, ShareBasis, Timeline, TimelineBasis,
};

use super::coaching_labels::CoachingLabels;

/// The timeline's drawing: total width, the speaker-name column, one row's height.
const SVG_WIDTH: f64 = 760.0;
const SVG_LABEL: f64 = 180.0;
const SVG_ROW: f64 = 28.0;
const SVG_BAR: f64 = 18.0;
const SVG_AXIS: f64 = 22.0;

const STYLE: &str = "\
:root{--manager:#c8702a;--employee:#2f6fb3;--other:#8a8a8a;--ink:#1d2329;--muted:#5f6b76;--line:#d8dde2}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;color:var(--ink);background:#f6f7f9}
main{max-width:860px;margin:0 auto;padding:24px 20px 64px;background:#fff}
h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.2em;margin:1.8em 0 .6em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{font-size:1em;margin:1.2em 0 .3em;display:flex;justify-content:space-between}
.meta{color:var(--muted);margin:.2em 0}.note{color:var(--muted);font-size:.9em}
.numbers{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
.number{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:180px}
.number b{display:block;font-size:1.4em}
.bar{height:10px;background:#e9edf1;border-radius:5px;overflow:hidden}
.bar span{display:block;height:100%;background:var(--employee)}
.bar.low span{background:#c0392b}.bar.mid span{background:#d4a017}
code{font-size:.85em;background:#f1f3f5;padding:2px 4px;border-radius:3px;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;font-size:.93em}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
td.phase,td.status{white-space:nowrap}
.status-met{color:#1e7d32}.status-not_met{color:#c0392b}.status-not_visible{color:var(--muted)}
ul.quotes{list-style:none;padding-left:0;margin:.3em 0}
ul.quotes li{margin:.2em 0;padding-left:.8em;border-left:3px solid var(--line)}
ul.quotes small{color:var(--muted)}
a{color:var(--employee)}
svg .manager{fill:var(--manager)}svg .employee{fill:var(--employee)}svg .other{fill:var(--other)}
svg text{font-size:12px;fill:var(--ink)}svg .axis{stroke:var(--line)}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;border-radius:2px}
ol.transcript{padding-left:0;list-style:none}
ol.transcript li{padding:6px 8px;border-left:3px solid var(--line);margin:4px 0}
ol.transcript li.manager{border-left-color:var(--manager)}ol.transcript li.employee{border-left-color:var(--employee)}
ol.transcript li:target{background:#fff6d6}
ol.transcript .text{white-space:pre-wrap}
.turn-no,.time{color:var(--muted);font-size:.85em;margin-right:6px}
footer{margin-top:3em;color:var(--muted);font-size:.85em}
";

/// The start of a standalone page, up to the opening `<main>`: the language, the
/// escaped title and the page's own style sheet (the pages load nothing else).
pub fn page_start(out: &mut String, lang: &str, title: &str, style: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{style}</style>\n</head>\n<body>\n<main>\n",
        escape(title)
    );
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The page for `report`; `conversation` is the one the report was built from
/// (its transcript is the target of the quotes' links).
pub fn render(report: &CoachingReport, conversation: &Conversation) -> String {
    let labels = CoachingLabels::for_language(report.language);
    let mut out = String::new();
    let title = match &report.employee {
        Some(e) => format!("{} · {} · {e}", labels.title, report.manager),
        None => format!("{} · {}", labels.title, report.manager),
    };
    page_start(&mut out, labels.lang, &title, STYLE);
    header(&mut out, report, labels);
    timeline(&mut out, &report.timeline, labels);
    dimensions(&mut out, report, labels);
    checklist(&mut out, report, labels);
    points(
        &mut out,
        "strengths",
        labels.strengths,
        &report.strengths,
        labels,
    );
    points(&mut out, "changes", labels.changes, &report.changes, labels);
    actions(&mut out, report, labels);
    transcript(&mut out, report, conversation, labels);
    let _ = write!(
        out,
        "<footer>{} · {}</footer>\n</main>\n</body>\n</html>\n",
        escape(labels.generated),
        report.schema
    );
    out
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn role_class(role: Role) -> &'static str {
    match role {
        Role::Manager => "manager",
        Role::Employee => "employee",
        Role::Other => "other",
    }
}

fn header(out: &mut String, report: &CoachingReport, labels: &CoachingLabels) {
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(labels.title));
    let inferred = if report.manager_inferred {
        format!(" ({})", escape(labels.inferred))
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<p class=\"meta\">{}: <b>{}</b>{inferred}",
        escape(labels.manager),
        escape(&report.manager)
    );
    if let Some(employee) = &report.employee {
        let _ = write!(
            out,
            " · {}: <b>{}</b>",
            escape(labels.employee),
            escape(employee)
        );
    }
    if let Some(date) = report.date {
        let _ = write!(out, " · {}: {date}", escape(labels.date));
    }
    if let Some(kind) = report.kind {
        let _ = write!(
            out,
            " · {}: {}",
            escape(labels.kind),
            escape(labels.kind_name(kind))
        );
    }
    out.push_str("</p>\n<div class=\"numbers\">\n");
    let basis = match report.talk_share_basis {
        ShareBasis::SpeakingTime => labels.by_time,
        ShareBasis::SpeechUnits => labels.by_units,
    };
    let over = report.manager_talk_share > report.manager_talk_share_norm;
    let _ = writeln!(
        out,
        "<div class=\"number\" id=\"talk-share\">{}<b>{}</b><span class=\"note\">{} · {} ≤ {}</span>\
         <div class=\"bar{}\"><span style=\"width:{:.1}%\"></span></div></div>",
        escape(labels.talk_share),
        percent(report.manager_talk_share),
        escape(basis),
        escape(labels.norm),
        percent(report.manager_talk_share_norm),
        if over { " low" } else { "" },
        (report.manager_talk_share * 100.0).clamp(0.0, 100.0)
    );
    let order = match report.praise_before_criticism {
        Some(true) => labels.yes,
        Some(false) => labels.no,
        None => labels.not_judged,
    };
    let _ = writeln!(
        out,
        "<div class=\"number\" id=\"praise-first\">{}<b>{}</b></div>\n</div>",
        escape(labels.praise_first),
        escape(order)
    );
    if !report.models {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(labels.no_models));
    }
    out.push_str("</header>\n");
}

/// `M:SS`, or `H:MM:SS` from an hour.
fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

fn timeline(out: &mut String, timeline: &Timeline, labels: &CoachingLabels) {
    let _ = writeln!(
        out,
        "<section id=\"timeline\">\n<h2>{}</h2>",
        escape(labels.timeline)
    );
    let rows = timeline.rows.len() as f64;
    let height = rows * SVG_ROW + SVG_AXIS;
    let span = (timeline.end - timeline.start).max(f64::EPSILON);
    let plot = SVG_WIDTH - SVG_LABEL - 10.0;
    let x_of = |t: f64| SVG_LABEL + (t - timeline.start) / span * plot;
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {SVG_WIDTH} {height}\" \
         width=\"100%\" role=\"img\" aria-label=\"{}\">",
        escape(labels.timeline)
    );
    for (i, row) in timeline.rows.iter().enumerate() {
        let y = i as f64 * SVG_ROW;
        let full = format!("{} ({})", row.speaker, labels.role(row.role));
        let shown = row_label(&row.speaker, labels.role(row.role));
        let title = if shown == full {
            String::new()
        } else {
            format!("<title>{}</title>", escape(&full))
        };
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"{:.1}\">{title}{}</text>",
            y + SVG_BAR - 4.0,
            escape(&shown)
        );
        for s in &row.spans {
            let x = x_of(s.start);
            let width = (x_of(s.end) - x).max(0.8);
            let _ = writeln!(
                out,
                "<a href=\"#turn-{id}\"><rect class=\"{}\" x=\"{x:.1}\" y=\"{y:.1}\" \
                 width=\"{width:.1}\" height=\"{SVG_BAR}\"><title>#{id} {}</title></rect></a>",
                role_class(row.role),
                escape(&row.speaker),
                id = s.turn_id.0
            );
        }
    }
    let axis_y = rows * SVG_ROW + 2.0;
    let (from, to) = match timeline.basis {
        TimelineBasis::Seconds => (clock(0.0), clock(span)),
        TimelineBasis::TurnOrder => {
            let last = timeline
                .rows
                .iter()
                .flat_map(|r| &r.spans)
                .map(|s| s.turn_id.0)
                .max()
                .unwrap_or(0);
            ("#1".to_owned(), format!("#{last}"))
        }
    };
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{SVG_LABEL}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\"></line>\n\
         <text x=\"{SVG_LABEL}\" y=\"{:.1}\">{from}</text>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{to}</text>\n</svg>",
        SVG_LABEL + plot,
        axis_y + 16.0,
        SVG_LABEL + plot,
        axis_y + 16.0
    );
    if let Some(note) = labels.timeline_note(timeline.basis) {
        let _ = writeln!(out, "<p class=\"note\" id=\"untimed\">{}</p>", escape(note));
    }
    out.push_str("</section>\n");
}

/// A rough advance width at the timeline's 12 px: a full em for CJK and other wide
/// characters, a generous 7 px for the rest (the page's fonts are not known here).
fn char_width(c: char) -> f64 {
    match c {
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}' => 12.0,
        _ => 7.0,
    }
}

fn label_width(text: &str) -> f64 {
    text.chars().map(char_width).sum()
}

/// "Name (role)" for a timeline row, the name cut with "…" when the whole would run
/// into the bars (the full label then goes in a `<title>`).
fn row_label(speaker: &str, role: &str) -> String {
    let suffix = format!(" ({role})");
    let room = SVG_LABEL - 8.0 - label_width(&suffix);
    if label_width(speaker) <= room {
        return format!("{speaker}{suffix}");
    }
    let mut name = String::new();
    let mut width = char_width('…');
    for c in speaker.chars() {
        width += char_width(c);
        if width > room {
            break;
        }
        name.push(c);
    }
    format!("{}…{suffix}", name.trim_end())
}

fn quotes(out: &mut String, quotes: &[Quote], labels: &CoachingLabels) {
    if quotes.is_empty() {
        return;
    }
    out.push_str("<ul class=\"quotes\">\n");
    for q in quotes {
        let _ = writeln!(
            out,
            "<li><a href=\"#turn-{id}\">#{id}</a> <q>{}</q> <small>{}</small></li>",
            escape(&q.quote),
            escape(labels.signal(q.signal)),
            id = q.turn_id.0
        );
    }
    out.push_str("</ul>\n");
}

fn dimensions(out: &mut String, report: &CoachingReport, labels: &CoachingLabels) {
    let _ = writeln!(
        out,
        "<section id=\"dimensions\">\n<h2>{}</h2>",
        escape(labels.dimensions)
    );
    for (name, dimension) in report.dimensions.named() {
        let id = match serde_json::to_value(name) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        };
        let _ = writeln!(out, "<div class=\"dimension\" id=\"dimension-{id}\">");
        let (shown, class, width) = match dimension.score {
            Some(score) => {
                let class = match score {
                    0..40 => " low",
                    40..70 => " mid",
                    _ => "",
                };
                (score.to_string(), class, f64::from(score))
            }
            None => (labels.not_judged.to_owned(), "", 0.0),
        };
        let _ = writeln!(
            out,
            "<h3><span>{}</span><span class=\"score\">{}</span></h3>\n\
             <div class=\"bar{class}\" role=\"img\" aria-label=\"{}\"><span style=\"width:{width:.0}%\"></span></div>\n\
             <p><code>{}</code></p>",
            escape(labels.dimension_name(name)),
            escape(&shown),
            escape(&shown),
            escape(&dimension.formula)
        );
        for note in dimension.not_judged.iter().chain(&dimension.note) {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(note));
        }
        quotes(out, &dimension.evidence, labels);
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
}

fn checklist(out: &mut String, report: &CoachingReport, labels: &CoachingLabels) {
    let _ = writeln!(
        out,
        "<section id=\"checklist\">\n<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(labels.checklist),
        escape(labels.phase),
        escape(labels.question),
        escape(labels.status),
        escape(labels.note)
    );
    for item in &report.checklist {
        let (mark, word) = labels.status(item.status);
        let status = match serde_json::to_value(item.status) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        };
        let _ = write!(
            out,
            "<tr><td class=\"phase\">{}</td><td>{}</td><td class=\"status status-{status}\">{mark} {}</td><td>{}",
            escape(labels.phase(item.phase)),
            escape(&item.item),
            escape(word),
            escape(&item.note)
        );
        quotes(out, &item.evidence, labels);
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn points(out: &mut String, id: &str, title: &str, points: &[Point], labels: &CoachingLabels) {
    let _ = writeln!(out, "<section id=\"{id}\">\n<h2>{}</h2>", escape(title));
    if points.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            escape(labels.nothing_supported)
        );
    } else {
        out.push_str("<ol>\n");
        for point in points {
            let _ = writeln!(out, "<li><p>{}</p>", escape(&point.text));
            quotes(out, &point.quotes, labels);
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

fn actions(out: &mut String, report: &CoachingReport, labels: &CoachingLabels) {
    let _ = writeln!(
        out,
        "<section id=\"actions\">\n<h2>{}</h2>",
        escape(labels.action_items)
    );
    if report.action_items.is_empty() {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(labels.no_actions));
        out.push_str("</section>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<table>\n<thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(labels.owner),
        escape(labels.what),
        escape(labels.due),
        escape(labels.specific)
    );
    for item in &report.action_items {
        let due = match (&item.due, item.due_date) {
            (Some(said), Some(date)) => format!("{} ({date})", escape(said)),
            (Some(said), None) => escape(said),
            (None, _) => "–".to_owned(),
        };
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#turn-{id}\">#{id}</a></td><td>{}</td><td>{}</td><td>{due}</td><td>{}</td></tr>",
            escape(item.owner.as_deref().unwrap_or(labels.joint)),
            escape(&item.what),
            escape(if item.specific { labels.yes } else { labels.no }),
            id = item.turn_id.0
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn transcript(
    out: &mut String,
    report: &CoachingReport,
    conversation: &Conversation,
    labels: &CoachingLabels,
) {
    let _ = writeln!(
        out,
        "<section id=\"transcript\">\n<h2>{}</h2>\n<ol class=\"transcript\">",
        escape(labels.transcript)
    );
    let start = conversation
        .turns
        .iter()
        .filter_map(crate::domain::Turn::start)
        .map(crate::domain::Seconds::get)
        .reduce(f64::min)
        .unwrap_or(0.0);
    for turn in &conversation.turns {
        let role = report
            .timeline
            .rows
            .iter()
            .find(|r| r.speaker == turn.speaker)
            .map_or(Role::Other, |r| r.role);
        let time = turn.start().map_or(String::new(), |t| {
            format!("<span class=\"time\">{}</span>", clock(t.get() - start))
        });
        let _ = writeln!(
            out,
            "<li id=\"turn-{id}\" class=\"{}\"><span class=\"turn-no\">#{id}</span>{time}<b class=\"who\">{}</b>: <span class=\"text\">{}</span></li>",
            role_class(role),
            escape(&turn.speaker),
            escape(turn.text.trim()),
            id = turn.id.0
        );
    }
    out.push_str("</ol>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_both_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("你好，世界"), "你好，世界");
        assert_eq!(escape(""), "");
        // Already-escaped text is escaped again: the page shows what was said.
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn long_speaker_names_are_cut_before_the_bars() {
        assert_eq!(
            row_label("Rachel Okafor", "Manager"),
            "Rachel Okafor (Manager)"
        );
        assert_eq!(row_label("张伟", "经理"), "张伟 (经理)");
        let cut = row_label("jordan.lee@contoso.com", "Employee");
        assert!(
            cut.starts_with("jordan.lee@") && cut.ends_with("… (Employee)"),
            "{cut}"
        );
        assert!(label_width(&cut) <= SVG_LABEL - 8.0, "{cut}");
    }

    #[test]
    fn clock_counts_from_zero() {
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(3725.4), "1:02:05");
    }
}
