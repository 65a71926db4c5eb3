//! The engines tests run on, and where each keeps its data while a test runs: one enum
//! for the engine suite (`engines`) and the bus harness (`common::TestBus`).

use evbus::engine::{EngineConfig, Fsync};

use crate::nats::NatsPrefix;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    Memory,
    Embedded,
    Nats,
}

/// Where an engine under test keeps its data, for as long as this lives.
pub enum Storage {
    None,
    Dir(tempfile::TempDir),
    Nats(NatsPrefix),
}

impl Storage {
    /// Fresh, empty storage for `kind`; `None` when NATS is not here (see
    /// `NatsPrefix::new`).
    pub fn new(kind: EngineKind) -> Option<Self> {
        Some(match kind {
            EngineKind::Memory => Storage::None,
            EngineKind::Embedded => Storage::Dir(tempfile::tempdir().unwrap()),
            EngineKind::Nats => Storage::Nats(NatsPrefix::new()?),
        })
    }

    pub fn kind(&self) -> EngineKind {
        match self {
            Storage::None => EngineKind::Memory,
            Storage::Dir(_) => EngineKind::Embedded,
            Storage::Nats(_) => EngineKind::Nats,
        }
    }

    /// What `evbus serve` takes to run on this storage.
    pub fn serve_args(&self) -> Vec<String> {
        match self {
            Storage::None => vec!["--engine".into(), "memory".into()],
            Storage::Dir(dir) => vec!["--data-dir".into(), dir.path().display().to_string()],
            Storage::Nats(prefix) => prefix.serve_args(),
        }
    }

    pub fn config(&self) -> EngineConfig {
        match self {
            Storage::None => EngineConfig::Memory,
            Storage::Dir(dir) => EngineConfig::Embedded {
                dir: dir.path().to_owned(),
                fsync: Fsync::Always,
            },
            Storage::Nats(prefix) => EngineConfig::Nats(Box::new(prefix.config())),
        }
    }
}
