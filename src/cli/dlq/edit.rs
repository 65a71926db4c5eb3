//! `evbus dlq edit ID`: the dead letter's event in the user's editor; what comes back,
//! if valid and changed, goes back to its group.

use std::io::Write;

use super::Context;
use crate::api::Event;
use crate::api::dead_letter::Requeue;
use crate::cli::exit::{Exit, ExitCode};

pub(super) async fn run(ctx: &Context, id: &str) -> anyhow::Result<()> {
    let letter = ctx.client.dead_letter(id).await?;
    let mut event: serde_json::Value = serde_json::from_str(letter.event.get())?;
    if let Some(object) = event.as_object_mut() {
        // The bus keeps these itself; they are not the user's to edit.
        for kept in ["seq", "requeueof", "requeues", "requeueedited"] {
            object.remove(kept);
        }
    }
    let original = serde_json::to_string_pretty(&event)? + "\n";
    let mut file = tempfile::Builder::new()
        .prefix(&format!("evbus-dlq-{id}-"))
        .suffix(".json")
        .tempfile()?;
    file.write_all(original.as_bytes())?;
    file.flush()?;
    let path = file.path().to_owned();
    open_editor(&path).await?;
    let edited = std::fs::read_to_string(&path)?;
    let parsed: serde_json::Value = match serde_json::from_str(&edited) {
        Ok(value) => value,
        Err(err) => return Err(kept(file, format!("the edited event is not JSON: {err}"))),
    };
    if parsed == event {
        ctx.out.note("unchanged: nothing requeued");
        return Ok(());
    }
    if let Err(err) = Event::from_json(edited.as_bytes()) {
        return Err(kept(file, format!("the edited event is not valid: {err}")));
    }
    let request = Requeue {
        ids: vec![letter.id.clone()],
        events: [(letter.id.clone(), serde_json::value::to_raw_value(&parsed)?)].into(),
        ..Requeue::default()
    };
    let count = ctx.client.requeue(&request).await?.count;
    if ctx.out.is_json() {
        return Ok(ctx
            .out
            .json(&serde_json::json!({ "requeued": count, "edited": true }))?);
    }
    Ok(ctx.out.line(&format!(
        "requeued {} to group {} (edited)",
        letter.id, letter.group
    ))?)
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on `path`, through the shell (so an editor
/// set with arguments, `code --wait`, works), and waits for it.
async fn open_editor(path: &std::path::Path) -> anyhow::Result<()> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|name| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let status = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("evbus-editor")
        .arg(path)
        .status()
        .await
        .map_err(|err| {
            Exit(
                ExitCode::Failure,
                format!("cannot run the editor '{editor}': {err}"),
            )
        })?;
    if !status.success() {
        return Err(Exit(
            ExitCode::Failure,
            format!("the editor '{editor}' failed ({status}): nothing requeued"),
        )
        .into());
    }
    Ok(())
}

/// An edit that cannot go back: nothing is requeued, and the file stays for another try.
fn kept(file: tempfile::NamedTempFile, why: String) -> anyhow::Error {
    let path = match file.keep() {
        Ok((_, path)) => path.display().to_string(),
        Err(_) => "(lost)".into(),
    };
    Exit(
        ExitCode::Usage,
        format!("{why}; nothing requeued (your edit is in {path})"),
    )
    .into()
}
