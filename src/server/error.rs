//! Every error the API returns, in one shape: `{"error": {"code", "message"}}` with the
//! status that fits the code. 5xx details are logged, not sent.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::api::{ErrorBody, ErrorCode};
use crate::bus::BusError;

#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidArgument, message)
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }
}

pub fn status_for(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidArgument => StatusCode::BAD_REQUEST,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::Timeout => StatusCode::GATEWAY_TIMEOUT,
        ErrorCode::Unavailable | ErrorCode::NoResponders => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal | ErrorCode::Unknown => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A JSON request body, or a 400 that says what is wrong with it.
pub fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|err| ApiError::invalid(format!("invalid request body: {err}")))
}

/// Query parameters as axum parsed them, with our error shape on a bad one.
pub type QueryResult<T> = Result<axum::extract::Query<T>, axum::extract::rejection::QueryRejection>;

pub fn query<T>(query: QueryResult<T>) -> Result<T, ApiError> {
    query
        .map(|axum::extract::Query(value)| value)
        .map_err(|rejection| ApiError::invalid(rejection.body_text()))
}

impl From<BusError> for ApiError {
    fn from(err: BusError) -> Self {
        ApiError::new(err.code(), err.to_string())
    }
}

impl ApiError {
    /// The body a client sees: an unexpected 5xx is logged and its details withheld.
    pub fn body(self) -> ErrorBody {
        let expected = matches!(
            self.code,
            ErrorCode::Unavailable | ErrorCode::NoResponders | ErrorCode::Timeout
        );
        let message = if status_for(self.code).is_server_error() && !expected {
            tracing::error!(message = %self.message, "request failed");
            "internal error: see the server log".to_owned()
        } else {
            self.message
        };
        ErrorBody::new(self.code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (status_for(self.code), Json(self.body())).into_response()
    }
}
