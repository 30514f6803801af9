//! Conversations over a period as the audit and the agenda read them: who held them,
//! with whom, in which department, when and of what kind, one stored analysis of a
//! chosen schema, and how many of their action items were followed up. One query
//! for the whole period, so that an audit over a thousand conversations is one
//! round trip, not a thousand.

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::Store;
use super::conversations::parse_language;
use super::error::{StoreError, corrupt};
use super::fields;
use super::types::{ConversationId, PersonId};
use crate::domain::{ConversationKind, Language};

/// One conversation with the people, the analysis and the counts the products need.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationRecord {
    pub id: ConversationId,
    /// `None` once the manager has been forgotten.
    pub manager: Option<(PersonId, String)>,
    pub employee: (PersonId, String),
    /// The employee's department (the conversation belongs where the employee is).
    pub department: Option<String>,
    pub kind: Option<ConversationKind>,
    /// The day it was held, or else the day it was uploaded.
    pub date: NaiveDate,
    pub language: Option<Language>,
    /// The latest stored analysis of the schema asked for, when there is one.
    pub analysis_json: Option<String>,
    /// Action items agreed in it.
    pub items_agreed: u32,
    /// Of those, the ones a later conversation named again or that were closed.
    pub items_followed_up: u32,
}

/// Which conversations to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordFilter<'a> {
    /// Held on or after this day.
    pub from: Option<NaiveDate>,
    /// Held on or before this day.
    pub to: Option<NaiveDate>,
    /// Only this employee's.
    pub employee: Option<PersonId>,
    /// The analysis schema to return with each, such as `candor.conversation_facts/1`.
    pub schema: &'a str,
}

impl Store {
    /// Conversations matching `filter`, oldest first, each with the latest analysis of
    /// `filter.schema`.
    pub async fn conversation_records(
        &self,
        filter: RecordFilter<'_>,
    ) -> Result<Vec<ConversationRecord>, StoreError> {
        self.guard(async {
            let rows = sqlx::query(
                "SELECT c.id, c.manager_id, m.name AS manager_name, c.employee_id,
                        e.name AS employee_name, e.department, c.kind, c.language,
                        COALESCE(c.held_on, substr(c.created_at, 1, 10)) AS day,
                        (SELECT a.analysis_json FROM analyses a
                         WHERE a.conversation_id = c.id AND a.schema_version = ?1
                         ORDER BY a.id DESC LIMIT 1) AS analysis_json,
                        (SELECT COUNT(*) FROM action_items i
                         WHERE i.conversation_id = c.id) AS items_agreed,
                        (SELECT COUNT(*) FROM action_items i
                         WHERE i.conversation_id = c.id
                           AND (i.followed_up_in IS NOT NULL OR i.status <> 'open'))
                            AS items_followed_up
                 FROM conversations c
                 JOIN people e ON e.id = c.employee_id
                 LEFT JOIN people m ON m.id = c.manager_id
                 WHERE (?2 IS NULL OR COALESCE(c.held_on, substr(c.created_at, 1, 10)) >= ?2)
                   AND (?3 IS NULL OR COALESCE(c.held_on, substr(c.created_at, 1, 10)) <= ?3)
                   AND (?4 IS NULL OR c.employee_id = ?4)
                 ORDER BY day, c.id",
            )
            .bind(filter.schema)
            .bind(filter.from.map(fields::date))
            .bind(filter.to.map(fields::date))
            .bind(filter.employee.map(|p| p.0))
            .fetch_all(&self.pool)
            .await?;
            rows.iter().map(record_from_row).collect()
        })
        .await
    }

    /// The latest analysis of `schema` stored for a conversation, if any; `None` also
    /// when there is no such conversation.
    pub async fn analysis_of(
        &self,
        conversation: ConversationId,
        schema: &str,
    ) -> Result<Option<String>, StoreError> {
        self.guard(async {
            Ok(sqlx::query_scalar(
                "SELECT analysis_json FROM analyses
                 WHERE conversation_id = ? AND schema_version = ?
                 ORDER BY id DESC LIMIT 1",
            )
            .bind(conversation.0)
            .bind(schema)
            .fetch_optional(&self.pool)
            .await?)
        })
        .await
    }
}

fn record_from_row(row: &SqliteRow) -> Result<ConversationRecord, StoreError> {
    let manager = match (
        row.try_get::<Option<i64>, _>("manager_id")?,
        row.try_get::<Option<String>, _>("manager_name")?,
    ) {
        (Some(id), Some(name)) => Some((PersonId(id), name)),
        _ => None,
    };
    let count = |column: &str| -> Result<u32, StoreError> {
        let n: i64 = row.try_get(column)?;
        u32::try_from(n).map_err(|err| corrupt("an action item count", err))
    };
    Ok(ConversationRecord {
        id: ConversationId(row.try_get("id")?),
        manager,
        employee: (
            PersonId(row.try_get("employee_id")?),
            row.try_get("employee_name")?,
        ),
        department: row.try_get("department")?,
        kind: row
            .try_get::<Option<String>, _>("kind")?
            .map(|k| k.parse())
            .transpose()
            .map_err(|err| corrupt("a conversation kind", err))?,
        date: fields::parse_date(row.try_get("day")?)?,
        language: row
            .try_get::<Option<&str>, _>("language")?
            .map(parse_language)
            .transpose()?,
        analysis_json: row.try_get("analysis_json")?,
        items_agreed: count("items_agreed")?,
        items_followed_up: count("items_followed_up")?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::actions::ActionItemFilter;
    use super::super::conversations::tests::{analysis, new_conversation, owned_item, pair};
    use super::super::testing::temp_store;
    use super::*;

    #[tokio::test]
    async fn records_carry_people_the_asked_analysis_and_follow_up_counts() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        store
            .set_department(wang, Some("研发部"))
            .await
            .expect("department");
        let first = store
            .insert_conversation(
                new_conversation(zhang, wang, "a"),
                vec![analysis("m1")],
                vec![owned_item(wang, "压测"), owned_item(zhang, "预算")],
            )
            .await
            .expect("upload");
        let second = store
            .insert_conversation(new_conversation(zhang, wang, "b"), vec![], vec![])
            .await
            .expect("upload");
        let items = store
            .action_items(ActionItemFilter::default())
            .await
            .expect("items");
        store
            .mark_followed_up(&[items[0].id], second.id)
            .await
            .expect("mark");

        let records = store
            .conversation_records(RecordFilter {
                from: None,
                to: None,
                employee: Some(wang),
                schema: "candor.analysis/1",
            })
            .await
            .expect("records");
        assert_eq!(records.len(), 2);
        let record = &records[0];
        assert_eq!(record.id, first.id);
        assert_eq!(record.manager, Some((zhang, "张伟".to_owned())));
        assert_eq!(record.employee, (wang, "王芳".to_owned()));
        assert_eq!(record.department.as_deref(), Some("研发部"));
        assert_eq!((record.items_agreed, record.items_followed_up), (2, 1));
        assert!(
            record
                .analysis_json
                .as_deref()
                .is_some_and(|j| j.contains("m1"))
        );
        assert_eq!(records[1].analysis_json, None);

        let none = store
            .conversation_records(RecordFilter {
                from: Some(record.date.succ_opt().expect("day")),
                to: None,
                employee: None,
                schema: "candor.analysis/1",
            })
            .await
            .expect("records");
        assert!(none.is_empty());
        let json = store
            .analysis_of(first.id, "candor.analysis/1")
            .await
            .expect("analysis");
        assert!(json.is_some_and(|j| j.contains("m1")));
        let absent = store.analysis_of(first.id, "candor.coaching/1").await;
        assert_eq!(absent.expect("query"), None);
    }
}
