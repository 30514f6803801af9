//! The store's vocabulary: record ids as newtypes, the closed sets of words it keeps
//! (roles, statuses, actions) as enums, ISO weeks and content hashes. No SQL here;
//! each enum knows the exact word its column holds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::StoreError;

/// Declares an `i64` row id newtype: distinct types so that a report id cannot be
/// passed where a conversation id is meant.
macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

row_id!(
    /// A person: an employee, a manager, an HR partner.
    PersonId
);
row_id!(
    /// An uploaded conversation.
    ConversationId
);
row_id!(
    /// One analysis of a conversation (there may be several, by model version).
    AnalysisId
);
row_id!(
    /// One weekly report.
    ReportId
);
row_id!(
    /// An action item agreed in a conversation.
    ActionItemId
);
row_id!(
    /// An API token.
    TokenId
);
row_id!(
    /// One entry of the access log.
    AccessId
);
row_id!(
    /// An alert about an employee (issue 6).
    AlertId
);

/// Declares an enum stored as one lower-case word, with `as_str`, `Display` and a
/// `FromStr` whose error names the accepted words.
macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word stored in the database and shown to users.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = StoreError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted)
                    .ok_or_else(|| StoreError::UnknownWord {
                        what: $what,
                        value: s.to_owned(),
                        expected: $name::ALL
                            .iter()
                            .map(|v| v.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
            }
        }
    };
}

word_enum!(
    /// What an API token may do (issue 5: a manager sees their team, HR its
    /// department, admin manages people and tokens).
    TokenRole, "token role" {
        Admin => "admin",
        Hr => "hr",
        Manager => "manager",
    }
);

word_enum!(
    /// Where an action item stands.
    ActionStatus, "action item status" {
        Open => "open",
        Done => "done",
        /// Given up on purpose; kept so that follow-up can say so.
        Dropped => "dropped",
    }
);

word_enum!(
    /// What someone did to a record, for the access log.
    AccessAction, "access action" {
        Read => "read",
        List => "list",
        Create => "create",
        Update => "update",
        Delete => "delete",
    }
);

word_enum!(
    /// What an alert is about (issue 6).
    AlertKind, "alert kind" {
        /// The weekly reports' mood falls for three weeks or more.
        DecliningSentiment => "declining_sentiment",
        /// The manager's criticism outweighs praise in the latest conversations.
        NegativeFeedback => "negative_feedback",
        /// A blocker named in the weekly reports week after week.
        RecurringBlocker => "recurring_blocker",
        /// An open action item past its due date.
        OverdueActionItem => "overdue_action_item",
        /// Over a month without a conversation.
        CadenceGap => "cadence_gap",
    }
);

word_enum!(
    /// The kinds of record the access log can name.
    ResourceKind, "resource kind" {
        Person => "person",
        Conversation => "conversation",
        Report => "report",
        ActionItem => "action_item",
        Token => "token",
        AccessLog => "access_log",
    }
);

/// A record, or a listing of records, as named in the access log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    Person(PersonId),
    Conversation(ConversationId),
    Report(ReportId),
    ActionItem(ActionItemId),
    Token(TokenId),
    /// A listing, such as `GET /v1/conversations`, rather than one record.
    List(ResourceKind),
}

impl Resource {
    /// The `(resource_kind, resource_id)` pair the log stores.
    pub(super) fn to_columns(self) -> (ResourceKind, Option<i64>) {
        match self {
            Resource::Person(id) => (ResourceKind::Person, Some(id.0)),
            Resource::Conversation(id) => (ResourceKind::Conversation, Some(id.0)),
            Resource::Report(id) => (ResourceKind::Report, Some(id.0)),
            Resource::ActionItem(id) => (ResourceKind::ActionItem, Some(id.0)),
            Resource::Token(id) => (ResourceKind::Token, Some(id.0)),
            Resource::List(kind) => (kind, None),
        }
    }

    /// The inverse of [`Resource::to_columns`]. An id on `access_log` has no row of
    /// its own, so a listing is the only thing a missing id can mean.
    pub(super) fn from_columns(kind: ResourceKind, id: Option<i64>) -> Resource {
        match (kind, id) {
            (ResourceKind::Person, Some(id)) => Resource::Person(PersonId(id)),
            (ResourceKind::Conversation, Some(id)) => Resource::Conversation(ConversationId(id)),
            (ResourceKind::Report, Some(id)) => Resource::Report(ReportId(id)),
            (ResourceKind::ActionItem, Some(id)) => Resource::ActionItem(ActionItemId(id)),
            (ResourceKind::Token, Some(id)) => Resource::Token(TokenId(id)),
            (kind, _) => Resource::List(kind),
        }
    }
}

/// An ISO 8601 week, written `2026-W30`: weekly reports are filed per week, and the
/// text form sorts in time order, so the store keeps and orders by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

impl IsoWeek {
    /// The week, when `year` has one numbered `week` (only some years have a W53).
    pub fn new(year: i32, week: u32) -> Option<IsoWeek> {
        let valid = (1000..=9999).contains(&year)
            && chrono::NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).is_some();
        valid.then_some(IsoWeek { year, week })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn week(self) -> u32 {
        self.week
    }

    /// The Monday the week starts on.
    pub fn monday(self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_isoywd_opt(self.year, self.week, chrono::Weekday::Mon)
            .expect("IsoWeek::new checked the week exists")
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = StoreError;
    /// Accepts `2026-W30` (and `2026-w30`); rejects `2026-30`, `2026-W3` and weeks
    /// the year does not have.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || StoreError::BadWeek(s.to_owned());
        let trimmed = s.trim();
        let (year, week) = trimmed
            .split_once(['W', 'w'])
            .and_then(|(y, w)| Some((y.strip_suffix('-')?, w)))
            .ok_or_else(bad)?;
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(week, 2) {
            return Err(bad());
        }
        let year = year.parse().map_err(|_| bad())?;
        let week = week.parse().map_err(|_| bad())?;
        IsoWeek::new(year, week).ok_or_else(bad)
    }
}

impl Serialize for IsoWeek {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoWeek {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Lower-case hex SHA-256 of some content, as `sha256sum` prints it. Identical
/// uploads have identical hashes, which is what makes re-uploading idempotent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContentHash(pub String);

impl ContentHash {
    pub fn of(bytes: &[u8]) -> ContentHash {
        use sha2::{Digest, Sha256};
        ContentHash(hex(&Sha256::digest(bytes)))
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lower-case hex of `bytes`.
pub(super) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

/// The result of a write that may find the record already there: the id, and
/// whether this call created it (`false` for a re-upload of the same content).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Saved<I> {
    pub id: I,
    pub created: bool,
}

/// How large the things the store accepts may be, given by the caller (the config).
/// Checked before anything is written, so an oversize upload costs no transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreLimits {
    /// An uploaded file (a transcript) or a CSV import, in bytes.
    pub max_file_bytes: usize,
    /// A weekly report's text or an action item's wording, in bytes.
    pub max_text_bytes: usize,
    /// An analysis or a parsed conversation as JSON, in bytes.
    pub max_json_bytes: usize,
}

impl Default for StoreLimits {
    /// As large as ingest accepts (`Limits::max_input_bytes`); a weekly report is a
    /// page or two; an analysis with all its evidence stays well under the JSON limit.
    fn default() -> Self {
        StoreLimits {
            max_file_bytes: 32 * 1024 * 1024,
            max_text_bytes: 1024 * 1024,
            max_json_bytes: 64 * 1024 * 1024,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_parse_print_and_order() {
        let week: IsoWeek = "2026-W30".parse().expect("valid week");
        assert_eq!(week.to_string(), "2026-W30");
        assert_eq!(week.monday().to_string(), "2026-07-20");
        let early: IsoWeek = "2026-w02".parse().expect("lower-case w");
        assert!(early < week);
        let (early_text, week_text) = (early.to_string(), week.to_string());
        assert!(early_text < week_text, "text order is week order");
    }

    #[test]
    fn malformed_or_missing_weeks_are_refused() {
        for bad in [
            "2026-30", "2026-W3", "2026-W00", "2026-W54", "26-W30", "2026W30", "", "2026-W3x",
        ] {
            let err = bad.parse::<IsoWeek>().expect_err(bad);
            assert!(err.to_string().contains("2026-W30"), "{err}");
        }
        // 2026 has 53 ISO weeks, 2025 does not.
        assert!("2026-W53".parse::<IsoWeek>().is_ok());
        assert!("2025-W53".parse::<IsoWeek>().is_err());
    }

    #[test]
    fn words_round_trip_and_unknown_ones_list_the_choices() {
        for role in TokenRole::ALL {
            assert_eq!(role.as_str().parse::<TokenRole>().ok(), Some(*role));
        }
        let err = "owner".parse::<TokenRole>().expect_err("not a role");
        assert_eq!(
            err.to_string(),
            "'owner' is not a valid token role; expected one of: admin, hr, manager"
        );
    }

    #[test]
    fn content_hash_is_sha256_hex() {
        assert_eq!(
            ContentHash::of(b"abc").0,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn resources_round_trip_through_columns() {
        for resource in [
            Resource::Person(PersonId(3)),
            Resource::Conversation(ConversationId(4)),
            Resource::List(ResourceKind::Report),
        ] {
            let (kind, id) = resource.to_columns();
            assert_eq!(Resource::from_columns(kind, id), resource);
        }
    }
}
