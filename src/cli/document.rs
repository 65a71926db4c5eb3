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
