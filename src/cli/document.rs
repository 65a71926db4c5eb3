//! Documents people write by hand (schemas, `bus.yaml`, flows): JSON or YAML, read into
//! typed values with errors that name the file, the line and the field.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::exit::Exit;

/// Reads `path` (`-`: stdin) as JSON or YAML; a bad document is a usage error.
pub fn read<T: DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let name = path.display().to_string();
    let text = if name == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|err| Exit::usage(format!("cannot read {name}: {err}")))?;
    parse(&text).map_err(|reason| Exit::usage(format!("{name}: {reason}")))
}

/// Parses `text`: JSON when it starts like JSON, YAML otherwise (JSON's errors are the
/// clearer for JSON). The error is one line.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return serde_json::from_str(text).map_err(|err| err.to_string());
    }
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options(text, options).map_err(|err| {
        err.to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// `value` as YAML, for people to read and edit.
pub fn to_yaml<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_saphyr::to_string(value)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        name: String,
        #[serde(default)]
        max: Option<u32>,
    }

    #[test]
    fn yaml_and_json_read_alike_and_errors_name_the_line() {
        let yaml: Vec<Entry> = parse("- name: a\n  max: 3\n- name: b\n").unwrap();
        let json: Vec<Entry> = parse(r#"[{"name":"a","max":3},{"name":"b"}]"#).unwrap();
        assert_eq!(yaml, json);
        let err = parse::<Vec<Entry>>("- name: a\n- name: b\n  colour: red\n").unwrap_err();
        assert!(err.contains("colour") && err.contains('3'), "{err}");
        assert!(!err.contains('\n'));
        let back: Vec<Entry> = parse(&to_yaml(&yaml).unwrap()).unwrap();
        assert_eq!(back, yaml);
    }
}

/// Fills `${NAME}` references in every string of `value` from `lookup`; `$${` stands
/// for a literal `${`. An unset name is an error naming it.
pub fn expand_env(
    value: serde_json::Value,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    Ok(match value {
        Value::String(text) => Value::String(expand_text(&text, lookup)?),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| expand_env(item, lookup))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, item)| Ok((key, expand_env(item, lookup)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => other,
    })
}

fn expand_text(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        if let Some(escaped) = after.strip_prefix("$${") {
            out.push_str("${");
            rest = escaped;
        } else if let Some(open) = after.strip_prefix("${") {
            let end = open
                .find('}')
                .ok_or_else(|| format!("'{text}': a ${{ without its closing }}"))?;
            let name = &open[..end];
            let valid = !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return Err(format!("'${{{name}}}' is not an environment variable name"));
            }
            let value = lookup(name).ok_or_else(|| {
                format!("${{{name}}} is not set in the environment: export it, or write the value")
            })?;
            out.push_str(&value);
            rest = &open[end + 1..];
        } else {
            out.push('$');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod env_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_are_filled_from_the_environment() {
        let lookup = |name: &str| (name == "HOOK_SECRET").then(|| "s3cr3t".to_owned());
        let value = json!({"groups": [{"secret": "${HOOK_SECRET}", "price": "$5", "raw": "$${HOOK_SECRET}"}]});
        let expanded = expand_env(value, &lookup).unwrap();
        assert_eq!(expanded["groups"][0]["secret"], "s3cr3t");
        assert_eq!(expanded["groups"][0]["price"], "$5");
        assert_eq!(expanded["groups"][0]["raw"], "${HOOK_SECRET}");
        let err = expand_env(json!("${MISSING}"), &lookup).unwrap_err();
        assert!(err.contains("${MISSING} is not set"), "{err}");
        assert!(expand_env(json!("${oops"), &lookup).is_err());
    }
}
