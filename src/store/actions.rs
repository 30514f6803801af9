//! Action items agreed in a conversation: who owns them, what, by when (as said,
//! and as a date when one can be read), whether they are specific, and where they
//! stand. The agenda puts the open ones from the last conversation first.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::Store;
use super::error::{StoreError, corrupt};
use super::fields::{self, MAX_LABEL_CHARS};
use super::people;
use super::types::{ActionItemId, ActionStatus, ConversationId, PersonId, StoreLimits};
use crate::domain::Repeat;

/// Who owns an action item: a person in the store, or a name as the transcript says
/// it when it is no one the store knows ("the design team", "Sarah").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionOwner {
    Person(PersonId),
    Named(String),
}

/// An action item to store with its conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActionItem {
    pub owner: ActionOwner,
    pub what: String,
    /// The deadline as said ("by Friday", "月底前"), when one was.
    pub due_text: Option<String>,
    /// The deadline as a date, when it could be worked out; for a recurring item the
    /// first occurrence.
    pub due_date: Option<NaiveDate>,
    /// How often a recurring item comes round; `None` for a one-off.
    pub repeats: Option<Repeat>,
    /// Specific and measurable (DOMAIN.md), as measure judged it.
    pub specific: bool,
    /// Where in the transcript it was agreed, when it came from one.
    pub said: Option<ItemQuote>,
}

/// The turn an action item was agreed in, and its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemQuote {
    pub turn_id: u32,
    pub quote: String,
}

/// An action item as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionItem {
    pub id: ActionItemId,
    pub conversation: ConversationId,
    pub owner: ActionOwner,
    pub what: String,
    pub due_text: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub repeats: Option<Repeat>,
    pub specific: bool,
    pub said: Option<ItemQuote>,
    pub status: ActionStatus,
    /// The first later conversation with the same employee that named it again.
    pub followed_up_in: Option<ConversationId>,
    pub created: DateTime<Utc>,
}

/// Which action items to list; every field given narrows the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionItemFilter {
    /// Items from conversations held with this employee (whoever owns them: the
    /// manager's promises to the employee belong in their follow-up too).
    pub employee: Option<PersonId>,
    /// Items this person owns.
    pub owner: Option<PersonId>,
    pub conversation: Option<ConversationId>,
    pub status: Option<ActionStatus>,
}

impl ActionItem {
    /// The date it is due on `day`: its due date, or for a recurring item the
    /// occurrence on or after `day` (a weekly check-in is due next Monday, not overdue
    /// since its first).
    pub fn due_on(&self, day: NaiveDate) -> Option<NaiveDate> {
        let first = self.due_date?;
        match self.repeats {
            Some(repeat) => repeat.current(first, day),
            None => Some(first),
        }
    }
}

impl NewActionItem {
    /// Trims and bounds the texts, before any transaction begins.
    pub(super) fn checked(self, limits: &StoreLimits) -> Result<NewActionItem, StoreError> {
        let owner = match self.owner {
            ActionOwner::Named(name) => {
                ActionOwner::Named(fields::name("an action item's owner", &name)?)
            }
            ActionOwner::Person(id) => ActionOwner::Person(id),
        };
        Ok(NewActionItem {
            owner,
            what: fields::text("an action item", &self.what, limits.max_text_bytes)?,
            due_text: fields::optional_label(
                "an action item's deadline",
                self.due_text.as_deref(),
                MAX_LABEL_CHARS,
            )?,
            said: self
                .said
                .map(|said| {
                    Ok::<_, StoreError>(ItemQuote {
                        quote: fields::text(
                            "an action item's quote",
                            &said.quote,
                            limits.max_text_bytes,
                        )?,
                        ..said
                    })
                })
                .transpose()?,
            ..self
        })
    }
}

impl Store {
    /// Adds one action item to a stored conversation (uploads add theirs with
    /// [`Store::insert_conversation`], in the same transaction).
    pub async fn add_action_item(
        &self,
        conversation: ConversationId,
        item: NewActionItem,
    ) -> Result<ActionItemId, StoreError> {
        let item = item.checked(&self.limits)?;
        self.guard(async {
            let mut tx = self.write().await?;
            super::conversations::require(&mut tx, conversation).await?;
            let id = insert(&mut tx, conversation, &item).await?;
            tx.commit().await?;
            Ok(id)
        })
        .await
    }

    /// Action items matching `filter`, oldest first.
    pub async fn action_items(
        &self,
        filter: ActionItemFilter,
    ) -> Result<Vec<ActionItem>, StoreError> {
        self.guard(async {
            let rows = sqlx::query(
                "SELECT a.id, a.conversation_id, a.owner_id, a.owner_name, a.what, a.due_text,
                        a.due_date, a.repeats, a.specific, a.turn_id, a.quote, a.status,
                        a.followed_up_in, a.created_at
                 FROM action_items a JOIN conversations c ON c.id = a.conversation_id
                 WHERE (? IS NULL OR c.employee_id = ?)
                   AND (? IS NULL OR a.owner_id = ?)
                   AND (? IS NULL OR a.conversation_id = ?)
                   AND (? IS NULL OR a.status = ?)
                 ORDER BY a.id",
            )
            .bind(filter.employee.map(|p| p.0))
            .bind(filter.employee.map(|p| p.0))
            .bind(filter.owner.map(|p| p.0))
            .bind(filter.owner.map(|p| p.0))
            .bind(filter.conversation.map(|c| c.0))
            .bind(filter.conversation.map(|c| c.0))
            .bind(filter.status.map(ActionStatus::as_str))
            .bind(filter.status.map(ActionStatus::as_str))
            .fetch_all(&self.pool)
            .await?;
            rows.iter().map(from_row).collect()
        })
        .await
    }

    /// Records that `items` were named again in the conversation `in_conversation`,
    /// for those agreed in a conversation held before it (or, on the same day or
    /// without dates, stored before it); an item already followed up keeps its first follow-up.
    pub async fn mark_followed_up(
        &self,
        items: &[ActionItemId],
        in_conversation: ConversationId,
    ) -> Result<(), StoreError> {
        if items.is_empty() {
            return Ok(());
        }
        self.guard(async {
            let mut tx = self.write().await?;
            super::conversations::require(&mut tx, in_conversation).await?;
            for item in items {
                sqlx::query(
                    "UPDATE action_items SET followed_up_in = ?1
                     WHERE id = ?2 AND followed_up_in IS NULL AND conversation_id IN (
                         SELECT c.id FROM conversations c, conversations later
                         WHERE later.id = ?1 AND c.id <> later.id
                           AND (c.held_on < later.held_on
                                OR ((c.held_on = later.held_on OR c.held_on IS NULL
                                     OR later.held_on IS NULL)
                                    AND c.id < later.id)))",
                )
                .bind(in_conversation.0)
                .bind(item.0)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// Marks an action item open, done or dropped.
    pub async fn set_action_status(
        &self,
        id: ActionItemId,
        status: ActionStatus,
    ) -> Result<(), StoreError> {
        self.guard(async {
            let mut tx = self.write().await?;
            let changed = sqlx::query("UPDATE action_items SET status = ? WHERE id = ?")
                .bind(status.as_str())
                .bind(id.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(StoreError::NoActionItem(id));
            }
            tx.commit().await?;
            Ok(())
        })
        .await
    }
}

/// Inserts one checked item; an owner given by id must exist.
pub(super) async fn insert(
    conn: &mut SqliteConnection,
    conversation: ConversationId,
    item: &NewActionItem,
) -> Result<ActionItemId, StoreError> {
    let (owner_id, owner_name) = match &item.owner {
        ActionOwner::Person(id) => {
            people::require(conn, *id).await?;
            (Some(id.0), None)
        }
        ActionOwner::Named(name) => (None, Some(name.as_str())),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO action_items
             (conversation_id, owner_id, owner_name, what, due_text, due_date, repeats,
              specific, turn_id, quote, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(conversation.0)
    .bind(owner_id)
    .bind(owner_name)
    .bind(&item.what)
    .bind(&item.due_text)
    .bind(item.due_date.map(fields::date))
    .bind(item.repeats.map(Repeat::as_str))
    .bind(item.specific)
    .bind(item.said.as_ref().map(|s| s.turn_id))
    .bind(item.said.as_ref().map(|s| s.quote.as_str()))
    .bind(ActionStatus::Open.as_str())
    .bind(fields::timestamp(fields::now()))
    .fetch_one(&mut *conn)
    .await?;
    Ok(ActionItemId(id))
}

fn from_row(row: &SqliteRow) -> Result<ActionItem, StoreError> {
    let owner = match (
        row.try_get::<Option<i64>, _>("owner_id")?,
        row.try_get::<Option<String>, _>("owner_name")?,
    ) {
        (Some(id), _) => ActionOwner::Person(PersonId(id)),
        (None, Some(name)) => ActionOwner::Named(name),
        (None, None) => return Err(corrupt("an action item", "it has no owner")),
    };
    let status: String = row.try_get("status")?;
    Ok(ActionItem {
        id: ActionItemId(row.try_get("id")?),
        conversation: ConversationId(row.try_get("conversation_id")?),
        owner,
        what: row.try_get("what")?,
        due_text: row.try_get("due_text")?,
        due_date: row
            .try_get::<Option<&str>, _>("due_date")?
            .map(fields::parse_date)
            .transpose()?,
        repeats: row
            .try_get::<Option<&str>, _>("repeats")?
            .map(|word| {
                Repeat::from_word(word).ok_or_else(|| corrupt("an action item's repeat", word))
            })
            .transpose()?,
        specific: row.try_get("specific")?,
        said: match (
            row.try_get::<Option<u32>, _>("turn_id")?,
            row.try_get::<Option<String>, _>("quote")?,
        ) {
            (Some(turn_id), Some(quote)) => Some(ItemQuote { turn_id, quote }),
            _ => None,
        },
        followed_up_in: row
            .try_get::<Option<i64>, _>("followed_up_in")?
            .map(ConversationId),
        status: status
            .parse()
            .map_err(|err| corrupt("an action item status", err))?,
        created: fields::parse_timestamp(row.try_get("created_at")?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::conversations::tests::{new_conversation, pair};
    use super::super::testing::temp_store;
    use super::*;

    fn item(owner: ActionOwner, what: &str) -> NewActionItem {
        NewActionItem {
            owner,
            what: what.into(),
            due_text: Some("周五前".into()),
            due_date: NaiveDate::from_ymd_opt(2026, 7, 24),
            repeats: None,
            specific: true,
            said: Some(ItemQuote {
                turn_id: 3,
                quote: format!("好，{what}，周五前给你。"),
            }),
        }
    }

    #[tokio::test]
    async fn items_are_listed_by_employee_owner_conversation_and_status() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        let items = vec![
            item(ActionOwner::Person(wang), "把周报模板发给张伟"),
            item(ActionOwner::Person(zhang), "安排一次技术分享"),
            item(ActionOwner::Named("设计组".into()), "出新版原型"),
        ];
        let saved = store
            .insert_conversation(new_conversation(zhang, wang, "a"), vec![], items)
            .await
            .expect("upload");
        let other = store
            .insert_conversation(new_conversation(zhang, wang, "b"), vec![], vec![])
            .await
            .expect("upload");

        let by_employee = store
            .action_items(ActionItemFilter {
                employee: Some(wang),
                ..Default::default()
            })
            .await
            .expect("list");
        assert_eq!(by_employee.len(), 3);
        assert_eq!(by_employee[0].due_text.as_deref(), Some("周五前"));
        assert_eq!(by_employee[2].owner, ActionOwner::Named("设计组".into()));

        let owned = store
            .action_items(ActionItemFilter {
                owner: Some(zhang),
                ..Default::default()
            })
            .await
            .expect("list");
        assert_eq!(owned.len(), 1);
        assert_eq!(owned[0].what, "安排一次技术分享");

        store
            .set_action_status(owned[0].id, ActionStatus::Done)
            .await
            .expect("done");
        let open = store
            .action_items(ActionItemFilter {
                conversation: Some(saved.id),
                status: Some(ActionStatus::Open),
                ..Default::default()
            })
            .await
            .expect("list");
        assert_eq!(open.len(), 2);
        let none = store
            .action_items(ActionItemFilter {
                conversation: Some(other.id),
                ..Default::default()
            })
            .await
            .expect("list");
        assert!(none.is_empty());

        let err = store
            .set_action_status(ActionItemId(999), ActionStatus::Dropped)
            .await
            .expect_err("absent");
        assert_eq!(err.to_string(), "no action item with id 999");
    }

    #[tokio::test]
    async fn a_recurring_item_keeps_its_repeat_and_is_due_at_its_next_occurrence() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        let weekly = NewActionItem {
            due_text: Some("每周五前".into()),
            repeats: Some(Repeat::Weekly),
            ..item(ActionOwner::Person(wang), "把排班发到店群里")
        };
        store
            .insert_conversation(
                new_conversation(zhang, wang, "a"),
                vec![],
                vec![weekly, item(ActionOwner::Person(wang), "交复盘文档")],
            )
            .await
            .expect("upload");
        let items = store
            .action_items(ActionItemFilter::default())
            .await
            .expect("list");
        let day = |d| NaiveDate::from_ymd_opt(2026, 8, d);
        // First due Friday 24 July; on Monday 10 August the rota is due on the 14th,
        // while the one-off document stays overdue since 24 July.
        assert_eq!(items[0].repeats, Some(Repeat::Weekly));
        assert_eq!(items[0].due_on(day(10).expect("date")), day(14));
        assert_eq!(items[1].repeats, None);
        assert_eq!(
            items[1].due_on(day(10).expect("date")),
            NaiveDate::from_ymd_opt(2026, 7, 24)
        );
    }

    #[tokio::test]
    async fn an_item_is_followed_up_only_by_a_later_conversation_and_only_once() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        let first = store
            .insert_conversation(
                new_conversation(zhang, wang, "a"),
                vec![],
                vec![item(ActionOwner::Person(wang), "压测机器")],
            )
            .await
            .expect("upload");
        let second = store
            .insert_conversation(
                new_conversation(zhang, wang, "b"),
                vec![],
                vec![item(ActionOwner::Person(zhang), "申请预算")],
            )
            .await
            .expect("upload");
        let third = store
            .insert_conversation(new_conversation(zhang, wang, "c"), vec![], vec![])
            .await
            .expect("upload");
        let items = store
            .action_items(ActionItemFilter::default())
            .await
            .expect("list");
        let ids: Vec<ActionItemId> = items.iter().map(|i| i.id).collect();

        store.mark_followed_up(&ids, second.id).await.expect("mark");
        store.mark_followed_up(&ids, third.id).await.expect("mark");
        let items = store
            .action_items(ActionItemFilter::default())
            .await
            .expect("list");
        assert_eq!(items[0].conversation, first.id);
        assert_eq!(
            items[0].followed_up_in,
            Some(second.id),
            "the first follow-up stays"
        );
        assert_eq!(items[1].followed_up_in, Some(third.id));
        assert_eq!(items[0].said.as_ref().map(|s| s.turn_id), Some(3));

        let err = store
            .mark_followed_up(&ids, ConversationId(99))
            .await
            .expect_err("no conversation");
        assert!(err.is_not_found());
    }

    #[tokio::test]
    async fn an_item_added_later_needs_a_real_conversation_and_owner() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        let saved = store
            .insert_conversation(new_conversation(zhang, wang, "a"), vec![], vec![])
            .await
            .expect("upload");
        store
            .add_action_item(saved.id, item(ActionOwner::Person(wang), "复盘"))
            .await
            .expect("add");
        let err = store
            .add_action_item(ConversationId(77), item(ActionOwner::Person(wang), "x"))
            .await
            .expect_err("no conversation");
        assert!(err.is_not_found());
        let err = store
            .add_action_item(saved.id, item(ActionOwner::Person(PersonId(77)), "x"))
            .await
            .expect_err("no owner");
        assert_eq!(err.to_string(), "no person with id 77");
        let err = store
            .add_action_item(saved.id, item(ActionOwner::Person(wang), "  "))
            .await
            .expect_err("empty");
        assert_eq!(err.to_string(), "an action item is empty; give one");
    }
}
