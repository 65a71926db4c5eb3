//! Committed copies of generated text stay current. `EVBUS_BLESS=1 cargo test --test it
//! generated` rewrites them.

use evbus::exit::ExitCode;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

#[test]
fn readme_exit_code_table_is_current() {
    let readme = std::fs::read_to_string(README).unwrap();
    let (head, rest) = readme
        .split_once("<!-- exit-codes:start -->\n")
        .expect("README has the exit-code markers");
    let (_, tail) = rest
        .split_once("<!-- exit-codes:end -->")
        .expect("README has the exit-code end marker");
    let current = format!(
        "{head}<!-- exit-codes:start -->\n{}<!-- exit-codes:end -->{tail}",
        ExitCode::markdown_table()
    );
    if current == readme {
        return;
    }
    if std::env::var_os("EVBUS_BLESS").is_some() {
        std::fs::write(README, current).unwrap();
        return;
    }
    panic!(
        "README.md's exit-code table is stale: run EVBUS_BLESS=1 cargo test --test it generated"
    );
}
