//! Committed copies of generated text stay current: the README's exit-code table, the
//! shell completions under `completions/` and the man pages under `man/`.
//! `EVBUS_BLESS=1 cargo test --test it generated` rewrites them.

use std::path::{Path, PathBuf};

use evbus::cli::docs;
use evbus::cli::exit::ExitCode;

const FIX: &str = "run EVBUS_BLESS=1 cargo test --test it generated";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the committed file holds `current`; under EVBUS_BLESS it is rewritten instead.
fn is_current(path: &Path, current: &str) -> bool {
    if std::fs::read_to_string(path).is_ok_and(|committed| committed == current) {
        return true;
    }
    if std::env::var_os("EVBUS_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, current).unwrap();
        return true;
    }
    false
}

#[test]
fn readme_exit_code_table_is_current() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
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
    assert!(
        is_current(&path, &current),
        "README.md's exit-code table is stale: {FIX}"
    );
}

/// Every file in `dir` is one of `expected` and holds what it should; none is missing.
fn check_dir(dir: &str, expected: Vec<(String, String)>) {
    let dir = root().join(dir);
    let mut stale: Vec<String> = expected
        .iter()
        .filter(|(name, text)| !is_current(&dir.join(name), text))
        .map(|(name, _)| name.clone())
        .collect();
    let names: Vec<&String> = expected.iter().map(|(name, _)| name).collect();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !names.contains(&&name) {
            if std::env::var_os("EVBUS_BLESS").is_some() {
                std::fs::remove_file(&path).unwrap();
            } else {
                stale.push(format!("{name} (no longer generated)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale in {}: {stale:?}: {FIX}",
        dir.display()
    );
}

#[test]
fn completions_are_current() {
    let scripts = docs::SHELLS
        .iter()
        .map(|&shell| (docs::completion_file_name(shell), docs::completion(shell)))
        .collect();
    check_dir("completions", scripts);
}

#[test]
fn man_pages_are_current() {
    check_dir("man", docs::man_pages());
}

/// Every command's help teaches by example, and every man page has the sections the
/// design asks for.
#[test]
fn every_command_has_examples_and_full_man_pages() {
    for (name, page) in docs::man_pages() {
        for section in [".SH EXAMPLES", ".SH ENVIRONMENT", ".SH \"EXIT STATUS\""] {
            assert!(page.contains(section), "{name} lacks {section}");
        }
    }
}
