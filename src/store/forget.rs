//! Forgetting a person, for privacy-law requests (`DELETE /v1/people/{id}`,
//! `candor forget`): their data goes everywhere, in one transaction, and the bytes
//! do not linger in the file (the store runs with `secure_delete`, and the WAL is
//! checkpointed and truncated afterwards).
//!
//! What "their data" is — the choices, since the request is the person's:
//!
//! - Conversations where they are the **employee** are deleted, with their analyses
//!   and action items: the record is about them.
//! - Conversations where they were the **manager** are kept as the employee's record
//!   (that the meeting took place, its kind and date, the employee's own action
//!   items), but everything carrying the manager's words or name is removed: the
//!   original bytes, the parsed turns, the file name, the content hash, every
//!   analysis (analyses quote both speakers) and the manager link. The row is
//!   marked `redacted`. Deleting the whole record would erase the employee's
//!   history and HR's count of meetings for a request that was not theirs.
//! - Action items they own (by id, or by a free-text owner name equal to their
//!   name), their weekly reports, and tokens bound to them are deleted.
//! - Access-log entries about their records (their person record, the conversations
//!   and reports deleted, their action items and tokens) are deleted; entries where
//!   they were the reader keep what was read and when, but lose who read it, so the
//!   log still tells other people who saw their records as far as it can.
//! - People they managed stay, without a manager.
//!
//! Not covered: a forgotten person who spoke only as a third participant (an HR
//! observer) in someone else's conversation; participants are not people in the
//! store, so their words stay in that transcript.

use serde::Serialize;
use sqlx::SqliteConnection;

use super::Store;
use super::error::StoreError;
use super::fields;
use super::people;
use super::types::PersonId;

/// What [`Store::forget`] removed, by kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Forgotten {
    /// The person record itself (always 1).
    pub people: u64,
    /// Conversations where they were the employee.
    pub conversations_deleted: u64,
    /// Conversations where they were the manager, kept without their words.
    pub conversations_redacted: u64,
    pub analyses_deleted: u64,
    pub action_items_deleted: u64,
    pub reports_deleted: u64,
    pub tokens_deleted: u64,
    pub access_entries_deleted: u64,
    /// Entries where they were the reader, kept without naming them.
    pub access_entries_anonymised: u64,
    /// People they managed, now without a manager.
    pub people_detached: u64,
    /// Alerts about them, or about an item they owned.
    pub alerts_deleted: u64,
    /// Other people's alerts that quoted a conversation they held, kept without
    /// the quotes.
    pub alerts_redacted: u64,
}

impl Store {
    /// Removes a person's data everywhere, as the module documentation describes,
    /// and says how much of each kind went.
    pub async fn forget(&self, person: PersonId) -> Result<Forgotten, StoreError> {
        let removed = self
            .guard(async {
                let mut tx = self.write().await?;
                let name = people::require(&mut tx, person).await?.name;
                let removed = remove(&mut tx, person, &name).await?;
                tx.commit().await?;
                Ok(removed)
            })
            .await?;
        self.truncate_wal().await;
        Ok(removed)
    }

    /// Folds the WAL into the main file and empties it, so that the pages holding
    /// forgotten data (zeroed in the main file by `secure_delete`) do not live on in
    /// old WAL frames. Best effort: the data is already gone from every query, a
    /// reader in progress can hold the WAL back, and the next checkpoint clears it;
    /// so a failure here does not fail the request.
    async fn truncate_wal(&self) {
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await;
    }
}

/// Every deletion, in an order where each statement still finds the rows it
/// selects by (the access log first, the person last).
async fn remove(
    conn: &mut SqliteConnection,
    person: PersonId,
    name: &str,
) -> Result<Forgotten, StoreError> {
    let alerts = super::alerts::forget(conn, person, name).await?;
    let id = Bind::Id(person.0);
    let name = Bind::Text(name);
    let access_entries_deleted = exec(
        conn,
        "DELETE FROM access_log WHERE
            (resource_kind = 'person' AND resource_id = ?)
         OR (resource_kind = 'conversation'
             AND resource_id IN (SELECT id FROM conversations WHERE employee_id = ?))
         OR (resource_kind = 'report'
             AND resource_id IN (SELECT id FROM weekly_reports WHERE employee_id = ?))
         OR (resource_kind = 'action_item' AND resource_id IN (
             SELECT id FROM action_items
             WHERE owner_id = ? OR owner_name = ?
                OR conversation_id IN (SELECT id FROM conversations WHERE employee_id = ?)))
         OR (resource_kind = 'token'
             AND resource_id IN (SELECT id FROM tokens WHERE person_id = ?))",
        &[id, id, id, id, name, id, id],
    )
    .await?;
    let access_entries_anonymised = exec(
        conn,
        "UPDATE access_log SET actor_person_id = NULL, actor_token_id = NULL
         WHERE actor_person_id = ?
            OR actor_token_id IN (SELECT id FROM tokens WHERE person_id = ?)",
        &[id, id],
    )
    .await?;
    let action_items_deleted = exec(
        conn,
        "DELETE FROM action_items
         WHERE owner_id = ? OR owner_name = ?
            OR conversation_id IN (SELECT id FROM conversations WHERE employee_id = ?)",
        &[id, name, id],
    )
    .await?;
    // The items left in a conversation they held keep their words only in the
    // transcript being redacted: the quote goes with it.
    exec(
        conn,
        "UPDATE action_items SET quote = NULL, turn_id = NULL
         WHERE conversation_id IN (SELECT id FROM conversations WHERE manager_id = ?)",
        &[id],
    )
    .await?;
    let analyses_deleted = exec(
        conn,
        "DELETE FROM analyses WHERE conversation_id IN
             (SELECT id FROM conversations WHERE employee_id = ? OR manager_id = ?)",
        &[id, id],
    )
    .await?;
    let conversations_deleted = exec(
        conn,
        "DELETE FROM conversations WHERE employee_id = ?",
        &[id],
    )
    .await?;
    let now = fields::timestamp(fields::now());
    let conversations_redacted = exec(
        conn,
        "UPDATE conversations
         SET manager_id = NULL, original = NULL, conversation_json = NULL, source_name = NULL,
             content_hash = NULL, redacted_at = ?
         WHERE manager_id = ?",
        &[Bind::Text(&now), id],
    )
    .await?;
    let reports_deleted = exec(
        conn,
        "DELETE FROM weekly_reports WHERE employee_id = ?",
        &[id],
    )
    .await?;
    let tokens_deleted = exec(conn, "DELETE FROM tokens WHERE person_id = ?", &[id]).await?;
    let people_detached = exec(
        conn,
        "UPDATE people SET manager_id = NULL WHERE manager_id = ?",
        &[id],
    )
    .await?;
    let people = exec(conn, "DELETE FROM people WHERE id = ?", &[id]).await?;
    Ok(Forgotten {
        people,
        conversations_deleted,
        conversations_redacted,
        analyses_deleted,
        action_items_deleted,
        reports_deleted,
        tokens_deleted,
        access_entries_deleted,
        access_entries_anonymised,
        people_detached,
        alerts_deleted: alerts.deleted,
        alerts_redacted: alerts.redacted,
    })
}

/// A parameter of one of the statements above.
#[derive(Debug, Clone, Copy)]
enum Bind<'a> {
    Id(i64),
    Text(&'a str),
}

/// Runs one statement and returns how many rows it touched.
async fn exec(
    conn: &mut SqliteConnection,
    sql: &'static str,
    binds: &[Bind<'_>],
) -> Result<u64, StoreError> {
    let mut query = sqlx::query(sql);
    for bind in binds {
        query = match *bind {
            Bind::Id(id) => query.bind(id),
            Bind::Text(text) => query.bind(text.to_owned()),
        };
    }
    Ok(query.execute(&mut *conn).await?.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::super::ConversationFilter;
    use super::super::access::{Actor, NewAccess};
    use super::super::actions::{ActionItemFilter, ActionOwner, ItemQuote, NewActionItem};
    use super::super::conversations::tests::{analysis, new_conversation, owned_item};
    use super::super::reports::NewReport;
    use super::super::testing::{person, temp_store};
    use super::super::tokens::TokenSecret;
    use super::super::types::{AccessAction, ConversationId, Resource, ResourceKind, TokenRole};
    use super::*;

    /// Counts the rows of every table, to check that nothing else was touched.
    async fn counts(store: &Store) -> Vec<i64> {
        let mut out = Vec::new();
        for table in [
            "people",
            "conversations",
            "analyses",
            "action_items",
            "weekly_reports",
            "tokens",
            "access_log",
        ] {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&store.pool)
                .await
                .expect("count");
            out.push(n);
        }
        out
    }

    fn file_contains(path: &std::path::Path, needle: &str) -> bool {
        ["", "-wal"].iter().any(|suffix| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            std::fs::read(&name)
                .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        })
    }

    /// Words that appear only in 王芳's records; none may survive `forget`.
    const PRIVATE_WORDS: [&str; 4] = [
        "王芳的私人表述QX7",
        "王芳作为经理说的话QX8",
        "王芳-李娜.txt",
        "周报里的私事QX9",
    ];

    /// 陈总 → 张伟 → 王芳 → 李娜, and a record of every kind that involves 王芳,
    /// plus some that do not.
    struct Scene {
        wang: PersonId,
        li: PersonId,
        as_employee: ConversationId,
        as_manager: ConversationId,
        unrelated: ConversationId,
        secret: TokenSecret,
    }

    async fn scene(store: &Store) -> Scene {
        let boss = person(store, "陈总").await;
        let zhang = person(store, "张伟").await;
        let wang = person(store, "王芳").await;
        let li = person(store, "李娜").await;
        store.set_manager(zhang, Some(boss)).await.expect("manager");
        store.set_manager(wang, Some(zhang)).await.expect("manager");
        store.set_manager(li, Some(wang)).await.expect("manager");
        let upload = |new, items| async {
            store
                .insert_conversation(new, vec![analysis("v1")], items)
                .await
                .expect("upload")
                .id
        };
        // 王芳 as employee: deleted, with its analysis and both items.
        let as_employee = upload(
            new_conversation(zhang, wang, PRIVATE_WORDS[0]),
            vec![owned_item(wang, "整理文档"), owned_item(zhang, "安排培训")],
        )
        .await;
        // 王芳 as manager of 李娜: kept, redacted; 李娜's item stays, 王芳's go.
        let mut held = new_conversation(wang, li, PRIVATE_WORDS[1]);
        held.source_name = PRIVATE_WORDS[2].into();
        let by_name = NewActionItem {
            owner: ActionOwner::Named("王芳".into()),
            ..owned_item(li, "按名字记下的任务")
        };
        let quoted = NewActionItem {
            said: Some(ItemQuote {
                turn_id: 4,
                quote: format!("王芳：{}，周五前给我。", PRIVATE_WORDS[1]),
            }),
            ..owned_item(li, "李娜的任务")
        };
        let items = vec![quoted, owned_item(wang, "王芳的承诺"), by_name];
        let as_manager = upload(held, items).await;
        let unrelated = upload(new_conversation(boss, zhang, "无关"), vec![]).await;
        let report = store
            .insert_report(NewReport {
                employee: wang,
                week: "2026-W30".parse().expect("week"),
                text: PRIVATE_WORDS[3].into(),
                analysis_json: None,
            })
            .await
            .expect("report")
            .id;
        let (token, secret) = store
            .create_token(TokenRole::Manager, Some(wang))
            .await
            .expect("token");
        let (admin, _) = store
            .create_token(TokenRole::Admin, None)
            .await
            .expect("token");
        let (admin, token) = (Actor::of_token(&admin), Actor::of_token(&token));
        for (actor, resource) in [
            (admin, Resource::Person(wang)),
            (admin, Resource::Conversation(as_employee)),
            (admin, Resource::Report(report)),
            (admin, Resource::Token(token.token.expect("a token actor"))),
            (token, Resource::Conversation(as_manager)),
            (admin, Resource::Conversation(unrelated)),
            (Actor::local(), Resource::List(ResourceKind::Person)),
        ] {
            let entry = NewAccess {
                actor,
                action: AccessAction::Read,
                resource,
            };
            store.log_access(entry).await.expect("log");
        }
        Scene {
            wang,
            li,
            as_employee,
            as_manager,
            unrelated,
            secret,
        }
    }

    #[tokio::test]
    async fn forget_removes_everything_and_counts_it() {
        let (dir, store) = temp_store().await;
        let scene = scene(&store).await;
        let before = counts(&store).await;

        let removed = store.forget(scene.wang).await.expect("forget");
        let expected = Forgotten {
            people: 1,
            conversations_deleted: 1,
            conversations_redacted: 1,
            analyses_deleted: 2,
            action_items_deleted: 4,
            reports_deleted: 1,
            tokens_deleted: 1,
            access_entries_deleted: 4,
            access_entries_anonymised: 1,
            people_detached: 1,
            alerts_deleted: 0,
            alerts_redacted: 0,
        };
        assert_eq!(removed, expected);
        let after = counts(&store).await;
        let gone = [1, 1, 2, 4, 1, 1, 4];
        let remaining: Vec<i64> = before.iter().zip(gone).map(|(b, g)| b - g).collect();
        assert_eq!(after, remaining, "nothing else was touched");

        assert!(store.person(scene.wang).await.is_err());
        assert!(store.conversation(scene.as_employee).await.is_err());
        assert_eq!(
            store.find_token(scene.secret.expose()).await.expect("find"),
            None
        );
        assert_eq!(store.person(scene.li).await.expect("li").manager, None);
        assert!(
            store
                .latest_analysis(scene.unrelated)
                .await
                .expect("kept")
                .is_some()
        );
        store.close().await;
        let path = dir.path().join("candor.db");
        for words in PRIVATE_WORDS {
            assert!(
                !file_contains(&path, words),
                "'{words}' is still in the file"
            );
        }
    }

    #[tokio::test]
    async fn a_conversation_the_forgotten_person_managed_stays_without_their_words() {
        let (_dir, store) = temp_store().await;
        let scene = scene(&store).await;
        store.forget(scene.wang).await.expect("forget");

        let kept = store.conversation(scene.as_manager).await.expect("kept");
        assert_eq!(kept.conversation, None);
        assert_eq!(kept.summary.manager, None);
        assert_eq!(kept.summary.source_name, None);
        assert_eq!(kept.summary.content_hash, None);
        assert!(kept.summary.redacted.is_some());
        assert_eq!(kept.summary.employee, scene.li);
        let original = store.conversation_original(scene.as_manager).await;
        assert_eq!(original.expect("bytes"), None);
        assert!(
            store
                .analyses(scene.as_manager)
                .await
                .expect("list")
                .is_empty()
        );
        let filter = ActionItemFilter {
            conversation: Some(scene.as_manager),
            ..Default::default()
        };
        let items = store.action_items(filter).await.expect("items");
        let what: Vec<&str> = items.iter().map(|i| i.what.as_str()).collect();
        assert_eq!(what, ["李娜的任务"]);
        assert_eq!(
            items[0].said, None,
            "the manager's words go with the transcript"
        );
        let all = store.conversations(ConversationFilter::default()).await;
        assert_eq!(all.expect("list").len(), 2);
        let log = store.recent_access(100).await.expect("log");
        let anonymised = log
            .iter()
            .find(|e| e.resource == Resource::Conversation(scene.as_manager))
            .expect("the read of 李娜's conversation is still logged");
        assert_eq!(anonymised.actor, Actor::local());
    }

    #[tokio::test]
    async fn the_same_bytes_upload_afresh_after_the_manager_is_forgotten() {
        let (_dir, store) = temp_store().await;
        let zhang = person(&store, "张伟").await;
        let wang = person(&store, "王芳").await;
        let first = store
            .insert_conversation(new_conversation(zhang, wang, "a"), vec![], vec![])
            .await
            .expect("upload");
        store.forget(zhang).await.expect("forget");
        let boss = person(&store, "新经理").await;
        let again = store
            .insert_conversation(new_conversation(boss, wang, "a"), vec![], vec![])
            .await
            .expect("re-upload");
        assert!(
            again.created,
            "a redacted record does not swallow a new upload"
        );
        assert_ne!(again.id, first.id);
    }

    #[tokio::test]
    async fn forgetting_nobody_is_an_error_and_changes_nothing() {
        let (_dir, store) = temp_store().await;
        person(&store, "王芳").await;
        let err = store.forget(PersonId(42)).await.expect_err("absent");
        assert_eq!(err.to_string(), "no person with id 42");
        assert_eq!(store.people().await.expect("list").len(), 1);
    }
}
