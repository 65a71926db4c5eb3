//! Every printing decision in one place: text or JSON, colors, tables and progress bars
//! on a terminal only. Results go to stdout, diagnostics to stderr.

use std::io::{self, IsTerminal, Write};

use colored::Colorize;
use comfy_table::{ContentArrangement, Table, presets};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

/// `text` with every control character spelled out (`\x1b`, `\n`), so that what an
/// event carries (ids, sources, topics, data, errors) cannot move the cursor, recolor or
/// clear the screen, or retitle the terminal that shows it.
/// "1 event", "3 events".
pub fn plural(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}

pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escape_controls(text, false)
}

/// [`printable`], keeping line breaks and tabs: text that is shown as lines.
pub fn printable_lines(text: &str) -> std::borrow::Cow<'_, str> {
    escape_controls(text, true)
}

fn escape_controls(text: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| c.is_control() && !(keep_lines && matches!(c, '\n' | '\t'));
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            _ if !escaped(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            _ if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            _ => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// for people: colors and tables on a terminal, plain lines in a pipe
    Text,
    /// for scripts: one JSON value, or NDJSON for streams
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone)]
pub struct Output {
    pub format: OutputFormat,
    stdout_is_terminal: bool,
    stderr_is_terminal: bool,
}

impl Output {
    pub fn new(format: OutputFormat, color: ColorChoice) -> Self {
        let stdout_is_terminal = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        let colorize = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stdout_is_terminal && !no_color,
        };
        colored::control::set_override(colorize);
        Self {
            format,
            stdout_is_terminal,
            stderr_is_terminal: io::stderr().is_terminal(),
        }
    }

    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// One JSON value and a newline on stdout.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let mut stdout = io::stdout().lock();
        serde_json::to_writer(&mut stdout, value)?;
        stdout.write_all(b"\n")
    }

    /// Raw bytes plus a newline (an NDJSON line already encoded).
    pub fn raw_line(&self, line: &[u8]) -> io::Result<()> {
        let mut stdout = io::stdout().lock();
        stdout.write_all(line)?;
        stdout.write_all(b"\n")
    }

    pub fn line(&self, text: &str) -> io::Result<()> {
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "{text}")
    }

    /// `name  value` lines, the names padded into a column.
    pub fn fields(&self, fields: &[(&str, String)]) -> io::Result<()> {
        let width = fields.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
        for (name, value) in fields {
            self.line(&format!("{name:<width$}  {value}"))?;
        }
        Ok(())
    }

    /// A note for people, on stderr.
    pub fn note(&self, text: &str) {
        eprintln!("{text}");
    }

    pub fn warn(&self, text: &str) {
        eprintln!("{} {text}", "warning:".yellow().bold());
    }

    /// A table on a terminal; tab-separated lines (header first) in a pipe.
    pub fn table(&self, header: &[&str], rows: Vec<Vec<String>>) -> io::Result<()> {
        if !self.stdout_is_terminal {
            let mut stdout = io::stdout().lock();
            writeln!(stdout, "{}", header.join("\t"))?;
            for row in rows {
                writeln!(stdout, "{}", row.join("\t"))?;
            }
            return Ok(());
        }
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(header.to_vec());
        for row in rows {
            table.add_row(row);
        }
        self.line(&table.to_string())
    }

    /// A counter on stderr when both stdout and stderr are a terminal and the output is
    /// for people; hidden otherwise, so scripts and redirections never see it.
    pub fn progress(&self, total: Option<u64>, what: &str) -> ProgressBar {
        if self.is_json() || !self.stderr_is_terminal || !self.stdout_is_terminal {
            return ProgressBar::hidden();
        }
        let bar = match total {
            Some(total) => ProgressBar::new(total).with_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} ({per_sec})")
                    .expect("the template is valid"),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{spinner} {pos} {msg} ({per_sec})")
                    .expect("the template is valid"),
            ),
        };
        bar.set_message(what.to_owned());
        bar
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_spelled_out() {
        assert_eq!(printable("\x1b]0;PWNED\x07 ok"), "\\x1b]0;PWNED\\x07 ok");
        assert_eq!(printable("a\nb\u{9b}c"), "a\\nb\\x9bc");
        assert_eq!(printable_lines("a\nb\x1b[2J"), "a\nb\\x1b[2J");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
