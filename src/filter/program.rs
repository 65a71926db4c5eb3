//! A jq program compiled with jaq, and its evaluation on one event.
//!
//! This is the only place that calls jaq. Nothing here is bounded: compiling recurses
//! once per nesting level and evaluating can loop, allocate or recurse without end, so
//! the rest of `filter` runs it only on a thread with a large stack (compiling) or in
//! a worker process (evaluating).

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;

type Filter = jaq_core::Filter<data::JustLut<Val>>;

pub struct Program {
    filter: Filter,
}

impl Program {
    /// Compiles `code`, or says why it is not valid jq.
    pub fn compile(code: &str) -> Result<Self, String> {
        let defs = jaq_core::defs()
            .chain(jaq_std::defs())
            .chain(jaq_json::defs());
        let funs = jaq_core::funs()
            .chain(jaq_std::funs())
            .chain(jaq_json::funs());
        let arena = Arena::default();
        let modules = Loader::new(defs)
            .load(&arena, File { code, path: () })
            .map_err(|errors| {
                errors
                    .iter()
                    .flat_map(|(_, error)| match error {
                        jaq_core::load::Error::Lex(list) => list
                            .iter()
                            .map(|(expect, at)| describe(expect.as_str(), at))
                            .collect(),
                        jaq_core::load::Error::Parse(list) => list
                            .iter()
                            .map(|(expect, at)| describe(expect.as_str(), at))
                            .collect(),
                        jaq_core::load::Error::Io(list) => list
                            .iter()
                            .map(|(_, message)| message.clone())
                            .collect::<Vec<_>>(),
                    })
                    .next()
                    .unwrap_or_default()
            })?;
        let filter = Compiler::default()
            .with_funs(funs)
            .compile(modules)
            .map_err(|errors| {
                let names: Vec<String> = errors
                    .iter()
                    .flat_map(|(_, list)| list.iter().map(|(name, _)| (*name).to_owned()))
                    .collect();
                format!("undefined {}", names.join(", "))
            })?;
        Ok(Self { filter })
    }

    /// Whether the event (its full CloudEvent JSON) passes: the first output is truthy
    /// (not `false`, not `null`). An expression that errors on the event does not pass.
    pub fn matches(&self, event_json: &[u8]) -> bool {
        let Ok(input) = jaq_json::read::parse_single(event_json) else {
            return false;
        };
        let ctx = Ctx::<data::JustLut<Val>>::new(&self.filter.lut, Vars::new([]));
        let mut outputs = self.filter.id.run((ctx, input)).map(unwrap_valr);
        matches!(outputs.next(), Some(Ok(value)) if jaq_core::ValT::as_bool(&value))
    }

    /// The first output on the event, as JSON text, or why there is none (the
    /// expression errors, or yields nothing).
    pub fn first_output(&self, event_json: &[u8]) -> Result<String, String> {
        let input = jaq_json::read::parse_single(event_json)
            .map_err(|err| format!("the event is not JSON: {err}"))?;
        let ctx = Ctx::<data::JustLut<Val>>::new(&self.filter.lut, Vars::new([]));
        let mut outputs = self.filter.id.run((ctx, input)).map(unwrap_valr);
        match outputs.next() {
            Some(Ok(value)) => Ok(value.to_string()),
            Some(Err(err)) => Err(err.to_string()),
            None => Err("the expression gave no output".into()),
        }
    }
}

fn describe(expected: &str, at: &str) -> String {
    let at: String = at.chars().take(20).collect();
    if at.is_empty() {
        format!("expected {expected} at the end")
    } else {
        format!("expected {expected} before '{at}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthy_first_output_passes() {
        let program = Program::compile(".data.amount > 100").unwrap();
        assert!(program.matches(br#"{"data":{"amount":150}}"#));
        assert!(!program.matches(br#"{"data":{"amount":50}}"#));
    }

    #[test]
    fn errors_and_null_do_not_pass() {
        let program = Program::compile(".data.missing").unwrap();
        assert!(!program.matches(br#"{"data":{}}"#));
        let failing = Program::compile(".data + 1").unwrap();
        assert!(!failing.matches(br#"{"data":"x"}"#));
    }

    #[test]
    fn the_first_output_comes_back_as_json_or_the_error() {
        let program = Program::compile(".data.amount |= tonumber").unwrap();
        let out = program
            .first_output(br#"{"data":{"amount":"12"}}"#)
            .unwrap();
        assert_eq!(out, r#"{"data":{"amount":12}}"#);
        let err = program
            .first_output(br#"{"data":{"amount":"x"}}"#)
            .unwrap_err();
        assert!(err.contains("cannot parse"), "{err}");
        let none = Program::compile("empty").unwrap().first_output(b"{}");
        assert!(none.unwrap_err().contains("no output"));
    }

    #[test]
    fn std_functions_are_available() {
        let program = Program::compile(r#".type | startswith("order.")"#).unwrap();
        assert!(program.matches(br#"{"type":"order.created"}"#));
    }

    #[test]
    fn bad_syntax_and_unknown_functions_are_explained() {
        let err = Program::compile(".data.amount >").err().unwrap();
        assert!(err.starts_with("expected"), "{err}");
        let err = Program::compile("nosuchfn(1)").err().unwrap();
        assert!(err.contains("undefined nosuchfn"), "{err}");
    }
}
