//! People and the org chart: who manages whom (one manager each, no cycles) and
//! which department they are in. Teams are transitive: a manager's team is everyone
//! whose chain of managers reaches them, which is what a manager token may see.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::Store;
use super::error::StoreError;
use super::fields;
use super::types::{PersonId, Saved};

/// A person as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub manager: Option<PersonId>,
    pub department: Option<String>,
    pub created: DateTime<Utc>,
}

impl Store {
    /// Creates the person named `name`, or finds them. A `department` replaces the
    /// stored one; `None` leaves it as it is, so that naming someone in an upload
    /// does not erase what the org chart said.
    pub async fn upsert_person(
        &self,
        name: &str,
        department: Option<&str>,
    ) -> Result<Saved<PersonId>, StoreError> {
        let name = fields::name("a person's name", name)?;
        let department = fields::optional_name("a department", department)?;
        self.guard(async {
            let mut tx = self.write().await?;
            let saved = upsert(&mut tx, &name, department.as_deref()).await?;
            tx.commit().await?;
            Ok(saved)
        })
        .await
    }

    /// Makes `manager` the manager of `person`, or leaves them without one. Refuses
    /// a change that would make someone their own manager, directly or through others.
    pub async fn set_manager(
        &self,
        person: PersonId,
        manager: Option<PersonId>,
    ) -> Result<(), StoreError> {
        self.guard(async {
            let mut tx = self.write().await?;
            set_manager(&mut tx, person, manager).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// Replaces (or clears) a person's department.
    pub async fn set_department(
        &self,
        person: PersonId,
        department: Option<&str>,
    ) -> Result<(), StoreError> {
        let department = fields::optional_name("a department", department)?;
        self.guard(async {
            let mut tx = self.write().await?;
            require(&mut tx, person).await?;
            sqlx::query("UPDATE people SET department = ? WHERE id = ?")
                .bind(department)
                .bind(person.0)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    pub async fn person(&self, id: PersonId) -> Result<Person, StoreError> {
        self.guard(async {
            let mut conn = self.pool.acquire().await?;
            require(&mut conn, id).await
        })
        .await
    }

    /// The person with exactly this name (after trimming).
    pub async fn person_by_name(&self, name: &str) -> Result<Person, StoreError> {
        let name = fields::name("a person's name", name)?;
        self.guard(async {
            let mut conn = self.pool.acquire().await?;
            by_name(&mut conn, &name)
                .await?
                .ok_or(StoreError::NoPersonNamed(name))
        })
        .await
    }

    /// Everyone, by name.
    pub async fn people(&self) -> Result<Vec<Person>, StoreError> {
        self.guard(async {
            let rows = sqlx::query(
                "SELECT id, name, manager_id, department, created_at FROM people ORDER BY name",
            )
            .fetch_all(&self.pool)
            .await?;
            rows.iter().map(from_row).collect()
        })
        .await
    }

    /// Everyone under `manager`, directly or through other managers, by name; not
    /// the manager themself.
    pub async fn people_under(&self, manager: PersonId) -> Result<Vec<Person>, StoreError> {
        self.guard(async {
            let mut conn = self.pool.acquire().await?;
            require(&mut conn, manager).await?;
            let rows = sqlx::query(
                "WITH RECURSIVE team (id) AS (
                     SELECT id FROM people WHERE manager_id = ?
                     UNION
                     SELECT p.id FROM people p JOIN team t ON p.manager_id = t.id
                 )
                 SELECT p.id, p.name, p.manager_id, p.department, p.created_at
                 FROM people p JOIN team t ON p.id = t.id
                 ORDER BY p.name",
            )
            .bind(manager.0)
            .fetch_all(&mut *conn)
            .await?;
            rows.iter().map(from_row).collect()
        })
        .await
    }

    /// Whether `person` is under `manager`, directly or through others: the check
    /// behind "a manager sees only the people under them".
    pub async fn manages(&self, manager: PersonId, person: PersonId) -> Result<bool, StoreError> {
        self.guard(async {
            let mut conn = self.pool.acquire().await?;
            is_above(&mut conn, manager, person).await
        })
        .await
    }

    /// The people of one department, by name.
    pub async fn people_in_department(&self, department: &str) -> Result<Vec<Person>, StoreError> {
        let department = fields::name("a department", department)?;
        self.guard(async {
            let rows = sqlx::query(
                "SELECT id, name, manager_id, department, created_at
                 FROM people WHERE department = ? ORDER BY name",
            )
            .bind(department)
            .fetch_all(&self.pool)
            .await?;
            rows.iter().map(from_row).collect()
        })
        .await
    }
}

/// Inserts the person or finds them by name; see [`Store::upsert_person`].
pub(super) async fn upsert(
    conn: &mut SqliteConnection,
    name: &str,
    department: Option<&str>,
) -> Result<Saved<PersonId>, StoreError> {
    if let Some(found) = by_name(conn, name).await? {
        if department.is_some() && department != found.department.as_deref() {
            sqlx::query("UPDATE people SET department = ? WHERE id = ?")
                .bind(department)
                .bind(found.id.0)
                .execute(&mut *conn)
                .await?;
        }
        return Ok(Saved {
            id: found.id,
            created: false,
        });
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO people (name, department, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(department)
    .bind(fields::timestamp(fields::now()))
    .fetch_one(&mut *conn)
    .await?;
    Ok(Saved {
        id: PersonId(id),
        created: true,
    })
}

/// Sets or clears a manager after checking both people exist and no cycle forms.
pub(super) async fn set_manager(
    conn: &mut SqliteConnection,
    person: PersonId,
    manager: Option<PersonId>,
) -> Result<(), StoreError> {
    let subject = require(conn, person).await?;
    if let Some(manager) = manager {
        let boss = require(conn, manager).await?;
        if manager == person {
            return Err(StoreError::OwnManager { name: subject.name });
        }
        if is_above(conn, person, manager).await? {
            return Err(StoreError::ManagerCycle {
                person: subject.name,
                manager: boss.name,
            });
        }
    }
    sqlx::query("UPDATE people SET manager_id = ? WHERE id = ?")
        .bind(manager.map(|m| m.0))
        .bind(person.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Whether `upper` is in `lower`'s chain of managers. Walks up from `lower`; `UNION`
/// (not `UNION ALL`) ends the walk even on a cycle written into the file by hand.
pub(super) async fn is_above(
    conn: &mut SqliteConnection,
    upper: PersonId,
    lower: PersonId,
) -> Result<bool, StoreError> {
    let found: bool = sqlx::query_scalar(
        "WITH RECURSIVE chain (id) AS (
             SELECT manager_id FROM people WHERE id = ? AND manager_id IS NOT NULL
             UNION
             SELECT p.manager_id FROM people p JOIN chain c ON p.id = c.id
             WHERE p.manager_id IS NOT NULL
         )
         SELECT EXISTS (SELECT 1 FROM chain WHERE id = ?)",
    )
    .bind(lower.0)
    .bind(upper.0)
    .fetch_one(&mut *conn)
    .await?;
    Ok(found)
}

/// The person with this id, or [`StoreError::NoPerson`].
pub(super) async fn require(
    conn: &mut SqliteConnection,
    id: PersonId,
) -> Result<Person, StoreError> {
    let row =
        sqlx::query("SELECT id, name, manager_id, department, created_at FROM people WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await?;
    row.as_ref()
        .map(from_row)
        .transpose()?
        .ok_or(StoreError::NoPerson(id))
}

pub(super) async fn by_name(
    conn: &mut SqliteConnection,
    name: &str,
) -> Result<Option<Person>, StoreError> {
    let row = sqlx::query(
        "SELECT id, name, manager_id, department, created_at FROM people WHERE name = ?",
    )
    .bind(name)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

fn from_row(row: &SqliteRow) -> Result<Person, StoreError> {
    Ok(Person {
        id: PersonId(row.try_get("id")?),
        name: row.try_get("name")?,
        manager: row.try_get::<Option<i64>, _>("manager_id")?.map(PersonId),
        department: row.try_get("department")?,
        created: fields::parse_timestamp(row.try_get("created_at")?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{person, temp_store};
    use super::*;

    #[tokio::test]
    async fn upsert_finds_the_same_person_and_keeps_their_department() {
        let (_dir, store) = temp_store().await;
        let first = store
            .upsert_person(" 王芳 ", Some("研发部"))
            .await
            .expect("create");
        assert!(first.created);
        let again = store.upsert_person("王芳", None).await.expect("find");
        assert_eq!(
            again,
            Saved {
                id: first.id,
                created: false
            }
        );
        let wang = store.person(first.id).await.expect("get by id");
        assert_eq!(wang.name, "王芳");
        assert_eq!(wang.department.as_deref(), Some("研发部"));
        store
            .upsert_person("王芳", Some("市场部"))
            .await
            .expect("move department");
        let moved = store.person_by_name("王芳").await.expect("get by name");
        assert_eq!(moved.department.as_deref(), Some("市场部"));
    }

    #[tokio::test]
    async fn unknown_people_are_named_in_the_error() {
        let (_dir, store) = temp_store().await;
        let err = store.person_by_name("王芳").await.expect_err("absent");
        assert_eq!(err.to_string(), "no person named 王芳");
        assert!(err.is_not_found());
        let err = store.person(PersonId(42)).await.expect_err("absent");
        assert_eq!(err.to_string(), "no person with id 42");
        assert!(store.upsert_person("   ", None).await.is_err());
    }

    #[tokio::test]
    async fn teams_are_transitive_and_cycles_are_refused() {
        let (_dir, store) = temp_store().await;
        let ceo = person(&store, "Chen").await;
        let zhang = person(&store, "张伟").await;
        let wang = person(&store, "王芳").await;
        let li = person(&store, "李娜").await;
        let other = person(&store, "Outsider").await;
        store.set_manager(zhang, Some(ceo)).await.expect("set");
        store.set_manager(wang, Some(zhang)).await.expect("set");
        store.set_manager(li, Some(wang)).await.expect("set");

        let names = |people: Vec<Person>| people.into_iter().map(|p| p.name).collect::<Vec<_>>();
        let under_ceo = names(store.people_under(ceo).await.expect("team"));
        assert_eq!(under_ceo, ["张伟", "李娜", "王芳"].map(String::from));
        assert_eq!(
            names(store.people_under(wang).await.expect("team")),
            ["李娜"]
        );
        assert!(store.people_under(other).await.expect("team").is_empty());
        assert!(store.manages(ceo, li).await.expect("check"));
        assert!(!store.manages(li, ceo).await.expect("check"));
        assert!(!store.manages(other, li).await.expect("check"));

        let err = store.set_manager(ceo, Some(li)).await.expect_err("cycle");
        assert_eq!(
            err.to_string(),
            "Chen cannot report to 李娜: 李娜 already reports to Chen, directly or through others"
        );
        let err = store.set_manager(li, Some(li)).await.expect_err("self");
        assert_eq!(err.to_string(), "李娜 cannot be their own manager");

        store.set_manager(li, Some(zhang)).await.expect("replace");
        assert!(store.people_under(wang).await.expect("team").is_empty());
        store.set_manager(li, None).await.expect("clear");
        assert_eq!(store.person(li).await.expect("get").manager, None);
    }

    #[tokio::test]
    async fn departments_list_their_people() {
        let (_dir, store) = temp_store().await;
        store
            .upsert_person("王芳", Some("研发部"))
            .await
            .expect("create");
        store
            .upsert_person("Alice", Some("研发部"))
            .await
            .expect("create");
        store
            .upsert_person("Bob", Some("Sales"))
            .await
            .expect("create");
        let rd = store.people_in_department("研发部").await.expect("list");
        assert_eq!(
            rd.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["Alice", "王芳"]
        );
        assert_eq!(store.people().await.expect("all").len(), 3);
    }
}
