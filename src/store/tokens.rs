//! API tokens. A token's secret is 256 random bits shown once, when it is created;
//! the store keeps only its SHA-256, so a copied database file grants nothing. A
//! plain hash (not a slow password hash) is enough because the secret is random,
//! not chosen by a person: there is no dictionary to try.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::Store;
use super::error::{StoreError, corrupt};
use super::fields;
use super::people;
use super::types::{ContentHash, PersonId, TokenId, TokenRole, hex};

/// What every secret starts with, so that secret scanners and people recognise one.
const SECRET_PREFIX: &str = "candor_";

/// Random bytes in a secret.
const SECRET_BYTES: usize = 32;

/// A token as stored (without its secret, which is not stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    pub id: TokenId,
    pub role: TokenRole,
    /// Whose token it is: required for a manager (their team is what they see), the
    /// HR partner for HR (their department is their scope), optional for admin.
    pub person: Option<PersonId>,
    pub created: DateTime<Utc>,
    pub revoked: bool,
}

/// A token's secret, as given to its holder once. `Debug` does not print it, so it
/// cannot leak into logs by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSecret(String);

impl TokenSecret {
    /// The secret, to print once for its holder.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSecret(…)")
    }
}

impl Store {
    /// Creates a token and returns it with its secret, which is not kept: whoever
    /// created it must hand it on now.
    pub async fn create_token(
        &self,
        role: TokenRole,
        person: Option<PersonId>,
    ) -> Result<(Token, TokenSecret), StoreError> {
        if role == TokenRole::Manager && person.is_none() {
            return Err(StoreError::ManagerTokenWithoutPerson);
        }
        let secret = new_secret()?;
        let created = fields::now();
        self.guard(async {
            let mut tx = self.write().await?;
            if let Some(person) = person {
                people::require(&mut tx, person).await?;
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO tokens (role, person_id, secret_sha256, created_at, revoked)
                 VALUES (?, ?, ?, ?, FALSE)
                 RETURNING id",
            )
            .bind(role.as_str())
            .bind(person.map(|p| p.0))
            .bind(ContentHash::of(secret.0.as_bytes()).0)
            .bind(fields::timestamp(created))
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            let token = Token {
                id: TokenId(id),
                role,
                person,
                created,
                revoked: false,
            };
            Ok((token, secret))
        })
        .await
    }

    /// The live token whose secret this is; `None` for an unknown or revoked one
    /// (the API answers both with 401).
    pub async fn find_token(&self, secret: &str) -> Result<Option<Token>, StoreError> {
        let hash = ContentHash::of(secret.trim().as_bytes());
        self.guard(async {
            let row = sqlx::query(
                "SELECT id, role, person_id, created_at, revoked
                 FROM tokens WHERE secret_sha256 = ? AND NOT revoked",
            )
            .bind(&hash.0)
            .fetch_optional(&self.pool)
            .await?;
            row.as_ref().map(from_row).transpose()
        })
        .await
    }

    /// Revokes a token for good.
    pub async fn revoke_token(&self, id: TokenId) -> Result<(), StoreError> {
        self.guard(async {
            let mut tx = self.write().await?;
            let changed = sqlx::query("UPDATE tokens SET revoked = TRUE WHERE id = ?")
                .bind(id.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(StoreError::NoToken(id));
            }
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// Every token, revoked ones too, oldest first.
    pub async fn tokens(&self) -> Result<Vec<Token>, StoreError> {
        self.guard(async {
            let rows = sqlx::query(
                "SELECT id, role, person_id, created_at, revoked FROM tokens ORDER BY id",
            )
            .fetch_all(&self.pool)
            .await?;
            rows.iter().map(from_row).collect()
        })
        .await
    }
}

/// `candor_` and 64 hex digits from the operating system's random source.
fn new_secret() -> Result<TokenSecret, StoreError> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(|err| StoreError::Random(err.to_string()))?;
    Ok(TokenSecret(format!("{SECRET_PREFIX}{}", hex(&bytes))))
}

fn from_row(row: &SqliteRow) -> Result<Token, StoreError> {
    let role: &str = row.try_get("role")?;
    Ok(Token {
        id: TokenId(row.try_get("id")?),
        role: role.parse().map_err(|err| corrupt("a token role", err))?,
        person: row.try_get::<Option<i64>, _>("person_id")?.map(PersonId),
        created: fields::parse_timestamp(row.try_get("created_at")?)?,
        revoked: row.try_get("revoked")?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{person, temp_store};
    use super::*;

    /// Every file SQLite may have written: the database, its WAL and shared memory.
    fn database_bytes(path: &std::path::Path) -> Vec<u8> {
        let mut bytes = Vec::new();
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            if let Ok(content) = std::fs::read(&name) {
                bytes.extend(content);
            }
        }
        bytes
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[tokio::test]
    async fn only_the_hash_of_a_secret_reaches_the_file() {
        let (dir, store) = temp_store().await;
        let zhang = person(&store, "张伟").await;
        let (token, secret) = store
            .create_token(TokenRole::Manager, Some(zhang))
            .await
            .expect("create");
        assert!(secret.expose().starts_with("candor_"));
        assert_eq!(secret.expose().len(), "candor_".len() + 64);
        assert_eq!(format!("{secret:?}"), "TokenSecret(…)");

        let found = store.find_token(secret.expose()).await.expect("find");
        assert_eq!(found, Some(token.clone()));
        assert_eq!(store.find_token("candor_guess").await.expect("find"), None);

        let path = dir.path().join("candor.db");
        let hash = ContentHash::of(secret.expose().as_bytes()).0;
        let random_part = &secret.expose()["candor_".len()..];
        for stage in ["open", "closed"] {
            let bytes = database_bytes(&path);
            assert!(
                contains(&bytes, hash.as_bytes()),
                "{stage}: the hash is stored"
            );
            assert!(
                !contains(&bytes, random_part.as_bytes()),
                "{stage}: the secret is not"
            );
            store.close().await;
        }
    }

    #[tokio::test]
    async fn revoked_tokens_are_not_found() {
        let (_dir, store) = temp_store().await;
        let (token, secret) = store
            .create_token(TokenRole::Admin, None)
            .await
            .expect("create");
        let (_, other) = store
            .create_token(TokenRole::Hr, None)
            .await
            .expect("create");
        assert_ne!(secret, other);
        store.revoke_token(token.id).await.expect("revoke");
        assert_eq!(store.find_token(secret.expose()).await.expect("find"), None);
        assert!(
            store
                .find_token(other.expose())
                .await
                .expect("find")
                .is_some()
        );
        let all = store.tokens().await.expect("list");
        assert_eq!(
            all.iter().map(|t| t.revoked).collect::<Vec<_>>(),
            [true, false]
        );
        assert!(store.revoke_token(TokenId(99)).await.is_err());
    }

    #[tokio::test]
    async fn a_manager_token_needs_an_existing_person() {
        let (_dir, store) = temp_store().await;
        let err = store
            .create_token(TokenRole::Manager, None)
            .await
            .expect_err("no person");
        assert!(err.to_string().contains("--person"), "{err}");
        let err = store
            .create_token(TokenRole::Manager, Some(PersonId(3)))
            .await
            .expect_err("absent person");
        assert_eq!(err.to_string(), "no person with id 3");
        assert!(store.tokens().await.expect("list").is_empty());
    }
}
