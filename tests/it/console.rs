//! The web console in a real headless Chromium: what a person does there reaches the
//! bus, and what the bus does shows there. Each test saves screenshots under
//! `target/console-screenshots/` at 1280×800 and phone width, light and dark.

use std::time::{Duration, Instant};

use evbus::bus::BusConfig;

use crate::browser::{Browser, PATIENCE};
use crate::common::{TestBus, get_json};
use crate::fixtures::{create_group, emit_many};

/// Runs a browser test on a runtime of its own, with room for blocking CLI calls.
fn run(test: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(test)
}

async fn group_json(bus: &TestBus, name: &str) -> serde_json::Value {
    let (status, body) = get_json(&format!("{}/v1/groups/{name}", bus.url)).await;
    assert_eq!(status, 200, "{body}");
    body
}

crate::on_every_engine!(an_event_emitted_from_the_form_shows_in_the_live_tail_within_a_second);

fn an_event_emitted_from_the_form_shows_in_the_live_tail_within_a_second(bus: TestBus) {
    run(async {
        emit_many(&bus.url, "warmup.x", 3);
        let (_, status) = get_json(&format!("{}/v1/status", bus.url)).await;
        let engine = status["engine"].as_str().expect("an engine").to_owned();
        let Some(browser) = Browser::open(&format!("emit-tail-{engine}")).await else {
            return;
        };
        // The overview first: what a user sees on opening the console, and what it costs.
        browser.goto(&format!("{}/", bus.url)).await;
        browser.wait_for_text("Events per second", PATIENCE).await;
        let load = browser
            .run(
                "await new Promise((done) => setTimeout(done, 50));
                 const [nav] = performance.getEntriesByType('navigation');
                 const files = performance.getEntriesByType('resource').filter((r) => !r.name.includes('/v1/') && !r.name.includes('/healthz'));
                 const paint = performance.getEntriesByName('first-contentful-paint')[0];
                 return { bytes: nav.transferSize + files.reduce((sum, r) => sum + r.transferSize, 0),
                          paint_ms: paint ? paint.startTime : null, files: files.length };",
            )
            .await;
        eprintln!("console first load: {load}");
        let bytes = load["bytes"].as_u64().expect("a transfer size");
        assert!(
            bytes > 10_000,
            "the console's files were not all counted: {load}"
        );
        assert!(
            bytes <= 200_000,
            "the console's first load is over 200 KB: {load}"
        );
        browser.wait_for_text("Events per second", PATIENCE).await;
        browser.screenshots("overview").await;

        // The tail in one window, the emit form in another.
        browser.follow("Live tail").await;
        browser.wait_for_text("live", PATIENCE).await;
        let tail = browser.client.window().await.expect("the tail's window");
        let form = browser
            .client
            .new_window(false)
            .await
            .expect("a second window");
        browser
            .client
            .switch_to_window(form.handle.clone())
            .await
            .unwrap();
        browser.goto(&format!("{}/#/emit", bus.url)).await;
        browser.fill("Topic", "console.hello").await;
        browser.fill("Data (JSON)", "{\"greeting\": \"hi\"").await;
        browser.wait_for_text("Not JSON", PATIENCE).await;
        assert!(
            !browser.button("Emit").await.is_enabled().await.unwrap(),
            "Emit stays disabled while the data is not JSON"
        );
        browser.fill("Data (JSON)", "{\"greeting\": \"hi\"}").await;
        browser.fill("Ordering key", "customer-7").await;
        browser.click("Emit").await;
        let seq = browser
            .find("[data-receipt=seq]")
            .await
            .text()
            .await
            .unwrap();
        let emitted = Instant::now();
        browser.client.switch_to_window(tail.clone()).await.unwrap();
        let row = format!("[aria-label='seq {seq}, console.hello']");
        while browser
            .client
            .find(fantoccini::Locator::Css(&row))
            .await
            .is_err()
        {
            assert!(
                emitted.elapsed() < Duration::from_secs(1),
                "event {seq} did not show in the live tail within a second: {}",
                browser.text(".viewport").await
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        eprintln!("emitted to shown in the tail: {:?}", emitted.elapsed());
        browser
            .client
            .switch_to_window(form.handle.clone())
            .await
            .unwrap();
        browser.screenshots("emit").await;
        browser.client.switch_to_window(tail).await.unwrap();

        // The event opens to its attributes and data, and copies as a command.
        browser.find(&row).await.click().await.unwrap();
        let shown = browser.wait_for_text("Copy as curl", PATIENCE).await;
        assert!(shown.contains("\"greeting\": \"hi\""), "{shown}");
        assert!(shown.contains("partitionkey"), "{shown}");
        assert!(
            shown.contains("evbus emit 'console.hello' --data '{\"greeting\":\"hi\"}'"),
            "{shown}"
        );
        browser.screenshots("event").await;
        browser.click("Close").await;

        // Found again by its seq.
        browser.fill("Find an event", &seq).await;
        browser.click("Find").await;
        browser
            .wait_for_text(&format!("Event {seq} · console.hello"), PATIENCE)
            .await;
        browser.close(&[]).await;
    });
}

#[test]
fn a_dead_letter_shows_its_attempts_and_completes_once_requeued_from_the_page() {
    run(async {
        let bus = TestBus::start();
        let Some(browser) = Browser::open("dead-letters").await else {
            return;
        };
        let flags = tempfile::tempdir().unwrap();
        let fixed = flags.path().join("fixed");
        create_group(
            &bus.url,
            "payments",
            "pay.*",
            &["--max-attempts", "2", "--backoff", "20ms..50ms"],
        );
        // The handler fails until the file `fixed` exists: the bug, then its fix.
        let mut consumer = crate::common::bin()
            .args([
                "--server", &bus.url, "consume", "pay.*", "--group", "payments",
            ])
            .args(["--exec", &format!("test -f {}", fixed.display())])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        emit_many(&bus.url, "pay.card", 1);
        crate::common::eventually_async("the event is dead", PATIENCE, || async {
            let dead = group_json(&bus, "payments").await["dead"].as_u64();
            crate::common::when(dead == Some(1), dead)
        })
        .await;

        browser.goto(&format!("{}/#/dlq", bus.url)).await;
        let list = browser.wait_for_text("pay.card", PATIENCE).await;
        assert!(list.contains("1 dead letter matches"), "{list}");
        assert!(list.contains("max_attempts"), "{list}");
        browser.screenshots("list").await;
        browser
            .find("a[href^='#/dlq/']")
            .await
            .click()
            .await
            .unwrap();
        let letter = browser.wait_for_text("Attempts", PATIENCE).await;
        let attempts = browser
            .run("return document.querySelectorAll('main tbody tr').length")
            .await;
        assert_eq!(attempts, 2, "two attempts in its history: {letter}");
        browser.screenshots("letter").await;

        std::fs::write(&fixed, b"").unwrap();
        browser.click("Requeue").await;
        browser.wait_for_text("Requeued", PATIENCE).await;
        browser
            .goto(&format!("{}/#/groups/payments", bus.url))
            .await;
        crate::common::eventually_async("the requeued event completes", PATIENCE, || async {
            let text = browser.text(".cards").await;
            crate::common::when(
                text.contains("Completed\n1") && text.contains("Dead\n0"),
                text,
            )
        })
        .await;
        browser.screenshots("group").await;
        let _ = consumer.kill();
        let _ = consumer.wait();
        browser.close(&[]).await;
    });
}

#[test]
fn a_group_pauses_and_resumes_from_its_page() {
    run(async {
        let bus = TestBus::start();
        let Some(browser) = Browser::open("groups").await else {
            return;
        };
        create_group(&bus.url, "shipping", "order.*", &["--ordered"]);
        emit_many(&bus.url, "order.created", 4);
        browser.goto(&format!("{}/#/groups", bus.url)).await;
        browser.wait_for_text("shipping", PATIENCE).await;
        browser.screenshots("list").await;
        browser.follow("shipping").await;
        browser.wait_for_text("Policy", PATIENCE).await;
        browser.click("Pause").await;
        browser.button("Resume").await;
        assert_eq!(group_json(&bus, "shipping").await["paused"], true);
        browser.screenshots("paused").await;
        browser.click("Resume").await;
        browser.button("Pause").await;
        assert_eq!(group_json(&bus, "shipping").await["paused"], false);
        browser.close(&[]).await;
    });
}

#[test]
fn a_replays_dry_run_shows_how_many_events_it_would_replay() {
    run(async {
        let bus = TestBus::start();
        let Some(browser) = Browser::open("replays").await else {
            return;
        };
        emit_many(&bus.url, "audit.login", 7);
        emit_many(&bus.url, "other.thing", 2);
        browser.goto(&format!("{}/#/replays", bus.url)).await;
        browser.fill("Pattern", "audit.*").await;
        browser.fill("Since", "1h").await;
        browser.fill("To topic", "audit.replayed").await;
        assert!(
            !browser
                .button("Start replay")
                .await
                .is_enabled()
                .await
                .unwrap()
        );
        browser.click("Preview (dry run)").await;
        let plan = browser
            .wait_for_text("events would be replayed", PATIENCE)
            .await;
        assert!(plan.contains("7 events would be replayed"), "{plan}");
        browser.screenshots("plan").await;
        browser.click("Start replay").await;
        browser.wait_for_text("done", PATIENCE).await;
        browser.screenshots("done").await;
        browser.close(&[]).await;
    });
}

#[test]
fn a_token_protected_bus_refuses_the_console_until_it_is_given_the_token() {
    run(async {
        let bus = TestBus::start_with(BusConfig::default(), Some("s3cret-token"));
        let Some(browser) = Browser::open("token").await else {
            return;
        };
        browser.goto(&format!("{}/", bus.url)).await;
        browser.find("dialog#token[open]").await;
        let refused = browser
            .run("return fetch('/v1/status').then((r) => r.status)")
            .await;
        assert_eq!(refused, 401, "the API refuses the page without the token");
        browser.screenshots("asked").await;
        browser.fill("Token", "wrong").await;
        browser
            .find("#token-input")
            .await
            .send_keys("\n")
            .await
            .unwrap();
        browser
            .wait_for_text("That token was refused", PATIENCE)
            .await;
        browser.fill("Token", "s3cret-token").await;
        browser
            .find("#token-input")
            .await
            .send_keys("\n")
            .await
            .unwrap();
        browser.wait_for_text("Engine", PATIENCE).await;
        browser.wait_for_text("memory", PATIENCE).await;
        let url = browser.client.current_url().await.unwrap();
        assert!(
            !url.as_str().contains("s3cret"),
            "the token stays out of the URL: {url}"
        );
        // Kept for the next visit: the console does not ask again.
        browser.goto(&format!("{}/#/groups", bus.url)).await;
        browser.wait_for_text("No groups yet", PATIENCE).await;
        assert!(
            browser
                .client
                .find(fantoccini::Locator::Css("dialog#token[open]"))
                .await
                .is_err()
        );
        // The browser logs each refused request as a failed resource load.
        browser.close(&["401 (Unauthorized)"]).await;
    });
}

#[test]
fn the_live_tail_keeps_up_with_a_thousand_events_a_second_and_holds_ten_thousand() {
    run(async {
        let bus = TestBus::start();
        let Some(browser) = Browser::open("tail-load").await else {
            return;
        };
        browser.goto(&format!("{}/#/tail", bus.url)).await;
        browser.wait_for_text("live", PATIENCE).await;
        // Frames and long tasks while the load runs: reported, not asserted (a timing).
        browser
            .run(
                "window.frames_ms = []; window.long_tasks = [];
                 new PerformanceObserver((list) => long_tasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
                 let last = performance.now();
                 const frame = (now) => { frames_ms.push(now - last); last = now; requestAnimationFrame(frame); };
                 requestAnimationFrame(frame);",
            )
            .await;
        // 12,000 events at 1,000 a second: batches of 50 every 50 ms.
        let http = crate::common::http();
        let started = Instant::now();
        for batch in 0..240u32 {
            let events: Vec<_> = (0..50)
                .map(|n| serde_json::json!({"specversion": "1.0", "type": "load.tick", "source": "test", "id": format!("{batch}-{n}"), "data": {"batch": batch, "n": n}}))
                .collect();
            let response = http
                .post(format!("{}/v1/events", bus.url))
                .header("content-type", "application/cloudevents-batch+json")
                .body(serde_json::to_vec(&events).unwrap())
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success());
            let next = started + Duration::from_millis(50 * u64::from(batch + 1));
            tokio::time::sleep_until(next.into()).await;
        }
        browser
            .wait_for_text("10,000 events in view", PATIENCE)
            .await;
        let rows = browser
            .run("return document.querySelectorAll('.tail-row').length")
            .await;
        assert!(
            rows.as_u64().is_some_and(|rows| (10..200).contains(&rows)),
            "only the rows on screen are in the page, not {rows}"
        );
        let newest = browser.text(".tail-row").await;
        assert!(
            newest.contains("\"batch\":239"),
            "the newest event is on top: {newest}"
        );
        let figures = browser
            .run(
                "const sorted = (list) => [...list].sort((a, b) => a - b);
                 const frames = sorted(frames_ms); const at = (q) => frames[Math.floor(q * (frames.length - 1))];
                 return { frames: frames.length, frame_p50_ms: at(0.5), frame_p99_ms: at(0.99), longest_task_ms: Math.max(0, ...long_tasks), long_tasks: long_tasks.length };",
            )
            .await;
        eprintln!("live tail at 1,000 events/s: {figures}");
        // Still answering the reader: an event opens at once.
        let clicked = Instant::now();
        browser.find(".tail-row").await.click().await.unwrap();
        browser.wait_for_text("Copy as curl", PATIENCE).await;
        eprintln!("an event opened in {:?} after the load", clicked.elapsed());
        browser.screenshots("ten-thousand").await;
        browser.close(&[]).await;
    });
}

#[test]
fn the_console_loads_only_its_own_files_and_refuses_to_be_framed() {
    run(async {
        let bus = TestBus::start_with(BusConfig::default(), Some("s3cret-token"));
        let http = crate::common::http();
        for (path, kind) in [
            ("/", "text/html"),
            ("/console/app.js", "text/javascript"),
            ("/console/app.css", "text/css"),
            ("/console/icon.svg", "image/svg+xml"),
        ] {
            // The page loads without the token; its API calls are what need it.
            let response = http.get(format!("{}{path}", bus.url)).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .map_or_else(String::new, |value| value.to_str().unwrap().to_owned())
            };
            assert!(header("content-type").starts_with(kind), "{path}");
            let policy = header("content-security-policy");
            for directive in [
                "default-src 'none'",
                "script-src 'self'",
                "connect-src 'self'",
                "frame-ancestors 'none'",
            ] {
                assert!(policy.contains(directive), "{path}: {policy}");
            }
            assert_eq!(header("x-frame-options"), "DENY", "{path}");
            assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        }
        let (status, body) = get_json(&format!("{}/console/nothing.js", bus.url)).await;
        assert_eq!(status, 404, "{body}");
    });
}
