//! What a value must be before it is written (names trimmed and bounded, texts under
//! the caller's limits, JSON that parses), and how times and dates are written as
//! text. Checked before a transaction begins, so a bad request never holds a lock.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use super::error::{StoreError, corrupt};

/// Longest name of a person, department or action-item owner, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Longest short label (a source file name, a model version, a due date as said),
/// in characters.
pub const MAX_LABEL_CHARS: usize = 1000;

/// A name as stored: trimmed, non-empty, at most [`MAX_NAME_CHARS`] characters and
/// on one line, so that 王芳 and " 王芳 " are one person and a name fits a table cell.
pub(super) fn name(what: &'static str, raw: &str) -> Result<String, StoreError> {
    label(what, raw, MAX_NAME_CHARS)
}

/// Like [`name`] for an optional field: blank means absent.
pub(super) fn optional_name(
    what: &'static str,
    raw: Option<&str>,
) -> Result<Option<String>, StoreError> {
    optional_label(what, raw, MAX_NAME_CHARS)
}

/// A one-line text of at most `max_chars` characters, trimmed and non-empty.
pub(super) fn label(what: &'static str, raw: &str, max_chars: usize) -> Result<String, StoreError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(StoreError::Empty { what });
    }
    let len = text.chars().count();
    if len > max_chars {
        return Err(StoreError::TooLong {
            what,
            len,
            max: max_chars,
        });
    }
    if text.chars().any(char::is_control) {
        return Err(StoreError::ControlCharacter { what });
    }
    Ok(text.to_owned())
}

/// Like [`label`] for an optional field: `None` or blank means absent.
pub(super) fn optional_label(
    what: &'static str,
    raw: Option<&str>,
    max_chars: usize,
) -> Result<Option<String>, StoreError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => label(what, text, max_chars).map(Some),
    }
}

/// Refuses content over the caller's limit before any of it is written.
pub(super) fn within(what: &'static str, size: usize, limit: usize) -> Result<(), StoreError> {
    if size > limit {
        return Err(StoreError::TooLarge { what, size, limit });
    }
    Ok(())
}

/// A free text (a weekly report, an action item's wording): trimmed, non-empty,
/// under the byte limit. Line breaks are allowed.
pub(super) fn text(what: &'static str, raw: &str, limit: usize) -> Result<String, StoreError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(StoreError::Empty { what });
    }
    within(what, text.len(), limit)?;
    Ok(text.to_owned())
}

/// A JSON document under the byte limit that parses; what is stored as JSON must be
/// readable as JSON later, by us and by whoever queries the file.
pub(super) fn json(what: &'static str, raw: &str, limit: usize) -> Result<(), StoreError> {
    within(what, raw.len(), limit)?;
    serde_json::from_str::<serde::de::IgnoredAny>(raw).map_err(|err| StoreError::InvalidJson {
        what,
        detail: err.to_string(),
    })?;
    Ok(())
}

/// Now, to the millisecond: the precision the text form keeps, so that a time read
/// back equals the time written.
pub(super) fn now() -> DateTime<Utc> {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let millis = i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX);
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// `2026-07-24T09:30:00.000Z`: fixed width, so text order is time order.
pub(super) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(super) fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|err| corrupt("a timestamp", format!("'{text}': {err}")))
}

pub(super) fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

pub(super) fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|err| corrupt("a date", format!("'{text}': {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("a name", "  王芳 ").ok().as_deref(), Some("王芳"));
        assert!(matches!(
            name("a name", " \t"),
            Err(StoreError::Empty { .. })
        ));
        let long = "张".repeat(MAX_NAME_CHARS + 1);
        let err = name("a name", &long).expect_err("too long");
        assert_eq!(
            err.to_string(),
            "a name is 201 characters long; at most 200 are allowed"
        );
        assert!(name("a name", &"张".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(matches!(
            name("a name", "王\n芳"),
            Err(StoreError::ControlCharacter { .. })
        ));
        assert_eq!(optional_name("a department", Some("  ")).ok(), Some(None));
    }

    #[test]
    fn json_must_parse_and_fit() {
        assert!(json("an analysis", r#"{"a":1}"#, 100).is_ok());
        assert!(matches!(
            json("an analysis", "{oops", 100),
            Err(StoreError::InvalidJson { .. })
        ));
        assert!(matches!(
            json("an analysis", r#"{"a":1}"#, 3),
            Err(StoreError::TooLarge { size: 7, .. })
        ));
    }

    #[test]
    fn timestamps_round_trip_at_millisecond_precision() {
        let at = now();
        let text = timestamp(at);
        assert_eq!(text.len(), "2026-07-24T09:30:00.000Z".len());
        assert_eq!(parse_timestamp(&text).ok(), Some(at));
        assert!(parse_timestamp("yesterday").is_err());
    }
}
