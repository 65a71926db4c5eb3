//! Runs an `--exec` handler for one delivery: the event on stdin, its attributes in the
//! environment, its exit code as the verdict.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;

use crate::api::group::Delivery;
use crate::api::time::format_duration;

/// How much of a failing handler's stderr is kept as the attempt's error.
const STDERR_TAIL: usize = 1_000;

pub struct Handler {
    pub command: String,
    pub group: String,
    /// Keep stdout (for `--emit`) instead of passing it through.
    pub capture_stdout: bool,
    pub timeout: Option<Duration>,
}

#[derive(Debug, Default)]
pub struct HandlerOutcome {
    pub exit_code: Option<i32>,
    /// `None` when the handler succeeded.
    pub error: Option<String>,
    pub stdout: Vec<u8>,
    /// Stopped by a second Ctrl-C.
    pub interrupted: bool,
}

impl HandlerOutcome {
    fn failed(error: String) -> Self {
        Self {
            error: Some(error),
            ..Self::default()
        }
    }
}

impl Handler {
    /// Runs the handler to completion, its timeout, or `kill`; `keep_lease` runs alongside
    /// (it extends the lease) and is dropped when the handler ends.
    pub async fn run(
        &self,
        delivery: &Delivery,
        mut kill: watch::Receiver<bool>,
        keep_lease: impl Future<Output = ()>,
    ) -> HandlerOutcome {
        let event = delivery.event.get();
        let parsed: serde_json::Value = serde_json::from_str(event).unwrap_or_default();
        let attribute = |key: &str| -> String {
            match parsed.get(key) {
                Some(serde_json::Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            }
        };
        let mut command = tokio::process::Command::new("sh");
        command
            .arg("-c")
            .arg(&self.command)
            .env("EVBUS_TOPIC", attribute("type"))
            .env("EVBUS_ID", attribute("id"))
            .env("EVBUS_SEQ", attribute("seq"))
            .env("EVBUS_ATTEMPT", delivery.attempt.to_string())
            .env("EVBUS_GROUP", &self.group)
            .env("EVBUS_KEY", attribute(crate::api::event::KEY_ATTRIBUTE))
            .stdin(Stdio::piped())
            .stdout(if self.capture_stdout {
                Stdio::piped()
            } else {
                Stdio::inherit()
            })
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // The event's trace context, the way OpenTelemetry hands it to a child process
        // (and `evbus emit` inside the handler joins it); none when the event has none.
        for (name, attribute_name) in [
            ("TRACEPARENT", crate::api::trace::TRACEPARENT),
            ("TRACESTATE", crate::api::trace::TRACESTATE),
        ] {
            match attribute(attribute_name) {
                value if value.is_empty() => command.env_remove(name),
                value => command.env(name, value),
            };
        }
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(err) => {
                return HandlerOutcome::failed(format!("cannot start `{}`: {err}", self.command));
            }
        };
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let input = event.as_bytes().to_vec();
        // A handler that does not read its stdin must not block on a full pipe.
        let feed = async move {
            let _ = stdin.write_all(&input).await;
            let _ = stdin.write_all(b"\n").await;
        };
        let mut stdout_pipe = child.stdout.take();
        let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
        let collect = async {
            let mut stdout = Vec::new();
            let mut stderr = Vec::new();
            let read_stdout = async {
                if let Some(pipe) = stdout_pipe.as_mut() {
                    let _ = pipe.read_to_end(&mut stdout).await;
                }
            };
            let read_stderr = async {
                let _ = stderr_pipe.read_to_end(&mut stderr).await;
            };
            tokio::join!(feed, read_stdout, read_stderr);
            (stdout, stderr)
        };
        let limit = async {
            match self.timeout {
                Some(limit) => tokio::time::sleep(limit).await,
                None => std::future::pending().await,
            }
        };
        let finished = async {
            let (stdout, stderr) = collect.await;
            (child.wait().await, stdout, stderr)
        };
        tokio::pin!(finished);
        tokio::pin!(keep_lease);
        tokio::pin!(limit);
        let (status, stdout, stderr) = loop {
            tokio::select! {
                done = &mut finished => break done,
                _ = &mut keep_lease => {}
                _ = &mut limit => {
                    return HandlerOutcome::failed(format!(
                        "handler timed out after {} and was killed",
                        format_duration(self.timeout.unwrap_or_default())
                    ));
                }
                _ = kill.wait_for(|kill| *kill) => {
                    return HandlerOutcome {
                        interrupted: true,
                        ..HandlerOutcome::failed("handler stopped by Ctrl-C".into())
                    };
                }
            }
        };
        // The handler's diagnostics are the user's: pass them on.
        if !stderr.is_empty() {
            let _ = std::io::Write::write_all(&mut std::io::stderr(), &stderr);
        }
        let status = match status {
            Ok(status) => status,
            Err(err) => {
                return HandlerOutcome::failed(format!("cannot wait for the handler: {err}"));
            }
        };
        let exit_code = status.code();
        let error = (!status.success()).then(|| {
            let text = String::from_utf8_lossy(&stderr);
            let text = text.trim();
            let mut start = text.len().saturating_sub(STDERR_TAIL);
            while !text.is_char_boundary(start) {
                start += 1;
            }
            let tail = &text[start..];
            match exit_code {
                Some(code) if tail.is_empty() => format!("exit code {code}"),
                Some(code) => format!("exit code {code}: {tail}"),
                None => format!("killed by a signal: {tail}"),
            }
        });
        HandlerOutcome {
            exit_code,
            error,
            stdout,
            interrupted: false,
        }
    }
}
