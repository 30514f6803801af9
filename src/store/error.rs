//! Every way the store can fail, worded so that the person reading it knows what
//! to do. SQLite's result codes (busy, read-only, full, not a database) are turned
//! into sentences that name the file; anything else keeps sqlx's error as its source.

use std::path::{Path, PathBuf};

use super::types::{ActionItemId, AlertId, ConversationId, PersonId, ReportId, TokenId};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot open the database file {path}: {detail}; check that its folder exists and is writable"
    )]
    Open { path: PathBuf, detail: String },
    #[error(
        "the database file {path} is locked by another process; wait for it to finish or stop it, then try again"
    )]
    Locked { path: PathBuf },
    #[error("the database file {path} is read-only; check its permissions and those of its folder")]
    ReadOnly { path: PathBuf },
    #[error("the disk holding the database file {path} is full; free some space and try again")]
    DiskFull { path: PathBuf },
    #[error("{path} is not a Candor database, or it is damaged ({detail}); give another --db path")]
    NotADatabase { path: PathBuf, detail: String },
    #[error(
        "the database {path} was written by a newer Candor (it has schema version {version}, which this one does not know); upgrade Candor"
    )]
    NewerSchema { path: PathBuf, version: i64 },
    #[error("updating the schema of the database {path} failed: {source}")]
    Migrate {
        path: PathBuf,
        #[source]
        source: sqlx::migrate::MigrateError,
    },

    #[error("no person named {0}")]
    NoPersonNamed(String),
    #[error("no person with id {0}")]
    NoPerson(PersonId),
    #[error("no conversation with id {0}")]
    NoConversation(ConversationId),
    #[error("no weekly report with id {0}")]
    NoReport(ReportId),
    #[error("no action item with id {0}")]
    NoActionItem(ActionItemId),
    #[error("no token with id {0}")]
    NoToken(TokenId),
    #[error("no alert with id {0}")]
    NoAlert(AlertId),

    #[error("{what} is empty; give one")]
    Empty { what: &'static str },
    #[error("{what} is {len} characters long; at most {max} are allowed")]
    TooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{what} contains a control character (such as a line break); remove it")]
    ControlCharacter { what: &'static str },
    #[error("{what} is {size} bytes, over the limit of {limit} bytes; split it or raise the limit")]
    TooLarge {
        what: &'static str,
        size: usize,
        limit: usize,
    },
    #[error("{what} is not valid JSON: {detail}")]
    InvalidJson { what: &'static str, detail: String },
    #[error("'{value}' is not a valid {what}; expected one of: {expected}")]
    UnknownWord {
        what: &'static str,
        value: String,
        expected: String,
    },
    #[error("'{0}' is not an ISO week; write it like 2026-W30")]
    BadWeek(String),

    #[error("{name} cannot be their own manager")]
    OwnManager { name: String },
    #[error(
        "{person} cannot report to {manager}: {manager} already reports to {person}, directly or through others"
    )]
    ManagerCycle { person: String, manager: String },
    #[error(
        "the manager and the employee of a conversation must be two people, but both are {name}"
    )]
    SamePerson { name: String },
    #[error("a manager token must belong to a person: give the manager it is for (--person)")]
    ManagerTokenWithoutPerson,

    #[error("line {line} of the CSV {reason}")]
    Csv { line: u64, reason: String },
    #[error("the CSV is not UTF-8, UTF-16 or GB18030 text; save it as UTF-8 and try again")]
    CsvEncoding,

    #[error("the operating system's random number generator failed ({0}); try again")]
    Random(String),
    #[error(
        "the database holds {what} that this Candor cannot read ({detail}); was it edited by hand?"
    )]
    Corrupt { what: &'static str, detail: String },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// SQLite primary result codes (the low byte of the extended code sqlx reports).
const SQLITE_READONLY: i64 = 8;
const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_FULL: i64 = 13;
const SQLITE_CANTOPEN: i64 = 14;
const SQLITE_NOTADB: i64 = 26;

impl StoreError {
    /// Names the database file in errors that are about the file rather than the
    /// request (locked, read-only, full, damaged), so the message says which file.
    /// Called once at each public method's boundary.
    pub(super) fn at(self, path: &Path) -> StoreError {
        let StoreError::Database(source) = self else {
            return self;
        };
        let code = match &source {
            sqlx::Error::Database(db) => db.code().and_then(|c| c.parse::<i64>().ok()),
            _ => None,
        };
        let path = path.to_owned();
        match code.map(|c| c & 0xff) {
            Some(SQLITE_BUSY | SQLITE_LOCKED) => StoreError::Locked { path },
            Some(SQLITE_READONLY) => StoreError::ReadOnly { path },
            Some(SQLITE_FULL) => StoreError::DiskFull { path },
            Some(SQLITE_NOTADB | SQLITE_CORRUPT) => StoreError::NotADatabase {
                path,
                detail: source.to_string(),
            },
            Some(SQLITE_CANTOPEN) => StoreError::Open {
                path,
                detail: source.to_string(),
            },
            _ if matches!(source, sqlx::Error::PoolTimedOut) => StoreError::Locked { path },
            _ => StoreError::Database(source),
        }
    }

    /// The error for a failed schema migration: a version this build does not know
    /// means a newer Candor wrote the file.
    pub(super) fn migrate(path: &Path, source: sqlx::migrate::MigrateError) -> StoreError {
        use sqlx::migrate::MigrateError;
        match source {
            MigrateError::VersionMissing(version) => StoreError::NewerSchema {
                path: path.to_owned(),
                version,
            },
            MigrateError::Execute(err) | MigrateError::ExecuteMigration(err, _) => {
                match StoreError::Database(err).at(path) {
                    StoreError::Database(err) => StoreError::Migrate {
                        path: path.to_owned(),
                        source: MigrateError::Execute(err),
                    },
                    specific => specific,
                }
            }
            other => StoreError::Migrate {
                path: path.to_owned(),
                source: other,
            },
        }
    }

    /// Whether the request was wrong (a 4xx for the API) rather than the store.
    pub fn is_caller_error(&self) -> bool {
        !matches!(
            self,
            StoreError::Open { .. }
                | StoreError::Locked { .. }
                | StoreError::ReadOnly { .. }
                | StoreError::DiskFull { .. }
                | StoreError::NotADatabase { .. }
                | StoreError::NewerSchema { .. }
                | StoreError::Migrate { .. }
                | StoreError::Random(_)
                | StoreError::Corrupt { .. }
                | StoreError::Database(_)
        )
    }

    /// Whether the request named a record that is not there (a 404 for the API).
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            StoreError::NoPersonNamed(_)
                | StoreError::NoPerson(_)
                | StoreError::NoConversation(_)
                | StoreError::NoReport(_)
                | StoreError::NoActionItem(_)
                | StoreError::NoToken(_)
                | StoreError::NoAlert(_)
        )
    }
}

/// Shorthand for a value read back from a column that does not parse.
pub(super) fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what,
        detail: detail.to_string(),
    }
}
