//! `/v1/openapi.json`, generated from the handlers' annotations (utoipa), so the
//! document cannot drift from the routes it describes.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{agenda, alerts, audit, people, reports, uploads};

#[derive(OpenApi)]
#[openapi(
    info(title = "Candor", description = "Local analysis of performance conversations: uploads, analyses, coaching reports, people, agendas, the audit and alerts."),
    paths(
        uploads::upload,
        uploads::list,
        uploads::show,
        uploads::coaching,
        reports::upload,
        reports::list,
        people::list,
        people::show,
        people::create,
        people::import,
        people::forget,
        agenda::create,
        audit::show,
        alerts::list,
        alerts::acknowledge,
    ),
    components(schemas(
        uploads::Uploaded,
        uploads::Listed,
        uploads::ConversationList,
        reports::ReportIn,
        reports::ReportsOut,
        people::PersonOut,
        people::PeopleOut,
        people::PersonIn,
        people::ImportOut,
        agenda::AgendaIn,
        alerts::AlertsOut,
    )),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

/// Declares the bearer tokens `candor tokens create` makes.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
