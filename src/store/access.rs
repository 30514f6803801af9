//! The access log: who read or changed which record, when. Append-only through this
//! API; only [`Store::forget`] removes entries (about the forgotten person's records)
//! or blanks their actor (where the forgotten person was the reader).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::Store;
use super::error::{StoreError, corrupt};
use super::fields;
use super::tokens::Token;
use super::types::{AccessAction, AccessId, PersonId, Resource, ResourceKind, TokenId};

/// Who acted. Both `None` is the local command line (or, after [`Store::forget`],
/// a reader who asked to be forgotten).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub token: Option<TokenId>,
    pub person: Option<PersonId>,
}

impl Actor {
    /// Someone using the command line on the machine itself.
    pub fn local() -> Actor {
        Actor::default()
    }

    /// The holder of an API token.
    pub fn of_token(token: &Token) -> Actor {
        Actor {
            token: Some(token.id),
            person: token.person,
        }
    }
}

/// An entry to append.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewAccess {
    pub actor: Actor,
    pub action: AccessAction,
    pub resource: Resource,
}

/// An entry as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AccessEntry {
    pub id: AccessId,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: AccessAction,
    pub resource: Resource,
}

impl Store {
    /// Appends one entry, stamped now.
    pub async fn log_access(&self, entry: NewAccess) -> Result<AccessId, StoreError> {
        let (kind, resource_id) = entry.resource.to_columns();
        self.guard(async {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO access_log
                     (at, actor_token_id, actor_person_id, action, resource_kind, resource_id)
                 VALUES (?, ?, ?, ?, ?, ?)
                 RETURNING id",
            )
            .bind(fields::timestamp(fields::now()))
            .bind(entry.actor.token.map(|t| t.0))
            .bind(entry.actor.person.map(|p| p.0))
            .bind(entry.action.as_str())
            .bind(kind.as_str())
            .bind(resource_id)
            .fetch_one(&self.pool)
            .await?;
            Ok(AccessId(id))
        })
        .await
    }

    /// The most recent `limit` entries, newest first.
    pub async fn recent_access(&self, limit: u32) -> Result<Vec<AccessEntry>, StoreError> {
        self.guard(async {
            let rows = sqlx::query(
                "SELECT id, at, actor_token_id, actor_person_id, action, resource_kind, resource_id
                 FROM access_log ORDER BY id DESC LIMIT ?",
            )
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            rows.iter().map(from_row).collect()
        })
        .await
    }
}

fn from_row(row: &SqliteRow) -> Result<AccessEntry, StoreError> {
    let action: &str = row.try_get("action")?;
    let kind: &str = row.try_get("resource_kind")?;
    let kind: ResourceKind = kind
        .parse()
        .map_err(|err| corrupt("a resource kind", err))?;
    Ok(AccessEntry {
        id: AccessId(row.try_get("id")?),
        at: fields::parse_timestamp(row.try_get("at")?)?,
        actor: Actor {
            token: row
                .try_get::<Option<i64>, _>("actor_token_id")?
                .map(TokenId),
            person: row
                .try_get::<Option<i64>, _>("actor_person_id")?
                .map(PersonId),
        },
        action: action
            .parse()
            .map_err(|err| corrupt("an access action", err))?,
        resource: Resource::from_columns(kind, row.try_get("resource_id")?),
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{person, temp_store};
    use super::super::types::{ConversationId, TokenRole};
    use super::*;

    #[tokio::test]
    async fn entries_are_listed_newest_first() {
        let (_dir, store) = temp_store().await;
        let zhang = person(&store, "张伟").await;
        let (token, _) = store
            .create_token(TokenRole::Manager, Some(zhang))
            .await
            .expect("token");
        let reader = Actor::of_token(&token);
        store
            .log_access(NewAccess {
                actor: reader,
                action: AccessAction::List,
                resource: Resource::List(ResourceKind::Conversation),
            })
            .await
            .expect("log");
        store
            .log_access(NewAccess {
                actor: reader,
                action: AccessAction::Read,
                resource: Resource::Conversation(ConversationId(7)),
            })
            .await
            .expect("log");
        store
            .log_access(NewAccess {
                actor: Actor::local(),
                action: AccessAction::Delete,
                resource: Resource::Person(zhang),
            })
            .await
            .expect("log");

        let recent = store.recent_access(2).await.expect("list");
        assert_eq!(recent.len(), 2);
        assert_eq!(recent[0].resource, Resource::Person(zhang));
        assert_eq!(recent[0].actor, Actor::local());
        assert_eq!(
            recent[1].resource,
            Resource::Conversation(ConversationId(7))
        );
        assert_eq!(recent[1].actor.person, Some(zhang));
        assert_eq!(recent[1].action, AccessAction::Read);
        assert!(recent[0].at >= recent[1].at);
    }
}
