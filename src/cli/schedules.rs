//! `evbus schedules`, and `evbus emit … --in/--at/--every/--cron`: events stored now and
//! appended to the log when due.

use super::Context;
use crate::api::Event;
use crate::api::schedule::{ScheduleInfo, ScheduleSpec};
use crate::cli::exit::Exit;

/// When `emit` appends its event: later, or repeatedly, instead of at once.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WhenArgs {
    /// Append the event this long from now (30s, 10m, 1h30m); it is stored durably until then
    #[arg(
        long = "in",
        value_name = "DUR",
        group = "when",
        conflicts_with = "batch",
        allow_hyphen_values = true
    )]
    pub after: Option<String>,
    /// Append the event at this RFC 3339 time (2030-01-01T09:00:00Z)
    #[arg(long, value_name = "TIME", group = "when", conflicts_with = "batch")]
    pub at: Option<String>,
    /// Append a copy every DUR, from one DUR from now, until `evbus schedules cancel`
    #[arg(
        long,
        value_name = "DUR",
        group = "when",
        conflicts_with = "batch",
        allow_hyphen_values = true
    )]
    pub every: Option<String>,
    /// Append a copy on a five-field cron schedule ('*/5 * * * *', '0 9 * * mon-fri')
    #[arg(long, value_name = "CRON", group = "when", conflicts_with = "batch")]
    pub cron: Option<String>,
    /// The time zone --cron runs in (an IANA name, e.g. Europe/Paris) [default: UTC]
    #[arg(long, value_name = "ZONE", requires = "cron")]
    pub tz: Option<String>,
}

impl WhenArgs {
    pub fn is_set(&self) -> bool {
        self.after.is_some() || self.at.is_some() || self.every.is_some() || self.cron.is_some()
    }

    /// The schedule for `event`, checked here so a bad time is a usage error and
    /// nothing is stored.
    fn spec(&self, event: Event) -> anyhow::Result<ScheduleSpec> {
        let spec = ScheduleSpec {
            event,
            at: self.at.clone(),
            after: self.after.clone(),
            every: self.every.clone(),
            cron: self.cron.clone(),
            tz: self.tz.clone(),
        };
        crate::bus::schedules::check(&spec).map_err(|err| Exit::usage(flag_names(&err)))?;
        Ok(spec)
    }
}

/// The bus names the fields as HTTP does; the command line has flags.
fn flag_names(message: &str) -> String {
    let mut text = message.to_owned();
    for (field, flag) in [
        ("in ", "--in "),
        ("at ", "--at "),
        ("every ", "--every "),
        ("cron ", "--cron "),
        ("tz ", "--tz "),
    ] {
        if text.starts_with(field) {
            text = format!("{flag}{}", &text[field.len()..]);
        }
    }
    text
}

/// Stores `event` to be appended as `when` says, and says when.
pub async fn schedule(event: Event, when: &WhenArgs, ctx: &Context) -> anyhow::Result<()> {
    let info = ctx.client.create_schedule(&when.spec(event)?).await?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&info)?);
    }
    if info.duplicate {
        return Ok(ctx.out.line(&format!(
            "schedule {} already exists (same source and id), next {}: not changed",
            info.id, info.next
        ))?);
    }
    Ok(ctx.out.line(&format!(
        "scheduled {}  {}  next {}{}",
        info.id,
        info.topic,
        info.next,
        repeat_of(&info)
            .map(|repeat| format!("  {repeat}"))
            .unwrap_or_default()
    ))?)
}

/// Scheduled events: list, show and cancel what `emit --in/--at/--every/--cron` stored.
///
/// Examples:
///   evbus emit report.due --in 10m --data '{}'
///   evbus emit billing.run --cron '0 9 * * mon-fri' --tz Europe/Paris
///   evbus schedules list
///   evbus schedules show 01JD3M6W5XK3YB3GQ8T2N7V4ZC
///   evbus schedules cancel 01JD3M6W5XK3YB3GQ8T2N7V4ZC
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct SchedulesArgs {
    #[command(subcommand)]
    pub command: Option<SchedulesCommand>,
}

#[derive(Debug, clap::Subcommand)]
pub enum SchedulesCommand {
    /// List schedules, soonest first: id, topic, next time, repeat, firings
    List,
    /// Show one schedule and its event
    Show {
        /// Schedule id
        id: String,
    },
    /// Cancel a schedule: it fires no more
    Cancel {
        /// Schedule id
        id: String,
    },
}

fn repeat_of(info: &ScheduleInfo) -> Option<String> {
    match (&info.every, &info.cron) {
        (Some(every), _) => Some(format!("every {every}")),
        (_, Some(cron)) => Some(format!(
            "cron '{cron}' {}",
            info.tz.as_deref().unwrap_or("UTC")
        )),
        _ => None,
    }
}

pub async fn run(args: SchedulesArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command.unwrap_or(SchedulesCommand::List) {
        SchedulesCommand::List => {
            let schedules = ctx.client.schedules().await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&schedules)?);
            }
            let rows = schedules
                .into_iter()
                .map(|info| {
                    vec![
                        info.id.clone(),
                        info.topic.clone(),
                        info.next.clone(),
                        repeat_of(&info).unwrap_or_else(|| "once".into()),
                        info.fired.to_string(),
                    ]
                })
                .collect();
            Ok(ctx
                .out
                .table(&["SCHEDULE", "TOPIC", "NEXT", "REPEAT", "FIRED"], rows)?)
        }
        SchedulesCommand::Show { id } => show(&ctx.client.schedule(&id).await?, ctx),
        SchedulesCommand::Cancel { id } => {
            let info = ctx.client.cancel_schedule(&id).await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&info)?);
            }
            Ok(ctx.out.line(&format!(
                "cancelled schedule {} ({}, fired {} times)",
                info.id, info.topic, info.fired
            ))?)
        }
    }
}

fn show(info: &ScheduleInfo, ctx: &Context) -> anyhow::Result<()> {
    if ctx.out.is_json() {
        return Ok(ctx.out.json(info)?);
    }
    let event = String::from_utf8_lossy(&info.event.to_json()).into_owned();
    let rows = vec![
        ("schedule", info.id.clone()),
        ("topic", info.topic.clone()),
        ("next", info.next.clone()),
        ("repeat", repeat_of(info).unwrap_or_else(|| "once".into())),
        ("created", info.created.clone()),
        ("fired", info.fired.to_string()),
        (
            "last fired",
            info.last_fired.clone().unwrap_or_else(|| "-".into()),
        ),
        (
            "last seq",
            info.last_seq.map_or("-".into(), |seq| seq.to_string()),
        ),
        ("event", event),
    ];
    Ok(ctx.out.fields(&rows)?)
}
