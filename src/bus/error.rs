//! What the bus refuses, with the wire code each maps to.

use crate::api::{ErrorCode, EventError};
use crate::engine::EngineError;

#[derive(Debug, thiserror::Error)]
pub enum BusError {
    /// `index` is the event's position in a batch (None for a single event).
    #[error("{}{source}", at(*index))]
    InvalidEvent {
        index: Option<usize>,
        source: EventError,
    },
    #[error("{}the event is {size} bytes, over the {max}-byte limit (serve --max-event-size)", at(*index))]
    TooLarge {
        index: Option<usize>,
        size: usize,
        max: usize,
    },
    #[error("{0}")]
    InvalidArgument(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NoResponders(String),
    #[error("{0}")]
    Timeout(String),
    /// A filter that could not decide on the event `seq`.
    #[error("event {seq}: {source}")]
    Filter {
        seq: u64,
        source: crate::filter::FilterError,
    },
    #[error("the bus is shutting down")]
    ShuttingDown,
    #[error(transparent)]
    Engine(#[from] EngineError),
}

fn at(index: Option<usize>) -> String {
    index.map(|i| format!("event {i}: ")).unwrap_or_default()
}

impl BusError {
    pub fn code(&self) -> ErrorCode {
        match self {
            BusError::InvalidEvent { .. } | BusError::InvalidArgument(_) => {
                ErrorCode::InvalidArgument
            }
            BusError::TooLarge { .. } => ErrorCode::PayloadTooLarge,
            BusError::NotFound(_) => ErrorCode::NotFound,
            BusError::Conflict(_) => ErrorCode::Conflict,
            BusError::NoResponders(_) => ErrorCode::NoResponders,
            BusError::Timeout(_) => ErrorCode::Timeout,
            BusError::Filter {
                source: crate::filter::FilterError::Unavailable(_),
                ..
            } => ErrorCode::Unavailable,
            BusError::Filter { .. } => ErrorCode::InvalidArgument,
            BusError::ShuttingDown => ErrorCode::Unavailable,
            BusError::Engine(EngineError::NotFound) => ErrorCode::NotFound,
            BusError::Engine(EngineError::Conflict(_)) => ErrorCode::Conflict,
            BusError::Engine(EngineError::Unavailable(_)) => ErrorCode::Unavailable,
            BusError::Engine(_) => ErrorCode::Internal,
        }
    }

    /// Puts a batch position on an event error.
    pub fn at_index(self, position: usize) -> Self {
        match self {
            BusError::InvalidEvent { source, .. } => BusError::InvalidEvent {
                index: Some(position),
                source,
            },
            BusError::TooLarge { size, max, .. } => BusError::TooLarge {
                index: Some(position),
                size,
                max,
            },
            other => other,
        }
    }
}
