//! Schemas: JSON Schema contracts for the data of the events whose topic matches a
//! pattern. An emit whose data breaks one is refused; a conforming event names it as its
//! `dataschema`. Schemas are records in the engine; each server keeps them compiled in
//! memory, and a server of a shared engine looks again every second for schemas added
//! or removed through the others.

pub mod contract;

use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde_json::Value;

pub use contract::{Contract, Violation};

use super::{Bus, BusError};
use crate::api::Event;
use crate::api::schema::{SchemaInfo, SchemaSpec};
use crate::api::time::{format_rfc3339_ms, now_ms};
use crate::engine::StateOp;

/// The kind of record a schema is kept as.
const RECORD_KIND: &str = "schema";
/// How often a server of a shared engine looks for schemas changed through others.
const SHARED_REFRESH: Duration = Duration::from_secs(1);

/// The schemas this server checks emits with, by name.
#[derive(Default)]
pub struct Schemas {
    current: RwLock<Arc<Vec<Arc<Contract>>>>,
    /// One change at a time, so a refresh never undoes a change it did not see.
    lock: tokio::sync::Mutex<()>,
}

impl Schemas {
    fn all(&self) -> Arc<Vec<Arc<Contract>>> {
        self.current.read().expect("schemas poisoned").clone()
    }

    fn replace(&self, contracts: Vec<Arc<Contract>>) {
        *self.current.write().expect("schemas poisoned") = Arc::new(contracts);
    }

    /// Checks `event`'s data against every schema covering its topic and names the
    /// first as its `dataschema`, unless the producer named one.
    pub fn check(&self, event: &mut Event) -> Result<(), Violation> {
        let all = self.all();
        let mut covering = all.iter().filter(|contract| contract.covers(&event.topic));
        let Some(first) = covering.next() else {
            return Ok(());
        };
        let data = data_of(event).map_err(|reason| Violation {
            schema: first.name().to_owned(),
            pointer: String::new(),
            reason,
        })?;
        first.check(&data)?;
        for contract in covering {
            contract.check(&data)?;
        }
        event
            .dataschema
            .get_or_insert_with(|| first.info.url.clone());
        Ok(())
    }
}

/// The data a schema checks: JSON data as it is, none as `null`.
pub fn data_of(event: &Event) -> Result<Value, String> {
    if event.data_base64.is_some() {
        return Err("binary data (data_base64) cannot be checked: send JSON data".into());
    }
    match &event.data {
        None => Ok(Value::Null),
        Some(raw) => {
            serde_json::from_str(raw.get()).map_err(|err| format!("unreadable data: {err}"))
        }
    }
}

fn no_schema(name: &str) -> BusError {
    BusError::NotFound(format!("no schema '{name}': see `evbus schemas list`"))
}

impl Bus {
    fn schemas_state(&self) -> &Schemas {
        &self.inner.schemas
    }

    pub(crate) fn check_schemas(&self, event: &mut Event) -> Result<(), Violation> {
        self.schemas_state().check(event)
    }

    /// Every schema, by name, as the engine holds them now.
    pub async fn list_schemas(&self) -> Result<Vec<SchemaInfo>, BusError> {
        self.refresh_schemas().await?;
        Ok(self.known_schemas())
    }

    fn known_schemas(&self) -> Vec<SchemaInfo> {
        self.schemas_state()
            .all()
            .iter()
            .map(|contract| contract.info.clone())
            .collect()
    }

    pub async fn schema(&self, name: &str) -> Result<SchemaInfo, BusError> {
        self.list_schemas()
            .await?
            .into_iter()
            .find(|info| info.spec.name == name)
            .ok_or_else(|| no_schema(name))
    }

    /// Adds a schema; one of the same name is a conflict unless `replace`, which keeps
    /// its creation time. Events already stored are not checked again.
    pub async fn put_schema(
        &self,
        spec: SchemaSpec,
        replace: bool,
    ) -> Result<SchemaInfo, BusError> {
        super::groups::validate_name(&spec.name)?;
        let _lock = self.schemas_state().lock.lock().await;
        self.load_schemas().await?;
        let existing = self
            .known_schemas()
            .into_iter()
            .find(|info| info.spec.name == spec.name);
        if existing.is_some() && !replace {
            return Err(BusError::Conflict(format!(
                "schema '{}' already exists: remove it first, or replace it (PUT /v1/schemas/{})",
                spec.name, spec.name
            )));
        }
        let created = existing
            .as_ref()
            .map_or_else(|| format_rfc3339_ms(now_ms()), |info| info.created.clone());
        let contract = Contract::compile(spec, created)
            .map_err(|reason| BusError::InvalidArgument(format!("schema: {reason}")))?;
        let info = contract.info.clone();
        self.store(vec![StateOp::PutRecord {
            kind: RECORD_KIND.into(),
            id: info.spec.name.clone(),
            body: serde_json::to_string(&info).expect("schemas serialize"),
        }])
        .await?;
        self.load_schemas().await?;
        if existing.as_ref().is_none_or(|old| old.spec != info.spec) {
            self.announce(
                "$evbus.schema.added",
                serde_json::json!({ "schema": info.spec.name, "pattern": info.spec.pattern,
                    "url": info.url, "replaced": existing.is_some() }),
            );
        }
        Ok(info)
    }

    pub async fn remove_schema(&self, name: &str) -> Result<SchemaInfo, BusError> {
        let _lock = self.schemas_state().lock.lock().await;
        self.load_schemas().await?;
        let Some(info) = self
            .known_schemas()
            .into_iter()
            .find(|info| info.spec.name == name)
        else {
            return Err(no_schema(name));
        };
        self.store(vec![StateOp::RemoveRecord {
            kind: RECORD_KIND.into(),
            id: name.to_owned(),
        }])
        .await?;
        self.load_schemas().await?;
        self.announce(
            "$evbus.schema.removed",
            serde_json::json!({ "schema": name, "pattern": info.spec.pattern }),
        );
        Ok(info)
    }

    /// Reads the schemas the engine holds into memory.
    pub(crate) async fn refresh_schemas(&self) -> Result<(), BusError> {
        let _lock = self.schemas_state().lock.lock().await;
        self.load_schemas().await
    }

    /// `refresh_schemas` under the lock already held; a stored schema unchanged since it
    /// was compiled is not compiled again.
    async fn load_schemas(&self) -> Result<(), BusError> {
        let known = self.schemas_state().all();
        let mut contracts = Vec::new();
        for (name, body) in self.engine().records(RECORD_KIND).await? {
            let info = match serde_json::from_str::<SchemaInfo>(&body) {
                Ok(info) => info,
                Err(err) => {
                    tracing::warn!(schema = %name, error = %err, "a stored schema cannot be read; it is skipped");
                    continue;
                }
            };
            if let Some(same) = known.iter().find(|contract| {
                contract.info.spec == info.spec && contract.info.created == info.created
            }) {
                contracts.push(same.clone());
                continue;
            }
            match Contract::compile(info.spec, info.created) {
                Ok(contract) => contracts.push(Arc::new(contract)),
                Err(reason) => {
                    tracing::warn!(schema = %name, %reason, "a stored schema does not compile; it is skipped")
                }
            }
        }
        contracts.sort_by(|a, b| a.name().cmp(b.name()));
        self.schemas_state().replace(contracts);
        Ok(())
    }

    /// On a shared engine, keeps this server's schemas in step with the others'.
    pub(crate) async fn run_schema_refresh(self) {
        if self.engine().peers().is_none() {
            return;
        }
        let mut shutdown = self.shutdown_signal();
        loop {
            if !crate::bus::wait_unless_stopping(&mut shutdown, SHARED_REFRESH).await {
                return;
            }
            if let Err(err) = self.refresh_schemas().await {
                tracing::warn!(error = %err, "cannot read the schemas; will retry");
            }
        }
    }
}
