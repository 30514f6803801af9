//! Weekly reports: one employee's text for one ISO week, and its analysis once made.
//! Filing the same text for the same week again is a no-op (the content hash is part
//! of the key); a changed text for the same week is kept as a revision beside it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::Store;
use super::error::{StoreError, corrupt};
use super::fields;
use super::people;
use super::types::{ContentHash, IsoWeek, PersonId, ReportId, Saved};

/// A weekly report to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub employee: PersonId,
    pub week: IsoWeek,
    /// Plain text or Markdown, as written.
    pub text: String,
    /// The analysis JSON, when it was made before storing.
    pub analysis_json: Option<String>,
}

/// A weekly report as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeeklyReport {
    pub id: ReportId,
    pub employee: PersonId,
    pub week: IsoWeek,
    pub text: String,
    pub content_hash: ContentHash,
    pub analysis_json: Option<String>,
    pub created: DateTime<Utc>,
}

impl Store {
    /// Stores a weekly report; the same text for the same employee and week returns
    /// the report already there with `created: false` (its analysis is kept, not
    /// replaced: use [`Store::set_report_analysis`] to redo one).
    pub async fn insert_report(&self, report: NewReport) -> Result<Saved<ReportId>, StoreError> {
        let text = fields::text(
            "the weekly report",
            &report.text,
            self.limits.max_text_bytes,
        )?;
        if let Some(json) = &report.analysis_json {
            fields::json("the report's analysis", json, self.limits.max_json_bytes)?;
        }
        let hash = ContentHash::of(text.as_bytes());
        let week = report.week.to_string();
        self.guard(async {
            let mut tx = self.write().await?;
            people::require(&mut tx, report.employee).await?;
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM weekly_reports
                 WHERE employee_id = ? AND iso_week = ? AND content_hash = ?",
            )
            .bind(report.employee.0)
            .bind(&week)
            .bind(&hash.0)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = found {
                return Ok(Saved {
                    id: ReportId(id),
                    created: false,
                });
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO weekly_reports
                     (employee_id, iso_week, body, content_hash, analysis_json, created_at)
                 VALUES (?, ?, ?, ?, ?, ?)
                 RETURNING id",
            )
            .bind(report.employee.0)
            .bind(&week)
            .bind(&text)
            .bind(&hash.0)
            .bind(&report.analysis_json)
            .bind(fields::timestamp(fields::now()))
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Saved {
                id: ReportId(id),
                created: true,
            })
        })
        .await
    }

    /// Stores (or replaces) a report's analysis.
    pub async fn set_report_analysis(&self, id: ReportId, json: &str) -> Result<(), StoreError> {
        fields::json("the report's analysis", json, self.limits.max_json_bytes)?;
        self.guard(async {
            let mut tx = self.write().await?;
            let changed = sqlx::query("UPDATE weekly_reports SET analysis_json = ? WHERE id = ?")
                .bind(json)
                .bind(id.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(StoreError::NoReport(id));
            }
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    pub async fn report(&self, id: ReportId) -> Result<WeeklyReport, StoreError> {
        self.guard(async {
            let row = sqlx::query(
                "SELECT id, employee_id, iso_week, body, content_hash, analysis_json, created_at
                 FROM weekly_reports WHERE id = ?",
            )
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NoReport(id))?;
            from_row(&row)
        })
        .await
    }

    /// One employee's reports, oldest week first (revisions of a week in the order
    /// they were filed).
    pub async fn reports_of(&self, employee: PersonId) -> Result<Vec<WeeklyReport>, StoreError> {
        self.guard(async {
            let mut conn = self.pool.acquire().await?;
            people::require(&mut conn, employee).await?;
            let rows = sqlx::query(
                "SELECT id, employee_id, iso_week, body, content_hash, analysis_json, created_at
                 FROM weekly_reports WHERE employee_id = ? ORDER BY iso_week, id",
            )
            .bind(employee.0)
            .fetch_all(&mut *conn)
            .await?;
            rows.iter().map(from_row).collect()
        })
        .await
    }
}

fn from_row(row: &SqliteRow) -> Result<WeeklyReport, StoreError> {
    let week: &str = row.try_get("iso_week")?;
    Ok(WeeklyReport {
        id: ReportId(row.try_get("id")?),
        employee: PersonId(row.try_get("employee_id")?),
        week: week.parse().map_err(|err| corrupt("an ISO week", err))?,
        text: row.try_get("body")?,
        content_hash: ContentHash(row.try_get("content_hash")?),
        analysis_json: row.try_get("analysis_json")?,
        created: fields::parse_timestamp(row.try_get("created_at")?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{person, temp_store};
    use super::*;

    fn report(employee: PersonId, week: &str, text: &str) -> NewReport {
        NewReport {
            employee,
            week: week.parse().expect("valid week"),
            text: text.into(),
            analysis_json: None,
        }
    }

    #[tokio::test]
    async fn the_same_report_twice_is_stored_once() {
        let (_dir, store) = temp_store().await;
        let wang = person(&store, "王芳").await;
        let first = store
            .insert_report(report(wang, "2026-W30", "本周完成了接口联调。"))
            .await
            .expect("file");
        assert!(first.created);
        let again = store
            .insert_report(report(wang, "2026-W30", "  本周完成了接口联调。\n"))
            .await
            .expect("file again");
        assert_eq!(
            again,
            Saved {
                id: first.id,
                created: false
            }
        );
        let revised = store
            .insert_report(report(wang, "2026-W30", "本周完成了接口联调和压测。"))
            .await
            .expect("revision");
        assert!(revised.created);
        assert_eq!(store.reports_of(wang).await.expect("list").len(), 2);
    }

    #[tokio::test]
    async fn reports_are_listed_by_week_and_analysed_later() {
        let (_dir, store) = temp_store().await;
        let wang = person(&store, "王芳").await;
        for (week, text) in [("2026-W31", "c"), ("2025-W52", "a"), ("2026-W02", "b")] {
            store
                .insert_report(report(wang, week, text))
                .await
                .expect("file");
        }
        let list = store.reports_of(wang).await.expect("list");
        let weeks: Vec<String> = list.iter().map(|r| r.week.to_string()).collect();
        assert_eq!(weeks, ["2025-W52", "2026-W02", "2026-W31"]);

        store
            .set_report_analysis(list[0].id, r#"{"sentiment":"neutral"}"#)
            .await
            .expect("analyse");
        let analysed = store.report(list[0].id).await.expect("get");
        assert_eq!(
            analysed.analysis_json.as_deref(),
            Some(r#"{"sentiment":"neutral"}"#)
        );
        assert!(store.set_report_analysis(ReportId(99), "{}").await.is_err());
        assert!(store.set_report_analysis(list[0].id, "nope").await.is_err());
    }

    #[tokio::test]
    async fn empty_oversize_or_orphan_reports_are_refused() {
        let (_dir, store) = temp_store().await;
        let wang = person(&store, "王芳").await;
        let err = store
            .insert_report(report(wang, "2026-W30", " \n "))
            .await
            .expect_err("empty");
        assert_eq!(err.to_string(), "the weekly report is empty; give one");
        let huge = "字".repeat(store.limits().max_text_bytes);
        let err = store
            .insert_report(report(wang, "2026-W30", &huge))
            .await
            .expect_err("too large");
        assert!(matches!(err, StoreError::TooLarge { .. }), "{err:?}");
        let err = store
            .insert_report(report(PersonId(5), "2026-W30", "x"))
            .await
            .expect_err("no employee");
        assert_eq!(err.to_string(), "no person with id 5");
    }
}
