//! Documentation generated from the command definition: shell completions, man pages,
//! and the examples every command's `--help` shows. The files under `completions/` and
//! `man/` are these, committed; a test fails when they are stale.

use std::fmt::Write as _;

use clap_complete::{Generator, Shell};

use super::output::Output;
use crate::cli::exit::ExitCode;

/// Print a shell completion script.
///
/// Examples:
///   evbus completions bash > ~/.local/share/bash-completion/completions/evbus
///   evbus completions zsh > ~/.zfunc/_evbus      # with fpath+=(~/.zfunc) in ~/.zshrc
///   evbus completions fish > ~/.config/fish/completions/evbus.fish
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish
    #[arg(value_enum)]
    pub shell: Shell,
}

pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

const EXAMPLES: &str = "Examples:\n";

pub fn print_completions(args: CompletionsArgs, out: &Output) -> anyhow::Result<()> {
    Ok(out.line(completion(args.shell).trim_end())?)
}

/// The command as documented: like `command()`, but with a version line that does not
/// change with every commit, so generated files change only when the interface does.
fn documented() -> clap::Command {
    super::assemble(None)
}

/// The completion script for `shell` and the file name it is installed under.
pub fn completion(shell: Shell) -> String {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut documented(), "evbus", &mut script);
    String::from_utf8(script).expect("completion scripts are UTF-8")
}

pub fn completion_file_name(shell: Shell) -> String {
    shell.file_name("evbus")
}

/// A command's own examples: the part of its long help after `Examples:`.
fn examples(cmd: &clap::Command) -> Option<String> {
    let text = cmd
        .get_long_about()
        .map(|about| about.to_string())
        .into_iter()
        .chain(cmd.get_after_help().map(|help| help.to_string()));
    text.into_iter()
        .find_map(|text| text.split_once(EXAMPLES).map(|(_, rest)| rest.to_owned()))
}

/// Gives each command without examples those of its parent that name it (or all of
/// them), as text after its help.
pub fn lend_examples(cmd: clap::Command) -> clap::Command {
    fn lend(cmd: clap::Command, path: &str, inherited: Option<String>) -> clap::Command {
        let own = examples(&cmd);
        let mut cmd = match (&own, inherited) {
            (None, Some(parent)) => {
                let naming: Vec<&str> = parent.lines().filter(|line| line.contains(path)).collect();
                let lines = if naming.is_empty() {
                    parent.clone()
                } else {
                    naming.join("\n")
                };
                cmd.after_help(format!("{EXAMPLES}{lines}"))
            }
            _ => cmd,
        };
        let examples = examples(&cmd);
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|sub| sub.get_name().to_owned())
            .collect();
        for name in names {
            let sub_path = format!("{path} {name}");
            let examples = examples.clone();
            cmd = cmd.mut_subcommand(&name, |sub| lend(sub, &sub_path, examples));
        }
        cmd
    }
    lend(cmd, "evbus", None)
}

/// Every command's man page as `(file name, roff)`: `evbus.1`, `evbus-emit.1`, … down to
/// nested commands (`evbus-groups-create.1`).
pub fn man_pages() -> Vec<(String, String)> {
    fn walk(cmd: &clap::Command, name: String, pages: &mut Vec<(String, String)>) {
        pages.push((format!("{name}.1"), man_page(cmd, &name)));
        for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
            if sub.get_name() == "help" {
                continue;
            }
            walk(sub, format!("{name}-{}", sub.get_name()), pages);
        }
    }
    let mut root = documented().disable_help_subcommand(true);
    root.build();
    let mut pages = Vec::new();
    walk(&root, "evbus".into(), &mut pages);
    pages
}

/// Escapes text for roff: backslashes, and a leading `.` or `'` that would be a request.
fn roff_text(line: &str) -> String {
    let line = line.replace('\\', "\\e");
    if line.starts_with('.') || line.starts_with('\'') {
        format!("\\&{line}")
    } else {
        line
    }
}

fn man_page(cmd: &clap::Command, name: &str) -> String {
    let examples = examples(cmd);
    let mut described = cmd
        .clone()
        .after_help(None::<&str>)
        .after_long_help(None::<&str>);
    if let Some(about) = cmd.get_long_about() {
        let about = about.to_string();
        let before = about.split(EXAMPLES).next().unwrap_or_default().trim_end();
        described = described.long_about(before.to_owned());
    }
    let man = clap_mangen::Man::new(described)
        .title(name.to_uppercase())
        .section("1")
        .source(format!("evbus {}", env!("CARGO_PKG_VERSION")))
        .manual("evbus manual");
    let mut page = Vec::new();
    man.render(&mut page)
        .expect("rendering to memory cannot fail");
    let mut page = String::from_utf8(page).expect("roff is UTF-8");
    if let Some(examples) = examples {
        page.push_str(".SH EXAMPLES\n.nf\n");
        for line in examples.lines() {
            let _ = writeln!(page, "{}", roff_text(line.trim_start()));
        }
        page.push_str(".fi\n");
    }
    page.push_str(".SH ENVIRONMENT\n");
    let environment = [
        (
            "EVBUS_URL",
            "URL of the bus when --server is not given (default http://127.0.0.1:7717).",
        ),
        (
            "EVBUS_TOKEN",
            "Bearer token when --token is not given; for serve, the token clients must present.",
        ),
        (
            "EVBUS_CONTEXT",
            "Saved context to use when --context is not given (see evbus-context(1)).",
        ),
        (
            "XDG_CONFIG_HOME",
            "Where contexts are kept: $XDG_CONFIG_HOME/evbus/contexts.json (default ~/.config).",
        ),
        (
            "NO_COLOR",
            "Any non-empty value turns colors off under --color auto.",
        ),
        ("RUST_LOG", "For serve: log filter, overriding --log-level."),
    ];
    for (variable, meaning) in environment {
        let _ = writeln!(page, ".TP\n\\fB{variable}\\fR\n{}", roff_text(meaning));
    }
    page.push_str(".SH \"EXIT STATUS\"\n");
    for code in ExitCode::ALL {
        let _ = writeln!(
            page,
            ".TP\n\\fB{}\\fR\n{}",
            code.code(),
            roff_text(code.meaning())
        );
    }
    if name != "evbus" {
        page.push_str(".SH \"SEE ALSO\"\n\\fBevbus\\fR(1)\n");
    }
    page
}
