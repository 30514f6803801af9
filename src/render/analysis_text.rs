//! `candor analyze` for people: a header, a table per speaker, the rhythm of the
//! conversation and the norms, in the conversation's language.

use std::fmt::Write;

use crate::domain::Seconds;
use crate::ingest::{Timing, Transcript};
use crate::measure::actions::ActionItem;
use crate::measure::evidence::Evidence;
use crate::measure::feedback::ConversationReading;
use crate::measure::norms::{NormCheck, Unit};
use crate::measure::{Analysis, Rhythm, SpeakerMeasures};

use super::labels::Labels;
use super::table::Table;

/// The report for one transcript.
pub fn render(
    source: &str,
    transcript: &Transcript,
    analysis: &Analysis,
    understanding: Option<&ConversationReading>,
) -> String {
    let labels = Labels::for_language(analysis.language);
    let mut out = String::new();
    header(&mut out, source, transcript, analysis, labels);
    out.push('\n');
    out.push_str(&speaker_table(&analysis.speakers, labels).render());
    if let Some(rhythm) = &analysis.rhythm {
        out.push('\n');
        rhythm_lines(&mut out, rhythm, labels);
    }
    if let Some(story) = &analysis.employee_longest_story {
        let _ = writeln!(out, "\n{}: {}", labels.longest_story, quote(story));
    }
    out.push('\n');
    norm_lines(&mut out, &analysis.norms, labels);
    if let Some(reading) = understanding {
        out.push('\n');
        reading_lines(&mut out, reading, labels);
    }
    if !analysis.action_items.is_empty() {
        out.push('\n');
        action_lines(&mut out, &analysis.action_items, labels);
    }
    out
}

fn reading_lines(out: &mut String, reading: &ConversationReading, labels: &Labels) {
    let _ = writeln!(out, "{}", labels.feedback);
    let [praise, criticism, first, specific] = labels.feedback_line;
    for f in reading
        .feedback
        .iter()
        .filter(|f| f.praise + f.criticism > 0)
    {
        let order = match f.praise_before_criticism {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "-",
        };
        let _ = writeln!(
            out,
            "  {}: {praise} {}, {criticism} {}, {first} {order}, {specific} {}/{}",
            f.speaker, f.praise, f.criticism, f.specific, f.vague
        );
    }
    if let Some(trend) = &reading.employee_sentiment {
        let _ = writeln!(
            out,
            "  {}: {:+.2} → {:+.2}",
            labels.employee_mood, trend.first_half, trend.second_half
        );
    }
    let _ = writeln!(out, "{}", labels.stages);
    for (coverage, name) in reading.stages.iter().zip(labels.stage_names) {
        let turns: Vec<String> = coverage.turns.iter().map(ToString::to_string).collect();
        let shown = if turns.is_empty() {
            labels.not_covered.to_owned()
        } else {
            turns.join(" ")
        };
        let _ = writeln!(out, "  {name}: {shown}");
    }
}

fn action_lines(out: &mut String, items: &[ActionItem], labels: &Labels) {
    let _ = writeln!(out, "{}", labels.action_items);
    for item in items {
        let owner = item.owner.as_deref().unwrap_or(labels.no_owner);
        let due = item.due.as_ref().map_or(labels.no_due.to_owned(), |d| {
            d.date
                .map_or(d.text.clone(), |date| format!("{} ({date})", d.text))
        });
        let measurable = labels.measurable[usize::from(!item.specific)];
        let _ = writeln!(
            out,
            "  {} {owner}: {} — {due}; {measurable}",
            item.evidence.turn_id, item.what
        );
    }
}

fn header(
    out: &mut String,
    source: &str,
    transcript: &Transcript,
    analysis: &Analysis,
    labels: &Labels,
) {
    let language = analysis
        .language
        .map_or("-".to_owned(), |l| format!("{l:?}").to_lowercase());
    let mut duration = analysis
        .totals
        .duration
        .map_or(labels.untimed.to_owned(), |d| {
            format!("{} {}", labels.duration, clock(d))
        });
    if transcript.timing == Timing::StartOnly {
        duration = format!("{duration} ({})", labels.start_only);
    }
    let _ = writeln!(
        out,
        "{source} — {}, {}, {language}, {duration}",
        transcript.format, transcript.encoding
    );
    let roles = &analysis.roles;
    let how = if roles.manager_inferred {
        format!(
            "{}, {} {:.2}: {}",
            labels.inferred,
            labels.confidence,
            roles.confidence,
            roles
                .basis
                .iter()
                .map(|b| labels.basis(*b))
                .collect::<Vec<_>>()
                .join("; ")
        )
    } else {
        labels.given.to_owned()
    };
    let _ = write!(out, "{}: {} ({how})", labels.manager, roles.manager);
    if let Some(employee) = &roles.employee {
        let _ = write!(out, "   {}: {employee}", labels.employee);
    }
    out.push('\n');
}

fn speaker_table(speakers: &[SpeakerMeasures], labels: &Labels) -> Table {
    let mut table = Table::new(&labels.speaker_header);
    for s in speakers {
        let talk = &s.talk;
        let longest_seconds = talk
            .longest_by_time
            .and_then(|m| m.seconds)
            .map_or("-".to_owned(), |d| format!("{:.0}", d.get()));
        table.row(vec![
            talk.name.clone(),
            labels.role(talk.role).to_owned(),
            talk.turns.to_string(),
            talk.talk_seconds
                .map_or("-".to_owned(), |t| format!("{:.1}", t.get())),
            talk.share.time.map_or("-".to_owned(), percent),
            talk.talk_units.to_string(),
            percent(talk.share.units),
            format!("{longest_seconds}/{}", talk.longest_by_units.units),
            format!("{}/{}", s.questions.open, s.questions.closed),
            s.labelling.to_string(),
            talk.fillers.to_string(),
        ]);
    }
    table
}

fn rhythm_lines(out: &mut String, rhythm: &Rhythm, labels: &Labels) {
    let mut parts = Vec::new();
    if let Some(i) = rhythm.interactivity {
        parts.push(format!(
            "{} {:.1}",
            labels.switches_per_minute, i.per_minute
        ));
    }
    if let Some(p) = rhythm.patience {
        parts.push(format!(
            "{} {:.1} {}",
            labels.patience,
            p.median_pause_seconds.get(),
            labels.seconds
        ));
    }
    parts.push(format!(
        "{} {}",
        labels.interruptions,
        rhythm.interruptions.len()
    ));
    parts.push(format!("{} {}", labels.silences, rhythm.silences.len()));
    let _ = writeln!(out, "{}: {}", labels.rhythm, parts.join("; "));
    if let Some(d) = &rhythm.dominance {
        let _ = writeln!(
            out,
            "{}: {} ({} {}: {}/{}/{})",
            labels.dominance,
            labels.pattern(d.pattern),
            d.windows.len(),
            labels.windows,
            d.manager_dominated,
            d.others_dominated,
            d.balanced
        );
    }
}

fn norm_lines(out: &mut String, checks: &[NormCheck], labels: &Labels) {
    let _ = writeln!(out, "{}:", labels.norms);
    for check in checks {
        let mark = if check.met { "✓" } else { "✗" };
        let value = |v: f64| match check.unit {
            Unit::ShareOfTime | Unit::ShareOfUnits => percent(v),
            Unit::Count => format!("{v:.0}"),
        };
        let evidence: Vec<String> = check
            .evidence
            .iter()
            .take(3)
            .map(|e| e.turn_id.to_string())
            .collect();
        let _ = writeln!(
            out,
            "  {mark} {} {}: {} {}{}",
            labels.norm(check.norm, check.bound),
            value(check.threshold),
            labels.actual,
            value(check.actual),
            if evidence.is_empty() {
                String::new()
            } else {
                format!(" ({})", evidence.join(", "))
            }
        );
    }
}

fn quote(evidence: &Evidence) -> String {
    format!("{} “{}”", evidence.turn_id, evidence.quote)
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// `H:MM:SS` or `M:SS`.
fn clock(duration: Seconds) -> String {
    let total = duration.get().round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_format() {
        assert_eq!(clock(Seconds(5448.5)), "1:30:49");
        assert_eq!(clock(Seconds(65.0)), "1:05");
    }
}
