//! Who is calling and what they may see. A bearer token (or, for the pages, the
//! same secret in a cookie) names a role:
//!
//! - admin: everything, and the only role that manages people and tokens;
//! - hr: everyone in the department of the person the token belongs to; an HR
//!   token with no person or no department is organisation-wide;
//! - manager: the people under them, directly or through other managers, and
//!   themself.
//!
//! Every refusal says which of the two it is: 401 when the caller is unknown
//! (no token, a wrong or revoked one), 403 when they are known but out of scope.

use std::collections::HashSet;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::AppState;
use super::error::ApiError;
use crate::store::{Person, PersonId, Token, TokenRole};

/// The cookie the pages carry the secret in.
pub const COOKIE: &str = "candor_token";

/// A caller whose token was found.
#[derive(Debug, Clone)]
pub struct Caller {
    pub token: Token,
    /// The person the token belongs to, when it belongs to one.
    pub person: Option<Person>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let secret = bearer(parts).or_else(|| cookie(parts)).ok_or_else(|| {
            ApiError::unauthorized(
                "no token: send `Authorization: Bearer <token>` (create one with `candor tokens create`)",
            )
        })?;
        let token = state
            .store
            .find_token(&secret)
            .await?
            .ok_or_else(|| ApiError::unauthorized("the token is not valid or was revoked"))?;
        let person = match token.person {
            Some(id) => Some(state.store.person(id).await?),
            None => None,
        };
        Ok(Caller { token, person })
    }
}

fn bearer(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| secret.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn cookie(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE && !value.is_empty()).then(|| value.to_owned())
        })
}

/// Which people a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Everyone,
    Department(String),
    /// A manager: themself and everyone under them.
    Team(PersonId),
}

impl Caller {
    pub fn role(&self) -> TokenRole {
        self.token.role
    }

    pub fn scope(&self) -> Scope {
        match (self.token.role, &self.person) {
            (
                TokenRole::Hr,
                Some(Person {
                    department: Some(d),
                    ..
                }),
            ) => Scope::Department(d.clone()),
            (TokenRole::Admin | TokenRole::Hr, _) => Scope::Everyone,
            (TokenRole::Manager, Some(p)) => Scope::Team(p.id),
            // The store refuses manager tokens without a person; see nothing.
            (TokenRole::Manager, None) => Scope::Department(String::new()),
        }
    }

    /// 403 unless the caller's role is one of `roles`.
    pub fn require(&self, roles: &[TokenRole], what: &str) -> Result<(), ApiError> {
        if roles.contains(&self.token.role) {
            return Ok(());
        }
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        Err(ApiError::forbidden(format!(
            "{what} needs a token with the role {}; this one is {}",
            names.join(" or "),
            self.token.role
        )))
    }

    /// The department the caller files new people into: an HR token's own.
    pub fn department(&self) -> Option<String> {
        match self.scope() {
            Scope::Department(d) if !d.is_empty() => Some(d),
            _ => None,
        }
    }

    /// Everyone within the caller's scope, worked out once for a list instead of a
    /// query per row; `None` is everyone.
    pub async fn visible_people(
        &self,
        state: &AppState,
    ) -> Result<Option<HashSet<PersonId>>, ApiError> {
        let ids = |people: Vec<Person>| people.into_iter().map(|p| p.id).collect();
        Ok(match self.scope() {
            Scope::Everyone => None,
            Scope::Department(d) if d.is_empty() => Some(HashSet::new()),
            Scope::Department(d) => Some(ids(state.store.people_in_department(&d).await?)),
            Scope::Team(me) => {
                let mut team: HashSet<PersonId> = ids(state.store.people_under(me).await?);
                team.insert(me);
                Some(team)
            }
        })
    }

    /// Whether `person` is within the caller's scope.
    pub async fn sees(&self, state: &AppState, person: &Person) -> Result<bool, ApiError> {
        Ok(match self.scope() {
            Scope::Everyone => true,
            Scope::Department(d) => person.department.as_deref() == Some(d.as_str()),
            Scope::Team(me) => me == person.id || state.store.manages(me, person.id).await?,
        })
    }

    /// 403 unless `person` is within the caller's scope.
    pub async fn require_sees(&self, state: &AppState, person: &Person) -> Result<(), ApiError> {
        if self.sees(state, person).await? {
            return Ok(());
        }
        Err(ApiError::forbidden(format!(
            "{} is outside what this token may see ({})",
            person.name,
            self.scope_words()
        )))
    }

    fn scope_words(&self) -> String {
        match self.scope() {
            Scope::Everyone => "everyone".into(),
            Scope::Department(d) if d.is_empty() => "nobody".into(),
            Scope::Department(d) => format!("the department {d}"),
            Scope::Team(_) => format!(
                "{} and the people under them",
                self.person
                    .as_ref()
                    .map_or("the manager", |p| p.name.as_str())
            ),
        }
    }
}
