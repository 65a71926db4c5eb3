//! One schema compiled: which topics it covers and what their data must look like.
//! The bus checks emits with it; `evbus schemas check` checks files with the same code.

use serde_json::Value;

use crate::api::Pattern;
use crate::api::schema::{SchemaInfo, SchemaSpec, schema_url};

/// Largest schema document accepted, as JSON.
pub const MAX_SCHEMA_BYTES: usize = 256 * 1024;
/// How much of the validator's message one error line carries.
const MAX_REASON_CHARS: usize = 200;

/// The drafts evbus reads, by the `$schema` URIs that name them.
const DRAFTS: &[(&str, &str, jsonschema::Draft)] = &[
    (
        "https://json-schema.org/draft/2020-12/schema",
        "2020-12",
        jsonschema::Draft::Draft202012,
    ),
    (
        "https://json-schema.org/draft/2019-09/schema",
        "2019-09",
        jsonschema::Draft::Draft201909,
    ),
    (
        "http://json-schema.org/draft-07/schema",
        "7",
        jsonschema::Draft::Draft7,
    ),
];

pub struct Contract {
    pub info: SchemaInfo,
    pattern: Pattern,
    validator: jsonschema::Validator,
}

/// Where data breaks a schema: the JSON pointer of the first failing value and what the
/// schema expected there.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub schema: String,
    pub pointer: String,
    pub reason: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "\"\" (the data itself)".to_owned()
        } else {
            format!("{:?}", self.pointer)
        };
        write!(
            f,
            "the data does not match schema '{}' at {at}: {} (see `evbus schemas show {}`)",
            self.schema, self.reason, self.schema
        )
    }
}

/// The draft `schema` is written in, from its `$schema` (2020-12 when it names none).
fn draft_of(schema: &Value) -> Result<(&'static str, jsonschema::Draft), String> {
    let Some(named) = schema.get("$schema") else {
        return Ok((DRAFTS[0].1, DRAFTS[0].2));
    };
    let uri = named.as_str().unwrap_or_default();
    let bare = uri.trim_end_matches('#');
    DRAFTS
        .iter()
        .find(|(known, _, _)| *known == bare || known.replace("http://", "https://") == bare)
        .map(|(_, name, draft)| (*name, *draft))
        .ok_or_else(|| {
            format!("$schema {named} is not a draft evbus reads: use 2020-12, 2019-09 or 7")
        })
}

impl Contract {
    /// Compiles `spec`, or says in one line what is wrong with it. `created` is when it
    /// was first stored.
    pub fn compile(spec: SchemaSpec, created: String) -> Result<Contract, String> {
        let pattern: Pattern = spec.pattern.parse()?;
        if !spec.schema.is_object() && !spec.schema.is_boolean() {
            return Err("a schema must be a JSON object (or true/false)".into());
        }
        let size = serde_json::to_vec(&spec.schema).map_or(0, |text| text.len());
        if size > MAX_SCHEMA_BYTES {
            return Err(format!(
                "the schema is {size} bytes, over the {MAX_SCHEMA_BYTES}-byte limit"
            ));
        }
        let (draft_name, draft) = draft_of(&spec.schema)?;
        let validator = jsonschema::options()
            .with_draft(draft)
            // Linear-time regular expressions: a schema's `pattern` cannot stall emits.
            .with_pattern_options(jsonschema::PatternOptions::regex())
            .offline()
            .build(&spec.schema)
            .map_err(|err| format!("not a valid JSON Schema: {}", one_line(&err.to_string())))?;
        Ok(Contract {
            pattern,
            validator,
            info: SchemaInfo {
                url: schema_url(&spec.name),
                draft: draft_name.to_owned(),
                created,
                spec,
            },
        })
    }

    pub fn name(&self) -> &str {
        &self.info.spec.name
    }

    pub fn covers(&self, topic: &str) -> bool {
        self.pattern.matches(topic)
    }

    /// Whether `data` conforms; if not, where it first fails.
    pub fn check(&self, data: &Value) -> Result<(), Violation> {
        match self.validator.iter_errors(data).next() {
            None => Ok(()),
            Some(error) => Err(Violation {
                schema: self.name().to_owned(),
                pointer: error.instance_path().to_string(),
                reason: one_line(&error.to_string()),
            }),
        }
    }
}

/// `text` on one line, and short: a message quoting a large value quotes its start.
fn one_line(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX_REASON_CHARS {
        return flat;
    }
    let mut short: String = flat.chars().take(MAX_REASON_CHARS).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn contract(schema: Value) -> Result<Contract, String> {
        let spec = SchemaSpec {
            name: "orders".into(),
            pattern: "order.*".into(),
            schema,
        };
        Contract::compile(spec, String::new())
    }

    #[test]
    fn the_first_failing_value_is_named_by_its_pointer() {
        let orders = contract(json!({
            "type": "object",
            "required": ["id"],
            "properties": {"items": {"type": "array", "items": {"properties": {"price": {"type": "number"}}}}}
        }))
        .unwrap();
        assert!(orders.check(&json!({"id": 1})).is_ok());
        let violation = orders
            .check(&json!({"id": 1, "items": [{"price": "x"}]}))
            .unwrap_err();
        assert_eq!(violation.pointer, "/items/0/price");
        assert!(violation.reason.contains("number"), "{}", violation.reason);
        let missing = orders.check(&json!({})).unwrap_err();
        assert_eq!(missing.pointer, "");
        assert!(missing.to_string().contains("(the data itself)"));
    }

    #[test]
    fn drafts_are_read_by_their_schema_uri() {
        let seven =
            contract(json!({"$schema": "http://json-schema.org/draft-07/schema#"})).unwrap();
        assert_eq!(seven.info.draft, "7");
        assert_eq!(contract(json!({})).unwrap().info.draft, "2020-12");
        let four = contract(json!({"$schema": "http://json-schema.org/draft-04/schema#"}));
        assert!(four.err().unwrap().contains("2020-12, 2019-09 or 7"));
        assert!(contract(json!({"type": 12})).is_err());
        assert!(contract(json!([1])).is_err());
    }
}
