//! The bus's own health, as `$evbus.health` events every `--health-interval`, with
//! `$evbus.warning.*` when disk space runs low or a group falls behind; `status` and
//! `/metrics` show the same figures.

use std::path::Path;
use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Bus, BusError, resident_memory};
use crate::api::time::{format_rfc3339_ms, now_ms};

/// Bytes free for unprivileged users on the filesystem holding `dir`.
pub fn disk_free(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stats: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is a valid C string and `stats` a writable statvfs.
    let status = unsafe { libc::statvfs(path.as_ptr(), &mut stats) };
    (status == 0).then(|| stats.f_bavail as u64 * stats.f_frsize as u64)
}

impl Bus {
    /// The figures a health event carries, measured now.
    pub async fn health(&self) -> Result<Value, BusError> {
        let engine = self.engine();
        let stats = engine.stats().await?;
        let mut groups = serde_json::Map::new();
        let mut dead_letters = 0;
        for group in self.list_groups().await? {
            dead_letters += group.dead;
            groups.insert(
                group.name.clone(),
                json!({
                    "lag": group.lag, "pending": group.pending,
                    "in_flight": group.in_flight, "dead": group.dead,
                    "members": group.members.len(),
                }),
            );
        }
        let latency = engine.commit_latency();
        Ok(json!({
            "status": "ok",
            "open_streams": self.counters().open_streams.load(Ordering::Relaxed),
            "events": stats.events,
            "log_bytes": stats.bytes,
            "rss_bytes": resident_memory(),
            "disk_free_bytes": engine.data_dir().and_then(disk_free),
            "commit_ms": { "p50": latency.quantile_ms(0.5), "p99": latency.quantile_ms(0.99) },
            "groups": groups,
            "dead_letters": dead_letters,
        }))
    }

    pub fn latest_health(&self) -> Option<Value> {
        self.inner.health.lock().expect("health poisoned").clone()
    }

    /// Measures, keeps and emits health (and warnings) once; returns the figures.
    pub async fn report_health(&self) -> Result<Value, BusError> {
        let mut health = self.health().await?;
        health["time"] = format_rfc3339_ms(now_ms()).into();
        *self.inner.health.lock().expect("health poisoned") = Some(health.clone());
        self.emit_system("$evbus.health", health.clone()).await?;
        let config = self.config();
        if let Some(free) = health["disk_free_bytes"].as_u64()
            && free < config.disk_warning_bytes
        {
            let data_dir = self
                .engine()
                .data_dir()
                .map(|dir| dir.display().to_string());
            self.emit_system(
                "$evbus.warning.disk",
                json!({ "disk_free_bytes": free, "threshold_bytes": config.disk_warning_bytes, "data_dir": data_dir }),
            )
            .await?;
        }
        if config.lag_warning > 0
            && let Some(groups) = health["groups"].as_object()
        {
            for (group, figures) in groups {
                let lag = figures["lag"].as_u64().unwrap_or(0);
                if lag > config.lag_warning {
                    self.emit_system(
                        "$evbus.warning.lag",
                        json!({ "group": group, "lag": lag, "threshold": config.lag_warning }),
                    )
                    .await?;
                }
            }
        }
        Ok(health)
    }

    /// Reports health every `health_interval` until shutdown (never when it is zero).
    pub(crate) async fn run_health(self) {
        let interval = self.config().health_interval;
        if interval.is_zero() {
            return;
        }
        let mut shutdown = self.shutdown_signal();
        loop {
            if !crate::bus::wait_unless_stopping(&mut shutdown, interval).await {
                return;
            }
            if let Err(err) = self.report_health().await {
                tracing::warn!(error = %err, "cannot report health; will retry");
            }
        }
    }

    /// What lifecycle events say about the server.
    pub fn identity(&self) -> Value {
        let engine = self.engine();
        json!({
            "version": env!("CARGO_PKG_VERSION"),
            "engine": engine.name(),
            "data_dir": engine.data_dir().map(|dir| dir.display().to_string()),
        })
    }
}
