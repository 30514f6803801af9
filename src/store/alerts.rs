//! Alerts about an employee (issue 6): a decline in their reports' mood, negative
//! feedback concentrating, a recurring blocker, an overdue action item, a cadence gap.
//! `products::alerts` decides what fires; this file keeps what fired, once per
//! episode (by the rule's key), whether someone acknowledged it and whether the
//! webhook delivered it.
//!
//! The alert's vocabulary ([`NewAlert`], [`AlertEvidence`], [`EvidenceSource`], and
//! `AlertKind` in `types.rs`) lives here rather than in `products` because the store
//! sits below the products and may not import them; `products::alerts` re-exports it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::Store;
use super::error::{StoreError, corrupt};
use super::fields::{self, MAX_LABEL_CHARS};
use super::people;
use super::types::{AlertId, AlertKind, IsoWeek, PersonId, TokenId};

/// Longest delivery error kept, in characters: the status line or the socket error,
/// not a receiver's whole error page.
const MAX_DELIVERY_ERROR_CHARS: usize = 500;

/// An alert a rule found, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAlert {
    pub kind: AlertKind,
    /// Stable dedupe key: the kind, the subject and the anchor of the evidence (the
    /// latest week, the item, the last conversation), so that the same episode
    /// recomputed gives the same key and a new episode a new one.
    pub key: String,
    /// One sentence in the employee's language.
    pub summary: String,
    pub evidence: Vec<AlertEvidence>,
}

/// Where a piece of evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSource {
    Report,
    Conversation,
    ActionItem,
}

/// One line an alert rests on, with the record it was read from: a report's week,
/// a conversation and its turn, an action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertEvidence {
    pub source: EvidenceSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week: Option<IsoWeek>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn_id: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_item_id: Option<i64>,
    /// The words as written or said; empty once `forget` removed a forgotten
    /// manager's words from it.
    pub quote: String,
}

/// An alert as stored. Serialised, it is the item of `GET /v1/alerts` and the
/// `alert` of the webhook's body: `{"id", "employee", "employee_id", "kind", "key",
/// "summary", "evidence", "created", "acknowledged"}`; the delivery bookkeeping is
/// not part of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub id: AlertId,
    /// The employee's name.
    pub employee: String,
    pub employee_id: PersonId,
    pub kind: AlertKind,
    pub key: String,
    pub summary: String,
    pub evidence: Vec<AlertEvidence>,
    pub created: DateTime<Utc>,
    /// When it was first acknowledged; null while open.
    pub acknowledged: Option<DateTime<Utc>>,
    /// The token that acknowledged it, when one did and still exists (the CLI
    /// acknowledges without one).
    #[serde(skip)]
    pub acknowledged_by: Option<TokenId>,
    /// When the webhook receiver took it (a 2xx answer).
    #[serde(skip)]
    pub delivered: Option<DateTime<Utc>>,
    /// POSTs tried so far, the successful one included.
    #[serde(skip)]
    pub delivery_attempts: u32,
    #[serde(skip)]
    pub last_attempt: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub last_delivery_error: Option<String>,
}

/// Which alerts to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertFilter {
    /// Only these employees' alerts (the caller's scope); `None` is everyone's and an
    /// empty list no one's.
    pub employees: Option<Vec<PersonId>>,
    /// Acknowledged alerts too, not only open ones.
    pub include_acknowledged: bool,
    /// At most this many, newest first; `None` for all.
    pub limit: Option<u32>,
}

const SELECT: &str =
    "SELECT a.id, a.employee_id, p.name, a.kind, a.key, a.summary, a.evidence_json,
        a.created_at, a.acknowledged_at, a.acknowledged_by_token_id, a.delivered_at,
        a.delivery_attempts, a.last_attempt_at, a.last_delivery_error
 FROM alerts a JOIN people p ON p.id = a.employee_id";

impl Store {
    /// Stores the alerts a rule found for `employee`, in one transaction. An alert
    /// whose key the employee already has is left as it is (acknowledged or not), so
    /// recomputing the alerts is harmless; returns only the alerts newly stored, in
    /// the order given, which are the ones to notify about.
    pub async fn record_alerts(
        &self,
        employee: PersonId,
        alerts: &[NewAlert],
    ) -> Result<Vec<Alert>, StoreError> {
        let checked: Vec<Checked> = alerts
            .iter()
            .map(|alert| self.checked(alert))
            .collect::<Result<_, _>>()?;
        self.guard(async {
            let mut tx = self.write().await?;
            people::require(&mut tx, employee).await?;
            let created = fields::timestamp(fields::now());
            let mut ids = Vec::new();
            for alert in &checked {
                let id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO alerts (employee_id, kind, key, summary, evidence_json, created_at)
                     VALUES (?, ?, ?, ?, ?, ?)
                     ON CONFLICT (employee_id, key) DO NOTHING
                     RETURNING id",
                )
                .bind(employee.0)
                .bind(alert.kind.as_str())
                .bind(&alert.key)
                .bind(&alert.summary)
                .bind(&alert.evidence)
                .bind(&created)
                .fetch_optional(&mut *tx)
                .await?;
                ids.extend(id);
            }
            let mut stored = Vec::with_capacity(ids.len());
            for id in ids {
                stored.push(read(&mut tx, AlertId(id)).await?);
            }
            tx.commit().await?;
            Ok(stored)
        })
        .await
    }

    /// Alerts matching `filter`, newest first.
    pub async fn alerts(&self, filter: AlertFilter) -> Result<Vec<Alert>, StoreError> {
        let employees = filter
            .employees
            .map(|ids| serde_json::to_string(&ids))
            .transpose()
            .map_err(|err| corrupt("a list of people", err))?;
        let limit = filter.limit.map_or(i64::MAX, i64::from);
        self.guard(async {
            let sql = format!(
                "{SELECT}
                 WHERE (? IS NULL OR a.employee_id IN (SELECT value FROM json_each(?)))
                   AND (? OR a.acknowledged_at IS NULL)
                 ORDER BY a.created_at DESC, a.id DESC
                 LIMIT ?"
            );
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(&employees)
                .bind(&employees)
                .bind(filter.include_acknowledged)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
            rows.iter().map(from_row).collect()
        })
        .await
    }

    pub async fn alert(&self, id: AlertId) -> Result<Alert, StoreError> {
        self.guard(async {
            let mut conn = self.pool.acquire().await?;
            read(&mut conn, id).await
        })
        .await
    }

    /// Marks an alert acknowledged, by the token `by` when the API did it. Doing it
    /// again changes nothing: the first acknowledgement (time and token) stays.
    pub async fn acknowledge_alert(
        &self,
        id: AlertId,
        by: Option<TokenId>,
    ) -> Result<Alert, StoreError> {
        self.guard(async {
            let mut tx = self.write().await?;
            let alert = read(&mut tx, id).await?;
            if alert.acknowledged.is_some() {
                return Ok(alert);
            }
            if let Some(token) = by {
                let known: Option<i64> = sqlx::query_scalar("SELECT id FROM tokens WHERE id = ?")
                    .bind(token.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                known.ok_or(StoreError::NoToken(token))?;
            }
            sqlx::query(
                "UPDATE alerts SET acknowledged_at = ?, acknowledged_by_token_id = ?
                 WHERE id = ?",
            )
            .bind(fields::timestamp(fields::now()))
            .bind(by.map(|t| t.0))
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
            let alert = read(&mut tx, id).await?;
            tx.commit().await?;
            Ok(alert)
        })
        .await
    }

    /// Alerts the webhook has not delivered and has tried fewer than `max_attempts`
    /// times, oldest first (acknowledged ones too: the receiver keeps its own record).
    pub async fn undelivered_alerts(&self, max_attempts: u32) -> Result<Vec<Alert>, StoreError> {
        self.guard(async {
            let sql = format!(
                "{SELECT}
                 WHERE a.delivered_at IS NULL AND a.delivery_attempts < ?
                 ORDER BY a.id"
            );
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(max_attempts))
                .fetch_all(&self.pool)
                .await?;
            rows.iter().map(from_row).collect()
        })
        .await
    }

    /// Records that the receiver took the alert; a second call keeps the first time.
    pub async fn mark_alert_delivered(&self, id: AlertId) -> Result<(), StoreError> {
        self.guard(async {
            let mut tx = self.write().await?;
            let now = fields::timestamp(fields::now());
            let changed = sqlx::query(
                "UPDATE alerts
                 SET delivered_at = ?, last_attempt_at = ?, delivery_attempts = delivery_attempts + 1
                 WHERE id = ? AND delivered_at IS NULL",
            )
            .bind(&now)
            .bind(&now)
            .bind(id.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                read(&mut tx, id).await?;
            }
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// Records a failed POST of the alert and why (cut to a few hundred characters);
    /// returns the attempts made so far.
    pub async fn record_delivery_failure(
        &self,
        id: AlertId,
        error: &str,
    ) -> Result<u32, StoreError> {
        let error = one_line(error, MAX_DELIVERY_ERROR_CHARS);
        self.guard(async {
            let mut tx = self.write().await?;
            let attempts: Option<i64> = sqlx::query_scalar(
                "UPDATE alerts
                 SET delivery_attempts = delivery_attempts + 1, last_delivery_error = ?,
                     last_attempt_at = ?
                 WHERE id = ?
                 RETURNING delivery_attempts",
            )
            .bind(&error)
            .bind(fields::timestamp(fields::now()))
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
            let attempts = attempts.ok_or(StoreError::NoAlert(id))?;
            tx.commit().await?;
            u32::try_from(attempts).map_err(|err| corrupt("an alert's delivery attempts", err))
        })
        .await
    }

    /// `alert` as it will be written, checked before any transaction begins.
    fn checked(&self, alert: &NewAlert) -> Result<Checked, StoreError> {
        let key = fields::label("an alert's key", &alert.key, MAX_LABEL_CHARS)?;
        let summary = fields::text(
            "an alert's summary",
            &alert.summary,
            self.limits.max_text_bytes,
        )?;
        let evidence =
            serde_json::to_string(&alert.evidence).map_err(|err| StoreError::InvalidJson {
                what: "an alert's evidence",
                detail: err.to_string(),
            })?;
        fields::within(
            "an alert's evidence",
            evidence.len(),
            self.limits.max_json_bytes,
        )?;
        Ok(Checked {
            kind: alert.kind,
            key,
            summary,
            evidence,
        })
    }
}

/// A [`NewAlert`] trimmed and bounded, its evidence as JSON.
struct Checked {
    kind: AlertKind,
    key: String,
    summary: String,
    evidence: String,
}

/// What `forget` did to alerts beyond the forgotten person's own.
#[allow(
    dead_code,
    reason = "forget.rs calls `alerts::forget` once it is wired in"
)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct AlertsForgotten {
    /// The person's own alerts, and other people's alerts about an action item the
    /// person owned (which `forget` deletes).
    pub deleted: u64,
    /// Other people's alerts quoting a conversation the person held as manager,
    /// whose quotes from it were emptied.
    pub redacted: u64,
}

/// The alerts part of `forget`, inside its transaction. Must run while the action
/// items the person owns still exist and the conversations they managed still name
/// them (before those are deleted and redacted).
pub(super) async fn forget(
    conn: &mut SqliteConnection,
    person: PersonId,
    name: &str,
) -> Result<AlertsForgotten, StoreError> {
    let mut deleted = sqlx::query("DELETE FROM alerts WHERE employee_id = ?")
        .bind(person.0)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    deleted += sqlx::query(
        "DELETE FROM alerts WHERE id IN (
             SELECT a.id FROM alerts a, json_each(a.evidence_json) e
             WHERE json_extract(e.value, '$.action_item_id') IN
                 (SELECT id FROM action_items WHERE owner_id = ? OR owner_name = ?))",
    )
    .bind(person.0)
    .bind(name)
    .execute(&mut *conn)
    .await?
    .rows_affected();

    let managed: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM conversations WHERE manager_id = ? ORDER BY id")
            .bind(person.0)
            .fetch_all(&mut *conn)
            .await?;
    let quoting: Vec<(i64, String)> = sqlx::query_as(
        "SELECT DISTINCT a.id, a.evidence_json FROM alerts a, json_each(a.evidence_json) e
         WHERE json_extract(e.value, '$.conversation_id') IN
             (SELECT id FROM conversations WHERE manager_id = ?)
         ORDER BY a.id",
    )
    .bind(person.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut redacted = 0;
    for (id, json) in quoting {
        let mut evidence: Vec<AlertEvidence> =
            serde_json::from_str(&json).map_err(|err| corrupt("an alert's evidence", err))?;
        for entry in &mut evidence {
            if entry.conversation_id.is_some_and(|c| managed.contains(&c)) {
                entry.quote.clear();
                entry.turn_id = None;
            }
        }
        let json = serde_json::to_string(&evidence).map_err(|err| StoreError::InvalidJson {
            what: "an alert's evidence",
            detail: err.to_string(),
        })?;
        redacted += sqlx::query("UPDATE alerts SET evidence_json = ? WHERE id = ?")
            .bind(json)
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    Ok(AlertsForgotten { deleted, redacted })
}

/// One alert by id, on a connection or in a transaction.
async fn read(conn: &mut SqliteConnection, id: AlertId) -> Result<Alert, StoreError> {
    let sql = format!("{SELECT} WHERE a.id = ?");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NoAlert(id))?;
    from_row(&row)
}

fn from_row(row: &SqliteRow) -> Result<Alert, StoreError> {
    let kind: &str = row.try_get("kind")?;
    let evidence: &str = row.try_get("evidence_json")?;
    let time = |column: &str| -> Result<Option<DateTime<Utc>>, StoreError> {
        row.try_get::<Option<&str>, _>(column)?
            .map(fields::parse_timestamp)
            .transpose()
    };
    let attempts: i64 = row.try_get("delivery_attempts")?;
    Ok(Alert {
        id: AlertId(row.try_get("id")?),
        employee: row.try_get("name")?,
        employee_id: PersonId(row.try_get("employee_id")?),
        kind: kind.parse().map_err(|err| corrupt("an alert kind", err))?,
        key: row.try_get("key")?,
        summary: row.try_get("summary")?,
        evidence: serde_json::from_str(evidence)
            .map_err(|err| corrupt("an alert's evidence", err))?,
        created: fields::parse_timestamp(row.try_get("created_at")?)?,
        acknowledged: time("acknowledged_at")?,
        acknowledged_by: row
            .try_get::<Option<i64>, _>("acknowledged_by_token_id")?
            .map(TokenId),
        delivered: time("delivered_at")?,
        delivery_attempts: u32::try_from(attempts)
            .map_err(|err| corrupt("an alert's delivery attempts", err))?,
        last_attempt: time("last_attempt_at")?,
        last_delivery_error: row.try_get("last_delivery_error")?,
    })
}

/// `text` on one line (control characters as spaces), cut to `max_chars` with "…".
fn one_line(text: &str, max_chars: usize) -> String {
    let flat: String = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match flat.char_indices().nth(max_chars) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::super::conversations::tests::{new_conversation, owned_item, pair};
    use super::super::testing::{person, temp_store};
    use super::super::types::TokenRole;
    use super::*;

    fn evidence(quote: &str) -> AlertEvidence {
        AlertEvidence {
            source: EvidenceSource::Report,
            week: Some("2026-W40".parse().expect("week")),
            conversation_id: None,
            turn_id: None,
            action_item_id: None,
            quote: quote.into(),
        }
    }

    fn new_alert(kind: AlertKind, key: &str) -> NewAlert {
        NewAlert {
            kind,
            key: key.into(),
            summary: format!("摘要 {key}"),
            evidence: vec![evidence("这周状态不太好，有点累")],
        }
    }

    #[tokio::test]
    async fn recording_the_same_alerts_again_adds_nothing_and_keeps_the_first() {
        let (_dir, store) = temp_store().await;
        let wang = person(&store, "王磊").await;
        let first = [
            new_alert(
                AlertKind::DecliningSentiment,
                "declining_sentiment:2026-W40",
            ),
            new_alert(AlertKind::CadenceGap, "cadence_gap:7"),
        ];
        let stored = store.record_alerts(wang, &first).await.expect("record");
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].employee, "王磊");
        assert_eq!(stored[0].employee_id, wang);
        assert_eq!(stored[0].kind, AlertKind::DecliningSentiment);
        assert_eq!(stored[0].evidence, first[0].evidence);
        assert_eq!(stored[0].acknowledged, None);
        assert_eq!(stored[0].delivery_attempts, 0);

        store
            .acknowledge_alert(stored[0].id, None)
            .await
            .expect("acknowledge");
        let mut again = first.to_vec();
        again[0].summary = "another wording".into();
        again.push(new_alert(
            AlertKind::DecliningSentiment,
            "declining_sentiment:2026-W41",
        ));
        let added = store.record_alerts(wang, &again).await.expect("record");
        assert_eq!(added.len(), 1, "only the new episode");
        assert_eq!(added[0].key, "declining_sentiment:2026-W41");

        let kept = store.alert(stored[0].id).await.expect("get");
        assert_eq!(kept.summary, first[0].summary, "left untouched");
        assert!(kept.acknowledged.is_some(), "still acknowledged");

        // The same key for another employee is another alert.
        let li = person(&store, "李娜").await;
        let theirs = store.record_alerts(li, &first[..1]).await.expect("record");
        assert_eq!(theirs.len(), 1);
    }

    #[tokio::test]
    async fn alerts_are_listed_newest_first_by_employee_and_acknowledgement() {
        let (_dir, store) = temp_store().await;
        let wang = person(&store, "王磊").await;
        let zhang = person(&store, "张伟").await;
        let a = store
            .record_alerts(wang, &[new_alert(AlertKind::CadenceGap, "a")])
            .await
            .expect("record");
        let b = store
            .record_alerts(
                zhang,
                &[
                    new_alert(AlertKind::RecurringBlocker, "b"),
                    new_alert(AlertKind::OverdueActionItem, "c"),
                ],
            )
            .await
            .expect("record");
        let keys = |alerts: &[Alert]| alerts.iter().map(|a| a.key.clone()).collect::<Vec<_>>();

        let all = store.alerts(AlertFilter::default()).await.expect("list");
        assert_eq!(keys(&all), ["c", "b", "a"]);

        let zhangs = AlertFilter {
            employees: Some(vec![zhang]),
            ..AlertFilter::default()
        };
        assert_eq!(keys(&store.alerts(zhangs).await.expect("list")), ["c", "b"]);
        let nobody = AlertFilter {
            employees: Some(vec![]),
            ..AlertFilter::default()
        };
        assert!(store.alerts(nobody).await.expect("list").is_empty());
        let one = AlertFilter {
            limit: Some(1),
            ..AlertFilter::default()
        };
        assert_eq!(keys(&store.alerts(one).await.expect("list")), ["c"]);

        store
            .acknowledge_alert(b[0].id, None)
            .await
            .expect("acknowledge");
        let open = store.alerts(AlertFilter::default()).await.expect("list");
        assert_eq!(keys(&open), ["c", "a"]);
        let everything = AlertFilter {
            include_acknowledged: true,
            ..AlertFilter::default()
        };
        assert_eq!(
            keys(&store.alerts(everything).await.expect("list")),
            ["c", "b", "a"]
        );
        assert_eq!(a.len(), 1);
    }

    #[tokio::test]
    async fn acknowledging_is_idempotent_and_names_the_token() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        let alert = store
            .record_alerts(wang, &[new_alert(AlertKind::CadenceGap, "k")])
            .await
            .expect("record")
            .remove(0);
        let (token, _) = store
            .create_token(TokenRole::Manager, Some(zhang))
            .await
            .expect("token");
        let first = store
            .acknowledge_alert(alert.id, Some(token.id))
            .await
            .expect("acknowledge");
        let when = first.acknowledged.expect("acknowledged");
        assert_eq!(first.acknowledged_by, Some(token.id));
        let again = store
            .acknowledge_alert(alert.id, None)
            .await
            .expect("again");
        assert_eq!(again.acknowledged, Some(when));
        assert_eq!(again.acknowledged_by, Some(token.id));

        let err = store
            .acknowledge_alert(AlertId(999), None)
            .await
            .expect_err("absent");
        assert!(err.is_not_found());
        assert_eq!(err.to_string(), "no alert with id 999");
        let other = store
            .record_alerts(wang, &[new_alert(AlertKind::CadenceGap, "k2")])
            .await
            .expect("record")
            .remove(0);
        let err = store
            .acknowledge_alert(other.id, Some(TokenId(77)))
            .await
            .expect_err("no such token");
        assert_eq!(err.to_string(), "no token with id 77");
        assert!(store.alert(AlertId(999)).await.is_err());
    }

    #[tokio::test]
    async fn deliveries_are_counted_and_failures_kept() {
        let (_dir, store) = temp_store().await;
        let wang = person(&store, "王磊").await;
        let stored = store
            .record_alerts(
                wang,
                &[
                    new_alert(AlertKind::CadenceGap, "a"),
                    new_alert(AlertKind::CadenceGap, "b"),
                ],
            )
            .await
            .expect("record");
        let (a, b) = (stored[0].id, stored[1].id);
        assert_eq!(store.undelivered_alerts(3).await.expect("list").len(), 2);

        let attempts = store
            .record_delivery_failure(a, "the webhook answered 500\nInternal Server Error")
            .await
            .expect("failure");
        assert_eq!(attempts, 1);
        store.mark_alert_delivered(b).await.expect("delivered");
        store
            .mark_alert_delivered(b)
            .await
            .expect("twice is harmless");
        let delivered = store.alert(b).await.expect("get");
        assert!(delivered.delivered.is_some());
        assert_eq!(delivered.delivery_attempts, 1);

        let failed = store.alert(a).await.expect("get");
        assert_eq!(
            failed.last_delivery_error.as_deref(),
            Some("the webhook answered 500 Internal Server Error")
        );
        assert!(failed.last_attempt.is_some());
        let pending = store.undelivered_alerts(3).await.expect("list");
        assert_eq!(pending.iter().map(|p| p.id).collect::<Vec<_>>(), [a]);
        for expected in [2, 3] {
            let long = "x".repeat(2000);
            assert_eq!(
                store.record_delivery_failure(a, &long).await.expect("fail"),
                expected
            );
        }
        assert!(
            store.undelivered_alerts(3).await.expect("list").is_empty(),
            "given up after three"
        );
        let error = store
            .alert(a)
            .await
            .expect("get")
            .last_delivery_error
            .expect("kept");
        assert_eq!(error.chars().count(), MAX_DELIVERY_ERROR_CHARS + 1);

        assert!(store.mark_alert_delivered(AlertId(9)).await.is_err());
        assert!(
            store
                .record_delivery_failure(AlertId(9), "x")
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn bad_alerts_are_refused_before_anything_is_written() {
        let (_dir, store) = temp_store().await;
        let wang = person(&store, "王磊").await;
        let mut empty_key = new_alert(AlertKind::CadenceGap, " ");
        empty_key.summary = "x".into();
        let good = new_alert(AlertKind::CadenceGap, "good");
        let err = store
            .record_alerts(wang, &[good.clone(), empty_key])
            .await
            .expect_err("empty key");
        assert_eq!(err.to_string(), "an alert's key is empty; give one");
        assert!(
            store
                .alerts(AlertFilter::default())
                .await
                .expect("list")
                .is_empty()
        );
        let err = store
            .record_alerts(PersonId(99), &[good])
            .await
            .expect_err("no such person");
        assert_eq!(err.to_string(), "no person with id 99");
        assert!(
            store
                .record_alerts(wang, &[])
                .await
                .expect("none")
                .is_empty()
        );
    }

    #[tokio::test]
    async fn the_json_is_the_api_shape() {
        let (_dir, store) = temp_store().await;
        let wang = person(&store, "王磊").await;
        let mut alert = new_alert(AlertKind::NegativeFeedback, "negative_feedback:3");
        alert.evidence = vec![AlertEvidence {
            source: EvidenceSource::Conversation,
            week: None,
            conversation_id: Some(3),
            turn_id: Some(12),
            action_item_id: None,
            quote: "你这个做得不行".into(),
        }];
        let stored = store.record_alerts(wang, &[alert]).await.expect("record");
        let json = serde_json::to_value(&stored[0]).expect("serialises");
        let mut fields: Vec<&str> = json
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                "acknowledged",
                "created",
                "employee",
                "employee_id",
                "evidence",
                "id",
                "key",
                "kind",
                "summary"
            ]
        );
        assert_eq!(json["employee"], "王磊");
        assert_eq!(json["kind"], "negative_feedback");
        assert_eq!(json["acknowledged"], serde_json::Value::Null);
        assert_eq!(
            json["evidence"][0],
            serde_json::json!({"source": "conversation", "conversation_id": 3, "turn_id": 12, "quote": "你这个做得不行"})
        );
    }

    #[tokio::test]
    async fn forget_takes_the_persons_alerts_and_their_words_in_others() {
        let (_dir, store) = temp_store().await;
        let (zhang, wang) = pair(&store).await;
        let held = store
            .insert_conversation(
                new_conversation(zhang, wang, "a"),
                vec![],
                vec![
                    owned_item(zhang, "张伟的承诺"),
                    owned_item(wang, "王芳的任务"),
                ],
            )
            .await
            .expect("upload")
            .id;
        let items = store
            .action_items(super::super::ActionItemFilter {
                conversation: Some(held),
                ..Default::default()
            })
            .await
            .expect("items");
        let quoted = |conversation: i64, item: Option<i64>, quote: &str| AlertEvidence {
            source: if item.is_some() {
                EvidenceSource::ActionItem
            } else {
                EvidenceSource::Conversation
            },
            week: None,
            conversation_id: Some(conversation),
            turn_id: Some(2),
            action_item_id: item,
            quote: quote.into(),
        };
        let alerts = [
            NewAlert {
                evidence: vec![quoted(held.0, None, "张伟说的批评"), evidence("周报")],
                ..new_alert(AlertKind::NegativeFeedback, "feedback")
            },
            NewAlert {
                evidence: vec![quoted(held.0, Some(items[0].id.0), "张伟的承诺")],
                ..new_alert(AlertKind::OverdueActionItem, "managers item")
            },
            NewAlert {
                evidence: vec![quoted(held.0, Some(items[1].id.0), "王芳的任务")],
                ..new_alert(AlertKind::OverdueActionItem, "own item")
            },
        ];
        store.record_alerts(wang, &alerts).await.expect("record");
        store
            .record_alerts(zhang, &[new_alert(AlertKind::CadenceGap, "zhang")])
            .await
            .expect("record");

        let mut tx = store.write().await.expect("transaction");
        let name = people::require(&mut tx, zhang).await.expect("zhang").name;
        let done = forget(&mut tx, zhang, &name).await.expect("forget");
        tx.commit().await.expect("commit");
        assert_eq!(
            done,
            AlertsForgotten {
                deleted: 2,
                redacted: 2
            }
        );
        let left = store
            .alerts(AlertFilter {
                include_acknowledged: true,
                ..AlertFilter::default()
            })
            .await
            .expect("list");
        let keys: Vec<&str> = left.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["own item", "feedback"]);
        assert_eq!(left[1].evidence[0].quote, "");
        assert_eq!(left[1].evidence[0].turn_id, None);
        assert_eq!(left[1].evidence[0].conversation_id, Some(held.0));
        assert_eq!(
            left[1].evidence[1].quote, "周报",
            "not from the conversation"
        );
        assert_eq!(left[0].evidence[0].quote, "");
    }

    #[tokio::test]
    async fn alerts_go_with_their_employee() {
        let (_dir, store) = temp_store().await;
        let (_zhang, wang) = pair(&store).await;
        store
            .record_alerts(wang, &[new_alert(AlertKind::CadenceGap, "k")])
            .await
            .expect("record");
        store.forget(wang).await.expect("forget");
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM alerts")
            .fetch_one(&store.pool)
            .await
            .expect("count");
        assert_eq!(count, 0);
    }

    #[test]
    fn delivery_errors_are_kept_on_one_short_line() {
        assert_eq!(one_line(" a\r\nb ", 10), "a  b");
        assert_eq!(one_line("错误信息很长", 2), "错误…");
    }
}
