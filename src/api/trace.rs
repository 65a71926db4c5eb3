//! W3C trace context on events: the CloudEvents distributed-tracing extension's
//! `traceparent` and `tracestate` attributes, checked on the way in and carried on.
//!
//! A `traceparent` is `VERSION-TRACEID-PARENTID-FLAGS` in lower-case hex
//! (`00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`); what an event causes
//! (a handler's `--emit`, a reply) keeps the trace id and gets a parent id of its own.

pub const TRACEPARENT: &str = "traceparent";
pub const TRACESTATE: &str = "tracestate";
/// Longest `tracestate` accepted (the W3C limit for propagating it whole).
pub const MAX_TRACESTATE_LEN: usize = 512;

/// A parsed `traceparent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceParent {
    pub trace_id: String,
    pub parent_id: String,
    pub flags: String,
}

impl std::str::FromStr for TraceParent {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let hint =
            "must be W3C trace context: 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>";
        let parts: Vec<&str> = text.split('-').collect();
        let hex = |part: &str, len: usize| {
            part.len() == len
                && part
                    .bytes()
                    .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
        };
        let [version, trace_id, parent_id, flags] = parts[..] else {
            return Err(hint.into());
        };
        if !(hex(version, 2) && hex(trace_id, 32) && hex(parent_id, 16) && hex(flags, 2)) {
            return Err(hint.into());
        }
        if version == "ff" {
            return Err("has version ff, which W3C trace context forbids".into());
        }
        if trace_id.bytes().all(|byte| byte == b'0') || parent_id.bytes().all(|byte| byte == b'0') {
            return Err(
                "has an all-zero trace id or parent id, which W3C trace context forbids".into(),
            );
        }
        Ok(Self {
            trace_id: trace_id.to_owned(),
            parent_id: parent_id.to_owned(),
            flags: flags.to_owned(),
        })
    }
}

impl std::fmt::Display for TraceParent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "00-{}-{}-{}", self.trace_id, self.parent_id, self.flags)
    }
}

impl TraceParent {
    /// The same trace, with `span` (not zero) as the new parent id: what something this
    /// context caused carries.
    pub fn child(&self, span: u64) -> Self {
        Self {
            parent_id: format!("{:016x}", span.max(1)),
            ..self.clone()
        }
    }
}

/// What a `tracestate` must be: visible ASCII and spaces, at most `MAX_TRACESTATE_LEN`.
pub fn check_tracestate(text: &str) -> Result<(), String> {
    if text.len() > MAX_TRACESTATE_LEN {
        return Err(format!(
            "is {} bytes: W3C trace context keeps at most {MAX_TRACESTATE_LEN}",
            text.len()
        ));
    }
    if !text.bytes().all(|byte| (b' '..=b'~').contains(&byte)) {
        return Err("must be printable ASCII (W3C trace context list members)".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_w3c_trace_context_and_makes_children() {
        let text = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let parent: TraceParent = text.parse().unwrap();
        assert_eq!(parent.to_string(), text);
        let child = parent.child(0xabc);
        assert_eq!(child.trace_id, parent.trace_id);
        assert_eq!(child.parent_id, "0000000000000abc");
        assert_eq!(child.flags, "01");
        for bad in [
            "",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ] {
            assert!(bad.parse::<TraceParent>().is_err(), "{bad}");
        }
        assert!(check_tracestate("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7").is_ok());
        assert!(check_tracestate("a=\n").is_err());
        assert!(check_tracestate(&"a".repeat(513)).is_err());
    }
}
