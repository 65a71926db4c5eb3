//! Exit codes: one enum, one place that maps errors to codes. README and man pages render
//! their tables from `ExitCode::ALL`.

use crate::api::ErrorCode;
use crate::client::ClientError;
use crate::engine::OpenError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Success; also a closed pipe on stdout (`evbus tail | head -1`).
    Success = 0,
    /// The bus answered with an error not listed below, or another failure.
    Failure = 1,
    /// Usage error: unknown flag, bad topic, pattern, filter, duration or JSON; nothing was sent.
    Usage = 2,
    /// The bus is unreachable (for `serve`: its NATS is).
    Unreachable = 3,
    /// Not found: the bus has no such resource.
    NotFound = 4,
    /// Timeout: nothing arrived within --timeout.
    Timeout = 5,
    /// Unauthorized: the bus wants a token (--token, EVBUS_TOKEN).
    Unauthorized = 6,
    /// Conflict: the resource exists already, or a lease is no longer held.
    Conflict = 7,
    /// No responders: nothing listens on the request's topic.
    NoResponders = 8,
    /// Forbidden: the token lacks the permission the request needs (`serve --auth`), or
    /// the bus refuses it whatever the token (a Host it does not answer to).
    Forbidden = 9,
    /// Interrupted by Ctrl-C.
    Interrupted = 130,
}

impl ExitCode {
    pub const ALL: [ExitCode; 11] = [
        ExitCode::Success,
        ExitCode::Failure,
        ExitCode::Usage,
        ExitCode::Unreachable,
        ExitCode::NotFound,
        ExitCode::Timeout,
        ExitCode::Unauthorized,
        ExitCode::Conflict,
        ExitCode::NoResponders,
        ExitCode::Forbidden,
        ExitCode::Interrupted,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn meaning(self) -> &'static str {
        match self {
            ExitCode::Success => "success; also a closed pipe on stdout (`evbus tail | head -1`)",
            ExitCode::Failure => {
                "the bus answered with an error not listed below, or another failure"
            }
            ExitCode::Usage => {
                "usage error: unknown flag, bad topic, pattern, filter, duration or JSON; nothing was sent"
            }
            ExitCode::Unreachable => {
                "the bus is unreachable: start it with `evbus serve` or check --server; for `serve --engine nats://…`, NATS is unreachable"
            }
            ExitCode::NotFound => "not found: the bus has no such resource",
            ExitCode::Timeout => "timeout: nothing arrived within --timeout",
            ExitCode::Unauthorized => "unauthorized: the bus wants a token (--token, EVBUS_TOKEN)",
            ExitCode::Conflict => {
                "conflict: the resource exists already, or a lease is no longer held"
            }
            ExitCode::NoResponders => {
                "no responders: no `evbus reply` (group member) listens on the request's topic"
            }
            ExitCode::Forbidden => {
                "forbidden: the token lacks a permission (`evbus status` shows what it may do), or the bus does not answer to that host name (`serve --allow-host`)"
            }
            ExitCode::Interrupted => "interrupted by Ctrl-C",
        }
    }

    /// A Markdown table of every code, for README.
    pub fn markdown_table() -> String {
        let mut table = String::from("| code | meaning |\n| --- | --- |\n");
        for code in ExitCode::ALL {
            let meaning = code.meaning().replace('|', "\\|");
            table.push_str(&format!("| {} | {meaning} |\n", code.code()));
        }
        table
    }

    /// Chooses the code for an error that ended a command.
    pub fn for_error(err: &anyhow::Error) -> ExitCode {
        for cause in err.chain() {
            if let Some(io) = cause.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::Success;
            }
            if let Some(code) = cause.downcast_ref::<Exit>() {
                return code.0;
            }
            if let Some(client) = cause.downcast_ref::<ClientError>() {
                return client.into();
            }
            if let Some(open) = cause.downcast_ref::<OpenError>() {
                return match open {
                    OpenError::Settings(_) => ExitCode::Usage,
                    OpenError::Unreachable(_) => ExitCode::Unreachable,
                };
            }
        }
        ExitCode::Failure
    }
}

impl From<&ClientError> for ExitCode {
    /// What the bus (or its absence) answered, as the code a script checks.
    fn from(err: &ClientError) -> Self {
        match err {
            ClientError::Unreachable { .. } | ClientError::Untrusted { .. } => {
                ExitCode::Unreachable
            }
            ClientError::Timeout => ExitCode::Timeout,
            ClientError::Api { code, .. } => match code {
                ErrorCode::NotFound => ExitCode::NotFound,
                ErrorCode::Unauthorized => ExitCode::Unauthorized,
                ErrorCode::Forbidden => ExitCode::Forbidden,
                ErrorCode::InvalidArgument
                | ErrorCode::PayloadTooLarge
                | ErrorCode::UnsupportedMediaType => ExitCode::Usage,
                ErrorCode::Timeout => ExitCode::Timeout,
                ErrorCode::Conflict => ExitCode::Conflict,
                ErrorCode::NoResponders => ExitCode::NoResponders,
                _ => ExitCode::Failure,
            },
            ClientError::Decode(_) => ExitCode::Failure,
        }
    }
}

/// An error that carries its exit code (usage errors, timeouts found by the CLI itself).
#[derive(Debug, thiserror::Error)]
#[error("{1}")]
pub struct Exit(pub ExitCode, pub String);

impl Exit {
    pub fn usage(message: impl Into<String>) -> anyhow::Error {
        Exit(ExitCode::Usage, message.into()).into()
    }

    pub fn unreachable(message: impl Into<String>) -> anyhow::Error {
        Exit(ExitCode::Unreachable, message.into()).into()
    }

    pub fn timeout(message: impl Into<String>) -> anyhow::Error {
        Exit(ExitCode::Timeout, message.into()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_is_success() {
        let err = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!(ExitCode::for_error(&err), ExitCode::Success);
    }

    #[test]
    fn carried_codes_survive_context() {
        let err = Exit::usage("bad topic").context("while emitting");
        assert_eq!(ExitCode::for_error(&err), ExitCode::Usage);
        assert_eq!(
            ExitCode::for_error(&anyhow::anyhow!("other")),
            ExitCode::Failure
        );
    }

    #[test]
    fn codes_are_distinct() {
        let mut codes: Vec<u8> = ExitCode::ALL.iter().map(|code| code.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), ExitCode::ALL.len());
    }
}
