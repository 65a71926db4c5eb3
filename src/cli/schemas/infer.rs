//! A schema proposed from examples: the types each value had, the fields every object
//! had, and enums where a string took few values, repeatedly.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

/// A string field with at most this many distinct values (each seen more than once on
/// the whole) is proposed as an enum.
const MAX_ENUM: usize = 5;

/// What the examples at one place in the data looked like.
#[derive(Default)]
pub struct Shape {
    seen: u64,
    types: BTreeSet<&'static str>,
    /// Objects seen here, and for each field how many of them had it and its shape.
    objects: u64,
    fields: BTreeMap<String, (u64, Shape)>,
    items: Option<Box<Shape>>,
    strings: u64,
    /// Distinct strings, until there are too many to be an enum.
    values: BTreeSet<String>,
    too_many: bool,
}

impl Shape {
    pub fn add(&mut self, value: &Value) {
        self.seen += 1;
        match value {
            Value::Null => {
                self.types.insert("null");
            }
            Value::Bool(_) => {
                self.types.insert("boolean");
            }
            Value::Number(number) => {
                self.types
                    .insert(if number.is_f64() { "number" } else { "integer" });
            }
            Value::String(text) => {
                self.types.insert("string");
                self.strings += 1;
                if !self.too_many {
                    self.values.insert(text.clone());
                    self.too_many = self.values.len() > MAX_ENUM;
                }
            }
            Value::Array(items) => {
                self.types.insert("array");
                let shape = self.items.get_or_insert_with(Box::default);
                items.iter().for_each(|item| shape.add(item));
            }
            Value::Object(fields) => {
                self.types.insert("object");
                self.objects += 1;
                for (name, value) in fields {
                    let (count, shape) = self.fields.entry(name.clone()).or_default();
                    *count += 1;
                    shape.add(value);
                }
            }
        }
    }

    /// The JSON Schema this shape proposes.
    pub fn schema(&self) -> Value {
        let mut types: Vec<&str> = self.types.iter().copied().collect();
        if types.contains(&"number") {
            types.retain(|name| *name != "integer"); // an integer is a number
        }
        let mut schema = serde_json::Map::new();
        match types.as_slice() {
            [] => {}
            [one] => {
                schema.insert("type".into(), json!(one));
            }
            many => {
                schema.insert("type".into(), json!(many));
            }
        }
        if self.objects > 0 {
            let properties: serde_json::Map<String, Value> = self
                .fields
                .iter()
                .map(|(name, (_, shape))| (name.clone(), shape.schema()))
                .collect();
            let required: Vec<&String> = self
                .fields
                .iter()
                .filter(|(_, (count, _))| *count == self.objects)
                .map(|(name, _)| name)
                .collect();
            schema.insert("properties".into(), Value::Object(properties));
            if !required.is_empty() {
                schema.insert("required".into(), json!(required));
            }
        }
        if let Some(items) = &self.items
            && items.seen > 0
        {
            schema.insert("items".into(), items.schema());
        }
        if types == ["string"] && !self.too_many && self.strings > self.values.len() as u64 {
            schema.insert("enum".into(), json!(self.values));
        }
        Value::Object(schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_required_fields_and_small_enums_are_proposed() {
        let mut shape = Shape::default();
        for (id, status, note) in [(1, "paid", None), (2, "new", Some("x")), (3, "paid", None)] {
            let mut data = json!({"id": id, "status": status, "price": 1.5, "tags": ["a"]});
            if let Some(note) = note {
                data["note"] = json!(note);
            }
            shape.add(&data);
        }
        let schema = shape.schema();
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["required"], json!(["id", "price", "status", "tags"]));
        assert_eq!(schema["properties"]["id"]["type"], "integer");
        assert_eq!(
            schema["properties"]["status"]["enum"],
            json!(["new", "paid"])
        );
        assert!(schema["properties"]["note"].get("enum").is_none());
        assert_eq!(schema["properties"]["tags"]["items"]["type"], "string");
        let contract = crate::bus::schemas::Contract::compile(
            crate::api::schema::SchemaSpec {
                name: "inferred".into(),
                pattern: "order.*".into(),
                schema,
            },
            String::new(),
        )
        .unwrap();
        assert!(
            contract
                .check(&json!({"id": 9, "status": "new", "price": 2, "tags": []}))
                .is_ok()
        );
        assert!(
            contract
                .check(&json!({"id": 9, "status": "lost", "price": 2, "tags": []}))
                .is_err()
        );
    }
}
