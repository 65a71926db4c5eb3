//! `flow.yaml`: the steps of a scenario, as people write them.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub steps: Vec<Step>,
}

/// One step: exactly one of its kinds, and optionally a name later steps refer to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub emit: Option<Emit>,
    #[serde(default)]
    pub expect: Option<Expect>,
    #[serde(default)]
    pub expect_none: Option<ExpectNone>,
    #[serde(default)]
    pub drain: Option<Drain>,
}

/// Emits an event: `topic`, `data`, and any other CloudEvents attribute as it is named.
#[derive(Debug, Deserialize)]
pub struct Emit {
    pub topic: String,
    #[serde(flatten)]
    pub attributes: BTreeMap<String, serde_json::Value>,
}

/// Waits for events: on `topic` (a pattern), for which `where` (jq) is true, at least
/// `count` of them within `within`; with `in_order`, after the event the previous
/// expectation matched; with `correlated`, caused by (or correlated with) the event of
/// the step of that name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub topic: String,
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    #[serde(default = "one")]
    pub count: usize,
    #[serde(default = "five_seconds")]
    pub within: String,
    #[serde(default)]
    pub in_order: bool,
    #[serde(default)]
    pub correlated: Option<String>,
}

/// Watches for `for` that no such event appears (counting those since the flow began).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectNone {
    pub topic: String,
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    #[serde(rename = "for")]
    pub duration: String,
}

/// Waits until a group has nothing left: no lag, nothing pending or in flight.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drain {
    pub group: String,
    #[serde(default = "thirty_seconds")]
    pub within: String,
}

fn one() -> usize {
    1
}

fn five_seconds() -> String {
    "5s".into()
}

fn thirty_seconds() -> String {
    "30s".into()
}

/// What a step does, once checked to be one thing.
pub enum Kind<'a> {
    Emit(&'a Emit),
    Expect(&'a Expect),
    ExpectNone(&'a ExpectNone),
    Drain(&'a Drain),
}

impl Step {
    pub fn kind(&self) -> Result<Kind<'_>, String> {
        let kinds = [
            self.emit.as_ref().map(Kind::Emit),
            self.expect.as_ref().map(Kind::Expect),
            self.expect_none.as_ref().map(Kind::ExpectNone),
            self.drain.as_ref().map(Kind::Drain),
        ];
        let mut given = kinds.into_iter().flatten();
        match (given.next(), given.next()) {
            (Some(kind), None) => Ok(kind),
            _ => Err("a step is one of emit, expect, expect_none or drain".into()),
        }
    }

    /// How the step is named in reports: its name, or what it does.
    pub fn title(&self) -> String {
        let what = match self.kind() {
            Ok(Kind::Emit(emit)) => format!("emit {}", emit.topic),
            Ok(Kind::Expect(expect)) => match &expect.filter {
                Some(filter) => format!("expect {} where {filter}", expect.topic),
                None => format!("expect {}", expect.topic),
            },
            Ok(Kind::ExpectNone(none)) => format!("expect_none {}", none.topic),
            Ok(Kind::Drain(drain)) => format!("drain {}", drain.group),
            Err(_) => "?".into(),
        };
        match &self.name {
            Some(name) => format!("{name}: {what}"),
            None => what,
        }
    }
}
