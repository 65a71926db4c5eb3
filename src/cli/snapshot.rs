//! `evbus snapshot save | load`: the whole bus as one file, so a test starts from a known
//! state.

use std::io::Write;
use std::path::{Path, PathBuf};

use futures_util::StreamExt;

use super::Context;
use super::exit::Exit;
use super::output::plural;
use crate::api::snapshot::Counts;

/// A snapshot is the bus in one file: its events, groups with their cursors and what
/// they had in progress, dead letters, routes, schedules and schemas, as NDJSON (one
/// thing per line, readable and writable by hand). It loads into an empty bus on any
/// engine; the events get that bus's next seqs, and the cursors, dead letters and
/// route positions follow them. Loading the same snapshot again changes nothing.
///
/// Examples:
///   evbus snapshot save before.ndjson
///   evbus snapshot load before.ndjson --server http://127.0.0.1:7718
///   evbus serve --engine memory --snapshot before.ndjson
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct SnapshotArgs {
    #[command(subcommand)]
    pub command: SnapshotCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum SnapshotCommand {
    /// Save the bus to a file (it holds push secrets: keep it safe)
    Save {
        /// Where to write it ('-': stdout); written whole or not at all
        file: PathBuf,
    },
    /// Load a snapshot into the bus, which must be empty
    Load {
        /// The snapshot ('-': stdin)
        file: PathBuf,
    },
}

pub async fn run(args: SnapshotArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        SnapshotCommand::Save { file } => save(&file, ctx).await,
        SnapshotCommand::Load { file } => load(&file, ctx).await,
    }
}

/// What each line holds, counted by the key it starts with.
fn count(counts: &mut Counts, line: &[u8]) {
    let tallies: [(&[u8], &mut u64); 6] = [
        (br#"{"event":"#, &mut counts.events),
        (br#"{"group":"#, &mut counts.groups),
        (br#"{"dead_letter":"#, &mut counts.dead_letters),
        (br#"{"route":"#, &mut counts.routes),
        (br#"{"schedule":"#, &mut counts.schedules),
        (br#"{"schema":"#, &mut counts.schemas),
    ];
    if let Some((_, tally)) = tallies.into_iter().find(|(key, _)| line.starts_with(key)) {
        *tally += 1;
    }
}

/// `what`: "12 events, 2 groups, …", leaving out what there is none of.
pub(super) fn summary(counts: &Counts) -> String {
    let parts: Vec<String> = [
        (counts.events, "event"),
        (counts.groups, "group"),
        (counts.dead_letters, "dead letter"),
        (counts.routes, "route"),
        (counts.schedules, "schedule"),
        (counts.schemas, "schema"),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, noun)| plural(count as usize, noun))
    .collect();
    match parts.is_empty() {
        true => "nothing but the header".into(),
        false => parts.join(", "),
    }
}

async fn save(file: &Path, ctx: &Context) -> anyhow::Result<()> {
    let to_stdout = file.as_os_str() == "-";
    // Written beside the file and moved over it once complete: a save that fails
    // leaves whatever was there.
    let mut partial = file.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let mut out: Box<dyn Write> = if to_stdout {
        Box::new(std::io::stdout().lock())
    } else {
        let created = std::fs::File::create(&partial)
            .map_err(|err| Exit::usage(format!("cannot write {}: {err}", partial.display())))?;
        Box::new(std::io::BufWriter::new(created))
    };
    let mut counts = Counts::default();
    let written = async {
        let mut lines = std::pin::pin!(ctx.client.save_snapshot().await?);
        while let Some(line) = lines.next().await {
            let line = line?;
            count(&mut counts, &line);
            out.write_all(&line)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        anyhow::Ok(())
    }
    .await;
    drop(out);
    if let Err(err) = written {
        if !to_stdout {
            let _ = std::fs::remove_file(&partial);
        }
        return Err(err);
    }
    if to_stdout {
        return Ok(());
    }
    std::fs::rename(&partial, file)
        .map_err(|err| Exit::usage(format!("cannot write {}: {err}", file.display())))?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&counts)?);
    }
    ctx.out
        .line(&format!("saved {} to {}", summary(&counts), file.display()))?;
    Ok(())
}

async fn load(file: &Path, ctx: &Context) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let snapshot = if name == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(file)
    }
    .map_err(|err| Exit::usage(format!("cannot read {name}: {err}")))?;
    let counts = ctx.client.load_snapshot(snapshot).await?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&counts)?);
    }
    match counts.already {
        true => ctx
            .out
            .line(&format!("{name} was loaded before: nothing changed"))?,
        false => ctx
            .out
            .line(&format!("loaded {} from {name}", summary(&counts)))?,
    }
    Ok(())
}
