//! The accept loop: what a connection may cost the bus before it has sent a request.
//!
//! `axum::serve` has no timeouts and no limit, so idle or slow connections (slowloris)
//! pile up until the process runs out of file descriptors and nobody gets in. Here:
//! - the headers of every request, and the wait for the next request on a kept-alive
//!   connection, must arrive within the idle timeout (`serve --idle-timeout`, default
//!   [`IDLE_TIMEOUT`]), or the connection is closed;
//! - at most `max_connections` are open at once; one more is answered `503` at once;
//! - the process's open-file limit is raised to its hard limit, so that maximum fits.
//!
//! Shutdown stops accepting, lets in-flight requests finish, and closes idle
//! connections; open streams end because the bus ends them.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use super::tls::Tls;

/// How long a client may take to send a request's headers, and how long a kept-alive
/// connection may sit idle.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// What the accept loop allows.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub idle_timeout: Duration,
}
/// File descriptors kept for what is not a connection (the store, workers, NATS).
const SPARE_FILES: u64 = 64;

/// Serves `app` on `listener` (HTTPS with `tls`) until `shutdown` completes, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    tls: Option<Arc<Tls>>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let max_connections = fit_file_limit(limits.max_connections);
    let slots = Arc::new(Semaphore::new(max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.idle_timeout);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of descriptors or the like: let some close, then go on.
                    tracing::warn!(error = %err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(error = %err, "cannot set TCP_NODELAY");
        }
        let slot = slots.clone().try_acquire_owned();
        let (http, app, watcher, tls) =
            (http.clone(), app.clone(), graceful.watcher(), tls.clone());
        tokio::spawn(async move {
            let Some(tls) = tls else {
                match slot {
                    Ok(_slot) => serve_connection(&http, app, watcher, stream).await,
                    Err(_) => refuse(stream, max_connections).await,
                }
                return;
            };
            // The handshake is the first thing a TLS client sends: it gets the same time
            // as a request's headers.
            let handshake =
                tokio::time::timeout(limits.idle_timeout, tls.acceptor().accept(stream));
            let stream = match handshake.await {
                Ok(Ok(stream)) => stream,
                Ok(Err(err)) => return tracing::debug!(error = %err, "a TLS handshake failed"),
                Err(_) => return tracing::debug!("a TLS handshake timed out"),
            };
            match slot {
                Ok(_slot) => serve_connection(&http, app, watcher, stream).await,
                Err(_) => refuse(stream, max_connections).await,
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

async fn serve_connection<I>(
    http: &hyper::server::conn::http1::Builder,
    app: Router,
    watcher: Watcher,
    stream: I,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    if let Err(err) = watcher.watch(connection).await {
        tracing::debug!(error = %err, "a connection ended with an error");
    }
}

/// One connection too many: a one-line answer to its first request, then close.
async fn refuse(mut stream: impl AsyncRead + AsyncWrite + Unpin, max_connections: usize) {
    // Answering before the request is read would look to a client like a broken
    // connection, not an answer: wait for the end of its headers (briefly).
    let mut head = Vec::with_capacity(1024);
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let mut chunk = [0u8; 1024];
        while head.len() < 8 * 1024 && !head.windows(4).any(|window| window == b"\r\n\r\n") {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(read) => head.extend_from_slice(&chunk[..read]),
            }
        }
    })
    .await;
    let body = format!(
        r#"{{"error":{{"code":"unavailable","message":"the bus has {max_connections} connections open, its limit (serve --max-connections): retry later"}}}}"#
    );
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(
        Duration::from_secs(1),
        stream.write_all(response.as_bytes()),
    )
    .await;
}

/// Raises the soft open-file limit to the hard one, and returns how many connections
/// fit under it.
fn fit_file_limit(wanted: usize) -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read and write only the struct we pass.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return wanted;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit.rlim_cur = limit.rlim_max;
            }
        }
    }
    let room = limit.rlim_cur.saturating_sub(SPARE_FILES).max(1);
    let fits = usize::try_from(room).unwrap_or(usize::MAX).min(wanted);
    if fits < wanted {
        tracing::warn!(
            wanted,
            fits,
            "the open-file limit allows fewer connections than --max-connections"
        );
    }
    fits
}
