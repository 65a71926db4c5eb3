//! The web console: a page and its script and styles, compiled into the binary and
//! served at `/`. It drives the same `/v1` API as every client, so it needs nothing the
//! API does not already offer, and nothing is fetched from another host.
//!
//! Every response carries a Content-Security-Policy that lets the page load only its own
//! files and talk only to its own origin, and refuses to be framed (clickjacking).

use axum::Router;
use axum::extract::Path;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::error::ApiError;
use crate::api::ErrorCode;

const INDEX: &str = include_str!("index.html");

/// The files under `/console/`: name, content type, content. `app.js` is the entry; the
/// other modules are the views and what they share.
const FILES: &[(&str, &str, &str)] = &[
    ("app.js", JS, include_str!("app.js")),
    ("bus.js", JS, include_str!("bus.js")),
    ("page.js", JS, include_str!("page.js")),
    ("chart.js", JS, include_str!("chart.js")),
    ("overview.js", JS, include_str!("overview.js")),
    ("tail.js", JS, include_str!("tail.js")),
    ("emit.js", JS, include_str!("emit.js")),
    ("groups.js", JS, include_str!("groups.js")),
    ("dlq.js", JS, include_str!("dlq.js")),
    ("replays.js", JS, include_str!("replays.js")),
    ("routes.js", JS, include_str!("routes.js")),
    ("topics.js", JS, include_str!("topics.js")),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("app.css"),
    ),
    ("icon.svg", "image/svg+xml", include_str!("icon.svg")),
];
const JS: &str = "text/javascript; charset=utf-8";

/// Own files only; API calls to the own origin only; no plugins, no framing, no base
/// or form targets elsewhere.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The console's routes, each with the policy headers above.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/",
            get(|| async { page("text/html; charset=utf-8", INDEX) }),
        )
        .route("/console/{file}", get(file))
}

async fn file(Path(name): Path<String>) -> Result<Response, ApiError> {
    FILES
        .iter()
        .find(|(file, _, _)| *file == name)
        .map(|(_, kind, body)| page(kind, body))
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no console file {name}")))
}

fn page(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (CONTENT_TYPE, content_type),
        (CONTENT_SECURITY_POLICY, POLICY),
        (X_FRAME_OPTIONS, "DENY"),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (REFERRER_POLICY, "no-referrer"),
        // A new binary serves a new console: revalidate rather than keep a stale script.
        (CACHE_CONTROL, "no-cache"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
