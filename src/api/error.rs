//! The one error vocabulary on the wire: `{"error": {"code", "message"}}`.

use serde::{Deserialize, Serialize};

/// Stable, snake_case error codes; scripts may match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidArgument,
    NotFound,
    Conflict,
    Unauthorized,
    /// Refused whoever asks: a cross-site browser request, or a Host the bus does not
    /// answer to.
    Forbidden,
    PayloadTooLarge,
    UnsupportedMediaType,
    Timeout,
    /// A request found no member listening on its topic.
    NoResponders,
    Unavailable,
    Internal,
    /// A code this client does not know yet (a newer server).
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
            },
        }
    }
}
