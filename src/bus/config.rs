//! The bus's topology as one document: planned against what the bus has, applied in an
//! order that works (schemas, then groups, then the routes into them; deletions the other
//! way round), and exported so that `export | apply` on another bus reproduces it.
//!
//! Everything in the document is checked before anything changes: a bad entry, or a
//! change that cannot be made in place without `replace`, changes nothing.

use std::collections::{BTreeMap, HashSet};

use super::groups::change::{changed_fields, not_in_place, spec_of};
use super::schemas::Contract;
use super::{Bus, BusError, JqFilter};
use crate::api::Pattern;
use crate::api::config::{Action, ApplyOptions, BusDocument, Change, Kind, Plan};
use crate::api::group::GroupSpec;
use crate::api::route::RouteSpec;
use crate::api::schema::SchemaSpec;

/// What the bus has now, by name.
struct Current {
    groups: BTreeMap<String, GroupSpec>,
    routes: BTreeMap<String, RouteSpec>,
    schemas: BTreeMap<String, SchemaSpec>,
}

/// One step of an apply, in the order it runs.
enum Step {
    PutSchema(SchemaSpec, bool),
    CreateGroup(GroupSpec),
    ChangeGroup(GroupSpec),
    ReplaceGroup(GroupSpec),
    AddRoute(RouteToAdd),
    DeleteRoute(String),
    DeleteGroup(String),
    DeleteSchema(String),
}

/// A route to add, and whether one of its name goes first.
struct RouteToAdd {
    spec: RouteSpec,
    replacing: bool,
}

fn invalid(at: &str, reason: impl std::fmt::Display) -> BusError {
    BusError::InvalidArgument(format!("{at}: {reason}"))
}

/// The names of `entries`, each once.
fn unique<'a>(kind: &str, names: impl Iterator<Item = &'a String>) -> Result<(), BusError> {
    let mut seen = HashSet::new();
    for name in names {
        if !seen.insert(name) {
            return Err(BusError::InvalidArgument(format!(
                "{kind} '{name}' is named twice in the document"
            )));
        }
    }
    Ok(())
}

fn change(kind: Kind, name: &str, action: Action) -> Change {
    Change {
        kind,
        name: name.to_owned(),
        action,
        fields: Vec::new(),
        note: None,
    }
}

impl Bus {
    async fn current(&self) -> Result<Current, BusError> {
        self.refresh_groups().await?;
        self.refresh_routes().await?;
        let mut groups = BTreeMap::new();
        for name in self.group_names() {
            match self.group_spec(&name).await {
                Ok(spec) => {
                    groups.insert(name, spec);
                }
                Err(BusError::NotFound(_)) => {} // deleted meanwhile
                Err(err) => return Err(err),
            }
        }
        let routes = self
            .list_routes()
            .into_iter()
            .map(|route| (route.spec.name.clone(), route.spec))
            .collect();
        let schemas = self
            .list_schemas()
            .await?
            .into_iter()
            .map(|info| (info.spec.name.clone(), info.spec))
            .collect();
        Ok(Current {
            groups,
            routes,
            schemas,
        })
    }

    /// Plans `document` against the bus and, unless a dry run, applies it.
    pub async fn apply_config(
        &self,
        document: BusDocument,
        options: ApplyOptions,
    ) -> Result<Plan, BusError> {
        let (plan, steps) = self.plan_config(&document, options).await?;
        if options.dry_run {
            return Ok(plan);
        }
        if !options.replace
            && let Some(replace) = plan
                .changes
                .iter()
                .find(|change| change.kind == Kind::Group && change.action == Action::Replace)
        {
            return Err(BusError::Conflict(format!(
                "group '{}': {}: pass --replace to delete it and create it again (its cursor and deliveries in progress go with it); nothing was changed",
                replace.name,
                replace
                    .note
                    .as_deref()
                    .unwrap_or("it cannot change in place")
            )));
        }
        for step in steps {
            self.run_step(step).await?;
        }
        if !plan.changes.is_empty() {
            self.announce(
                "$evbus.config.applied",
                serde_json::to_value(&plan).unwrap_or_default(),
            );
        }
        Ok(plan)
    }

    /// Whether `document` could be applied to this bus, without applying it.
    pub(super) async fn check_config(&self, document: &BusDocument) -> Result<(), BusError> {
        self.plan_config(document, ApplyOptions::default())
            .await
            .map(drop)
    }

    async fn plan_config(
        &self,
        document: &BusDocument,
        options: ApplyOptions,
    ) -> Result<(Plan, Vec<Step>), BusError> {
        unique("schema", document.schemas.iter().map(|spec| &spec.name))?;
        unique("group", document.groups.iter().map(|spec| &spec.name))?;
        unique("route", document.routes.iter().map(|spec| &spec.name))?;
        let current = self.current().await?;
        let (mut changes, mut steps, mut unchanged) = (Vec::new(), Vec::new(), 0);

        for (at, spec) in document.schemas.iter().enumerate() {
            let place = format!("schemas[{at}] '{}'", spec.name);
            super::groups::validate_name(&spec.name).map_err(|err| invalid(&place, err))?;
            Contract::compile(spec.clone(), String::new()).map_err(|err| invalid(&place, err))?;
            match current.schemas.get(&spec.name) {
                Some(now) if now == spec => unchanged += 1,
                Some(now) => {
                    let mut line = change(Kind::Schema, &spec.name, Action::Change);
                    line.fields = [
                        ("pattern", now.pattern != spec.pattern),
                        ("schema", now.schema != spec.schema),
                    ]
                    .into_iter()
                    .filter(|(_, differs)| *differs)
                    .map(|(field, _)| field.to_owned())
                    .collect();
                    changes.push(line);
                    steps.push(Step::PutSchema(spec.clone(), true));
                }
                None => {
                    changes.push(change(Kind::Schema, &spec.name, Action::Create));
                    steps.push(Step::PutSchema(spec.clone(), false));
                }
            }
        }

        for (at, spec) in document.groups.iter().enumerate() {
            let place = format!("groups[{at}] '{}'", spec.name);
            let desired = spec_of(
                &self
                    .def_of(spec, 0)
                    .await
                    .map_err(|err| invalid(&place, err))?,
            );
            match current.groups.get(&spec.name) {
                Some(now) => {
                    let fields = changed_fields(now, &desired);
                    if fields.is_empty() {
                        unchanged += 1;
                        continue;
                    }
                    let mut line = change(Kind::Group, &spec.name, Action::Change);
                    line.fields = fields;
                    match not_in_place(now, &desired) {
                        Some(reason) => {
                            line.action = Action::Replace;
                            line.note = Some(reason);
                            steps.push(Step::ReplaceGroup(spec.clone()));
                        }
                        None => steps.push(Step::ChangeGroup(desired)),
                    }
                    changes.push(line);
                }
                None => {
                    changes.push(change(Kind::Group, &spec.name, Action::Create));
                    steps.push(Step::CreateGroup(spec.clone()));
                }
            }
        }

        let groups_after: HashSet<&str> = document
            .groups
            .iter()
            .map(|spec| spec.name.as_str())
            .chain(
                current
                    .groups
                    .keys()
                    .filter(|_| !options.prune)
                    .map(String::as_str),
            )
            .collect();
        for (at, spec) in document.routes.iter().enumerate() {
            let place = format!("routes[{at}] '{}'", spec.name);
            super::groups::validate_name(&spec.name).map_err(|err| invalid(&place, err))?;
            spec.pattern
                .parse::<Pattern>()
                .map_err(|err| invalid(&place, err))?;
            if let Some(filter) = &spec.filter {
                JqFilter::compile(filter).map_err(|err| invalid(&place, err))?;
            }
            match (&spec.to_topic, &spec.to_group) {
                (Some(_), None) => {}
                (None, Some(group)) if groups_after.contains(group.as_str()) => {}
                (None, Some(group)) => {
                    return Err(invalid(
                        &place,
                        format!(
                            "it routes to group '{group}', which neither the bus nor the document has"
                        ),
                    ));
                }
                _ => {
                    return Err(invalid(
                        &place,
                        "a route needs one target: to_topic or to_group",
                    ));
                }
            }
            match current.routes.get(&spec.name) {
                Some(now) if now == spec => unchanged += 1,
                Some(now) => {
                    let mut line = change(Kind::Route, &spec.name, Action::Replace);
                    let (before, after) = (
                        serde_json::to_value(now).unwrap_or_default(),
                        serde_json::to_value(spec).unwrap_or_default(),
                    );
                    line.fields = ["pattern", "filter", "to_topic", "to_group"]
                        .into_iter()
                        .filter(|field| before.get(field) != after.get(field))
                        .map(str::to_owned)
                        .collect();
                    line.note = Some("the new route forwards the events from now on".into());
                    changes.push(line);
                    steps.push(Step::AddRoute(RouteToAdd {
                        spec: spec.clone(),
                        replacing: true,
                    }));
                }
                None => {
                    changes.push(change(Kind::Route, &spec.name, Action::Create));
                    steps.push(Step::AddRoute(RouteToAdd {
                        spec: spec.clone(),
                        replacing: false,
                    }));
                }
            }
        }

        if options.prune {
            let names =
                |specs: Vec<&String>| -> HashSet<String> { specs.into_iter().cloned().collect() };
            let routes = names(document.routes.iter().map(|spec| &spec.name).collect());
            let groups = names(document.groups.iter().map(|spec| &spec.name).collect());
            let schemas = names(document.schemas.iter().map(|spec| &spec.name).collect());
            for name in current.routes.keys().filter(|name| !routes.contains(*name)) {
                changes.push(change(Kind::Route, name, Action::Delete));
                steps.push(Step::DeleteRoute(name.clone()));
            }
            for name in current.groups.keys().filter(|name| !groups.contains(*name)) {
                let mut line = change(Kind::Group, name, Action::Delete);
                line.note =
                    Some("its deliveries in progress go with it; its dead letters stay".into());
                changes.push(line);
                steps.push(Step::DeleteGroup(name.clone()));
            }
            for name in current
                .schemas
                .keys()
                .filter(|name| !schemas.contains(*name))
            {
                changes.push(change(Kind::Schema, name, Action::Delete));
                steps.push(Step::DeleteSchema(name.clone()));
            }
        }
        let plan = Plan {
            changes,
            unchanged,
            dry_run: options.dry_run,
        };
        Ok((plan, steps))
    }

    async fn run_step(&self, step: Step) -> Result<(), BusError> {
        match step {
            Step::PutSchema(spec, replace) => self.put_schema(spec, replace).await.map(drop),
            Step::CreateGroup(spec) => self.create_group(spec).await.map(drop),
            Step::ChangeGroup(spec) => self.change_group(&spec).await,
            Step::ReplaceGroup(spec) => {
                self.delete_group(&spec.name).await?;
                self.create_group(spec).await.map(drop)
            }
            Step::AddRoute(RouteToAdd { spec, replacing }) => {
                if replacing {
                    self.remove_route(&spec.name).await?;
                }
                self.add_route(spec).await.map(drop)
            }
            Step::DeleteRoute(name) => self.remove_route(&name).await,
            Step::DeleteGroup(name) => self.delete_group(&name).await,
            Step::DeleteSchema(name) => self.remove_schema(&name).await.map(drop),
        }
    }

    /// `spec` without the fields that say what a new group of its pattern has anyway.
    pub(super) async fn without_defaults(&self, spec: GroupSpec) -> Result<GroupSpec, BusError> {
        let defaults = GroupSpec {
            name: spec.name.clone(),
            pattern: spec.pattern.clone(),
            push: spec.push.clone(),
            ..GroupSpec::default()
        };
        let defaults = spec_of(&self.def_of(&defaults, 0).await?);
        Ok(super::groups::change::without_defaults(spec, &defaults))
    }

    /// The bus's topology as a document. Secrets and push header values are not given
    /// out: they appear as `${EVBUS_SECRET_GROUP}` and `${EVBUS_HEADER_GROUP_NAME}`
    /// references, for `apply` to fill in from the environment.
    pub async fn export_config(&self) -> Result<BusDocument, BusError> {
        let current = self.current().await?;
        let mut groups = Vec::new();
        for (name, spec) in current.groups {
            let mut spec = self.without_defaults(spec).await?;
            let variable = |parts: &[&str]| {
                let joined: String = parts
                    .join("_")
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_uppercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                format!("${{EVBUS_{joined}}}")
            };
            if spec.secret.is_some() {
                spec.secret = Some(variable(&["secret", &name]));
            }
            for (header, value) in spec.headers.iter_mut() {
                *value = variable(&["header", &name, header]);
            }
            groups.push(spec);
        }
        Ok(BusDocument {
            groups,
            routes: current.routes.into_values().collect(),
            schemas: current.schemas.into_values().collect(),
        })
    }
}
