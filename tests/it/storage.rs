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
