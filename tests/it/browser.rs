//! A real headless Chromium for the console tests: Debian's `chromium` driven through
//! `chromedriver` (W3C WebDriver) on an ephemeral port. Without them a test skips with
//! a printed reason, unless EVBUS_REQUIRE_BROWSER is set (CI installs them).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long a test waits for the page to show something before it fails.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The two screen sizes every screenshot is taken at.
const SIZES: [(&str, u32, u32); 2] = [("1280x800", 1280, 800), ("phone", 390, 844)];

pub struct Browser {
    pub client: Client,
    driver: Child,
    /// The test's name: screenshots are `target/console-screenshots/NAME-…png`.
    name: String,
    _profile: tempfile::TempDir,
}

fn tool(variable: &str, default: &str) -> PathBuf {
    std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

impl Browser {
    /// A fresh browser at 1280×800 in the light scheme; `None` (the test skips) without
    /// chromium and chromedriver.
    pub async fn open(name: &str) -> Option<Self> {
        let driver_path = tool("EVBUS_CHROMEDRIVER", CHROMEDRIVER);
        let chromium = tool("EVBUS_CHROMIUM", CHROMIUM);
        if !driver_path.exists() || !chromium.exists() {
            assert!(
                std::env::var_os("EVBUS_REQUIRE_BROWSER").is_none(),
                "chromium and chromedriver are required (EVBUS_REQUIRE_BROWSER) but {} or {} is missing",
                driver_path.display(),
                chromium.display()
            );
            eprintln!(
                "skipped: no headless browser ({} and {}; apt-get install chromium chromium-driver)",
                driver_path.display(),
                chromium.display()
            );
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let webdriver = format!("http://127.0.0.1:{port}");
        wait_for_driver(&webdriver).await;
        let profile = tempfile::tempdir().expect("a profile dir");
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--hide-scrollbars", "--window-size=1280,800",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("an object")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&webdriver)
            .await
            .expect("a browser session");
        Some(Self {
            client,
            driver,
            name: name.to_owned(),
            _profile: profile,
        })
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("the page loads");
    }

    /// The first element `css` matches, once there is one.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("no element matches {css}: {err}"))
    }

    /// The button whose text is `text`, once there is one.
    pub async fn button(&self, text: &str) -> Element {
        self.by_xpath(&format!("//button[normalize-space()='{text}']"))
            .await
    }

    /// Clicks the button whose text is `text`.
    pub async fn click(&self, text: &str) {
        self.click_xpath(&format!("//button[normalize-space()='{text}']"))
            .await;
    }

    /// Follows the link whose text is `text`.
    pub async fn follow(&self, text: &str) {
        self.click_xpath(&format!("//a[normalize-space()='{text}']"))
            .await;
    }

    async fn by_xpath(&self, xpath: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|err| panic!("nothing matches {xpath}: {err}"))
    }

    /// Live views redraw each second: an element found just before may be gone by the
    /// click, so it is found again.
    async fn click_xpath(&self, xpath: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.by_xpath(xpath).await.click().await {
                Ok(()) => return,
                Err(err) if Instant::now() < deadline && err.to_string().contains("stale") => {}
                Err(err) => panic!("cannot click {xpath}: {err}"),
            }
        }
    }

    /// Types `value` into the input labelled `label` (its `<label>` text starts with it).
    pub async fn fill(&self, label: &str, value: &str) {
        let xpath = format!(
            "//label[starts-with(normalize-space(), '{label}')]//*[self::input or self::textarea]"
        );
        let input = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|err| panic!("no input labelled '{label}': {err}"));
        input.clear().await.expect("the input clears");
        input.send_keys(value).await.expect("typing");
    }

    /// Waits until the page's text holds `wanted`; returns the whole text.
    pub async fn wait_for_text(&self, wanted: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let text = self.text("body").await;
            if text.contains(wanted) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "the page never showed '{wanted}' (within {limit:?}); it shows:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The text `css` shows (all of it, including what is scrolled away).
    pub async fn text(&self, css: &str) -> String {
        let script = "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''";
        let value = self
            .client
            .execute(script, vec![json!(css)])
            .await
            .expect("a script runs");
        value.as_str().unwrap_or_default().to_owned()
    }

    /// Runs `script` (a function body) in the page; a promise it returns is awaited.
    pub async fn run(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|err| panic!("the script failed: {err}\n{script}"))
    }

    /// What the page wrote to its console at level SEVERE (errors), but for those
    /// `allowed` names (a substring of the message).
    pub async fn console_errors(&self, allowed: &[&str]) -> Vec<String> {
        let entries = self
            .client
            .issue_cmd(Chrome::Log)
            .await
            .expect("the browser's log");
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .filter(|message| !allowed.iter().any(|allowed| message.contains(allowed)))
            .collect()
    }

    /// Controls on screen that a screen reader could not name: no label, `aria-label`
    /// or text.
    pub async fn unnamed_controls(&self) -> Value {
        self.run(
            "const shown = (e) => e.getClientRects().length > 0;
             const name = (e) => (e.getAttribute('aria-label') || [...(e.labels || [])].map((l) => l.textContent).join('')
                 || e.textContent || e.getAttribute('title') || '').trim();
             return [...document.querySelectorAll('button, input, select, textarea, a[href], [tabindex]')]
                 .filter((e) => shown(e) && !name(e)).map((e) => e.outerHTML.slice(0, 160));",
        )
        .await
    }

    /// Saves the page at both sizes in both color schemes under
    /// `target/console-screenshots/`, then goes back to 1280×800, light. Every control
    /// on the page must have an accessible name.
    pub async fn screenshots(&self, what: &str) {
        let unnamed = self.unnamed_controls().await;
        assert_eq!(
            unnamed,
            json!([]),
            "controls without an accessible name on {what}"
        );
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/console-screenshots");
        std::fs::create_dir_all(&dir).expect("the screenshot dir");
        for scheme in ["light", "dark"] {
            self.scheme(scheme).await;
            for (size, width, height) in SIZES {
                self.client
                    .set_window_size(width, height)
                    .await
                    .expect("a window size");
                // Let the layout and the charts (redrawn on resize) settle for a frame.
                self.run("return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
                    .await;
                let png = self.client.screenshot().await.expect("a screenshot");
                let path = dir.join(format!("{}-{what}-{size}-{scheme}.png", self.name));
                std::fs::write(&path, png).expect("the screenshot is saved");
            }
        }
        self.scheme("light").await;
        self.client
            .set_window_size(SIZES[0].1, SIZES[0].2)
            .await
            .expect("a window size");
    }

    async fn scheme(&self, scheme: &'static str) {
        self.client
            .issue_cmd(Chrome::Cdp(
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            ))
            .await
            .expect("the color scheme is emulated");
    }

    /// Ends the session; fails the test if the page logged errors (but for `allowed`).
    pub async fn close(mut self, allowed: &[&str]) {
        let errors = self.console_errors(allowed).await;
        let client = self.client.clone();
        let _ = client.close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        assert!(
            errors.is_empty(),
            "the browser's console logged errors: {errors:#?}"
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

async fn wait_for_driver(webdriver: &str) {
    let deadline = Instant::now() + PATIENCE;
    let status = format!("{webdriver}/status");
    let http = crate::common::http();
    while http.get(&status).send().await.is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Chromium's own WebDriver commands: its log, and a DevTools command.
#[derive(Debug)]
enum Chrome {
    Log,
    Cdp(&'static str, Value),
}

impl WebDriverCompatibleCommand for Chrome {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        match self {
            Self::Log => base_url.join(&format!("session/{session}/se/log")),
            Self::Cdp(..) => base_url.join(&format!("session/{session}/goog/cdp/execute")),
        }
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        let body = match self {
            Self::Log => json!({ "type": "browser" }),
            Self::Cdp(command, params) => json!({ "cmd": command, "params": params }),
        };
        (http::Method::POST, Some(body.to_string()))
    }
}
