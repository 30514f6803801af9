//! People and the org chart: list and read within scope; create, import (CSV:
//! `name,manager,department`) and forget as admin. Forgetting is the privacy-law
//! request: the person's data goes everywhere at once (`Store::forget`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::Caller;
use super::error::ApiError;
use super::uploads::log;
use super::{AppState, created_status};
use crate::store::{AccessAction, Person, PersonId, Resource, ResourceKind, TokenRole};

/// A person as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonOut {
    #[schema(value_type = i64)]
    id: PersonId,
    name: String,
    manager: Option<String>,
    department: Option<String>,
}

fn person_out(person: &Person, everyone: &[Person]) -> PersonOut {
    PersonOut {
        id: person.id,
        name: person.name.clone(),
        manager: person
            .manager
            .and_then(|m| everyone.iter().find(|p| p.id == m))
            .map(|m| m.name.clone()),
        department: person.department.clone(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeopleOut {
    people: Vec<PersonOut>,
}

/// `GET /v1/people`: the people the caller may see.
#[utoipa::path(get, path = "/v1/people", responses((status = 200, body = PeopleOut), (status = 401)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<PeopleOut>, ApiError> {
    let everyone = state.store.people().await?;
    let visible = caller.visible_people(&state).await?;
    let people = everyone
        .iter()
        .filter(|p| visible.as_ref().is_none_or(|v| v.contains(&p.id)))
        .map(|p| person_out(p, &everyone))
        .collect();
    log(
        &state,
        &caller,
        AccessAction::Read,
        Resource::List(ResourceKind::Person),
    )
    .await;
    Ok(Json(PeopleOut { people }))
}

/// `GET /v1/people/{id}`.
#[utoipa::path(get, path = "/v1/people/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = PersonOut), (status = 401), (status = 403), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<PersonOut>, ApiError> {
    let person = state.store.person(PersonId(id)).await?;
    caller.require_sees(&state, &person).await?;
    let everyone = state.store.people().await?;
    log(
        &state,
        &caller,
        AccessAction::Read,
        Resource::Person(person.id),
    )
    .await;
    Ok(Json(person_out(&person, &everyone)))
}

/// A person to create or update.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonIn {
    name: String,
    /// Their manager's name; the manager must exist.
    manager: Option<String>,
    department: Option<String>,
}

/// `POST /v1/people` (admin): creates a person or updates their manager and department.
#[utoipa::path(post, path = "/v1/people", request_body = PersonIn,
    responses((status = 201, body = PersonOut), (status = 200, body = PersonOut), (status = 401), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    caller.require(&[TokenRole::Admin], "managing people")?;
    let input: PersonIn = serde_json::from_slice(&body).map_err(|err| {
        ApiError::bad_request(format!(
            "not a person ({err}); expected {{\"name\", \"manager\", \"department\"}}"
        ))
    })?;
    // The manager is found first, so that naming an unknown one stores nothing.
    let manager = match &input.manager {
        Some(name) => Some(state.store.person_by_name(name).await.map_err(|err| {
            if err.is_not_found() {
                ApiError::unprocessable(format!(
                    "manager: {err}; create or import the manager first"
                ))
            } else {
                err.into()
            }
        })?),
        None => None,
    };
    let saved = state
        .store
        .upsert_person(&input.name, input.department.as_deref())
        .await?;
    if let Some(manager) = manager {
        state.store.set_manager(saved.id, Some(manager.id)).await?;
    }
    let person = state.store.person(saved.id).await?;
    let everyone = state.store.people().await?;
    log(
        &state,
        &caller,
        AccessAction::Create,
        Resource::Person(person.id),
    )
    .await;
    Ok((
        created_status(saved.created),
        Json(person_out(&person, &everyone)),
    )
        .into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportOut {
    rows: usize,
    created: usize,
    updated: usize,
}

/// `POST /v1/people/import` (admin): the org chart as CSV, all or nothing.
#[utoipa::path(post, path = "/v1/people/import", request_body(content = String, content_type = "text/csv", description = "name,manager,department"),
    responses((status = 200, body = ImportOut), (status = 401), (status = 403), (status = 422)))]
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<Json<ImportOut>, ApiError> {
    caller.require(&[TokenRole::Admin], "importing the org chart")?;
    let summary = state.store.import_people_csv(&body).await?;
    log(
        &state,
        &caller,
        AccessAction::Update,
        Resource::List(ResourceKind::Person),
    )
    .await;
    Ok(Json(ImportOut {
        rows: summary.rows,
        created: summary.created,
        updated: summary.updated,
    }))
}

/// `DELETE /v1/people/{id}` (admin): removes the person's data everywhere.
#[utoipa::path(delete, path = "/v1/people/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "what was removed, counted"), (status = 401), (status = 403), (status = 404)))]
pub async fn forget(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<crate::store::Forgotten>, ApiError> {
    caller.require(&[TokenRole::Admin], "forgetting a person")?;
    let forgotten = state.store.forget(PersonId(id)).await?;
    log(
        &state,
        &caller,
        AccessAction::Delete,
        Resource::Person(PersonId(id)),
    )
    .await;
    Ok(Json(forgotten))
}
