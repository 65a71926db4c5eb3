//! The test harness: a real bus in-process (fast) or as a child process (lifecycle), and
//! the real `evbus` binary pointed at it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use evbus::bus::{Bus, BusConfig};
use evbus::engine::{self, EngineOptions};

use crate::storage::{EngineKind, Storage};

pub const BIN: &str = env!("CARGO_BIN_EXE_evbus");

/// The real binary as a command, [`isolated`]. Every test spawns evbus through here.
pub fn bin() -> std::process::Command {
    isolated(std::process::Command::new(BIN))
}

/// `command` with this test process's own empty `HOME` and `XDG_CONFIG_HOME`: a context
/// saved by whoever runs the tests can never leak a server or token into them.
pub fn isolated(mut command: std::process::Command) -> std::process::Command {
    static HOME: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let home = HOME.get_or_init(|| {
        let home = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("homes")
            .join(std::process::id().to_string());
        std::fs::create_dir_all(home.join(".config")).expect("a test HOME");
        home
    });
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"));
    command
}

/// The seq of the first event a test emits: a bus logs `$evbus.server.started` first.
pub const FIRST_SEQ: u64 = 2;

/// A bus served on an ephemeral port from a background thread: on the memory engine, or
/// on the embedded engine in a temporary data dir.
pub struct TestBus {
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    storage: Storage,
}

/// Runs each named test, a `fn(TestBus)`, once per engine: `memory::NAME`, `embedded::NAME`.
#[macro_export]
macro_rules! on_every_engine {
    ($($test:ident),* $(,)?) => {
        mod memory {
            $(#[test] fn $test() { super::$test($crate::common::TestBus::start()) })*
        }
        mod embedded {
            $(#[test] fn $test() {
                let kind = $crate::storage::EngineKind::Embedded;
                super::$test($crate::common::TestBus::on(kind).expect("a temp dir"))
            })*
        }
        mod nats {
            $(#[test] fn $test() {
                if let Some(bus) = $crate::common::TestBus::on($crate::storage::EngineKind::Nats) {
                    super::$test(bus)
                }
            })*
        }
    };
}

impl TestBus {
    pub fn start() -> Self {
        Self::start_with(BusConfig::default(), None)
    }

    pub fn start_with(config: BusConfig, token: Option<&str>) -> Self {
        Self::start_engine(Storage::None, config, token)
    }

    /// A bus on a fresh engine of `kind`; `None` when NATS is not here (see
    /// `NatsPrefix::new`).
    pub fn on(kind: EngineKind) -> Option<Self> {
        Some(Self::start_engine(
            Storage::new(kind)?,
            BusConfig::default(),
            None,
        ))
    }

    /// Fresh, empty storage of this bus's engine kind.
    pub fn fresh_storage(&self) -> Storage {
        Storage::new(self.storage.kind()).expect("the engine of a running bus is here")
    }

    /// A second bus on fresh storage of this bus's engine kind.
    pub fn fresh(&self) -> Self {
        Self::start_engine(self.fresh_storage(), BusConfig::default(), None)
    }

    fn start_engine(storage: Storage, config: BusConfig, token: Option<&str>) -> Self {
        let engine_config = storage.config();
        // This process is the test binary: filters run in workers started from evbus.
        evbus::filter::set_worker_program(BIN.into());
        let token = token.map(str::to_owned);
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let engine = engine::open(
                    &engine_config,
                    EngineOptions {
                        dedup_window: Duration::from_secs(120),
                        retention: Default::default(),
                    },
                )
                .await
                .unwrap();
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                ready_tx.send(listener.local_addr().unwrap()).unwrap();
                let bus = Bus::open(engine, config).await.unwrap();
                evbus::server::run(listener, bus, token, async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            });
        });
        let address = ready_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("test bus did not start");
        Self {
            url: format!("http://{address}"),
            stop: Some(stop),
            thread: Some(thread),
            storage,
        }
    }
}

impl Drop for TestBus {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The real binary, aimed at `url`, isolated from the user's environment, and bounded in
/// time so a stuck stream fails the test instead of hanging it.
pub fn evbus_at(url: &str) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::from_std(crate::common::bin());
    command
        .env("EVBUS_URL", url)
        .env("NO_COLOR", "1")
        .env_remove("EVBUS_TOKEN")
        .env_remove("RUST_LOG")
        .timeout(Duration::from_secs(30));
    command
}

pub fn evbus(bus: &TestBus) -> assert_cmd::Command {
    evbus_at(&bus.url)
}

/// `evbus serve` as a child process on a data dir, for lifecycle and crash tests.
pub struct ChildBus {
    pub child: Child,
    pub url: String,
}

impl ChildBus {
    pub fn start(data_dir: &std::path::Path, extra: &[&str]) -> Self {
        let mut args = vec!["--data-dir".to_owned(), data_dir.display().to_string()];
        args.extend(extra.iter().map(|arg| arg.to_string()));
        Self::serve(&args)
    }

    /// `evbus serve --listen 127.0.0.1:0 ARGS…`, once it says where it listens.
    pub fn serve(args: &[String]) -> Self {
        let mut child = crate::common::bin()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("EVBUS_TOKEN")
            .env_remove("EVBUS_DATA_DIR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("evbus serve starts");
        let stdout = child.stdout.take().unwrap();
        let (line_tx, line_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = line_tx.send(line);
        });
        let line = line_rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_default();
        let Some(url) = line
            .strip_prefix("listening on ")
            .and_then(|rest| rest.split_whitespace().next())
        else {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "evbus serve did not become ready: {line:?}\nstderr: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        Self {
            url: url.to_owned(),
            child,
        }
    }

    /// SIGKILL: no flush, no goodbye.
    pub fn kill_hard(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to exit on its own, within `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> std::process::ExitStatus {
        eventually("evbus serve exits", limit, || {
            self.child.try_wait().unwrap().ok_or("running")
        })
    }
}

impl Drop for ChildBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `evbus tail --output json ARGS…` through the real binary, each line parsed.
pub fn tail_json(url: &str, args: &[&str]) -> Vec<serde_json::Value> {
    let output = evbus_at(url)
        .args(["tail", "--output", "json", "--timeout", "10s"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "tail failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("every stored event is valid JSON"))
        .collect()
}

/// `evbus serve ARGS…` that must refuse to start: exit 2, nothing on stdout (no ready
/// line). Returns what it said on stderr.
pub fn serve_refuses(args: &[&str], file: &std::path::Path) -> String {
    let output = bin().arg("serve").args(args).arg(file).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "it did not start");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// NDJSON output, each line parsed.
/// Every event on `pattern` in the log now (a tail from the start that ends once
/// nothing more comes for a moment).
pub fn logged(url: &str, pattern: &str) -> Vec<serde_json::Value> {
    let output = evbus_at(url)
        .args(["tail", pattern, "--from-start", "--output", "json"])
        .args(["--timeout", "300ms"])
        .output()
        .unwrap();
    assert!(matches!(output.status.code(), Some(0) | Some(5)));
    crate::common::json_lines(&output.stdout)
}

pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The first `count` events in the bus.
pub fn all_events(url: &str, count: usize) -> Vec<serde_json::Value> {
    tail_json(url, &["--from-start", "--count", &count.to_string()])
}

/// `evbus status --output json` through the real binary, where that output is what is
/// under test (the server's state itself: `fixtures::status`).
pub fn status(url: &str) -> serde_json::Value {
    let output = evbus_at(url)
        .args(["status", "--output", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "status failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Waits until the bus counts `count` open streams (a tail has attached).
pub fn wait_for_open_streams(url: &str, count: u64) {
    eventually("the tail attaches", Duration::from_secs(10), || {
        let open = status(url)["open_streams"].clone();
        when(open == count, open)
    })
}

/// A plain HTTP client for API tests.
pub fn http() -> reqwest::Client {
    evbus::client::install_tls_provider();
    reqwest::Client::new()
}

/// The body of `request`'s answer, as text.
pub async fn text_of(request: reqwest::RequestBuilder) -> String {
    request.send().await.unwrap().text().await.unwrap()
}

/// GET `url` with the plain HTTP client: the status code and the body as JSON (null when
/// the body is not JSON).
pub async fn get_json(url: &str) -> (u16, serde_json::Value) {
    let response = http().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap_or_default())
}

/// Waits until `evbus status` succeeds against `url` again, within `limit`.
pub fn wait_until_status_answers(url: &str, limit: Duration, what: &str) {
    eventually(what, limit, || {
        let output = evbus_at(url).arg("status").output().unwrap();
        when(
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
}

/// Waits until `group` lists `count` members on the server at `url` (they have pulled).
pub fn wait_for_members(url: &str, group: &str, count: usize) {
    let what = format!("group {group} has {count} members at {url}");
    eventually(&what, Duration::from_secs(10), || {
        let members = crate::fixtures::try_group(url, group).map_or(0, |info| info.members.len());
        when(members >= count, members)
    })
}

/// Polls `check` every 20 ms until it gives a value; once `limit` has passed, fails the
/// test saying `what` did not happen and what `check` saw last.
pub fn eventually<T, E: std::fmt::Debug>(
    what: &str,
    limit: Duration,
    mut check: impl FnMut() -> Result<T, E>,
) -> T {
    let deadline = std::time::Instant::now() + limit;
    loop {
        match check() {
            Ok(value) => return value,
            Err(seen) if std::time::Instant::now() >= deadline => {
                panic!("{what} (within {limit:?}); last seen: {seen:?}")
            }
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// [`eventually`] for async tests: the runtime keeps running while it waits.
pub async fn eventually_async<T, E: std::fmt::Debug, F>(
    what: &str,
    limit: Duration,
    mut check: impl FnMut() -> F,
) -> T
where
    F: std::future::Future<Output = Result<T, E>>,
{
    let deadline = std::time::Instant::now() + limit;
    loop {
        match check().await {
            Ok(value) => return value,
            Err(seen) if std::time::Instant::now() >= deadline => {
                panic!("{what} (within {limit:?}); last seen: {seen:?}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

/// Runs `future` to its end, from a test that has no runtime of its own.
pub fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(future)
}

/// `Ok(())` when `done`, else what was seen: a check for [`eventually`].
pub fn when<E>(done: bool, seen: E) -> Result<(), E> {
    if done { Ok(()) } else { Err(seen) }
}

/// The receipts of a pull's answer, in order.
pub fn receipts_of(pulled: &serde_json::Value) -> Vec<serde_json::Value> {
    pulled["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|delivery| delivery["receipt"].clone())
        .collect()
}

/// Runs `command`, fails the test with its stderr unless it succeeds, and parses its
/// NDJSON stdout.
pub fn ok_json_lines(command: &mut assert_cmd::Command) -> Vec<serde_json::Value> {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    json_lines(&output.stdout)
}

/// POSTs `body` (none: an empty body) to `url` and parses the JSON answer, whatever
/// its status.
pub async fn post_json(url: &str, body: Option<serde_json::Value>) -> serde_json::Value {
    post_for_status(url, body).await.1
}

/// POSTs `body` to `url`: the status code and the JSON answer.
pub async fn post_for_status(
    url: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = http().post(url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}
