//! `evbus top`: the bus's overview in the terminal, refreshed each second.

mod sample;
mod view;

use std::io::IsTerminal;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use tokio::sync::mpsc;

use super::Context;
use crate::cli::exit::Exit;
use sample::Samples;

/// How often the figures are read again.
const REFRESH: Duration = Duration::from_secs(1);

/// Watch the bus: event rates, groups with lag, pending, in flight and dead letters, and
/// the selected group's members, refreshed each second.
///
/// Keys: q or Esc quits; Up and Down select a group. Needs a terminal: in scripts use
/// `evbus status --output json` and `evbus groups list --output json`.
///
/// Examples:
///   evbus top
///   evbus top --server http://staging:7717
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct TopArgs {}

/// What a key asks for.
enum Key {
    Quit,
    Up,
    Down,
}

pub async fn run(_args: TopArgs, ctx: &Context) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Exit::usage(
            "evbus top needs a terminal; in scripts use `evbus status --output json` or `evbus groups list --output json`",
        ));
    }
    // Fail before taking over the screen if no bus answers.
    let mut samples = Samples::default();
    samples.push(sample::take(ctx).await?);
    let keys = read_keys();
    let mut terminal = ratatui::try_init()?;
    let shown = watch(&mut terminal, keys, &mut samples, ctx).await;
    ratatui::restore();
    shown
}

/// Draws and refreshes until a key says quit.
async fn watch(
    terminal: &mut ratatui::DefaultTerminal,
    mut keys: mpsc::Receiver<Key>,
    samples: &mut Samples,
    ctx: &Context,
) -> anyhow::Result<()> {
    let server = ctx.client.base_url().to_owned();
    let mut selected = 0usize;
    let mut error: Option<String> = None;
    let mut next = tokio::time::Instant::now() + REFRESH;
    loop {
        terminal.draw(|frame| view::draw(frame, samples, selected, &server, error.as_deref()))?;
        tokio::select! {
            key = keys.recv() => match key {
                None | Some(Key::Quit) => return Ok(()),
                Some(Key::Up) => selected = selected.saturating_sub(1),
                Some(Key::Down) => {
                    let groups = samples.latest().map_or(0, |latest| latest.groups.len());
                    selected = (selected + 1).min(groups.saturating_sub(1));
                }
            },
            _ = tokio::time::sleep_until(next) => {
                next += REFRESH;
                match sample::take(ctx).await {
                    Ok(sample) => {
                        samples.push(sample);
                        error = None;
                    }
                    Err(err) => error = Some(format!("{err:#}")),
                }
            }
        }
    }
}

/// Keys from the terminal, read on a thread of their own (reading blocks).
fn read_keys() -> mpsc::Receiver<Key> {
    let (sender, receiver) = mpsc::channel(16);
    std::thread::spawn(move || {
        while let Ok(read) = event::read() {
            let Event::Key(key) = read else { continue };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            let ctrl_c =
                key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
            let asked = match key.code {
                KeyCode::Char('q') | KeyCode::Esc => Key::Quit,
                _ if ctrl_c => Key::Quit,
                KeyCode::Up | KeyCode::Char('k') => Key::Up,
                KeyCode::Down | KeyCode::Char('j') => Key::Down,
                _ => continue,
            };
            if sender.blocking_send(asked).is_err() {
                return;
            }
        }
    });
    receiver
}
