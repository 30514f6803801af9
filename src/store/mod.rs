//! Candor's records, and the only place with SQL: people and who manages whom,
//! uploaded conversations with their analyses and action items, weekly reports,
//! API tokens and the access log, in one SQLite file (WAL) by default.
//!
//! One [`Store`] handle (cheap to clone) with async methods, one file per kind of
//! record, each adding its methods to `Store`:
//!
//! | file | owns |
//! |---|---|
//! | `people.rs` | people, managers, teams (transitive), departments |
//! | `org_csv.rs` | importing the org chart from CSV in one transaction |
//! | `conversations.rs` | uploads (idempotent by content hash) and their analyses |
//! | `actions.rs` | action items and their status |
//! | `records.rs` | conversations over a period with people, one analysis and follow-up counts |
//! | `reports.rs` | weekly reports per employee and ISO week |
//! | `alerts.rs` | alerts about an employee, their acknowledgement and webhook delivery |
//! | `tokens.rs` | API tokens, kept as hashes of their secrets |
//! | `access.rs` | the append-only access log |
//! | `forget.rs` | removing a person's data everywhere |
//!
//! Queries are checked at run time (`sqlx::query`), not by sqlx's macros, so the
//! crate builds without a database. Every write that must be all-or-nothing (an
//! upload with its analysis and action items, a CSV import, `forget`) runs in one
//! transaction begun with `BEGIN IMMEDIATE`, which takes the write lock up front:
//! a process killed mid-write leaves the file as it was before the transaction,
//! and two writers queue on the busy timeout instead of failing on a lock upgrade.
//!
//! The store does not decide who may see what; the API does, with
//! [`Store::manages`] and [`Store::people_in_department`].

mod access;
mod actions;
mod alerts;
mod conversations;
mod error;
mod fields;
mod forget;
mod org_csv;
mod people;
mod records;
mod reports;
mod tokens;
mod types;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{SqlSafeStr, Sqlite, Transaction};

pub use access::{AccessEntry, Actor, NewAccess};
pub use actions::{ActionItem, ActionItemFilter, ActionOwner, ItemQuote, NewActionItem};
pub use alerts::{Alert, AlertEvidence, AlertFilter, EvidenceSource, NewAlert};
pub use conversations::{
    Analysis, ConversationFilter, ConversationSummary, NewAnalysis, NewConversation,
    StoredConversation,
};
pub use error::StoreError;
pub use fields::{MAX_LABEL_CHARS, MAX_NAME_CHARS};
pub use forget::Forgotten;
pub use org_csv::ImportSummary;
pub use people::Person;
pub use records::{ConversationRecord, RecordFilter};
pub use reports::{NewReport, WeeklyReport};
pub use tokens::{Token, TokenSecret};
pub use types::{
    AccessAction, AccessId, ActionItemId, ActionStatus, AlertId, AlertKind, AnalysisId,
    ContentHash, ConversationId, IsoWeek, PersonId, ReportId, Resource, ResourceKind, Saved,
    StoreLimits, TokenId, TokenRole,
};

/// How long a write waits for another writer (another process, or another request)
/// before giving up with [`StoreError::Locked`]. Uploads commit in milliseconds;
/// five seconds rides out a burst without hanging a request for long.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite serialises writers anyway; a few connections let reads run beside a write.
const MAX_CONNECTIONS: u32 = 4;

/// The schema, embedded in the binary so that a copied `candor` needs no files
/// beside it. Versions only grow; a file with a version not listed here was
/// written by a newer Candor and is refused rather than misread.
static MIGRATOR: LazyLock<Migrator> = LazyLock::new(|| {
    Migrator::with_migrations(vec![
        migration(
            1,
            "records",
            include_str!("../../migrations/sqlite/0001_records.sql"),
        ),
        migration(
            2,
            "alerts",
            include_str!("../../migrations/sqlite/0002_alerts.sql"),
        ),
        migration(
            3,
            "follow_up",
            include_str!("../../migrations/sqlite/0003_follow_up.sql"),
        ),
        migration(
            4,
            "repeats",
            include_str!("../../migrations/sqlite/0004_repeats.sql"),
        ),
    ])
});

fn migration(version: i64, name: &'static str, sql: &'static str) -> Migration {
    Migration::new(
        version,
        Cow::Borrowed(name),
        MigrationType::Simple,
        sql.into_sql_str(),
        false,
    )
}

/// A handle on one Candor database. Cloning it shares the connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: Arc<Path>,
    limits: StoreLimits,
}

impl Store {
    /// Opens (creating when absent) the database file at `path` and brings its
    /// schema up to date. WAL journal, foreign keys enforced, `synchronous=NORMAL`:
    /// a killed process loses nothing committed; a power cut may lose the last
    /// commits but never leaves a torn one.
    pub async fn open(path: impl AsRef<Path>, limits: StoreLimits) -> Result<Store, StoreError> {
        let path: Arc<Path> = Arc::from(path.as_ref());
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Deleted content is overwritten with zeros, so that what `forget`
            // removes cannot be read back from the file's free pages.
            .pragma("secure_delete", "ON")
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(BUSY_TIMEOUT * 2)
            .connect_with(options)
            .await
            .map_err(|err| open_error(&path, err))?;
        let store = Store { pool, path, limits };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the migrations this build has and the file lacks; a no-op on a file
    /// that is up to date, so running it twice is harmless.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|err| StoreError::migrate(&self.path, err))
    }

    /// Waits for queries in flight, then closes every connection; the last one to
    /// close folds the WAL back into the main file.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn limits(&self) -> StoreLimits {
        self.limits
    }

    /// Runs one public operation, naming the database file in errors about the file
    /// (locked, read-only, full) rather than about the request.
    async fn guard<T>(
        &self,
        work: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        work.await.map_err(|err| err.at(&self.path))
    }

    /// A transaction that holds the write lock from its first statement, so that it
    /// waits for other writers (busy timeout) instead of failing half-way when a
    /// read lock cannot be upgraded. Dropped without `commit`, it rolls back.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// The error for a file that could not be opened at all.
fn open_error(path: &Path, err: sqlx::Error) -> StoreError {
    match StoreError::Database(err).at(path) {
        StoreError::Database(err) => StoreError::Open {
            path: PathBuf::from(path),
            detail: err.to_string(),
        },
        specific => specific,
    }
}

/// What the tests of every record file share: a store on a fresh temporary file.
#[cfg(test)]
pub(crate) mod testing {
    use super::{PersonId, Store, StoreLimits};

    /// A store in its own temporary folder; keep the folder alive as long as the store.
    pub(crate) async fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = Store::open(dir.path().join("candor.db"), StoreLimits::default())
            .await
            .expect("open a fresh store");
        (dir, store)
    }

    /// Creates (or finds) a person by name.
    pub(crate) async fn person(store: &Store, name: &str) -> PersonId {
        store.upsert_person(name, None).await.expect("upsert").id
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{person, temp_store};
    use super::*;

    #[tokio::test]
    async fn migrations_run_twice_harmlessly_and_reopening_keeps_the_data() {
        let (dir, store) = temp_store().await;
        let wang = person(&store, "王芳").await;
        store.migrate().await.expect("second run is a no-op");
        store.migrate().await.expect("third run too");
        store.close().await;

        let path = dir.path().join("candor.db");
        let reopened = Store::open(&path, StoreLimits::default())
            .await
            .expect("reopen");
        let found = reopened.person_by_name("王芳").await.expect("still there");
        assert_eq!(found.id, wang);
        reopened.close().await;
    }

    #[tokio::test]
    async fn the_store_uses_wal_and_enforces_foreign_keys() {
        let (_dir, store) = temp_store().await;
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&store.pool)
            .await
            .expect("pragma");
        assert_eq!(mode, "wal");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&store.pool)
            .await
            .expect("pragma");
        assert_eq!(fk, 1);
    }

    #[tokio::test]
    async fn a_file_written_by_a_newer_candor_is_refused() {
        let (dir, store) = temp_store().await;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (99, 'future', TRUE, x'00', 0)",
        )
        .execute(&store.pool)
        .await
        .expect("pretend a newer schema");
        store.close().await;
        let err = Store::open(dir.path().join("candor.db"), StoreLimits::default())
            .await
            .expect_err("newer schema");
        assert!(err.to_string().contains("newer Candor"), "{err}");
    }

    #[tokio::test]
    async fn a_file_that_is_not_a_database_is_named() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "this is not SQLite, just some notes ".repeat(200))
            .expect("write file");
        let err = Store::open(&path, StoreLimits::default())
            .await
            .expect_err("not a database");
        assert!(err.to_string().contains("notes.txt"), "{err}");
    }

    #[tokio::test]
    async fn a_missing_folder_is_an_open_error_naming_the_path() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("no/such/folder/candor.db");
        let err = Store::open(&path, StoreLimits::default())
            .await
            .expect_err("missing folder");
        assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
        assert!(err.to_string().contains("no/such/folder"), "{err}");
    }

    #[tokio::test]
    async fn a_writer_holding_the_lock_gives_a_locked_error_naming_the_file() {
        let (dir, store) = temp_store().await;
        let path = dir.path().join("candor.db");
        // Another process's write transaction, simulated by a second pool on the file
        // with a short busy timeout on our side.
        let other = Store::open(&path, StoreLimits::default())
            .await
            .expect("second handle");
        let mut held = other.write().await.expect("take the write lock");
        sqlx::query(
            "INSERT INTO people (name, created_at) VALUES ('占位', '2026-01-01T00:00:00.000Z')",
        )
        .execute(&mut *held)
        .await
        .expect("write under the lock");
        let started = std::time::Instant::now();
        let err = store
            .upsert_person("王芳", None)
            .await
            .expect_err("locked out");
        assert!(started.elapsed() >= BUSY_TIMEOUT / 2, "waited for the lock");
        assert_eq!(
            err.to_string(),
            format!(
                "the database file {} is locked by another process; wait for it to finish or stop it, then try again",
                path.display()
            )
        );
        drop(held);
        assert!(store.upsert_person("王芳", None).await.is_ok());
    }

    #[test]
    fn every_migration_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("migrations folder")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| Path::new(name).extension().is_some_and(|e| e == "sql"))
            .collect();
        files.sort();
        let versions: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
        let from_files: Vec<i64> = files
            .iter()
            .filter_map(|name| name.split('_').next()?.parse().ok())
            .collect();
        assert_eq!(versions, from_files, "register each file in MIGRATOR");
    }
}
