//! Uploaded conversations and their analyses. An upload is the original bytes (kept,
//! so a later Candor can read them again), the format they were read as, what ingest
//! made of them, and who the manager and employee are. The SHA-256 of the bytes is
//! unique: uploading the same file again returns the record already there.
//!
//! An upload, its first analysis and its action items are written in one
//! transaction, so a process killed half-way leaves either all of them or none.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::Store;
use super::actions::{self, NewActionItem};
use super::error::{StoreError, corrupt};
use super::fields::{self, MAX_LABEL_CHARS};
use super::people;
use super::types::{AnalysisId, ContentHash, ConversationId, PersonId, Saved, StoreLimits};
use crate::domain::{Conversation, ConversationKind, Language};
use crate::ingest::Format;

/// A conversation to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewConversation {
    pub manager: PersonId,
    pub employee: PersonId,
    /// The file or upload name it came from, for lists; not used to find it.
    pub source_name: String,
    /// The format ingest read it as.
    pub format: Format,
    /// The language of the whole conversation, when it was measured.
    pub language: Option<Language>,
    /// The bytes exactly as uploaded.
    pub original: Vec<u8>,
    /// What ingest read. Its metadata's kind and date are the conversation's kind and
    /// date, so that what the caller said (which ingest lets win) is what is stored.
    pub conversation: Conversation,
}

/// An analysis to store: the JSON document and the versions that made it, so that
/// an analysis made by an older model can be told apart and redone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnalysis {
    /// The document's schema, such as `candor.analysis/1`.
    pub schema: String,
    /// The models that made it (encoder and heads), as their manifests name them.
    pub model_version: String,
    pub json: String,
}

/// An analysis as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    pub id: AnalysisId,
    pub conversation: ConversationId,
    pub schema: String,
    pub model_version: String,
    pub created: DateTime<Utc>,
    pub json: String,
}

/// A conversation without its bytes and turns, for lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConversationSummary {
    pub id: ConversationId,
    /// `None` once the manager has been forgotten.
    pub manager: Option<PersonId>,
    pub employee: PersonId,
    pub kind: Option<ConversationKind>,
    pub date: Option<NaiveDate>,
    pub created: DateTime<Utc>,
    /// `None` once redacted: a file name often carries the manager's name.
    pub source_name: Option<String>,
    pub format: Format,
    pub language: Option<Language>,
    /// `None` once redacted.
    pub content_hash: Option<ContentHash>,
    /// When the manager's words were removed (see [`Store::forget`]).
    pub redacted: Option<DateTime<Utc>>,
}

/// A conversation with what ingest read from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredConversation {
    pub summary: ConversationSummary,
    /// `None` once redacted.
    pub conversation: Option<Conversation>,
}

/// Which conversations to list; every field given narrows the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConversationFilter {
    pub manager: Option<PersonId>,
    pub employee: Option<PersonId>,
    /// Held on or after this day.
    pub from: Option<NaiveDate>,
    /// Held on or before this day.
    pub to: Option<NaiveDate>,
    /// At most this many, newest first.
    pub limit: Option<u32>,
}

/// An upload after its checks, ready to write.
struct CheckedUpload {
    conversation: NewConversation,
    source_name: String,
    json: String,
    hash: ContentHash,
}

impl Store {
    /// Stores an upload with its analyses (the measures, the coaching report…) and
    /// action items, all or nothing. When the same bytes were uploaded before,
    /// returns that conversation with `created: false` and writes nothing (the
    /// analyses and items given are dropped: the first upload's stand).
    pub async fn insert_conversation(
        &self,
        conversation: NewConversation,
        analyses: Vec<NewAnalysis>,
        action_items: Vec<NewActionItem>,
    ) -> Result<Saved<ConversationId>, StoreError> {
        let upload = check_upload(conversation, &self.limits)?;
        let analyses = analyses
            .into_iter()
            .map(|a| a.checked(&self.limits))
            .collect::<Result<Vec<_>, _>>()?;
        let items = action_items
            .into_iter()
            .map(|item| item.checked(&self.limits))
            .collect::<Result<Vec<_>, _>>()?;
        self.guard(async {
            let mut tx = self.write().await?;
            if let Some(id) = by_hash(&mut tx, &upload.hash).await? {
                return Ok(Saved { id, created: false });
            }
            let id = insert(&mut tx, &upload).await?;
            for analysis in &analyses {
                insert_analysis(&mut tx, id, analysis).await?;
            }
            for item in &items {
                actions::insert(&mut tx, id, item).await?;
            }
            tx.commit().await?;
            Ok(Saved { id, created: true })
        })
        .await
    }

    /// One conversation with what ingest read from it.
    pub async fn conversation(&self, id: ConversationId) -> Result<StoredConversation, StoreError> {
        self.guard(async {
            let row = sqlx::query(
                "SELECT id, manager_id, employee_id, kind, held_on, created_at, source_name,
                        format, language, content_hash, redacted_at, conversation_json
                 FROM conversations WHERE id = ?",
            )
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NoConversation(id))?;
            let json: Option<&str> = row.try_get("conversation_json")?;
            Ok(StoredConversation {
                summary: summary_from_row(&row)?,
                conversation: json
                    .map(|text| {
                        serde_json::from_str(text).map_err(|err| corrupt("a conversation", err))
                    })
                    .transpose()?,
            })
        })
        .await
    }

    /// The bytes as uploaded; `None` once redacted.
    pub async fn conversation_original(
        &self,
        id: ConversationId,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        self.guard(async {
            let row = sqlx::query("SELECT original FROM conversations WHERE id = ?")
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?
                .ok_or(StoreError::NoConversation(id))?;
            Ok(row.try_get("original")?)
        })
        .await
    }

    /// Conversations matching `filter`, the most recently held first (undated ones
    /// last), then the most recently uploaded.
    pub async fn conversations(
        &self,
        filter: ConversationFilter,
    ) -> Result<Vec<ConversationSummary>, StoreError> {
        self.guard(async {
            let rows = sqlx::query(
                "SELECT id, manager_id, employee_id, kind, held_on, created_at, source_name,
                        format, language, content_hash, redacted_at
                 FROM conversations
                 WHERE (? IS NULL OR manager_id = ?)
                   AND (? IS NULL OR employee_id = ?)
                   AND (? IS NULL OR held_on >= ?)
                   AND (? IS NULL OR held_on <= ?)
                 ORDER BY held_on IS NULL, held_on DESC, id DESC
                 LIMIT ?",
            )
            .bind(filter.manager.map(|p| p.0))
            .bind(filter.manager.map(|p| p.0))
            .bind(filter.employee.map(|p| p.0))
            .bind(filter.employee.map(|p| p.0))
            .bind(filter.from.map(fields::date))
            .bind(filter.from.map(fields::date))
            .bind(filter.to.map(fields::date))
            .bind(filter.to.map(fields::date))
            .bind(filter.limit.map_or(i64::MAX, i64::from))
            .fetch_all(&self.pool)
            .await?;
            rows.iter().map(summary_from_row).collect()
        })
        .await
    }

    /// Adds an analysis to a stored conversation, such as one redone by a newer model.
    pub async fn add_analysis(
        &self,
        conversation: ConversationId,
        analysis: NewAnalysis,
    ) -> Result<AnalysisId, StoreError> {
        let analysis = analysis.checked(&self.limits)?;
        self.guard(async {
            let mut tx = self.write().await?;
            require(&mut tx, conversation).await?;
            let id = insert_analysis(&mut tx, conversation, &analysis).await?;
            tx.commit().await?;
            Ok(id)
        })
        .await
    }

    /// The analysis stored last for a conversation, if any.
    pub async fn latest_analysis(
        &self,
        conversation: ConversationId,
    ) -> Result<Option<Analysis>, StoreError> {
        Ok(self
            .analyses_limited(conversation, 1)
            .await?
            .into_iter()
            .next())
    }

    /// Every analysis of a conversation, the latest first.
    pub async fn analyses(
        &self,
        conversation: ConversationId,
    ) -> Result<Vec<Analysis>, StoreError> {
        self.analyses_limited(conversation, i64::MAX).await
    }

    async fn analyses_limited(
        &self,
        conversation: ConversationId,
        limit: i64,
    ) -> Result<Vec<Analysis>, StoreError> {
        self.guard(async {
            let mut conn = self.pool.acquire().await?;
            require(&mut conn, conversation).await?;
            let rows = sqlx::query(
                "SELECT id, conversation_id, schema_version, model_version, created_at, analysis_json
                 FROM analyses WHERE conversation_id = ? ORDER BY id DESC LIMIT ?",
            )
            .bind(conversation.0)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
            rows.iter().map(analysis_from_row).collect()
        })
        .await
    }
}

impl NewAnalysis {
    fn checked(self, limits: &StoreLimits) -> Result<NewAnalysis, StoreError> {
        fields::json("the analysis", &self.json, limits.max_json_bytes)?;
        Ok(NewAnalysis {
            schema: fields::label("the analysis schema", &self.schema, MAX_LABEL_CHARS)?,
            model_version: fields::label(
                "the model version",
                &self.model_version,
                MAX_LABEL_CHARS,
            )?,
            json: self.json,
        })
    }
}

/// Checks sizes and names and hashes the bytes, before any transaction begins.
fn check_upload(
    conversation: NewConversation,
    limits: &StoreLimits,
) -> Result<CheckedUpload, StoreError> {
    if conversation.original.is_empty() {
        return Err(StoreError::Empty {
            what: "the uploaded file",
        });
    }
    fields::within(
        "the uploaded file",
        conversation.original.len(),
        limits.max_file_bytes,
    )?;
    let source_name = fields::label("the file name", &conversation.source_name, MAX_LABEL_CHARS)?;
    let json = serde_json::to_string(&conversation.conversation)
        .map_err(|err| corrupt("a conversation to store", err))?;
    fields::within("the parsed conversation", json.len(), limits.max_json_bytes)?;
    let hash = ContentHash::of(&conversation.original);
    Ok(CheckedUpload {
        conversation,
        source_name,
        json,
        hash,
    })
}

async fn by_hash(
    conn: &mut SqliteConnection,
    hash: &ContentHash,
) -> Result<Option<ConversationId>, StoreError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM conversations WHERE content_hash = ?")
        .bind(&hash.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(id.map(ConversationId))
}

/// Writes the conversation row after checking who held it.
async fn insert(
    conn: &mut SqliteConnection,
    upload: &CheckedUpload,
) -> Result<ConversationId, StoreError> {
    let new = &upload.conversation;
    let manager = people::require(conn, new.manager).await?;
    people::require(conn, new.employee).await?;
    if new.manager == new.employee {
        return Err(StoreError::SamePerson { name: manager.name });
    }
    let metadata = &new.conversation.metadata;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO conversations
             (manager_id, employee_id, kind, held_on, created_at, source_name, format,
              language, original, content_hash, conversation_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(new.manager.0)
    .bind(new.employee.0)
    .bind(metadata.kind.map(|k| k.to_string()))
    .bind(metadata.date.map(fields::date))
    .bind(fields::timestamp(fields::now()))
    .bind(&upload.source_name)
    .bind(new.format.id())
    .bind(new.language.map(language_word))
    .bind(&new.original)
    .bind(&upload.hash.0)
    .bind(&upload.json)
    .fetch_one(&mut *conn)
    .await?;
    Ok(ConversationId(id))
}

async fn insert_analysis(
    conn: &mut SqliteConnection,
    conversation: ConversationId,
    analysis: &NewAnalysis,
) -> Result<AnalysisId, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO analyses (conversation_id, schema_version, model_version, created_at, analysis_json)
         VALUES (?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(conversation.0)
    .bind(&analysis.schema)
    .bind(&analysis.model_version)
    .bind(fields::timestamp(fields::now()))
    .bind(&analysis.json)
    .fetch_one(&mut *conn)
    .await?;
    Ok(AnalysisId(id))
}

/// Fails with [`StoreError::NoConversation`] unless the conversation exists.
pub(super) async fn require(
    conn: &mut SqliteConnection,
    id: ConversationId,
) -> Result<(), StoreError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM conversations WHERE id = ?")
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    found.map(|_| ()).ok_or(StoreError::NoConversation(id))
}

fn language_word(language: Language) -> &'static str {
    match language {
        Language::Zh => "zh",
        Language::En => "en",
        Language::Mixed => "mixed",
    }
}

pub(super) fn parse_language(word: &str) -> Result<Language, StoreError> {
    match word {
        "zh" => Ok(Language::Zh),
        "en" => Ok(Language::En),
        "mixed" => Ok(Language::Mixed),
        other => Err(corrupt("a language", other)),
    }
}

fn summary_from_row(row: &SqliteRow) -> Result<ConversationSummary, StoreError> {
    let format: &str = row.try_get("format")?;
    Ok(ConversationSummary {
        id: ConversationId(row.try_get("id")?),
        manager: row.try_get::<Option<i64>, _>("manager_id")?.map(PersonId),
        employee: PersonId(row.try_get("employee_id")?),
        kind: row
            .try_get::<Option<&str>, _>("kind")?
            .map(|k| k.parse().map_err(|err| corrupt("a conversation kind", err)))
            .transpose()?,
        date: row
            .try_get::<Option<&str>, _>("held_on")?
            .map(fields::parse_date)
            .transpose()?,
        created: fields::parse_timestamp(row.try_get("created_at")?)?,
        source_name: row.try_get("source_name")?,
        format: format.parse().map_err(|err| corrupt("a format", err))?,
        language: row
            .try_get::<Option<&str>, _>("language")?
            .map(parse_language)
            .transpose()?,
        content_hash: row
            .try_get::<Option<String>, _>("content_hash")?
            .map(ContentHash),
        redacted: row
            .try_get::<Option<&str>, _>("redacted_at")?
            .map(fields::parse_timestamp)
            .transpose()?,
    })
}

fn analysis_from_row(row: &SqliteRow) -> Result<Analysis, StoreError> {
    Ok(Analysis {
        id: AnalysisId(row.try_get("id")?),
        conversation: ConversationId(row.try_get("conversation_id")?),
        schema: row.try_get("schema_version")?,
        model_version: row.try_get("model_version")?,
        created: fields::parse_timestamp(row.try_get("created_at")?)?,
        json: row.try_get("analysis_json")?,
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::actions::ActionOwner;
    use super::super::testing::{person, temp_store};
    use super::*;
    use crate::domain::{Metadata, Turn, TurnId};

    /// A manager and an employee.
    pub(crate) async fn pair(store: &Store) -> (PersonId, PersonId) {
        let zhang = person(store, "张伟").await;
        let wang = person(store, "王芳").await;
        store.set_manager(wang, Some(zhang)).await.expect("manager");
        (zhang, wang)
    }

    /// A small plain-text conversation; `salt` makes its bytes unique.
    pub(crate) fn new_conversation(
        manager: PersonId,
        employee: PersonId,
        salt: &str,
    ) -> NewConversation {
        let text = format!("张伟：最近项目进展怎么样？\n王芳：按计划推进，{salt}。\n");
        let turn = |id, speaker: &str, text: &str| Turn {
            id: TurnId(id),
            speaker: speaker.into(),
            segments: vec![],
            text: text.into(),
            line: Some(id as usize),
        };
        NewConversation {
            manager,
            employee,
            source_name: "张伟-王芳.txt".into(),
            format: Format::Plain,
            language: Some(Language::Zh),
            original: text.into_bytes(),
            conversation: Conversation {
                metadata: Metadata {
                    manager: Some("张伟".into()),
                    employee: Some("王芳".into()),
                    kind: Some(ConversationKind::Coaching),
                    date: NaiveDate::from_ymd_opt(2026, 7, 20),
                    ..Metadata::default()
                },
                turns: vec![
                    turn(1, "张伟", "最近项目进展怎么样？"),
                    turn(2, "王芳", "按计划推进。"),
                ],
            },
        }
    }

    pub(crate) fn analysis(model: &str) -> NewAnalysis {
        NewAnalysis {
            schema: "candor.analysis/1".into(),
            model_version: model.into(),
            json: format!(r#"{{"schema":"candor.analysis/1","model":"{model}"}}"#),
        }
    }

    pub(crate) fn owned_item(owner: PersonId, what: &str) -> NewActionItem {
        NewActionItem {
            owner: ActionOwner::Person(owner),
            what: what.into(),
            due_text: None,
            due_date: None,
            repeats: None,
            specific: false,
            said: None,
        }
    }

    #[tokio::test]
    async fn uploading_the_same_bytes_again_returns_the_same_record() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        let first = store
            .insert_conversation(
                new_conversation(zhang, wang, "a"),
                vec![analysis("e5-small+heads-3")],
                vec![owned_item(wang, "周五前交周报")],
            )
            .await
            .expect("upload");
        assert!(first.created);
        let again = store
            .insert_conversation(
                new_conversation(zhang, wang, "a"),
                vec![analysis("other")],
                vec![owned_item(wang, "另一件事")],
            )
            .await
            .expect("re-upload");
        assert_eq!(
            again,
            Saved {
                id: first.id,
                created: false
            }
        );
        assert_eq!(store.analyses(first.id).await.expect("list").len(), 1);
        let all = store
            .conversations(ConversationFilter::default())
            .await
            .expect("list");
        assert_eq!(all.len(), 1);

        let other = store
            .insert_conversation(new_conversation(zhang, wang, "b"), vec![], vec![])
            .await
            .expect("different bytes");
        assert!(other.created);
        assert_ne!(other.id, first.id);
    }

    #[tokio::test]
    async fn a_stored_conversation_reads_back_whole() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        let new = new_conversation(zhang, wang, "a");
        let saved = store
            .insert_conversation(new.clone(), vec![], vec![])
            .await
            .expect("upload");
        let stored = store.conversation(saved.id).await.expect("get");
        assert_eq!(stored.conversation.as_ref(), Some(&new.conversation));
        let summary = &stored.summary;
        assert_eq!(summary.manager, Some(zhang));
        assert_eq!(summary.employee, wang);
        assert_eq!(summary.kind, Some(ConversationKind::Coaching));
        assert_eq!(summary.date, NaiveDate::from_ymd_opt(2026, 7, 20));
        assert_eq!(summary.format, Format::Plain);
        assert_eq!(summary.language, Some(Language::Zh));
        assert_eq!(summary.content_hash, Some(ContentHash::of(&new.original)));
        assert_eq!(summary.redacted, None);
        let original = store.conversation_original(saved.id).await.expect("bytes");
        assert_eq!(original.as_deref(), Some(new.original.as_slice()));
        assert!(store.conversation(ConversationId(9)).await.is_err());
    }

    #[tokio::test]
    async fn analyses_accumulate_and_the_latest_is_found() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        let saved = store
            .insert_conversation(
                new_conversation(zhang, wang, "a"),
                vec![analysis("v1")],
                vec![],
            )
            .await
            .expect("upload");
        store
            .add_analysis(saved.id, analysis("v2"))
            .await
            .expect("redo");
        let latest = store.latest_analysis(saved.id).await.expect("latest");
        assert_eq!(latest.map(|a| a.model_version).as_deref(), Some("v2"));
        assert_eq!(store.analyses(saved.id).await.expect("all").len(), 2);
        let bad = NewAnalysis {
            json: "{not json".into(),
            ..analysis("v3")
        };
        let err = store
            .add_analysis(saved.id, bad)
            .await
            .expect_err("invalid");
        assert!(
            err.to_string()
                .starts_with("the analysis is not valid JSON"),
            "{err}"
        );
        assert!(
            store
                .add_analysis(ConversationId(5), analysis("v1"))
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn lists_filter_by_person_and_date() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        let li = person(&store, "李娜").await;
        let mut early = new_conversation(zhang, wang, "early");
        early.conversation.metadata.date = NaiveDate::from_ymd_opt(2026, 6, 1);
        store
            .insert_conversation(early, vec![], vec![])
            .await
            .expect("upload");
        store
            .insert_conversation(new_conversation(zhang, wang, "late"), vec![], vec![])
            .await
            .expect("upload");
        store
            .insert_conversation(new_conversation(zhang, li, "li"), vec![], vec![])
            .await
            .expect("upload");
        let of_wang = store
            .conversations(ConversationFilter {
                employee: Some(wang),
                ..Default::default()
            })
            .await
            .expect("list");
        assert_eq!(of_wang.len(), 2);
        assert_eq!(
            of_wang[0].date,
            NaiveDate::from_ymd_opt(2026, 7, 20),
            "newest first"
        );
        let july = store
            .conversations(ConversationFilter {
                manager: Some(zhang),
                from: NaiveDate::from_ymd_opt(2026, 7, 1),
                ..Default::default()
            })
            .await
            .expect("list");
        assert_eq!(july.len(), 2);
        let one = store
            .conversations(ConversationFilter {
                limit: Some(1),
                ..Default::default()
            })
            .await
            .expect("list");
        assert_eq!(one.len(), 1);
    }

    #[tokio::test]
    async fn bad_uploads_are_refused_before_writing() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let limits = StoreLimits {
            max_file_bytes: 100,
            ..StoreLimits::default()
        };
        let store = Store::open(dir.path().join("c.db"), limits)
            .await
            .expect("open");
        let (zhang, wang) = pair(&store).await;

        let mut big = new_conversation(zhang, wang, "a");
        big.original = vec![b'x'; 101];
        let err = store
            .insert_conversation(big, vec![], vec![])
            .await
            .expect_err("big");
        assert_eq!(
            err.to_string(),
            "the uploaded file is 101 bytes, over the limit of 100 bytes; split it or raise the limit"
        );
        let same = new_conversation(zhang, zhang, "a");
        let err = store
            .insert_conversation(same, vec![], vec![])
            .await
            .expect_err("same");
        assert!(err.to_string().contains("both are 张伟"), "{err}");
        let nobody = new_conversation(zhang, PersonId(99), "a");
        let err = store
            .insert_conversation(nobody, vec![], vec![])
            .await
            .expect_err("absent");
        assert_eq!(err.to_string(), "no person with id 99");
        assert!(
            store
                .conversations(ConversationFilter::default())
                .await
                .expect("list")
                .is_empty()
        );
    }

    #[tokio::test]
    async fn a_failure_after_the_conversation_row_leaves_nothing() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        // The conversation and its analysis are written before the second item's
        // owner turns out not to exist.
        let items = vec![
            owned_item(wang, "第一件"),
            owned_item(PersonId(404), "第二件"),
        ];
        let err = store
            .insert_conversation(
                new_conversation(zhang, wang, "a"),
                vec![analysis("v1")],
                items,
            )
            .await
            .expect_err("missing owner");
        assert_eq!(err.to_string(), "no person with id 404");
        assert!(
            store
                .conversations(ConversationFilter::default())
                .await
                .expect("list")
                .is_empty()
        );
        let rows: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM analyses) + (SELECT COUNT(*) FROM action_items)",
        )
        .fetch_one(&store.pool)
        .await
        .expect("count");
        assert_eq!(rows, 0);
    }

    /// The environment variable that turns [`upload_until_killed`] on.
    const CRASH_DB: &str = "CANDOR_STORE_CRASH_DB";
    /// Action items per upload in the crash test: enough that most of the child's
    /// time is spent inside a transaction, where the kill should land.
    const CRASH_ITEMS: usize = 40;

    /// The child half of the crash test: uploads until killed. Ignored, and a no-op
    /// unless [`CRASH_DB`] is set, so it only runs when the parent starts it.
    #[tokio::test]
    #[ignore = "run by a_killed_upload_leaves_no_half_written_record in a child process"]
    async fn upload_until_killed() {
        let Ok(path) = std::env::var(CRASH_DB) else {
            return;
        };
        let store = Store::open(&path, StoreLimits::default())
            .await
            .expect("open");
        let (zhang, wang) = pair(&store).await;
        let padding = "进展顺利。".repeat(20_000);
        for n in 0..100_000 {
            let mut new = new_conversation(zhang, wang, &format!("{n}{padding}"));
            new.source_name = format!("upload-{n}.txt");
            let items = (0..CRASH_ITEMS)
                .map(|i| owned_item(wang, &format!("第{i}件事")))
                .collect();
            store
                .insert_conversation(new, vec![analysis("v1")], items)
                .await
                .expect("upload");
        }
    }

    /// Issue 5: "a killed process (kill -9 mid-upload) leaves no half-written record".
    /// A child process uploads in a loop; it is killed with SIGKILL; every
    /// conversation left must have its analysis and all its action items.
    #[tokio::test]
    async fn a_killed_upload_leaves_no_half_written_record() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("crash.db");
        // Create the schema first, so the child and the watcher do not race to.
        let setup = Store::open(&path, StoreLimits::default())
            .await
            .expect("create");
        setup.close().await;
        let test = concat!(module_path!(), "::upload_until_killed");
        let test = test.split_once("::").map_or(test, |(_, rest)| rest);
        let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args([test, "--exact", "--ignored", "--test-threads=1", "--quiet"])
            .env(CRASH_DB, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start the uploading child");

        let watcher = Store::open(&path, StoreLimits::default())
            .await
            .expect("open");
        let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
        loop {
            let uploads = watcher
                .conversations(ConversationFilter::default())
                .await
                .map_or(0, |list| list.len());
            if uploads >= 3 || std::time::Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(37)).await;
        child.kill().expect("SIGKILL the child");
        let status = child.wait().expect("reap the child");
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                status.signal(),
                Some(9),
                "the child was killed, not done: {status}"
            );
        }
        watcher.close().await;

        let store = Store::open(&path, StoreLimits::default())
            .await
            .expect("reopen");
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&store.pool)
            .await
            .expect("integrity check");
        assert_eq!(integrity, "ok");
        let uploads = store
            .conversations(ConversationFilter::default())
            .await
            .expect("list");
        assert!(
            uploads.len() >= 3,
            "the child uploaded {} before the kill",
            uploads.len()
        );
        for upload in &uploads {
            assert_eq!(store.analyses(upload.id).await.expect("analyses").len(), 1);
            let items = store
                .action_items(super::super::ActionItemFilter {
                    conversation: Some(upload.id),
                    ..Default::default()
                })
                .await
                .expect("items");
            assert_eq!(items.len(), CRASH_ITEMS, "conversation {}", upload.id);
        }
        let orphans: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM action_items WHERE conversation_id NOT IN (SELECT id FROM conversations)",
        )
        .fetch_one(&store.pool)
        .await
        .expect("count");
        assert_eq!(orphans, 0);
    }
}
