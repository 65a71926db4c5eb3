//! The CLI's promises to scripts and shells: the output contract on every command,
//! contexts and their precedence, completion scripts that load, `--version`.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::TestBus;

/// The binary with a private config dir and none of the user's evbus environment.
fn evbus_in(config: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::from_std(crate::common::bin());
    command
        .env("XDG_CONFIG_HOME", config)
        .env("NO_COLOR", "1")
        .env_remove("EVBUS_URL")
        .env_remove("EVBUS_TOKEN")
        .env_remove("EVBUS_CONTEXT")
        .timeout(Duration::from_secs(30));
    command
}

/// Every leaf command, as `evbus a b` paths, from the clap definition itself.
fn leaf_commands() -> BTreeSet<String> {
    fn walk(cmd: &clap::Command, path: String, leaves: &mut BTreeSet<String>) {
        let subs: Vec<&clap::Command> = cmd
            .get_subcommands()
            .filter(|sub| sub.get_name() != "help")
            .collect();
        if subs.is_empty() {
            leaves.insert(path.clone());
        }
        for sub in subs {
            walk(sub, format!("{path} {}", sub.get_name()), leaves);
        }
    }
    let mut leaves = BTreeSet::new();
    walk(&evbus::cli::command(), "evbus".into(), &mut leaves);
    leaves
}

/// Runs every command with `--output json` in a pipe: each succeeds, its stdout is JSON
/// (one value, or NDJSON lines) and nothing else, with no escape codes. A new command
/// without a case here fails the test.
#[test]
fn every_command_prints_only_json_data_on_stdout_under_output_json() {
    let bus = TestBus::start();
    let config = tempfile::tempdir().unwrap();
    let url = bus.url.as_str();
    let mut dead_letter_id = String::new();
    let mut replay_id = String::new();
    let mut schedule_id = String::new();
    // Each case: the command it covers, and its arguments (split on spaces; `{id}` is the
    // dead letter `dlq list` found, `{replay}` the job `replay` started, `{schedule}` the
    // schedule `emit --in` made).
    let context_add = format!("context add here --server {url}");
    let auth_file = config.path().join("auth.json").display().to_string();
    let auth_add = format!("auth add ci --publish a.* --file {auth_file}");
    let auth_list = format!("auth list --file {auth_file}");
    let auth_remove = format!("auth remove ci --file {auth_file}");
    let schema_file = config.path().join("any.schema.json");
    std::fs::write(&schema_file, r#"{"type":"object"}"#).unwrap();
    let events_file = config.path().join("events.ndjson");
    std::fs::write(&events_file, "{\"type\":\"a.b\",\"data\":{}}\n").unwrap();
    let schemas_add = format!(
        "schemas add s --pattern a.* --file {}",
        schema_file.display()
    );
    let schemas_check = format!("schemas check s --file {}", events_file.display());
    let bus_file = config.path().join("bus.yaml");
    std::fs::write(&bus_file, "groups:\n  - name: declared\n    pattern: a.*\n").unwrap();
    let apply_dry = format!("apply -f {} --dry-run", bus_file.display());
    let apply = format!("apply -f {}", bus_file.display());
    let snapshot_file = config.path().join("snapshot.ndjson");
    let snapshot_save = format!("snapshot save {}", snapshot_file.display());
    let snapshot_load = format!("snapshot load {}", snapshot_file.display());
    let flow_file = config.path().join("flow.yaml");
    std::fs::write(
        &flow_file,
        "steps:\n  - emit: {topic: a.flow}\n  - expect: {topic: a.flow}\n",
    )
    .unwrap();
    let expect = format!("expect -f {}", flow_file.display());
    let cases: Vec<(&str, &str)> = vec![
        ("evbus emit", r#"emit a.b --data {"n":1}"#),
        // Three events, so a replay at 1/s is still running when cancelled below.
        ("evbus emit", r#"emit a.b --data {"n":2}"#),
        ("evbus emit", r#"emit a.b --data {"n":3}"#),
        ("evbus tail", "tail --from-start --count 3"),
        ("evbus get", "get 1"),
        ("evbus trace", "trace 1"),
        ("evbus topics", "topics"),
        ("evbus status", "status"),
        (
            "evbus groups create",
            "groups create g --pattern a.* --start beginning --max-attempts 1",
        ),
        ("evbus groups list", "groups list"),
        ("evbus groups show", "groups show g"),
        ("evbus why", "why 1 --group g"),
        ("evbus groups pause", "groups pause g"),
        ("evbus groups resume", "groups resume g"),
        (
            "evbus consume",
            "consume a.* --group g --timeout 1s --exec false",
        ),
        ("evbus dlq list", "dlq list"),
        ("evbus dlq show", "dlq show {id}"),
        ("evbus dlq summary", "dlq summary"),
        ("evbus dlq requeue", "dlq requeue {id} --dry-run"),
        ("evbus dlq requeue", "dlq requeue {id}"),
        (
            "evbus consume",
            "consume a.* --group g --timeout 1s --exec false",
        ),
        ("evbus dlq list", "dlq list"),
        // The scripted $EDITOR below changes the event's topic.
        ("evbus dlq edit", "dlq edit {id}"),
        // Dead again, so there is something to drain.
        (
            "evbus consume",
            "consume a.* --group g --timeout 1s --exec false",
        ),
        ("evbus dlq drain", "dlq drain"),
        ("evbus groups reset", "groups reset g --to beginning"),
        ("evbus dlq purge", "dlq purge --all --yes"),
        ("evbus groups delete", "groups delete g"),
        (
            "evbus groups create",
            "groups create hook --pattern a.* --push http://127.0.0.1:9/hook --secret s",
        ),
        (
            "evbus groups rotate-secret",
            "groups rotate-secret hook --grace 1m",
        ),
        (
            "evbus bench",
            "bench --scenario latency --runs 1 --latency-events 20",
        ),
        (
            "evbus replay",
            "replay a.* --from-start --to-topic a.copy --rate 1 --detach",
        ),
        ("evbus replay list", "replay list"),
        ("evbus replay cancel", "replay cancel {replay}"),
        ("evbus replay resume", "replay resume {replay}"),
        ("evbus replay show", "replay show {replay}"),
        // Nothing listens: exit 8, and nothing on stdout.
        ("evbus request", "request nobody.home --data 1"),
        (
            "evbus reply",
            "reply nobody.home --exec cat --timeout 300ms",
        ),
        (
            "evbus routes add",
            "routes add r --pattern a.* --to-topic routed.a",
        ),
        ("evbus routes list", "routes list"),
        ("evbus routes remove", "routes remove r"),
        ("evbus schemas add", &schemas_add),
        ("evbus schemas list", "schemas list"),
        ("evbus schemas show", "schemas show s"),
        ("evbus schemas check", &schemas_check),
        ("evbus schemas infer", "schemas infer a.*"),
        ("evbus schemas remove", "schemas remove s"),
        ("evbus apply", &apply_dry),
        ("evbus apply", &apply),
        ("evbus export", "export"),
        ("evbus snapshot save", &snapshot_save),
        ("evbus snapshot load", &snapshot_load),
        ("evbus expect", &expect),
        ("evbus emit", "emit a.later --in 1h"),
        ("evbus schedules list", "schedules list"),
        ("evbus schedules show", "schedules show {schedule}"),
        ("evbus schedules cancel", "schedules cancel {schedule}"),
        ("evbus context add", &context_add),
        ("evbus context use", "context use here"),
        ("evbus context list", "context list"),
        ("evbus context show", "context show"),
        ("evbus context remove", "context remove here"),
        ("evbus auth add", &auth_add),
        ("evbus auth list", &auth_list),
        ("evbus auth remove", &auth_remove),
    ];
    // Not JSON by nature: the server's ready line is covered by the lifecycle tests,
    // completions print a shell script, and top draws on a terminal (its own tests).
    let exempt = ["evbus serve", "evbus completions", "evbus top"];
    let covered: BTreeSet<String> = cases
        .iter()
        .map(|(name, _)| name.to_string())
        .chain(exempt.iter().map(|name| name.to_string()))
        .collect();
    let missing: Vec<String> = leaf_commands().difference(&covered).cloned().collect();
    assert!(
        missing.is_empty(),
        "no output-contract case for {missing:?}"
    );

    for (name, args) in &cases {
        let args: Vec<String> = args
            .split(' ')
            .map(|arg| {
                arg.replace("{id}", &dead_letter_id)
                    .replace("{replay}", &replay_id)
                    .replace("{schedule}", &schedule_id)
            })
            .collect();
        let output = evbus_in(config.path())
            .env("EDITOR", "sed -i -e s/a.b/a.c/")
            .env_remove("VISUAL")
            .args(["--server", url, "--output", "json"])
            .args(&args)
            .output()
            .unwrap();
        // Consumers drain, then stop at their --timeout (exit 5); a request without a
        // responder is refused (exit 8); a bus that holds something refuses a snapshot
        // (exit 7; what a load prints is in the snapshot tests).
        let expected = match *name {
            "evbus consume" | "evbus reply" => 5,
            "evbus request" => 8,
            "evbus snapshot load" => 7,
            _ => 0,
        };
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{name} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(!stdout.contains('\u{1b}'), "{name} printed escape codes");
        assert!(
            !stdout.trim().is_empty() || expected != 0,
            "{name} printed nothing"
        );
        for line in stdout.lines() {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|err| panic!("{name} printed non-JSON {line:?}: {err}"));
            if *name == "evbus replay" {
                replay_id = value["id"].as_str().unwrap().to_owned();
            }
            if args[0] == "emit" && args.contains(&"--in".to_owned()) {
                schedule_id = value["id"].as_str().unwrap().to_owned();
            }
            if *name == "evbus dlq list" {
                dead_letter_id = value["id"].as_str().unwrap().to_owned();
            }
        }
    }
}

#[test]
fn text_output_in_a_pipe_has_no_colors_tables_or_progress() {
    let bus = TestBus::start();
    let config = tempfile::tempdir().unwrap();
    evbus_in(config.path())
        .args(["--server", &bus.url, "emit", "a.b", "--data", "1"])
        .assert()
        .success();
    evbus_in(config.path())
        .env_remove("NO_COLOR")
        .args(["--server", &bus.url, "topics"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "TOPIC\tEVENTS\tLAST SEEN\na.b\t1\t",
        ))
        .stderr("");
}

#[test]
fn contexts_follow_flag_then_environment_then_context_then_default() {
    let bus = TestBus::start();
    let config = tempfile::tempdir().unwrap();
    let dead = "http://127.0.0.1:9"; // nothing listens on the discard port
    let evbus = || evbus_in(config.path());
    evbus()
        .args([
            "context", "add", "live", "--server", &bus.url, "--token", "t0k",
        ])
        .assert()
        .success()
        .stdout("added context live\n");
    evbus()
        .args(["context", "add", "gone", "--server", dead])
        .assert()
        .success();
    // The first context added is in use.
    evbus().arg("status").assert().success();
    // --context and EVBUS_CONTEXT pick another.
    evbus()
        .args(["--context", "gone", "status"])
        .assert()
        .code(3);
    evbus()
        .env("EVBUS_CONTEXT", "gone")
        .arg("status")
        .assert()
        .code(3);
    // The environment beats the context, the flag beats the environment.
    evbus()
        .env("EVBUS_CONTEXT", "gone")
        .env("EVBUS_URL", &bus.url)
        .arg("status")
        .assert()
        .success();
    evbus()
        .env("EVBUS_URL", dead)
        .args(["--server", &bus.url, "status"])
        .assert()
        .success();
    evbus().args(["context", "use", "gone"]).assert().success();
    evbus().arg("status").assert().code(3);
    evbus()
        .args(["--context", "nope", "status"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("evbus context list"));
    evbus()
        .args(["context", "show", "live"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(set)").and(predicate::str::contains("t0k").not()));
    let file = config.path().join("evbus/contexts.json");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&file).unwrap().permissions());
    assert_eq!(
        mode & 0o777,
        0o600,
        "the contexts file holds tokens: owner only"
    );
    evbus()
        .args(["context", "add", "bad", "--server", "bus.example.com"])
        .assert()
        .code(2);
    evbus()
        .args(["context", "remove", "gone"])
        .assert()
        .success();
    // No context in use: the default server.
    evbus()
        .arg("status")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("127.0.0.1:7717"));
}

#[test]
fn version_names_the_commit_and_no_arguments_gives_an_overview() {
    let config = tempfile::tempdir().unwrap();
    evbus_in(config.path())
        .arg("--version")
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(r"^evbus \d+\.\d+\.\d+ \(commit [0-9a-f]{12}|unknown\)\n$")
                .unwrap(),
        );
    evbus_in(config.path()).assert().success().stdout(
        predicate::str::contains("Common tasks").and(predicate::str::contains("evbus consume")),
    );
    evbus_in(config.path())
        .args(["--output", "yaml", "status"])
        .assert()
        .code(2)
        .stdout("");
}

/// Runs `script` in `shell` when it is installed; without it the test is skipped with a
/// reason, unless EVBUS_REQUIRE_SHELLS is set (CI installs them).
fn in_shell(shell: &str, script: &str) -> Option<String> {
    let found = std::process::Command::new(shell)
        .arg("-c")
        .arg("exit 0")
        .status()
        .is_ok_and(|status| status.success());
    if !found {
        assert!(
            std::env::var_os("EVBUS_REQUIRE_SHELLS").is_none(),
            "{shell} is required (EVBUS_REQUIRE_SHELLS) but not installed"
        );
        eprintln!("skipped: {shell} is not installed");
        return None;
    }
    let output = std::process::Command::new(shell)
        .arg("-c")
        .arg(script)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{shell} could not load the completions: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

#[test]
fn the_completions_command_prints_the_committed_scripts() {
    let config = tempfile::tempdir().unwrap();
    for (shell, file) in [
        ("bash", "evbus.bash"),
        ("zsh", "_evbus"),
        ("fish", "evbus.fish"),
    ] {
        let committed = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("completions")
                .join(file),
        )
        .unwrap();
        evbus_in(config.path())
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(committed);
    }
}

#[test]
fn completion_scripts_load_in_their_shells() {
    if let Some(out) = in_shell("bash", "source completions/evbus.bash && complete -p evbus") {
        assert!(out.contains("evbus"), "{out}");
    }
    let zsh = "autoload -U compinit && compinit -u -d \"$(mktemp)\" && source completions/_evbus && print -r -- $_comps[evbus]";
    if let Some(out) = in_shell("zsh", zsh) {
        assert_eq!(out.trim(), "_evbus");
    }
    if let Some(out) = in_shell(
        "fish",
        "source completions/evbus.fish; complete -C 'evbus gro'",
    ) {
        assert!(out.contains("groups"), "{out}");
    }
}
