//! Drawing `top`'s screen from the readings: the bus, a chart of events in, the groups,
//! and the selected group's detail.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Sparkline, Table, TableState};

use super::sample::Samples;
use crate::api::group::GroupInfo;
use crate::api::time::format_duration;

pub fn draw(
    frame: &mut Frame,
    samples: &Samples,
    selected: usize,
    server: &str,
    error: Option<&str>,
) {
    let [head, chart, groups, detail, foot] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(5),
        Constraint::Min(5),
        Constraint::Length(9),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    let Some(latest) = samples.latest() else {
        return;
    };
    draw_head(frame, head, samples, server);
    let rate = samples.rates_in.back().copied().unwrap_or(0);
    let rates: Vec<u64> = samples.rates_in.iter().copied().collect();
    frame.render_widget(
        Sparkline::default()
            .block(Block::bordered().title(format!(" events in: {rate}/s ")))
            .data(&rates)
            .style(Style::new().fg(Color::Cyan)),
        chart,
    );
    draw_groups(frame, groups, samples, selected);
    match latest.groups.get(selected) {
        Some(group) => draw_detail(frame, detail, group),
        None => frame.render_widget(
            Paragraph::new("No groups yet: `evbus groups create` or `evbus consume` makes one.")
                .block(Block::bordered().title(" group ")),
            detail,
        ),
    }
    let hint = Line::from(vec![
        Span::from(" q").bold(),
        Span::from(" quit  "),
        Span::from("↑/↓").bold(),
        Span::from(" select a group  "),
    ]);
    let foot_line = match error {
        Some(error) => Line::from(vec![
            Span::from(" cannot refresh: ").red().bold(),
            Span::from(error.to_owned()).red(),
        ]),
        None => hint,
    };
    frame.render_widget(Paragraph::new(foot_line), foot);
}

fn draw_head(frame: &mut Frame, area: Rect, samples: &Samples, server: &str) {
    let Some(latest) = samples.latest() else {
        return;
    };
    let status = &latest.status;
    let health = status
        .health
        .as_ref()
        .and_then(|health| health["status"].as_str())
        .unwrap_or("-");
    let line = Line::from(vec![
        Span::from(format!(" {} ", status.engine)).bold(),
        Span::from(format!("v{}  ", status.version)),
        // Health early in the line: a narrow terminal cuts the end.
        Span::from("health ").dim(),
        match health {
            "ok" | "-" => Span::from(format!("{health}  ")).green(),
            other => Span::from(format!("{other}  ")).yellow().bold(),
        },
        Span::from("events ").dim(),
        Span::from(format!("{}  ", status.events)),
        Span::from("log ").dim(),
        Span::from(format!("{}  ", bytes(status.log_bytes))),
        Span::from("memory ").dim(),
        Span::from(format!("{}  ", status.rss_bytes.map_or("-".into(), bytes))),
        Span::from("streams ").dim(),
        Span::from(format!("{}  ", status.open_streams)),
        Span::from("up ").dim(),
        Span::from(format!(
            "{}  ",
            format_duration(Duration::from_millis(status.uptime_ms))
        )),
    ]);
    frame.render_widget(
        Paragraph::new(line).block(Block::bordered().title(format!(" evbus top · {server} "))),
        area,
    );
}

fn draw_groups(frame: &mut Frame, area: Rect, samples: &Samples, selected: usize) {
    let Some(latest) = samples.latest() else {
        return;
    };
    let rates = samples.completed_rates();
    let rows = latest.groups.iter().map(|group| {
        let dead = Span::from(group.dead.to_string());
        let dead = if group.dead > 0 {
            dead.red().bold()
        } else {
            dead
        };
        let name = if group.paused {
            format!("{} (paused)", group.name)
        } else {
            group.name.clone()
        };
        Row::new(vec![
            Line::from(name),
            Line::from(group.pattern.clone()),
            Line::from(group.lag.to_string()).right_aligned(),
            Line::from(group.pending.to_string()).right_aligned(),
            Line::from(group.in_flight.to_string()).right_aligned(),
            Line::from(dead).right_aligned(),
            Line::from(group.members.len().to_string()).right_aligned(),
            Line::from(format!(
                "{:.0}",
                rates.get(group.name.as_str()).copied().unwrap_or(0.0)
            ))
            .right_aligned(),
        ])
    });
    let header = Row::new(
        ["GROUP", "PATTERN"].map(Line::from).into_iter().chain(
            ["LAG", "PENDING", "IN FLIGHT", "DEAD", "MEMBERS", "DONE/s"]
                .map(|title| Line::from(title).right_aligned()),
        ),
    )
    .style(Style::new().add_modifier(Modifier::BOLD));
    let widths = [
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(8),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .block(Block::bordered().title(format!(" groups ({}) ", latest.groups.len())))
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .highlight_symbol("› ")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state =
        TableState::default().with_selected((!latest.groups.is_empty()).then_some(selected));
    frame.render_stateful_widget(table, area, &mut state);
}

fn draw_detail(frame: &mut Frame, area: Rect, group: &GroupInfo) {
    let [policy, members] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
    let mut lines = vec![
        field("pattern", &group.pattern),
        field("filter", group.filter.as_deref().unwrap_or("-")),
        field(
            "attempts",
            &format!(
                "{} at most, ack timeout {}",
                group.max_attempts, group.ack_timeout
            ),
        ),
        field("backoff", &group.backoff),
        field("cursor", &group.cursor.to_string()),
        field("completed", &group.completed.to_string()),
    ];
    if let Some(push) = &group.push {
        lines.push(field("push", push));
    }
    if let Some(keys) = &group.keys {
        lines.push(field(
            "keys",
            &format!(
                "{} busy, {} queued, {} blocked",
                keys.in_flight, keys.waiting, keys.blocked_count
            ),
        ));
    }
    let title = if group.ordered {
        format!(" {} (ordered) ", group.name)
    } else {
        format!(" {} ", group.name)
    };
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        policy,
    );
    let rows = group.members.iter().map(|member| {
        Row::new(vec![
            Line::from(member.name.clone()),
            Line::from(member.in_flight.to_string()).right_aligned(),
            Line::from(age(&member.last_seen)).right_aligned(),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(9),
            Constraint::Length(10),
        ],
    )
    .header(
        Row::new([
            Line::from("MEMBER"),
            Line::from("IN FLIGHT").right_aligned(),
            Line::from("SEEN").right_aligned(),
        ])
        .style(Style::new().add_modifier(Modifier::BOLD)),
    )
    .block(Block::bordered().title(format!(" members ({}) ", group.members.len())));
    frame.render_widget(table, members);
}

fn field<'a>(name: &'a str, value: &str) -> Line<'a> {
    Line::from(vec![
        Span::from(format!("{name:<10} ")).dim(),
        Span::from(value.to_owned()),
    ])
}

/// How long ago an RFC 3339 time was, for people: `3s ago`.
fn age(time: &str) -> String {
    match crate::api::time::parse_rfc3339_ms(time) {
        Ok(at) => {
            let seconds = (crate::api::time::now_ms() - at).max(0) as u64 / 1_000;
            if seconds == 0 {
                return "now".into();
            }
            format!("{} ago", format_duration(Duration::from_secs(seconds)))
        }
        Err(_) => time.to_owned(),
    }
}

/// A byte count for people: 1.5 MiB.
fn bytes(count: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = count as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{count} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
